"""A chart with its export settings and a "download data" button for exactly what it shows."""
from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from claims import schema

from .filters import FilterState


def file_stem(page: str, name: str, state: FilterState) -> str:
    """'compare_power_kind-power_ent-Stargate': page + chart + filters, safe as a file name."""
    stem = f"{page}_{name}_{state.slug()}"
    return re.sub(r"[^A-Za-z0-9_+.-]+", "-", stem)[:150]


def chart_config(stem: str, image_format: str) -> dict:
    return {
        "toImageButtonOptions": {"format": image_format, "filename": stem, "scale": 2},
        "displaylogo": False,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }


def chart_block(fig: go.Figure, data: pd.DataFrame, *, page: str, name: str, state: FilterState,
                alt: str, key: str | None = None, note: str = "") -> None:
    """Render `fig` (theme=None keeps its white background), an optional caption, and a CSV of `data`
    (UTF-8 with BOM) — exactly the rows the chart draws, written only when the reader asks for it."""
    stem = file_stem(page, name, state)
    key = key or f"{page}_{name}"
    st.plotly_chart(fig, config=chart_config(stem, state.image_format), width="stretch", theme=None,
                    key=f"chart_{key}", alt=alt)
    if note:
        st.caption(note)
    st.download_button(
        "このグラフのデータ (CSV)", data=lambda: schema.frame_to_csv_bytes(data), file_name=f"{stem}.csv",
        mime="text/csv", on_click="ignore", key=f"csv_{key}", icon=":material/download:",
        help="グラフに描いた行だけを、Excel で開ける UTF-8 (BOM 付き) の CSV で保存します")

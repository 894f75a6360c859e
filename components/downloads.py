"""A chart with its export settings, its text alternative, its data table one click away, and a
"download data" button for exactly what it shows."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from claims import schema
from claims.labels import with_code_labels
from claims.query.catalog import Catalog

from . import charts
from .filters import FilterState

KEY_TITLE_WIDTH = 52     # display columns of an article's title in a chart's key


def file_stem(page: str, name: str, state: FilterState) -> str:
    """'compare_power_kind-power_ent-Stargate': page + chart + filters, safe as a file name."""
    stem = f"{page}_{name}_{state.slug()}"
    return re.sub(r"[^A-Za-z0-9_+.-]+", "-", stem)[:150]


def chart_config(stem: str, image_format: str) -> dict:
    return {
        "toImageButtonOptions": {"format": image_format, "filename": stem, "scale": 2},
        "displaylogo": False,
        # Only what a reader needs (save the image, zoom, undo the zoom): a short mode bar, drawn in a strip
        # of its own above the title (charts.MODEBAR_PX), so on a phone it covers nothing.
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                                   "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines"],
    }


def code_of(cat: Catalog, source_id: str) -> str:
    """The short code an article has in chart labels ('004', '⬆3f2a'): the first word of its label."""
    return cat.label(source_id).split(" ")[0]


def code_key(cat: Catalog, source_ids: Iterable[str]) -> tuple[str, ...]:
    """'004 = 速報!トランプ…' for each article drawn, in code order."""
    ids = sorted(set(source_ids), key=lambda s: code_of(cat, s))
    return tuple(f"{code_of(cat, s)} = {charts.shorten(cat.title(s), KEY_TITLE_WIDTH)}" for s in ids)


def chart_frame(state: FilterState, cat: Catalog | None = None, source_ids: Iterable[str] = (),
                today: date | None = None) -> charts.Frame:
    """What the exported image needs to stand on its own: the filters, the key of codes, the source line."""
    key = code_key(cat, source_ids) if cat is not None else ()
    return charts.Frame(subtitle="フィルタ: " + state.describe(), key=key,
                        footer=charts.source_footer(today or date.today(),
                                                    "上記の記事" if key else "各記事"))


def chart_block(fig: go.Figure, data: pd.DataFrame, *, page: str, name: str, state: FilterState,
                alt: str, key: str | None = None, note: str = "",
                columns: Mapping[str, str] | None = None) -> None:
    """Render `fig` (theme=None keeps its white background) with `alt` as its text alternative (read by
    screen readers and shown in small type under it), its data as a table one click away (`columns`:
    which columns, and their headings; the cells as labels), and a CSV of `data` (UTF-8 with BOM, the
    contract's codes) — exactly the rows the chart draws, written only when the reader asks for it."""
    stem = file_stem(page, name, state)
    key = key or f"{page}_{name}"
    st.plotly_chart(fig, config=chart_config(stem, state.image_format), width="stretch", theme=None,
                    key=f"chart_{key}", alt=alt)
    st.caption(alt)
    if note:
        st.caption(note)
    with st.expander("グラフのデータを表で見る (data table)", icon=":material/table_view:"):
        shown = data if columns is None else data[[c for c in columns if c in data]]
        st.dataframe(with_code_labels(shown), hide_index=True, width="stretch",
                     column_config=dict(columns or {}), key=f"table_{key}", alt=f"{alt}（表）")
    st.download_button(
        "このグラフのデータ (CSV)", data=lambda: schema.frame_to_csv_bytes(data), file_name=f"{stem}.csv",
        mime="text/csv", on_click="ignore", key=f"csv_{key}", icon=":material/download:",
        help="グラフに描いた行だけを、Excel で開ける UTF-8 (BOM 付き) の CSV で保存します")

"""Pure figure builders: prepared DataFrame in, `go.Figure` out (no streamlit).

Every figure has an explicit white background and a CJK font, so an exported
PNG/SVG reads the same as the page. Document text in hover labels is escaped
(Plotly interprets a few HTML tags in labels).
"""
from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from claims.labels import usd_short

FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, sans-serif"
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f",
           "#ff9da7", "#1f3a93", "#2ca02c"]
OTHER_COLOR, NONE_COLOR = "#9e9e9e", "#d0d0d0"
LEGEND_ENTRY_PX = 24     # one legend line at font size 12, with Plotly's spacing
BAR_STYLES = {  # qualifier group -> (legend name, colour, pattern)
    "value": ("値 (exact / ≈ approx)", "#3b6fb6", ""),
    "range": ("範囲・概数 (range / vague)", "#8fb3e0", "/"),
    "at_least": ("以上 (at least) ▶", "#2a9d8f", ""),
    "at_most": ("最大 (up to)", "#e9a23b", "."),
}
QUALIFIER_GROUP = {"exact": "value", "approx": "value", "range": "range", "vague": "range",
                   "at_least": "at_least", "at_most": "at_most"}


def hover_text(text: object, width: int = 38, limit: int = 240) -> str:
    """Escaped, wrapped text for a hover label (long sentences are cut with …)."""
    s = " ".join(str(text or "").split())
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return "<br>".join(html.escape(line) for line in textwrap.wrap(s, width=width)) or ""


@lru_cache(maxsize=20_000)
def _hover_cached(text: str) -> str:
    return hover_text(text)


def figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, without plotly's per-property validation.

    Validating costs more than everything else in drawing a chart (about 35 ms for 60 bars, on every
    rerun); tests/test_charts.py checks that each builder's figure validates and serializes the same."""
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def styled_layout(title: str = "", height: int | None = None, legend: str = "top", layout: dict | None = None,
                  legend_entries: int = 0) -> dict:
    """White background, CJK font, title top-left; legend above the plot ("top") or beside it ("right").

    `layout`: the figure's own layout settings (`xaxis`/`yaxis` are merged into the styled axes, the
    figure's values winning). `legend_entries`: how many traces show in the legend (sets a minimum height
    for a legend beside the plot)."""
    legends = {
        "top": dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        "right": dict(orientation="v", yanchor="top", y=1.0, xanchor="left", x=1.01),
    }
    axis = dict(showline=True, linecolor="#888", automargin=True)
    styled = dict(
        paper_bgcolor="white", plot_bgcolor="white",
        font=dict(family=FONT, size=13, color="#222222"),
        margin=dict(l=10, r=30, t=(72 if legend == "top" else 50) if title else 30, b=40),
        legend=legends[legend] | dict(bgcolor="rgba(255,255,255,0.85)", font=dict(size=12)),
        hoverlabel=dict(font=dict(family=FONT, size=12), align="left"),
        xaxis=axis | dict(gridcolor="#e6e6e6", zerolinecolor="#bbb"),
        yaxis=axis | dict(gridcolor="#f0f0f0"),
    )
    if title:
        styled["title"] = dict(text=html.escape(title), x=0.01, xanchor="left", y=0.99, yanchor="top",
                               yref="container", font=dict(size=16))
    if height:
        if legend == "right":      # a legend beside the plot is cut off (also in the PNG) if taller than it
            height = max(height, styled["margin"]["t"] + styled["margin"]["b"] + LEGEND_ENTRY_PX * legend_entries)
        styled["height"] = height
    for k, v in (layout or {}).items():
        styled[k] = styled[k] | v if isinstance(v, dict) and isinstance(styled.get(k), dict) else v
    return styled


def styled_figure(traces: list[dict], title: str = "", height: int | None = None, legend: str = "top",
                  layout: dict | None = None) -> go.Figure:
    """`figure` with `styled_layout`."""
    entries = sum(1 for t in traces if t.get("showlegend") is not False)
    return figure(traces, styled_layout(title, height, legend, layout, legend_entries=entries))


# ---------------------------------------------------------------- overview

def kind_counts_figure(counts: pd.DataFrame, title: str = "種類別の抽出数 (claims by kind)") -> go.Figure:
    """Horizontal stacked bars: chartable rows and rows kept out (flagged / not body)."""
    labels = counts["label"].tolist()
    traces = [dict(type="bar", y=labels, x=counts["clean"].to_numpy(), orientation="h", name="本文 (charted)",
                   marker=dict(color="#3b6fb6"), text=counts["clean"].to_numpy(), textposition="auto",
                   hovertemplate="%{y}: %{x}件<extra>本文</extra>")]
    if "excluded" in counts and counts["excluded"].sum():
        traces.append(dict(type="bar", y=labels, x=counts["excluded"].to_numpy(), orientation="h",
                           name="フラグ・本文以外 (kept out)", marker=dict(color="#f08c8c"),
                           hovertemplate="%{y}: %{x}件<extra>除外</extra>"))
    return styled_figure(traces, title, height=110 + 34 * max(len(counts), 1), layout=dict(
        barmode="stack", legend=dict(traceorder="normal"), yaxis=dict(autorange="reversed"),
        xaxis=dict(title=dict(text="件数 (rows)"))))


# ---------------------------------------------------------------- compare

def compare_figure(bars: pd.DataFrame, unit: str, log: bool = False,
                   refs: Sequence[tuple[float, str]] = (), title: str = "") -> go.Figure:
    """One bar per figure per article; ranges float, 'at least' ends in ▶, 'up to' is dotted.

    `bars` comes from `prep.compare_bars` (low/high in `unit`; USD is drawn in $B).
    `refs`: (value in the axis unit, label) reference lines.
    """
    scale = 1e9 if unit == "USD" else 1.0
    traces: list[dict] = []
    order = bars["label"].tolist()
    groups = bars["qualifier"].map(QUALIFIER_GROUP).fillna("value")
    for key, (name, color, pattern) in BAR_STYLES.items():
        sub = bars[groups == key]
        if sub.empty:
            continue
        low, high = sub["low"] / scale, sub["high"] / scale
        bar: dict = {}
        if key == "range":
            bar["base"], x = low.to_numpy(), (high - low).where(high > low, low * 0.02)
        elif key == "at_most":
            x = high
        else:
            x = low.where(low.notna(), high)
        text = [f"{html.escape(s)}" + (f"  ×{m}回" if m > 1 else "") for s, m in zip(sub["shown"], sub["mentions"],
                                                                                    strict=True)]
        custom = [list(row) for row in zip(
            [html.escape(t) for t in sub["title"]], [str(p or "") for p in sub["published"]],
            [hover_text(s) for s in sub["sentence"]], sub["mentions"].tolist(),
            [html.escape(s) for s in sub["shown"]], strict=True)]
        marker = dict(color=color, line=dict(color="#33415c", width=0.6))
        if pattern:
            marker["pattern"] = dict(shape=pattern, fgcolor="#33415c", size=6)
        labels, x = sub["label"].tolist(), x.to_numpy()
        traces.append(bar | dict(
            type="bar", y=labels, x=x, orientation="h", name=name, marker=marker,
            text=text, textposition="outside", cliponaxis=False, textfont=dict(size=12),
            customdata=custom,
            hovertemplate=("<b>%{customdata[4]}</b><br>%{customdata[0]}<br>公開日 %{customdata[1]}"
                           " · 言及 %{customdata[3]}回<br><br>%{customdata[2]}<extra></extra>"),
        ))
        if key == "at_least":
            traces.append(dict(type="scatter", y=labels, x=x, mode="markers", showlegend=False, hoverinfo="skip",
                               marker=dict(symbol="triangle-right", size=13, color=color,
                                           line=dict(color="#1b4d47", width=1))))
    values = pd.concat([bars["low"], bars["high"]]).dropna() / scale
    positive = values[values > 0]
    ref_values = [v for v, _ in refs if v and v > 0]
    xaxis: dict = {}
    if log and len(positive):
        lo = math.floor(math.log10(min(list(positive) + ref_values)) - 0.3)
        hi = math.log10(max(list(positive) + ref_values)) + 2.2
        ticks = [10.0 ** e for e in range(lo, math.ceil(hi) + 1)]
        text = [usd_short(t * scale) if unit == "USD" else f"{t:,g}" for t in ticks]
        xaxis |= dict(type="log", range=[lo, hi], tickvals=ticks, ticktext=text)
    elif len(values):
        hi = max(list(values) + ref_values)
        xaxis |= dict(type="linear", range=[0, hi * 1.6 if hi > 0 else 1])
        if unit == "USD":
            xaxis |= dict(tickprefix="$", ticksuffix="B")
    for value, label in refs:  # a legend entry rather than an annotation, so it never covers a bar label
        if value and value > 0 and order:
            traces.append(dict(type="scatter", x=[value, value], y=[order[0], order[-1]], mode="lines",
                               name=html.escape(label), line=dict(color="#c92a2a", dash="dash", width=2),
                               hoverinfo="name"))
    if unit == "USD":
        xaxis["title"] = dict(text="米ドル (USD)" + ("（対数 log）" if log else "、10億ドル単位 ($B)"))
    else:
        xaxis["title"] = dict(text=f"{unit}" + ("（対数 log）" if log else ""))
    return styled_figure(traces, title, height=150 + 36 * max(len(bars), 1), layout=dict(
        xaxis=xaxis, yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed"),
        barmode="overlay", bargap=0.35))


# ---------------------------------------------------------------- timeline

def _colors(groups: Iterable[str]) -> dict[str, str]:
    out = {}
    for i, g in enumerate(groups):
        out[g] = OTHER_COLOR if g.startswith("その他") else NONE_COLOR if g.startswith("（なし") \
            else PALETTE[i % len(PALETTE)]
    return out


def _group_order(groups: pd.Series) -> list[str]:
    counts = groups.value_counts()
    return sorted(counts.index, key=lambda g: (g.startswith(("その他", "（なし")), -counts[g], g))


GL_POINTS = 1000   # above this many points a scatter is drawn with WebGL (Scattergl)


def timeline_said_figure(points: pd.DataFrame, title: str = "") -> go.Figure:
    """Claims at their publication date: one row per kind, points jittered, coloured by `group`.

    Arrays go to Plotly as numpy arrays (serialized in bulk, not per point), and more than
    GL_POINTS points are drawn with WebGL."""
    traces: list[dict] = []
    order = _group_order(points["group"])
    colors = _colors(order)
    trace = "scattergl" if len(points) > GL_POINTS else "scatter"
    groups = points["group"].to_numpy()
    custom_all = np.column_stack([
        np.array([html.escape(str(s)) for s in points["surface"]], dtype=object),
        np.array([html.escape(str(t)) for t in points["title"]], dtype=object),
        np.array([_hover_cached(s) for s in points["sentence"]], dtype=object),
        points["kind_label"].to_numpy(dtype=object),
    ]) if len(points) else np.empty((0, 4), dtype=object)
    x_all = points["published"].to_numpy(dtype=object)
    y_all = points["y"].to_numpy(dtype=float)
    for g in order:
        sel = groups == g
        traces.append(dict(
            type=trace, x=x_all[sel], y=y_all[sel], mode="markers", name=html.escape(g),
            marker=dict(size=11, color=colors[g], opacity=0.85, line=dict(color="white", width=1)),
            customdata=custom_all[sel],
            hovertemplate=("<b>%{customdata[0]}</b> (%{customdata[3]})<br>%{customdata[1]}<br>"
                           "公開日 %{x|%Y-%m-%d}<br><br>%{customdata[2]}<extra></extra>"),
        ))
    kinds = points.drop_duplicates("kind").assign(pos=lambda d: d["y"].round()).sort_values("pos")
    yaxis = dict(tickvals=kinds["pos"].tolist(), ticktext=kinds["kind_label"].tolist(), zeroline=False)
    if len(kinds):
        yaxis["range"] = [kinds["pos"].max() + 0.6, -0.6]
    xaxis: dict = {}
    dates = pd.to_datetime(points["published"])
    if len(dates):
        pad = max(pd.Timedelta(days=20), (dates.max() - dates.min()) * 0.05)
        xaxis["range"] = [dates.min() - pad, dates.max() + pad]
    xaxis |= dict(title=dict(text="公開日 (when it was said)"), tickformat="%Y-%m")
    return styled_figure(traces, title, height=190 + 52 * max(len(kinds), 1), legend="right",
                 layout=dict(xaxis=xaxis, yaxis=yaxis))


def timeline_meant_figure(rows: pd.DataFrame, title: str = "") -> go.Figure:
    """Each claim's period as a span (start → target ◆); ○ marks when it was said."""
    traces: list[dict] = []
    order = _group_order(rows["group"])
    colors = _colors(order)
    labels = rows["label"].tolist()
    for g in order:
        sub = rows[rows["group"] == g]
        xs, ys = [], []
        for s, e, lab in zip(sub["start"], sub["end"], sub["label"], strict=True):
            xs += [s, e, None]
            ys += [lab, lab, None]
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", line=dict(color=colors[g], width=7),
                           opacity=0.55, name=html.escape(g), legendgroup=g, hoverinfo="skip"))
        custom = [list(row) for row in zip(
            [html.escape(s) for s in sub["surface"]], [html.escape(t) for t in sub["title"]],
            [hover_text(s) for s in sub["sentence"]], [str(s) for s in sub["start"]],
            [html.escape(t or "") for t in sub["time_text"]], strict=True)]
        traces.append(dict(
            type="scatter", x=sub["end"].tolist(), y=sub["label"].tolist(), mode="markers", legendgroup=g,
            showlegend=False,
            marker=dict(symbol="diamond", size=11, color=colors[g], line=dict(color="#333", width=0.8)),
            customdata=custom,
            hovertemplate=("<b>%{customdata[0]}</b> 「%{customdata[4]}」<br>%{customdata[3]} → %{x|%Y-%m-%d}<br>"
                           "%{customdata[1]}<br><br>%{customdata[2]}<extra></extra>"),
        ))
    traces.append(dict(type="scatter", x=rows["published"].tolist(), y=labels, mode="markers",
                       name="発言日 (published)",
                       marker=dict(symbol="circle-open", size=9, color="#444", line=dict(width=1.5)),
                       hovertemplate="公開日 %{x|%Y-%m-%d}<extra></extra>"))
    return styled_figure(traces, title, height=160 + 26 * max(len(rows), 1), legend="right", layout=dict(
        yaxis=dict(categoryorder="array", categoryarray=labels, autorange="reversed", tickfont=dict(size=12)),
        xaxis=dict(title=dict(text="対象期間 (when it is meant to happen)"), tickformat="%Y")))

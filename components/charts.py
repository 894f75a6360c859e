"""Pure figure builders: prepared DataFrame in, `go.Figure` out (no streamlit).

Every figure has an explicit white background and a CJK font, so an exported
PNG/SVG reads the same as the page. Document text in hover labels is escaped
(Plotly interprets a few HTML tags in labels).
"""
from __future__ import annotations

import html
import math
import textwrap
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as date_type
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from claims.labels import MEASURE_LABELS, MODALITY_LABELS, usd_short

FONT = "Noto Sans CJK JP, Noto Sans JP, Hiragino Sans, Meiryo, sans-serif"
# A fixed palette: an entity's colour comes from its place in data/entities.csv (or, for a name not in
# the alias table, a hash of the name), never from its rank among the rows drawn, so it keeps its colour
# across filters, uploads and sessions.
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f",
           "#ff9da7", "#1f3a93", "#2ca02c", "#8c564b", "#17becf", "#bcbd22", "#d62728", "#9467bd",
           "#7f7f7f", "#e377c2", "#006d77", "#a0522d"]
KIND_COLORS = {"power": "#f28e2b", "energy": "#edc948", "money": "#59a14f", "count": "#4e79a7",
               "percent": "#b07aa1", "duration": "#e15759", "date": "#9c755f", "ratio": "#76b7b2"}
OTHER_COLOR, NONE_COLOR = "#9e9e9e", "#d0d0d0"
LEGEND_ENTRY_PX = 21     # one legend line at font size 12, with Plotly's spacing
BAR_STYLES = {  # qualifier group -> (legend name, colour, pattern)
    "value": ("値 (exact / ≈ approx)", "#3b6fb6", ""),
    "range": ("範囲・概数 (range / vague)", "#8fb3e0", "/"),
    "at_least": ("以上 (at least) ▶", "#2a9d8f", ""),
    "at_most": ("最大 (up to) ◀", "#e9a23b", "."),
}
# What a figure measures: one colour each, the same on every chart (a legend entry each on Compare)
MEASURE_COLORS = {"investment": "#3b6fb6", "funding": "#76b7b2", "contract": "#b07aa1", "valuation": "#e15759",
                  "revenue": "#9c755f", "cost": "#edc948", "subsidy": "#59a14f", "market": "#ff9da7",
                  "capacity": "#f28e2b", "demand": "#4e79a7", "other": "#9e9e9e", "": "#bdbdbd"}
# A figure's status: a marker symbol and a line dash each (history points, Timeline spans)
MODALITY_STYLES = {  # code -> (marker symbol, line dash)
    "actual": ("circle", "solid"), "plan": ("diamond-open", "dash"), "forecast": ("triangle-up-open", "dot"),
    "hypothetical": ("x-thin-open", "longdashdot"), "": ("square-open", "solid"),
}
NO_STATUS = "状態の記載なし (no status)"


def measure_name(code: str) -> str:
    """'容量 (capacity)'; an empty measure is 'その他 (other)'s neighbour '（対象なし）'."""
    if not code:
        return "（対象なし / none）"
    label = MEASURE_LABELS.get(code, code)
    return label if label == code else f"{label} ({code})"


def modality_name(code: str) -> str:
    return MODALITY_LABELS.get(code, code) if code else NO_STATUS


QUALIFIER_GROUP = {"exact": "value", "approx": "value", "range": "range", "vague": "range",
                   "at_least": "at_least", "at_most": "at_most"}
APP_NAME = "AIインフラ主張エクスプローラー"

# Geometry, in pixels, so that titles, the filters line, legends, the code key and the footer each have
# a place of their own in the figure (on screen and in the exported PNG/SVG) at any width.
MODEBAR_PX = 34          # the strip at the top where Plotly draws its mode bar: nothing else goes there
TITLE_LINE_PX = 21
SUB_LINE_PX = 16
AXIS_PX = 66             # x tick labels and the axis title under the plot
NOTE_LINE_PX = 15
WRAP_TITLE = 40          # display width (CJK = 2, other = 1) of one title line: fits 390 px at 16 px
WRAP_NOTE = 60           # one subtitle / key / footer line at 11-12 px


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` display columns (CJK counts 2): filled character by character (Japanese
    has no spaces to break at), breaking at the last space of a line when it is near the end."""
    lines: list[str] = []
    for para in str(text or "").split("\n"):
        line, w = "", 0
        for c in para:
            cw = display_width(c)
            if w + cw > width and line:
                cut = line.rfind(" ")
                if cut > len(line) * 0.7:        # an English word in progress: carry it to the next line
                    lines.append(line[:cut].rstrip())
                    line = line[cut + 1:]
                else:
                    lines.append(line.rstrip())
                    line = ""
                w = display_width(line)
            line += c
            w += cw
        if line.strip():
            lines.append(line.rstrip())
    return lines


def shorten(text: str, width: int) -> str:
    text = str(text or "")
    if display_width(text) <= width:
        return text
    used = 0
    for i, c in enumerate(text):
        used += display_width(c)
        if used > width - 1:
            return text[:i] + "…"
    return text + "…"


@dataclass(frozen=True)
class Frame:
    """What lets a chart stand on its own, like OWID's grapher: drawn inside the figure, so the exported
    PNG/SVG carries it too. `subtitle`: the active filters; `key`: the article codes used in the chart
    ('000 = title'); `footer`: the source line (出典, the app's name, the date)."""
    subtitle: str = ""
    key: tuple[str, ...] = ()
    footer: str = ""


def source_footer(day: date_type, note: str = "") -> str:
    return f"出典: {note or '各記事'} · {APP_NAME} {day:%Y-%m-%d}"


def entity_color(name: str) -> str:
    """An entity's colour: fixed by its row in the alias table, else by a hash of its name."""
    order = _entity_order()
    if name in order:
        return PALETTE[order[name] % len(PALETTE)]
    return PALETTE[zlib.crc32(name.encode("utf-8")) % len(PALETTE)]


@lru_cache(maxsize=1)
def _entity_order() -> dict[str, int]:
    try:
        from claims.entities import load_entities

        return {name: i for i, name in enumerate(load_entities().types)}
    except Exception:  # noqa: BLE001 — no alias table: every colour comes from the hash
        return {}


def hover_text(text: object, width: int = 38, limit: int = 240) -> str:
    """Escaped, wrapped text for a hover label (long sentences are cut with …)."""
    s = " ".join(str(text or "").split())
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return "<br>".join(html.escape(line) for line in textwrap.wrap(s, width=width)) or ""


def hover_sentences(sentences: Sequence[str], first: str = "", limit: int = 3) -> str:
    """Every sentence a figure is mentioned in (the clearest first, as the query orders them), up to
    `limit`, then how many more; `first` when no list is given."""
    seen = list(dict.fromkeys(s for s in (sentences if sentences is not None and len(sentences) else [first]) if s))
    shown = [("・" if len(seen) > 1 else "") + hover_text(s, limit=180) for s in seen[:limit]]
    more = f"<br>…ほか {len(seen) - limit} 文" if len(seen) > limit else ""
    return "<br>".join(shown) + more


@lru_cache(maxsize=20_000)
def _hover_cached(text: str) -> str:
    return hover_text(text)


def figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain trace and layout dicts, without plotly's per-property validation.

    Validating costs more than everything else in drawing a chart (about 35 ms for 60 bars, on every
    rerun); tests/test_charts.py checks that each builder's figure validates and serializes the same."""
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


LEGEND_NAME = 24         # display columns of a legend entry


def legend_rows(names: Sequence[str]) -> int:
    """Rows the legend takes: one entry a row. A list under the plot has the same height at every width
    (Plotly wraps a horizontal legend at the plot's width, so its height depends on a width the figure
    cannot know: sized for a phone it left a gap on a desktop, sized for a desktop it ran over the notes
    on a phone)."""
    return len(names)


def styled_layout(title: str = "", plot_px: int = 300, legend_names: Sequence[str] = (), layout: dict | None = None,
                  frame: Frame | None = None, left_px: int = 10) -> dict:
    """White background, CJK font; from the top: the mode bar's strip, the title, the filters line, the
    plot (`plot_px` high), the x axis, the legend (horizontal, below the plot, never beside it: on a
    phone a legend beside the plot takes its width), the key of article codes and the source line.

    `layout`: the figure's own settings (`xaxis`/`yaxis` merged into the styled axes, its values winning).
    `left_px`: the left margin (tick labels of the y axis); notes below start at the figure's left edge."""
    frame = frame or Frame()
    title_lines = wrap(title, WRAP_TITLE) if title else []
    sub_lines = wrap(frame.subtitle, WRAP_NOTE) if frame.subtitle else []
    key_lines = [line for k in frame.key for line in wrap(k, WRAP_NOTE)]
    foot_lines = wrap(frame.footer, WRAP_NOTE) if frame.footer else []
    n_legend = legend_rows(legend_names) if len(legend_names) > 1 else 0
    top = MODEBAR_PX + 6 + TITLE_LINE_PX * len(title_lines) + SUB_LINE_PX * len(sub_lines) + 10
    legend_px = LEGEND_ENTRY_PX * n_legend
    notes_px = NOTE_LINE_PX * (len(key_lines) + len(foot_lines)) + (8 if key_lines or foot_lines else 0)
    bottom = AXIS_PX + legend_px + notes_px + 8
    plot_px = max(int(plot_px), 60)
    height = top + plot_px + bottom
    axis = dict(showline=True, linecolor="#888")
    styled = dict(
        paper_bgcolor="white", plot_bgcolor="white",
        font=dict(family=FONT, size=13, color="#222222"),
        margin=dict(l=left_px, r=16, t=top, b=bottom, autoexpand=False),
        height=height,
        showlegend=n_legend > 0,
        legend=dict(orientation="v", xref="container", xanchor="left", x=0, yanchor="top", y=-AXIS_PX / plot_px,
                    bgcolor="rgba(255,255,255,0.85)", font=dict(size=12), traceorder="normal", tracegroupgap=0,
                    itemwidth=30),
        hoverlabel=dict(font=dict(family=FONT, size=12), align="left"),
        xaxis=axis | dict(gridcolor="#e6e6e6", zerolinecolor="#bbb", automargin=False),
        yaxis=axis | dict(gridcolor="#f0f0f0", automargin=False),
        annotations=[],
    )
    if title_lines:
        styled["title"] = dict(text="<br>".join(html.escape(t) for t in title_lines), x=0, xref="container",
                               xanchor="left", y=1, yanchor="top", yref="container",
                               pad=dict(l=10, t=MODEBAR_PX + 6 + 11 * (len(title_lines) - 1)), font=dict(size=16))
    if sub_lines:
        styled["annotations"].append(dict(
            text="<br>".join(html.escape(t) for t in sub_lines), xref="paper", x=0, xanchor="left",
            xshift=10 - left_px, yref="paper", y=1, yanchor="bottom", yshift=6, showarrow=False, align="left",
            font=dict(size=12, color="#555555"), name="subtitle"))
    if key_lines or foot_lines:
        body = [html.escape(t) for t in key_lines] + [f'<span style="color:#777777">{html.escape(t)}</span>'
                                                      for t in foot_lines]
        styled["annotations"].append(dict(
            text="<br>".join(body), xref="paper", x=0, xanchor="left", xshift=10 - left_px, yref="paper", y=0,
            yanchor="top", yshift=-(AXIS_PX + legend_px + 4), showarrow=False, align="left",
            font=dict(size=11, color="#333333"), name="notes"))
    for k, v in (layout or {}).items():
        if k == "annotations":
            styled[k] = styled[k] + list(v)
        else:
            styled[k] = styled[k] | v if isinstance(v, dict) and isinstance(styled.get(k), dict) else v
    if not styled["annotations"]:
        del styled["annotations"]
    return styled


def styled_figure(traces: list[dict], title: str = "", plot_px: int = 300, layout: dict | None = None,
                  frame: Frame | None = None, left_px: int = 10) -> go.Figure:
    """`figure` with `styled_layout` (the legend lists the traces that show in it)."""
    names = [t.get("name", "") for t in traces if t.get("showlegend") is not False and t.get("name")]
    return figure(traces, styled_layout(title, plot_px, names, layout, frame, left_px))


def left_margin(labels: Iterable[str], cap: int = 26) -> int:
    """Pixels for y tick labels of at most `cap` display columns at 12 px."""
    widest = max((display_width(str(x)) for x in labels), default=0)
    return int(16 + 6.6 * min(widest, cap))


# ---------------------------------------------------------------- overview

def kind_counts_figure(counts: pd.DataFrame, title: str = "種類別の抽出数 (claims by kind)",
                       frame: Frame | None = None) -> go.Figure:
    """Horizontal stacked bars: chartable rows and rows kept out (flagged / not body)."""
    labels = counts["label"].tolist()
    traces = [dict(type="bar", y=labels, x=counts["clean"].to_numpy(), orientation="h", name="本文 (charted)",
                   marker=dict(color="#3b6fb6"), text=counts["clean"].to_numpy(), textposition="auto",
                   hovertemplate="%{y}: %{x}件<extra>本文</extra>")]
    if "excluded" in counts and counts["excluded"].sum():
        traces.append(dict(type="bar", y=labels, x=counts["excluded"].to_numpy(), orientation="h",
                           name="フラグ・本文以外 (kept out)", marker=dict(color="#f08c8c"),
                           hovertemplate="%{y}: %{x}件<extra>除外</extra>"))
    return styled_figure(traces, title, plot_px=34 * max(len(counts), 1), frame=frame,
                         left_px=left_margin(labels), layout=dict(
                             barmode="stack", yaxis=dict(autorange="reversed"),
                             xaxis=dict(title=dict(text="件数 (rows)"))))


# ---------------------------------------------------------------- compare

ROW_PX = 46          # one bar and the line of text above it
RATE_FACTORS = {"week": 52, "month": 12, "year": 1}
RATE_NAMES = {"week": "週", "month": "月", "year": "年"}


def per_year(bars: pd.DataFrame) -> pd.DataFrame:
    """Rate bars (`rate_per` week/month/year) as per-year figures: low/high × 52 / 12 / 1, and the text
    of the conversion in `per_year` ('1 GW/週 × 52 = 52 GW/年')."""
    out = bars.copy()
    factor = out["rate_per"].map(RATE_FACTORS).fillna(1).astype(float)
    out["low"], out["high"] = out["low"] * factor, out["high"] * factor
    out["per_year"] = [f"×{int(f)} = {_axis_value(v, u)}/年" if f != 1 else "/年"
                       for f, v, u in zip(factor, out["low"].fillna(out["high"]), out["unit"], strict=True)]
    return out


def _col(df: pd.DataFrame, name: str) -> list[str]:
    """A text column as a list ('' for missing; all '' when the frame has no such column)."""
    if name not in df:
        return [""] * len(df)
    return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in df[name]]


def _axis_value(v: float, unit: str) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return usd_short(v) if unit == "USD" else f"{v:,.4g} {unit}"


def compare_figure(bars: pd.DataFrame, unit: str, log: bool = False,
                   refs: Sequence[tuple[float, str]] = (), title: str = "", frame: Frame | None = None,
                   rates: bool = False) -> go.Figure:
    """One bar per figure per article, its figure written above it (never cut at the plot's edge, and
    the plot keeps the full width on a phone); ranges float; on a linear axis "at least" ends in ▶ and
    "up to" is dotted; on a log axis an open bound is a mark at its value with a short arrow (◀ up to,
    ▶ at least), never a bar from the axis floor.

    `bars` comes from `figures.compare_bars` (low/high in `unit`; USD is drawn in $B). `rates`: the bars
    are rates already converted with `per_year`; the axis says per year. `refs`: (value in the axis
    unit, label) reference lines."""
    scale = 1e9 if unit == "USD" else 1.0
    traces: list[dict] = []
    order = bars["label"].tolist()
    groups = bars["qualifier"].map(QUALIFIER_GROUP).fillna("value")
    annotations: list[dict] = []
    tails: list[tuple[float, float]] = []
    for key, (name, _color, pattern) in BAR_STYLES.items():
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
        text = [f"{s}" + (f"  ×{m}回" if m > 1 else "") for s, m in zip(sub["shown"], sub["mentions"], strict=True)]
        sentences = sub["sentences"] if "sentences" in sub else [None] * len(sub)
        measures = _col(sub, "measure")
        colors = [MEASURE_COLORS.get(m, OTHER_COLOR) for m in measures]
        custom = [list(row) for row in zip(
            [html.escape(t) for t in sub["title"]], [str(p or "不明") for p in sub["published"]],
            [hover_sentences(ss, s) for ss, s in zip(sentences, sub["sentence"], strict=True)],
            sub["mentions"].tolist(), [html.escape(s) for s in sub["shown"]],
            [html.escape(measure_name(m)) for m in measures],
            [html.escape(modality_name(m)) for m in _col(sub, "modality")],
            [html.escape(f" · 発言: {p}") if p else "" for p in _col(sub, "speaker")], strict=True)]
        hover = ("<b>%{customdata[4]}</b> — %{customdata[5]} · %{customdata[6]}%{customdata[7]}<br>%{customdata[0]}"
                 "<br>公開日 %{customdata[1]} · 言及 %{customdata[3]}回<br><br>%{customdata[2]}<extra></extra>")
        marker = dict(color=colors, line=dict(color="#33415c", width=0.6))
        if pattern:
            marker["pattern"] = dict(shape=pattern, fgcolor="#33415c", size=6)
        labels, x = sub["label"].tolist(), x.to_numpy()
        extra = sub["per_year"].tolist() if rates and "per_year" in sub else [""] * len(sub)
        for lab, t, e in zip(labels, text, extra, strict=True):
            code = lab.rsplit("｜", 1)[-1]
            surface = lab.rsplit("｜", 1)[0]
            annotations.append(dict(
                x=0, xref="paper", xanchor="left", xshift=4, y=lab, yref="y", yanchor="bottom", yshift=ROW_PX * 0.22,
                text=f"<b>{html.escape(t)}</b>{' ' + html.escape(e) if e else ''}　"
                     f"<span style='color:#555555'>{html.escape(shorten(surface, 22))}｜{html.escape(code)}</span>",
                showarrow=False, align="left", font=dict(size=12), bgcolor="rgba(255,255,255,0.85)",
                borderpad=1))
        open_end = log and key in ("at_least", "at_most")
        if open_end:      # a mark at the bound and an arrow pointing the open way, no bar from the floor
            symbol = "triangle-right" if key == "at_least" else "triangle-left"
            traces.append(dict(type="scatter", y=labels, x=x, mode="markers", name=name, legendgroup=key,
                               marker=dict(symbol="line-ns", size=18, color=colors, line=dict(color=colors, width=3)),
                               customdata=custom, hovertemplate=hover, showlegend=False))
            ends = x * 3.5 if key == "at_least" else x / 3.5
            xs: list = []
            ys: list = []
            for v, e, lab in zip(x, ends, labels, strict=True):
                xs += [v, e, None]
                ys += [lab, lab, None]
                tails.append((min(v, e), max(v, e)))
            traces.append(dict(type="scatter", y=ys, x=xs, mode="lines", showlegend=False, hoverinfo="skip",
                               legendgroup=key, line=dict(color="#555555", width=3, dash="dot")))
            traces.append(dict(type="scatter", y=labels, x=ends, mode="markers", showlegend=False,
                               hoverinfo="skip", legendgroup=key,
                               marker=dict(symbol=symbol, size=12, color=colors)))
            continue
        traces.append(bar | dict(
            type="bar", y=labels, x=x, orientation="h", name=name, marker=marker, legendgroup=key,
            text=text, textposition="none", customdata=custom, hovertemplate=hover, showlegend=False,
        ))
        if key == "at_least":
            traces.append(dict(type="scatter", y=labels, x=x, mode="markers", showlegend=False, hoverinfo="skip",
                               legendgroup=key, marker=dict(symbol="triangle-right", size=13, color=colors,
                                                            line=dict(color="#1b4d47", width=1))))
    # the legend: one entry per measure drawn (the bars are coloured by it); the shape of a bar (a range
    # hatched, "at least" ▶, "up to" dotted) is written in its label (〜, ≥, ≤)
    present = [m for m in (*MEASURE_COLORS, *sorted(set(_col(bars, "measure")) - set(MEASURE_COLORS)))
               if m in set(_col(bars, "measure"))]
    legend = [dict(type="scatter", x=[None], y=[None], mode="markers", name=html.escape(measure_name(m)),
                   legendgroup="measure-" + m, hoverinfo="skip",
                   marker=dict(symbol="square", size=13, color=MEASURE_COLORS.get(m, OTHER_COLOR),
                               line=dict(color="#33415c", width=0.6)))
              for m in present] if len(present) > 1 or (present and present[0]) else []
    traces = legend + traces
    values = pd.concat([bars["low"], bars["high"]]).dropna() / scale
    positive = list(values[values > 0]) + [v for t in tails for v in t if v > 0]
    ref_values = [v for v, _ in refs if v and v > 0]
    xaxis: dict = {}
    if log and len(positive):
        lo = math.floor(math.log10(min(positive + ref_values)) - 0.15)
        hi = math.log10(max(positive + ref_values)) + 0.12
        ticks = [10.0 ** e for e in range(lo, math.ceil(hi) + 1)]
        text = [usd_short(t * scale) if unit == "USD" else f"{t:,g}" for t in ticks]
        xaxis |= dict(type="log", range=[lo, hi], tickvals=ticks, ticktext=text)
    elif len(values):
        hi = max(list(values) + ref_values)
        lo = min(0.0, min(values))           # a loss or a cut (△1,041百万円) is drawn left of zero
        xaxis |= dict(type="linear", range=[lo * 1.06, hi * 1.06 if hi > 0 else 1])
        if unit == "USD":
            xaxis |= dict(tickprefix="$", ticksuffix="B")
    for value, label in refs:  # a legend entry rather than an annotation, so it never covers a bar label
        if value and value > 0 and order:
            traces.append(dict(type="scatter", x=[value, value], y=[order[0], order[-1]], mode="lines",
                               name=html.escape(label), line=dict(color="#c92a2a", dash="dash", width=2),
                               hoverinfo="name"))
    per = "/年 (per year)" if rates else ""
    if unit == "USD":
        xaxis["title"] = dict(text="米ドル (USD)" + per + ("（対数 log）" if log else "、10億ドル単位 ($B)"))
    else:
        xaxis["title"] = dict(text=f"{unit}{per}" + ("（対数 log）" if log else ""))
    return styled_figure(traces, title, plot_px=ROW_PX * max(len(bars), 1) + 10, frame=frame, layout=dict(
        xaxis=xaxis, yaxis=dict(type="category", categoryorder="array", categoryarray=order, autorange="reversed",
                                showticklabels=False) | (dict(range=[len(order) - 0.5, -0.75]) if order else {}),
        barmode="overlay", bargap=0.55, annotations=annotations))


# ---------------------------------------------------------------- timeline

def group_colors(groups: Iterable[str]) -> dict[str, str]:
    """Colour of each legend group: kinds and entities always the same colour (see `entity_color`)."""
    from claims.labels import KIND_LABELS

    by_label = {label: KIND_COLORS[k] for k, label in KIND_LABELS.items() if k in KIND_COLORS}
    out = {}
    for g in groups:
        out[g] = OTHER_COLOR if g.startswith("その他") else NONE_COLOR if g.startswith("（なし") \
            else by_label.get(g) or KIND_COLORS.get(g) or entity_color(g)
    return out


_colors = group_colors


def _group_order(groups: pd.Series) -> list[str]:
    counts = groups.value_counts()
    return sorted(counts.index, key=lambda g: (g.startswith(("その他", "（なし")), -counts[g], g))


GL_POINTS = 1000   # above this many points a scatter is drawn with WebGL (Scattergl)


def timeline_said_figure(points: pd.DataFrame, title: str = "", frame: Frame | None = None) -> go.Figure:
    """Claims at their publication date: one row per kind, points jittered, coloured by `group`.

    Arrays go to Plotly as numpy arrays (serialized in bulk, not per point), and more than
    GL_POINTS points are drawn with WebGL."""
    traces: list[dict] = []
    order = _group_order(points["group"])
    colors = _colors(order)
    trace = "scattergl" if len(points) > GL_POINTS else "scatter"
    groups = points["group"].to_numpy()
    custom_all = np.column_stack([
        np.array([html.escape(str(s)) for s in points["surface"].tolist()], dtype=object),
        np.array([html.escape(str(t)) for t in points["title"].tolist()], dtype=object),
        np.array([_hover_cached(s) for s in points["sentence"].tolist()], dtype=object),
        points["kind_label"].to_numpy(dtype=object),
    ]) if len(points) else np.empty((0, 4), dtype=object)
    x_all = points["published"].to_numpy(dtype=object)
    y_all = points["y"].to_numpy(dtype=float)
    for g in order:
        sel = groups == g
        traces.append(dict(
            type=trace, x=x_all[sel], y=y_all[sel], mode="markers", name=html.escape(shorten(g, LEGEND_NAME)),
            marker=dict(size=11, color=colors[g], opacity=0.85, line=dict(color="white", width=1)),
            customdata=custom_all[sel],
            hovertemplate=("<b>%{customdata[0]}</b> (%{customdata[3]})<br>%{customdata[1]}<br>"
                           "公開日 %{x|%Y-%m-%d}<br><br>%{customdata[2]}<extra></extra>"),
        ))
    kinds = points.drop_duplicates("kind").assign(pos=lambda d: d["y"].round()).sort_values("pos")
    ticks = [k.split(" (")[0] for k in kinds["kind_label"]]        # 電力 (power) -> 電力: the plot keeps the width
    yaxis = dict(tickvals=kinds["pos"].tolist(), ticktext=ticks, zeroline=False)
    if len(kinds):
        yaxis["range"] = [kinds["pos"].max() + 0.6, -0.6]
    xaxis: dict = {}
    dates = pd.to_datetime(points["published"])
    if len(dates):
        pad = max(pd.Timedelta(days=20), (dates.max() - dates.min()) * 0.05)
        xaxis["range"] = [dates.min() - pad, dates.max() + pad]
    xaxis |= dict(title=dict(text="公開日 (said)"), tickformat="%Y-%m")
    return styled_figure(traces, title, plot_px=40 + 52 * max(len(kinds), 1), frame=frame,
                         left_px=left_margin(ticks), layout=dict(xaxis=xaxis, yaxis=yaxis))


MEANT_LABEL = 17     # display columns of a "meant" row label: the plot keeps 200 px on a phone


def short_label(label: str, width: int) -> str:
    """'ほぼ7ギガワット｜001' in `width` columns: the figure is shortened, the article code is kept."""
    surface, sep, code = label.rpartition("｜")
    if not sep:
        return shorten(label, width)
    return shorten(surface, max(width - display_width(code) - 2, 4)) + sep + code


def timeline_meant_figure(rows: pd.DataFrame, title: str = "", frame: Frame | None = None) -> go.Figure:
    """Each claim's period as a span (start → target ◆); ○ marks when it was said."""
    traces: list[dict] = []
    order = _group_order(rows["group"])
    colors = _colors(order)
    labels = rows["label"].tolist()
    status = pd.Series(_col(rows, "modality"), index=rows.index, dtype=object)
    statuses = [m for m in MODALITY_STYLES if (status == m).any()]
    styled = len(statuses) > 1 or statuses != [""]     # some figure has a status: draw each status's line style
    for g in order:
        sub = rows[rows["group"] == g]
        for m in statuses:
            part = sub[status[sub.index] == m]
            if part.empty:
                continue
            xs, ys = [], []
            for s, e, lab in zip(part["start"], part["end"], part["label"], strict=True):
                xs += [s, e, None]
                ys += [lab, lab, None]
            traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", opacity=0.55, hoverinfo="skip",
                               line=dict(color=colors[g], width=7 if m else 3, dash=MODALITY_STYLES[m][1]),
                               name=html.escape(shorten(g, LEGEND_NAME)), legendgroup=g, showlegend=False))
        traces.append(dict(type="scatter", x=[None], y=[None], mode="lines", line=dict(color=colors[g], width=7),
                           opacity=0.55, name=html.escape(shorten(g, LEGEND_NAME)), legendgroup=g,
                           hoverinfo="skip"))
        custom = [list(row) for row in zip(
            [html.escape(s) for s in sub["surface"]], [html.escape(t) for t in sub["title"]],
            [hover_text(s) for s in sub["sentence"]], [str(s) for s in sub["start"]],
            [html.escape(t or "") for t in sub["time_text"]],
            [html.escape(modality_name(m)) for m in status[sub.index]], strict=True)]
        traces.append(dict(
            type="scatter", x=sub["end"].tolist(), y=sub["label"].tolist(), mode="markers", legendgroup=g,
            showlegend=False,
            marker=dict(symbol="diamond", size=11, color=colors[g], line=dict(color="#333", width=0.8)),
            customdata=custom,
            hovertemplate=("<b>%{customdata[0]}</b> 「%{customdata[4]}」 %{customdata[5]}<br>"
                           "%{customdata[3]} → %{x|%Y-%m-%d}<br>%{customdata[1]}<br><br>"
                           "%{customdata[2]}<extra></extra>"),
        ))
    if styled:        # one legend entry per status drawn: its line style, in grey
        for m in statuses:
            traces.append(dict(type="scatter", x=[None], y=[None], mode="lines", hoverinfo="skip",
                               name="状態: " + html.escape(modality_name(m)), legendgroup="status-" + (m or "none"),
                               line=dict(color="#555555", width=4 if m else 1.5, dash=MODALITY_STYLES[m][1])))
    traces.append(dict(type="scatter", x=rows["published"].tolist(), y=labels, mode="markers",
                       name="発言日 (published)",
                       marker=dict(symbol="circle-open", size=9, color="#444", line=dict(width=1.5)),
                       hovertemplate="公開日 %{x|%Y-%m-%d}<extra></extra>"))
    ticks = [html.escape(short_label(lab, MEANT_LABEL)) for lab in labels]
    return styled_figure(traces, title, plot_px=26 * max(len(rows), 1), frame=frame,
                         left_px=left_margin(ticks, cap=MEANT_LABEL), layout=dict(
        yaxis=dict(categoryorder="array", categoryarray=labels, autorange="reversed", tickfont=dict(size=12),
                   tickvals=labels, ticktext=ticks),
        xaxis=dict(title=dict(text="対象期間 (meant)"), tickformat="%Y")))


# ---------------------------------------------------------------- claim history

def history_figure(hist: pd.DataFrame, unit: str, title: str = "", frame: Frame | None = None,
                   measure: str = "") -> go.Figure:
    """One entity's stated figures of one measure by publication date: a point per figure (a range as a
    bar from low to high), its status as the marker (● actual, ◇ plan, △ forecast), a thin line in date
    order so the change reads left to right. `hist` comes from `figures.history` (GW, or USD drawn in $B)."""
    scale = 1e9 if unit == "USD" else 1.0
    traces: list[dict] = []
    color = MEASURE_COLORS.get(measure, "#3b6fb6")
    if len(hist):     # a thin line through each date's largest figure, so the change reads left to right
        top = (hist.assign(_y=hist["low"].fillna(hist["high"]) / scale).dropna(subset=["published"])
               .groupby("published", sort=True)["_y"].max())
        traces.append(dict(type="scatter", x=top.index.to_numpy(dtype=object), y=top.to_numpy(dtype=float),
                           mode="lines", line=dict(color="#b0b0b0", width=1.5, dash="dot"), showlegend=False,
                           hoverinfo="skip", name="順 (order)"))
    status = pd.Series(_col(hist, "modality"), index=hist.index, dtype=object)
    for m in [m for m in MODALITY_STYLES if (status == m).any()]:
        sub = hist[status == m]
        low, high = sub["low"] / scale, sub["high"] / scale
        y = low.fillna(high)
        up = (high - y).where(high > y, 0).fillna(0)
        custom = [list(row) for row in zip(
            [html.escape(str(x)) for x in sub["shown"]], [html.escape(str(x)) for x in sub["surface"]],
            [html.escape(str(t)) for t in sub["title"]], [hover_text(x) for x in sub["sentence"]],
            [html.escape(f"発言: {p}") if p else "記事の記述" for p in _col(sub, "speaker")],
            [html.escape(modality_name(m))] * len(sub), strict=True)]
        symbol = MODALITY_STYLES[m][0]
        traces.append(dict(
            type="scatter", x=sub["published"].to_numpy(dtype=object), y=y.to_numpy(dtype=float), mode="markers",
            name=html.escape(modality_name(m)),
            marker=dict(symbol=symbol, size=15, color=color, line=dict(color=color if "open" in symbol else "#333",
                                                                      width=2.5 if "open" in symbol else 1)),
            error_y=dict(type="data", symmetric=False, array=up.to_numpy(dtype=float),
                         arrayminus=np.zeros(len(sub)), color=color, thickness=2, width=0,
                         visible=bool((up > 0).any())),
            customdata=custom,
            hovertemplate=("<b>%{customdata[0]}</b>「%{customdata[1]}」 — %{customdata[5]}<br>%{customdata[4]}<br>"
                           "%{customdata[2]}<br>公開日 %{x|%Y-%m-%d}<br><br>%{customdata[3]}<extra></extra>"),
        ))
    xaxis: dict = dict(title=dict(text="公開日 (published)"), tickformat="%Y-%m")
    dates = pd.to_datetime(hist["published"]) if len(hist) else pd.Series(dtype="datetime64[ns]")
    if len(dates):
        pad = max(pd.Timedelta(days=20), (dates.max() - dates.min()) * 0.06)
        xaxis["range"] = [dates.min() - pad, dates.max() + pad]
        months = (dates.max() - dates.min()).days / 30.4
        if months <= 3:         # a few weeks: days on the axis
            xaxis["tickformat"] = "%Y-%m-%d"
        elif months <= 14:      # a tick a month (Plotly's own ticks repeated '2025-09' every two weeks)
            xaxis["dtick"] = "M1"
        elif months <= 40:
            xaxis["dtick"] = "M3"
        else:
            xaxis |= dict(dtick="M12", tickformat="%Y")
    values = pd.concat([hist["low"], hist["high"]]).dropna() / scale if len(hist) else pd.Series(dtype=float)
    # the unit on the ticks, not as an axis title (with the styled fixed margins a y title sat on the plot)
    yaxis: dict = dict(rangemode="tozero", ticksuffix=" GW" if unit == "GW" else "B")
    if len(values):
        yaxis["range"] = [0, float(values.max()) * 1.12 or 1]
    if unit == "USD":
        yaxis["tickprefix"] = "$"
    return styled_figure(traces, title, plot_px=260, frame=frame, left_px=64,
                         layout=dict(xaxis=xaxis, yaxis=yaxis))


def describe_history(hist: pd.DataFrame, entity: str, what: str) -> str:
    if hist.empty:
        return f"{entity} の{what}: 該当なし。"
    steps = "、".join(f"{show}（{MODALITY_LABELS.get(m, m) if m else '状態なし'}、{p:%Y-%m-%d}）"
                     for show, m, p in zip(hist["shown"], _col(hist, "modality"), hist["published"], strict=True)
                     if p is not None)
    return f"散布図: {entity} の{what}、公開日順に {len(hist)} 件: {steps}。"


# ---------------------------------------------------------------- text alternatives

def describe_counts(counts: pd.DataFrame) -> str:
    if counts.empty:
        return "種類別の抽出数: 該当なし。"
    total = counts["clean"] + counts.get("excluded", 0)
    top = counts.iloc[int(total.to_numpy().argmax())]
    return (f"横棒グラフ: 種類別の抽出数、{len(counts)} 種類・計 {int(total.sum()):,} 件。"
            f"最も多いのは {top['label']} の {int(total.max()):,} 件。")


def describe_bars(bars: pd.DataFrame, what: str) -> str:
    if bars.empty:
        return f"{what}: 該当なし。"
    top = bars.iloc[0]
    n_src = bars["source_id"].nunique()
    return (f"横棒グラフ: {what}、{len(bars)} 件（{n_src} 記事、同じ記事の同じ数字は 1 本）。"
            f"最大は {top['shown']}（「{top['surface']}」、{top['title']}）。")


def describe_said(points: pd.DataFrame) -> str:
    if points.empty:
        return "散布図: 該当なし。"
    first, last = min(points["published"]), max(points["published"])
    counts = points["group"].value_counts()
    return (f"散布図: {len(points):,} 件の表現を記事の公開日 ({first:%Y-%m-%d}〜{last:%Y-%m-%d}) に置き、"
            f"縦は種類。最も多い色分けは {counts.index[0]} の {int(counts.iloc[0])} 件。")


def describe_meant(spans: pd.DataFrame) -> str:
    if spans.empty:
        return "期間のグラフ: 該当なし。"
    last = spans.iloc[0]
    return (f"期間のグラフ: 対象期間のある {len(spans):,} 件の表現を、期間の始まりから終わりまでの線で示します。"
            f"最も先の期限は {last['end']:%Y-%m-%d}（「{last['surface']}」、{last['title']}）。")

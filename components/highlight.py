"""Article text with the extracted expressions highlighted, as HTML built here (pure).

Every piece of document text goes through `html.escape`, so nothing in an
article (`<script>`, `<img onerror=…>`, a stray `&`) is ever interpreted as
markup; the only tags in the output are the ones written in this module.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

KIND_COLORS = {
    "power": "#ffd8a8",
    "energy": "#ffe8cc",
    "money": "#b2f2bb",
    "count": "#a5d8ff",
    "percent": "#d0bfff",
    "duration": "#fcc2d7",
    "date": "#ffec99",
    "ratio": "#c5f6fa",
}
FLAGGED_COLOR = "#ffa8a8"
BOX_STYLE = ("white-space: pre-wrap; line-height: 1.9; font-size: 0.95rem; padding: 0.8rem 1rem; "
             "border: 1px solid #dee2e6; border-radius: 0.5rem; background: #ffffff; color: #212529; "
             "overflow-wrap: anywhere;")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str = ""
    title: str = ""      # tooltip (escaped on output)
    flagged: bool = False
    selected: bool = False


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _mark(text: str, span: Span) -> str:
    color = FLAGGED_COLOR if span.flagged else KIND_COLORS.get(span.kind, "#e9ecef")
    outline = "outline: 2px solid #c92a2a; " if span.selected else ""
    cls = "claim-mark" + (" claim-selected" if span.selected else "")
    return (f'<mark class="{cls}" data-kind="{esc(span.kind)}" title="{esc(span.title)}" '
            f'style="background: {color}; {outline}padding: 0 2px; border-radius: 3px;">{esc(text)}</mark>')


def highlight(text: str, spans: Iterable[Span]) -> tuple[str, int]:
    """Escaped `text` with each span wrapped in <mark>; returns (html, number of spans skipped).

    Spans outside the text or overlapping an earlier one are skipped, never drawn twice.
    """
    text = text or ""
    out: list[str] = []
    pos = 0
    skipped = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos or span.start >= span.end or span.end > len(text) or span.start < 0:
            skipped += 1
            continue
        out.append(esc(text[pos:span.start]))
        out.append(_mark(text[span.start:span.end], span))
        pos = span.end
    out.append(esc(text[pos:]))
    return "".join(out), skipped


def boxed(inner_html: str, label: str = "") -> str:
    aria = f' aria-label="{esc(label)}"' if label else ""
    return f'<div class="claims-text"{aria} style="{BOX_STYLE}">{inner_html}</div>'


def legend(kinds: Iterable[str], labels: dict[str, str]) -> str:
    items = [f'<span style="background: {KIND_COLORS.get(k, "#e9ecef")}; padding: 0 6px; border-radius: 3px; '
             f'margin-right: 6px;">{esc(labels.get(k, k))}</span>' for k in kinds]
    items.append(f'<span style="background: {FLAGGED_COLOR}; padding: 0 6px; border-radius: 3px;">'
                 f'{esc("フラグ付き (flagged)")}</span>')
    return f'<div style="font-size: 0.85rem; line-height: 2;">{"".join(items)}</div>'


SAFE_SCHEMES = ("http://", "https://")


def source_link(url: str | None, unknown: str = "不明") -> str:
    """The article's original address as a link (escaped, opened with rel="noopener noreferrer"), only for
    http(s) addresses; any other value is shown as text; no address: `unknown`."""
    url = (url or "").strip()
    label = '<span style="font-weight: 600;">元の記事 (URL)</span>: '
    if not url:
        return f'<div class="source-url">{label}{esc(unknown)}</div>'
    if not url.lower().startswith(SAFE_SCHEMES):
        return f'<div class="source-url">{label}{esc(url)}</div>'
    return (f'<div class="source-url" style="overflow-wrap: anywhere;">{label}<a href="{esc(url)}" target="_blank" '
            f'rel="noopener noreferrer">{esc(url)}</a></div>')

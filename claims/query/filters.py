"""What the reader picked, and the one SQL WHERE clause it compiles to.

`FilterState` is the sidebar's value (every page reads through it). `where(state)`
turns it into a fixed SQL fragment over the `claims` view plus bound parameters: the
reader's values are never formatted into the SQL text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from claims.labels import KIND_LABELS, MEASURE_LABELS, MODALITY_LABELS, QUALIFIER_LABELS


@dataclass(frozen=True)
class FilterState:
    """What the reader picked; empty tuples mean "no restriction"."""
    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()                # what a figure measures (investment, capacity, …)
    modalities: tuple[str, ...] = ()              # its status (plan, forecast, actual, hypothetical)
    date_range: tuple[date, date] | None = None   # None: the whole range (undated rows kept)
    all_sections: bool = False                    # False: body and title only
    image_format: str = "png"                     # display only: never part of a data query

    @property
    def keeps_whole_figures(self) -> bool:
        """No filter here can keep some of a figure's mentions and drop others (an entity or a qualifier can):
        article, kind, measure, status, date and section filters keep or drop whole mention groups."""
        return not self.entities and not self.qualifiers

    def data_only(self) -> FilterState:
        """The state without display-only fields, so they don't split a cache."""
        return replace(self, image_format="png")

    def slug(self) -> str:
        """Short ASCII description for download file names: 'kind-power_ent-Stargate_2025-01-01-2025-12-31'."""
        parts = []
        if self.kinds:
            parts.append("kind-" + "+".join(self.kinds))
        if self.entities:
            parts.append("ent-" + "+".join(self.entities))
        if self.sources:
            parts.append("src-" + "+".join(s.split("_")[0] for s in self.sources))
        if self.qualifiers:
            parts.append("q-" + "+".join(self.qualifiers))
        if self.measures:
            parts.append("m-" + "+".join(self.measures))
        if self.modalities:
            parts.append("st-" + "+".join(self.modalities))
        if self.date_range:
            parts.append(f"{self.date_range[0]:%Y%m%d}-{self.date_range[1]:%Y%m%d}")
        if self.all_sections:
            parts.append("all-sections")
        text = "_".join(parts) or "all"
        return "".join(c if c.isascii() and (c.isalnum() or c in "-_+.") else "-" for c in text)[:120]

    def describe(self) -> str:
        """One line in Japanese for captions."""
        bits = []
        if self.sources:
            bits.append(f"記事 {len(self.sources)}件")
        if self.entities:
            bits.append("エンティティ: " + ", ".join(self.entities))
        if self.kinds:
            bits.append("種類: " + ", ".join(KIND_LABELS.get(k, k) for k in self.kinds))
        if self.qualifiers:
            bits.append("修飾: " + ", ".join(QUALIFIER_LABELS.get(q, q) for q in self.qualifiers))
        if self.measures:
            bits.append("対象: " + ", ".join(MEASURE_LABELS.get(m, m) for m in self.measures))
        if self.modalities:
            bits.append("状態: " + ", ".join(MODALITY_LABELS.get(m, m) for m in self.modalities))
        if self.date_range:
            bits.append(f"公開日 {self.date_range[0]:%Y-%m-%d}〜{self.date_range[1]:%Y-%m-%d}")
        bits.append("全セクション" if self.all_sections else "本文・タイトルのみ")
        return " / ".join(bits)


def where(state: FilterState) -> tuple[str, dict]:
    """(SQL condition over the `claims` view, its parameters). Undated rows never fall in a date range."""
    clauses: list[str] = []
    params: dict = {}
    if not state.all_sections:
        clauses.append("_body")
    for column, picked, name in (("source_id", state.sources, "f_sources"), ("kind", state.kinds, "f_kinds"),
                                 ("qualifier", state.qualifiers, "f_qualifiers"),
                                 ("measure", state.measures, "f_measures"),
                                 ("modality", state.modalities, "f_modalities")):
        if picked:
            clauses.append(f"list_contains(${name}::VARCHAR[], {column})")
            params[name] = list(picked)
    if state.entities:    # one list_contains per entity: DuckDB runs it ~8x faster than list_has_any
        names = [f"f_entity_{i}" for i in range(len(state.entities))]
        clauses.append("(" + " OR ".join(f"list_contains(_entities, ${n}::VARCHAR)" for n in names) + ")")
        params |= dict(zip(names, state.entities, strict=True))
    if state.date_range:
        clauses.append("published BETWEEN $f_from AND $f_to")
        params["f_from"], params["f_to"] = state.date_range
    return (" AND ".join(clauses) or "TRUE"), params


def search_terms(query: str) -> list[str]:
    """The words of a search box, each matched on its own (all must match)."""
    return [t for t in (query or "").split() if t]


def unknown_url_values(raw: Iterable[str], valid: Iterable[str]) -> list[str]:
    """URL values that are not options (e.g. `?kind=<script>`): dropped, and named in a notice."""
    valid = set(valid)
    return [v for v in raw if v and v not in valid]


def parse_iso_dates(raw: Iterable[str]) -> tuple[list[date], list[str]]:
    good, bad = [], []
    for v in raw:
        try:
            good.append(date.fromisoformat(v))
        except (TypeError, ValueError):
            bad.append(v)
    return good, bad


def normalize_range(value, lo: date | None, hi: date | None) -> tuple[date, date] | None:
    """The date_input value as a restriction, or None when it covers everything.

    While a reader is picking, the widget holds a 1-tuple (start only)."""
    if lo is None or hi is None or not value:
        return None
    value = tuple(v for v in value if v is not None)
    if not value:
        return None
    start = value[0]
    end = value[1] if len(value) > 1 else hi
    if start <= lo and end >= hi:
        return None
    return (start, end)

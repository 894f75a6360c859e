"""The shared filter bar: one set of sidebar widgets rendered from app.py on every page.

Each widget has a `key` and `bind="query-params"`, so its value lives in the URL
(`?kind=…&entity=Stargate`): a copied URL reopens the same view, and because the
same widgets (same keys, labels and options) are drawn on every page, switching
pages keeps them.  `FilterState` and `apply_filters` are pure and unit-tested.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from claims import schema

from . import rowindex, source_picker
from .data import CLEAN_SECTIONS, Corpus, LabelMap
from .labels import KIND_LABELS, QUALIFIER_LABELS
from .rowindex import EPOCH, RowIndex

# widget key == URL query parameter name
K_SOURCE, K_ENTITY, K_KIND, K_QUALIFIER = "source", "entity", "kind", "qualifier"
K_PERIOD, K_ALL_SECTIONS, K_IMAGE_FORMAT = "period", "comments", "imgfmt"
K_SOURCE_SEARCH = "source_search"   # the article search box of a large corpus (not a filter: not in the URL)
NOTICE_KEY = "_url_notice"
IMAGE_FORMATS = ("PNG", "SVG")


@dataclass(frozen=True)
class FilterState:
    """What the reader picked; empty tuples mean "no restriction"."""
    sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    date_range: tuple[date, date] | None = None   # None: the whole range (undated rows kept)
    all_sections: bool = False                    # False: body and title only
    image_format: str = "png"

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
        if self.date_range:
            bits.append(f"公開日 {self.date_range[0]:%Y-%m-%d}〜{self.date_range[1]:%Y-%m-%d}")
        bits.append("全セクション" if self.all_sections else "本文・タイトルのみ")
        return " / ".join(bits)


# ---------------------------------------------------------------- pure filtering

def list_any_in(col: pd.Series, values: Iterable[str]) -> np.ndarray:
    """Row mask: does the list cell contain any of `values`? Vectorized with pyarrow."""
    values = list(values)
    mask = np.zeros(len(col), dtype=bool)
    if not values or not len(col):
        return mask
    arr = pa.array(col.array) if isinstance(col.dtype, pd.ArrowDtype) else pa.array(col.tolist())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    flat = pc.list_flatten(arr)
    parents = pc.list_parent_indices(arr).to_numpy()
    hit = pc.is_in(flat, value_set=pa.array(values, type=pa.string())).to_numpy(zero_copy_only=False)
    mask[parents[hit]] = True
    return mask


def filter_mask(df: pd.DataFrame, state: FilterState, index: RowIndex | None = None) -> np.ndarray:
    """Row mask for `state`. With the frame's `RowIndex` the columns are not touched except the entity lists."""
    if index is not None:
        return _indexed_mask(df, state, index)
    mask = np.ones(len(df), dtype=bool)
    if not state.all_sections:
        mask &= df["section"].isin(CLEAN_SECTIONS).to_numpy(dtype=bool, na_value=False)
    for col, picked in (("source_id", state.sources), ("kind", state.kinds), ("qualifier", state.qualifiers)):
        if picked:
            mask &= df[col].isin(picked).to_numpy(dtype=bool, na_value=False)
    if state.entities:
        mask &= list_any_in(df["entities"], state.entities) | list_any_in(df["context_entities"], state.entities)
    if state.date_range:
        lo, hi = state.date_range
        pub = df["published"]
        mask &= ((pub >= lo) & (pub <= hi)).to_numpy(dtype=bool, na_value=False)
    return mask


def _indexed_mask(df: pd.DataFrame, state: FilterState, index: RowIndex) -> np.ndarray:
    mask = np.ones(index.n, dtype=bool) if state.all_sections else index.body.copy()
    for codes, names, picked in ((index.src, index.sources, state.sources), (index.kind, index.kinds, state.kinds),
                                 (index.qualifier, index.qualifiers, state.qualifiers)):
        if picked:
            mask &= rowindex.codes_in(codes, rowindex.codes_for(names, picked))
    if state.entities:
        mask &= list_any_in(df["entities"], state.entities) | list_any_in(df["context_entities"], state.entities)
    if state.date_range:
        lo, hi = (float((d - EPOCH).days) for d in state.date_range)
        with np.errstate(invalid="ignore"):
            mask &= (index.published >= lo) & (index.published <= hi)    # NaN (no date) is never in a range
    return mask


def apply_filters(df: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The rows the reader asked for (a new frame; `df` is never modified)."""
    return df[filter_mask(df, state)]


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


# ---------------------------------------------------------------- widgets

def _kind_options(corpus: Corpus) -> list[str]:
    present = set(rowindex.for_corpus(corpus).kinds)       # the table's kinds, found once per table
    return [k for k in schema.KINDS if k in present]


def _qualifier_options(corpus: Corpus) -> list[str]:
    present = set(rowindex.for_corpus(corpus).qualifiers)
    return [q for q in schema.QUALIFIERS if q in present]


def _url_notice(corpus: Corpus, options: dict[str, Callable[[], list[str]]]) -> None:
    """Remember URL values Streamlit will drop (it silently removes invalid options) so we can say so.

    `options` gives each widget's valid URL values lazily: only parameters present in the URL are checked
    (a big table has tens of thousands of article labels)."""
    dropped: list[str] = []
    for key, valid in options.items():
        if key in st.query_params:
            dropped += [f"{key}={v}" for v in unknown_url_values(st.query_params.get_all(key), valid())]
    if K_PERIOD in st.query_params:
        raw = st.query_params.get_all(K_PERIOD)
        good, bad = parse_iso_dates(raw)
        lo, hi = corpus.date_min, corpus.date_max
        outside = [d.isoformat() for d in good if lo is not None and hi is not None and not lo <= d <= hi]
        if bad or outside:  # Streamlit then ignores the whole range
            dropped += [f"{K_PERIOD}={v}" for v in bad] + [f"{K_PERIOD}={v} (範囲外 out of range)" for v in outside]
    if K_ALL_SECTIONS in st.query_params:
        dropped += [f"{K_ALL_SECTIONS}={v}" for v in st.query_params.get_all(K_ALL_SECTIONS)
                    if v.lower() not in ("true", "false")]
    if dropped:
        st.session_state[NOTICE_KEY] = dropped


def label_func(corpus: Corpus) -> Callable[[str], str]:
    """corpus.label without a Python call per option (the sources list can have tens of thousands)."""
    labels = corpus.source_labels
    return labels.__getitem__ if isinstance(labels, LabelMap) else corpus.label


def _reset(lo: date | None, hi: date | None) -> None:
    for key in (K_SOURCE, K_ENTITY, K_KIND, K_QUALIFIER):
        st.session_state[key] = []
    if lo is not None and hi is not None:
        st.session_state[K_PERIOD] = (lo, hi)
    st.session_state[K_ALL_SECTIONS] = False
    st.session_state[K_SOURCE_SEARCH] = ""
    st.session_state.pop(NOTICE_KEY, None)


def render_filter_bar(corpus: Corpus) -> FilterState:
    """Draw the sidebar filters (call from app.py before `pg.run()`); returns what the reader picked."""
    kinds = _kind_options(corpus)
    quals = _qualifier_options(corpus)
    _url_notice(corpus, {
        K_SOURCE: lambda: [corpus.label(s) for s in corpus.titles],
        K_ENTITY: lambda: list(corpus.entity_options),
        K_KIND: lambda: [KIND_LABELS.get(k, k) for k in kinds],
        K_QUALIFIER: lambda: [QUALIFIER_LABELS.get(q, q) for q in quals],
        K_IMAGE_FORMAT: lambda: list(IMAGE_FORMATS),
    })
    with st.sidebar:
        st.subheader("フィルタ (Filters)")
        if NOTICE_KEY in st.session_state:
            shown = ", ".join("`" + v.replace("`", "'")[:60] + "`" for v in st.session_state[NOTICE_KEY])
            st.warning(f"URL の不明な値を無視しました (ignored unknown URL values): {shown}")
        sources = source_picker.search_box(corpus, K_SOURCE, K_SOURCE_SEARCH)
        picked_sources = st.multiselect(
            "記事 (sources)", sources, format_func=label_func(corpus), key=K_SOURCE, bind="query-params",
            placeholder="すべての記事", help="空欄ならすべての記事")
        picked_entities = st.multiselect(
            "エンティティ (entities)", list(corpus.entity_options), key=K_ENTITY, bind="query-params",
            placeholder="すべて", help="文中の名前と、文脈から補った主体 (context_entities) の両方で絞り込みます")
        picked_kinds = st.multiselect(
            "種類 (kinds)", kinds, format_func=lambda k: KIND_LABELS.get(k, k), key=K_KIND,
            bind="query-params", placeholder="すべての種類")
        picked_quals = st.multiselect(
            "修飾 (qualifier)", quals, format_func=lambda q: QUALIFIER_LABELS.get(q, q), key=K_QUALIFIER,
            bind="query-params", placeholder="すべて", help="約・以上・最大・範囲・概数など")
        period = None
        if corpus.date_min is not None and corpus.date_max is not None:
            period = st.date_input(
                "公開日 (published)", value=(corpus.date_min, corpus.date_max), min_value=corpus.date_min,
                max_value=corpus.date_max, key=K_PERIOD, bind="query-params", format="YYYY-MM-DD",
                help="記事の公開日で絞り込みます。全期間のときは日付のない記事も含みます")
        all_sections = st.toggle(
            "読者コメント・定型文も含める (comments too)", key=K_ALL_SECTIONS, bind="query-params",
            help="オフ: 本文とタイトルのみ。オンにしても、グラフには本文の行だけを描き、他は下に一覧します")
        fmt = st.segmented_control(
            "グラフ画像の形式 (export format)", IMAGE_FORMATS, default="PNG", key=K_IMAGE_FORMAT, required=True,
            bind="query-params", help="グラフ右上のカメラボタンで保存する画像の形式")
        st.button("フィルタをリセット (reset)", on_click=_reset, args=(corpus.date_min, corpus.date_max),
                  width="stretch")
    state = FilterState(
        sources=tuple(picked_sources), entities=tuple(picked_entities), kinds=tuple(picked_kinds),
        qualifiers=tuple(picked_quals), date_range=normalize_range(period, corpus.date_min, corpus.date_max),
        all_sections=bool(all_sections), image_format=(fmt or "PNG").lower(),
    )
    return state

"""Derived results cached with st.cache_data, keyed on (corpus key, filter state, options).

The corpus itself stays in st.cache_resource (never pickled); these functions
re-fetch it by key and return only small frames (capped at a few hundred rows),
which st.cache_data can copy cheaply on every rerun. They never copy the table:
the filter is a boolean mask over its rows (memoized per filter state, see `mask`),
and `prep` works on the table's `RowIndex`. Search returns packed bits, not rows.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from claims.entities import load_entities

from . import conflicts, data, prep, rowindex, search, uploads
from .data import Corpus, corpus_by_key
from .filters import FilterState, filter_mask


def data_state(state: FilterState) -> FilterState:
    """The filter state without display-only fields, so they don't split the cache."""
    return replace(state, image_format="")


# ---------------------------------------------------------------- filter masks, memoized per process

_MASK_LOCK = threading.Lock()
_MASKS: OrderedDict[tuple, np.ndarray] = OrderedDict()
_MAX_MASKS = 32          # 1 MB each at a million rows


def mask(corpus: Corpus, state: FilterState) -> np.ndarray:
    """The rows `state` keeps (read-only boolean array), computed once per (table, filter state)."""
    state = data_state(state)
    if not corpus.key:
        return filter_mask(corpus.claims, state, rowindex.for_corpus(corpus))
    k = (corpus.key, state)
    with _MASK_LOCK:
        found = _MASKS.get(k)
        if found is not None:
            _MASKS.move_to_end(k)
            return found
    m = filter_mask(corpus.claims, state, rowindex.for_corpus(corpus))
    m.flags.writeable = False
    with _MASK_LOCK:
        _MASKS[k] = m
        while len(_MASKS) > _MAX_MASKS:
            _MASKS.popitem(last=False)
    return m


def clear_masks() -> None:
    """Forget the memoized filter masks (benchmarks use it to measure a filter never seen before)."""
    with _MASK_LOCK:
        _MASKS.clear()


def _corpus(key: tuple) -> Corpus:
    """The corpus of a key: the table with this session's uploads merged in (components.uploads), or the table."""
    merged = uploads.corpus_for_key(key)
    return merged if merged is not None else corpus_by_key(key[:3])


def _ctx(key: tuple, state: FilterState) -> tuple[Corpus, rowindex.RowIndex, np.ndarray]:
    corpus = _corpus(key)
    return corpus, rowindex.for_corpus(corpus), mask(corpus, state)


# ---------------------------------------------------------------- per page

@st.cache_data(max_entries=64, show_spinner=False)
def compare_bars(key: tuple, state: FilterState, kind: str, jpy_rate: float, limit: int | None = None,
                 excluded_limit: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """(largest `limit` bars, first `excluded_limit` rows kept out, number of bars, number kept out)."""
    corpus, ri, m = _ctx(key, state)
    return prep.compare_bars_top(corpus.claims, kind, corpus.titles, corpus.source_labels, jpy_rate, mask=m,
                                 index=ri, limit=limit, excluded_limit=excluded_limit)


@st.cache_data(max_entries=32, show_spinner=False)
def derived(key: tuple, state: FilterState, jpy_rate: float,
            limit: int | None = None) -> tuple[pd.DataFrame, int, pd.DataFrame, int]:
    """(annualized rates, how many, $ per GW pairs, how many) — the first `limit` of each."""
    corpus, ri, m = _ctx(key, state)
    rates, n_rates = prep.annualized_rates_top(corpus.claims, corpus.titles, mask=m, index=ri, limit=limit)
    per_gw, n_per_gw = prep.dollars_per_gw_top(corpus.claims, corpus.titles, jpy_rate, mask=m, index=ri, limit=limit)
    return rates, n_rates, per_gw, n_per_gw


@st.cache_data(max_entries=32, show_spinner=False)
def conflict_pairs(key: tuple, state: FilterState, limit: int | None = None) -> tuple[pd.DataFrame, int, list]:
    """(the first `limit` conflicting pairs, how many there are, `conflicts.conflict_groups` of all of them)."""
    corpus, ri, m = _ctx(key, state)
    ent = load_entities()
    pairs = conflicts.find_conflicts(corpus.claims, ent.types, ent.affiliation, mask=m, index=ri)
    return pairs.head(limit), len(pairs), conflicts.conflict_groups(pairs)


@st.cache_data(max_entries=32, show_spinner=False)
def timeline_said(key: tuple, state: FilterState, color_by: str, limit: int) -> tuple[pd.DataFrame, int]:
    corpus, ri, m = _ctx(key, state)
    return prep.timeline_said(corpus.claims, corpus.titles, color_by, limit=limit, mask=m, index=ri)


@st.cache_data(max_entries=32, show_spinner=False)
def timeline_meant(key: tuple, state: FilterState, color_by: str, limit: int) -> tuple[pd.DataFrame, int]:
    corpus, ri, m = _ctx(key, state)
    return prep.timeline_meant(corpus.claims, corpus.titles, corpus.source_labels, color_by, limit=limit, mask=m,
                               index=ri)


@st.cache_data(max_entries=32, show_spinner=False)
def excluded(key: tuple, state: FilterState, limit: int) -> tuple[pd.DataFrame, int]:
    """The first `limit` rows the filters keep but the charts leave out, and how many there are."""
    corpus, ri, m = _ctx(key, state)
    return (prep.excluded_rows(corpus.claims, corpus.titles, mask=m, index=ri, limit=limit),
            int((m & ~ri.clean).sum()))


@st.cache_data(max_entries=32, show_spinner=False)
def overview(key: tuple, state: FilterState) -> dict:
    """Everything the Overview shows: the metrics, kinds, headline figures and claims per article."""
    corpus, ri, m = _ctx(key, state)
    clean = m & ri.clean
    per_source = np.bincount(ri.src[m & (ri.src >= 0)], minlength=len(ri.sources))
    return {
        "rows": int(m.sum()),
        "sources": int((per_source > 0).sum()),
        "power": int((clean & ri.kind_is("power")).sum()),
        "money": int((clean & ri.kind_is("money")).sum()),
        "kept_out": int((m & ~ri.clean).sum()),
        "counts": prep.kind_counts(corpus.claims, mask=m, index=ri),
        "power_top": prep.headline(corpus.claims, "power", corpus.titles, mask=m, index=ri),
        "money_top": prep.headline(corpus.claims, "money", corpus.titles, mask=m, index=ri),
        "per_source": per_source,          # aligned with RowIndex.sources
        "first_published": _first_published(ri, m),
    }


def _first_published(ri: rowindex.RowIndex, m: np.ndarray) -> np.ndarray:
    """Per source (aligned with RowIndex.sources): the publication date (days) of its first dated filtered row."""
    out = np.full(len(ri.sources), np.nan)
    rows = np.flatnonzero(m & (ri.src >= 0) & ~np.isnan(ri.published))
    codes, first = np.unique(ri.src[rows], return_index=True)
    out[codes] = ri.published[rows[first]]
    return out


@st.cache_data(max_entries=64, show_spinner=False)
def search_bits(key: tuple, query: str) -> np.ndarray:
    """Rows of the whole table matching `query`, as np.packbits (the filters are applied after)."""
    corpus = _corpus(key)
    return np.packbits(search.search_mask(corpus.claims, query))


def search_mask(key: tuple, query: str, n: int) -> np.ndarray:
    return np.unpackbits(search_bits(key, query), count=n).astype(bool)


@st.cache_data(max_entries=16, show_spinner=False)
def stored_text(path: str, key: tuple, source_id: str) -> str:
    """One article's text from the Parquet articles table at `path` (`key`: the table's stamps)."""
    try:
        return data.read_article_text(Path(path), source_id) or ""
    except Exception:  # noqa: BLE001 — the file changed or broke since it was loaded: show sentences instead
        return ""

"""Derived results cached with st.cache_data, keyed on (corpus key, filter state, options).

The corpus itself stays in st.cache_resource (never pickled); these functions
re-fetch it by key and return only small frames, which st.cache_data can copy
cheaply on every rerun. Search returns a row mask, not the rows.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from claims.entities import load_entities

from . import conflicts, prep, search
from .data import Corpus, corpus_by_key
from .filters import FilterState, apply_filters


def _rows(key: tuple, state: FilterState) -> tuple[Corpus, pd.DataFrame]:
    corpus = corpus_by_key(key)
    return corpus, apply_filters(corpus.claims, state)


def data_state(state: FilterState) -> FilterState:
    """The filter state without display-only fields, so they don't split the cache."""
    return replace(state, image_format="")


@st.cache_data(max_entries=64, show_spinner=False)
def compare_bars(key: tuple, state: FilterState, kind: str, jpy_rate: float):
    corpus, rows = _rows(key, state)
    return prep.compare_bars(rows, kind, corpus.titles, corpus.source_labels, jpy_rate)


@st.cache_data(max_entries=32, show_spinner=False)
def derived(key: tuple, state: FilterState, jpy_rate: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    corpus, rows = _rows(key, state)
    return prep.annualized_rates(rows, corpus.titles), prep.dollars_per_gw(rows, corpus.titles, jpy_rate)


@st.cache_data(max_entries=32, show_spinner=False)
def conflict_pairs(key: tuple, state: FilterState) -> pd.DataFrame:
    _, rows = _rows(key, state)
    ent = load_entities()
    return conflicts.find_conflicts(rows, ent.types, ent.affiliation)


@st.cache_data(max_entries=32, show_spinner=False)
def timeline_said(key: tuple, state: FilterState, color_by: str, limit: int) -> tuple[pd.DataFrame, int]:
    corpus, rows = _rows(key, state)
    return prep.timeline_said(rows, corpus.titles, color_by, limit=limit)


@st.cache_data(max_entries=32, show_spinner=False)
def timeline_meant(key: tuple, state: FilterState, color_by: str, limit: int) -> tuple[pd.DataFrame, int]:
    corpus, rows = _rows(key, state)
    return prep.timeline_meant(rows, corpus.titles, corpus.source_labels, color_by, limit=limit)


@st.cache_data(max_entries=32, show_spinner=False)
def overview(key: tuple, state: FilterState) -> dict[str, pd.DataFrame]:
    corpus, rows = _rows(key, state)
    return {"counts": prep.kind_counts(rows),
            "power": prep.headline(rows, "power", corpus.titles),
            "money": prep.headline(rows, "money", corpus.titles)}


@st.cache_data(max_entries=64, show_spinner=False)
def search_mask(key: tuple, state: FilterState, query: str) -> np.ndarray:
    _, rows = _rows(key, state)
    return search.search_mask(rows, query)

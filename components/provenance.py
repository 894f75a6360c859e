"""Cached questions this package adds beside components/cached.py (same keys: the tables' and extras' versions)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from claims.query import mentions
from claims.query.tables import Extras, Tables

from .cached import HASH


@st.cache_data(hash_funcs=HASH, show_spinner=False, max_entries=64)
def _sentences(tables: Tables, extras: Extras, figures: tuple[tuple[str, str], ...]) -> dict:
    with tables.scope(extras) as cur:
        return mentions.sentences(cur, figures)


def with_sentences(tables: Tables, extras: Extras, bars: pd.DataFrame) -> pd.DataFrame:
    """`bars` with a `sentences` column: every sentence each figure is mentioned in, the clearest first."""
    if bars.empty:
        return bars.assign(sentences=[])
    keys = tuple(zip(bars["source_id"], bars["mention_group"], strict=True))
    found = _sentences(tables, extras, keys)
    return bars.assign(sentences=[found.get((s, g), [t]) for (s, g), t in zip(keys, bars["sentence"], strict=True)])

"""What every page works from on one run: the corpus, the filter state, and which rows it keeps.

The filtered rows are a boolean mask over the table (`View.mask`), not a copy of it:
with a million rows a copy costs seconds per rerun. Pages ask `components.cached` for
what they show and `View.take` for the few rows they list.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from . import rowindex
from .data import Corpus
from .filters import FilterState

VIEW_KEY = "_view"


@dataclass(frozen=True, eq=False)
class View:
    corpus: Corpus
    state: FilterState
    mask: np.ndarray     # rows the filters keep (clean and flagged alike; charts split them)

    @property
    def key(self) -> tuple:
        """Cache key of the corpus, for the st.cache_data functions in components.cached."""
        return self.corpus.key

    @property
    def data_state(self) -> FilterState:
        from .cached import data_state
        return data_state(self.state)

    @property
    def index(self) -> rowindex.RowIndex:
        return rowindex.for_corpus(self.corpus)

    def take(self, positions: np.ndarray, columns: list[str] | None = None) -> pd.DataFrame:
        """Some rows of the table (by position), optionally only some columns — selected before taking."""
        claims = self.corpus.claims
        if columns is not None:
            claims = claims[[c for c in columns if c in claims]]
        return claims.iloc[positions]


def set_view(corpus: Corpus, state: FilterState) -> View:
    """Called once per run by app.py after the filter bar."""
    from .cached import mask
    view = View(corpus, state, mask(corpus, state))
    st.session_state[VIEW_KEY] = view
    return view


def current_view() -> View:
    view = st.session_state.get(VIEW_KEY)
    if view is None:  # a page run on its own (never through app.py): fall back to everything
        from .data import get_corpus
        view = set_view(get_corpus(), FilterState())
    return view

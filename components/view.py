"""What every page works from on one run: the corpus, the filter state, and the filtered rows."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from .data import Corpus
from .filters import FilterState, apply_filters

VIEW_KEY = "_view"


@dataclass(frozen=True)
class View:
    corpus: Corpus
    state: FilterState
    rows: pd.DataFrame   # filtered claims (clean and flagged alike; charts split them)

    @property
    def key(self) -> tuple:
        """Cache key of the corpus, for the st.cache_data functions in components.cached."""
        return self.corpus.key

    @property
    def data_state(self) -> FilterState:
        from .cached import data_state
        return data_state(self.state)


def set_view(corpus: Corpus, state: FilterState) -> View:
    """Called once per run by app.py after the filter bar."""
    view = View(corpus, state, apply_filters(corpus.claims, state))
    st.session_state[VIEW_KEY] = view
    return view


def current_view() -> View:
    view = st.session_state.get(VIEW_KEY)
    if view is None:  # a page run on its own (never through app.py): fall back to everything
        from .data import get_corpus
        view = set_view(get_corpus(), FilterState())
    return view

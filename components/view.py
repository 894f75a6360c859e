"""What every page works from on one run: the tables, this session's extra rows, what they offer, the filters."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from claims.query.catalog import Catalog
from claims.query.filters import FilterState
from claims.query.tables import Extras, Tables

VIEW_KEY = "_view"


@dataclass(frozen=True)
class View:
    tables: Tables
    extras: Extras
    catalog: Catalog
    state: FilterState

    @property
    def data_state(self) -> FilterState:
        return self.state.data_only()


def set_view(view: View) -> View:
    """Called once per run by app.py after the filter bar."""
    st.session_state[VIEW_KEY] = view
    return view


def current_view() -> View:
    view = st.session_state.get(VIEW_KEY)
    if not isinstance(view, View):   # a page run on its own (never through app.py): everything, no filters
        from . import cached, data, library
        tables, extras = data.get_tables(), library.extras()
        view = set_view(View(tables, extras, cached.catalog(tables, extras), FilterState()))
    return view

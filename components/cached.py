"""The one cache layer: Streamlit's caches around the questions of `claims.query`.

Every function receives what its answer depends on — the tables, this session's extra rows,
the filter state, the page's options — and the cache key is derived from exactly that:
`Tables` hash as their version (path and file stamps), `Extras` as theirs (a digest of a
session's uploads, the library's last audit id). A result computed with some session's
uploads is therefore stored under a key no session without them can produce. Results are
small frames; the tables themselves stay in `st.cache_resource` (components.data).
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import pyarrow as pa
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from claims.entities import load_entities
from claims.query import catalog as catalog_q
from claims.query import conflicts, figures, rows, timeline
from claims.query.catalog import Catalog
from claims.query.filters import FilterState
from claims.query.tables import Extras, Tables, article_text

HASH = {Tables: lambda t: t.version, Extras: lambda e: e.version, Catalog: lambda c: c.key}


def _data(**kwargs):
    return st.cache_data(hash_funcs=HASH, show_spinner=False, **kwargs)


class Early:
    """A cached question asked ahead of where its answer is drawn (see `early`)."""

    def __init__(self, question, args: tuple, future: Future | None):
        self.question, self.args, self.future = question, args, future

    def answer(self, *args):
        """`question(*args)`: the answer started early when it was asked with these very arguments (a widget
        drawn since may show another value than the page guessed), else asked now."""
        if self.future is not None and args == self.args:
            return self.future.result()
        return self.question(*args)


def early(question, *args, start: bool = True) -> Early:
    """Start the cached `question(*args)` on a thread of its own now (unless `start` is false: the page
    cannot guess its arguments yet): the page asks its other questions meanwhile (each on its own DuckDB
    cursor) and calls `.answer(*args)` where the answer is drawn, with the arguments it then knows."""
    if not start:
        return Early(question, args, None)
    pool = ThreadPoolExecutor(max_workers=1, initializer=add_script_run_ctx, initargs=(None, get_script_run_ctx()))
    try:
        return Early(question, args, pool.submit(question, *args))
    finally:
        pool.shutdown(wait=False)


@st.cache_resource(hash_funcs=HASH, max_entries=32, show_spinner=False)
def catalog(tables: Tables, extras: Extras) -> Catalog:
    """What the filter bar offers (shared and read-only: kept, not copied, per tables and extras)."""
    return catalog_q.catalog(tables, extras)


@_data(max_entries=64)
def compare_bars(tables: Tables, extras: Extras, cat: Catalog, state: FilterState, kind: str, jpy_rate: float,
                 limit: int, excluded_limit: int):
    """(largest `limit` bars, first `excluded_limit` rows kept out, number of bars, number kept out)."""
    with tables.scope(extras) as cur:
        return figures.compare_bars(cur, state, kind, cat.titles, cat.labels, jpy_rate, limit, excluded_limit)


@_data(max_entries=32)
def derived(tables: Tables, extras: Extras, cat: Catalog, state: FilterState, jpy_rate: float, limit: int):
    """(annualized rates, how many, $ per GW pairs, how many) — the first `limit` of each."""
    with tables.scope(extras) as cur:
        rates, n_rates = figures.annualized_rates(cur, state, cat.titles, limit)
        per_gw, n_per_gw = figures.dollars_per_gw(cur, state, cat.titles, jpy_rate, limit)
    return rates, n_rates, per_gw, n_per_gw


@_data(max_entries=32)
def history(tables: Tables, extras: Extras, cat: Catalog, state: FilterState, entity: str, kind: str, measure: str,
            jpy_rate: float, limit: int = 200):
    """(one entity's stated figures of one measure by publication date, how many) — see `figures.history`."""
    with tables.scope(extras) as cur:
        return figures.history(cur, state, entity, kind, measure, cat.titles, jpy_rate, limit)


@st.cache_resource(hash_funcs=HASH, max_entries=32, show_spinner=False)
def conflict_subjects(tables: Tables, extras: Extras) -> pa.Table:
    """The subject of each set of entities the rows name (`conflicts.subjects`): the same under every filter,
    so kept with the tables like the catalog (shared and read-only: an Arrow table is never changed)."""
    ent = load_entities()
    with tables.scope(extras) as cur:
        return conflicts.subjects(cur, ent.types, ent.affiliation)


@_data(max_entries=32)
def conflict_pairs(tables: Tables, extras: Extras, state: FilterState, limit: int):
    """(the first `limit` conflicting pairs, how many pairs were compared, `conflicts.conflict_groups` of them,
    how many things have differing values in all — only the most cited are compared)."""
    ent = load_entities()
    stored = not extras.items and tables.figures == conflicts.figures_digest(ent.types, ent.affiliation)
    named = None if stored and state.keeps_whole_figures else conflict_subjects(tables, extras)
    with tables.scope(extras) as cur:
        pairs, n_groups = conflicts.find_conflicts(cur, state, ent.types, ent.affiliation, named=named, stored=stored)
    return pairs.head(limit), len(pairs), conflicts.conflict_groups(pairs), n_groups


@_data(max_entries=32)
def timeline_said(tables: Tables, extras: Extras, cat: Catalog, state: FilterState, color_by: str, limit: int):
    with tables.scope(extras) as cur:
        return timeline.said(cur, state, cat.titles, color_by, limit)


@_data(max_entries=32)
def timeline_meant(tables: Tables, extras: Extras, cat: Catalog, state: FilterState, color_by: str, limit: int):
    with tables.scope(extras) as cur:
        return timeline.meant(cur, state, cat.titles, cat.labels, color_by, limit)


@_data(max_entries=32)
def not_charted(tables: Tables, extras: Extras, cat: Catalog, state: FilterState, limit: int):
    """The first `limit` rows the filters keep but the charts leave out, and how many there are."""
    with tables.scope(extras) as cur:
        return timeline.not_charted(cur, state, cat.titles, limit)


@_data(max_entries=32)
def overview(tables: Tables, extras: Extras, cat: Catalog, state: FilterState, max_articles: int) -> dict:
    """Everything the Overview shows: the counts, kinds, headline figures and the articles."""
    with tables.scope(extras) as cur:
        listed, n_articles = rows.articles(cur, state, max_articles)
        return figures.counts(cur, state) | {
            "counts": figures.kind_counts(cur, state),
            "power_top": figures.headline(cur, state, "power", cat.titles),
            "money_top": figures.headline(cur, state, "money", cat.titles),
            "articles": listed, "n_articles": n_articles,
        }


@_data(max_entries=64)
def explorer_page(tables: Tables, extras: Extras, state: FilterState, query: str, limit: int):
    """(the first `limit` rows the filters and the search keep, how many)."""
    with tables.scope(extras) as cur:
        return rows.explorer_page(cur, state, query, limit)


def explorer_rows(tables: Tables, extras: Extras, state: FilterState, query: str) -> pa.Table:
    """Every found row (not cached: only built when a download is asked for)."""
    with tables.scope(extras) as cur:
        return rows.explorer_rows(cur, state, query)


@_data(max_entries=64)
def source_rows(tables: Tables, extras: Extras, state: FilterState, source_id: str):
    with tables.scope(extras) as cur:
        return rows.source_rows(cur, state, source_id)


@_data(max_entries=64)
def article_meta(tables: Tables, extras: Extras, source_id: str) -> dict | None:
    with tables.scope(extras) as cur:
        return rows.article_meta(cur, source_id)


@_data(max_entries=16)
def text(tables: Tables, extras: Extras, source_id: str) -> str:
    """One article's text ("" when the articles table has none or it cannot be read)."""
    try:
        return article_text(tables, extras, source_id) or ""
    except Exception:  # noqa: BLE001 — the file changed or broke since it was loaded: show sentences instead
        return ""


def count_all(tables: Tables, extras: Extras) -> int:
    return tables.n_rows + sum(e.claims.num_rows for e in extras.items)

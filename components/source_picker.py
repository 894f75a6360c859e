"""Picking articles in a large corpus: a search box, then a pick among its matches.

Streamlit sends every option of a multiselect or selectbox to the browser on every rerun and
formats each one in Python: with 55,557 articles that was 3.5 MB of labels and ~50 ms per rerun, on every
page. Up to LIST_ALL articles the pickers list them all. Above that they offer the articles whose
id, label or title contains the search text (or, with no search, the ones with the most claims),
always together with the articles already picked (from the URL or an earlier pick). So a shared link
keeps working, and the URL format (article labels) is the same at any size.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from claims.labels import md_escape
from claims.query.catalog import Catalog

from .cached import HASH

LIST_ALL = 500       # up to this many articles a picker lists them all
CANDIDATES = 200     # above: this many articles offered at a time
MAX_QUERY = 100


def normalized(texts: pa.Array) -> pa.Array:
    """NFKC, lower case, runs of spaces as one, trimmed — in Arrow, a whole column at once (555k titles at 10M
    rows: ~1.4 s instead of ~7 s one string at a time)."""
    folded = pc.utf8_lower(pc.utf8_normalize(texts, form="NFKC"))
    return pc.binary_join(pc.utf8_split_whitespace(pc.utf8_trim_whitespace(folded)), " ")


def normalize(text: str) -> str:
    """`normalized` of one text: 'ＯｐｅｎＡＩ' finds 'openai' (the search box and the haystack fold alike)."""
    return normalized(pa.array([str(text)], type=pa.string()))[0].as_py()


class SourceIndex:
    """The articles in the pickers' order. What only a search or a link by label needs (the folded text of
    every article, the label -> id map) is worked out the first time it is asked for, not at the first page
    of a freshly started server (at 10M rows: 555k titles, ~3 s)."""

    def __init__(self, cat: Catalog):
        self._cat = cat
        self.ids: tuple[str, ...] = tuple(cat.source_ids)        # every article, sorted by id
        most = [i for i in map(self._position, cat.most_claims) if i is not None]
        rest = np.setdiff1d(np.arange(len(self.ids)), most, assume_unique=True)
        # positions into `ids`, most claims first (ties in id order)
        self.by_claims: np.ndarray = np.concatenate([np.array(most, dtype=np.int64), rest.astype(np.int64)])

    @property
    def lists_all(self) -> bool:
        return len(self.ids) <= LIST_ALL

    def _position(self, source_id: str) -> int | None:
        i = bisect_left(self.ids, source_id)
        return i if i < len(self.ids) and self.ids[i] == source_id else None

    def has(self, source_id: str) -> bool:
        return self._position(source_id) is not None

    @cached_property
    def haystack(self) -> pa.Array:
        """normalize("id label title") per article."""
        words = [pa.array(x, type=pa.string()) for x in
                 (self.ids, [self._cat.label(s) for s in self.ids], [self._cat.title(s) for s in self.ids])]
        return normalized(pc.binary_join_element_wise(*words, " "))

    @cached_property
    def id_of_label(self) -> dict[str, str]:
        """label (the URL value) -> id."""
        return {self._cat.label(s): s for s in self.ids}


def build(cat: Catalog) -> SourceIndex:
    return SourceIndex(cat)


@st.cache_resource(hash_funcs=HASH, max_entries=8, show_spinner=False)
def for_catalog(cat: Catalog) -> SourceIndex:
    """Built once per catalog (tables + extras) and shared read-only."""
    return build(cat)


def picked_ids(index: SourceIndex, picked: object, url_labels: list[str]) -> list[str]:
    """Articles already chosen: ids from the widget's state, and the articles the URL names (by id, or
    by label in the sidebar's filter and in links made before the Sources page used ids)."""
    out = [s for s in (picked if isinstance(picked, list | tuple) else [picked]) if isinstance(s, str) and index.has(s)]
    out += [v if index.has(v) else index.id_of_label[v] for v in url_labels if index.has(v) or v in index.id_of_label]
    return list(dict.fromkeys(out))


def candidates(index: SourceIndex, query: str, picked: list[str],
               limit: int | None = None) -> tuple[list[str], int]:
    """(ids to offer: the picked ones, then up to `limit` (CANDIDATES) matches; how many articles match `query`)."""
    limit = CANDIDATES if limit is None else limit
    if index.lists_all:
        return list(index.ids), len(index.ids)
    q = normalize(query)[:MAX_QUERY]
    if q:
        hits = np.flatnonzero(pc.match_substring(index.haystack, q).to_numpy(zero_copy_only=False))
    else:
        hits = index.by_claims
    shown = [index.ids[i] for i in hits[:limit]]
    return list(dict.fromkeys([*picked, *shown])), len(hits)


def search_box(cat: Catalog, widget_key: str, search_key: str, label: str = "記事を検索 (search articles)",
               single: bool = False) -> list[str]:
    """The options for the article picker `widget_key` (its value lives in the URL under the same name);
    above LIST_ALL articles, draws a search box first (`search_key`) and a line saying what is offered.

    `single`: the picker is a selectbox. Its first option is then always the article it shows when none
    is chosen (Streamlit leaves a widget's default value out of the URL, so the default must not depend
    on the search or on what was picked), and a new search that matches switches it to the first match."""
    if len(cat.titles) <= LIST_ALL:
        return list(cat.source_ids)
    index = for_catalog(cat)
    query = st.text_input(
        label, key=search_key, max_chars=MAX_QUERY, placeholder="タイトル・番号の一部",
        help=f"記事が {len(index.ids):,} 件あるため、候補を {CANDIDATES} 件ずつ示します。"
             "タイトルや番号の一部を入れると、下の候補がそれに合う記事になります",
        on_change=_pick_first_match if single else None, args=(index, widget_key, search_key))
    picked = picked_ids(index, st.session_state.get(widget_key), st.query_params.get_all(widget_key))
    if single:
        picked = [index.ids[index.by_claims[0]], *picked]
    offered, matched = candidates(index, query, picked)
    if normalize(query):
        more = f"（候補は先頭 {CANDIDATES} 件）" if matched > CANDIDATES else ""
        st.caption(f"「{md_escape(query[:40])}」に合う記事 {matched:,} 件{more}")
    else:
        st.caption(f"全 {len(index.ids):,} 記事のうち、主張の多い {CANDIDATES} 件を候補にしています。")
    return offered


def _pick_first_match(index: SourceIndex, widget_key: str, search_key: str) -> None:
    query = st.session_state.get(search_key, "")
    first, matched = candidates(index, query, [], limit=1)
    if matched and normalize(query):
        st.session_state[widget_key] = first[0]

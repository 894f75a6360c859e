"""Articles a reader adds in the browser: kept in their session only ("try without saving").

Extraction is `claims.ingest` (the CLI's decoder and extractor). The rows stay in this
session's state as Arrow tables and join every page as an `Extra` of the query layer: its
version (a digest of the rows) is part of every cache key, so a result computed with one
session's uploads is never served to another session.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from claims.query.tables import Extra, Extras

STORE_KEY = "_uploads"
UPLOAD_MARK = "⬆"


@dataclass(frozen=True)
class UploadStore:
    claims: pa.Table            # claims rows of the uploaded articles
    articles: pa.Table          # their articles-table rows
    sizes: dict[str, int] = field(default_factory=dict)   # source_id -> bytes uploaded (the session budget)

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.values())

    @cached_property
    def digest(self) -> str:
        """Changes whenever the rows do (an article re-added with another date, too)."""
        h = hashlib.sha1()
        for table in (self.articles.drop_columns([c for c in ("text",) if c in self.articles.column_names]),
                      self.claims.select(["claim_id", "published"])):
            h.update(repr(table.to_pydict()).encode())
        return h.hexdigest()[:16]

    @cached_property
    def extra(self) -> Extra:
        """The rows as the query layer takes them (prepared once per store: a store never changes)."""
        return Extra.of("uploads", self.claims, self.articles, self.digest, UPLOAD_MARK)


def store() -> UploadStore | None:
    s = st.session_state.get(STORE_KEY)
    return s if isinstance(s, UploadStore) and s.articles.num_rows else None


def extras() -> Extras:
    """This session's rows that join the shipped tables (none when nothing was uploaded)."""
    s = store()
    return Extras((s.extra,)) if s is not None else Extras()


def _without(table: pa.Table, source_ids: list[str]) -> pa.Table:
    return table.filter(pc.invert(pc.is_in(table.column("source_id"), pa.array(source_ids, pa.string()))))


def add(claims: pa.Table, articles: pa.Table, sizes: dict[str, int]) -> UploadStore:
    """Add (or replace, by source_id) uploaded articles in this session's store."""
    old = store()
    if old is not None:
        ids = articles.column("source_id").to_pylist()
        claims = pa.concat_tables([_without(old.claims, ids), claims], promote_options="default")
        articles = pa.concat_tables([_without(old.articles, ids), articles], promote_options="default")
        sizes = {**old.sizes, **sizes}
    new = UploadStore(claims, articles, sizes)
    st.session_state[STORE_KEY] = new
    return new


def remove(source_id: str) -> None:
    old = store()
    if old is None:
        return
    sizes = {k: v for k, v in old.sizes.items() if k != source_id}
    st.session_state[STORE_KEY] = UploadStore(_without(old.claims, [source_id]), _without(old.articles, [source_id]),
                                              sizes)


def clear() -> None:
    st.session_state.pop(STORE_KEY, None)

"""Articles a reader adds in the browser: kept in their session only, merged into every page.

Extraction is `claims.ingest` (the CLI's decoder and extractor). Nothing is written to the
shipped data. The merged corpus is cached by the uploads' content hash, so every page (and
the `st.cache_data` helpers keyed on `Corpus.key`) sees the same frame without recomputing.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from claims import schema

from .data import Corpus, LabelMap, _entity_options, _make_contiguous, _short_title, _with_helpers

STORE_KEY = "_uploads"
UPLOAD_MARK = "⬆"
_MERGED: OrderedDict[tuple, Corpus] = OrderedDict()   # key -> merged corpus (a few sessions' worth)
_MAX_MERGED = 8


@dataclass(frozen=True)
class UploadStore:
    claims: pd.DataFrame        # claims rows of the uploaded articles (schema types)
    articles: pd.DataFrame      # their articles-table rows
    total_bytes: int = 0

    @property
    def digest(self) -> str:
        ids = "\x1f".join(sorted(self.articles["source_id"].astype(str)))
        return hashlib.sha1(ids.encode()).hexdigest()[:12]

    @property
    def empty(self) -> bool:
        return self.articles.empty


def store() -> UploadStore | None:
    s = st.session_state.get(STORE_KEY)
    return s if isinstance(s, UploadStore) and not s.empty else None


def add(claims: pd.DataFrame, articles: pd.DataFrame, n_bytes: int) -> UploadStore:
    """Add (or replace, by source_id) uploaded articles in this session's store."""
    old = store()
    if old is not None:
        keep = ~old.articles["source_id"].isin(articles["source_id"])
        keep_claims = ~old.claims["source_id"].isin(articles["source_id"])
        claims = pd.concat([old.claims[keep_claims], claims], ignore_index=True)
        articles = pd.concat([old.articles[keep], articles], ignore_index=True)
        n_bytes += old.total_bytes
    new = UploadStore(claims.reset_index(drop=True), articles.reset_index(drop=True), n_bytes)
    st.session_state[STORE_KEY] = new
    return new


def remove(source_id: str) -> None:
    old = store()
    if old is None:
        return
    arts = old.articles[old.articles["source_id"] != source_id]
    removed = int(old.articles.loc[old.articles["source_id"] == source_id, "n_chars"].fillna(0).sum())
    st.session_state[STORE_KEY] = UploadStore(old.claims[old.claims["source_id"] != source_id]
                                              .reset_index(drop=True), arts.reset_index(drop=True),
                                              max(0, old.total_bytes - removed))


def clear() -> None:
    st.session_state.pop(STORE_KEY, None)


def with_uploads(corpus: Corpus) -> Corpus:
    """The shipped corpus, plus this session's uploads when there are any."""
    s = store()
    if s is None:
        return corpus
    key = corpus.key + (("uploads", s.digest),)
    merged = _MERGED.get(key)
    if merged is None:
        merged = merge(corpus, s, key)
        _MERGED[key] = merged
        while len(_MERGED) > _MAX_MERGED:
            _MERGED.popitem(last=False)
    _MERGED.move_to_end(key)
    return merged


def corpus_for_key(key: tuple) -> Corpus | None:
    """A merged corpus by its key (for st.cache_data helpers); None for a plain corpus key."""
    return _MERGED.get(key) if key and key[-1][:1] == ("uploads",) else None


def merge(corpus: Corpus, s: UploadStore, key: tuple) -> Corpus:
    up_claims = _with_helpers(schema.coerce(s.claims, schema.CLAIM_FIELDS, where="uploads"))
    claims = pd.concat([corpus.claims, up_claims[[c for c in corpus.claims.columns if c in up_claims]]],
                       ignore_index=True)
    _make_contiguous(claims)
    articles = corpus.articles
    if articles is not None:
        up_articles = schema.coerce(s.articles, schema.ARTICLE_FIELDS, where="uploads")
        articles = pd.concat([articles, up_articles[[c for c in articles.columns if c in up_articles]]],
                             ignore_index=True)
    plain = {str(sid): str(title) for sid, title in zip(s.articles["source_id"], s.articles["title"], strict=True)}
    titles = dict(sorted({**corpus.titles, **{sid: f"{UPLOAD_MARK} {t}" for sid, t in plain.items()}}.items()))
    labels = LabelMap({**corpus.source_labels,
                       **{sid: f"{UPLOAD_MARK} {_short_title(t)}" for sid, t in plain.items()}})
    dates = [d for d in (corpus.date_min, corpus.date_max, *s.articles["published"].dropna()) if d is not None]
    return replace(corpus, claims=claims, articles=articles, titles=titles, source_labels=labels,
                   entity_options=_entity_options(claims),      # counted with pyarrow, not row by row
                   date_min=min(dates) if dates else None, date_max=max(dates) if dates else None,
                   key=key)


def is_uploaded(source_id: str) -> bool:
    return str(source_id).startswith("up_")

"""Load the claims table and its articles table once per process.

`load_corpus` uses no Streamlit (raises `schema.SchemaError`); `get_corpus` wraps it for
Streamlit: the frames live in `st.cache_resource` (shared, read-only: nothing
downstream mutates them, filters return new frames), keyed by path and file
modification time so a rebuilt table is picked up without a restart.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import streamlit as st

from claims import schema
from claims.paths import DATA_DIR

from . import rowindex
from .rowindex import CLEAN_SECTIONS

ENV_VAR = "CLAIMS_TABLE"
DEFAULT_TABLE = DATA_DIR / "claims.parquet"
REBUILD_COMMAND = "python -m claims build data/raw --out data/claims.parquet --out data/claims.csv"


@dataclass(frozen=True)
class Corpus:
    path: Path
    claims: pd.DataFrame                 # contract columns + helper columns starting with "_"
    articles: pd.DataFrame | None        # None when the articles table is missing or unreadable
    articles_problem: str = ""           # why `articles` is None ("" when it loaded)
    titles: dict[str, str] = field(default_factory=dict)        # source_id -> title
    source_labels: dict[str, str] = field(default_factory=dict)  # source_id -> short label
    entity_options: tuple[str, ...] = ()  # entities by frequency, most frequent first
    date_min: date | None = None
    date_max: date | None = None
    key: tuple = ()                       # (path, claims stamp, articles stamp): the cache key
    text_path: Path | None = None         # Parquet articles table whose texts are read one at a time

    def title(self, source_id: str) -> str:
        return self.titles.get(source_id, source_id)

    def label(self, source_id: str) -> str:
        return self.source_labels.get(source_id, source_id)


def table_path() -> Path:
    """The claims table to read: $CLAIMS_TABLE if set, else data/claims.parquet."""
    raw = os.environ.get(ENV_VAR, "").strip()
    return Path(raw).expanduser() if raw else DEFAULT_TABLE


def _short_title(title: str, n: int = 22) -> str:
    title = " ".join(str(title).split())
    return title if len(title) <= n else title[: n - 1] + "…"


class LabelMap(dict):
    """source_id -> label; an unknown id is its own label (so `labels.__getitem__` can be a format_func)."""

    def __missing__(self, key: str) -> str:
        return key


def source_labels(titles: dict[str, str]) -> dict[str, str]:
    """'004 速報!トランプ大統領が…' — the file-stem prefix (if unique) plus a short title."""
    prefixes = {sid: sid.split("_")[0] for sid in titles}
    unique = len(set(prefixes.values())) == len(prefixes)
    out = {}
    for sid, title in titles.items():
        head = prefixes[sid] if unique else sid
        out[sid] = head if title == sid else f"{head} {_short_title(title)}"
    return LabelMap(out)


def _with_helpers(claims: pd.DataFrame) -> pd.DataFrame:
    """Add `_clean` (chartable), `_entities` (entities ∪ context_entities) and `_primary` (first entity).

    Vectorized with pyarrow (no Python per row), and without copying the table's columns."""
    out = claims.copy(deep=False)
    list_type = pa.list_(pa.string())
    merged = rowindex.merged_lists(rowindex.arrow(out["entities"], list_type),
                                   rowindex.arrow(out["context_entities"], list_type))
    out["_entities"] = pd.Series(pd.arrays.ArrowExtensionArray(merged), index=out.index)
    offsets = merged.offsets.to_numpy()
    has = np.diff(offsets) > 0
    first = merged.values.take(pa.array(np.where(has, offsets[:-1], 0), mask=~has)) if len(merged.values) \
        else pa.nulls(len(merged), pa.string())
    out["_primary"] = pd.Series(pd.arrays.ArrowExtensionArray(first.fill_null("")), index=out.index)
    n_flags = pc.list_value_length(rowindex.arrow(out["flags"], list_type)).fill_null(0)
    no_flags = n_flags.to_numpy(zero_copy_only=False) == 0
    out["_clean"] = no_flags & out["section"].isin(CLEAN_SECTIONS).to_numpy(dtype=bool, na_value=False)
    return out


def _make_contiguous(df: pd.DataFrame) -> None:
    """Each pyarrow column as one chunk, in place: taking a few rows from a column of many chunks
    costs as much as reading all of it (pyarrow joins the chunks first), i.e. milliseconds per
    take at a million rows. Column by column, replacing each in the frame, so the old chunks are
    freed before the next column is joined (memory grows by one column at most)."""
    for name in list(df.columns):
        arr = getattr(df[name].array, "_pa_array", None)
        if isinstance(arr, pa.ChunkedArray) and arr.num_chunks > 1:
            try:
                joined = arr.combine_chunks()
            except pa.ArrowInvalid:   # over 2 GB of text in one column: keep the chunks
                continue
            del arr
            df[name] = pd.Series(pd.arrays.ArrowExtensionArray(joined), index=df.index)


def _entity_options(claims: pd.DataFrame) -> tuple[str, ...]:
    """Entities by frequency (most frequent first, then by name)."""
    flat = pc.list_flatten(rowindex.arrow(claims["_entities"], pa.list_(pa.string()))).drop_null()
    if not len(flat):
        return ()
    counts = pc.value_counts(flat)
    names, n = counts.field("values").to_pylist(), counts.field("counts").to_pylist()
    return tuple(e for _, e in sorted(zip((-c for c in n), names, strict=True)))


TEXT_IN_MEMORY_BYTES = 64 * 2**20   # article texts smaller than this (uncompressed, on disk) are read at once


def _read_articles(path: Path) -> tuple[pd.DataFrame, Path | None]:
    """The articles table; from Parquet without the `text` column (null here), which
    `read_article_text` reads one article at a time: 50,000 articles are ~600 MB of text
    that no page needs at once. Returns (articles, path to read texts from or None)."""
    if path.suffix == ".parquet":
        try:
            names = pq.read_schema(path).names
        except Exception:  # noqa: BLE001 — unreadable: let read_table explain it
            names = []
        if "text" in names:
            articles = schema.read_table(path, schema.ARTICLE_FIELDS, columns=[c for c in names if c != "text"])
            schema.validate(articles, tuple(c for c in schema.ARTICLE_REQUIRED if c != "text"), where=str(path))
            articles["text"] = pd.Series(pd.arrays.ArrowExtensionArray(pa.nulls(len(articles), pa.string())),
                                         index=articles.index)
            return articles, path
    articles = schema.read_table(path, schema.ARTICLE_FIELDS)
    schema.validate(articles, schema.ARTICLE_REQUIRED, where=str(path))
    return articles, None


def read_article_text(path: Path, source_id: str) -> str | None:
    """One article's text from a Parquet articles table, without decoding the others."""
    f = pq.ParquetFile(path)
    i = f.schema_arrow.get_field_index("text")
    size = sum(f.metadata.row_group(r).column(i).total_uncompressed_size for r in range(f.num_row_groups))
    if size <= TEXT_IN_MEMORY_BYTES:   # small on disk (e.g. dictionary-encoded): a filtered read is cheapest
        hit = pq.read_table(path, columns=["source_id", "text"], filters=[("source_id", "=", source_id)],
                            read_dictionary=["text"])
        return hit["text"][0].as_py() if hit.num_rows else None
    for batch in f.iter_batches(batch_size=2048, columns=["source_id", "text"]):   # bounded memory
        j = pc.index(batch.column("source_id"), source_id).as_py()
        if j >= 0:
            return batch.column("text")[j].as_py()
    return None


def load_corpus(path: str | os.PathLike) -> Corpus:
    """Read and validate both tables; raises SchemaError for a bad claims table.

    A missing or broken articles table is not fatal: the app then works from
    the sentences in the claims table.
    """
    paths = schema.TablePaths.beside(path)
    claims = schema.read_table(paths.claims, schema.CLAIM_FIELDS)
    schema.validate(claims, where=f"{paths.claims}")
    articles, problem, text_path = None, "", None
    if not paths.articles.exists():
        problem = f"記事テーブル {paths.articles.name} が見つかりません (not found)"
    else:
        try:
            articles, text_path = _read_articles(paths.articles)
        except schema.SchemaError as exc:
            articles, problem = None, f"記事テーブルを読み込めません: {exc}"
    titles: dict[str, str] = {}
    if articles is not None:
        titles = {str(s): str(t) if pd.notna(t) and str(t) else str(s)
                  for s, t in zip(articles["source_id"], articles["title"], strict=True)}
    for sid in claims["source_id"].dropna().unique():
        titles.setdefault(str(sid), str(sid))
    titles = dict(sorted(titles.items()))
    _make_contiguous(claims)
    claims = _with_helpers(claims)
    entity_options = _entity_options(claims)
    dates = pd.concat([claims["published"]] + ([articles["published"]] if articles is not None
                                                and "published" in articles else [])).dropna()
    return Corpus(
        path=Path(path), claims=claims, articles=articles, articles_problem=problem, text_path=text_path,
        titles=titles, source_labels=source_labels(titles), entity_options=entity_options,
        date_min=dates.min() if len(dates) else None, date_max=dates.max() if len(dates) else None,
    )


def _stamp(p: Path) -> tuple[int, int]:
    try:
        st_ = p.stat()
        return st_.st_mtime_ns, st_.st_size
    except OSError:
        return 0, 0


def get_corpus() -> Corpus:
    """The corpus for this app, or an explanatory error page and `st.stop()`."""
    path = table_path()
    paths = schema.TablePaths.beside(path)
    try:
        return _cached_corpus(str(path), _stamp(paths.claims), _stamp(paths.articles))
    except schema.SchemaError as exc:
        show_load_error(path, str(exc))
    except Exception as exc:  # noqa: BLE001 — anything else unreadable: explain, never a traceback
        show_load_error(path, f"{type(exc).__name__}: {exc}")
    st.stop()
    raise AssertionError("unreachable")


@st.cache_resource(show_spinner="データを読み込んでいます…", max_entries=4)
def _cached_corpus(path: str, claims_stamp: tuple, articles_stamp: tuple) -> Corpus:
    """Stamps (mtime, size) are part of the key so a rebuilt table is reloaded."""
    corpus = replace(load_corpus(path), key=(path, claims_stamp, articles_stamp))
    rowindex.for_corpus(corpus)      # built with the table, not on the first page that needs it
    pa.default_memory_pool().release_unused()   # hand back what reading and joining chunks left over
    return corpus


def corpus_by_key(key: tuple) -> Corpus:
    """The cached corpus for a `Corpus.key` (used by st.cache_data functions keyed on it)."""
    return _cached_corpus(*key)


def show_load_error(path: Path, message: str) -> None:
    st.error(
        f"主張テーブル (claims table) `{path}` を読み込めませんでした。原因 (what is wrong):",
        title="データを読み込めません (The claims table could not be loaded)",
    )
    st.code(message, language=None, wrap_lines=True)
    st.markdown(
        "次のコマンドでテーブルを作り直してください (rebuild the tables):\n\n"
        f"```\n{REBUILD_COMMAND}\n```\n\n"
        f"別のテーブルを使う場合は、環境変数 `{ENV_VAR}` に `.parquet` または `.csv` のパスを指定します"
        "（記事テーブル `articles.*` は同じフォルダに置きます）。"
    )

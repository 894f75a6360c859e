"""The claims and articles tables, held once per process in DuckDB.

`open_tables(path)` reads a claims table (`.parquet`, `.csv`, or a partitioned Parquet
dataset directory `DIR/claims/*.parquet` + `DIR/articles/*.parquet`) and its articles table
into one DuckDB database:

- `shipped`: the claims rows plus the derived columns of `loading.DERIVED` and
  `loading.FIGURE_OF_ROW` (written once). When `write_database` has written a DuckDB file
  from these very files, that file is attached read-only (a large table starts at once and
  is read through DuckDB's buffer cache); otherwise, up to `MATERIALIZE_ROWS` rows, the table
  is loaded into memory, and above that it is a view over the Parquet files.
- `shipped_articles`: the articles' metadata (texts are read one article at a time).

Rows that join them while the app runs — a session's uploads, the shared library — come as
`Extra`s (Arrow tables with a version). `Tables.scope(extras)` gives a fresh cursor (one per
call, so per thread) where the views `claims` and `articles` are the union of the shipped
rows and those extras: nothing is copied or merged, and one session's extras are invisible
to every other cursor.
"""
from __future__ import annotations

import os
import re
import tempfile
from collections import ChainMap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from claims import schema

from .loading import (  # noqa: F401 — some only re-exported: callers open and write tables through here
    CLEAN_SECTIONS,
    DATABASE,
    DERIVED,
    FIGURE_OF_ROW,
    REPRESENTATIVE,
    Labels,
    _short_title,
    attach_current_database,
    database_file,
    database_memory,
    load_articles,
    load_claims,
    source_labels,
    sql_list,
    store_names,
    table_files,
    version_of,
    write_database,
)

EXTRA_IDS = ("uploads", "library")   # the kinds of extra rows; each gets its own range of row ids
_ARTICLE_META = [c for c in schema.ARTICLE_FIELDS if c != "text"]


@dataclass(frozen=True, eq=False)
class Extra:
    """Rows that join the shipped table while the app runs: a session's uploads or the library.

    Made by `of`: its claims carry the derived columns the shipped rows have (worked out once per
    version, not per question) and row ids (`_row`) below zero, apart from the shipped rows' and
    each other's."""
    name: str                 # "uploads" or "library": the registered table names derive from it
    claims: pa.Table
    articles: pa.Table
    version: str              # changes whenever the rows do (a content digest, an audit id)
    title_mark: str = ""      # shown before the titles of these articles ("⬆")

    @classmethod
    def of(cls, name: str, claims: pa.Table, articles: pa.Table, version: str, title_mark: str = "") -> Extra:
        first = -(EXTRA_IDS.index(name) + 1) << 40
        ids = pa.array(range(first, first + claims.num_rows), type=pa.int64())
        con = duckdb.connect()
        try:
            con.register("rows_in", claims.append_column("_row", ids))
            prepared = con.sql(f"SELECT *, {FIGURE_OF_ROW} FROM (SELECT *, {DERIVED} FROM rows_in)").to_arrow_table()
        finally:
            con.close()
        return cls(name, prepared, articles, version, title_mark)


@dataclass(frozen=True)
class Extras:
    items: tuple[Extra, ...] = ()

    @property
    def version(self) -> tuple:
        """What the cache keys of results computed with these rows include."""
        return tuple((e.name, e.version) for e in self.items)

    def titles(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for e in self.items:
            for sid, title in zip(e.articles.column("source_id").to_pylist(),
                                  e.articles.column("title").to_pylist(), strict=True):
                out[str(sid)] = f"{e.title_mark} {title or sid}".strip()
        return out

    def labels(self) -> dict[str, str]:
        """Short labels of the extras' articles: the mark, a code from the id's end (its content hash, so
        adding an article never changes another's label), and the short title: '⬆3fa2 北辰データ…'."""
        out: dict[str, str] = {}
        for e in self.items:
            for sid, title in zip(e.articles.column("source_id").to_pylist(),
                                  e.articles.column("title").to_pylist(), strict=True):
                out[str(sid)] = f"{e.title_mark}{str(sid)[-4:]} {_short_title(title or sid)}"
        return out


NO_EXTRAS = Extras()


@dataclass(eq=False)
class Tables:
    """The shipped tables in DuckDB (read-only after `open_tables`) and what the filter bar needs of them."""
    con: duckdb.DuckDBPyConnection
    path: Path
    version: tuple                       # (path, stamps of the files): part of every cache key
    n_rows: int
    articles_problem: str = ""           # why there is no articles table ("" when it loaded)
    has_articles: bool = True
    text_files: tuple[str, ...] = ()     # Parquet files to read article texts from, one at a time
    titles: Mapping[str, str] = field(default_factory=dict)   # source_id -> title, sorted by id
    labels: Mapping[str, str] = field(default_factory=dict)   # source_id -> short label ('004 速報!…')
    figures: str = ""            # the DuckDB file's stored conflict figures (conflicts.figures_digest), "" for none

    @contextmanager
    def scope(self, extras: Extras = NO_EXTRAS) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor whose `claims` and `articles` views hold the shipped rows and `extras`' rows."""
        cur = self.con.cursor()
        try:
            cur.execute(f"USE {DATABASE}")
            claims, articles = ["SELECT * FROM shipped"], ["SELECT * FROM shipped_articles"]
            for e in extras.items:
                cur.register(f"{e.name}_claims_in", e.claims)
                cur.register(f"{e.name}_articles_in", e.articles)
                claims.append(f"SELECT * FROM {e.name}_claims_in")
                articles.append(f"SELECT {', '.join(_ARTICLE_META)} FROM {e.name}_articles_in")
            cur.execute("CREATE TEMP VIEW claims AS " + " UNION ALL BY NAME ".join(claims))
            cur.execute("CREATE TEMP VIEW articles AS " + " UNION ALL BY NAME ".join(articles))
            yield cur
        finally:
            cur.close()


def open_tables(path: str | os.PathLike) -> Tables:
    """Read and validate both tables; raises SchemaError for a bad claims table.

    A missing or broken articles table is not fatal: the app then works from the sentences."""
    path = Path(path)
    version = version_of(path)
    claims_files, article_files = table_files(path)
    con = duckdb.connect(":memory:", config={"preserve_insertion_order": False})
    written = attach_current_database(con, path)
    figures = ""
    if written is not None:       # written by `write_database` from these very files (and validated then)
        problem, figures = written
        con.execute(f"USE {DATABASE}")
        con.execute(f"SET memory_limit = '{database_memory(database_file(path))}'")
        con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/claims-duckdb-spill'")
        n_rows = con.execute("SELECT count(*) FROM shipped").fetchall()[0][0]
        text_files = tuple(map(str, article_files)) if not problem and article_files[0].suffix == ".parquet" else ()
    else:
        con.execute(f"ATTACH ':memory:' AS {DATABASE} (COMPRESS)")    # compressed in memory
        con.execute(f"USE {DATABASE}")
        n_rows = load_claims(con, claims_files)
        problem, text_files = load_articles(con, article_files)
        store_names(con)
    names = con.sql("SELECT source_id, title, label FROM shipped_names ORDER BY source_id").to_arrow_table()
    ids = names.column("source_id").to_pylist()
    return Tables(con=con, path=path, version=version, n_rows=n_rows, articles_problem=problem,
                  has_articles=not problem, text_files=text_files, figures=figures,
                  titles=dict(zip(ids, names.column("title").to_pylist(), strict=True)),
                  labels=Labels(zip(ids, names.column("label").to_pylist(), strict=True)))


def all_titles(tables: Tables, extras: Extras) -> Mapping[str, str]:
    """source_id -> title over the shipped articles and the extras (the extras' first)."""
    return ChainMap(extras.titles(), tables.titles) if extras.items else tables.titles


def all_labels(tables: Tables, extras: Extras) -> Mapping[str, str]:
    """source_id -> short label over the shipped articles and the extras (the extras' first)."""
    return ChainMap(extras.labels(), tables.labels) if extras.items else tables.labels


def article_text(tables: Tables, extras: Extras, source_id: str) -> str | None:
    """One article's text: from an extra's articles, the in-memory CSV table, or the Parquet file(s)."""
    for e in extras.items:
        ids = e.articles.column("source_id").to_pylist()
        if source_id in ids and "text" in e.articles.column_names:
            return e.articles.column("text")[ids.index(source_id)].as_py()
    with tables.scope() as cur:
        if tables.text_files:
            row = cur.execute(f"SELECT text FROM read_parquet({sql_list([Path(p) for p in tables.text_files])},"
                              " union_by_name = true) WHERE source_id = $sid LIMIT 1", {"sid": source_id}).fetchone()
        elif "text" in {r[0] for r in cur.execute("DESCRIBE shipped_articles").fetchall()}:
            row = cur.execute("SELECT text FROM shipped_articles WHERE source_id = $sid LIMIT 1",
                              {"sid": source_id}).fetchone()
        else:
            row = None
    return row[0] if row else None


_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def run(cur: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pa.Table:
    """Execute named SQL with the parameters it names (DuckDB refuses unused ones); an Arrow table."""
    used = set(_PARAM.findall(sql))
    bound = {k: v for k, v in (params or {}).items() if k in used}
    return cur.sql(sql, params=bound or None).to_arrow_table()

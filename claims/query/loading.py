"""Reading a table's files into DuckDB: checks, the derived columns, and the DuckDB file written beside it.

`claims.query.tables.open_tables` calls these; the build (`python -m claims index`, a dataset's
generation) calls `write_database`.
"""
from __future__ import annotations

import hashlib
import inspect
import os
from collections.abc import Mapping
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from claims import schema

MATERIALIZE_ROWS = 2_000_000   # above this, the claims are queried from the Parquet files
DATABASE = "corpus"
DATABASE_FILE = "claims.duckdb"   # written by `write_database` beside a table (never by the app)
WRITE_MEMORY_MB = 1024           # DuckDB's memory while writing such a file (sorting spills beyond it), at least …
WRITE_BYTES_PER_ROW = 700        # … and this much a claim: the sort of the wide rows does not spill below
                                 # ~600 bytes a row (1M rows: fails at 400 MB, passes at 600 MB; 10M failed at 1 GB)
DATABASE_MEMORY_MB = (384, 2048)  # DuckDB's memory over such a file: about its size, within these bounds (MB)
CLEAN_SECTIONS = ("body", "title")


def _num(col: str) -> str:
    """A float column with NaN (the contract's "no value") read as NULL."""
    return f"CASE WHEN isnan({col}) THEN NULL ELSE {col} END"


# Columns every query may use, derived from the contract's columns. `_clean` rows may be charted as
# claims: body or title, no flags, not a hypothetical (仮に…): the others are listed beneath the charts.
# `_low`/`_high` are the
# bounds as the contract defines them: exact/approx -> the value at both ends; at_least ->
# (low or value, open); at_most -> (open, high or value); range/vague -> (low, high).
DERIVED = f"""
    section IN ('body', 'title') AS _body,
    section IN ('body', 'title') AND coalesce(len(flags), 0) = 0
        AND coalesce(modality, '') <> 'hypothetical' AS _clean,
    CASE WHEN qualifier IN ('exact', 'approx') AND {_num('value')} IS NOT NULL THEN {_num('value')}
         WHEN qualifier = 'at_most' THEN NULL
         WHEN qualifier = 'at_least' THEN coalesce({_num('value_low')}, {_num('value')})
         ELSE {_num('value_low')} END AS _low,
    CASE WHEN qualifier IN ('exact', 'approx') AND {_num('value')} IS NOT NULL THEN {_num('value')}
         WHEN qualifier = 'at_least' THEN NULL
         WHEN qualifier = 'at_most' THEN coalesce({_num('value_high')}, {_num('value')})
         ELSE {_num('value_high')} END AS _high,
    list_distinct(list_concat(coalesce(entities, []), coalesce(context_entities, []))) AS _entities,
    array_to_string(list_sort(list_distinct(list_concat(coalesce(entities, []), coalesce(context_entities, [])))),
                    chr(31)) AS _entity_key,
    coalesce(entities[1], context_entities[1], '') AS _primary,
    coalesce(nullif(mention_group, ''), claim_id) AS _group,
    coalesce(rate_per, '') AS _rate,
    hash(sentence_start, sentence) AS _sentence_key,
    CASE WHEN len(entities) > 0 THEN hash(list_sort(entities)) END AS _entity_set
"""

# The mention that represents a figure (one per article and mention group): the first body mention that
# states a period, else the first body mention, else the first mention (a headline has less context).
REPRESENTATIVE = "(section <> 'body', time_start IS NULL AND time_end IS NULL, span_start, claim_id)"

# Each clean row's figure, worked out once over all rows: is it the representative of its mention group
# among the group's clean rows (`_rep`), and how many clean rows the group has (`_mentions`). Filters on
# the article, kind, date or section never split a mention group, so under them these stay exact.
FIGURE_OF_ROW = f"""
    _clean AND row_number() OVER (PARTITION BY source_id, _group, _clean ORDER BY {REPRESENTATIVE}) = 1 AS _rep,
    count(*) OVER (PARTITION BY source_id, _group, _clean) AS _mentions
"""


def _stamp(p: Path) -> tuple:
    try:
        s = p.stat()
        return (s.st_mtime_ns, s.st_size)
    except OSError:
        return (0, 0)


def table_files(path: Path) -> tuple[list[Path], list[Path]]:
    """(claims files, articles files) of a table: one file each, or the parts of a dataset directory.

    A dataset the build wrote is a generation `DIR/gen-…/` named by the symlink `DIR/current`
    (switched atomically by each build): it is resolved once, so both lists come from one generation."""
    if path.is_dir():
        path = _generation(path)
        return sorted((path / "claims").glob("*.parquet")), sorted((path / "articles").glob("*.parquet"))
    paths = schema.TablePaths.beside(path)
    return [paths.claims], [paths.articles]


def _generation(path: Path) -> Path:
    """The folder of a dataset's current generation (`DIR/current` -> `DIR/gen-…`), or the folder itself."""
    current = path / "current"
    return path / os.readlink(current) if current.is_symlink() and current.is_dir() else path


def version_of(path: str | os.PathLike) -> tuple:
    """Changes when any file of the table is rewritten (so a rebuilt table is reloaded)."""
    path = Path(path)
    claims, articles = table_files(path)
    return (str(path), tuple(_stamp(p) for p in claims), tuple(_stamp(p) for p in articles))


def sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _check_parquet(paths: list[Path], where: str) -> int:
    """Raise SchemaError unless every file is a readable Parquet table with the contract's columns; rows."""
    rows = 0
    for p in paths:
        if not p.exists():
            raise schema.SchemaError(f"{p}: file not found")
        if p.stat().st_size == 0:
            raise schema.SchemaError(f"{p}: the file is empty")
        try:
            meta = pq.read_metadata(p)
            names = meta.schema.to_arrow_schema().names
        except Exception as exc:  # noqa: BLE001 — pyarrow raises many types for a corrupt file
            raise schema.SchemaError(f"{p}: not a readable parquet table ({type(exc).__name__})") from exc
        missing = [c for c in schema.CONTRACT_COLUMNS if c not in names]
        if missing:
            raise schema.SchemaError(f"{where}: missing columns: {', '.join(missing)}")
        rows += meta.num_rows
    return rows


def _casts(names: list[str]) -> str:
    """The select list of a claims relation: declared columns cast to their types, others as they are."""
    duck = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.float64(): "DOUBLE", pa.date32(): "DATE",
            pa.list_(pa.string()): "VARCHAR[]"}
    out = []
    for n in names:
        typ = schema.CLAIM_FIELDS.get(n)
        quoted = '"' + n.replace('"', '""') + '"'
        out.append(f"CAST({quoted} AS {duck[typ]}) AS {quoted}" if typ is not None else quoted)
    return ", ".join(out)


VALIDATE_SQL = """
SELECT
    list(DISTINCT kind) FILTER (WHERE kind IS NOT NULL AND NOT list_contains($kinds, kind)) AS bad_kind,
    list(DISTINCT qualifier) FILTER (WHERE qualifier IS NOT NULL AND NOT list_contains($qualifiers, qualifier))
        AS bad_qualifier,
    list(DISTINCT section) FILTER (WHERE section IS NOT NULL AND NOT list_contains($sections, section))
        AS bad_section,
    count(*) FILTER (WHERE span_end < span_start OR span_start < 0) AS bad_spans,
    count(*) FILTER (WHERE source_id IS NULL OR source_id = '') AS no_source,
    count(*) FILTER (WHERE claim_id IS NULL) AS no_id,
    count(*) - count(DISTINCT claim_id) AS repeated_ids
FROM shipped
"""


def _validate(con: duckdb.DuckDBPyConnection, where: str) -> None:
    """The checks of `schema.validate`, in SQL over the loaded rows: raise SchemaError naming each problem."""
    r = con.execute(VALIDATE_SQL, {"kinds": list(schema.KINDS), "qualifiers": list(schema.QUALIFIERS),
                                   "sections": list(schema.SECTIONS)}).fetchone()
    bad_kind, bad_qual, bad_section, bad_spans, no_source, no_id, repeated = r
    problems = []
    for col, bad, vocab in (("kind", bad_kind, schema.KINDS), ("qualifier", bad_qual, schema.QUALIFIERS),
                            ("section", bad_section, schema.SECTIONS)):
        if bad:
            problems.append(f"{col} has unknown values {sorted(bad)[:5]} (allowed: {', '.join(vocab)})")
    if bad_spans:
        problems.append("span_end before span_start, or negative offsets")
    if no_source:
        problems.append("source_id has empty values")
    if no_id:
        problems.append("claim_id has empty values")
    elif repeated:
        problems.append("claim_id is not unique")
    if problems:
        raise schema.SchemaError(f"{where}: " + "; ".join(problems))


def load_claims(con: duckdb.DuckDBPyConnection, files: list[Path], materialize: bool | None = None) -> int:
    """Create `shipped` from the claims file(s); returns the row count. Raises SchemaError.

    Materialized (up to MATERIALIZE_ROWS unless told), the rows are stored by kind and article, so a
    question about one kind reads only that kind's blocks (DuckDB skips the others by their min/max)."""
    where = str(files[0]) if len(files) == 1 else str(files[0].parent)
    if len(files) == 1 and files[0].suffix == ".csv":
        frame = schema.read_table(files[0], schema.CLAIM_FIELDS)     # names the column of a bad value
        schema.validate(frame, where=where)
        table = schema.frame_to_table(frame, schema.CLAIM_FIELDS)
        con.register("csv_claims_in", table)
        con.execute(f"CREATE TABLE shipped_rows AS SELECT *, {FIGURE_OF_ROW} FROM (SELECT *, {DERIVED} FROM "
                    f"(SELECT {_casts(table.column_names)} FROM csv_claims_in))")
        con.execute("CREATE VIEW shipped AS SELECT *, rowid AS _row FROM shipped_rows")
        con.unregister("csv_claims_in")
        return table.num_rows
    if len(files) == 1 and files[0].suffix != ".parquet":
        raise schema.SchemaError(f"{files[0]}: unknown table format {files[0].suffix!r} (use .parquet or .csv)")
    if not files:
        raise schema.SchemaError(f"{where}: no claims/*.parquet files in the dataset directory")
    rows = _check_parquet(files, where)
    names = pq.read_schema(files[0]).names
    source = f"read_parquet({sql_list(files)}, union_by_name = true)"
    try:
        if rows <= MATERIALIZE_ROWS if materialize is None else materialize:
            con.execute(f"CREATE TABLE shipped_rows AS SELECT *, {FIGURE_OF_ROW} FROM "
                        f"(SELECT *, {DERIVED} FROM (SELECT {_casts(names)} FROM {source})) "
                        "ORDER BY kind, source_id, span_start")
            con.execute("CREATE VIEW shipped AS SELECT *, rowid AS _row FROM shipped_rows")
        else:   # read from disk; a row's id is its file and its place in the file
            row_id = "(file_index::BIGINT << 40) | file_row_number AS _row"
            con.execute(f"CREATE VIEW shipped AS SELECT *, {FIGURE_OF_ROW} FROM (SELECT *, {DERIVED} FROM "
                        f"(SELECT {_casts(names)}, {row_id} FROM {source}))")
        _validate(con, where)
    except duckdb.Error as exc:
        raise schema.SchemaError(f"{where}: {str(exc).splitlines()[0][:200]}") from exc
    return rows


def load_articles(con: duckdb.DuckDBPyConnection, files: list[Path]) -> tuple[str, tuple[str, ...]]:
    """Create `shipped_articles` (metadata; texts stay on disk for Parquet): (problem, text files)."""
    empty = ", ".join(f"NULL::{'DATE' if pa.types.is_date32(t) else 'BIGINT' if pa.types.is_integer(t) else 'VARCHAR'}"
                      f" AS {c}" for c, t in schema.ARTICLE_FIELDS.items() if c != "text")
    if not files or not all(p.exists() for p in files):
        con.execute(f"CREATE TABLE shipped_articles AS SELECT {empty} LIMIT 0")
        name = files[0].name if files else "articles/"
        return f"記事テーブル {name} が見つかりません (not found)", ()
    try:
        if files[0].suffix == ".csv":
            frame = schema.read_table(files[0], schema.ARTICLE_FIELDS)
            schema.validate(frame, schema.ARTICLE_REQUIRED, where=str(files[0]))
            table = schema.frame_to_table(frame, {c: t for c, t in schema.ARTICLE_FIELDS.items() if c in frame})
            con.register("csv_articles_in", table)
            source, text_files = "csv_articles_in", ()
        else:
            for p in files:
                names = pq.read_schema(p).names
                missing = [c for c in schema.ARTICLE_REQUIRED if c not in names]
                if missing:
                    raise schema.SchemaError(f"{p}: missing columns: {', '.join(missing)}")
            source, text_files = f"read_parquet({sql_list(files)}, union_by_name = true)", tuple(map(str, files))
            table = None
        present = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        cols = []
        for c, t in schema.ARTICLE_FIELDS.items():
            duck = "DATE" if pa.types.is_date32(t) else "BIGINT" if pa.types.is_integer(t) else "VARCHAR"
            if c == "text" and table is None:
                continue
            cols.append(f"CAST({c} AS {duck}) AS {c}" if c in present else f"NULL::{duck} AS {c}")
        con.execute(f"CREATE TABLE shipped_articles AS SELECT {', '.join(cols)} FROM {source}")
        if table is not None:
            con.unregister("csv_articles_in")
        return "", text_files
    except (schema.SchemaError, duckdb.Error, OSError, pa.ArrowException) as exc:
        con.execute("DROP TABLE IF EXISTS shipped_articles")
        con.execute(f"CREATE TABLE shipped_articles AS SELECT {empty} LIMIT 0")
        return f"記事テーブルを読み込めません: {str(exc).splitlines()[0][:200]}", ()


# Every article's title (its id when it has none): the articles table's and those only the claims name.
TITLES = """
SELECT source_id, any_value(title) AS title FROM (
    SELECT source_id, nullif(title, '') AS title FROM shipped_articles
    UNION ALL SELECT DISTINCT source_id, NULL FROM shipped)
WHERE source_id IS NOT NULL GROUP BY source_id
"""


def _short_title(title: str, n: int = 22) -> str:
    title = " ".join(str(title).split())
    return title if len(title) <= n else title[: n - 1] + "…"


class Labels(dict):
    """source_id -> label; an unknown id is its own label (so `labels.__getitem__` can be a format_func)."""

    def __missing__(self, key: str) -> str:
        return key


def source_labels(titles: Mapping[str, str]) -> Labels:
    """'004 速報!トランプ大統領が…' — the file-stem prefix (if unique) plus a short title."""
    prefixes = {sid: sid.split("_")[0] for sid in titles}
    unique = len(set(prefixes.values())) == len(prefixes)
    out = {}
    for sid, title in titles.items():
        head = prefixes[sid] if unique else sid
        out[sid] = head if title == sid else f"{head} {_short_title(title)}"
    return Labels(out)


def store_names(con: duckdb.DuckDBPyConnection) -> None:
    """Create `shipped_names` (source_id, title, label) from `shipped` and `shipped_articles`: what the app
    shows for each article, worked out once with the tables (in a DuckDB file, once for every start: for
    555k articles it was ~4 s of each cold start)."""
    rows = con.sql(TITLES).fetchall()
    titles = {str(s): str(t) if t is not None else str(s) for s, t in rows}
    labels = source_labels(titles)
    con.register("names_in", pa.table({"source_id": pa.array(list(titles), pa.string()),
                                       "title": pa.array(list(titles.values()), pa.string()),
                                       "label": pa.array([labels[s] for s in titles], pa.string())}))
    con.execute("CREATE TABLE shipped_names AS SELECT * FROM names_in")
    con.unregister("names_in")


def database_memory(db: Path) -> str:
    """DuckDB's memory limit over a table's DuckDB file: its cache holds about the whole file, within
    DATABASE_MEMORY_MB (1M rows: ~260 MB of file; 10M: ~2.5 GB), and work beyond that spills to disk."""
    low, high = DATABASE_MEMORY_MB
    return f"{min(high, max(low, int(db.stat().st_size * 1.25 / 2**20)))}MB"


def database_file(path: str | os.PathLike) -> Path:
    """Where `write_database` puts the DuckDB file of a table: inside a dataset directory (its current
    generation, so a new build replaces it with the files), else beside the file."""
    path = Path(path)
    return _generation(path) / DATABASE_FILE if path.is_dir() else path.with_name(DATABASE_FILE)


def _stamps(path: Path) -> str:
    """What a database file was written from: the table files' sizes and times (not their folder), the
    SQL of the derived columns it stores and the code of the article names (a file written before either
    changed is stale too)."""
    names = TITLES + inspect.getsource(source_labels) + inspect.getsource(_short_title)
    derivation = hashlib.sha1(f"{DERIVED}{FIGURE_OF_ROW}{sorted(schema.CLAIM_FIELDS)}{names}".encode()).hexdigest()[:12]
    return repr((version_of(path)[1:], derivation))


def _write_memory(claims_files: list[Path]) -> str:
    """DuckDB's memory limit for writing the DuckDB file of these claims (see WRITE_BYTES_PER_ROW)."""
    try:
        rows = sum(pq.read_metadata(p).num_rows for p in claims_files if p.suffix == ".parquet")
    except (OSError, pa.ArrowException):      # load_claims names the broken file
        rows = 0
    return f"{max(WRITE_MEMORY_MB, rows * WRITE_BYTES_PER_ROW // 2**20)}MB"


def write_database(path: str | os.PathLike) -> Path:
    """Write the claims (with their derived columns, by kind and article) and the articles' metadata into a
    DuckDB file beside the table, atomically. The app then opens it read-only instead of loading the table:
    a large table starts in a moment and is read through DuckDB's buffer cache, not held in RAM."""
    path = Path(path)
    target = database_file(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    claims_files, article_files = table_files(path)
    con = duckdb.connect(str(tmp), config={"memory_limit": _write_memory(claims_files),
                                           "temp_directory": str(tmp) + ".spill"})
    try:
        load_claims(con, claims_files, materialize=True)
        problem, _ = load_articles(con, article_files)
        store_names(con)
        from claims.entities import load_entities  # (the query package imports this module)
        from claims.query.conflicts import write_figures
        ent = load_entities()
        figures = write_figures(con, ent.types, ent.affiliation)
        con.execute("CREATE TABLE written_from AS SELECT $stamps AS stamps, $problem AS problem, $figures AS figures",
                    {"stamps": _stamps(path), "problem": problem, "figures": figures})
        con.close()
        os.replace(tmp, target)
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    return target


def attach_current_database(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, str] | None:
    """Attach the table's DuckDB file read-only when it was written from the files as they are now;
    returns (the articles problem it recorded, the digest of the figures it stores, "" for none), or None
    when there is no such file (or it is stale)."""
    db = database_file(path)
    if not db.exists():
        return None
    try:
        con.execute(f"ATTACH '{str(db).replace(chr(39), chr(39) * 2)}' AS {DATABASE} (READ_ONLY)")
        written = con.sql(f"SELECT * FROM {DATABASE}.written_from").to_arrow_table().to_pylist()[0]
    except duckdb.Error:
        return None
    if written["stamps"] != _stamps(path):
        con.execute(f"DETACH {DATABASE}")
        return None
    return written["problem"], written.get("figures") or ""

"""Versioned schema migrations of the library database.

`library_schema` has one row per applied migration (version, name, applied_at).  MIGRATIONS
is the ordered list of (version, name, function); `migrate(engine)` applies each missing one
in its own transaction together with its row in `library_schema`, so a crash leaves the
database at the last whole version (PostgreSQL and SQLite both roll DDL back).  Two
processes migrating at once: the second waits for the first's lock, then finds the row there
and skips (on PostgreSQL a unique-key clash is re-read the same way).

Rules for new migrations: append, never edit an applied one; keep them additive where you
can (a new column with a default) so that an older app still reads a newer library.
The tables as the code uses them today are in tables.py; the migrations below build them.
"""
from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .db import WRITE, LibraryError, configure, is_sqlite

SCHEMA_TABLE = "library_schema"


class SchemaOutOfDate(LibraryError):
    """The library's schema is older than this code needs: run `python -m claims library migrate`."""


class SchemaTooNew(LibraryError):
    """The library was made by a newer version of this project."""


def _schema_table(md: sa.MetaData) -> sa.Table:
    return sa.Table(SCHEMA_TABLE, md,
                    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
                    sa.Column("name", sa.Text, nullable=False),
                    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False))


def _m1_base(conn: Connection) -> None:
    """Articles, their claims rows, the audit log (the first released schema)."""
    md = sa.MetaData()
    sa.Table(
        "library_articles", md,
        sa.Column("source_id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("reference_date", sa.Date),
        sa.Column("date_basis", sa.Text, nullable=False, server_default=""),
        sa.Column("source_kind", sa.Text, nullable=False, server_default=""),
        sa.Column("language_note", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("url_norm", sa.Text, unique=True),            # NULL when there is no URL
        sa.Column("date_note", sa.Text, nullable=False, server_default=""),
        sa.Column("origin", sa.Text, nullable=False, server_default=""),
        sa.Column("encoding", sa.Text, nullable=False, server_default=""),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("n_chars", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.Text, nullable=False, unique=True),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
        sa.Column("extractor_version", sa.Text, nullable=False),
    )
    sa.Table(
        "library_claims", md,
        sa.Column("source_id", sa.Text, sa.ForeignKey("library_articles.source_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("claim_id", sa.Text, primary_key=True),
        sa.Column("ord", sa.Integer, nullable=False),             # text order within the article
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("surface", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("section", sa.Text, nullable=False),
        sa.Column("flags", sa.Text, nullable=False, server_default="[]"),              # JSON list
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("value", sa.Double),
        sa.Column("value_low", sa.Double),
        sa.Column("value_high", sa.Double),
        sa.Column("qualifier", sa.Text, nullable=False),
        sa.Column("rate_per", sa.Text, nullable=False, server_default=""),
        sa.Column("entities", sa.Text, nullable=False, server_default="[]"),           # JSON list
        sa.Column("context_entities", sa.Text, nullable=False, server_default="[]"),   # JSON list
        sa.Column("mention_group", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("time_start", sa.Date),
        sa.Column("time_end", sa.Date),
        sa.Column("measure", sa.Text, nullable=False, server_default=""),
        sa.Column("modality", sa.Text, nullable=False, server_default=""),
        sa.Column("speaker", sa.Text, nullable=False, server_default=""),
        sa.Column("time_text", sa.Text, nullable=False, server_default=""),
        sa.Column("sentence_start", sa.Integer),
        sa.Column("sentence_end", sa.Integer),
        sa.Column("sentence_norm", sa.Text, nullable=False, server_default=""),
    )
    sa.Table(
        "library_audit", md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("source_id", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.Text, nullable=False, server_default="{}"),            # JSON
    )
    md.create_all(conn)


def _m2_site_author_extra(conn: Connection) -> None:
    """Web-page metadata (site, author) and an `extra` JSON column on articles and claims for
    fields that have no column of their own (a claims column added to claims/schema.py after
    this schema, say), so such a field survives without a migration of its own."""
    for table, column in (("library_articles", "site"), ("library_articles", "author")):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    for table in ("library_articles", "library_claims"):
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN extra TEXT NOT NULL DEFAULT '{{}}'")
    conn.exec_driver_sql("CREATE INDEX ix_library_audit_source_id ON library_audit (source_id)")
    conn.exec_driver_sql("CREATE INDEX ix_library_articles_extractor ON library_articles (extractor_version)")


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "articles, claims, audit log", _m1_base),
    (2, "site, author, extra metadata; indexes", _m2_site_author_extra),
]
LATEST = MIGRATIONS[-1][0]


def schema_version(conn_or_engine) -> int:
    """The library's schema version: 0 for a database without the library's tables."""
    if isinstance(conn_or_engine, Engine):
        configure(conn_or_engine)
        with conn_or_engine.connect() as conn:
            return schema_version(conn)
    conn = conn_or_engine
    if not sa.inspect(conn).has_table(SCHEMA_TABLE):
        return 0
    return conn.execute(sa.text(f"SELECT max(version) FROM {SCHEMA_TABLE}")).scalar() or 0


def migrate(engine: Engine, target: int | None = None) -> list[tuple[int, str]]:
    """Apply the missing migrations up to `target` (default: all); returns those applied."""
    configure(engine)
    target = LATEST if target is None else target
    applied: list[tuple[int, str]] = []
    for version, name, step in MIGRATIONS:
        if version > target:
            break
        for attempt in range(LOCKED_RETRIES):
            try:
                if _apply(engine, version, name, step):
                    applied.append((version, name))
                break
            except sa.exc.OperationalError as exc:
                # SQLite answers "database is locked" at once (not after its busy timeout) when two
                # migrators of a new file race for its first locks; each step is idempotent: try again.
                if "locked" not in str(exc) or attempt == LOCKED_RETRIES - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))
    _current.pop(engine, None)
    return applied


LOCKED_RETRIES = 10


def _apply(engine: Engine, version: int, name: str, step: Callable[[Connection], None]) -> bool:
    """Apply one migration in one transaction unless it is there already; True when it was applied."""
    with engine.connect().execution_options(**{WRITE: True}) as conn:
        with conn.begin():
            if engine.dialect.name == "postgresql":
                # One migrator at a time (SQLite: BEGIN IMMEDIATE); released at commit.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242013)")
            md = sa.MetaData()
            table = _schema_table(md)
            md.create_all(conn, checkfirst=True)
            if conn.execute(sa.select(table.c.version).where(table.c.version == version)).first():
                return False
            step(conn)
            conn.execute(table.insert().values(version=version, name=name, applied_at=datetime.now(UTC)))
    return True


_current: weakref.WeakKeyDictionary[Engine, int] = weakref.WeakKeyDictionary()


def check(engine: Engine, *, writing: bool) -> int:
    """Raise unless this code can use the library: SchemaOutOfDate when it is older (or
    empty), SchemaTooNew when it is newer and we would write (reading a newer, additively
    migrated library is fine).  A SQLite library is brought up to date here (the file is
    the app's own); any other database is migrated only by `python -m claims library migrate`."""
    if _current.get(engine) == LATEST:        # a schema only moves forward
        return LATEST
    have = schema_version(engine)
    if have < LATEST and is_sqlite(engine):
        migrate(engine)
        have = schema_version(engine)
    if have < LATEST:
        what = "has no library tables" if have == 0 else f"is at schema version {have}"
        raise SchemaOutOfDate(f"the library database {what}; this version needs {LATEST}: "
                              f"run `python -m claims library migrate`")
    if have > LATEST and writing:
        raise SchemaTooNew(f"the library is at schema version {have}, newer than this code knows "
                           f"({LATEST}): update the project before writing to it")
    if have == LATEST:
        _current[engine] = have
    return have

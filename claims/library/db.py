"""Where the library lives and how to connect: SQLite by default, any SQLAlchemy URL when set.

Resolution order: an explicit URL (`--db`, or what the app passes from st.secrets) > the
environment variable CLAIMS_LIBRARY_URL > a SQLite file at `var/library.sqlite` in the
project folder (git-ignored; never under `data/`, which holds shipped files only).

SQLite is set up for several writers: WAL journal, a busy timeout, foreign keys on, and
write transactions that start with BEGIN IMMEDIATE (a writer takes the write lock before it
reads, so two writers queue instead of failing on a lock upgrade).  `configure(engine)`
installs this on an engine made elsewhere (the app's st.connection); every function of the
store calls it, so it is never forgotten.
"""
from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ..paths import ROOT

ENV_URL = "CLAIMS_LIBRARY_URL"
DEFAULT_PATH = ROOT / "var" / "library.sqlite"
BUSY_TIMEOUT_MS = 30_000
WRITE = "library_write"          # execution option: this transaction writes (BEGIN IMMEDIATE)


class LibraryError(ValueError):
    """A refused or impossible library operation; the message is one line for the user."""


def default_url() -> str:
    return f"sqlite:///{DEFAULT_PATH}"


def resolve_url(url: str | None = None, env: dict | None = None) -> str:
    env = os.environ if env is None else env
    return url or env.get(ENV_URL) or default_url()


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(engine: Engine) -> Path | None:
    db = engine.url.database
    if not is_sqlite(engine) or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


_configured: weakref.WeakSet = weakref.WeakSet()
_configure_lock = threading.Lock()


def configure(engine: Engine) -> Engine:
    """Install the SQLite settings on `engine` (idempotent; a no-op for other databases).
    A SQLite file's folder is created if missing."""
    if engine in _configured:
        return engine
    with _configure_lock:
        if engine in _configured:
            return engine
        if is_sqlite(engine):
            _install_sqlite(engine)
        _configured.add(engine)
    return engine


def _wal(cur) -> None:
    """Switch the file to WAL. Two connections opening a new file at once both try; the switch does not
    wait on SQLite's busy handler ("database is locked" at once), so the loser retries briefly (WAL,
    once set, is a property of the file)."""
    import sqlite3
    import time

    for attempt in range(100):
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.05)


def _install_sqlite(engine: Engine) -> None:
    path = sqlite_path(engine)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        # pysqlite's own transaction handling would not emit BEGIN before DDL; take it over.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if sqlite_path(engine) is not None:
            _wal(cur)
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    # Connections opened before the listeners were installed lack the settings: start afresh.
    engine.dispose(close=False)


def create_engine(url: str | None = None, **kwargs) -> Engine:
    """An engine for the library at `url` (see resolve_url); a SQLite file's folder is created."""
    url = resolve_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        raise LibraryError(f"{url!r} is not a database URL (e.g. sqlite:///path.sqlite or "
                           f"postgresql+psycopg://user@host/db)") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:" \
            and not parsed.database.startswith("file:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (sa.exc.NoSuchModuleError, ModuleNotFoundError) as exc:
        raise LibraryError(f"cannot use {parsed.render_as_string(hide_password=True)}: {exc}") from None
    return configure(engine)

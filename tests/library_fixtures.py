"""Fixtures shared by the library tests: a fresh library on SQLite and on PostgreSQL.

PostgreSQL: CLAIMS_TEST_POSTGRES_URL names a server and a role that may create databases
(`eval "$(bash .ci/postgres start /tmp/pg)"` starts a private one); each test gets its own
database, dropped afterwards.  Without the variable the PostgreSQL cases skip, except in CI
(CI set), where they fail: CI must test against a real server.
"""
from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from claims.library import auth, create_engine, migrate

PG_ENV = "CLAIMS_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


def _no_server(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the PostgreSQL tests (.ci/run starts a server)")
    pytest.skip(reason)


def make_library_url(backend: str, tmp_path):
    """(url, cleanup) for an empty library database on `backend`."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'library.sqlite'}", lambda: None
    base = os.environ.get(PG_ENV)
    if not base:
        _no_server(f"no PostgreSQL server: set {PG_ENV}")
    name = f"claims_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        _no_server(f"PostgreSQL at {PG_ENV} is not reachable ({str(exc.orig).splitlines()[0]})")

    def cleanup():
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False), cleanup


@pytest.fixture(params=BACKENDS)
def library_url(request, tmp_path):
    url, cleanup = make_library_url(request.param, tmp_path)
    yield url
    cleanup()


@pytest.fixture
def engine(library_url):
    eng = create_engine(library_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def editor():
    return auth.cli_editor("test-editor")


def article_text(i: int) -> str:
    """A short article with power, money and relative-time figures; each i gives another text."""
    return (f"データセンター計画{i}号\n"
            f"NVIDIAは2025年9月、OpenAIに最大{i + 1}000億ドルを投資すると発表した。\n"
            f"来年までに{i + 2}ギガワット規模の計算能力を整備する計画だ。\n"
            f"今後4年間で約{i + 3}兆円を投じる見込みという。\n")

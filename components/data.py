"""Open the claims and articles tables once per process, or explain on the page why they can't be.

The tables live in DuckDB (`claims.query.tables`), kept by `st.cache_resource` under their
path and the files' stamps, so a rebuilt table is picked up without a restart.
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from claims import schema
from claims.paths import DATA_DIR
from claims.query.tables import Tables, open_tables, version_of

ENV_VAR = "CLAIMS_TABLE"
DEFAULT_TABLE = DATA_DIR / "claims.parquet"
REBUILD_COMMAND = "python -m claims build data/raw --out data/claims.parquet --out data/claims.csv"


def table_path() -> Path:
    """The claims table to read: $CLAIMS_TABLE if set (a file or a dataset directory), else data/claims.parquet."""
    raw = os.environ.get(ENV_VAR, "").strip()
    return Path(raw).expanduser() if raw else DEFAULT_TABLE


@st.cache_resource(show_spinner="データを読み込んでいます…", max_entries=4)
def _open(path: str, version: tuple) -> Tables:
    """`version` (the files' stamps) is part of the key so a rebuilt table is reloaded."""
    return open_tables(path)


def get_tables() -> Tables:
    """The tables for this app, or an explanatory error page and `st.stop()`."""
    path = table_path()
    try:
        return _open(str(path), version_of(path))
    except schema.SchemaError as exc:
        show_load_error(path, str(exc))
    except Exception as exc:  # noqa: BLE001 — anything else unreadable: explain, never a traceback
        show_load_error(path, f"{type(exc).__name__}: {exc}")
    st.stop()
    raise AssertionError("unreachable")


def show_load_error(path: Path, message: str) -> None:
    st.error(
        f"主張テーブル (claims table) `{path}` を読み込めませんでした。原因 (what is wrong):",
        title="データを読み込めません (The claims table could not be loaded)",
    )
    st.code(message, language=None, wrap_lines=True)
    st.markdown(
        "次のコマンドでテーブルを作り直してください (rebuild the tables):\n\n"
        f"```\n{REBUILD_COMMAND}\n```\n\n"
        f"別のテーブルを使う場合は、環境変数 `{ENV_VAR}` に `.parquet` または `.csv` のパス、"
        "または `claims/` と `articles/` を含むデータセットのフォルダを指定します"
        "（記事テーブル `articles.*` は同じフォルダに置きます）。"
    )

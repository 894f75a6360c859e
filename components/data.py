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
import streamlit as st

from claims import schema
from claims.paths import DATA_DIR

ENV_VAR = "CLAIMS_TABLE"
DEFAULT_TABLE = DATA_DIR / "claims.parquet"
CLEAN_SECTIONS = ("body", "title")
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


def source_labels(titles: dict[str, str]) -> dict[str, str]:
    """'004 速報!トランプ大統領が…' — the file-stem prefix (if unique) plus a short title."""
    prefixes = {sid: sid.split("_")[0] for sid in titles}
    unique = len(set(prefixes.values())) == len(prefixes)
    out = {}
    for sid, title in titles.items():
        head = prefixes[sid] if unique else sid
        out[sid] = head if title == sid else f"{head} {_short_title(title)}"
    return out


def _with_helpers(claims: pd.DataFrame) -> pd.DataFrame:
    """Add `_clean` (chartable), `_entities` (entities ∪ context_entities) and `_primary` (first entity)."""
    out = claims.copy()
    ents = out["entities"].tolist()
    ctx = out["context_entities"].tolist()
    merged = [list(dict.fromkeys(list(a if a is not None else []) + list(b if b is not None else [])))
              for a, b in zip(ents, ctx, strict=True)]
    out["_entities"] = pd.Series(merged, index=out.index, dtype=object)
    out["_primary"] = [m[0] if m else "" for m in merged]
    flags = out["flags"].tolist()
    no_flags = np.array([f is None or len(f) == 0 for f in flags], dtype=bool)
    out["_clean"] = no_flags & out["section"].isin(CLEAN_SECTIONS).to_numpy(dtype=bool, na_value=False)
    return out


def load_corpus(path: str | os.PathLike) -> Corpus:
    """Read and validate both tables; raises SchemaError for a bad claims table.

    A missing or broken articles table is not fatal: the app then works from
    the sentences in the claims table.
    """
    paths = schema.TablePaths.beside(path)
    claims = schema.read_table(paths.claims, schema.CLAIM_FIELDS)
    schema.validate(claims, where=f"{paths.claims}")
    articles, problem = None, ""
    if not paths.articles.exists():
        problem = f"記事テーブル {paths.articles.name} が見つかりません (not found)"
    else:
        try:
            articles = schema.read_table(paths.articles, schema.ARTICLE_FIELDS)
            schema.validate(articles, schema.ARTICLE_REQUIRED, where=str(paths.articles))
        except schema.SchemaError as exc:
            articles, problem = None, f"記事テーブルを読み込めません: {exc}"
    titles: dict[str, str] = {}
    if articles is not None:
        titles = {str(s): str(t) if pd.notna(t) and str(t) else str(s)
                  for s, t in zip(articles["source_id"], articles["title"], strict=True)}
    for sid in claims["source_id"].dropna().unique():
        titles.setdefault(str(sid), str(sid))
    titles = dict(sorted(titles.items()))
    claims = _with_helpers(claims)
    counts = pd.Series([e for row in claims["_entities"] for e in row], dtype=object).value_counts()
    entity_options = tuple(sorted(counts.index, key=lambda e: (-counts[e], e)))
    dates = pd.concat([claims["published"]] + ([articles["published"]] if articles is not None
                                                and "published" in articles else [])).dropna()
    return Corpus(
        path=Path(path), claims=claims, articles=articles, articles_problem=problem,
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
    return replace(load_corpus(path), key=(path, claims_stamp, articles_stamp))


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

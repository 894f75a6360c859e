"""Row questions: the Explorer's page of rows and its download, one article's rows, search, the article list."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import duckdb
import pandas as pd
import pyarrow as pa

from claims import schema
from claims.tokenizer import normalized

from .filters import FilterState, search_terms, where
from .frames import to_frame
from .sql import with_details, with_filtered
from .tables import run

ORDER = "ORDER BY source_id, span_start, claim_id"
SHOWN_COLUMNS = [c for c in schema.CLAIM_FIELDS if c != "sentence_norm"]


@lru_cache(maxsize=256)
def _normalized(term: str) -> str:
    return normalized(term)


def fold(text: str) -> str:
    """Width and case folded: 'ＯＲＡＣＬＥ' and 'Oracle' are both 'oracle'."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=1)
def _entity_spellings() -> dict[str, tuple[str, ...]]:
    """Every folded spelling of an entity (its aliases and their Sudachi normalized forms) -> all its
    aliases, folded: a search word that names an entity by any alias stands for all of them."""
    from claims.entities import load_entities

    by_canon: dict[str, set[str]] = {}
    for form, targets in load_entities().alias_map.items():
        for canon, _scope in targets:
            by_canon.setdefault(canon, set()).add(form)
    out: dict[str, set[str]] = {}
    for canon, forms in by_canon.items():
        spellings = {fold(f) for f in forms} | {fold(canon)}
        for key in spellings | {fold(_normalized(f)) for f in forms}:
            out.setdefault(key, set()).update(spellings)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=256)
def search_alternatives(term: str) -> tuple[str, ...]:
    """The spellings one search word finds: itself (width and case folded) and, when it is an alias of an
    entity (スターゲート, オラクル, ｓｔａｒｇａｔｅ), every alias of that entity (Stargate, Oracle…)."""
    t = fold(term)
    table = _entity_spellings()
    found = table.get(t) or table.get(fold(_normalized(term))) or ()
    return tuple(dict.fromkeys([t, *found]))


def search_clause(query: str) -> tuple[str, dict]:
    """SQL condition for a search box: every word must appear — in any of its spellings (see
    `search_alternatives`) — in the sentence or the surface (any case), or, as its Sudachi normalized form,
    in `sentence_norm` (so スターゲート finds スターゲイト, and Ｏｒａｃｌｅ finds Oracle)."""
    clauses, params = [], {}
    for i, term in enumerate(search_terms(query)):
        alts = []
        for j, alt in enumerate(search_alternatives(term)):
            params[f"q{i}_{j}"], params[f"n{i}_{j}"] = alt, fold(_normalized(alt))
            alts.append(f"contains(lower(sentence), $q{i}_{j}) OR contains(lower(surface), $q{i}_{j})"
                        f" OR contains(lower(coalesce(sentence_norm, '')), $n{i}_{j})")
        clauses.append("(" + " OR ".join(alts) + ")")
    return (" AND ".join(clauses) or "TRUE"), params


def _found(state: FilterState, query: str) -> tuple[str, dict]:
    cond, params = where(state)
    found, more = search_clause(query)
    return with_filtered(cond, f"found AS (SELECT * FROM filtered WHERE {found})"), params | more


def _columns(cur: duckdb.DuckDBPyConnection, wanted: list[str]) -> str:
    present = {r[0] for r in cur.execute("DESCRIBE claims").fetchall()}
    return ", ".join(f'"{c}"' for c in wanted if c in present)


def explorer_page(cur: duckdb.DuckDBPyConnection, state: FilterState, query: str,
                  limit: int = 2000) -> tuple[pd.DataFrame, int]:
    """(the first `limit` rows the filters and the search keep, how many they keep)."""
    head, params = _found(state, query)
    # which rows, from narrow columns; then those rows in full. The count apart: a window over every row
    # found would keep them all before the LIMIT (at 1M rows a third of the query)
    page = run(cur, f"{head} SELECT _row, (SELECT count(*) FROM found) AS total FROM found {ORDER} LIMIT $limit",
               params | {"limit": limit})
    total = int(page.column("total")[0].as_py()) if page.num_rows else 0
    shown = [c for c in SHOWN_COLUMNS if c in {r[0] for r in cur.execute("DESCRIBE claims").fetchall()}]
    return to_frame(with_details(cur, page.select(["_row"]), shown).drop_columns(["_row"])), total


def explorer_rows(cur: duckdb.DuckDBPyConnection, state: FilterState, query: str) -> pa.Table:
    """Every row the filters and the search keep, all table columns (for a download)."""
    head, params = _found(state, query)
    return run(cur, f"{head} SELECT {_columns(cur, list(schema.CLAIM_FIELDS))} FROM found {ORDER}", params)


def count_rows(cur: duckdb.DuckDBPyConnection) -> int:
    return int(cur.execute("SELECT count(*) FROM claims").fetchone()[0])


def source_rows(cur: duckdb.DuckDBPyConnection, state: FilterState, source_id: str) -> pd.DataFrame:
    """All of one article's rows in text order, `kept` saying which the filters keep."""
    cond, params = where(state)
    sql = f"SELECT *, ({cond}) AS kept FROM claims WHERE source_id = $source_id ORDER BY span_start, claim_id"
    frame = to_frame(run(cur, sql, params | {"source_id": source_id}))
    return frame.drop(columns=[c for c in frame.columns if c.startswith("_")])


ARTICLES = """
{head},
per_source AS (SELECT source_id, count(*) AS claims, min(published) AS first_published FROM filtered GROUP BY ALL),
listed AS (
    SELECT a.source_id, a.title, coalesce(a.published, p.first_published) AS published, a.date_basis,
           a.source_kind, a.url, coalesce(p.claims, 0) AS claims
    FROM articles a LEFT JOIN per_source p USING (source_id)
    UNION ALL
    SELECT source_id, NULL, first_published, NULL, NULL, NULL, claims   -- claims of articles without a row
    FROM per_source WHERE source_id NOT IN (SELECT source_id FROM articles)
)
SELECT *, count(*) OVER () AS total FROM listed ORDER BY source_id LIMIT $limit
"""


def articles(cur: duckdb.DuckDBPyConnection, state: FilterState, limit: int = 500) -> tuple[pd.DataFrame, int]:
    """Articles with the number of their rows the filters keep (first `limit` by id; how many articles)."""
    cond, params = where(state)
    table = run(cur, ARTICLES.format(head=with_filtered(cond)), params | {"limit": limit})
    total = int(table.column("total")[0].as_py()) if table.num_rows else 0
    return to_frame(table.drop_columns(["total"])), total


def article_meta(cur: duckdb.DuckDBPyConnection, source_id: str) -> dict | None:
    """One article's metadata row (without its text), or None."""
    rows = run(cur, "SELECT * FROM articles WHERE source_id = $sid LIMIT 1", {"sid": source_id}).to_pylist()
    return {k: v for k, v in rows[0].items() if k != "text"} if rows else None

"""SQL pieces the questions share: the filtered rows, one row per figure, and a few rows in full.

Every question starts from `FILTERED` (the rows the sidebar keeps, `{where}` being the
fragment `filters.where` builds, its values bound as parameters) and counts a figure
once per article with `one_per_figure`. Questions order and cut narrow rows (numbers,
dates, ids); the wide columns (sentences, surfaces) of the few rows shown are read last,
by row id, with `details`.
"""
from __future__ import annotations

import duckdb
import pyarrow as pa

from .filters import FilterState
from .loading import REPRESENTATIVE
from .tables import run

FILTERED = "filtered AS (SELECT * FROM claims WHERE {where})"

# What a figure carries from the mention that represents it (narrow columns only).
FIGURE_CARRY = ("_row", "kind", "unit", "qualifier", "_rate", "_low", "_high", "published", "span_start",
                "time_start", "time_end")


def one_per_figure(name: str, rows: str, state: FilterState, carry: tuple[str, ...] = FIGURE_CARRY) -> str:
    """A CTE `name`: one row per (article, mention group) of `rows` (clean rows) — `source_id`, `_group`,
    `mentions` (how many times the article states it) and the `carry` columns of its representative mention
    (tables.REPRESENTATIVE).

    Under filters that never split a mention group (article, kind, date, section) that is each group's
    precomputed representative (`_rep`, `_mentions`); an entity or qualifier filter can keep some of a
    group's mentions and not others, so then the groups are formed from the rows kept."""
    if state.keeps_whole_figures:
        return f"""{name} AS (
    SELECT source_id, _group, _mentions AS mentions, {', '.join(carry)} FROM {rows} WHERE _rep
)"""
    return f"""{name} AS (
    SELECT source_id, _group, count(*) AS mentions,
           unnest(arg_min(struct_pack({', '.join(carry)}), {REPRESENTATIVE}))
    FROM {rows} GROUP BY source_id, _group
)"""


def with_filtered(where: str, *ctes: str) -> str:
    """`WITH filtered AS (…), <ctes>` — the head of a question's SQL."""
    return "WITH " + ",\n".join([FILTERED.format(where=where), *ctes])


def details(cur: duckdb.DuckDBPyConnection, rows: list[int], columns: list[str]) -> dict[int, dict]:
    """Some columns of a few rows, by row id: {row id: {column: value}}."""
    if not rows:
        return {}
    cols = ", ".join(dict.fromkeys(["_row", *columns]))
    table = run(cur, f"SELECT {cols} FROM claims WHERE _row IN (SELECT unnest($rows::BIGINT[]))", {"rows": rows})
    return {r["_row"]: r for r in table.to_pylist()}


def with_details(cur: duckdb.DuckDBPyConnection, table: pa.Table, columns: list[str],
                 found: dict[int, dict] | None = None) -> pa.Table:
    """`table` (which has `_row`) with `columns` read for each of its rows, in its order (`found`: what
    `details` gave for these rows and columns, when the caller read them with others at once)."""
    if found is None:
        found = details(cur, table.column("_row").to_pylist(), columns)
    for c in columns:
        if c not in table.column_names:
            table = table.append_column(c, pa.array([found[r].get(c) for r in table.column("_row").to_pylist()]))
    return table


# The units a kind's figures are compared in: power in GW; money in USD, JPY converted at the
# reader's rate (other currencies have no rate and are listed as not compared).
COMPARABLE_UNITS = {"power": ["GW"], "money": ["USD", "JPY"]}
TO_USD = "CASE WHEN unit = 'JPY' THEN 1.0 / $jpy_rate ELSE 1.0 END"

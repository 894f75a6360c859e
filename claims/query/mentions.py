"""Every sentence a figure is mentioned in, the clearest first (for hover labels and provenance).

A figure stated several times in one article (one mention group, `_group`) is drawn once; its provenance
is every sentence that states it, not only the one the bar happens to represent. "Clearest first": a
sentence that asserts the figure (not `hypothetical`), in the body, with a stated period, then text order.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import duckdb

from .tables import run

# The figures' rows are found on narrow columns first, in the clearest order; their sentences are read
# by row id after, with the other wide columns the caller needs (a test on (article, group) pairs with the
# sentences in the same scan read them all).
CLEAREST = """
SELECT source_id, _group, list(_row ORDER BY coalesce(modality, '') = 'hypothetical', section <> 'body',
                               time_start IS NULL AND time_end IS NULL, span_start, claim_id) AS rows
FROM claims
WHERE {of_kind} source_id IN (SELECT unnest($sources::VARCHAR[]))
  AND _group IN (SELECT unnest($groups::VARCHAR[]))
GROUP BY source_id, _group
"""


def clearest_rows(cur: duckdb.DuckDBPyConnection, figures: Iterable[tuple[str, str]],
                  kind: str | None = None) -> dict[tuple[str, str], list[int]]:
    """{(source_id, _group): the row ids of its mentions, clearest first}.

    `kind`: the figures' kind, when they share one (a mention group never mixes kinds): DuckDB then reads
    only that kind's blocks of the table (stored by kind), not every row's article and group."""
    pairs = list(dict.fromkeys((str(s), str(g)) for s, g in figures if g is not None))
    if not pairs:
        return {}
    table = run(cur, CLEAREST.format(of_kind="kind = $kind AND" if kind else ""),
                {"sources": [s for s, _ in pairs], "groups": [g for _, g in pairs], "kind": kind})
    wanted = set(pairs)
    return {(r["source_id"], r["_group"]): r["rows"] for r in table.to_pylist()
            if (r["source_id"], r["_group"]) in wanted}


def sentences(groups: Mapping[tuple[str, str], list[int]],
              found: Mapping[int, dict]) -> dict[tuple[str, str], list[str]]:
    """{(source_id, _group): its distinct sentences, clearest first} — `groups` from `clearest_rows`, `found`
    the rows' `sentence` read with `sql.details`."""
    return {g: list(dict.fromkeys(found[row]["sentence"] for row in rows)) for g, rows in groups.items()}

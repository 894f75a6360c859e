"""Every sentence a figure is mentioned in, the clearest first (for hover labels and provenance).

A figure stated several times in one article (one `mention_group`) is drawn once; its provenance is
every sentence that states it, not only the one the bar happens to represent. "Clearest first": a
sentence that asserts the figure (not `hypothetical`), in the body, with a stated period, then text order.
"""
from __future__ import annotations

from collections.abc import Iterable

import duckdb

from .sql import details
from .tables import run

# The figures' rows are found on narrow columns first, in the clearest order; their sentences are read
# by row id after (a test on (article, group) pairs with the sentences in the same scan read them all).
CLEAREST = """
SELECT source_id, mention_group, list(_row ORDER BY {modality} section <> 'body',
                                       time_start IS NULL AND time_end IS NULL, span_start, claim_id) AS rows
FROM claims
WHERE {of_kind} source_id IN (SELECT unnest($sources::VARCHAR[]))
  AND mention_group IN (SELECT unnest($groups::VARCHAR[]))
GROUP BY source_id, mention_group
"""


def sentences(cur: duckdb.DuckDBPyConnection, figures: Iterable[tuple[str, str]],
              kind: str | None = None) -> dict[tuple[str, str], list[str]]:
    """{(source_id, mention_group): its distinct sentences, clearest first}.

    `kind`: the figures' kind, when they share one (a mention group never mixes kinds): DuckDB then reads
    only that kind's blocks of the table (stored by kind), not every row's article and group."""
    pairs = list(dict.fromkeys((str(s), str(g)) for s, g in figures if g is not None))
    if not pairs:
        return {}
    columns = {r[0] for r in cur.execute("DESCRIBE claims").fetchall()}
    modality = "coalesce(modality, '') = 'hypothetical'," if "modality" in columns else ""
    table = run(cur, CLEAREST.format(modality=modality, of_kind="kind = $kind AND" if kind else ""),
                {"sources": [s for s, _ in pairs], "groups": [g for _, g in pairs], "kind": kind})
    wanted = set(pairs)
    groups = [r for r in table.to_pylist() if (r["source_id"], r["mention_group"]) in wanted]
    text = details(cur, [row for g in groups for row in g["rows"]], ["sentence"])
    return {(g["source_id"], g["mention_group"]): list(dict.fromkeys(text[row]["sentence"] for row in g["rows"]))
            for g in groups}

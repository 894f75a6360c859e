"""Every sentence a figure is mentioned in, the clearest first (for hover labels and provenance).

A figure stated several times in one article (one `mention_group`) is drawn once; its provenance is
every sentence that states it, not only the one the bar happens to represent. "Clearest first": a
sentence that asserts the figure (not `hypothetical`), in the body, with a stated period, then text order.
"""
from __future__ import annotations

from collections.abc import Iterable

import duckdb

from .tables import run

CLEAREST = """
SELECT source_id, mention_group, list(sentence ORDER BY {modality} section <> 'body',
                                       time_start IS NULL AND time_end IS NULL, span_start, claim_id) AS sentences
FROM claims
WHERE (source_id, mention_group) IN (SELECT (s, g) FROM (SELECT unnest($sources::VARCHAR[]) AS s,
                                                               unnest($groups::VARCHAR[]) AS g))
GROUP BY source_id, mention_group
"""


def sentences(cur: duckdb.DuckDBPyConnection, figures: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """{(source_id, mention_group): its distinct sentences, clearest first}."""
    pairs = list(dict.fromkeys((str(s), str(g)) for s, g in figures if g is not None))
    if not pairs:
        return {}
    columns = {r[0] for r in cur.execute("DESCRIBE claims").fetchall()}
    modality = "coalesce(modality, '') = 'hypothetical'," if "modality" in columns else ""
    table = run(cur, CLEAREST.format(modality=modality),
                {"sources": [s for s, _ in pairs], "groups": [g for _, g in pairs]})
    return {(r["source_id"], r["mention_group"]): list(dict.fromkeys(r["sentences"])) for r in table.to_pylist()}

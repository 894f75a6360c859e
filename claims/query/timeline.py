"""Timeline questions: claims at their publication date ("said") and over the period they refer to ("meant")."""
from __future__ import annotations

import zlib
from collections.abc import Mapping

import duckdb
import numpy as np
import pandas as pd

from claims.labels import KIND_LABELS

from .figures import REASON_DETAILS, numbered, total_of, with_reasons
from .filters import FilterState, where
from .frames import to_frame
from .sql import with_details, with_filtered
from .tables import run

OTHER = "その他 (other)"
NONE = "（なし / none）"
TOP_GROUPS = 9      # entities with a colour of their own; the rest are OTHER

# The colour key of a row: its kind, or its first entity when that is one of the TOP_GROUPS
# most frequent among the rows drawn (counted before any sampling, so colours don't depend on it).
# `per_primary` (rows per first entity) also gives the total: one pass over the rows for both, and no
# window over every row before the LIMIT (`count(*) OVER ()` kept all of them to count them).
PER_PRIMARY = "per_primary AS (SELECT _primary, count(*) AS n FROM {rows} GROUP BY _primary)"
GROUP = """
CASE WHEN $color_by = 'kind' THEN kind
     WHEN _primary = '' THEN $none
     WHEN _primary IN (SELECT _primary FROM per_primary WHERE _primary <> ''
                       ORDER BY n DESC, _primary LIMIT $top) THEN _primary
     ELSE $other END
"""
TOTAL = "(SELECT sum(n) FROM per_primary)::BIGINT AS total"

SAID = f"""
{{head}},
points AS (SELECT * FROM filtered WHERE _clean AND published IS NOT NULL),
{PER_PRIMARY.format(rows="points")}
SELECT _row, claim_id, published, kind, source_id, {GROUP} AS "group", {TOTAL}
FROM points
ORDER BY hash(_row), _row      -- a fixed sample above the limit: the same points on every run
LIMIT $limit
"""

MEANT = f"""
{{head}},
spans AS (SELECT *, coalesce(time_start, published) AS start FROM filtered
          WHERE _clean AND (time_start IS NOT NULL OR time_end IS NOT NULL)),
dated AS (SELECT *, coalesce(time_end, start) AS "end" FROM spans WHERE start IS NOT NULL),
{PER_PRIMARY.format(rows="dated")}
SELECT _row, claim_id, start, "end", published, {GROUP} AS "group", source_id, kind, modality, {TOTAL}
FROM dated
ORDER BY "end" DESC, start DESC, source_id, span_start
LIMIT $limit
"""

NOT_CHARTED = """
{head}
SELECT _row, source_id, 'flag' AS _why, count(*) OVER () AS total
FROM filtered WHERE NOT _clean
ORDER BY source_id, span_start, claim_id
LIMIT $limit
"""


def _params(color_by: str, limit: int) -> dict:
    return {"color_by": color_by, "none": NONE, "other": OTHER, "top": TOP_GROUPS, "limit": limit}


def _group_labels(groups: list[str]) -> list[str]:
    return [KIND_LABELS.get(g, g) for g in groups]


def jitter(claim_ids, spread: float = 0.7) -> np.ndarray:
    """Stable vertical offsets so points on one date don't hide each other."""
    return np.array([(zlib.crc32(str(c).encode()) / 2**32 - 0.5) * spread for c in claim_ids])


def said(cur: duckdb.DuckDBPyConnection, state: FilterState, titles: Mapping[str, str], color_by: str,
         limit: int = 5000) -> tuple[pd.DataFrame, int]:
    """One point per clean dated claim at its article's publication date; (points, how many in all).

    Above `limit` a fixed sample is drawn (by a hash of the claim id: the same points every run)."""
    cond, params = where(state)
    sql = SAID.format(head=with_filtered(cond))
    table = run(cur, sql, params | _params(color_by, limit))
    columns = ["claim_id", "published", "kind", "kind_label", "group", "surface", "title", "sentence", "y"]
    if not table.num_rows:
        return pd.DataFrame(columns=columns), 0
    table = with_details(cur, table, ["surface", "sentence"])
    frame = to_frame(table).sort_values(["published", "claim_id"], kind="stable").reset_index(drop=True)
    kind = frame["kind"].tolist()      # plain lists: iterating a pandas string column costs ~1 µs a value
    frame["group"] = _group_labels(frame["group"].tolist())
    frame["kind_label"] = [KIND_LABELS.get(k, k) for k in kind]
    frame["title"] = [titles.get(s, s) for s in frame["source_id"].tolist()]
    kinds = [k for k in KIND_LABELS if k in set(kind)] + sorted(set(kind) - set(KIND_LABELS))
    row_of = {k: i for i, k in enumerate(kinds)}
    frame["y"] = [row_of[k] for k in kind] + jitter(frame["claim_id"].tolist())
    return frame[columns], int(table.column("total")[0].as_py())


def meant(cur: duckdb.DuckDBPyConnection, state: FilterState, titles: Mapping[str, str], labels: Mapping[str, str],
          color_by: str, limit: int = 150) -> tuple[pd.DataFrame, int]:
    """Claims with a period: from time_start (or the publication date, for `Xまでに`) to time_end.

    (at most `limit` rows, the latest ends first; how many in all)."""
    cond, params = where(state)
    sql = MEANT.format(head=with_filtered(cond))
    table = run(cur, sql, params | _params(color_by, limit))
    columns = ["claim_id", "label", "start", "end", "published", "group", "surface", "time_text", "title",
               "sentence", "kind_label", "source", "source_id", "modality"]
    if not table.num_rows:
        return pd.DataFrame(columns=columns), 0
    frame = to_frame(with_details(cur, table, ["surface", "sentence", "time_text"]))
    frame["group"] = _group_labels(frame["group"].tolist())
    frame["time_text"] = frame["time_text"].fillna("")
    frame["title"] = [titles.get(s, s) for s in frame["source_id"]]
    frame["kind_label"] = [KIND_LABELS.get(k, k) for k in frame["kind"]]
    frame["source"] = [labels.get(s, s).split(" ")[0] for s in frame["source_id"]]
    frame["label"] = numbered([f"{s}｜{src}" for s, src in zip(frame["surface"], frame["source"], strict=True)])
    return frame[columns], int(table.column("total")[0].as_py())


def not_charted(cur: duckdb.DuckDBPyConnection, state: FilterState, titles: Mapping[str, str],
                limit: int = 200) -> tuple[pd.DataFrame, int]:
    """The first `limit` rows the filters keep but the charts leave out (flagged, not body), with the reason."""
    cond, params = where(state)
    table = run(cur, NOT_CHARTED.format(head=with_filtered(cond)), params | {"limit": limit})
    return with_reasons(to_frame(with_details(cur, table, REASON_DETAILS)), titles), total_of(table)

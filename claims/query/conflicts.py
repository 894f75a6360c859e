"""Where sources disagree: different figures for the same thing.

The rule, so a reader can judge each result:

1. Only clean rows (no flags, body or title) of kinds power, energy, money and
   count; one row per figure per article (`mention_group`).
2. Each row gets a *subject* from its entities (`entities` ∪ `context_entities`):
   - if it names a project (entity type `project`, e.g. Stargate), the subject
     is that project — the figure is about the project, whoever else is named;
   - otherwise the subject is the set of parties named: companies and
     governments, with people replaced by their affiliation (Sam Altman →
     OpenAI). It takes at least two parties to name a deal; a single company
     has many figures (funding, contracts, market value) that the table cannot
     tell apart, so one company alone is never a subject.
   Different party sets are different things: OpenAI–NVIDIA's "up to $100B" and
   OpenAI–Oracle's $300B contract have different subjects and never conflict.
3. Two figures conflict when they share subject, kind, unit, `rate_per` and measure, come
   from different articles, their periods overlap or either is unstated, and
   their bounds differ. `status` says whether the stated ranges still overlap
   (`≥ $400B` vs `$500B`: compatible, worth a look) or are disjoint (10 GW vs
   ≈7 GW: the sources disagree). A plan or forecast followed by a later fact is a change
   over time (`changed`), not a contradiction.
4. Figures with equal bounds are one value: each pair of values is reported
   once, by its earliest comparable pair of figures, with the number of
   articles that give each value. Big corpora are bounded: the MAX_CLUSTERS
   values cited by most articles per group, MAX_PER_CLUSTER figures per value.

SQL finds the groups, values and figures to compare; Python pairs them (a few hundred at most).
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from claims.labels import KIND_LABELS, MEASURE_LABELS, RATE_LABELS

from .filters import FilterState, where
from .sql import FIGURE_CARRY, details, one_per_figure, with_filtered
from .tables import run

if TYPE_CHECKING:       # pandas is imported where frames are made: `python -m claims index` (write_figures) runs without it
    import pandas as pd

KINDS = ("power", "energy", "money", "count")
PARTY_TYPES = ("company", "government")
DISJOINT, OVERLAPPING, CHANGED = "disjoint", "overlapping", "changed"
STATUS_LABELS = {DISJOINT: "食い違い (disjoint)", OVERLAPPING: "幅が重なる (overlapping bounds)",
                 CHANGED: "計画から実績へ (changed over time)"}
INTENDED = ("plan", "forecast")
MAX_GROUPS = 12         # things (subject/kind/unit/rate/measure) compared: those whose values most articles cite
MAX_CLUSTERS = 12       # distinct values compared per subject/kind/unit (the most-cited ones)
MAX_PER_CLUSTER = 50    # figures per value searched for a comparable pair
SEP = "\x1f"
WIDE = ["claim_id", "surface", "sentence", "time_text"]     # read only for the figures shown
FIGURE_FIELDS = ("claim_id", "source_id", "surface", "qualifier", "low", "high", "published", "period_start",
                 "period_end", "time_text", "mentions", "modality", "sentence")
THING = ["subject", "kind", "unit", "rate_per", "measure"]   # what two figures must share to be compared


def subject(entities, types: Mapping[str, str], affiliation: Mapping[str, str]) -> tuple[str, ...] | None:
    """The thing a claim is about (see module docstring), or None when it names no one thing."""
    projects = sorted({e for e in entities if types.get(e) == "project"})
    if projects:
        return tuple(projects)
    parties = set()
    for e in entities:
        t = types.get(e, "")
        if t in PARTY_TYPES:
            parties.add(e)
        elif t == "person" and affiliation.get(e):
            parties.add(affiliation[e])
    return tuple(sorted(parties)) if len(parties) >= 2 else None


def periods_overlap(a: tuple, b: tuple) -> bool:
    """(start, end) pairs; a missing end is open. Both unstated → True."""
    (a0, a1), (b0, b1) = a, b
    if a0 is None and a1 is None or b0 is None and b1 is None:
        return True
    lo = max(x for x in (a0, b0, date.min) if x is not None)
    hi = min(x for x in (a1, b1, date.max) if x is not None)
    return lo <= hi


def _open(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def bounds_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    a0, a1 = (0.0 if _open(a[0]) else a[0]), (math.inf if _open(a[1]) else a[1])
    b0, b1 = (0.0 if _open(b[0]) else b[0]), (math.inf if _open(b[1]) else b[1])
    return max(a0, b0) <= min(a1, b1)


CANDIDATE_SETS = """
SELECT DISTINCT _entity_key AS entity_key
FROM claims WHERE _clean AND list_contains($kinds, kind) AND unit IS NOT NULL AND _entity_key <> ''
"""

# The thing a figure is about, its value and its article as numbers (hashes of THING, of the rounded bounds,
# of `source_id`): the groupings over every candidate figure compare integers, not strings and doubles.
# `KEYED_LIVE` works them out from the filtered rows; a table's DuckDB file stores them for its rows
# (`FIGURES_TABLE`, `write_figures`), and `KEYED_STORED` reads them from there.
KEYED_LIVE = """
{head},
candidates AS (
    SELECT f.*, s.subject FROM filtered f JOIN subjects s ON s.entity_key = f._entity_key
    WHERE f._clean AND list_contains($kinds, f.kind) AND f.unit IS NOT NULL),
{figures},
keyed AS (
    SELECT *, hash(subject, kind, unit, _rate, measure) AS thing, hash(round(_low, 9), round(_high, 9)) AS value,
           hash(source_id) AS src
    FROM figures)"""

FIGURES_TABLE = "shipped_figures"
# The stored figures answer any filter that keeps or drops whole figures (article, kind, measure, status,
# date): `_body` is true of every candidate (clean rows are body or title rows).
KEYED_STORED = f"WITH keyed AS (SELECT * FROM {FIGURES_TABLE} WHERE {{where}})"

# Only the things kept (the most cited, MAX_GROUPS) have their figures placed in time (`date_rank`).
COMPARE_KEYED = """,
cited_by AS (SELECT DISTINCT thing, value, src FROM keyed),
clusters AS (   -- one per value of a thing: how many articles give it
    SELECT thing, value, count(*) AS sources, min(src) AS some_source
    FROM cited_by GROUP BY ALL),
groups AS (     -- more than one value, from more than one article
    SELECT thing, sum(sources) AS cited, count(*) OVER () AS n_groups FROM clusters GROUP BY thing
    HAVING count(*) > 1 AND (min(some_source) <> max(some_source) OR max(sources) > 1)),
top AS (        -- the most cited first
    SELECT g.thing, g.n_groups, any_value(k.subject) AS subject, any_value(k.kind) AS kind,
           any_value(k.unit) AS unit, any_value(k._rate) AS _rate, any_value(k.measure) AS measure
    FROM groups g JOIN keyed k USING (thing) GROUP BY g.thing, g.n_groups, g.cited
    ORDER BY g.cited DESC, subject, kind, unit, _rate, measure
    LIMIT $max_groups),
ranked AS (     -- a figure's place in time: by date (undated last), then article and position
    SELECT k.*, t.n_groups, (coalesce(k.published, DATE '9999-12-31'), k.source_id, k.span_start, k._group) AS date_rank
    FROM keyed k JOIN top t USING (thing)),
kept AS (       -- the values compared: the most cited, then the earliest
    SELECT r.thing, r.value, c.sources, any_value(r.n_groups) AS n_groups,
           row_number() OVER (PARTITION BY r.thing ORDER BY c.sources DESC, min(r.date_rank)) AS cluster_rank
    FROM ranked r JOIN clusters c USING (thing, value) GROUP BY r.thing, r.value, c.sources
    QUALIFY cluster_rank <= $max_clusters)
SELECT r.subject, r.kind, r.unit, r._rate AS rate_per, r.measure, r.modality, k.n_groups, k.cluster_rank, k.sources,
       r._row, r.source_id,
       r.qualifier, r._low AS low, r._high AS high, r.published, r.time_start AS period_start,
       r.time_end AS period_end, r.mentions
FROM ranked r JOIN kept k USING (thing, value)
QUALIFY row_number() OVER (PARTITION BY r.thing, k.cluster_rank ORDER BY r.date_rank) <= $max_per_cluster
ORDER BY r.subject, r.kind, r.unit, r._rate, r.measure, k.cluster_rank, r.date_rank
"""


def _live_keyed(state: FilterState) -> tuple[str, dict]:
    cond, params = where(state)
    figures = one_per_figure("figures", "candidates", state, (*FIGURE_CARRY, "subject", "measure", "modality"))
    return KEYED_LIVE.format(head=with_filtered(cond), figures=figures), params


def figures_digest(types: Mapping[str, str], affiliation: Mapping[str, str]) -> str:
    """What stored figures were worked out with: the entity table's types and affiliations and the SQL (a file
    written before either changed is not used for them)."""
    text = repr((sorted(types.items()), sorted(affiliation.items()), KEYED_LIVE, KINDS))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def write_figures(con: duckdb.DuckDBPyConnection, types: Mapping[str, str], affiliation: Mapping[str, str]) -> str:
    """Store every candidate figure of `shipped` with its thing, value and article keys (`FIGURES_TABLE`), for a
    DuckDB file; returns `figures_digest`. Over 10M rows the comparison then reads ~2M narrow stored rows instead
    of joining, hashing and grouping them again on every filter change."""
    con.execute("CREATE TEMP VIEW claims AS SELECT * FROM shipped")
    con.register("subjects", subjects(con, types, affiliation))
    sql, params = _live_keyed(FilterState(all_sections=True))
    con.execute(f"CREATE TABLE {FIGURES_TABLE} AS {sql} SELECT *, TRUE AS _body FROM keyed ORDER BY thing",
                {k: v for k, v in (params | {"kinds": list(KINDS)}).items() if f"${k}" in sql})
    con.unregister("subjects")
    con.execute("DROP VIEW claims")
    return figures_digest(types, affiliation)


def status_of(a: dict, b: dict) -> str:
    """`a` published no later than `b`: a plan or forecast followed by a later fact of the same measure is a
    change over time; otherwise the bounds either still overlap or are disjoint."""
    if a.get("modality") in INTENDED and b.get("modality") == "actual" and \
            a["published"] is not None and b["published"] is not None and a["published"] < b["published"]:
        return CHANGED
    return OVERLAPPING if bounds_overlap((a["low"], a["high"]), (b["low"], b["high"])) else DISJOINT


def _first_pair(ci: list[dict], cj: list[dict]) -> tuple[dict, dict] | None:
    """The earliest pair of figures, one from each value cluster, that can be compared."""
    for a in ci:
        for b in cj:
            if a["source_id"] != b["source_id"] and periods_overlap((a["period_start"], a["period_end"]),
                                                                    (b["period_start"], b["period_end"])):
                return a, b
    return None


def subjects(cur: duckdb.DuckDBPyConnection, types: Mapping[str, str], affiliation: Mapping[str, str]) -> pa.Table:
    """The subject of each set of entities that the rows which could be compared name (`entity_key`,
    `subject`; sets that name no one thing are left out). It depends on the rows and the entity table only,
    never on the filters, so a caller may keep it for `find_conflicts`."""
    keys = run(cur, CANDIDATE_SETS, {"kinds": list(KINDS)}).column("entity_key").to_pylist()
    named = {k: subject(k.split(SEP), types, affiliation) for k in keys}
    return pa.table({"entity_key": [k for k, s in named.items() if s],
                     "subject": [" + ".join(s) for s in named.values() if s]},
                    schema=pa.schema([("entity_key", pa.string()), ("subject", pa.string())]))


def find_conflicts(cur: duckdb.DuckDBPyConnection, state: FilterState, types: Mapping[str, str],
                   affiliation: Mapping[str, str], max_groups: int = MAX_GROUPS,
                   named: pa.Table | None = None, stored: bool = False) -> tuple[pd.DataFrame, int]:
    """(conflicting figures, one row per pair of differing values (`a_*`, `b_*`), disjoint ones first;
    how many things have differing values). Only the `max_groups` things whose values most articles
    cite are paired: a large corpus has thousands. `named`: what `subjects(cur, types, affiliation)` gives,
    when the caller kept it. `stored`: the `claims` view holds the shipped rows only and their DuckDB file
    stores their figures for these types and affiliations (`Tables.figures == figures_digest(…)`)."""
    import pandas as pd
    cols = (["subject", "kind", "unit", "rate_per", "measure", "status"]
            + [f"{p}_{f}" for p in "ab" for f in (*FIGURE_FIELDS, "sources")])
    if stored and state.keeps_whole_figures:
        cond, params = where(state)
        keyed = KEYED_STORED.format(where=cond)
    else:
        cur.register("subjects", subjects(cur, types, affiliation) if named is None else named)
        keyed, params = _live_keyed(state)
    table = run(cur, keyed + COMPARE_KEYED, params | {"kinds": list(KINDS), "max_clusters": MAX_CLUSTERS,
                                                     "max_per_cluster": MAX_PER_CLUSTER, "max_groups": max_groups})
    n_groups = int(table.column("n_groups")[0].as_py()) if table.num_rows else 0
    out = []
    group_key = itemgetter("subject", "kind", "unit", "rate_per", "measure")
    for (subj, kind, unit, rate, measure), group in groupby(table.to_pylist(), key=group_key):   # rows come sorted
        clusters = []
        for _, members in groupby(group, key=itemgetter("cluster_rank")):
            members = list(members)
            clusters.append((members, int(members[0]["sources"])))
        for i, (ci, ni) in enumerate(clusters):
            for cj, nj in clusters[i + 1:]:
                pair = _first_pair(ci, cj)
                if pair is None:
                    continue
                (a, na), (b, nb) = sorted(((pair[0], ni), (pair[1], nj)),
                                          key=lambda x: (x[0]["published"] or date.min, x[0]["source_id"]))
                out.append(({"subject": subj, "kind": kind, "unit": unit, "rate_per": rate, "measure": measure,
                             "status": status_of(a, b)},
                            (a, na), (b, nb)))
    # the wide columns of the figures that are shown, read by row id
    found = details(cur, sorted({f["_row"] for _, *halves in out for f, _ in halves}), WIDE)
    records = []
    for row, *halves in out:
        for p, (f, n) in zip("ab", halves, strict=True):
            f = f | found[f["_row"]]
            f["time_text"] = f["time_text"] or ""
            f["low"], f["high"] = (float("nan") if v is None else v for v in (f["low"], f["high"]))
            row |= {f"{p}_{k}": f[k] for k in FIGURE_FIELDS} | {f"{p}_sources": n}
        records.append(row)
    out = records
    res = pd.DataFrame.from_records(out, columns=cols)
    if res.empty:
        return res, n_groups
    res["_order"] = (res["status"] != DISJOINT).astype(int)
    res = res.sort_values(["_order", "subject", "kind"], kind="stable").drop(columns="_order").reset_index(drop=True)
    return res, n_groups


def conflict_groups(pairs: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """For display: (title, status, figures) per thing (subject, kind, unit, rate, measure); figures one
    per row, by date.

    status is `disjoint` when any pair in the group is disjoint, `changed` when every pair is a plan
    followed by a fact, else `overlapping`."""
    import pandas as pd
    if pairs.empty:
        return []
    fields = [*FIGURE_FIELDS, "sources"]
    rows = pairs.to_dict("records")
    groups: dict[tuple, dict] = {}                  # thing -> its first pair, statuses, figures (in order)
    for row in rows:
        g = groups.setdefault(tuple(row[k] for k in THING), {"first": row, "statuses": [], "figures": {}})
        g["statuses"].append(row["status"])
    for half in "ab":                               # each figure once: first as an `a`, then as a `b`
        for row in rows:
            fig = {f: row[f"{half}_{f}"] for f in fields}
            groups[tuple(row[k] for k in THING)]["figures"].setdefault(fig["claim_id"], fig)
    out = []
    for g in groups.values():
        first, statuses = g["first"], g["statuses"]
        figs = sorted(g["figures"].values(), key=lambda f: (f["published"] or date.max, f["source_id"]))  # undated last
        rate = f"/{RATE_LABELS.get(first['rate_per'], first['rate_per'])}" if first["rate_per"] else ""
        what = " · ".join(x for x in (KIND_LABELS.get(first["kind"], first["kind"]),
                                      MEASURE_LABELS.get(first["measure"], first["measure"])) if x)
        status = DISJOINT if DISJOINT in statuses else CHANGED if all(x == CHANGED for x in statuses) else OVERLAPPING
        body = pd.DataFrame.from_records(figs, columns=fields).assign(unit=first["unit"])
        out.append((f"{first['subject']} · {what} ({first['unit']}{rate})", status, body))
    return out

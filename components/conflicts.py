"""Where sources disagree: different figures for the same thing (pure, no streamlit).

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
3. Two figures conflict when they share subject, kind, unit and `rate_per`, come
   from different articles, their periods overlap or either is unstated, and
   their bounds differ. `status` says whether the stated ranges still overlap
   (`≥ $400B` vs `$500B`: compatible, worth a look) or are disjoint (10 GW vs
   ≈7 GW: the sources disagree).
4. Figures with equal bounds are one value: each pair of values is reported
   once, by its earliest comparable pair of figures, with the number of
   articles that give each value.
"""
from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from . import rowindex
from .prep import _select, _take

KINDS = ("power", "energy", "money", "count")
PARTY_TYPES = ("company", "government")
DISJOINT, OVERLAPPING = "disjoint", "overlapping"
STATUS_LABELS = {DISJOINT: "食い違い (disjoint)", OVERLAPPING: "幅が重なる (overlapping bounds)"}
MAX_CLUSTERS = 12       # distinct values compared per subject/kind/unit (the most-cited ones)
MAX_PER_CLUSTER = 50    # figures per value searched for a comparable pair


def subject(entities: list[str], types: dict[str, str], affiliation: dict[str, str]) -> tuple[str, ...] | None:
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


def _interval(start, end) -> tuple[date | None, date | None]:
    start = None if start is None or pd.isna(start) else start
    end = None if end is None or pd.isna(end) else end
    return start, end


def periods_overlap(a: tuple, b: tuple) -> bool:
    """(start, end) pairs; a missing end is open. Both unstated → True."""
    (a0, a1), (b0, b1) = a, b
    if a0 is None and a1 is None or b0 is None and b1 is None:
        return True
    lo = max(x for x in (a0, b0, date.min) if x is not None)
    hi = min(x for x in (a1, b1, date.max) if x is not None)
    return lo <= hi


def _same(x: float, y: float) -> bool:
    if math.isnan(x) and math.isnan(y):
        return True
    if math.isnan(x) or math.isnan(y):
        return False
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=0.0)


def bounds_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    a0, a1 = (0.0 if math.isnan(a[0]) else a[0]), (math.inf if math.isnan(a[1]) else a[1])
    b0, b1 = (0.0 if math.isnan(b[0]) else b[0]), (math.inf if math.isnan(b[1]) else b[1])
    return max(a0, b0) <= min(a1, b1)


FIGURE_FIELDS = ("claim_id", "source_id", "surface", "qualifier", "low", "high", "published", "period_start",
                 "period_end", "time_text", "mentions", "sentence")


def _figure(r: dict) -> dict:
    return {"claim_id": r["claim_id"], "source_id": r["source_id"], "surface": r["surface"],
            "qualifier": r["qualifier"], "low": r["bounds"][0], "high": r["bounds"][1], "published": r["published"],
            "period_start": r["period"][0], "period_end": r["period"][1], "time_text": r.get("time_text") or "",
            "mentions": int(r["mentions"]), "sentence": r["sentence"]}


def _first_pair(ci: list[dict], cj: list[dict]) -> tuple[dict, dict] | None:
    """The earliest pair of figures, one from each value cluster, that can be compared."""
    for a in ci[:MAX_PER_CLUSTER]:
        for b in cj[:MAX_PER_CLUSTER]:
            if a["source_id"] != b["source_id"] and periods_overlap(a["period"], b["period"]):
                return a, b
    return None


def find_conflicts(df: pd.DataFrame, types: dict[str, str], affiliation: dict[str, str], *,
                   mask: np.ndarray | None = None, index: rowindex.RowIndex | None = None) -> pd.DataFrame:
    """Conflicting figures, one row per pair of differing values (`a_*`, `b_*`), disjoint ones first.

    Figures with the same bounds form a value cluster; each pair of clusters is
    shown by its earliest comparable pair of figures, with `*_sources` the number
    of articles giving that value. Big corpora are bounded: the MAX_CLUSTERS
    most-cited values per group and MAX_PER_CLUSTER figures per value are compared.

    The grouping runs on the row index's arrays (`mask` selects the rows); only the
    figures of the clusters that get compared are taken from the frame.
    """
    cols = (["subject", "kind", "unit", "rate_per", "status"]
            + [f"{p}_{f}" for p in "ab" for f in (*FIGURE_FIELDS, "sources")])
    ri, sel = _select(df, mask, index)
    names, row_subject, candidates = _subjects(ri, types, affiliation)
    reps, mentions = rowindex.dedupe(ri, sel & candidates)
    reps_unit = ri.unit[reps]
    keep = reps_unit >= 0                              # groupby drops rows without a unit
    reps, mentions = reps[keep], mentions[keep]
    if not len(reps):
        return pd.DataFrame(columns=cols)
    groups = _value_clusters(ri, _cluster_orders(ri, types, affiliation), reps)   # (first rep, [(members, n)])
    # one read of the frame for every figure that gets compared
    wanted = np.unique(np.concatenate([m for _, cl in groups for m, _ in cl])) if groups else np.zeros(0, np.int64)
    records = dict(zip(wanted.tolist(), _records(df, ri, reps[wanted], mentions[wanted]), strict=True))
    out = []
    for first, clusters in groups:
        row = reps[first]
        subj_name, kind_name = names[row_subject[row]], ri.kinds[ri.kind[row]]
        unit_name, rate_name = ri.units[ri.unit[row]], ri.rates[ri.rate[row]]
        clusters = [([records[i] for i in members.tolist()], n) for members, n in clusters]
        for i, (ci, ni) in enumerate(clusters):
            for cj, nj in clusters[i + 1:]:
                pair = _first_pair(ci, cj)
                if pair is None:
                    continue
                (a, na), (b, nb) = sorted(((pair[0], ni), (pair[1], nj)),
                                          key=lambda x: (x[0]["published"] or date.min, x[0]["source_id"]))
                status = OVERLAPPING if bounds_overlap(a["bounds"], b["bounds"]) else DISJOINT
                row = {"subject": " + ".join(subj_name), "kind": kind_name, "unit": unit_name, "rate_per": rate_name,
                       "status": status}
                for p, r, n in (("a", a, na), ("b", b, nb)):
                    row |= {f"{p}_{k}": v for k, v in _figure(r).items()} | {f"{p}_sources": n}
                out.append(row)
    res = pd.DataFrame.from_records(out, columns=cols)
    if res.empty:
        return res
    res["_order"] = (res["status"] != DISJOINT).astype(int)
    return res.sort_values(["_order", "subject", "kind"], kind="stable").drop(columns="_order").reset_index(drop=True)


def _cluster_orders(ri: rowindex.RowIndex, types: dict[str, str], affiliation: dict[str, str]
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Once per table: the comparable rows (with a unit) sorted by (group, value, date) and by
    (group, value, source), and each row's group code (subject, kind, unit, rate).
    A filter then only picks rows out of these orders; nothing is sorted per rerun."""
    key = ("conflict_orders", *_memo_key(types, affiliation))
    found = ri.memo.get(key)
    if found is None:
        _, row_subject, candidates = _subjects(ri, types, affiliation)
        rows = np.flatnonzero(candidates & (ri.unit >= 0))
        gkey = np.full(ri.n, -1, dtype=np.int64)
        gkey[rows] = (((row_subject[rows] * (len(ri.kinds) + 1) + ri.kind[rows]) * (len(ri.units) + 1)
                       + ri.unit[rows]) * (len(ri.rates) + 1) + ri.rate[rows])
        by_date = rows[rowindex.stable_order(gkey[rows], ri.bounds_key[rows], ri.date_rank[rows])]
        by_source = rows[rowindex.stable_order(gkey[rows], ri.bounds_key[rows], ri.src[rows].astype(np.int64))]
        found = ri.memo[key] = (by_date, by_source, gkey)
    return found


def _value_clusters(ri: rowindex.RowIndex, orders: tuple[np.ndarray, np.ndarray, np.ndarray], reps: np.ndarray
                    ) -> list[tuple[int, list[tuple[np.ndarray, int]]]]:
    """Per (subject, kind, unit, rate) group of the figures `reps` that spans more than one article
    and more than one value: (one of its figures, its value clusters), the clusters being the
    MAX_CLUSTERS cited by most articles (ties: the earliest), each as (its first MAX_PER_CLUSTER
    figures by date, how many articles give it). Figures are given as indexes into `reps`;
    `orders` is `_cluster_orders`."""
    by_date, by_source, gkey = orders
    index_of = np.full(ri.n, -1, dtype=np.int64)
    index_of[reps] = np.arange(len(reps))
    a = by_date[index_of[by_date] >= 0]                # the figures, by (group, value, date)
    b = by_source[index_of[by_source] >= 0]            # the same, by (group, value, source)
    if not len(a):
        return []
    ga, va, sa = gkey[a], ri.bounds_key[a], ri.src[a]
    group_start = np.flatnonzero(np.r_[True, ga[1:] != ga[:-1]])
    cluster_start = np.flatnonzero(np.r_[True, (ga[1:] != ga[:-1]) | (va[1:] != va[:-1])])
    cluster_end = np.r_[cluster_start[1:], len(a)]
    group_of_cluster = np.searchsorted(group_start, cluster_start, side="right") - 1
    sb = ri.src[b]                                     # clusters sit at the same positions in both orders
    new_source = np.r_[True, sb[1:] != sb[:-1]]
    new_source[cluster_start] = True
    n_sources = np.add.reduceat(new_source.astype(np.int64), cluster_start)
    group_size = np.diff(np.r_[group_start, len(a)])
    several_values = np.bincount(group_of_cluster, minlength=len(group_start)) > 1
    several_sources = np.logical_or.reduceat(sa != np.repeat(sa[group_start], group_size), group_start)
    first_seen = ri.date_rank[a[cluster_start]]
    ranked = np.lexsort((first_seen, -n_sources, group_of_cluster))      # per group: most-cited, then earliest
    rank = np.arange(len(ranked)) - np.searchsorted(group_of_cluster[ranked], group_of_cluster[ranked])
    kept = ranked[(rank < MAX_CLUSTERS) & several_values[group_of_cluster[ranked]]
                  & several_sources[group_of_cluster[ranked]]]
    out: list[tuple[int, list[tuple[np.ndarray, int]]]] = []
    for c in kept.tolist():
        g = int(group_of_cluster[c])
        if not out or out[-1][0] != g:
            out.append((g, []))
        members = a[cluster_start[c]:min(cluster_end[c], cluster_start[c] + MAX_PER_CLUSTER)]
        out[-1][1].append((index_of[members], int(n_sources[c])))
    return [(int(index_of[a[group_start[g]]]), clusters) for g, clusters in out]


def _memo_key(types: dict[str, str], affiliation: dict[str, str]) -> tuple[int, int]:
    """What the per-table memos of this module depend on besides the table: the entity table."""
    return hash(frozenset(types.items())), hash(frozenset(affiliation.items()))


def _subjects(ri: rowindex.RowIndex, types: dict[str, str], affiliation: dict[str, str]
              ) -> tuple[list[tuple], np.ndarray, np.ndarray]:
    """(subject names, each row's subject code or -1, rows that can be compared at all), once per table."""
    key = ("conflicts", *_memo_key(types, affiliation))
    found = ri.memo.get(key)
    if found is None:
        subjects = [subject(list(e), types, affiliation) for e in ri.all_ent_keys]   # per distinct entity set
        names = sorted({s for s in subjects if s is not None})
        code = {s: i for i, s in enumerate(names)}
        subj_of_key = np.array([code[s] if s is not None else -1 for s in subjects] + [-1], dtype=np.int64)
        row_subject = subj_of_key[ri.all_ent_key]          # key -1 (no entities) -> the appended -1
        found = ri.memo[key] = (names, row_subject, ri.clean & ri.kind_is(*KINDS) & (row_subject >= 0))
    return found


def _records(df: pd.DataFrame, ri: rowindex.RowIndex, positions: np.ndarray, mentions: np.ndarray) -> list[dict]:
    """Figures as dicts for `_first_pair` and `_figure`: the row's fields plus bounds, period and mentions."""
    rows = _take(df, positions, ["claim_id", "source_id", "surface", "qualifier", "published", "time_start",
                                 "time_end", "time_text", "sentence", "span_start"]).to_dict("records")
    for r, p, m in zip(rows, positions, mentions, strict=True):
        r["bounds"] = (float(ri.low[p]), float(ri.high[p]))
        r["period"] = _interval(r["time_start"], r["time_end"])
        r["mentions"] = int(m)
    return rows


def conflict_groups(pairs: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """For display: (title, status, figures) per subject/kind/unit/rate; figures one per row, by date.

    status is `disjoint` when any pair in the group is disjoint. All groups are built in one pass
    (one frame of both halves of every pair), not one concat per group."""
    if pairs.empty:
        return []
    fields = [*FIGURE_FIELDS, "sources"]
    group = pairs.groupby(["subject", "kind", "unit", "rate_per"], sort=False).ngroup().to_numpy()
    halves = [pairs[[f"{p}_{f}" for f in fields]].set_axis(fields, axis=1).assign(_g=group, _half=i,
                                                                                  _row=np.arange(len(pairs)))
              for i, p in enumerate("ab")]
    figs = pd.concat(halves, ignore_index=True).sort_values(["_g", "_half", "_row"], kind="stable")
    figs = figs.drop_duplicates(["_g", "claim_id"]).sort_values(["_g", "published", "source_id"], kind="stable")
    firsts = pairs.drop_duplicates(["subject", "kind", "unit", "rate_per"])      # in group order
    disjoint = pd.Series(pairs["status"].to_numpy() == DISJOINT).groupby(group).any()
    g_of = figs["_g"].to_numpy()
    body = figs.drop(columns=["_g", "_half", "_row"]).assign(unit=firsts["unit"].to_numpy()[g_of])
    body = body.reset_index(drop=True)
    cuts = np.flatnonzero(np.r_[True, g_of[1:] != g_of[:-1], True])      # groups 0, 1, … in turn
    out = []
    for g, (lo, hi, first) in enumerate(zip(cuts[:-1], cuts[1:], firsts.to_dict("records"), strict=True)):
        subj, kind, unit, rate = first["subject"], first["kind"], first["unit"], first["rate_per"]
        out.append((f"{subj} · {kind} ({unit}{'/' + rate if rate else ''})",
                    DISJOINT if disjoint[g] else OVERLAPPING, body.iloc[lo:hi].reset_index(drop=True)))
    return out

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

import pandas as pd

from .prep import bounds, clean_mask, dedupe_mentions

KINDS = ("power", "energy", "money", "count")
PARTY_TYPES = ("company", "government")
DISJOINT, OVERLAPPING = "disjoint", "overlapping"
STATUS_LABELS = {DISJOINT: "食い違い (disjoint)", OVERLAPPING: "幅が重なる (overlapping bounds)"}
MAX_CLUSTERS = 30       # distinct values compared per subject/kind/unit (the most-cited ones)
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


def candidates(df: pd.DataFrame, types: dict[str, str], affiliation: dict[str, str]) -> pd.DataFrame:
    """One row per figure per article (see `prep.dedupe_mentions`) with its subject, bounds and period."""
    rows = df[clean_mask(df) & df["kind"].isin(KINDS).to_numpy(dtype=bool, na_value=False)]
    if rows.empty:
        return pd.DataFrame()
    ents = rows["_entities"] if "_entities" in rows else pd.Series(
        [list(dict.fromkeys(list(a) + list(b))) for a, b in zip(rows["entities"], rows["context_entities"],
                                                                strict=True)], index=rows.index)
    cache: dict[tuple, tuple | None] = {}
    subjects = []
    for e in ents:
        k = tuple(e)
        if k not in cache:
            cache[k] = subject(list(e), types, affiliation)
        subjects.append(cache[k])
    rows = rows.assign(subject=subjects)
    rows = rows[rows["subject"].notna()]
    if rows.empty:
        return pd.DataFrame()
    reps = dedupe_mentions(rows)
    reps = reps.assign(
        period=[_interval(s, e) for s, e in zip(reps["time_start"], reps["time_end"], strict=True)],
        bounds=[bounds(r) for r in reps[["qualifier", "value", "value_low", "value_high"]].to_dict("records")],
        rate=reps["rate_per"].astype(object).fillna(""),
    )
    return reps.reset_index(drop=True)


FIGURE_FIELDS = ("claim_id", "source_id", "surface", "qualifier", "low", "high", "published", "period_start",
                 "period_end", "time_text", "mentions", "sentence")


def _figure(r: dict) -> dict:
    return {"claim_id": r["claim_id"], "source_id": r["source_id"], "surface": r["surface"],
            "qualifier": r["qualifier"], "low": r["bounds"][0], "high": r["bounds"][1], "published": r["published"],
            "period_start": r["period"][0], "period_end": r["period"][1], "time_text": r.get("time_text") or "",
            "mentions": int(r["mentions"]), "sentence": r["sentence"]}


def _bounds_key(b: tuple[float, float]) -> tuple:
    return tuple(None if math.isnan(x) else round(x, 9) for x in b)


def _first_pair(ci: list[dict], cj: list[dict]) -> tuple[dict, dict] | None:
    """The earliest pair of figures, one from each value cluster, that can be compared."""
    for a in ci[:MAX_PER_CLUSTER]:
        for b in cj[:MAX_PER_CLUSTER]:
            if a["source_id"] != b["source_id"] and periods_overlap(a["period"], b["period"]):
                return a, b
    return None


def find_conflicts(df: pd.DataFrame, types: dict[str, str], affiliation: dict[str, str]) -> pd.DataFrame:
    """Conflicting figures, one row per pair of differing values (`a_*`, `b_*`), disjoint ones first.

    Figures with the same bounds form a value cluster; each pair of clusters is
    shown by its earliest comparable pair of figures, with `*_sources` the number
    of articles giving that value. Big corpora are bounded: the MAX_CLUSTERS
    most-cited values per group and MAX_PER_CLUSTER figures per value are compared.
    """
    cols = (["subject", "kind", "unit", "rate_per", "status"]
            + [f"{p}_{f}" for p in "ab" for f in (*FIGURE_FIELDS, "sources")])
    reps = candidates(df, types, affiliation)
    if reps.empty:
        return pd.DataFrame(columns=cols)
    reps = reps.assign(_bkey=[_bounds_key(b) for b in reps["bounds"]])
    out = []
    for (subj, kind, unit, rate), g in reps.groupby(["subject", "kind", "unit", "rate"], sort=True):
        if g["source_id"].nunique() < 2 or g["_bkey"].nunique() < 2:
            continue
        g = g.sort_values(["published", "source_id", "span_start"], kind="stable", na_position="last")
        clusters = [(k, c.to_dict("records"), c["source_id"].nunique()) for k, c in g.groupby("_bkey", sort=False)]
        clusters = sorted(clusters, key=lambda c: -c[2])[:MAX_CLUSTERS]
        for i, (_, ci, ni) in enumerate(clusters):
            for _, cj, nj in clusters[i + 1:]:
                pair = _first_pair(ci, cj)
                if pair is None:
                    continue
                (a, na), (b, nb) = sorted(((pair[0], ni), (pair[1], nj)),
                                          key=lambda x: (x[0]["published"] or date.min, x[0]["source_id"]))
                status = OVERLAPPING if bounds_overlap(a["bounds"], b["bounds"]) else DISJOINT
                row = {"subject": " + ".join(subj), "kind": kind, "unit": unit, "rate_per": rate, "status": status}
                for p, r, n in (("a", a, na), ("b", b, nb)):
                    row |= {f"{p}_{k}": v for k, v in _figure(r).items()} | {f"{p}_sources": n}
                out.append(row)
    res = pd.DataFrame.from_records(out, columns=cols)
    if res.empty:
        return res
    res["_order"] = (res["status"] != DISJOINT).astype(int)
    return res.sort_values(["_order", "subject", "kind"], kind="stable").drop(columns="_order").reset_index(drop=True)


def conflict_groups(pairs: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """For display: (title, status, figures) per subject/kind/unit/rate; figures one per row, by date.

    status is `disjoint` when any pair in the group is disjoint."""
    groups = []
    for (subj, kind, unit, rate), g in pairs.groupby(["subject", "kind", "unit", "rate_per"], sort=False):
        fields = [*FIGURE_FIELDS, "sources"]
        figs = pd.concat([g[[f"{p}_{f}" for f in fields]].set_axis(fields, axis=1) for p in "ab"],
                         ignore_index=True).drop_duplicates("claim_id")
        figs = figs.assign(unit=unit).sort_values(["published", "source_id"], kind="stable").reset_index(drop=True)
        status = DISJOINT if (g["status"] == DISJOINT).any() else OVERLAPPING
        groups.append((f"{subj} · {kind} ({unit}{'/' + rate if rate else ''})", status, figs))
    return groups

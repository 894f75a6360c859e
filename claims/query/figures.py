"""Questions about figures: Compare's bars, the Overview's counts and headlines, derived figures.

Charts count a figure once per article (`mention_group`), keep flagged and non-body rows
out of the bars (they are listed beneath instead), and convert JPY to USD at a rate the
reader sets. Each function takes a cursor from `Tables.scope` and returns small frames.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

import duckdb
import pandas as pd

from claims.labels import FLAG_LABELS, QUALIFIER_LABELS, RATE_LABELS, SECTION_LABELS, format_amount, format_bounds

from . import mentions
from .filters import FilterState, where
from .frames import to_frame
from .loading import CLEAN_SECTIONS
from .sql import COMPARABLE_UNITS, FIGURE_CARRY, TO_USD, details, one_per_figure, with_details, with_filtered
from .tables import run

RATE_FACTORS = {"week": 52, "month": 12, "year": 1}
RATE_UNITS = {"week": "週", "month": "か月", "year": "年"}
BAR_COLUMNS = ["label", "source_id", "title", "source_label", "published", "surface", "qualifier", "rate_per", "unit",
               "original_unit", "low", "high", "shown", "mentions", "sentence", "mention_group", "claim_id",
               "entities", "measure", "modality", "speaker", "sentences"]
EXCLUDED_COLUMNS = ["source_id", "title", "surface", "section", "flags", "kind", "unit", "modality", "sentence",
                    "claim_id", "reason"]


def _units_clause(kind: str) -> str:
    return "list_contains($units::VARCHAR[], unit)" if kind in COMPARABLE_UNITS else "TRUE"


def numbered(labels: list[str]) -> list[str]:
    """Chart labels made unique: a repeat gets its count, '10GW｜001', '10GW｜001 (2)' (Plotly merges equal
    category labels into one bar)."""
    seen: dict[str, int] = {}
    out = []
    for b in labels:
        seen[b] = seen.get(b, 0) + 1
        out.append(b if seen[b] == 1 else f"{b} ({seen[b]})")
    return out


def exclusion_reason(flags, section: str | None, modality: str | None = None) -> str:
    """Why a row the filters keep is not charted, in words."""
    flags = list(flags) if flags is not None else []
    if flags:
        return "フラグ: " + ", ".join(FLAG_LABELS.get(f, f) for f in flags)
    if (section or "") not in CLEAN_SECTIONS:
        return f"本文以外 ({SECTION_LABELS.get(section, section)})"
    if modality == "hypothetical":
        return "仮定の数字 (hypothetical: 仮に・もし…)"
    return ""


def with_reasons(frame: pd.DataFrame, titles: Mapping[str, str]) -> pd.DataFrame:
    frame = frame.copy()
    frame.insert(1, "title", [titles.get(s, s) for s in frame["source_id"]])
    frame["reason"] = [f"単位 {u} は比較できません (no conversion)" if why == "unit" else exclusion_reason(f, s, m)
                       for f, s, m, u, why in zip(frame["flags"], frame["section"], frame["modality"], frame["unit"],
                                                  frame["_why"], strict=True)]
    return frame[EXCLUDED_COLUMNS].reset_index(drop=True)


def total_of(table, column: str = "total") -> int:
    return int(table.column(column)[0].as_py()) if table.num_rows else 0


# ---------------------------------------------------------------- compare

COMPARE_BARS = """
{head}
SELECT _row, source_id, _group, published, qualifier, _rate AS rate_per, unit AS original_unit,
       _low * {to_usd} AS low, _high * {to_usd} AS high, mentions, count(*) OVER () AS total
FROM figures
ORDER BY greatest(low, high) DESC NULLS LAST, published NULLS LAST, source_id, span_start
LIMIT $limit
"""
BAR_DETAILS = ["surface", "value_low", "value_high", "sentence", "mention_group", "claim_id", "_entities", "measure",
               "modality", "speaker"]

NOT_COMPARED = """
{head}
SELECT _row, source_id, CASE WHEN _clean THEN 'unit' ELSE 'flag' END AS _why, count(*) OVER () AS total
FROM filtered
WHERE kind = $kind AND (NOT _clean OR NOT ({units}))
ORDER BY _clean, source_id, span_start, claim_id
LIMIT $limit
"""
REASON_DETAILS = ["surface", "section", "flags", "kind", "unit", "modality", "sentence", "claim_id"]


def compare_bars(cur: duckdb.DuckDBPyConnection, state: FilterState, kind: str, titles: Mapping[str, str],
                 labels: Mapping[str, str], jpy_rate: float = 150.0, limit: int = 60,
                 excluded_limit: int = 200) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """(the `limit` largest bars, the first `excluded_limit` rows kept out, how many bars, how many kept out).

    power: GW. money: USD, with JPY divided by `jpy_rate` (円/ドル)."""
    cond, params = where(state)
    units = _units_clause(kind)
    params |= {"kind": kind, "units": COMPARABLE_UNITS.get(kind), "jpy_rate": float(jpy_rate)}
    head = with_filtered(cond, f"chartable AS (SELECT * FROM filtered WHERE kind = $kind AND _clean AND {units})",
                         one_per_figure("figures", "chartable", state))
    bars = run(cur, COMPARE_BARS.format(head=head, to_usd=TO_USD), params | {"limit": limit})
    out = run(cur, NOT_COMPARED.format(head=with_filtered(cond), units=units), params | {"limit": excluded_limit})
    n_bars, n_out = total_of(bars), total_of(out)
    figures = list(zip(bars.column("source_id").to_pylist(), bars.column("_group").to_pylist(), strict=True))
    groups = mentions.clearest_rows(cur, figures, kind)     # every mention of each figure, the clearest first
    # the wide columns of every row shown (bars, their other mentions, rows kept out) in one read
    found = details(cur, [*bars.column("_row").to_pylist(), *out.column("_row").to_pylist(),
                          *(row for rows in groups.values() for row in rows)],
                    list(dict.fromkeys([*BAR_DETAILS, *REASON_DETAILS])))
    frame = to_frame(with_details(cur, bars, BAR_DETAILS, found).drop_columns(["total", "_group"])).rename(
        columns={"_entities": "entities"})
    target = "GW" if kind == "power" else "USD"
    frame["unit"] = target
    frame["title"] = [titles.get(s, s) for s in frame["source_id"]]
    frame["source_label"] = [labels.get(s, s) for s in frame["source_id"]]
    frame["shown"] = [_shown(r) for r in frame.to_dict("records")]
    frame["entities"] = [list(e) if e is not None else [] for e in frame["entities"]]
    said = mentions.sentences(groups, found)
    frame["sentences"] = [said.get(f, [s]) for f, s in zip(figures, frame["sentence"].tolist(), strict=True)]
    frame["label"] = numbered([f"{s}{'/' + RATE_LABELS[r] if r else ''}｜{lab.split(' ')[0]}" for s, r, lab in
                               zip(frame["surface"], frame["rate_per"], frame["source_label"], strict=True)])
    excluded = with_reasons(to_frame(with_details(cur, out, REASON_DETAILS, found)), titles)
    return frame[BAR_COLUMNS], excluded, n_bars, n_out


def _shown(r: dict) -> str:
    """A bar's figure as written in the contract's terms: '≥ 4000億ドル ($400B) /週 ≈ …'."""
    shown = format_bounds(r["value_low"], r["value_high"], r["qualifier"], r["original_unit"])
    if r["rate_per"]:
        shown += f" /{RATE_LABELS.get(r['rate_per'], r['rate_per'])}"
    if r["original_unit"] == "JPY":
        low = r["low"]
        shown += f" ≈ {format_amount(r['high'] if low is None or math.isnan(low) else low, 'USD')}"
    return shown


def pair_ratio(money_bar: dict, power_bar: dict) -> tuple[float, str]:
    """$ per GW for two rows of `compare_bars` the reader picks (low/high already in USD and GW)."""
    def figure(bar):
        low = bar["low"]
        return bar["high"] if low is None or (isinstance(low, float) and math.isnan(low)) else low

    usd, gw = figure(money_bar), figure(power_bar)
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (usd, gw)) or not gw:
        return float("nan"), "計算できません (missing value)"
    result = usd / gw
    return result, f"{money_bar['surface']} ÷ {power_bar['surface']} = {format_amount(result, 'USD')}/GW"


# ---------------------------------------------------------------- derived figures

RATES = """
{head}
SELECT _row, source_id, kind, unit, _rate AS rate_per, coalesce(_low, _high) AS figure, mentions,
       count(*) OVER () AS total
FROM figures
WHERE coalesce(_low, _high) IS NOT NULL
ORDER BY source_id, span_start
LIMIT $limit
"""

DOLLARS_PER_GW = """
{head},
money AS (SELECT * FROM filtered WHERE _clean AND _rate = '' AND kind = 'money' AND unit IN ('USD', 'JPY')
                AND measure IN ('investment', 'cost')),             -- what is spent …
power AS (SELECT * FROM filtered WHERE _clean AND _rate = '' AND kind = 'power' AND unit = 'GW'
                AND measure = 'capacity'),                          -- … on how much capacity
pairs AS (
    SELECT m.source_id, m._row AS money_row, p._row AS power_row, m.qualifier AS money_qualifier,
           p.qualifier AS power_qualifier, m.unit AS money_unit,
           coalesce(m._low, m._high) / CASE WHEN m.unit = 'JPY' THEN $jpy_rate ELSE 1.0 END AS usd,
           coalesce(p._low, p._high) AS gw, m._sentence_key = p._sentence_key AS same_sentence,
           m.span_start AS money_at, p.span_start AS power_at
    FROM money m JOIN power p ON m.source_id = p.source_id
    WHERE m._sentence_key = p._sentence_key OR m._entity_set = p._entity_set
    -- each (money figure, power figure) once: its first pair in the article
    QUALIFY row_number() OVER (PARTITION BY m.source_id, m._group, p._group
                               ORDER BY m.span_start, p.span_start) = 1
)
SELECT *, usd / gw AS usd_per_gw, count(*) OVER () AS total
FROM pairs
WHERE gw IS NOT NULL AND gw <> 0 AND usd IS NOT NULL
ORDER BY source_id, money_at, power_at
LIMIT $limit
"""


def annualized_rates(cur: duckdb.DuckDBPyConnection, state: FilterState, titles: Mapping[str, str],
                     limit: int = 200) -> tuple[pd.DataFrame, int]:
    """Rate claims (`rate_per` week/month/year) as per-year figures with the formula; (first `limit`, how many)."""
    cond, params = where(state)
    head = with_filtered(cond, "rated AS (SELECT * FROM filtered WHERE _clean AND _rate IN ('week', 'month', 'year')"
                               " AND kind IN ('power', 'energy', 'money', 'count'))",
                         one_per_figure("figures", "rated", state))
    table = run(cur, RATES.format(head=head), params | {"limit": limit})
    frame = to_frame(with_details(cur, table, ["surface", "sentence"]))
    rows = []
    for r in frame.to_dict("records"):
        factor, unit = RATE_FACTORS[r["rate_per"]], r["unit"]
        result = float(r["figure"]) * factor
        rows.append({"source_id": r["source_id"], "title": titles.get(r["source_id"], r["source_id"]),
                     "surface": r["surface"], "kind": r["kind"], "unit": unit, "per_year": result,
                     "formula": f"{format_amount(r['figure'], unit)}/{RATE_UNITS[r['rate_per']]} × {factor} = "
                                f"{format_amount(result, unit)}/年",
                     "mentions": int(r["mentions"]), "sentence": r["sentence"]})
    columns = ["source_id", "title", "surface", "kind", "unit", "per_year", "formula", "mentions", "sentence"]
    return pd.DataFrame.from_records(rows, columns=columns), total_of(table)


def dollars_per_gw(cur: duckdb.DuckDBPyConnection, state: FilterState, titles: Mapping[str, str],
                   jpy_rate: float = 150.0, limit: int = 200) -> tuple[pd.DataFrame, int]:
    """$ per GW where the data gives both figures for one thing; (first `limit` pairs, how many).

    An investment or cost and a capacity pair up when they are in the same sentence, or in the same
    article with the same non-empty set of named entities (the sentence before names the same
    deal). Rates (`/週`) never pair with totals; a valuation or a contract never pairs. JPY is
    divided by `jpy_rate`."""
    cond, params = where(state)
    table = run(cur, DOLLARS_PER_GW.format(head=with_filtered(cond)), params | {"jpy_rate": float(jpy_rate),
                                                                              "limit": limit})
    found = details(cur, table.column("money_row").to_pylist() + table.column("power_row").to_pylist(),
                    ["surface", "sentence"])
    rows = []
    for r in table.to_pylist():
        money, power = found[r["money_row"]], found[r["power_row"]]
        r |= {"money": money["surface"], "power": power["surface"], "money_sentence": money["sentence"],
              "power_sentence": power["sentence"]}
        mark = "以上" if r["money_qualifier"] == "at_least" else "以下" if r["money_qualifier"] == "at_most" else ""
        approx = "約" if {r["money_qualifier"], r["power_qualifier"]} & {"approx", "vague", "range"} else ""
        conv = f"（{jpy_rate:g}円/ドル換算）" if r["money_unit"] == "JPY" else ""
        same = bool(r["same_sentence"])
        rows.append({
            "source_id": r["source_id"], "title": titles.get(r["source_id"], r["source_id"]),
            "money": r["money"], "power": r["power"], "usd_per_gw": float(r["usd_per_gw"]),
            "formula": f"{r['money']} ÷ {r['power']} = {approx}{format_amount(r['usd_per_gw'], 'USD')}/GW{mark}{conv}",
            "basis": "同じ文 (same sentence)" if same else "同じ記事・同じ主体 (same article and entities)",
            "sentence": r["money_sentence"] if same else f"{r['money_sentence']} / {r['power_sentence']}",
        })
    columns = ["source_id", "title", "money", "power", "usd_per_gw", "formula", "basis", "sentence"]
    return pd.DataFrame.from_records(rows, columns=columns), total_of(table)


# ---------------------------------------------------------------- overview

COUNTS = """
{head}
SELECT count(*) AS rows, count(DISTINCT source_id) AS sources,
       count(*) FILTER (WHERE _clean AND kind = 'power') AS power,
       count(*) FILTER (WHERE _clean AND kind = 'money') AS money,
       count(*) FILTER (WHERE NOT _clean) AS kept_out
FROM filtered
"""

KIND_COUNTS = """
{head}
SELECT kind, count(*) FILTER (WHERE _clean) AS clean, count(*) FILTER (WHERE NOT _clean) AS excluded
FROM filtered GROUP BY kind
"""

HEADLINE = """
{head}
SELECT _row, source_id, unit, qualifier, published, mentions, coalesce(_low, _high) * {to_usd} AS usd
FROM figures
WHERE coalesce(_low, _high) IS NOT NULL
ORDER BY usd DESC, source_id, span_start
LIMIT $limit
"""


def counts(cur: duckdb.DuckDBPyConnection, state: FilterState) -> dict[str, int]:
    """Rows, articles, chartable power and money rows, rows kept out of the charts."""
    cond, params = where(state)
    row = run(cur, COUNTS.format(head=with_filtered(cond)), params).to_pylist()[0]
    return {k: int(v or 0) for k, v in row.items()}


def kind_counts(cur: duckdb.DuckDBPyConnection, state: FilterState) -> pd.DataFrame:
    """Rows per kind, split into chartable and kept-out; most rows first."""
    from claims.labels import KIND_LABELS

    cond, params = where(state)
    table = to_frame(run(cur, KIND_COUNTS.format(head=with_filtered(cond)), params))
    if table.empty:
        return pd.DataFrame(columns=["kind", "label", "clean", "excluded"])
    order = list(KIND_LABELS)
    table["total"] = table["clean"] + table["excluded"]
    table["order"] = [order.index(k) if k in order else 99 for k in table["kind"]]
    table = table.sort_values(["total", "order", "kind"], ascending=[False, True, True])
    table.insert(1, "label", [KIND_LABELS.get(k, k) for k in table["kind"]])
    return table[["kind", "label", "clean", "excluded"]].astype({"clean": int, "excluded": int}).reset_index(drop=True)


def headline(cur: duckdb.DuckDBPyConnection, state: FilterState, kind: str, titles: Mapping[str, str], n: int = 5,
             jpy_rate: float = 150.0) -> pd.DataFrame:
    """The largest figures of a kind (one per mention group, rates excluded), biggest first."""
    cond, params = where(state)
    units = _units_clause(kind)
    head = with_filtered(cond, f"chartable AS (SELECT * FROM filtered WHERE kind = $kind AND _clean AND _rate = ''"
                               f" AND {units})", one_per_figure("figures", "chartable", state))
    table = run(cur, HEADLINE.format(head=head, to_usd=TO_USD),
                params | {"kind": kind, "units": COMPARABLE_UNITS.get(kind), "jpy_rate": float(jpy_rate), "limit": n})
    rows = [{"figure": format_bounds(r["value_low"], r["value_high"], r["qualifier"], r["unit"]),
             "value": float(r["usd"]), "unit": "USD" if kind == "money" else r["unit"], "surface": r["surface"],
             "qualifier": QUALIFIER_LABELS.get(r["qualifier"], r["qualifier"]),
             "title": titles.get(r["source_id"], r["source_id"]), "published": r["published"],
             "mentions": int(r["mentions"]), "sentence": r["sentence"], "source_id": r["source_id"]}
            for r in to_frame(with_details(cur, table, ["surface", "sentence", "value_low", "value_high"]))
            .to_dict("records")]
    return pd.DataFrame.from_records(rows, columns=["figure", "value", "unit", "surface", "qualifier", "title",
                                                    "published", "mentions", "sentence", "source_id"])


# ---------------------------------------------------------------- claim history

HISTORY = """
{head}
SELECT _row, source_id, published, qualifier, unit AS original_unit, _low * {to_usd} AS low, _high * {to_usd} AS high,
       modality, mentions, time_start, time_end, count(*) OVER () AS total
FROM figures
ORDER BY published NULLS LAST, source_id, span_start
LIMIT $limit
"""


def history(cur: duckdb.DuckDBPyConnection, state: FilterState, entity: str, kind: str, measure: str,
            titles: Mapping[str, str], jpy_rate: float = 150.0, limit: int = 200) -> tuple[pd.DataFrame, int]:
    """How the figures stated for one entity and measure changed: one row per figure (an article's repeats
    counted once), by publication date, with its status and speaker, in GW or USD; hypotheticals left out."""
    cond, params = where(state)
    units = _units_clause(kind)
    chosen = (f"chosen AS (SELECT * FROM filtered WHERE _clean AND kind = $kind AND measure = $measure "
              f"AND {units} AND list_contains(_entities, $entity))")
    # an entity condition can keep some mentions of a figure and not others: form the figures from the rows kept
    head = with_filtered(cond, chosen, one_per_figure("figures", "chosen", replace(state, entities=(entity,)),
                                                      (*FIGURE_CARRY, "modality")))
    table = run(cur, HISTORY.format(head=head, to_usd=TO_USD),
                params | {"kind": kind, "measure": measure, "entity": entity, "units": COMPARABLE_UNITS.get(kind),
                          "jpy_rate": float(jpy_rate), "limit": limit})
    frame = to_frame(with_details(cur, table, ["surface", "sentence", "speaker", "value_low", "value_high"]))
    frame["title"] = [titles.get(s, s) for s in frame["source_id"]]
    frame["unit"] = "GW" if kind == "power" else "USD"
    frame["shown"] = [format_bounds(lo, hi, q, u) for lo, hi, q, u in
                      zip(frame["value_low"], frame["value_high"], frame["qualifier"], frame["original_unit"],
                          strict=True)]
    return frame.drop(columns=["_row", "total"]), total_of(table)

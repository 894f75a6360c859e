"""Pure data preparation for the pages: DataFrame in, small DataFrame out (no streamlit).

Charts count a figure once per article (`mention_group`), keep flagged and
non-body rows out of the bars (they are listed beneath instead), and convert
JPY to USD at a rate the reader sets.

Every function takes the claims frame; the pages pass the whole table plus `mask` (the
filtered rows) and its `index` (`rowindex.RowIndex`), so a filter never copies the table:
selection, counting and one-figure-per-article run on the index's arrays, and only the
rows that are returned are taken from the frame. `limit` caps what is returned (largest or
first rows) for tables of a million rows; the `*_top` variants also return how many there were.
"""
from __future__ import annotations

import math
import zlib

import numpy as np
import pandas as pd

from . import rowindex
from .data import CLEAN_SECTIONS
from .labels import KIND_LABELS, QUALIFIER_LABELS, RATE_LABELS, SECTION_LABELS, format_amount, format_bounds

RATE_FACTORS = {"week": 52, "month": 12, "year": 1}
RATE_UNITS = {"week": "週", "month": "か月", "year": "年"}
MONEY_UNITS = ("USD", "JPY")
FIGURE_COLUMNS = ["source_id", "published", "surface", "kind", "unit", "qualifier", "rate_per", "value", "value_low",
                  "value_high", "mentions", "sentence"]


def numbered(labels: list[str]) -> list[str]:
    """Chart labels made unique: a repeat gets its count, '10GW｜001', '10GW｜001 (2)' (Plotly merges equal
    category labels into one bar)."""
    seen: dict[str, int] = {}
    out = []
    for b in labels:
        seen[b] = seen.get(b, 0) + 1
        out.append(b if seen[b] == 1 else f"{b} ({seen[b]})")
    return out


def clean_mask(df: pd.DataFrame) -> np.ndarray:
    """Rows that may be charted: no flags and section body/title."""
    if "_clean" in df:
        return df["_clean"].to_numpy(dtype=bool)
    flags = [f is None or len(f) == 0 for f in df["flags"].tolist()]
    return np.array(flags, dtype=bool) & df["section"].isin(CLEAN_SECTIONS).to_numpy(dtype=bool, na_value=False)


def exclusion_reason(row: dict) -> str:
    flags = row.get("flags")
    flags = list(flags) if flags is not None else []
    if flags:
        return "フラグ: " + ", ".join(flags) + ("（数字が欠落）" if "garbled" in flags else "")
    section = row.get("section") or ""
    if section not in CLEAN_SECTIONS:
        return f"本文以外 ({SECTION_LABELS.get(section, section)})"
    return ""


def _select(df: pd.DataFrame, mask: np.ndarray | None, index: rowindex.RowIndex | None
            ) -> tuple[rowindex.RowIndex, np.ndarray]:
    """The frame's index (built when not given) and the selected rows as a boolean mask."""
    ri = index if index is not None else rowindex.of(df)
    return ri, (np.ones(ri.n, dtype=bool) if mask is None else np.asarray(mask, dtype=bool))


def _take(df: pd.DataFrame, positions: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """Some rows and columns of a (possibly huge) frame: select the columns first, then take the rows."""
    return df[[c for c in columns if c in df]].iloc[positions]


EXCLUDED_COLUMNS = ["source_id", "surface", "section", "flags", "kind", "unit", "sentence", "claim_id"]


def _reasons(flags: list, sections: list) -> list[str]:
    cache: dict[tuple, str] = {}
    out = []
    for f, sec in zip(flags, sections, strict=True):
        key = (tuple(f) if f is not None else (), sec)
        if key not in cache:
            cache[key] = exclusion_reason({"flags": f, "section": sec})
        out.append(cache[key])
    return out


def excluded_rows(df: pd.DataFrame, titles: dict[str, str] | None = None, *, mask: np.ndarray | None = None,
                  index: rowindex.RowIndex | None = None, limit: int | None = None) -> pd.DataFrame:
    """Flagged and non-body rows, with the reason they are not charted (the first `limit`)."""
    keep = ~(index.clean if index is not None else clean_mask(df))
    if mask is not None:
        keep = keep & mask
    positions = np.flatnonzero(keep)[:limit]
    out = _take(df, positions, EXCLUDED_COLUMNS).copy()
    out["reason"] = _reasons(out["flags"].tolist(), out["section"].tolist())
    if titles is not None:
        out.insert(1, "title", [titles.get(s, s) for s in out["source_id"]])
    return out.reset_index(drop=True)


def dedupe_mentions(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (source_id, mention_group) with `mentions`, the count.

    The row kept is the first body mention that states a period, else the first
    body mention, else the first mention (a headline has less context than the body).
    Rows come out in (source_id, span_start) order. See `rowindex.dedupe`.
    """
    if df.empty:
        return df.assign(mentions=pd.Series(dtype="int64"))
    ri = rowindex.of(df)
    reps, mentions = rowindex.dedupe(ri, np.ones(ri.n, dtype=bool))
    return df.iloc[reps].assign(mentions=mentions.astype("int64"))


def _figure(ri: rowindex.RowIndex, positions: np.ndarray) -> np.ndarray:
    """The number a bar or headline shows: the lower bound, else the upper one."""
    low = ri.low[positions]
    return np.where(np.isnan(low), ri.high[positions], low)


def _isnan(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


# ---------------------------------------------------------------- compare

def compare_bars(df: pd.DataFrame, kind: str, titles: dict[str, str], labels: dict[str, str],
                 jpy_rate: float = 150.0, *, mask: np.ndarray | None = None,
                 index: rowindex.RowIndex | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bars for the Compare page and the rows kept out of them.

    power: GW. money: USD, with JPY divided by `jpy_rate` (円/ドル); other
    currencies have no rate and are listed as excluded.
    """
    bars, excluded, _, _ = compare_bars_top(df, kind, titles, labels, jpy_rate, mask=mask, index=index)
    return bars, excluded


def compare_bars_top(df: pd.DataFrame, kind: str, titles: dict[str, str], labels: dict[str, str],
                     jpy_rate: float = 150.0, *, mask: np.ndarray | None = None,
                     index: rowindex.RowIndex | None = None, limit: int | None = None,
                     excluded_limit: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """`compare_bars` keeping the `limit` largest bars and the first `excluded_limit` excluded rows;
    returns (bars, excluded, number of bars, number of excluded rows)."""
    ri, sel = _select(df, mask, index)
    of_kind = sel & ri.kind_is(kind)
    clean = of_kind & ri.clean
    allowed = ("GW",) if kind == "power" else MONEY_UNITS if kind == "money" else None
    ok = ri.unit_in(allowed) if allowed is not None else np.ones(ri.n, dtype=bool)
    n_flagged = int((of_kind & ~ri.clean).sum())
    excluded = excluded_rows(df, titles, mask=of_kind, index=ri, limit=excluded_limit)
    other = np.flatnonzero(clean & ~ok)
    n_excluded = n_flagged + len(other)
    room = None if excluded_limit is None else max(0, excluded_limit - len(excluded))
    if len(other) and room != 0:
        extra = _take(df, other[:room], EXCLUDED_COLUMNS).copy()
        extra.insert(1, "title", [titles.get(s, s) for s in extra["source_id"]])
        extra["reason"] = [f"単位 {u} は比較できません (no conversion)" for u in extra["unit"]]
        excluded = pd.concat([excluded, extra.reset_index(drop=True)], ignore_index=True)
    reps, mentions = rowindex.dedupe(ri, clean & ok)
    total = len(reps)
    columns = ["source_id", "title", "source_label", "published", "surface", "qualifier", "rate_per", "unit",
               "original_unit", "low", "high", "shown", "mentions", "sentence", "mention_group", "claim_id", "entities"]
    if not total:
        return pd.DataFrame(columns=columns), excluded, 0, n_excluded
    factor = np.where(ri.unit_names(reps) == "JPY", 1.0 / jpy_rate, 1.0)
    low, high = ri.low[reps] * factor, ri.high[reps] * factor
    top = np.fmax(low, high)
    # largest first (no value last), then the earliest article; stable, as pandas sort_values(kind="stable")
    order = rowindex.top_order(top, ri.published[reps], limit)
    reps, mentions, low, high = reps[order], mentions[order], low[order], high[order]
    target = "GW" if kind == "power" else "USD"
    used = ["source_id", "published", "surface", "qualifier", "rate_per", "unit", "value", "value_low", "value_high",
            "sentence", "mention_group", "claim_id", "_entities"]
    records = []
    for r, lo, hi, m in zip(_take(df, reps, used).to_dict("records"), low, high, mentions, strict=True):
        rate = r.get("rate_per") or ""
        shown = format_bounds(r.get("value_low"), r.get("value_high"), r["qualifier"], r["unit"])
        if rate:
            shown += f" /{RATE_LABELS.get(rate, rate)}"
        if r["unit"] == "JPY":
            shown += f" ≈ {format_amount(lo if not math.isnan(lo) else hi, 'USD')}"
        records.append({
            "source_id": r["source_id"], "title": titles.get(r["source_id"], r["source_id"]),
            "source_label": labels.get(r["source_id"], r["source_id"]), "published": r.get("published"),
            "surface": r["surface"], "qualifier": r["qualifier"], "rate_per": rate,
            "unit": target, "original_unit": r["unit"],
            "low": float(lo), "high": float(hi), "shown": shown, "mentions": int(m),
            "sentence": r["sentence"], "mention_group": r.get("mention_group"), "claim_id": r["claim_id"],
            "entities": list(r.get("_entities", []) or []),
        })
    out = pd.DataFrame.from_records(records, columns=columns)
    out.insert(0, "label", numbered([f"{s}{'/' + RATE_LABELS[r] if r else ''}｜{lab.split(' ')[0]}"
                                     for s, r, lab in zip(out["surface"], out["rate_per"], out["source_label"],
                                                          strict=True)]))
    return out, excluded, total, n_excluded


def annualized_rates(df: pd.DataFrame, titles: dict[str, str], *, mask: np.ndarray | None = None,
                     index: rowindex.RowIndex | None = None) -> pd.DataFrame:
    """Rate claims (`rate_per` week/month) turned into per-year figures, with the formula."""
    return annualized_rates_top(df, titles, mask=mask, index=index)[0]


def annualized_rates_top(df: pd.DataFrame, titles: dict[str, str], *, mask: np.ndarray | None = None,
                         index: rowindex.RowIndex | None = None, limit: int | None = None
                         ) -> tuple[pd.DataFrame, int]:
    """`annualized_rates`, the first `limit` rows (article order), and how many there are."""
    ri, sel = _select(df, mask, index)
    per_rate = rowindex.codes_in(ri.rate, rowindex.codes_for(ri.rates, RATE_FACTORS))
    sel = sel & ri.clean & per_rate & ri.kind_is("power", "energy", "money", "count")
    reps, mentions = rowindex.dedupe(ri, sel)
    v = _figure(ri, reps)
    ok = ~np.isnan(v)
    reps, mentions, v = reps[ok], mentions[ok], v[ok]
    total = len(reps)
    out = []
    for r, value, m in zip(_take(df, reps[:limit], FIGURE_COLUMNS).to_dict("records"), v[:limit], mentions[:limit],
                           strict=True):
        factor = RATE_FACTORS[r["rate_per"]]
        per = RATE_UNITS[r["rate_per"]]
        unit = r["unit"]
        value = float(value)
        result = value * factor
        out.append({
            "source_id": r["source_id"], "title": titles.get(r["source_id"], r["source_id"]),
            "surface": r["surface"], "kind": r["kind"], "unit": unit, "per_year": result,
            "formula": f"{format_amount(value, unit)}/{per} × {factor} = {format_amount(result, unit)}/年",
            "mentions": int(m), "sentence": r["sentence"],
        })
    return pd.DataFrame.from_records(out, columns=["source_id", "title", "surface", "kind", "unit", "per_year",
                                                   "formula", "mentions", "sentence"]), total


def _pairs_on(left: np.ndarray, right: np.ndarray, key_left: np.ndarray,
              key_right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (left row, right row) with equal keys (an inner join on int64 keys), as positions."""
    left, key_left = left[np.argsort(key_left, kind="stable")], np.sort(key_left, kind="stable")
    order = np.argsort(key_right, kind="stable")
    right, key_right = right[order], key_right[order]
    start = np.searchsorted(key_right, key_left, side="left")
    n = np.searchsorted(key_right, key_left, side="right") - start
    li = np.repeat(np.arange(len(left)), n)
    within = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
    return left[li], right[np.repeat(start, n) + within]


def dollars_per_gw(df: pd.DataFrame, titles: dict[str, str], jpy_rate: float = 150.0, *,
                   mask: np.ndarray | None = None, index: rowindex.RowIndex | None = None) -> pd.DataFrame:
    """$ per GW where the data gives both figures for one thing.

    A money claim and a power claim pair up when they are in the same sentence,
    or in the same article with the same non-empty set of named entities (the
    sentence before names the same deal). Rates (`/週`) never pair with totals.
    """
    return dollars_per_gw_top(df, titles, jpy_rate, mask=mask, index=index)[0]


def _money_power_pairs(df: pd.DataFrame, ri: rowindex.RowIndex
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every (money row, power row) pair of the whole table that `dollars_per_gw` may use, in
    article order: (money rows, power rows, same sentence?, (money figure, power figure) code).
    Once per table: a filter only drops pairs, it never makes new ones.

    A pair: clean rows, no rate, in the same article, and in the same sentence (same start offset
    and the same text) or naming the same non-empty set of entities."""
    found = ri.memo.get("money_power_pairs")
    if found is not None:
        return found
    clean = ri.clean & ri.rate_empty
    money = np.flatnonzero(clean & ri.kind_is("money") & ri.unit_in(MONEY_UNITS))
    power = np.flatnonzero(clean & ri.kind_is("power") & ri.unit_in(("GW",)))
    src = np.where(ri.src < 0, len(ri.sources), ri.src).astype(np.int64)
    m1, p1 = _pairs_on(money, power, (src[money] << 32) | (ri.sentence_start[money] & 0xFFFFFFFF),
                       (src[power] << 32) | (ri.sentence_start[power] & 0xFFFFFFFF))
    named_m, named_p = money[ri.ent_key[money] >= 0], power[ri.ent_key[power] >= 0]
    m2, p2 = _pairs_on(named_m, named_p, (src[named_m] << 32) | ri.ent_key[named_m],
                       (src[named_p] << 32) | ri.ent_key[named_p])
    pair_id = np.unique(np.concatenate([m1 * ri.n + p1, m2 * ri.n + p2]))
    m, p = pair_id // max(ri.n, 1), pair_id % max(ri.n, 1)
    same_sentence = ri.sentence_start[m] == ri.sentence_start[p]
    if same_sentence.any():
        check = np.flatnonzero(same_sentence)
        sentence = df["sentence"]
        same_text = (sentence.iloc[m[check]].to_numpy(dtype=object) == sentence.iloc[p[check]].to_numpy(dtype=object))
        same_sentence[check] = same_text
    same_subject = (ri.ent_key[m] >= 0) & (ri.ent_key[m] == ri.ent_key[p])
    keep = same_sentence | same_subject
    m, p, same_sentence = m[keep], p[keep], same_sentence[keep]
    order = np.lexsort((p, m, ri.span_start[p], ri.span_start[m], src[m]))        # article order
    m, p, same_sentence = m[order], p[order], same_sentence[order]
    gm = np.unique(ri.grp[m], return_inverse=True)[1].astype(np.int64).ravel()     # dense: grp codes are sparse
    gp = np.unique(ri.grp[p], return_inverse=True)[1].astype(np.int64).ravel()
    figure_pair = gm * (int(gp.max(initial=0)) + 1) + gp
    found = ri.memo["money_power_pairs"] = (m, p, same_sentence, figure_pair)
    return found


def dollars_per_gw_top(df: pd.DataFrame, titles: dict[str, str], jpy_rate: float = 150.0, *,
                       mask: np.ndarray | None = None, index: rowindex.RowIndex | None = None,
                       limit: int | None = None) -> tuple[pd.DataFrame, int]:
    """`dollars_per_gw`, the first `limit` pairs (article order), and how many there are."""
    columns = ["source_id", "title", "money", "power", "usd_per_gw", "formula", "basis", "sentence"]
    ri, sel = _select(df, mask, index)
    m, p, same_sentence, figure_pair = _money_power_pairs(df, ri)
    keep = sel[m] & sel[p]
    m, p, same_sentence, figure_pair = m[keep], p[keep], same_sentence[keep], figure_pair[keep]
    first = np.sort(np.unique(figure_pair, return_index=True)[1])       # each (money, power) figure pair once
    m, p, same_sentence = m[first], p[first], same_sentence[first]
    usd = _figure(ri, m) / np.where(ri.unit_names(m) == "JPY", jpy_rate, 1.0)
    gw = _figure(ri, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = ~np.isnan(gw) & (gw != 0) & ~np.isnan(usd)
    m, p, same_sentence, usd, gw = m[ok], p[ok], same_sentence[ok], usd[ok], gw[ok]
    total = len(m)
    cols = ["source_id", "surface", "sentence", "qualifier", "unit"]
    out = []
    rows = zip(_take(df, m[:limit], cols).to_dict("records"), _take(df, p[:limit], cols).to_dict("records"),
               same_sentence[:limit], usd[:limit], gw[:limit], strict=True)
    for mr, pr, same, u, g in rows:
        result = float(u) / float(g)
        mark = "以上" if mr["qualifier"] == "at_least" else "以下" if mr["qualifier"] == "at_most" else ""
        approx = "約" if {mr["qualifier"], pr["qualifier"]} & {"approx", "vague", "range"} else ""
        conv = f"（{jpy_rate:g}円/ドル換算）" if mr["unit"] == "JPY" else ""
        out.append({
            "source_id": mr["source_id"], "title": titles.get(mr["source_id"], mr["source_id"]),
            "money": mr["surface"], "power": pr["surface"], "usd_per_gw": result,
            "formula": f"{mr['surface']} ÷ {pr['surface']} = {approx}{format_amount(result, 'USD')}/GW{mark}{conv}",
            "basis": "同じ文 (same sentence)" if same else "同じ記事・同じ主体 (same article and entities)",
            "sentence": mr["sentence"] if same else f"{mr['sentence']} / {pr['sentence']}",
        })
    return pd.DataFrame.from_records(out, columns=columns), total


def pair_ratio(money_bar: dict, power_bar: dict) -> tuple[float, str]:
    """$ per GW for two rows of `compare_bars` the reader picks (low/high already in USD and GW)."""
    def figure(bar):
        low, high = bar["low"], bar["high"]
        return low if not _isnan(low) else high

    usd, gw = figure(money_bar), figure(power_bar)
    if _isnan(usd) or _isnan(gw) or not gw:
        return float("nan"), "計算できません (missing value)"
    result = usd / gw
    return result, f"{money_bar['surface']} ÷ {power_bar['surface']} = {format_amount(result, 'USD')}/GW"


# ---------------------------------------------------------------- overview

def kind_counts(df: pd.DataFrame, *, mask: np.ndarray | None = None,
                index: rowindex.RowIndex | None = None) -> pd.DataFrame:
    """Rows per kind, split into chartable and kept-out."""
    ri, sel = _select(df, mask, index)
    if not sel.any():
        return pd.DataFrame(columns=["kind", "label", "clean", "excluded"])
    codes = np.where(ri.kind < 0, len(ri.kinds), ri.kind)[sel]
    total = np.bincount(codes, minlength=len(ri.kinds) + 1)
    clean = np.bincount(codes, weights=ri.clean[sel], minlength=len(ri.kinds) + 1).astype(np.int64)
    names = list(ri.kinds) + ["?"]
    present = [i for i in np.argsort(names, kind="stable") if total[i]]     # groupby order: sorted names
    table = pd.DataFrame({"kind": [names[i] for i in present], "clean": clean[present], "total": total[present]})
    table["excluded"] = table["total"] - table["clean"]
    order = list(KIND_LABELS)
    table["order"] = [order.index(k) if k in order else 99 for k in table["kind"]]
    table = table.sort_values(["total", "order"], ascending=[False, True])
    table.insert(1, "label", [KIND_LABELS.get(k, k) for k in table["kind"]])
    return table[["kind", "label", "clean", "excluded"]].astype({"clean": int, "excluded": int}).reset_index(drop=True)


def headline(df: pd.DataFrame, kind: str, titles: dict[str, str], n: int = 5, jpy_rate: float = 150.0, *,
             mask: np.ndarray | None = None, index: rowindex.RowIndex | None = None) -> pd.DataFrame:
    """The largest figures of a kind (one per mention group, rates excluded), biggest first."""
    ri, sel = _select(df, mask, index)
    sel = sel & ri.clean & ri.kind_is(kind) & ri.rate_empty
    if kind == "money":
        sel &= ri.unit_in(MONEY_UNITS)
    reps, mentions = rowindex.dedupe(ri, sel)
    v = _figure(ri, reps)
    ok = ~np.isnan(v)
    reps, mentions, v = reps[ok], mentions[ok], v[ok]
    usd = np.where(ri.unit_names(reps) == "JPY", v / jpy_rate, v)
    top = rowindex.top_order(usd, limit=n)
    out = []
    for r, value, m in zip(_take(df, reps[top], FIGURE_COLUMNS).to_dict("records"), usd[top], mentions[top],
                           strict=True):
        out.append({"figure": format_bounds(r.get("value_low"), r.get("value_high"), r["qualifier"], r["unit"]),
                    "value": float(value), "unit": "USD" if kind == "money" else r["unit"], "surface": r["surface"],
                    "qualifier": QUALIFIER_LABELS.get(r["qualifier"], r["qualifier"]),
                    "title": titles.get(r["source_id"], r["source_id"]), "published": r.get("published"),
                    "mentions": int(m), "sentence": r["sentence"], "source_id": r["source_id"]})
    return pd.DataFrame.from_records(out, columns=["figure", "value", "unit", "surface", "qualifier", "title",
                                                   "published", "mentions", "sentence", "source_id"])


# ---------------------------------------------------------------- timeline

OTHER = "その他 (other)"
NONE = "（なし / none）"


def color_groups(df: pd.DataFrame, by: str, top: int = 9) -> pd.Series:
    """Colour key per row: kind label, or the first entity (top `top` kept, the rest 'other')."""
    if by == "kind":
        return df["kind"].map(lambda k: KIND_LABELS.get(k, k)).astype(object)
    primary = df["_primary"] if "_primary" in df else pd.Series(
        [(list(e) + list(c) or [""])[0] for e, c in zip(df["entities"], df["context_entities"], strict=True)],
        index=df.index)
    primary = primary.astype(object).fillna("").replace("", NONE)
    keep = set(primary[primary != NONE].value_counts().head(top).index)
    return primary.where(primary.isin(keep) | (primary == NONE), OTHER)


def jitter(claim_ids: pd.Series, spread: float = 0.7) -> np.ndarray:
    """Stable vertical offsets so points on one date don't hide each other."""
    return np.array([(zlib.crc32(str(c).encode()) / 2**32 - 0.5) * spread for c in claim_ids])


def _groups(df: pd.DataFrame, ri: rowindex.RowIndex, positions: np.ndarray, by: str, top: int = 9) -> np.ndarray:
    """`color_groups` for some rows of the frame, from the index's codes (no rows taken)."""
    if by == "kind":
        return np.array([KIND_LABELS.get(k, k) for k in ri.kinds] + [None], dtype=object)[ri.kind[positions]]
    if "_primary" not in df:
        return color_groups(_take(df, positions, ["entities", "context_entities"]), by).to_numpy()
    codes = ri.primary[positions]
    empty = ri.primaries.index("") if "" in ri.primaries else -2
    keep = pd.Series(codes[codes != empty]).value_counts().head(top).index.to_numpy()
    names = np.array(ri.primaries + ("",), dtype=object)
    out = names[codes]
    out[~np.isin(codes, keep)] = OTHER
    out[codes == empty] = NONE
    return out


def timeline_said(df: pd.DataFrame, titles: dict[str, str], color_by: str, limit: int = 5000, *,
                  mask: np.ndarray | None = None, index: rowindex.RowIndex | None = None) -> tuple[pd.DataFrame, int]:
    """One point per clean claim at its article's publication date.

    Returns (points, total): above `limit` rows a fixed random sample is drawn (same sample every run;
    the one `DataFrame.sample(n=limit, random_state=0)` draws).
    """
    ri, sel = _select(df, mask, index)
    positions = np.flatnonzero(sel & ri.clean & ~np.isnan(ri.published))
    total = len(positions)
    if not total:
        return pd.DataFrame(columns=["claim_id", "published", "kind", "kind_label", "group", "surface", "title",
                                     "sentence", "y"]), 0
    if total > limit:
        positions = positions[np.sort(np.random.RandomState(0).choice(total, size=limit, replace=False))]
    rows = _take(df, positions, ["claim_id", "published", "kind", "surface", "source_id", "sentence", "_primary",
                                 "entities", "context_entities"])
    kinds = [k for k in KIND_LABELS if k in set(rows["kind"])] + sorted(set(rows["kind"]) - set(KIND_LABELS))
    pos = {k: i for i, k in enumerate(kinds)}
    out = pd.DataFrame({
        "claim_id": rows["claim_id"].astype(object).to_numpy(),
        "published": rows["published"].astype(object).to_numpy(),
        "kind": rows["kind"].astype(object).to_numpy(),
        "kind_label": [KIND_LABELS.get(k, k) for k in rows["kind"]],
        "group": color_groups(rows, color_by).to_numpy(),
        "surface": rows["surface"].astype(object).to_numpy(),
        "title": [titles.get(s, s) for s in rows["source_id"]],
        "sentence": rows["sentence"].astype(object).to_numpy(),
    })
    out["y"] = [pos[k] for k in out["kind"]] + jitter(out["claim_id"])
    return out, total


def timeline_meant(df: pd.DataFrame, titles: dict[str, str], labels: dict[str, str], color_by: str,
                   limit: int = 150, *, mask: np.ndarray | None = None,
                   index: rowindex.RowIndex | None = None) -> tuple[pd.DataFrame, int]:
    """Claims with a period: span from time_start (or the publication date, for `Xまでに`) to time_end.

    Returns (rows, total) — at most `limit` rows, the latest targets first. Colours (the
    `color_groups` top entities) are counted over all the claims with a period.
    """
    cols = ["claim_id", "label", "start", "end", "published", "group", "surface", "time_text", "title",
            "sentence", "kind_label"]
    ri, sel = _select(df, mask, index)
    positions = np.flatnonzero(sel & ri.clean & ~(np.isnan(ri.time_start) & np.isnan(ri.time_end)))
    if not len(positions):
        return pd.DataFrame(columns=cols), 0
    groups = _groups(df, ri, positions, color_by)
    start = np.where(np.isnan(ri.time_start[positions]), ri.published[positions], ri.time_start[positions])
    end = np.where(np.isnan(ri.time_end[positions]), start, ri.time_end[positions])
    ok = ~np.isnan(start) & ~np.isnan(end)
    positions, groups, start, end = positions[ok], groups[ok], start[ok], end[ok]
    total = len(positions)
    order = np.lexsort((-start, -end))[:limit]              # latest end first, then latest start; stable
    rows = _take(df, positions[order], ["claim_id", "time_start", "time_end", "published", "surface", "time_text",
                                        "source_id", "sentence", "kind"])
    published = rows["published"].astype(object)
    start_col = rows["time_start"].astype(object).where(rows["time_start"].notna(), published)
    out = pd.DataFrame({
        "claim_id": rows["claim_id"].astype(object).to_numpy(),
        "start": start_col.to_numpy(),
        "end": rows["time_end"].astype(object).where(rows["time_end"].notna(), start_col).to_numpy(),
        "published": published.to_numpy(),
        "group": groups[order],
        "surface": rows["surface"].astype(object).to_numpy(),
        "time_text": rows["time_text"].astype(object).fillna("").to_numpy() if "time_text" in rows else "",
        "title": [titles.get(s, s) for s in rows["source_id"]],
        "sentence": rows["sentence"].astype(object).to_numpy(),
        "kind_label": [KIND_LABELS.get(k, k) for k in rows["kind"]],
        "source": [labels.get(s, s).split(" ")[0] for s in rows["source_id"]],
    })
    out.insert(1, "label", numbered([f"{s}｜{src}" for s, src in zip(out["surface"], out["source"], strict=True)]))
    return out[cols].reset_index(drop=True), total

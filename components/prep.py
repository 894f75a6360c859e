"""Pure data preparation for the pages: DataFrame in, small DataFrame out (no streamlit).

Charts count a figure once per article (`mention_group`), keep flagged and
non-body rows out of the bars (they are listed beneath instead), and convert
JPY to USD at a rate the reader sets.
"""
from __future__ import annotations

import math
import zlib

import numpy as np
import pandas as pd

from .data import CLEAN_SECTIONS
from .labels import KIND_LABELS, QUALIFIER_LABELS, RATE_LABELS, SECTION_LABELS, format_amount, format_bounds

RATE_FACTORS = {"week": 52, "month": 12, "year": 1}
RATE_UNITS = {"week": "週", "month": "か月", "year": "年"}
MONEY_UNITS = ("USD", "JPY")
FIGURE_COLUMNS = ["source_id", "published", "surface", "kind", "unit", "qualifier", "rate_per", "value", "value_low",
                  "value_high", "mentions", "sentence"]


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


def excluded_rows(df: pd.DataFrame, titles: dict[str, str] | None = None) -> pd.DataFrame:
    """Flagged and non-body rows, with the reason they are not charted."""
    out = df[~clean_mask(df)]
    cols = ["source_id", "surface", "section", "flags", "kind", "unit", "sentence", "claim_id"]
    out = out[[c for c in cols if c in out]].copy()
    out["reason"] = [exclusion_reason(r) for r in out[["flags", "section"]].to_dict("records")]
    if titles is not None:
        out.insert(1, "title", [titles.get(s, s) for s in out["source_id"]])
    return out.reset_index(drop=True)


def dedupe_mentions(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (source_id, mention_group) with `mentions`, the count.

    The row kept is the first body mention that states a period, else the first
    body mention, else the first mention (a headline has less context than the body).
    """
    if df.empty:
        return df.assign(mentions=pd.Series(dtype="int64"))
    d = df.copy()
    group = d["mention_group"].astype(object).where(d["mention_group"].notna() & (d["mention_group"] != ""),
                                                    d["claim_id"].astype(object))
    d["_mg"] = group.astype(str)
    d["_rank"] = (d["section"] != "body").to_numpy(dtype=int, na_value=1) * 2 + \
        (d["time_start"].isna() & d["time_end"].isna()).to_numpy(dtype=int, na_value=1)
    d = d.sort_values(["source_id", "_mg", "_rank", "span_start"], kind="stable")
    d["mentions"] = d.groupby(["source_id", "_mg"], sort=False)["_mg"].transform("size").astype("int64")
    first = d.drop_duplicates(["source_id", "_mg"], keep="first")
    return first.drop(columns=["_mg", "_rank"]).sort_values(["source_id", "span_start"], kind="stable")


def _isnan(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def bounds(row: dict) -> tuple[float, float]:
    """(low, high) as drawn: exact/approx -> value both ends; open ends are NaN."""
    q = row.get("qualifier")
    value = row.get("value")
    low, high = row.get("value_low"), row.get("value_high")
    low = float("nan") if _isnan(low) else float(low)
    high = float("nan") if _isnan(high) else float(high)
    if q in ("exact", "approx") and not _isnan(value):
        return float(value), float(value)
    if q == "at_least":
        return (low if not math.isnan(low) else float(value)), float("nan")
    if q == "at_most":
        return float("nan"), (high if not math.isnan(high) else float(value))
    return low, high


# ---------------------------------------------------------------- compare

def compare_bars(df: pd.DataFrame, kind: str, titles: dict[str, str], labels: dict[str, str],
                 jpy_rate: float = 150.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bars for the Compare page and the rows kept out of them.

    power: GW. money: USD, with JPY divided by `jpy_rate` (円/ドル); other
    currencies have no rate and are listed as excluded.
    """
    rows = df[df["kind"] == kind]
    excluded = excluded_rows(rows, titles)
    clean = rows[clean_mask(rows)]
    target = "GW" if kind == "power" else "USD"
    allowed = ("GW",) if kind == "power" else MONEY_UNITS if kind == "money" else tuple(clean["unit"].unique())
    other = clean[~clean["unit"].isin(allowed)]
    if len(other):
        extra = other[["source_id", "surface", "section", "flags", "kind", "unit", "sentence", "claim_id"]].copy()
        extra.insert(1, "title", [titles.get(s, s) for s in extra["source_id"]])
        extra["reason"] = [f"単位 {u} は比較できません (no conversion)" for u in extra["unit"]]
        excluded = pd.concat([excluded, extra.reset_index(drop=True)], ignore_index=True)
    clean = clean[clean["unit"].isin(allowed)]
    bars = dedupe_mentions(clean)
    records = []
    used = ["source_id", "published", "surface", "qualifier", "rate_per", "unit", "value", "value_low", "value_high",
            "mentions", "sentence", "mention_group", "claim_id", "_entities"]
    for r in bars[[c for c in used if c in bars]].to_dict("records"):
        low, high = bounds(r)
        factor = 1.0
        if r["unit"] == "JPY":
            factor = 1.0 / jpy_rate
        rate = r.get("rate_per") or ""
        shown = format_bounds(r.get("value_low"), r.get("value_high"), r["qualifier"], r["unit"])
        if rate:
            shown += f" /{RATE_LABELS.get(rate, rate)}"
        if r["unit"] == "JPY":
            shown += f" ≈ {format_amount((low if not math.isnan(low) else high) * factor, 'USD')}"
        records.append({
            "source_id": r["source_id"], "title": titles.get(r["source_id"], r["source_id"]),
            "source_label": labels.get(r["source_id"], r["source_id"]), "published": r.get("published"),
            "surface": r["surface"], "qualifier": r["qualifier"], "rate_per": rate,
            "unit": target, "original_unit": r["unit"],
            "low": low * factor, "high": high * factor, "shown": shown, "mentions": int(r["mentions"]),
            "sentence": r["sentence"], "mention_group": r.get("mention_group"), "claim_id": r["claim_id"],
            "entities": list(r.get("_entities", []) or []),
        })
    out = pd.DataFrame.from_records(records, columns=[
        "source_id", "title", "source_label", "published", "surface", "qualifier", "rate_per", "unit",
        "original_unit", "low", "high", "shown", "mentions", "sentence", "mention_group", "claim_id", "entities"])
    if out.empty:
        return out, excluded
    out["top"] = out[["low", "high"]].max(axis=1)
    out = out.sort_values(["top", "published"], ascending=[False, True], kind="stable").reset_index(drop=True)
    base = [f"{s}{'/' + RATE_LABELS[r] if r else ''}｜{lab.split(' ')[0]}"
            for s, r, lab in zip(out["surface"], out["rate_per"], out["source_label"], strict=True)]
    seen: dict[str, int] = {}
    labels_out = []
    for b in base:
        seen[b] = seen.get(b, 0) + 1
        labels_out.append(b if seen[b] == 1 else f"{b} ({seen[b]})")
    out.insert(0, "label", labels_out)
    return out.drop(columns="top"), excluded


def annualized_rates(df: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """Rate claims (`rate_per` week/month) turned into per-year figures, with the formula."""
    rows = df[clean_mask(df)]
    rows = rows[rows["rate_per"].isin(list(RATE_FACTORS)) & rows["kind"].isin(["power", "energy", "money", "count"])]
    rows = dedupe_mentions(rows)
    out = []
    for r in rows[FIGURE_COLUMNS].to_dict("records"):
        low, high = bounds(r)
        v = low if not math.isnan(low) else high
        if math.isnan(v):
            continue
        factor = RATE_FACTORS[r["rate_per"]]
        per = RATE_UNITS[r["rate_per"]]
        unit = r["unit"]
        result = v * factor
        out.append({
            "source_id": r["source_id"], "title": titles.get(r["source_id"], r["source_id"]),
            "surface": r["surface"], "kind": r["kind"], "unit": unit, "per_year": result,
            "formula": f"{format_amount(v, unit)}/{per} × {factor} = {format_amount(result, unit)}/年",
            "mentions": int(r["mentions"]), "sentence": r["sentence"],
        })
    return pd.DataFrame.from_records(out, columns=["source_id", "title", "surface", "kind", "unit", "per_year",
                                                   "formula", "mentions", "sentence"])


def _money_usd(r: dict, jpy_rate: float) -> float:
    low, high = bounds(r)
    v = low if not math.isnan(low) else high
    return v / jpy_rate if r["unit"] == "JPY" else v


def dollars_per_gw(df: pd.DataFrame, titles: dict[str, str], jpy_rate: float = 150.0) -> pd.DataFrame:
    """$ per GW where the data gives both figures for one thing.

    A money claim and a power claim pair up when they are in the same sentence,
    or in the same article with the same non-empty set of named entities (the
    sentence before names the same deal). Rates (`/週`) never pair with totals.
    """
    clean = df[clean_mask(df)]
    clean = clean[(clean["rate_per"].fillna("") == "")]
    keep = ["source_id", "claim_id", "mention_group", "surface", "sentence", "sentence_start", "entities",
            "qualifier", "unit", "value", "value_low", "value_high", "span_start"]
    keep = [c for c in keep if c in clean]
    money = clean[(clean["kind"] == "money") & clean["unit"].isin(MONEY_UNITS)][keep]
    power = clean[(clean["kind"] == "power") & (clean["unit"] == "GW")][keep]
    pairs = money.merge(power, on="source_id", suffixes=("_m", "_p"))
    if len(pairs):  # keep only same-sentence pairs and pairs naming the same entities, before the slow loop
        same_sentence = (pairs["sentence_m"] == pairs["sentence_p"]).to_numpy(dtype=bool, na_value=False)
        ents_m = [tuple(sorted(e)) if e is not None else () for e in pairs["entities_m"]]
        ents_p = [tuple(sorted(e)) if e is not None else () for e in pairs["entities_p"]]
        same_subject = np.array([bool(a) and a == b for a, b in zip(ents_m, ents_p, strict=True)], dtype=bool)
        pairs = pairs[same_sentence | same_subject]
    out = []
    seen = set()
    for r in pairs.sort_values(["source_id", "span_start_m", "span_start_p"]).to_dict("records"):
        m = {k[:-2]: v for k, v in r.items() if k.endswith("_m")} | {"source_id": r["source_id"]}
        p = {k[:-2]: v for k, v in r.items() if k.endswith("_p")} | {"source_id": r["source_id"]}
        same_sentence = m["sentence"] == p["sentence"] and m.get("sentence_start") == p.get("sentence_start")
        m_ents, p_ents = set(m["entities"] or []), set(p["entities"] or [])
        same_subject = bool(m_ents) and m_ents == p_ents
        key = (m["source_id"], m["mention_group"], p["mention_group"])
        if not (same_sentence or same_subject) or key in seen:
            continue
        seen.add(key)
        usd = _money_usd(m, jpy_rate)
        gw_low, gw_high = bounds(p)
        gw = gw_low if not math.isnan(gw_low) else gw_high
        if not gw or math.isnan(gw) or math.isnan(usd):
            continue
        result = usd / gw
        mark = "以上" if m["qualifier"] == "at_least" else "以下" if m["qualifier"] == "at_most" else ""
        approx = "約" if {m["qualifier"], p["qualifier"]} & {"approx", "vague", "range"} else ""
        conv = f"（{jpy_rate:g}円/ドル換算）" if m["unit"] == "JPY" else ""
        out.append({
            "source_id": m["source_id"], "title": titles.get(m["source_id"], m["source_id"]),
            "money": m["surface"], "power": p["surface"], "usd_per_gw": result,
            "formula": f"{m['surface']} ÷ {p['surface']} = {approx}{format_amount(result, 'USD')}/GW{mark}{conv}",
            "basis": "同じ文 (same sentence)" if same_sentence else "同じ記事・同じ主体 (same article and entities)",
            "sentence": m["sentence"] if same_sentence else f"{m['sentence']} / {p['sentence']}",
        })
    return pd.DataFrame.from_records(out, columns=["source_id", "title", "money", "power", "usd_per_gw", "formula",
                                                   "basis", "sentence"])


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

def kind_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Rows per kind, split into chartable and kept-out."""
    if df.empty:
        return pd.DataFrame(columns=["kind", "label", "clean", "excluded"])
    clean = clean_mask(df)
    kinds = df["kind"].astype(object).fillna("?").to_numpy()
    out = pd.DataFrame({"kind": kinds, "clean": clean})
    table = out.groupby("kind")["clean"].agg(clean="sum", total="size").reset_index()
    table["excluded"] = table["total"] - table["clean"]
    order = list(KIND_LABELS)
    table["order"] = [order.index(k) if k in order else 99 for k in table["kind"]]
    table = table.sort_values(["total", "order"], ascending=[False, True])
    table.insert(1, "label", [KIND_LABELS.get(k, k) for k in table["kind"]])
    return table[["kind", "label", "clean", "excluded"]].astype({"clean": int, "excluded": int}).reset_index(drop=True)


def headline(df: pd.DataFrame, kind: str, titles: dict[str, str], n: int = 5, jpy_rate: float = 150.0) -> pd.DataFrame:
    """The largest figures of a kind (one per mention group, rates excluded), biggest first."""
    rows = df[clean_mask(df) & (df["kind"] == kind).to_numpy(dtype=bool, na_value=False)]
    rows = rows[rows["rate_per"].fillna("") == ""]
    if kind == "money":
        rows = rows[rows["unit"].isin(MONEY_UNITS)]
    rows = dedupe_mentions(rows)
    out = []
    for r in rows[FIGURE_COLUMNS].to_dict("records"):
        low, high = bounds(r)
        v = low if not math.isnan(low) else high
        if math.isnan(v):
            continue
        usd = v / jpy_rate if r["unit"] == "JPY" else v
        out.append({"figure": format_bounds(r.get("value_low"), r.get("value_high"), r["qualifier"], r["unit"]),
                    "value": usd, "unit": "USD" if kind == "money" else r["unit"], "surface": r["surface"],
                    "qualifier": QUALIFIER_LABELS.get(r["qualifier"], r["qualifier"]),
                    "title": titles.get(r["source_id"], r["source_id"]), "published": r.get("published"),
                    "mentions": int(r["mentions"]), "sentence": r["sentence"], "source_id": r["source_id"]})
    res = pd.DataFrame.from_records(out, columns=["figure", "value", "unit", "surface", "qualifier", "title",
                                                  "published", "mentions", "sentence", "source_id"])
    return res.sort_values("value", ascending=False, kind="stable").head(n).reset_index(drop=True)


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


def timeline_said(df: pd.DataFrame, titles: dict[str, str], color_by: str,
                  limit: int = 5000) -> tuple[pd.DataFrame, int]:
    """One point per clean claim at its article's publication date.

    Returns (points, total): above `limit` rows a fixed random sample is drawn (same sample every run).
    """
    rows = df[clean_mask(df) & df["published"].notna().to_numpy(dtype=bool)]
    total = len(rows)
    if rows.empty:
        return pd.DataFrame(columns=["claim_id", "published", "kind", "kind_label", "group", "surface", "title",
                                     "sentence", "y"]), 0
    if total > limit:
        rows = rows.sample(n=limit, random_state=0).sort_index()
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
                   limit: int = 150) -> tuple[pd.DataFrame, int]:
    """Claims with a period: span from time_start (or the publication date, for `Xまでに`) to time_end.

    Returns (rows, total) — at most `limit` rows, the latest targets first.
    """
    rows = df[clean_mask(df)]
    has_time = (rows["time_start"].notna() | rows["time_end"].notna()).to_numpy(dtype=bool)
    rows = rows[has_time]
    cols = ["claim_id", "label", "start", "end", "published", "group", "surface", "time_text", "title",
            "sentence", "kind_label"]
    if rows.empty:
        return pd.DataFrame(columns=cols), 0
    start = rows["time_start"].astype(object).where(rows["time_start"].notna(), rows["published"].astype(object))
    end = rows["time_end"].astype(object).where(rows["time_end"].notna(), start)
    out = pd.DataFrame({
        "claim_id": rows["claim_id"].astype(object).to_numpy(),
        "start": start.to_numpy(), "end": end.to_numpy(),
        "published": rows["published"].astype(object).to_numpy(),
        "group": color_groups(rows, color_by).to_numpy(),
        "surface": rows["surface"].astype(object).to_numpy(),
        "time_text": rows["time_text"].astype(object).fillna("").to_numpy() if "time_text" in rows else "",
        "title": [titles.get(s, s) for s in rows["source_id"]],
        "sentence": rows["sentence"].astype(object).to_numpy(),
        "kind_label": [KIND_LABELS.get(k, k) for k in rows["kind"]],
        "source": [labels.get(s, s).split(" ")[0] for s in rows["source_id"]],
    })
    out = out[out["start"].notna() & out["end"].notna()]
    total = len(out)
    out = out.sort_values(["end", "start"], ascending=[False, False], kind="stable").head(limit)
    base = [f"{s}｜{src}" for s, src in zip(out["surface"], out["source"], strict=True)]
    seen: dict[str, int] = {}
    lab = []
    for b in base:
        seen[b] = seen.get(b, 0) + 1
        lab.append(b if seen[b] == 1 else f"{b} ({seen[b]})")
    out.insert(1, "label", lab)
    return out[cols].reset_index(drop=True), total

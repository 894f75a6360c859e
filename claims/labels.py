"""Japanese labels for the table's vocabularies and number formatting (pure, no streamlit)."""
from __future__ import annotations

import math

KIND_LABELS = {
    "power": "電力 (power)",
    "energy": "電力量 (energy)",
    "money": "金額 (money)",
    "count": "数量 (count)",
    "percent": "割合 (percent)",
    "duration": "期間 (duration)",
    "date": "日付 (date)",
    "ratio": "倍率 (ratio)",
}
QUALIFIER_LABELS = {
    "exact": "そのまま (exact)",
    "approx": "約 (approx)",
    "at_least": "以上 (at least)",
    "at_most": "最大 (up to)",
    "range": "範囲 (range)",
    "vague": "概数 (vague)",
}
QUALIFIER_MARKS = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤", "range": "〜", "vague": "〜"}
SECTION_LABELS = {"body": "本文", "title": "タイトル", "comments": "読者コメント", "boilerplate": "定型文"}
RATE_LABELS = {"": "", "week": "週", "month": "月", "year": "年"}
DATE_BASIS_LABELS = {"stated": "記載あり (stated)", "inferred": "推定 (inferred)"}
FLAG_LABELS = {"garbled": "数字が欠落 (garbled)"}
SOURCE_KIND_LABELS = {
    "news": "ニュース記事 (news)",
    "blog": "ブログ (blog)",
    "press_release": "プレスリリース (press release)",
    "trade_press": "業界紙 (trade press)",
    "interview": "インタビュー (interview)",
    "transcript": "書き起こし (transcript)",
    "video_transcript": "動画の書き起こし (video transcript)",
    "machine_translation": "機械翻訳 (machine translation)",
    "party_paper": "機関紙 (party paper)",
    "comments": "読者コメント (comments)",
    "uploaded": "追加した記事 (uploaded)",
    "library": "ライブラリの記事 (library)",
}
UNIT_LABELS = {
    "GW": "GW", "TWh": "TWh", "USD": "ドル (USD)", "JPY": "円 (JPY)", "EUR": "ユーロ (EUR)", "CNY": "人民元 (CNY)",
    "KRW": "ウォン (KRW)", "GBP": "ポンド (GBP)", "INR": "ルピー (INR)", "IDR": "ルピア (IDR)", "MYR": "リンギ (MYR)",
    "SGD": "シンガポールドル (SGD)", "AUD": "豪ドル (AUD)", "CAD": "カナダドル (CAD)", "HKD": "香港ドル (HKD)",
    "TWD": "台湾ドル (TWD)", "CHF": "スイスフラン (CHF)", "SAR": "サウジ・リヤル (SAR)", "QAR": "カタール・リヤル (QAR)", "OMR": "オマーン・リアル (OMR)",
    "NOK": "ノルウェー・クローネ (NOK)", "DKK": "デンマーク・クローネ (DKK)", "SEK": "スウェーデン・クローナ (SEK)", "AED": "ディルハム (AED)",
    "THB": "バーツ (THB)", "VND": "ドン (VND)", "BRL": "レアル (BRL)", "RUB": "ルーブル (RUB)",
    "%": "%", "x": "倍", "date": "日付",
    "year": "年", "month": "か月", "week": "週", "day": "日",
    "GPU": "GPU", "reactor": "基 (原子炉)", "datacenter": "か所 (データセンター)", "site": "か所 (拠点)",
    "parameter": "パラメータ", "people": "人", "robot": "台 (ロボット)", "share": "株", "company": "社",
    "unit": "台・基 (units)",
}
MEASURE_LABELS = {
    "investment": "投資", "funding": "資金調達", "contract": "契約", "valuation": "評価額", "revenue": "売上",
    "cost": "費用", "subsidy": "補助金", "market": "市場規模", "capacity": "容量", "demand": "需要", "other": "その他",
}
MODALITY_LABELS = {"actual": "実績 (actual)", "plan": "計画 (plan)", "forecast": "予測 (forecast)",
                   "hypothetical": "仮定 (hypothetical)"}
MISSING = "—"          # an empty cell
UNKNOWN = "不明"        # a fact the source does not give (a date, a URL)


CODE_LABELS = {"kind": KIND_LABELS, "qualifier": QUALIFIER_LABELS, "section": SECTION_LABELS,
               "rate_per": RATE_LABELS, "unit": UNIT_LABELS, "original_unit": UNIT_LABELS,
               "source_kind": SOURCE_KIND_LABELS, "date_basis": DATE_BASIS_LABELS, "measure": MEASURE_LABELS,
               "modality": MODALITY_LABELS}
LIST_LABELS = {"flags": FLAG_LABELS}
DATE_COLUMNS = ("published", "time_start", "time_end", "reference_date", "period_start", "period_end")
NUMBER_COLUMNS = ("value", "value_low", "value_high", "low", "high")


def label(code: object, labels: dict[str, str], missing: str = MISSING) -> str:
    """A code as its label; an unknown code as itself; empty/None as `missing`."""
    if _missing(code):
        return missing
    return labels.get(str(code), str(code))


def _missing(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    try:
        import pandas as pd

        if v is pd.NaT or (not isinstance(v, list | tuple | str) and pd.isna(v)):
            return True
    except (TypeError, ValueError):
        pass
    return isinstance(v, str) and not v.strip()


def show_date(v: object, missing: str = MISSING) -> str:
    """'2025-11-10', or `missing` for None/NaT/''."""
    if _missing(v):
        return missing
    return v.isoformat()[:10] if hasattr(v, "isoformat") else str(v)[:10]


def show_number(v: object) -> str:
    """A bare number in Japanese units ('5000億'), '—' when missing."""
    if _missing(v):
        return MISSING
    return ja_number(float(v))


def with_code_labels(df):
    """A copy of a (small, displayed) frame as a reader sees it: vocabulary codes as labels (power ->
    電力 (power), reactor -> 基 (原子炉)), flag lists as labels, dates as 'YYYY-MM-DD' and numbers in
    Japanese units, every missing cell '—' (never `None`). Downloads keep the codes: other tools read them."""
    out = df.copy()
    for col, labels in CODE_LABELS.items():
        if col in out:
            missing = "" if col == "rate_per" else MISSING
            out[col] = [label(v, labels, missing) for v in out[col]]
    for col, labels in LIST_LABELS.items():
        if col in out:
            out[col] = [", ".join(labels.get(f, f) for f in v) if v is not None and len(v) else ""
                        for v in out[col]]
    for col in DATE_COLUMNS:
        if col in out:
            out[col] = [show_date(v) for v in out[col]]
    for col in NUMBER_COLUMNS:
        if col in out and out[col].dtype.kind in "fiuO":
            out[col] = [show_number(v) for v in out[col]]
    for col in out.columns:     # any other text column: None -> '—'
        if out[col].dtype.kind in "OU" or str(out[col].dtype) == "string" or out[col].dtype.name == "str":
            values = list(out[col])
            if all(isinstance(v, str) or _missing(v) for v in values):
                out[col] = [v if isinstance(v, str) else MISSING for v in values]
    return out


def ja_number(value: float, digits: int = 3) -> str:
    """A number in Japanese units: 5e11 -> '5000億', 1.5e12 -> '1兆5000億', 166000 -> '16万6000'.

    Values are rounded to `digits` significant figures first, so derived figures
    (571.4億) read as '571億'.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    v = abs(value)
    mag = math.floor(math.log10(v))
    v = round(v, -mag + digits - 1) if mag >= digits - 1 else round(v, digits - 1 - mag)
    if v < 10_000:
        text = f"{v:,.{max(0, digits - 1 - mag)}f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v)}"
        return sign + text
    n = int(round(v))
    parts = []
    for unit, size in (("兆", 10**12), ("億", 10**8), ("万", 10**4)):
        if n >= size:
            parts.append(f"{n // size}{unit}")
            n %= size
    if n:
        parts.append(str(n))
    return sign + "".join(parts)


def usd_short(value: float) -> str:
    """$500B / $1T / $6.5B / $166K, as English-language articles write them."""
    if value is None or math.isnan(value):
        return "—"
    for suffix, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(value) >= size:
            return f"${value / size:,.3g}{suffix}"
    return f"${value:,.3g}"


def format_amount(value: float, unit: str) -> str:
    """One figure with its unit, readable in Japanese: '5000億ドル ($500B)', '10 GW', '3兆円'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "USD":
        return f"{ja_number(value)}ドル ({usd_short(value)})"
    if unit == "JPY":
        return f"{ja_number(value)}円"
    if unit == "GW":
        return f"{value:,.4g} GW"
    if unit == "TWh":
        return f"{value:,.4g} TWh"
    if unit == "%":
        return f"{value:,.4g}%"
    return f"{ja_number(value)} {unit}"


def format_bounds(low: float, high: float, qualifier: str, unit: str) -> str:
    """The figure a claim states, with its qualifier: '≥ 4000億ドル', '1000億〜1兆ドル'."""
    def isnan(x):
        return x is None or (isinstance(x, float) and math.isnan(x))

    if qualifier in ("range", "vague") and not isnan(low) and not isnan(high) and low != high:
        return format_range_short(low, high, unit)
    if qualifier == "at_least" or (isnan(high) and not isnan(low)):
        return f"≥ {format_amount(low, unit)}"
    if qualifier == "at_most" or (isnan(low) and not isnan(high)):
        return f"≤ {format_amount(high, unit)}"
    mark = QUALIFIER_MARKS.get(qualifier, "")
    return f"{mark}{format_amount(low if not isnan(low) else high, unit)}"


def format_range_short(low: float, high: float, unit: str) -> str:
    """A range in one unit: '1000億〜1兆ドル ($100B–1T)', '80〜100 GW'."""
    if unit == "USD":
        return f"{ja_number(low)}〜{ja_number(high)}ドル ({usd_short(low)}–{usd_short(high)[1:]})"
    if unit == "JPY":
        return f"{ja_number(low)}〜{ja_number(high)}円"
    return f"{low:,.4g}〜{format_amount(high, unit)}"


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def md_escape(text: object) -> str:
    """Document text made inert for st.markdown (every ASCII punctuation mark backslash-escaped)."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text or ""))

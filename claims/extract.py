"""Quantities in one sentence: number + unit + the qualifier morphemes touching it.

Numbers come from Sudachi (numerals.py); units are data (data/units.csv);
qualifiers and rates are the small vocabularies below (DESIGN.md, contract).
When several qualifiers apply: vague > range > at_least/at_most > approx.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .numerals import Run, mixed_value, numeral_runs, width_normalize
from .paths import DATA_DIR
from .regex_start import start_key, start_keys
from .timex import (
    BusinessYear,
    TimeExpr,
    add_months,
    add_years,
    find_times,
    past_tense,
    year_before_figure,
    year_earlier,
)
from .tokenizer import Analysis, analyze

PRECEDENCE = {"vague": 5, "range": 4, "at_least": 3, "at_most": 3, "approx": 2, "exact": 1}

_PREFIX_QUALIFIERS = [
    (re.compile(r"(?:最大でも|最大で|最大|最高で|最高|多ければ|多くても|多くて|上限額|上限|限度額)\s?"
                r"(?:[はを]\s?原則(?:として)?\s?)?(?:計|合計|総額)?\s?$"),      # 補助上限を原則50億円
     "at_most"),   # 最大計420MW
    (re.compile(r"(?:少なくとも|最低でも|最低|少なくて|少なく見積もっても)\s?$"), "at_least"),
    (re.compile(r"(?:高々|たかだか)\s?$"), "at_most"),
    (re.compile(r"(?<![A-Za-z])(?:up to|as much as|at most|no more than|less than|under|below)\s$"),
     "at_most"),          # English copy
    (re.compile(r"(?<![A-Za-z])(?:at least|more than|over|exceed(?:s|ed|ing)?|above|in excess of)\s$"), "at_least"),
    (re.compile(r"(?<![A-Za-z])(?:upwards of|north of)\s$"), "at_least"),
    (re.compile(r"(?<![A-Za-z])(?:approximately|about|around|roughly|some|nearly|almost|close to)\s$"), "approx"),
    (re.compile(r"(?:せいぜい|多くても|多くて|高々|たかだか)\s?$"), "at_most"),     # speech: せいぜい2000億円
    # 約 but not 契約/要約/予約…
    (re.compile(r"(?:(?<![契要節集予制公協規盟確誓])約|およそ|ほぼ|大体|だいたい|概ね|おおむね|おおよそ|凡そ|ざっと|推定|≒|≈)\s?$"),
     "approx"),
]
# あたり that ends a clause is "around" (大体20GWあたり, 300億ドルあたりやろ); before a figure or の it is "per" (_PER).
_AROUND = r"あたり(?=\s?(?:[。、！？!?」をが]|$|や[ろなね]?|だ|で[すし]|か[なも]|じゃ|ちゃう|と(?:思|見|み)))"
_SUFFIX_QUALIFIERS = [
    # a negated comparison first: 1兆円を超えない is at most 1兆円, 1兆円を下回らない at least
    (re.compile(r"\s?(?:を(?:超え|越え|超さ|上回ら)(?:ない|なかった|ず|なけれ)|に届か(?:ない|なかった|ず))"),
     "at_most"),
    # 1兆円を下回らない, 1兆円は下らない
    (re.compile(r"\s?(?:を下回ら(?:ない|なかった|ず|なけれ)|[はを]下(?:らない|らなかった|らず|るまい))"), "at_least"),
    (re.compile(r"\s?[、,]\s?いや[、,]?\s?(?:それ以上|もっと)"), "at_least"),          # 3兆円、いや、それ以上
    (re.compile(r"\s?(?:以上|(?:の大台)?[をば](?:優に|ゆうに|少し|やや|わずかに)?(?:超える|超え|超す|越える|越え|上回る|上回り|上回)"
                r"|(?:の大台)?を突破|の大台に乗|超え|超|余り|あまり|[〜～~](?!\s?[\d０-９一二三四五六七八九十百千数何])"
                r"|\+(?=\s|$|[、。,)）」のをがは])|余(?![裕地計剰波談暇白生韻儀])|オーバー)"),
     "at_least"),
    (re.compile(r"\s?(?:[がを]上限|上限(?=[のでと])|[がを]限度|に満た(?:ない|ず)|以下|未満|まで(?!に|来|行|達|伸|膨|いっ|いく|いけ|きた|きま|くる)"
                r"|以内|を(?:少し|やや|わずかに)?下回(?:る|り|っ)?|を割り込(?:む|み|ん)|を割(?:る|っ)|を切(?:る|り|っ)"
                r"|も(?:いか|行か)(?:ない|へん|ん))"), "at_most"),          # 5兆円もいかへん (speech): not even that
    (re.compile(r"\s?相当(?=\s?(?:まで|以上|以下|未満|超|を超え|を上回|を下回))"), "exact"),   # 3,000円相当まで
    (re.compile(r"\s?(?:規模|くらい|ぐらい|程度|前後|内外|近く|に?近い|に近づ(?:く|き|い|け)|に迫(?:る|り|っ)|足らず|弱(?!い|まる|まり|まっ|め|体|点)|強(?!い|まる|まり|まっ|め|力|化|制|大)|級|クラス|ほど|ちょっと|ちょい"
                rf"|か?そこら|そこそこ|近う|{_AROUND})"),        # 4万円近うなった (Kansai: 近く)
     "approx"),
]
# One alternation of them all, tried once per position (in order: the first that matches wins, as one by one).
_SUFFIX_QUALIFIER = re.compile("|".join(f"(?P<q{i}>{rx.pattern})" for i, (rx, _) in enumerate(_SUFFIX_QUALIFIERS)))
_PRICE_MOVE = re.compile(r"\s?(?:買われ|売られ|上昇|下落|値上がり|値下がり|急騰|急落|上げ|下げ)")
_RATE_PREFIX = re.compile(
    r"(?<![\d数何])(毎週|週に|週あたり|1週間あたり|毎月|月に|月あたり|毎年|年に|年あたり|年間)\s?$"
    r"|(?<=[\s、,(「はがをにのもで])(年)\s?$")       # 同社は年1兆円を: a bare 年 after a particle
_RATE_SUFFIX = re.compile(r"\s?(?:/週|/月|/年|per (week|month|year)|a (week|month|year))")
_RATE_WORDS = {"週": "week", "月": "month", "年": "year"}
# A currency sign before the figure: $500 billion, US$, S$45億, HK$250億, NZ$ 1.1 billion, £420m, €15bn,
# R$500億, ₦1.2兆, RM 712億 (ringgit), Rp 95兆 (rupiah), ₱1,500億 (peso).
_SIGN_CURRENCY = {"US$": "USD", "米$": "USD", "$": "USD", "S$": "SGD", "SG$": "SGD", "HK$": "HKD", "NZ$": "NZD",
                  "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "NT$": "TWD", "R$": "BRL", "£": "GBP",
                  "€": "EUR", "₦": "NGN", "₹": "INR", "₩": "KRW", "RM": "MYR", "Rp": "IDR", "₱": "PHP", "₫": "VND",
                  "฿": "THB"}
# An ISO code written before the figure, as English copy does: MYR 114 billion, USD 2.5bn.
_ISO_BEFORE = ("USD", "EUR", "JPY", "CNY", "GBP", "INR", "IDR", "MYR", "SGD", "AUD", "CAD", "HKD", "TWD", "CHF",
               "SAR", "AED", "THB", "VND", "BRL", "KRW", "ZAR", "PHP", "QAR", "NZD")
# (¥480 is left alone: on Japanese pages a yen sign marks shop and app prices, body amounts are written 円;
# only a yen sign before a figure in billions or 億/兆 is an amount: ¥150 billion, ¥3.2兆)
_YEN_SIGN = re.compile(r"[¥￥]\s?$")
_DOLLAR = re.compile(r"(?:US\$|米\$|SG\$|S\$|HK\$|NZ\$|AU\$|A\$|CA\$|C\$|NT\$|R\$|(?<![A-Za-z])(?:\$|RM|Rp)|[£€₦₹₩₱₫฿]"
                     rf"|(?<![A-Za-z/])(?:{'|'.join(_ISO_BEFORE)})\s)\s?$")
_MAGNITUDE = re.compile(r"(?:\s|-(?=[A-Za-z]))?([Tt]rillion|[Bb]illion|[Mm]illion|lakh crore|crore|lakh|bn|tn|T|B|M|m)"
                        r"(?![A-Za-z])")       # $10-billion: English copy hyphenates a figure before its word
_MAG = {"trillion": 1e12, "tn": 1e12, "T": 1e12, "billion": 1e9, "bn": 1e9, "B": 1e9,
        "million": 1e6, "M": 1e6, "m": 1e6, "lakh crore": 1e12, "crore": 1e7, "lakh": 1e5}   # ₹75,000 crore
_RANGE_SEP = re.compile(r"\s?(〜|～|~|－|-|–|—|─|から|乃至|ないし|to)\s?")       # ─: wires write 1─4GW
# 前期の9,800億円から1.2兆円へ増やす: a change from one figure to another, not a range.
_CHANGE_VERBS = ("増|拡大|引き上|引き下|減|縮小|上方修正|下方修正|修正|見直|変更|倍増|伸|膨|積み増|高め|広げ|"
                 "拡充|伸ば|増強|大型化|小型化|拡張|上が|下が|値上が|値下が|上昇|下落|低下")
_CHANGE_AFTER = re.compile(rf"\s?(?:\([^()]{{1,20}}\)\s?)?(?:という(?:額|水準|規模|数字)?\s?)?"
                           rf"(?:へ|に(?:まで)?\s?(?:{_CHANGE_VERBS})|に\s?[、,]"   # 6,500億円(3,000億円増)に修正
                           rf"|に[^、。]{{1,10}}?(?:{_CHANGE_VERBS}))")   # 112万kWから120万kWに8万kW引き上げる
_NOW_BEFORE = re.compile(r"(?:現在|現状|足元|今|従来|当初|前期|前年|昨年)の\s?(?:約|およそ)?\s?$")
_HEDGE = re.compile(r"\s?(?:程度|前後|規模|くらい|ぐらい|ほど)")
_NEIGHBOUR_SEP = re.compile(r"(、|か)")     # 2、3年 / 1年か2年: consecutive integers
# URLs are ASCII: Japanese text often runs straight on after one ("…example.comで10GW"), and a
# greedy \S+ would both swallow those figures and backtrack quadratically over long sentences.
_URL = re.compile(r"https?://[!-~]+|www\.[!-~]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|jp|io)\b(?:/[!-~]*)?")
_GARBLED = re.compile(r"(?<![\w$.,])0(?:\.0+)?\s?[BMT](?![A-Za-z])|\$(?=\s?(?:billion|million|trillion|bn)\b)")
_BIG_SUFFIX = {"万": 1e4, "億": 1e8, "兆": 1e12}
_PLACE_SUFFIX = {"十": 10, "百": 100, "千": 1000}
_SCALED_END = re.compile(r"(?<=[0-9０-９一二三四五六七八九])([十百千]?)([万億兆])$")    # 4|千億, 4|億 (not 百億)


_ZERO_BIG = re.compile(r"[0０〇]\s?[万億兆]")          # 10 0億ドル (a caption's stray space): no figure is 0億
_THOUSANDS_OF = re.compile(r"[1-9],000[万億兆]")


def _shared_scale(first: str, second: str) -> float:
    """The scale a range's second figure lends its first: 億 of 3〜4億, 千億 of 3〜4千億 (but only
    億 of 3千〜4千億, whose first figure has its own 千)."""
    if len(first) == 1 and _THOUSANDS_OF.fullmatch(second):      # 7〜8,000万円: 7,000万 to 8,000万
        return 1000 * _BIG_SUFFIX[second[-1]]
    m = _SCALED_END.search(second)
    if m is None or any(c in first for c in _PLACE_SUFFIX):
        return _BIG_SUFFIX[second[-1]]
    return _PLACE_SUFFIX.get(m.group(1), 1) * _BIG_SUFFIX[m.group(2)]


_ANCHOR_BEFORE = re.compile(r"(今後|これから|向こう|この先|今後の)\s?$")
# 過去10年間で, 直近3年間: the years up to the reference date
_PAST_ANCHOR_BEFORE = re.compile(r"(?:過去|ここ|直近)\s?$")


@dataclass(frozen=True)
class Unit:
    pattern: re.Pattern
    kind: str
    unit: str
    factor: float
    before: re.Pattern | None


@dataclass(frozen=True)
class UnitTable:
    """The units in file order, tried at a position only where the character there can start them
    (regex_start): one alternation of all 220 patterns cost more than finding the unit itself."""
    units: tuple[Unit, ...]
    by_start: dict[str, tuple[int, ...]]    # start key -> the units that can start with it, in file order
    anywhere: tuple[int, ...]               # the units that may start with any character
    _tries: dict[str, tuple[re.Pattern, tuple[int, ...]] | None] = field(default_factory=dict)

    def match(self, norm: str, pos: int, before: str) -> tuple[Unit, int] | None:
        """The first unit (in file order) matching at `pos` whose `before` condition holds."""
        if pos >= len(norm):
            return None
        key = start_key(norm[pos])
        tries = self._tries.get(key, False)
        if tries is False:
            tries = self._tries[key] = self._alternation(key)
        if tries is None:
            return None
        alternation, order = tries
        m = alternation.match(norm, pos)
        if m is None:
            return None
        for i in order[int(m.lastgroup[1:]):]:           # usually returns at once
            u = self.units[i]
            hit = u.pattern.match(norm, pos)
            if hit and hit.end() > pos and (u.before is None or u.before.search(before[-12:])):
                return u, hit.end()
        return None

    def _alternation(self, key: str) -> tuple[re.Pattern, tuple[int, ...]] | None:
        order = tuple(sorted(set(self.by_start.get(key, ())) | set(self.anywhere)))
        if not order:
            return None
        return re.compile("|".join(f"(?P<u{n}>{self.units[i].pattern.pattern})" for n, i in enumerate(order))), order


# Between a prefix and its unit: an optional middle dot (キロ・ワット) or a short gloss
# (120メガ(メガは100万)ワット).
_PREFIX_JOINER = r"(?:[・･·]| |\([^()]{1,15}\))?"


def _prefix_sets(path: Path) -> dict[str, list[tuple[str, Decimal]]]:
    """data/unit_prefixes.csv -> {"SI": [(alternation, factor), …], "JA": […]}."""
    sets: dict[str, list[tuple[str, Decimal]]] = {}
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            alternation = "|".join(re.escape(x) for x in r["surfaces"].split("|"))
            sets.setdefault(r["set"], []).append((alternation, Decimal(r["factor"])))
    return sets


def _variants(pattern: str, factor: str, prefixes: str, sets) -> list[tuple[str, float]]:
    """A plain unit row and, for prefixes "SI", its generated prefixed variants, most specific
    first: billion k-, 万k-, 万-, k-/M-/G-/T- (each in every spelling of data/unit_prefixes.csv), then the
    bare unit.  Prefixed variants match in any case (kw, mw, Gワット); factors are exact decimal
    products, so 100MW is 0.1 GW to the last bit."""
    base = Decimal(factor)
    if not prefixes:
        return [(pattern, float(base))]
    si, ja, en = sets.get("SI", []), sets.get("JA", []), sets.get("EN", [])
    combos = ([(f"(?:{e})\\s?(?:{p})", ef * pf) for e, ef in en for p, pf in si]
              + [(f"(?:{j})(?:{p})", jf * pf) for j, jf in ja for p, pf in si]
              + [(f"(?:{j})", jf) for j, jf in ja] + [(f"(?:{p})", pf) for p, pf in si])
    out = [(f"(?i:{prefix}{_PREFIX_JOINER}(?:{pattern}))", float(base * f)) for prefix, f in combos]
    return out + [(f"(?i:{pattern})", float(base))]


@lru_cache(maxsize=4)
def load_units(path: Path = DATA_DIR / "units.csv",
               prefix_path: Path = DATA_DIR / "unit_prefixes.csv") -> UnitTable:
    sets = _prefix_sets(prefix_path)
    units: list[Unit] = []
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            before = re.compile(r["before"]) if r["before"] else None
            for pattern, factor in _variants(r["pattern"], r["factor"], r.get("prefixes", ""), sets):
                units.append(Unit(re.compile(pattern), r["kind"], r["unit"], factor, before))
    by_start: dict[str, list[int]] = {}
    anywhere = []
    for i, u in enumerate(units):
        keys = start_keys(u.pattern.pattern)
        if keys is None:
            anywhere.append(i)
        for key in keys or ():
            by_start.setdefault(key, []).append(i)
    return UnitTable(tuple(units), {k: tuple(v) for k, v in by_start.items()}, tuple(anywhere))


@dataclass
class Quantity:
    start: int            # offsets in the sentence
    end: int
    kind: str
    unit: str
    value: float
    value_low: float
    value_high: float
    qualifier: str
    rate_per: str = ""
    flags: list[str] = field(default_factory=list)
    time: TimeExpr | None = None
    own_time: TimeExpr | None = None   # the period a duration itself defines (今後4年間)


def _match_unit(norm: str, pos: int, before: str) -> tuple[Unit, int] | None:
    table = load_units()
    hit = table.match(norm, pos, before)
    if hit is None and norm.startswith((" ", "\u3000"), pos):      # 10 GW, 10 万人
        hit = table.match(norm, pos + 1, before)
    if hit is None and norm.startswith("-", pos) and pos + 1 < len(norm) and norm[pos + 1].isascii() \
            and norm[pos + 1].isalpha():
        hit = table.match(norm, pos + 1, before)                    # a 300-megawatt plant, a 2-GW campus
    return hit


_KANJI_FIGURE = "〇一二三四五六七八九十百千"      # what a kanji figure is written with
# A unit spelled out in brackets, no figure in it (not 三十万キロワット(三百メガワット)).
_UNIT_GLOSS = re.compile(rf"\s?\([^()\d{_KANJI_FIGURE}]{{1,12}}\)")


_APPROX_END = re.compile(r"(?:約|およそ|ほぼ)\s?")     # 約1200万から約2000万キロワット


def _range(norm: str, run: Run, nxt: Run, unit: tuple[Unit, int] | None):
    """80〜100GW, 10GWから20GW, 2,000〜3,000億円, 2、3年 -> (low, high, unit, qualifier) or None.

    Bounds are in the second unit's scale; a range touching a vague amount is vague.
    """
    after = unit[1] if unit else run.end
    if gloss := _UNIT_GLOSS.match(norm, after):           # 6.6GW(ギガワット)~7.7GW
        after = gloss.end()
    if (hedge := _HEDGE.match(norm, after)) and _RANGE_SEP.match(norm, hedge.end()):
        after = hedge.end()                                # 2兆円程度から3兆円程度: a hedged range
    sep = _RANGE_SEP.match(norm, after) or _between_and(norm, run, after)
    neighbour = _NEIGHBOUR_SEP.match(norm, after)     # 2、3年 / 1年か2年
    headed = _under_head(run, nxt) if unit is None else None     # 8億4〜5千万円: both ends under one 8億
    tens = _tens_below(run, nxt) if neighbour and unit is None else None     # 3、40億ドル: 30億 to 40億
    sign_again = unit is not None and unit[0].pattern is _EMPTY and sep and \
        _DOLLAR.fullmatch(norm, sep.end(), nxt.start)     # from $2 billion to $3 billion: the sign again
    shared = nxt.surface[-1:] in _BIG_SUFFIX and not any(c in run.surface for c in _BIG_SUFFIX)
    joined = (sep and (sep.end() == nxt.start or sign_again
                       or _APPROX_END.fullmatch(norm, sep.end(), nxt.start))) or (
        neighbour and neighbour.end() == nxt.start and nxt.is_int and run.is_int
        and (nxt.value == run.value + 1           # 2、3年, and 2、3千億円 / 二、三百億円: two or three of a scale
             or shared and nxt.value == (run.value + 1) * _shared_scale(run.surface, nxt.surface))
        and (unit is None or neighbour.group(1) == "か"))   # 1年か2年 — but 1GW、2GWという単位: two
    if headed and neighbour and neighbour.end() == nxt.start and not headed[2]:
        headed = None          # 3億7、8千万円 joins two neighbours only (3億7、9千万円 lists two figures)
    joined = joined or (headed or tens) and neighbour and neighbour.end() == nxt.start
    if not joined:
        return None
    unit2 = _match_unit(norm, nxt.end, norm[max(0, nxt.start - 12):nxt.start])
    if unit2 is None and unit is not None and unit[0].pattern is _EMPTY and unit[0].kind == "money":
        unit2 = _sign_range_end(norm, nxt, unit[0])           # A$2億8,000万〜2億9,500万, $1〜2 billion
        if unit2 is not None and unit2[0].factor != unit[0].factor:
            unit = (replace(unit[0], factor=unit2[0].factor), unit[1])   # the magnitude covers both ends
    if unit2 is None or (unit is not None and (unit[0].kind, unit[0].unit) != (unit2[0].kind, unit2[0].unit)):
        return None
    if sep and sep.group(1) == "から" and (_CHANGE_AFTER.match(norm, _scan_suffix(norm, unit2[1], "exact")[0])
                                           or _NOW_BEFORE.search(norm, max(0, run.start - 8), run.start)):
        return None           # 現在の約120万kWから約220万kWになる: from what is now to what will be, no range
    high = nxt.high
    if headed:
        low, high = headed[0], headed[1]
    elif tens:
        low = tens
    elif unit is not None and not (shared and unit[0].pattern is _EMPTY and unit[0].factor == 1.0):
        low = run.low * unit[0].factor / unit2[0].factor
    elif (shared
          and run.low * (scale := _shared_scale(run.surface, nxt.surface)) <= nxt.high):
        low = run.low * scale          # 億 covers both ends (not 5,000〜3万kW), 千億 too (3〜4千億円, $5〜6億)
    else:
        low = run.low
    if low > high:
        return None
    return low, high, unit2, "vague" if run.vague or nxt.vague else "range"


_ROUND_TENS = re.compile(r"([1-9])(0+)([万億兆]?)")


def _tens_below(run: Run, nxt: Run) -> float | None:
    """3、40億ドル (thirty or forty 億), 2、30万円: a digit, then the next digit's round tens (hundreds…) with
    the scale both share -> the range's low end, or None."""
    m = _ROUND_TENS.fullmatch(width_normalize(nxt.surface))
    if m is None or len(run.surface) != 1 or not run.is_int or int(m[1]) != run.value + 1:
        return None
    return run.value * 10 ** len(m[2]) * (_BIG_SUFFIX[m[3]] if m[3] else 1)


# A figure's leading 兆/億/万 part and what follows it: 8億|4, 1兆|2000億, 2億|7000, 3億|7千万
_HEAD = re.compile(r"^(?P<head>[^万億兆]+[万億兆])(?P<rest>[^万億兆]+[万億兆]?)$")


def _under_head(run: Run, nxt: Run) -> tuple[float, float, bool] | None:
    """8億4〜5千万円 (8億4千万 to 8億5千万), 1兆2000億〜3000億円, 2億7000〜8000万円, 3億7、8千万円: a range within
    one 億 (兆, 万), which is written once, before the first end -> (low, high, the two ends are neighbours
    as in 7、8千万) or None. The second end must lie below the head's unit (8億4000万〜9億円 is no such range)."""
    m = _HEAD.match(run.surface) if not (run.vague or nxt.vague) else None
    if m is None or nxt.high >= _BIG_SUFFIX[m["head"][-1]] or nxt.low <= 0:
        return None
    head, rest = mixed_value(m["head"]), mixed_value(m["rest"])
    if head is None or rest is None or rest[0] <= 0:
        return None
    if m["rest"][-1] in _BIG_SUFFIX:
        return head[0] + rest[0], head[0] + nxt.high, False      # 8億4000万〜5000万: the rest has its own 万
    last = nxt.surface[-1:]
    if last in _BIG_SUFFIX:
        scale = _shared_scale(m["rest"], nxt.surface)      # 8億4〜5千万: 4 is 4千万, 2億7000〜8000万: 7000万
    elif last in _PLACE_SUFFIX and not any(c in m["rest"] for c in _PLACE_SUFFIX):
        scale = _PLACE_SUFFIX[last]                        # 1万2〜3千kW: 2 is 2千
    elif last in _PLACE_SUFFIX and m["rest"][-1] == last:
        scale = 1.0                                        # 1万2千〜3千kW
    else:
        return None
    low = rest[0] * scale
    return head[0] + low, head[0] + nxt.high, nxt.high - low == scale and rest[1] == 1


def _sign_range_end(norm: str, nxt: Run, sign: Unit) -> tuple[Unit, int] | None:
    """The second end of a range after a currency sign, written without the sign; a magnitude word
    after it (billion) is the range's. No sign range crosses into another unit (R$5〜6億円)."""
    if _match_unit(norm, nxt.end, "") is not None:
        return None
    mag = _MAGNITUDE.match(norm, nxt.end)
    if mag is None:
        return sign, nxt.end
    factor = _MAG.get(mag.group(1)) or _MAG[mag.group(1).lower()]
    if sign.factor not in (1.0, factor):
        return None                                           # $1 billion〜2 million: not one range
    return replace(sign, factor=factor), mag.end()


_BETWEEN = re.compile(r"(?<![A-Za-z])between\s(?:about\s|around\s)?\S{0,3}$")
_AND = re.compile(r"\s(and)\s")


def _between_and(norm: str, run: Run, after: int) -> re.Match | None:
    """between 1 and 2 GW: an English range (never a bare "1 and 2", which lists two things)."""
    return _AND.match(norm, after) if _BETWEEN.search(norm, max(0, run.start - 20), run.start) else None


_GROUPED = re.compile(r"\d[,，]\d{3}|[万億兆]")   # digits a name never has: 1,500 / 3億


def _in_name(norm: str, run: Run) -> bool:
    """H100, GPT-4, Qwen-2.5, Pixar-12B, G42, 51CTO, 第3, B300: digits that are part of a name."""
    before = norm[max(0, run.start - 2):run.start]
    if before[-1:].isascii() and before[-1:].isalpha():
        if before[-1:].isupper() and _amount_follows(norm, run):
            return False                               # UAE5GW計画: a place, then an amount (not kWh30円)
        return not _GROUPED.search(run.surface)       # EBITDA1,500億円 is an amount, B300 a name
    if before[-1:] in ("-", ".", "_", "/", "#", "第", "№") and (before[:1].isascii() and before[:1].isalnum()
                                                               or before[-1:] in "第#№"):
        if before[-1:] != "/" or _GROUPED.search(run.surface):     # 12万kW/1,150億円: two amounts
            return before[-1:] != "/"
        return not _amount_follows(norm, run, ("power", "money", "energy"))   # 60MWdc/45MWac, 134MW/548MWh
    after = norm[run.end:run.end + 1]
    return (after.isascii() and after.isalpha() and not _MAGNITUDE.match(norm, run.end)
            and load_units().match(norm, run.end, "") is None)        # 7Gワット, 5kw are units


def _amount_follows(norm: str, run: Run, kinds: tuple[str, ...] = ("power", "money")) -> bool:
    """A unit of one of `kinds` right after the run."""
    unit = load_units().match(norm, run.end, "")
    return unit is not None and unit[0].kind in kinds


def _qualify(q: str, new: str) -> str:
    return new if PRECEDENCE[new] > PRECEDENCE[q] else q


def _bounds(q: str, low: float, high: float) -> tuple[float, float, float]:
    if q in ("exact", "approx"):
        return low, low, low
    if q == "at_least":
        return low, low, math.nan
    if q == "at_most":
        return high, math.nan, high
    return low, low, high     # range, vague


def _scan_suffix(norm: str, pos: int, q: str) -> tuple[int, str]:
    """Suffix qualifiers in a row (1000億ドル超, 5GW程度). まで before a price move
    (2,900円前後まで買われた) says where the price went, not an upper bound."""
    while m := _SUFFIX_QUALIFIER.match(norm, pos):
        qual = _SUFFIX_QUALIFIERS[int(m.lastgroup[1:])][1]
        price_move = m.group().strip() == "まで" and _PRICE_MOVE.match(norm, m.end())
        pos, q = m.end(), q if price_move else _qualify(q, qual)
    return pos, q


_BRACKET = re.compile(r"\s?\(([^()]{1,40})\)")       # the text is width-normalized: （） -> ()
_BRACKETED_QUALIFIER = {"上限": "at_most", "最大": "at_most", "以内": "at_most", "以下": "at_most",
                        "下限": "at_least", "最低": "at_least", "以上": "at_least", "概算": "approx", "見込み": "approx"}
_CLOSE = re.compile(r"\s?\)")


def _qualifiers_after(norm: str, start: int, end: int, q: str, prev_end: int) -> tuple[int, str]:
    """The one place a qualifier after a bracket reaches the figure before it.

    Suffixes touching the figure extend its surface (1000億ドル超).  A qualifier written after a
    bracket that follows the figure belongs to it too: after a gloss of the unit the surface runs
    on through it (2ギガワット(GW)以上); after a conversion, itself a figure (1500億ドル(約23兆円)近く),
    the surface stays 1500億ドル.  The figure inside the brackets takes the qualifier as well
    (約23兆円 stays approx; 15億ドル(2260億円)強 makes 2260億円 approx) when the bracket is a
    conversion, i.e. opens right after the previous figure (`prev_end`), never in an aside
    (年間投資額(約5400億ドル)を上回る).
    """
    end, q = _scan_suffix(norm, end, q)
    m = _BRACKET.match(norm, end)
    if m and m.group(1).strip() in _BRACKETED_QUALIFIER:       # 5,000,000,000円(上限)
        return end, _qualify(q, _BRACKETED_QUALIFIER[m.group(1).strip()])
    if m:
        after, q_after = _scan_suffix(norm, m.end(), q)
        if after == m.end():
            return end, q
        gloss = not any(c.isdigit() or c in _KANJI_FIGURE for c in m.group(1))   # (三百メガワット) is a figure
        return (after if gloss else end), q_after
    m = _CLOSE.match(norm, end)
    opening = norm.rfind("(", 0, start)
    if m and opening > norm.rfind(")", 0, start) and prev_end >= 0 and not norm[prev_end:opening].strip():
        return end, _scan_suffix(norm, m.end(), q)[1]
    return end, q


def _scan_prefix(pre: str, q: str, rate_ok: bool) -> tuple[int, str, str]:
    """Qualifier and rate words right before a figure, several at once (毎週約1GW):
    (new start, qualifier, rate); a rate word is not part of the surface."""
    rate = ""
    start = len(pre)
    changed = True
    while changed:
        changed = False
        for pat, qual in _PREFIX_QUALIFIERS:
            m = pat.search(pre)
            if m and not (qual == "at_most" and _SUPERLATIVE_SCOPE.search(pre, 0, m.start())
                          and pre.startswith(("最大", "最高"), m.start())):
                q, start, pre, changed = _qualify(q, qual), m.start(), pre[:m.start()], True
                break
        m = _RATE_PREFIX.search(pre)
        if m and not rate and rate_ok:
            rate = _RATE_WORDS[(m.group(1) or m.group(2)).lstrip("毎1")[0]]
            pre, changed = pre[:m.start()], True
    if _CAP_BEFORE.search(pre):          # a cap named before the figure, not part of its surface
        q = _qualify(q, "at_most")
    return start, q, rate


# 関東最大43MW, 国内最高1兆円: the largest of a scope, a superlative, not a cap on the figure
_SUPERLATIVE_SCOPE = re.compile(r"(?:国内|国外|世界|過去|史上|業界|域内|全国|日本|アジア|欧州|米国|同国|同社|同業|"
                                r"関東|関西|九州|北海道|東北|中部|北陸|四国|東日本|西日本|[都道府県州]内?|市内|地域)\s?$")
_CAP_BEFORE = re.compile(r"上限(?:額)?\s?[はが]\s?(?:[^\s、。]{1,4}(?:あたり|当たり)\s?)?$")   # 補助上限は1件あたり300億円


def _rate_suffix(norm: str, end: int) -> tuple[int, str]:
    m = _RATE_SUFFIX.match(norm, end)
    if not m:
        return end, ""
    word = m.group(1) or m.group(2) or m.group()[-1]
    return m.end(), {"week": "week", "month": "month", "year": "year"}.get(word, _RATE_WORDS.get(word, ""))


def _unit_after(norm: str, run: Run) -> tuple[int, tuple[Unit, int] | None]:
    """(start of the figure, (unit, end of unit)): `$500 billion` starts at the $, else a unit
    from data/units.csv right after the number."""
    if (yen := _YEN_SIGN.search(norm, max(0, run.start - 2), run.start)) and (
            (mag := _MAGNITUDE.match(norm, run.end)) and len(mag.group(1)) > 1 or run.surface[-1:] in _BIG_SUFFIX):
        scale = _MAG.get(mag.group(1)) or _MAG[mag.group(1).lower()] if mag else 1.0     # ¥150 billion, ¥3.2兆
        return yen.start(), (Unit(_EMPTY, "money", "JPY", scale, None), mag.end() if mag else run.end)
    dollar = _DOLLAR.search(norm, max(0, run.start - 5), run.start)
    if dollar is not None and _iso_is_a_word(dollar.group().strip(), norm, run):
        dollar = None
    if dollar is None or dollar.end() != run.start:
        unit = _match_unit(norm, run.end, norm[max(0, run.start - 12):run.start])
        if unit is None and (spoken := _SPOKEN_PREFIX.match(norm, run.end)):
            big = spoken.group(1)         # 3ギガワット…いや3ギガやなくて3.5ギガ: said without ワット
            if big + "ワット" in norm or _SPOKEN_SYMBOL[big] in norm:
                unit = (_GW if big == "ギガ" else _MW, spoken.end())
        return run.start, unit
    mag = _MAGNITUDE.match(norm, run.end)                # $500 billion, $100B
    end = mag.end() if mag else run.end
    sign = dollar.group().strip()
    currency = _SIGN_CURRENCY.get(sign, sign)
    dollars = re.match(r"\s?(?:ドル|dollars?)", norm[end:]) if currency in _DOLLARS else None
    end += dollars.end() if dollars else 0
    scale = (_MAG.get(mag.group(1)) or _MAG[mag.group(1).lower()]) if mag else 1.0   # B, bn, Billion
    return dollar.start(), (Unit(_EMPTY, "money", currency, scale, None), end)


_COUNTER_AFTER = re.compile(r"\s?(?:台|機|基|件|個|人|社|回|号|本)")


def _iso_is_a_word(code: str, norm: str, run: Run) -> bool:
    """PHP 8.3 (a language), AED 2台 (defibrillators), CAD 2025, SAR 2機: an ISO code before a number that is a
    version, a year or a count, not a currency — unless a magnitude follows (PHP 2.5 billion)."""
    if code not in _ISO_BEFORE or _MAGNITUDE.match(norm, run.end):
        return False
    return (bool(_COUNTER_AFTER.match(norm, run.end)) or bool(_YEAR_GLUED.fullmatch(run.surface))
            or code == "PHP" and "." in run.surface)


_EMPTY = re.compile("")
_DOLLARS = frozenset({"USD", "SGD", "HKD", "NZD", "AUD", "CAD", "TWD"})     # US$10ドル: the sign and the word
# a bare ギガ (メガ) is gigawatts (megawatts) only where the sentence itself says ギガワット or GW (メガワット or
# MW): never 月20ギガ of phone data
_SPOKEN_PREFIX = re.compile(r"\s?(ギガ|メガ)(?![ァ-ヴーA-Za-z])")
_SPOKEN_SYMBOL = {"ギガ": "GW", "メガ": "MW"}
_GW = Unit(_EMPTY, "power", "GW", 1.0, None)
_MW = Unit(_EMPTY, "power", "GW", 0.001, None)


_ERA = re.compile(r"(?:明治|大正|昭和|平成|令和)\s?$")


def _is_date_not_duration(norm: str, run: Run, u: Unit, q: str) -> bool:
    if u.kind != "duration":
        return False
    if u.unit == "year" and _ERA.search(norm, max(0, run.start - 3), run.start):
        return True                                      # 昭和三十一年 is a year of an era
    if u.unit == "year" and run.value >= 1000 and q != "range":
        return True                                      # 2030年 is a date (timex)
    return u.unit == "day" and re.search(r"月\s?$", norm[max(0, run.start - 2):run.start]) is not None  # 11月1日


def quantities(text: str, norm: str, runs: list[Run], used: set[int], ref: date | None) -> list[Quantity]:
    """Each numeral run with a unit after it becomes a quantity: unit (or $), a range with the
    next run, prefix qualifiers and rates, suffix qualifiers (also across a bracket), bounds."""
    urls = [(m.start(), m.end()) for m in _URL.finditer(norm)]
    urls += [(m.start(), m.end()) for m in _HASHTAG.finditer(norm)] if "#" in norm else []     # #電力1GW: a tag
    out: list[Quantity] = []
    taken_until = -1                 # runs inside a quantity already found (a range's end, a gloss)
    for i, run in enumerate(runs):
        if (run.start < taken_until or run.start in used or _BARE_BIG.match(run.surface)
                or _ZERO_BIG.fullmatch(run.surface) or urls and any(a <= run.start < b for a, b in urls)
                or _in_name(norm, run)
                or run.surface.startswith("何") and _ASKS.search(norm, run.end)):
            continue                 # そもそも何ギガワット必要？, 何億円と見込んでいるのか: a question, not an amount
        start, unit = _unit_after(norm, run)
        low, high = run.low, run.high
        q = "vague" if run.vague else "exact"
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        if nxt is not None and nxt.start not in used:
            merged = _range(norm, run, nxt, unit)
            if merged is not None:
                low, high, unit, q = merged
        if unit is None and nxt is not None:
            unit = _unit_written_once(norm, run, nxt)
        if unit is None and (unit := _bare_yen(norm, run)) is None:
            continue
        u, end = unit
        if _is_date_not_duration(norm, run, u, q) or _per_unit(norm, u, end, low * u.factor) and not (
                run.value != 1 and _AROUND_AFTER.match(norm, end)):      # 大体20GWあたり: around 20 GW
            continue
        if u.unit == "GBP" and (_WEIGHT_BEFORE.search(norm, max(0, run.start - 8), run.start)
                                or norm.startswith("級", end) or "/" in run.surface):
            continue                 # 体重180ポンド, 147ポンド級: pounds of weight
        if u.kind == "money" and (_NAMED_BY_PRICE.match(norm, end) or _REGION_WIDE.match(norm, run.start)
                                  or low == 1 and _NOT_ONE.match(norm, end) or _BAND.match(norm, end)):
            continue                 # 4,000円台, 1兆円台: a band a price or total is in, no amount (corpus convention)
        if _not_power(norm, u, run, end):
            continue
        if q == "exact" and (cents := _CENTS.get(u.unit)) and (small := cents.match(norm, end)):
            low = high = low + int(small.group(1)) / 100              # 17円42銭 = 17.42円, 1ドル30セント = 1.30ドル
            end = small.end()
        window = max(0, start - _PREFIX_WINDOW)          # prefix words are short: never scan the sentence
        start, q, rate = _scan_prefix(norm[window:start], q, rate_ok=u.kind != "duration")
        start += window
        # 期初予想の180億円を上回った: the forecast is what is exceeded, its 上回る is no bound on it
        if not (_REFERENCE_VALUE.search(norm, window, start) and _COMPARED.match(norm, end)):
            end, q = _qualifiers_after(norm, start, end, q, out[-1].end if out else -1)
        if not rate:
            end, rate = _rate_suffix(norm, end)
        value, vlow, vhigh = _bounds(q, low * u.factor, high * u.factor)
        if u.kind == "money" and q in ("exact", "approx") and (minus := _minus_before(norm, start)) is not None:
            start, value, vlow, vhigh = minus, -value, -vhigh, -vlow
        quantity = Quantity(start, end, u.kind, u.unit, value, vlow, vhigh, q, rate)
        if u.kind == "duration" and ref is not None:
            quantity.own_time = _duration_period(norm, quantity, ref, run)
        out.append(quantity)
        taken_until = end
    for m in _GARBLED.finditer(norm):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        out.append(Quantity(m.start(), m.end(), "money", "USD", math.nan, math.nan, math.nan,
                            "exact", flags=["garbled"]))
    out.sort(key=lambda q: q.start)
    return out


_PREFIX_WINDOW = 16
_AROUND_AFTER = re.compile(rf"\s?{_AROUND}")
_PER = re.compile(r"\s?(?:当たり|あたり|当り|ごとに|毎に|[=＝]\s?(?=[0-9.,]+\s?(?:円|銭|ドル|セント)))")


def _per_unit(norm: str, unit: Unit, end: int, value: float | None = None) -> bool:
    """1MW当たり15億円, IT容量1kW当たりの賃料, 1kWhあたり31円, 1kWh=30円: the power or energy a price is
    counted per, not a capacity or an amount of energy anyone has or plans; so is the one dollar a fee is
    counted per (1ドルあたり25銭)."""
    if unit.kind == "money":
        return value == 1 and _PER.match(norm, end) is not None and not norm.startswith("=", end)
    return unit.kind in ("power", "energy") and _PER.match(norm, end) is not None


# 250Wh/kg, 2kW/㎡: a density, no capacity (but 72kW/台, 20kW/ラック stay: a unit's power); 60W形, 40W型
# (a lamp class), 5W1H, W杯
_NOT_POWER_AFTER = re.compile(r"\s?(?:/\s?(?:kg|L|ℓ|㎡|m2|m²|平方メートル|100\s?km|km)(?![A-Za-z])|形|型(?!の)|1H|杯)")
_MILLI = re.compile(r"m[WＷ]", re.ASCII)
_YEAR_GLUED = re.compile(r"(?:19|20)[0-9]{2}$")
_AMOUNT_BEFORE = re.compile(r"(?:計|約|最大|累計|およそ|ほぼ|超)\s?$")     # before an amount, never a year


def _not_power(norm: str, unit: Unit, run: Run, end: int) -> bool:
    """A power or energy unit that is no capacity: a density (_NOT_POWER_AFTER); 5mW, 3,000mWh, milliwatts (a
    lower-case m before an upper-case W), never megawatts; 2026GW, the Golden Week of a year."""
    if unit.kind not in ("power", "energy"):
        return False
    if _NOT_POWER_AFTER.match(norm, end):
        return True
    unit_text = norm[run.end:end].lstrip()
    if _MILLI.match(unit_text):
        return True
    return (unit_text[:2] in ("GW", "ＧＷ") and bool(_YEAR_GLUED.fullmatch(run.surface)) and run.end == end - 2
            and not _AMOUNT_BEFORE.search(norm, max(0, run.start - 4), run.start))      # 計2000GW: an amount


# △1,041百万円, ▲574億円, マイナス30億円, -25億円: a loss or a cut, as results tables and budgets write it (not
# ▲120円 in a price line, where ▲ is a rise; not 1-3億円, B-200, nor a headline's dash: 倍増へ－3000億円投資)
_MARKET_LINE = re.compile(r"日経平均|TOPIX|ダウ|ナスダック|S&P|ドル円|円相場|銘柄|\d{4}[)）]")
_MINUS = re.compile(r"(?:△|▲|マイナス|(?<=[比:：\s(（はが=＝])[-−－])\s?$")


def _minus_before(norm: str, start: int) -> int | None:
    """The start of a minus sign right before a figure, or None."""
    m = _MINUS.search(norm, max(0, start - 5), start)
    if m is None or m.group().startswith("▲") and (_DAY_FIGURE.search(norm) or _MARKET_LINE.search(norm)):
        return None
    return m.start()


_LISTED_SEP = re.compile(r"\s?(?:→|⇒|➡|->|、|,)\s?")


def _unit_written_once(norm: str, run: Run, nxt: Run) -> tuple[Unit, int] | None:
    """3000億→4500億円, 80万→120万kW, 30億、20億円: a unit written once after the second of two figures in the
    same scale (億 and 億) is the first's too."""
    if run.surface[-1:] not in _BIG_SUFFIX or nxt.surface[-1:] != run.surface[-1:] \
            or not _LISTED_SEP.fullmatch(norm, run.end, nxt.start):
        return None
    unit = _unit_after(norm, nxt)[1]
    if unit is None or unit[0].kind not in ("money", "power") or unit[0].pattern is _EMPTY:
        return None
    return unit[0], run.end


# 300億調達, 最終益1兆超, 売上高は3000億を見込む, 年収1000万: a figure in 億/兆 (万 after a pay or price word)
# written without 円, where the words around it are about money — headlines and speech drop the 円. Not
# 1兆パラメータ, 1億人, 1000万人: a counter after it.
_YEN_CUE_BEFORE = re.compile(r"(?:売上高?|収益|利益|最終益|純益|経常益|営業益|赤字|黒字|損失|損益|投資|出資|買収|予算|"
                             r"時価総額|資金|事業費|総額|費用|コスト|補助|支援|対策費?|真水|配当|借入|負債|調達|"
                             r"基金|計上|支出|歳出|税収|年収|月収|報酬|価格|値段)[^、。]{0,8}$")
_YEN_VERBS = "調達|投資|出資|増資|買収|計上|投入|拠出|支出|削減|赤字|黒字|損失|最終益|純益|予算|補助|支援"
_YEN_CUE_AFTER = re.compile(r"\s?(?:超え?|弱|強|規模|程度|前後|近く|以上|未満|余り?|ほど|くらい|ぐらい|か)?\s?"
                            rf"(?:の?(?:{_YEN_VERBS})|[のをがはにでともや、。，,」』）)!?！？\s]|$)")
_YEN_VERB = re.compile(_YEN_VERBS)
_YEN_FIGURE = Unit(_EMPTY, "money", "JPY", 1.0, None)


def _bare_yen(norm: str, run: Run) -> tuple[Unit, int] | None:
    big = run.surface[-1:]
    if big not in "億兆万" or not any(c.isdigit() or c in _KANJI_FIGURE for c in run.surface[:-1]):
        return None
    after = _YEN_CUE_AFTER.match(norm, run.end)
    if after is None:
        return None
    if (currency := _currency_named_before(norm, run.start)) is not None:
        return currency, run.end                  # ドル建てで120億, 台湾ドルで約300億: that currency, not yen
    cue = _YEN_CUE_BEFORE.search(norm, max(0, run.start - 14), run.start)
    if big == "万":
        return (_YEN_FIGURE, run.end) if cue and cue.end() - cue.start() <= 6 else None
    return (_YEN_FIGURE, run.end) if cue or _YEN_VERB.search(after.group()) else None


_IN_CURRENCY = re.compile(r"(?:建て|ベース)?\s?で(?:は|も)?\s?(?:約|およそ|ざっと)?\s?$")


def _currency_named_before(norm: str, start: int) -> Unit | None:
    """The currency a figure without a unit is counted in when the words just before name it (米ドルベースで約50億)."""
    tail = _IN_CURRENCY.search(norm, max(0, start - 9), start)
    if tail is None:
        return None
    for pos in range(max(0, tail.start() - 10), tail.start()):
        hit = _match_unit(norm, pos, "")
        if hit is not None and hit[1] == tail.start() and hit[0].kind == "money" and hit[0].factor == 1.0:
            return hit[0]
    return None


# 500円玉, 1万円札, 100円ショップ: a coin, a note, a kind of shop — a name, no amount
_NAMED_BY_PRICE = re.compile(r"(?:玉|札|硬貨|ショップ|均一|ライター|カット|ランチ|ローソン|スマホ|ストア|寿司"
                             r"|の夜景|たりとも)")
_WEIGHT_BEFORE = re.compile(r"体重|重量|重さ|荷物|体格|減量|増量|計量|重い|軽い")
_HASHTAG = re.compile(r"#(?![0-9])[^\s#、。,:：!?！？「」()]{1,30}")      # (not #31, an issue number)
_BAND = re.compile(r"台(?!湾|数|当|分|目|車|風|所|帳|頭)")
_NOT_ONE = re.compile(r"も[^。、]{0,12}?(?:ない|なかった|ず|ぬ|ません)")      # 一円も払わない: not a yen
_REGION_WIDE = re.compile(r"(?<=[州県都府道内圏域国市町村帯方])一円")                 # 九州一円: throughout Kyushu


_ASKS = re.compile(r"[?？]|の\s?か(?![らな])|(?:です|ます|でしょう|だろう)\s?か|か[?？。]?\s*$")   # a question after 何
# a reference value something else is compared with: 期初予想の180億円を上回った (the forecast is 180億円)
_TAIWAN = re.compile(r"新台幣|新台湾ドル|台湾ドル|台湾元|台湾(?:の|で|政府|当局|中央|行政院|経済部)")
_MAINLAND = re.compile(r"人民元|人民幣|中国|中華人民|北京|上海|深セン|RMB|CNY")
_REFERENCE_VALUE = re.compile(r"(?:予想|計画|目標|見通し|前年|前期|前年同期|従来予想|市場予想|コンセンサス)の\s?(?:約)?\s?$")
_COMPARED = re.compile(r"\s?を(?:やや|わずかに|少し|大きく|大幅に)?(?:上回|下回|超え|超す|越え)")
_CENTS = {"JPY": re.compile(r"([0-9]{1,2})銭"), "USD": re.compile(r"([0-9]{1,2})セント")}
_BARE_BIG = re.compile(r"^[万億兆萬]+$")       # 億ドル with no number before it is not 1e8


def _duration_period(norm: str, q: Quantity, ref: date, run: Run) -> TimeExpr | None:
    """今後4年間 / 3年以内 / 5年後 / 2年前 -> a period relative to the reference date."""
    n = q.value_high if not math.isnan(q.value_high) else q.value
    if math.isnan(n) or n > 200:
        return None
    step = {"year": add_years, "month": add_months,
            "week": lambda d, k: d + timedelta(weeks=k), "day": lambda d, k: d + timedelta(days=k)}[q.unit]
    k = int(math.ceil(n))
    if _ANCHOR_BEFORE.search(norm[:q.start]) or "以内" in norm[q.end - 2:q.end]:
        return TimeExpr(q.start, q.end, ref, step(ref, k))
    looks_back = _PAST_ANCHOR_BEFORE.search(norm[:q.start]) or (
        norm.endswith(("この", "この "), 0, q.start) and norm.endswith("間", 0, q.end) and past_tense(norm))
    # この1年間に…調達した (この1年で…に増えた: a level reached, no span)
    if looks_back and q.qualifier not in ("vague", "range"):
        return TimeExpr(q.start, q.end, step(ref, -k), ref)
    if q.qualifier in ("vague", "range"):
        return None                       # 数年前: no definite point in time
    if re.match(r"\s?後", norm[q.end:]):
        d = step(ref, k)
        return TimeExpr(q.start, q.end, d, d)
    if re.match(r"\s?前(?!半)", norm[q.end:]):
        d = step(ref, -k)
        return TimeExpr(q.start, q.end, d, d)
    return None


@dataclass
class SentenceResult:
    quantities: list[Quantity]
    dates: list[TimeExpr]       # time expressions not attached to any quantity
    norm: str                   # the sentence as Sudachi normalized forms


def extract_sentence(text: str, ref: date | None, analysis: Analysis | None = None,
                     business: BusinessYear | None = None) -> SentenceResult:
    """All quantities and unattached time expressions of one sentence (`business`: the
    article's business year so far, see timex.BusinessYear)."""
    analysis = analyze(text) if analysis is None else analysis
    norm = width_normalize(text)
    runs = numeral_runs(analysis.numerals, norm)
    times, used = find_times(norm, runs, ref, business)
    used |= _exchange_rate_runs(norm, runs) | _unit_note_runs(norm, runs) | _retracted_runs(norm, runs)
    qs = quantities(text, norm, runs, used, ref) if runs or "$" in norm else []
    if not qs:
        return SentenceResult([], times, analysis.norm)
    if _TAIWAN.search(norm) and not _MAINLAND.search(norm):      # 台湾の…3,000億元 (新台幣): Taiwan dollars
        qs = [replace(q, unit="TWD") if q.unit == "CNY" else q for q in qs]
    anchored = [q.own_time for q in qs if q.own_time is not None]
    candidates = _governing(sorted(times + anchored, key=lambda t: t.start))
    if not _DAY_FIGURE.search(norm):
        candidates = [t for t in candidates if t.time_start is None or t.time_start != t.time_end
                      or _AS_OF.match(norm, t.end) or norm[t.end - 1] == "末"]
    for q in qs:
        if q.own_time is not None:
            q.time = q.own_time
        elif glossed := _glossed_time(times, q, norm):
            q.time = glossed
        elif own := [t for t in candidates if t in anchored or not _anothers(t, q, qs, norm)]:
            q.time = min(own, key=lambda t: _distance(t, q, norm))
            if _now_before(norm, q):
                q.time = None
            elif q.time.end <= (year_before_figure(norm, q.start) or -1):      # 4〜6月期は…（前年同期は1,210億円）
                q.time = year_earlier(q.time)
    return SentenceResult(qs, [], analysis.norm)


# 現在は約3GW分で、2028年度には約5GW分に / (現行は90万kW): the figure of today, not of the period the
# sentence moves on to; nor is a figure for someday (26年度中に50MWを開業し、最終的に300MW超を目指す).
# (not 現在の2倍の400MW, 足元から…増える: a comparison with today)
_NOW = re.compile(r"(?:現在|現行|現状|足元|目下)(?!の|より|から|比|と比|に比|まで)"
                  r"|将来(?:的に)?|最終的に|いずれは|ゆくゆくは|長期的に")     # and someday: 最終的に300MW超を目指す
_CLAUSE_MARKS = "、。(（"          # what opens a figure's own clause


def _now_before(norm: str, q: Quantity) -> bool:
    """A marker of today or of someday opens the figure's own clause (no period stated between them): a
    period outside that clause is not the figure's (今後3年間で、現在進行中の5拠点を合わせると、ほぼ7GW keeps its
    period: 現在 is in another clause)."""
    start = max(norm.rfind(c, 0, q.start) for c in _CLAUSE_MARKS) + 1
    return bool(_NOW.search(norm, start, q.start)) and q.time is not None and not start <= q.time.start < q.start


_AS_OF = re.compile(r"\s?末?(?:時点|現在)")      # 9月末時点で18MW, 2025年3月末現在: the day a figure stands at
                                                # (as does a month's end itself: 2025年6月末の受注残高)


# A single day (6日、本日) is when a figure was announced, not what it is for — except a day's own
# measure (a share price on that day: 終値, 前日比; a day's peak demand) and a day a figure stands at
# (9月末時点で).
_DAY_FIGURE = re.compile(r"終値|始値|高値|安値|株価|前日比|ストップ(?:高|安)|引け|取引時間中|[%％](?:高|安)|最大需要"
                         r"|需要(?:が|は)[^。]{0,12}(?:記録|達し|更新)")


def _glossed_time(times: list[TimeExpr], q: Quantity, norm: str) -> TimeExpr | None:
    """23年(1188億円)の約15倍: a figure in brackets right after a period is that period's."""
    return next((t for t in times if 0 <= q.start - t.end <= 3 and norm[t.end:q.start].strip() == "("), None)


# 1ドル=150円, 1ユーロ＝160円換算, 1ドル150円で: an exchange rate, not two amounts of money.
_CURRENCY_WORD = (r"(?:[ァ-ヴー・]{0,10}(?:ディナール|ディルハム|シリング|ナイラ|リアル|リヤル|フラン|ルピー|ポンド|"
                  r"ドル|ペソ|クローネ|クローナ|ウォン|リンギット|リンギ|ランド|セディ|ズウォティ|ズロチ|コルナ|"
                  r"フォリント|シェケル|ユーロ|ルピア|バーツ|レアル|テンゲ|リラ|ドン)|台湾元|人民元)")
_RATE_VALUE = (r"(?:約|およそ)?\s?[\d.,]+\s?(?:円|ドル|元|[ァ-ヴー・]{1,12})"
               r"(?:\s?/\s?[\d.,]+\s?[ァ-ヴー・]{1,12}(?![ァ-ヴー・]|\s?=))*")     # …/18.1ランド/1,455ナイラ
# An exchange-rate note: 1ドル=150円, (1ルピー=約1.75円で換算), 1クウェート・ディナール=約481円, 台湾元=約4.8円,
# 100円=25.21バーツ, a list of rates (1ドル=129.2ケニア・シリング/18.1ランド), a currency pair's quote (ドル/円 150.2).
_EXCHANGE_RATE = re.compile(
    rf"(?<![\d.,])(?:1|一|100|百|1,?000|千)\s?(?:万\s?)?(?:{_CURRENCY_WORD}|米ドル|元|豪ドル|新?台湾ドル|香港ドル|NZドル|スム|[A-Z]{{1,2}}ドル)"
    r"\s?(?:=|は|が|:|当たり|あたり)?\s?(?:約|およそ)?\s?[\d.,〇一二三四五六七八九十百千]+\s?(?:円|ドル|(?!セント)[ァ-ヴ]{1,5})(?:換算|で換算|前後|台)?"
    r"(?:\s?(?:から|→|⇒)\s?(?:約)?\s?[\d.,]+\s?(?:円|ドル)(?:台)?)?"         # 1ドル=150円から140円へ: the rate revised
    r"|(?<![\d.,])1\s?円(?:の)?\s?(?:円高|円安)|為替(?:レート)?が\s?1\s?円\s?(?:動|変|振|ぶれ)"   # 為替が1円動くと
    r"|[A-Z]{0,2}\$\s?1\s?=\s?(?:約|およそ)?\s?[\d.,]+\s?(?:円|ルピア|[ァ-ヴ]{1,5})")     # 1ルピー=約1.75円, S$1=約115円
_RATE_LINE = re.compile(     # only where the sentence has = or / (most have neither: this one is slower)
    rf"(?<![\d.,])(?:(?:1|一|100|百)\s?{_CURRENCY_WORD}|(?<![\dァ-ヴー・])(?:{_CURRENCY_WORD}|元)|(?:1|100)\s?円)"
    rf"\s?=\s?{_RATE_VALUE}"
    r"|(?:[ァ-ヴー]{1,8}|[A-Z]{3})/(?:[ァ-ヴー]{1,8}|[A-Z]{3})\s?(?:[A-Z]{0,2}\$)?\s?[\d.,]+")


def _exchange_rate_runs(norm: str, runs) -> set[int]:
    out = _runs_in(_EXCHANGE_RATE, norm, runs) if "円" in norm or "ドル" in norm else set()
    return out | _runs_in(_RATE_LINE, norm, runs) if "=" in norm or "/" in norm else out


# 千円未満を四捨五入, (単位：百万円), 百万円表記: how a page writes its amounts, not an amount.
_UNIT_NOTE = re.compile(r"[0-9]*(?:百万|千|万|億)?円未満(?:を|は)?\s?(?:切り?捨て|切捨|四捨五入|切り上げ|切上)"
                        r"|単位\s?[:：]?\s?(?:百万|千|億)円|(?<![\d０-９])(?:百万|千|億)円(?:表記|単位|ベース)"
                        r"|単位\s?[:：]?\s?(?:千|万|百万)\s?(?:kW|キロワット|kWh|キロワット時)"   # (単位：千kW)
                        r"|[(（](?:単位\s?[:：]\s?)?(?:百万|千|億|十億)(?:円|米?ドル|ユーロ|元|ウォン|[ァ-ヴー]{1,8}ドル)[)）]")   # (百万ユーロ)


def _unit_note_runs(norm: str, runs) -> set[int]:
    may_note = "円" in norm or "百万" in norm or "(" in norm or "単位" in norm
    return _runs_in(_UNIT_NOTE, norm, runs) if may_note else set()


# 初出時、工事費を「約3000億円」としていましたが、正しくは「約3500億円」: the figure withdrawn is no claim.
_RETRACTED = re.compile(
    r"「[^「」]{1,25}」\s?と(?:して|表記して|記載して|書いて|誤って記載して)(?:いました|おりました)が(?=.*(?:正しくは|誤り))"
    r"|「[^「」]{1,25}」\s?と(?:した|して(?:いた|いました|おりました)|記載した|表記した|書いた|報じた)"
    r"(?:のは|箇所|部分|記述)(?=.*(?:誤り|訂正|間違い|正しくは))"     # 「3200億円」としたのは誤りでした
    r"|「[^「」]{1,25}」\s?と(?:書き|掲載し|記載し|お伝えし|表示し|表記し|メモし)(?:まし|てい(?:まし)?)た(?:が|の)"
    r"(?=.*(?:誤り|訂正|正しくは|修正))"
    r"|[0-9][^、。「」]{0,10}と(?:言った|話した|述べた|書いた)のは(?:間違い|誤り)"      # 5,000億元と言ったのは間違いで
    r"|「[^「」]{1,25}」\s?ではなく(?=.*(?:誤り|訂正|正しくは|とのこと))"     # 「約300億円」ではなく「約340億円」
    r"|「[^「」]{1,25}」\s?と(?:して|し)(?:いた|ていた|ました)の(?:を|は)(?=.*(?:訂正|誤り|修正))"
    r"|「[^「」]{1,25}」\s?と(?:説明|発表|公表|表明)して(?:いた|おり)が"       # 当初「80メガワット」と説明していたが
    r"|【誤】[^【]{1,30}|\(誤\)[^(]{1,30}"                      # 【誤】約1.5GW 【正】…, (誤)約1.5GW (正)…
    # 更新:受電容量を50MWから80MWに修正しました (an update note; a revised forecast keeps both figures)
    r"|(?:更新|訂正|追記)\s?[:：][^。]{0,30}?を\s?[^、。]{1,20}?から(?=[^、。]{1,20}に(?:修正|訂正))"
    r"|「[^「」]{1,25}」\s?と誤って(?:掲載|記載|表記|報道|報じ|お伝え)"            # 「2,000億円」と誤って掲載しました
    r"|(?:初報|当初|前回|先に)で?(?:伝えた|報じた|お伝えした|掲載した)「[^「」]{1,25}」(?=\s?は\s?(?:誤り|間違い))"
    # 約300億円と報じましたが、正しくは
    r"|[^、。「」]{1,20}と(?:報じ|お伝えし|掲載し|記載し)ましたが(?=[、,]?\s?正しくは)"
    r"|【訂正前】.{1,60}|[（(]訂正前は[^）)]{1,20}[）)]"     # 【訂正前】売上高 9,842百万円, （訂正前は735百万円）
    r"|「[^「」]{1,25}」(?=\s?は\s?「[^「」]{1,25}」\s?の誤り)")      # 「上限5億円」は「上限3億円」の誤りでした
_CORRECTION_WORDS = ("正しくは", "誤り", "訂正", "間違い", "【誤】", "(誤)", "修正済", "していたが", "に修正")


# A figure a speaker takes back at once (400メガ…あ、ごめんなさい、違いますね / 100万円、あ、違う違う、30万円):
# found from the words after it.
_TAKE_BACK = re.compile(r"(?:…+|、)\s?(?:あっ?、|えっと、|えー、)?\s?"
                        r"(?:ごめん|すみません|失礼|違い?ます|違う|ちゃう|間違え|いや(?:[、,](?!\s?(?:それ以上|もっと))|失"
                        r"|\s?(?=[約0-9〇一二三四五六七八九十百千]))|訂正(?:します|させて))")   # 300億、いや350億ドル
_DIGIT_START = frozenset("0123456789〇一二三四五六七八九十百千")     # not 数十億ドル、いや…: a vague amount refined
_UNSAID_WORDS = ("ごめん", "すみません", "失礼", "違", "ちゃう", "間違", "いや", "訂正")


def _retracted_runs(norm: str, runs) -> set[int]:
    out = _runs_in(_RETRACTED, norm, runs) if any(w in norm for w in _CORRECTION_WORDS) else set()
    out |= _restarted_runs(norm, runs) if "…" in norm or "、" in norm else set()
    return out | _unsaid_runs(norm, runs) if any(w in norm for w in _UNSAID_WORDS) else out


def _restarted_runs(norm: str, runs) -> set[int]:
    """A figure a speaker breaks off and says again (5,800万kWまで…えー、5,800万kWに達しました; 3兆、3兆円ぐらい):
    the first saying is no figure of its own."""
    return {r.start for r, nxt in zip(runs, runs[1:], strict=False)
            if r.value == nxt.value and (nxt.start - r.end <= 16 and "…" in norm[r.end:nxt.start]
                                         and "。" not in norm[r.end:nxt.start]
                                         or norm[r.end:nxt.start].strip() == "、")}


def _unsaid_runs(norm: str, runs) -> set[int]:
    """Runs a take-back follows closely (at most 14 characters on, no 、。… between), written as a number."""
    out = set()
    for m in _TAKE_BACK.finditer(norm):
        said_next = next((r for r in runs if r.start >= m.end()), None)
        for r in runs:
            if (m.start() - 14 <= r.start < m.start() and norm[r.start] in _DIGIT_START
                    and not any(c in norm[r.start:m.start()] for c in "、。…")
                    and not (said_next and said_next.value == r.value)):      # 50メガ、いや50メガワット: said again
                out.add(r.start)
    return out


def _runs_in(pattern: re.Pattern, norm: str, runs) -> set[int]:
    spans = [m.span() for m in pattern.finditer(norm)]
    return {r.start for r in runs if any(a <= r.start < b for a, b in spans)}


def _governing(times: list[TimeExpr]) -> list[TimeExpr]:
    """A deadline (2025年末までに達成) or any other period governs the figures of its sentence over
    the date something was announced or revised (今年1月に発表した計画, 11月上方修正); any other
    period over the one a figure is compared with (24年度比で) or the year a company was founded, which never
    date a figure: 前年度比2.1%増の78兆円 is not the year before's."""
    if any(t.role == "announce" for t in times) and any(t.role != "announce" for t in times):
        times = [t for t in times if t.role != "announce"]
    return [t for t in times if t.role not in ("baseline", "founded")]


def _anothers(t: TimeExpr, q: Quantity, qs: list[Quantity], norm: str) -> bool:
    """A period in a later clause that a figure of that clause follows is that figure's: 国内は約1.5GWにとどまるが、
    30年には約8GWに増える (a span a duration opens, 今後3年間で4000億ドル, may be both's)."""
    return (t.start >= q.end and "、" in norm[q.end:t.start]
            and any(o.start >= t.end and not any(c in norm[t.end:o.start] for c in "、。") for o in qs))


def _distance(t: TimeExpr, q: Quantity, norm: str) -> int:
    if t.end <= q.start:
        # 23年度実績の5500万kWから約600万kW増える: the year of the figure a change starts from is not the change's
        weak = _FROM_FIGURE.match(norm, t.end, q.start) is not None
        return q.start - t.end + (len(norm) if weak else 0)
    if q.end <= t.start:
        # prefer a time stated before the figure; one after a comma starts the next clause
        # (25年の投資は4100億ドルに達し、26年はさらに…), one in brackets is another figure's, one
        # after は that names a noun (は通期の利益を) the predicate's, and one after から the figure a
        # change goes to (1億6,010万kWから34年度に1億7,400万kWへ): each only when nothing comes before
        between = norm[q.end:t.start]
        weak = ("、" in between or "(" in between                      # 158億円(前期は121億円)
                or "/" in between or "|" in between                     # 310億円／2026年度計画: the next cell's
                or any(c in between for c in "」←→")                    # 「今年の…1.8兆円」←来年…
                or between.lstrip().startswith("は") and norm.startswith("の", t.end)     # 38億円は通期の純利益を
                or between.lstrip().startswith("から"))
        return t.start - q.end + 1 + (len(norm) if weak else 0)
    return 0


_FROM_FIGURE = re.compile(r"[^、。\d]{0,6}?[\d.,]+\s?[万億兆]?[^、。\d]{0,6}?から\s?(?:約|およそ)?\s?$")


def one(text: str, ref: date | None = date(2025, 1, 1)) -> tuple | None:
    """The single quantity in `text` as (surface, kind, unit, value, low, high, qualifier, rate).

    A helper for one-line tests: one("ほぼ7ギガワット") == ("ほぼ7ギガワット", "power", "GW", 7, 7, 7, "approx", "").
    """
    res = extract_sentence(text, ref)
    if not res.quantities:
        return None
    q = res.quantities[0]
    return (text[q.start:q.end], q.kind, q.unit, _clean(q.value), _clean(q.value_low),
            _clean(q.value_high), q.qualifier, q.rate_per)


def _clean(v: float):
    if v is None or math.isnan(v):
        return None
    r = round(v, 9)
    return int(r) if float(r).is_integer() else r


"""Time expressions: years, fiscal years, results periods, quarters, halves, months, days,
relative words.

The ja-timex shape: a table of `Pattern(regex with named groups, parse function)` entries,
tried in order at each number of the sentence; the first whose parse function accepts wins.
Numbers are Sudachi's numeral runs (kanji, full-width and Arabic alike): in the text the
patterns see, each run is masked as `N` characters (the private-use U+E000, offsets kept),
and a parse function reads a group's value from the run there.

Each expression resolves to a period [time_start, time_end] against the article's
reference date (the day its "today" means):
  2030年 -> 2030-01-01..2030-12-31        2030年度 -> 2030-04-01..2031-03-31 (fiscal year)
  2026年後半 -> 2026-07-01..2026-12-31     2027年第2四半期 -> 2027-04-01..2027-06-30
  2024年6月期 -> 2023-07-01..2024-06-30    2026年3月期1Q -> 2025-04-01..2025-06-30
  昨年11月 (ref 2024) -> 2023-11-01..2023-11-30     今年度 -> the current fiscal year
  Xまでに -> start empty, end = end of X   X以降 -> start of X, end empty
Two-digit years are years only in a dated context (26年度, 23〜27年の5年間, 2026〜27年度,
30年までに, 25年後半, 25年3月); 25年間, 20年契約, 創業25年 stay durations (extract.py).
Durations anchored to "now" (今後4年間, 3年以内) are resolved in extract.py.
"""
from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from .calendar_math import (
    add_months,
    add_years,
    fiscal_year_of,
    month_span,
    months_from,
    months_to,
    whole_months,
    year_span,
)
from .numerals import Run
from .paths import DATA_DIR
from .timex_en import english_periods, has_english_period


@dataclass(frozen=True, slots=True)
class TimeExpr:
    start: int            # offsets in the sentence
    end: int
    time_start: date | None
    time_end: date | None
    qualifier: str = "exact"
    role: str = ""        # "announce": the date something was announced (今年1月に発表した);
                          # "baseline": the period a figure is compared with (24年度比で);
                          # "founded": when something named was set up or done (2023年に設立された,
                          # 77年に運転を始めた発電所, 2024年に取得した用地に): never a figure's period


# ---------------------------------------------------------------- vocabulary

MASK = "\ue000"
N = MASK + "+"
_S = r"\s?"

_PARTS = {  # part of a calendar year -> (first month, last month)
    "前半": (1, 6), "上半期": (1, 6), "上期": (1, 6), "後半": (7, 12), "下半期": (7, 12), "下期": (7, 12),
    "初め": (1, 3), "初頭": (1, 3), "半ば": (4, 9), "中頃": (4, 9), "末": (10, 12), "終わり": (10, 12),
    "春": (3, 5), "夏": (6, 8), "秋": (9, 11),
}
_SEASON_RE = re.compile(r"(今|本|来|昨|去|翌|この)(春|夏|秋|冬)(?!季|期|闘)")     # 来春, 今夏, この冬; not 今春闘
# A bare 年末 (年末までに, 年末に) is this year's end; not 年末年始 (the holidays), 年末ジャンボ or 年末調整
# (names), 前年末 or 昨年末.
_BARE_YEAR_END_RE = re.compile(r"(?<![年度\d\ue000今来昨去翌本前同])年末(?!年始|ジャンボ|調整|ボーナス|賞与)")
_ERA_FIRST_YEAR = re.compile(r"(令和|平成)\s?元\s?(年度|年)")
# 年度末までに, 今期末の残高: the current (or named) fiscal year's last day
_BARE_FY_END_RE = re.compile(r"(?<![年度\d\ue000今来昨去翌本前同一再々])"
                             r"(?:年度末|(?P<rel>今期|当期|前期|来期)末)(?!比)")
_THIS_MONTH_RE = re.compile(r"(?<![年度\d\ue000今来先前同])月内")             # 月内に: this month
_SEASON_YEAR = {"今": 0, "本": 0, "この": 0, "来": 1, "翌": 1, "昨": -1, "去": -1}
# 年内に, 年度内に: this (fiscal) year (not 数年内, 3年内)
_WITHIN_RE = re.compile(r"(?<![\d年度\ue000数何一二三四五六七八九十])(?:今|本)?(年度内|年内)")
_TEN_DAYS = {"上旬": (1, 10), "初旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31)}
_TENDAY = "(?P<tenday>" + "|".join(_TEN_DAYS) + ")"
_TENDAY_UNTIL = "(?:から(?P<tenday2>" + "|".join(_TEN_DAYS) + ")(?:にかけて|まで(?!に))?)?"     # 上旬から中旬にかけて
_HALVES = {"上期": 0, "上半期": 0, "前半": 0, "中間期": 0, "下期": 1, "下半期": 1, "後半": 1, "後期": 1}   # (年度後期)
_PART = "|".join(sorted(_PARTS, key=len, reverse=True))
_PART_UNTIL = r"(?:から(?P<part2>春|夏|秋|冬)(?:にかけて|まで(?!に))?)?"     # 夏から秋にかけて: a span of seasons
_HALF = "|".join(sorted(_HALVES, key=len, reverse=True))
_QUARTER = rf"第{_S}(?P<q>{N}){_S}四半期|(?P<q2>{N}){_S}Q|Q(?P<q3>{N})"
_DASH = r"(?:〜|～|~|-|－|–|—|─|−)"
_DAYS = (rf"(?:{_S}(?:第{_S}{N}{_S}週)?{_S}[(（]{_S}(?P<wd1>{N}){_S}日?{_S}{_DASH}{_S}(?P<wd2>{N}){_S}日{_S}[)）]"
         rf"|{_S}(?P<dd1>{N}){_S}日?{_S}{_DASH}{_S}(?P<dd2>{N}){_S}日)")      # 8月17〜21日, 3月第2週(9日〜13日)
_YEAR_PREFIX = {"昨年": -1, "去年": -1, "前年": -1, "今年": 0, "本年": 0, "来年": 1, "翌年": 1, "再来年": 2,
                "一昨年": -2,
                "ことし": 0, "おととし": -2}      # (broadcasters write ことし)
_PREFIX_RE = re.compile(r"(一昨年|昨年|去年|今年|本年|再来年|来年|翌年|おととし|ことし|年明け)の?\s?$")


def _prefixed_year(word: str, ref: date) -> int:
    """The year 昨年/来年… names before a month; 年明け (年明け1月中旬) the coming one late in the year."""
    return ref.year + (ref.month >= 10 if word == "年明け" else _YEAR_PREFIX[word])
_ERA_RE = re.compile(r"(令和|平成|昭和|(?<![A-Za-z])[RH])\s?$")     # R9年度 = 令和9年度
_ERA = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988}
_ERA_NAMED = re.compile(r"(令和|平成|昭和)")
# words before a two-digit number that make it a length of time, not a year
_DURATION_BEFORE = re.compile(r"(今後|向こう|この先|これから|過去|ここ|直近|創業|設立|創立|築|勤続|在職|在任"
                              r"|約|最大|最長|およそ|数|期間|年限)\s?$")
_SUFFIX_RE = re.compile(r"\s?(?:(?:頃|ごろ)\s?(?=まで|以前|以降))?"          # 2030年ごろまでに: by then
                        r"(?:の\s?(?:参入|開業|上場|設立|創業|創立|稼働|運転開始|操業開始|サービス開始|進出|発足|開設|開所|始動|開始"
                        r"|完成|竣工|完工)\s?(?=以来|までに)|\s?(?:使用|利用|請求|検針)分\s?(?=まで|から))?"
                        r"(までに|まで|以前|以降|から|より|以来|頃|ごろ|中に|内に|時点|を?(?:めど|目途|メド)(?:に|として)?)")
# 24年度比で, 25年度の実績見込みを0.6%上回る, 23年の約15倍: the period a figure is compared with.
_BASELINE = re.compile(r"\s?(?:比|と比べ|に比べ|と比較|対比|並み"
                       r"|の?(?:当初予算|当初計画|当初見通し|当初|予算|実績|決算|計画|見通し|想定)\s?比(?!率)"
                       r"|の(?:当初)?(?:想定|計画|見通し|予測|予想)より"     # 25年度当初予算比, 去年の想定より…多い
                       r"|(?:の?(?:実績見込み|実績|見込み|水準))?を[^。、]{0,8}?(?:上回|下回)"
                       r"|(?:\([^()]{0,20}\))?\s?の\s?(?:約|ほぼ)?[\d.,]+\s?倍)")     # 23年(1188億円)の約15倍
# 前年度から約600億円増やし: the year a change is counted from, not the figure's period.
_PAST_FROM = re.compile(r"(?:前年度|昨年度|前年同期|前年|昨年|去年|前期|前四半期)(?:の[^、。]{1,8}?)?(?:から|より)$")
_CHANGE_AFTER_FROM = re.compile(r"[^、。]{0,14}?(?:増|減|伸|拡大|縮小|積み増|上積み|多い|少な|上回|下回|高い|低い"
                                r"|上がっ|下がっ)")
# 2023年に設立された…, 設立：2015年: when a company began, never the period of a figure about it.
_FOUNDED = re.compile(r"\s?(?:に|の)?\s?(?:設立|創業|創立)")
# A past relative clause on a noun that a particle closes (2024年に取得した用地に, 22年に買収した企業を).
_PAST_RELATIVE = re.compile(r"\s?に[^、。\dをがは]{1,8}?(?:した|された)[一-龥ァ-ヶー]{1,8}"
                            r"(?:に(?!は)|を|で(?!は)|へ)(?!も)")
_FOUNDED_LABEL = re.compile(r"(?:設立|創業|創立)(?:年月?日?)?\s?[:：]?\s?$")
_ANAPHORIC_DEADLINE = re.compile(r"それまでに|それまで")
_ANNOUNCE = re.compile(r"\s?(?:に|、|,)?\s?(?:発表|公表|表明|明らかに|報じ|報道|開示|発言|述べ|語っ|会見|リリース|(?:上方|下方)修正)")
RELATIVE_RE = re.compile(
    r"(本日|今日(?!では|の|まで|こ)|一昨日|昨日|明日|一昨年|昨年|去年(?!度)|今年|本年|再来年|来年|おととし|ことし|"
    r"今週|先週|前週|来週|今月|先々月|先月|来月|前年(?![度比同末来並をからより])(?![^、。]{0,15}?(?:から|より|比べ|比較|上回|下回|上振れ|下振れ|倍)))")
_FISCAL_RELATIVE_RE = re.compile(
    r"(今年度|本年度|一昨年度|前々年度|昨年度|去年度|前年度|再来年度|来年度|翌年度|[今前来]会計年度)(?:の?\s?(?:(?P<half>上半期|下半期|上期|下期|前半|後半)|"
    r"第\s?(?P<q>[1-4一二三四])\s?四半期|(?P<q2>[1-4])\s?Q|(?P<fyend>末)))?")
_KANJI_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}
_FISCAL_RELATIVE = {"今年度": 0, "本年度": 0, "年度末": 0, "昨年度": -1, "去年度": -1, "前年度": -1, "来年度": 1,
                    "翌年度": 1,
                    "再来年度": 2, "一昨年度": -2, "前々年度": -2, "今会計年度": 0, "前会計年度": -1, "来会計年度": 1}


@dataclass
class BusinessYear:
    """The business year an article is about, carried from sentence to sentence: once a
    results period or fiscal year is named (2027年3月期2Q決算), a bare 上期, 下期, 通期, 1Q or
    第3四半期 later on is a part of it (上期 = April..September 2026)."""
    first: date | None = None      # the first day of its twelve months


# A results article names its period once (2026年4〜6月期の連結決算は…) and then lists the figures: the
# sentences and table lines after it that name a results item (営業利益　2788億円, 同期の業績予想は…) and
# no period of their own are that period's, until another period is named or a heading starts a new part.
_RESULTS_PERIOD_TEXT = re.compile(r"(?:月期|四半期|上期|下期|上半期|下半期|通期|中間期|[1-4]\s?Q)$")
_RESULTS_ITEM = re.compile(r"売上高|売上収益|営業収益|営業利益|経常利益|純利益|最終利益|最終損益|営業損益|税引前"
                           r"|EBITDA|同期")


@dataclass
class ResultsPeriod:
    period: TimeExpr | None = None
    text: str = ""            # how the sentence that named it wrote it

    def step(self, sentence: str, times: list[TimeExpr | None], heading: bool) -> TimeExpr | None:
        """The period carried to this sentence's figures without one (None if none is), given the periods
        the sentence itself names (`times`, its figures' and unattached ones)."""
        if heading and not _RESULTS_ITEM.search(sentence):       # (営業利益　312億円 may look like a heading)
            self.period = None
        own = [t for t in times if t is not None and t.role == ""]
        if own:
            last = max(own, key=lambda t: t.end)
            self.text = sentence[last.start:last.end]
            self.period = last if _RESULTS_PERIOD_TEXT.search(self.text) else None
            return None
        return self.period if self.period is not None and _RESULTS_ITEM.search(sentence) else None

    def for_figure(self, carried: TimeExpr, sentence: str, start: int) -> tuple[date | None, date | None] | None:
        """The carried period as it applies to a figure at `start`: a year earlier for the same period of the
        year before (前年同期の393億ドル, 前の期は37億ドル), none for a yearly rate (年間150億円前後)."""
        if _YEARLY_BEFORE.search(sentence, max(0, start - 10), start):
            return None
        if year_before_figure(sentence, start) is not None:
            carried = year_earlier(carried)
        return carried.time_start, carried.time_end


_YEARLY_BEFORE = re.compile(r"年間|年率")
# 前年同期は1,210億円, 前年同期（1620億円）, （前年同期 98億円）
_YEAR_BEFORE_BEFORE = re.compile(r"(?:前年同期|前の期|前期|前年度|前年)\s?(?:の|は|で|[(（:：]|(?<=[(（]前年同期))"
                                 r"\s?(?:約|およそ)?\s?$")


def year_earlier(t: TimeExpr) -> TimeExpr:
    """The same period a year before (for 前年同期は…)."""
    return replace(t, time_start=t.time_start and add_years(t.time_start, -1),
                   time_end=t.time_end and add_years(t.time_end, -1))


def year_before_figure(text: str, start: int) -> int | None:
    """Where the words saying that the figure at `start` is the same period's of the year before begin
    (前年同期は1,210億円, 前の期の37億ドル); None if there are none."""
    m = _YEAR_BEFORE_BEFORE.search(text, max(0, start - 10), start)
    return m.start() if m else None


# 上期, 下期, 通期, 2Q, 第3四半期 written alone (not after 年度 / 月期 / a year)
_BARE_PART_RE = re.compile(
    r"(?<![年度期\d\ue000])(?:(?P<full>通期)|(?P<half>上半期|下半期|上期|下期|中間期)"
    r"|第\s?(?P<q>[1-4一二三四])\s?四半期|(?P<q2>[1-4])\s?Q(?![A-Za-z])"
    r"|(?P<rel>今期|当期|前々期|前期|再来期|来期|翌期)(?!間|比|末)(?:の?\s?(?P<relhalf>上半期|下半期|上期|下期))?)")
_REL_PERIOD = {"今期": 0, "当期": 0, "前期": -1, "来期": 1, "翌期": 1, "再来期": 2, "前々期": -2}


# 前期（2026年3月期）の売上高: a look back at an earlier year does not change the year in play
_EARLIER_YEAR_WORD = re.compile(r"(?:前期|前々期|前年度|昨年度|前年|昨年)\s?の?\s?\(?\s?$")


_GLOSS_RX = r"\s?\([^()]{1,15}\)"      # a bracketed gloss after a period: (2030年度)


_LOOKBACK = 8        # the words looked for before a number (令和, 昨年の, 創業, 前年度の) are short


@dataclass
class Ctx:
    """What a parse function may read: the sentence, its masked copy, its runs by start."""
    norm: str
    masked: str
    runs: dict[int, Run]
    ref: date | None
    business: date | None = None     # first day of the business year in play (BusinessYear), as parsed so far

    def int(self, m: re.Match, group: str) -> int | None:
        """The integer a group of the match holds (None if absent or not a whole run)."""
        if m.group(group) is None:
            return None
        run = self.runs.get(m.start(group))
        if run is None or run.end != m.end(group) or not run.is_int:
            return None
        return int(run.value)

    def first(self, m: re.Match, *groups: str) -> int | None:
        for g in groups:
            v = self.int(m, g)
            if v is not None:
                return v
        return None

    def year(self, m: re.Match, group: str = "y", two_digit: bool = True) -> int | None:
        """A year written in full (2030, 二〇三〇), in an era (令和7), or in two digits (26 ->
        2026) where the pattern itself is the dated context."""
        v = self.int(m, group)
        if v is None:
            return None
        era = _ERA_RE.search(self.norm, max(0, m.start(group) - _LOOKBACK), m.start(group))
        if era is None and self.norm.endswith("同", 0, m.start(group)):     # 令和7年度から同11年度: that era
            era = next(reversed(list(_ERA_NAMED.finditer(self.norm, 0, m.start(group)))), None)
        if era is None and group == "y2":              # 令和8〜9年度: the era of the range's first year
            first = next((g for g in ("y1", "y") if g in m.re.groupindex and m.start(g) >= 0), None)
            if first is not None:
                era = _ERA_RE.search(self.norm, max(0, m.start(first) - _LOOKBACK), m.start(first))
        if era:
            return _ERA[era.group(1)] + v if 1 <= v <= 99 else None
        if 1900 <= v <= 2100:
            return v
        if (two_digit and (10 <= v <= 99 or self.norm.startswith("0", m.start(group)))     # 09年: zero-padded
                and len(self.norm[m.start(group):m.end(group)]) == 2
                and not _DURATION_BEFORE.search(self.norm, max(0, m.start(group) - _LOOKBACK), m.start(group))):
            y = 2000 + v                      # 99年 in a 2025 article is 1999
            return y - 100 if y > (self.ref.year if self.ref else 2030) + 30 else y
        return None

    def start_with_prefix(self, m: re.Match) -> int:
        era = _ERA_RE.search(self.norm, max(0, m.start() - _LOOKBACK), m.start())
        return era.start() if era else m.start()


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern
    parse: Callable[[Ctx, re.Match], TimeExpr | None]


def _expr(ctx: Ctx, m: re.Match, first: date, last: date) -> TimeExpr:
    return TimeExpr(ctx.start_with_prefix(m), m.end(), first, last)


# ---------------------------------------------------------------- parse functions

def _iso(ctx, m):
    y, mo, d = ctx.year(m, two_digit=False), ctx.int(m, "m"), ctx.int(m, "d")
    if y is None or mo is None or d is None:
        return None
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    return _expr(ctx, m, day, day)


def _results_period(ctx, m):
    """2024年6月期: the twelve months ending with June 2024; its quarters and halves count
    from its start (2026年3月期1Q = April..June 2025)."""
    y, mo = ctx.year(m), ctx.int(m, "m")
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    if m.groupdict().get("interim"):              # 2026年9月中間期: the six months ending with September 2026
        return _expr(ctx, m, *_period_end(m, months_to(y, mo, 6)))
    return _expr(ctx, m, *_period_end(m, _sub_period(ctx, m, months_to(y, mo, 12)[0])))


def _period_end(m: re.Match, period: tuple[date, date]) -> tuple[date, date]:
    """The period, or its last day when 末 follows (2027年3月期末までに, 2026年度上期末の残高)."""
    return (period[1], period[1]) if m.groupdict().get("pend") else period


def _bare_interim(ctx, m):
    """6月中間期 with no year: the latest such half year ended by the reference date."""
    mo = ctx.int(m, "m")
    if mo is None or not 1 <= mo <= 12 or ctx.ref is None:
        return None
    y = ctx.ref.year if mo <= ctx.ref.month else ctx.ref.year - 1
    return _expr(ctx, m, *_period_end(m, months_to(y, mo, 6)))


_CUMULATIVE = re.compile(r"\s?(?:\(累計\)|累計)")     # 第2四半期(累計), 第3四半期累計: the business year so far


def _sub_period(ctx, m, first: date) -> tuple[date, date]:
    """A quarter or half (the match's groups) of the twelve months starting at `first`, or all of them;
    a quarter or half followed by (累計) runs from `first` to its end."""
    q = ctx.first(m, "q", "q2", "q3")
    start, end = _part_of_twelve(first, q if q is not None and 1 <= q <= 4 else None, m.groupdict().get("half"))
    return (first, end) if _CUMULATIVE.match(ctx.norm, m.end()) else (start, end)


# A company handbook's period codes at a line's start (四季報 style): 連/単/会 24.3 = the twelve months
# ending March 2024 (consolidated / parent / company forecast), 中25.9 = the half year ending September 2025.
_HANDBOOK_PERIOD = re.compile(r"^\s?[・･]?\s?(?P<code>連|単|会|中)\s?(?P<y>\d{2})\.(?P<m>1[0-2]|0?[1-9])予?(?=\s|$)")


# A results period in a compact code: 26.12期, 2026.3期 (the twelve months ending then), FY2026/3 (26/3期 is
# in PATTERNS, with its quarters).
_PERIOD_CODE = re.compile(r"(?<![\d.,/])(?:(?P<fy>FY)\s?)?(?P<y>(?:19|20)?\d{2})(?(fy)[./]|\.)(?P<m>1[0-2]|0?[1-9])"
                          r"(?(fy)(?![\d.])|\s?期)")
# A period written in a table's code: 2026.4-2027.3, 2025.1-12, 26.04-09 (two-digit years only with two-digit
# months, so 10.5-12GW stays a range of figures).
_CODE_SPAN = re.compile(r"(?<![\d.,/])(?:(?P<y1>(?:19|20)\d{2})\.(?P<m1>1[0-2]|0?[1-9])|(?P<s1>\d{2})\.(?P<sm1>0[1-9]|1[0-2]))"
                        r"\s?[-〜~–]\s?(?:(?P<y2>(?:19|20)?\d{2})\.)?(?P<m2>1[0-2]|0?[1-9])"
                        r"(?![\d.]|\s?[A-Za-zぁ-んァ-ヶ万億兆%％])")


def _code_span(m: re.Match) -> tuple[date, date] | None:
    first_year = int(m["y1"]) if m["y1"] else 2000 + int(m["s1"])
    first_month, last_month = int(m["m1"] or m["sm1"]), int(m["m2"])
    if m["y2"]:
        last_year = int(m["y2"]) + (2000 if len(m["y2"]) == 2 else 0)
    else:
        last_year = first_year + (last_month < first_month)
    if (last_year, last_month) <= (first_year, first_month) or last_year - first_year > 1:
        return None
    return date(first_year, first_month, 1), month_span(last_year, last_month)[1]


# A chronology's line opening with year and month: 2024.07 …, 2025/11 …
_DATED_LINE = re.compile(r"^\s?[・･]?\s?(?P<y>(?:19|20)\d{2})[./](?P<m>1[0-2]|0?[1-9])(?=\s|\u3000)")


def _handbook_period(m: re.Match) -> TimeExpr:
    months = 6 if m["code"] == "中" else 12
    return TimeExpr(m.start("code"), m.end(), *months_to(2000 + int(m["y"]), int(m["m"]), months))


def _bare_part(m: re.Match, named: list[tuple[int, int, date]], current: date | None,
               ref: date | None) -> tuple[date, date] | None:
    """A bare 上期/通期/2Q/前期 as a part of the business year named before it in the sentence, else the
    article's; 今期/前期/来期 also of the fiscal year (April..March) of the reference date."""
    before = [first for start, _, first in named if start < m.start()]
    first = before[-1] if before else current
    if m.group("rel"):
        first = first or (_business_year_of(m.string, ref) if ref else None)
        if first is None:
            return None
        first = add_years(first, _REL_PERIOD[m.group("rel")])
        return _part_of_twelve(first, None, m.group("relhalf")) if m.group("relhalf") else months_from(first, 12)
    if first is None:
        return None
    q = m.group("q") or m.group("q2")
    return _part_of_twelve(first, q and (_KANJI_DIGIT.get(q) or int(q)), m.group("half"))


# 12月決算の同社は今期…, 12月期の当社は来期…: the month a company's business year ends in
_YEAR_END_MONTH = re.compile(r"(?<!\d)(1[0-2]|[1-9])\s?月(?:期\s?決算|決算|期の\s?(?:当社|同社|弊社))")


def _business_year_of(norm: str, ref: date) -> date:
    """The first day of the business year the reference date falls in: April..March, unless the sentence
    says the company's year ends in another month (12月決算の同社は今期…: the calendar year)."""
    end = _YEAR_END_MONTH.search(norm)
    if end is None:
        return date(fiscal_year_of(ref), 4, 1)
    first_month = int(end.group(1)) % 12 + 1
    return date(ref.year if first_month <= ref.month else ref.year - 1, first_month, 1)


def _year_in_play(norm: str, named: list[tuple[int, int, date]], current: date | None, ref: date | None) -> date | None:
    """The business year the article is about after this sentence: the last one it names, unless that
    is a look back (前期（2026年3月期）), a deadline (2034年度までに) or far from the reference date."""
    for start, end, first in reversed(named):
        if _EARLIER_YEAR_WORD.search(norm, max(0, start - _LOOKBACK), start) or _DEADLINE_AFTER.match(norm, end):
            continue
        if ref is None or -2 <= first.year - fiscal_year_of(ref) <= 1:
            return first
    return current


_MONTH_AFTER = re.compile(rf"の?\s?\d{{1,2}}\s?(?:{_DASH}\s?\d{{1,2}}\s?)?月")
_DEADLINE_AFTER = re.compile(rf"(?:{_GLOSS_RX})?\s?まで")


def _business_year_first(ctx, m, parse) -> date | None:
    """The first day of the business year a results period (2027年3月期 -> 2026-04-01) or a
    fiscal year (2026年度 -> 2026-04-01) names; None for any other expression."""
    y = ctx.year(m) if parse in (_results_period, _fiscal_year) else None
    if y is None:
        return None
    if parse is _fiscal_year:
        return date(y, 4, 1)
    return months_to(y, ctx.int(m, "m"), 6 if m.groupdict().get("interim") else 12)[0]   # 9月中間期: April


def _part_of_twelve(first: date, quarter: int | None, half: str | None) -> tuple[date, date]:
    if quarter:
        return months_from(add_months(first, 3 * (quarter - 1)), 3)
    if half:
        return months_from(add_months(first, 6 * _HALVES[half]), 6)
    return months_from(first, 12)


def _season(ref: date, shift: int, season: str) -> tuple[date, date]:
    """今冬 is the winter the reference date is in or next comes to (December to February); the
    other seasons lie within their year."""
    if season != "冬":
        return _part_of_year(ref.year + shift, season)
    first = date(ref.year - (1 if ref.month <= 2 else 0) + shift, 12, 1)
    return first, add_months(first, 3) - timedelta(days=1)


def _part_of_year(y: int, part: str, until: str | None = None) -> tuple[date, date]:
    """2026年後半, 来年の春, 今年末: a part of a calendar year (_PARTS); 2026年の春から夏にかけて, 今年の秋から冬:
    from one part to the end of another (winter ends in February of the next year)."""
    first, last = _PARTS[part]
    if until == "冬":
        return date(y, first, 1), month_span(y + 1, 2)[1]
    if until and _PARTS[until][1] > last:
        last = _PARTS[until][1]
    return date(y, first, 1), month_span(y, last)[1]


def _fiscal_year(ctx, m):
    """2030年度 -> 2030-04-01..2031-03-31; 26年度 -> FY2026; 2025年度上期 / 第2四半期."""
    y = ctx.year(m)
    if y is None:
        return None
    q = ctx.first(m, "q", "q2", "q3")
    if q is not None and not 1 <= q <= 4:
        return None
    if m.groupdict().get("fyend"):                  # 2026年度末: 31 March 2027, the day a stock stands at
        return _expr(ctx, m, date(y + 1, 3, 31), date(y + 1, 3, 31))
    if season := m.groupdict().get("season"):       # 2026年度夏季 (a supply outlook's): June..August 2026
        return _expr(ctx, m, *_season(date(y, 4, 1), 0, season))
    return _expr(ctx, m, *_period_end(m, _sub_period(ctx, m, date(y, 4, 1))))


def _glossed_year(ctx, m):
    """A year written in both calendars, one in brackets: the Western one counts (2020（令和2）年度,
    令和8（2026）年度, 平成32（2020）年度)."""
    y = ctx.year(m, two_digit=False)
    if y is None or m.groupdict().get("e") and not _ERA_RE.search(ctx.norm, max(0, m.start() - _LOOKBACK), m.start()):
        return None
    if m.group("fy") == "年度":
        return _expr(ctx, m, date(y, 4, 1), date(y + 1, 3, 31))
    return _expr(ctx, m, date(y, 1, 1), date(y, 12, 31))


def _year_range(ctx, m):
    """2026〜27年度, 2024〜2026年, 23〜27年の5年間, 2024年から26年, 2026・27年度."""
    if _RESCHEDULED.match(ctx.norm, m.end()):     # 当初予定の28年から27年に前倒し: two dates, the new one the figure's
        y1, fiscal = ctx.year(m, "y1"), m.group("fy1") == "年度"
        if y1 is None or not m.group("fy1"):
            return None
        return TimeExpr(ctx.start_with_prefix(m), m.end("fy1"), *year_span(y1, fiscal))   # the old date: a baseline
    y1 = ctx.year(m, "y1", two_digit=False)
    short = y1 is None
    if short:
        y1 = ctx.year(m, "y1")
        if y1 is None:
            return None
        dated = (m.group("fy1") or m.group("fy2") == "年度" or m.group("span")
                 or _near_reference(ctx, y1) and _DATED_AFTER_RANGE.match(ctx.norm, m.end("fy2")))   # 28〜30年にかけて
        if not dated:
            return None
    y2 = ctx.year(m, "y2")
    if y2 is None or not y1 < y2 <= y1 + 50 or m.group("pair") and y2 != y1 + 1:
        return None                         # 2026・27年度, 26年度と27年度: two years in a row, a span (never 20・30年)
    if m.group("span"):                     # 23〜27年の5年間 (or 21〜24年の3年間, years elapsed): the count must agree
        n = ctx.int(m, "n")
        if n not in (y2 - y1 + 1, y2 - y1):
            return None
        end = m.start("span")
    else:
        end = m.end()
    fiscal = m.group("fy2") == "年度"
    if fiscal and y2 == y1 + 1 and "-" in m.group(0) and (country := _FOREIGN_FISCAL.search(ctx.norm)):
        return TimeExpr(ctx.start_with_prefix(m), end, *_foreign_fiscal_year(y1, country))   # 英国の2026-27年度
    return TimeExpr(ctx.start_with_prefix(m), end, year_span(y1, fiscal)[0], year_span(y2, fiscal)[1])


# A country whose budget year is written 2025/26 or 2025-26: one year, April..March (July..June in Australia
# and New Zealand). Elsewhere 2026-27年度 is two Japanese fiscal years.
_FOREIGN_FISCAL = re.compile(r"英国|英政府|イギリス|インド|カナダ"
                             r"|(?P<july>豪州|豪政府|オーストラリア|ニュージーランド)")


def _foreign_fiscal_year(y: int, country: re.Match | None) -> tuple[date, date]:
    month = 7 if country is not None and country.group("july") else 4
    return date(y, month, 1), date(y + 1, month, 1) - timedelta(days=1)


_US = re.compile(r"米国|米政府|米連邦|米議会|米エネルギー省|米国防総省|米商務省|アメリカ|[上下]院|連邦政府|DOE"
                 r"|ホワイトハウス"
                 r"|(?<![欧南])米(?=\S{0,6}(?:省|政府|議会|予算))")


_OPEN_BRACKET = re.compile(r"\s?[(（]")


@lru_cache(maxsize=1)
def _company_fiscal_years() -> tuple[re.Pattern | None, dict[str, int]]:
    """data/fiscal_years.csv: companies whose fiscal year is their own (named by the year it ends, as US companies
    name theirs), found by their aliases in data/entities.csv -> (one pattern of the aliases, alias -> first month)."""
    from .entities import load_entities

    with open(DATA_DIR / "fiscal_years.csv", encoding="utf-8") as fh:
        first_month = {r["company"]: int(r["first_month"]) for r in csv.DictReader(fh)}
    by_alias = {alias: first_month[canon] for alias, targets in load_entities().alias_map.items()
                for canon, scope in targets if canon in first_month and not scope}
    if not by_alias:
        return None, {}
    names = "|".join(re.escape(a) for a in sorted(by_alias, key=len, reverse=True))
    return re.compile(rf"(?:{names})(?!製)"), by_alias


def _company_first_month(norm: str, pos: int) -> int | None:
    """The first month of the fiscal year of the company named last before `pos` (None: no such company)."""
    pattern, by_alias = _company_fiscal_years()
    named = list(pattern.finditer(norm, 0, pos)) if pattern is not None else []
    return by_alias[named[-1].group()] if named else None


def _accounting_year(ctx, m):
    """2026会計年度: the US government's runs October 2025..September 2026, Japan's April 2026..March 2027; a
    bracket may say when it ends or starts (2025会計年度(9月終了), 2027会計年度(26年10月開始))."""
    y = ctx.year(m)
    if y is None:
        return None
    if (end := ctx.int(m, "em")) is not None and 1 <= end <= 12:
        return _expr(ctx, m, *months_to(y, end, 12))
    if (start := ctx.int(m, "sm")) is not None and 1 <= start <= 12:
        first_year = ctx.year(m, "sy") if m.group("sy") else y - (start > 3)
        if first_year is None:
            return None
        return _expr(ctx, m, *months_from(date(first_year, start, 1), 12))
    if _OPEN_BRACKET.match(ctx.norm, m.end()):
        return None                 # 2027会計年度（26年10月〜27年9月）: the months in the bracket say it
    if (first := _company_first_month(ctx.norm, m.start())) is not None:     # マイクロソフトの2025会計年度
        return _expr(ctx, m, *months_from(date(y - (first > 1), first, 1), 12))
    if _US.search(ctx.norm):
        return _expr(ctx, m, date(y - 1, 10, 1), date(y, 9, 30))
    return _expr(ctx, m, date(y, 4, 1), date(y + 1, 3, 31))


def _split_year(ctx, m):
    """2025/26年度, 24/25年度: one fiscal year written with the next year's last two digits."""
    y, y2 = ctx.year(m), ctx.int(m, "y2")
    if y is None or y2 is None or y2 != (y + 1) % 100:
        return None
    return _expr(ctx, m, *_foreign_fiscal_year(y, _FOREIGN_FISCAL.search(ctx.norm)))


# 2027年から28年に延期, 2026年10月から27年1月に繰り延べ: a schedule moved, not a span
_MOVED = r"[にへ]\s?(?:延期|先送り|遅ら|延ば|繰り延べ|繰り下げ|前倒し|後ろ倒し|ずれ込|変更|見直)"
_RESCHEDULED = re.compile(rf"\s?{_MOVED}")
_MOVED_FROM = re.compile(rf"[^、。]{{1,14}}?{_MOVED}")


# 26〜28年に / 26〜28年の計画 / 26〜28年は: after a particle, two short years near the reference
# year are years (never 10〜20年かかる, 20〜30年の間, 今後20〜30年で).
_DATED_AFTER_RANGE = re.compile(r"\s?(?:にかけて|までに|まで|に(?!わた|渡|一度|1度)|は|の(?!間|期間|長|歳月|年月)|\)|」)")


def _near_reference(ctx, y: int) -> bool:
    return ctx.ref is not None and _SHORT_YEAR_WINDOW[0] <= y - ctx.ref.year <= _SHORT_YEAR_WINDOW[1]


def _decade(ctx, m):
    """2030年代 -> 2030..2039; 30年代前半 -> 2030..2034 (a decade is always dated)."""
    y = ctx.year(m)
    if y is None or y % 10:
        return None
    first, last = _DECADE_PARTS.get(m.group("dpart") or "", (0, 9))
    return _expr(ctx, m, date(y + first, 1, 1), date(y + last, 12, 31))


_DECADE_PARTS = {"前半": (0, 4), "後半": (5, 9), "半ば": (3, 6), "初頭": (0, 2), "初め": (0, 2), "末": (7, 9),
                 "終わり": (7, 9), "の終わり": (7, 9), "終盤": (7, 9)}
# A calendar year named as English copy names it: CY2027 (translated earnings calls), カレンダーイヤー2027
_CALENDAR_YEAR = re.compile(r"(?:(?<![A-Za-z])CY|カレンダー\s?イヤー)\s?((?:19|20)[0-9]{2})(?![0-9])")


def _in_play(ctx) -> bool:
    """A business year is in play that has not ended by the reference date (not a look at a past one)."""
    return ctx.business is not None and (ctx.ref is None or add_months(ctx.business, 12) > ctx.ref)


def _month_range(ctx, m):
    """2025年4〜6月, 1〜3月期 (a bare one: the latest such months begun by the reference date)."""
    if _RESCHEDULED.match(ctx.norm, m.end()):
        return None                         # 27年9月から28年3月に遅らせ
    m1, m2 = ctx.int(m, "m1"), ctx.int(m, "m2")
    if m.group("y2") and m.group("y"):                  # 2026年10月から27年3月まで
        y1, y2 = ctx.year(m), ctx.year(m, "y2")
        if None in (y1, y2, m1, m2) or not (1 <= m1 <= 12 and 1 <= m2 <= 12 and (y1, m1) < (y2, m2)):
            return None
        return _expr(ctx, m, date(y1, m1, 1), month_span(y2, m2)[1])
    if m.group("y2") or m1 is None or m2 is None or not (1 <= m1 <= 12 and 1 <= m2 <= 12) or m1 == m2:
        return None
    if m1 > m2:                                   # 10-3月期: across a year end (a second half)
        if m.group("y") or ctx.ref is None:
            return None
        ahead = m1 > ctx.ref.month and not _PAST_END.search(ctx.norm) and bool(
            _OUTLOOK.search(ctx.norm) or _NON_PAST_END.search(ctx.norm))       # この冬（12〜2月）…と想定する
        y = ctx.ref.year if m1 <= ctx.ref.month or ahead else ctx.ref.year - 1
        return _expr(ctx, m, date(y, m1, 1), month_span(y + 1, m2)[1])
    fiscal = _FISCAL_YEAR_BEFORE.search(ctx.norm, max(0, m.start() - _LOOKBACK), m.start())
    prefix = None if m.group("y") else _PREFIX_RE.search(ctx.norm, max(0, m.start() - _LOOKBACK), m.start())
    if m.group("y"):
        y = ctx.year(m)
        if y is None:
            return None
    elif prefix and ctx.ref is not None:         # 来年1〜3月: months of the year it names
        y = _prefixed_year(prefix.group(1), ctx.ref)
        return TimeExpr(prefix.start(), m.end(), date(y, m1, 1), month_span(y, m2)[1])
    elif fiscal and ctx.ref is not None:         # 前年度の1〜3月期, 26年度の1〜3月: months of that fiscal year
        fy = _fiscal_year_named(fiscal, ctx.ref)
        y = fy if m1 >= 4 else fy + 1
        return TimeExpr(fiscal.start(), m.end(), date(y, m1, 1), month_span(y if m2 >= m1 else y + 1, m2)[1])
    elif _in_play(ctx) and m.group(0).endswith("月期"):     # 10〜12月期 of the (current) year in play
        y = ctx.business.year if m1 >= ctx.business.month else ctx.business.year + 1
    elif ctx.ref is not None:
        ahead = (m1 > ctx.ref.month and not m.group(0).endswith("期") and not _CUMULATIVE.match(ctx.norm, m.end())
                 and not _PAST_END.search(ctx.norm) and _NON_PAST_END.search(ctx.norm) is not None)
        # (11〜12月)の売上高は…を見込む, written in October: this year's (a results period, 4〜12月期, never)
        y = ctx.ref.year if m1 <= ctx.ref.month or ahead else ctx.ref.year - 1
        if y == ctx.ref.year and not m.group(0).endswith("期") and _next_years(ctx, m2, m.end()):
            y += 1                               # 1月から3月にかけて…投じる, written in December
    else:
        return None
    return _expr(ctx, m, date(y, m1, 1), month_span(y, m2)[1])


def _year_part(ctx, m):
    """2026年後半, 25年後半 (a part makes two digits a year), 2027年第2四半期."""
    y = ctx.year(m)
    if y is None:
        return None
    q = ctx.first(m, "q", "q2", "q3")
    if q is not None:
        if not 1 <= q <= 4:
            return None
        return _expr(ctx, m, *months_from(date(y, 3 * q - 2, 1), 3))
    return _expr(ctx, m, *_part_of_year(y, m.group("part"), m.group("part2")))


def _year_month_day(ctx, m):
    y, mo = ctx.year(m), ctx.int(m, "m")
    if y is None or mo is None or not 1 <= mo <= 12:
        return None
    return _month_day(ctx, m, y, mo, ctx.start_with_prefix(m))


def _year(ctx, m):
    y = ctx.year(m, two_digit=False)
    if y is None:
        return None
    return _expr(ctx, m, date(y, 1, 1), date(y, 12, 31))


def _short_year(ctx, m):
    """30年までに, 26年以降, 25年中に: two digits before a deadline word are a year."""
    y = ctx.year(m)
    if y is None or y >= 2100 or _DURATION_BEFORE.search(ctx.norm, max(0, m.start() - _LOOKBACK), m.start()):
        return None
    return _expr(ctx, m, date(y, 1, 1), date(y, 12, 31))


# What may follow a two-digit year written the newspaper way (26年は, 25年実績, 27年早期に) —
# and what makes `20年の…` a length of time after all (20年の長期契約).
_SHORT_YEAR_WINDOW = (-8, 15)            # years around the reference year
_EVENT_IN_YEAR = re.compile(r"に\s?[^、。]{0,8}?(?:運転を(?:始め|開始し)|開業し|閉鎖し|設立さ|設立し|創業し|稼働し|完成し"
                            r"|竣工し"
                            r"|操業を(?:始め|開始し)|廃止さ|開設し|上場し|閉山し|撤退し|開通し)")
_NOT_A_YEAR_AFTER = re.compile(
    r"に(?:わた|渡)|を(?:超え|超す|越え|過ぎ|経|迎え)|の(?:長期|短期|定期)?(?:期間|歳月|月日|年月|経験|歴史|キャリア|節目|ローン|保証|リース|運転(?!開始|再開)|寿命|耐用|間)"
    r"|の[^\s、。の]{0,6}契約(?!容量|電力|件数|額|高|数|者)"      # 20年の電力購入契約, not 22年の契約容量
    r"|の[^\s、。の]{0,4}実績(?:を持|があ|を誇|を積|を有|に裏)")   # 30年の実績を持つ: a track record


def _newspaper_year(ctx, m):
    """26年は…, 25年実績, 26年の設備投資, 27年早期: a two-digit year close to the reference year,
    with a particle or a dated word after it, is a year (never 25年間, 20年契約, 創業25年)."""
    y = ctx.year(m)
    if y is None or ctx.ref is None:
        return None
    low, high = _SHORT_YEAR_WINDOW
    if ctx.norm.startswith("0", m.start("y")):
        low, high = -99, 99             # 09年に閉鎖した: a length of time is never written with a leading zero
    elif _EVENT_IN_YEAR.match(ctx.norm, m.end()):
        low = -60                        # 77年に運転を始めた: an event of that year, however long ago
    elif _OUTLOOK.search(ctx.norm):
        high = 25                        # 47年に約10GW増える見通し: a target or forecast further out
    if not low <= y - ctx.ref.year <= high:
        return None
    number_before = re.search(r"[\d.,]\s?$", ctx.norm[max(0, m.start() - 2):m.start()])
    if number_before or _NOT_A_YEAR_AFTER.match(ctx.norm, m.end()):
        return None
    return TimeExpr(m.start(), m.end(), date(y, 1, 1), date(y, 12, 31))


# A sentence about what is expected: a month later in the year than the reference date is this year's
# (8月の最大需要を1億6,050万kWと見込む, published in May), not last year's.
_OUTLOOK = re.compile(r"見込|見通し|予想|予測|予定|想定|計画|目指|めざ|目標|試算|推計|へ(?:の|と)?(?:増|拡大)")


# …or a month that opens a deadline or a start (3月末までに…する, 4月以降に), or a sentence that ends in
# the non-past (3月に稼働する。): news reports what has happened in the past tense.
_FUTURE_AFTER = re.compile(r"\s?(?:末|中|内)?\s?(までに|以降|から)")
_PAST_END = re.compile(r"(?:た|だった|でした|ました|[てで]いた|[てで]いる|[てで]います)"
                       r"(?:という|と(?:いう|発表|明らか)\S{0,6})?[。」)]*\s*$")
_NON_PAST_END = re.compile(r"(?:する|します|しよう|させる|られる|れる|始める|始まる|終える|[うくつぬぶむる]|(?<!で)す)"
                           r"(?:方針|見込み|予定|計画|考え|構え|意向)?(?:だ|です)?[。」)]*\s*$")


def _month(ctx, m):
    """11月, 昨年11月, 3月5日: a month without its year is the latest one begun by the
    reference date, unless 昨年/今年/来年… says which or the sentence looks ahead (_OUTLOOK, a deadline
    or start it opens, a non-past ending)."""
    mo = ctx.int(m, "m")
    if mo is None or not 1 <= mo <= 12 or ctx.ref is None:
        return None
    pm = _PREFIX_RE.search(ctx.norm, max(0, m.start() - _LOOKBACK), m.start())
    if pm:
        return _month_day(ctx, m, _prefixed_year(pm.group(1), ctx.ref), mo, pm.start())
    if (fy := _FISCAL_YEAR_BEFORE.search(ctx.norm, max(0, m.start() - _LOOKBACK), m.start())) is not None:
        y = _fiscal_year_named(fy, ctx.ref)        # 26年度の2月, 今年度の3月: a month of that fiscal year
        return _month_day(ctx, m, y if mo >= 4 else y + 1, mo, m.start())
    day = m.group(0).endswith("日")
    opens = _FUTURE_AFTER.match(ctx.norm, m.end())
    if mo > ctx.ref.month:
        ahead = (_OUTLOOK.search(ctx.norm) or _looks_ahead(ctx.norm, opens)) if not day else (
            opens and _looks_ahead(ctx.norm, opens))      # 7月1日から…補助する (a day: only opening a span)
        year = ctx.ref.year if ahead else ctx.ref.year - 1
    else:                                      # 1月までに…する, written in December: next January
        deadline = opens is not None and opens.group(1) != "から"      # (4月から…している: may have begun)
        # 冬季ピーク時（1月）の予備力…見通し, written in October
        named = _NAMES_A_FIGURE.match(ctx.norm, m.end()) and _FORECAST_END.search(ctx.norm)
        year = ctx.ref.year + (not day and (deadline or bool(named)) and _next_years(ctx, mo, m.end()))
    return _month_day(ctx, m, year, mo, m.start())


def past_tense(norm: str) -> bool:
    """The sentence ends in the past tense (…を調達した。)."""
    return _PAST_END.search(norm) is not None


def _looks_ahead(norm: str, opens) -> bool:
    """Not in the past tense, and a deadline or start opens at the month or the sentence ends in the non-past."""
    return not _PAST_END.search(norm) and bool(opens or _NON_PAST_END.search(norm))


# Months this far behind the reference month are next year's when the sentence looks ahead to them
# (1〜3月に…投じる, 2月までに…する, written in November or December); closer ones may still be running.
_NEXT_YEAR_GAP = 3


def _next_years(ctx, last_month: int, after: int | None) -> bool:
    """The months (ending with `last_month`, written before offset `after`) lie ahead, in the next year: a
    sentence ending in the non-past with no past verb after them (2月末までに受け付けた申込みは… is the past)."""
    return (after is not None and ctx.ref.month - last_month >= _NEXT_YEAR_GAP and not _PAST_END.search(ctx.norm)
            and (_NON_PAST_END.search(ctx.norm) is not None or _FORECAST_END.search(ctx.norm) is not None)
            and not _PAST_VERB.search(ctx.norm, after))


_NAMES_A_FIGURE = re.compile(r"\s?[)）]?\s?の")        # a figure's month (1月の需要), not an event's (1月に再開し)
_FORECAST_END = re.compile(r"(?:見通し|見込み|予想|想定|計画)(?:だ|です)?[。」)]*\s*$")   # …確保できる見通し


_PAST_VERB = re.compile(r"(?:[しっいえけきれめてねせち]た|[んい]だ)(?!い|ら|がっ|がい|ろう|ま)")   # not したい, したら


# 26年度の2月, 2026年度の1〜3月, 今年度の3月: months inside a named fiscal year
_FISCAL_YEAR_BEFORE = re.compile(r"(?:(?P<y>(?:19|20)?\d\d)\s?年度\s?の"
                                 r"|(?P<rel>今年度|本年度|昨年度|去年度|前年度|来年度|翌年度|年度末)\s?の?)\s?$")


def _fiscal_year_named(m: re.Match, ref: date) -> int:
    if m.group("rel"):
        return fiscal_year_of(ref) + _FISCAL_RELATIVE[m.group("rel")]
    y = int(m.group("y"))
    return y if y >= 1900 else 2000 + y


def _month_day(ctx, m, year: int, month: int, start: int) -> TimeExpr | None:
    if m.groupdict().get("mend"):                        # 2月末 -> its last day
        last = month_span(year, month)[1]
        return TimeExpr(start, m.end(), last, last)
    tenday = m.groupdict().get("tenday")
    if tenday:                                           # 3月下旬 -> 21..31
        first, last = _TEN_DAYS[tenday]
        last = _TEN_DAYS[m.group("tenday2")][1] if m.groupdict().get("tenday2") else last
        last = min(last, calendar.monthrange(year, month)[1])
        return TimeExpr(start, m.end(), date(year, month, first), date(year, month, last))
    days = [ctx.int(m, g) for g in ("wd1", "wd2", "dd1", "dd2") if m.groupdict().get(g)]
    if len(days) == 2 and None not in days and 1 <= days[0] < days[1] <= calendar.monthrange(year, month)[1]:
        return TimeExpr(start, m.end(), date(year, month, days[0]), date(year, month, days[1]))
    d = ctx.int(m, "d")
    if d is not None:
        try:
            day = date(year, month, d)
        except ValueError:
            return TimeExpr(start, m.start("d"), *month_span(year, month)) if m.start("d") else None
        return TimeExpr(start, m.end(), day, day)
    return TimeExpr(start, m.end(), *month_span(year, month))


def _day(ctx, m):
    """北辰テレコムは十五日、…: a day alone is a date in the reference month (the latest past)."""
    d = ctx.int(m, "d")
    if d is None or not 1 <= d <= 31 or re.search(r"[月\d毎約数]\s?$", ctx.norm[max(0, m.start() - 2):m.start()]):
        return None
    if m.group("stop") is not None and not re.search(r"日\s?は\s?$", ctx.norm[max(0, m.start() - 4):m.start()]):
        return None                                    # 払込日は26日。 is a date; 工期は26日。 is not
    if ctx.ref is None:
        return TimeExpr(m.start(), m.end(), None, None)
    month = ctx.ref if d <= ctx.ref.day else add_months(ctx.ref.replace(day=1), -1)
    try:
        day = date(month.year, month.month, d)
    except ValueError:
        return None
    return TimeExpr(m.start(), m.end(), day, day)


# 2040年前後 is a year (in four digits); 2024年モデル is a product
_NOT_AFTER_YEAR = r"(?!間|以内|前(?!半|後)|後(?!半)|ぶり|代|度|モデル|型|式(?!典))"
_DAY_AFTER = (r"(?=[にのは、,()】\]・]|付|まで|から|以降|午前|午後|朝|夜|夕|未明|深夜|早朝|正午|昼|時点|現在|終値|始値|配信|報じ|明らか|\ue000+\s?時|"
              r"発表|公表|開催|締結|決定|更新|大引け|引け|寄り付|伝え|開か|開い|行わ|行っ|会見|成立|可決|閣議|表明|述べ|語っ|示し|説明|判明|"
              r"始ま|着工|合意|署名|調印|申請|開始|承認|認可|提出|公開|告示|召集|\s|$)")

PATTERNS: tuple[Pattern, ...] = tuple(Pattern(re.compile(rx), fn) for rx, fn in (
    (rf"(?P<y>{N})[-/](?P<m>{N})[-/](?P<d>{N})(?!{MASK})", _iso),
    (rf"(?P<y>{N}){_S}年{_S}(?P<m>{N}){_S}月(?:期(?:{_S}の?{_S}(?:{_QUARTER}|(?P<half>{_HALF})))?|{_S}(?P<interim>中間期))"
     rf"(?P<pend>{_S}末)?", _results_period),
    (rf"(?P<y>{N})/(?P<m>{N})期(?:{_S}の?{_S}(?:{_QUARTER}|(?P<half>{_HALF})))?(?P<pend>{_S}末)?",   # 26/3期1Q
     _results_period),
    (rf"(?P<m>{N}){_S}月{_S}中間期(?P<pend>{_S}末)?", _bare_interim),
    (rf"(?P<y>{N})/(?P<y2>{N}){_S}年度", _split_year),
    (rf"(?P<y>{N}){_S}会計年度(?:[^()（）、。]{{0,6}}?{_S}[(（]{_S}(?:(?P<em>{N}){_S}月(?:終了|締め|末まで|期)"
     rf"|(?:(?P<sy>{N}){_S}年{_S})?(?P<sm>{N}){_S}月開始){_S}[)）])?", _accounting_year),
    (rf"(?P<y1>{N})(?P<fy1>年度|年)?{_S}(?:{_DASH}|から|(?P<pair>[・、と])){_S}(?P<y2>{N}){_S}(?(pair)両?)(?P<fy2>年度|年)"
     rf"(?:(?P<span>の{_S}(?P<n>{N}){_S}(?:年間|か年|カ年))|{_S}(?:までに|まで|にかけて))?", _year_range),
    # 2020（令和2）年度, 令和8（2026）年度
    (rf"(?P<y>{N}){_S}[(（]{_S}(?:令和|平成|R|H){_S}{N}{_S}[)）]{_S}(?P<fy>年度|年)", _glossed_year),
    (rf"(?P<e>{N}){_S}[(（]{_S}(?P<y>{N}){_S}[)）]{_S}(?P<fy>年度|年)", _glossed_year),
    (rf"(?P<y>{N}){_S}学?年度(?:{_S}の?{_S}(?:{_QUARTER}|(?P<half>{_HALF}))(?P<pend>{_S}末)?|{_S}(?P<season>夏|冬)季?|{_S}(?P<fyend>末))?",
     _fiscal_year),
    (rf"(?P<y>{N}){_S}年代(?:{_S}(?P<dpart>前半|後半|半ば|初頭|初め|末|の?終わり|終盤))?", _decade),
    (rf"(?:(?P<y>{N}){_S}年{_S})?(?P<m1>{N}){_S}(?:月{_S}(?=から|{_DASH}))?(?:{_DASH}|から){_S}(?:(?P<y2>{N}){_S}年{_S})?"
     rf"(?P<m2>{N}){_S}月期?(?!間)(?:{_S}(?:にかけて|まで(?!に)|(?<=月)までに))?", _month_range),
    (rf"(?P<y>{N}){_S}年{_S}(?:の{_S})?(?:(?P<part>{_PART})(?!て){_PART_UNTIL}|{_QUARTER})", _year_part),
    (rf"(?P<y>{N}){_S}年{_S}(?P<m>{N}){_S}月(?!間)(?:{_DAYS}|{_S}(?P<d>{N}){_S}日|{_TENDAY}|(?P<mend>末))?",
     _year_month_day),
    (rf"(?P<y>{N}){_S}(?:年{_NOT_AFTER_YEAR}|暦年)", _year),
    (rf"(?P<y>{N}){_S}年(?=\s?(?:までに|まで|以降|中[にので]|内に|以来|に向け|カーボン\s?ニュートラル|ネット\s?ゼロ|脱炭素))",
     _short_year),   # 50年に向けた, 50年カーボンニュートラル
    (rf"(?P<y>{N})年(?=[はのにをも、]|比(?![率例較])|実績|時点|通期|通年|だけ|早期|初め|初頭|春|夏|秋|冬|頃|ごろ|稼働|開業|着工|竣工|設備投資"
     rf"|と(?:見込|予想|予測|想定|発表|公表)|(?:出荷|生産|納入|受注|販売|調達)分|前後の?(?:竣工|完成|稼働|開業|運転|着工|量産)|\(\s?(?:約)?{N}"
     rf"|が\s?(?:約|およそ|ほぼ)?{N}|から(?!\s?{N}\s?年(?!間)))", _newspaper_year),   # 19年から約3年間, never 20年から30年
    (rf"(?P<m>{N}){_S}月(?!間|期|補正|\s?中間期)(?:{_DAYS}|{_S}(?P<d>{N}){_S}日|{_TENDAY}{_TENDAY_UNTIL}|(?P<mend>末))?",
     _month),   # 二月補正予算: a name; 8月17〜21日, 3月第2週（9日〜13日）: those days
    (rf"(?P<d>{N}){_S}日(?:{_DAY_AFTER}|(?P<stop>(?=。)))", _day),
))


# ---------------------------------------------------------------- orchestration

# Every pattern above has one of these right after its first number: most numbers (100億円)
# are passed over without trying the table.
_MAY_FOLLOW = re.compile(r"\s?(?:[-/年月日暦会学〜～~－–—─−]|から|[(（]\s?(?:令和|平成|[RH0-9])|[・、と](?=\s?[0-9]))")

_YEARS_UP_TO = re.compile(r"の\s?([1-9][0-9]?)\s?(?:年間|か年|カ年|ヵ年)")
# 25年度から5年間, 24年からの2年間, 2028年から20年にわたり
_YEARS_FROM = re.compile(r"\s?(?:の)?\s?([1-9][0-9]?)\s?(?:年間|か年|カ年|ヵ年|年(?=で|\s?に\s?(?:わた|渡)))")
_MONTHS_FROM = re.compile(r"\s?(?:の)?\s?([1-9][0-9]?)\s?(?:カ月|か月|ヶ月|ヵ月)(?:間)?")
_PLAN_YEARS = re.compile(r"\s?(?:を\s?(初年度|最終年度)\s?と(?:する|した)|(?:に|から)始ま(?:った|る))\s?([1-9])\s?"
                         r"(?:カ年|か年|ヵ年|年間|年)")     # (2025年4月に始まった5カ年計画: the five years from it)
_GLOSS = re.compile(_GLOSS_RX)     # 令和12年度(2030年度)までに: the suffix follows a gloss
_DATES_ONLY = re.compile(r"\s?\([\d\s年月日度~〜\-–/.・、]+\)")     # a gloss of dates alone: its numbers are no figures


def _years_from(expr: TimeExpr, end: int, n: int) -> TimeExpr:
    """25年度から5年間で, 26年度以降の3年間, 26年度を初年度とする5カ年: the n years that start with it."""
    return TimeExpr(expr.start, end, expr.time_start, add_years(expr.time_start, n) - timedelta(days=1))


def _years_up_to(expr: TimeExpr, end: int, n: int) -> TimeExpr:
    """2029年3月期までの3年間, 28年度を最終年度とする3カ年: the n years that end with it."""
    return TimeExpr(expr.start, end, add_years(expr.time_end + timedelta(days=1), -n), expr.time_end)


def _apply_suffix(norm: str, expr: TimeExpr, ref: date) -> TimeExpr:
    if (plan := _PLAN_YEARS.match(norm, expr.end)) and expr.time_start and expr.time_end:
        span = _years_up_to if plan.group(1) == "最終年度" else _years_from
        return span(expr, plan.end(), int(plan.group(2)))
    gloss = _GLOSS.match(norm, expr.end)
    m = _SUFFIX_RE.match(norm, gloss.end() if gloss else expr.end)
    if not m:
        return expr
    word = m.group(1)
    end = m.end()
    if word == "時点":                            # 2026年末時点, 昨年末時点: the last day, a stock's date
        if norm[expr.end - 1] == "末" and expr.time_end is not None:
            return TimeExpr(expr.start, expr.end, expr.time_end, expr.time_end)
        return expr
    if word in ("中に", "内に"):
        return TimeExpr(expr.start, end, expr.time_start, expr.time_end, "exact")
    if word in ("までに", "まで", "以前") or word.lstrip("を").startswith(("めど", "目途", "メド")):
        years = _YEARS_UP_TO.match(norm, end) if word == "まで" and expr.time_end else None
        if years:
            return _years_up_to(expr, years.end(), int(years.group(1)))
        return TimeExpr(expr.start, end, None, expr.time_end, "at_most")
    if word in ("以降", "から", "より"):
        years = _YEARS_FROM.match(norm, end) if word in ("から", "以降") and expr.time_start else None
        if years:
            return _years_from(expr, years.end(), int(years.group(1)))
        months = _MONTHS_FROM.match(norm, end) if word == "から" and expr.time_start else None
        if months and 1 <= int(months.group(1)) <= 36:      # 来年1月使用分から3カ月: January..March
            return TimeExpr(expr.start, months.end(), *months_from(expr.time_start, int(months.group(1))))
        return TimeExpr(expr.start, end, expr.time_start, None, "at_least")
    if word == "以来":
        until = ref if expr.time_start and expr.time_start <= ref else None
        return TimeExpr(expr.start, end, expr.time_start, until, "at_least")
    return TimeExpr(expr.start, end, expr.time_start, expr.time_end, "approx")


def _restates(norm: str, expr: TimeExpr, earlier: list[TimeExpr]) -> bool:
    """A period in brackets right after another (2024年度上期（4〜9月）, 27年3月期第1四半期（4〜6月）): a gloss
    of it, which would otherwise be read from the reference date and win as the nearer period."""
    opened = expr.start - 1 - (expr.start >= 2 and norm[expr.start - 1] == " ")
    closed = expr.end + (2 if norm.startswith("累計", expr.end) else 0)     # 4-12月期(第3四半期累計)
    if not (opened >= 1 and norm[opened] in "(（" and norm[closed:closed + 1] in (")", "）")):
        return False
    glossed = next((t for t in earlier if t.end in (opened, opened - 1)), None)
    # タイの2026年度(25年10月〜26年9月): months with their years that say otherwise are the period
    return glossed is not None and ("年" not in norm[expr.start:expr.end]
                                    or (glossed.time_start, glossed.time_end) == (expr.time_start, expr.time_end))


def _mask(norm: str, runs: list[Run]) -> str:
    if not runs:
        return norm
    parts, pos = [], 0
    for r in runs:
        parts.append(norm[pos:r.start])
        parts.append(MASK * (r.end - r.start))
        pos = r.end
    parts.append(norm[pos:])
    return "".join(parts)


def _role(norm: str, expr: TimeExpr) -> str:
    """What the words around a period make it (TimeExpr.role): "" for the period a figure is for."""
    if _ANNOUNCE.match(norm, expr.end):
        return "announce"
    if _BASELINE.match(norm, expr.end) or (_PAST_FROM.search(norm, expr.start, expr.end)
                                           and _CHANGE_AFTER_FROM.match(norm, expr.end)):
        return "baseline"
    if _FOUNDED.match(norm, expr.end) or _FOUNDED_LABEL.search(norm, 0, expr.start):
        return "founded"
    if _PAST_RELATIVE.match(norm, expr.end):
        return "founded"           # 2024年に取得した用地に…100MW: when a thing named was done, not the figure's period
    if _MATURITY_BEFORE.search(norm, max(0, expr.start - 8), expr.start) or _MATURITY_AFTER.match(norm, expr.end):
        return "baseline"          # 償還期限を2031年3月とする5年債: the bond's end, not the date
    if norm.endswith("から", 0, expr.end) and _MOVED_FROM.match(norm, expr.end):
        return "baseline"          # 稼働時期を2027年から28年に延期: the date given up
    if _RATE_DATE.match(norm, expr.end):
        return "baseline"          # 2026年1月15日時点の為替で換算: the day of the rate, not the figure's period
    since = expr.end if norm.endswith("以来", 0, expr.end) else (
        m.end() if (m := _SINCE.match(norm, expr.end)) else 0)
    if since and _COMPARED_SINCE.match(norm, since):
        return "baseline"          # 2024年5月以来の高値, 2008年以来17年ぶり: a comparison, not the figure's period
    return ""


_SINCE = re.compile(r"\s?以来")
_MATURITY_BEFORE = re.compile(r"(?:償還期限|償還日|満期日?|償還)\s?(?:を|は|が|[:：])?\s?$")
_MATURITY_AFTER = re.compile(r"\s?(?:償還|満期)")
_RATE_DATE = re.compile(r"\s?(?:時点|現在)?\s?の?\s?(?:為替|為替レート|レート|為替相場|TTM|仲値)")
# (2016年以来の投資は1兆円 is a total since then: its period stays)
_COMPARED_SINCE = re.compile(r"\s?(?:の(?:高値|安値|高水準|低水準|水準|高さ|低さ|大きさ|円安|円高)"
                             r"|[\d０-９]+\s?(?:年|カ月|か月|ヶ月)ぶり)")


def find_times(norm: str, runs: list[Run], ref: date | None,
               business: BusinessYear | None = None) -> tuple[list[TimeExpr], set[int]]:
    """Time expressions in a sentence and the start offsets of the numeral runs they use.

    `business` (the article's, updated here) resolves a bare 上期 / 通期 / 2Q."""
    business = BusinessYear() if business is None else business
    named: list[tuple[int, date]] = []     # (offset, first day) of each business year this sentence names
    ctx = Ctx(norm, _mask(norm, runs), {r.start: r for r in runs}, ref)
    out: list[TimeExpr] = []
    used: set[int] = set()
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def emit(expr: TimeExpr) -> None:
        used.update(r.start for r in runs if expr.start <= r.start < expr.end)
        if expr.time_start is None and expr.time_end is None:
            return                   # a day with no reference date: not a duration, no row either
        if _restates(norm, expr, out):
            return                   # 2025年上半期（1〜6月）: the months in brackets restate the period before
        gloss = _GLOSS.match(norm, expr.end)
        expr = _apply_suffix(norm, expr, ref or date.today())
        if gloss and gloss.end() <= expr.end and _DATES_ONLY.fullmatch(gloss.group()):
            # 2026年度(26年4月~27年3月)中に: the dates it reached over are no durations
            used.update(r.start for r in runs if gloss.start() <= r.start < gloss.end())
        role = _role(norm, expr)
        if not role and ref and expr.time_end and expr.time_end.year < ref.year + _SHORT_YEAR_WINDOW[0] \
                and _EVENT_IN_YEAR.match(norm, expr.end):
            role = "founded"         # 77年に運転を始めた発電所は出力11万kW: when it began, not the figure's period
        if role:
            expr = TimeExpr(expr.start, expr.end, expr.time_start, expr.time_end, expr.qualifier, role)
        out.append(expr)
        taken.append((expr.start, expr.end))

    if handbook := _HANDBOOK_PERIOD.match(norm):        # 連24.3, 中25.9, 会26.3予: a handbook's period code
        emit(_handbook_period(handbook))
    elif dated := _DATED_LINE.match(norm):               # 2024.07 契約を締結: a chronology's month
        emit(TimeExpr(dated.start("y"), dated.end(), *month_span(int(dated["y"]), int(dated["m"]))))
    for span in _CODE_SPAN.finditer(norm) if "." in norm else ():   # 2026.4-2027.3, (25.04-09): a table's period
        if free(span.start(), span.end()) and (period := _code_span(span)) is not None:
            emit(TimeExpr(span.start(), span.end(), *period))
    has_code = "期" in norm and "." in norm or "FY" in norm
    for code in _PERIOD_CODE.finditer(norm) if has_code else ():      # 26.12期, FY2026/3
        y = int(code["y"]) + (2000 if len(code["y"]) == 2 else 0)
        if free(code.start(), code.end()):
            emit(TimeExpr(code.start(), code.end(), *months_to(y, int(code["m"]), 12)))
    for named_year in _CALENDAR_YEAR.finditer(norm) if "CY" in norm or "カレンダー" in norm else ():
        if free(named_year.start(), named_year.end()):          # CY2027, カレンダーイヤー2027: January..December
            emit(TimeExpr(named_year.start(), named_year.end(), *year_span(int(named_year[1]), False)))
    ctx.business = business.first
    for run in runs:
        if (run.start in used or not run.is_int or not free(run.start, run.end)
                or not _MAY_FOLLOW.match(norm, run.end)):
            continue
        for pattern in PATTERNS:
            m = pattern.regex.match(ctx.masked, run.start)
            if m is None:
                continue
            expr = pattern.parse(ctx, m)
            if expr is not None and free(expr.start, expr.end):
                emit(expr)
                if (first := _business_year_first(ctx, m, pattern.parse)) is not None:
                    named.append((expr.start, expr.end, first))
                    ctx.business = first
                break

    bare_parts = _BARE_PART_RE.finditer(norm) if "期" in norm or "Q" in norm else ()
    for m in bare_parts:                                     # 上期, 通期, 2Q, 前期 of the year in play
        if free(m.start(), m.end()) and (period := _bare_part(m, named, business.first, ref)) is not None:
            emit(TimeExpr(m.start(), m.end(), *period))
    business.first = _year_in_play(norm, named, business.first, ref)

    if ref:
        for m in _FISCAL_RELATIVE_RE.finditer(norm):          # 今年度中に, 来年度上期, 今年度末
            if m.group(1) == "翌年度" and (_earlier(out, m.start()) or norm.endswith("翌", 0, m.start())):
                continue                 # 2026年度に着工し、翌年度中に: the year after that one (below)
            if free(m.start(), m.end()):
                before = _earlier([t for t in out if not t.role], m.start()) \
                    if m.group(1) == "前年度" and not m.group("fyend") else None
                # 2027年度予算案は…、前年度当初の…: 2026年度 (after a fiscal year, the one before it)
                if before is not None and before.time_start and before.time_start.month == 4 \
                        and whole_months(before.time_start, before.time_end) == 12:
                    emit(TimeExpr(m.start(), m.end(), *_same_year(before, True, -1)))
                else:
                    emit(TimeExpr(m.start(), m.end(), *_relative_fiscal(m, ref)))
        for m in _SEASON_RE.finditer(norm):                    # 来春, 今夏, 今冬
            if free(m.start(), m.end()):
                shift = _SEASON_YEAR[m.group(1)]
                if m.group(2) == "冬" and shift == 0 and 3 <= ref.month <= 9 and _PAST_END.search(norm):
                    shift = -1                     # この冬は…だった, written in the summer: the winter just gone
                emit(TimeExpr(m.start(), m.end(), *_season(ref, shift, m.group(2))))
        for m in _ERA_FIRST_YEAR.finditer(norm) if "元" in norm else ():     # 令和元年度: its first year
            if free(m.start(), m.end()):
                emit(TimeExpr(m.start(), m.end(), *year_span(_ERA[m.group(1)] + 1, m.group(2) == "年度")))
        for m in _BARE_YEAR_END_RE.finditer(norm) if "年末" in norm else ():
            if free(m.start(), m.end()):
                past = ref.month <= 2 and _PAST_END.search(norm)     # 年末の残高は…だった, written in January
                emit(TimeExpr(m.start(), m.end(), *_part_of_year(ref.year - (1 if past else 0), "末")))
        for m in _BARE_FY_END_RE.finditer(norm) if "末" in norm else ():   # 年度末までに, 今期末の残高
            if free(m.start(), m.end()):
                last = date(fiscal_year_of(ref) + 1 + (_REL_PERIOD[m.group("rel")] if m.group("rel") else 0), 3, 31)
                named = _earlier(out, m.start()) if m.group("rel") == "前期" else None
                if named is not None and named.time_start is not None and named.time_start == named.time_end:
                    last = add_years(named.time_end, -1)     # 2025年12月期末の…、前期末の: a year before that day
                emit(TimeExpr(m.start(), m.end(), last, last))
        for m in _THIS_MONTH_RE.finditer(norm) if "月内" in norm else ():
            if free(m.start(), m.end()):
                emit(TimeExpr(m.start(), m.end(), *month_span(ref.year, ref.month)))
        for m in _WITHIN_RE.finditer(norm):                    # 年内に, 年度内に
            if free(m.start(), m.end()):
                first = date(fiscal_year_of(ref), 4, 1) if m.group(1) == "年度内" else date(ref.year, 1, 1)
                emit(TimeExpr(m.start(), m.end(), *months_from(first, 12)))
        for m in RELATIVE_RE.finditer(norm):
            if not free(m.start(), m.end()):
                continue
            if _MONTH_AFTER.match(norm, m.end()):
                continue          # 昨年11月 is handled with its month (今年3億ドル is not a month)
            named = _earlier(out, m.start()) if m.group() == "前年" else None
            if named is not None:                     # 2025年の売上は…、前年は: the year before that one
                emit(TimeExpr(m.start(), m.end(), *_same_year(named, False, -1)))
            else:
                emit(_relative(m, ref))
    for p in english_periods(norm, ref) if has_english_period(norm) else ():   # Q3 2026, the first half of fiscal 2026
        if free(p.start, p.end):
            emit(TimeExpr(p.start, p.end, p.time_start, p.time_end, p.qualifier))
    _pointing_back(norm, out, free, emit)
    out.sort(key=lambda t: t.start)
    return _join_spans(norm, out), used


def _pointing_back(norm: str, out: list[TimeExpr], free, emit) -> None:
    """Periods a word names by pointing back at the last one written before it in the sentence (_POINTING_BACK)."""
    if not out:
        return
    for rx, gate, resolve in _POINTING_BACK:
        for m in rx.finditer(norm) if gate in norm else ():
            earlier = _earlier(out, m.start())
            if earlier is not None and free(m.start(), m.end()) and (period := resolve(earlier, m)) is not None:
                emit(TimeExpr(m.start(), m.end(), *period))


def _is_next(t: TimeExpr, m: re.Match) -> bool:
    """The period before a 翌々年度 is itself a 翌年度 (23年度…、翌年度は…、翌々年度は): one more year on."""
    return m.string.startswith("翌", t.start) and not m.string.startswith("翌々", t.start)


def _that_year(t: TimeExpr, m: re.Match) -> tuple[date, date]:
    year = _same_year(t, m.group(1) == "年度")
    if not m.group("half"):
        return year
    return months_from(add_months(year[0], 6 * _HALVES[m.group("half")]), 6)


def _month_before(t: TimeExpr, m: re.Match) -> tuple[date, date] | None:
    """前年同月: the same month a year before; 前月: the month before (of a month named earlier)."""
    if whole_months(t.time_start, t.time_end) != 1:
        return None
    first = add_months(t.time_start, -12 if m.group().startswith("前年") else -1)
    return month_span(first.year, first.month)


def _whole_year(t: TimeExpr, m: re.Match) -> tuple[date, date] | None:
    """通年 after a part of a year (1〜11月): the calendar year it is part of; after a whole year, nothing new."""
    if t.time_start and t.time_end and add_months(t.time_start, 12) > t.time_end + timedelta(days=1):
        return _same_year(t, False)
    return None


def _first_year(t: TimeExpr, m: re.Match) -> tuple[date, date] | None:
    """初年度 of a plan or levy that starts with a period named before: its first twelve months."""
    return months_from(t.time_start, 12) if t.time_start else None


def _quarter_before(t: TimeExpr, m: re.Match) -> tuple[date, date] | None:
    if t.time_start and t.time_end and add_months(t.time_start, 3) == t.time_end + timedelta(days=1):
        return months_from(add_months(t.time_start, -3), 3)
    return None


def _month_after(t: TimeExpr, m: re.Match) -> tuple[date, date] | None:
    if t.time_end is None:
        return None
    first = add_months(t.time_end.replace(day=1), 1)
    return month_span(first.year, first.month)


def _years_after_start(t: TimeExpr, m: re.Match) -> tuple[date, date] | None:
    if t.time_start is None or t.time_end is not None:
        return None
    span = _years_from(t, m.end(), int(m.group(1)))
    return span.time_start, span.time_end


_SAME_YEAR = re.compile(r"同(年度|年)(?:の?(?P<half>上半期|下半期|上期|下期|前半|後半))?(?!比|間|同期|\d)")
_NEXT_YEAR = re.compile(r"(?:その)?翌(?P<twice>々|翌)?(年度|年)"
                        r"(?!比|間|同期|\d|\s?[0-9０-９一二三四五六七八九十]+\s?月|の?[春夏秋冬])")   # (not 翌年3月)


_NEXT_MONTH = re.compile(r"(?:その)?翌月(?![\d末])")
_PREVIOUS_QUARTER = re.compile(r"前四半期(?!比)")
_THOSE_YEARS = re.compile(r"その\s?([1-9][0-9]?)\s?(?:年間|カ年|か年|ヵ年)")
_FOLLOWING_FISCAL = re.compile(r"次年度(?!比|間)")


def _year_after_named(t: TimeExpr, m: re.Match) -> tuple[date, date] | None:
    """次年度 after a fiscal year the sentence names: the one after it. Alone, 次年度 is left undated: a report
    written after its year's end (2025年度 実施状況報告書, published in May 2026) means its own next year, not the
    one after the publication date's."""
    named = m.string[t.start:t.end]
    if "年度" not in named or "次年度" in named:
        return None                       # 次年度に延期し、次年度使用額: the same year again
    return _same_year(t, True, 1)
_MONTH_BEFORE = re.compile(r"前年同月(?!比)|(?<![今先来翌])前月(?!比)")
_WHOLE_YEAR = re.compile(r"通年(?!比|化|で(?:の)?営業|営業|型|採用)")
_FIRST_YEAR = re.compile(r"初年度(?!\s?と(?:する|した|し))")
# (word, a substring it must hold, the period it names given the one before it)
_POINTING_BACK = (
    (_ANAPHORIC_DEADLINE, "それまで",                    # 27年を予定し、それまでに…: by then
     lambda t, m: (None, t.time_end, "at_most") if t.time_end else None),
    (_SAME_YEAR, "同年", _that_year),                    # 2035年までの戦略で、同年に約5GW; 同年下期には
    (_NEXT_YEAR, "翌",                                   # 2027年に着工し、翌年に運転を始める; 翌々年度
     lambda t, m: _same_year(t, m.group(2) == "年度", 1 if not m.group("twice") or _is_next(t, m) else 2)),
    (_FOLLOWING_FISCAL, "次年度", _year_after_named),     # 2026年度に着工し、次年度に: FY2027
    (_PREVIOUS_QUARTER, "前四半期", _quarter_before),     # 7〜9月期…、前四半期は: April..June
    (_THOSE_YEARS, "その", _years_after_start),          # 27年度からの新中計では、その3年間に…
    (_NEXT_MONTH, "翌月", _month_after),                  # 3月に発表し、翌月から…: the month after
    (_MONTH_BEFORE, "前", _month_before),                 # 2025年11月の需要は…、前年同月は / 前月の
    (_FIRST_YEAR, "初年度", _first_year),                 # 2028年度から導入され、初年度の徴収額は
    (_WHOLE_YEAR, "通年", _whole_year),                    # 1〜11月の輸出は…、通年では: that calendar year
)


def _earlier(times: list[TimeExpr], before: int) -> TimeExpr | None:
    """The last period written before offset `before` that a 同年 or 翌年 may refer to (not a founding year)."""
    earlier = [t for t in times if t.end <= before and (t.time_end or t.time_start) and t.role != "founded"]
    return max(earlier, key=lambda t: t.end) if earlier else None


def _same_year(t: TimeExpr, fiscal: bool, later: int = 0) -> tuple[date, date]:
    """The (fiscal) year of an earlier period in the sentence, for 同年 / 同年度, or `later` years after it (翌年)."""
    if fiscal and whole_months(t.time_start, t.time_end) == 12:      # 米国の26会計年度…、同年度中に
        return add_years(t.time_start, later), add_years(t.time_end + timedelta(days=1), later) - timedelta(days=1)
    d = t.time_end or t.time_start
    return year_span((fiscal_year_of(d) if fiscal else d.year) + later, fiscal)


_UNTIL = re.compile(r"\s?(?:にかけて|まで(?!に))")


def _join_spans(norm: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """2026年後半から29年末にかけて: a period from one expression to the next is one span."""
    out: list[TimeExpr] = []
    for t in times:
        prev = out[-1] if out else None
        if prev is not None and prev.time_start and t.time_end and t.time_end < prev.time_start \
                and "年" not in norm[t.start:t.end] and norm[prev.end - 2:prev.end] == "から":
            t = _in_the_year_of(t, prev.time_start)      # 2026年4月1日から9月30日まで: the end's year is the start's
        until = _UNTIL.match(norm, t.end)
        closed = norm.endswith(("まで", "までに"), t.start, t.end)           # 令和11年度まで(に)
        end = until.end() if until else t.end if closed else None
        if (end is not None and prev is not None and prev.qualifier == "at_least" and prev.time_end is None
                and norm[prev.end:t.start].strip() == "" and t.time_end is not None
                and norm[prev.end - 2:prev.end] == "から"
                and prev.time_start is not None and prev.time_start <= t.time_end):
            out[-1] = TimeExpr(prev.start, end, prev.time_start, t.time_end)
        elif (prev is not None and prev.time_start and t.time_end and prev.time_start <= t.time_end
              and (norm.endswith("自", 0, prev.start) and _FROM_TO.fullmatch(norm, prev.end, t.start)
                   or _BEGAN_UNTIL.fullmatch(norm, prev.end, t.start) and closed)):
            out[-1] = TimeExpr(prev.start, t.end, prev.time_start, t.time_end)   # 自2024年7月1日 至2025年6月30日
        elif (prev is not None and _DASH_BETWEEN.fullmatch(norm, prev.end, t.start) and prev.time_start
                and t.time_end and prev.qualifier == t.qualifier == "exact" and prev.time_start <= t.time_end):
            out[-1] = TimeExpr(prev.start, t.end, prev.time_start, t.time_end)   # 2025年11月17日~2026年3月31日
        else:
            out.append(t)
    return out


_DASH_BETWEEN = re.compile(rf"\s?{_DASH}\s?")
_FROM_TO = re.compile(r"\s?至\s?")                                   # 有価証券報告書: 自…至…
_BEGAN_UNTIL = re.compile(r"\s?に始ま(?:り|って)[、,]?\s?")             # 2026年1月に始まり、2030年12月まで


def _in_the_year_of(t: TimeExpr, first: date) -> TimeExpr:
    """A date written without its year, moved to the first year in which it ends on or after `first`."""
    shift = first.year - t.time_end.year + (1 if t.time_end.replace(year=first.year) < first else 0)
    return TimeExpr(t.start, t.end, t.time_start and add_years(t.time_start, shift), add_years(t.time_end, shift),
                    t.qualifier, t.role)


def _relative_fiscal(m: re.Match, ref: date) -> tuple[date, date]:
    """今年度, 来年度上期, 前年度末: Japan's fiscal year; 今会計年度: a named company's own, the US government's in
    US news, else Japan's."""
    month = 4
    if "会計" in m.group(1):
        month = _company_first_month(m.string, m.start()) or (10 if _US.search(m.string) else 4)
    first = date(fiscal_year_of(ref, month) + _FISCAL_RELATIVE[m.group(1)], month, 1)
    if m.group("fyend"):                             # 今年度末, 前年度末: that fiscal year's last day
        last = add_months(first, 12) - timedelta(days=1)
        return last, last
    q = m.group("q") or m.group("q2")
    return _part_of_twelve(first, q and (_KANJI_DIGIT.get(q) or int(q)), m.group("half"))


_RELATIVE_QUARTER = re.compile(r"の?\s?第\s?([1-4一二三四])\s?四半期")
_RELATIVE_PART = re.compile(rf"の?\s?(?P<part>{_PART})(?!て){_PART_UNTIL}")


def _relative(m: re.Match, ref: date) -> TimeExpr:
    word = m.group()
    s, e = m.start(), m.end()
    part = _RELATIVE_PART.match(m.string, e) if word in _YEAR_PREFIX else None
    quarter = _RELATIVE_QUARTER.match(m.string, e) if word in _YEAR_PREFIX else None
    if quarter:                                           # 今年第1四半期: a calendar quarter of that year
        q = _KANJI_DIGIT.get(quarter.group(1)) or int(quarter.group(1))
        return TimeExpr(s, quarter.end(), *months_from(date(ref.year + _YEAR_PREFIX[word], 3 * q - 2, 1), 3))
    if part:                                              # 今年末, 来年前半, 来年の春
        return TimeExpr(s, part.end(), *_part_of_year(ref.year + _YEAR_PREFIX[word], part.group("part"),
                                                      part.group("part2")))
    if word in ("本日", "今日"):
        return TimeExpr(s, e, ref, ref)
    if word in ("昨日", "一昨日", "明日"):
        d = ref + timedelta(days={"昨日": -1, "一昨日": -2, "明日": 1}[word])
        return TimeExpr(s, e, d, d)
    if word in _YEAR_PREFIX:
        y = ref.year + _YEAR_PREFIX[word]
        return TimeExpr(s, e, date(y, 1, 1), date(y, 12, 31))
    if word.endswith("週"):
        weeks = {"今週": 0, "先週": -1, "前週": -1, "来週": 1}[word]
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=weeks)
        return TimeExpr(s, e, monday, monday + timedelta(days=6))
    first = add_months(ref.replace(day=1), {"今月": 0, "先月": -1, "来月": 1, "先々月": -2}[word])
    last = month_span(first.year, first.month)[1]
    if m.string.startswith("末", e):                      # 今月末までに: that month's last day
        return TimeExpr(s, e + 1, last, last)
    if tenday := _TENDAY_AFTER.match(m.string, e):         # 来月上旬までに: its first ten days
        low, high = _TEN_DAYS[tenday.group(1)]
        return TimeExpr(s, tenday.end(), first.replace(day=low), first.replace(day=min(high, last.day)))
    return TimeExpr(s, e, first, last)


_TENDAY_AFTER = re.compile(r"の?\s?(" + "|".join(_TEN_DAYS) + ")")

"""Time expressions: years, fiscal years, halves, months, days, relative words.

Each expression resolves to a period [time_start, time_end] against the
article's reference date (the day its "today" means):
  2030年 -> 2030-01-01..2030-12-31      2030年度 -> 2030-04-01..2031-03-31
  2026年後半 -> 2026-07-01..2026-12-31   昨年11月 (ref 2024) -> 2023-11-01..2023-11-30
  Xまでに -> start empty, end = end of X  X以降 -> start of X, end empty
Durations anchored to "now" (今後4年間, 3年以内) are resolved in extract.py.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .numerals import Run


@dataclass(frozen=True, slots=True)
class TimeExpr:
    start: int            # offsets in the sentence
    end: int
    time_start: date | None
    time_end: date | None
    qualifier: str = "exact"


def add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:          # 29 Feb
        return d.replace(year=d.year + n, day=28)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


_PARTS = {  # part of a year -> (first month, last month)
    "前半": (1, 6), "上半期": (1, 6), "後半": (7, 12), "下半期": (7, 12),
    "初め": (1, 3), "初頭": (1, 3), "半ば": (4, 9), "末": (10, 12), "終わり": (10, 12),
    "第1四半期": (1, 3), "第2四半期": (4, 6), "第3四半期": (7, 9), "第4四半期": (10, 12),
}
_PART_RE = re.compile(r"(前半|上半期|後半|下半期|初め|初頭|半ば|末|終わり|第[1-4]四半期)")
_YEAR_PREFIX = {"昨年": -1, "去年": -1, "今年": 0, "本年": 0, "来年": 1, "翌年": 1, "再来年": 2, "一昨年": -2}
_PREFIX_RE = re.compile(r"(一昨年|昨年|去年|今年|本年|再来年|来年|翌年)の?\s?$")
_SUFFIX_RE = re.compile(r"\s?(までに|まで|以前|以降|から|より|以来|頃|ごろ|中に|内に)")
RELATIVE_RE = re.compile(
    r"(本日|今日(?!では|の|まで|こ)|一昨日|昨日|明日|一昨年|昨年|去年|今年|本年|再来年|来年|"
    r"今週|先週|来週|今月|先月|来月)")
_BARE_DAY = re.compile(r"日(?=[にのは、,]|付|まで|から)")
_ISO_RE = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")


def _apply_suffix(norm: str, expr: TimeExpr, ref: date) -> TimeExpr:
    m = _SUFFIX_RE.match(norm, expr.end)
    if not m:
        return expr
    word = m.group(1)
    end = m.end()
    if word in ("までに", "まで", "以前", "中に", "内に"):
        if word in ("中に", "内に"):
            return TimeExpr(expr.start, end, expr.time_start, expr.time_end, "exact")
        return TimeExpr(expr.start, end, None, expr.time_end, "at_most")
    if word in ("以降", "から", "より"):
        return TimeExpr(expr.start, end, expr.time_start, None, "at_least")
    if word == "以来":
        until = ref if expr.time_start and expr.time_start <= ref else None
        return TimeExpr(expr.start, end, expr.time_start, until, "at_least")
    return TimeExpr(expr.start, end, expr.time_start, expr.time_end, "approx")


def _run_at(runs: list[Run], pos: int) -> Run | None:
    for r in runs:
        if r.start == pos and r.is_int:
            return r
    return None


def find_times(norm: str, runs: list[Run], ref: date | None) -> tuple[list[TimeExpr], set[int]]:
    """Time expressions in a sentence and the start offsets of the numeral runs they use."""
    out: list[TimeExpr] = []
    used: set[int] = set()
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def emit(expr: TimeExpr, runs_used: list[Run]) -> None:
        expr = _apply_suffix(norm, expr, ref or date.today())
        out.append(expr)
        taken.append((expr.start, expr.end))
        used.update(r.start for r in runs_used)

    for m in _ISO_RE.finditer(norm):
        y, mo, d = (int(g) for g in m.groups())
        try:
            day = date(y, mo, d)
        except ValueError:
            continue
        emit(TimeExpr(m.start(), m.end(), day, day), [r for r in runs if m.start() <= r.start < m.end()])

    for run in runs:
        if run.start in used or not run.is_int or not free(run.start, run.end):
            continue
        v = int(run.value)
        after = norm[run.end:]
        if 1900 <= v <= 2100:
            m = re.match(r"\s?年度", after)
            if m:
                emit(TimeExpr(run.start, run.end + m.end(), date(v, 4, 1), date(v + 1, 3, 31)), [run])
                continue
            m = re.match(r"\s?年(?!間|以内|前(?!半)|後(?!半)|ぶり|代)", after)
            if m:
                end = run.end + m.end()
                part = _PART_RE.match(norm, end)
                month = _run_at(runs, end)
                if part:
                    first, last = _PARTS[part.group()]
                    emit(TimeExpr(run.start, part.end(), date(v, first, 1), month_span(v, last)[1]), [run])
                elif month and 1 <= month.value <= 12 and norm.startswith("月", month.end):
                    emit(*_month_day(norm, runs, run.start, v, int(month.value), month.end + 1, [run, month]))
                else:
                    emit(TimeExpr(run.start, end, date(v, 1, 1), date(v, 12, 31)), [run])
                continue
        if 1 <= v <= 12 and after.startswith("月") and not after.startswith("月間"):
            pm = _PREFIX_RE.search(norm, 0, run.start)
            if pm and pm.end() == run.start and ref:
                year, start = ref.year + _YEAR_PREFIX[pm.group(1)], pm.start()
            elif ref:
                year = ref.year if v <= ref.month else ref.year - 1   # a bare month: the latest past one
                start = run.start
            else:
                continue
            emit(*_month_day(norm, runs, start, year, v, run.end + 1, [run]))
            continue

        if 1 <= v <= 31 and ref and _BARE_DAY.match(after) and not re.search(r"[月\d]\s?$", norm[:run.start]):
            # 北辰テレコムは十五日、…: a day of the reference month (the latest past one)
            month = ref if v <= ref.day else add_months(ref.replace(day=1), -1)
            try:
                d = date(month.year, month.month, v)
            except ValueError:
                continue
            emit(TimeExpr(run.start, run.end + 1, d, d), [run])

    if ref:
        for m in RELATIVE_RE.finditer(norm):
            if not free(m.start(), m.end()):
                continue
            if _run_at(runs, m.end()) or re.match(r"の?\s?\d", norm[m.end():]):
                continue          # 昨年11月 is handled with its month
            emit(_relative(m, ref), [])
    out.sort(key=lambda t: t.start)
    return out, used


def _month_day(norm, runs, start, year, month, pos, used):
    day = _run_at(runs, pos)
    if day and 1 <= day.value <= 31 and norm.startswith("日", day.end):
        try:
            d = date(year, month, int(day.value))
            return TimeExpr(start, day.end + 1, d, d), used + [day]
        except ValueError:
            pass
    first, last = month_span(year, month)
    return TimeExpr(start, pos, first, last), used


def _relative(m: re.Match, ref: date) -> TimeExpr:
    word = m.group()
    s, e = m.start(), m.end()
    if word in ("本日", "今日"):
        return TimeExpr(s, e, ref, ref)
    if word in ("昨日", "一昨日", "明日"):
        d = ref + timedelta(days={"昨日": -1, "一昨日": -2, "明日": 1}[word])
        return TimeExpr(s, e, d, d)
    if word in _YEAR_PREFIX:
        y = ref.year + _YEAR_PREFIX[word]
        return TimeExpr(s, e, date(y, 1, 1), date(y, 12, 31))
    if word.endswith("週"):
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks={"今週": 0, "先週": -1, "来週": 1}[word])
        return TimeExpr(s, e, monday, monday + timedelta(days=6))
    first = add_months(ref.replace(day=1), {"今月": 0, "先月": -1, "来月": 1}[word])
    return TimeExpr(s, e, *month_span(first.year, first.month))

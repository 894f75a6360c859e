"""English period expressions in Japanese pages (wire copy, bilingual releases, translated reports): a table
of patterns with their parse functions, like timex's, each giving the period a phrase names.

  Q3 2026, 3Q 2026, H1 2026           calendar quarters and halves
  the second quarter of 2026          the same, in words; of fiscal 2026: counted from April 2026
  the first half of fiscal 2026       April..September 2026
  early / mid- / late 2027            the first half / April..September / the second half
  fiscal 2025                         April 2025..March 2026 (the Japanese fiscal year; FY2025 is left alone)
  calendar 2027, in 2028              the calendar year
  the year ending March 2027          the twelve months ending then
  the April-June quarter              those months, of the latest year they have begun by the reference date
  by 2030, by the end of fiscal 2027, by December 2028     deadlines (no start)
  between 2026 and 2030               a span
  the three years through fiscal 2028, over the next five years     n years up to a year / from the reference date
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .calendar_math import add_months, add_years, month_span, months_from, months_to, year_span

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
MONTH_NUMBER = {**{m: i for i, m in enumerate(_MONTHS, 1)}, **{m[:3]: i for i, m in enumerate(_MONTHS, 1)},
                "sept": 9}
_MONTH = r"(?:" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_COUNT = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10}
_Y = r"(?:19|20)\d\d(?![0-9])"
# fiscal 2026: April 2026..March 2027 (as the copy of Japanese companies counts it). FY2026 is left alone: some
# companies name the year by its start, others by its end (tests/fixtures/probes/README.md).
_CAL = r"(?:(?P<cal>fiscal(?:\syear)?|calendar(?:\syear)?)\s?)?"


@dataclass(frozen=True)
class EnglishPeriod:
    start: int
    end: int
    time_start: date | None
    time_end: date | None
    qualifier: str = "exact"


def _year(m: re.Match, group: str = "y") -> tuple[date, date]:
    """The year a match names: fiscal (April..March) when `fiscal` is written, else the calendar year."""
    y = int(m.group(group))
    cal = (m.groupdict().get("cal") or "").lower()
    return year_span(y, cal.startswith("fiscal"))


def _part(first: date, nth: int, months: int) -> tuple[date, date]:
    return months_from(add_months(first, months * (nth - 1)), months)


def _code(m, ref):
    """Q3 2026, 3Q 2026, H1 2026, 1H 2026."""
    first = _year(m)[0]
    if q := m.group("q") or m.group("q2"):
        return _part(first, int(q), 3)
    return _part(first, int(m.group("h") or m.group("h2")), 6)


def _nth_part(m, ref):
    """the second quarter of 2026, the first half of fiscal 2026."""
    return _part(_year(m)[0], _NTH[m.group("nth").lower()], 3 if m.group("part").lower() == "quarter" else 6)


_WHEN = {"early": (0, 6), "mid": (3, 6), "late": (6, 6)}


def _when(m, ref):
    """early 2027 (January..June), mid-2027 (April..September), late 2027 (July..December)."""
    skip, months = _WHEN[m.group("when").lower()]
    return months_from(add_months(_year(m)[0], skip), months)


def _named_year(m, ref):
    return _year(m)


def _year_ending(m, ref):
    """the year ending March 2027: April 2026..March 2027."""
    return months_to(int(m.group("y")), MONTH_NUMBER[m.group("month").lower().rstrip(".")], 12)


def _quarter_of_months(m, ref):
    """the April-June quarter (of 2026): a bare one is the latest such begun by the reference date."""
    m1, m2 = (MONTH_NUMBER[m.group(g).lower().rstrip(".")] for g in ("m1", "m2"))
    if m.group("y"):
        y = int(m.group("y"))
    elif ref is not None:
        y = ref.year if m1 <= ref.month else ref.year - 1
    else:
        return None
    return date(y, m1, 1), month_span(y if m2 >= m1 else y + 1, m2)[1]


def _between(m, ref):
    return _year(m, "y")[0], _year(m, "y2")[1]


def _deadline(m, ref):
    """by 2030, by the end of fiscal 2027, by December 2028."""
    if m.group("month"):
        return None, month_span(int(m.group("y")), MONTH_NUMBER[m.group("month").lower().rstrip(".")])[1]
    return None, _year(m)[1]


def _years_through(m, ref):
    """the three years through fiscal 2028: April 2026..March 2029."""
    n = _count(m.group("n"))
    last = _year(m)[1]
    return (add_years(last + timedelta(days=1), -n), last) if n else None


def _next_years(m, ref):
    """over the next five years: from the reference date."""
    n = _count(m.group("n"))
    return (ref, add_years(ref, n)) if n and ref is not None else None


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() and 0 < int(word) <= 50 else _COUNT.get(word)


_NOT_AFTER = r"(?![0-9s])"          # not 2030s, not a longer number
_TABLE: tuple[tuple[str, Callable, str], ...] = (
    (rf"(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q|H(?P<h>[12])|(?P<h2>[12])H)\s?{_CAL}(?P<y>{_Y})", _code, "exact"),
    (rf"(?:the\s)?(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)[\s-](?P<part>half|quarter)\sof\s(?:the\s)?"
     rf"{_CAL}(?P<y>{_Y})", _nth_part, "exact"),
    (rf"(?:the\s)?(?P<n>\w+)\syears\s(?:through|to|ending(?:\sin)?)\s{_CAL}(?P<y>{_Y}){_NOT_AFTER}", _years_through,
     "exact"),
    (r"(?:over\s|in\s|during\s)?the\s(?:next|coming)\s(?P<n>\w+)\syears", _next_years, "exact"),
    (rf"(?:the\s)?(?:fiscal\s|financial\s)?year\s(?:ending|ended|to)\s(?P<month>{_MONTH})\s(?P<y>{_Y})", _year_ending,
     "exact"),
    (rf"(?:the\s)?(?P<m1>{_MONTH})\s?[-–~]\s?(?P<m2>{_MONTH})\squarter(?:\sof\s(?P<y>{_Y}))?", _quarter_of_months,
     "exact"),
    (rf"between\s{_CAL}(?P<y>{_Y})\sand\s(?:{_CAL.replace('cal', 'cal2')})?(?P<y2>{_Y}){_NOT_AFTER}", _between,
     "exact"),
    (rf"by\s(?:the\s)?(?:end\sof\s)?(?:(?P<month>{_MONTH})\s)?{_CAL}(?P<y>{_Y}){_NOT_AFTER}", _deadline, "at_most"),
    (rf"(?P<when>early|mid|late)[-\s]{_CAL}(?P<y>{_Y}){_NOT_AFTER}", _when, "exact"),
    (rf"(?P<cal>fiscal(?:\syear)?|calendar(?:\syear)?)\s?(?P<y>{_Y}){_NOT_AFTER}", _named_year, "exact"),
    (rf"(?:in|during|for)\s(?:the\syear\s)?(?P<y>{_Y}){_NOT_AFTER}", _named_year, "exact"),
)
_PATTERNS = tuple((re.compile(rf"(?<![A-Za-z0-9]){rx}", re.IGNORECASE), parse, q) for rx, parse, q in _TABLE)


# Every pattern holds two English words in a row or a period code: Japanese sentences (OpenAIは2026年に5GW) are
# passed over at once.
_CUES = re.compile(r"[A-Za-z] [a-z0-9]|[QH][1-4]|[1-4][QH]")


_YEARISH = re.compile(r"(?:19|20)\d\d|quarter|years|half", re.IGNORECASE)


def has_english_period(text: str) -> bool:
    """A cheap test every sentence passes through first: English words, and a year or a period word."""
    return " " in text and _CUES.search(text) is not None and _YEARISH.search(text) is not None


def english_periods(text: str, ref: date | None) -> list[EnglishPeriod]:
    """Each English period phrase of the text, earliest first; where phrases overlap, the one whose pattern
    comes first in the table (the more specific) wins."""
    taken: list[tuple[int, int]] = []
    found: list[EnglishPeriod] = []
    for rx, parse, qualifier in _PATTERNS:
        for m in rx.finditer(text):
            if any(m.start() < b and m.end() > a for a, b in taken):
                continue
            period = parse(m, ref)
            if period is not None:
                taken.append((m.start(), m.end()))
                found.append(EnglishPeriod(m.start(), m.end(), *period, qualifier))
    return sorted(found, key=lambda p: p.start)

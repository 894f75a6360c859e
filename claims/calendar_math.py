"""Date arithmetic for periods: whole years and months, month spans, the Japanese fiscal year."""
from __future__ import annotations

import calendar
from datetime import date, timedelta


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


def months_from(first: date, n: int) -> tuple[date, date]:
    """n whole months starting with the month of `first`."""
    return first, add_months(first, n) - timedelta(days=1)


def months_to(year: int, month: int, n: int) -> tuple[date, date]:
    """n whole months ending with the month `month` of `year` (2024年6月期: the twelve ending June 2024)."""
    return months_from(add_months(date(year, month, 1), 1 - n), n)


def whole_months(first: date | None, last: date | None) -> int | None:
    """How many whole months first..last covers (a month's first day to a month's last), or None."""
    if first is None or last is None or first.day != 1:
        return None
    after = last + timedelta(days=1)
    if after.day != 1:
        return None
    n = (after.year - first.year) * 12 + after.month - first.month
    return n if n > 0 else None


def year_span(year: int, fiscal: bool) -> tuple[date, date]:
    """A Japanese fiscal year (April..March) or a calendar year."""
    return (date(year, 4, 1), date(year + 1, 3, 31)) if fiscal else (date(year, 1, 1), date(year, 12, 31))


def fiscal_year_of(d: date, first_month: int = 4) -> int:
    """The calendar year in which the fiscal year holding `d` starts (Japan's runs April..March)."""
    return d.year if d.month >= first_month else d.year - 1

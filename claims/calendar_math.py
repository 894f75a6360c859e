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


def fiscal_year_of(d: date) -> int:
    """The Japanese fiscal year (April..March) a day falls in."""
    return d.year if d.month >= 4 else d.year - 1

"""Time expressions resolve against the article's reference date."""
from datetime import date

import pytest

from claims.extract import extract_sentence

REF = date(2024, 9, 23)


def period(text, ref=REF):
    res = extract_sentence(text, ref)
    t = res.dates[0] if res.dates else res.quantities[0].time
    return t.time_start, t.time_end


@pytest.mark.parametrize("text,expected", [
    ("2030年に", (date(2030, 1, 1), date(2030, 12, 31))),
    ("2030年までに", (None, date(2030, 12, 31))),
    ("2026年後半", (date(2026, 7, 1), date(2026, 12, 31))),
    ("2027年前半", (date(2027, 1, 1), date(2027, 6, 30))),
    ("2030年度", (date(2030, 4, 1), date(2031, 3, 31))),
    ("二〇三〇年度", (date(2030, 4, 1), date(2031, 3, 31))),
    ("2025年3月", (date(2025, 3, 1), date(2025, 3, 31))),
    ("2025年3月5日", (date(2025, 3, 5), date(2025, 3, 5))),
    ("2016 年以来", (date(2016, 1, 1), REF)),
    ("2026年以降", (date(2026, 1, 1), None)),
    ("2024-01-20", (date(2024, 1, 20), date(2024, 1, 20))),
])
def test_absolute(text, expected):
    assert period(text) == expected


def test_relative():
    assert period("昨年11月に発表", date(2024, 1, 20)) == (date(2023, 11, 1), date(2023, 11, 30))
    assert period("昨年7月", date(2025, 1, 21)) == (date(2024, 7, 1), date(2024, 7, 31))
    assert period("12月に公開された", date(2025, 1, 21)) == (date(2024, 12, 1), date(2024, 12, 31))
    assert period("本日、発表した", date(2025, 1, 21)) == (date(2025, 1, 21), date(2025, 1, 21))
    assert period("ちょうど昨日", date(2025, 1, 21)) == (date(2025, 1, 20), date(2025, 1, 20))
    assert period("来年までに", date(2025, 9, 25)) == (None, date(2026, 12, 31))
    assert period("今週", date(2025, 9, 25)) == (date(2025, 9, 22), date(2025, 9, 28))


def test_anchored_durations():
    assert period("今後3年間で4000億ドル以上", date(2025, 9, 25)) == (date(2025, 9, 25), date(2028, 9, 25))
    assert period("3年以内に") == (REF, date(2027, 9, 23))
    assert period("2〜3年以内に") == (REF, date(2027, 9, 23))
    assert period("2年前には") == (date(2022, 9, 23), date(2022, 9, 23))


def test_no_reference_date_means_no_relative_time():
    res = extract_sentence("昨年11月に発表", None)
    assert res.dates == []


def test_bare_day_is_a_date_in_the_reference_month():
    assert period("北辰テレコムは十五日、発表した", date(2025, 3, 20)) == (date(2025, 3, 15), date(2025, 3, 15))
    assert period("同社は25日に発表", date(2025, 3, 20)) == (date(2025, 2, 25), date(2025, 2, 25))
    res = extract_sentence("わずか1日後に答えが出た", date(2025, 3, 20))
    assert res.quantities[0].kind == "duration"

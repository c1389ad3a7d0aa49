"""Jalali dates and months: conversions from §8, parsing with clear errors, month arithmetic."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from jahesh.core import jalali as j

NOWRUZ = {  # 1 Farvardin, computed with persiantools and jdatetime (§8)
    1402: dt.date(2023, 3, 21),
    1403: dt.date(2024, 3, 20),
    1404: dt.date(2025, 3, 21),
    1405: dt.date(2026, 3, 21),
    1407: dt.date(2028, 3, 20),
    1408: dt.date(2029, 3, 20),
}


@pytest.mark.parametrize(("year", "gregorian"), NOWRUZ.items())
def test_new_year_dates(year, gregorian):
    assert j.month_start(year, 1) == gregorian
    assert j.parse_jalali_date(f"{year}/01/01") == gregorian
    assert j.jalali_month_of(gregorian) == (year, 1)
    assert j.jalali_month_of(gregorian - dt.timedelta(days=1)) == (year - 1, 12)


def test_leap_years():
    assert [y for y in range(1399, 1410) if j.is_leap_year(y)] == [1399, 1403, 1408]
    assert j.parse_jalali_date("1403/12/30") == dt.date(2025, 3, 20)
    assert j.month_end(1403, 12) == dt.date(2025, 3, 20)
    assert j.month_end(1402, 12) == dt.date(2024, 3, 19)
    assert j.days_in_month(1402, 12) == 29 and j.days_in_month(1403, 12) == 30


@pytest.mark.parametrize(
    "text", ["1403/07/15", "۱۴۰۳/۰۷/۱۵", "1403-7-15", "١٤٠٣/٧/١٥", "  1403/07/15 ", "14030715"]
)
def test_parse_jalali_date_forms(text):
    assert j.parse_jalali_date(text) == dt.date(2024, 10, 6)


def test_parse_jalali_date_ignores_invisible_marks_and_unicode_dashes():
    assert j.parse_jalali_date("۱۴۰۳\u200f/۰۷\u200f/۱۵") == dt.date(2024, 10, 6)
    assert j.parse_jalali_date("1403\u20137\u201315") == dt.date(2024, 10, 6)


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        ("1403/07/31", "invalid_day", "has 30 days"),
        ("1403/06/32", "invalid_day", "has 31 days"),
        ("1402/12/30", "invalid_day", "not a leap year"),
        ("1403/13/01", "invalid_month", "no month 13"),
        ("1403/00/10", "invalid_month", "no month 0"),
        ("03/07/15", "short_year", "four digits"),
        ("15/07/1403", "year_first", "1403/07/15"),
        ("2024/10/06", "gregorian_year", "Gregorian"),
        ("0403/07/15", "invalid_year", "outside"),
        ("1403/07", "invalid_format", "year/month/day"),
        ("hello", "invalid_format", "year/month/day"),
        ("", "required", "Enter"),
    ],
)
def test_parse_jalali_date_explains_what_is_wrong(text, code, words):
    with pytest.raises(j.JalaliError) as exc:
        j.parse_jalali_date(text)
    assert exc.value.code == code
    assert words in str(exc.value)
    # The message can be re-rendered (translated) from its template and params.
    assert exc.value.template % exc.value.params == str(exc.value) or not exc.value.params
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "1403/07",
        "۱۴۰۳-۷",
        "1403/7",
        "مهر ۱۴۰۳",
        "Mehr 1403",
        "MEHR 1403",
        "مهرماه ۱۴۰۳",
        "مهر\u200cماه ۱۴۰۳",
        "۱۴۰۳ مهر",
    ],
)
def test_parse_jalali_month_forms(text):
    assert j.parse_jalali_month(text) == (1403, 7)


def test_parse_jalali_month_tolerates_arabic_letters_and_madda():
    assert j.parse_jalali_month("ارديبهشت ۱۴۰۳") == (1403, 2)  # Arabic yeh
    assert j.parse_jalali_month("آبان ۱۴۰۲") == (1402, 8)
    assert j.parse_jalali_month("ابان ۱۴۰۲") == (1402, 8)
    assert j.parse_jalali_month("اسفند سال ۱۴۰۳") == (1403, 12)
    assert j.parse_jalali_month("Dey 1403") == (1403, 10)


@pytest.mark.parametrize("text", ["", "Foo 1403", "1403/07/15", "1403/13", "مهر", "۰۳/۰۷", "2024/10"])
def test_parse_jalali_month_rejects(text):
    with pytest.raises(j.JalaliError):
        j.parse_jalali_month(text)


def test_month_names():
    assert [j.month_name(m, "en") for m in range(1, 13)] == [
        "Farvardin",
        "Ordibehesht",
        "Khordad",
        "Tir",
        "Mordad",
        "Shahrivar",
        "Mehr",
        "Aban",
        "Azar",
        "Dey",
        "Bahman",
        "Esfand",
    ]
    assert j.month_name(1) == "فروردین" and j.month_name(12) == "اسفند"
    with pytest.raises(ValueError):
        j.month_name(13)
    assert j.format_jalali_month(1403, 7) == "مهر ۱۴۰۳"
    assert j.format_jalali_month(1403, 7, lang="en") == "Mehr 1403"
    for m in range(1, 13):  # what we print, we can read back
        assert j.parse_jalali_month(j.format_jalali_month(1403, m)) == (1403, m)
        assert j.parse_jalali_month(j.format_jalali_month(1403, m, lang="en")) == (1403, m)


def test_format_jalali():
    assert j.format_jalali(None) == ""
    assert j.format_jalali(dt.date(2024, 10, 6)) == "۱۴۰۳/۰۷/۱۵"
    assert j.format_jalali(dt.date(2024, 10, 6), persian_digits=False) == "1403/07/15"
    assert j.format_jalali(dt.date(2024, 10, 6), "%d %B %Y") == "۱۵ مهر ۱۴۰۳"
    assert j.format_jalali(dt.date(2024, 10, 6), "%d %B %Y", persian_digits=False) == "15 Mehr 1403"
    # 21:00 UTC is 00:30 the next day in Tehran (UTC+3:30).
    late = dt.datetime(2024, 10, 6, 21, 0, tzinfo=dt.UTC)
    assert j.format_jalali(late, "%Y/%m/%d %H:%M", persian_digits=False) == "1403/07/16 00:30"
    naive = dt.datetime(2024, 10, 6, 21, 0)
    assert j.format_jalali(naive, "%Y/%m/%d %H:%M", persian_digits=False) == "1403/07/15 21:00"
    assert j.jalali_month_of(dt.datetime(2024, 9, 21, 21, 0, tzinfo=dt.UTC)) == (1403, 7)  # Mehr 1 in Tehran


def test_month_arithmetic():
    assert j.month_index(1403, 1) - j.month_index(1402, 12) == 1
    assert j.from_month_index(j.month_index(1403, 7)) == (1403, 7)
    assert j.add_months(1403, 12, 1) == (1404, 1)
    assert j.add_months(1403, 1, -1) == (1402, 12)
    assert j.add_months(1403, 7, -12) == (1402, 7)  # same month last year
    assert j.add_months(1403, 7, 30) == (1406, 1)
    previous = None
    for year in range(1398, 1412):
        for month in range(1, 13):
            i = j.month_index(year, month)
            assert j.from_month_index(i) == (year, month)
            start, end = j.month_start(year, month), j.month_end(year, month)
            assert (end - start).days + 1 == j.days_in_month(year, month)
            assert j.jalali_month_of(start) == j.jalali_month_of(end) == (year, month)
            if previous is not None:
                assert i == previous[0] + 1 and start == previous[1] + dt.timedelta(days=1)
            previous = (i, end)


def test_today_is_taken_in_tehran():
    before = j.jalali_month_of(dt.datetime.now(ZoneInfo("Asia/Tehran")).date())
    month = j.today_jalali_month()
    after = j.jalali_month_of(dt.datetime.now(ZoneInfo("Asia/Tehran")).date())
    assert month in {before, after}
    assert j.season_of(7) == 3 and j.season_name(3) == "پاییز" and j.season_name(4, "en") == "Winter"

"""Jalali (solar hijri) dates and months: parsing, formatting and month arithmetic.

Months are the reporting unit of the platform; `month_index` turns (year, month) into one integer so
that ranges, differences and "same period last year" are plain arithmetic. Pure Python + jdatetime.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime

from jahesh.core.text import search_key, strip_bidi, to_ascii_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")

#: Years accepted by the parsers: wide enough for old licences, narrow enough to catch typos and
#: Gregorian years typed by mistake.
MIN_YEAR = 1200
MAX_YEAR = 1599

MONTHS_FA = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
MONTHS_EN = (
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
)
SEASONS_FA = ("بهار", "تابستان", "پاییز", "زمستان")
SEASONS_EN = ("Spring", "Summer", "Autumn", "Winter")


def gettext_noop(message: str) -> str:
    """Mark a message for `makemessages` without translating it here (this module stays Django-free)."""
    return message


class JalaliError(ValueError):
    """A date or month that cannot be read. `str()` is the English message.

    `template`, `params` and `code` let a form show it translated:
    ``ValidationError(gettext(e.template), code=e.code, params=e.params)``.
    """

    def __init__(self, template: str, code: str = "invalid", **params: Any) -> None:
        self.template = template
        self.code = code
        self.params = params
        super().__init__(template % params if params else template)


_MSG_EMPTY = gettext_noop("Enter a Jalali date such as 1403/07/15.")
_MSG_DATE_FORMAT = gettext_noop(
    "%(value)s is not a Jalali date: write year/month/day with a four-digit year, for example 1403/07/15."
)
_MSG_SHORT_YEAR = gettext_noop("Write the year with four digits, for example 1403 rather than 03.")
_MSG_YEAR_FIRST = gettext_noop("Write the year first: %(suggestion)s.")
_MSG_GREGORIAN = gettext_noop(
    "%(year)d looks like a Gregorian year; enter the Jalali (solar hijri) date, for example 1403/07/15."
)
_MSG_YEAR_RANGE = gettext_noop("The year %(year)d is outside the supported range %(min)d-%(max)d.")
_MSG_MONTH = gettext_noop("There is no month %(month)d; months run from 1 to 12.")
_MSG_DAY = gettext_noop("Month %(month)d of %(year)d has %(days)d days, so there is no day %(day)d.")
_MSG_ESFAND = gettext_noop("%(year)d is not a leap year: Esfand has 29 days, so there is no day 30.")
_MSG_MONTH_EMPTY = gettext_noop("Enter a Jalali month such as 1403/07 or Mehr 1403.")
_MSG_MONTH_FORMAT = gettext_noop(
    "%(value)s is not a Jalali month: write year/month (1403/07) "
    "or the month's name and the year (Mehr 1403)."
)


def is_leap_year(year: int) -> bool:
    """Whether Esfand of this Jalali year has 30 days."""
    return bool(jdatetime.date(year, 1, 1).isleap())


def days_in_month(year: int, month: int) -> int:
    """31 for months 1-6, 30 for 7-11, 29 or 30 for Esfand."""
    _check_month(month)
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap_year(year) else 29


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise JalaliError(_MSG_MONTH, code="invalid_month", month=month)


def _check_year(year: int) -> None:
    if MIN_YEAR <= year <= MAX_YEAR:
        return
    if 1900 <= year <= 2200:
        raise JalaliError(_MSG_GREGORIAN, code="gregorian_year", year=year)
    raise JalaliError(_MSG_YEAR_RANGE, code="invalid_year", year=year, min=MIN_YEAR, max=MAX_YEAR)


def _clean(s: str) -> str:
    # Word processors turn the hyphens of "1403-07-15" into Unicode dashes.
    text = strip_bidi(to_ascii_digits(str(s))).strip()
    return re.sub(r"[\u2010-\u2015\u2212]", "-", text)


_DATE_RE = re.compile(r"(\d+)\s*[/\-.]\s*(\d+)\s*[/\-.]\s*(\d+)")


def parse_jalali_date(s: str) -> dt.date:
    """Read "1403/07/15", "۱۴۰۳-۷-۱۵", "١٤٠٣/٧/١٥" or "14030715" into a Gregorian `datetime.date`."""
    text = _clean(s) if s is not None else ""
    if not text:
        raise JalaliError(_MSG_EMPTY, code="required")
    if re.fullmatch(r"\d{8}", text):
        first, middle, last = text[:4], text[4:6], text[6:]
    elif m := _DATE_RE.fullmatch(text):
        first, middle, last = m.group(1, 2, 3)
    else:
        raise JalaliError(_MSG_DATE_FORMAT, code="invalid_format", value=str(s).strip())
    if len(first) != 4:
        if len(last) == 4 and len(first) <= 2 and len(middle) <= 2:
            raise JalaliError(_MSG_YEAR_FIRST, code="year_first", suggestion=f"{last}/{middle}/{first}")
        if len(first) <= 2:
            raise JalaliError(_MSG_SHORT_YEAR, code="short_year")
        raise JalaliError(_MSG_DATE_FORMAT, code="invalid_format", value=str(s).strip())
    if len(middle) > 2 or len(last) > 2:
        raise JalaliError(_MSG_DATE_FORMAT, code="invalid_format", value=str(s).strip())
    return jalali_to_gregorian(int(first), int(middle), int(last))


def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Jalali (year, month, day); JalaliError saying why if there is no such day."""
    _check_year(year)
    _check_month(month)
    days = days_in_month(year, month)
    if not 1 <= day <= days:
        if month == 12 and day == 30:
            raise JalaliError(_MSG_ESFAND, code="invalid_day", year=year)
        raise JalaliError(_MSG_DAY, code="invalid_day", year=year, month=month, days=days, day=day)
    result: dt.date = jdatetime.date(year, month, day).togregorian()
    return result


def _month_keys() -> dict[str, int]:
    keys: dict[str, int] = {}
    for i, (fa, en) in enumerate(zip(MONTHS_FA, MONTHS_EN, strict=True), start=1):
        keys[search_key(fa)] = i
        keys[en.lower()] = i
    # Other spellings in common use.
    extra = {"امرداد": 5, "اسپند": 12, "amordad": 5, "shahriver": 6, "dei": 10, "day": 10, "espand": 12}
    keys.update({search_key(k): v for k, v in extra.items()})
    return keys


_MONTH_KEYS = _month_keys()
_MONTH_WORD = "ماه"  # "مهرماه", "مهر ماه"
_YEAR_WORD = "سال"  # "مهر سال ۱۴۰۳"


def parse_jalali_month(s: str) -> tuple[int, int]:
    """Read "1403/07", "۱۴۰۳-۷", "مهر ۱۴۰۳", "مهرماه ۱۴۰۳" or "Mehr 1403" into (year, month)."""
    key = search_key(_clean(s)) if s is not None else ""
    if not key:
        raise JalaliError(_MSG_MONTH_EMPTY, code="required")
    tokens = [t for t in key.split(" ") if t not in (_MONTH_WORD, _YEAR_WORD)]
    if len(tokens) == 1 and re.fullmatch(r"\d{6}", tokens[0]):
        tokens = [tokens[0][:4], tokens[0][4:]]
    years = [t for t in tokens if re.fullmatch(r"\d{4}", t)]
    others = [t for t in tokens if t not in years]
    if len(tokens) != 2 or len(years) != 1 or len(others) != 1:
        raise JalaliError(_MSG_MONTH_FORMAT, code="invalid_format", value=str(s).strip())
    year, word = int(years[0]), others[0]
    if word.endswith(_MONTH_WORD) and word[: -len(_MONTH_WORD)] in _MONTH_KEYS:
        word = word[: -len(_MONTH_WORD)]
    if re.fullmatch(r"\d{1,2}", word):
        month = int(word)
    elif word in _MONTH_KEYS:
        month = _MONTH_KEYS[word]
    else:
        raise JalaliError(_MSG_MONTH_FORMAT, code="invalid_format", value=str(s).strip())
    _check_year(year)
    _check_month(month)
    return year, month


def _to_jalali(d: dt.date | dt.datetime | jdatetime.date, locale: str) -> jdatetime.date:
    if isinstance(d, jdatetime.date):  # also jdatetime.datetime
        return d
    if isinstance(d, dt.datetime):
        if d.tzinfo is not None:
            d = d.astimezone(TEHRAN)
        return jdatetime.datetime.fromgregorian(datetime=d, locale=locale)
    return jdatetime.date.fromgregorian(date=d, locale=locale)


def format_jalali(
    d: dt.date | dt.datetime | None,
    fmt: str = "%Y/%m/%d",
    *,
    persian_digits: bool = True,
    lang: str | None = None,
) -> str:
    """Format a Gregorian date/datetime as Jalali with jdatetime's strftime codes; "" for None.

    Aware datetimes are shown in Asia/Tehran time. Month and weekday names (%B, %A) are Persian when
    `lang` is "fa" (by default, when `persian_digits` is true).
    """
    if d is None:
        return ""
    if lang is None:
        lang = "fa" if persian_digits else "en"
    text = _to_jalali(d, "fa_IR" if lang.startswith("fa") else "en_US").strftime(fmt)
    return to_persian_digits(text) if persian_digits else to_ascii_digits(text)


def month_name(month: int, lang: str = "fa") -> str:
    """«مهر» for 7 in "fa", "Mehr" in any other language."""
    _check_month(month)
    return (MONTHS_FA if lang.startswith("fa") else MONTHS_EN)[month - 1]


def format_jalali_month(year: int, month: int, *, lang: str = "fa") -> str:
    """«مهر ۱۴۰۳» in Persian, "Mehr 1403" otherwise."""
    if lang.startswith("fa"):
        return f"{month_name(month, 'fa')} {to_persian_digits(str(year))}"
    return f"{month_name(month, 'en')} {year}"


def season_of(month: int) -> int:
    """Season (= quarter of the Jalali year) 1-4: Farvardin-Khordad is 1, Dey-Esfand is 4."""
    _check_month(month)
    return (month - 1) // 3 + 1


def season_name(season: int, lang: str = "fa") -> str:
    """بهار/تابستان/پاییز/زمستان, or Spring/Summer/Autumn/Winter."""
    if not 1 <= season <= 4:
        raise ValueError(f"There is no season {season}; seasons run from 1 to 4")
    return (SEASONS_FA if lang.startswith("fa") else SEASONS_EN)[season - 1]


def month_start(year: int, month: int) -> dt.date:
    """Gregorian date of the 1st of a Jalali month."""
    return jalali_to_gregorian(year, month, 1)


def month_end(year: int, month: int) -> dt.date:
    """Gregorian date of the last day of a Jalali month."""
    return jalali_to_gregorian(year, month, days_in_month(year, month))


def month_index(year: int, month: int) -> int:
    """year * 12 + month - 1: consecutive months have consecutive indexes."""
    _check_month(month)
    return year * 12 + month - 1


def from_month_index(i: int) -> tuple[int, int]:
    """Inverse of `month_index`."""
    year, m0 = divmod(int(i), 12)
    return year, m0 + 1


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """The Jalali month `n` months after (negative: before) the given one."""
    return from_month_index(month_index(year, month) + n)


def jalali_month_of(d: dt.date | dt.datetime) -> tuple[int, int]:
    """(year, month) of the Jalali month containing a date; aware datetimes are taken in Tehran time."""
    j = _to_jalali(d, "en_US")
    return j.year, j.month


def today_tehran() -> dt.date:
    """Today's date in Tehran, whatever the server's time zone."""
    return dt.datetime.now(TEHRAN).date()


def today_jalali_month() -> tuple[int, int]:
    """The current Jalali (year, month) in Tehran."""
    return jalali_month_of(today_tehran())

"""Template filters for Jalali dates and numbers in the active language's digits.

Loaded as a builtin (and by `{% load jahesh %}`). Persian ("fa…") gets Persian digits, '٬' between
thousands and '٫' before decimals; any other language gets ASCII digits. Dates are Jalali in both.
Every filter swallows bad input and returns "" (dates, text) or "—" (numbers): a page must render.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from django import template
from django.utils import timezone, translation

from jahesh.core.jalali import (
    format_jalali,
    format_jalali_month,
    from_month_index,
    jalali_month_of,
    parse_jalali_month,
)
from jahesh.core.text import parse_decimal, to_ascii_digits, to_persian_digits

register = template.Library()

MISSING = "—"
_FA_SEPARATORS = str.maketrans({",": "٬", ".": "٫"})


def _is_fa() -> bool:
    # Same default as the context processor: no active language means the platform's Persian.
    return (translation.get_language() or "fa").startswith("fa")


def _in_active_digits(text: str) -> str:
    return to_persian_digits(text) if _is_fa() else to_ascii_digits(text)


def _local(value: dt.date) -> dt.date:
    """Aware datetimes in the current time zone (Asia/Tehran by default), made naive for formatting."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        local: dt.datetime = timezone.localtime(value)
        return local.replace(tzinfo=None)
    return value


def _format_date(value: Any, fmt: str) -> str:
    if not isinstance(value, dt.date):
        return ""
    try:
        return format_jalali(_local(value), fmt, persian_digits=_is_fa(), lang="fa" if _is_fa() else "en")
    except Exception:  # out-of-range dates and odd formats must not break a page
        return ""


@register.filter(is_safe=True)
def jdate(value: Any, fmt: str = "%Y/%m/%d") -> str:
    """{{ d|jdate }} → ۱۴۰۳/۰۷/۱۵ (fa) or 1403/07/15; optional jdatetime strftime format."""
    return _format_date(value, str(fmt))


@register.filter(name="jdatetime", is_safe=True)
def jdatetime_filter(value: Any) -> str:
    """{{ dt|jdatetime }} → ۱۴۰۳/۰۷/۱۵ ۱۴:۳۰; a plain date gets no time."""
    if isinstance(value, dt.datetime):
        return _format_date(value, "%Y/%m/%d %H:%M")
    return _format_date(value, "%Y/%m/%d")


@register.filter(is_safe=True)
def jmonth(value: Any) -> str:
    """(year, month), a month index, a date or "1403/07" → «مهر ۱۴۰۳» (fa) or "Mehr 1403"."""
    try:
        if isinstance(value, bool) or value is None or value == "":
            return ""
        if isinstance(value, dt.date):
            year, month = jalali_month_of(_local(value))
        elif isinstance(value, int):
            year, month = from_month_index(value)
        elif isinstance(value, str):
            year, month = parse_jalali_month(value)
        else:
            year, month = (int(v) for v in value)
        return format_jalali_month(year, month, lang="fa" if _is_fa() else "en")
    except Exception:
        return ""


@register.filter(is_safe=True)
def digits(value: Any) -> str:
    """Any value as text in the active language's digits; None → ""."""
    if value is None:
        return ""
    try:
        return _in_active_digits(str(value))
    except Exception:
        return ""


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return parse_decimal(value)
    return Decimal(str(value))  # numpy numbers and the like


def _decimals_arg(arg: Any) -> int | None:
    if arg is None or arg == "":
        return None
    try:
        n = int(arg)
    except (TypeError, ValueError):
        return None
    return n if 0 <= n <= 12 else None


def _format_number(number: Decimal, decimals: int | None) -> str:
    if decimals is None:
        # Whole numbers as whole numbers; otherwise at most two decimals, trailing zeros dropped.
        decimals = 0 if number == number.to_integral_value() else 2
        strip_zeros = True
    else:
        strip_zeros = False
    with localcontext() as ctx:
        ctx.prec = max(60, len(number.as_tuple().digits) + decimals + 2)
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{decimals}f}"
    if strip_zeros and "." in text:
        text = text.rstrip("0").rstrip(".")
    if _is_fa():
        text = to_persian_digits(text.translate(_FA_SEPARATORS))
    return text


@register.filter(is_safe=True)
def num(value: Any, decimals: Any = None) -> str:
    """{{ x|num }} → ۱۲٬۳۴۵ (fa) or 12,345; {{ x|num:1 }} fixes one decimal; None → "—"."""
    try:
        number = _to_decimal(value)
        if number is None or not number.is_finite():
            return MISSING
        return _format_number(number, _decimals_arg(decimals))
    except Exception:
        return MISSING


@register.filter(is_safe=True)
def pct(value: Any, decimals: Any = 0) -> str:
    """A ratio as a percentage: 0.45 → «۴۵٪» (fa) or "45%"; {{ r|pct:1 }} for one decimal; None → "—"."""
    try:
        ratio = _to_decimal(value)
        if ratio is None or not ratio.is_finite():
            return MISSING
        places = _decimals_arg(decimals)
        text = _format_number(ratio * 100, 0 if places is None else places)
        return f"{text}٪" if _is_fa() else f"{text}%"
    except Exception:
        return MISSING

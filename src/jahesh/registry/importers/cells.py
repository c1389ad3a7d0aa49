"""Reading one cell: numbers in any digits, identifiers, Jalali dates and months, yes/no, choices.

Each parser takes the raw cell (what openpyxl or the CSV reader gave: text, a number, a date, None) and
returns the value to store, or raises ``CellError`` with a translatable message and its parameters. A blank
cell never reaches a parser; the importer decides what blank means for the column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property, lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jahesh.core import identifiers, jalali
from jahesh.core.text import parse_decimal, search_key, to_ascii_digits

from .reading import cell_text

#: The search key of a cell's text, remembered: county names, products and yes/no repeat down a file.
key_of = lru_cache(maxsize=65536)(search_key)


class CellError(Exception):
    """A cell that cannot be taken: ``message`` is a translatable template, ``params`` fill it."""

    def __init__(self, message: Any, /, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(str(message))


MSG_NOT_NUMBER = _("“%(value)s” is not a number.")
MSG_NOT_WHOLE = _("Give a whole number, not %(value)s.")
MSG_NEGATIVE = _("The number cannot be negative.")
MSG_NOT_POSITIVE = _("The number must be greater than zero.")
MSG_TOO_BIG = _("%(value)s is larger than the largest accepted value, %(max)s.")
MSG_TOO_SMALL = _("%(value)s is smaller than the smallest accepted value, %(min)s.")
MSG_TOO_LONG = _("The text has %(length)s characters; at most %(max)s are accepted.")
MSG_NOT_BOOLEAN = _("“%(value)s” is not yes or no: write بله or خیر (yes or no).")
MSG_NOT_CHOICE = _("“%(value)s” is not one of the accepted values: %(choices)s.")
MSG_MONTH_FUTURE = _("%(value)s has not ended yet; a report can be given only for a month that has ended.")


def _msg_of(exc: ValidationError) -> CellError:
    return CellError(exc.message, **(exc.params or {}))


# -- Numbers ---------------------------------------------------------------------------------------------


def decimal(
    raw: Any,
    *,
    places: int,
    minimum: Decimal | int | None = 0,
    maximum: Decimal | int | None = None,
    positive: bool = False,
) -> Decimal:
    """A number rounded to ``places`` decimals (Excel's 0.30000000000000004 is 0.3 here)."""
    if isinstance(raw, bool):
        raise CellError(MSG_NOT_NUMBER, value=cell_text(raw))
    try:
        if isinstance(raw, int):
            number = Decimal(raw)
        elif isinstance(raw, float):
            number = Decimal(repr(raw))
        else:
            number = parse_decimal(cell_text(raw))
    except (ValueError, InvalidOperation):
        raise CellError(MSG_NOT_NUMBER, value=cell_text(raw)) from None
    if not number.is_finite():
        raise CellError(MSG_NOT_NUMBER, value=cell_text(raw))
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if positive and number <= 0:
        raise CellError(MSG_NOT_POSITIVE)
    if minimum is not None and number < minimum:
        raise (
            CellError(MSG_NEGATIVE)
            if minimum == 0
            else CellError(MSG_TOO_SMALL, value=str(number), min=minimum)
        )
    if maximum is not None and number > maximum:
        raise CellError(MSG_TOO_BIG, value=str(number), max=str(maximum))
    return number


def digits_limit(max_digits: int, places: int) -> Decimal:
    """The largest value a DecimalField(max_digits, decimal_places) holds."""
    return Decimal(10) ** (max_digits - places) - Decimal(1).scaleb(-places)


def integer(raw: Any, *, minimum: int = 0, maximum: int = 2_147_483_647) -> int:
    number = decimal(raw, places=6, minimum=minimum, maximum=maximum)
    if number != number.to_integral_value():
        raise CellError(MSG_NOT_WHOLE, value=cell_text(raw))
    return int(number)


def percent(raw: Any) -> Decimal:
    """A share written as a percentage ("35", "35%", «۳۵٪») → 0.350."""
    text = cell_text(raw)
    if isinstance(raw, str):
        text = text.replace("%", "").replace("٪", "").strip()
        raw = text
    number = decimal(raw, places=1, minimum=0, maximum=100)
    return (number / 100).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


# -- Text and identifiers ----------------------------------------------------------------------------------


def text(raw: Any, *, max_length: int) -> str:
    value = cell_text(raw)
    if len(value) > max_length:
        raise CellError(MSG_TOO_LONG, length=len(value), max=max_length)
    return value


def _identifier_text(raw: Any) -> str:
    if isinstance(raw, float) and not raw.is_integer():
        raise CellError(MSG_NOT_NUMBER, value=cell_text(raw))
    return cell_text(raw)


def legal_id(raw: Any) -> str:
    value = identifiers.normalise_identifier(_identifier_text(raw))
    try:
        identifiers.validate_legal_id(value)
    except ValidationError as exc:
        raise _msg_of(exc) from None
    return value


def national_code(raw: Any) -> str:
    """Excel drops the leading zeros of a code typed as a number; 8 or 9 digits get them back."""
    value = identifiers.normalise_national_code(_identifier_text(raw))
    try:
        identifiers.validate_national_code(value)
    except ValidationError as exc:
        raise _msg_of(exc) from None
    return value


def business_id(raw: Any) -> str:
    value = identifiers.normalise_identifier(_identifier_text(raw))
    try:
        identifiers.validate_business_id(value)
    except ValidationError as exc:
        raise _msg_of(exc) from None
    return value


def postal_code(raw: Any) -> str:
    value = identifiers.normalise_identifier(_identifier_text(raw))
    try:
        identifiers.validate_postal_code(value)
    except ValidationError as exc:
        raise _msg_of(exc) from None
    return value


def isic(raw: Any) -> str:
    """An ISIC Rev.4 class; "111" (Excel's reading of 0111) is padded back to four digits."""
    value = identifiers.normalise_identifier(_identifier_text(raw))
    if value.isascii() and value.isdigit() and len(value) == 3:
        value = value.zfill(4)
    try:
        identifiers.validate_isic_class(value)
    except ValidationError as exc:
        raise _msg_of(exc) from None
    return value


def hs6(raw: Any) -> str:
    """A 6-digit HS code; five digits (Excel's reading of 010121) get their leading zero back."""
    value = identifiers.normalise_identifier(_identifier_text(raw))
    if value.isascii() and value.isdigit() and len(value) == 5:
        value = value.zfill(6)
    try:
        identifiers.validate_hs6(value)
    except ValidationError as exc:
        raise _msg_of(exc) from None
    return value


# -- Dates and months ----------------------------------------------------------------------------------------


def jalali_date(raw: Any) -> dt.date:
    """«۱۴۰۳/۰۷/۱۵», "1403-7-15", 14030715; a cell Excel holds as a (Gregorian) date is taken as is."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return jalali.parse_jalali_date(_identifier_text(raw))
    except jalali.JalaliError as exc:
        raise CellError(exc.template, **exc.params) from None


def jalali_month(raw: Any, *, latest: int | None = None) -> int:
    """A Jalali month («مهر ۱۴۰۳», "1403/07", 140307) as its index; ``latest`` is the last month allowed.

    Excel turns a typed 1403.10 into the number 1403.1; two decimals give the month back.
    """
    if isinstance(raw, dt.date):
        index = jalali.month_index(*jalali.jalali_month_of(raw))
    else:
        value = f"{raw:.2f}" if isinstance(raw, float) and not raw.is_integer() else cell_text(raw)
        try:
            index = jalali.month_index(*jalali.parse_jalali_month(value))
        except jalali.JalaliError as exc:
            raise CellError(exc.template, **exc.params) from None
    if latest is not None and index > latest:
        raise CellError(MSG_MONTH_FUTURE, value=cell_text(raw))
    return index


# -- Yes/no and choices --------------------------------------------------------------------------------------

_TRUE = {"بله", "بلی", "اری", "دارد", "هست", "است", "yes", "y", "true", "t", "1", "x", "✓", "✔", "*", "+"}
_FALSE = {"خیر", "نه", "ندارد", "نیست", "no", "n", "false", "f", "0", "-", "—"}
_TRUE_KEYS = {search_key(w) or w for w in _TRUE}
_FALSE_KEYS = {search_key(w) or w for w in _FALSE}


def boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = to_ascii_digits(cell_text(raw)).strip()
    key = key_of(text) or text
    if key in _TRUE_KEYS:
        return True
    if key in _FALSE_KEYS:
        return False
    raise CellError(MSG_NOT_BOOLEAN, value=cell_text(raw))


@dataclass(frozen=True)
class Choices:
    """Accepted words for a coded field: code → (Persian word, English word, other spellings …).

    Exports write the first Persian or English word, so an exported file reads back to the same code.
    """

    words: dict[str, tuple[str, ...]]

    @cached_property
    def keys(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for code, words in self.words.items():
            for w in (code, *words):
                out[search_key(to_ascii_digits(w)).replace(" ", "")] = code
        return out

    def parse(self, raw: Any) -> str:
        key = key_of(to_ascii_digits(cell_text(raw))).replace(" ", "")
        code = self.keys.get(key)
        if code is None:
            raise CellError(MSG_NOT_CHOICE, value=cell_text(raw), choices=self.listing())
        return code

    def label(self, code: str, lang: str) -> str:
        words = self.words.get(str(code))
        if not words:
            return str(code)
        return words[0] if lang.startswith("fa") else words[1]

    def listing(self) -> str:
        return "، ".join(f"{w[0]} ({w[1]})" for w in self.words.values())

"""Field types for request bodies: exact decimals given as JSON numbers or as strings of ASCII digits, and ids
bounded to what the database can hold (an id past 2⁶³ is a 404 or a 422, never an overflow)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

MAX_ID = 2**63 - 1

#: A database id in a path or a query string.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _json_integer(value: Any) -> Any:
    # JSON Schema's "integer" is any number without a fraction, 3.0 included; a string or a boolean is not.
    if isinstance(value, bool | str):
        raise ValueError(_("Give a whole number."))
    return value


def JsonInt(ge: int, le: int, description: str | None = None) -> Any:
    """A whole number in a JSON body: 3 or 3.0, never "3" or true."""
    return Annotated[int, BeforeValidator(_json_integer), Field(ge=ge, le=le, description=description)]


#: A database id in a JSON body.
BodyId = JsonInt(1, MAX_ID)


def _decimal_from(pattern: str, example: str) -> Any:
    compiled = re.compile(pattern)

    def convert(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(_("Give a number, for example %(example)s.") % {"example": example})
        if isinstance(value, int | float):
            try:
                return Decimal(str(value))
            except InvalidOperation:  # pragma: no cover - str() of a finite float always parses
                raise ValueError(
                    _("Give a number, for example %(example)s.") % {"example": example}
                ) from None
        if isinstance(value, str):
            if not compiled.fullmatch(value):
                raise ValueError(_("Give a number, for example %(example)s.") % {"example": example})
            return Decimal(value)
        return value

    return BeforeValidator(convert)


def whole_amount(digits: int, description: str) -> Any:
    """A whole, non-negative amount of at most ``digits`` digits (IRR, USD, kWh): 1250 or "1250"."""
    pattern = rf"[0-9]{{1,{digits}}}"
    return Annotated[
        Decimal,
        _decimal_from(pattern, "1250"),
        Field(ge=0, max_digits=digits, decimal_places=0, strict=True),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "integer", "minimum": 0, "maximum": 10**digits - 1},
                    {"type": "string", "pattern": f"^{pattern}$"},
                ],
                "description": description,
            },
            mode="validation",
        ),
    ]


def quantity(whole_digits: int, places: int, description: str) -> Any:
    """A non-negative quantity with at most ``places`` decimals: 12.5 or "12.5"."""
    pattern = rf"[0-9]{{1,{whole_digits}}}(\.[0-9]{{1,{places}}})?"
    return Annotated[
        Decimal,
        _decimal_from(pattern, '"12.5"'),
        Field(ge=0, max_digits=whole_digits + places, decimal_places=places, strict=True),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "number", "minimum": 0, "maximum": 10**whole_digits - 1},
                    {"type": "string", "pattern": f"^{pattern}$"},
                ],
                "description": description,
            },
            mode="validation",
        ),
    ]


def _plain_text(value: str) -> str:
    # JSON can carry a NUL or half of a surrogate pair; neither can be stored (PostgreSQL refuses NUL) or
    # written back as UTF-8.
    if "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value):
        raise ValueError(_("The text contains characters that are not allowed (NUL or a broken character)."))
    return value


def PlainText(**field: Any) -> Any:
    """A string of a JSON body that can be stored as it is."""
    return Annotated[str, AfterValidator(_plain_text), Field(**field)]

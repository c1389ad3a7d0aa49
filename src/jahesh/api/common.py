"""Pieces every router uses: page-number pagination, Jalali months and dates in JSON, the caller's language.

JSON conventions (docs/api.md):
- dates are ISO 8601 Gregorian (``"2024-10-06"``), each with a ``…_jalali`` twin (``"1403/07/15"``);
- a month is its index (Jalali year × 12 + month − 1, so months subtract) with ``…_jalali`` ``"1403/07"``;
- money and quantities (IRR, USD, capacities, outputs) are decimal *strings*, exact to the last digit; counts
  are integers; ratios (utilisation) and coordinates are numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Schema
from pydantic import Field, create_model

from jahesh.core import jalali

from .problems import field_error, invalid_input

T = TypeVar("T")

MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000


def request_language(request: HttpRequest) -> str:
    """``fa`` or ``en`` from Accept-Language; Persian when the header names neither."""
    codes = {code for code, _name in settings.LANGUAGES}
    for lang, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        short = lang.split("-")[0].lower()
        if short in codes:
            return short
    return settings.LANGUAGE_CODE


def lang() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


# -- months and dates ---------------------------------------------------------------------------------------


def month_jalali(index: int | None) -> str | None:
    if index is None:
        return None
    year, month = jalali.from_month_index(index)
    return f"{year:04d}/{month:02d}"


def date_jalali(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return jalali.format_jalali(value, "%Y/%m/%d %H:%M", persian_digits=False)
    return jalali.format_jalali(value, "%Y/%m/%d", persian_digits=False)


def month_start(index: int | None) -> dt.date | None:
    return None if index is None else jalali.month_start(*jalali.from_month_index(index))


def parse_month(value: str, field: str) -> int:
    """A month from a query string: a Jalali ``1403/07`` (any digits, or ``مهر ۱۴۰۳``) or a month index."""
    text = value.strip()
    if text.isascii() and text.isdigit() and jalali.MIN_YEAR * 12 <= int(text) <= jalali.MAX_YEAR * 12 + 11:
        return int(text)
    try:
        return jalali.month_index(*jalali.parse_jalali_month(text))
    except jalali.JalaliError as exc:
        message = _(exc.template) % exc.params if exc.params else _(exc.template)
        raise invalid_input([field_error(["query", field], message, exc.code)]) from None


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


# -- pagination -------------------------------------------------------------------------------------------


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
    page_size: int = Field(
        settings.JAHESH_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Rows per page, at most {MAX_PAGE_SIZE}",
    )


_pages: dict[type, type] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The schema of a page of ``item``: ``{count, page, page_size, pages, next, previous, results}``."""
    if item not in _pages:
        name = item.__name__.removesuffix("Out") + "Page"
        _pages[item] = create_model(
            name,
            __base__=Schema,
            count=(int, Field(description="Rows matching the filters, on all pages")),
            page=(int, ...),
            page_size=(int, ...),
            pages=(int, Field(description="Number of pages (0 when nothing matches)")),
            next=(str | None, Field(description="URL of the next page, or null")),
            previous=(str | None, Field(description="URL of the previous page, or null")),
            results=(list[item], ...),
        )
    return _pages[item]


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    params: PageParams,
    to_item: Callable[[Any], Any] | None = None,
    prepare: Callable[[list[Any]], Iterable[Any]] | None = None,
) -> dict[str, Any]:
    """One COUNT and one SELECT (plus whatever the queryset prefetches); a page past the end is empty."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    start = (params.page - 1) * params.page_size
    items = list(rows[start : start + params.page_size]) if start < count else []
    if prepare is not None:
        items = list(prepare(items))
    pages = math.ceil(count / params.page_size) if count else 0

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        query["page_size"] = str(params.page_size)
        return f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"

    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": pages,
        "next": link(params.page + 1) if params.page < pages else None,
        "previous": link(min(params.page - 1, max(pages, 1))) if params.page > 1 else None,
        "results": [to_item(row) for row in items] if to_item else items,
    }

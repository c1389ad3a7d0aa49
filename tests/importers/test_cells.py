"""Cells as Excel and Iranian users write them, and files as Excel saves them."""

from __future__ import annotations

import codecs
import datetime as dt
from decimal import Decimal

import pytest

from jahesh.core.jalali import month_index
from jahesh.registry.importers import cells
from jahesh.registry.importers.columns import LAYOUTS, ORIGIN, OWNERSHIP, header_key
from jahesh.registry.importers.reading import FileError, open_table


@pytest.mark.parametrize("text", ["1403/07/15", "۱۴۰۳/۰۷/۱۵", "1403-7-15", "١٤٠٣/٧/١٥", "14030715", 14030715])
def test_jalali_dates_in_every_common_spelling(text):
    assert cells.jalali_date(text) == dt.date(2024, 10, 6)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1403/07", (1403, 7)),
        ("مهر ۱۴۰۳", (1403, 7)),
        (140307, (1403, 7)),
        (1403.1, (1403, 10)),
        ("1403-12", (1403, 12)),
    ],
)
def test_jalali_months(raw, expected):
    assert cells.jalali_month(raw) == month_index(*expected)


def test_a_month_after_the_latest_is_refused():
    with pytest.raises(cells.CellError):
        cells.jalali_month("1403/08", latest=month_index(1403, 7))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۱٬۲۰۰٬۰۰۰", Decimal("1200000")),
        ("1,234.5", Decimal("1234.5")),
        (0.1 + 0.2, Decimal("0.3")),
        (7, Decimal(7)),
    ],
)
def test_numbers_in_any_digits_with_separators(raw, expected):
    assert cells.decimal(raw, places=3) == expected


@pytest.mark.parametrize("raw", ["12,5", "abc", True, "1.2.3"])
def test_what_is_not_a_number(raw):
    with pytest.raises(cells.CellError):
        cells.decimal(raw, places=3)


def test_identifiers_get_back_what_excel_took():
    assert cells.national_code(19074832) == "0019074832"
    assert cells.hs6(10121) == "010121" and cells.hs6("۲۵۲۳-۲۹") == "252329"
    assert cells.isic(111) == "0111"
    assert cells.legal_id(10398259792.0) == "10398259792"
    with pytest.raises(cells.CellError):
        cells.legal_id(1.5)


def test_percent_yes_no_and_coded_words():
    assert cells.percent("۳۵٪") == Decimal("0.350") and cells.percent(12.5) == Decimal("0.125")
    assert cells.boolean("بله") and cells.boolean("✓") and not cells.boolean("خير") and not cells.boolean(0)
    assert OWNERSHIP.parse("تمليكي") == "bank_owned" and OWNERSHIP.parse("Bank-Owned") == "bank_owned"
    assert ORIGIN.parse("سایر استانها") == "other_region"
    with pytest.raises(cells.CellError):
        OWNERSHIP.parse("شرکتی")


def test_no_header_names_two_columns_of_a_layout():
    for layout in LAYOUTS.values():
        assert len(layout._keys) >= len(layout.columns)  # building the index raises on an ambiguous header


def test_headers_match_through_the_search_key():
    assert header_key("شناسه كسب و كار *") == header_key("شناسه کسب‌وکار")


def _table(path):
    return open_table(path, LAYOUTS["units"].count_known)


def test_utf16_tab_separated_text_as_excel_saves_unicode_text(tmp_path):
    path = tmp_path / "units.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "شناسه ملی\tنام واحد\n10398259792\tالف\n".encode("utf-16-le"))
    table = _table(path)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert list(table.rows()) == [(2, ("10398259792", "الف"))]


def test_a_table_with_no_known_header_is_unreadable(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("hello,world\n1,2\n", encoding="utf-8")
    with pytest.raises(FileError):
        _table(path)

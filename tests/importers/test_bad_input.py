"""Each class of bad input of issue 3's "Done when": a row-by-row report, and nothing written.

A wrong checksum, an unknown county, 30 Esfand of a year that is not leap, a duplicate row, an empty file and
a file that is not a spreadsheet are refused; a Windows-1256 CSV, as Iranian Excel saves it, is read right.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from jahesh.registry.importers import run_import
from jahesh.registry.models import ProductLine, Unit

from .conftest import LEGAL_A, LEGAL_B, UNIT_HEADER, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

GOOD = [
    LEGAL_A,
    None,
    "کاشی نو",
    None,
    "شمالی",
    None,
    "2392",
    "1398/04/12",
    "690790",
    "کاشی",
    "مترمربع",
    250000,
]


def row(**changes):
    values = dict(zip(UNIT_HEADER, GOOD, strict=True))
    values.update(changes)
    return list(values.values())


def problems(result):
    with translation.override("en"):
        return [(p.row, p.column, p.value, p.message()) for p in result.all_problems]


def run(world, path, **kw):
    return run_import("units", path, region=world.region, user=world.users["secretariat"], **kw)


def test_a_wrong_checksum_is_reported_on_its_row_and_nothing_is_written(world, tmp_path, db_state):
    before = db_state()
    bad = LEGAL_B[:-1] + str((int(LEGAL_B[-1]) + 1) % 10)
    path = write_xlsx(
        tmp_path / "units.xlsx", [UNIT_HEADER, row(), row(**{"شناسه ملی": bad, "نام واحد": "دوم"})]
    )
    result = run(world, path)
    assert result.exit_code == 1 and not result.written
    [(row_no, column, value, message)] = problems(result)
    assert (row_no, column, value) == (3, "legal_id", bad)
    assert "check digit" in message
    assert result.rows == 2 and result.invalid_rows == 1 and result.taken_rows == 1
    assert db_state() == before  # the good row 2 was not written either: all or nothing


def test_an_unknown_county_is_reported_with_the_known_ones(world, tmp_path, db_state):
    before = db_state()
    path = write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER, row(**{"شهرستان": "گرمسار"})])
    result = run(world, path)
    [(row_no, column, value, message)] = problems(result)
    assert (row_no, column, value) == (2, "county", "گرمسار")
    assert "not a county" in message and "شمالی" in message and "جنوبی" in message
    assert db_state() == before


def test_30_esfand_of_a_year_that_is_not_leap_is_refused(world, tmp_path, db_state):
    before = db_state()
    path = write_xlsx(
        tmp_path / "units.xlsx", [UNIT_HEADER, row(**{"تاریخ پروانه بهره‌برداری": "۱۴۰۲/۱۲/۳۰"})]
    )
    result = run(world, path)
    [(row_no, column, value, message)] = problems(result)
    assert (row_no, column, value) == (2, "operating_licence_date", "۱۴۰۲/۱۲/۳۰")
    assert message == "1402 is not a leap year: Esfand has 29 days, so there is no day 30."
    assert db_state() == before
    # 1403 is leap: the same day of 1403 is taken.
    path = write_xlsx(tmp_path / "ok.xlsx", [UNIT_HEADER, row(**{"تاریخ پروانه بهره‌برداری": "1403-12-30"})])
    assert run(world, path).exit_code == 0
    assert str(Unit.objects.get(legal_id=LEGAL_A).operating_licence_date) == "2025-03-20"


def test_a_windows_1256_csv_as_iranian_excel_saves_it_is_read_correctly(world, tmp_path):
    path = write_csv(
        tmp_path / "units.csv",
        [UNIT_HEADER, row(**{"نام واحد": "کاشی و سرامیک یزد", "شهرستان": "جنوبی", "نام محصول": "کاشی کف"})],
        encoding="cp1256",
    )
    raw = path.read_bytes()
    assert b"\xed" in raw and b"\xef\xbb" not in raw  # Arabic yeh (Windows-1256 has no Persian one), no BOM
    result = run(world, path)
    assert result.exit_code == 0, problems(result)
    unit = Unit.objects.get(legal_id=LEGAL_A)
    assert unit.name == "کاشی و سرامیک یزد" and unit.county == world.counties[1]  # Persian yeh restored
    assert unit.product_lines.get().name == "کاشی کف"


def test_a_duplicate_row_is_reported_and_nothing_is_written(world, tmp_path, db_state):
    before = db_state()
    path = write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER, row(), row()])
    result = run(world, path)
    [(row_no, column, _value, message)] = problems(result)
    assert (row_no, column) == (3, "product") and "Row 2 already gives the same key" in message
    assert db_state() == before


def test_a_unit_given_twice_apart_is_a_duplicate(world, tmp_path, db_state):
    before = db_state()
    other = row(**{"شناسه ملی": LEGAL_B, "نام واحد": "دیگر"})
    path = write_xlsx(
        tmp_path / "units.xlsx", [UNIT_HEADER, row(), other, row(**{"نام محصول": "کاشی دیوار"})]
    )
    result = run(world, path)
    [(row_no, _column, _value, message)] = problems(result)
    assert row_no == 4 and "already appeared at row 2" in message
    assert db_state() == before


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"], ids=["no bytes", "blank lines"])
def test_an_empty_file_is_refused_as_unreadable(world, tmp_path, db_state, content):
    before = db_state()
    path = tmp_path / "units.csv"
    path.write_bytes(content)
    result = run(world, path)
    assert result.exit_code == 2
    assert problems(result) == [(None, "", "", "The file is empty.")]
    assert db_state() == before


def test_a_header_without_rows_is_reported(world, tmp_path, db_state):
    before = db_state()
    result = run(world, write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER]))
    assert result.exit_code == 1
    assert problems(result) == [(1, "", "", "The file has a header row but no data rows.")]
    assert db_state() == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "neither an Excel workbook"),
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n\x00\x01\x02\x03endstream",
            "neither an Excel",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel 97-2003 (.xls)"),
        (b"PK\x03\x04" + b"\x00" * 100, "not an Excel workbook"),
    ],
    ids=["png", "pdf", "xls", "broken zip"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_clear_message(
    world, tmp_path, db_state, content, expected
):
    before = db_state()
    path = tmp_path / "units.xlsx"  # the name says Excel; the content decides
    path.write_bytes(content)
    result = run(world, path)
    assert result.exit_code == 2
    [(row_no, _column, _value, message)] = problems(result)
    assert row_no is None and expected in message
    assert db_state() == before


def test_a_word_document_is_not_a_workbook(world, tmp_path):
    import zipfile

    path = tmp_path / "units.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    result = run(world, path)
    assert result.exit_code == 2 and "neither an Excel workbook" in problems(result)[0][3]


def test_missing_required_columns_are_named(world, tmp_path, db_state):
    before = db_state()
    header = [h for h in UNIT_HEADER if h not in ("شهرستان", "کد آیسیک")]
    values = [v for h, v in zip(UNIT_HEADER, GOOD, strict=True) if h not in ("شهرستان", "کد آیسیک")]
    result = run(world, write_xlsx(tmp_path / "units.xlsx", [header, values]))
    assert result.exit_code == 1
    messages = [m for _r, _c, _v, m in problems(result)]
    assert any("شهرستان / County" in m for m in messages) and any(
        "کد آیسیک / ISIC code" in m for m in messages
    )
    assert db_state() == before


def test_many_bad_cells_in_one_row_are_each_reported(world, tmp_path, db_state):
    before = db_state()
    bad = row(**{"کد آیسیک": "9999", "کد تعرفه (HS)": "770000", "ظرفیت اسمی سالانه": "-5", "شهرستان": ""})
    result = run(world, write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER, bad]))
    assert {c for _r, c, _v, _m in problems(result)} == {"isic", "hs_code", "nominal_capacity", "county"}
    assert db_state() == before
    assert ProductLine.objects.filter(hs_code="770000").count() == 0

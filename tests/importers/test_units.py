"""Importing units and product lines: keys, merged cells, Excel's habits, the audit trail, idempotence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from jahesh.core.models import AuditEvent
from jahesh.registry.importers import run_import
from jahesh.registry.models import ProductLine, Unit

from .conftest import LEGAL_A, LEGAL_B, NATIONAL_CODE, UNIT_HEADER, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run(world, path, **kw):
    return run_import("units", path, region=world.region, user=world.users["secretariat"], **kw)


def problems(result):
    with translation.override("en"):
        return [(p.row, p.column, p.message()) for p in result.all_problems]


ROWS = [
    UNIT_HEADER,
    [
        LEGAL_A,
        None,
        "سيمان شرق",
        None,
        "شمالي",
        "شهرک صنعتی شمال",
        "2394",
        "۱۳۹۸/۰۴/۱۲",
        "252329",
        "سیمان",
        "تن",
        "۱٬۲۰۰٬۰۰۰",
    ],
    # The unit's columns left blank: Excel reads merged cells that way.
    [None, None, None, None, None, None, None, None, 252310, "کلینکر", "تن", 900000],
    # A unit known by its owner's national code (Excel dropped its two leading zeros) and name.
    [None, None, "نان صنعتی", 19074832, "North", None, "1071", "1403-7-15", 190590, "نان", "تن", 1500.5],
]


def test_units_and_lines_are_created_with_their_audit_trail(world, tmp_path):
    result = run(world, write_xlsx(tmp_path / "units.xlsx", ROWS))
    assert result.exit_code == 0, problems(result)
    assert result.counts == {"units_created": 2, "lines_created": 3}
    cement = Unit.objects.get(legal_id=LEGAL_A)
    assert cement.name == "سيمان شرق"  # stored as typed, Arabic yeh and all
    assert cement.name_key == "سیمان شرق" and cement.county == world.counties[0]
    assert cement.estate.name == "شهرک صنعتی شمال" and cement.operating_licence_date == dt.date(2019, 7, 3)
    assert sorted(cement.product_lines.values_list("hs_code", "nominal_capacity")) == [
        ("252310", Decimal("900000.000")),
        ("252329", Decimal("1200000.000")),
    ]
    bakery = Unit.objects.get(owner_national_code=NATIONAL_CODE)
    assert bakery.legal_id is None and bakery.county.name_en == "North"
    line = bakery.product_lines.get()
    assert line.hs_code == "190590" and line.nominal_capacity == Decimal("1500.500")
    events = AuditEvent.objects.filter(source="import")
    assert events.filter(action="unit.created").count() == 2
    assert events.filter(action="product_line.created").count() == 3
    assert {e.note for e in events} == {"import units: units.xlsx"}
    assert {e.actor.username for e in events} == {"secretariat"}
    assert events.get(action="unit.created", unit=cement).after["county"] == world.counties[0].pk


def test_importing_the_same_file_again_changes_nothing(world, tmp_path, db_state):
    path = write_xlsx(tmp_path / "units.xlsx", ROWS)
    assert run(world, path).exit_code == 0
    before = db_state()
    again = run(world, path)
    assert again.exit_code == 0 and again.counts == {} and again.written
    assert db_state() == before  # no row rewritten (updated_at unchanged), no audit event


def test_a_changed_cell_updates_that_field_only_and_is_audited(world, tmp_path):
    run(world, write_xlsx(tmp_path / "units.xlsx", ROWS))
    changed = [list(r) for r in ROWS]
    changed[1][2] = "سیمان شرق نو"
    changed[2][11] = 950000
    result = run(world, write_xlsx(tmp_path / "units2.xlsx", changed))
    assert result.counts == {"units_updated": 1, "lines_updated": 1}
    unit = Unit.objects.get(legal_id=LEGAL_A)
    assert unit.name == "سیمان شرق نو" and unit.name_key == "سیمان شرق نو" and unit.version == 2
    event = AuditEvent.objects.get(action="unit.updated")
    assert event.before == {"name": "سيمان شرق"} and event.after == {"name": "سیمان شرق نو"}
    event = AuditEvent.objects.get(action="product_line.updated")
    assert event.before == {"nominal_capacity": "900000.000"} and event.after == {
        "nominal_capacity": "950000.000"
    }


def test_valid_only_takes_the_good_units_and_reports_the_others(world, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[3][6] = "12"  # a bad ISIC class on the national-code unit
    result = run(world, write_xlsx(tmp_path / "units.xlsx", rows), valid_only=True)
    assert result.exit_code == 1 and result.written
    assert problems(result)[0][:2] == (4, "isic")
    assert result.taken_rows == 2 and result.invalid_rows == 1
    assert Unit.objects.filter(legal_id=LEGAL_A).exists()
    assert not Unit.objects.filter(owner_national_code=NATIONAL_CODE).exists()


def test_valid_only_leaves_out_a_unit_whole_when_one_of_its_rows_is_bad(world, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[2][11] = 0  # the unit's second product line has no capacity
    result = run(world, write_xlsx(tmp_path / "units.xlsx", rows), valid_only=True)
    assert problems(result) == [(3, "nominal_capacity", "The number must be greater than zero.")]
    assert result.invalid_rows == 1 and result.skipped_rows == 1 and result.taken_rows == 1
    assert not Unit.objects.filter(legal_id=LEGAL_A).exists()
    assert Unit.objects.filter(owner_national_code=NATIONAL_CODE).exists()


def test_a_dry_run_counts_the_changes_and_writes_nothing(world, tmp_path, db_state):
    before = db_state()
    result = run(world, write_xlsx(tmp_path / "units.xlsx", ROWS), dry_run=True)
    assert result.exit_code == 0 and not result.written
    assert result.counts == {"units_created": 2, "lines_created": 3}
    assert db_state() == before


def test_english_headers_and_a_semicolon_csv(world, tmp_path):
    header = [
        "Legal-entity national ID",
        "Unit name",
        "County",
        "ISIC code",
        "HS code",
        "Product",
        "Unit of measure",
    ]
    header += ["Nominal annual capacity", "Export-oriented", "Notes"]
    rows = [header, [LEGAL_B, "Dairy", "south", "1050", "040120", "Milk", "t", "12,000.5", "yes", "anything"]]
    result = run(world, write_csv(tmp_path / "units.csv", rows, delimiter=";"))
    assert result.exit_code == 0, problems(result)
    assert result.ignored_columns == ["Notes"]
    line = ProductLine.objects.get(unit__legal_id=LEGAL_B)
    assert line.export_oriented and line.nominal_capacity == Decimal("12000.500")


def test_headers_tolerate_spacing_half_spaces_arabic_letters_and_a_title_row(world, tmp_path):
    header = ["شناسه  ملي *", "شناسه كسب و كار", "نام واحد", "شهرستان", "كد آيسيك", "کد تعرفه", "نام محصول"]
    header += ["واحد سنجش", "ظرفیت اسمی"]
    rows = [
        ["فهرست واحدهای صنعتی استان — تهیه‌شده در دبیرخانه"],
        [],
        header,
        [LEGAL_A, "۱۲۳۴۵۶۷۸۹۰۱۲", "فولاد", "جنوبی", "۲۴۱۰", "۷۲۰۷۱۱", "شمش", "تن", "۵۰۰۰۰"],
    ]
    result = run(world, write_xlsx(tmp_path / "units.xlsx", rows))
    assert result.exit_code == 0, problems(result)
    unit = Unit.objects.get(legal_id=LEGAL_A)
    assert unit.business_id == "123456789012" and unit.isic == "2410"


def test_a_unit_found_by_its_business_id_gets_its_legal_id(world, tmp_path):
    unit = world.units[1]
    Unit.objects.filter(pk=unit.pk).update(
        business_id="111122223333", legal_id=None, owner_national_code=NATIONAL_CODE
    )
    header = ["شناسه ملی", "شناسه کسب‌وکار", "نام واحد", "شهرستان", "کد آیسیک"]
    rows = [header, [LEGAL_B, "111122223333", unit.name, "جنوبی", "2392"]]
    result = run(world, write_xlsx(tmp_path / "units.xlsx", rows))
    assert result.counts == {"units_updated": 1}, problems(result)
    unit.refresh_from_db()
    assert unit.legal_id == LEGAL_B


def test_a_business_id_registered_to_another_unit_is_refused(world, tmp_path, db_state):
    Unit.objects.filter(pk=world.units[1].pk).update(business_id="111122223333")
    before = db_state()
    header = ["شناسه ملی", "شناسه کسب‌وکار", "نام واحد", "شهرستان", "کد آیسیک"]
    rows = [header, [world.units[0].legal_id, "111122223333", "x", "شمالی", "2394"]]
    result = run(world, write_xlsx(tmp_path / "units.xlsx", rows))
    [(row, column, message)] = problems(result)
    assert (row, column) == (2, "business_id") and "کاشی جنوب" in message
    assert db_state() == before


def test_an_estate_of_another_county_is_refused(world, tmp_path):
    rows = [UNIT_HEADER[:7], [LEGAL_A, None, "x", None, "جنوبی", "شمال", "2394"]]
    result = run(world, write_xlsx(tmp_path / "units.xlsx", rows))
    [(row, column, message)] = problems(result)
    assert (row, column) == (2, "estate") and "is in the county شمالی, not in جنوبی" in message


def test_a_new_unit_needs_a_legal_id_or_an_owners_code(world, tmp_path):
    header = ["شناسه کسب‌وکار", "نام واحد", "شهرستان", "کد آیسیک"]
    result = run(world, write_xlsx(tmp_path / "units.xlsx", [header, ["999988887777", "x", "شمالی", "2394"]]))
    assert problems(result) == [
        (2, "", "A unit not yet registered needs its legal-entity national ID or its owner's national code.")
    ]


def test_status_is_refreshed_for_the_units_the_import_touched(world, tmp_path):
    unit = Unit.objects.get(pk=world.units[0].pk)
    assert unit.status == "active"
    header = ["شناسه ملی", "نام واحد", "شهرستان", "کد آیسیک", "وضعیت مجوز"]
    rows = [header, [unit.legal_id, unit.name, "شمالی", unit.isic, "ابطال"]]
    assert run(world, write_xlsx(tmp_path / "units.xlsx", rows)).exit_code == 0
    unit.refresh_from_db()
    assert unit.licence_stage == "cancelled" and unit.status == "closed"
    assert AuditEvent.objects.filter(action="unit.status", unit=unit).exists()


def test_columns_absent_from_the_file_keep_their_values(world, tmp_path):
    unit = world.units[0]
    Unit.objects.filter(pk=unit.pk).update(address="نشانی قدیم", licensed_employment=40)
    header = ["شناسه ملی", "نام واحد", "شهرستان", "کد آیسیک", "اشتغال طبق پروانه"]
    rows = [header, [unit.legal_id, unit.name, "شمالی", unit.isic, None]]
    assert run(world, write_xlsx(tmp_path / "units.xlsx", rows)).counts == {"units_updated": 1}
    unit.refresh_from_db()
    assert unit.address == "نشانی قدیم"  # no address column: untouched
    assert unit.licensed_employment is None  # the column is there and blank: cleared


def test_a_later_row_that_contradicts_the_units_first_row_is_refused(world, tmp_path):
    rows = [list(r) for r in ROWS[:3]]
    rows[2][0], rows[2][4] = LEGAL_A, "جنوبی"
    result = run(world, write_xlsx(tmp_path / "units.xlsx", rows))
    [(row, column, message)] = problems(result)
    assert (row, column) == (3, "county") and "differs from row 2" in message


def test_new_units_get_the_status_refresh_status_would_give_them(world, tmp_path):
    from jahesh.registry.status import refresh_status

    rows = [list(r) for r in ROWS]
    header = [*UNIT_HEADER, "وضعیت مجوز"]
    rows = [header, [*rows[1], "در حال احداث"], [*rows[2], None], [*rows[3], "ابطال"]]
    assert run(world, write_xlsx(tmp_path / "units.xlsx", rows)).exit_code == 0
    assert Unit.objects.get(legal_id=LEGAL_A).status == "construction"
    assert Unit.objects.get(owner_national_code=NATIONAL_CODE).status == "closed"
    assert refresh_status(Unit.objects.values_list("pk", flat=True)) == 0

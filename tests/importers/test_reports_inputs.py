"""Importing monthly reports (one row per product line and month) and inputs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from jahesh.core import jalali
from jahesh.core.models import AuditEvent
from jahesh.registry.importers import run_import
from jahesh.registry.models import Input, MonthlyReport, Unit
from jahesh.registry.stats import current_report_month

from .conftest import write_xlsx

pytestmark = pytest.mark.django_db

REPORT_HEADER = ["شناسه ملی", "نام واحد", "ماه (شمسی)", "اشتغال", "فروش (ریال)", "کد تعرفه (HS)", "نام محصول"]
REPORT_HEADER += ["تولید ماه", "صادرات (دلار)", "کشور مقصد"]


def label(index: int, persian: bool = False) -> str:
    year, month = jalali.from_month_index(index)
    text = f"{year}/{month:02d}"
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) if persian else text


def problems(result):
    with translation.override("en"):
        return [(p.row, p.column, p.message()) for p in result.all_problems]


def run(kind, world, path, **kw):
    return run_import(kind, path, region=world.region, user=world.users["secretariat"], **kw)


@pytest.fixture
def new_unit(world):
    """A unit with two product lines and no reports yet."""
    from jahesh.registry.models import ProductLine

    unit = Unit.objects.create(
        region=world.region, name="لبنیات تازه", county=world.counties[0], isic="1050", legal_id="10398259792"
    )
    ProductLine.objects.create(
        unit=unit, hs_code="040120", name="شیر", unit_of_measure="تن", nominal_capacity=12000
    )
    ProductLine.objects.create(
        unit=unit, hs_code="040630", name="پنیر", unit_of_measure="تن", nominal_capacity=600
    )
    return unit


def test_a_report_takes_one_row_per_product_line_with_exports_alongside(world, new_unit, countries, tmp_path):
    month = current_report_month()
    rows = [
        REPORT_HEADER,
        [
            new_unit.legal_id,
            None,
            label(month, persian=True),
            "۴۲",
            "۱٬۵۰۰٬۰۰۰٬۰۰۰",
            "040120",
            "شير",
            "۹۰۰",
            12000,
            "عراق",
        ],
        [None, None, None, None, None, "040630", "پنیر", 30.5, 800, "AFG"],
        [None, None, None, None, None, None, None, None, 150, "China"],
    ]
    result = run("reports", world, write_xlsx(tmp_path / "reports.xlsx", rows))
    assert result.exit_code == 0, problems(result)
    report = MonthlyReport.objects.get(unit=new_unit, month=month)
    assert (report.employment, report.sales_irr, report.state) == (42, Decimal("1500000000"), "submitted")
    assert sorted(report.lines.values_list("product_line__name", "output")) == [
        ("شیر", Decimal("900.000")),
        ("پنیر", Decimal("30.500")),
    ]
    assert dict(report.exports.values_list("country_id", "value_usd")) == {
        "IRQ": 12000,
        "AFG": 800,
        "CHN": 150,
    }
    new_unit.refresh_from_db()
    assert new_unit.last_report_month == month  # the unit's status was refreshed
    event = AuditEvent.objects.get(action="report.submitted", unit=new_unit)
    assert event.source == "import" and event.after["exports"] == {"AFG": "800", "CHN": "150", "IRQ": "12000"}


def test_reports_for_several_months_of_one_unit_under_a_merged_identity(world, new_unit, tmp_path):
    now = current_report_month()
    rows = [REPORT_HEADER]
    for i, month in enumerate(range(now - 2, now + 1)):
        rows.append(
            [new_unit.legal_id if i == 0 else None, None, label(month), 40 + i, None, "040120", "شیر", 800]
        )
    result = run("reports", world, write_xlsx(tmp_path / "reports.xlsx", rows))
    assert result.exit_code == 0, problems(result)
    assert list(new_unit.reports.order_by("month").values_list("employment", flat=True)) == [40, 41, 42]


def test_a_month_that_has_not_ended_is_refused(world, new_unit, tmp_path, db_state):
    before = db_state()
    rows = [
        REPORT_HEADER,
        [new_unit.legal_id, None, label(current_report_month() + 1), 40, None, "040120", "شیر", 5],
    ]
    result = run("reports", world, write_xlsx(tmp_path / "reports.xlsx", rows))
    [(row, column, message)] = problems(result)
    assert (row, column) == (2, "month") and "has not ended yet" in message
    assert db_state() == before


def test_unknown_unit_unknown_product_and_implausible_output_are_reported(
    world, new_unit, tmp_path, db_state
):
    before = db_state()
    month = label(current_report_month())
    rows = [
        REPORT_HEADER,
        ["10787789328", None, month, 5, None, "040120", "شیر", 5],
        [new_unit.legal_id, None, month, 5, None, "040120", "ماست", 5],
        [None, None, None, None, None, "040630", "پنیر", 301],  # 600 a year: at most half of it in a month
    ]
    result = run("reports", world, write_xlsx(tmp_path / "reports.xlsx", rows))
    assert [(r, c) for r, c, _m in problems(result)] == [(2, ""), (3, "product"), (4, "output")]
    assert "import the units first" in problems(result)[0][2]
    assert "half the annual nominal capacity" in problems(result)[2][2]
    assert db_state() == before


def test_a_stored_seasonal_peak_reads_back_but_a_new_one_is_questioned(world, tmp_path, db_state):
    from jahesh.registry import exports

    unit = world.units[0]
    report = MonthlyReport.objects.filter(unit=unit).order_by("month").first()
    report.lines.update(output=7000)  # over half the annual capacity in one month: a stored outlier
    path = tmp_path / "reports.xlsx"
    rows = exports.rows_for(
        "reports", Unit.objects.filter(pk=unit.pk), MonthlyReport.objects.all(), lang="fa"
    )
    exports.write_file(path, exports.export_chunks("reports", "xlsx", rows, lang="fa"))
    before = db_state()
    assert run("reports", world, path).exit_code == 0 and db_state() == before
    report.delete()
    result = run("reports", world, path)
    assert [(r, c) for r, c, _m in problems(result)] == [(2, "output")]


def test_an_accepted_report_is_kept_unless_the_secretariat_corrects_it(world, tmp_path, db_state):
    unit = world.units[0]
    month = current_report_month()
    line = unit.product_lines.get()
    header = ["شناسه ملی", "ماه (شمسی)", "اشتغال", "کد تعرفه (HS)", "نام محصول", "تولید ماه"]
    same = [header, [unit.legal_id, label(month), 40, line.hs_code, line.name, 900]]
    before = db_state()
    assert run("reports", world, write_xlsx(tmp_path / "same.xlsx", same)).counts == {}  # unchanged: fine
    assert db_state() == before

    changed = [header, [unit.legal_id, label(month), 44, line.hs_code, line.name, 950]]
    path = write_xlsx(tmp_path / "changed.xlsx", changed)
    result = run("reports", world, path)
    [(row, column, message)] = problems(result)
    assert (row, column) == (2, "month") and "was accepted already" in message
    assert db_state() == before

    result = run("reports", world, path, correct_accepted=True)
    assert result.counts == {"reports_updated": 1}
    report = MonthlyReport.objects.get(unit=unit, month=month)
    assert (report.employment, report.state, report.version) == (44, "submitted", 2)
    assert report.lines.get().output == 950
    event = AuditEvent.objects.get(action="report.corrected")
    assert event.before["state"] == "accepted" and event.after["employment"] == 44


def test_the_secretariat_may_accept_reports_on_import(world, new_unit, tmp_path):
    rows = [
        REPORT_HEADER,
        [new_unit.legal_id, None, label(current_report_month()), 12, None, "040120", "شیر", 1],
    ]
    path = write_xlsx(tmp_path / "reports.xlsx", rows)
    run("reports", world, path)
    assert new_unit.reports.get().state == "submitted"
    result = run("reports", world, path, accept=True)
    assert result.counts == {"reports_accepted": 1}
    report = new_unit.reports.get()
    assert report.state == "accepted" and report.reviewed_by == world.users["secretariat"]
    new_unit.refresh_from_db()
    assert new_unit.last_accepted_month == current_report_month()
    assert run("reports", world, path, accept=True).counts == {}


def test_a_report_row_repeated_is_a_duplicate(world, new_unit, tmp_path):
    row = [new_unit.legal_id, None, label(current_report_month()), 12, None, "040120", "شیر", 1]
    result = run("reports", world, write_xlsx(tmp_path / "reports.xlsx", [REPORT_HEADER, row, row]))
    [(r, column, message)] = problems(result)
    assert (r, column) == (3, "product") and "Row 2 already gives the same key" in message


INPUT_HEADER = [
    "شناسه ملی",
    "کد تعرفه (HS)",
    "نام محصول",
    "کد تعرفه نهاده (HS)",
    "نام نهاده",
    "واحد سنجش نهاده",
]
INPUT_HEADER += [
    "مقدار مصرف به ازای هر واحد محصول",
    "محل تأمین",
    "استان مبدأ",
    "کشور مبدأ",
    "سهم ارزی (درصد)",
]


def test_inputs_of_each_origin(world, new_unit, countries, tmp_path, db_state):
    rows = [
        INPUT_HEADER,
        [
            new_unit.legal_id,
            "040120",
            "شیر",
            "040110",
            "شیر خام",
            "تن",
            "1.05",
            "داخل استان",
            None,
            None,
            None,
        ],
        [
            new_unit.legal_id,
            "040630",
            "پنیر",
            "350790",
            "مایه پنیر",
            "کیلوگرم",
            "0.2",
            "وارداتی",
            None,
            "CHN",
            "۳۵٪",
        ],
        [
            new_unit.legal_id,
            "040630",
            "پنیر",
            "250100",
            "نمک",
            "کیلوگرم",
            2,
            "سایر استان‌ها",
            "قم",
            None,
            None,
        ],
    ]
    path = write_xlsx(tmp_path / "inputs.xlsx", rows)
    result = run("inputs", world, path)
    assert result.counts == {"inputs_created": 3}, problems(result)
    rennet = Input.objects.get(name="مایه پنیر")
    assert rennet.origin_country_id == "CHN" and rennet.fx_share == Decimal("0.350")
    assert Input.objects.get(name="نمک").origin_region == "قم"
    before = db_state()
    assert run("inputs", world, path).counts == {}
    assert db_state() == before


def test_an_imported_input_needs_its_country_and_the_product_line_must_exist(
    world, new_unit, countries, tmp_path
):
    rows = [
        INPUT_HEADER,
        [new_unit.legal_id, "040120", "شیر", "040110", "شیر خام", "تن", 1, "imported", None, None, None],
        [new_unit.legal_id, "040120", "ماست", "040110", "شیر خام", "تن", 1, "داخل استان", None, None, None],
        [new_unit.legal_id, "040120", "شیر", "392310", "بطری", "عدد", 1, "وارداتی", None, "Atlantis", None],
    ]
    result = run("inputs", world, write_xlsx(tmp_path / "inputs.xlsx", rows))
    assert [(r, c) for r, c, _m in problems(result)] == [
        (2, "origin_country"),
        (4, "origin_country"),
        (3, "product"),
    ]
    assert Input.objects.count() == 0

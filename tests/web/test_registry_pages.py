"""The registry's pages as their users meet them: status, database afterwards, query counts."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook

from jahesh.core import jalali
from jahesh.registry.models import MonthlyReport, Unit
from jahesh.registry.stats import current_report_month

pytestmark = pytest.mark.django_db


def chart_spec(html: str, chart_id: str) -> dict:
    match = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no chart data {chart_id}"
    return json.loads(match.group(1))


def month_text(index: int) -> str:
    y, m = jalali.from_month_index(index)
    return f"{y}/{m:02d}"


def test_overview_is_public_and_counts_units_by_status(world, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    spec = chart_spec(html, "chart-status")
    counts = {s["code"]: s["value"] for s in spec["series"]}
    assert counts == {"active": 2, "semi_active": 1, "idle": 1}
    idle = chart_spec(html, "chart-idle")
    assert dict(zip(idle["categories"], idle["series"][0]["data"], strict=True)) == {"شمالی": 0, "جنوبی": 1}


def test_overview_query_count_does_not_grow_with_units(world, client, django_assert_num_queries):
    # region, the units grouped by county, ISIC class and status, the counties. (Was 6: the units were read
    # four times, once per figure; stats.overview now sums every figure from one grouped query.)
    with django_assert_num_queries(3):
        client.get("/")


def test_unit_list_filters_by_county_and_status(world, client_for):
    client = client_for("secretariat")
    south = world.counties[1]
    html = client.get("/units/", {"county": south.pk, "status": "idle"}).content.decode()
    assert "فروسیلیس راکد" in html
    assert "کاشی جنوب" not in html and "کارخانه سیمان شمال" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"band": "lt25"}, {"فروسیلیس راکد"}),
        ({"band": "25to50"}, {"کاشی جنوب"}),
        ({"band": "gte80"}, {"کارخانه سیمان شمال"}),
        ({"freshness": "warning"}, {"فروسیلیس راکد"}),
        ({"isic": "23"}, {"کاشی جنوب", "کارخانه سیمان شمال"}),
        ({"q": "سيمان"}, {"کارخانه سیمان شمال"}),  # typed with Arabic yeh
        ({"q": "كاشي"}, {"کاشی جنوب"}),  # Arabic kaf and yeh
        ({"status": ["active", "semi_active"]}, {"کارخانه سیمان شمال", "کاشی جنوب", "لبنیات دیگر"}),
    ],
)
def test_unit_list_filters(world, client_for, params, expected):
    html = client_for("secretariat").get("/units/", params).content.decode()
    shown = {u.name for u in world.units if u.name in html}
    assert shown == expected


def test_unit_list_searches_identifiers_in_any_digits(world, client_for):
    unit = world.units[1]
    persian = unit.legal_id.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    html = client_for("secretariat").get("/units/", {"q": persian}).content.decode()
    assert unit.name in html and world.units[0].name not in html


def test_unit_list_bad_filter_values_are_ignored_with_a_message(world, client_for):
    response = client_for("secretariat").get("/units/", {"county": "xyz", "band": "nope", "page": "-3"})
    assert response.status_code == 200
    assert all(u.name in response.content.decode() for u in world.units)


def test_unit_list_query_count_is_fixed(world, client_for, django_assert_num_queries):
    from jahesh.registry.models import ProductLine

    client = client_for("secretariat")
    client.get("/units/")  # warm the session
    # Add 30 more units: the page must not issue one more query per unit.
    template = world.units[0]
    for i in range(30):
        u = Unit.objects.create(
            region=world.region,
            name=f"واحد {i}",
            county=template.county,
            isic="2394",
            owner_national_code="0499370899",
        )
        ProductLine.objects.create(
            unit=u, hs_code="252329", name="x", unit_of_measure="t", nominal_capacity=1
        )
    # session, user, unread notifications (the badge), region, counties, estates (filter form), count, page.
    with django_assert_num_queries(8):
        response = client.get("/units/")
    assert response.status_code == 200


def test_unit_list_htmx_renders_only_the_table(world, client_for):
    response = client_for("secretariat").get("/units/", {"status": "idle"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "فروسیلیس راکد" in html


def test_unit_export_matches_the_filtered_list(world, client_for):
    response = client_for("secretariat").get("/units/export.xlsx", {"county": world.counties[1].pk})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    names = {row[2] for row in rows[1:]}
    assert names == {"کاشی جنوب", "فروسیلیس راکد"}
    assert ws.sheet_view.rightToLeft


def test_unit_page_shows_status_reason_and_chart(world, client_for):
    unit = world.units[1]
    html = client_for("secretariat").get(f"/units/{unit.pk}/").content.decode()
    spec = chart_spec(html, "chart-utilisation")
    assert len(spec["categories"]) == 12
    assert spec["series"][0]["data"] == [30.0] * 12
    assert spec["threshold"] == 50.0
    assert 'id="status-reason"' in html


def test_unit_page_query_count_is_fixed(world, client_for, django_assert_num_queries):
    client = client_for("secretariat")
    client.get("/")
    # session, user, unread notifications (the badge), unit, lines + inputs, reports + exports, report lines,
    # events, representatives check.
    with django_assert_num_queries(10):
        client.get(f"/units/{world.units[0].pk}/")


def test_unit_rep_submits_a_report_with_a_jalali_month_in_persian_digits(world, client_for):
    unit = world.units[0]
    line = unit.product_lines.get()
    month = current_report_month() + 1  # the month now running is allowed once it ends; use next free month
    month = min(month, current_report_month())
    MonthlyReport.objects.filter(unit=unit, month=month).delete()
    y, m = jalali.from_month_index(month)
    persian_month = f"{y}/{m:02d}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    response = client_for("unit-rep").post(
        f"/units/{unit.pk}/reports/new/",
        {"month": persian_month, "employment": "۴۲", "sales_irr": "۱٬۲۰۰٬۰۰۰", f"line_{line.pk}": "۹۵۰"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = MonthlyReport.objects.get(unit=unit, month=month)
    assert report.state == "submitted" and report.employment == 42 and report.sales_irr == 1_200_000
    assert report.lines.get().output == 950
    assert report.submitted_by.username == "unit-rep"
    from jahesh.core.models import AuditEvent

    event = AuditEvent.objects.get(action="report.submitted", object_id=str(report.pk))
    assert event.actor.username == "unit-rep" and event.unit_id == unit.pk


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("month", "1403/13", None),
        ("month", "۱۵۰۰/۰۱", None),  # a month that has not ended
        ("employment", "چهل", None),
        ("employment", "-3", None),
        ("line", "abc", None),
        ("line", "99999999", None),  # far above capacity: a typing error
    ],
)
def test_bad_report_input_is_refused_and_nothing_is_written(world, client_for, field, value, message):
    unit = world.units[0]
    line = unit.product_lines.get()
    data = {"month": month_text(current_report_month() - 30), "employment": "10", f"line_{line.pk}": "5"}
    data[f"line_{line.pk}" if field == "line" else field] = value
    before = MonthlyReport.objects.count()
    response = client_for("unit-rep").post(f"/units/{unit.pk}/reports/new/", data)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert MonthlyReport.objects.count() == before


def test_an_accepted_report_cannot_be_overwritten_by_the_unit(world, client_for):
    unit = world.units[0]
    line = unit.product_lines.get()
    accepted = MonthlyReport.objects.filter(unit=unit, state="accepted").first()
    response = client_for("unit-rep").post(
        f"/units/{unit.pk}/reports/new/",
        {"month": month_text(accepted.month), "employment": "1", f"line_{line.pk}": "1"},
    )
    assert response.status_code == 400
    accepted.refresh_from_db()
    assert accepted.employment == 40 and accepted.lines.get().output == 900


def test_secretariat_accepts_and_returns_reports(world, client_for):
    unit = world.units[0]
    line = unit.product_lines.get()
    month = current_report_month() - 40
    client_for("unit-rep").post(
        f"/units/{unit.pk}/reports/new/",
        {"month": month_text(month), "employment": "9", f"line_{line.pk}": "3"},
    )
    report = MonthlyReport.objects.get(unit=unit, month=month)
    secretariat = client_for("secretariat")
    assert "لبنیات" not in secretariat.get("/reports/review/").content.decode()
    # Returning needs a reason.
    secretariat.post(f"/reports/{report.pk}/review/", {"decision": "return", "version": report.version})
    report.refresh_from_db()
    assert report.state == "submitted"
    secretariat.post(
        f"/reports/{report.pk}/review/",
        {"decision": "return", "reason": "رقم فروش ناقص است", "version": report.version},
    )
    report.refresh_from_db()
    assert report.state == "returned" and report.return_reason == "رقم فروش ناقص است"
    # The unit corrects it; a reviewer holding the old version is told the report changed.
    old_version = report.version
    client_for("unit-rep").post(
        f"/units/{unit.pk}/reports/new/",
        {"month": month_text(month), "employment": "9", f"line_{line.pk}": "4"},
    )
    response = secretariat.post(
        f"/reports/{report.pk}/review/", {"decision": "accept", "version": old_version}, follow=True
    )
    report.refresh_from_db()
    assert report.state == "submitted"
    assert response.status_code == 200
    secretariat.post(f"/reports/{report.pk}/review/", {"decision": "accept", "version": report.version})
    report.refresh_from_db()
    assert report.state == "accepted" and report.reviewed_by.username == "secretariat"


def test_admin_changes_thresholds_and_units_are_reclassified(world, client_for):
    from jahesh.core.models import AuditEvent

    client = client_for("admin")
    region = world.region
    response = client.post(
        "/settings/region/",
        {
            "low_capacity_percent": "۹۵",
            "idle_months": "6",
            "stale_months": "3",
            "stale_warning_months": "6",
            "version": region.version,
        },
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert str(region.low_capacity_threshold) == "0.950" and region.version == 2
    world.units[0].refresh_from_db()
    assert world.units[0].status == "semi_active"  # 90 % is now below the threshold
    event = AuditEvent.objects.get(action="region.settings")
    assert event.before == {"low_capacity_threshold": "0.500"} and event.after == {
        "low_capacity_threshold": "0.950"
    }
    # A second admin with the old version is refused and nothing changes.
    response = client.post(
        "/settings/region/",
        {
            "low_capacity_percent": "10",
            "idle_months": "6",
            "stale_months": "3",
            "stale_warning_months": "6",
            "version": 1,
        },
    )
    assert response.status_code == 400
    region.refresh_from_db()
    assert str(region.low_capacity_threshold) == "0.950"


def test_region_settings_refuse_nonsense(world, client_for):
    response = client_for("admin").post(
        "/settings/region/",
        {
            "low_capacity_percent": "150",
            "idle_months": "0",
            "stale_months": "6",
            "stale_warning_months": "3",
            "version": 1,
        },
    )
    assert response.status_code == 400
    world.region.refresh_from_db()
    assert str(world.region.low_capacity_threshold) == "0.500"

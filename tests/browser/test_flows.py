"""The main flows in a real browser: Persian, right to left, Jalali, charts drawn."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jahesh.core import jalali
from jahesh.registry.stats import current_report_month
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_overview_is_persian_rtl_with_charts(page, live_server, live_world, shot):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(
        page.locator("#chart-status + script, div.chart[data-chart='chart-status'] svg").first
    ).to_be_visible()
    # Every chart on the page was drawn.
    charts = page.locator("div.chart")
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg")).to_have_count(1)
    assert re.search("[۰-۹]", page.locator(".kpis").inner_text()), "counts are in Persian digits"
    shot("overview-fa")


def test_secretariat_filters_units_and_opens_a_unit_with_its_chart(
    page, live_server, live_world, sign_in, shot
):
    sign_in("secretariat", PASSWORD)
    page.goto(live_server.url + "/units/")
    rows = page.locator("table.units tbody tr")
    expect(rows).to_have_count(4)
    south = live_world.counties[1]
    page.select_option("#id_county", str(south.pk))
    expect(rows).to_have_count(2)
    page.check("input[name=status][value=idle]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("فروسیلیس راکد")
    assert f"county={south.pk}" in page.url and "status=idle" in page.url  # the filter is in the address
    shot("units-filtered-fa")
    page.click("text=فروسیلیس راکد")
    expect(page.locator("#unit-status")).to_have_text("راکد")
    expect(page.locator("div.chart[data-chart='chart-utilisation'] svg")).to_have_count(1)
    expect(page.locator("#status-reason")).to_contain_text("۶")
    shot("unit-idle-fa")


def test_unit_rep_submits_a_monthly_report_and_sees_it(page, live_server, live_world, sign_in, shot):
    from jahesh.registry.models import MonthlyReport

    unit = live_world.units[0]
    month = current_report_month() - 14  # a month this unit has not reported
    assert not MonthlyReport.objects.filter(unit=unit, month=month).exists()
    y, m = jalali.from_month_index(month)
    sign_in("unit-rep", PASSWORD)
    page.goto(f"{live_server.url}/units/{unit.pk}/")
    page.click("text=ثبت آمار ماهانه")
    page.fill("#id_month", f"{y}/{m:02d}".translate(PERSIAN))
    page.keyboard.press("Escape")
    page.fill("#id_employment", "۴۵")
    line = unit.product_lines.get()
    page.fill(f"#id_line_{line.pk}", "۸۰۰")
    shot("report-form-fa")
    page.click("button[type=submit].primary")
    expect(page.locator(".messages")).to_be_visible()
    label = jalali.format_jalali_month(y, m, lang="fa")
    expect(page.locator("#reports")).to_contain_text(label)
    shot("unit-after-report-fa")
    report = MonthlyReport.objects.get(unit=unit, month=month)
    assert report.employment == 45 and report.state == "submitted"


def test_unit_rep_cannot_open_another_unit(page, live_server, live_world, sign_in):
    sign_in("unit-rep", PASSWORD)
    other = live_world.units[3]
    response = page.goto(f"{live_server.url}/units/{other.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(other.name)
    page.goto(f"{live_server.url}/units/")
    expect(page.locator("table.units tbody tr")).to_have_count(1)


def test_language_switch_to_english(page, live_server, live_world, shot):
    page.goto(live_server.url + "/")
    page.click("button[name=language][value=en]")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_contain_text("at a glance")
    shot("overview-en")

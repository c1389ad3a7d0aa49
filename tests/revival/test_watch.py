"""The early-warning watch list: each reason fires on a hand-made history; the steepest fall first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jahesh.registry.models import MonthlyReport, ReportLine
from jahesh.registry.stats import current_report_month
from jahesh.revival import figures

pytestmark = pytest.mark.django_db


def _add(unit, months, output, employment):
    line = unit.product_lines.get()
    for m in months:
        r = MonthlyReport.objects.create(unit=unit, month=m, employment=employment, state="accepted")
        ReportLine.objects.create(report=r, product_line=line, output=Decimal(output))


@pytest.fixture
def history(world):
    now = current_report_month()
    active, other = world.units[0], world.units[3]
    # The active unit a year earlier at 900 t of 1,000 a month (90 %); its last three months at 450 (45 %).
    _add(active, range(now - 14, now - 11), "900", 40)
    ReportLine.objects.filter(report__unit=active, report__month__gt=now - 3).update(output=Decimal("450"))
    # The other unit keeps 70 % but its staff falls from 40 to 20 (−50 %).
    _add(other, range(now - 14, now - 11), "700", 40)
    MonthlyReport.objects.filter(unit=other, month__gt=now - 3).update(employment=20)
    return now


def test_each_reason_by_hand(world, history):
    frame = figures.watch_list(world.region).frame.set_index("unit")
    active, semi, idle, other = (u.pk for u in world.units)
    # Defaults: more than 15 points, 3 silent months or more, more than 20 % fewer employees.
    assert list(frame.index) == [active, other, idle]  # the steepest utilisation fall first, silence last
    a = frame.loc[active]
    assert (a["utilisation_before"], a["utilisation_now"], a["drop_points"]) == pytest.approx((90, 45, 45))
    assert (a["reason_drop"], a["reason_silent"], a["reason_employment"]) == (True, False, False)
    o = frame.loc[other]
    assert o["employment_fall_pct"] == pytest.approx(50) and o["reason_employment"] and not o["reason_drop"]
    i = frame.loc[idle]
    assert i["silent_months"] == 9 and i["reason_silent"]  # last report 9 months before the current one
    assert semi not in frame.index  # 30 % every month: low, but not falling


def test_thresholds_are_the_regions(world, history):
    conf = figures.settings_for(world.region)
    conf.drop_points, conf.silent_months, conf.employment_drop_pct = 50, 10, 60
    conf.save()
    assert figures.watch_list(world.region).frame.empty


def test_watch_page_gives_reasons_a_chart_and_a_case_link(
    world, history, client_for, django_assert_max_num_queries
):
    client = client_for("secretariat")
    client.get("/revival/watch/")  # the first look computes and stores the rows
    with django_assert_max_num_queries(15):
        response = client.get("/revival/watch/")
    text = response.content.decode()
    assert response.status_code == 200
    assert f"/cases/new/?unit={world.units[0].pk}" in text
    assert f'id="trend-{world.units[0].pk}"' in text
    assert "۴۵٫۰" in text  # the 45-point fall, in Persian digits
    # Leadership sees the list but cannot raise cases: no link.
    assert "/cases/new/" not in client_for("leadership").get("/revival/watch/").content.decode()

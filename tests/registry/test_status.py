"""Stored status follows the reports; every change of status is in the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jahesh.core.models import AuditEvent
from jahesh.registry.models import MonthlyReport, ReportLine
from jahesh.registry.stats import current_report_month
from jahesh.registry.status import explain_status, refresh_status

pytestmark = pytest.mark.django_db


def test_fixture_units_have_the_expected_status_and_figures(world):
    active, semi, idle, _other = world.units
    for u in world.units:
        u.refresh_from_db()
    assert (active.status, active.utilisation) == ("active", Decimal("0.9000"))
    assert (semi.status, semi.utilisation) == ("semi_active", Decimal("0.3000"))
    assert idle.status == "idle" and idle.status_rule == "no_output"
    assert active.last_accepted_month == current_report_month()
    assert active.last_employment == 40


def test_refresh_is_idempotent(world):
    assert refresh_status() == 0


def test_returned_reports_do_not_count_and_status_change_is_audited(world):
    semi = world.units[1]
    # The unit's poor year is returned as wrong and re-reported at full capacity for the last 12 months.
    MonthlyReport.objects.filter(unit=semi).update(state=MonthlyReport.State.RETURNED)
    line = semi.product_lines.get()
    now = current_report_month()
    for m in range(now - 11, now + 1):
        r = MonthlyReport.objects.create(unit=semi, month=m + 100, employment=50)  # later months
        ReportLine.objects.create(report=r, product_line=line, output=Decimal("1000"))
    assert refresh_status([semi.pk]) == 1
    semi.refresh_from_db()
    assert semi.status == "active" and semi.utilisation == Decimal("1.0000")
    event = AuditEvent.objects.get(action="unit.status", unit=semi)
    assert event.before == {"status": "semi_active", "rule": "below_threshold"}
    assert event.after == {"status": "active", "rule": "at_or_above_threshold"}


def test_closing_a_unit_by_hand_wins_over_its_reports(world):
    active = world.units[0]
    active.closed_reason = "ورشکستگی"
    active.save(update_fields=["closed_reason"])
    refresh_status([active])
    active.refresh_from_db()
    assert active.status == "closed"
    assert "ورشکستگی" in explain_status(active)


def test_region_thresholds_change_the_classification(world):
    region = world.region
    region.low_capacity_threshold = Decimal("0.95")
    region.save(update_fields=["low_capacity_threshold"])
    refresh_status()
    world.units[0].refresh_from_db()
    assert world.units[0].status == "semi_active"


def test_audit_trail_is_append_only(world):
    event = AuditEvent.objects.create(action="x", object_type="t", object_id="1")
    event.note = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(note="y")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_submissions_keep_one_and_tell_the_other(world):
    """The second writer of the same unit-month is refused with a conflict, never a server error."""
    from unittest import mock

    from jahesh.registry import actions

    unit = world.units[0]
    line = unit.product_lines.get()
    month = current_report_month() - 50
    args = dict(
        actor=world.users["unit-rep"], unit=unit, month=month, employment=3, outputs={line.pk: Decimal(1)}
    )
    actions.submit_report(**args)
    # Simulate the race: the second writer did not see the first one's row when it looked.
    with mock.patch.object(MonthlyReport.objects, "select_for_update") as sfu:
        sfu.return_value.filter.return_value.first.return_value = None
        with pytest.raises(actions.ConflictError):
            actions.submit_report(**{**args, "employment": 99})
    assert MonthlyReport.objects.get(unit=unit, month=month).employment == 3


def test_a_unit_just_below_the_threshold_never_reads_as_on_it(world):
    from django.utils import translation

    semi = world.units[1]
    semi.utilisation = Decimal("0.4996")
    semi.status_rule = "below_threshold"
    with translation.override("fa"):
        text = explain_status(semi)
    assert "۴۹٫۹٪" in text and "۵۰٪" in text  # 49.9 % below the threshold of 50 %
    with translation.override("en"):
        assert "49.9%" in explain_status(semi)

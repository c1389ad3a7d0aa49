"""Revival files: forward one step at a time, illegal and stale moves refused, restart read from reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jahesh.core.models import AuditEvent
from jahesh.registry.models import MonthlyReport, ReportLine
from jahesh.registry.stats import current_report_month
from jahesh.revival import actions
from jahesh.revival.models import RevivalFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(world):
    return actions.open_file(actor=world.users["secretariat"], unit=world.units[2], diagnosis="کمبود نقدینگی")


def test_leadership_approves_the_plan_and_secretariat_finances(world, file, client_for):
    url = f"/revival/files/{file.pk}/"
    assert (
        client_for("leadership").post(url, {"action": "move", "to": "approved", "version": 1}).status_code
        == 302
    )
    file.refresh_from_db()
    assert (file.state, file.version) == ("approved", 2)
    # Leadership may not start the financing: refused with a message, nothing changes.
    client_for("leadership").post(url, {"action": "move", "to": "financing", "version": 2})
    file.refresh_from_db()
    assert file.state == "approved"
    client_for("secretariat").post(url, {"action": "move", "to": "financing", "version": 2})
    file.refresh_from_db()
    assert file.state == "financing"
    assert AuditEvent.objects.filter(action="revival.file_moved", object_id=str(file.pk)).count() == 2


def test_skipping_a_step_or_setting_restart_by_hand_is_refused(world, file):
    with pytest.raises(actions.ActionError, match="نمی‌تواند"):
        actions.advance(actor=world.users["secretariat"], file=file, to="financing", version=1)
    file.state = "financing"
    file.save()
    with pytest.raises(actions.ActionError, match="آمار ماهانه"):
        actions.advance(actor=world.users["secretariat"], file=file, to="restarted", version=1)


def test_a_stale_version_never_overwrites(world, file):
    actions.advance(actor=world.users["leadership"], file=file, to="approved", version=1)
    with pytest.raises(actions.ConflictError):
        actions.advance(actor=world.users["secretariat"], file=file, to="financing", version=1)


def test_restarted_and_sustained_are_read_from_the_reports(world, file):
    now = current_report_month()
    RevivalFile.objects.filter(pk=file.pk).update(state="financing", employment_at_open=0)
    idle = world.units[2]
    line = idle.product_lines.get()
    # Back to 600 t of 1,000 a month (60 % > the 50 % threshold) with 35 employees for the last six months.
    for m in range(now - 5, now + 1):
        r = MonthlyReport.objects.create(unit=idle, month=m, employment=35, state="accepted")
        ReportLine.objects.create(report=r, product_line=line, output=Decimal("600"))
    assert actions.refresh_files(world.region, now=now) == 1
    file.refresh_from_db()
    assert (file.state, file.restarted_month, file.jobs_restored) == ("restarted", now, 35)
    assert actions.refresh_files(world.region, now=now) == 1  # six months above the threshold
    file.refresh_from_db()
    assert (file.state, file.sustained_month) == ("sustained", now)
    assert actions.refresh_files(world.region, now=now) == 0


def test_one_file_per_unit_and_the_home_counter(world, file, client_for):
    with pytest.raises(actions.ActionError):
        actions.open_file(actor=world.users["secretariat"], unit=world.units[2])
    RevivalFile.objects.filter(pk=file.pk).update(state="restarted", jobs_restored=12)
    text = client_for("leadership").get("/revival/").content.decode()
    assert "۱۲ شغل بازگشته" in text


def test_unit_rep_sees_only_their_own_units_file(world, file, client_for, django_capture_on_commit_callbacks):
    from jahesh.core.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        own = actions.open_file(actor=world.users["secretariat"], unit=world.units[0])
    note = Notification.objects.get(user=world.users["unit-rep"])
    assert note.url == f"/revival/files/{own.pk}/" and world.units[0].name in note.text_fa
    rep = client_for("unit-rep")
    assert rep.get(f"/revival/files/{own.pk}/").status_code == 200
    assert rep.get(f"/revival/files/{file.pk}/").status_code == 404
    listing = rep.get("/revival/files/").content.decode()
    assert world.units[0].name in listing and world.units[2].name not in listing
    assert client_for("bank-officer").get("/revival/files/").status_code == 403


def test_file_list_query_count(world, file, client_for, django_assert_max_num_queries):
    for u in (world.units[0], world.units[1], world.units[3]):
        actions.open_file(actor=world.users["secretariat"], unit=u)
    client = client_for("secretariat")
    with django_assert_max_num_queries(8):
        assert client.get("/revival/files/").status_code == 200

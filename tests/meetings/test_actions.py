"""The named actions: numbering, the objection window, status moves, locking by approval, carrying over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.core.models import AuditEvent, Notification
from jahesh.meetings import actions
from jahesh.meetings.models import AgendaItem, Minutes, PartUpdate, ResolutionPart, Session

pytestmark = pytest.mark.django_db


def test_sessions_are_numbered_per_group_and_a_number_is_not_reused(world):
    sec = world.users["secretariat"]
    today = timezone.localdate()
    first = actions.create_session(actor=sec, region=world.region, held_on=today, number=13)
    second = actions.create_session(actor=sec, region=world.region, held_on=today)
    county = actions.create_session(
        actor=sec, region=world.region, held_on=today, kind="county", county=world.counties[0]
    )
    assert (first.number, second.number, county.number) == (13, 14, 1)
    with pytest.raises(actions.ActionError, match="شماره ۱۴"):
        actions.create_session(actor=sec, region=world.region, held_on=today, number=14)
    with pytest.raises(actions.ActionError):
        actions.create_session(actor=world.users["agency-tax"], region=world.region, held_on=today)
    assert Session.objects.count() == 3
    assert AuditEvent.objects.filter(action="session.created").count() == 3


def test_issuing_tells_the_agencies_officers(meeting, world):
    told = set(Notification.objects.filter(kind="resolution.issued").values_list("user__username", flat=True))
    assert told == {"agency-tax", "agency-social"}
    assert {p.status for p in meeting.parts.values()} == {"notified"}


def test_agency_executes_its_part_with_evidence_and_the_secretariat_is_told(meeting, world):
    part = meeting.parts["tax"]
    with pytest.raises(actions.ActionError):  # executed needs evidence
        actions.update_part(
            actor=world.users["agency-tax"], part=part, version=part.version, status="executed"
        )
    with pytest.raises(actions.ActionError):  # not the social security officer's part
        actions.update_part(
            actor=world.users["agency-social"], part=part, version=part.version, status="executed", text="x"
        )
    part = actions.update_part(
        actor=world.users["agency-tax"],
        part=part,
        version=part.version,
        status="executed",
        text="قرارداد تقسیط",
    )
    part.refresh_from_db()
    assert part.status == "executed" and part.executed_at is not None
    assert PartUpdate.objects.get(part=part).text == "قرارداد تقسیط"
    assert (
        Notification.objects.filter(user=world.users["secretariat"], kind="resolution.executed").count() == 1
    )
    with pytest.raises(actions.ActionError):  # executed is final
        actions.update_part(
            actor=world.users["agency-tax"], part=part, version=part.version, status="executing"
        )


def test_a_stale_version_is_refused(meeting, world):
    part = meeting.parts["tax"]
    actions.update_part(actor=world.users["agency-tax"], part=part, version=part.version, status="executing")
    with pytest.raises(actions.ConflictError):
        actions.update_part(
            actor=world.users["secretariat"], part=part, version=part.version, status="executed", text="x"
        )
    assert ResolutionPart.objects.get(pk=part.pk).status == "executing"


def test_an_objection_after_15_days_is_refused(meeting, world):
    part = meeting.parts["tax"]
    officer = world.users["agency-tax"]
    late = part.notified_at + dt.timedelta(days=16)
    with pytest.raises(actions.ActionError, match="مهلت ۱۵ روزه"):
        actions.object_to(actor=officer, part=part, version=part.version, reason="مغایر ضوابط", now=late)
    assert ResolutionPart.objects.get(pk=part.pk).status == "notified"
    # On day 15 it is still accepted, and the next session rules on it.
    on_time = part.notified_at + dt.timedelta(days=15)
    part = actions.object_to(
        actor=officer, part=part, version=part.version, reason="مغایر ضوابط", now=on_time
    )
    assert part.status == "objected"
    assert Notification.objects.filter(kind="resolution.objected", user=world.users["secretariat"]).exists()
    nxt = actions.create_session(
        actor=world.users["secretariat"],
        region=world.region,
        held_on=timezone.localdate() + dt.timedelta(days=20),
    )
    assert nxt.agenda.filter(kind=AgendaItem.Kind.OBJECTION, part=part).exists()
    actions.rule_on_objection(
        actor=world.users["secretariat"], part=part, version=part.version, upheld=False, session=nxt
    )
    part.refresh_from_db()
    assert (part.status, part.ruling) == ("executing", "rejected")


def test_a_resolution_past_its_deadline_is_carried_over_to_the_next_session(meeting, world):
    sec = world.users["secretariat"]
    deadline = meeting.resolution.deadline
    nxt = actions.create_session(actor=sec, region=world.region, held_on=deadline + dt.timedelta(days=10))
    assert not nxt.agenda.exists()  # nothing is late yet
    actions.update_part(
        actor=world.users["agency-social"],
        part=meeting.parts["ss"],
        version=meeting.parts["ss"].version,
        status="executed",
        text="تقسیط انجام شد",
    )
    frozen = timezone.make_aware(dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(6)))
    result = actions.carry_over(now=frozen)
    assert result == {"flagged": 1, "carried": 1}  # only tax is late
    item = nxt.agenda.get()
    assert item.kind == AgendaItem.Kind.CARRIED and item.resolution_id == meeting.resolution.pk
    meeting.resolution.refresh_from_db()
    assert meeting.resolution.carried_count == 1
    assert Notification.objects.filter(kind="resolution.overdue", user=sec).count() == 1
    # Running again changes nothing.
    assert actions.carry_over(now=frozen) == {"flagged": 0, "carried": 0}
    # The day before the deadline nothing was late.
    assert ResolutionPart.objects.get(pk=meeting.parts["tax"].pk).overdue_flagged_at == frozen


def test_approval_locks_the_session_and_a_change_makes_a_new_version(meeting, world, weasyprint):
    sec, chair = world.users["secretariat"], world.users["leadership"]
    session = meeting.session
    with pytest.raises(actions.ActionError):
        actions.approve_minutes(actor=sec, session=session, version=session.version)
    minutes = actions.approve_minutes(actor=chair, session=session, version=session.version)
    session.refresh_from_db()
    assert session.locked and minutes.version == 1 and bytes(minutes.pdf).startswith(b"%PDF")
    with pytest.raises(actions.ActionError, match="جلسه قفل است"):
        actions.add_agenda_item(actor=sec, session=session, version=session.version, kind="topic", title="x")
    session = actions.reopen(actor=sec, session=session, version=session.version, reason="اصلاح مهلت")
    assert (session.state, session.minutes_version) == ("draft", 2)
    actions.add_agenda_item(actor=sec, session=session, version=session.version, kind="topic", title="گزارش")
    session.refresh_from_db()
    actions.approve_minutes(actor=chair, session=session, version=session.version)
    assert list(Minutes.objects.filter(session=session).values_list("version", flat=True)) == [2, 1]
    assert Minutes.objects.get(session=session, version=1).sha256 == minutes.sha256  # the old one untouched


def test_a_proposed_case_goes_on_the_agenda_and_moves_on(world, proposed_case):
    sec = world.users["secretariat"]
    session = actions.create_session(actor=sec, region=world.region, held_on=timezone.localdate())
    assert list(actions.ready_cases(world.region)) == [proposed_case]
    item = actions.add_agenda_item(
        actor=sec, session=session, version=session.version, kind="case", case=proposed_case
    )
    proposed_case.refresh_from_db()
    assert proposed_case.state == "on_agenda"
    assert list(actions.ready_cases(world.region)) == []
    session.refresh_from_db()
    actions.issue_resolution(
        actor=sec,
        session=session,
        version=session.version,
        text="تقسیط ۴۸ ماهه",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        agencies=[world.tax],
        agenda_item=item,
    )
    proposed_case.refresh_from_db()
    assert proposed_case.state == "resolution"
    # The tax officer (not the secretariat) reports its part under way: the case follows, under their name.
    (part,) = proposed_case.resolutions.get().parts.all()
    actions.update_part(
        actor=world.users["agency-tax"], part=part, version=part.version, status="executing", text="در جریان"
    )
    proposed_case.refresh_from_db()
    assert proposed_case.state == "executing"
    moved = proposed_case.events.filter(kind="moved").last()
    assert moved.actor == world.users["agency-tax"]

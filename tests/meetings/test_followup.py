"""The follow-up figures against a hand-computed fixture (the arithmetic is written next to each check)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.meetings import actions
from jahesh.meetings.followup import follow_up

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def history(world, social, proposed_case):
    """Two sessions, four resolutions, seven agency parts; today is T0 + 100 days.

    R1 (case: tax category) tax + bank, deadline T0+30: tax executed day 10 (on time), bank day 40 (late).
    R2 tax + social, deadline T0+30: tax objects on day 5, upheld (released); social executed day 20.
    R3 bank, deadline T0+60: still notified → overdue by 100 − 60 = 40 days.
    R4 (session B, T0+50) tax + social, deadline today+10: tax not executed, social being executed.
    """
    sec, u = world.users["secretariat"], world.users
    today = timezone.localdate()
    t0 = today - dt.timedelta(days=100)
    a = actions.create_session(actor=sec, region=world.region, held_on=t0, now=at(t0, 8))
    b = actions.create_session(
        actor=sec, region=world.region, held_on=t0 + dt.timedelta(days=50), now=at(t0, 8)
    )

    def issue(session, agencies, deadline, when, **kw):
        session.refresh_from_db()
        r = actions.issue_resolution(
            actor=sec,
            session=session,
            version=session.version,
            text="متن",
            deadline=deadline,
            agencies=agencies,
            now=at(when),
            **kw,
        )
        return {p.agency_id: p for p in r.parts.all()}

    r1 = issue(a, [world.tax, world.bank], t0 + dt.timedelta(days=30), t0, case=proposed_case)
    r2 = issue(a, [world.tax, social], t0 + dt.timedelta(days=30), t0)
    issue(a, [world.bank], t0 + dt.timedelta(days=60), t0)
    r4 = issue(b, [world.tax, social], today + dt.timedelta(days=10), t0 + dt.timedelta(days=50))

    def move(part, who, status, day, text="سند"):
        part.refresh_from_db()
        actions.update_part(
            actor=u[who],
            part=part,
            version=part.version,
            status=status,
            text=text,
            now=at(t0 + dt.timedelta(days=day)),
        )

    move(r1[world.tax.pk], "agency-tax", "executed", 10)
    move(r1[world.bank.pk], "bank-officer", "executed", 40)
    p = r2[world.tax.pk]
    actions.object_to(
        actor=u["agency-tax"], part=p, version=p.version, reason="مغایر", now=at(t0 + dt.timedelta(days=5))
    )
    p.refresh_from_db()
    actions.rule_on_objection(
        actor=sec, part=p, version=p.version, upheld=True, now=at(t0 + dt.timedelta(days=50))
    )
    move(r2[social.pk], "agency-social", "executed", 20)
    move(r4[world.tax.pk], "agency-tax", "not_executed", 60, text="اعتبار نبود")
    move(r4[social.pk], "agency-social", "executing", 60)
    return a, b


def test_every_figure_matches_the_hand_computation(world, social, history, proposed_case):
    a, b = history
    fu = follow_up(world.region)
    assert (fu.resolutions, fu.parts, fu.executed_resolutions) == (4, 7, 2)  # R1 and R2 are done
    assert dict((code, n) for code, _l, n in fu.by_status) == {
        "notified": 1,  # bank R3
        "objected": 1,  # tax R2 (upheld)
        "executing": 1,  # social R4
        "executed": 3,  # tax R1, bank R1, social R2
        "not_executed": 1,  # tax R4
    }
    rows = {r.agency_id: r for r in fu.by_agency}
    tax, bank, ss = rows[world.tax.pk], rows[world.bank.pk], rows[social.pk]
    # tax: received 3, released 1 (upheld) → bound 2; executed 1 → rate 1/2; median of [10] = 10 days.
    assert (tax.received, tax.released, tax.executed, tax.on_time, tax.objections, tax.upheld) == (
        3,
        1,
        1,
        1,
        1,
        1,
    )
    assert (tax.not_executed, tax.overdue, tax.rate, tax.median_days) == (1, 0, 0.5, 10.0)
    # bank: received 2, executed 1 late (day 40 > deadline day 30), R3 overdue → rate 1/2; median 40.
    assert (bank.received, bank.executed, bank.on_time, bank.overdue, bank.rate, bank.median_days) == (
        2,
        1,
        0,
        1,
        0.5,
        40.0,
    )
    # social: received 2, executed 1 on day 20, one being executed (not yet due) → rate 1/2; median 20.
    assert (ss.received, ss.executed, ss.on_time, ss.open, ss.overdue, ss.rate, ss.median_days) == (
        2,
        1,
        1,
        1,
        0,
        0.5,
        20.0,
    )
    assert [r.agency_id for r in fu.by_agency] == [
        world.tax.pk,
        world.bank.pk,
        social.pk,
    ]  # 3, 2, 2 (by name)
    assert [r.agency_id for r in fu.by_bank] == [world.bank.pk]
    assert fu.execution_rate == 0.5  # executed 3 ÷ bound (2 + 2 + 2)
    # Inflation: session A issued 3 and executed 2; session B issued 1 and executed 0.
    assert [(s.number, s.issued, s.executed) for s in fu.per_session] == [(a.number, 3, 2), (b.number, 1, 0)]
    # Overdue: only bank's R3, 100 − 60 = 40 days late.
    assert [(o.label, o.agency, o.days_late) for o in fu.overdue] == [(f"{a.number}/3", "بانک ملی", 40)]
    # Category: R1's case is a tax case (executed); the other three have no case (R2 executed).
    assert fu.by_category == [("بدون پرونده مرتبط", 3, 1), (proposed_case.category.name, 1, 1)]

"""Who is told what: referral → the agency's officers; answer → secretariat and the unit's representatives;
escalation → the late agency's officers and the secretariat; closure → the unit's representatives."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.cases import actions
from jahesh.core.models import Notification

pytestmark = pytest.mark.django_db


def told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_referral_tells_the_agency_officers_only(world, referred):
    assert told("case.referred") == ["agency-tax"]
    n = Notification.objects.get(kind="case.referred")
    assert n.url == f"/cases/{referred.pk}/"
    assert str(referred.pk) in n.text_fa and "امور مالیاتی" not in n.text_fa  # the unit, not the agency
    assert world.units[0].name in n.text_fa


def test_answer_tells_secretariat_and_unit(world, referred):
    referral = referred.referrals.get()
    actions.answer(
        actor=world.users["agency-tax"],
        referral=referral,
        version=referral.version,
        status="objected",
        text="x",
    )
    assert told("case.answered") == ["secretariat", "unit-rep"]


def test_escalation_tells_the_late_agency_and_secretariat(world, referred):
    later = timezone.now() + dt.timedelta(days=12)  # due in 10 days: 2 days late → level 1
    assert actions.escalate_overdue(now=later) == 1
    assert told("case.escalated") == ["agency-tax", "secretariat"]
    assert actions.escalate_overdue(now=later) == 0  # nothing new, nobody told twice
    assert len(told("case.escalated")) == 2


def test_closure_tells_the_unit(world, referred):
    actions.close(
        actor=world.users["secretariat"], case=referred, version=referred.version, outcome="resolved"
    )
    assert told("case.closed") == ["unit-rep"]


def test_the_badge_shows_the_new_referral(world, referred, client_for):
    from jahesh.core.notify import unread_count

    assert unread_count(world.users["agency-tax"]) == 1
    assert unread_count(world.users["agency-social"]) == 0

"""The demo's sessions read in order with the demo's cases: a case is on a session's agenda only after an
agency answered "needs the working group" (or it was escalated to the agenda)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jahesh.cases.demo import seed_demo_cases
from jahesh.cases.models import Referral
from jahesh.meetings.demo import seed_demo_sessions
from jahesh.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


def test_cases_reach_a_session_only_after_they_are_ready(world):
    seed_demo_cases(world.region, seed=3, n=300)
    sessions, resolutions, executed = seed_demo_sessions(world.region, seed=3)
    assert sessions > 20 and resolutions > sessions and 0 < executed < resolutions
    items = AgendaItem.objects.filter(case__isnull=False).select_related("session")
    assert items.exists()
    for item in items:
        answers = Referral.objects.filter(
            case=item.case_id, status=Referral.Status.NEEDS_WORKING_GROUP, answered_at__isnull=False
        ).values_list("answered_at", flat=True)
        if answers:
            assert min(timezone.localdate(at) for at in answers) < item.session.held_on, item.case_id

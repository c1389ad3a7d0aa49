"""The demo case history: the promised mix, and the same invariants the actions keep."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Q

from jahesh.cases.demo import seed_demo_cases
from jahesh.cases.models import Case, CaseEvent, Referral

pytestmark = pytest.mark.django_db


def test_demo_history_is_consistent_and_mostly_banking(world, client_for):
    assert seed_demo_cases(world.region, seed=3, n=300) == 300
    roots = Counter(code.split(".")[0] for code in Case.objects.values_list("category__code", flat=True))
    top = [root for root, _ in roots.most_common(3)]
    assert top[0] == "bank" and set(top[1:]) == {"tax", "social"}
    # Closed ⇔ has an outcome; an answered case has no referral still waiting.
    assert not Case.objects.filter(
        Q(state="closed", outcome="") | (~Q(state="closed") & ~Q(outcome=""))
    ).exists()
    assert not Case.objects.filter(state="answered", referrals__status__in=Referral.OPEN).exists()
    assert not Referral.objects.filter(status__in=Referral.ANSWERS, answered_at__isnull=True).exists()
    assert Case.objects.filter(recurs__isnull=False).exists()
    assert Case.objects.filter(escalation__gt=0).exists()
    assert Case.objects.filter(state="closed").count() > Case.objects.exclude(state="closed").count()
    # Every case's timeline starts with its intake.
    for case in Case.objects.order_by("pk")[:50]:
        assert case.events.first().kind == CaseEvent.Kind.RAISED
    # The pages hold up with a real history.
    assert client_for("secretariat").get("/cases/").status_code == 200
    assert client_for("leadership").get("/cases/scorecard/").status_code == 200
    case = Case.objects.filter(state="closed", referrals__isnull=False).first()
    assert client_for("secretariat").get(f"/cases/{case.pk}/").status_code == 200

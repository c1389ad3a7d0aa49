"""The demo revival history: two solved scenarios and files for the chosen units, alike for one seed."""

from __future__ import annotations

import pytest

from jahesh.revival.demo import seed_demo
from jahesh.revival.models import RevivalFile, Scenario

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        [(s.name, s.status, sorted(s.result["chosen"])) for s in Scenario.objects.order_by("pk")],
        sorted(RevivalFile.objects.values_list("unit_id", "state", "jobs_restored")),
    )


def test_demo_is_deterministic_and_the_pages_hold_up(world, candidates, client_for):
    line = seed_demo(world.region, seed=4)
    assert line.startswith("Demo revival: 2 scenarios (3 candidates")
    first = _snapshot()
    assert all(status == "optimal" for _n, status, _c in first[0])
    assert first[1] and {state for _u, state, _j in first[1]} <= set(RevivalFile.State.values)
    RevivalFile.objects.all().delete()
    Scenario.objects.all().delete()
    seed_demo(world.region, seed=4)
    assert _snapshot() == first
    client = client_for("secretariat")
    for url in ("/revival/", "/revival/scenarios/", "/revival/files/"):
        assert client.get(url).status_code == 200
    s = Scenario.objects.order_by("pk").last()
    assert client.get(f"/revival/scenarios/compare/?ids={s.pk}&ids={s.pk - 1}").status_code == 200

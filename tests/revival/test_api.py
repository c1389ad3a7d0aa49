"""The revival API: the pages' scoping; a scenario created over HTTP; stale or illegal moves are 409."""

from __future__ import annotations

import pytest

from jahesh.revival import actions

pytestmark = pytest.mark.django_db


def test_scenario_over_the_api(world, candidates, client_for):
    client = client_for("leadership")
    north = str(world.counties[0].pk)
    response = client.post(
        "/api/v1/revival/scenarios",
        {"name": "API", "budget_irr": 5_000_000_000, "county_min": {north: 0.2}},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(body["chosen_units"]) == sorted([candidates.semi.pk, candidates.north.pk])
    reasons = {r["unit"]: r for r in body["reasons"]}
    assert reasons[candidates.idle.pk]["chosen"] is False and reasons[candidates.idle.pk]["text"]
    got = client.get(f"/api/v1/revival/scenarios/{body['id']}").json()
    assert got["objective"] == pytest.approx(0.5375)


def test_bad_scenario_input_is_422(world, candidates, client_for):
    client = client_for("secretariat")
    for payload in (
        {"name": "x", "budget_irr": 0},
        {"name": "x", "budget_irr": 10, "county_min": {"99999": 0.1}},
        {"name": "x", "budget_irr": 10, "county_min": {str(world.counties[0].pk): 2}},
        {"name": "x", "budget_irr": 10, "must": [1], "must_not": [1]},
    ):
        assert (
            client.post("/api/v1/revival/scenarios", payload, content_type="application/json").status_code
            == 422
        )


def test_infeasible_scenario_lists_the_conflict(world, candidates, client_for):
    north = str(world.counties[0].pk)
    body = (
        client_for("secretariat")
        .post(
            "/api/v1/revival/scenarios",
            {"name": "x", "budget_irr": 5_000_000_000, "county_min": {north: 0.5}},
            content_type="application/json",
        )
        .json()
    )
    assert body["status"] == "infeasible"
    assert body["conflicts"][0]["constraints"] == [f"county_min:{north}"]
    assert "حداقل سهم شمالی" in body["conflicts"][0]["text"]


def test_screening_and_watch_for_region_wide_roles_only(world, candidates, client_for):
    rows = client_for("leadership").get("/api/v1/revival/screening?verdict=revivable").json()["results"]
    semi = next(r for r in rows if r["unit"] == candidates.semi.pk)
    assert semi["score"] == pytest.approx(0.809524, abs=1e-6)
    assert client_for("unit-rep").get("/api/v1/revival/screening").status_code == 403
    assert client_for("bank-officer").get("/api/v1/revival/watch").status_code == 403
    watch = client_for("secretariat").get("/api/v1/revival/watch").json()["results"]
    assert [r["unit"] for r in watch] == [world.units[2].pk] and watch[0]["reasons"] == ["reports_stopped"]


def test_file_moves_over_the_api(world, client_for):
    f = actions.open_file(actor=world.users["secretariat"], unit=world.units[0])
    client = client_for("leadership")
    url = f"/api/v1/revival/files/{f.pk}/move"
    ok = client.post(url, {"to": "approved", "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    stale = client.post(url, {"to": "financing", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    illegal = client_for("secretariat").post(
        url, {"to": "sustained", "version": 2}, content_type="application/json"
    )
    assert illegal.status_code == 409
    assert client_for("unit-rep").get(f"/api/v1/revival/files/{f.pk}").json()["state"] == "approved"
    assert client_for("other-rep").get(f"/api/v1/revival/files/{f.pk}").status_code == 404


def test_watch_list_follows_a_report_accepted_after_it_was_stored(world, client_for):
    from jahesh.registry import actions as reg
    from jahesh.registry.stats import current_report_month

    client = client_for("secretariat")
    silent = world.units[2]  # its last report is 9 months old: watched for the silence
    assert [r["unit"] for r in client.get("/api/v1/revival/watch").json()["results"]] == [silent.pk]
    line = silent.product_lines.get()
    report = reg.submit_report(
        actor=world.users["secretariat"],
        unit=silent,
        month=current_report_month(),
        employment=12,
        outputs={line.pk: line.nominal_capacity / 12},
    )
    reg.review_report(actor=world.users["secretariat"], report=report, accept=True, version=report.version)
    # It reported this month: no longer silent and no longer idle, but 12 employees against the 40 of a year
    # earlier is a 70 % fall in employment.
    (row,) = client.get("/api/v1/revival/watch").json()["results"]
    assert (row["unit"], row["status"], row["reasons"]) == (silent.pk, "semi_active", ["employment_fall"])
    assert row["employment_fall_pct"] == pytest.approx(70)

"""Scenarios on the three hand-made candidates (tests/revival/conftest.py).

Impact with the default weights (jobs .5, output .2, fx .3; fx is zero for all, so it adds nothing), each
criterion divided by its largest value among the candidates (jobs 40, output 2.4e10):
    idle  .5·40/40 + .2·2.4e10/2.4e10 = .7          money 4.8e9
    semi  .5·15/40 + .2·8.4e9/2.4e10  = .2575       money 2.4e9
    north .5·20/40 + .2·3.6e9/2.4e10  = .28         money 1.2e9
Budget 5e9: alone, idle (.7) beats north + semi (.5375, 3.6e9); idle + anything is over budget. With North
at least 20 % (1e9) of the budget, north must be in, idle no longer fits: north + semi.
"""

from __future__ import annotations

import pytest

from jahesh.core.models import AuditEvent
from jahesh.revival.models import Scenario

pytestmark = pytest.mark.django_db


def _new(client, world, name, **extra):
    data = {"name": name, "budget": "۵", **extra}  # 5 billion rials, typed in Persian digits
    return client.post("/revival/scenarios/new/", data)


def test_budget_only_chooses_the_idle_unit(world, candidates, client_for):
    response = _new(client_for("leadership"), world, "فقط بودجه")
    assert response.status_code == 302
    s = Scenario.objects.get()
    assert s.status == "optimal" and s.result["chosen"] == [candidates.idle.pk]
    assert s.result["objective"] == pytest.approx(0.7)
    assert s.result["totals"]["jobs"] == 40
    assert AuditEvent.objects.filter(action="revival.scenario", actor__username="leadership").exists()


def test_county_minimum_changes_the_choice_and_the_page_says_why(world, candidates, client_for):
    client = client_for("leadership")
    north = world.counties[0]
    assert _new(client, world, "توازن", **{f"county_min_{north.pk}": "۲۰"}).status_code == 302
    s = Scenario.objects.get()
    assert sorted(s.result["chosen"]) == sorted([candidates.semi.pk, candidates.north.pk])
    assert s.result["objective"] == pytest.approx(0.5375)
    # North receives 1.2e9 of the 1e9 it must have at least.
    assert s.result["limits"][f"county_min:{north.pk}"][:2] == [1.2e9, 1e9]
    text = client.get(f"/revival/scenarios/{s.pk}/").content.decode()
    assert "شمالی: دست‌کم ۲۰٪ بودجه" in text  # the constraint, in words
    assert "انتخاب بهینه‌ساز" in text  # each chosen unit's reason


def test_infeasible_minimum_names_the_conflicting_constraint(world, candidates, client_for):
    client = client_for("secretariat")
    north = world.counties[0]
    # North's candidates cost 1.2e9 in all; 50 % of a 5e9 budget is 2.5e9.
    _new(client, world, "ناممکن", **{f"county_min_{north.pk}": "50"})
    s = Scenario.objects.get()
    assert s.status == "infeasible" and s.result["chosen"] == []
    assert s.result["conflicts"][0][0] == "minimum_unreachable"
    text = client.get(f"/revival/scenarios/{s.pk}/").content.decode()
    assert "حداقل سهم شمالی" in text


def test_bad_input_is_a_form_error_not_a_500(world, candidates, client_for):
    client = client_for("secretariat")
    for data in (
        {"budget": "abc"},
        {"budget": "-1"},
        {f"county_min_{world.counties[0].pk}": "150"},
        {"must": "1 x"},
        {"must": "5", "must_not": "5"},
    ):
        response = client.post("/revival/scenarios/new/", {"name": "x", "budget": "5", **data})
        assert response.status_code == 200, data
    assert not Scenario.objects.exists()


def test_compare_and_exports(world, candidates, client_for, weasyprint):
    from tests.pdf_utils import pdf_text

    client = client_for("leadership")
    _new(client, world, "اول")
    _new(client, world, "دوم", **{f"county_min_{world.counties[0].pk}": "20"})
    a, b = Scenario.objects.order_by("pk")
    text = client.get(f"/revival/scenarios/compare/?ids={a.pk}&ids={b.pk}").content.decode()
    assert "اول" in text and "دوم" in text and candidates.north.name in text
    xlsx = client.get(f"/revival/scenarios/{b.pk}/excel/")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    pdf = client.get(f"/revival/scenarios/{b.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    body = "\n".join(pdf_text(pdf.content))
    assert "دوم" in body and candidates.semi.name in body


def test_scenario_list_query_count(world, candidates, client_for, django_assert_max_num_queries):
    client = client_for("secretariat")
    for i in range(3):
        _new(client, world, f"s{i}")
    with django_assert_max_num_queries(10):
        assert client.get("/revival/scenarios/").status_code == 200


def test_opening_files_for_the_chosen_units(world, candidates, client_for):
    from jahesh.revival.models import RevivalFile

    _new(client_for("leadership"), world, "اول")
    s = Scenario.objects.get()
    assert client_for("leadership").post(f"/revival/scenarios/{s.pk}/").status_code == 403
    assert client_for("secretariat").post(f"/revival/scenarios/{s.pk}/").status_code == 302
    f = RevivalFile.objects.get()
    assert (f.unit_id, f.jobs_before, f.money_needed_irr, f.state) == (
        candidates.idle.pk,
        40,
        4800000000,
        "diagnosed",
    )
    assert len(f.case_ids) == 1  # its open working-capital case


def test_the_county_minimum_is_named_binding_with_its_cost(world, candidates, client_for):
    """Without the minimum the plan would be idle alone (.7); with it north + semi (.5375): the minimum costs
    .7 − .5375 = .1625 of weighted impact, so it is binding, and the idle unit was held out by it."""
    client = client_for("leadership")
    north = world.counties[0]
    _new(client, world, "توازن", **{f"county_min_{north.pk}": "۲۰"})
    s = Scenario.objects.get()
    name = f"county_min:{north.pk}"
    assert name in s.result["binding"] and s.result["binding_exact"] is True
    assert s.result["constraint_costs"][name] == pytest.approx(0.1625)
    assert s.result["reasons"][str(candidates.idle.pk)][0] == "held_out_by"
    text = client.get(f"/revival/scenarios/{s.pk}/").content.decode()
    binding_cell = text.split('class="binding">')[1].split("</td>")[0]
    assert "شمالی" in binding_cell and "ممکن است ناقص" not in binding_cell
    # A plan whose explanation ran out of time says its list may be incomplete.
    s.result["binding_exact"] = False
    s.save(update_fields=["result"])
    text = client.get(f"/revival/scenarios/{s.pk}/").content.decode()
    assert "ممکن است ناقص" in text.split('class="binding">')[1].split("</td>")[0]

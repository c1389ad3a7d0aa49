"""Monthly reports through the API: submitted by a unit's representative or the secretariat, corrected while
submitted or returned, reviewed by the secretariat with an optimistic version; the status code and the
database afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jahesh.core import jalali
from jahesh.core.models import AuditEvent
from jahesh.registry.models import Country, MonthlyReport
from jahesh.registry.stats import current_report_month

from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def month_text(index: int) -> str:
    y, m = jalali.from_month_index(index)
    return f"{y}/{m:02d}"


@pytest.fixture
def iraq(db):
    return Country.objects.create(iso3="IRQ", iso_numeric="368", name="عراق", name_en="Iraq")


def new_report(world, unit_index=0, month=None, **extra):
    unit = world.units[unit_index]
    line = unit.product_lines.get()
    body = {
        "unit": unit.pk,
        "month": month or month_text(current_report_month() - 12),
        "employment": 42,
        "sales_irr": "125000000000",
        "energy_kwh": 5100,
        "outputs": [{"product_line": line.pk, "output": "950.5"}],
        "exports": [],
    }
    body.update(extra)
    return body


def test_unit_rep_submits_a_report_for_their_unit(world, api_for, iraq):
    unit = world.units[0]
    body = new_report(world, exports=[{"country": "irq", "value_usd": 15000}])
    response = api_for("unit-rep").post("/api/v1/reports", body)
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["state"] == "submitted" and out["version"] == 1
    assert out["month_jalali"] == body["month"]
    assert out["month"] == current_report_month() - 12
    assert out["sales_irr"] == "125000000000" and out["lines"][0]["output"] == "950.500"
    assert out["exports"] == [{"country": "IRQ", "value_usd": "15000"}]
    assert out["submitted_at"] and out["submitted_at_jalali"].startswith(("14", "15"))

    report = MonthlyReport.objects.get(pk=out["id"])
    assert (report.unit_id, report.employment, report.state) == (unit.pk, 42, "submitted")
    assert report.submitted_by == world.users["unit-rep"]
    assert report.lines.get().output == Decimal("950.5")
    assert report.exports.get().value_usd == 15000
    event = AuditEvent.objects.get(action="report.submitted", object_id=str(report.pk))
    assert event.source == "api" and event.actor == world.users["unit-rep"]


def test_secretariat_submits_for_any_unit_and_persian_month_text_is_fine(world, api_for):
    index = current_report_month() - 13
    y, m = jalali.from_month_index(index)
    body = new_report(
        world,
        unit_index=3,
        month=f"{jalali.month_name(m)} {y}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
    )
    response = api_for("secretariat").post("/api/v1/reports", body)
    assert response.status_code == 201, response.content
    assert response.json()["month"] == index


@pytest.mark.parametrize("who", ["unit-rep", "other-rep"])
def test_a_unit_rep_cannot_report_for_another_unit(world, api_for, who):
    target = 3 if who == "unit-rep" else 0
    before = MonthlyReport.objects.count()
    response = api_for(who).post("/api/v1/reports", new_report(world, unit_index=target))
    body = assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["unit"]
    assert MonthlyReport.objects.count() == before


@pytest.mark.parametrize("who", ["leadership", "agency-tax", "bank-officer"])
def test_read_only_roles_cannot_submit(world, api_for, who):
    before = MonthlyReport.objects.count()
    assert_problem(api_for(who).post("/api/v1/reports", new_report(world)), 403)
    assert MonthlyReport.objects.count() == before


def test_a_month_that_has_a_report_is_a_conflict(world, api_for):
    client = api_for("unit-rep")
    first = client.post("/api/v1/reports", new_report(world)).json()
    body = assert_problem(client.post("/api/v1/reports", new_report(world, employment=50)), 409)
    assert str(first["id"]) in body["detail"]
    assert MonthlyReport.objects.get(pk=first["id"]).employment == 42


def test_an_accepted_month_cannot_be_submitted_again(world, api_for):
    body = assert_problem(
        api_for("unit-rep").post(
            "/api/v1/reports", new_report(world, month=month_text(current_report_month()))
        ),
        422,
    )
    assert body["errors"][0]["field"] == "month"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"month": "1403/13"}, "month"),
        ({"month": "2024/07"}, "month"),  # a Gregorian year
        ({"month": "hello"}, "month"),
        ({"month": "month"}, "month"),
        ({"employment": -1}, "employment"),
        ({"employment": "12"}, "employment"),  # a string where an integer belongs
        ({"employment": 2_000_000}, "employment"),
        ({"employment": True}, "employment"),
        ({"sales_irr": "-5"}, "sales_irr"),
        ({"sales_irr": "1.5"}, "sales_irr"),
        ({"sales_irr": "۱۲۳"}, "sales_irr"),
        ({"energy_kwh": 1e30}, "energy_kwh"),
        ({"outputs": []}, "outputs"),
        ({"outputs": [{"product_line": 999999, "output": 1}]}, "outputs.0.product_line"),
        ({"exports": [{"country": "ZZZ", "value_usd": 1}]}, "exports.0.country"),
        ({"exports": [{"country": "IRQQ", "value_usd": 1}]}, "exports.0.country"),
        ({"unit": 2**70}, "unit"),
        ({"colour": "blue"}, "colour"),
        ({"month": "1403/07\x00"}, "month"),
    ],
)
def test_invalid_reports_are_422_with_the_field_and_nothing_is_written(world, api_for, change, field):
    before = MonthlyReport.objects.count()
    response = api_for("unit-rep").post("/api/v1/reports", new_report(world, **change))
    body = assert_problem(response, 422)
    assert body["type"] == "urn:jahesh:problem:invalid-input"
    assert field in [e["field"] for e in body["errors"]], body["errors"]
    assert all(e["message"] and e["code"] and e["loc"] for e in body["errors"])
    assert MonthlyReport.objects.count() == before


def test_output_above_half_the_annual_capacity_is_refused(world, api_for):
    line = world.units[0].product_lines.get()  # 12,000 a year
    body = new_report(world, outputs=[{"product_line": line.pk, "output": 6001}])
    errors = assert_problem(api_for("unit-rep", lang="en").post("/api/v1/reports", body), 422)["errors"]
    assert errors[0]["field"] == "outputs.0.output"
    assert "half the annual nominal capacity" in errors[0]["message"]


def test_a_future_month_is_refused(world, api_for):
    body = new_report(world, month=month_text(current_report_month() + 3))
    assert (
        assert_problem(api_for("unit-rep").post("/api/v1/reports", body), 422)["errors"][0]["field"]
        == "month"
    )


def submitted(world, api_for, who="unit-rep"):
    return api_for(who).post("/api/v1/reports", new_report(world)).json()


def test_correct_a_submitted_report_with_put(world, api_for):
    client = api_for("unit-rep")
    report = submitted(world, api_for)
    line = world.units[0].product_lines.get()
    body = {
        "version": report["version"],
        "employment": 44,
        "outputs": [{"product_line": line.pk, "output": 970}],
    }
    response = client.put(f"/api/v1/reports/{report['id']}", body)
    assert response.status_code == 200, response.content
    out = response.json()
    assert (out["employment"], out["version"], out["state"]) == (44, 2, "submitted")
    assert out["sales_irr"] is None  # PUT replaces every figure
    stored = MonthlyReport.objects.get(pk=report["id"])
    assert (stored.employment, stored.version, stored.sales_irr) == (44, 2, None)
    assert stored.lines.get().output == 970
    assert AuditEvent.objects.filter(
        action="report.corrected", object_id=str(stored.pk), source="api"
    ).exists()


def test_patch_changes_only_what_is_given(world, api_for):
    report = submitted(world, api_for)
    response = api_for("unit-rep").patch(
        f"/api/v1/reports/{report['id']}", {"version": 1, "energy_kwh": 6000}
    )
    assert response.status_code == 200, response.content
    out = response.json()
    assert out["energy_kwh"] == "6000" and out["employment"] == 42 and out["sales_irr"] == "125000000000"
    assert out["lines"] == report["lines"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(world, api_for):
    report = submitted(world, api_for)
    client = api_for("unit-rep")
    assert (
        client.patch(f"/api/v1/reports/{report['id']}", {"version": 1, "employment": 43}).status_code == 200
    )
    body = assert_problem(
        client.patch(f"/api/v1/reports/{report['id']}", {"version": 1, "employment": 99}), 409
    )
    assert body["type"] == "urn:jahesh:problem:edit-conflict"
    assert MonthlyReport.objects.get(pk=report["id"]).employment == 43


def test_an_accepted_report_cannot_be_corrected(world, api_for):
    accepted = world.units[0].reports.filter(state="accepted").first()
    response = api_for("unit-rep").patch(
        f"/api/v1/reports/{accepted.pk}", {"version": accepted.version, "employment": 1}
    )
    body = assert_problem(response, 409)
    assert body["type"] == "urn:jahesh:problem:not-allowed-now"
    accepted.refresh_from_db()
    assert accepted.employment == 40


def test_other_units_reports_cannot_be_corrected(world, api_for):
    theirs = world.units[3].reports.first()
    assert_problem(
        api_for("unit-rep").patch(f"/api/v1/reports/{theirs.pk}", {"version": 1, "employment": 1}), 404
    )
    assert_problem(
        api_for("leadership").patch(f"/api/v1/reports/{theirs.pk}", {"version": 1, "employment": 1}), 403
    )


def test_review_accept_and_return_then_correct(world, api_for):
    report = submitted(world, api_for)
    secretariat = api_for("secretariat")
    url = f"/api/v1/reports/{report['id']}/review"

    body = assert_problem(secretariat.post(url, {"decision": "return", "version": 1}), 422)
    assert body["errors"][0]["field"] == "reason"

    returned = secretariat.post(url, {"decision": "return", "reason": "ارقام فروش ناقص است", "version": 1})
    assert returned.status_code == 200, returned.content
    assert (returned.json()["state"], returned.json()["version"]) == ("returned", 2)
    stored = MonthlyReport.objects.get(pk=report["id"])
    assert (stored.state, stored.return_reason, stored.reviewed_by) == (
        "returned",
        "ارقام فروش ناقص است",
        world.users["secretariat"],
    )

    # The unit corrects it; it goes back to "submitted" and can be accepted.
    corrected = api_for("unit-rep").patch(f"/api/v1/reports/{report['id']}", {"version": 2, "sales_irr": 1})
    assert corrected.json()["state"] == "submitted" and corrected.json()["return_reason"] == ""
    accepted = secretariat.post(url, {"decision": "accept", "version": 3})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert MonthlyReport.objects.get(pk=report["id"]).state == "accepted"
    assert AuditEvent.objects.filter(action="report.accepted", source="api").count() == 1


def test_review_with_a_stale_version_is_a_conflict(world, api_for):
    report = submitted(world, api_for)
    url = f"/api/v1/reports/{report['id']}/review"
    api_for("unit-rep").patch(f"/api/v1/reports/{report['id']}", {"version": 1, "employment": 43})
    body = assert_problem(api_for("secretariat").post(url, {"decision": "accept", "version": 1}), 409)
    assert body["type"] == "urn:jahesh:problem:edit-conflict"
    assert MonthlyReport.objects.get(pk=report["id"]).state == "submitted"


def test_reviewing_twice_is_refused(world, api_for):
    accepted = world.units[1].reports.first()
    response = api_for("admin").post(
        f"/api/v1/reports/{accepted.pk}/review", {"decision": "accept", "version": accepted.version}
    )
    assert assert_problem(response, 409)["type"] == "urn:jahesh:problem:not-allowed-now"


@pytest.mark.parametrize("who", ["unit-rep", "leadership", "agency-tax"])
def test_only_the_secretariat_and_admin_review(world, api_for, who):
    report = submitted(world, api_for)
    response = api_for(who).post(
        f"/api/v1/reports/{report['id']}/review", {"decision": "accept", "version": 1}
    )
    assert_problem(response, 403)
    assert MonthlyReport.objects.get(pk=report["id"]).state == "submitted"


def test_report_filters(world, api_for):
    client = api_for("secretariat")
    now = current_report_month()
    unit = world.units[0]
    listed = client.get(
        "/api/v1/reports", {"unit": unit.pk, "month_from": month_text(now - 2), "month_to": str(now)}
    ).json()
    assert listed["count"] == 3
    assert [r["month"] for r in listed["results"]] == [now, now - 1, now - 2]
    assert client.get("/api/v1/reports", {"state": "returned"}).json()["count"] == 0
    body = assert_problem(client.get("/api/v1/reports", {"month_from": "1403/13"}), 422)
    assert body["errors"][0]["field"] == "month_from"

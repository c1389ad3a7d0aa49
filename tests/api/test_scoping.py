"""Each role sees through the API exactly what it sees on the pages: its own units and reports for a unit
representative, nothing yet for agency and bank officers, everything for region-wide roles; an object out
of scope is a 404, indistinguishable from one that does not exist."""

from __future__ import annotations

import pytest

from jahesh.registry.models import Input, MonthlyReport

from .conftest import assert_problem

pytestmark = pytest.mark.django_db

REGION_WIDE = ["admin", "secretariat", "leadership"]
OFFICERS = ["agency-tax", "agency-social", "bank-officer"]
EVERYONE = [*REGION_WIDE, *OFFICERS, "unit-rep", "other-rep"]


def visible_unit_ids(world, who: str) -> set[int]:
    if who in REGION_WIDE:
        return {u.pk for u in world.units}
    if who == "unit-rep":
        return {world.units[0].pk}
    if who == "other-rep":
        return {world.units[3].pk}
    return set()


@pytest.fixture
def with_input(world):
    from jahesh.registry.models import Country

    Country.objects.get_or_create(
        iso3="DEU", defaults={"iso_numeric": "276", "name": "آلمان", "name_en": "Germany"}
    )
    for unit in world.units:
        Input.objects.create(
            product_line=unit.product_lines.get(),
            hs_code="252310",
            name="کلینکر",
            unit_of_measure="تن",
            quantity_per_output="0.750000",
            origin="imported",
            origin_country_id="DEU",
        )


@pytest.mark.parametrize("who", EVERYONE)
def test_unit_list_and_details_follow_the_role(world, api_for, with_input, who):
    client = api_for(who)
    expected = visible_unit_ids(world, who)
    listed = client.get("/api/v1/units").json()
    assert {u["id"] for u in listed["results"]} == expected
    assert listed["count"] == len(expected)
    for unit in world.units:
        for suffix in ("", "/product-lines", "/inputs"):
            response = client.get(f"/api/v1/units/{unit.pk}{suffix}")
            if unit.pk in expected:
                assert response.status_code == 200, (who, unit.pk, suffix)
            else:
                body = assert_problem(response, 404)
                # The same answer as for an id that does not exist: nothing to learn by probing.
                assert (
                    body["detail"]
                    == assert_problem(client.get(f"/api/v1/units/987654{suffix}"), 404)["detail"]
                )


@pytest.mark.parametrize("who", EVERYONE)
def test_reports_follow_the_role(world, api_for, who):
    client = api_for(who)
    expected = visible_unit_ids(world, who)
    reports = MonthlyReport.objects.filter(unit_id__in=expected)
    listed = client.get("/api/v1/reports", {"page_size": 200}).json()
    assert listed["count"] == reports.count()
    assert {r["unit"]["id"] for r in listed["results"]} == expected
    for unit in world.units:
        report = unit.reports.first()
        status = client.get(f"/api/v1/reports/{report.pk}").status_code
        assert status == (200 if unit.pk in expected else 404), (who, unit.pk)
    # A filter naming another unit finds nothing rather than erroring.
    other = world.units[3] if who != "other-rep" else world.units[0]
    if other.pk not in expected:
        assert client.get("/api/v1/reports", {"unit": other.pk}).json()["count"] == 0


@pytest.mark.parametrize("who", ["unit-rep", "agency-tax"])
def test_search_by_identifier_does_not_reach_other_units(world, api_for, who):
    response = api_for(who).get("/api/v1/units", {"q": world.units[3].legal_id})
    assert response.json()["count"] == 0


@pytest.mark.parametrize("who", EVERYONE)
def test_reference_data_is_open_to_every_role(world, api_for, who):
    client = api_for(who)
    assert client.get("/api/v1/counties").json()["count"] == 2
    assert client.get("/api/v1/estates").json()["count"] == 1
    agencies = client.get("/api/v1/agencies", {"kind": "bank"}).json()["results"]
    assert [(a["code"], a["bank_code"]) for a in agencies] == [("b017", "017")]
    assert client.get("/api/v1/isic/divisions").json()["count"] > 80
    assert client.get("/api/v1/isic/classes", {"division": "23"}).json()["count"] == 8


@pytest.mark.parametrize(("who", "units"), [("secretariat", 4), ("unit-rep", 1), ("bank-officer", 0)])
def test_hs_usage_counts_only_visible_units(world, api_for, who, units):
    client = api_for(who)
    used = client.get("/api/v1/hs").json()["results"]
    assert used == ([{"hs_code": "252329", "product_lines": units, "units": units}] if units else [])
    lookup = client.get("/api/v1/hs/۲۵۲۳۲۹").json()  # Persian digits are fine
    assert lookup["code"] == "252329" and lookup["valid"] is True
    assert lookup["units"] == units


def test_unit_detail_shows_status_with_its_rule_and_product_lines(world, api_for):
    unit = world.units[0]
    body = api_for("unit-rep", lang="en").get(f"/api/v1/units/{unit.pk}").json()
    assert body["status"] == "active" and body["status_rule"] == "at_or_above_threshold"
    assert "at or above" in body["status_explanation"]
    assert body["utilisation"] == pytest.approx(0.9)
    assert body["freshness"] == "fresh"
    assert body["county"]["name_en"] == "North" and body["estate"]["name_en"] == "North IE"
    assert body["isic_division"] == "23" and body["isic_title"]
    [line] = body["product_lines"]
    assert line["nominal_capacity"] == "12000.000"  # decimals as exact strings
    assert line["hs_code"] == "252329"
    y, m = body["last_accepted_month_jalali"].split("/")
    assert body["last_accepted_month"] == int(y) * 12 + int(m) - 1


def test_unit_list_filters_like_the_page(world, api_for):
    client = api_for("secretariat")

    def names(params):
        return {u["name"] for u in client.get("/api/v1/units", params).json()["results"]}

    south = world.counties[1]
    assert names({"county": south.pk, "status": "idle"}) == {"فروسیلیس راکد"}
    assert names({"status": ["active", "semi_active"]}) == {"کارخانه سیمان شمال", "کاشی جنوب", "لبنیات دیگر"}
    assert names({"band": "25to50"}) == {"کاشی جنوب"}
    assert names({"freshness": "warning"}) == {"فروسیلیس راکد"}
    assert names({"isic": "23"}) == {"کاشی جنوب", "کارخانه سیمان شمال"}
    assert names({"q": "سيمان"}) == {"کارخانه سیمان شمال"}  # Arabic yeh
    ordered = client.get("/api/v1/units", {"sort": "-utilisation"}).json()["results"]
    assert [u["utilisation"] for u in ordered] == sorted((u["utilisation"] for u in ordered), reverse=True)


def test_pagination_links_and_counts(world, api_for):
    client = api_for("secretariat")
    first = client.get("/api/v1/units", {"page_size": 3, "sort": "name"}).json()
    assert (first["count"], first["pages"], first["previous"]) == (4, 2, None)
    second = client.get(first["next"]).json()
    assert second["next"] is None and len(second["results"]) == 1
    assert {u["id"] for u in first["results"] + second["results"]} == {u.pk for u in world.units}
    past = client.get("/api/v1/units", {"page": 9, "page_size": 3}).json()
    assert past["results"] == [] and past["count"] == 4


def test_an_empty_registry_lists_nothing(db):
    from jahesh.api.tokens import issue_token
    from jahesh.core.models import User

    from .conftest import ApiClient

    user = User.objects.create_user("alone", password="x" * 12, role="secretariat")
    body = ApiClient(issue_token(user)[1]).get("/api/v1/units").json()
    assert (body["count"], body["results"]) == (0, [])

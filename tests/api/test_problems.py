"""Bad input never gets a 500: every error is an RFC 7807 problem, in the language of Accept-Language."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import assert_problem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/v1/units?page_size=100000", 422, "page_size"),
        ("/api/v1/units?page_size=0", 422, "page_size"),
        ("/api/v1/units?page=-1", 422, "page"),
        ("/api/v1/units?page=abc", 422, "page"),
        ("/api/v1/units?page=99999999999999999999999", 422, "page"),
        ("/api/v1/units?county=abc", 422, "county"),
        ("/api/v1/units?county=-3", 422, "county"),
        ("/api/v1/units?county=999999", 422, "county"),  # no such county: refused like the page's form
        ("/api/v1/units?county=99999999999999999999999999", 422, "county"),
        ("/api/v1/units?status=sleeping", 422, "status.0"),
        ("/api/v1/units?sort=colour", 422, "sort"),
        ("/api/v1/units?isic=2x", 422, "isic"),
        ("/api/v1/units?q=" + "ک" * 101, 422, "q"),
        ("/api/v1/units?q=%00", 422, "q"),
        ("/api/v1/reports?month_from=1403/00", 422, "month_from"),
        ("/api/v1/reports?month_to=%F0%9F%92%A5", 422, "month_to"),
        ("/api/v1/reports?state=lost", 422, "state"),
        ("/api/v1/units/abc", 422, "unit_id"),
        ("/api/v1/units/0", 422, "unit_id"),
        ("/api/v1/units/9223372036854775808", 422, "unit_id"),
        ("/api/v1/units/9223372036854775807", 404, None),
        ("/api/v1/reports/123456789", 404, None),
        ("/api/v1/units/1/nothing", 404, None),
        ("/api/v1/estates?county=x", 422, "county"),
        ("/api/v1/isic/classes?division=2", 422, "division"),
    ],
)
def test_bad_query_and_path_values(world, api_for, url, status, field):
    body = assert_problem(api_for("secretariat").get(url), status)
    if field:
        assert field in [e["field"] for e in body["errors"]], body["errors"]


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        "",
        "[]",
        "null",
        '"text"',
        "42",
        '{"unit": "١", "month": 1403}',
        "\ufeff{}",
        '{"unit": 1, "month": "\\ud800"}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_malformed_bodies_are_400_or_422(world, api_for, raw):
    response = api_for("secretariat").post("/api/v1/reports", raw)
    assert response.status_code in (400, 422), (raw, response.status_code, response.content[:300])
    assert_problem(response, response.status_code)


def test_problem_titles_and_details_follow_accept_language(world, api_for):
    url = "/api/v1/units?page=abc"
    fa = api_for("secretariat").get(url)
    en = api_for("secretariat", lang="en-GB,en;q=0.8").get(url)
    other = api_for("secretariat", lang="de").get(url)
    assert en.json()["title"] == "Invalid input"
    assert en.json()["errors"][0]["message"] == "Give a whole number."
    assert fa.json()["errors"][0]["message"] == "یک عدد صحیح وارد کنید."
    assert other.json() == fa.json()  # Persian unless English is asked for
    assert (fa["Content-Language"], en["Content-Language"]) == ("fa", "en")
    assert "Accept-Language" in en["Vary"]


def test_the_site_language_cookie_does_not_decide_for_the_api(world, api_for):
    client = api_for("secretariat")
    client.client.cookies["jahesh_language"] = "en"
    assert client.get("/api/v1/units?page_size=999")["Content-Language"] == "fa"


def test_unknown_paths_and_methods_are_problems(world, api_for):
    client = api_for("secretariat")
    assert_problem(client.get("/api/v1/no-such-thing"), 404)
    assert_problem(Client().get("/api/v1/units/"), 404)  # no trailing-slash redirect for clients to follow
    response = client.client.delete("/api/v1/units", headers=client.headers)
    assert_problem(response, 405)
    assert "GET" in response["Allow"]
    assert_problem(client.client.options("/api/v1/reports", headers=client.headers), 405)


def test_unhandled_errors_are_logged_and_answered_as_a_problem(world, api_for, monkeypatch, caplog):
    from jahesh.api import registry

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(registry, "_unit_summary", broken)
    response = api_for("secretariat").get("/api/v1/units")
    assert_problem(response, 500)
    assert "a bug" not in response.content.decode()
    assert any("Unhandled error" in r.message for r in caplog.records)

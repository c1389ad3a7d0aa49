"""The export-opportunity pages: region-wide roles only, fixed query counts, tables downloadable."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["admin", "secretariat", "leadership"])
def test_exports_page_renders_for_region_wide_roles(trade_world, client_for, who):
    response = client_for(who).get("/exports/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2523" in page or "۲۵۲۳" in page  # cement, exported with RCA ≥ 1
    assert 'data-chart="chart-fx"' in page
    approach = response.context["a"].approach
    assert approach is not None and "رویکرد راهبردی پیشنهادی" in page  # «Recommended strategic approach»
    assert f'id="strategy-{approach.suggested_strategy}"' in page


@pytest.mark.parametrize("who", ["agency-tax", "bank-officer", "unit-rep"])
def test_exports_pages_refuse_other_roles(trade_world, client_for, who):
    assert client_for(who).get("/exports/").status_code == 403
    assert client_for(who).get("/exports/product-space/").status_code == 403


def test_anonymous_is_sent_to_login(trade_world, client):
    response = client.get("/exports/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_exports_page_query_count_is_fixed(trade_world, client_for, django_assert_num_queries):
    client = client_for("leadership")
    with django_assert_num_queries(17):  # 16 + the unread-notifications badge
        assert client.get("/exports/").status_code == 200


def test_product_space_spec_is_bounded_and_marks_the_region(
    trade_world, client_for, django_assert_num_queries
):
    client = client_for("secretariat")
    with django_assert_num_queries(11):  # 10 + the unread-notifications badge
        response = client.get("/exports/product-space/")
    assert response.status_code == 200
    spec = response.context["spec"]
    assert spec["kind"] == "graph"
    assert 0 < len(spec["nodes"]) <= 300
    assert any(n["present"] for n in spec["nodes"])
    # A spanning tree at least: every node but one has a link.
    assert len(spec["links"]) >= len(spec["nodes"]) - 1
    present = [n for n in spec["nodes"] if n["present"]]
    assert {"fa", "en", "code"} <= set(present[0])
    json.dumps(spec)


def test_opportunity_tables_download_as_csv(trade_world, client_for):
    client = client_for("secretariat")
    response = client.get("/exports/", {"download": "opportunities"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("strategy,rank,hs4")
    assert {line.split(",")[0] for line in lines[1:]} == {"low_hanging_fruit", "balanced", "long_jump"}
    present = client.get("/exports/", {"download": "present"}).content.decode("utf-8-sig")
    assert "2523" in present


def test_pages_without_world_trade_say_how_to_get_it(world, client_for):
    page = client_for("leadership").get("/exports/").content.decode()
    assert "jahesh import trade" in page
    assert client_for("leadership").get("/exports/product-space/").status_code == 200

"""Leadership opens the export opportunities and the product space: the charts are drawn (SVG)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.trade.conftest import add_exports

pytestmark = [pytest.mark.browser]


def test_leadership_sees_opportunities_and_the_product_space(page, live_server, live_world, sign_in, shot):
    from jahesh.demo.world import build_demo_world

    add_exports(live_world)
    build_demo_world(live_world.region, seed=3, countries=30, products=150, years=4)
    sign_in("leadership", PASSWORD)
    page.goto(live_server.url + "/exports/")
    expect(page.locator("h1")).to_contain_text("فرصت‌های صادراتی")  # «Export opportunities»
    expect(page.locator("div.chart[data-chart=chart-fx] svg")).to_have_count(1)
    expect(page.locator("table.data").nth(2)).to_contain_text(re.compile("2523|۲۵۲۳"))  # cement, RCA ≥ 1
    shot("exports")
    page.click("a[href^='/exports/product-space/']")
    space = page.locator("div.chart[data-chart=chart-space]")
    expect(space.locator("svg")).to_have_count(1)
    # Nodes are drawn: far more shapes than the legend alone has.
    assert space.locator("svg path").count() > 100
    shot("product-space")

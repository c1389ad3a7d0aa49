"""The revival plan in a real browser: leadership builds a scenario with a budget and a county minimum, sees
the chosen units with their reasons, compares it with a budget-only scenario, and exports the session's PDF.

The candidates and the expected choice are worked out by hand in tests/revival/conftest.py and
tests/revival/test_scenarios.py: with 5 billion rials alone the idle unit is chosen; with North at least
20 % of the budget, the North foundry and the semi-active tile works are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.pdf_utils import pdf_text

pytestmark = [pytest.mark.browser]


def test_leadership_builds_compares_and_exports_a_scenario(
    page, live_server, live_world, sign_in, shot, weasyprint
):
    from jahesh.revival.models import Scenario
    from tests.revival.conftest import make_candidates

    cands = make_candidates(live_world)
    north = live_world.counties[0]
    sign_in("leadership", PASSWORD)

    # 1. A budget-only scenario.
    page.goto(f"{live_server.url}/revival/scenarios/new/")
    page.fill("#id_name", "فقط بودجه")
    page.fill("#id_budget", "۵")
    page.click("#scenario-form button[type=submit].primary")
    expect(page.locator("table.chosen")).to_contain_text(cands.idle.name)

    # 2. The same budget with North at least 20 %.
    page.goto(f"{live_server.url}/revival/scenarios/new/")
    page.fill("#id_name", "توازن شمال")
    page.fill("#id_budget", "۵")
    page.fill(f"#id_county_min_{north.pk}", "۲۰")
    shot("revival-scenario-new-fa")
    page.click("#scenario-form button[type=submit].primary")
    chosen = page.locator("table.chosen")
    expect(chosen).to_contain_text(cands.semi.name)
    expect(chosen).to_contain_text(cands.north.name)
    expect(chosen.locator("td.reason").first).to_contain_text("انتخاب بهینه‌ساز")
    expect(page.locator("table.summary")).to_contain_text("شمالی: دست‌کم ۲۰٪ بودجه")
    expect(page.locator("table.left")).to_contain_text(cands.idle.name)
    shot("revival-scenario-detail-fa")
    balanced = Scenario.objects.get(name="توازن شمال")

    # 3. Compare the two from the list.
    page.goto(f"{live_server.url}/revival/scenarios/")
    for s in Scenario.objects.all():
        page.check(f"input[name=ids][value='{s.pk}']")
    page.click("#compare-form button[type=submit]")
    expect(page.locator("section.scenario-col")).to_have_count(2)
    expect(page.locator("table.grid")).to_contain_text(cands.north.name)
    shot("revival-scenario-compare-fa")

    # 4. The session's PDF.
    page.goto(f"{live_server.url}/revival/scenarios/{balanced.pk}/")
    with page.expect_download() as info:
        page.click("#pdf-link")
    text = "\n".join(pdf_text(Path(info.value.path()).read_bytes()))
    # PDFium drops the zero-width non-joiner and moves the hamza: compare words without them.
    assert "احیا: توازن شمال" in text and cands.semi.name in text
    assert "انتخاب بهینه" in text and "دستکم ٪۲۰" in text

"""A loan from application to payment in a real browser: the unit applies, the secretariat approves and
introduces it to Bank Melli, Melli's officer approves and pays, the scorecard moves; Sepah's officer sees
nothing of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]


def _sign_out(page):
    page.click("header form[action$='/logout/'] button")
    page.wait_for_load_state("networkidle")


def test_loan_from_application_to_payment(page, live_server, live_world, sign_in, shot):
    from jahesh.core.models import Role, User
    from jahesh.loans.models import Application, Programme
    from jahesh.registry.models import Agency

    Programme.objects.create(
        code="ronagh",
        name="رونق تولید",
        max_amount=Decimal(10**12),
        eligible_statuses=["active", "semi_active"],
    )
    sepah = Agency.objects.create(
        region=live_world.region, kind=Agency.Kind.BANK, code="b015", name="بانک سپه", bank_code="015"
    )
    User.objects.create_user("sepah-officer", password=PASSWORD, role=Role.BANK, agency=sepah)
    unit = live_world.units[0]

    # 1. The unit representative applies.
    sign_in("unit-rep", PASSWORD)
    page.goto(f"{live_server.url}/loans/new/")
    page.select_option("#id_unit", str(unit.pk))
    page.select_option("#id_programme", label=page.locator("#id_programme option").nth(1).inner_text())
    page.fill("#id_amount", "۳۰۰٬۰۰۰٬۰۰۰")
    page.fill("#id_purpose", "خرید مواد اولیه برای سه ماه")
    page.fill("#id_jobs_kept", "۴۰")
    page.fill("#id_jobs_restored", "۵")
    shot("loan-new-fa")
    page.click("#loan-form button[type=submit]")
    expect(page.locator("#loan-state")).to_have_text("ارسال‌شده")
    app = Application.objects.get()
    _sign_out(page)

    # 2. The secretariat approves (citing a resolution) and introduces it to Bank Melli.
    sign_in("secretariat", PASSWORD)
    page.goto(f"{live_server.url}/loans/scorecard/")
    before = page.locator("#funnel-table tr").nth(4).locator("td.num").inner_text()
    page.goto(f"{live_server.url}/loans/{app.pk}/")
    page.fill("#id_approve-resolution_ref", "۱۲/۳")
    page.click("#form-approve button[type=submit]")
    page.select_option("#id_introduce-bank", str(live_world.bank.pk))
    page.fill("#id_introduce-branch_name", "شعبه مرکزی سمنان")
    page.click("#form-introduce button[type=submit]")
    expect(page.locator("#loan-state")).to_have_text("معرفی‌شده به بانک")
    _sign_out(page)

    # 3. Sepah's officer sees nothing of it.
    sign_in("sepah-officer", PASSWORD)
    page.goto(f"{live_server.url}/loans/?show=all")
    expect(page.locator("table.loans")).not_to_contain_text(unit.name)
    response = page.goto(f"{live_server.url}/loans/{app.pk}/")
    assert response.status == 404
    _sign_out(page)

    # 4. Melli's officer finds it on the desk, approves 250 M and pays it in two tranches.
    sign_in("bank-officer", PASSWORD)
    page.goto(f"{live_server.url}/loans/")
    page.click(f"table.loans a[href$='/loans/{app.pk}/'] >> nth=0")
    page.select_option("#id_decide-decision", "approve")
    page.fill("#id_decide-amount", "۲۵۰٬۰۰۰٬۰۰۰")
    page.click("#form-decide button[type=submit]")
    page.fill("#id_disburse-amount", "۱۰۰٬۰۰۰٬۰۰۰")
    page.click("#form-disburse button[type=submit]")
    expect(page.locator("#loan-state")).to_have_text("بخشی پرداخت‌شده")
    page.fill("#id_disburse-amount", "۱۵۰٬۰۰۰٬۰۰۰")
    page.click("#form-disburse button[type=submit]")
    expect(page.locator("#loan-state")).to_have_text("پرداخت‌شده")
    shot("loan-paid-fa")
    _sign_out(page)

    # 5. The scorecard counts it as paid.
    sign_in("secretariat", PASSWORD)
    page.goto(f"{live_server.url}/loans/scorecard/")
    expect(page.locator("#funnel-table tr").nth(4).locator("td.num")).to_have_text("۱")
    assert before == "۰"
    expect(page.locator("#by-bank")).to_contain_text("۲۵۰٬۰۰۰٬۰۰۰")
    page.wait_for_selector("div.chart[data-rendered]")
    shot("loan-scorecard-fa")

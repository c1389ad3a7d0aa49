"""A case's story in a real browser: the unit raises it, the secretariat refers it to tax with a deadline, the
tax officer answers, and the timeline tells all three in order, in Persian with Jalali dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jahesh.core import jalali
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_case_from_unit_to_tax_answer_with_timeline(page, live_server, live_world, sign_in, shot, tmp_path):
    from jahesh.cases.models import Case, Category, Referral

    unit = live_world.units[0]
    tax = Category.objects.get(code="tax")

    # 1. The unit representative raises the case from their unit's page.
    sign_in("unit-rep", PASSWORD)
    page.goto(f"{live_server.url}/units/{unit.pk}/")
    page.click("#raise-case")
    expect(page.locator("#id_unit")).to_have_value(str(unit.pk))
    page.select_option("#id_category", str(tax.pk))
    page.fill("#id_title", "مسدود شدن حساب به دلیل بدهی مالیاتی")
    page.fill(
        "#id_description",
        "حساب‌های بانکی واحد به دلیل بدهی مالیاتی سال ۱۴۰۲ مسدود شده و حقوق کارگران پرداخت نشده است.",
    )
    page.fill("#id_amount_irr", "۸۵۰٬۰۰۰٬۰۰۰٬۰۰۰")
    page.fill("#id_jobs_at_stake", "۴۰")
    shot("case-new-fa")
    page.click("#case-form button[type=submit].primary")
    expect(page.locator(".messages")).to_be_visible()
    case = Case.objects.get()
    assert case.state == "new" and case.source == "portal"

    # 2. The secretariat triages it and refers it to the tax administration with a deadline.
    page.context.clear_cookies()
    sign_in("secretariat", PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.click("#form-triage button[type=submit]")
    expect(page.locator("#form-refer")).to_be_visible()
    due = timezone.localdate() + dt.timedelta(days=12)
    jd = jalali._to_jalali(due, "fa")
    page.select_option("#id_agencies", [str(live_world.tax.pk)])
    page.fill("#id_due_on", f"{jd.year}/{jd.month:02d}/{jd.day:02d}".translate(PERSIAN))
    page.keyboard.press("Escape")
    page.click("#form-refer button[type=submit]")
    expect(page.locator("table.referrals")).to_contain_text("امور مالیاتی")
    referral = Referral.objects.get(case=case)
    assert referral.due_on == due

    # 3. The tax officer sees the new referral on the notification badge, finds it in the inbox and answers
    # with the instalment agreement attached as evidence.
    page.context.clear_cookies()
    sign_in("agency-tax", PASSWORD)
    page.goto(f"{live_server.url}/inbox/")
    expect(page.locator("#unread-badge")).to_have_text("۱")
    page.click("text=مسدود شدن حساب به دلیل بدهی مالیاتی")
    form = page.locator(f"#form-answer-{referral.pk}")
    form.locator("select").select_option("resolved")
    form.locator("textarea").fill("بدهی در ۱۲ قسط تقسیط و حساب‌ها آزاد شد.")
    evidence = tmp_path / "instalment-agreement.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%agreement\n")
    form.locator("input[type=file]").set_input_files(str(evidence))
    form.locator("button[type=submit]").click()
    expect(page.locator("#case-state")).not_to_have_text(re.compile("referred|ارجاع"))
    case.refresh_from_db()
    assert case.state == "answered"

    # The timeline: raised, triaged, referred, answered — in that order, with Jalali dates in Persian digits.
    events = page.locator("#timeline li.event:not(.provided)")
    kinds = [events.nth(i).get_attribute("data-kind") for i in range(events.count())]
    assert kinds == ["raised", "triaged", "referred", "answered"]
    expect(events.nth(2)).to_contain_text("امور مالیاتی")
    expect(events.nth(3)).to_contain_text("بدهی در ۱۲ قسط تقسیط")
    expect(events.nth(3).locator("ul.files a")).to_have_text("instalment-agreement.pdf")
    # The unit's utilisation before the case is part of the story too (from its monthly reports).
    expect(page.locator("#timeline li.kind-figures")).to_contain_text("ضریب بهره‌برداری")
    today = jalali._to_jalali(timezone.localdate(), "fa")
    expect(events.nth(0).locator("time")).to_contain_text(str(today.year).translate(PERSIAN))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    shot("case-timeline-fa")
    page.goto(f"{live_server.url}/inbox/?show=all")
    expect(page.locator("table.inbox tbody tr")).to_have_count(1)
    shot("case-inbox-fa")
    page.goto(f"{live_server.url}/cases/")
    expect(page.locator("table.cases tbody tr")).to_have_count(1)
    shot("case-list-fa")

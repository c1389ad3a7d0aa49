"""Session 14 in a real browser: the secretariat creates it, puts a proposed case on the agenda, records the
attendance and a binding resolution for two agencies, opens the minutes PDF; the tax officer marks its part
executed with evidence; the follow-up dashboard and the case's timeline show it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jahesh.core import jalali
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def jdate(day: dt.date) -> str:
    return jalali.format_jalali(day, persian_digits=False).translate(PERSIAN)


@pytest.fixture
def ready_case(live_world):
    from jahesh.cases import actions
    from jahesh.cases.models import Category

    u = live_world.users
    case = actions.raise_case(
        actor=u["unit-rep"],
        unit=live_world.units[0],
        category=Category.objects.get(code="tax"),
        title="مسدودی حساب به دلیل بدهی مالیاتی",
        description="حساب‌های واحد مسدود شده است.",
    )
    case = actions.triage(actor=u["secretariat"], case=case, version=case.version)
    (referral,) = actions.refer(
        actor=u["secretariat"],
        case=case,
        version=case.version,
        agencies=[(live_world.tax, timezone.localdate() + dt.timedelta(days=10))],
    )
    actions.answer(
        actor=u["agency-tax"],
        referral=referral,
        version=referral.version,
        status="needs_wg",
        text="نیازمند کارگروه",
    )
    return case


def test_session_14_from_agenda_to_execution(
    page, live_server, live_world, ready_case, sign_in, shot, tmp_path
):
    from jahesh.meetings.models import ResolutionPart, Session

    tax, social = live_world.tax, live_world.tax.region.agencies.get(code="ss")
    today = timezone.localdate()

    # 1. The secretariat creates session 14.
    sign_in("secretariat", PASSWORD)
    page.goto(f"{live_server.url}/sessions/")
    page.click("#new-session")
    page.fill("#id_number", "۱۴")
    page.fill("#id_held_on", jdate(today))
    page.keyboard.press("Escape")
    page.fill("#id_place", "سالن جلسات استانداری")
    page.fill("#id_chair_title", "استاندار")
    page.click("#session-form button[type=submit].primary")
    expect(page.locator("h1")).to_contain_text("جلسه ۱۴")
    session = Session.objects.get(number=14)

    # 2. The proposed case goes on the agenda.
    expect(page.locator("#proposed")).to_contain_text("مسدودی حساب به دلیل بدهی مالیاتی")
    page.click(f"button.add-proposed[data-case='{ready_case.pk}']")
    expect(page.locator("table.agenda")).to_contain_text("مسدودی حساب به دلیل بدهی مالیاتی")
    ready_case.refresh_from_db()
    assert ready_case.state == "on_agenda"

    # 3. Attendance: tax and social security present with their representatives.
    page.click("#other-agencies summary")
    for agency, rep in ((tax, "مدیرکل امور مالیاتی"), (social, "معاون تأمین اجتماعی")):
        page.check(f"#present_{agency.pk}")
        page.fill(f"#rep_{agency.pk}", rep)
    page.click("#form-attendance button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("حضور ثبت شد")
    assert set(session.attendance.filter(present=True).values_list("agency__code", flat=True)) == {
        "tax",
        "ss",
    }

    # 4. A binding resolution for both agencies, on the case's agenda item.
    form = page.locator("#form-resolution")
    form.locator("#id_text").fill("بدهی مالیاتی و بیمه‌ای واحد در ۲۴ قسط تقسیط و حساب‌ها آزاد شود.")
    form.locator("#id_agencies").select_option([str(tax.pk), str(social.pk)])
    form.locator("#id_deadline").fill(jdate(today + dt.timedelta(days=30)))
    page.keyboard.press("Escape")
    form.locator("#id_agenda_item").select_option(index=1)
    form.locator("button[type=submit]").click()
    expect(page.locator("table.resolutions")).to_contain_text("بدهی مالیاتی و بیمه‌ای واحد")
    resolution = session.resolutions.get()
    assert resolution.kind == "binding" and resolution.case_id == ready_case.pk
    shot("meeting-detail-fa")

    # 5. The minutes PDF (a draft until the chair approves).
    pdf = page.request.get(f"{live_server.url}{page.locator('#minutes-link').get_attribute('href')}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # 6. The tax officer marks its part executed with evidence.
    page.context.clear_cookies()
    sign_in("agency-tax", PASSWORD)
    page.goto(f"{live_server.url}/resolutions/mine/")
    page.click(f"a[href='/resolutions/{resolution.pk}/']")
    part = ResolutionPart.objects.get(resolution=resolution, agency=tax)
    update = page.locator(f"#form-update-{part.pk}")
    update.locator("select").select_option("executed")
    update.locator("textarea").fill("قرارداد تقسیط ۲۴ ماهه امضا و حساب‌ها آزاد شد.")
    evidence = tmp_path / "evidence.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%evidence\n")
    update.locator("input[type=file]").set_input_files(str(evidence))
    update.locator("button[type=submit]").click()
    expect(page.locator(f"#part-status-{part.pk}")).to_have_text("اجرا شده")
    expect(page.locator(f"#part-{part.pk}")).to_contain_text("evidence.pdf")
    shot("resolution-executed-fa")

    # 7. The dashboard and the case's timeline show it.
    page.context.clear_cookies()
    sign_in("secretariat", PASSWORD)
    page.goto(f"{live_server.url}/resolutions/")
    row = page.locator(f"#by-agency tr[data-agency='{tax.pk}']")
    expect(row).to_contain_text("امور مالیاتی")
    expect(row.locator("td").nth(2)).to_have_text("۱")  # executed
    expect(page.locator("#by-status tr[data-status='executed'] td.num")).to_have_text("۱")
    shot("resolution-dashboard-fa")
    page.goto(f"{live_server.url}/cases/{ready_case.pk}/")
    timeline = page.locator("#timeline")
    expect(timeline.locator("li[data-kind='session']")).to_contain_text("طرح در جلسه ۱۴")
    expect(timeline.locator("li[data-kind='resolution']")).to_contain_text("صدور مصوبه ۱۴/۱")
    expect(timeline.locator("li[data-kind='resolution-status']").last).to_contain_text("اجرا شده")
    expect(timeline.locator("li[data-kind='resolution-status']").last).to_contain_text("امور مالیاتی")
    shot("case-timeline-with-session-fa")

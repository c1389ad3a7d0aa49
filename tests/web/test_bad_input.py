"""Bad input into the cases, sessions and loans forms and API writes: never a 500, a clear Persian message,
nothing half-saved, and what was typed is still there. The first tests found bugs (marked FOUND); the rest
are a representative set of checks that already held."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

HUGE_ID = "99999999999999999999999"  # no database integer holds it
M = Decimal(1_000_000)


def said(response) -> str:
    """The messages and the page, as the user reads them."""
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return text + (response.content.decode() if response.status_code == 200 else "")


@pytest.fixture
def w(world):
    from jahesh.cases import actions as cases
    from jahesh.cases.models import Category
    from jahesh.loans import actions as loans
    from jahesh.loans.models import Programme, Quota
    from jahesh.meetings import actions as meetings
    from jahesh.registry.models import Agency

    u = world.users
    tax = Category.objects.get(code="tax")
    new = cases.raise_case(
        actor=u["unit-rep"], unit=world.units[0], category=tax, title="تازه", description="d"
    )
    triaged = cases.raise_case(
        actor=u["unit-rep"], unit=world.units[0], category=tax, title="ت", description="d"
    )
    triaged = cases.triage(actor=u["secretariat"], case=triaged, version=triaged.version)
    social = Agency.objects.get(code="ss")
    session = meetings.create_session(
        actor=u["secretariat"],
        region=world.region,
        number=14,
        held_on=timezone.localdate(),
        invite=[world.tax],
    )
    boom = Programme.objects.create(
        code="ronagh",
        name="رونق تولید",
        max_amount=500 * M,
        eligible_statuses=["active", "semi_active", "idle"],
    )
    Quota.objects.create(programme=boom, bank=world.bank, year=1405, amount=1000 * M)
    app = loans.apply(
        actor=u["unit-rep"], unit=world.units[0], programme=boom, amount=100 * M, purpose="خرید", jobs_kept=3
    )
    return SimpleNamespace(
        new=new, triaged=triaged, social=social, session=session, boom=boom, app=app, tax_category=tax
    )


# --- FOUND: an id no database integer holds, in a multiple choice, was a 500 (OverflowError) ---


def test_refer_to_an_impossible_agency_id_is_refused_not_a_500(w, client_for):
    from jahesh.cases.models import Referral

    r = client_for("secretariat").post(
        f"/cases/{w.triaged.pk}/", {"action": "refer", "version": w.triaged.version, "agencies": [HUGE_ID]}
    )
    assert r.status_code == 302
    assert "یک مقدار معتبر نیست" in said(r)
    assert not Referral.objects.filter(case=w.triaged).exists()


def test_new_session_inviting_an_impossible_agency_id_is_refused_not_a_500(w, client_for):
    from jahesh.meetings.models import Session

    r = client_for("secretariat").post(
        "/sessions/new/", {"kind": "provincial", "held_on": "1405/01/10", "invite": [HUGE_ID]}
    )
    assert r.status_code == 200
    assert "یک مقدار معتبر نیست" in said(r)
    assert Session.objects.count() == 1


def test_resolution_for_an_impossible_agency_id_is_refused_and_keeps_the_text(w, world, client_for):
    r = client_for("secretariat").post(
        f"/sessions/{w.session.pk}/",
        {
            "action": "resolution",
            "version": w.session.version,
            "text": "تقسیط بدهی در ۲۴ قسط",
            "kind": "binding",
            "deadline": "1406/01/10",
            "agencies": [HUGE_ID],
        },
    )
    assert r.status_code == 200
    assert "یک مقدار معتبر نیست" in said(r)
    assert "تقسیط بدهی در ۲۴ قسط" in r.content.decode()
    assert not w.session.resolutions.exists()


# --- FOUND: a refused resolution or loan step lost everything typed (the page redirected) ---


def test_resolution_with_month_13_keeps_the_typed_text_in_persian(w, world, client_for):
    r = client_for("secretariat").post(
        f"/sessions/{w.session.pk}/",
        {
            "action": "resolution",
            "version": w.session.version,
            "text": "متن طولانی مصوبه",
            "kind": "binding",
            "deadline": "1405/13/40",
            "agencies": [world.tax.pk],
        },
    )
    assert r.status_code == 200
    assert "ماه ۱۳ وجود ندارد" in said(r)
    assert "متن طولانی مصوبه" in r.content.decode()
    assert not w.session.resolutions.exists()


def test_resolution_from_a_stale_tab_keeps_the_text_and_sends_at_the_second_try(w, world, client_for):
    from jahesh.meetings.models import Session

    sec = client_for("secretariat")
    stale = w.session.version
    sec.post(f"/sessions/{w.session.pk}/", {"action": "edit", "version": stale, "held_on": "1405/01/11"})
    data = {
        "action": "resolution",
        "version": stale,
        "text": "مصوبهٔ برگهٔ دوم",
        "kind": "binding",
        "deadline": "1406/01/10",
        "agencies": [world.tax.pk],
    }
    r = sec.post(f"/sessions/{w.session.pk}/", data)
    assert r.status_code == 200
    assert "کس دیگری این جلسه را تغییر داد" in said(r)
    assert "مصوبهٔ برگهٔ دوم" in r.content.decode()
    assert not w.session.resolutions.exists()
    fresh = Session.objects.get(pk=w.session.pk).version
    assert f'name="version" value="{fresh}"' in r.content.decode()  # the form carries the current version
    assert sec.post(f"/sessions/{w.session.pk}/", {**data, "version": fresh}).status_code == 302
    assert w.session.resolutions.count() == 1


def test_loan_rejection_with_an_impossible_date_keeps_the_reason(w, client_for):
    r = client_for("secretariat").post(
        f"/loans/{w.app.pk}/",
        {
            "action": "reject",
            "reject-version": w.app.version,
            "reject-on": "۱۴۰۵/۱۲/۳۰",
            "reject-reason": "وثیقه کافی نیست",
        },
    )
    assert r.status_code == 200
    assert "سال ۱۴۰۵ کبیسه نیست" in said(r)
    assert "وثیقه کافی نیست" in r.content.decode()
    w.app.refresh_from_db()
    assert w.app.state == "submitted"


# --- FOUND: pages that showed Latin digits or said the wrong thing ---


def test_new_session_errors_are_in_persian_digits(w, client_for):
    r = client_for("secretariat").post("/sessions/new/", {"kind": "provincial", "held_on": "1405/13/40"})
    assert r.status_code == 200
    assert "ماه ۱۳ وجود ندارد" in r.content.decode()
    assert "ماه 13" not in r.content.decode()


def test_loan_programmes_maximum_in_persian_digits(w, client_for):
    body = client_for("unit-rep").get("/loans/new/").content.decode()
    assert "رونق تولید (≤ ۵۰۰٬۰۰۰٬۰۰۰)" in body


def test_an_application_is_not_its_own_open_duplicate(w, client_for):
    body = client_for("secretariat").get(f"/loans/{w.app.pk}/").content.decode()
    assert "درخواست باز دارد" not in body


# --- checks that held ---


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1405/13/40", "ماه ۱۳ وجود ندارد"),
        ("۱۴۰۵/۱۲/۳۰", "سال ۱۴۰۵ کبیسه نیست و اسفند آن ۲۹ روز دارد"),
        ("فردا", "تاریخ را به صورت سال/ماه/روز"),
    ],
)
def test_refer_with_an_impossible_due_date_refers_nobody(w, client_for, typed, message):
    from jahesh.cases.models import Referral

    r = client_for("secretariat").post(
        f"/cases/{w.triaged.pk}/",
        {"action": "refer", "version": w.triaged.version, "agencies": [w.social.pk], "due_on": typed},
        follow=True,
    )
    assert r.redirect_chain[0][1] == 302
    assert message in r.content.decode()  # the page after the redirect shows the message
    assert not Referral.objects.filter(case=w.triaged).exists()


def test_new_case_title_of_10001_characters_saves_nothing_and_keeps_the_description(w, world, client_for):
    from jahesh.cases.models import Case

    before = Case.objects.count()
    r = client_for("unit-rep").post(
        "/cases/new/",
        {
            "unit": world.units[0].pk,
            "category": w.tax_category.pk,
            "title": "ب" * 10_001,
            "description": "حساب‌ها مسدود است",
            "severity": "medium",
        },
    )
    assert r.status_code == 200
    assert "حداکثر ۲۰۰ کاراکتر" in r.content.decode()
    assert "حساب‌ها مسدود است" in r.content.decode()
    assert Case.objects.count() == before


@pytest.mark.parametrize("amount", ["-5", "1.5", "9" * 30, "abc"])
def test_new_case_with_an_impossible_amount_saves_nothing(w, world, client_for, amount):
    from jahesh.cases.models import Case

    before = Case.objects.count()
    r = client_for("unit-rep").post(
        "/cases/new/",
        {
            "unit": world.units[0].pk,
            "category": w.tax_category.pk,
            "title": "t",
            "description": "d",
            "severity": "medium",
            "amount_irr": amount,
        },
    )
    assert r.status_code == 200
    assert "مبلغ را به ریال و بدون اعشار وارد فرمایید" in r.content.decode()
    assert Case.objects.count() == before


def test_new_case_takes_persian_and_arabic_digits(w, world, client_for):
    from jahesh.cases.models import Case

    r = client_for("unit-rep").post(
        "/cases/new/",
        {
            "unit": world.units[0].pk,
            "category": w.tax_category.pk,
            "title": "t",
            "description": "d",
            "severity": "medium",
            "amount_irr": "١٢٣٬٠٠٠",
            "jobs_at_stake": "۱۲",
        },
    )
    assert r.status_code == 302
    case = Case.objects.latest("id")
    assert (case.amount_irr, case.jobs_at_stake) == (Decimal(123000), 12)


def test_unit_rep_cannot_raise_a_case_for_another_units_id(w, world, client_for):
    from jahesh.cases.models import Case

    before = Case.objects.count()
    r = client_for("unit-rep").post(
        "/cases/new/",
        {
            "unit": world.units[3].pk,
            "category": w.tax_category.pk,
            "title": "t",
            "description": "d",
            "severity": "medium",
        },
    )
    assert r.status_code == 200
    assert "یک گزینهٔ معتبر انتخاب کنید" in r.content.decode()
    assert Case.objects.count() == before


def test_triage_from_a_stale_tab_is_refused_in_persian(w, client_for):
    sec = client_for("secretariat")
    stale = w.new.version
    sec.post(f"/cases/{w.new.pk}/", {"action": "note", "text": "یادداشت"})
    sec.post(
        f"/cases/{w.new.pk}/",
        {"action": "triage", "version": stale, "category": w.tax_category.pk, "severity": "high"},
    )
    r = sec.post(f"/cases/{w.new.pk}/", {"action": "close", "version": stale, "outcome": "resolved"})
    assert r.status_code == 302
    assert "توسط کاربر دیگری تغییر کرده است" in said(r)
    w.new.refresh_from_db()
    assert (w.new.state, w.new.severity) == ("triaged", "high")


def test_answer_with_another_agencys_referral_id_is_404_and_changes_nothing(w, world, client_for):
    from jahesh.cases import actions

    (ref,) = actions.refer(
        actor=world.users["secretariat"],
        case=w.triaged,
        version=w.triaged.version,
        agencies=[(world.tax, timezone.localdate() + dt.timedelta(days=5))],
    )
    p = f"r{ref.pk}"
    r = client_for("agency-social").post(
        f"/cases/{w.triaged.pk}/",
        {
            "action": "answer",
            f"{p}-referral": ref.pk,
            f"{p}-version": ref.version,
            f"{p}-status": "resolved",
            f"{p}-text": "حل شد",
        },
    )
    assert r.status_code == 404
    ref.refresh_from_db()
    assert ref.status == "pending"


def test_double_submitted_loan_application_makes_one(w, world, client_for):
    from jahesh.loans.models import Application

    unit = client_for("unit-rep")
    data = {
        "unit": world.units[0].pk,
        "programme": w.boom.pk,
        "amount": "۱۰۰۰۰۰۰",
        "purpose": "p",
        "jobs_kept": "۵",
        "jobs_restored": "0",
    }
    unit.post(f"/loans/{w.app.pk}/", {"action": "withdraw", "withdraw-version": w.app.version})
    assert unit.post("/loans/new/", data).status_code == 302
    r = unit.post("/loans/new/", data)
    assert r.status_code == 200
    assert "این واحد برای همین طرح درخواست باز دارد" in r.content.decode()
    assert Application.objects.filter(state="submitted").count() == 1


@pytest.mark.parametrize(("field", "value"), [("amount", "-5"), ("amount", "9" * 30), ("jobs_kept", "-1")])
def test_loan_application_with_impossible_numbers_saves_nothing(w, world, client_for, field, value):
    from jahesh.loans.models import Application

    data = {
        "unit": world.units[0].pk,
        "programme": w.boom.pk,
        "amount": "1000",
        "purpose": "p",
        "jobs_kept": 1,
        "jobs_restored": 0,
        field: value,
    }
    r = client_for("secretariat").post("/loans/new/", data)
    assert r.status_code == 200
    assert "ریال و بدون اعشار" in r.content.decode() or "بزرگتر و یا مساوی ۰" in r.content.decode()
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/cases/scorecard/", {"start": "1405/13/40"}),
        ("/cases/scorecard/export.xlsx", {"start": "۱۴۰۵/۱۲/۳۰"}),
        ("/cases/", {"state": "x", "county": HUGE_ID, "page": "-1"}),
        ("/resolutions/", {"status": "x", "agency": HUGE_ID, "page": "abc"}),
        ("/loans/", {"q": "ب" * 10_000, "programme": HUGE_ID}),
        ("/loans/scorecard/", {"year": "99999999999999"}),
        ("/loans/report.pdf", {"year": "abc"}),
        ("/sessions/1/minutes.pdf", {"version": "abc"}),
    ],
)
def test_lists_with_nonsense_in_the_query_answer_a_page(w, client_for, url, query, settings):
    r = client_for("secretariat").get(url, query)
    assert r.status_code in (200, 404)


def test_api_case_title_of_10001_characters_is_a_422_and_saves_nothing(w, world, client_for):
    from jahesh.cases.models import Case

    before = Case.objects.count()
    r = client_for("unit-rep").post(
        "/api/v1/cases",
        {"unit": world.units[0].pk, "category": w.tax_category.pk, "title": "ب" * 10_001, "description": "d"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert Case.objects.count() == before


def test_api_stale_resolution_part_status_is_a_409(w, world, client_for):
    from jahesh.meetings import actions

    res = actions.issue_resolution(
        actor=world.users["secretariat"],
        session=w.session,
        version=w.session.version,
        text="x",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        agencies=[world.tax],
    )
    part = res.parts.get()
    r = client_for("agency-tax").post(
        f"/api/v1/resolutions/{res.pk}/parts/{part.pk}/status",
        {"status": "executing", "text": "", "version": part.version + 1},
        content_type="application/json",
    )
    assert r.status_code == 409
    part.refresh_from_db()
    assert part.status == "notified"


# --- FOUND: a double click on "raise", "record the visit" or "create the session" made two ---


def _token(client, url: str) -> str:
    import re

    return re.search(r'name="once" value="([0-9a-f]{32})"', client.get(url).content.decode()).group(1)


def test_double_submitted_case_makes_one_and_the_second_goes_to_it(w, world, client_for):
    from jahesh.cases.models import Case

    unit = client_for("unit-rep")
    data = {
        "unit": world.units[0].pk,
        "category": w.tax_category.pk,
        "title": "قطعی برق",
        "description": "d",
        "severity": "medium",
        "once": _token(unit, "/cases/new/"),
    }
    first = unit.post("/cases/new/", data)
    before = Case.objects.count()
    second = unit.post("/cases/new/", data, follow=True)
    assert Case.objects.count() == before
    assert second.redirect_chain[0][0] == first.url
    assert "این فرم پیش‌تر فرستاده شده بود" in second.content.decode()


def test_double_submitted_session_makes_one(w, client_for):
    from jahesh.meetings.models import Session

    sec = client_for("secretariat")
    data = {"kind": "provincial", "held_on": "1405/01/10", "once": _token(sec, "/sessions/new/")}
    sec.post("/sessions/new/", data)
    sec.post("/sessions/new/", data)
    assert Session.objects.count() == 2  # the fixture's session 14 and this one


def test_double_submitted_visit_makes_one(w, world, client_for):
    from jahesh.cases.models import FieldVisit

    sec = client_for("secretariat")
    data = {
        "unit": world.units[0].pk,
        "visited_on": "۱۴۰۵/۰۱/۱۰",
        "visitors": "a",
        "findings": "f",
        "f-TOTAL_FORMS": 0,
        "f-INITIAL_FORMS": 0,
        "once": _token(sec, "/visits/new/"),
    }
    sec.post("/visits/new/", data)
    sec.post("/visits/new/", data)
    assert FieldVisit.objects.count() == 1


def test_a_form_shown_again_with_errors_keeps_its_token(w, client_for):
    sec = client_for("secretariat")
    token = _token(sec, "/sessions/new/")
    again = sec.post("/sessions/new/", {"kind": "provincial", "held_on": "1405/13/40", "once": token})
    assert f'name="once" value="{token}"' in again.content.decode()

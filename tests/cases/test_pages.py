"""The cases pages: status and database after each POST, refusals shown as messages, and scoping by page and
by URL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.cases import actions
from jahesh.cases.models import Case, CaseNote, Referral
from jahesh.core import jalali

pytestmark = pytest.mark.django_db


def test_unit_rep_raises_a_case_from_the_page(world, client_for, cat):
    client = client_for("unit-rep")
    assert client.get(f"/cases/new/?unit={world.units[0].pk}").status_code == 200
    response = client.post(
        "/cases/new/",
        {
            "unit": world.units[0].pk,
            "category": cat("bank.reschedule").pk,
            "title": "استمهال وام",
            "description": "درخواست استمهال اقساط",
            "amount_irr": "۱۲٬۰۰۰٬۰۰۰٬۰۰۰",
            "jobs_at_stake": "۴۰",
            "severity": "high",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert (case.amount_irr, case.jobs_at_stake, case.source, case.raised_by) == (
        12_000_000_000,
        40,
        "portal",
        world.users["unit-rep"],
    )


def test_unit_rep_cannot_raise_for_another_unit_by_post(world, client_for, cat):
    response = client_for("unit-rep").post(
        "/cases/new/",
        {
            "unit": world.units[3].pk,
            "category": cat("tax").pk,
            "title": "t",
            "description": "d",
            "severity": "low",
        },
    )
    assert response.status_code == 200  # the form refuses the unit: it is not among the choices
    assert not Case.objects.exists()


def test_secretariat_triages_and_refers_with_a_jalali_due_date(world, client_for, cat):
    case = actions.raise_case(
        actor=world.users["unit-rep"], unit=world.units[0], category=cat("tax"), title="t", description="d"
    )
    client = client_for("secretariat")
    r = client.post(
        f"/cases/{case.pk}/",
        {"action": "triage", "version": 1, "category": cat("tax").pk, "severity": "critical"},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.severity, case.version) == ("triaged", "critical", 2)
    due = timezone.localdate() + dt.timedelta(days=20)
    jd = jalali._to_jalali(due, "fa")
    r = client.post(
        f"/cases/{case.pk}/",
        {
            "action": "refer",
            "version": 2,
            "agencies": [world.tax.pk],
            "due_on": f"{jd.year}/{jd.month}/{jd.day}",
        },
    )
    assert r.status_code == 302
    referral = Referral.objects.get(case=case)
    assert (referral.agency, referral.due_on, referral.status) == (world.tax, due, "pending")
    assert Case.objects.get(pk=case.pk).state == "referred"


def test_agency_answers_from_the_page(world, client_for, referred):
    referral = referred.referrals.get()
    client = client_for("agency-tax")
    page = client.get(f"/cases/{referred.pk}/").content.decode()
    assert f'id="form-answer-{referral.pk}"' in page
    r = client.post(
        f"/cases/{referred.pk}/",
        {
            "action": "answer",
            f"r{referral.pk}-referral": referral.pk,
            f"r{referral.pk}-version": referral.version,
            f"r{referral.pk}-status": "resolved",
            f"r{referral.pk}-text": "بدهی تقسیط شد",
        },
    )
    assert r.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.answer) == ("resolved", "بدهی تقسیط شد")
    assert Case.objects.get(pk=referred.pk).state == "answered"


def test_an_illegal_transition_by_page_is_a_message_not_a_server_error(world, client_for, referred):
    client = client_for("secretariat")
    r = client.post(
        f"/cases/{referred.pk}/",
        {
            "action": "triage",
            "version": referred.version,
            "category": referred.category_id,
            "severity": "low",
        },
        follow=True,
    )
    assert r.status_code == 200
    assert "تنها پروندهٔ جدید قابل بررسی اولیه است" in r.content.decode()  # «Only a new case can be triaged»
    assert Case.objects.get(pk=referred.pk).state == "referred"
    # A stale version, a junk action and junk fields answer with a message too.
    for data in (
        {"action": "close", "version": 1, "outcome": "resolved"},
        {"action": "explode"},
        {"action": "refer", "version": "x"},
        {"action": "answer", "rX-referral": "1"},
    ):
        r = client.post(f"/cases/{referred.pk}/", data, follow=True)
        assert r.status_code == 200, data
    assert Case.objects.get(pk=referred.pk).state == "referred"


def test_other_agency_and_other_unit_never_see_the_case(world, client_for, referred):
    for who in ("agency-social", "bank-officer", "other-rep"):
        client = client_for(who)
        assert client.get(f"/cases/{referred.pk}/").status_code == 404, who
        assert referred.title not in client.get("/cases/").content.decode(), who
        r = client.post(f"/cases/{referred.pk}/", {"action": "note", "text": "x"})
        assert r.status_code == 404, who
    assert not CaseNote.objects.exists()
    assert client_for("agency-social").get("/cases/999999/").status_code == 404
    # The agency the case was referred to now sees the unit it names (DOMAIN.md, Roles).
    assert client_for("agency-tax").get(f"/units/{world.units[0].pk}/").status_code == 200
    assert client_for("agency-social").get(f"/units/{world.units[0].pk}/").status_code == 404


def test_private_note_is_hidden_from_the_other_agency_by_page_and_by_url(world, client_for, referred, social):
    u = world.users
    actions.refer(actor=u["secretariat"], case=referred, version=referred.version, agencies=[(social, None)])
    tax = client_for("agency-tax")
    r = tax.post(
        f"/cases/{referred.pk}/", {"action": "note", "text": "یادداشت محرمانه مالیات", "private": "on"}
    )
    assert r.status_code == 302
    tax.post(f"/cases/{referred.pk}/", {"action": "note", "text": "یادداشت عمومی مالیات"})
    note = CaseNote.objects.get(private=True)
    assert note.agency == world.tax
    assert "یادداشت محرمانه مالیات" in tax.get(f"/cases/{referred.pk}/").content.decode()
    for who in ("agency-social", "unit-rep", "secretariat"):
        page = client_for(who).get(f"/cases/{referred.pk}/").content.decode()
        assert "یادداشت محرمانه مالیات" not in page, who
        assert "یادداشت عمومی مالیات" in page, who
    # Social sees its own referral to answer, never tax's.
    social_page = client_for("agency-social").get(f"/cases/{referred.pk}/").content.decode()
    tax_referral = referred.referrals.get(agency=world.tax)
    assert f'id="form-answer-{tax_referral.pk}"' not in social_page
    # Nor can social answer tax's referral by posting its id.
    r = client_for("agency-social").post(
        f"/cases/{referred.pk}/",
        {
            "action": "answer",
            "x-referral": tax_referral.pk,
            "x-version": 1,
            "x-status": "resolved",
            "x-text": "x",
        },
    )
    assert r.status_code == 404
    assert Referral.objects.get(pk=tax_referral.pk).status == "pending"


def test_unit_rep_sees_only_their_units_cases(world, client_for, cat, referred):
    theirs = actions.raise_case(
        actor=world.users["other-rep"],
        unit=world.units[3],
        category=cat("social"),
        title="مشکل لبنیات",
        description="d",
    )
    page = client_for("unit-rep").get("/cases/").content.decode()
    assert referred.title in page and theirs.title not in page
    assert client_for("unit-rep").get(f"/cases/{theirs.pk}/").status_code == 404
    assert client_for("other-rep").get(f"/cases/{referred.pk}/").status_code == 404


def test_inbox_lists_overdue_first_then_by_due_date(world, client_for, cat):
    u = world.users
    today = timezone.localdate()
    made = {}
    for title, days in (("later", 30), ("sooner", 5), ("late", -3)):
        case = actions.raise_case(
            actor=u["secretariat"], unit=world.units[1], category=cat("tax"), title=title, description="d"
        )
        case = actions.triage(actor=u["secretariat"], case=case, version=1)
        actions.refer(
            actor=u["secretariat"],
            case=case,
            version=2,
            agencies=[(world.tax, today + dt.timedelta(days=40))],
        )
        made[title] = case
        Referral.objects.filter(case=case).update(due_on=today + dt.timedelta(days=days))
    page = client_for("agency-tax").get("/inbox/").content.decode()
    assert page.index("late") < page.index("sooner") < page.index("later")
    assert "later" not in client_for("agency-social").get("/inbox/").content.decode()


def test_case_list_filters_and_a_fixed_number_of_queries(
    world, client_for, cat, django_assert_max_num_queries
):
    u = world.users
    for i in range(12):
        case = actions.raise_case(
            actor=u["secretariat"],
            unit=world.units[i % 4],
            category=cat("tax" if i % 2 else "bank.loan"),
            title=f"مورد {i}",
            description="d",
        )
        if i % 3 == 0:
            actions.triage(actor=u["secretariat"], case=case, version=1)
    client = client_for("secretariat")
    with django_assert_max_num_queries(12):
        page = client.get("/cases/").content.decode()
    assert page.count('href="/cases/') - page.count('href="/cases/new/') >= 12
    with django_assert_max_num_queries(12):
        client.get(
            "/cases/", {"category": cat("bank").pk, "state": "triaged", "county": world.counties[0].pk}
        )
    r = client.get("/cases/", {"state": "triaged"})
    assert r.content.decode().count("<tr>") - 1 == 4
    r = client.get("/cases/", {"category": cat("bank").pk})  # a parent takes in its sub-kinds
    assert r.content.decode().count("<tr>") - 1 == 6
    assert client.get("/cases/", {"overdue": "on", "county": "junk"}).status_code == 200
    r = client.get(
        "/cases/", {"recurring": "on"}
    )  # 12 cases on 4 units × 2 categories: 4 are first of their kind
    assert r.content.decode().count("<tr>") - 1 == 8


def test_detail_and_inbox_do_not_query_per_row(world, client_for, cat, referred, django_assert_num_queries):
    """The same number of queries with one note or ten, one inbox row or six."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(client, url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    tax = client_for("agency-tax")
    actions.add_note(actor=world.users["agency-tax"], case=referred, text="یک")
    detail_one, inbox_one = count(tax, f"/cases/{referred.pk}/"), count(tax, "/inbox/")
    for i in range(9):
        actions.add_note(actor=world.users["unit-rep"], case=referred, text=f"یادداشت {i}")
    for i in range(5):
        case = actions.raise_case(
            actor=world.users["secretariat"],
            unit=world.units[i % 4],
            category=cat("tax"),
            title=f"ت{i}",
            description="d",
        )
        case = actions.triage(actor=world.users["secretariat"], case=case, version=1)
        actions.refer(actor=world.users["secretariat"], case=case, version=2, agencies=[(world.tax, None)])
    assert count(tax, f"/cases/{referred.pk}/") == detail_one
    assert count(tax, "/inbox/") == inbox_one

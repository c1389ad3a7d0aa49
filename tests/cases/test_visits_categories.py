"""Field visits that open cases, and the admin's taxonomy page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jahesh.cases.models import Case, Category, FieldVisit
from jahesh.core import jalali
from jahesh.core.models import Attachment, AuditEvent

pytestmark = pytest.mark.django_db


def today_jalali():
    return jalali.format_jalali(timezone.localdate(), persian_digits=True)


def visit_data(world, cat, **extra):
    data = {
        "unit": world.units[0].pk,
        "visited_on": today_jalali(),
        "visitors": "کارشناسان صمت",
        "agency": world.tax.pk,
        "findings": "خط دوم به دلیل کمبود نقدینگی خاموش است؛ بدهی مالیاتی معوق",
        "utilisation_observed": "۴۵٫۵",
        "employment_observed": "۳۲",
        "f-TOTAL_FORMS": "3",
        "f-INITIAL_FORMS": "0",
        "f-0-category": cat("bank.loan").pk,
        "f-0-title": "سرمایه در گردش",
        "f-0-severity": "high",
        "f-1-category": cat("tax").pk,
        "f-1-title": "بدهی مالیاتی",
        "f-1-severity": "medium",
        "f-2-severity": "medium",
    }
    data.update(extra)
    return data


def test_secretariat_records_a_visit_that_opens_two_cases(world, client_for, cat):
    client = client_for("secretariat")
    assert client.get("/visits/new/").status_code == 200
    photo = SimpleUploadedFile("site.png", b"\x89PNG\r\n\x1a\nrest", content_type="image/png")
    r = client.post("/visits/new/", visit_data(world, cat, files=[photo]))
    visit = FieldVisit.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/visits/{visit.pk}/"
    assert (visit.utilisation_observed, visit.employment_observed, visit.agency) == (45.5, 32, world.tax)
    cases = list(Case.objects.order_by("id"))
    assert [(c.title, c.source, c.visit_id, c.description) for c in cases] == [
        ("سرمایه در گردش", "field_visit", visit.pk, visit.findings),
        ("بدهی مالیاتی", "field_visit", visit.pk, visit.findings),
    ]
    assert Attachment.objects.filter(owner_type="cases.fieldvisit").count() == 1
    assert AuditEvent.objects.filter(action="visit.recorded").count() == 1
    page = client.get(f"/visits/{visit.pk}/").content.decode()
    assert "سرمایه در گردش" in page and "بدهی مالیاتی" in page and "site.png" in page
    assert f'href="/visits/{visit.pk}/"' in client.get(f"/cases/{cases[0].pk}/").content.decode()
    # The unit's representative sees the visit and its cases; another unit's does not.
    assert client_for("unit-rep").get(f"/visits/{visit.pk}/").status_code == 200
    assert client_for("other-rep").get(f"/visits/{visit.pk}/").status_code == 404


def test_a_visit_with_a_half_filled_finding_or_a_bad_date_saves_nothing(world, client_for, cat):
    client = client_for("secretariat")
    r = client.post("/visits/new/", visit_data(world, cat, **{"f-1-category": ""}))
    assert r.status_code == 200 and not FieldVisit.objects.exists() and not Case.objects.exists()
    r = client.post("/visits/new/", visit_data(world, cat, visited_on="1404/13/01"))
    assert r.status_code == 200 and not FieldVisit.objects.exists()
    assert client_for("unit-rep").post("/visits/new/", visit_data(world, cat)).status_code == 403
    assert not FieldVisit.objects.exists()


def test_more_cases_from_a_recorded_visit(world, client_for, cat):
    from jahesh.cases import actions

    visit = actions.record_visit(
        actor=world.users["secretariat"],
        unit=world.units[0],
        visited_on=timezone.localdate(),
        visitors="x",
        findings="قطعی گاز",
    )
    r = client_for("secretariat").post(
        f"/visits/{visit.pk}/",
        {
            "f-TOTAL_FORMS": "1",
            "f-INITIAL_FORMS": "0",
            "f-0-category": cat("tax").pk,
            "f-0-title": "گاز",
            "f-0-severity": "low",
        },
    )
    assert r.status_code == 302
    assert list(visit.cases.values_list("title", "description")) == [("گاز", "قطعی گاز")]
    assert client_for("leadership").post(f"/visits/{visit.pk}/", {}).status_code == 403


def test_admin_edits_a_category_with_a_version_check(world, client_for, cat):
    tax = cat("tax")
    client = client_for("admin")
    assert client.get("/cases/categories/").status_code == 200
    form = {
        "action": "edit",
        "version": tax.version,
        "name": "مالیات",
        "name_en": "Tax",
        "agency_kind": "tax",
        "answer_days": "۲۰",
        "order": "3",
        "active": "on",
    }
    assert client.post(f"/cases/categories/{tax.pk}/", form).status_code == 302
    tax.refresh_from_db()
    assert (tax.name, tax.answer_days, tax.version) == ("مالیات", 20, 2)
    assert AuditEvent.objects.filter(action="category.updated").count() == 1
    # A second edit from the old page: refused, nothing lost.
    r = client.post(f"/cases/categories/{tax.pk}/", {**form, "name": "قدیمی"})
    assert r.status_code == 200 and "این دسته توسط کاربر دیگری تغییر کرده است" in r.content.decode()
    tax.refresh_from_db()
    assert tax.name == "مالیات"
    # A sub-kind takes the parent's defaults.
    r = client.post(f"/cases/categories/{tax.pk}/", {"action": "sub", "sub-name": "مالیات بر ارزش افزوده"})
    kind = Category.objects.get(parent=tax)
    assert r.status_code == 302 and (kind.agency_kind, kind.answer_days) == ("tax", 20)
    assert client_for("secretariat").get("/cases/categories/").status_code == 403


def test_visit_list_and_case_api_take_a_fixed_number_of_queries(
    world, client_for, cat, django_assert_max_num_queries
):
    from jahesh.cases import actions

    for i in range(12):
        actions.record_visit(
            actor=world.users["secretariat"],
            unit=world.units[i % 4],
            visited_on=timezone.localdate(),
            visitors="x",
            findings="y",
            agency=world.tax,
            cases=[{"category": cat("tax"), "title": f"c{i}"}],
        )
    client = client_for("secretariat")
    with django_assert_max_num_queries(10):
        page = client.get("/visits/")
    assert page.content.decode().count("/visits/") >= 12
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/cases").json()["count"] == 12


def test_an_agency_referred_a_visits_case_sees_no_link_to_a_visit_it_may_not_open(world, client_for, cat):
    """Found in the review: the case page linked the visit, and the agency got a 404 when it clicked."""
    import datetime as dt

    from jahesh.cases import actions

    visit = actions.record_visit(
        actor=world.users["secretariat"],
        unit=world.units[0],
        visited_on=timezone.localdate(),
        visitors="x",
        findings="بدهی مالیاتی",
        cases=[{"category": cat("tax"), "title": "بدهی"}],
    )
    case = visit.cases.get()
    case = actions.triage(actor=world.users["secretariat"], case=case, version=case.version)
    due = timezone.localdate() + dt.timedelta(days=5)
    actions.refer(
        actor=world.users["secretariat"], case=case, version=case.version, agencies=[(world.tax, due)]
    )
    tax_page = client_for("agency-tax").get(f"/cases/{case.pk}/").content.decode()
    assert f"/visits/{visit.pk}/" not in tax_page
    assert "بازدید میدانی" in tax_page  # still says where the case came from
    assert client_for("agency-tax").get(f"/visits/{visit.pk}/").status_code == 404
    assert f"/visits/{visit.pk}/" in client_for("secretariat").get(f"/cases/{case.pk}/").content.decode()

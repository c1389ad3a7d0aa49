"""/api/v1/cases: the pages' scoping and actions over HTTP."""

from __future__ import annotations

import pytest

from jahesh.cases import actions
from jahesh.cases.models import Case, Referral

pytestmark = pytest.mark.django_db


def test_list_filters_and_scope(world, client_for, referred, cat):
    other = Case.objects.create(unit=world.units[3], category=cat("bank.loan"), title="o", description="d")
    body = client_for("secretariat").get("/api/v1/cases").json()
    assert body["count"] == 2
    assert [
        c["id"]
        for c in client_for("secretariat").get(f"/api/v1/cases?category={cat('bank').pk}").json()["results"]
    ] == [other.pk]
    assert client_for("secretariat").get(f"/api/v1/cases?agency={world.tax.pk}").json()["count"] == 1
    assert client_for("secretariat").get("/api/v1/cases?state=referred&overdue=false").json()["count"] == 1
    assert [c["id"] for c in client_for("agency-tax").get("/api/v1/cases").json()["results"]] == [referred.pk]
    assert client_for("agency-social").get("/api/v1/cases").json()["count"] == 0
    assert client_for("unit-rep").get(f"/api/v1/cases/{other.pk}").status_code == 404


def test_detail_hides_another_agencys_private_note(world, client_for, referred, social):
    actions.refer(
        actor=world.users["secretariat"], case=referred, version=referred.version, agencies=[(social, None)]
    )
    actions.add_note(actor=world.users["agency-tax"], case=referred, text="محرمانهٔ مالیات", private=True)
    tax = client_for("agency-tax").get(f"/api/v1/cases/{referred.pk}").json()
    ss = client_for("agency-social").get(f"/api/v1/cases/{referred.pk}").json()
    assert any(i["text"] == "محرمانهٔ مالیات" for i in tax["timeline"])
    assert not any("محرمانهٔ مالیات" in i["text"] for i in ss["timeline"])
    assert [r["agency"]["name"] for r in ss["referrals"]] == ["تأمین اجتماعی"]  # its own referral only
    assert client_for("agency-social").get(f"/api/v1/cases/{referred.pk}/referrals").json()["count"] == 1


def test_raise_and_answer_by_api(world, client_for, cat):
    rep = client_for("unit-rep")
    r = rep.post(
        "/api/v1/cases",
        {"unit": world.units[0].pk, "category": cat("tax").pk, "title": "بدهی", "description": "شرح"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    case = Case.objects.get(pk=r.json()["id"])
    assert case.source == "portal"
    r = rep.post(
        "/api/v1/cases",
        {"unit": world.units[3].pk, "category": cat("tax").pk, "title": "x", "description": "y"},
        content_type="application/json",
    )
    assert r.status_code == 422 and Case.objects.count() == 1
    case = actions.triage(actor=world.users["secretariat"], case=case, version=case.version)
    actions.refer(
        actor=world.users["secretariat"], case=case, version=case.version, agencies=[(world.tax, None)]
    )
    referral = Referral.objects.get(case=case)
    url = f"/api/v1/cases/{case.pk}/referrals/{referral.pk}/answer"
    answer = {"status": "resolved", "text": "حل شد", "version": referral.version}
    assert client_for("agency-social").post(url, answer, content_type="application/json").status_code == 404
    r = client_for("agency-tax").post(url, answer, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "resolved"
    r = client_for("agency-tax").post(url, answer, content_type="application/json")
    assert r.status_code == 409  # answered already / stale version
    assert Case.objects.get(pk=case.pk).state == "answered"

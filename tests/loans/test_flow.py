"""The funnel through the pages and the API: who may take which step, illegal steps, conflicts, scoping."""

from __future__ import annotations

import json

import pytest

from jahesh.core.models import AuditEvent, Notification, Role, User
from jahesh.loans.models import Application
from jahesh.registry.models import Agency

from .conftest import M


@pytest.fixture
def other_bank(world):
    sepah = Agency.objects.create(
        region=world.region, kind=Agency.Kind.BANK, code="b015", name="بانک سپه", bank_code="015"
    )
    User.objects.create_user("sepah-officer", password="x", role=Role.BANK, agency=sepah)
    return sepah


def _post(client, app, action, **data):
    fields = {f"{action}-{k}": v for k, v in data.items()}
    return client.post(f"/loans/{app.pk}/", {"action": action, f"{action}-version": app.version, **fields})


def test_the_whole_funnel_by_page(world, programmes, client_for, other_bank):
    rep = client_for("unit-rep")
    r = rep.post(
        "/loans/new/",
        {
            "unit": world.units[0].pk,
            "programme": programmes["boom"].pk,
            "amount": "۳۰۰٬۰۰۰٬۰۰۰",
            "purpose": "خرید مواد اولیه",
            "jobs_kept": "40",
            "jobs_restored": "5",
        },
    )
    assert r.status_code == 302
    app = Application.objects.get()
    assert (app.amount_requested, app.state, app.jobs_restored) == (300 * M, "submitted", 5)
    sec = client_for("secretariat")
    _post(sec, app, "approve", resolution_ref="12/3")
    app.refresh_from_db()
    assert app.state == "approved" and app.resolution_ref == "12/3"
    _post(sec, app, "introduce", bank=world.bank.pk, branch_name="شعبه مرکزی")
    app.refresh_from_db()
    assert app.state == "introduced"
    officer = User.objects.get(username="bank-officer")
    assert Notification.objects.filter(user=officer).count() == 1
    # Sepah's officer sees nothing of it and cannot act on it.
    sepah = client_for("sepah-officer")
    assert sepah.get(f"/loans/{app.pk}/").status_code == 404
    assert _post(sepah, app, "decide", decision="approve", amount="1").status_code == 404
    assert str(app.pk) not in sepah.get("/loans/").content.decode().split("loans/")[-1]
    bank = client_for("bank-officer")
    assert world.units[0].name in bank.get("/loans/").content.decode()
    _post(bank, app, "decide", decision="approve", amount="250000000")
    app.refresh_from_db()
    assert app.state == "bank_approved" and app.decision.amount == 250 * M
    _post(bank, app, "disburse", amount="100000000")
    app.refresh_from_db()
    assert app.state == "partly_paid"
    # More than what is left (150 M) is refused with a message; nothing is recorded.
    page = _post(bank, app, "disburse", amount="200000000")
    assert app.disbursements.count() == 1
    _post(bank, app, "disburse", amount="150000000")
    app.refresh_from_db()
    assert app.state == "paid" and app.paid_on is not None
    assert AuditEvent.objects.filter(action__startswith="loan.").count() == 6
    del page


def test_illegal_steps_and_stale_versions_are_refused(world, programmes, client_for):
    rep = client_for("unit-rep")
    from jahesh.loans import actions

    unit_rep = User.objects.get(username="unit-rep")
    app = actions.apply(
        actor=unit_rep, unit=world.units[0], programme=programmes["boom"], amount=100 * M, purpose="x"
    )
    # The unit may not approve its own application, nor the bank decide before an introduction.
    _post(rep, app, "approve")
    app.refresh_from_db()
    assert app.state == "submitted"
    r = client_for("bank-officer").post(f"/loans/{app.pk}/", {"action": "decide"})
    assert r.status_code == 404  # not introduced to their bank: not theirs to see
    sec = client_for("secretariat")
    r = _post(sec, app, "introduce", bank=world.bank.pk)  # not approved yet
    app.refresh_from_db()
    assert app.state == "submitted"
    stale = app.version
    _post(sec, app, "approve")
    r = sec.post(
        f"/loans/{app.pk}/", {"action": "reject", "reject-version": stale, "reject-reason": "x"}, follow=True
    )
    app.refresh_from_db()
    assert app.state == "approved"
    assert "کسی این درخواست را" in r.content.decode()  # the stale version's message, in Persian


def test_eligibility_is_checked_against_the_registry(world, programmes):
    from jahesh.loans import actions

    sec = User.objects.get(username="secretariat")
    active = world.units[0]
    with pytest.raises(actions.ActionError):  # note 18 is for idle units only
        actions.apply(actor=sec, unit=active, programme=programmes["note18"], amount=M, purpose="x")
    with pytest.raises(actions.ActionError):  # more than the maximum of 500 M
        actions.apply(actor=sec, unit=active, programme=programmes["boom"], amount=501 * M, purpose="x")
    actions.apply(actor=sec, unit=active, programme=programmes["boom"], amount=M, purpose="x")
    with pytest.raises(actions.ActionError):  # one open application per programme
        actions.apply(actor=sec, unit=active, programme=programmes["boom"], amount=M, purpose="x")
    with pytest.raises(actions.ActionError):  # a unit-rep for another's unit
        actions.apply(
            actor=User.objects.get(username="unit-rep"),
            unit=world.units[3],
            programme=programmes["boom"],
            amount=M,
            purpose="x",
        )


def test_refusal_panel_and_overturn(world, programmes):
    from jahesh.loans import actions

    sec = User.objects.get(username="secretariat")
    officer = User.objects.get(username="bank-officer")
    app = actions.apply(
        actor=sec, unit=world.units[0], programme=programmes["boom"], amount=100 * M, purpose="x"
    )
    app = actions.approve(actor=sec, application=app, version=app.version)
    actions.introduce(actor=sec, application=app, version=app.version, bank=world.bank)
    app.refresh_from_db()
    with pytest.raises(actions.ActionError):
        actions.decide(actor=officer, application=app, version=app.version, approved=False, reason="")
    actions.decide(actor=officer, application=app, version=app.version, approved=False, reason="وثیقه ناکافی")
    app.refresh_from_db()
    with pytest.raises(actions.ActionError):  # a refused application cannot be paid
        actions.disburse(actor=officer, application=app, version=app.version, amount=M)
    actions.refer_to_panel(actor=sec, application=app, version=app.version)
    app.refresh_from_db()
    actions.record_ruling(actor=sec, application=app, version=app.version, ruling="overturned", amount=80 * M)
    app.refresh_from_db()
    assert app.state == "bank_approved" and app.decision.lending_amount == 80 * M
    actions.disburse(actor=officer, application=app, version=app.version, amount=80 * M)
    app.refresh_from_db()
    assert app.state == "paid"


def test_list_pages_are_each_roles_own(
    world, programmes, client_for, other_bank, django_assert_max_num_queries
):
    from jahesh.loans import actions

    sec = User.objects.get(username="secretariat")
    for unit in world.units[:2]:
        actions.apply(actor=sec, unit=unit, programme=programmes["boom"], amount=M, purpose="x")
    sec_client = client_for("secretariat")
    # The page's queries do not grow with the rows: session, user, count, rows, the filters' choices.
    with django_assert_max_num_queries(12):
        html = sec_client.get("/loans/").content.decode()
    assert world.units[0].name in html and world.units[1].name in html
    html = client_for("unit-rep").get("/loans/").content.decode()
    assert world.units[0].name in html and world.units[1].name not in html
    html = client_for("bank-officer").get("/loans/").content.decode()
    assert world.units[0].name not in html  # nothing introduced to Melli yet
    assert client_for("agency-tax").get("/loans/").status_code == 200
    assert client_for("secretariat").get("/loans/999999999/").status_code == 404


def test_api_apply_decide_disburse(world, programmes, client_for, other_bank):
    from jahesh.loans import actions

    rep = client_for("unit-rep")
    body = {"unit": world.units[0].pk, "programme": "ronagh", "amount": 200_000_000, "purpose": "خط تولید"}
    r = rep.post("/api/v1/loan-applications", json.dumps(body), content_type="application/json")
    assert r.status_code == 201, r.content
    app = Application.objects.get(pk=r.json()["id"])
    r = rep.post("/api/v1/loan-applications", json.dumps(body), content_type="application/json")
    assert r.status_code == 409  # an open application for this programme already
    body["unit"] = world.units[3].pk
    r = rep.post("/api/v1/loan-applications", json.dumps(body), content_type="application/json")
    assert r.status_code == 422
    sec = User.objects.get(username="secretariat")
    app = actions.approve(actor=sec, application=app, version=app.version)
    actions.introduce(actor=sec, application=app, version=app.version, bank=world.bank)
    app.refresh_from_db()
    url = f"/api/v1/loan-applications/{app.pk}"
    assert client_for("sepah-officer").get(url).status_code == 404
    decision = {"version": app.version, "approved": True, "amount": "150000000"}
    r = client_for("sepah-officer").post(
        f"{url}/decision", json.dumps(decision), content_type="application/json"
    )
    assert r.status_code == 404
    bank = client_for("bank-officer")
    r = bank.post(f"{url}/decision", json.dumps({**decision, "version": 1}), content_type="application/json")
    assert r.status_code == 409  # stale version
    r = bank.post(f"{url}/decision", json.dumps(decision), content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "bank_approved"
    tranche = {"version": r.json()["version"], "amount": 50_000_000}
    r = bank.post(f"{url}/disbursements", json.dumps(tranche), content_type="application/json")
    assert r.status_code == 201 and r.json()["paid_amount"] == "50000000"
    assert bank.get("/api/v1/loan-applications").json()["count"] == 1
    assert client_for("sepah-officer").get("/api/v1/loan-applications").json()["count"] == 0
    assert client_for("agency-tax").get("/api/v1/loan-programmes").status_code == 200


def test_approval_citing_a_resolution_links_it(world, programmes, client_for):
    import datetime as dt

    from django.utils import timezone

    from jahesh.loans import actions
    from jahesh.meetings import actions as meetings

    sec = world.users["secretariat"]
    session = meetings.create_session(actor=sec, region=world.region, number=12, held_on=timezone.localdate())
    resolution = meetings.issue_resolution(
        actor=sec,
        session=session,
        version=session.version,
        text="تسهیلات رونق تولید به واحد معرفی شود.",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        agencies=[world.bank],
        unit=world.units[0],
    )
    app = actions.apply(
        actor=sec, unit=world.units[0], programme=programmes["boom"], amount=M * 100, purpose="سرمایه در گردش"
    )
    # Persian digits, as typed; the resolution is found by its session and number.
    app = actions.approve(actor=sec, application=app, version=app.version, resolution_ref="۱۲/" + "۱")
    assert app.resolution == resolution and resolution.number == 1
    page = client_for("secretariat").get(f"/loans/{app.pk}/").content.decode()
    assert f'href="/resolutions/{resolution.pk}/"' in page
    # A reference that names no resolution is kept as text, unlinked.
    other = actions.apply(
        actor=sec, unit=world.units[1], programme=programmes["boom"], amount=M * 100, purpose="مواد اولیه"
    )
    other = actions.approve(actor=sec, application=other, version=other.version, resolution_ref="99/9")
    assert other.resolution is None and other.resolution_ref == "99/9"


def test_api_secretariat_steps_through_refusal_and_panel(world, programmes, client_for):
    from jahesh.loans import actions

    sec_user = User.objects.get(username="secretariat")
    app = actions.apply(
        actor=sec_user,
        unit=world.units[1],
        programme=programmes["boom"],
        amount=M * 300,
        purpose="تعمیر کوره",
    )
    url = f"/api/v1/loan-applications/{app.pk}/steps"
    sec, bank = client_for("secretariat"), client_for("bank-officer")

    def step(client, **body):
        return client.post(url, json.dumps(body), content_type="application/json")

    assert step(client_for("unit-rep"), version=app.version, step="approve").status_code == 403
    assert step(bank, version=app.version, step="approve").status_code == 403
    assert step(sec, version=app.version, step="introduce", bank=world.bank.pk).status_code == 409  # not yet
    r = step(sec, version=app.version, step="approve", resolution_ref="12/3")
    assert r.status_code == 200 and r.json()["state"] == "approved" and r.json()["resolution_ref"] == "12/3"
    r = step(sec, version=r.json()["version"], step="introduce")
    assert r.status_code == 422  # no bank
    v = Application.objects.get(pk=app.pk).version
    r = step(sec, version=v, step="introduce", bank=world.bank.pk, branch_name="شعبه مرکزی سمنان")
    assert r.status_code == 200 and r.json()["state"] == "introduced" and r.json()["bank_id"] == world.bank.pk
    refusal = {"version": r.json()["version"], "approved": False, "reason": "وثیقه کافی نیست"}
    r = bank.post(
        f"/api/v1/loan-applications/{app.pk}/decision", json.dumps(refusal), content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "refused"
    r = step(sec, version=r.json()["version"], step="refer_to_panel")
    assert r.status_code == 200 and r.json()["state"] == "panel"
    r = step(sec, version=r.json()["version"], step="panel_ruling")
    assert r.status_code == 422  # no ruling given
    v = Application.objects.get(pk=app.pk).version
    r = step(sec, version=v, step="panel_ruling", ruling="overturned", amount=str(M * 200))
    assert r.status_code == 200 and r.json()["state"] == "bank_approved"
    assert AuditEvent.objects.filter(action__startswith="loan.", source="api").count() >= 4


def test_the_page_says_whose_step_is_next(world, programmes, client_for):
    from jahesh.loans import actions

    sec_user = User.objects.get(username="secretariat")
    app = actions.apply(
        actor=sec_user, unit=world.units[0], programme=programmes["boom"], amount=M * 100, purpose="تعمیرات"
    )
    app = actions.approve(actor=sec_user, application=app, version=app.version)
    actions.introduce(actor=sec_user, application=app, version=app.version, bank=world.bank)
    page = client_for("secretariat").get(f"/loans/{app.pk}/").content.decode()
    assert 'id="waiting-for"' in page and "گام بعد: تصمیم بانک." in page
    # The bank's officer has the decision form instead.
    page = client_for("bank-officer").get(f"/loans/{app.pk}/").content.decode()
    assert 'id="form-decide"' in page and 'id="waiting-for"' not in page

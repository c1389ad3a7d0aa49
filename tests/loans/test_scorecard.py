"""The funnel's figures against a hand-made history with refusals, panel rulings and partial payments."""

from __future__ import annotations

import datetime as dt

import pytest

from jahesh.core import jalali
from jahesh.loans.models import Application, Decision, Disbursement, Introduction, Quota
from jahesh.loans.scorecard import loan_scorecard
from jahesh.registry.models import Agency, MonthlyReport

from .conftest import M

S = Application.State


@pytest.fixture
def history(world, programmes):
    """Six applications (days from 1 Farvardin 1405 = 2026-03-21):

    A  boom, unit0 → WG +5 → Melli +10 → approved 300 M +20 → paid 100 M +30 and 200 M +50   (paid)
    B  boom, unit1 → WG +4 → Melli +6 → refused +16 → panel +20 → overturned 150 M +40 → paid 50 M +60
    C  boom, unit2 → WG +2 → Sepah +3  → refused +13 → panel +15 → upheld +25
    D  note18, unit2 → WG +10 → Melli +20 → refused +30 (not referred)
    E  boom, unit3 → rejected by the WG +7
    F  note18, unit1 → submitted, nothing else
    """
    boom, note18 = programmes["boom"], programmes["note18"]
    sepah = Agency.objects.create(
        region=world.region, kind=Agency.Kind.BANK, code="b015", name="بانک سپه", bank_code="015"
    )
    Quota.objects.create(programme=note18, bank=world.bank, year=1405, amount=500 * M)  # Melli: 1,500 M
    Quota.objects.create(programme=boom, bank=sepah, year=1405, amount=400 * M)
    d0 = jalali.month_start(1405, 1)

    def d(n):
        return d0 + dt.timedelta(days=n)

    def app(unit, prog, amount, state, wg=None, **kw):
        return Application.objects.create(
            unit=unit,
            programme=prog,
            amount_requested=amount,
            purpose="x",
            state=state,
            applied_on=d0,
            wg_decided_on=d(wg) if wg is not None else None,
            jobs_kept=10,
            jobs_restored=5,
            **kw,
        )

    u = world.units
    a = app(u[0], boom, 400 * M, S.PAID, wg=5, paid_on=d(50))
    Introduction.objects.create(application=a, bank=world.bank, introduced_on=d(10))
    Decision.objects.create(application=a, approved=True, amount=300 * M, decided_on=d(20))
    Disbursement.objects.create(application=a, amount=100 * M, paid_on=d(30))
    Disbursement.objects.create(application=a, amount=200 * M, paid_on=d(50))
    b = app(u[1], boom, 200 * M, S.PARTLY_PAID, wg=4)
    Introduction.objects.create(application=b, bank=world.bank, introduced_on=d(6))
    Decision.objects.create(
        application=b,
        approved=False,
        reason="وثیقه ناکافی",
        decided_on=d(16),
        panel_referred_on=d(20),
        panel_ruling="overturned",
        panel_ruled_on=d(40),
        panel_amount=150 * M,
    )
    Disbursement.objects.create(application=b, amount=50 * M, paid_on=d(60))
    c = app(u[2], boom, 100 * M, S.REFUSED, wg=2)
    Introduction.objects.create(application=c, bank=sepah, introduced_on=d(3))
    Decision.objects.create(
        application=c,
        approved=False,
        reason="چک برگشتی",
        decided_on=d(13),
        panel_referred_on=d(15),
        panel_ruling="upheld",
        panel_ruled_on=d(25),
    )
    dd = app(u[2], note18, 100 * M, S.REFUSED, wg=10)
    Introduction.objects.create(application=dd, bank=world.bank, introduced_on=d(20))
    Decision.objects.create(application=dd, approved=False, reason="بدهی غیرجاری", decided_on=d(30))
    app(u[3], boom, 50 * M, S.REJECTED, wg=7)
    app(u[1], note18, 80 * M, S.SUBMITTED)
    # Jobs for A: 40 the month before applying (Esfand 1404), 46 twelve months after the first tranche.
    first = jalali.month_index(*jalali.jalali_month_of(d(30)))
    MonthlyReport.objects.filter(unit=u[0], month__in=[jalali.month_index(1404, 12), first + 12]).delete()
    MonthlyReport.objects.create(
        unit=u[0], month=jalali.month_index(1404, 12), employment=40, state="accepted"
    )
    MonthlyReport.objects.create(unit=u[0], month=first + 12, employment=46, state="accepted")
    return {"sepah": sepah}


def test_funnel_in_total(world, history):
    t = loan_scorecard(world.region.pk, 1405).total
    assert t.applied == 6
    assert t.wg_approved == 4  # A, B, C, D (E rejected, F waiting)
    assert t.introduced == 4
    assert (t.decided, t.bank_approved, t.refused) == (4, 1, 3)  # A approved; B, C, D refused at first
    assert (t.panel_referred, t.overturned, t.upheld) == (2, 1, 1)  # B overturned, C upheld
    assert t.lent == 2  # A by the bank, B by the panel
    assert t.approved_amount == 450 * M  # 300 + 150
    assert (t.paid, t.fully_paid) == (2, 1)
    assert t.paid_amount == 350 * M  # 100 + 200 + 50
    assert t.wg_rate == pytest.approx(4 / 6)
    assert t.approval_rate == pytest.approx(2 / 4)
    assert t.payment_rate == 1.0
    assert t.overall == pytest.approx(2 / 4)
    # Days: to the WG 5, 4, 2, 10, 7 → median 5; to introduction 5, 2, 1, 10 → 3.5;
    # to the decision 10, 10, 10, 10 → 10; to the first tranche A 30−20 = 10, B 60−40 = 20 → 15.
    assert t.days_list == [5.0, 3.5, 10.0, 15.0]
    # Quotas 1405: Melli 1,000 + 500, Sepah 400 → 1,900 M; paid 350 M.
    assert t.quota == 1900 * M and t.quota_used == pytest.approx(350 / 1900)
    # Only A has its 12-month report: forecast 10 + 5, 46 there, 6 more than before applying.
    assert (t.measured, t.jobs_forecast, t.jobs_at_12, t.jobs_change) == (1, 15, 46, 6)


def test_funnel_by_bank_programme_and_county(world, history):
    card = loan_scorecard(world.region.pk, 1405)
    banks = {f.key.bank_code: f for f in card.by_bank}
    melli, sepah = banks["017"], banks["015"]
    # Melli: A, B, D introduced; A approved, B overturned, D refused; 350 M paid of a 1,500 M quota.
    assert (melli.introduced, melli.bank_approved, melli.refused, melli.overturned) == (3, 1, 2, 1)
    assert (melli.paid, melli.paid_amount) == (2, 350 * M)
    assert melli.quota_used == pytest.approx(350 / 1500)
    assert melli.days_to_decision == 10.0
    # Sepah: C refused and upheld by the panel: nothing paid, 0 % of its 400 M quota.
    assert (sepah.introduced, sepah.refused, sepah.upheld, sepah.paid) == (1, 1, 1, 0)
    assert sepah.overall == 0.0 and sepah.quota_used == 0.0
    progs = {f.key.code: f for f in card.by_programme}
    # Boom: A, B, C, E; note 18: D, F.
    assert (progs["ronagh"].applied, progs["ronagh"].introduced, progs["ronagh"].paid) == (4, 3, 2)
    assert (progs["t18"].applied, progs["t18"].wg_approved, progs["t18"].refused) == (2, 1, 1)
    assert progs["ronagh"].quota == 1400 * M and progs["t18"].quota == 500 * M
    counties = {f.key.code: f for f in card.by_county}
    # North: units 0 and 3 (A, E); south: units 1 and 2 (B, C, D, F).
    assert (counties["N"].applied, counties["N"].paid_amount) == (2, 300 * M)
    assert (counties["S"].applied, counties["S"].paid_amount, counties["S"].refused) == (4, 50 * M, 3)


def test_other_years_are_left_out(world, history):
    assert loan_scorecard(world.region.pk, 1404).total.applied == 0
    assert loan_scorecard(world.region.pk).total.applied == 6


def test_scorecard_page_and_exports(world, history, client_for, django_assert_max_num_queries):
    client = client_for("secretariat")
    with django_assert_max_num_queries(20):
        page = client.get("/loans/scorecard/", {"year": "1405"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "بانک سپه" in html and "chart-funnel" in html
    x = client.get("/loans/scorecard.xlsx", {"year": "1405"})
    assert x.status_code == 200 and x.content[:2] == b"PK"
    assert client_for("bank-officer").get("/loans/scorecard/").status_code == 403
    assert client.get("/loans/scorecard/", {"year": "abc"}).status_code == 200


def test_monthly_pdf(world, history, client_for, weasyprint, tmp_path):
    from tests.pdf_utils import pdf_images, pdf_text

    response = client_for("secretariat").get("/loans/report.pdf", {"month": "1405/02"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(pdf_text(response.content))
    assert "سپه" in text and "ملی" in text and "۲۵۰٬۰۰۰٬۰۰۰" in text  # Melli paid 200 M + 50 M in Ordibehesht
    assert pdf_images(response.content, "/tmp", "loans-report")

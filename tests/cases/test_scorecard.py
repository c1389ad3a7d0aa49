"""The agency scorecard against a hand-computed fixture."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.cases.models import Case, Referral
from jahesh.cases.scorecard import agency_scorecard

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
D0 = dt.date(2026, 3, 1)


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def late_evening(day: dt.date) -> dt.datetime:
    # 23:30 in Tehran is 20:00 UTC the same day: the answer counts on that Tehran date.
    return dt.datetime.combine(day, dt.time(23, 30), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def fixture(world, cat, social):
    def case(escalation=0):
        return Case.objects.create(
            unit=world.units[0],
            category=cat("tax"),
            title="t",
            description="d",
            state="referred",
            escalation=escalation,
        )

    def refer(c, agency, due, answered=None, status="pending"):
        return Referral.objects.create(
            case=c,
            agency=agency,
            referred_at=noon(D0),
            due_on=due,
            answered_at=answered,
            status=status if answered is None else "resolved",
        )

    shared = case()
    refer(
        shared, world.tax, D0 + dt.timedelta(days=15), answered=noon(D0 + dt.timedelta(days=10))
    )  # 10 d, on time
    refer(
        case(), world.tax, D0 + dt.timedelta(days=15), answered=noon(D0 + dt.timedelta(days=20))
    )  # 20 d, late
    # Answered late in the evening of the due date (Tehran): still on time, 5 days.
    refer(case(), world.tax, D0 + dt.timedelta(days=5), answered=late_evening(D0 + dt.timedelta(days=5)))
    refer(case(escalation=1), world.tax, TODAY - dt.timedelta(days=3), status="overdue")  # open and overdue
    refer(shared, social, TODAY + dt.timedelta(days=5))  # waiting, not yet due


def test_scorecard_matches_hand_computed_figures(world, social, fixture):
    scores = {s.agency.code: s for s in agency_scorecard(world.region.pk, today=TODAY)}
    assert set(scores) == {"tax", "ss"}  # the bank received nothing and is not listed
    tax = scores["tax"]
    assert (tax.received, tax.answered, tax.answered_on_time, tax.open_overdue) == (4, 3, 2, 1)
    assert tax.median_days == 10  # median of 10, 20, 5
    assert tax.on_time_share == pytest.approx(2 / 3)
    assert tax.escalated_share == pytest.approx(1 / 4)
    ss = scores["ss"]
    assert (
        ss.received,
        ss.answered,
        ss.answered_on_time,
        ss.median_days,
        ss.open_overdue,
        ss.escalated_share,
    ) == (
        1,
        0,
        0,
        None,
        0,
        0,
    )


def test_scorecard_page(world, client_for, fixture):
    page = client_for("leadership").get("/cases/scorecard/").content.decode()
    assert 'data-agency="tax"' in page and 'data-agency="ss"' in page
    assert client_for("agency-tax").get("/cases/scorecard/").status_code == 403


def test_recurring_by_category_rolls_sub_kinds_up(world, cat):
    from jahesh.cases.scorecard import recurring_by_category

    def case(code, recurs=None):
        return Case.objects.create(
            unit=world.units[0], category=cat(code), title="t", description="d", recurs=recurs
        )

    first = case("bank.loan")
    case("bank.npl")
    case("bank.loan", recurs=first)
    case("tax")
    rows = {r.category.code: (r.cases, r.recurring) for r in recurring_by_category(world.region.pk)}
    assert rows == {"bank": (3, 1), "tax": (1, 0)}


def test_chart_figures_and_filters_from_the_same_fixture(world, cat, social, fixture):
    scores = {s.agency.code: s for s in agency_scorecard(world.region.pk, today=TODAY)}
    # tax: 4 received = 2 on time + 1 late + 1 open overdue + 0 open in time; ss: 1 open, not yet due.
    assert (scores["tax"].answered_late, scores["tax"].open_in_time) == (1, 0)
    assert (scores["ss"].answered_late, scores["ss"].open_in_time) == (0, 1)
    # Every referral was made on D0 about a tax case: a period starting the day after, or another category,
    # keeps nothing; a period around D0 and the tax category keep everything.
    assert agency_scorecard(world.region.pk, today=TODAY, start=D0 + dt.timedelta(days=1)) == []
    assert agency_scorecard(world.region.pk, today=TODAY, category=cat("bank")) == []
    kept = agency_scorecard(world.region.pk, today=TODAY, start=D0, end=D0, category=cat("tax"))
    assert [(s.agency.code, s.received) for s in kept] == [("tax", 4), ("ss", 1)]


def test_scorecard_page_chart_filters_and_excel(world, client_for, fixture):
    import io

    from openpyxl import load_workbook

    client = client_for("secretariat")
    page = client.get("/cases/scorecard/").content.decode()
    assert 'id="chart-answers"' in page and 'id="chart-days"' in page and "پاسخ‌ها به تفکیک دستگاه" in page
    r = client.get("/cases/scorecard/?start=1404/13/01")
    assert r.status_code == 200  # a bad Jalali date is a message on the form, not a 500
    r = client.get("/cases/scorecard/export.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    tax = next(row for row in rows if row[0] == "امور مالیاتی")
    # received, answered, on time, late, open overdue, open in time, median days, % on time, % escalated
    # (measured today, not at TODAY: the overdue referral is still overdue, the ss one still in time).
    assert tax[1:10] == (4, 3, 2, 1, 1, 0, 10, 66.7, 25)
    assert client_for("agency-tax").get("/cases/scorecard/export.xlsx").status_code == 403


def test_recurring_by_agency(world, cat, social):
    from jahesh.cases.scorecard import recurring_by_agency

    first = Case.objects.create(unit=world.units[0], category=cat("tax"), title="t", description="d")
    again = Case.objects.create(
        unit=world.units[0], category=cat("tax"), title="t", description="d", recurs=first
    )
    for c in (first, again):
        Referral.objects.create(case=c, agency=world.tax, due_on=TODAY)
    Referral.objects.create(case=first, agency=social, due_on=TODAY)
    rows = {r.agency.code: (r.cases, r.recurring) for r in recurring_by_agency(world.region.pk)}
    assert rows == {"tax": (2, 1), "ss": (1, 0)}

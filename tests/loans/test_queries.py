"""open_requests: the money each unit's open application asks for (the revival plan reads it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jahesh.loans.models import Application, Decision, Disbursement, Introduction
from jahesh.loans.queries import open_requests

from .conftest import M


def _app(unit, programme, amount, state, **kw):
    return Application.objects.create(
        unit=unit,
        programme=programme,
        amount_requested=amount,
        purpose="سرمایه در گردش",
        state=state,
        applied_on=kw.pop("applied_on", dt.date(2026, 4, 1)),
        **kw,
    )


def test_open_requests_give_requested_then_approved_less_paid(world, programmes, django_assert_num_queries):
    boom = programmes["boom"]
    a, b, c, d = world.units
    _app(a, boom, 300 * M, Application.State.SUBMITTED)
    paying = _app(b, boom, 400 * M, Application.State.PARTLY_PAID)
    Introduction.objects.create(application=paying, bank=world.bank, introduced_on=dt.date(2026, 5, 1))
    Decision.objects.create(application=paying, approved=True, amount=350 * M, decided_on=dt.date(2026, 6, 1))
    Disbursement.objects.create(application=paying, amount=100 * M, paid_on=dt.date(2026, 7, 1))
    _app(c, boom, 100 * M, Application.State.PAID)  # done: not open
    _app(d, boom, 100 * M, Application.State.WITHDRAWN)
    with django_assert_num_queries(2):  # the applications with their joins, and the tranches
        got = open_requests([a.pk, b.pk, c.pk, d.pk])
    assert set(got) == {a.pk, b.pk}
    assert got[a.pk].amount == 300 * M and got[a.pk].bank_id is None and got[a.pk].state == "submitted"
    # Approved 350 M, 100 M paid already: 250 M still to come from Bank Melli.
    assert got[b.pk].amount == Decimal(250) * M
    assert got[b.pk].bank_id == world.bank.pk and got[b.pk].programme_code == "ronagh"
    assert open_requests([]) == {}

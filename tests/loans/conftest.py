"""Loan fixtures: two programmes on the fixture world, with quotas for Bank Melli."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

M = Decimal(1_000_000)  # one million rials


@pytest.fixture
def programmes(world):
    from jahesh.loans.models import Programme, Quota

    boom = Programme.objects.create(
        code="ronagh",
        name="رونق تولید",
        name_en="Production boom",
        max_amount=500 * M,
        eligible_statuses=["active", "semi_active", "idle"],
    )
    note18 = Programme.objects.create(
        code="t18", name="تبصره ۱۸", name_en="Budget note 18", max_amount=200 * M, eligible_statuses=["idle"]
    )
    Quota.objects.create(programme=boom, bank=world.bank, year=1405, amount=1000 * M)
    return {"boom": boom, "note18": note18}


@pytest.fixture
def day():
    """Dates of a hand-made history, in Gregorian (the database's calendar)."""

    def make(n: int) -> dt.date:
        return dt.date(2026, 4, 1) + dt.timedelta(days=n)

    return make

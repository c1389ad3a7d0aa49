from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def cat():
    from jahesh.cases.models import Category

    return lambda code: Category.objects.get(code=code)


@pytest.fixture
def social(world):
    from jahesh.registry.models import Agency

    return Agency.objects.get(code="ss")


@pytest.fixture
def referred(world, cat):
    """A case about the unit-rep's unit, raised by the unit, triaged and referred to tax, due in ten days."""
    from django.utils import timezone

    from jahesh.cases import actions

    u = world.users
    case = actions.raise_case(
        actor=u["unit-rep"],
        unit=world.units[0],
        category=cat("tax"),
        title="بدهی مالیاتی سال ۱۴۰۲",
        description="حساب‌های بانکی واحد به دلیل بدهی مالیاتی مسدود شده است.",
    )
    case = actions.triage(actor=u["secretariat"], case=case, version=case.version)
    due = timezone.localdate() + dt.timedelta(days=10)
    actions.refer(actor=u["secretariat"], case=case, version=case.version, agencies=[(world.tax, due)])
    case.refresh_from_db()
    return case

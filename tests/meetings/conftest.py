from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest


@pytest.fixture
def social(world):
    from jahesh.registry.models import Agency

    return Agency.objects.get(code="ss")


@pytest.fixture
def proposed_case(world):
    """A tax case about the unit-rep's unit, referred to tax and answered "needs the working group"."""
    from django.utils import timezone

    from jahesh.cases import actions
    from jahesh.cases.models import Category

    u = world.users
    case = actions.raise_case(
        actor=u["unit-rep"],
        unit=world.units[0],
        category=Category.objects.get(code="tax"),
        title="مسدودی حساب به دلیل بدهی مالیاتی",
        description="حساب‌های واحد مسدود شده و حقوق کارگران پرداخت نشده است.",
    )
    case = actions.triage(actor=u["secretariat"], case=case, version=case.version)
    due = timezone.localdate() + dt.timedelta(days=10)
    (referral,) = actions.refer(
        actor=u["secretariat"], case=case, version=case.version, agencies=[(world.tax, due)]
    )
    actions.answer(
        actor=u["agency-tax"],
        referral=referral,
        version=referral.version,
        status="needs_wg",
        text="تقسیط بیش از ۳۶ ماه نیازمند تصمیم کارگروه است.",
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def meeting(world, social):
    """Session 14 held today, with a binding resolution for tax and social security due in 30 days."""
    from django.utils import timezone

    from jahesh.meetings import actions

    sec = world.users["secretariat"]
    session = actions.create_session(
        actor=sec,
        region=world.region,
        number=14,
        held_on=timezone.localdate(),
        place="سالن جلسات استانداری",
        chair_title="استاندار",
        invite=[world.tax, social],
    )
    resolution = actions.issue_resolution(
        actor=sec,
        session=session,
        version=session.version,
        text="بدهی مالیاتی و بیمه‌ای واحد در ۲۴ قسط تقسیط شود.",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        agencies=[world.tax, social],
        unit=world.units[0],
    )
    session.refresh_from_db()
    parts = {p.agency.code: p for p in resolution.parts.select_related("agency")}
    return SimpleNamespace(session=session, resolution=resolution, parts=parts)

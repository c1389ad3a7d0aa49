"""Loans: an application of the unit-rep's unit, introduced to Bank Melli (the bank-officer's bank)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def _application(world):
    from jahesh.loans.models import Application, Introduction, Programme

    programme, _ = Programme.objects.get_or_create(
        code="sample", defaults={"name": "رونق تولید", "max_amount": Decimal(10**9)}
    )
    app = Application.objects.filter(unit=world.units[0], programme=programme).first()
    if app is None:
        app = Application.objects.create(
            unit=world.units[0],
            programme=programme,
            amount_requested=Decimal(10**8),
            purpose="نمونه",
            state=Application.State.INTRODUCED,
            applied_on=dt.date(2026, 1, 1),
            wg_decided_on=dt.date(2026, 1, 5),
        )
        Introduction.objects.create(application=app, bank=world.bank, introduced_on=dt.date(2026, 1, 10))
    return app, programme


VISIBLE = {"admin", "secretariat", "leadership", "unit-rep", "bank-officer"}


def page_kwargs(world):
    app, programme = _application(world)
    return {"loan-detail": {"pk": app.pk}, "programme-edit": {"pk": programme.pk}}


def page_visible(world):
    return {"loan-detail": VISIBLE, "programme-edit": {"admin", "secretariat"}}


def api_values(world):
    app, _ = _application(world)
    return {"application_id": app.pk}


def api_visible(world):
    return {"application_id": VISIBLE}

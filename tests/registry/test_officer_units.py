"""Officers see the units their agency is asked about: referred cases, resolutions to execute, and (banks)
loan applications introduced to them — and no other unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_bank_officer_sees_a_unit_once_it_is_introduced_to_their_bank(world, client_for):
    from jahesh.loans import actions
    from jahesh.loans.models import Programme

    programme = Programme.objects.create(
        code="wc",
        name="سرمایه در گردش",
        max_amount=Decimal(10**9),
        eligible_statuses=["active", "semi_active"],
    )
    unit = world.units[1]  # semi-active, not the unit-rep's
    url = f"/units/{unit.pk}/"
    bank = client_for("bank-officer")
    assert bank.get(url).status_code == 404
    sec = world.users["secretariat"]
    app = actions.apply(
        actor=sec, unit=unit, programme=programme, amount=Decimal(10**8), purpose="مواد اولیه"
    )
    app = actions.approve(actor=sec, application=app, version=app.version)
    assert bank.get(url).status_code == 404  # approved, not yet introduced to this bank
    actions.introduce(actor=sec, application=app, version=app.version, bank=world.bank)
    assert bank.get(url).status_code == 200
    assert client_for("agency-tax").get(url).status_code == 404
    assert client_for("bank-officer").get(f"/units/{world.units[3].pk}/").status_code == 404


def test_agency_officer_sees_the_unit_of_a_resolution_they_must_execute(world, client_for):
    from jahesh.meetings import actions

    unit = world.units[2]
    url = f"/units/{unit.pk}/"
    tax = client_for("agency-tax")
    assert tax.get(url).status_code == 404
    sec = world.users["secretariat"]
    session = actions.create_session(
        actor=sec, region=world.region, number=3, held_on=timezone.localdate(), place="استانداری"
    )
    actions.issue_resolution(
        actor=sec,
        session=session,
        version=session.version,
        text="پرونده مالیاتی واحد بررسی شود.",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        agencies=[world.tax],
        unit=unit,
    )
    assert tax.get(url).status_code == 200
    assert client_for("agency-social").get(url).status_code == 404

"""Revival fixtures: the shared ``world`` made into three revival candidates with hand-computed figures.

After ``candidates(world)``:

* ``semi`` (world.units[1], South): 12,000 t a year at 1,000,000 IRR → annual output value 1.2e10; 30 %
  utilisation; employment 40 a year ago, 25 in the latest report → 15 jobs to restore; output restored
  1.2e10 × (1 − 0.30) = 8.4e9; money needed 0.20 × 1.2e10 = 2.4e9 (estimate). Cases: working capital (open),
  judicial (open), bounced cheques of 6e9 (open) → causes 2/3, debt 1 / (1 + 6e9 / 1.2e10) = 2/3.
* ``idle`` (world.units[2], South): 12,000 t at 2,000,000 IRR → 2.4e10; no output → idle; 40 employees in
  its reports → 40 jobs; output restored 2.4e10; money 4.8e9. One working-capital case → causes 1.
* ``north`` (new, North): 6,000 t at 1,000,000 IRR → 6e9; 200 t a month of 500 → 40 % … see ``_north``;
  employment 50 then 30 → 20 jobs; output restored 6e9 × (1 − 0.4) = 3.6e9; money 1.2e9. One
  working-capital case → causes 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest


@dataclass
class Candidates:
    semi: object
    idle: object
    north: object


def _case(unit, code, amount=None):
    from jahesh.cases.models import Case, Category

    return Case.objects.create(
        unit=unit,
        category=Category.objects.get(code=code),
        title="مانع",
        description="شرح",
        amount_irr=amount,
    )


def _north(world):
    import random

    from jahesh.core.identifiers import make_legal_id
    from jahesh.registry.models import MonthlyReport, ProductLine, ReportLine, Unit
    from jahesh.registry.stats import current_report_month

    now = current_report_month()
    unit = Unit.objects.create(
        region=world.region,
        name="ریخته‌گری شمال",
        county=world.counties[0],
        isic="2431",
        legal_id=make_legal_id(random.Random(99)),
    )
    line = ProductLine.objects.create(
        unit=unit,
        hs_code="732510",
        name="قطعات چدنی",
        unit_of_measure="تن",
        nominal_capacity=Decimal("6000"),
        unit_value_irr=Decimal("1000000"),
    )
    for m in range(now - 11, now + 1):
        # 200 t of 500 a month → 40 %; 50 employees until the last month, then 30.
        r = MonthlyReport.objects.create(
            unit=unit, month=m, employment=30 if m == now else 50, state=MonthlyReport.State.ACCEPTED
        )
        ReportLine.objects.create(report=r, product_line=line, output=Decimal("200"))
    return unit


@pytest.fixture
def candidates(world):
    return make_candidates(world)


def make_candidates(world) -> Candidates:
    from jahesh.registry.models import MonthlyReport, ProductLine
    from jahesh.registry.status import refresh_status

    semi, idle = world.units[1], world.units[2]
    ProductLine.objects.filter(unit=semi).update(unit_value_irr=Decimal("1000000"))
    ProductLine.objects.filter(unit=idle).update(unit_value_irr=Decimal("2000000"))
    latest = MonthlyReport.objects.filter(unit=semi).order_by("-month").first()
    latest.employment = 25
    latest.save(update_fields=["employment"])
    _case(semi, "bank.liquidity")
    _case(semi, "judicial")
    _case(semi, "bank.npl", Decimal("6000000000"))
    _case(idle, "bank.liquidity")
    north = _north(world)
    _case(north, "bank.liquidity")
    refresh_status(audit=False)
    for u in (semi, idle, north):
        u.refresh_from_db()
    return Candidates(semi=semi, idle=idle, north=north)

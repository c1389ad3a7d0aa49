"""The loan funnel's figures by bank, by programme and by county. One function computes them; the page, the
Excel export, the monthly PDF and the tests call it.

Per group, over the applications in scope (those made in the Jalali year asked for, or all):

- ``applied``; ``wg_approved``: approved by the working group (withdrawn later or not);
- ``introduced`` to a bank; ``decided`` by it; ``bank_approved`` at once; ``refused`` at first;
- ``panel_referred``: refusals referred to the central bank's expert panel; ``overturned`` by its ruling;
- ``lent``: approved by the bank or by the panel; ``approved_amount``: what the bank (or panel) set;
- ``paid`` (count with at least one tranche) and ``paid_amount`` (the tranches' sum; a partly paid
  application counts with what was paid);
- conversions: ``wg_rate`` = wg_approved / applied, ``intro_rate`` = introduced / wg_approved,
  ``approval_rate`` = lent / introduced, ``payment_rate`` = paid / lent, ``overall`` = paid / introduced;
- median whole days per step: application → working group, working group → introduction, introduction →
  the bank's decision, decision (or the panel's ruling) → first tranche;
- ``quota`` (banks and programmes: the quotas of that year, or of all years) and ``quota_used`` =
  paid_amount / quota;
- jobs, over the paid applications whose unit reported 12 months after the first tranche (``measured``):
  ``jobs_forecast`` = kept + restored as forecast in the application, ``jobs_at_12`` = employment in that
  report, ``jobs_change`` = jobs_at_12 − employment the month before the application (where reported).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Min, Sum

from jahesh.core import jalali
from jahesh.registry.models import Agency, County, MonthlyReport

from .models import Application, Decision, Disbursement, Programme, Quota


def month_of(day: Any) -> int:
    return jalali.month_index(*jalali.jalali_month_of(day))


def outcomes(
    rows: Iterable[tuple[int, int, Any, Any]],
) -> dict[int, tuple[int | None, int | None, int | None]]:
    """Per application: employment the month before it applied, and 6 and 12 months after the first
    tranche, read from the unit's monthly reports (returned reports do not count). ``rows`` are
    ``(application id, unit id, applied_on, first paid_on)``. One query."""
    wanted: dict[int, tuple[int, int, int | None, int | None]] = {}
    for app_id, unit_id, applied_on, first_paid in rows:
        start = month_of(first_paid) if first_paid else None
        wanted[app_id] = (
            unit_id,
            month_of(applied_on) - 1,
            start + 6 if start is not None else None,
            start + 12 if start is not None else None,
        )
    if not wanted:
        return {}
    units = {w[0] for w in wanted.values()}
    months = {m for w in wanted.values() for m in w[1:] if m is not None}
    employment = {
        (u, m): e
        for u, m, e in MonthlyReport.objects.filter(unit_id__in=units, month__in=months)
        .exclude(state=MonthlyReport.State.RETURNED)
        .values_list("unit_id", "month", "employment")
    }
    return {
        app_id: tuple(employment.get((u, m)) if m is not None else None for m in (before, m6, m12))
        for app_id, (u, before, m6, m12) in wanted.items()
    }


def _share(a: float | Decimal, b: float | Decimal) -> float | None:
    return float(a) / float(b) if b else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


@dataclass
class Funnel:
    key: Any
    name: str
    applied: int = 0
    wg_approved: int = 0
    introduced: int = 0
    decided: int = 0
    bank_approved: int = 0
    refused: int = 0
    panel_referred: int = 0
    overturned: int = 0
    upheld: int = 0
    lent: int = 0
    paid: int = 0
    fully_paid: int = 0
    requested_amount: Decimal = Decimal(0)
    approved_amount: Decimal = Decimal(0)
    paid_amount: Decimal = Decimal(0)
    quota: Decimal | None = None
    measured: int = 0
    jobs_forecast: int = 0
    jobs_at_12: int = 0
    jobs_change: int = 0
    days: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def wg_rate(self) -> float | None:
        return _share(self.wg_approved, self.applied)

    @property
    def intro_rate(self) -> float | None:
        return _share(self.introduced, self.wg_approved)

    @property
    def approval_rate(self) -> float | None:
        return _share(self.lent, self.introduced)

    @property
    def payment_rate(self) -> float | None:
        return _share(self.paid, self.lent)

    @property
    def overall(self) -> float | None:
        return _share(self.paid, self.introduced)

    @property
    def quota_used(self) -> float | None:
        return _share(self.paid_amount, self.quota) if self.quota else None

    def median_days(self, step: str) -> float | None:
        return _median(self.days.get(step, []))

    @property
    def days_to_wg(self) -> float | None:
        return self.median_days("wg")

    @property
    def days_to_introduction(self) -> float | None:
        return self.median_days("intro")

    @property
    def days_to_decision(self) -> float | None:
        return self.median_days("decision")

    @property
    def days_to_payment(self) -> float | None:
        return self.median_days("payment")

    @property
    def days_list(self) -> list[float | None]:
        return [self.median_days(step) for step in ("wg", "intro", "decision", "payment")]


@dataclass
class LoanScorecard:
    year: int | None
    total: Funnel
    by_bank: list[Funnel]
    by_programme: list[Funnel]
    by_county: list[Funnel]


FIELDS = (
    "pk",
    "unit_id",
    "unit__county_id",
    "programme_id",
    "state",
    "amount_requested",
    "applied_on",
    "wg_decided_on",
    "jobs_kept",
    "jobs_restored",
    "introduction__bank_id",
    "introduction__introduced_on",
    "decision__approved",
    "decision__amount",
    "decision__decided_on",
    "decision__panel_referred_on",
    "decision__panel_ruling",
    "decision__panel_ruled_on",
    "decision__panel_amount",
)


def _add(f: Funnel, r: dict[str, Any], paid: tuple[Decimal, Any] | None, out: tuple | None) -> None:
    f.applied += 1
    f.requested_amount += r["amount_requested"]
    if r["wg_decided_on"] is not None:
        f.days["wg"].append((r["wg_decided_on"] - r["applied_on"]).days)
    if r["wg_decided_on"] is not None and r["state"] != Application.State.REJECTED:
        f.wg_approved += 1
    intro_on = r["introduction__introduced_on"]
    if intro_on is None:
        return
    f.introduced += 1
    f.days["intro"].append((intro_on - r["wg_decided_on"]).days)
    approved = r["decision__approved"]
    if approved is None:
        return
    f.decided += 1
    f.days["decision"].append((r["decision__decided_on"] - intro_on).days)
    lending, lent_on = None, None
    if approved:
        f.bank_approved += 1
        lending, lent_on = r["decision__amount"], r["decision__decided_on"]
    else:
        f.refused += 1
        if r["decision__panel_referred_on"] is not None:
            f.panel_referred += 1
        if r["decision__panel_ruling"] == Decision.Ruling.OVERTURNED:
            f.overturned += 1
            lending, lent_on = r["decision__panel_amount"], r["decision__panel_ruled_on"]
        elif r["decision__panel_ruling"] == Decision.Ruling.UPHELD:
            f.upheld += 1
    if lending is None:
        return
    f.lent += 1
    f.approved_amount += lending
    if paid is None:
        return
    amount, first_on = paid
    f.paid += 1
    f.fully_paid += r["state"] == Application.State.PAID
    f.paid_amount += amount
    f.days["payment"].append((first_on - lent_on).days)
    if out is not None and out[2] is not None:
        f.measured += 1
        f.jobs_forecast += r["jobs_kept"] + r["jobs_restored"]
        f.jobs_at_12 += out[2]
        if out[0] is not None:
            f.jobs_change += out[2] - out[0]


def loan_scorecard(region_id: int, year: int | None = None) -> LoanScorecard:
    """The funnel of the region's applications (made in Jalali ``year``, or all), in total and per group."""
    apps = Application.objects.filter(unit__region_id=region_id)
    if year is not None:
        apps = apps.filter(
            applied_on__gte=jalali.month_start(year, 1), applied_on__lte=jalali.month_end(year, 12)
        )
    rows = list(apps.values(*FIELDS).order_by("pk"))
    paid = {
        a: (s, first)
        for a, s, first in Disbursement.objects.filter(application__in=apps)
        .values("application_id")
        .annotate(s=Sum("amount"), first=Min("paid_on"))
        .values_list("application_id", "s", "first")
    }
    by_id = {r["pk"]: r for r in rows}
    measured = outcomes(
        (a, by_id[a]["unit_id"], by_id[a]["applied_on"], first) for a, (_s, first) in paid.items()
    )

    banks = {a.pk: a for a in Agency.objects.filter(region_id=region_id, kind=Agency.Kind.BANK)}
    programmes = {p.pk: p for p in Programme.objects.all()}
    counties = {c.pk: c for c in County.objects.filter(region_id=region_id)}
    total = Funnel(None, "")
    groups: dict[str, dict[int, Funnel]] = {"bank": {}, "programme": {}, "county": {}}
    for r in rows:
        args = (r, paid.get(r["pk"]), measured.get(r["pk"]))
        _add(total, *args)
        keys = {
            "bank": r["introduction__bank_id"],
            "programme": r["programme_id"],
            "county": r["unit__county_id"],
        }
        for kind, key in keys.items():
            if key is None:
                continue
            if key not in groups[kind]:
                source = {"bank": banks, "programme": programmes, "county": counties}[kind]
                obj = source.get(key)
                groups[kind][key] = Funnel(obj, obj.name if obj is not None else "")
            _add(groups[kind][key], *args)

    quotas = Quota.objects.filter(bank__region_id=region_id)
    if year is not None:
        quotas = quotas.filter(year=year)
    for kind, column in (("bank", "bank_id"), ("programme", "programme_id")):
        for key, amount in quotas.values(column).annotate(s=Sum("amount")).values_list(column, "s"):
            if key in groups[kind]:
                groups[kind][key].quota = amount
            elif kind == "bank" and key in banks:  # a bank with a quota and no introduction: zero cases
                groups[kind][key] = Funnel(banks[key], banks[key].name, quota=amount)
    total.quota = quotas.aggregate(s=Sum("amount"))["s"]

    def ordered(kind: str) -> list[Funnel]:
        return sorted(groups[kind].values(), key=lambda f: (-f.introduced, -f.applied, f.name))

    return LoanScorecard(year, total, ordered("bank"), ordered("programme"), ordered("county"))


@dataclass
class MonthActivity:
    bank: Agency
    introduced: int = 0
    decided: int = 0
    approved: int = 0
    refused: int = 0
    tranches: int = 0
    paid_amount: Decimal = Decimal(0)


def month_activity(region_id: int, year: int, month: int) -> list[MonthActivity]:
    """What each bank did in one Jalali month: introductions received, decisions, tranches paid."""
    start, end = jalali.month_start(year, month), jalali.month_end(year, month)
    banks = Agency.objects.filter(region_id=region_id, kind=Agency.Kind.BANK).order_by("name")
    out = {b.pk: MonthActivity(b) for b in banks}
    apps = Application.objects.filter(unit__region_id=region_id)
    for bank_id in apps.filter(introduction__introduced_on__range=(start, end)).values_list(
        "introduction__bank_id", flat=True
    ):
        out[bank_id].introduced += 1
    decisions = Decision.objects.filter(application__in=apps, decided_on__range=(start, end))
    for bank_id, approved in decisions.values_list("application__introduction__bank_id", "approved"):
        out[bank_id].decided += 1
        out[bank_id].approved += approved
        out[bank_id].refused += not approved
    tranches = Disbursement.objects.filter(application__in=apps, paid_on__range=(start, end))
    for bank_id, amount in tranches.values_list("application__introduction__bank_id", "amount"):
        out[bank_id].tranches += 1
        out[bank_id].paid_amount += amount
    return [a for a in out.values() if a.introduced or a.decided or a.tranches]

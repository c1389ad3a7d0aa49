"""Agency scorecards: how each agency handles the cases referred to it. One function computes the figures;
the page (and later the PDF and the API) call it.

Per agency, over its referrals:
- ``received``: referrals made to it;
- ``answered`` and ``answered_on_time``: answered at all, and on or before the due date (Tehran dates);
- ``median_days``: the median of whole days from referral to answer over the answered ones (None if none);
- ``open_overdue``: still waiting and past the due date today;
- ``escalated_share``: of the distinct cases referred to it, the share that was escalated (any level);
- ``answered_late`` (answered after the due date) and ``open_in_time`` (waiting, not yet due) complete the
  picture for the chart: received = on time + late + open overdue + open in time.

Filters: ``start``/``end`` keep the referrals made in that period (Tehran dates, both ends included);
``category`` keeps the cases of that category and its sub-kinds.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from jahesh.registry.models import Agency

from .models import Case, Category, Referral


@dataclass(frozen=True)
class AgencyScore:
    agency: Agency
    received: int
    answered: int
    answered_on_time: int
    median_days: float | None
    open_overdue: int
    escalated_share: float | None

    @property
    def on_time_share(self) -> float | None:
        return self.answered_on_time / self.answered if self.answered else None

    @property
    def answered_late(self) -> int:
        return self.answered - self.answered_on_time

    @property
    def open_in_time(self) -> int:
        return self.received - self.answered - self.open_overdue


def _category_ids(category: Category | None) -> list[int] | None:
    if category is None:
        return None
    return [category.pk, *Category.objects.filter(parent=category).values_list("pk", flat=True)]


def _referral_scope(prefix: str, start: dt.date | None, end: dt.date | None, category: Category | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(**{f"{prefix}referred_at__date__gte": start})
    if end is not None:
        q &= Q(**{f"{prefix}referred_at__date__lte": end})
    ids = _category_ids(category)
    if ids is not None:
        q &= Q(**{f"{prefix}case__category__in": ids})
    return q


def agency_scorecard(
    region_id: int,
    today: dt.date | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    category: Category | None = None,
) -> list[AgencyScore]:
    """Scores of every agency of the region that received at least one referral, most received first."""
    today = today or timezone.localdate()
    scope = _referral_scope("referrals__", start, end, category)
    agencies = (
        Agency.objects.filter(region_id=region_id)
        .annotate(
            received=Count("referrals", filter=scope),
            open_overdue=Count(
                "referrals",
                filter=scope & Q(referrals__status__in=Referral.OPEN, referrals__due_on__lt=today),
            ),
            cases=Count("referrals__case", filter=scope, distinct=True),
            escalated=Count(
                "referrals__case", filter=scope & Q(referrals__case__escalation__gt=0), distinct=True
            ),
        )
        .filter(received__gt=0)
        .order_by("-received", "name")
    )
    days: dict[int, list[int]] = {}
    on_time: dict[int, int] = {}
    answered = (
        Referral.objects.filter(agency__region_id=region_id, answered_at__isnull=False)
        .filter(_referral_scope("", start, end, category))
        .values_list("agency_id", "referred_at", "answered_at", "due_on")
    )
    for agency_id, referred_at, answered_at, due_on in answered.iterator():
        answered_on = timezone.localdate(answered_at)
        days.setdefault(agency_id, []).append((answered_on - timezone.localdate(referred_at)).days)
        on_time[agency_id] = on_time.get(agency_id, 0) + (answered_on <= due_on)
    return [
        AgencyScore(
            agency=a,
            received=a.received,
            answered=len(days.get(a.pk, [])),
            answered_on_time=on_time.get(a.pk, 0),
            median_days=statistics.median(days[a.pk]) if a.pk in days else None,
            open_overdue=a.open_overdue,
            escalated_share=a.escalated / a.cases if a.cases else None,
        )
        for a in agencies
    ]


@dataclass(frozen=True)
class Recurring:
    category: Category
    cases: int
    recurring: int

    @property
    def share(self) -> float | None:
        return self.recurring / self.cases if self.cases else None


def recurring_by_category(region_id: int) -> list[Recurring]:
    """Per top-level category: cases, and how many of them recur (a sub-kind counts for its parent)."""
    rows = (
        Case.objects.filter(unit__region_id=region_id)
        .annotate(root=Coalesce("category__parent_id", "category_id"))
        .values("root")
        .annotate(cases=Count("pk"), recurring=Count("pk", filter=Q(recurs__isnull=False)))
    )
    counts = {r["root"]: (r["cases"], r["recurring"]) for r in rows}
    categories = Category.objects.in_bulk(list(counts))
    out = [Recurring(categories[pk], *counts[pk]) for pk in counts]
    return sorted(out, key=lambda r: (-r.recurring, -r.cases, r.category.order))


@dataclass(frozen=True)
class RecurringAtAgency:
    agency: Agency
    cases: int
    recurring: int

    @property
    def share(self) -> float | None:
        return self.recurring / self.cases if self.cases else None


def recurring_by_agency(region_id: int) -> list[RecurringAtAgency]:
    """Per agency: the distinct cases referred to it, and how many of them recur."""
    agencies = (
        Agency.objects.filter(region_id=region_id)
        .annotate(
            n_cases=Count("referrals__case", distinct=True),
            n_recurring=Count(
                "referrals__case", filter=Q(referrals__case__recurs__isnull=False), distinct=True
            ),
        )
        .filter(n_cases__gt=0)
    )
    out = [RecurringAtAgency(a, a.n_cases, a.n_recurring) for a in agencies]
    return sorted(out, key=lambda r: (-r.recurring, -r.cases, r.agency.name))

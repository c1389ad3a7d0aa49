"""A realistic, deterministic case history for the demo region: about 600 cases over three years.

The mix follows practice (shared/domain/practice.md §3): banking and finance first (about half), then tax and
social security, then energy, raw materials, licences and the rest. Some units come back again and again, so
recurrences appear; old cases are mostly closed, recent ones still with the agencies, some of them overdue.
The rows are written in bulk (the history is synthetic, not a replay of the actions), but they keep the same
invariants as the actions: states, outcomes, referral statuses, escalation levels and recurrence links agree.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from jahesh.core.models import Role, User
from jahesh.registry.models import Agency, Region, Unit

from .actions import RECURRENCE_DAYS, escalation_level
from .models import Case, CaseEvent, Category, Referral

#: Category code → weight (share of cases).
MIX = {
    "bank.liquidity": 14,
    "bank.loan": 10,
    "bank.reschedule": 10,
    "bank.npl": 8,
    "bank.collateral": 4,
    "bank.seizure": 2,
    "bank": 2,
    "tax": 13,
    "social": 11,
    "energy.cutoff": 4,
    "energy.tariff": 2,
    "materials": 5,
    "licence": 4,
    "customs": 2,
    "fx": 2,
    "estate": 2,
    "environment": 2,
    "judicial": 1,
    "labour": 1,
    "market": 1,
}

TITLES = {
    "bank": "درخواست حمایت بانکی",
    "tax": "بدهی مالیاتی و مسدودی حساب",
    "social": "بدهی حق بیمه تأمین اجتماعی",
    "energy": "مشکل تأمین انرژی",
    "materials": "کمبود مواد اولیه و سهمیه",
    "licence": "تأخیر در صدور مجوز",
    "customs": "ترخیص کالا از گمرک",
    "fx": "تخصیص ارز واردات",
    "estate": "زیرساخت شهرک صنعتی",
    "environment": "ایراد زیست‌محیطی",
    "judicial": "پرونده قضایی",
    "labour": "مسائل نیروی کار",
    "market": "رکود بازار فروش",
}


def _agency_for(
    category: Category, unit: Unit, by_kind: dict[str, list[Agency]], prng: random.Random
) -> Agency:
    if category.agency_kind == "bank" and unit.owner_bank_id:
        return next(a for a in by_kind["bank"] if a.pk == unit.owner_bank_id)
    choices = by_kind.get(category.agency_kind) or by_kind.get("industry") or next(iter(by_kind.values()))
    return prng.choice(choices)


@transaction.atomic
def seed_demo_cases(region: Region, seed: int = 1, n: int = 600, now: dt.datetime | None = None) -> int:
    """Write ``n`` cases with their referrals and timelines for ``region``; returns how many were written."""
    prng = random.Random(seed)
    now = now or timezone.now()
    units = list(Unit.objects.filter(region=region).order_by("pk").only("pk", "owner_bank_id"))
    agencies = list(Agency.objects.filter(region=region).order_by("pk"))
    if not units or not agencies:
        return 0
    by_kind: dict[str, list[Agency]] = {}
    for a in agencies:
        by_kind.setdefault(a.kind, []).append(a)
    categories = {c.code: c for c in Category.objects.filter(code__in=list(MIX))}
    codes = [c for c in MIX if c in categories]
    weights = [MIX[c] for c in codes]
    # A fifth of the units bring about half of the cases: the same problems come back.
    troubled = prng.sample(units, max(1, len(units) // 5))
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    officers = {a_id: u for u, a_id in ((u, u.agency_id) for u in User.objects.filter(agency__region=region))}
    span = 3 * 365 * 24 * 3600

    plans: list[dict[str, Any]] = []
    for _ in range(n):
        unit = prng.choice(troubled) if prng.random() < 0.5 else prng.choice(units)
        category = categories[prng.choices(codes, weights)[0]]
        created = now - dt.timedelta(seconds=prng.randrange(span))
        plans.append({"unit": unit, "category": category, "created": created})
    plans.sort(key=lambda p: p["created"])

    latest: dict[tuple[int, int], Case] = {}
    made = 0
    for p in plans:
        unit, category, created = p["unit"], p["category"], p["created"]
        age_days = (now - created).days
        root = category.code.split(".")[0]
        case = Case(
            unit=unit,
            category=category,
            title=TITLES.get(root, category.name),
            description=f"{category.name} — {TITLES.get(root, '')}",
            amount_irr=prng.randrange(5, 2000) * 10**9 if root in ("bank", "tax", "social", "fx") else None,
            jobs_at_stake=prng.randrange(5, 300),
            severity=prng.choices(Case.Severity.values, [2, 5, 3, 1])[0],
            source=prng.choices(Case.Source.values, [5, 3, 2])[0],
            raised_by=secretariat,
            created_at=created,
        )
        earlier = latest.get((unit.pk, category.pk))
        if earlier is not None and (
            earlier.state != Case.State.CLOSED
            or created - earlier.closed_at <= dt.timedelta(days=RECURRENCE_DAYS)
        ):
            case.recurs = earlier
        events: list[CaseEvent] = [CaseEvent(kind=CaseEvent.Kind.RAISED, at=created, text=case.title)]
        if case.recurs is not None:
            events.append(CaseEvent(kind=CaseEvent.Kind.RECURS, at=created, after={"recurs": earlier.pk}))
        referrals: list[Referral] = []
        state = Case.State.NEW
        if age_days >= 3 or prng.random() < 0.5:
            triaged = created + dt.timedelta(days=prng.randint(0, 3), hours=prng.randint(1, 8))
            if triaged < now:
                state = Case.State.TRIAGED
                events.append(
                    CaseEvent(kind=CaseEvent.Kind.TRIAGED, at=triaged, actor=secretariat, text=category.name)
                )
                referred_at = triaged + dt.timedelta(days=prng.randint(0, 4), hours=1)
                if referred_at < now:
                    state = Case.State.REFERRED
                    agency = _agency_for(category, unit, by_kind, prng)
                    due = timezone.localdate(referred_at) + dt.timedelta(days=category.answer_days)
                    referrals.append(
                        Referral(agency=agency, due_on=due, referred_at=referred_at, referred_by=secretariat)
                    )
                    events.append(
                        CaseEvent(
                            kind=CaseEvent.Kind.REFERRED,
                            at=referred_at,
                            actor=secretariat,
                            agency=agency,
                            after={"agency": agency.pk, "due_on": due.isoformat()},
                        )
                    )
        escalation = 0
        for r in referrals:
            # Most agencies answer within about their deadline; a tail answers very late or not at all.
            delay = prng.lognormvariate(2.4, 0.7)
            answered = r.referred_at + dt.timedelta(days=delay)
            if answered < now and prng.random() < 0.93:
                r.status = prng.choices(Referral.ANSWERS, [6, 2, 2])[0]
                r.answer = {
                    "resolved": "موضوع در دستگاه رفع شد.",
                    "objected": "درخواست واحد منطبق بر ضوابط نیست.",
                }.get(r.status, "رفع موضوع نیازمند تصمیم کارگروه است.")
                r.answered_at = answered
                r.answered_by = officers.get(r.agency_id)
                escalation = max(escalation, escalation_level((timezone.localdate(answered) - r.due_on).days))
                events.append(
                    CaseEvent(
                        kind=CaseEvent.Kind.ANSWERED,
                        at=answered,
                        actor=r.answered_by,
                        agency=r.agency,
                        text=r.answer,
                        after={"status": r.status},
                    )
                )
                state = Case.State.ANSWERED
            else:
                level = escalation_level((timezone.localdate(now) - r.due_on).days)
                if level:
                    r.status = Referral.Status.OVERDUE
                    escalation = max(escalation, level)
                    events.append(
                        CaseEvent(
                            kind=CaseEvent.Kind.OVERDUE,
                            at=now.replace(microsecond=0) - dt.timedelta(minutes=1),
                            agency=r.agency,
                            text=r.agency.name,
                        )
                    )
        if escalation:
            events.append(
                CaseEvent(
                    kind=CaseEvent.Kind.ESCALATED,
                    at=max(e.at for e in events),
                    after={"escalation": escalation},
                )
            )
        closed_at = None
        outcome = ""
        if state == Case.State.ANSWERED:
            last = max(e.at for e in events)
            if referrals[0].status == Referral.Status.NEEDS_WORKING_GROUP:
                for to in (Case.State.ON_AGENDA, Case.State.RESOLUTION_ISSUED, Case.State.EXECUTING):
                    last = last + dt.timedelta(days=prng.randint(5, 30))
                    if last >= now:
                        break
                    state = to
                    events.append(
                        CaseEvent(kind=CaseEvent.Kind.MOVED, at=last, actor=secretariat, after={"state": to})
                    )
            close_at = last + dt.timedelta(days=prng.randint(3, 60))
            if close_at < now and (state in (Case.State.ANSWERED, Case.State.EXECUTING)):
                outcome = (
                    Case.Outcome.NOT_RESOLVABLE
                    if referrals[0].status == Referral.Status.OBJECTED and prng.random() < 0.6
                    else prng.choices(Case.Outcome.values, [8, 1, 1])[0]
                )
                state, closed_at = Case.State.CLOSED, close_at
                events.append(
                    CaseEvent(
                        kind=CaseEvent.Kind.CLOSED, at=close_at, actor=secretariat, after={"outcome": outcome}
                    )
                )
        elif state in (Case.State.NEW, Case.State.TRIAGED) and age_days > 60 and prng.random() < 0.8:
            state, outcome, closed_at = (
                Case.State.CLOSED,
                Case.Outcome.WITHDRAWN,
                created + dt.timedelta(days=30),
            )
            events.append(CaseEvent(kind=CaseEvent.Kind.CLOSED, at=closed_at, after={"outcome": outcome}))
        case.state, case.outcome, case.closed_at, case.escalation = state, outcome, closed_at, escalation
        case.save()
        for r in referrals:
            r.case = case
        Referral.objects.bulk_create(referrals)
        for e in events:
            e.case = case
        CaseEvent.objects.bulk_create(sorted(events, key=lambda e: e.at))
        latest[(unit.pk, category.pk)] = case
        made += 1
    _seed_visits(region, prng)
    return made


VISIT_TEAMS = [
    ("کارشناسان اداره کل صنعت، معدن و تجارت", "تیم پایش و عارضه‌یابی"),
    ("کارشناس شهرک صنعتی و نمایندهٔ صمت", "تیم پایش شهرک"),
    ("کارشناسان صمت و بانک عامل", "تیم مشترک تسهیلات"),
]
VISIT_FINDINGS = [
    "بخشی از خطوط تولید به دلیل کمبود سرمایه در گردش خاموش است.",
    "واحد با بدهی معوق و محدودیت تأمین مواد اولیه روبه‌روست.",
    "قطعی مکرر برق و گاز تولید را کاهش داده است.",
]


def _seed_visits(region: Region, prng: random.Random) -> int:
    """One field visit for each case raised from a visit, the day before it (one a unit and day)."""
    from .models import FieldVisit

    cases = list(
        Case.objects.filter(unit__region=region, source=Case.Source.FIELD_VISIT, visit__isnull=True)
        .order_by("created_at", "id")
        .only("pk", "unit_id", "created_at")
    )
    recorder = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    visits: dict[tuple[int, dt.date], FieldVisit] = {}
    for c in cases:
        day = timezone.localdate(c.created_at) - dt.timedelta(days=1)
        key = (c.unit_id, day)
        if key not in visits:
            visitors, team = prng.choice(VISIT_TEAMS)
            visits[key] = FieldVisit(
                unit_id=c.unit_id,
                visited_on=day,
                visitors=visitors,
                team=team,
                findings=prng.choice(VISIT_FINDINGS),
                utilisation_observed=Decimal(prng.randrange(50, 700)) / 10,
                employment_observed=prng.randrange(5, 120),
                recorded_by=recorder,
                created_at=c.created_at - dt.timedelta(hours=20),
            )
    FieldVisit.objects.bulk_create(list(visits.values()))
    for c in cases:
        c.visit = visits[(c.unit_id, timezone.localdate(c.created_at) - dt.timedelta(days=1))]
    Case.objects.bulk_update(cases, ["visit"], batch_size=1000)
    return len(visits)

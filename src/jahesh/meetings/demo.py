"""A realistic, deterministic history of the provincial working group for the demo region: about thirty
sessions over three years, one a month or so, with more resolutions per session as time goes on (the
"inflation" practice complains of), about 60 % of the agencies' parts executed, some objections upheld or
rejected, some overdue and carried over, and the escalated demo cases on the agendas.

Rows are written in bulk (a synthetic history, not a replay of the actions) with the actions' invariants:
statuses, rulings, carried-over items and escalation levels agree. Past sessions are approved (locked); the
next one is a draft, with the overdue resolutions carried onto its agenda. No PDF is stored for the demo's
approved sessions: their minutes are rendered on demand, marked approved.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from jahesh.cases.models import Case, CaseEvent, Referral
from jahesh.core.models import Role, User
from jahesh.registry.models import Agency, Region

from .models import AgendaItem, Attendance, PartUpdate, Resolution, ResolutionPart, Session

N_SESSIONS = 30
PLACES = ["سالن جلسات استانداری", "سالن شهید رجایی استانداری", "اتاق بازرگانی، صنایع، معادن و کشاورزی"]
REPRESENTATIVES = ["معاون", "مدیرکل", "مدیر امور", "کارشناس مسئول", "رئیس اداره"]

#: Resolution texts by the root of the linked case's category (practice.md: banking first).
TEXTS = {
    "bank": [
        "بانک موظف است درخواست استمهال بدهی واحد را ظرف مهلت مقرر بررسی و نتیجه را به دبیرخانه اعلام کند.",
        "تسهیلات سرمایه در گردش واحد در قالب طرح رونق تولید در اولویت پرداخت قرار گیرد.",
        "اقدامات اجرایی تملیک واحد تا تعیین تکلیف بدهی متوقف شود.",
        "بانک نسبت به رفع محرومیت از خدمات بانکی واحد با تقسیط بدهی غیرجاری اقدام کند.",
    ],
    "tax": [
        "اداره کل امور مالیاتی نسبت به تقسیط بدهی مالیاتی واحد و رفع مسدودی حساب‌ها اقدام کند.",
        "پرونده مالیاتی واحد در هیئت حل اختلاف مالیاتی خارج از نوبت رسیدگی شود.",
    ],
    "social": [
        "تأمین اجتماعی بدهی حق بیمه واحد را تقسیط و از توقیف اموال خودداری کند.",
        "جرائم بیمه‌ای واحد مطابق بخشنامه بخشودگی محاسبه و اعمال شود.",
    ],
    "energy": [
        "شرکت توزیع برق تا تعیین تکلیف بدهی از قطع برق واحد خودداری کند.",
        "انشعاب گاز واحد ظرف مهلت مقرر برقرار شود.",
    ],
}
GENERIC = [
    "دستگاه مسئول گزارش اقدامات انجام‌شده را ظرف مهلت مقرر به دبیرخانه کارگروه ارائه کند.",
    "موضوع با حضور نماینده واحد در کمیته تخصصی بررسی و نتیجه به جلسه بعد گزارش شود.",
    "مجوز مورد نیاز واحد خارج از نوبت صادر شود.",
]
TOPICS = [
    "گزارش دبیرخانه از وضعیت اجرای مصوبات جلسات قبل",
    "بررسی وضعیت واحدهای راکد شهرک‌های صنعتی",
    "ظرفیت‌های همکاری دانشگاه‌ها و پارک علم و فناوری با واحدهای تولیدی",
    "پیشنهاد سهمیه تسهیلات تبصره ۱۸ به تفکیک بانک‌ها",
]
EVIDENCE = [
    "نامه شماره ۲۴۵۱ مبنی بر انجام اقدام به دبیرخانه ارسال شد.",
    "قرارداد تقسیط با واحد منعقد شد.",
    "موضوع در کمیته استانی بررسی و اقدام لازم انجام شد.",
]


def _agencies_for(
    root: str, case: Case | None, by_kind: dict[str, list[Agency]], prng: random.Random
) -> list[Agency]:
    kind = {"bank": "bank", "tax": "tax", "social": "social_security", "energy": "electricity"}.get(root)
    first: Agency | None = None
    if root == "bank" and case is not None and case.unit.owner_bank_id:
        first = next((a for a in by_kind.get("bank", []) if a.pk == case.unit.owner_bank_id), None)
    if first is None:
        pool = by_kind.get(kind or "", []) or [a for group in by_kind.values() for a in group]
        first = prng.choice(pool)
    chosen = [first]
    if prng.random() < 0.3:
        others = [a for group in by_kind.values() for a in group if a.pk != first.pk]
        if others:
            chosen.append(prng.choice(others))
    return chosen


@transaction.atomic
def seed_demo_sessions(region: Region, seed: int = 1, now: dt.datetime | None = None) -> tuple[int, int, int]:
    """Write the sessions for ``region``; returns (sessions, resolutions, executed resolutions)."""
    prng = random.Random(seed * 7919 + 5)
    now = now or timezone.now()
    today = timezone.localdate(now)
    agencies = list(Agency.objects.filter(region=region).order_by("pk"))
    if not agencies:
        return (0, 0, 0)
    by_kind: dict[str, list[Agency]] = {}
    for a in agencies:
        by_kind.setdefault(a.kind, []).append(a)
    chair = User.objects.filter(role=Role.LEADERSHIP).order_by("pk").first()
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    officers = {u.agency_id: u for u in User.objects.filter(agency__region=region).order_by("pk")}
    needs_wg = Referral.objects.filter(case=OuterRef("pk"), status=Referral.Status.NEEDS_WORKING_GROUP)
    ready = list(
        Case.objects.filter(unit__region=region)
        .filter(Q(escalation__gte=Case.Escalation.AGENDA) | Exists(needs_wg))
        .select_related("unit", "category", "category__parent")
        .order_by("created_at", "pk")
    )
    # A case is ready for a session from the day an agency answered "needs the working group", or the day it
    # was escalated to the agenda; a session takes only cases ready before it (so a case's timeline reads in
    # order: answer or escalation, then the session).
    ready_on: dict[int, dt.date] = {}
    for case_id, at in Referral.objects.filter(
        case__in=[c.pk for c in ready], status=Referral.Status.NEEDS_WORKING_GROUP, answered_at__isnull=False
    ).values_list("case_id", "answered_at"):
        day = timezone.localdate(at)
        ready_on[case_id] = min(day, ready_on.get(case_id, day))
    for case_id, at, after in CaseEvent.objects.filter(
        case__in=[c.pk for c in ready], kind=CaseEvent.Kind.ESCALATED
    ).values_list("case_id", "at", "after"):
        if (after or {}).get("escalation", 0) >= Case.Escalation.AGENDA:
            day = timezone.localdate(at)
            ready_on[case_id] = min(day, ready_on.get(case_id, day))
    start = today - dt.timedelta(days=3 * 365 - 20)
    step = (today - start).days / N_SESSIONS
    dates = [start + dt.timedelta(days=round(i * step)) for i in range(N_SESSIONS)]
    dates.append(today + dt.timedelta(days=12))  # the next session, a draft

    sessions = Session.objects.bulk_create(
        [
            Session(
                region=region,
                kind=Session.Kind.PROVINCIAL,
                group=Session.Kind.PROVINCIAL,
                number=i + 1,
                held_on=day,
                place=prng.choice(PLACES),
                chair=chair,
                chair_title="استاندار — رئیس کارگروه",
                state=Session.State.APPROVED if day < today else Session.State.DRAFT,
                created_at=timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=7), dt.time(10))),
                created_by=secretariat,
            )
            for i, day in enumerate(dates)
        ]
    )
    attendance: list[Attendance] = []
    for s in sessions:
        invited = prng.sample(agencies, min(len(agencies), 10))
        for a in invited:
            past = s.held_on < today
            attendance.append(
                Attendance(
                    session=s,
                    agency=a,
                    invited=True,
                    present=past and prng.random() < 0.85,
                    representative=f"{prng.choice(REPRESENTATIVES)} {a.name}" if past else "",
                )
            )
    Attendance.objects.bulk_create(attendance)

    used: set[int] = set()
    items: list[AgendaItem] = []
    plans: list[tuple[Session, AgendaItem | None, Case | None]] = []
    for i, s in enumerate(sessions[:-1]):
        available = [
            c
            for c in ready
            if c.pk not in used and ready_on.get(c.pk, timezone.localdate(c.created_at)) < s.held_on
        ]
        n_cases = min(len(available), prng.randint(3, 6))
        chosen = prng.sample(available, n_cases) if n_cases else []
        order = 1
        topic = AgendaItem(
            session=s, order=order, kind=AgendaItem.Kind.TOPIC, title=prng.choice(TOPICS), minutes=15
        )
        items.append(topic)
        for c in chosen:
            used.add(c.pk)
            order += 1
            item = AgendaItem(
                session=s,
                order=order,
                kind=AgendaItem.Kind.CASE,
                title=c.title,
                minutes=10,
                case=c,
                unit=c.unit,
            )
            items.append(item)
            plans.append((s, item, c))
        # Inflation: later sessions issue more resolutions than they have cases for.
        for _ in range(3 + i // 4 + prng.randint(0, 3)):
            plans.append((s, None, None))
    AgendaItem.objects.bulk_create(items)

    resolutions: list[Resolution] = []
    part_agencies: list[list[Agency]] = []
    numbers: dict[int, int] = {}
    for s, item, case in plans:
        numbers[s.pk] = numbers.get(s.pk, 0) + 1
        root = (
            case.category.code.split(".")[0]
            if case is not None
            else prng.choice(["bank", "tax", "social", "x"])
        )
        text = prng.choice(TEXTS.get(root, GENERIC))
        issued = timezone.make_aware(dt.datetime.combine(s.held_on, dt.time(11, 30)))
        resolutions.append(
            Resolution(
                session=s,
                number=numbers[s.pk],
                agenda_item=item,
                text=text,
                kind=prng.choices(Resolution.Kind.values, [8, 1, 1])[0],
                deadline=s.held_on + dt.timedelta(days=prng.choice([30, 45, 60, 90])),
                case=case,
                unit=case.unit if case is not None else None,
                issued_at=issued,
            )
        )
        part_agencies.append(_agencies_for(root, case, by_kind, prng))
    Resolution.objects.bulk_create(resolutions)

    parts: list[ResolutionPart] = []
    histories: list[list[tuple[dt.datetime, str, str, str, str]]] = []
    for r, chosen in zip(resolutions, part_agencies, strict=True):
        for a in chosen:
            notified = r.issued_at + dt.timedelta(hours=prng.randint(2, 48))
            history: list[tuple[dt.datetime, str, str, str, str]] = []
            p = ResolutionPart(resolution=r, agency=a, notified_at=notified, status_at=notified)
            is_bank = a.kind == Agency.Kind.BANK
            x = prng.random()
            due_passed = r.deadline < today
            ok = 0.6 if is_bank else 0.78  # banks execute less (practice.md: "especially by banks")
            if x < 0.08 and notified + dt.timedelta(days=10) < now:
                at = notified + dt.timedelta(days=prng.randint(3, 14))
                p.status, p.objection, p.objected_at, p.status_at = (
                    "objected",
                    "مصوبه با ضوابط دستگاه مغایرت دارد.",
                    at,
                    at,
                )
                history.append((at, "notified", "objected", p.objection, ""))
                later = [s for s in sessions if s.held_on > timezone.localdate(at) and s.held_on < today]
                if later:
                    ruled = later[0]
                    rat = timezone.make_aware(dt.datetime.combine(ruled.held_on, dt.time(12)))
                    p.ruled_in = ruled
                    if prng.random() < 0.5:
                        p.ruling = "upheld"
                        history.append((rat, "objected", "objected", "", "upheld"))
                    else:
                        p.ruling, p.status, p.status_at = "rejected", "executing", rat
                        history.append((rat, "objected", "executing", "", "rejected"))
            elif x < ok and (due_passed or prng.random() < 0.5):
                span = max(1, (r.deadline - timezone.localdate(notified)).days + 25)
                done = notified + dt.timedelta(days=prng.randint(3, span), hours=prng.randint(0, 6))
                if done < now:
                    if prng.random() < 0.6:
                        mid = notified + (done - notified) / 2
                        history.append((mid, "notified", "executing", "", ""))
                    p.status, p.executed_at, p.status_at = "executed", done, done
                    history.append(
                        (
                            done,
                            history[-1][2] if history else "notified",
                            "executed",
                            prng.choice(EVIDENCE),
                            "",
                        )
                    )
            elif x < ok + 0.08 and due_passed:
                at = timezone.make_aware(dt.datetime.combine(r.deadline, dt.time(10)))
                p.status, p.status_at = "not_executed", at
                history.append((at, "notified", "not_executed", "اعتبار لازم برای اجرا تأمین نشد.", ""))
            elif prng.random() < 0.5:
                at = notified + dt.timedelta(days=prng.randint(1, 10))
                if at < now:
                    p.status, p.status_at = "executing", at
                    history.append((at, "notified", "executing", "", ""))
            if p.status in ResolutionPart.OPEN and due_passed:
                p.overdue_flagged_at = timezone.make_aware(
                    dt.datetime.combine(r.deadline + dt.timedelta(days=1), dt.time(6))
                )
            parts.append(p)
            histories.append(history)
    ResolutionPart.objects.bulk_create(parts)
    PartUpdate.objects.bulk_create(
        [
            PartUpdate(
                part=p,
                at=at,
                actor=officers.get(p.agency_id) if not ruling else secretariat,
                before=before,
                after=after,
                text=text,
                ruling=ruling,
            )
            for p, history in zip(parts, histories, strict=True)
            for at, before, after, text, ruling in history
        ]
    )

    # Carry the overdue and the not executed onto the agendas of the sessions after their deadline.
    waiting: dict[int, Resolution] = {}
    for p in parts:
        if (p.status in ResolutionPart.OPEN and p.resolution.deadline < today) or p.status == "not_executed":
            waiting[p.resolution.pk] = p.resolution
    carried: list[AgendaItem] = []
    touched: list[Resolution] = []
    next_order: dict[int, int] = {}
    for item in items:
        next_order[item.session_id] = max(next_order.get(item.session_id, 0), item.order)
    for r in waiting.values():
        later = [s for s in sessions if s.held_on > r.deadline]
        open_part = any(p.status in ResolutionPart.OPEN for p in parts if p.resolution is r)
        targets = later[: prng.choice([1, 1, 2, 3])] if open_part else later[:1]
        for s in targets:
            next_order[s.pk] = order = next_order.get(s.pk, 0) + 1
            carried.append(
                AgendaItem(
                    session=s,
                    order=order,
                    kind=AgendaItem.Kind.CARRIED,
                    title=f"پیگیری مصوبه {r.session.number}/{r.number}",
                    minutes=5,
                    unit=r.unit,
                    resolution=r,
                )
            )
        if targets:
            r.carried_count = len(targets)
            r.carried_at = timezone.make_aware(dt.datetime.combine(targets[-1].held_on, dt.time(8)))
            r.escalation = 2 if len(targets) >= 3 else 1 if len(targets) >= 2 else 0
            touched.append(r)
    AgendaItem.objects.bulk_create(carried)
    Resolution.objects.bulk_update(touched, ["carried_count", "carried_at", "escalation"])

    by_res: dict[int, list[ResolutionPart]] = {}
    for p in parts:
        by_res.setdefault(p.resolution.pk, []).append(p)
    executed = 0
    for ps in by_res.values():
        bound = [p for p in ps if not (p.status == "objected" and p.ruling == "upheld")]
        executed += bool(bound) and all(p.status == "executed" for p in bound)
    return len(sessions), len(resolutions), executed

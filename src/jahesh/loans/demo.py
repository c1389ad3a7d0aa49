"""A deterministic demo loan history: the region's programmes with quotas, and about 1,800 applications over
three years with a funnel like Semnan's (about 1,800 introduced to banks, about 770 paid), some banks that
almost never lend, refusals with their reasons, panel referrals and their rulings, partial payments.

Rows are written in bulk (synthetic history, not a replay of the actions) but keep the actions' invariants:
each step dated after the one before, states agreeing with the decisions and tranches."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jahesh.core import jalali
from jahesh.registry.models import Agency, Region, Unit

from .models import Application, Decision, Disbursement, Introduction, Programme, Quota

M = Decimal(1_000_000)
S = Application.State

PROGRAMMES = [
    # code, name, English, purpose, max (million rials), eligible statuses, weight
    (
        "ronagh",
        "رونق تولید",
        "Production boom",
        "سرمایه در گردش واحدهای فعال و کم‌ظرفیت",
        50_000,
        ["active", "semi_active"],
        45,
    ),
    (
        "t18",
        "تبصره ۱۸",
        "Budget note 18",
        "تسهیلات اشتغال‌زا از محل تبصره ۱۸ قانون بودجه",
        30_000,
        ["active", "semi_active", "idle", "construction"],
        25,
    ),
    (
        "wc",
        "سرمایه در گردش",
        "Working capital",
        "تأمین مواد اولیه و هزینه‌های جاری",
        20_000,
        ["active", "semi_active"],
        20,
    ),
    (
        "revive",
        "احیای واحدهای راکد",
        "Revival of idle units",
        "راه‌اندازی دوباره واحدهای راکد و نیمه‌فعال",
        40_000,
        ["idle", "semi_active"],
        10,
    ),
]

REFUSALS = [
    "وثیقه ناکافی",
    "بدهی غیرجاری به شبکه بانکی",
    "چک برگشتی رفع سوء اثر نشده",
    "اعتبارسنجی منفی",
    "نبود منابع در سهمیه شعبه",
    "صورت‌های مالی حسابرسی‌نشده",
    "طرح توجیهی ناقص",
]

PURPOSES = [
    "خرید مواد اولیه",
    "تعمیر و نوسازی ماشین‌آلات",
    "پرداخت حقوق و دستمزد",
    "تکمیل خط تولید",
    "خرید تجهیزات",
]


def _programmes() -> list[tuple[Programme, int]]:
    out = []
    for code, name, en, purpose, max_m, statuses, weight in PROGRAMMES:
        p, _ = Programme.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": en,
                "purpose": purpose,
                "max_amount": max_m * M,
                "eligible_statuses": statuses,
            },
        )
        out.append((p, weight))
    return out


@transaction.atomic
def seed_demo_loans(region: Region, seed: int = 1, n: int = 1900) -> str:
    prng = random.Random(seed * 7919 + 6)
    if Application.objects.filter(unit__region=region).exists():
        return "Demo loans: already there"
    programmes = _programmes()
    banks = list(Agency.objects.filter(region=region, kind=Agency.Kind.BANK).order_by("bank_code", "pk"))
    units = list(Unit.objects.filter(region=region).exclude(status="closed").values_list("pk", "status"))
    if not banks or not units:
        return "Demo loans: no banks or units"
    # Each bank's willingness: most lend to some, a few almost never (the governors' complaint).
    stingy = set(prng.sample(range(len(banks)), k=min(3, len(banks))))
    approve_p = [0.04 if i in stingy else prng.uniform(0.35, 0.75) for i in range(len(banks))]
    bank_w = [prng.uniform(0.5, 4) for _ in banks]
    today = timezone.localdate()
    this_year = jalali.jalali_month_of(today)[0]
    quotas = [
        Quota(programme=p, bank=b, year=y, amount=Decimal(prng.randrange(20, 400) * 1000) * M)
        for y in range(this_year - 2, this_year + 1)
        for p, _w in programmes
        for b in banks
        if prng.random() < 0.6
    ]
    Quota.objects.bulk_create(quotas)

    start = today - dt.timedelta(days=3 * 365)
    apps, steps = [], []
    used: set[tuple[int, int]] = set()
    for _ in range(n):
        unit_id, _status = units[prng.randrange(len(units))]
        p, _w = prng.choices(programmes, weights=[w for _p, w in programmes])[0]
        if (unit_id, p.pk) in used:
            continue
        applied = start + dt.timedelta(days=prng.randrange(0, 3 * 365 - 20))
        amount = Decimal(prng.randrange(5, int(p.max_amount / M / 100)) * 100) * M
        app = Application(
            unit_id=unit_id,
            programme=p,
            amount_requested=amount,
            purpose=prng.choice(PURPOSES),
            jobs_kept=prng.randrange(3, 80),
            jobs_restored=prng.randrange(0, 25),
            applied_on=applied,
            state=S.SUBMITTED,
        )
        plan = {}

        def step(after: dt.date, lo: int, hi: int) -> dt.date | None:
            d = after + dt.timedelta(days=prng.randrange(lo, hi))
            return d if d <= today else None

        wg = step(applied, 5, 45)
        if wg is not None:
            app.wg_decided_on = wg
            if prng.random() < 0.04:
                app.state, app.wg_note = S.REJECTED, "خارج از اولویت‌های کارگروه"
            else:
                app.state = S.APPROVED
                app.resolution_ref = f"{prng.randrange(1, 60)}/{prng.randrange(1, 12)}"
                intro_on = step(wg, 3, 30)
                if intro_on is not None:
                    b = prng.choices(range(len(banks)), weights=bank_w)[0]
                    app.state = S.INTRODUCED
                    plan["intro"] = (banks[b], intro_on)
                    decided = step(intro_on, 10, 120)
                    if decided is not None:
                        ok = prng.random() < approve_p[b]
                        lending = None
                        d = Decision(approved=ok, decided_on=decided)
                        if ok:
                            d.amount = lending = (
                                amount * Decimal(prng.choice([1, 1, 1, 0.8, 0.6]))
                            ).quantize(M)
                            app.state, lent_on = S.BANK_APPROVED, decided
                        else:
                            d.reason = prng.choice(REFUSALS)
                            app.state = S.REFUSED
                            if prng.random() < 0.18:
                                d.panel_referred_on = step(decided, 5, 30)
                                if d.panel_referred_on is not None:
                                    app.state = S.PANEL
                                    ruled = step(d.panel_referred_on, 15, 60)
                                    if ruled is not None:
                                        d.panel_ruled_on = ruled
                                        if prng.random() < 0.4:
                                            d.panel_ruling = Decision.Ruling.OVERTURNED
                                            d.panel_amount = lending = (amount * Decimal("0.7")).quantize(M)
                                            app.state, lent_on = S.BANK_APPROVED, ruled
                                        else:
                                            d.panel_ruling = Decision.Ruling.UPHELD
                                            app.state = S.REFUSED
                        plan["decision"] = d
                        if lending is not None and prng.random() < 0.93:
                            tranches, paid_on, left = [], lent_on, lending
                            parts = prng.choice([1, 1, 2, 3])
                            for k in range(parts):
                                paid_on = step(paid_on, 7, 60)
                                if paid_on is None:
                                    break
                                share = left if k == parts - 1 else (lending / parts).quantize(M)
                                tranches.append(Disbursement(amount=share, paid_on=paid_on))
                                left -= share
                            if tranches:
                                plan["tranches"] = tranches
                                app.state = S.PAID if left == 0 else S.PARTLY_PAID
                                if left == 0:
                                    app.paid_on = tranches[-1].paid_on
        if app.state in Application.OPEN:
            used.add((unit_id, p.pk))
        apps.append(app)
        steps.append(plan)
    Application.objects.bulk_create(apps, batch_size=1000)
    intros, decisions, tranches = [], [], []
    for app, plan in zip(apps, steps, strict=True):
        if "intro" in plan:
            bank, on = plan["intro"]
            intros.append(
                Introduction(application=app, bank=bank, introduced_on=on, branch_name="شعبه مرکزی")
            )
        if "decision" in plan:
            plan["decision"].application = app
            decisions.append(plan["decision"])
        for t in plan.get("tranches", []):
            t.application = app
            tranches.append(t)
    Introduction.objects.bulk_create(intros, batch_size=1000)
    Decision.objects.bulk_create(decisions, batch_size=1000)
    Disbursement.objects.bulk_create(tranches, batch_size=1000)
    paid = sum(1 for p in steps if "tranches" in p)
    return (
        f"Demo loans: {len(apps)} applications, {len(intros)} introduced to banks, {len(decisions)} decided, "
        f"{paid} paid ({len(tranches)} tranches), {len(quotas)} quotas"
    )

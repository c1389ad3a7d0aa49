"""The obstacle taxonomy as used in practice (shared/domain/practice.md §3, DOMAIN.md Obstacles).

Each row: code, Persian name, English name, parent code, default responsible agency kind, days to answer.
"""

from __future__ import annotations

CATEGORIES: list[tuple[str, str, str, str, str, int]] = [
    ("bank", "بانکی و تأمین مالی", "Banking and finance", "", "bank", 15),
    ("bank.liquidity", "کمبود نقدینگی و سرمایه در گردش", "Liquidity and working capital", "bank", "bank", 15),
    ("bank.loan", "تسهیلات جدید", "New loans", "bank", "bank", 20),
    ("bank.reschedule", "استمهال و تعیین تکلیف بدهی", "Rescheduling and settling debts", "bank", "bank", 15),
    ("bank.npl", "بدهی غیرجاری و چک برگشتی", "Non-current debt and bounced cheques", "bank", "bank", 15),
    ("bank.seizure", "تملیک واحد توسط بانک", "Bank seizure of the unit", "bank", "bank", 30),
    ("bank.collateral", "وثیقه و نرخ سود", "Collateral and interest", "bank", "bank", 15),
    ("tax", "مالیاتی", "Tax", "", "tax", 15),
    ("social", "تأمین اجتماعی", "Social security", "", "social_security", 15),
    ("customs", "گمرکی", "Customs", "", "customs", 10),
    ("fx", "ارزی", "Foreign exchange", "", "other", 20),
    ("energy", "انرژی و خدمات زیرساختی", "Energy and utilities", "", "electricity", 10),
    ("energy.cutoff", "قطعی برق، گاز یا آب", "Power, gas or water cut-offs", "energy", "electricity", 7),
    ("energy.tariff", "تعرفه انرژی", "Energy tariffs", "energy", "electricity", 15),
    ("energy.connection", "انشعاب", "Utility connection", "energy", "electricity", 20),
    ("materials", "مواد اولیه و سهمیه", "Raw materials and quotas", "", "industry", 15),
    ("market", "بازار و فروش", "Market and sales", "", "industry", 30),
    ("machinery", "ماشین‌آلات و فناوری", "Machinery and technology", "", "industry", 30),
    ("licence", "مجوزها و رویه‌های اداری", "Licences and administrative procedures", "", "industry", 15),
    ("environment", "محیط زیست", "Environment", "", "environment", 20),
    ("estate", "شهرک‌ها، زمین و زیرساخت", "Industrial estates, land and infrastructure", "", "estates", 20),
    ("judicial", "قضایی و حقوقی", "Judicial and legal", "", "judiciary", 30),
    ("labour", "نیروی کار", "Labour", "", "other", 20),
    ("producer", "تعهدات تولیدکننده", "The producer's own commitments", "", "industry", 30),
    ("other", "سایر", "Other", "", "", 15),
]


def seed_categories(using: str = "default") -> int:
    """Create the categories that are missing; rows already there (perhaps edited by the admin) are kept.

    Returns how many were created.
    """
    from .models import Category

    existing = dict(Category.objects.using(using).values_list("code", "pk"))
    created = 0
    for order, (code, name, name_en, parent, kind, days) in enumerate(CATEGORIES, start=1):
        if code in existing:
            continue
        category = Category.objects.using(using).create(
            code=code,
            name=name,
            name_en=name_en,
            parent_id=existing.get(parent) if parent else None,
            agency_kind=kind,
            answer_days=days,
            order=order,
        )
        existing[code] = category.pk
        created += 1
    return created

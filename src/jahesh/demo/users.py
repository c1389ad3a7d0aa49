"""The demo's users: one per role, tied to a demo agency, bank or unit."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from jahesh.core.models import Role, User
from jahesh.registry.models import Agency, OperatingStatus, Region, Unit


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    description: str


@transaction.atomic
def create_demo_users(region: Region, password: str) -> list[DemoUser]:
    """Create (or reset) the demo users. Idempotent: running it twice leaves one user per name."""
    tax = Agency.objects.filter(region=region, kind=Agency.Kind.TAX).order_by("pk").first()
    social = Agency.objects.filter(region=region, kind=Agency.Kind.SOCIAL_SECURITY).order_by("pk").first()
    banks = Agency.objects.filter(region=region, kind=Agency.Kind.BANK)
    bank = banks.filter(bank_code="017").first() or banks.order_by("pk").first()
    unit = (
        Unit.objects.filter(region=region, status=OperatingStatus.ACTIVE, product_lines__isnull=False)
        .order_by("pk")
        .first()
    )
    if tax is None or social is None or bank is None or unit is None:
        raise ValueError(
            "the demo region lacks a tax agency, a social-security agency, a bank or an active unit"
        )
    # Common Persian names (no real person meant), so headers and timelines read as they would in use.
    names = {
        "secretariat": ("زهرا", "رحیمی"),
        "leadership": ("محمدرضا", "کاظمی"),
        "agency-tax": ("علی", "نوروزی"),
        "agency-social": ("فاطمه", "صادقی"),
        "bank-officer": ("حسین", "موسوی"),
        "unit-rep": ("مهدی", "کریمی"),
        "admin": ("مدیر", "سامانه"),
    }
    specs = [
        ("secretariat", Role.SECRETARIAT, None, "secretariat of the working group"),
        ("leadership", Role.LEADERSHIP, None, "governor's economic deputy (chair)"),
        ("agency-tax", Role.AGENCY, tax, f"officer of {tax.name_en or tax.name}"),
        ("agency-social", Role.AGENCY, social, f"officer of {social.name_en or social.name}"),
        ("bank-officer", Role.BANK, bank, f"officer of {bank.name_en or bank.name}"),
        ("unit-rep", Role.UNIT, None, f"representative of unit #{unit.pk}"),
    ]
    out = []
    for username, role, agency, description in specs:
        user, _created = User.objects.get_or_create(username=username)
        user.role = role
        user.first_name, user.last_name = names[username]
        user.agency = agency
        user.is_active = True
        user.set_password(password)
        user.save()
        if role == Role.UNIT:
            user.units.set([unit])
        out.append(DemoUser(username, role, description))
    admin, _created = User.objects.get_or_create(username="admin")
    admin.role = Role.ADMIN
    admin.first_name, admin.last_name = names["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    out.append(DemoUser("admin", Role.ADMIN, "administrator"))
    return out

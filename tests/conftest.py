"""Shared fixtures: a small hand-made region with fixed users, one per role (healthchecks style)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PASSWORD = "correct-horse-battery"


@dataclass
class World:
    region: object
    counties: list
    units: list
    users: dict
    tax: object
    bank: object


def _month(y: int, m: int) -> int:
    from jahesh.core.jalali import month_index

    return month_index(y, m)


def build_world() -> World:
    """Two counties, four units with reports that put each in a known status, and one user per role."""
    import random

    from jahesh.core.identifiers import make_legal_id
    from jahesh.core.models import Role, User
    from jahesh.registry.models import (
        Agency,
        County,
        Estate,
        MonthlyReport,
        ProductLine,
        Region,
        ReportLine,
        Unit,
    )
    from jahesh.registry.stats import current_report_month
    from jahesh.registry.status import refresh_status

    rng = random.Random(7)
    region = Region.objects.create(name="استان آزمون", name_en="Test province", code="T-1")
    north = County.objects.create(region=region, code="N", name="شمالی", name_en="North", population=1000)
    south = County.objects.create(region=region, code="S", name="جنوبی", name_en="South", population=500)
    estate = Estate.objects.create(county=north, name="شهرک صنعتی شمال", name_en="North IE")
    tax = Agency.objects.create(
        region=region, kind=Agency.Kind.TAX, code="tax", name="امور مالیاتی", name_en="Tax"
    )
    social = Agency.objects.create(
        region=region,
        kind=Agency.Kind.SOCIAL_SECURITY,
        code="ss",
        name="تأمین اجتماعی",
        name_en="Social security",
    )
    bank = Agency.objects.create(
        region=region,
        kind=Agency.Kind.BANK,
        code="b017",
        name="بانک ملی",
        name_en="Bank Melli",
        bank_code="017",
    )
    now = current_report_month()

    def unit(name: str, county, isic: str, **kw) -> Unit:
        u = Unit.objects.create(
            region=region, name=name, county=county, isic=isic, legal_id=make_legal_id(rng), **kw
        )
        ProductLine.objects.create(
            unit=u, hs_code="252329", name="سیمان", unit_of_measure="تن", nominal_capacity=Decimal("12000")
        )
        return u

    def report(u: Unit, months: range, monthly_output: float, state=MonthlyReport.State.ACCEPTED) -> None:
        line = u.product_lines.get()
        for m in months:
            r = MonthlyReport.objects.create(unit=u, month=m, employment=40, state=state)
            ReportLine.objects.create(report=r, product_line=line, output=Decimal(str(monthly_output)))

    active = unit("کارخانه سیمان شمال", north, "2394", estate=estate)  # 900/1000 a month → 90 %
    report(active, range(now - 11, now + 1), 900)
    semi = unit("کاشی جنوب", south, "2392")  # 300/1000 → 30 %
    report(semi, range(now - 11, now + 1), 300)
    idle = unit("فروسیلیس راکد", south, "2410")  # nothing for a year, reports stale
    report(idle, range(now - 20, now - 8), 0)
    other = unit("لبنیات دیگر", north, "1050")  # the other unit-rep's unit
    report(other, range(now - 11, now + 1), 700)
    refresh_status(audit=False)

    users = {}
    for name, role, agency in [
        ("admin", Role.ADMIN, None),
        ("secretariat", Role.SECRETARIAT, None),
        ("leadership", Role.LEADERSHIP, None),
        ("agency-tax", Role.AGENCY, tax),
        ("agency-social", Role.AGENCY, social),
        ("bank-officer", Role.BANK, bank),
        ("unit-rep", Role.UNIT, None),
        ("other-rep", Role.UNIT, None),
    ]:
        users[name] = User.objects.create_user(name, password=PASSWORD, role=role, agency=agency)
    users["admin"].is_superuser = True
    users["admin"].save(update_fields=["is_superuser"])
    users["unit-rep"].units.set([active])
    users["other-rep"].units.set([other])
    return World(
        region=region,
        counties=[north, south],
        units=[active, semi, idle, other],
        users=users,
        tax=tax,
        bank=bank,
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    # The pure analytics tests also run with ``-p no:django``, where there is no ``settings`` fixture.
    if not request.config.pluginmanager.hasplugin("django"):
        return
    request.getfixturevalue("settings").PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_for(client):
    """``client_for("secretariat")`` → a test client signed in as that fixed user."""

    def make(name: str | None):
        from django.test import Client

        c = Client()
        if name:
            from jahesh.core.models import User

            c.force_login(User.objects.get(username=name))
        return c

    return make


def pytest_addoption(parser):
    parser.addoption("--browser-tests", action="store_true", help="run the Chromium end-to-end tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--browser-tests"):
        return
    skip = pytest.mark.skip(reason="browser tests run with --browser-tests (Chromium); .ci/run runs them")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def weasyprint():
    """WeasyPrint, or a clear skip where the system lacks Pango (``.ci/run`` installs it)."""
    try:
        import weasyprint as module
    except OSError as exc:  # the Python package is there, the C library is not
        pytest.skip(f"WeasyPrint needs Pango (Debian: apt install libpango-1.0-0 libpangoft2-1.0-0): {exc}")
    return module

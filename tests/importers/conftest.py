"""Helpers for the importer tests: small files written on the fly, a few countries, a counter of writes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

UNIT_HEADER = [
    "شناسه ملی",
    "شناسه کسب‌وکار",
    "نام واحد",
    "کد ملی مالک",
    "شهرستان",
    "شهرک/ناحیه صنعتی",
    "کد آیسیک",
    "تاریخ پروانه بهره‌برداری",
    "کد تعرفه (HS)",
    "نام محصول",
    "واحد سنجش",
    "ظرفیت اسمی سالانه",
]

# Valid identifiers made with jahesh.core.identifiers.make_* (fixed so that the tests read plainly).
LEGAL_A = "10398259792"
LEGAL_B = "10787789328"
NATIONAL_CODE = "0019074832"


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1256":
        text = text.replace("ی", "ي")  # Windows-1256 has no Persian yeh: Excel writes the Arabic one
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def countries(db):
    from jahesh.registry.models import Country

    for iso3, numeric, name, name_en in [
        ("IRQ", "368", "عراق", "Iraq"),
        ("AFG", "004", "افغانستان", "Afghanistan"),
        ("CHN", "156", "چین", "China"),
    ]:
        Country.objects.create(iso3=iso3, iso_numeric=numeric, name=name, name_en=name_en)


@pytest.fixture
def db_state(db):
    """A fingerprint of everything an import may write, to show that nothing was."""
    from jahesh.core.models import AuditEvent
    from jahesh.registry.models import Input, MonthlyReport, ProductLine, ReportExport, ReportLine, Unit

    def state():
        # Every column of every row an import may touch (updated_at included: a needless save shows).
        models = [Unit, ProductLine, Input, MonthlyReport, ReportLine, ReportExport]
        rows = {m.__name__: list(m.objects.order_by("pk").values_list()) for m in models}
        rows["events"] = AuditEvent.objects.count()
        return rows

    return state


POSTAL_CODE = "3567990840"
OWNER_CODE = "4562157364"


@pytest.fixture
def rich_world(world, countries):
    """The fixture world with every importable field in use: licences, an estate, a bank-owned unit, a unit
    known only by its owner's national code, two product lines, inputs of each origin, exports."""
    import datetime as dt
    from decimal import Decimal

    from jahesh.registry.models import Input, MonthlyReport, ProductLine, ReportExport, Unit
    from jahesh.registry.status import refresh_status

    active, _semi, idle, _other = world.units
    Unit.objects.filter(pk=active.pk).update(
        business_id="123456789012",
        owner_national_code=NATIONAL_CODE,
        name_en="North Cement",
        ownership="cooperative",
        establishment_licence_no="ج-۱۲۳",
        establishment_licence_date=dt.date(2015, 3, 1),
        operating_licence_no="پ/۴۵۶",
        operating_licence_date=dt.date(2019, 7, 3),
        operating_licence_kind="expansion",
        address="شهرک صنعتی شمال، خیابان سوم",
        postal_code=POSTAL_CODE,
        latitude=Decimal("36.41870"),
        longitude=Decimal("54.97620"),
        size="medium",
        licensed_employment=85,
    )
    Unit.objects.filter(pk=idle.pk).update(
        ownership="bank_owned", owner_bank=world.bank, licence_stage="suspended"
    )
    line = active.product_lines.get()
    clinker = ProductLine.objects.create(
        unit=active,
        hs_code="252310",
        name="کلینکر",
        name_en="Clinker",
        unit_of_measure="تن",
        nominal_capacity=Decimal("30000.5"),
        capacity_basis=6500,
        unit_value_irr=Decimal("45000000"),
        export_oriented=True,
        strategic=True,
    )
    Input.objects.create(
        product_line=line,
        hs_code="252310",
        name="کلینکر",
        unit_of_measure="تن",
        quantity_per_output=Decimal("0.95"),
        origin="region",
    )
    Input.objects.create(
        product_line=clinker,
        hs_code="252100",
        name="سنگ آهک",
        unit_of_measure="تن",
        quantity_per_output=Decimal("1.45"),
        origin="other_region",
        origin_region="تهران",
        annual_value_irr=Decimal("1200000000"),
    )
    Input.objects.create(
        product_line=clinker,
        hs_code="690220",
        name="آجر نسوز",
        unit_of_measure="کیلوگرم",
        quantity_per_output=Decimal("0.012345"),
        origin="imported",
        origin_country_id="CHN",
        annual_value_irr=Decimal("800000000"),
        fx_share=Decimal("0.355"),
    )
    report = MonthlyReport.objects.filter(unit=active).order_by("-month").first()
    ReportExport.objects.create(report=report, country_id="IRQ", value_usd=Decimal("120000"))
    ReportExport.objects.create(report=report, country_id="AFG", value_usd=Decimal("5000"))
    MonthlyReport.objects.filter(pk=report.pk).update(
        sales_irr=Decimal("98000000000"), energy_kwh=Decimal("1500000")
    )
    coded = Unit.objects.create(
        region=world.region,
        name="کارگاه فرش",
        owner_national_code=OWNER_CODE,
        county=world.counties[1],
        isic="1393",
        licence_stage="construction",
        physical_progress=40,
        size="micro",
    )
    refresh_status(audit=False)
    world.units.append(coded)
    return world

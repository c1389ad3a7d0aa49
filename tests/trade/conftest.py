"""A small world of trade around the fixture region: two exporting units, a demo world of 30 countries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest


@dataclass
class TradeWorld:
    world: object
    demo: object
    tiles_line: object


def add_exports(world) -> object:
    """The cement unit exports to Iraq every month; the tile unit makes tiles (export-oriented) and cement."""
    from jahesh.registry.models import Country, MonthlyReport, ProductLine, ReportExport, ReportLine

    iraq = Country.objects.create(iso3="IRQ", iso_numeric="368", name="عراق", name_en="Iraq")
    afg = Country.objects.create(iso3="AFG", iso_numeric="004", name="افغانستان", name_en="Afghanistan")
    active, semi = world.units[0], world.units[1]
    active.product_lines.update(export_oriented=True)
    tiles = ProductLine.objects.create(
        unit=semi,
        hs_code="690721",
        name="کاشی",
        name_en="Tiles",
        unit_of_measure="مترمربع",
        nominal_capacity=Decimal("60000"),
        unit_value_irr=Decimal("3000000"),
        export_oriented=True,
    )
    semi.product_lines.filter(hs_code="252329").update(unit_value_irr=Decimal("1000000"))
    for r in MonthlyReport.objects.filter(unit=active, state=MonthlyReport.State.ACCEPTED):
        ReportExport.objects.create(report=r, country=iraq, value_usd=Decimal("10000"))
    for r in MonthlyReport.objects.filter(unit=semi, state=MonthlyReport.State.ACCEPTED):
        ReportLine.objects.create(report=r, product_line=tiles, output=Decimal("1000"))
        ReportExport.objects.create(report=r, country=afg, value_usd=Decimal("6000"))
    return tiles


@pytest.fixture
def trade_world(world) -> TradeWorld:
    from jahesh.demo.world import build_demo_world

    tiles = add_exports(world)
    demo = build_demo_world(world.region, seed=3, countries=30, products=150, years=4)
    return TradeWorld(world=world, demo=demo, tiles_line=tiles)

"""The region as a location: exports attributed to products, taken out of Iran's row."""

from __future__ import annotations

import numpy as np
import pytest

from jahesh.trade.region import analyse, analysis_matrix, gregorian_year, region_exports

pytestmark = pytest.mark.django_db


def test_exports_are_attributed_to_export_oriented_lines_by_output_value(trade_world):
    world = trade_world.world
    flows = region_exports(world.region)
    from jahesh.registry.models import MonthlyReport

    semi = MonthlyReport.objects.filter(unit=world.units[1], state="accepted")
    active = MonthlyReport.objects.filter(unit=world.units[0], state="accepted")
    # The cement unit's exports all go to cement (its only line, export-oriented); the tile unit's to tiles,
    # its only export-oriented line: its cement line is not export-oriented.
    total = flows.table.groupby("product")["value_usd"].sum().to_dict()
    assert total == {
        "2523": pytest.approx(10_000 * active.count()),
        "6907": pytest.approx(6_000 * semi.count()),
    }
    years = {gregorian_year(m) for m in active.values_list("month", flat=True)}
    assert set(flows.years) == years


def test_without_export_oriented_output_all_lines_share_by_value(trade_world):
    world = trade_world.world
    trade_world.tiles_line.__class__.objects.filter(pk=trade_world.tiles_line.pk).update(
        export_oriented=False
    )
    flows = region_exports(world.region)
    from jahesh.registry.models import MonthlyReport

    n = MonthlyReport.objects.filter(unit=world.units[1], state="accepted").count()
    by = flows.table.groupby("product")["value_usd"].sum()
    # Tiles 1,000 m² × 3,000,000 IRR against cement 300 t × 1,000,000 IRR: 10 to 1.
    assert by["6907"] == pytest.approx(6_000 * n * 10 / 11)


def test_region_is_taken_out_of_its_country(trade_world):
    region = trade_world.world.region
    year = trade_world.demo.years[-1]
    m = analysis_matrix(region, year)
    region_total = region_exports(region).year(year).sum()
    assert region_total > 0
    assert m.region_total == pytest.approx(region_total)
    assert m.home_before == pytest.approx(m.home_after + m.region_total)
    assert m.floored == []
    irn = m.locations.index("IRN")
    assert m.locations[-1] == region.code
    assert (m.exports[irn] >= 0).all()


def test_analysis_places_the_region_among_the_countries(trade_world):
    region = trade_world.world.region
    result, _m = analyse(region, trade_world.demo.years[-1])
    i = result.row(region.code)
    assert np.isfinite(result.eci[i])
    assert result.rca[i, list(result.products).index("2523")] >= 1

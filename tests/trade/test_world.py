"""The demo world: nested like real trade (ECI follows the latent capabilities), deterministic by seed."""

from __future__ import annotations

import numpy as np
import pytest

from jahesh.demo.world import build_demo_world
from jahesh.trade.models import ExportFlow, ImportFlow, TradeProduct
from jahesh.trade.region import analyse

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(
        ExportFlow.objects.values_list("location__code", "product__code", "year", "value_usd")
    ), ImportFlow.objects.count()


def test_eci_follows_the_latent_capability_count(world):
    demo = build_demo_world(world.region, seed=5, countries=80, products=400, years=2)
    result, _m = analyse(world.region, demo.years[-1])
    eci = dict(zip(result.locations, result.eci, strict=True))
    codes = [c for c in demo.capability_count if np.isfinite(eci.get(c, np.nan))]
    assert len(codes) >= 70
    r = np.corrcoef([demo.capability_count[c] for c in codes], [eci[c] for c in codes])[0, 1]
    assert r > 0.7
    # Nested: the diversified export the rare products too, so diversity and mean ubiquity fall together.
    used = result.diversity > 0
    mean_ubiquity = (result.mcp[used] @ result.ubiquity) / result.diversity[used]
    assert np.corrcoef(result.diversity[used], mean_ubiquity)[0, 1] < -0.5


def test_same_seed_same_world_and_rebuilding_replaces_it(world):
    build_demo_world(world.region, seed=2, countries=20, products=80, years=2, end_year=2024)
    first = _snapshot()
    build_demo_world(world.region, seed=2, countries=20, products=80, years=2, end_year=2024)
    assert _snapshot() == first
    build_demo_world(world.region, seed=3, countries=20, products=80, years=2, end_year=2024)
    assert _snapshot() != first


def test_catalogue_products_have_names_in_both_languages(world):
    build_demo_world(world.region, seed=1, countries=10, products=100, years=1, end_year=2024)
    cement = TradeProduct.objects.get(classification="hs", code="2523")
    assert cement.name and cement.name_en and cement.section == "V"
    assert TradeProduct.objects.filter(classification="hs", level=4).count() == 100
    assert ExportFlow.objects.filter(location__code="IRN").exists()

"""Tests of ``jahesh.analytics.opportunities``: strategies, scores, strategic approach, target markets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jahesh.analytics import complexity as cx
from jahesh.analytics import opportunities as op

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SAMPLE = DATA / "complexity" / "trade_data_sample.csv"
COLS = {"time": "year", "loc": "origin", "prod": "hs92", "val": "export_val"}


@pytest.fixture(scope="module")
def result() -> cx.ComplexityResult:
    if not SAMPLE.exists():
        pytest.skip(f"reference data {SAMPLE} not found: the shared data folder (../shared/data) is absent")
    return cx.complexity_panel(pd.read_csv(SAMPLE), COLS)[1995]


def _z(v: np.ndarray) -> np.ndarray:
    return (v - v.mean()) / v.std()


# --------------------------------------------------------------------------------------------------------
# strategies and the score
# --------------------------------------------------------------------------------------------------------


def test_atlas_strategy_weights() -> None:
    assert op.STRATEGIES["low_hanging_fruit"] == op.Weights(0.60, 0.15, 0.25)
    assert op.STRATEGIES["balanced"] == op.Weights(0.50, 0.15, 0.35)
    assert op.STRATEGIES["long_jump"] == op.Weights(0.45, 0.20, 0.35)
    with pytest.raises(ValueError, match="non-negative"):
        op.Weights(-0.1, 0.5, 0.6)
    with pytest.raises(ValueError, match="at least one"):
        op.Weights(0, 0, 0)


def test_opportunity_score_by_hand() -> None:
    d = np.array([0.2, 0.5, 0.8])
    p = np.array([1.0, 0.0, -1.0])
    g = np.array([0.0, 0.3, 0.3])
    w = op.Weights(0.5, 0.25, 0.25)
    expected = 0.5 * _z(-d) + 0.25 * _z(p) + 0.25 * _z(g)
    np.testing.assert_allclose(op.opportunity_score(d, p, g, w), expected)
    mm = op.opportunity_score(d, p, g, w, normalise="minmax")
    np.testing.assert_allclose(
        mm, 0.5 * np.array([1, 0.5, 0]) + 0.25 * np.array([1, 0.5, 0]) + 0.25 * np.array([0, 1, 1])
    )
    with pytest.raises(ValueError, match="finite"):
        op.opportunity_score(np.array([np.nan]), np.array([0.0]), np.array([0.0]), w)


def test_growth_opportunities_ranks_candidates(result: cx.ComplexityResult) -> None:
    loc = "esp"
    got = op.growth_opportunities(result, loc, strategy="low_hanging_fruit")
    i = result.row(loc)
    cand = np.flatnonzero(result.rca[i] < 1)
    assert set(got.products.tolist()) == set(result.products[cand].tolist())
    assert (got.rca < 1).all()
    assert (np.diff(got.score) <= 0).all()
    w = op.STRATEGIES["low_hanging_fruit"]
    expected = (
        w.distance * _z(-result.distance[i, cand])
        + w.pci * _z(result.pci[cand])
        + w.cog * _z(result.cog[i, cand])
    )
    np.testing.assert_allclose(np.sort(got.score), np.sort(expected), atol=1e-12)
    table = got.table()
    assert list(table.columns) == [
        "rank",
        "product",
        "score",
        "distance",
        "density",
        "pci",
        "cog",
        "rca",
        "world_exports",
    ]
    assert table["rank"].tolist() == list(range(1, len(cand) + 1))


def test_strategies_change_the_ranking_and_options_work(result: cx.ComplexityResult) -> None:
    near = op.growth_opportunities(result, "pol", strategy="low_hanging_fruit")
    far = op.growth_opportunities(result, "pol", strategy=op.Weights(0.0, 1.0, 0.0))
    assert far.strategy == "custom"
    np.testing.assert_array_equal(far.pci, np.sort(far.pci)[::-1])  # PCI weight only: ranked by PCI
    assert near.products.tolist() != far.products.tolist()
    top3 = op.growth_opportunities(result, "pol", top=3, exclude=[near.products[0]])
    assert top3.products.size == 3 and near.products[0] not in top3.products
    with pytest.raises(ValueError, match="strategy must be one of"):
        op.growth_opportunities(result, "pol", strategy="moonshot")
    with pytest.raises(KeyError, match="xyz"):
        op.growth_opportunities(result, "xyz")


# --------------------------------------------------------------------------------------------------------
# strategic approach
# --------------------------------------------------------------------------------------------------------


def test_strategic_approach_rule() -> None:
    eci = np.array([0.5, -0.5, 0.5, -0.5, 0.0, np.nan, 2.0])
    coi = np.array([0.5, 0.5, -0.5, -0.5, 0.0, 0.1, -1.0])
    frontier = np.array([False] * 6 + [True])
    got = op.strategic_approaches(eci, coi, frontier=frontier).tolist()
    assert got == [
        "light_touch",
        "parsimonious_industrial_policy",
        "strategic_bets",
        "strategic_bets",
        "light_touch",
        "",
        "technological_frontier",
    ]


def test_strategic_approach_of_a_location(result: cx.ComplexityResult) -> None:
    i = result.row("pol")
    a = op.strategic_approach(result, "pol")
    expected = op.strategic_approaches(result.eci[[i]], result.coi[[i]])[0]
    assert a.approach == expected and a.complexity_axis_name == "ECI"
    assert a.label and a.description and a.rule.startswith("COI")
    rel = op.strategic_approach(result, "pol", relative_eci=-1.0)
    assert rel.complexity_axis == -1.0 and rel.complexity_axis_name == "ECI relative to income"
    if rel.coi >= 0:
        assert (
            rel.approach == "parsimonious_industrial_policy" and rel.suggested_strategy == "low_hanging_fruit"
        )
    else:
        assert rel.approach == "strategic_bets" and rel.suggested_strategy == "long_jump"
    assert op.strategic_approach(result, "pol", frontier=["pol"]).approach == "technological_frontier"


# --------------------------------------------------------------------------------------------------------
# target markets
# --------------------------------------------------------------------------------------------------------


def _imports() -> pd.DataFrame:
    rows = []
    values = {
        # importer: imports of product 8431 in 2018, 2019, 2020
        "big_flat": (1000.0, 1000.0, 1000.0),
        "big_growing": (800.0, 1000.0, 1250.0),
        "small_fast": (10.0, 40.0, 90.0),
        "new": (0.0, 5.0, 20.0),
        "home": (5000.0, 5000.0, 5000.0),
        "shrinking": (500.0, 300.0, 100.0),
    }
    for imp, vals in values.items():
        for year, v in zip((2018, 2019, 2020), vals, strict=True):
            rows.append({"year": year, "importer": imp, "hs": 8431, "value": v})
            rows.append({"year": year, "importer": imp, "hs": 9403, "value": 1.0})
    return pd.DataFrame(rows)


TM_COLS = {"time": "year", "importer": "importer", "prod": "hs", "val": "value"}


def test_target_markets_size_and_growth() -> None:
    tm = op.target_markets(_imports(), 8431, TM_COLS, exclude=["home"])
    assert tm.start == 2018 and tm.end == 2020
    t = tm.table().set_index("importer")
    assert "home" not in t.index
    assert t.loc["big_growing", "growth"] == pytest.approx((1250 / 800) ** 0.5 - 1)
    assert t.loc["big_flat", "growth"] == pytest.approx(0.0)
    assert t.loc["new", "new_market"] and np.isnan(t.loc["new", "growth"])
    assert t.loc["big_flat", "share"] == pytest.approx(1000 / 7460)
    # the score, recomputed by hand
    size = np.log1p(t["imports_end"].to_numpy())
    g = t["growth"].to_numpy()
    gz = np.zeros_like(g)
    ok = np.isfinite(g)
    gz[ok] = _z(g[ok])
    np.testing.assert_allclose(t["score"].to_numpy(), 0.5 * _z(size) + 0.5 * gz)
    order = tm.importers.tolist()
    assert order.index("big_growing") < order.index("big_flat")  # as large, and growing
    assert order[-1] == "shrinking"
    assert (np.diff(tm.score) <= 0).all()


def test_target_markets_options_and_errors() -> None:
    df = _imports()
    size_only = op.target_markets(df, 8431, TM_COLS, weights=(1.0, 0.0), top=2)
    assert size_only.importers.tolist() == ["home", "big_growing"]
    avg = op.target_markets(df, 8431, TM_COLS, start=2019, average_years=2)
    row = avg.table().set_index("importer").loc["small_fast"]
    assert row["imports_end"] == pytest.approx(65.0) and row["imports_start"] == pytest.approx(25.0)
    assert row["growth"] == pytest.approx(65 / 25 - 1)
    with pytest.raises(ValueError, match="no imports of product 1111"):
        op.target_markets(df, 1111, TM_COLS)
    bad = df.copy()
    bad.loc[3, "value"] = -1.0
    with pytest.raises(ValueError, match=r"non-negative numbers; rows \[3\]"):
        op.target_markets(bad, 9403, TM_COLS)
    with pytest.raises(ValueError, match="duplicate"):
        op.target_markets(pd.concat([df, df.iloc[[0]]]), 8431, TM_COLS)
    with pytest.raises(ValueError, match="lacks the columns"):
        op.target_markets(df, 8431)

"""The revivability screening score reproduces a hand-computed fixture; unknown factors; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jahesh.analytics import revival as R


def fixture() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "causes": [1.0, 0.5, np.nan],
            "debt": [R.debt_value(0, 100).item(), R.debt_value(100, 100).item(), np.nan],
            "seizure": [1.0, 0.0, np.nan],
            "loans": [0.8, np.nan, np.nan],
            "licence": R.licence_value(["valid", "expired", None]),
            "market": [0.6, 0.2, 0.9],
            "machinery": [R.machinery_value(15).item(), np.nan, np.nan],
        },
        index=pd.Index(["U1", "U2", "U3"], name="unit"),
    )


def test_hand_computed_fixture() -> None:
    out = R.screening_score(fixture())
    # U1, every factor known (weights sum to 1): debt 1/(1+0) = 1, licence valid 1, machinery 1 − 15/30 = .5
    #   .25·1 + .15·1 + .15·1 + .10·.8 + .15·1 + .15·.6 + .05·.5
    #   = .25 + .15 + .15 + .08 + .15 + .09 + .025 = .895
    assert out.loc["U1", "score"] == pytest.approx(0.895, abs=1e-12)
    assert out.loc["U1", "coverage"] == pytest.approx(1.0)
    assert out.loc["U1", "loans_contribution"] == pytest.approx(0.08)
    assert out.loc["U1", "machinery_value"] == pytest.approx(0.5)
    assert out.loc["U1", "status"] == R.REVIVABLE
    # U2, loans and machinery unknown: known weights .25 + .15 + .15 + .15 + .15 = .85 (coverage .85).
    #   debt 1/(1+100/100) = .5, seizure 0, licence expired .5
    #   (.25·.5 + .15·.5 + .15·0 + .15·.5 + .15·.2) / .85 = (.125 + .075 + 0 + .075 + .03) / .85 = .305 / .85
    assert out.loc["U2", "score"] == pytest.approx(0.305 / 0.85, abs=1e-12)  # 0.3588…
    assert out.loc["U2", "coverage"] == pytest.approx(0.85)
    assert out.loc["U2", "causes_weight"] == pytest.approx(0.25 / 0.85)
    assert out.loc["U2", "loans_weight"] == 0 and out.loc["U2", "loans_contribution"] == 0
    assert out.loc["U2", "status"] == R.NOT_REVIVABLE
    # U3, only the market known: coverage .15 < .5 → no score.
    assert out.loc["U3", "coverage"] == pytest.approx(0.15)
    assert np.isnan(out.loc["U3", "score"])
    assert out.loc["U3", "status"] == R.INSUFFICIENT_DATA
    # Contributions add up to the score.
    contrib = out[[f"{f}_contribution" for f in R.FACTORS]].sum(axis=1)
    assert contrib.loc[["U1", "U2"]].tolist() == pytest.approx(out.loc[["U1", "U2"], "score"].tolist())
    assert list(out.index) == ["U1", "U2", "U3"]


def test_region_weights_and_threshold() -> None:
    f = fixture()[["market", "seizure"]]
    # U1: (1·.6 + 3·1) / 4 = .9; U2: (1·.2 + 3·0) / 4 = .05; U3: market only → .9 with coverage 1/4.
    out = R.screening_score(f, {"market": 1, "seizure": 3}, threshold=0.9, min_coverage=0.25)
    assert out["score"].tolist() == pytest.approx([0.9, 0.05, 0.9])
    assert out["status"].tolist() == [R.REVIVABLE, R.NOT_REVIVABLE, R.REVIVABLE]


def test_helpers() -> None:
    assert R.debt_value([0, 50, 10, np.nan], [100, 100, 0, 5]).tolist()[:3] == pytest.approx([1, 2 / 3, 0])
    assert R.machinery_value([0, 45]).tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match="licence"):
        R.licence_value(["valid", "lost"])


@pytest.mark.parametrize(
    ("frame", "weights", "message"),
    [
        (pd.DataFrame({"market": [1.2]}), {"market": 1}, "outside"),
        (pd.DataFrame({"market": [0.5]}), None, "lack the columns"),
        (pd.DataFrame({"market": [0.5], "markte": [0.5]}), {"market": 1}, "no weight"),
        (pd.DataFrame({"market": [0.5]}), {"market": -1}, "non-negative"),
        (pd.DataFrame({"market": [0.5]}), {"market": 0}, "positive"),
        (pd.DataFrame({"market": ["high"]}), {"market": 1}, "numbers"),
    ],
)
def test_bad_input(frame, weights, message) -> None:
    with pytest.raises(ValueError, match=message):
        R.screening_score(frame, weights)

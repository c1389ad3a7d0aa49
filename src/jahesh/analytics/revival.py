"""Revivability screening of idle and semi-active units: a transparent weighted score (issue 8, item 2).

Pure numpy / pandas; no Django, no I/O. ``ANALYTICS.md`` §3 optimises over the units "screened as
revivable"; this is the screen. It is deliberately a plain weighted average — every factor's value, weight
and contribution is returned, so the working group can see why a unit scores as it does and the secretariat
can override it with a reason (the override and its audit live in the application, not here).

**Factors**, each a value in [0, 1] where 1 is the most favourable to revival, and its default weight (a
region setting; the weights need not sum to 1, they are rescaled):

=============  ======  =====================================================================================
factor         weight  value
=============  ======  =====================================================================================
``causes``     0.25    share of the causes of stoppage recorded in the unit's cases that can be remedied
                       (working capital, raw material, market, a pending permit) rather than structural
                       (cancelled licence, ownership dispute, the site lost); no case → unknown
``debt``       0.15    ``1 / (1 + debt / annual output value)`` (:func:`debt_value`): no debt → 1, debt
                       equal to a year's output → 0.5
``seizure``    0.15    0 if a bank has seized the unit's assets or is suing for them, otherwise 1
``loans``      0.10    share of past loan instalments repaid on time; no loan history → unknown
``licence``    0.15    operating licence valid 1, expired but renewable 0.5, cancelled 0
                       (:func:`licence_value`)
``market``     0.15    demand for the unit's products: the mean over its products of the percentile rank
                       (0–1) of world and regional import growth, from the trade data
``machinery``  0.05    ``1 − age / 30`` years, clipped to [0, 1] (:func:`machinery_value`); unknown where the
                       age is not known
=============  ======  =====================================================================================

**Unknown values** (NaN) neither help nor hurt: a unit's score is the weighted mean over the factors known
for it, that is each known factor's weight is divided by the sum of the known weights::

    weight_f(u)       = w_f / Σ_{g known for u} w_g      (0 if f is unknown for u)
    contribution_f(u) = value_f(u) · weight_f(u)
    score(u)          = Σ_f contribution_f(u)            ∈ [0, 1]
    coverage(u)       = Σ_{g known for u} w_g / Σ_g w_g

A score resting on too little is not a score: when ``coverage < min_coverage`` (default one half) the score
is NaN and the status ``insufficient_data``. Otherwise the status is ``revivable`` when
``score ≥ threshold`` (default 0.5) and ``not_revivable`` below it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "DEFAULT_WEIGHTS",
    "FACTORS",
    "INSUFFICIENT_DATA",
    "LICENCE_VALUES",
    "NOT_REVIVABLE",
    "REVIVABLE",
    "debt_value",
    "licence_value",
    "machinery_value",
    "screening_score",
]

FloatArray = npt.NDArray[np.float64]

FACTORS = ("causes", "debt", "seizure", "loans", "licence", "market", "machinery")
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "causes": 0.25,
    "debt": 0.15,
    "seizure": 0.15,
    "loans": 0.10,
    "licence": 0.15,
    "market": 0.15,
    "machinery": 0.05,
}
LICENCE_VALUES: Mapping[str, float] = {"valid": 1.0, "expired": 0.5, "cancelled": 0.0}
MACHINERY_LIFE_YEARS = 30.0

REVIVABLE = "revivable"
NOT_REVIVABLE = "not_revivable"
INSUFFICIENT_DATA = "insufficient_data"


def debt_value(debt: object, annual_output: object) -> FloatArray:
    """``1 / (1 + debt / annual output value)``; NaN where either is unknown; 0 for debt with no output.

    Why this form: it is 1 with no debt, halves when the debt equals a year's output, and falls smoothly
    towards 0 without a cut-off that would need a setting of its own.
    """
    d = np.asarray(debt, dtype=np.float64)
    y = np.asarray(annual_output, dtype=np.float64)
    if np.any(d < 0) or np.any(y < 0):
        raise ValueError("debt and annual output must not be negative")
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(y > 0, 1.0 / (1.0 + d / np.where(y > 0, y, 1.0)), np.where(d > 0, 0.0, 1.0))
    return np.asarray(np.where(np.isnan(d) | np.isnan(y), np.nan, v), dtype=np.float64)


def machinery_value(age_years: object, life_years: float = MACHINERY_LIFE_YEARS) -> FloatArray:
    """``1 − age / life`` clipped to [0, 1]; NaN where the age is unknown."""
    if not life_years > 0:
        raise ValueError(f"life_years must be positive, not {life_years}")
    a = np.asarray(age_years, dtype=np.float64)
    if np.any(a < 0):
        raise ValueError("machinery age must not be negative")
    return np.asarray(np.clip(1.0 - a / life_years, 0.0, 1.0), dtype=np.float64)


def licence_value(status: object) -> FloatArray:
    """``valid`` 1, ``expired`` 0.5, ``cancelled`` 0; missing → NaN; anything else is an error."""
    s = pd.Series(np.atleast_1d(np.asarray(status, dtype=object)))
    known = s.notna()
    bad = sorted({str(v) for v in s[known] if v not in LICENCE_VALUES})
    if bad:
        raise ValueError(f"unknown licence status {bad}; expected one of {list(LICENCE_VALUES)}")
    return np.asarray(s.map(LICENCE_VALUES).to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def screening_score(
    factors: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    *,
    threshold: float = 0.5,
    min_coverage: float = 0.5,
) -> pd.DataFrame:
    """The revivability score of each unit, with every factor's value, effective weight and contribution.

    ``factors``: one row per unit (the index is kept), one column per factor with a value in [0, 1] (NaN =
    unknown). ``weights``: factor → weight ≥ 0 (default :data:`DEFAULT_WEIGHTS`); every weighted factor needs
    a column and every column a weight (a misspelt factor is an error, not a silent zero).

    Returns, in the input's order and index, for each factor ``f`` the columns ``f_value``, ``f_weight``
    (the effective weight for this unit, see the module docstring) and ``f_contribution``, then
    ``coverage``, ``score`` and ``status`` (``revivable``, ``not_revivable``, ``insufficient_data``).
    """
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    for name, v in w.items():
        if not (isinstance(v, (int, float)) and math.isfinite(v) and v >= 0):
            raise ValueError(f"weight {name!r} must be finite and non-negative, not {v}")
    total_w = float(sum(w.values()))
    if total_w <= 0:
        raise ValueError("at least one weight must be positive")
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold must lie in [0, 1], not {threshold}")
    if not 0 <= min_coverage <= 1:
        raise ValueError(f"min_coverage must lie in [0, 1], not {min_coverage}")
    missing = [f for f in w if f not in factors.columns]
    if missing:
        raise ValueError(f"factors lack the columns {missing} (use NaN for an unknown value)")
    unweighted = [c for c in factors.columns if c not in w]
    if unweighted:
        raise ValueError(f"no weight for the factors {unweighted}")

    names = list(w)
    try:
        values = factors[names].apply(pd.to_numeric, errors="raise").to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"factor values must be numbers in [0, 1]: {exc}") from exc
    outside = np.isfinite(values) & ((values < 0) | (values > 1)) | np.isinf(values)
    if outside.any():
        r, c = np.argwhere(outside)[0]
        raise ValueError(
            f"factor {names[c]!r} of unit {factors.index[r]!r} is {values[r, c]}, outside [0, 1]"
        )
    w_arr = np.array([w[f] for f in names], dtype=np.float64)
    known = ~np.isnan(values)
    known_w = known @ w_arr
    with np.errstate(divide="ignore", invalid="ignore"):
        eff = np.where(known, w_arr[None, :] / known_w[:, None], 0.0)
    eff = np.nan_to_num(eff, nan=0.0)
    contrib = np.where(known, values, 0.0) * eff
    coverage = known_w / total_w
    score = contrib.sum(axis=1)
    enough = (coverage >= min_coverage) & (known_w > 0)
    score = np.where(enough, score, np.nan)
    status = np.where(~enough, INSUFFICIENT_DATA, np.where(score >= threshold, REVIVABLE, NOT_REVIVABLE))

    out: dict[str, object] = {}
    for j, f in enumerate(names):
        out[f"{f}_value"] = values[:, j]
        out[f"{f}_weight"] = eff[:, j]
        out[f"{f}_contribution"] = contrib[:, j]
    out["coverage"] = coverage
    out["score"] = score
    out["status"] = status
    return pd.DataFrame(out, index=factors.index)

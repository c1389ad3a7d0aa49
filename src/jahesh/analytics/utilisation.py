"""Capacity utilisation and operating status, vectorised over all units.

Definitions (``DOMAIN.md``, "Production units"; ``ANALYTICS.md`` §4):

* A unit's reporting window is the 12 months ending at its last report month ``m*``:
  ``W = [m* − 11, m*]``. ``n`` is the number of months in ``W`` that have a report.
* Utilisation of product line ``l`` over the window: ``u_l = Σ_{m∈W} q_lm / (C_l · n / 12)``
  where ``C_l`` is the nominal annual capacity (the capacity for the span that was reported).
* A unit's utilisation is capacity-weighted by value: ``U = Σ_l q_l p_l / Σ_l C_l (n/12) p_l`` with
  ``p_l`` the value per unit of product ``l``. When any line has no value, the lines are weighted equally
  (the mean of ``u_l``), because adding tonnes to square metres is meaningless.
* Status, first rule that fires: closed by hand → closed; licence cancelled → closed; establishment licence
  or under construction → under construction; no report → no data; no output in the ``N`` months ending at
  ``m*`` (months without a report count as no output) → idle; ``U`` below the low-capacity threshold →
  semi-active; otherwise active.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from numpy.typing import NDArray

ACTIVE = "active"
SEMI_ACTIVE = "semi_active"
IDLE = "idle"
UNDER_CONSTRUCTION = "construction"
CLOSED = "closed"
NO_DATA = "no_data"

# The rule that fired, one code per branch of ``classify``.
RULE_CLOSED_BY_HAND = "closed_by_hand"
RULE_LICENCE_CANCELLED = "licence_cancelled"
RULE_UNDER_CONSTRUCTION = "under_construction"
RULE_NO_REPORTS = "no_reports"
RULE_NO_OUTPUT = "no_output"
RULE_BELOW_THRESHOLD = "below_threshold"
RULE_AT_OR_ABOVE_THRESHOLD = "at_or_above_threshold"

WINDOW_MONTHS = 12
STABLE_DECIMALS = 9


@dataclass(frozen=True)
class Thresholds:
    """The region's settings: semi-active below ``low_capacity``; idle after ``idle_months`` of no output."""

    low_capacity: float = 0.5
    idle_months: int = 6

    def __post_init__(self) -> None:
        if not 0 <= self.low_capacity <= 1:
            raise ValueError(f"low_capacity must lie in [0, 1], not {self.low_capacity}")
        if self.idle_months < 1:
            raise ValueError(f"idle_months must be at least 1, not {self.idle_months}")


@dataclass(frozen=True)
class StatusResult:
    """Per unit (aligned with the input order): utilisation (NaN where undefined), the last reported month
    (−1 where none), the months reported in the window, the status and the rule that fired; per line the
    line's own utilisation over its unit's window."""

    utilisation: NDArray[np.float64]
    last_month: NDArray[np.int64]
    months_reported: NDArray[np.int64]
    status: NDArray[np.str_]
    rule: NDArray[np.str_]
    line_utilisation: NDArray[np.float64]


def _as_int(a: object) -> NDArray[np.int64]:
    return np.asarray(a, dtype=np.int64)


def _as_float(a: object) -> NDArray[np.float64]:
    return np.asarray(a, dtype=np.float64)


def classify(
    *,
    n_units: int,
    closed: object,
    cancelled: object,
    under_construction: object,
    line_unit: object,
    line_capacity: object,
    line_value: object,
    report_unit: object,
    report_month: object,
    output_line: object,
    output_month: object,
    output_quantity: object,
    thresholds: Thresholds | None = None,
) -> StatusResult:
    """Classify ``n_units`` units from their product lines and reports.

    ``closed``, ``cancelled``, ``under_construction``: boolean arrays per unit. ``line_unit`` (unit index),
    ``line_capacity`` (> 0) and ``line_value`` (NaN where unknown): per product line. ``report_unit`` and
    ``report_month`` (month index): one entry per report that counts (not returned). ``output_line``,
    ``output_month``, ``output_quantity``: one entry per product line and reported month.
    """
    t = thresholds or Thresholds()
    closed_a = np.asarray(closed, dtype=bool)
    cancelled_a = np.asarray(cancelled, dtype=bool)
    construction_a = np.asarray(under_construction, dtype=bool)
    l_unit = _as_int(line_unit)
    l_cap = _as_float(line_capacity)
    l_val = _as_float(line_value)
    r_unit = _as_int(report_unit)
    r_month = _as_int(report_month)
    o_line = _as_int(output_line)
    o_month = _as_int(output_month)
    o_qty = _as_float(output_quantity)

    for name, arr in (
        ("closed", closed_a),
        ("cancelled", cancelled_a),
        ("under_construction", construction_a),
    ):
        if arr.shape != (n_units,):
            raise ValueError(f"{name} must have one entry per unit ({n_units}), not shape {arr.shape}")
    if not (l_unit.shape == l_cap.shape == l_val.shape):
        raise ValueError("line_unit, line_capacity and line_value must have the same length")
    if r_unit.shape != r_month.shape or not (o_line.shape == o_month.shape == o_qty.shape):
        raise ValueError("report and output arrays must be aligned")
    if l_unit.size and (l_unit.min() < 0 or l_unit.max() >= n_units):
        raise ValueError("line_unit refers to a unit outside 0..n_units-1")
    bad_cap = np.flatnonzero(~(l_cap > 0))
    if bad_cap.size:
        raise ValueError(f"product lines {bad_cap[:10].tolist()} have a capacity that is not positive")
    bad_qty = np.flatnonzero(~(o_qty >= 0))
    if bad_qty.size:
        raise ValueError(f"output rows {bad_qty[:10].tolist()} are negative or missing")
    if o_line.size and (o_line.min() < 0 or o_line.max() >= l_unit.size):
        raise ValueError("output_line refers to a product line that does not exist")

    last = np.full(n_units, -1, dtype=np.int64)
    if r_unit.size:
        np.maximum.at(last, r_unit, r_month)
    has_report = last >= 0

    # Months reported inside each unit's window (duplicates of a unit-month are counted once).
    in_window = r_month > last[r_unit] - WINDOW_MONTHS
    pairs = np.unique(np.stack([r_unit[in_window], r_month[in_window]]), axis=1) if r_unit.size else None
    months_reported = np.zeros(n_units, dtype=np.int64)
    if pairs is not None and pairs.size:
        months_reported = np.bincount(pairs[0], minlength=n_units).astype(np.int64)

    o_unit = l_unit[o_line] if o_line.size else np.zeros(0, dtype=np.int64)
    o_last = last[o_unit]
    # Output counts only for months that have a report and lie in the unit's window.
    o_in_window = (o_month <= o_last) & (o_month > o_last - WINDOW_MONTHS)
    line_out = np.bincount(o_line[o_in_window], weights=o_qty[o_in_window], minlength=l_unit.size)

    span = months_reported[l_unit] / WINDOW_MONTHS
    line_cap_span = l_cap * span
    with np.errstate(invalid="ignore", divide="ignore"):
        line_util = np.where(line_cap_span > 0, line_out / line_cap_span, np.nan)

    value_known = np.isfinite(l_val) & (l_val > 0)
    lines_per_unit = np.bincount(l_unit, minlength=n_units)
    known_per_unit = np.bincount(l_unit, weights=value_known.astype(np.float64), minlength=n_units)
    all_valued = (lines_per_unit > 0) & (known_per_unit == lines_per_unit)

    safe_val = np.where(value_known, l_val, 0.0)
    num_valued = np.bincount(l_unit, weights=line_out * safe_val, minlength=n_units)
    den_valued = np.bincount(l_unit, weights=line_cap_span * safe_val, minlength=n_units)
    finite_util = np.isfinite(line_util)
    sum_util = np.bincount(l_unit, weights=np.where(finite_util, line_util, 0.0), minlength=n_units)
    count_util = np.bincount(l_unit, weights=finite_util.astype(np.float64), minlength=n_units)
    with np.errstate(invalid="ignore", divide="ignore"):
        valued = np.where(den_valued > 0, num_valued / den_valued, np.nan)
        unweighted = np.where(count_util > 0, sum_util / count_util, np.nan)
    utilisation = np.where(all_valued, valued, unweighted)
    # Sums of the same numbers in another order differ in the last bits; rounding far below any shown
    # precision makes the figure (and a unit exactly on the threshold) independent of row order.
    utilisation = np.round(np.where(has_report, utilisation, np.nan), STABLE_DECIMALS)

    # Output in the last ``idle_months`` months ending at the last report.
    recent = (o_month <= o_last) & (o_month > o_last - t.idle_months)
    recent_out = np.bincount(o_unit[recent], weights=o_qty[recent], minlength=n_units)

    status = np.full(n_units, ACTIVE, dtype="<U16")
    rule = np.full(n_units, RULE_AT_OR_ABOVE_THRESHOLD, dtype="<U24")
    below = ~(utilisation >= t.low_capacity)  # NaN utilisation counts as below: nothing shows it is active.
    cases = [
        (below, SEMI_ACTIVE, RULE_BELOW_THRESHOLD),
        (recent_out <= 0, IDLE, RULE_NO_OUTPUT),
        (~has_report, NO_DATA, RULE_NO_REPORTS),
        (construction_a, UNDER_CONSTRUCTION, RULE_UNDER_CONSTRUCTION),
        (cancelled_a, CLOSED, RULE_LICENCE_CANCELLED),
        (closed_a, CLOSED, RULE_CLOSED_BY_HAND),
    ]
    # Applied from the weakest rule to the strongest, so the first rule in the docstring's order wins.
    for mask, code, why in cases:
        status[mask] = code
        rule[mask] = why

    return StatusResult(
        utilisation=utilisation.astype(np.float64),
        last_month=last,
        months_reported=months_reported,
        status=status,
        rule=rule,
        line_utilisation=line_util.astype(np.float64),
    )


def stored_utilisation(u: float) -> Decimal | None:
    """A utilisation as the registry stores it: 4 decimals, rounded half up; None where undefined."""
    if not np.isfinite(u):
        return None
    value = Decimal(repr(round(float(u), STABLE_DECIMALS))).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
    return min(value, Decimal("99.9999"))


def monthly_utilisation(
    *,
    months: object,
    line_capacity: object,
    line_value: object,
    output_line: object,
    output_month: object,
    output_quantity: object,
) -> NDArray[np.float64]:
    """A unit's utilisation month by month, for its chart: ``u_m = Σ_l q_lm p_l / Σ_l (C_l / 12) p_l``.

    ``months`` are the reported month indices (a month with a report and no output row is 0). Lines are
    weighted by value when every line has one, else equally, as in ``classify``.
    """
    m = _as_int(months)
    cap = _as_float(line_capacity)
    val = _as_float(line_value)
    o_line = _as_int(output_line)
    o_month = _as_int(output_month)
    o_qty = _as_float(output_quantity)
    if cap.size == 0 or m.size == 0:
        return np.full(m.size, np.nan)
    if not np.all(cap > 0):
        raise ValueError("every product line needs a positive capacity")
    valued = bool(np.all(np.isfinite(val) & (val > 0)))
    pos = {int(month): i for i, month in enumerate(m)}
    grid = np.zeros((m.size, cap.size))
    for line, month, qty in zip(o_line.tolist(), o_month.tolist(), o_qty.tolist(), strict=True):
        i = pos.get(month)
        if i is not None:
            grid[i, line] += qty
    monthly_cap = cap / 12.0
    if valued:
        series: NDArray[np.float64] = ((grid @ val) / float(monthly_cap @ val)).astype(np.float64)
    else:
        series = (grid / monthly_cap).mean(axis=1).astype(np.float64)
    return series

"""Utilisation and status: hand-computed cases, and agreement with a plain pandas implementation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from jahesh.analytics import utilisation as U

BASE = dict(closed=[False], cancelled=[False], under_construction=[False])


def one_unit(outputs, capacity=1200.0, value=np.nan, months=None, **flags):
    months = list(range(100, 100 + len(outputs))) if months is None else months
    return U.classify(
        n_units=1,
        closed=[flags.get("closed", False)],
        cancelled=[flags.get("cancelled", False)],
        under_construction=[flags.get("construction", False)],
        line_unit=[0],
        line_capacity=[capacity],
        line_value=[value],
        report_unit=[0] * len(months),
        report_month=months,
        output_line=[0] * len(months),
        output_month=months,
        output_quantity=outputs,
    )


def two_lines(values, caps=(120.0, 120.0), levels=(10.0, 0.0), thresholds=None):
    return U.classify(
        n_units=1,
        **BASE,
        line_unit=[0, 0],
        line_capacity=list(caps),
        line_value=list(values),
        report_unit=[0] * 12,
        report_month=list(range(12)),
        output_line=[0] * 12 + [1] * 12,
        output_month=list(range(12)) * 2,
        output_quantity=[levels[0]] * 12 + [levels[1]] * 12,
        thresholds=thresholds,
    )


def test_full_year_at_half_capacity_is_exactly_at_the_threshold_and_active():
    r = one_unit([50.0] * 12)  # 600 of 1,200 a year
    assert r.utilisation[0] == pytest.approx(0.5)
    assert r.status[0] == U.ACTIVE and r.rule[0] == U.RULE_AT_OR_ABOVE_THRESHOLD


def test_only_the_last_twelve_reported_months_count():
    r = one_unit([100.0] * 12 + [30.0] * 12)  # an old good year, a recent poor one
    assert r.utilisation[0] == pytest.approx(0.3)
    assert r.status[0] == U.SEMI_ACTIVE


def test_capacity_is_prorated_to_the_months_reported():
    # Four reports in the window, 100 each: 400 of 1,200 × 4/12 = 100 %.
    r = one_unit([100.0] * 4, months=[100, 103, 106, 109])
    assert r.months_reported[0] == 4
    assert r.utilisation[0] == pytest.approx(1.0)


def test_six_months_without_output_is_idle_even_after_a_good_year():
    r = one_unit([100.0] * 6 + [0.0] * 6)
    assert r.status[0] == U.IDLE and r.rule[0] == U.RULE_NO_OUTPUT
    assert one_unit([100.0] * 7 + [0.0] * 5).status[0] == U.ACTIVE


def test_rules_in_order_closed_then_construction_then_no_reports():
    assert one_unit([100.0] * 12, closed=True).rule[0] == U.RULE_CLOSED_BY_HAND
    assert one_unit([100.0] * 12, cancelled=True).status[0] == U.CLOSED
    assert one_unit([], construction=True).status[0] == U.UNDER_CONSTRUCTION
    r = one_unit([])
    assert r.status[0] == U.NO_DATA and np.isnan(r.utilisation[0]) and r.last_month[0] == -1


def test_value_weighting_across_product_lines():
    # Line A runs at 100 % and is worth 9 a unit; line B at 0 %, worth 1: value-weighted 90 %.
    r = two_lines([9.0, 1.0])
    assert r.utilisation[0] == pytest.approx(0.9)
    assert r.line_utilisation.tolist() == pytest.approx([1.0, 0.0])


def test_without_values_lines_are_weighted_equally():
    assert two_lines([9.0, np.nan], caps=(120.0, 1200.0)).utilisation[0] == pytest.approx(0.5)


def test_thresholds_are_the_regions_settings():
    assert two_lines([1.0, 1.0], levels=(6.0, 6.0)).status[0] == U.ACTIVE  # 60 %
    strict = U.Thresholds(low_capacity=0.7, idle_months=3)
    assert two_lines([1.0, 1.0], levels=(6.0, 6.0), thresholds=strict).status[0] == U.SEMI_ACTIVE
    with pytest.raises(ValueError, match="low_capacity"):
        U.Thresholds(low_capacity=1.5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"line_capacity": [0.0]}, "capacity"),
        ({"output_quantity": [-1.0]}, "negative"),
        ({"line_unit": [3]}, "outside"),
    ],
)
def test_ill_posed_input_raises_with_the_row(kwargs, message):
    args = dict(
        n_units=1,
        **BASE,
        line_unit=[0],
        line_capacity=[10.0],
        line_value=[np.nan],
        report_unit=[0],
        report_month=[5],
        output_line=[0],
        output_month=[5],
        output_quantity=[1.0],
    )
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        U.classify(**args)


def pandas_reference(lines: pd.DataFrame, reports: pd.DataFrame, outputs: pd.DataFrame, n_units: int):
    """The definitions of DOMAIN.md written plainly, unit by unit."""
    out = {}
    for u in range(n_units):
        rep = reports[reports.unit == u]
        if rep.empty:
            out[u] = (np.nan, U.NO_DATA)
            continue
        last = rep.month.max()
        window = set(rep.month[rep.month > last - 12].unique())
        ls = lines[lines.unit == u]
        o = outputs[outputs.line.isin(ls.index) & outputs.month.isin(window)]
        rates = [
            (o[o.line == li].qty.sum(), row.cap * len(window) / 12, row.value) for li, row in ls.iterrows()
        ]
        if all(np.isfinite(v) and v > 0 for *_x, v in rates):
            util = sum(q * v for q, _c, v in rates) / sum(c * v for _q, c, v in rates)
        else:
            util = np.mean([q / c for q, c, _v in rates])
        recent = outputs[outputs.line.isin(ls.index) & (outputs.month > last - 6) & (outputs.month <= last)]
        if recent.qty.sum() <= 0:
            status = U.IDLE
        elif util < 0.5:
            status = U.SEMI_ACTIVE
        else:
            status = U.ACTIVE
        out[u] = (util, status)
    return out


def test_agrees_with_a_plain_pandas_implementation_on_random_registries():
    rng = np.random.default_rng(42)
    n_units = 300
    line_unit = np.sort(np.concatenate([np.arange(n_units), rng.integers(0, n_units, 300)]))
    cap = rng.uniform(10, 1000, line_unit.size)
    value = np.where(rng.random(line_unit.size) < 0.7, rng.uniform(1, 50, line_unit.size), np.nan)
    lines = pd.DataFrame({"unit": line_unit, "cap": cap, "value": value})
    rows = []
    for u in range(n_units):
        if rng.random() < 0.1:
            continue  # never reported
        start = int(rng.integers(0, 20))
        rows += [
            (u, m) for m in sorted(set(rng.integers(start, start + 30, int(rng.integers(1, 30))).tolist()))
        ]
    reports = pd.DataFrame(rows, columns=["unit", "month"])
    orows = []
    for u, m in rows:
        level = 0.0 if rng.random() < 0.3 else rng.uniform(0, 1.2)
        orows += [(li, m, level * cap[li] / 12) for li in lines.index[lines.unit == u]]
    outputs = pd.DataFrame(orows, columns=["line", "month", "qty"])
    r = U.classify(
        n_units=n_units,
        closed=np.zeros(n_units, bool),
        cancelled=np.zeros(n_units, bool),
        under_construction=np.zeros(n_units, bool),
        line_unit=line_unit,
        line_capacity=cap,
        line_value=value,
        report_unit=reports.unit,
        report_month=reports.month,
        output_line=outputs.line,
        output_month=outputs.month,
        output_quantity=outputs.qty,
    )
    ref = pandas_reference(lines, reports, outputs, n_units)
    statuses = set()
    for u in range(n_units):
        util, status = ref[u]
        if np.isnan(util):
            assert np.isnan(r.utilisation[u])
        else:
            # classify rounds to 9 decimals (STABLE_DECIMALS) so that row order cannot flip a figure.
            assert r.utilisation[u] == pytest.approx(util, abs=1e-9)
        assert r.status[u] == status, u
        statuses.add(status)
    assert statuses == {
        U.ACTIVE,
        U.SEMI_ACTIVE,
        U.IDLE,
        U.NO_DATA,
    }  # the random registry exercises every rule


def test_monthly_series_is_value_weighted_output_over_monthly_capacity():
    series = U.monthly_utilisation(
        months=[10, 11],
        line_capacity=[120.0, 240.0],
        line_value=[1.0, 1.0],
        output_line=[0, 1, 0],
        output_month=[10, 10, 11],
        output_quantity=[10.0, 10.0, 5.0],
    )
    # Month 10: (10·1 + 10·1) / (10·1 + 20·1) = 2/3; month 11: 5 / 30 — as classify() weights by value.
    assert series.tolist() == pytest.approx([2 / 3, 1 / 6])
    unvalued = U.monthly_utilisation(
        months=[10],
        line_capacity=[120.0, 240.0],
        line_value=[1.0, np.nan],
        output_line=[0, 1],
        output_month=[10, 10],
        output_quantity=[10.0, 10.0],
    )
    assert unvalued.tolist() == pytest.approx([0.75])  # (10/10 + 10/20) / 2: lines weighted equally


def test_row_order_does_not_change_a_figure_sitting_on_a_rounding_edge():
    """0.1 + 0.2 + 0.3 summed in different orders differs in the last bit; the stored figure must not."""
    outputs = [0.1, 0.2, 0.3, 0.7, 1.1, 0.05] * 2
    months = list(range(12))
    figures = set()
    rng = np.random.default_rng(1)
    for _ in range(20):
        order = rng.permutation(12)
        r = U.classify(
            n_units=1,
            **BASE,
            line_unit=[0],
            line_capacity=[4.9],
            line_value=[np.nan],
            report_unit=[0] * 12,
            report_month=months,
            output_line=[0] * 12,
            output_month=[months[i] for i in order],
            output_quantity=[outputs[i] for i in order],
        )
        figures.add((r.utilisation[0], U.stored_utilisation(r.utilisation[0])))
    assert len(figures) == 1


def test_stored_utilisation_rounds_half_up_to_four_decimals():
    from decimal import Decimal

    assert U.stored_utilisation(0.16575) == Decimal("0.1658")
    assert U.stored_utilisation(0.16574999999999998) == Decimal("0.1658")
    assert U.stored_utilisation(float("nan")) is None
    assert U.stored_utilisation(250.0) == Decimal("99.9999")  # the column's ceiling

"""The revival plan: which idle or semi-active units to support under a loan budget (``ANALYTICS.md`` §3).

Pure numpy / scipy / pandas; no Django, no I/O, no global state. Issue 8, item 4.

**The model.** Choose ``x_u`` for every candidate unit ``u`` — ``x_u ∈ {0, 1}`` (support it in full or not at
all), or ``x_u ∈ [0, 1]`` with ``partial=True`` (fund a share of what it needs) — to maximise the weighted
impact ``Σ_u impact_u · x_u`` subject to::

    Σ_u cost_u x_u                    ≤ budget                      "budget"
    Σ_{u in county c} cost_u x_u      ≥ county_min[c] · budget      "county_min:<c>"
    Σ_{u in county c} cost_u x_u      ≤ county_max[c] · budget      "county_max:<c>"
    Σ_{u at bank b} cost_u x_u        ≤ bank_quota[b]               "bank_quota:<b>"
    Σ_{u in programme p} cost_u x_u   ≤ programme_quota[p]          "programme_quota:<p>"
    Σ_{u strategic} cost_u x_u        ≥ strategic_min · budget      "strategic_min"
    x_u = 1 for u in must;  x_u = 0 for u in must_not                "must:<u>", "must_not:<u>"

The quoted names are how the result refers to each constraint (``binding``, ``reasons``, ``conflicts``).

**Impact.** ``impact_u = Σ_k w_k · v_uk / max_u' |v_u'k|`` over the criteria ``k`` = jobs, output, fx and
strategic (0/1). Dividing each criterion by its largest value among the candidates puts all of them on a
0–1 scale, so that a weight means the same thing whatever the unit of the column (jobs, rials, dollars) and
the weights can be read as shares of importance. A criterion whose column is all zero adds nothing. The
default weights are jobs 0.5, fx 0.3, output 0.2 and strategic 0: ``ANALYTICS.md`` names the four weights
but fixes no values; strategic goods are better served by ``strategic_min`` (a guaranteed amount of money)
than by a bonus in the score, though a region may set ``weights={"strategic": …}`` as well. Weights given
replace the defaults entirely (a criterion not named gets 0). Jobs and output must be ≥ 0; fx may be
negative (a unit that spends more foreign currency than it earns or saves).

**Shares are of the budget**, not of the money actually spent: ``county_min={"Semnan": 0.05}`` means at
least 5 % of the budget goes to Semnan. This keeps every constraint linear with a fixed right-hand side, is
how a working group allocates ("a twentieth of the fund for Semnan"), and — unlike a share of what is spent —
cannot be met by spending less. ``strategic_min`` is likewise a share of the budget (0–1); bank and
programme quotas are amounts of money. ``programme_quota`` needs a ``programme`` column; units with no
programme (missing value) fall under no programme quota.

**Solving.** ``scipy.optimize.milp`` (HiGHS) with sparse constraint rows (one per named constraint), costs
scaled by the budget, ``mip_rel_gap = 0`` and ``mip_abs_gap = 0`` (HiGHS otherwise stops within 1e-6 of the
bound), so "optimal" means proven optimal. The reported objective is recomputed from the returned choice.

**Greedy baseline** (what "fund the best value for money first" would give, to show what optimising adds):
must units are taken, must-not units and units with no positive impact are left out (the latter except to
meet a minimum); then (1) each minimum (county minimums by name, then the strategic minimum) is filled with
its own units in order of impact per rial, and (2) the remaining units in order of impact per rial — a unit is
taken whenever it fits the budget, its county maximum and its bank and programme quotas (ties: larger impact
first, then input order; free units with positive impact first). With ``partial=True`` the unit that does not
fit is funded for the share that fits, which in the budget-only case is the exact fractional-knapsack
optimum. ``greedy_feasible`` says whether the greedy plan meets every minimum.

**Binding constraints** are those that cost objective: removing the constraint (and nothing else) and
solving again gives a better plan, by more than 1e-9 of the objective (1e-7 with ``partial``, the LP
solver's tolerance). Every row — the budget, each minimum, maximum and quota — and every must and must-not
unit is tested; ``constraint_costs`` holds the objective each gives up (0 for a constraint that costs
nothing). Most are settled exactly without a solve: a constraint its units cannot break; a Lagrangian bound
of the relaxed problem (the LP multipliers of the main solve, with the removed row's set to 0) no better
than the optimum; or, once the units that reduced costs fix are fixed, a constraint redundant among the
rest. For the others the relaxed LP is solved by columns, its solution rounded down and refilled greedily (a
better plan proves the constraint binding at once), and then the relaxed problem is solved by HiGHS from that
plan, the constraints still undecided first, each with an equal share of ``explain_time`` (5 s by default,
never more than ``time_limit``). On the synthetic 10,000-unit case about half of the 45 rows and 15 units
need a solve and not all finish in 5 s: ``binding_exact`` is then False, an undecided constraint has cost
NaN (and is listed as binding if the room tests below say so), and a binding one whose relaxation was cut
short has the best gain found, a lower bound, named in ``cost_lower_bounds``. Against a plan not proven
optimal (the solver's time limit) no relaxation is tried: the room tests alone decide, and
``binding_exact`` is False. The room tests: a limit at its bound (within 1e-7 of the budget), or for whole
units an upper limit whose room is smaller than the cost of some useful unit left out that it covers, or a
minimum whose surplus is smaller than every chosen non-must unit it covers while a better unit waits.
``limits`` gives every constraint's money and bounds so that the figures can be shown.

**Reasons** (codes, not text; the interface translates them), one per unit:

* ``("must", {"cost"})`` and ``("must_not", {})``: decided by the caller;
* ``("chosen", {"impact", "cost", "ratio", "minimums"})``: chosen by the optimiser (``minimums`` lists the
  binding minimums that cover the unit and whose removal drops it from the plan: it is in because of them);
* ``("partial", {"fraction", "impact", "cost", "ratio"})``: funded in part (``partial=True`` only);
* ``("too_expensive", {"cost", "budget"})``: costs more than the whole budget;
* ``("no_impact", {"impact"})``: adds nothing to the weighted impact;
* ``("held_out_by", {"constraint", "cost"})``: removing ``constraint`` (any binding one but the budget, whose
  own codes below say more) brings the unit into the plan; of several, the one that costs the most
  (``cost``, its entry in ``constraint_costs``);
* ``("quota", {"constraint", "constraints", "cost", "room"})``: adding it would break a county maximum or a
  bank or programme quota (``constraint`` the first of them, ``constraints`` all, the budget included if it
  would break it too; ``room`` the room left under ``constraint``);
* ``("lower_ratio", {"ratio", "cutoff", "cost", "room"})``: it would break the budget, and its impact per rial
  is below that of every unit the optimiser chose (``cutoff``, the lowest chosen ratio);
* ``("does_not_fit", {"ratio", "cutoff", "cost", "room"})``: good value for money, but it would break the
  budget and the money is better spent on a combination of others;
* ``("not_selected", {})``: none of the above (only when the solver stopped at the time limit);
* ``("infeasible", {})``: every unit when no plan satisfies the constraints.

``ratio`` is impact per rial (``inf`` for a free unit).

**Infeasible constraints** never raise: the result has ``status == "infeasible"`` and ``conflicts``, a tuple
of ``(code, params)``, each params holding ``constraints``, the names of the constraints that conflict. Direct
checks come first:

* ``must_and_must_not`` ``{"unit"}``: the same unit must and must not be chosen;
* ``must_over_limit`` ``{"constraint", "cost", "limit", "units"}``: the must units alone cost more than the
  budget, a county maximum or a bank or programme quota;
* ``minimum_above_maximum`` ``{"county", "minimum", "maximum"}``: a county's minimum share exceeds its
  maximum;
* ``minimums_over_budget`` ``{"needed", "budget"}``: the county minimums (with the must units, which count
  towards their county) add up to more than the budget;
* ``minimum_unreachable`` ``{"constraint", "needed", "available"}``: a county or strategic minimum exceeds
  what all its candidates together cost (must-not units excluded; if it is they that make the difference,
  they are named too).

If none of these explains it, a deletion filter finds a minimal set: constraints are dropped one at a time
and the problem re-solved; a constraint whose removal leaves the problem infeasible stays out, otherwise it
is put back. What remains conflicts, and removing any one of its members makes the problem feasible:
``conflicting_constraints`` ``{"constraints", "minimal"}`` (``minimal`` is False when a re-solve ran out of
time, so some member might be spared). The must and must-not lists are tried as a whole first and unit by
unit only when they are part of the conflict.

Malformed input (missing columns, a negative, infinite or missing number, duplicate unit ids, unknown unit
ids in ``must``/``must_not``, shares outside 0–1, a negative budget or quota) raises ``ValueError``.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.optimize  # type: ignore[import-untyped]  # no scipy-stubs in the environment
import scipy.sparse  # type: ignore[import-untyped]

__all__ = [
    "CRITERIA",
    "DEFAULT_WEIGHTS",
    "REQUIRED_COLUMNS",
    "Plan",
    "impact_scores",
    "plan",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

REQUIRED_COLUMNS = ("unit", "cost", "jobs", "output", "fx", "strategic", "county", "bank")
CRITERIA = ("jobs", "output", "fx", "strategic")
DEFAULT_WEIGHTS: Mapping[str, float] = {"jobs": 0.5, "output": 0.2, "fx": 0.3, "strategic": 0.0}

# Money tolerance relative to the scale of the problem (the budget): HiGHS's primal feasibility tolerance is
# 1e-7 on the scaled rows.
REL_TOL = 1e-7
# HiGHS's feasibility tolerances on the rows (scaled by the budget): 1e-9 of the budget, below a rial on
# any realistic budget, instead of HiGHS's default 1e-6 (which lets a plan overspend by a millionth).
FEAS_TOL = 1e-9
# A fractional x this close to 0 or 1 is read as 0 or 1.
X_TOL = 1e-9
# A constraint binds when removing it improves the objective by more than this (relative to the objective,
# at least 1): exact sums of impacts for whole units; with partial funding the LP solver's own tolerances
# (feasibility 1e-9 of the budget, dual 1e-7) call for a looser test.
GAIN_TOL = 1e-9
GAIN_TOL_LP = 1e-7
# Seconds for testing the constraints by relaxation, unless the caller says (never more than ``time_limit``).
EXPLAIN_TIME = 5.0

Reason = tuple[str, dict[str, Any]]
Conflict = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Plan:
    """The chosen plan, its figures, and why each unit is in or out.

    ``status``: ``"optimal"`` (proven), ``"time_limit"`` (the best plan found when the time ran out;
    ``mip_gap`` says how far from the bound it may be; with no plan found ``chosen`` is empty and the
    objective NaN), ``"infeasible"`` (see ``conflicts``) or ``"error"`` (the solver failed; its message is in
    ``conflicts``). ``chosen`` keeps the input order; ``fractions`` maps each chosen unit to its funded share
    (1.0 unless ``partial``). ``objective`` is the weighted impact of the choice and ``bound`` the solver's
    upper bound on it; ``spent`` the money used. ``totals`` (and ``greedy_totals``) add up cost, jobs,
    output, fx and strategic cost over the choice, weighted by the fractions. ``limits`` maps every named
    constraint to ``(money, minimum, maximum)`` at the solution (``±inf`` where it has no such side).
    ``constraint_costs`` maps every constraint that was tested by relaxation to the objective gained if it is
    removed (0 for one that costs nothing, NaN for one not tested in time); ``binding`` lists those with a
    gain; ``binding_exact`` is True when every constraint was decided that way against a proven optimum.
    ``cost_lower_bounds`` names the costs that are the best gain found before the time ran out (lower bounds:
    the constraint does bind, it may cost more).
    """

    status: str
    chosen: tuple[Hashable, ...]
    fractions: Mapping[Hashable, float]
    objective: float
    bound: float
    mip_gap: float
    spent: float
    totals: Mapping[str, float]
    greedy_chosen: tuple[Hashable, ...]
    greedy_fractions: Mapping[Hashable, float]
    greedy_objective: float
    greedy_spent: float
    greedy_totals: Mapping[str, float]
    greedy_feasible: bool
    gain_over_greedy: float
    binding: tuple[str, ...]
    limits: Mapping[str, tuple[float, float, float]]
    reasons: Mapping[Hashable, Reason]
    conflicts: tuple[Conflict, ...]
    impact: Mapping[Hashable, float]
    weights: Mapping[str, float]
    budget: float
    partial: bool
    solve_seconds: float
    message: str = ""
    fixed_by_reduced_cost: int = 0
    constraint_costs: Mapping[str, float] = field(default_factory=dict)
    binding_exact: bool = False
    cost_lower_bounds: tuple[str, ...] = ()


# ----------------------------------------------------------------------------------------------------------
# input
# ----------------------------------------------------------------------------------------------------------


def _finite_column(df: pd.DataFrame, name: str, *, nonnegative: bool) -> FloatArray:
    try:
        values = pd.to_numeric(df[name], errors="raise").to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"column {name!r} must be numeric: {exc}") from exc
    bad = ~np.isfinite(values)
    if bad.any():
        units = df["unit"].to_numpy()[bad][:10].tolist()
        raise ValueError(f"column {name!r} is missing or infinite for units {units}")
    if nonnegative and (values < 0).any():
        units = df["unit"].to_numpy()[values < 0][:10].tolist()
        raise ValueError(f"column {name!r} is negative for units {units}")
    return values


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict(DEFAULT_WEIGHTS)
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise ValueError(f"unknown weights {unknown}; the criteria are {list(CRITERIA)}")
    out = {k: float(weights.get(k, 0.0)) for k in CRITERIA}
    for k, v in out.items():
        if not (math.isfinite(v) and v >= 0):
            raise ValueError(f"weight {k!r} must be finite and non-negative, not {v}")
    return out


def _check_shares(name: str, shares: Mapping[Hashable, float] | None) -> dict[Hashable, float]:
    out: dict[Hashable, float] = {}
    for key, v in (shares or {}).items():
        f = float(v)
        if not (math.isfinite(f) and 0 <= f <= 1):
            raise ValueError(f"{name}[{key!r}] must be a share of the budget between 0 and 1, not {v}")
        out[key] = f
    return out


def _check_money(name: str, quotas: Mapping[Hashable, float] | None) -> dict[Hashable, float]:
    out: dict[Hashable, float] = {}
    for key, v in (quotas or {}).items():
        f = float(v)
        if not (math.isfinite(f) and f >= 0):
            raise ValueError(f"{name}[{key!r}] must be an amount of money ≥ 0, not {v}")
        out[key] = f
    return out


def impact_scores(candidates: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.Series:
    """The weighted, normalised impact of each candidate (see the module docstring), indexed by unit."""
    w = _check_weights(weights)
    values = {k: _finite_column(candidates, k, nonnegative=k in ("jobs", "output")) for k in CRITERIA}
    return pd.Series(_impact(values, w), index=pd.Index(candidates["unit"], name="unit"), name="impact")


def _impact(values: Mapping[str, FloatArray], w: Mapping[str, float]) -> FloatArray:
    n = len(next(iter(values.values())))
    total = np.zeros(n)
    for k in CRITERIA:
        top = float(np.abs(values[k]).max()) if n else 0.0
        if w[k] and top > 0:
            total += w[k] * values[k] / top
    return total


# ----------------------------------------------------------------------------------------------------------
# the constraint rows
# ----------------------------------------------------------------------------------------------------------


@dataclass
class _Rows:
    """One row per named constraint: member units (sparse), bounds in money, and the kind."""

    names: list[str]
    kinds: list[str]  # "upper" or "lower"
    keys: list[Hashable]
    lb: FloatArray
    ub: FloatArray
    matrix: Any  # scipy.sparse.csr_array of 0/1 membership (rows × units)


def _group_rows(
    prefix: str,
    labels: npt.NDArray[Any],
    bounds: Mapping[Hashable, float],
    valid: BoolArray | None = None,
) -> tuple[list[str], list[Hashable], IntArray, IntArray]:
    """Rows for per-group constraints: names, keys, and (row, unit) pairs of membership."""
    keys = list(bounds)
    index = {k: i for i, k in enumerate(keys)}
    codes = pd.Series(labels).map(index).to_numpy(dtype=np.float64, na_value=np.nan)
    member = np.isfinite(codes)
    if valid is not None:
        member &= valid
    units = np.flatnonzero(member).astype(np.int64)
    return [f"{prefix}:{k}" for k in keys], keys, codes[member].astype(np.int64), units


def _build_rows(
    n: int,
    budget: float,
    county: npt.NDArray[Any],
    bank: npt.NDArray[Any],
    programme: npt.NDArray[Any] | None,
    strategic: BoolArray,
    county_min: Mapping[Hashable, float],
    county_max: Mapping[Hashable, float],
    bank_quota: Mapping[Hashable, float],
    programme_quota: Mapping[Hashable, float],
    strategic_min: float | None,
) -> _Rows:
    names: list[str] = ["budget"]
    kinds: list[str] = ["upper"]
    keys: list[Hashable] = [None]
    lbs: list[float] = [-np.inf]
    ubs: list[float] = [budget]
    row_parts: list[IntArray] = [np.zeros(n, dtype=np.int64)]
    col_parts: list[IntArray] = [np.arange(n, dtype=np.int64)]

    def add(
        prefix: str, kind: str, labels: npt.NDArray[Any], bounds: Mapping[Hashable, float], scale: float
    ) -> None:
        valid = None
        if labels.dtype == object:
            valid = pd.notna(labels)
        g_names, g_keys, g_rows, g_units = _group_rows(prefix, labels, bounds, valid)
        base = len(names)
        names.extend(g_names)
        kinds.extend([kind] * len(g_names))
        keys.extend(g_keys)
        for k in g_keys:
            v = bounds[k] * scale
            lbs.append(v if kind == "lower" else -np.inf)
            ubs.append(v if kind == "upper" else np.inf)
        row_parts.append(g_rows + base)
        col_parts.append(g_units)

    add("county_min", "lower", county, county_min, budget)
    add("county_max", "upper", county, county_max, budget)
    add("bank_quota", "upper", bank, bank_quota, 1.0)
    if programme is not None:
        add("programme_quota", "upper", programme, programme_quota, 1.0)
    if strategic_min is not None:
        names.append("strategic_min")
        kinds.append("lower")
        keys.append(None)
        lbs.append(strategic_min * budget)
        ubs.append(np.inf)
        members = np.flatnonzero(strategic).astype(np.int64)
        row_parts.append(np.full(members.size, len(names) - 1, dtype=np.int64))
        col_parts.append(members)

    rows = np.concatenate(row_parts)
    cols = np.concatenate(col_parts)
    matrix = scipy.sparse.csr_array(
        (np.ones(rows.size), (rows, cols)), shape=(len(names), n), dtype=np.float64
    )
    return _Rows(names, kinds, keys, np.array(lbs), np.array(ubs), matrix)


# ----------------------------------------------------------------------------------------------------------
# solving
# ----------------------------------------------------------------------------------------------------------


@dataclass
class _Solution:
    status: str
    x: FloatArray | None
    bound: float
    gap: float
    message: str


def _solve(
    objective: FloatArray,
    cost: FloatArray,
    rows: _Rows,
    row_active: BoolArray,
    x_lb: FloatArray,
    x_ub: FloatArray,
    *,
    integral: bool,
    scale: float,
    time_limit: float,
    cutoff: float | None = None,
) -> _Solution:
    """One HiGHS run; rows not active are left out; money is divided by ``scale``; ``cutoff``: only plans
    worth more than this are of interest (HiGHS prunes with it as if it had such a plan)."""
    active = np.flatnonzero(row_active)
    a = (rows.matrix[active] @ scipy.sparse.diags_array(cost / scale)).tocsr()
    constraints = [scipy.optimize.LinearConstraint(a, rows.lb[active] / scale, rows.ub[active] / scale)]
    options: dict[str, Any] = {
        "time_limit": max(float(time_limit), 1e-3),
        "mip_rel_gap": 0.0,
        "mip_abs_gap": 0.0,
        "mip_feasibility_tolerance": FEAS_TOL,
        "primal_feasibility_tolerance": FEAS_TOL,
        "presolve": True,
    }
    if cutoff is not None:
        options["objective_bound"] = -cutoff
    with warnings.catch_warnings():
        # ``mip_abs_gap`` is passed to HiGHS verbatim; scipy warns that it does not know it.
        warnings.filterwarnings("ignore", message="Unrecognized options", category=RuntimeWarning)
        res = scipy.optimize.milp(
            -objective,
            integrality=np.full(objective.size, 1 if integral else 0, dtype=np.uint8),
            bounds=scipy.optimize.Bounds(x_lb, x_ub),
            constraints=constraints,
            options=options,
        )
    x = None if res.x is None else np.asarray(res.x, dtype=np.float64)
    bound = -float(res.mip_dual_bound) if res.get("mip_dual_bound") is not None else math.nan
    gap = float(res.mip_gap) if res.get("mip_gap") is not None else 0.0
    if res.status == 0:
        status = "optimal"
    elif res.status == 1:
        status = "time_limit"
    elif res.status == 2:
        status = "infeasible"
    else:
        status = "error"
    if not integral and x is not None and status == "optimal":
        bound = float(objective @ x)
    return _Solution(status, x, bound, gap, str(res.message))


def _lp_by_columns(
    objective: FloatArray,
    cost: FloatArray,
    rows: _Rows,
    x_lb: FloatArray,
    x_ub: FloatArray,
    start: FloatArray,
    *,
    scale: float,
    deadline: float,
) -> tuple[FloatArray, FloatArray, Any, FloatArray] | None:
    """The LP relaxation by column generation, from a feasible plan ``start``.

    HiGHS's simplex on all 100,000 columns takes ten seconds; but only the units whose value per rial is near
    the margin are in question. The LP is solved on a core of those units with every other unit held at its
    value in ``start``; the row duals price every unit, and the units that would rather move are added to the
    core, until none would (then the core's solution is optimal for the whole LP). Returns the LP solution,
    the row multipliers ``mu ≤ 0`` and the matrix ``A_ub`` and ``b_ub`` they refer to (rows ≤: the upper
    limits, then the minimums negated), or None if an LP failed.
    """
    n = objective.size
    c = -objective
    a = (rows.matrix @ scipy.sparse.diags_array(cost / scale)).tocsr()
    up = np.flatnonzero(np.isfinite(rows.ub))
    lo = np.flatnonzero(np.isfinite(rows.lb))
    a_ub = scipy.sparse.vstack([a[up], -a[lo]]).tocsc()
    b_ub = np.concatenate([rows.ub[up], -rows.lb[lo]]) / scale
    ratio = _ratio(objective, cost)
    taken = (start > 0) & (x_lb < x_ub)
    cutoff = float(ratio[taken & np.isfinite(ratio)].min()) if (taken & np.isfinite(ratio)).any() else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.abs(np.log(ratio / cutoff))
    distance[~np.isfinite(distance)] = np.inf
    distance[(start > X_TOL) & (start < 1 - X_TOL)] = -1.0
    core = np.zeros(n, dtype=bool)
    core[np.argsort(distance, kind="stable")[: min(n, 2000 + 50 * len(rows.names))]] = True
    x = start.astype(np.float64).copy()
    for _ in range(100):
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        idx = np.flatnonzero(core)
        out = np.flatnonzero(~core)
        rhs = b_ub - a_ub[:, out] @ x[out]
        lp = scipy.optimize.linprog(
            c[idx],
            A_ub=a_ub[:, idx],
            b_ub=rhs,
            bounds=np.column_stack([x_lb[idx], x_ub[idx]]),
            method="highs",
            options={"time_limit": left, "primal_feasibility_tolerance": FEAS_TOL},
        )
        if lp.status != 0:
            return None
        x[idx] = lp.x
        mu = np.minimum(np.asarray(lp.ineqlin.marginals, dtype=np.float64), 0.0)
        rc = c - a_ub.T @ mu
        eps = 1e-9 * max(1.0, float(np.abs(c).max()))
        want = ~core & (((rc < -eps) & (x < x_ub)) | ((rc > eps) & (x > x_lb)))
        if not want.any():
            return x, mu, a_ub, b_ub
        cand = np.flatnonzero(want)
        core[cand[np.argsort(-np.abs(rc[cand]), kind="stable")[:5000]]] = True
    return None


def _solve_with_incumbent(
    objective: FloatArray,
    cost: FloatArray,
    rows: _Rows,
    x_lb: FloatArray,
    x_ub: FloatArray,
    incumbent: FloatArray,
    *,
    scale: float,
    time_limit: float,
    tol: float,
    lp_known: tuple[FloatArray, FloatArray, Any, FloatArray] | None = None,
) -> tuple[_Solution, int]:
    """Solve the 0/1 problem given a feasible plan (the greedy one), fixing variables by reduced cost first.

    The LP relaxation (:func:`_lp_by_columns`) gives row multipliers ``mu``; for every plan ``x``,
    ``−impact·x ≥ mu·b + Σ_j rc_j x_j`` with ``rc = −impact − Aᵀmu`` (a Lagrangian bound: it holds for any
    ``mu ≤ 0``, so it is exact whatever the LP solver's tolerances). Moving ``x_j`` away from the side its
    reduced cost prefers costs ``|rc_j|`` of the bound; a unit for which that pushes the bound below the best
    plan known (the greedy one, or the LP solution rounded down and refilled greedily, whichever is better)
    cannot differ from that side in any better plan, and is fixed (Nemhauser & Wolsey, *Integer and
    Combinatorial Optimization*, 1988, II.5). The rest — a few hundred units out of 100,000 — is solved
    exactly by HiGHS; the optimum is the better of that and the incumbent. HiGHS fixes by reduced cost too,
    but only once it has an incumbent, and on 100,000 units it may spend the whole time limit finding one.
    Returns the solution and how many units were fixed.
    """
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    best = incumbent.copy()
    z_g = float(objective @ best)
    all_rows = np.ones(len(rows.names), dtype=bool)
    lp = lp_known or _lp_by_columns(
        objective, cost, rows, x_lb, x_ub, incumbent, scale=scale, deadline=deadline
    )
    if lp is None:
        sol = _solve(
            objective, cost, rows, all_rows, x_lb, x_ub, integral=True, scale=scale, time_limit=time_limit
        )
        return _better_of(sol, objective, best), 0
    x_lp, mu, a_ub, b_ub = lp
    # The LP solution rounded down, then refilled greedily: often a better incumbent than the greedy plan.
    rounded, ok = _greedy(objective, cost, rows, x_lp >= 1 - X_TOL, x_ub == 0, partial=False, tol=tol)
    if ok and float(objective @ rounded) > z_g:
        best, z_g = rounded, float(objective @ rounded)
    rc = -objective - a_ub.T @ mu
    low_side = np.where(rc >= 0, rc * x_lb, rc * x_ub)
    bound = -(float(mu @ b_ub) + float(low_side.sum()))  # no plan is worth more than this
    side = np.where(rc > 0, x_lb, np.where(rc < 0, x_ub, np.round(x_lp)))
    span = x_ub - x_lb
    n = objective.size
    core = np.zeros(n, dtype=bool)
    core[np.argsort(np.abs(rc) * span - (span == 0), kind="stable")[: min(n, 1000)]] = True
    core &= span > 0
    core |= (x_lp > X_TOL) & (x_lp < 1 - X_TOL)
    csol: _Solution | None = None
    while time.perf_counter() < deadline:
        lb = np.where(core, x_lb, side)
        ub = np.where(core, x_ub, side)
        left = deadline - time.perf_counter()
        cut = z_g + 1e-9 * max(1.0, abs(z_g))
        csol = _solve(
            objective, cost, rows, all_rows, lb, ub, integral=True, scale=scale, time_limit=left, cutoff=cut
        )
        if csol.x is not None:
            x = _clean_x(csol.x, True)
            if float(objective @ x) > z_g:
                best, z_g = x, float(objective @ x)
        if csol.status not in ("optimal", "infeasible"):
            break
        # The core problem is solved: ``best`` is optimal among the plans that keep the other units at their
        # side. A better plan would have to move only units whose reduced cost allows it (``free``); if they
        # are all in the core, there is none. Otherwise grow the core to hold them and solve again.
        target = z_g - 1e-9 * max(1.0, abs(z_g))
        free = (span > 0) & (bound - np.abs(rc) * span >= target)
        if not (free & ~core).any():
            return _Solution("optimal", best, z_g, 0.0, csol.message), int(n - core.sum())
        core |= free
    # Out of time (or the solver failed): the best plan found and the best bound known.
    gap = (max(bound, z_g) - z_g) / max(abs(z_g), 1e-12)
    status = "time_limit" if csol is None or csol.status != "error" else "error"
    return _Solution(status, best, bound, gap, csol.message if csol else ""), int(n - core.sum())


def _better_of(sol: _Solution, objective: FloatArray, incumbent: FloatArray) -> _Solution:
    """The solver's plan, unless the incumbent is better (or the solver found none)."""
    z_g = float(objective @ incumbent)
    if sol.x is None or float(objective @ _clean_x(sol.x, True)) < z_g:
        status = "optimal" if sol.status in ("optimal", "infeasible") else sol.status
        return _Solution(
            status,
            incumbent.copy(),
            max(z_g, sol.bound if math.isfinite(sol.bound) else z_g),
            sol.gap,
            sol.message,
        )
    return sol


def _clean_x(x: FloatArray, integral: bool) -> FloatArray:
    if integral:
        return np.round(x).clip(0.0, 1.0)
    x = x.clip(0.0, 1.0)
    x[x < X_TOL] = 0.0
    x[x > 1.0 - X_TOL] = 1.0
    return x


# ----------------------------------------------------------------------------------------------------------
# greedy
# ----------------------------------------------------------------------------------------------------------


def _ratio(impact: FloatArray, cost: FloatArray) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(cost > 0, impact / np.where(cost > 0, cost, 1.0), np.where(impact > 0, np.inf, 0.0))
    return r


def _greedy(
    impact: FloatArray,
    cost: FloatArray,
    rows: _Rows,
    must: BoolArray,
    must_not: BoolArray,
    *,
    partial: bool,
    tol: float,
) -> tuple[FloatArray, bool]:
    n = impact.size
    x = np.zeros(n)
    ratio = _ratio(impact, cost)
    # Best first: ratio, then impact, then input order (lexsort sorts by the last key first).
    order = np.lexsort((np.arange(n), -impact, -ratio))
    csc = rows.matrix.tocsc()
    unit_rows: list[list[int]] = [csc.indices[csc.indptr[i] : csc.indptr[i + 1]].tolist() for i in range(n)]
    upper = [k == "upper" for k in rows.kinds]
    room = [float(u) for u in rows.ub]
    spent = [0.0] * len(rows.names)
    cost_l = cost.tolist()

    def take(i: int, f: float) -> None:
        x[i] += f
        c = cost_l[i] * f
        for r in unit_rows[i]:
            spent[r] += c
            room[r] -= c

    def fits(i: int) -> float:
        """The share of unit ``i`` that can still be added within every upper limit."""
        c = cost_l[i]
        share = 1.0 - float(x[i])
        if c <= 0:
            return share
        for r in unit_rows[i]:
            if upper[r] and c * share > room[r] + tol:
                if not partial:
                    return 0.0
                share = min(share, max(room[r], 0.0) / c)
        return share

    for i in np.flatnonzero(must).tolist():
        take(i, 1.0)
    eligible = ~must & ~must_not
    order_l = order.tolist()
    # Phase 1: fill each minimum with its own units, best value first.
    for r, kind in enumerate(rows.kinds):
        if kind != "lower":
            continue
        members = np.zeros(n, dtype=bool)
        members[rows.matrix.indices[rows.matrix.indptr[r] : rows.matrix.indptr[r + 1]]] = True
        candidates = (members & eligible).tolist()
        for i in order_l:
            if spent[r] >= rows.lb[r] - tol:
                break
            if not candidates[i]:
                continue
            f = fits(i)
            if partial and cost_l[i] > 0:
                f = min(f, (rows.lb[r] - spent[r]) / cost_l[i])
            if f > X_TOL:
                take(i, f)
    # Phase 2: everything with positive impact, best value first.
    useful = (eligible & (impact > 0)).tolist()
    for i in order_l:
        if useful[i]:
            f = fits(i)
            if f > X_TOL:
                take(i, f)
    lhs = np.array(spent)
    feasible = bool(np.all(lhs >= rows.lb - tol))
    return x, feasible


# ----------------------------------------------------------------------------------------------------------
# infeasibility
# ----------------------------------------------------------------------------------------------------------


def _direct_conflicts(
    units: npt.NDArray[Any],
    cost: FloatArray,
    rows: _Rows,
    budget: float,
    must: BoolArray,
    must_not: BoolArray,
    county_min: Mapping[Hashable, float],
    county_max: Mapping[Hashable, float],
    tol: float,
) -> list[Conflict]:
    out: list[Conflict] = []
    for i in np.flatnonzero(must & must_not).tolist():
        u = units[i]
        out.append(("must_and_must_not", {"unit": u, "constraints": [f"must:{u}", f"must_not:{u}"]}))
    must_cost = rows.matrix @ (cost * must)
    for r, name in enumerate(rows.names):
        if rows.kinds[r] == "upper" and must_cost[r] > rows.ub[r] + tol:
            members = rows.matrix.indices[rows.matrix.indptr[r] : rows.matrix.indptr[r + 1]]
            mus = [units[i] for i in members.tolist() if must[i]]
            out.append(
                (
                    "must_over_limit",
                    {
                        "constraint": name,
                        "cost": float(must_cost[r]),
                        "limit": float(rows.ub[r]),
                        "units": mus,
                        "constraints": [name, *(f"must:{u}" for u in mus)],
                    },
                )
            )
    for c, lo in county_min.items():
        hi = county_max.get(c)
        if hi is not None and lo > hi + REL_TOL:
            out.append(
                (
                    "minimum_above_maximum",
                    {
                        "county": c,
                        "minimum": lo,
                        "maximum": hi,
                        "constraints": [f"county_min:{c}", f"county_max:{c}"],
                    },
                )
            )
    # Counties are disjoint: the money spent is at least the sum over counties of the larger of the minimum
    # and the must units there, plus the must units elsewhere.
    row_of = {name: r for r, name in enumerate(rows.names)}
    min_rows = [row_of[f"county_min:{c}"] for c, lo in county_min.items() if lo > 0]
    if min_rows:
        needed_min = float(rows.lb[min_rows].sum())
        in_min = np.asarray(rows.matrix[min_rows].sum(axis=0)).ravel() > 0
        must_in = must_cost[min_rows]
        needed = float(np.maximum(rows.lb[min_rows], must_in).sum() + cost[must & ~in_min].sum())
        if needed > budget + tol:
            names = [rows.names[r] for r in min_rows]
            if needed_min <= budget + tol:
                names += [f"must:{u}" for u in units[must].tolist()]
            out.append(
                (
                    "minimums_over_budget",
                    {"needed": needed, "budget": budget, "constraints": ["budget", *names]},
                )
            )
    avail_all = rows.matrix @ cost
    avail = rows.matrix @ (cost * ~must_not)
    for r, name in enumerate(rows.names):
        if rows.kinds[r] != "lower" or rows.lb[r] <= avail[r] + tol:
            continue
        names = [name]
        if rows.lb[r] <= avail_all[r] + tol:
            members = rows.matrix.indices[rows.matrix.indptr[r] : rows.matrix.indptr[r + 1]]
            names += [f"must_not:{units[i]}" for i in members.tolist() if must_not[i]]
        out.append(
            (
                "minimum_unreachable",
                {
                    "constraint": name,
                    "needed": float(rows.lb[r]),
                    "available": float(avail[r]),
                    "constraints": names,
                },
            )
        )
    return out


def _deletion_filter(
    units: npt.NDArray[Any],
    cost: FloatArray,
    rows: _Rows,
    must: BoolArray,
    must_not: BoolArray,
    *,
    integral: bool,
    scale: float,
    deadline: float,
) -> Conflict:
    """A minimal set of constraints that cannot hold together (deletion filter over named constraints)."""
    n = cost.size
    zero = np.zeros(n)
    row_on = np.ones(len(rows.names), dtype=bool)
    must_on = must.copy()
    must_not_on = must_not.copy()
    minimal = True

    def infeasible() -> bool:
        nonlocal minimal
        left = deadline - time.perf_counter()
        if left <= 0:
            minimal = False
            return False
        sol = _solve(
            zero,
            cost,
            rows,
            row_on,
            must_on.astype(np.float64),
            (~must_not_on).astype(np.float64),
            integral=integral,
            scale=scale,
            time_limit=left,
        )
        if sol.status in ("time_limit", "error"):
            minimal = False
        return sol.status == "infeasible"

    def try_drop(flags: BoolArray, idx: npt.NDArray[np.int64] | list[int]) -> bool:
        """Drop ``flags[idx]``; keep them dropped if still infeasible, else put them back."""
        flags[idx] = False
        if infeasible():
            return True
        flags[idx] = True
        return False

    for r in range(len(rows.names)):
        try_drop(row_on, [r])
    # The must and must-not lists as a whole, then unit by unit if they take part.
    for flags in (must_on, must_not_on):
        members = np.flatnonzero(flags)
        if members.size and not try_drop(flags, members):
            for i in members.tolist():
                try_drop(flags, [i])
    names = [rows.names[r] for r in np.flatnonzero(row_on).tolist()]
    names += [f"must:{units[i]}" for i in np.flatnonzero(must_on).tolist()]
    names += [f"must_not:{units[i]}" for i in np.flatnonzero(must_not_on).tolist()]
    return ("conflicting_constraints", {"constraints": names, "minimal": minimal})


# ----------------------------------------------------------------------------------------------------------
# explaining the solution
# ----------------------------------------------------------------------------------------------------------


def _totals(
    x: FloatArray, cost: FloatArray, values: Mapping[str, FloatArray], strategic: BoolArray
) -> dict[str, float]:
    return {
        "cost": float(cost @ x),
        "jobs": float(values["jobs"] @ x),
        "output": float(values["output"] @ x),
        "fx": float(values["fx"] @ x),
        "strategic_cost": float((cost * strategic) @ x),
        "units": float(np.count_nonzero(x > 0)),
    }


@dataclass
class _Relaxed:
    """What removing each constraint in turn gains: ``costs`` (objective gained, 0 if nothing, NaN if not
    tested in time), ``plans`` (the relaxed optimum, for the constraints that gain) and whether every
    constraint was decided exactly."""

    costs: dict[str, float]
    plans: dict[str, FloatArray]
    exact: bool
    solves: int = 0
    lower: set[str] = field(default_factory=set)


def _subrows(rows: _Rows, active: BoolArray) -> _Rows:
    idx = np.flatnonzero(active)
    return _Rows(
        [rows.names[r] for r in idx.tolist()],
        [rows.kinds[r] for r in idx.tolist()],
        [rows.keys[r] for r in idx.tolist()],
        rows.lb[idx],
        rows.ub[idx],
        rows.matrix[idx],
    )


def _lagrange(
    c: FloatArray, a_ub: Any, b_ub: FloatArray, mu: FloatArray, lb: FloatArray, ub: FloatArray
) -> tuple[float, FloatArray]:
    """For any ``mu ≤ 0``: no plan within ``lb ≤ x ≤ ub`` and ``a_ub x ≤ b_ub`` is worth more than the
    returned bound, and moving ``x_j`` off the side its reduced cost ``rc_j`` prefers costs ``|rc_j|``."""
    rc = c - a_ub.T @ mu
    low = np.where(rc >= 0, rc * lb, rc * ub)
    return -(float(mu @ b_ub) + float(low.sum())), rc


def _relax_each(
    units: npt.NDArray[Any],
    impact: FloatArray,
    cost: FloatArray,
    rows: _Rows,
    x_lb: FloatArray,
    x_ub: FloatArray,
    x: FloatArray,
    *,
    integral: bool,
    scale: float,
    tol: float,
    deadline: float,
    order: BoolArray,
) -> _Relaxed:
    """Remove each constraint in turn and re-solve: how much objective does it cost?

    Candidates: every row (budget, minimums, maximums, quotas) and every must / must-not unit. A first pass
    settles most of them exactly without a solve: (1) the row is redundant (all its units fit within it, or
    the must units alone meet the minimum); (2) the Lagrangian bound of the relaxed problem — the main LP's
    row multipliers with the removed row's set to 0, which stay valid without that row — is no better than
    the optimum; (3) with the units fixed by reduced cost against that bound (no plan as good as the optimum
    moves them), the row is redundant among the rest, or the unit itself is fixed where it was. The rest, in
    a second pass (likely binding ones first): the relaxed LP by columns (with ``partial`` that is the
    answer), its Lagrangian bound, its solution rounded down and refilled greedily (a better plan proves the
    constraint binding at once), then HiGHS from that plan (:func:`_solve_with_incumbent`) with an equal
    share of the time left. A relaxation solved to optimality gives the exact cost; one cut short gives the
    best gain found (``lower``, a lower bound, still proof that the constraint binds) or, if none, NaN.
    """
    z = float(impact @ x)
    eps = (GAIN_TOL if integral else GAIN_TOL_LP) * max(1.0, abs(z))
    c = -impact
    costs: dict[str, float] = {}
    plans: dict[str, FloatArray] = {}
    lower: set[str] = set()
    exact = True
    solves = 0
    upper = np.array([k == "upper" for k in rows.kinds], dtype=bool)
    csr = rows.matrix
    lp0 = _lp_by_columns(impact, cost, rows, x_lb, x_ub, x, scale=scale, deadline=deadline)
    up = np.flatnonzero(np.isfinite(rows.ub))
    lo = np.flatnonzero(np.isfinite(rows.lb))
    pos: dict[int, list[int]] = {}
    for k, r in enumerate(np.concatenate([up, lo]).tolist()):
        pos.setdefault(int(r), []).append(k)
    cands: list[tuple[str, int | None, int | None]] = [
        (rows.names[r], r, None) for r in np.argsort(~order, kind="stable").tolist()
    ]
    cands += [(f"must:{units[i]}", None, i) for i in np.flatnonzero(x_lb > 0).tolist()]
    cands += [(f"must_not:{units[i]}", None, i) for i in np.flatnonzero(x_ub < 1).tolist()]

    def relaxed_problem(r: int | None, i: int | None) -> tuple[BoolArray, FloatArray, FloatArray]:
        active = np.ones(len(rows.names), dtype=bool)
        if r is not None:
            active[r] = False
            return active, x_lb, x_ub
        assert i is not None
        lb, ub = x_lb.copy(), x_ub.copy()
        lb[i], ub[i] = 0.0, 1.0
        return active, lb, ub

    def redundant(r: int | None, i: int | None, lo_x: FloatArray, hi_x: FloatArray) -> bool:
        """Whether every plan within these bounds keeps the removed constraint anyway."""
        if r is None:
            assert i is not None
            return bool(lo_x[i] == hi_x[i] == x[i])
        members = csr.indices[csr.indptr[r] : csr.indptr[r + 1]]
        if upper[r]:
            return bool(cost[members] @ hi_x[members] <= rows.ub[r] + tol)
        return bool(cost[members] @ lo_x[members] >= rows.lb[r] - tol)

    def fixed_bounds(
        bound: float, rc: FloatArray, lb: FloatArray, ub: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        span = ub - lb
        free = (span > 0) & (bound - np.abs(rc) * span >= z - eps)
        side = np.where(rc > 0, lb, ub)
        return np.where(free, lb, side), np.where(free, ub, side)

    # Pass 1: the exact tests that need no solve.
    open_: list[tuple[str, int | None, int | None]] = []
    for name, r, i in cands:
        active, lb, ub = relaxed_problem(r, i)
        if r is not None and redundant(r, i, lb, ub):
            costs[name] = 0.0
            continue
        if lp0 is not None:
            _x0, mu0, a_ub, b_ub = lp0
            mu = mu0.copy()
            if r is not None:
                mu[pos[r]] = 0.0
            bound, rc = _lagrange(c, a_ub, b_ub, mu, lb, ub)
            if bound <= z + eps or (integral and redundant(r, i, *fixed_bounds(bound, rc, lb, ub))):
                costs[name] = 0.0
                continue
        open_.append((name, r, i))

    # Pass 2: the relaxed LP, its bound and its rounded solution, for each constraint left (cheap).
    todo: list[tuple[str, BoolArray, FloatArray, FloatArray, Any, FloatArray]] = []
    for name, r, i in open_:
        if time.perf_counter() >= deadline:
            costs[name] = math.nan
            exact = False
            continue
        active, lb, ub = relaxed_problem(r, i)
        sub = _subrows(rows, active)
        lp = _lp_by_columns(impact, cost, sub, lb, ub, x, scale=scale, deadline=deadline)
        best = x
        if lp is not None:
            x_r, mu_r, a_r, b_r = lp
            if not integral:
                xr = _clean_x(x_r, False)
                gain = float(impact @ xr) - z
                costs[name] = gain if gain > eps else 0.0
                if gain > eps:
                    plans[name] = xr
                continue
            bound, _rc = _lagrange(c, a_r, b_r, mu_r, lb, ub)
            if bound <= z + eps:
                costs[name] = 0.0
                continue
            rounded, ok = _greedy(
                impact, cost, sub, (x_r >= 1 - X_TOL) | (lb > 0), ub <= 0, partial=False, tol=tol
            )
            if ok and float(impact @ rounded) > z + eps:
                best = rounded
                costs[name] = float(impact @ rounded) - z
                plans[name] = rounded
                lower.add(name)
        todo.append((name, active, lb, ub, lp, best))
    # Pass 3: HiGHS from the best plan known, the undecided constraints first, an equal share of the time
    # left each.
    todo.sort(key=lambda t: t[0] in plans)
    for k, (name, active, lb, ub, lp, best) in enumerate(todo):
        share = (deadline - time.perf_counter()) / (len(todo) - k)
        if share <= 0:
            if name not in plans:
                costs[name] = math.nan
                exact = False
            continue
        sub = _subrows(rows, active)
        if integral:
            sol, _fixed = _solve_with_incumbent(
                impact, cost, sub, lb, ub, best, scale=scale, time_limit=share, tol=tol, lp_known=lp
            )
        else:
            sol = _solve(impact, cost, rows, active, lb, ub, integral=False, scale=scale, time_limit=share)
        solves += 1
        xr = best if sol.x is None else _clean_x(sol.x, integral)
        if float(impact @ xr) < float(impact @ best):
            xr = best
        gain = float(impact @ xr) - z
        proven = sol.status == "optimal"
        if gain > eps:
            costs[name] = gain
            plans[name] = xr
            if proven:
                lower.discard(name)
            else:
                lower.add(name)
        elif proven:
            costs[name] = 0.0
        else:
            costs[name] = math.nan
            exact = False
    return _Relaxed(costs, plans, exact, solves, lower)


def _binding_and_reasons(
    units: npt.NDArray[Any],
    x: FloatArray,
    impact: FloatArray,
    cost: FloatArray,
    rows: _Rows,
    must: BoolArray,
    must_not: BoolArray,
    budget: float,
    *,
    partial: bool,
    optimal: bool,
    tol: float,
    relaxed: _Relaxed | None = None,
) -> tuple[tuple[str, ...], dict[Hashable, Reason]]:
    """Binding constraints and a reason per unit: by relaxation when ``relaxed`` is given (see
    :func:`_relax_each`), else (and for constraints not tested in time) by the room and surplus tests."""
    binding_names, heuristic = _binding_by_room(x, impact, cost, rows, must, must_not, budget, partial, tol)
    if relaxed is not None:
        binding_names = tuple(
            name
            for name in (*rows.names, *relaxed.costs)
            if name in relaxed.costs
            and (relaxed.costs[name] > 0 or (math.isnan(relaxed.costs[name]) and name in heuristic))
        )
        binding_names = tuple(dict.fromkeys(binding_names))
    return binding_names, _reasons(
        units, x, impact, cost, rows, must, must_not, budget, binding_names, relaxed, optimal=optimal, tol=tol
    )


def _binding_by_room(
    x: FloatArray,
    impact: FloatArray,
    cost: FloatArray,
    rows: _Rows,
    must: BoolArray,
    must_not: BoolArray,
    budget: float,
    partial: bool,
    tol: float,
) -> tuple[tuple[str, ...], set[str]]:
    """The cheap tests: a limit at its bound, or (whole units) too full for some unit left out, or a minimum
    from which no chosen unit could be dropped while a better one waits outside."""
    n = x.size
    lhs = rows.matrix @ (cost * x)
    room = rows.ub - lhs
    surplus = lhs - rows.lb
    upper = np.array([k == "upper" for k in rows.kinds], dtype=bool)
    chosen = x > 0
    useful_out = ~chosen & ~must_not & (impact > 0) & (cost <= budget + tol)
    csr = rows.matrix
    binding = np.where(upper, room <= tol, surplus <= tol)
    ratio = _ratio(impact, cost)
    if not partial:
        inf = np.inf
        # Upper limits: the cheapest useful left-out unit each covers.
        cheapest_out = _row_min(csr, np.where(useful_out, cost, inf))
        binding |= upper & np.isfinite(cheapest_out) & (room + tol < cheapest_out)
        # Minimums: no chosen, non-must unit could be dropped, and a better unit outside waits.
        free_in = chosen & ~must
        cheapest_in = _row_min(csr, np.where(free_in, cost, inf))
        worst_in = _row_min(csr, np.where(free_in, ratio, inf))
        for r in np.flatnonzero(~upper & ~binding & (surplus + tol < cheapest_in)).tolist():
            outside = np.ones(n, dtype=bool)
            outside[csr.indices[csr.indptr[r] : csr.indptr[r + 1]]] = False
            waiting = useful_out & outside
            if waiting.any() and float(ratio[waiting].max()) > worst_in[r]:
                binding[r] = True
    binding_names = tuple(rows.names[r] for r in np.flatnonzero(binding).tolist())
    return binding_names, set(binding_names)


def _reasons(
    units: npt.NDArray[Any],
    x: FloatArray,
    impact: FloatArray,
    cost: FloatArray,
    rows: _Rows,
    must: BoolArray,
    must_not: BoolArray,
    budget: float,
    binding_names: tuple[str, ...],
    relaxed: _Relaxed | None,
    *,
    optimal: bool,
    tol: float,
) -> dict[Hashable, Reason]:
    n = x.size
    lhs = rows.matrix @ (cost * x)
    room = rows.ub - lhs
    upper = np.array([k == "upper" for k in rows.kinds], dtype=bool)
    chosen = x > 0
    csr = rows.matrix
    ratio = _ratio(impact, cost)
    row_of = {name: r for r, name in enumerate(rows.names)}
    # Held out: the constraint (the budget aside, whose reasons say more) whose removal takes the unit in with
    # the largest gain. Kept in: the binding minimums covering the unit whose removal drops it.
    held_by = np.full(n, -1, dtype=np.int64)
    held_gain = np.full(n, -np.inf)
    dropped_by: dict[int, list[str]] = {}
    gains: list[tuple[str, float]] = []
    if relaxed is not None:
        gains = [(name, relaxed.costs[name]) for name in binding_names if name in relaxed.plans]
        for k, (name, gain) in enumerate(gains):
            xr = relaxed.plans[name]
            if name != "budget":
                taken = (xr > x + X_TOL) & (x <= 0) & (gain > held_gain)
                held_by[taken] = k
                held_gain[taken] = gain
            r = row_of.get(name)
            if r is not None and rows.kinds[r] == "lower":
                members = csr.indices[csr.indptr[r] : csr.indptr[r + 1]]
                for i in members[(xr[members] < x[members] - X_TOL) & (x[members] >= 1.0)].tolist():
                    dropped_by.setdefault(i, []).append(name)

    free_choice = chosen & ~must
    cutoff = float(ratio[free_choice].min()) if free_choice.any() else math.inf
    # For every unit, the upper limits it would break if it were added in full (beyond what it has now).
    extra = cost * (1.0 - x)
    csc = csr.tocsc()
    upper_rows = np.flatnonzero(upper)
    breaks = np.zeros(n, dtype=bool)
    # Row-wise over the (few) constraints, vectorised over units.
    breaks_by_row: dict[int, BoolArray] = {}
    for r in upper_rows.tolist():
        members = csr.indices[csr.indptr[r] : csr.indptr[r + 1]]
        b = np.zeros(n, dtype=bool)
        b[members] = extra[members] > room[r] + tol
        if b.any():
            breaks_by_row[r] = b
            breaks |= b
    binding_lower = {row_of[b] for b in binding_names if b in row_of and rows.kinds[row_of[b]] == "lower"}

    reasons: dict[Hashable, Reason] = {}
    unit_list = units.tolist()
    ratio_l = ratio.tolist()
    impact_l = impact.tolist()
    cost_l = cost.tolist()
    x_l = x.tolist()
    for i in range(n):
        u = unit_list[i]
        c = cost_l[i]
        if must[i]:
            reasons[u] = ("must", {"cost": c})
        elif must_not[i]:
            reasons[u] = ("must_not", {})
        elif x_l[i] >= 1.0:
            if relaxed is not None:
                mins = dropped_by.get(i, [])
            else:
                mins = [
                    rows.names[r]
                    for r in csc.indices[csc.indptr[i] : csc.indptr[i + 1]].tolist()
                    if r in binding_lower
                ]
            reasons[u] = ("chosen", {"impact": impact_l[i], "cost": c, "ratio": ratio_l[i], "minimums": mins})
        elif x_l[i] > 0:
            reasons[u] = (
                "partial",
                {"fraction": x_l[i], "impact": impact_l[i], "cost": c, "ratio": ratio_l[i]},
            )
        elif c > budget + tol:
            reasons[u] = ("too_expensive", {"cost": c, "budget": budget})
        elif impact_l[i] <= 0:
            reasons[u] = ("no_impact", {"impact": impact_l[i]})
        elif held_by[i] >= 0:
            name, gain = gains[int(held_by[i])]
            reasons[u] = ("held_out_by", {"constraint": name, "cost": gain})
        elif breaks[i]:
            broken = [r for r, b in breaks_by_row.items() if b[i]]
            quotas = [r for r in broken if r != 0]
            if quotas:
                first = quotas[0]
                reasons[u] = (
                    "quota",
                    {
                        "constraint": rows.names[first],
                        "constraints": [rows.names[r] for r in broken],
                        "cost": c,
                        "room": float(room[first]),
                    },
                )
            else:
                code = "lower_ratio" if ratio_l[i] < cutoff else "does_not_fit"
                reasons[u] = (
                    code,
                    {"ratio": ratio_l[i], "cutoff": cutoff, "cost": c, "room": float(room[0])},
                )
        else:
            reasons[u] = ("not_selected", {} if optimal else {"status": "time_limit"})
    return reasons


def _drop_idle(
    x: FloatArray, impact: FloatArray, cost: FloatArray, rows: _Rows, must: BoolArray, tol: float
) -> FloatArray:
    """Leave out chosen units that add no impact, unless a minimum needs them (the solver is indifferent)."""
    idle = np.flatnonzero((x > 0) & (impact <= 0) & ~must)
    if not idle.size:
        return x
    x = x.copy()
    csc = rows.matrix.tocsc()
    lower = np.array([k == "lower" for k in rows.kinds], dtype=bool)
    lhs = rows.matrix @ (cost * x)
    for i in idle[np.argsort(-cost[idle], kind="stable")].tolist():
        r = csc.indices[csc.indptr[i] : csc.indptr[i + 1]]
        r = r[lower[r]]
        c = cost[i] * x[i]
        if np.all(lhs[r] - c >= rows.lb[r] - tol):
            lhs[r] -= c
            x[i] = 0.0
    return x


def _row_min(csr: Any, values: FloatArray) -> FloatArray:
    """Per row of a 0/1 sparse matrix, the minimum of ``values`` over its member columns (inf if none)."""
    out = np.full(csr.shape[0], np.inf)
    counts = np.diff(csr.indptr)
    nonempty = counts > 0
    if csr.indices.size:
        mins = np.minimum.reduceat(values[csr.indices], csr.indptr[:-1][nonempty])
        out[nonempty] = mins
    return out


# ----------------------------------------------------------------------------------------------------------
# the entry point
# ----------------------------------------------------------------------------------------------------------


def plan(
    candidates: pd.DataFrame,
    budget: float,
    *,
    weights: Mapping[str, float] | None = None,
    county_min: Mapping[Hashable, float] | None = None,
    county_max: Mapping[Hashable, float] | None = None,
    bank_quota: Mapping[Hashable, float] | None = None,
    programme_quota: Mapping[Hashable, float] | None = None,
    strategic_min: float | None = None,
    must: Collection[Hashable] = (),
    must_not: Collection[Hashable] = (),
    partial: bool = False,
    time_limit: float = 60.0,
    explain_time: float | None = None,
) -> Plan:
    """Choose the units to support so as to maximise the weighted impact under the budget and the limits.

    ``candidates``: one row per unit with ``unit`` (id), ``cost`` (the money it needs, ≥ 0), ``jobs``,
    ``output``, ``fx``, ``strategic`` (bool), ``county``, ``bank`` and, for ``programme_quota``,
    ``programme``.
    ``budget`` in the same money as ``cost``. ``county_min``/``county_max``: county → share of the budget
    (0–1); ``bank_quota``/``programme_quota``: bank or programme → money; ``strategic_min``: share of the
    budget for strategic units. ``must``/``must_not``: unit ids. ``partial``: allow funding a share of a
    unit. ``time_limit``: seconds for the solver (and as much again for explaining an infeasible problem).
    The model, the normalisation, the baseline and the codes are in the module docstring.
    """
    t0 = time.perf_counter()
    if not isinstance(candidates, pd.DataFrame):
        raise ValueError(f"candidates must be a pandas DataFrame, not {type(candidates).__name__}")
    missing = [c for c in REQUIRED_COLUMNS if c not in candidates.columns]
    if programme_quota and "programme" not in candidates.columns:
        missing.append("programme")
    if missing:
        raise ValueError(f"candidates lack the columns {missing}")
    budget = float(budget)
    if not (math.isfinite(budget) and budget >= 0):
        raise ValueError(f"budget must be a finite amount ≥ 0, not {budget}")
    if not (math.isfinite(float(time_limit)) and time_limit > 0):
        raise ValueError(f"time_limit must be a positive number of seconds, not {time_limit}")
    if explain_time is not None and not (math.isfinite(float(explain_time)) and explain_time >= 0):
        raise ValueError(f"explain_time must be a number of seconds ≥ 0, not {explain_time}")
    units = candidates["unit"].to_numpy()
    if pd.isna(candidates["unit"]).any():
        raise ValueError("some candidates have no unit id")
    dup = candidates["unit"].duplicated(keep=False)
    if dup.any():
        raise ValueError(f"duplicate unit ids: {sorted(set(candidates['unit'][dup].tolist()), key=str)[:10]}")
    for col in ("county", "bank"):
        if pd.isna(candidates[col]).any():
            bad = units[pd.isna(candidates[col]).to_numpy()][:10].tolist()
            raise ValueError(f"column {col!r} is missing for units {bad}")
    cost = _finite_column(candidates, "cost", nonnegative=True)
    values = {k: _finite_column(candidates, k, nonnegative=k in ("jobs", "output")) for k in CRITERIA[:3]}
    strat_raw = candidates["strategic"]
    if pd.isna(strat_raw).any() or not strat_raw.isin([0, 1, True, False]).all():
        raise ValueError("column 'strategic' must be true/false (or 0/1) for every unit")
    strategic = strat_raw.to_numpy().astype(bool)
    values["strategic"] = strategic.astype(np.float64)
    w = _check_weights(weights)
    c_min = _check_shares("county_min", county_min)
    c_max = _check_shares("county_max", county_max)
    b_quota = _check_money("bank_quota", bank_quota)
    p_quota = _check_money("programme_quota", programme_quota)
    s_min = None
    if strategic_min is not None:
        s_min = float(strategic_min)
        if not (math.isfinite(s_min) and 0 <= s_min <= 1):
            raise ValueError(
                f"strategic_min must be a share of the budget between 0 and 1, not {strategic_min}"
            )
    position = {u: i for i, u in enumerate(units.tolist())}
    for name, ids in (("must", must), ("must_not", must_not)):
        if isinstance(ids, (str, bytes)):
            raise ValueError(f"{name} must be a collection of unit ids, not a string")
        unknown = [u for u in ids if u not in position]
        if unknown:
            raise ValueError(f"{name} names units that are not candidates: {unknown[:10]}")
    n = len(units)
    must_m = np.zeros(n, dtype=bool)
    must_m[[position[u] for u in must]] = True
    must_not_m = np.zeros(n, dtype=bool)
    must_not_m[[position[u] for u in must_not]] = True

    impact = _impact(values, w)
    programme = candidates["programme"].to_numpy(dtype=object) if p_quota else None
    rows = _build_rows(
        n,
        budget,
        candidates["county"].to_numpy(dtype=object),
        candidates["bank"].to_numpy(dtype=object),
        programme,
        strategic,
        c_min,
        c_max,
        b_quota,
        p_quota,
        s_min,
    )
    scale = budget if budget > 0 else (float(cost.max()) if n and cost.max() > 0 else 1.0)
    tol = REL_TOL * scale
    integral = not partial

    g_x, g_feasible = _greedy(impact, cost, rows, must_m, must_not_m, partial=partial, tol=tol)
    g_chosen = g_x > 0
    greedy_chosen = tuple(units[g_chosen].tolist())
    greedy_fractions = dict(zip(greedy_chosen, g_x[g_chosen].tolist(), strict=True))
    greedy_objective = float(impact @ g_x)
    greedy_totals = _totals(g_x, cost, values, strategic)
    impact_map = dict(zip(units.tolist(), impact.tolist(), strict=True))
    limits_nan = {name: (math.nan, float(rows.lb[r]), float(rows.ub[r])) for r, name in enumerate(rows.names)}

    def infeasible_plan(conflicts: list[Conflict], message: str, status: str = "infeasible") -> Plan:
        return Plan(
            status=status,
            chosen=(),
            fractions={},
            objective=math.nan,
            bound=math.nan,
            mip_gap=math.nan,
            spent=0.0,
            totals={},
            greedy_chosen=greedy_chosen,
            greedy_fractions=greedy_fractions,
            greedy_objective=greedy_objective,
            greedy_spent=greedy_totals["cost"],
            greedy_totals=greedy_totals,
            greedy_feasible=g_feasible and status != "infeasible",
            gain_over_greedy=math.nan,
            binding=(),
            limits=limits_nan,
            reasons={u: (status, {}) for u in units.tolist()},
            conflicts=tuple(conflicts),
            impact=impact_map,
            weights=w,
            budget=budget,
            partial=partial,
            solve_seconds=time.perf_counter() - t0,
            message=message,
        )

    direct = _direct_conflicts(units, cost, rows, budget, must_m, must_not_m, c_min, c_max, tol)
    if direct:
        return infeasible_plan(direct, "the constraints conflict (found without solving)")

    x_lb = must_m.astype(np.float64)
    x_ub = (~must_not_m).astype(np.float64)
    all_rows = np.ones(len(rows.names), dtype=bool)
    fixed = 0
    if n == 0:
        sol = _Solution("optimal", np.zeros(0), 0.0, 0.0, "no candidates")
    elif integral and g_feasible:
        sol, fixed = _solve_with_incumbent(
            impact, cost, rows, x_lb, x_ub, g_x, scale=scale, time_limit=time_limit, tol=tol
        )
    else:
        sol = _solve(
            impact, cost, rows, all_rows, x_lb, x_ub, integral=integral, scale=scale, time_limit=time_limit
        )
    if sol.status == "infeasible":
        conflict = _deletion_filter(
            units,
            cost,
            rows,
            must_m,
            must_not_m,
            integral=integral,
            scale=scale,
            deadline=time.perf_counter() + time_limit,
        )
        return infeasible_plan([conflict], sol.message)
    if sol.status == "error" or (sol.x is None and sol.status != "time_limit"):
        return infeasible_plan(
            [("solver", {"message": sol.message, "constraints": []})], sol.message, "error"
        )

    x = _clean_x(sol.x, integral) if sol.x is not None else np.zeros(n)
    x = _drop_idle(x, impact, cost, rows, must_m, tol)
    objective = float(impact @ x) if sol.x is not None else math.nan
    chosen_m = x > 0
    chosen = tuple(units[chosen_m].tolist())
    relaxed = None
    if sol.status == "optimal" and n:
        _names, heuristic = _binding_by_room(x, impact, cost, rows, must_m, must_not_m, budget, partial, tol)
        relaxed = _relax_each(
            units,
            impact,
            cost,
            rows,
            x_lb,
            x_ub,
            x,
            integral=integral,
            scale=scale,
            tol=tol,
            deadline=time.perf_counter()
            + (min(time_limit, EXPLAIN_TIME) if explain_time is None else explain_time),
            order=np.array([name in heuristic for name in rows.names], dtype=bool),
        )
    binding, reasons = _binding_and_reasons(
        units,
        x,
        impact,
        cost,
        rows,
        must_m,
        must_not_m,
        budget,
        partial=partial,
        optimal=sol.status == "optimal",
        tol=tol,
        relaxed=relaxed,
    )
    lhs = rows.matrix @ (cost * x)
    limits = {
        name: (float(lhs[r]), float(rows.lb[r]), float(rows.ub[r])) for r, name in enumerate(rows.names)
    }
    gap = 0.0 if sol.status == "optimal" and not math.isfinite(sol.gap) else sol.gap
    return Plan(
        status=sol.status,
        chosen=chosen,
        fractions=dict(zip(chosen, x[chosen_m].tolist(), strict=True)),
        objective=objective,
        bound=sol.bound,
        mip_gap=gap if sol.x is not None else math.inf,
        spent=float(cost @ x),
        totals=_totals(x, cost, values, strategic),
        greedy_chosen=greedy_chosen,
        greedy_fractions=greedy_fractions,
        greedy_objective=greedy_objective,
        greedy_spent=greedy_totals["cost"],
        greedy_totals=greedy_totals,
        greedy_feasible=g_feasible,
        gain_over_greedy=objective - greedy_objective,
        binding=binding,
        limits=limits,
        reasons=reasons,
        conflicts=(),
        impact=impact_map,
        weights=w,
        budget=budget,
        partial=partial,
        solve_seconds=time.perf_counter() - t0,
        message=sol.message,
        fixed_by_reduced_cost=fixed,
        constraint_costs=dict(relaxed.costs) if relaxed is not None else {},
        binding_exact=relaxed is not None and relaxed.exact,
        cost_lower_bounds=tuple(n for n in relaxed.costs if n in relaxed.lower)
        if relaxed is not None
        else (),
    )

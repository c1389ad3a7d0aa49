"""The numbers behind the revival pages, loaded in bulk and computed vectorised.

* ``watch_list``: the early warning, one pass over the last 15 months of monthly figures of every unit;
* ``screening``: the revivability factors of idle and semi-active units, scored by
  ``jahesh.analytics.revival.screening_score``, with the secretariat's overrides;
* ``impact``: what reviving each unit would bring and cost;
* ``candidates``: the units the optimiser (``jahesh.analytics.portfolio.plan``) chooses from.

The definitions are in docs/revival.md; every figure there is computed here and only here.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Max, Sum

from jahesh.analytics import revival as R
from jahesh.cases.models import Case
from jahesh.registry.models import (
    MonthlyReport,
    OperatingStatus,
    ProductLine,
    Region,
    ReportExport,
    ReportLine,
    Unit,
)
from jahesh.registry.stats import current_report_month

from .models import RevivalSettings, ScreeningOverride

RECENT = 3  # months compared with the same months a year earlier
SPAN = 12 + RECENT  # months of figures the early warning reads
SILENT_HORIZON = 24  # a unit silent for longer than this is an idle unit, not a warning
STRUCTURAL_CATEGORIES = ("judicial", "estate", "environment", "bank.seizure")
DEBT_CATEGORIES = ("bank.npl", "bank.reschedule", "tax", "social")
LICENCE_OF_STAGE = {
    Unit.LicenceStage.OPERATING: "valid",
    Unit.LicenceStage.SUSPENDED: "expired",
    Unit.LicenceStage.CANCELLED: "cancelled",
}
SCREENED_STATUSES = (OperatingStatus.IDLE, OperatingStatus.SEMI_ACTIVE)


def settings_for(region: Region) -> RevivalSettings:
    found = RevivalSettings.objects.filter(region=region).first()
    return found or RevivalSettings.objects.get_or_create(region=region)[0]


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# -- early warning -----------------------------------------------------------------------------------------


class _Series:
    """A watched unit's monthly utilisation (%), made into a list only for the rows a page shows."""

    def __init__(self, ids: np.ndarray, util: np.ndarray) -> None:
        self.row = {int(u): i for i, u in enumerate(ids)}
        self.util = util

    def get(self, unit: int, default: Any = None) -> Any:
        i = self.row.get(int(unit))
        if i is None:
            return default
        return [None if np.isnan(v) else round(float(v) * 100, 1) for v in self.util[i]]


@dataclass(frozen=True)
class Warning:
    """The watch list: one row per unit watched (``frame``), and each unit's monthly utilisation (%)."""

    frame: pd.DataFrame
    months: list[int]
    series: _Series


def _monthly(
    unit_ids: np.ndarray, lo: int, hi: int, region_id: int, only: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Utilisation and employment per unit (rows, in ``unit_ids`` order) and month ``lo..hi`` (columns):
    ``u = Σ q·p / Σ (C/12)·p`` when every line of the unit has a value, else the mean of ``q / (C/12)``,
    as ``jahesh.analytics.utilisation.monthly_utilisation``; NaN where no report counts. ``only``: read the
    figures of ``unit_ids`` alone (a few changed units) instead of the whole region's."""
    n, width = unit_ids.size, hi - lo + 1
    pos = pd.Series(np.arange(n), index=unit_ids)
    util = np.full((n, width), np.nan)
    emp = np.full((n, width), np.nan)
    unit_t, pl_t, rep_t, line_t = _table(Unit), _table(ProductLine), _table(MonthlyReport), _table(ReportLine)
    returned = MonthlyReport.State.RETURNED
    subset, subset_args = "", []
    if only:
        subset = f" AND u.id IN ({', '.join(['%s'] * n)})"
        subset_args = [int(u) for u in unit_ids]
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT pl.unit_id, COUNT(*), SUM(CAST(pl.nominal_capacity AS DOUBLE PRECISION) "
            f"* CAST(COALESCE(pl.unit_value_irr, 0) AS DOUBLE PRECISION)), "
            f"SUM(CASE WHEN pl.unit_value_irr IS NULL OR pl.unit_value_irr <= 0 THEN 1 ELSE 0 END) "
            f"FROM {pl_t} pl JOIN {unit_t} u ON u.id = pl.unit_id WHERE u.region_id = %s{subset} "
            f"GROUP BY pl.unit_id",
            [region_id, *subset_args],
        )
        lines = np.array(cur.fetchall(), dtype=np.float64).reshape(-1, 4)
        cur.execute(
            f"SELECT r.unit_id, r.month, r.employment FROM {rep_t} r JOIN {unit_t} u ON u.id = r.unit_id "
            f"WHERE u.region_id = %s AND r.month BETWEEN %s AND %s AND r.state <> %s{subset}",
            [region_id, lo, hi, returned, *subset_args],
        )
        reps = np.array(cur.fetchall(), dtype=np.float64).reshape(-1, 3)
        cur.execute(
            f"SELECT r.unit_id, r.month, SUM(CAST(l.output AS DOUBLE PRECISION) "
            f"* CAST(COALESCE(pl.unit_value_irr, 0) AS DOUBLE PRECISION)), "
            f"SUM(CAST(l.output AS DOUBLE PRECISION) / CAST(pl.nominal_capacity AS DOUBLE PRECISION)) "
            f"FROM {line_t} l JOIN {rep_t} r ON r.id = l.report_id "
            f"JOIN {pl_t} pl ON pl.id = l.product_line_id "
            f"JOIN {unit_t} u ON u.id = r.unit_id "
            f"WHERE u.region_id = %s AND r.month BETWEEN %s AND %s AND r.state <> %s{subset} "
            f"GROUP BY r.unit_id, r.month",
            [region_id, lo, hi, returned, *subset_args],
        )
        outs = np.array(cur.fetchall(), dtype=np.float64).reshape(-1, 4)
    n_lines = np.zeros(n)
    cap_value = np.zeros(n)
    unvalued = np.ones(n)
    if lines.size:
        i = pos.reindex(lines[:, 0].astype(np.int64)).to_numpy()
        keep = ~np.isnan(i)
        i = i[keep].astype(np.int64)
        n_lines[i], cap_value[i], unvalued[i] = lines[keep, 1], lines[keep, 2], lines[keep, 3]
    valued = (n_lines > 0) & (unvalued == 0) & (cap_value > 0)
    if reps.size:
        i = pos.reindex(reps[:, 0].astype(np.int64)).to_numpy()
        keep = ~np.isnan(i)
        r, c = i[keep].astype(np.int64), reps[keep, 1].astype(np.int64) - lo
        emp[r, c] = reps[keep, 2]
        util[r, c] = 0.0  # a counted report with no output row made nothing
    if outs.size:
        i = pos.reindex(outs[:, 0].astype(np.int64)).to_numpy()
        keep = ~np.isnan(i)
        r, c = i[keep].astype(np.int64), outs[keep, 1].astype(np.int64) - lo
        qv, qc = outs[keep, 2], outs[keep, 3]
        with np.errstate(divide="ignore", invalid="ignore"):
            u = np.where(valued[r], qv / (cap_value[r] / 12.0), qc * 12.0 / n_lines[r])
        util[r, c] = np.where(np.isnan(emp[r, c]), np.nan, u)
    return util, emp


def watch_list(
    region: Region,
    conf: RevivalSettings | None = None,
    now: int | None = None,
    unit_ids: list[int] | None = None,
) -> Warning:
    """Units whose utilisation over the last ``RECENT`` months fell by more than ``drop_points`` against the
    same months a year earlier, whose last report is ``silent_months`` or more old (but not older than
    ``SILENT_HORIZON``), or whose employment over those months fell by more than ``employment_drop_pct``."""
    conf = conf or settings_for(region)
    now = current_report_month() if now is None else now
    lo = now - SPAN + 1
    chosen = Unit.objects.filter(region=region)
    if unit_ids is not None:
        chosen = chosen.filter(pk__in=unit_ids)
    units = pd.DataFrame.from_records(
        chosen.exclude(status__in=[OperatingStatus.CLOSED, OperatingStatus.UNDER_CONSTRUCTION])
        .order_by("pk")
        .values_list("pk", "last_report_month", "status"),
        columns=["unit", "last", "status"],
    )
    if units.empty:
        return Warning(
            pd.DataFrame(columns=["unit"]), list(range(lo, now + 1)), _Series(np.zeros(0), np.zeros((0, 0)))
        )
    ids = units["unit"].to_numpy(dtype=np.int64)
    util, emp = _monthly(ids, lo, now, region.pk, only=unit_ids is not None)
    recent, before = slice(SPAN - RECENT, SPAN), slice(SPAN - RECENT - 12, SPAN - 12)
    with warnings.catch_warnings():  # a unit with no report in a span has a NaN mean there, as it should
        warnings.simplefilter("ignore", RuntimeWarning)
        u_now = np.nanmean(util[:, recent], axis=1) * 100
        u_then = np.nanmean(util[:, before], axis=1) * 100
        e_now = np.nanmean(emp[:, recent], axis=1)
        e_then = np.nanmean(emp[:, before], axis=1)
    drop = u_then - u_now
    with np.errstate(divide="ignore", invalid="ignore"):
        e_fall = np.where(e_then > 0, (e_then - e_now) / e_then * 100, np.nan)
    last = units["last"].to_numpy(dtype=np.float64)
    silent = now - last
    f_drop = drop > float(conf.drop_points)
    f_silent = (silent >= conf.silent_months) & (silent <= SILENT_HORIZON)
    f_emp = e_fall > float(conf.employment_drop_pct)
    watched = f_drop | f_silent | f_emp
    frame = pd.DataFrame(
        {
            "unit": ids,
            "status": units["status"].to_numpy(),
            "utilisation_before": u_then,
            "utilisation_now": u_now,
            "drop_points": drop,
            "silent_months": silent,
            "last_report_month": last,
            "employment_before": e_then,
            "employment_now": e_now,
            "employment_fall_pct": e_fall,
            "reason_drop": f_drop,
            "reason_silent": f_silent,
            "reason_employment": f_emp,
        }
    )[watched]
    # The steepest fall in utilisation first, then in employment, then the longest silence.
    frame = frame.assign(
        _d=np.nan_to_num(frame["drop_points"].where(frame["reason_drop"]), nan=-1e9),
        _e=np.nan_to_num(frame["employment_fall_pct"].where(frame["reason_employment"]), nan=-1e9),
    )
    frame = frame.sort_values(["_d", "_e", "silent_months", "unit"], ascending=[False, False, False, True])
    frame = frame.drop(columns=["_d", "_e"])
    rows = np.flatnonzero(watched)
    return Warning(frame.reset_index(drop=True), list(range(lo, now + 1)), _Series(ids[rows], util[rows]))


# -- screening and impact ----------------------------------------------------------------------------------


def _market_values(hs_by_unit: dict[int, list[str]]) -> dict[int, float]:
    """Mean over a unit's products of the percentile rank (0–1) of world import growth of its HS heading,
    between the first and the last year of world trade loaded; nothing when no trade data is loaded."""
    try:
        from jahesh.trade.models import ImportFlow, TradeYear
    except ImportError:  # pragma: no cover - the trade app is part of main
        return {}
    years = sorted(TradeYear.objects.filter(classification="hs", level=4).values_list("year", flat=True))
    if len(years) < 2:
        return {}
    first, last = years[0], years[-1]
    rows = (
        ImportFlow.objects.filter(year__in=[first, last], product__classification="hs", product__level=4)
        .values_list("product__code", "year")
        .order_by()
    )
    totals = rows.annotate(v=Sum("value_usd"))
    frame = pd.DataFrame.from_records(list(totals), columns=["code", "year", "value"])
    if frame.empty:
        return {}
    wide = frame.pivot_table(index="code", columns="year", values="value", aggfunc="sum")
    if first not in wide or last not in wide:
        return {}
    growth = (wide[last] / wide[first]).replace([np.inf, -np.inf], np.nan).dropna()
    rank = growth.rank(pct=True)
    out = {}
    for unit, codes in hs_by_unit.items():
        values = [rank[c[:4]] for c in codes if c[:4] in rank.index]
        if values:
            out[unit] = float(np.mean(values))
    return out


def _open_requests(unit_ids: list[int]) -> dict[int, Any]:
    try:
        from jahesh.loans.queries import open_requests  # type: ignore[import-not-found]
    except ImportError:
        return {}
    return dict(open_requests(unit_ids))


def screening(
    region: Region,
    conf: RevivalSettings | None = None,
    unit_ids: list[int] | None = None,
    now: int | None = None,
) -> pd.DataFrame:
    """Idle and semi-active units with their factors, score, status, override, verdict and impact.

    One row per unit (index: unit id). Columns: the ``<factor>_value/_weight/_contribution`` triples of
    ``screening_score``, ``coverage``, ``score``, ``status``, ``override`` (verdict or ''),
    ``override_reason``, ``verdict`` (the override if any, else the status), then the impact:
    ``jobs``, ``output``, ``fx``, ``strategic``, ``cost``, ``cost_estimated``, ``months_to_restart``,
    ``county``, ``bank``, ``programme``, ``name``, ``unit_status``.
    """
    conf = conf or settings_for(region)
    units = Unit.objects.filter(region=region, status__in=SCREENED_STATUSES)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    rows = list(
        units.order_by("pk").values_list(
            "pk",
            "name",
            "county_id",
            "status",
            "ownership",
            "owner_bank_id",
            "licence_stage",
            "utilisation",
            "last_employment",
            "licensed_employment",
        )
    )
    cols = [
        "unit",
        "name",
        "county",
        "unit_status",
        "ownership",
        "owner_bank",
        "stage",
        "utilisation",
        "employment",
        "licensed_employment",
    ]
    base = pd.DataFrame.from_records(rows, columns=cols).set_index("unit")
    if base.empty:
        return base
    ids = base.index.tolist()
    now = current_report_month() if now is None else now

    # Product lines: annual output value at capacity, strategic goods, HS codes.
    lines = pd.DataFrame.from_records(
        ProductLine.objects.filter(unit_id__in=ids).values_list(
            "unit_id", "hs_code", "nominal_capacity", "unit_value_irr", "strategic"
        ),
        columns=["unit", "hs", "cap", "value", "strategic"],
    )
    codes = conf.strategic_codes()
    if not lines.empty:
        lines["cap_value"] = lines["cap"].astype(float) * lines["value"].astype(float)
        lines["strategic"] = lines["strategic"] | lines["hs"].map(
            lambda h: any(h.startswith(c) for c in codes)
        )
        per = lines.groupby("unit")
        output = per["cap_value"].sum(min_count=1)
        strategic = per["strategic"].any()
        hs_by_unit = per["hs"].apply(list).to_dict()
    else:
        output, strategic, hs_by_unit = pd.Series(dtype=float), pd.Series(dtype=bool), {}
    base["annual_output_value"] = output.reindex(base.index)
    base["strategic"] = strategic.reindex(base.index).fillna(False).astype(bool)

    # Cases: causes, debts, seizure.
    cases = pd.DataFrame.from_records(
        Case.objects.filter(unit_id__in=ids).values_list(
            "unit_id", "category__code", "category__parent__code", "state", "amount_irr"
        ),
        columns=["unit", "code", "parent", "state", "amount"],
    )
    if not cases.empty:
        top = cases["parent"].fillna(cases["code"])
        cases["structural"] = cases["code"].isin(STRUCTURAL_CATEGORIES) | top.isin(STRUCTURAL_CATEGORIES)
        cases["open"] = cases["state"] != Case.State.CLOSED
        cases["debt"] = np.where(
            cases["open"] & (cases["code"].isin(DEBT_CATEGORIES) | top.isin(DEBT_CATEGORIES)),
            cases["amount"].astype(float).fillna(0.0),
            0.0,
        )
        cases["seized"] = cases["open"] & (cases["code"] == "bank.seizure")
        per = cases.groupby("unit")
        causes = 1.0 - per["structural"].mean()
        debt = per["debt"].sum()
        seized = per["seized"].any()
    else:
        causes, debt, seized = pd.Series(dtype=float), pd.Series(dtype=float), pd.Series(dtype=bool)
    debt_amount = debt.reindex(base.index).fillna(0.0)
    seized_any = seized.reindex(base.index).fillna(False).astype(bool) | (base["ownership"] == "bank_owned")
    licence = base["stage"].map(lambda s: LICENCE_OF_STAGE.get(s))

    factors = pd.DataFrame(index=base.index)
    factors["causes"] = causes.reindex(base.index).astype(float)
    factors["debt"] = R.debt_value(debt_amount.to_numpy(), base["annual_output_value"].to_numpy(dtype=float))
    factors["seizure"] = np.where(seized_any, 0.0, 1.0)
    factors["loans"] = (
        np.nan
    )  # no repayment history yet: the loans app records disbursements, not instalments
    factors["licence"] = R.licence_value(licence.where(licence.notna(), None).to_numpy(dtype=object))
    market = _market_values({u: hs_by_unit.get(u, []) for u in ids})
    factors["market"] = pd.Series(market, dtype=float).reindex(base.index)
    factors["machinery"] = np.nan  # the registry records no machinery age
    scored = R.screening_score(factors, conf.weights(), threshold=float(conf.revivable_threshold))

    overrides = {
        o.unit_id: o
        for o in ScreeningOverride.objects.filter(unit_id__in=ids).only("unit_id", "verdict", "reason")
    }
    scored["override"] = [overrides[u].verdict if u in overrides else "" for u in ids]
    scored["override_reason"] = [overrides[u].reason if u in overrides else "" for u in ids]
    scored["verdict"] = np.where(scored["override"] != "", scored["override"], scored["status"])

    # Impact.
    peak = pd.Series(
        dict(
            MonthlyReport.objects.filter(unit_id__in=ids, month__gt=now - 24)
            .exclude(state=MonthlyReport.State.RETURNED)
            .values("unit_id")
            .order_by()
            .annotate(m=Max("employment"))
            .values_list("unit_id", "m")
        ),
        dtype=float,
    ).reindex(base.index)
    reference = peak.where(peak > 0, base["licensed_employment"].astype(float)).fillna(0.0)
    # An idle unit's jobs are all lost while it makes nothing; a semi-active one keeps its current staff.
    current = (
        base["employment"].astype(float).fillna(0.0).where(base["unit_status"] != OperatingStatus.IDLE, 0.0)
    )
    jobs = (reference - current).clip(lower=0.0)
    util = base["utilisation"].astype(float).fillna(0.0).clip(upper=1.0)
    output_gain = base["annual_output_value"] * (1.0 - util)
    exports = pd.Series(
        dict(
            ReportExport.objects.filter(report__unit_id__in=ids, report__month__gt=now - 24)
            .values("report__unit_id")
            .order_by()
            .annotate(v=Sum("value_usd"))
            .values_list("report__unit_id", "v")
        ),
        dtype=float,
    ).reindex(base.index)
    fx = (exports.fillna(0.0) / 2.0).round(0)  # the last 24 months, per year

    requests = _open_requests(ids)
    cost_req = pd.Series({u: float(r.amount) for u, r in requests.items()}, dtype=float).reindex(base.index)
    cost_est = base["annual_output_value"] * float(conf.cost_share)
    cost = cost_req.where(cost_req.notna(), cost_est)
    bank = pd.Series({u: r.bank_id for u, r in requests.items() if r.bank_id}, dtype=object).reindex(
        base.index
    )
    bank = bank.where(bank.notna(), base["owner_bank"])
    programme = pd.Series({u: r.programme_code for u, r in requests.items()}, dtype=object).reindex(
        base.index
    )
    months = np.where(base["unit_status"] == OperatingStatus.IDLE, 6, 3)
    months = months + np.where(seized_any, 6, 0) + np.where(licence == "expired", 3, 0)

    out = scored.join(base[["name", "county", "unit_status", "annual_output_value"]])
    out["jobs"] = jobs.round(0)
    out["output"] = output_gain.round(0)
    out["fx"] = fx
    out["strategic"] = base["strategic"]
    out["cost"] = cost.round(0)
    out["cost_estimated"] = cost_req.isna()
    out["bank"] = bank.map(lambda b: "" if pd.isna(b) else str(int(b)))
    out["programme"] = programme
    out["months_to_restart"] = months
    out["debt_amount"] = debt_amount
    return out


def candidates(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows the optimiser chooses from: verdict revivable and a known positive cost."""
    if frame.empty:
        return pd.DataFrame(columns=["unit", "cost", "jobs", "output", "fx", "strategic", "county", "bank"])
    ok = (frame["verdict"] == R.REVIVABLE) & frame["cost"].notna() & (frame["cost"] > 0)
    sub = frame[ok]
    return pd.DataFrame(
        {
            "unit": sub.index.astype(int),
            "cost": sub["cost"].astype(float),
            "jobs": sub["jobs"].astype(float),
            "output": sub["output"].fillna(0.0).astype(float),
            "fx": sub["fx"].astype(float),
            "strategic": sub["strategic"].astype(bool),
            "county": sub["county"].astype(int).astype(str),
            "bank": sub["bank"].astype(str),
            "programme": sub["programme"],
        }
    ).reset_index(drop=True)

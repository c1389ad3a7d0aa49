"""Revival over HTTP (/api/v1/revival/…): the watch list, the screening, scenarios and revival files.

The same permissions as the pages (``jahesh.revival.access``): the watch list, the screening and the scenarios
are for the region-wide roles (admin, secretariat, leadership); a revival file is also seen by the
representatives of its unit; agency and bank officers see none of it. Leadership may create scenarios and
approve plans (move a file to "plan approved"); the other moves are the secretariat's. A stale version or a
move the state machine refuses answers 409.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal, get_args

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import BaseModel, ConfigDict, Field

from jahesh.api.auth import allow
from jahesh.api.common import PageParams, date_jalali, month_jalali, page_of, paginate
from jahesh.api.fields import BodyId, Id, JsonInt, PlainText, whole_amount
from jahesh.api.problems import field_error, invalid_input
from jahesh.core.models import AuditEvent, Role
from jahesh.registry.models import Agency, County, Region, Unit

from . import access, actions, figures, plans, stored
from .models import RevivalFile, Scenario, ScreeningRow, WatchRow

router = Router(tags=["revival"])

WIDE = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
FileState = Literal["diagnosed", "approved", "financing", "restarted", "sustained"]
Verdict = Literal["revivable", "not_revivable", "insufficient_data"]
assert set(get_args(FileState)) == set(RevivalFile.State.values)
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


def _f(v: Any) -> float | None:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _region() -> Region | None:
    return Region.objects.order_by("pk").first()


# -- watch list --------------------------------------------------------------------------------------------


class WatchOut(Schema):
    unit: int
    name: str
    status: str
    reasons: list[Literal["utilisation_drop", "reports_stopped", "employment_fall"]]
    utilisation_before: float | None = Field(
        description="Mean utilisation (%) of the same 3 months last year"
    )
    utilisation_now: float | None = Field(description="Mean utilisation (%) of the last 3 months")
    drop_points: float | None
    silent_months: int | None = Field(description="Months since the last counted report")
    employment_before: float | None
    employment_now: float | None
    employment_fall_pct: float | None
    months: list[str] = Field(description="The 15 months of the trend, Jalali (yyyy/mm)")
    utilisation_series: list[float | None] = Field(description="Utilisation (%) month by month")


@router.get("/revival/watch", response=page_of(WatchOut), auth=allow(*WIDE))
def watch_list(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """Units sliding toward idleness, steepest utilisation fall first (thresholds: the region's settings)."""
    # Read from the stored rows (``jahesh.revival.stored``), made current first.
    region = _region()
    if region is None:
        return paginate(request, [], paging)
    stored.ensure_fresh(region)
    rows = WatchRow.objects.filter(region=region).order_by(*stored.WATCH_ORDER)
    names: dict[int, str] = {}

    def prepare(items: list[WatchRow]) -> list[WatchRow]:
        names.update(Unit.objects.filter(pk__in=[r.unit_id for r in items]).values_list("pk", "name"))
        return items

    def item(r: WatchRow) -> dict[str, Any]:
        reasons = [
            code
            for code, flag in (
                ("utilisation_drop", r.reason_drop),
                ("reports_stopped", r.reason_silent),
                ("employment_fall", r.reason_employment),
            )
            if flag
        ]
        return {
            "unit": r.unit_id,
            "name": names.get(r.unit_id, ""),
            "status": r.status,
            "reasons": reasons,
            "utilisation_before": r.utilisation_before,
            "utilisation_now": r.utilisation_now,
            "drop_points": r.drop_points,
            "silent_months": int(r.silent_months) if r.silent_months is not None else None,
            "employment_before": r.employment_before,
            "employment_now": r.employment_now,
            "employment_fall_pct": r.employment_fall_pct,
            "months": [month_jalali(m) or "" for m in range(r.month - figures.SPAN + 1, r.month + 1)],
            "utilisation_series": r.series,
        }

    return paginate(request, rows, paging, item, prepare)


# -- screening ---------------------------------------------------------------------------------------------


class FactorOut(Schema):
    factor: str
    value: float | None = Field(description="0–1, 1 most favourable to revival; null where unknown")
    weight: float = Field(description="The effective weight for this unit (known factors' weights rescaled)")
    contribution: float


class ScreeningOut(Schema):
    unit: int
    name: str
    status: Literal["idle", "semi_active"]
    score: float | None
    coverage: float
    score_verdict: Verdict
    override: Literal["revivable", "not_revivable", ""]
    override_reason: str
    verdict: Verdict
    factors: list[FactorOut]
    jobs: float = Field(description="Jobs restored if revived")
    output_irr: float | None = Field(description="Annual output value restored (IRR)")
    fx_usd: float = Field(description="Exports a year (USD), the last 24 months' mean")
    strategic: bool
    money_needed_irr: float | None
    money_estimated: bool = Field(description="True when estimated from capacity (no open loan application)")
    months_to_restart: int


class ScreeningFilters(Schema):
    verdict: Verdict | None = None


@router.get("/revival/screening", response=page_of(ScreeningOut), auth=allow(*WIDE))
def screening(
    request: HttpRequest, filters: Query[ScreeningFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Idle and semi-active units with their revivability factors, score, verdict and impact, best first."""
    # Read from the stored rows (``jahesh.revival.stored``), made current first.
    region = _region()
    if region is None:
        return paginate(request, [], paging)
    stored.ensure_fresh(region)
    rows = ScreeningRow.objects.filter(region=region)
    if filters.verdict:
        rows = rows.filter(verdict=filters.verdict)
    rows = rows.order_by(*stored.SCREENING_ORDER)
    names: dict[int, str] = {}

    def prepare(items: list[ScreeningRow]) -> list[ScreeningRow]:
        names.update(Unit.objects.filter(pk__in=[r.unit_id for r in items]).values_list("pk", "name"))
        return items

    def item(r: ScreeningRow) -> dict[str, Any]:
        return {
            "unit": r.unit_id,
            "name": names.get(r.unit_id, ""),
            "status": r.unit_status,
            "score": r.score,
            "coverage": r.coverage,
            "score_verdict": r.status,
            "override": r.override,
            "override_reason": r.override_reason,
            "verdict": r.verdict,
            "factors": [
                {"factor": f, "value": v, "weight": w, "contribution": c}
                for f in figures.R.FACTORS
                for v, w, c in [r.factors.get(f, [None, 0.0, 0.0])]
            ],
            "jobs": r.jobs,
            "output_irr": r.output,
            "fx_usd": r.fx,
            "strategic": r.strategic,
            "money_needed_irr": r.cost,
            "money_estimated": r.cost_estimated,
            "months_to_restart": r.months_to_restart,
        }

    return paginate(request, rows, paging, item, prepare)


# -- scenarios ---------------------------------------------------------------------------------------------


class ReasonOut(Schema):
    unit: int
    chosen: bool
    code: str
    text: str


class ConflictOut(Schema):
    code: str
    constraints: list[str]
    text: str


class ScenarioSummaryOut(Schema):
    id: int
    name: str
    status: str
    budget_irr: float
    chosen: int = Field(description="Number of units chosen")
    jobs: float | None
    created_at: dt.datetime
    created_at_jalali: str | None


class ScenarioOut(ScenarioSummaryOut):
    version: int
    inputs: dict[str, Any]
    chosen_units: list[int]
    objective: float | None
    greedy_objective: float | None
    gain_over_greedy: float | None
    spent_irr: float | None
    totals: dict[str, float | None]
    binding: list[str]
    binding_text: list[str]
    reasons: list[ReasonOut]
    conflicts: list[ConflictOut]


def _summary(s: Scenario) -> dict[str, Any]:
    res = s.result or {}
    return {
        "id": s.pk,
        "name": s.name,
        "status": s.status,
        "budget_irr": float((s.inputs or {}).get("budget") or 0),
        "chosen": len(res.get("chosen", [])),
        "jobs": _f((res.get("totals") or {}).get("jobs")),
        "created_at": s.created_at,
        "created_at_jalali": date_jalali(s.created_at),
    }


def _scenario(s: Scenario) -> dict[str, Any]:
    res = s.result or {}
    names = plans.Names(s.region, res.get("units"))
    chosen = {str(u) for u in res.get("chosen", [])}
    return {
        **_summary(s),
        "version": s.version,
        "inputs": s.inputs or {},
        "chosen_units": res.get("chosen", []),
        "objective": _f(res.get("objective")),
        "greedy_objective": _f(res.get("greedy_objective")),
        "gain_over_greedy": _f(res.get("gain_over_greedy")),
        "spent_irr": _f(res.get("spent")),
        "totals": {k: _f(v) for k, v in (res.get("totals") or {}).items()},
        "binding": res.get("binding", []),
        "binding_text": [plans.constraint_text(b, names) for b in res.get("binding", [])],
        "reasons": [
            {
                "unit": int(u),
                "chosen": u in chosen,
                "code": code,
                "text": plans.reason_text(code, params, names),
            }
            for u, (code, params) in (res.get("reasons") or {}).items()
        ],
        "conflicts": [
            {
                "code": code,
                "constraints": list((params or {}).get("constraints", [])),
                "text": plans.conflict_text(code, params, names),
            }
            for code, params in res.get("conflicts", [])
        ],
    }


class ScenarioIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: PlainText(min_length=1, max_length=200)  # type: ignore[valid-type]
    budget_irr: whole_amount(20, "The loan budget (IRR), above zero")  # type: ignore[valid-type]
    county_min: dict[str, Share] = Field(default_factory=dict, description="County id → minimum share (0–1)")
    county_max: dict[str, Share] = Field(default_factory=dict, description="County id → maximum share (0–1)")
    bank_quota: dict[
        str, whole_amount(20, "Money (IRR)")  # type: ignore[valid-type]
    ] = Field(default_factory=dict, description="Bank (agency id) → quota (IRR)")
    strategic_min: Share | None = Field(None, description="Minimum share of the budget for strategic goods")
    must: list[BodyId] = Field(default_factory=list, max_length=1000)  # type: ignore[valid-type]
    must_not: list[BodyId] = Field(default_factory=list, max_length=1000)  # type: ignore[valid-type]
    partial: bool = False


@router.get("/revival/scenarios", response=page_of(ScenarioSummaryOut), auth=allow(*WIDE))
def list_scenarios(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """Saved scenarios, newest first."""
    return paginate(
        request, access.scenarios_for(request.user).order_by("-created_at", "-id"), paging, _summary
    )


@router.get("/revival/scenarios/{scenario_id}", response=ScenarioOut, auth=allow(*WIDE))
def get_scenario(request: HttpRequest, scenario_id: Id) -> dict[str, Any]:
    """A scenario: its inputs, the chosen units, every candidate's reason in words, binding constraints, and
    the conflicting constraints when no plan exists."""
    return _scenario(access.get_scenario(request.user, scenario_id))


@router.post("/revival/scenarios", response={201: ScenarioOut}, auth=allow(*WIDE))
def create_scenario(request: HttpRequest, payload: ScenarioIn, response: HttpResponse) -> dict[str, Any]:
    """Solve and save a scenario (an infeasible one is saved too, with the conflicting constraints)."""
    region = _region()
    errors = []
    counties = {str(pk) for pk in County.objects.filter(region=region).values_list("pk", flat=True)}
    banks = {
        str(pk)
        for pk in Agency.objects.filter(region=region, kind=Agency.Kind.BANK).values_list("pk", flat=True)
    }
    for key in ("county_min", "county_max"):
        for c in getattr(payload, key):
            if c not in counties:
                errors.append(field_error(["body", key, c], _("There is no such county."), "unknown"))
    for b in payload.bank_quota:
        if b not in banks:
            errors.append(field_error(["body", "bank_quota", b], _("There is no such bank."), "unknown"))
    if payload.budget_irr <= 0:
        errors.append(
            field_error(["body", "budget_irr"], _("The budget must be a positive amount."), "range")
        )
    if not payload.name.strip():
        errors.append(field_error(["body", "name"], _("Give the scenario a name."), "blank"))
    both = set(payload.must) & set(payload.must_not)
    if both:
        errors.append(
            field_error(["body", "must_not"], _("A unit cannot be both a must and a must-not."), "both")
        )
    if errors or region is None:
        raise invalid_input(errors or [field_error(["body"], _("There is no region yet."), "unknown")])
    inputs = {
        "budget": float(payload.budget_irr),
        "county_min": payload.county_min,
        "county_max": payload.county_max,
        "bank_quota": {k: float(v) for k, v in payload.bank_quota.items()},
        "strategic_min": payload.strategic_min,
        "must": sorted(set(payload.must)),
        "must_not": sorted(set(payload.must_not)),
        "partial": payload.partial,
    }
    scenario = actions.create_scenario(
        actor=request.user, region=region, name=payload.name, inputs=inputs, source=AuditEvent.Source.API
    )
    response.status_code = 201
    return _scenario(scenario)


# -- revival files -----------------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    name: str


class FileOut(Schema):
    id: int
    version: int
    unit: UnitRef
    state: FileState
    state_label: str
    scenario: int | None
    jobs_to_restore: int
    jobs_restored: int
    money_needed_irr: str | None
    restarted_month: str | None
    sustained_month: str | None
    case_ids: list[int]
    loan_ids: list[int]
    resolution_ids: list[int]
    created_at: dt.datetime
    created_at_jalali: str | None


def _file(f: RevivalFile) -> dict[str, Any]:
    return {
        "id": f.pk,
        "version": f.version,
        "unit": {"id": f.unit_id, "name": f.unit.name},
        "state": f.state,
        "state_label": str(f.get_state_display()),
        "scenario": f.scenario_id,
        "jobs_to_restore": f.jobs_before,
        "jobs_restored": f.jobs_restored,
        "money_needed_irr": str(f.money_needed_irr) if f.money_needed_irr is not None else None,
        "restarted_month": month_jalali(f.restarted_month),
        "sustained_month": month_jalali(f.sustained_month),
        "case_ids": list(f.case_ids),
        "loan_ids": list(f.loan_ids),
        "resolution_ids": list(f.resolution_ids),
        "created_at": f.created_at,
        "created_at_jalali": date_jalali(f.created_at),
    }


class FileFilters(Schema):
    state: FileState | None = None


@router.get("/revival/files", response=page_of(FileOut), auth=allow(*WIDE, Role.UNIT))
def list_files(
    request: HttpRequest, filters: Query[FileFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Revival files the caller may see (a unit representative: their own unit's), newest first."""
    files = access.files_for(request.user).select_related("unit").order_by("-created_at", "-id")
    if filters.state:
        files = files.filter(state=filters.state)
    return paginate(request, files, paging, _file)


@router.get("/revival/files/{file_id}", response=FileOut, auth=allow(*WIDE, Role.UNIT))
def get_file(request: HttpRequest, file_id: Id) -> dict[str, Any]:
    """One revival file."""
    return _file(access.get_file(request.user, file_id))


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: FileState
    version: JsonInt(1, 2**31 - 1)  # type: ignore[valid-type]
    note: PlainText(max_length=1000) = ""  # type: ignore[valid-type]


@router.post("/revival/files/{file_id}/move", response=FileOut, auth=allow(*WIDE))
def move_file(request: HttpRequest, file_id: Id, payload: MoveIn) -> dict[str, Any]:
    """Move a file one step: leadership or the secretariat approves the plan, the secretariat starts the
    financing; "restarted" and "sustained" are read from the monthly reports (409 by hand)."""
    f = access.get_file(request.user, file_id)
    moved = actions.advance(
        actor=request.user,
        file=f,
        to=payload.to,
        version=payload.version,
        note=payload.note,
        source=AuditEvent.Source.API,
    )
    return _file(RevivalFile.objects.select_related("unit").get(pk=moved.pk))

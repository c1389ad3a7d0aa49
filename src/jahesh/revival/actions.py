"""Named actions of the revival app: one transaction each, a row lock and version check, an audit record.

A revival file moves forward only, one step at a time::

    diagnosed → plan approved → financing → restarted → sustained (6 months)

"Plan approved" is leadership's (or the secretariat's) decision; "financing" the secretariat's; "restarted"
and "sustained" are read from the unit's monthly reports by ``refresh_files`` (utilisation above the region's
low-capacity threshold in the last month, and in each of the last six months) and may not be set by hand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jahesh.analytics.utilisation import monthly_utilisation
from jahesh.core.audit import record, snapshot
from jahesh.core.models import AuditEvent, Role
from jahesh.core.notify import notify
from jahesh.registry import actions as registry_actions
from jahesh.registry.models import MonthlyReport, Region, ReportLine, Unit
from jahesh.registry.stats import current_report_month

from . import plans, stored
from .models import RevivalFile, RevivalSettings, RevivalState, Scenario, ScreeningOverride

State = RevivalFile.State
SUSTAINED_MONTHS = 6
NEXT = {
    State.DIAGNOSED: State.PLAN_APPROVED,
    State.PLAN_APPROVED: State.FINANCING,
    State.FINANCING: State.RESTARTED,
    State.RESTARTED: State.SUSTAINED,
}
#: Who may make each manual move; restarted and sustained come from the reports.
MANUAL = {
    State.PLAN_APPROVED: (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP),
    State.FINANCING: (Role.ADMIN, Role.SECRETARIAT),
}
SETTINGS_FIELDS = [
    "drop_points",
    "silent_months",
    "employment_drop_pct",
    *RevivalSettings.FACTOR_FIELDS.values(),
    "revivable_threshold",
    "strategic_hs",
    "cost_share",
]
FILE_FIELDS = [
    "state",
    "jobs_restored",
    "restarted_month",
    "sustained_month",
    "case_ids",
    "loan_ids",
    "resolution_ids",
]


class ActionError(registry_actions.ActionError):
    """Not allowed now or not by this user; the message says why (translated). The API answers 409."""


class ConflictError(registry_actions.ConflictError, ActionError):
    """Someone else changed the object since the user loaded it."""


def _role(user: Any) -> str:
    return Role.ADMIN if getattr(user, "is_superuser", False) else getattr(user, "role", "")


def _check_version(obj: Any, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise ConflictError(_("Someone changed this while you were reading it; reload and try again."))


def _bump(obj: Any, fields: list[str]) -> None:
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version"])
    obj.refresh_from_db(fields=["version"])


@transaction.atomic
def update_settings(*, actor: Any, region: Region, version: int, values: dict[str, Any]) -> RevivalSettings:
    """The admin changes the region's early-warning thresholds or screening weights."""
    if _role(actor) != Role.ADMIN:
        raise ActionError(_("Only the administrator may change the revival settings."))
    RevivalSettings.objects.get_or_create(region=region)
    conf = RevivalSettings.objects.select_for_update().get(region=region)
    _check_version(conf, version)
    if (
        sum(Decimal(str(values.get(f, getattr(conf, f)))) for f in RevivalSettings.FACTOR_FIELDS.values())
        <= 0
    ):
        raise ActionError(_("At least one screening weight must be above zero."))
    before = snapshot(conf, SETTINGS_FIELDS)
    changed = [f for f in SETTINGS_FIELDS if f in values]
    for f in changed:
        setattr(conf, f, values[f])
    _bump(conf, changed)
    record(
        actor=actor, action="revival.settings", obj=conf, before=before, after=snapshot(conf, SETTINGS_FIELDS)
    )
    # The stored watch list and screening follow the new thresholds and weights at once.
    transaction.on_commit(lambda: stored.refresh_region(region))
    return conf


def recompute(*, actor: Any, region: Region) -> stored.Refreshed:
    """The secretariat (or the admin) recomputes the stored watch list and screening now."""
    if _role(actor) not in (Role.ADMIN, Role.SECRETARIAT):
        raise ActionError(_("Only the secretariat may recompute the early warning and the screening."))
    done = stored.refresh_region(region)
    with transaction.atomic():
        state = RevivalState.objects.get(region=region)
        record(
            actor=actor,
            action="revival.recomputed",
            obj=state,
            after={"watched": done.watched, "screened": done.screened, "seconds": round(done.seconds, 1)},
        )
    return done


@transaction.atomic
def override_verdict(
    *, actor: Any, unit: Unit, verdict: str, reason: str, version: int | None = None
) -> ScreeningOverride | None:
    """The secretariat sets (or with ``verdict=""`` clears) its own verdict on a unit, with a reason."""
    if _role(actor) not in (Role.ADMIN, Role.SECRETARIAT):
        raise ActionError(_("Only the secretariat may override a screening verdict."))
    reason = reason.strip()
    if verdict and verdict not in ScreeningOverride.Verdict.values:
        raise ActionError(_("Unknown verdict."))
    if not reason:
        raise ActionError(_("Give the reason for the override."))
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    current = ScreeningOverride.objects.filter(unit=unit).first()
    if current is not None:
        _check_version(current, version)
    elif version not in (None, 0):
        raise ConflictError(_("Someone changed this while you were reading it; reload and try again."))
    before = {"verdict": current.verdict, "reason": current.reason} if current else {"verdict": ""}
    if not verdict:
        if current is None:
            raise ActionError(_("There is no override to clear."))
        record(
            actor=actor,
            action="revival.override_cleared",
            obj=current,
            before=before,
            after={"verdict": ""},
            unit=unit,
            note=reason,
        )
        current.delete()
        return None
    if current is None:
        current = ScreeningOverride.objects.create(unit=unit, verdict=verdict, reason=reason, by=actor)
    else:
        current.verdict, current.reason, current.by, current.at = verdict, reason, actor, timezone.now()
        _bump(current, ["verdict", "reason", "by", "at"])
    record(
        actor=actor,
        action="revival.override",
        obj=current,
        before=before,
        after={"verdict": verdict, "reason": reason},
        unit=unit,
    )
    return current


def check_inputs(inputs: dict[str, Any]) -> None:
    budget = inputs.get("budget")
    if not isinstance(budget, int | float | Decimal) or not budget > 0:
        raise ActionError(_("The budget must be a positive amount."))
    for key in ("county_min", "county_max"):
        for share in (inputs.get(key) or {}).values():
            if not 0 <= float(share) <= 1:
                raise ActionError(_("A county share must lie between 0 and 100 per cent."))
    for quota in (inputs.get("bank_quota") or {}).values():
        if float(quota) < 0:
            raise ActionError(_("A bank quota may not be negative."))
    s = inputs.get("strategic_min")
    if s is not None and not 0 <= float(s) <= 1:
        raise ActionError(_("The strategic minimum must lie between 0 and 100 per cent."))


@transaction.atomic
def create_scenario(
    *, actor: Any, region: Region, name: str, inputs: dict[str, Any], source: str = AuditEvent.Source.WEB
) -> Scenario:
    """Leadership or the secretariat saves a scenario; it is solved now and its result kept with it."""
    if _role(actor) not in (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP):
        raise ActionError(_("Only the secretariat and leadership may build revival scenarios."))
    name = name.strip()
    if not name:
        raise ActionError(_("Give the scenario a name."))
    clean = {k: inputs[k] for k in plans.INPUT_KEYS if k in inputs}
    clean["budget"] = float(clean.get("budget") or 0)
    check_inputs(clean)
    try:
        result = plans.solve(region, clean)
    except ValueError as exc:  # malformed constraints the form could not catch
        raise ActionError(_("The scenario cannot be solved: %(error)s") % {"error": exc}) from None
    scenario = Scenario.objects.create(
        region=region,
        name=name,
        inputs=plans._clean(clean),
        result=result,
        status=result["status"],
        created_by=actor,
    )
    record(
        actor=actor,
        action="revival.scenario",
        obj=scenario,
        after={"status": scenario.status, "chosen": len(result["chosen"])},
        source=source,
    )
    return scenario


def _jobs_and_money(unit: Unit, scenario: Scenario | None) -> tuple[int, Decimal | None]:
    info = (scenario.result.get("units") or {}).get(str(unit.pk)) if scenario else None
    if info:
        return int(info["jobs"]), Decimal(int(info["cost"]))
    return 0, None


def _resolutions_of(unit: Unit) -> list[int]:
    """The working group's resolutions about the unit (the meetings app)."""
    from jahesh.meetings.models import Resolution

    return list(Resolution.objects.filter(unit=unit).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def open_file(
    *,
    actor: Any,
    unit: Unit,
    scenario: Scenario | None = None,
    diagnosis: str = "",
    source: str = AuditEvent.Source.WEB,
) -> RevivalFile:
    """Open the revival file of a unit (one per unit), linked to the unit's open cases."""
    if _role(actor) not in (Role.ADMIN, Role.SECRETARIAT):
        raise ActionError(_("Only the secretariat may open revival files."))
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    if RevivalFile.objects.filter(unit=unit).exists():
        raise ActionError(_("%(unit)s already has a revival file.") % {"unit": unit.name})
    jobs, money = _jobs_and_money(unit, scenario)
    from jahesh.cases.models import Case

    case_ids = list(
        Case.objects.filter(unit=unit).exclude(state=Case.State.CLOSED).values_list("pk", flat=True)
    )
    from .figures import _open_requests

    request = _open_requests([unit.pk]).get(unit.pk)
    loan_ids = [request.application_id] if request is not None else []
    f = RevivalFile.objects.create(
        unit=unit,
        scenario=scenario,
        diagnosis=diagnosis.strip(),
        jobs_before=jobs,
        money_needed_irr=money,
        employment_at_open=unit.last_employment or 0,
        case_ids=case_ids,
        loan_ids=loan_ids,
        resolution_ids=_resolutions_of(unit),
        opened_by=actor,
    )
    record(
        actor=actor, action="revival.file_opened", obj=f, after={"state": f.state}, unit=unit, source=source
    )
    # The unit's representatives learn that the working group has taken up their unit's revival.
    transaction.on_commit(
        lambda: notify(
            unit.representatives.all(),
            kind="revival",
            message=gettext_lazy("A revival file was opened for %(unit)s."),
            params={"unit": unit.name},
            url=reverse("revival-file-detail", args=[f.pk]),
        )
    )
    return f


@transaction.atomic
def open_files_for_scenario(*, actor: Any, scenario: Scenario) -> list[RevivalFile]:
    """A file for every unit the scenario chose that has none yet."""
    if scenario.status not in ("optimal", "time_limit"):
        raise ActionError(_("This scenario has no plan to carry out."))
    have = set(
        RevivalFile.objects.filter(unit_id__in=scenario.result["chosen"]).values_list("unit_id", flat=True)
    )
    units = Unit.objects.filter(pk__in=[u for u in scenario.result["chosen"] if u not in have]).order_by("pk")
    return [open_file(actor=actor, unit=u, scenario=scenario) for u in units]


@transaction.atomic
def advance(
    *,
    actor: Any,
    file: RevivalFile,
    to: str,
    version: int | None,
    note: str = "",
    source: str = AuditEvent.Source.WEB,
) -> RevivalFile:
    """Move a file one step by hand (plan approved, financing); other moves are refused with a reason."""
    locked = RevivalFile.objects.select_for_update().get(pk=file.pk)
    _check_version(locked, version)
    if to not in State.values:
        raise ActionError(_("Unknown state."))
    if NEXT.get(locked.state) != to:
        raise ActionError(
            _("A file in the state “%(now)s” cannot move to “%(to)s”.")
            % {"now": State(locked.state).label, "to": State(to).label}
        )
    if to not in MANUAL:
        raise ActionError(_("Restart and sustained output are read from the unit's monthly reports."))
    if _role(actor) not in MANUAL[to]:
        raise ActionError(_("Your role may not make this move."))
    before = snapshot(locked, FILE_FIELDS)
    locked.state, locked.state_changed_at = to, timezone.now()
    _bump(locked, ["state", "state_changed_at"])
    record(
        actor=actor,
        action="revival.file_moved",
        obj=locked,
        before=before,
        after=snapshot(locked, FILE_FIELDS),
        unit=locked.unit,
        note=note.strip(),
        source=source,
    )
    return locked


@transaction.atomic
def link(*, actor: Any, file: RevivalFile, kind: str, ids: list[int], version: int | None) -> RevivalFile:
    """Link cases, loan applications or resolutions (by id) to a file."""
    if _role(actor) not in (Role.ADMIN, Role.SECRETARIAT):
        raise ActionError(_("Only the secretariat may link records to a revival file."))
    field = {"case": "case_ids", "loan": "loan_ids", "resolution": "resolution_ids"}.get(kind)
    if field is None:
        raise ActionError(_("Unknown kind of link."))
    locked = RevivalFile.objects.select_for_update().get(pk=file.pk)
    _check_version(locked, version)
    if kind == "case":
        from jahesh.cases.models import Case

        found = set(Case.objects.filter(pk__in=ids, unit_id=locked.unit_id).values_list("pk", flat=True))
        if found != set(ids):
            raise ActionError(_("Only cases about this unit may be linked."))
    before = snapshot(locked, FILE_FIELDS)
    setattr(locked, field, sorted(set(getattr(locked, field)) | set(ids)))
    _bump(locked, [field])
    record(
        actor=actor,
        action="revival.file_linked",
        obj=locked,
        before=before,
        after=snapshot(locked, FILE_FIELDS),
        unit=locked.unit,
    )
    return locked


def _series(unit: Unit, months: list[int]) -> tuple[np.ndarray, dict[int, int]]:
    lines = list(unit.product_lines.order_by("pk"))
    reports = list(
        MonthlyReport.objects.filter(unit=unit, month__in=months).exclude(state=MonthlyReport.State.RETURNED)
    )
    if not lines or not reports:
        return np.full(len(months), np.nan), {}
    pos = {line.pk: i for i, line in enumerate(lines)}
    month_of = {r.pk: r.month for r in reports}
    out = list(
        ReportLine.objects.filter(report_id__in=month_of).values_list(
            "report_id", "product_line_id", "output"
        )
    )
    reported = sorted(month_of.values())
    series = monthly_utilisation(
        months=reported,
        line_capacity=[float(line.nominal_capacity) for line in lines],
        line_value=[float(line.unit_value_irr) if line.unit_value_irr else np.nan for line in lines],
        output_line=[pos[pl] for _r, pl, _q in out],
        output_month=[month_of[r] for r, _pl, _q in out],
        output_quantity=[float(q) for _r, _pl, q in out],
    )
    by_month = dict(zip(reported, series.tolist(), strict=True))
    return np.array([by_month.get(m, np.nan) for m in months]), {r.month: r.employment for r in reports}


@transaction.atomic
def refresh_files(region: Region, now: int | None = None, actor: Any = None) -> int:
    """Move financed files to restarted when the last reported month's utilisation is above the region's
    low-capacity threshold, and restarted ones to sustained when each of the last six months is. Returns how
    many files moved. Run by ``jahesh manage revival_refresh`` and after a report is accepted."""
    now = current_report_month() if now is None else now
    threshold = float(region.low_capacity_threshold)
    moved = 0
    for f in (
        RevivalFile.objects.select_for_update()
        .filter(unit__region=region, state__in=[State.FINANCING, State.RESTARTED])
        .select_related("unit")
    ):
        months = list(range(now - SUSTAINED_MONTHS + 1, now + 1))
        series, employment = _series(f.unit, months)
        before = snapshot(f, FILE_FIELDS)
        if f.state == State.FINANCING and series[-1] > threshold:
            f.state, f.restarted_month = State.RESTARTED, now
        elif f.state == State.RESTARTED and bool(np.all(series > threshold)):
            f.state, f.sustained_month = State.SUSTAINED, now
        else:
            continue
        f.jobs_restored = max(int(employment.get(now, 0)) - f.employment_at_open, 0)
        f.state_changed_at = timezone.now()
        _bump(f, ["state", "restarted_month", "sustained_month", "jobs_restored", "state_changed_at"])
        record(
            actor=actor,
            action="revival.file_moved",
            obj=f,
            before=before,
            after=snapshot(f, FILE_FIELDS),
            unit=f.unit,
            source=AuditEvent.Source.SYSTEM,
            note=_("read from the monthly reports"),
        )
        moved += 1
    return moved

"""Named actions on loan applications: one transaction each, a row lock and version check, an audit record.

The funnel (DOMAIN.md, Support loans)::

    submitted → approved (working group) → introduced (bank, branch) → bank_approved → partly_paid → paid
        ↘ rejected                 ↘ withdrawn           ↘ refused → panel → (overturned) bank_approved
                                                                          → (upheld) refused, final

Every step carries its date (today by default, never in the future, never before the step it follows).
The working group (the secretariat) approves, rejects, introduces, refers a refusal to the central bank's
expert panel and records the panel's ruling; only the officers of the bank an application was introduced to
decide on it and record its tranches. A unit representative applies for and withdraws their own unit's
applications.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jahesh.core.audit import record, snapshot
from jahesh.core.models import AuditEvent, Role, User
from jahesh.core.notify import notify
from jahesh.registry import actions as registry_actions
from jahesh.registry.models import Agency, OperatingStatus, Unit

from .access import is_bank_of, is_staff
from .models import Application, Decision, Disbursement, Introduction, Programme

State = Application.State
FIELDS = ["state", "amount_requested", "wg_decided_on", "resolution_ref", "paid_on", "withdrawn_on"]


class ActionError(registry_actions.ActionError):
    """Not allowed now or not by this user; the message says why (translated). The API answers 409."""


class ConflictError(registry_actions.ConflictError):
    """Someone else changed the application since the user loaded it. The API answers 409."""


def _lock(app: Application, version: int | None) -> Application:
    locked = Application.objects.select_for_update().select_related("unit", "programme").get(pk=app.pk)
    if version is not None and locked.version != version:
        raise ConflictError(
            _("Someone changed this application while you were reading it; reload and try again.")
        )
    return locked


def _save(app: Application, fields: list[str]) -> None:
    app.version = F("version") + 1
    app.save(update_fields=[*fields, "version"])
    app.refresh_from_db(fields=["version"])


def _require(app: Application, *states: str) -> None:
    if app.state not in states:
        raise ActionError(
            _("This step is not possible now: the application is %(state)s.")
            % {"state": app.get_state_display()}
        )


def _date(on: dt.date | None, after: dt.date | None, step: str) -> dt.date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ActionError(_("The date of %(step)s cannot be in the future.") % {"step": step})
    if after is not None and on < after:
        raise ActionError(_("The date of %(step)s cannot be before the previous step.") % {"step": step})
    return on


def _audit(actor: Any, action: str, app: Application, before: Any, source: str, note: str = "") -> None:
    record(
        actor=actor,
        action=action,
        obj=app,
        before=before,
        after=snapshot(app, FIELDS),
        unit=app.unit,
        source=source,
        note=note,
    )


def _url(app: Application) -> str:
    return reverse("loan-detail", kwargs={"pk": app.pk})


def _tell_unit_and_secretariat(app: Application, message: Any, params: dict[str, Any]) -> None:
    users = list(app.unit.representatives.filter(is_active=True)) + list(
        User.objects.filter(role=Role.SECRETARIAT, is_active=True)
    )
    notify(users, kind="loan", message=message, params=params, url=_url(app))


# -- eligibility ------------------------------------------------------------------------------------------


def eligibility_problems(
    unit: Unit, programme: Programme, amount: Decimal | None, *, exclude: int | None = None
) -> list[str]:
    """Why ``unit`` may not apply for ``amount`` under ``programme`` (empty when it may); registry data.
    ``exclude``: the application under review, which is not "another open application" of its unit."""
    problems = []
    if not programme.active:
        problems.append(_("The programme %(p)s is not open for applications.") % {"p": programme.name})
    if programme.eligible_statuses and unit.status not in programme.eligible_statuses:
        problems.append(
            _("%(p)s is for units that are %(allowed)s; this unit is %(status)s in the registry.")
            % {
                "p": programme.name,
                "allowed": "، ".join(programme.eligible_labels()),
                "status": OperatingStatus(unit.status).label if unit.status in OperatingStatus.values else "",
            }
        )
    if unit.licence_stage in (Unit.LicenceStage.SUSPENDED, Unit.LicenceStage.CANCELLED):
        problems.append(_("The unit's licence is %(stage)s.") % {"stage": unit.get_licence_stage_display()})
    if amount is not None and amount > programme.max_amount:
        problems.append(
            _("The amount is more than the programme's maximum of %(max)s rials.")
            % {"max": f"{programme.max_amount:,.0f}"}
        )
    open_one = (
        Application.objects.filter(unit=unit, programme=programme, state__in=Application.OPEN)
        .exclude(pk=exclude)
        .values_list("pk", flat=True)
        .first()
    )
    if open_one is not None:
        problems.append(
            _("The unit has an open application for this programme already (#%(id)s).") % {"id": open_one}
        )
    return problems


# -- the steps --------------------------------------------------------------------------------------------


@transaction.atomic
def apply(
    *,
    actor: Any,
    unit: Unit,
    programme: Programme,
    amount: Decimal,
    purpose: str,
    jobs_kept: int = 0,
    jobs_restored: int = 0,
    case: Any = None,
    applied_on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Application:
    """A unit representative applies for their own unit; the secretariat for any unit."""
    if not is_staff(actor) and (
        getattr(actor, "role", None) != Role.UNIT or not unit.representatives.filter(pk=actor.pk).exists()
    ):
        raise ActionError(_("You may apply only for the units you represent."))
    if amount is None or amount <= 0:
        raise ActionError(_("Give the amount requested in rials."))
    if not purpose.strip():
        raise ActionError(_("Say what the loan is for."))
    # Lock the unit so that two applications sent at the same moment cannot both pass the open-one check.
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    problems = eligibility_problems(unit, programme, amount)
    if problems:
        raise ActionError(" ".join(problems))
    if case is not None and case.unit_id != unit.pk:
        raise ActionError(_("The linked case is about another unit."))
    app = Application.objects.create(
        unit=unit,
        programme=programme,
        amount_requested=amount,
        purpose=purpose.strip(),
        jobs_kept=jobs_kept or 0,
        jobs_restored=jobs_restored or 0,
        case=case,
        applied_on=_date(applied_on, None, _("the application")),
        applied_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _audit(actor, "loan.applied", app, None, source)
    return app


def _staff_only(actor: Any) -> None:
    if not is_staff(actor):
        raise ActionError(_("Only the secretariat records the working group's steps."))


def find_resolution(unit: Unit, ref: str) -> Any:
    """The resolution "session/number" (any digits) of the unit's region names, if exactly one does."""
    import re

    from jahesh.core.text import to_ascii_digits
    from jahesh.meetings.models import Resolution

    match = re.fullmatch(r"\s*(\d+)\s*[/\-]\s*(\d+)\s*", to_ascii_digits(ref or ""))
    if match is None:
        return None
    found = list(
        Resolution.objects.filter(
            session__region_id=unit.region_id, session__number=int(match[1]), number=int(match[2])
        )[:2]
    )
    return found[0] if len(found) == 1 else None


@transaction.atomic
def approve(
    *,
    actor: Any,
    application: Application,
    version: int,
    on: dt.date | None = None,
    resolution_ref: str = "",
    note: str = "",
    source: str = AuditEvent.Source.WEB,
) -> Application:
    """The working group approves the application (optionally citing the session's resolution)."""
    _staff_only(actor)
    app = _lock(application, version)
    _require(app, State.SUBMITTED)
    before = snapshot(app, FIELDS)
    app.state = State.APPROVED
    app.wg_decided_on = _date(on, app.applied_on, _("the approval"))
    app.resolution_ref = resolution_ref.strip()[:100]
    app.resolution = find_resolution(app.unit, app.resolution_ref)
    app.wg_note = note.strip()
    _save(app, ["state", "wg_decided_on", "resolution_ref", "resolution", "wg_note"])
    _audit(actor, "loan.approved", app, before, source)
    return app


@transaction.atomic
def reject(
    *,
    actor: Any,
    application: Application,
    version: int,
    reason: str,
    on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Application:
    """The working group rejects the application, with its reason."""
    _staff_only(actor)
    if not reason.strip():
        raise ActionError(_("Say why the application is rejected."))
    app = _lock(application, version)
    _require(app, State.SUBMITTED)
    before = snapshot(app, FIELDS)
    app.state = State.REJECTED
    app.wg_decided_on = _date(on, app.applied_on, _("the rejection"))
    app.wg_note = reason.strip()
    _save(app, ["state", "wg_decided_on", "wg_note"])
    _audit(actor, "loan.rejected", app, before, source, note=app.wg_note)
    _tell_unit_and_secretariat(
        app,
        gettext_lazy("The loan application #%(id)s was rejected by the working group."),
        {"id": app.pk},
    )
    return app


@transaction.atomic
def introduce(
    *,
    actor: Any,
    application: Application,
    version: int,
    bank: Agency,
    branch_name: str = "",
    branch_code: str = "",
    on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Introduction:
    """The working group introduces an approved application to a bank branch; the bank's officers are told."""
    _staff_only(actor)
    if bank.kind != Agency.Kind.BANK:
        raise ActionError(_("Applications are introduced to banks only."))
    app = _lock(application, version)
    _require(app, State.APPROVED)
    if bank.region_id != app.unit.region_id:
        raise ActionError(_("The bank is not one of this region's."))
    before = snapshot(app, FIELDS)
    intro = Introduction.objects.create(
        application=app,
        bank=bank,
        branch_name=branch_name.strip()[:200],
        branch_code=branch_code.strip()[:16],
        introduced_on=_date(on, app.wg_decided_on, _("the introduction")),
        introduced_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    app.state = State.INTRODUCED
    _save(app, ["state"])
    _audit(actor, "loan.introduced", app, before, source, note=f"{bank.name} {intro.branch_name}".strip())
    officers = User.objects.filter(role=Role.BANK, agency=bank, is_active=True)
    notify(
        officers,
        kind="loan",
        message=gettext_lazy("A unit was introduced to your bank for a loan: %(unit)s (%(programme)s)."),
        params={"unit": app.unit.name, "programme": app.programme.name},
        url=_url(app),
    )
    return intro


def _bank_only(actor: Any, app: Application) -> None:
    if not is_bank_of(actor, app):
        raise ActionError(_("Only the officers of the bank the unit was introduced to may do this."))


@transaction.atomic
def decide(
    *,
    actor: Any,
    application: Application,
    version: int,
    approved: bool,
    amount: Decimal | None = None,
    reason: str = "",
    on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Decision:
    """The bank approves an amount (at most the amount requested) or refuses with a reason."""
    app = _lock(application, version)
    _bank_only(actor, app)
    _require(app, State.INTRODUCED)
    intro = app.introduction
    when = _date(on, intro.introduced_on, _("the bank's decision"))
    if approved:
        if amount is None or amount <= 0:
            raise ActionError(_("Give the approved amount in rials."))
        if amount > app.amount_requested:
            raise ActionError(_("The approved amount cannot be more than the amount requested."))
        reason = ""
    else:
        if not reason.strip():
            raise ActionError(_("Say why the bank refuses."))
        amount = None
    before = snapshot(app, FIELDS)
    decision = Decision.objects.create(
        application=app,
        approved=approved,
        amount=amount,
        reason=reason.strip(),
        decided_on=when,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    app.state = State.BANK_APPROVED if approved else State.REFUSED
    _save(app, ["state"])
    _audit(actor, "loan.decided", app, before, source, note=decision.reason)
    if approved:
        message = gettext_lazy("%(bank)s approved %(amount)s rials for loan application #%(id)s.")
    else:
        message = gettext_lazy("%(bank)s refused loan application #%(id)s: %(reason)s")
    _tell_unit_and_secretariat(
        app,
        message,
        {"bank": intro.bank.name, "amount": f"{amount or 0:,.0f}", "id": app.pk, "reason": decision.reason},
    )
    return decision


@transaction.atomic
def refer_to_panel(
    *,
    actor: Any,
    application: Application,
    version: int,
    on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Decision:
    """The working group refers a bank's refusal to the central bank's provincial expert panel."""
    _staff_only(actor)
    app = _lock(application, version)
    _require(app, State.REFUSED)
    decision = Decision.objects.select_for_update().get(application=app)
    if decision.panel_ruling:
        raise ActionError(_("The expert panel has ruled on this refusal already."))
    before = snapshot(app, FIELDS)
    decision.panel_referred_on = _date(on, decision.decided_on, _("the referral to the panel"))
    decision.save(update_fields=["panel_referred_on"])
    app.state = State.PANEL
    _save(app, ["state"])
    _audit(actor, "loan.panel_referred", app, before, source)
    return decision


@transaction.atomic
def record_ruling(
    *,
    actor: Any,
    application: Application,
    version: int,
    ruling: str,
    amount: Decimal | None = None,
    note: str = "",
    on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Decision:
    """The panel's ruling: overturned obliges the bank to lend ``amount``; upheld ends the application."""
    _staff_only(actor)
    app = _lock(application, version)
    _require(app, State.PANEL)
    decision = Decision.objects.select_for_update().get(application=app)
    when = _date(on, decision.panel_referred_on, _("the panel's ruling"))
    if ruling == Decision.Ruling.OVERTURNED:
        if amount is None or amount <= 0:
            raise ActionError(_("Give the amount the bank must lend."))
        if amount > app.amount_requested:
            raise ActionError(_("The amount cannot be more than the amount requested."))
        app.state = State.BANK_APPROVED
    elif ruling == Decision.Ruling.UPHELD:
        amount = None
        app.state = State.REFUSED
    else:
        raise ActionError(_("Unknown ruling."))
    before = snapshot(app, FIELDS)
    before["state"] = State.PANEL
    decision.panel_ruling = ruling
    decision.panel_ruled_on = when
    decision.panel_amount = amount
    decision.panel_note = note.strip()
    decision.save(update_fields=["panel_ruling", "panel_ruled_on", "panel_amount", "panel_note"])
    _save(app, ["state"])
    _audit(actor, "loan.panel_ruled", app, before, source, note=decision.panel_note)
    _tell_unit_and_secretariat(
        app,
        gettext_lazy("The expert panel ruled on loan application #%(id)s: %(ruling)s."),
        {"id": app.pk, "ruling": decision.get_panel_ruling_display()},
    )
    return decision


def paid_so_far(app: Application) -> Decimal:
    return app.disbursements.aggregate(s=Sum("amount"))["s"] or Decimal(0)


@transaction.atomic
def disburse(
    *,
    actor: Any,
    application: Application,
    version: int,
    amount: Decimal,
    on: dt.date | None = None,
    final: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> Disbursement:
    """The bank records a tranche. The application is paid when the tranches reach the approved amount, or
    when the bank marks a tranche as the last one."""
    app = _lock(application, version)
    _bank_only(actor, app)
    _require(app, State.BANK_APPROVED, State.PARTLY_PAID)
    decision = app.decision
    lending = decision.lending_amount or Decimal(0)
    if amount is None or amount <= 0:
        raise ActionError(_("Give the amount paid in rials."))
    paid = paid_so_far(app)
    if paid + amount > lending:
        raise ActionError(
            _("The tranches would come to more than the approved amount (%(left)s rials are left to pay).")
            % {"left": f"{lending - paid:,.0f}"}
        )
    last = app.disbursements.order_by("-paid_on").values_list("paid_on", flat=True).first()
    start = decision.panel_ruled_on or decision.decided_on
    when = _date(on, max(d for d in (last, start) if d is not None), _("the payment"))
    before = snapshot(app, FIELDS)
    tranche = Disbursement.objects.create(
        application=app,
        amount=amount,
        paid_on=when,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if final or paid + amount == lending:
        app.state = State.PAID
        app.paid_on = when
    else:
        app.state = State.PARTLY_PAID
    _save(app, ["state", "paid_on"])
    _audit(actor, "loan.disbursed", app, before, source, note=str(amount))
    _tell_unit_and_secretariat(
        app,
        gettext_lazy("%(bank)s paid %(amount)s rials of loan application #%(id)s."),
        {"bank": app.introduction.bank.name, "amount": f"{amount:,.0f}", "id": app.pk},
    )
    return tranche


@transaction.atomic
def withdraw(
    *,
    actor: Any,
    application: Application,
    version: int,
    on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Application:
    """The unit (or the secretariat) withdraws an application before it reaches a bank."""
    app = _lock(application, version)
    if not is_staff(actor) and not (
        getattr(actor, "role", None) == Role.UNIT and app.unit.representatives.filter(pk=actor.pk).exists()
    ):
        raise ActionError(_("Only the unit's representatives or the secretariat may withdraw it."))
    _require(app, State.SUBMITTED, State.APPROVED)
    before = snapshot(app, FIELDS)
    app.state = State.WITHDRAWN
    app.withdrawn_on = _date(on, app.wg_decided_on or app.applied_on, _("the withdrawal"))
    _save(app, ["state", "withdrawn_on"])
    _audit(actor, "loan.withdrawn", app, before, source)
    return app

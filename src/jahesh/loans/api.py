"""Support loans over HTTP: programmes, applications (list, filter, detail, apply), the bank's decision and
its tranches. The same rules as the pages: applications come from ``jahesh.loans.access`` (one outside the
caller's scope is a 404), and every step is the pages' named action (an illegal step or a stale version is
a 409 problem)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from jahesh.api.auth import EVERYONE, allow
from jahesh.api.common import PageParams, date_jalali, decimal_text, page_of, paginate
from jahesh.api.fields import BodyId, Id, JsonInt, PlainText, whole_amount
from jahesh.api.problems import field_error, invalid_input
from jahesh.core.models import AuditEvent, Role
from jahesh.registry.access import units_for

from . import access, actions
from .models import Application, Programme

router = Router(tags=["loans"])

Amount = whole_amount(18, 'Rials, a whole amount: 1250 or "1250"')
StateCode = Literal[tuple(Application.State.values)]


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    purpose: str
    max_amount: str = Field(description="Rials, a decimal string")
    eligible_statuses: list[str]
    active: bool


class DecisionOut(Schema):
    approved: bool
    amount: str | None
    reason: str
    decided_on: dt.date
    decided_on_jalali: str | None
    panel_referred_on: dt.date | None
    panel_ruling: str
    panel_ruled_on: dt.date | None
    panel_amount: str | None


class TrancheOut(Schema):
    amount: str
    paid_on: dt.date
    paid_on_jalali: str | None


class ApplicationOut(Schema):
    id: int
    version: int
    unit_id: int
    unit_name: str
    programme_code: str
    amount_requested: str
    purpose: str
    jobs_kept: int
    jobs_restored: int
    state: StateCode
    state_label: str
    applied_on: dt.date
    applied_on_jalali: str | None
    wg_decided_on: dt.date | None
    resolution_ref: str
    resolution_id: int | None = Field(
        None, description="the session's resolution the approval cites, if found"
    )
    bank_id: int | None
    branch_name: str
    introduced_on: dt.date | None
    decision: DecisionOut | None
    disbursements: list[TrancheOut]
    paid_amount: str


class ApplicationFilters(Schema):
    state: StateCode | None = None
    programme: str | None = Field(None, max_length=32, description="Programme code")
    bank: Id | None = Field(None, description="Bank (agency) id")
    unit: Id | None = None


class ApplyIn(Schema):
    unit: BodyId
    programme: str = Field(max_length=32, description="Programme code")
    amount: Amount
    purpose: PlainText(min_length=1, max_length=2000)
    jobs_kept: JsonInt(0, 10**6) = 0
    jobs_restored: JsonInt(0, 10**6) = 0


class DecisionIn(Schema):
    version: JsonInt(1, 2**31 - 1)
    approved: bool
    amount: Amount | None = None
    reason: PlainText(max_length=2000) = ""
    decided_on: dt.date | None = None


class TrancheIn(Schema):
    version: JsonInt(1, 2**31 - 1)
    amount: Amount
    paid_on: dt.date | None = None
    final: bool = False


class StepIn(Schema):
    """One of the working group's steps, recorded by the secretariat."""

    version: JsonInt(1, 2**31 - 1)
    step: Literal["approve", "reject", "introduce", "refer_to_panel", "panel_ruling"]
    on: dt.date | None = Field(None, description="the step's date (Gregorian); today when absent")
    resolution_ref: PlainText(max_length=100) = Field("", description="approve: the resolution, e.g. 12/3")
    note: PlainText(max_length=2000) = ""
    reason: PlainText(max_length=2000) = Field("", description="reject: why")
    bank: BodyId | None = Field(None, description="introduce: the bank (an agency of kind bank)")
    branch_name: PlainText(max_length=200) = ""
    branch_code: PlainText(max_length=16) = ""
    ruling: Literal["upheld", "overturned"] | None = Field(
        None, description="panel_ruling: the panel's ruling"
    )
    amount: Amount | None = Field(None, description="panel_ruling overturned: the amount the bank must lend")


def _app_out(app: Application) -> dict[str, Any]:
    intro = getattr(app, "introduction", None)
    d = getattr(app, "decision", None)
    tranches = list(app.disbursements.all())
    return {
        "id": app.pk,
        "version": app.version,
        "unit_id": app.unit_id,
        "unit_name": app.unit.name,
        "programme_code": app.programme.code,
        "amount_requested": decimal_text(app.amount_requested),
        "purpose": app.purpose,
        "jobs_kept": app.jobs_kept,
        "jobs_restored": app.jobs_restored,
        "state": app.state,
        "state_label": app.get_state_display(),
        "applied_on": app.applied_on,
        "applied_on_jalali": date_jalali(app.applied_on),
        "wg_decided_on": app.wg_decided_on,
        "resolution_ref": app.resolution_ref,
        "resolution_id": app.resolution_id,
        "bank_id": intro.bank_id if intro else None,
        "branch_name": intro.branch_name if intro else "",
        "introduced_on": intro.introduced_on if intro else None,
        "decision": None
        if d is None
        else {
            "approved": d.approved,
            "amount": decimal_text(d.amount),
            "reason": d.reason,
            "decided_on": d.decided_on,
            "decided_on_jalali": date_jalali(d.decided_on),
            "panel_referred_on": d.panel_referred_on,
            "panel_ruling": d.panel_ruling,
            "panel_ruled_on": d.panel_ruled_on,
            "panel_amount": decimal_text(d.panel_amount),
        },
        "disbursements": [
            {"amount": decimal_text(t.amount), "paid_on": t.paid_on, "paid_on_jalali": date_jalali(t.paid_on)}
            for t in tranches
        ],
        "paid_amount": decimal_text(sum((t.amount for t in tranches), 0) if tranches else 0),
    }


def _apps(user: Any):
    return (
        access.applications_for(user)
        .select_related("unit", "programme", "introduction", "decision")
        .prefetch_related("disbursements")
    )


def _get(user: Any, application_id: int) -> Application:
    return access.get_application(user, application_id)


@router.get("/loan-programmes", response=page_of(ProgrammeOut), auth=allow(*EVERYONE))
def list_loan_programmes(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """Loan programmes with their rules."""

    def out(p: Programme) -> dict[str, Any]:
        return {
            "id": p.pk,
            "code": p.code,
            "name": p.name,
            "name_en": p.name_en,
            "purpose": p.purpose,
            "max_amount": decimal_text(p.max_amount),
            "eligible_statuses": list(p.eligible_statuses),
            "active": p.active,
        }

    return paginate(request, Programme.objects.order_by("code"), paging, out)


@router.get("/loan-applications", response=page_of(ApplicationOut), auth=allow(*EVERYONE))
def list_loan_applications(
    request: HttpRequest, filters: Query[ApplicationFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Applications the caller may see: a unit's own, a bank's introductions, all for region-wide roles."""
    apps = _apps(request.user)
    if filters.state:
        apps = apps.filter(state=filters.state)
    if filters.programme:
        apps = apps.filter(programme__code=filters.programme)
    if filters.bank is not None:
        apps = apps.filter(introduction__bank_id=filters.bank)
    if filters.unit is not None:
        apps = apps.filter(unit_id=filters.unit)
    return paginate(request, apps.order_by("-applied_on", "-id"), paging, _app_out)


@router.get("/loan-applications/{application_id}", response=ApplicationOut, auth=allow(*EVERYONE))
def get_loan_application(request: HttpRequest, application_id: Id) -> dict[str, Any]:
    return _app_out(_get(request.user, application_id))


@router.post(
    "/loan-applications",
    response={201: ApplicationOut},
    auth=allow(Role.ADMIN, Role.SECRETARIAT, Role.UNIT),
)
def apply_for_loan(request: HttpRequest, payload: ApplyIn, response: HttpResponse) -> dict[str, Any]:
    """Apply for a loan: a unit representative for their own unit, the secretariat for any."""
    unit = units_for(request.user).filter(pk=payload.unit).first()
    if unit is None:
        message = _("There is no such unit, or you may not apply for it.")
        raise invalid_input([field_error(["body", "unit"], message, "unknown")])
    programme = Programme.objects.filter(code=payload.programme).first()
    if programme is None:
        raise invalid_input([field_error(["body", "programme"], _("There is no such programme."), "unknown")])
    if payload.amount <= 0:
        raise invalid_input(
            [field_error(["body", "amount"], _("Give the amount requested in rials."), "invalid")]
        )
    if not payload.purpose.strip():
        raise invalid_input([field_error(["body", "purpose"], _("Say what the loan is for."), "required")])
    app = actions.apply(
        actor=request.user,
        unit=unit,
        programme=programme,
        amount=payload.amount,
        purpose=payload.purpose,
        jobs_kept=payload.jobs_kept,
        jobs_restored=payload.jobs_restored,
        source=AuditEvent.Source.API,
    )
    response.status_code = 201
    return _app_out(_apps(request.user).get(pk=app.pk))


@router.post("/loan-applications/{application_id}/decision", response=ApplicationOut, auth=allow(Role.BANK))
def decide_loan(request: HttpRequest, application_id: Id, payload: DecisionIn) -> dict[str, Any]:
    """The bank decides on an application introduced to it: an approved amount, or a refusal with reason."""
    app = _get(request.user, application_id)
    if payload.approved and payload.amount is None:
        raise invalid_input(
            [field_error(["body", "amount"], _("Give the approved amount in rials."), "required")]
        )
    if not payload.approved and not payload.reason.strip():
        raise invalid_input([field_error(["body", "reason"], _("Say why the bank refuses."), "required")])
    actions.decide(
        actor=request.user,
        application=app,
        version=payload.version,
        approved=payload.approved,
        amount=payload.amount,
        reason=payload.reason,
        on=payload.decided_on,
        source=AuditEvent.Source.API,
    )
    return _app_out(_apps(request.user).get(pk=app.pk))


@router.post(
    "/loan-applications/{application_id}/disbursements", response={201: ApplicationOut}, auth=allow(Role.BANK)
)
def record_disbursement(
    request: HttpRequest, application_id: Id, payload: TrancheIn, response: HttpResponse
) -> dict[str, Any]:
    """A tranche paid by the bank."""
    app = _get(request.user, application_id)
    if payload.amount <= 0:
        raise invalid_input([field_error(["body", "amount"], _("Give the amount paid in rials."), "invalid")])
    actions.disburse(
        actor=request.user,
        application=app,
        version=payload.version,
        amount=payload.amount,
        on=payload.paid_on,
        final=payload.final,
        source=AuditEvent.Source.API,
    )
    response.status_code = 201
    return _app_out(_apps(request.user).get(pk=app.pk))


@router.post(
    "/loan-applications/{application_id}/steps",
    response=ApplicationOut,
    auth=allow(Role.ADMIN, Role.SECRETARIAT),
)
def record_step(request: HttpRequest, application_id: Id, payload: StepIn) -> dict[str, Any]:
    """The secretariat records the working group's step: approve (citing a resolution), reject with a reason,
    introduce to a bank and branch, refer a refusal to the central bank's expert panel, or record its ruling.
    A step the application's state does not allow, or a stale ``version``, answers 409."""
    from jahesh.registry.models import Agency

    app = _get(request.user, application_id)
    common = {"actor": request.user, "application": app, "version": payload.version, "on": payload.on}
    common["source"] = AuditEvent.Source.API
    if payload.step == "approve":
        actions.approve(**common, resolution_ref=payload.resolution_ref, note=payload.note)
    elif payload.step == "reject":
        if not payload.reason.strip():
            raise invalid_input([field_error(["body", "reason"], _("Say why it is rejected."), "required")])
        actions.reject(**common, reason=payload.reason)
    elif payload.step == "introduce":
        bank = Agency.objects.filter(pk=payload.bank, kind=Agency.Kind.BANK).first() if payload.bank else None
        if bank is None:
            raise invalid_input([field_error(["body", "bank"], _("Choose a bank."), "required")])
        actions.introduce(
            **common, bank=bank, branch_name=payload.branch_name, branch_code=payload.branch_code
        )
    elif payload.step == "refer_to_panel":
        actions.refer_to_panel(**common)
    else:
        if payload.ruling is None:
            raise invalid_input([field_error(["body", "ruling"], _("Give the panel's ruling."), "required")])
        actions.record_ruling(**common, ruling=payload.ruling, amount=payload.amount, note=payload.note)
    return _app_out(_apps(request.user).get(pk=app.pk))

"""Cases over HTTP (/api/v1/cases): the same scoping and actions as the pages.

A case outside the caller's scope is a 404 like one that does not exist; a referral an officer may not see
(another agency's) likewise. The timeline is the page's: events hidden from the caller (another agency's
private notes) are hidden here too, and other apps' items (sessions, loans) are included.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import BaseModel, ConfigDict, Field

from jahesh.api.auth import EVERYONE, allow
from jahesh.api.common import PageParams, date_jalali, lang, page_of, paginate
from jahesh.api.fields import BodyId, Id, JsonInt, PlainText, whole_amount
from jahesh.api.problems import TYPE_CONFLICT, TYPE_STATE, ApiProblem, field_error, invalid_input
from jahesh.core.models import AuditEvent, Role
from jahesh.registry.access import units_for

from . import access, actions
from .models import Case, Category, Referral
from .timeline import as_item, entries

router = Router(tags=["cases"])

CaseState = Literal[
    "new", "triaged", "referred", "answered", "on_agenda", "resolution", "executing", "closed"
]
Severity = Literal["low", "medium", "high", "critical"]
AnswerStatus = Literal["resolved", "objected", "needs_wg"]
assert set(get_args(CaseState)) == set(Case.State.values)
assert set(get_args(Severity)) == set(Case.Severity.values)
assert set(get_args(AnswerStatus)) == set(Referral.ANSWERS)

RAISERS = (Role.ADMIN, Role.SECRETARIAT, Role.UNIT)
OFFICERS = (Role.AGENCY, Role.BANK)


class Ref(Schema):
    id: int
    name: str


class ReferralOut(Schema):
    id: int
    case: int
    agency: Ref
    due_on: dt.date
    due_on_jalali: str | None
    status: str
    status_label: str
    overdue: bool
    referred_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None
    version: int


class CaseSummaryOut(Schema):
    id: int
    title: str
    unit: Ref
    category: Ref
    state: str
    state_label: str
    severity: str
    source: str
    escalation: int
    overdue: bool
    recurs: int | None
    visit: int | None
    created_at: dt.datetime
    created_at_jalali: str | None
    closed_at: dt.datetime | None
    outcome: str
    version: int


class TimelineItemOut(Schema):
    at: dt.datetime
    at_jalali: str | None
    kind: str
    title: str
    text: str
    url: str
    agency: str


class CaseOut(CaseSummaryOut):
    description: str
    requested_action: str
    amount_irr: str | None
    jobs_at_stake: int | None
    referrals: list[ReferralOut]
    timeline: list[TimelineItemOut]


class CaseFilters(Schema):
    state: CaseState | None = None
    category: Id | None = Field(None, description="A category id; its sub-kinds are included")
    unit: Id | None = None
    agency: Id | None = Field(None, description="Cases referred to this agency")
    overdue: bool | None = Field(None, description="Only cases with a referral past its due date")


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    unit: BodyId
    category: BodyId
    title: PlainText(min_length=1, max_length=200)
    description: PlainText(min_length=1, max_length=10000)
    requested_action: PlainText(max_length=10000) = ""
    amount_irr: whole_amount(19, "Amount at stake in whole rials") | None = None
    jobs_at_stake: JsonInt(0, 10**6, "Jobs at stake") | None = None
    severity: Severity = "medium"


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: AnswerStatus
    text: PlainText(min_length=1, max_length=10000)
    version: JsonInt(1, 2**31 - 1, "The referral's version you read; 409 if it changed since")


def _overdue_q() -> Exists:
    return Exists(
        Referral.objects.filter(
            case=OuterRef("pk"), status__in=Referral.OPEN, due_on__lt=timezone.localdate()
        )
    )


def _ref(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "name": obj.display_name(lang())}


def _referral(r: Referral) -> dict[str, Any]:
    return {
        "id": r.pk,
        "case": r.case_id,
        "agency": _ref(r.agency),
        "due_on": r.due_on,
        "due_on_jalali": date_jalali(r.due_on),
        "status": r.status,
        "status_label": str(r.get_status_display()),
        "overdue": r.is_open and r.due_on < timezone.localdate(),
        "referred_at": r.referred_at,
        "answer": r.answer,
        "answered_at": r.answered_at,
        "version": r.version,
    }


def _summary(c: Case) -> dict[str, Any]:
    overdue = getattr(c, "is_overdue", None)
    if overdue is None:
        overdue = c.referrals.filter(status__in=Referral.OPEN, due_on__lt=timezone.localdate()).exists()
    return {
        "id": c.pk,
        "title": c.title,
        "unit": {"id": c.unit_id, "name": c.unit.name},
        "category": _ref(c.category),
        "state": c.state,
        "state_label": str(c.get_state_display()),
        "severity": c.severity,
        "source": c.source,
        "escalation": c.escalation,
        "overdue": bool(overdue),
        "recurs": c.recurs_id,
        "visit": c.visit_id,
        "created_at": c.created_at,
        "created_at_jalali": date_jalali(c.created_at),
        "closed_at": c.closed_at,
        "outcome": c.outcome,
        "version": c.version,
    }


def _cases(user: Any) -> QuerySet[Case]:
    return access.cases_for(user).select_related("unit", "category").annotate(is_overdue=_overdue_q())


def _detail(request: HttpRequest, case: Case) -> dict[str, Any]:
    out = _summary(case)
    referrals = access.referrals_for(request.user).filter(case=case).select_related("agency").order_by("id")
    items = [as_item(e, lang()) for e in entries(case, request.user)]
    out.update(
        description=case.description,
        requested_action=case.requested_action,
        amount_irr=None if case.amount_irr is None else str(case.amount_irr),
        jobs_at_stake=case.jobs_at_stake,
        referrals=[_referral(r) for r in referrals],
        timeline=[
            {
                "at": i.at,
                "at_jalali": date_jalali(i.at),
                "kind": i.kind,
                "title": i.title,
                "text": i.text,
                "url": i.url,
                "agency": i.agency,
            }
            for i in items
        ],
    )
    return out


def _problem(exc: actions.ActionError) -> ApiProblem:
    if isinstance(exc, actions.ConflictError):
        return ApiProblem(409, str(exc), type=TYPE_CONFLICT)
    return ApiProblem(409, str(exc), type=TYPE_STATE)


@router.get("/cases", response=page_of(CaseSummaryOut), auth=allow(*EVERYONE))
def list_cases(
    request: HttpRequest, filters: Query[CaseFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Cases the caller may see, newest first: region-wide roles all; a unit representative their units';
    an agency or bank officer those referred to their agency."""
    cases = _cases(request.user)
    if filters.state:
        cases = cases.filter(state=filters.state)
    if filters.category is not None:
        ids = [
            filters.category,
            *Category.objects.filter(parent_id=filters.category).values_list("pk", flat=True),
        ]
        cases = cases.filter(category__in=ids)
    if filters.unit is not None:
        cases = cases.filter(unit_id=filters.unit)
    if filters.agency is not None:
        cases = cases.filter(Exists(Referral.objects.filter(case=OuterRef("pk"), agency_id=filters.agency)))
    if filters.overdue is not None:
        cases = cases.filter(is_overdue=filters.overdue)
    return paginate(request, cases.order_by("-created_at", "-id"), paging, _summary)


@router.get("/cases/{case_id}", response=CaseOut, auth=allow(*EVERYONE))
def get_case(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    """A case, its referrals and the timeline the caller may see (other agencies' private notes hidden)."""
    return _detail(request, access.get_case(request.user, case_id))


@router.get("/cases/{case_id}/referrals", response=page_of(ReferralOut), auth=allow(*EVERYONE))
def list_referrals(request: HttpRequest, case_id: Id, paging: Query[PageParams]) -> dict[str, Any]:
    """The case's referrals the caller may see (an officer: their own agency's), by due date."""
    case = access.get_case(request.user, case_id)
    referrals = access.referrals_for(request.user).filter(case=case).select_related("agency")
    return paginate(request, referrals.order_by("due_on", "id"), paging, _referral)


@router.post("/cases", response={201: CaseOut}, auth=allow(*RAISERS))
def create_case(request: HttpRequest, payload: CaseIn, response: HttpResponse) -> dict[str, Any]:
    """Raise a case: a unit representative about their own unit, the secretariat about any unit."""
    unit = units_for(request.user).filter(pk=payload.unit).first()
    category = Category.objects.filter(pk=payload.category, active=True).first()
    errors = []
    if unit is None:
        errors.append(
            field_error(
                ["body", "unit"], _("There is no such unit, or you may not raise cases about it."), "unknown"
            )
        )
    if category is None:
        errors.append(field_error(["body", "category"], _("There is no such category in use."), "unknown"))
    if errors:
        raise invalid_input(errors)
    try:
        case = actions.raise_case(
            actor=request.user,
            unit=unit,
            category=category,
            title=payload.title,
            description=payload.description,
            requested_action=payload.requested_action,
            amount_irr=payload.amount_irr,
            jobs_at_stake=payload.jobs_at_stake,
            severity=payload.severity,
            audit_source=AuditEvent.Source.API,
        )
    except actions.ActionError as exc:
        raise _problem(exc) from None
    response.status_code = 201
    return _detail(request, access.get_case(request.user, case.pk))


@router.post("/cases/{case_id}/referrals/{referral_id}/answer", response=ReferralOut, auth=allow(*OFFICERS))
def answer_referral(request: HttpRequest, case_id: Id, referral_id: Id, payload: AnswerIn) -> dict[str, Any]:
    """The referred agency's officer answers: resolved, objected (with a reason), needs the working group."""
    case = access.get_case(request.user, case_id)
    referral = (
        access.referrals_for(request.user).filter(case=case, pk=referral_id).select_related("case").first()
    )
    if referral is None:
        from django.http import Http404

        raise Http404("No such referral")
    try:
        answered = actions.answer(
            actor=request.user,
            referral=referral,
            version=payload.version,
            status=payload.status,
            text=payload.text,
            source=AuditEvent.Source.API,
        )
    except actions.ActionError as exc:
        raise _problem(exc) from None
    return _referral(Referral.objects.select_related("agency").get(pk=answered.pk))

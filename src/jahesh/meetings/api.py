"""Sessions and resolutions over HTTP (/api/v1/sessions, /api/v1/resolutions): the pages' scoping and actions.

A session or resolution outside the caller's scope is a 404 like one that does not exist. Agency and bank
officers see their agency's resolutions and the sessions that concern them (their agenda items only); unit
representatives the resolutions about their units. The minutes PDF is for region-wide roles. A stale
``version`` or a move the rules refuse is a 409 problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import BaseModel, ConfigDict, Field

from jahesh.api.auth import EVERYONE, allow
from jahesh.api.common import PageParams, date_jalali, page_of, paginate
from jahesh.api.fields import Id, JsonInt, PlainText
from jahesh.core.models import AuditEvent, Role

from . import access, actions
from .minutes import minutes_pdf
from .models import AgendaItem, Minutes, Resolution, ResolutionPart, Session

router = Router(tags=["sessions"])

REGION_WIDE = (Role.ADMIN, Role.LEADERSHIP, Role.SECRETARIAT)
UPDATERS = (Role.ADMIN, Role.SECRETARIAT, Role.AGENCY, Role.BANK)
OFFICERS = (Role.AGENCY, Role.BANK)

PartStatus = Literal["notified", "objected", "executing", "executed", "not_executed"]
NewStatus = Literal["executing", "executed", "not_executed"]
assert set(get_args(PartStatus)) == set(ResolutionPart.Status.values)


class Ref(Schema):
    id: int
    name: str


class AttendanceOut(Schema):
    agency: Ref
    invited: bool
    present: bool
    representative: str


class SessionSummaryOut(Schema):
    id: int
    number: int
    kind: str
    kind_label: str
    county: Ref | None
    held_on: dt.date
    held_on_jalali: str | None
    place: str
    chair: str
    state: Literal["draft", "approved"]
    minutes_version: int
    version: int


class SessionOut(SessionSummaryOut):
    attendance: list[AttendanceOut]
    resolutions: list[int] = Field(description="Ids of the session's resolutions the caller may see")
    minutes_versions: list[int] = Field(description="Approved versions of the minutes (region-wide roles)")


class AgendaItemOut(Schema):
    id: int
    order: int
    kind: str
    kind_label: str
    title: str
    minutes: int = Field(description="Time for the item, in minutes")
    case: int | None
    unit: Ref | None
    sector: str
    resolution: int | None


class PartOut(Schema):
    id: int
    agency: Ref
    status: PartStatus
    status_label: str
    overdue: bool
    notified_at: dt.datetime
    objection_until: dt.date
    objection_until_jalali: str | None
    executed_at: dt.datetime | None
    objection: str
    ruling: Literal["", "upheld", "rejected"]
    version: int


class ResolutionOut(Schema):
    id: int
    label: str = Field(examples=["14/3"], description="Session number / resolution number")
    session: int
    session_number: int
    text: str
    kind: Literal["binding", "advisory", "follow_up"]
    deadline: dt.date
    deadline_jalali: str | None
    case: int | None
    unit: Ref | None
    issued_at: dt.datetime
    carried_count: int
    escalation: int = Field(description="0 none, 1 to the governor, 2 to the national headquarters")
    parts: list[PartOut]


class ResolutionFilters(Schema):
    status: PartStatus | None = Field(None, description="Resolutions with a part in this status")
    agency: Id | None = Field(None, description="Resolutions naming this agency")
    overdue: bool | None = Field(None, description="Only resolutions with a part past its deadline")
    session: Id | None = None


class PartStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: NewStatus
    text: PlainText(max_length=4000, description="Evidence of execution, or the reason it was not") = ""
    version: JsonInt(1, 2**31 - 1, "The part's version you read; 409 if it changed since")


class ObjectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: PlainText(min_length=1, max_length=4000, description="Why the agency objects")
    version: JsonInt(1, 2**31 - 1, "The part's version you read; 409 if it changed since")


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def _session_summary(s: Session) -> dict[str, Any]:
    return {
        "id": s.pk,
        "number": s.number,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "county": _ref(s.county),
        "held_on": s.held_on,
        "held_on_jalali": date_jalali(s.held_on),
        "place": s.place,
        "chair": s.chair_title,
        "state": s.state,
        "minutes_version": s.minutes_version,
        "version": s.version,
    }


def _part(p: ResolutionPart, today: dt.date) -> dict[str, Any]:
    closes = p.objection_closes_on()
    return {
        "id": p.pk,
        "agency": _ref(p.agency),
        "status": p.status,
        "status_label": p.get_status_display(),
        "overdue": p.is_open and p.resolution.deadline < today,
        "notified_at": p.notified_at,
        "objection_until": closes,
        "objection_until_jalali": date_jalali(closes),
        "executed_at": p.executed_at,
        "objection": p.objection,
        "ruling": p.ruling,
        "version": p.version,
    }


def _resolution(r: Resolution, today: dt.date) -> dict[str, Any]:
    return {
        "id": r.pk,
        "label": r.label,
        "session": r.session_id,
        "session_number": r.session.number,
        "text": r.text,
        "kind": r.kind,
        "deadline": r.deadline,
        "deadline_jalali": date_jalali(r.deadline),
        "case": r.case_id,
        "unit": _ref(r.unit),
        "issued_at": r.issued_at,
        "carried_count": r.carried_count,
        "escalation": r.escalation,
        "parts": [_part(p, today) for p in r.parts.all()],
    }


def _resolutions(user: Any) -> Any:
    return (
        access.resolutions_for(user)
        .select_related("session", "unit")
        .prefetch_related(
            Prefetch(
                "parts", queryset=ResolutionPart.objects.select_related("agency").order_by("agency__name")
            )
        )
    )


@router.get("/sessions", response=page_of(SessionSummaryOut), auth=allow(*EVERYONE))
def list_sessions(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """Sessions the caller may see, newest first."""
    rows = access.sessions_for(request.user).select_related("county").order_by("-held_on", "-number", "-id")
    return paginate(request, rows, paging, _session_summary)


@router.get("/sessions/{session_id}", response=SessionOut, auth=allow(*EVERYONE))
def get_session(request: HttpRequest, session_id: Id) -> dict[str, Any]:
    """A session: date, place, chair, attendance, the resolutions the caller may see."""
    session = access.get_session(request.user, session_id)
    out = _session_summary(session)
    out["attendance"] = [
        {
            "agency": _ref(a.agency),
            "invited": a.invited,
            "present": a.present,
            "representative": a.representative,
        }
        for a in session.attendance.select_related("agency")
    ]
    out["resolutions"] = list(
        access.session_resolutions_for(request.user, session).order_by("number").values_list("pk", flat=True)
    )
    out["minutes_versions"] = (
        list(Minutes.objects.filter(session=session).order_by("version").values_list("version", flat=True))
        if access.may_read_minutes(request.user)
        else []
    )
    return out


@router.get("/sessions/{session_id}/agenda", response=page_of(AgendaItemOut), auth=allow(*EVERYONE))
def list_agenda(request: HttpRequest, session_id: Id, paging: Query[PageParams]) -> dict[str, Any]:
    """The session's agenda in order (an officer sees the items that concern their agency)."""
    session = access.get_session(request.user, session_id)
    items = access.agenda_for(request.user, session).select_related("unit").order_by("order", "id")

    def item(i: AgendaItem) -> dict[str, Any]:
        return {
            "id": i.pk,
            "order": i.order,
            "kind": i.kind,
            "kind_label": i.get_kind_display(),
            "title": i.title,
            "minutes": i.minutes,
            "case": i.case_id,
            "unit": _ref(i.unit),
            "sector": i.sector,
            "resolution": i.resolution_id,
        }

    return paginate(request, items, paging, item)


@router.get(
    "/sessions/{session_id}/minutes.pdf",
    auth=allow(*REGION_WIDE),
    response={200: None},
    openapi_extra={
        "parameters": [
            {
                "in": "query",
                "name": "version",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": 100000},
                "description": "An approved version; without it the current minutes (a draft until approved)",
            }
        ],
        "responses": {
            "200": {
                "description": "The minutes as a Persian PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    },
)
def get_minutes(request: HttpRequest, session_id: Id) -> HttpResponse:
    """The minutes PDF: an approved version exactly as signed, or the current draft with its watermark."""
    session = access.get_session(request.user, session_id)
    raw = request.GET.get("version")
    try:
        version = int(raw) if raw else None
        if version is not None and not 1 <= version <= 100000:
            raise ValueError
        pdf, number, draft = minutes_pdf(session, version)
    except (ValueError, Minutes.DoesNotExist):
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = "-draft" if draft else ""
    response["Content-Disposition"] = f'inline; filename="minutes-{session.number}-v{number}{suffix}.pdf"'
    return response


@router.get("/resolutions", response=page_of(ResolutionOut), auth=allow(*EVERYONE))
def list_resolutions(
    request: HttpRequest, filters: Query[ResolutionFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Resolutions the caller may see, newest first; filters combine with AND."""
    rows = _resolutions(request.user)
    today = timezone.localdate()
    if filters.status:
        rows = rows.filter(parts__status=filters.status)
    if filters.agency:
        rows = rows.filter(parts__agency_id=filters.agency)
    if filters.overdue is not None:
        late = ResolutionPart.objects.filter(status__in=ResolutionPart.OPEN, resolution__deadline__lt=today)
        ids = late.values("resolution_id")
        rows = rows.filter(pk__in=ids) if filters.overdue else rows.exclude(pk__in=ids)
    if filters.session:
        rows = rows.filter(session_id=filters.session)
    rows = rows.distinct().order_by("-issued_at", "-id")
    return paginate(request, rows, paging, lambda r: _resolution(r, today))


@router.get("/resolutions/{resolution_id}", response=ResolutionOut, auth=allow(*EVERYONE))
def get_resolution(request: HttpRequest, resolution_id: Id) -> dict[str, Any]:
    row = _resolutions(request.user).filter(pk=resolution_id).first()
    if row is None:
        raise Http404
    return _resolution(row, timezone.localdate())


def _part_for(request: HttpRequest, resolution_id: int, part_id: int) -> ResolutionPart:
    part = (
        ResolutionPart.objects.filter(
            resolution__in=access.resolutions_for(request.user), resolution_id=resolution_id
        )
        .filter(pk=part_id)
        .select_related("agency", "resolution")
        .first()
    )
    if part is None:
        raise Http404
    return part


@router.post(
    "/resolutions/{resolution_id}/parts/{part_id}/status", response=ResolutionOut, auth=allow(*UPDATERS)
)
def update_part_status(
    request: HttpRequest, resolution_id: Id, part_id: Id, payload: PartStatusIn
) -> dict[str, Any]:
    """The responsible agency (or the secretariat for it) reports: being executed, executed, not executed."""
    part = _part_for(request, resolution_id, part_id)
    actions.update_part(
        actor=request.user,
        part=part,
        version=payload.version,
        status=payload.status,
        text=payload.text,
        source=AuditEvent.Source.API,
    )
    return _resolution(_resolutions(request.user).get(pk=resolution_id), timezone.localdate())


@router.post(
    "/resolutions/{resolution_id}/parts/{part_id}/objection", response=ResolutionOut, auth=allow(*OFFICERS)
)
def object_to_resolution(
    request: HttpRequest, resolution_id: Id, part_id: Id, payload: ObjectionIn
) -> dict[str, Any]:
    """The responsible agency objects within 15 days of notification; later it is a 409."""
    part = _part_for(request, resolution_id, part_id)
    actions.object_to(
        actor=request.user,
        part=part,
        version=payload.version,
        reason=payload.reason,
        source=AuditEvent.Source.API,
    )
    return _resolution(_resolutions(request.user).get(pk=resolution_id), timezone.localdate())

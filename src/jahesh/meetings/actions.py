"""Named actions on sessions and resolutions: one transaction each, a row lock and a version check, an audit
record, notifications where someone must act.

A resolution names one or more agencies; each agency's *part* has its own status::

    notified ──→ executing ──→ executed (with evidence)
        │  └──────────────┴──→ not executed (with reason)
        └──→ objected (within 15 days of notification, with reason)
                 └── the next session rules: upheld (the agency is released) / rejected (→ executing)

A part still notified or executing after the resolution's deadline is *overdue*. ``carry_over`` (run daily by
``jahesh manage meetings_carry_over``) flags overdue parts, tells the secretariat, and puts their
resolutions — and those not executed — on the agenda of the group's next session, together with objections
to rule on. A resolution carried over twice is escalated to the governor, three times to the national
headquarters.

The minutes: a session is a draft until the chair approves its minutes; approval stores the exact PDF and
locks the session. A change afterwards needs ``reopen`` (with a reason), which starts the next version; the
approved versions stay as they were signed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jahesh.cases import actions as case_actions
from jahesh.cases.models import Case, Referral
from jahesh.core.audit import record, snapshot
from jahesh.core.models import AuditEvent, Role, User
from jahesh.core.notify import notify
from jahesh.registry import actions as registry_actions
from jahesh.registry.models import Agency, County, Region, Unit

from . import access
from .models import (
    OBJECTION_DAYS,
    AgendaItem,
    Attendance,
    Minutes,
    PartUpdate,
    Resolution,
    ResolutionPart,
    Session,
)

Status = ResolutionPart.Status

#: What an agency (or the secretariat on its behalf) may move its part to, from each status.
MOVES = {
    Status.NOTIFIED: (Status.EXECUTING, Status.EXECUTED, Status.NOT_EXECUTED),
    Status.EXECUTING: (Status.EXECUTED, Status.NOT_EXECUTED),
}
#: Times carried over → escalation level.
ESCALATE_AFTER = {Resolution.Escalation.GOVERNOR: 2, Resolution.Escalation.NATIONAL: 3}

SESSION_FIELDS = ["kind", "county", "number", "held_on", "place", "chair", "chair_title", "state"]
PART_FIELDS = ["status", "ruling", "objection"]


class ActionError(registry_actions.ActionError):
    """Not allowed now or not by this user; the message says why (translated). The API answers 409."""


class ConflictError(registry_actions.ConflictError):
    """Someone else changed the object since the user loaded it. The API answers 409."""


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require_staff(actor: Any) -> None:
    if not access.is_staff(actor):
        raise ActionError(_("Only the secretariat does this."))


def _bump(obj: Any, fields: list[str]) -> None:
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version"])
    obj.refresh_from_db(fields=["version"])


def _lock_session(session: Session, version: int | None, *, editing: bool = True) -> Session:
    locked = Session.objects.select_for_update().select_related("region").get(pk=session.pk)
    if version is not None and locked.version != version:
        raise ConflictError(
            _("Someone changed this session while you were reading it; reload and try again.")
        )
    if editing and locked.locked:
        raise ActionError(
            _(
                "The minutes of this session are approved and the session is locked; "
                "reopen it for a new version of the minutes to change it."
            )
        )
    return locked


def _lock_part(part: ResolutionPart, version: int | None) -> ResolutionPart:
    locked = (
        ResolutionPart.objects.select_for_update()
        .select_related("resolution", "resolution__session", "agency")
        .get(pk=part.pk)
    )
    if version is not None and locked.version != version:
        raise ConflictError(
            _("Someone changed this resolution while you were reading it; reload and try again.")
        )
    return locked


def group_of(kind: str, county: County | None) -> str:
    return f"{kind}:{county.pk}" if kind == Session.Kind.COUNTY and county is not None else kind


def secretariat_users() -> list[User]:
    return list(User.objects.filter(role=Role.SECRETARIAT, is_active=True))


def officers_of(agency_ids: Iterable[int]) -> list[User]:
    return list(
        User.objects.filter(agency_id__in=list(agency_ids), role__in=(Role.AGENCY, Role.BANK), is_active=True)
    )


def _move_case(actor: Any, case: Case | None, frm: Sequence[str], to: str) -> None:
    """Move the linked case on with the cases app's own action when it is where the session expects it."""
    if case is None:
        return
    current = Case.objects.get(pk=case.pk)
    if current.state in frm:
        # The case's own rules decide; the session's record stands either way. An agency officer's step on
        # their part of a resolution moves the case too (the secretariat need not repeat it).
        with contextlib.suppress(case_actions.ActionError):
            case_actions.move(
                actor=actor,
                case=current,
                version=current.version,
                to=to,
                following_resolution=not access.is_staff(actor),
            )


# -- sessions ------------------------------------------------------------------------------------------------


@transaction.atomic
def create_session(
    *,
    actor: Any,
    region: Region,
    held_on: dt.date,
    kind: str = Session.Kind.PROVINCIAL,
    county: County | None = None,
    number: int | None = None,
    place: str = "",
    chair: User | None = None,
    chair_title: str = "",
    invite: Iterable[Agency] = (),
    source: str = AuditEvent.Source.WEB,
    now: dt.datetime | None = None,
) -> Session:
    """A new session of a working group, numbered next in its group unless a number is given; carried-over
    resolutions and objections waiting for a ruling go on its agenda at once."""
    _require_staff(actor)
    if kind == Session.Kind.COUNTY and county is None:
        raise ActionError(_("A county working group's session needs its county."))
    if kind != Session.Kind.COUNTY:
        county = None
    Region.objects.select_for_update().filter(pk=region.pk).first()  # one numbering at a time
    group = group_of(kind, county)
    taken = Session.objects.filter(region=region, group=group)
    if number is None:
        number = (taken.aggregate(n=Max("number"))["n"] or 0) + 1
    elif taken.filter(number=number).exists():
        raise ActionError(
            _("This working group already has a session number %(n)s.") % {"n": _digits(number)}
        )
    session = Session.objects.create(
        region=region,
        kind=kind,
        county=county,
        group=group,
        number=number,
        held_on=held_on,
        place=place.strip(),
        chair=chair,
        chair_title=chair_title.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    Attendance.objects.bulk_create([Attendance(session=session, agency=a, invited=True) for a in invite])
    record(
        actor=actor,
        action="session.created",
        obj=session,
        after=snapshot(session, SESSION_FIELDS),
        source=source,
    )
    _carry_into(session, _now(now))
    return session


@transaction.atomic
def update_session(
    *, actor: Any, session: Session, version: int, source: str = AuditEvent.Source.WEB, **fields: Any
) -> Session:
    """Change the date, place or chair of a session whose minutes are not approved."""
    _require_staff(actor)
    session = _lock_session(session, version)
    before = snapshot(session, SESSION_FIELDS)
    allowed = {"held_on", "place", "chair", "chair_title"}
    for name, value in fields.items():
        if name not in allowed:
            raise ActionError(_("This field cannot be changed here."))
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    _bump(session, list(fields))
    record(
        actor=actor,
        action="session.updated",
        obj=session,
        before=before,
        after=snapshot(session, SESSION_FIELDS),
        source=source,
    )
    return session


@transaction.atomic
def set_attendance(
    *,
    actor: Any,
    session: Session,
    version: int,
    rows: Iterable[tuple[Agency, bool, bool, str]],
    source: str = AuditEvent.Source.WEB,
) -> Session:
    """Record, for each agency, whether it was invited, whether it attended and who represented it."""
    _require_staff(actor)
    session = _lock_session(session, version)
    changed = []
    for agency, invited, present, representative in rows:
        if agency.region_id != session.region_id:
            raise ActionError(_("That agency is not in this region."))
        if not invited and not present:
            Attendance.objects.filter(session=session, agency=agency).delete()
            continue
        Attendance.objects.update_or_create(
            session=session,
            agency=agency,
            defaults={"invited": invited, "present": present, "representative": representative.strip()[:200]},
        )
        changed.append({"agency": agency.pk, "present": present, "representative": representative.strip()})
    _bump(session, [])
    record(
        actor=actor, action="session.attendance", obj=session, after={"attendance": changed}, source=source
    )
    return session


def ready_cases(region: Region) -> Any:
    """Cases the session should hear: escalated to the agenda, or answered "needs the working group", and
    not yet on an agenda."""
    needs_wg = Referral.objects.filter(case=OuterRef("pk"), status=Referral.Status.NEEDS_WORKING_GROUP)
    return (
        Case.objects.filter(unit__region=region, state__in=(Case.State.REFERRED, Case.State.ANSWERED))
        .filter(Q(escalation__gte=Case.Escalation.AGENDA) | Exists(needs_wg))
        .exclude(agenda_items__isnull=False)
        .select_related("unit", "category")
        .order_by("-escalation", "created_at", "pk")
    )


def _next_order(session: Session) -> int:
    return (session.agenda.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def add_agenda_item(
    *,
    actor: Any,
    session: Session,
    version: int,
    kind: str,
    title: str = "",
    minutes: int = 10,
    case: Case | None = None,
    unit: Unit | None = None,
    sector: str = "",
    source: str = AuditEvent.Source.WEB,
) -> AgendaItem:
    """Put a case, a unit, a sector or a free topic on the agenda; a case goes "on the agenda" itself."""
    _require_staff(actor)
    session = _lock_session(session, version)
    if kind == AgendaItem.Kind.CASE:
        if case is None:
            raise ActionError(_("Choose the case."))
        if case.unit.region_id != session.region_id:
            raise ActionError(_("That case is not in this region."))
        if session.agenda.filter(case=case).exists():
            raise ActionError(_("This case is on the agenda already."))
        if case.state == Case.State.CLOSED:
            raise ActionError(_("The case is closed."))
        title = title.strip() or case.title
        unit = case.unit
    elif kind == AgendaItem.Kind.UNIT:
        if unit is None or unit.region_id != session.region_id:
            raise ActionError(_("Choose the unit."))
        title = title.strip() or unit.name
    elif kind == AgendaItem.Kind.SECTOR:
        if not (len(sector) == 2 and sector.isdigit()):
            raise ActionError(_("Give the sector as a two-digit ISIC division."))
        if not title.strip():
            raise ActionError(_("Write the topic."))
    elif kind == AgendaItem.Kind.TOPIC:
        if not title.strip():
            raise ActionError(_("Write the topic."))
    else:
        raise ActionError(_("Choose what the item is about."))
    if not 1 <= minutes <= 600:
        raise ActionError(_("Give the item's time in minutes (1 to 600)."))
    item = AgendaItem.objects.create(
        session=session,
        order=_next_order(session),
        kind=kind,
        title=title.strip()[:300],
        minutes=minutes,
        case=case if kind == AgendaItem.Kind.CASE else None,
        unit=unit if kind in (AgendaItem.Kind.CASE, AgendaItem.Kind.UNIT) else None,
        sector=sector if kind == AgendaItem.Kind.SECTOR else "",
    )
    _bump(session, [])
    record(
        actor=actor,
        action="session.agenda_added",
        obj=session,
        after={"item": item.pk, "kind": kind, "case": case.pk if case else None},
        unit=unit,
        source=source,
    )
    _move_case(actor, case, (Case.State.REFERRED, Case.State.ANSWERED), Case.State.ON_AGENDA)
    return item


@transaction.atomic
def move_agenda_item(*, actor: Any, item: AgendaItem, version: int, up: bool) -> AgendaItem:
    """Swap an item with its neighbour above or below."""
    _require_staff(actor)
    session = _lock_session(item.session, version)
    items = list(session.agenda.order_by("order", "id"))
    i = next(i for i, it in enumerate(items) if it.pk == item.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(items):
        items[i], items[j] = items[j], items[i]
        for n, it in enumerate(items, start=1):
            if it.order != n:
                it.order = n
                it.save(update_fields=["order"])
        _bump(session, [])
    return item


@transaction.atomic
def remove_agenda_item(*, actor: Any, item: AgendaItem, version: int) -> None:
    _require_staff(actor)
    session = _lock_session(item.session, version)
    if item.resolutions.exists():
        raise ActionError(_("A resolution was issued on this item; it stays on the agenda."))
    record(
        actor=actor,
        action="session.agenda_removed",
        obj=session,
        before={"item": item.pk, "title": item.title},
    )
    item.delete()
    _bump(session, [])


# -- resolutions ---------------------------------------------------------------------------------------------


@transaction.atomic
def issue_resolution(
    *,
    actor: Any,
    session: Session,
    version: int,
    text: str,
    deadline: dt.date,
    agencies: Iterable[Agency],
    kind: str = Resolution.Kind.BINDING,
    agenda_item: AgendaItem | None = None,
    case: Case | None = None,
    unit: Unit | None = None,
    source: str = AuditEvent.Source.WEB,
    now: dt.datetime | None = None,
) -> Resolution:
    """Record a resolution of the session with its responsible agencies; each agency's officers are told."""
    _require_staff(actor)
    now = _now(now)
    session = _lock_session(session, version)
    agencies = list(dict.fromkeys(agencies))
    if not text.strip():
        raise ActionError(_("Write the resolution."))
    if kind not in Resolution.Kind.values:
        raise ActionError(_("Choose the kind of resolution."))
    if not agencies:
        raise ActionError(_("Choose at least one responsible agency."))
    if any(a.region_id != session.region_id for a in agencies):
        raise ActionError(_("That agency is not in this region."))
    if deadline < timezone.localdate(now):
        raise ActionError(_("The deadline is in the past."))
    if agenda_item is not None:
        if agenda_item.session_id != session.pk:
            raise ActionError(_("That item is not on this session's agenda."))
        case = case or agenda_item.case
        unit = unit or agenda_item.unit
    if case is not None:
        unit = unit or case.unit
    number = (session.resolutions.aggregate(n=Max("number"))["n"] or 0) + 1
    resolution = Resolution.objects.create(
        session=session,
        number=number,
        agenda_item=agenda_item,
        text=text.strip(),
        kind=kind,
        deadline=deadline,
        case=case,
        unit=unit,
        issued_at=now,
    )
    ResolutionPart.objects.bulk_create(
        [ResolutionPart(resolution=resolution, agency=a, notified_at=now, status_at=now) for a in agencies]
    )
    _bump(session, [])
    record(
        actor=actor,
        action="resolution.issued",
        obj=resolution,
        after={
            "text": resolution.text,
            "deadline": deadline.isoformat(),
            "agencies": [a.pk for a in agencies],
        },
        unit=unit,
        source=source,
    )
    notify(
        officers_of(a.pk for a in agencies),
        kind="resolution.issued",
        message=gettext_lazy(
            "Resolution %(label)s of session %(session)s names your agency; deadline %(deadline)s. "
            "You may object within %(days)s days."
        ),
        params={
            "label": resolution.label,
            "session": session.number,
            "deadline": _jdate(deadline),
            "days": OBJECTION_DAYS,
        },
        url=reverse("resolution-detail", args=[resolution.pk]),
    )
    _move_case(actor, case, (Case.State.ON_AGENDA,), Case.State.RESOLUTION_ISSUED)
    return resolution


def _digits(value: Any) -> str:
    from jahesh.core.templatetags.jahesh import digits

    return digits(value)


def _jdate(day: dt.date) -> str:
    from jahesh.core.templatetags.jahesh import jdate

    return jdate(day)


def _history(
    part: ResolutionPart, actor: Any, before: str, after: str, text: str, now: dt.datetime, ruling: str = ""
) -> PartUpdate:
    return PartUpdate.objects.create(
        part=part,
        at=now,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        before=before,
        after=after,
        ruling=ruling,
        text=text,
    )


@transaction.atomic
def update_part(
    *,
    actor: Any,
    part: ResolutionPart,
    version: int,
    status: str,
    text: str = "",
    files: Sequence[Any] = (),
    source: str = AuditEvent.Source.WEB,
    now: dt.datetime | None = None,
) -> ResolutionPart:
    """An agency reports its part: being executed, executed (with evidence) or not executed (with reason)."""
    from jahesh.core.uploads import attach_all

    now = _now(now)
    if not access.may_update_part(actor, part):
        raise ActionError(
            _("Only an officer of the responsible agency, or the secretariat, may update its part.")
        )
    part = _lock_part(part, version)
    if status not in MOVES.get(part.status, ()):
        raise ActionError(
            _("A part that is %(from)s cannot become %(to)s.")
            % {
                "from": part.get_status_display(),
                "to": str(Status(status).label) if status in Status.values else status,
            }
        )
    text = text.strip()
    if status == Status.EXECUTED and not (text or files):
        raise ActionError(_("Give the evidence of execution: a description or a file."))
    if status == Status.NOT_EXECUTED and not text:
        raise ActionError(_("Say why the resolution was not executed."))
    before = snapshot(part, PART_FIELDS)
    old = part.status
    part.status = status
    part.status_at = now
    fields = ["status", "status_at"]
    if status == Status.EXECUTED:
        part.executed_at = now
        fields.append("executed_at")
    _bump(part, fields)
    update = _history(part, actor, old, status, text, now)
    if files:
        try:
            attach_all(files, owner=update, user=actor, note=text[:500])
        except Exception as exc:  # a ValidationError from the upload check: nothing of this change is kept
            from django.core.exceptions import ValidationError

            if isinstance(exc, ValidationError):
                raise ActionError(" ".join(exc.messages)) from None
            raise
    resolution = part.resolution
    record(
        actor=actor,
        action="resolution.part_status",
        obj=part,
        before=before,
        after=snapshot(part, PART_FIELDS),
        unit=resolution.unit,
        source=source,
        note=text[:1000],
    )
    if status in (Status.EXECUTED, Status.NOT_EXECUTED):
        message = (
            gettext_lazy("%(agency)s reports resolution %(label)s executed.")
            if status == Status.EXECUTED
            else gettext_lazy("%(agency)s reports resolution %(label)s not executed.")
        )
        notify(
            secretariat_users(),
            kind=f"resolution.{status}",
            message=message,
            params={"agency": part.agency.name, "label": resolution.label},
            url=reverse("resolution-detail", args=[resolution.pk]),
        )
    if status in (Status.EXECUTING, Status.EXECUTED):
        _move_case(actor, resolution.case, (Case.State.RESOLUTION_ISSUED,), Case.State.EXECUTING)
    return part


@transaction.atomic
def object_to(
    *,
    actor: Any,
    part: ResolutionPart,
    version: int,
    reason: str,
    source: str = AuditEvent.Source.WEB,
    now: dt.datetime | None = None,
) -> ResolutionPart:
    """The agency objects, with its reason, within 15 days of notification; the next session rules on it."""
    now = _now(now)
    if not (access._officer_agency(actor) and actor.agency_id == part.agency_id):
        raise ActionError(_("Only an officer of the responsible agency may object."))
    part = _lock_part(part, version)
    if part.status != Status.NOTIFIED:
        raise ActionError(
            _("An objection is possible only before the agency starts executing the resolution.")
        )
    closes = part.objection_closes_on()
    if timezone.localdate(now) > closes:
        raise ActionError(
            _("The %(days)s days to object ended on %(date)s; the resolution must be executed.")
            % {"days": _digits(OBJECTION_DAYS), "date": _jdate(closes)}
        )
    if not reason.strip():
        raise ActionError(_("Give the reason for the objection."))
    before = snapshot(part, PART_FIELDS)
    part.status = Status.OBJECTED
    part.objection = reason.strip()
    part.objected_at = now
    part.status_at = now
    _bump(part, ["status", "objection", "objected_at", "status_at"])
    _history(part, actor, Status.NOTIFIED, Status.OBJECTED, part.objection, now)
    resolution = part.resolution
    record(
        actor=actor,
        action="resolution.objected",
        obj=part,
        before=before,
        after=snapshot(part, PART_FIELDS),
        unit=resolution.unit,
        source=source,
    )
    notify(
        secretariat_users(),
        kind="resolution.objected",
        message=gettext_lazy("%(agency)s objects to resolution %(label)s; the next session rules on it."),
        params={"agency": part.agency.name, "label": resolution.label},
        url=reverse("resolution-detail", args=[resolution.pk]),
    )
    nxt = next_session_for(resolution.session, timezone.localdate(now))
    if nxt is not None:
        _add_objection_item(nxt, part)
    return part


@transaction.atomic
def rule_on_objection(
    *,
    actor: Any,
    part: ResolutionPart,
    version: int,
    upheld: bool,
    session: Session | None = None,
    text: str = "",
    source: str = AuditEvent.Source.WEB,
    now: dt.datetime | None = None,
) -> ResolutionPart:
    """The session rules: an upheld objection releases the agency; a rejected one obliges it to execute."""
    _require_staff(actor)
    now = _now(now)
    part = _lock_part(part, version)
    if part.status != Status.OBJECTED or part.ruling:
        raise ActionError(_("There is no objection waiting for a ruling here."))
    if session is not None and session.locked:
        raise ActionError(
            _("The minutes of that session are approved; the ruling belongs to a later session.")
        )
    before = snapshot(part, PART_FIELDS)
    part.ruling = ResolutionPart.Ruling.UPHELD if upheld else ResolutionPart.Ruling.REJECTED
    part.ruled_in = session
    part.status_at = now
    fields = ["ruling", "ruled_in", "status_at"]
    if not upheld:
        part.status = Status.EXECUTING
        fields.append("status")
    _bump(part, fields)
    _history(part, actor, Status.OBJECTED, part.status, text.strip(), now, ruling=part.ruling)
    record(
        actor=actor,
        action="resolution.ruled",
        obj=part,
        before=before,
        after=snapshot(part, PART_FIELDS),
        unit=part.resolution.unit,
        source=source,
    )
    notify(
        officers_of([part.agency_id]),
        kind="resolution.ruled",
        message=gettext_lazy(
            "The working group ruled on your objection to resolution %(label)s: %(ruling)s."
        ),
        params={"label": part.resolution.label, "ruling": part.get_ruling_display()},
        url=reverse("resolution-detail", args=[part.resolution_id]),
    )
    return part


# -- minutes -------------------------------------------------------------------------------------------------


@transaction.atomic
def approve_minutes(
    *,
    actor: Any,
    session: Session,
    version: int,
    source: str = AuditEvent.Source.WEB,
    now: dt.datetime | None = None,
) -> Minutes:
    """The chair approves the minutes: the exact PDF is kept and the session is locked."""
    from .minutes import render_minutes

    if not access.may_approve(actor, session):
        raise ActionError(_("Only the chair (leadership) approves the minutes."))
    now = _now(now)
    session = _lock_session(session, version)
    pdf = render_minutes(session, draft=False, approved_at=now, approved_by=actor)
    minutes = Minutes.objects.create(
        session=session,
        version=session.minutes_version,
        approved_at=now,
        approved_by=actor,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    session.state = Session.State.APPROVED
    _bump(session, ["state"])
    record(
        actor=actor,
        action="session.minutes_approved",
        obj=session,
        after={"minutes_version": minutes.version, "sha256": minutes.sha256},
        source=source,
    )
    return minutes


@transaction.atomic
def reopen(
    *, actor: Any, session: Session, version: int, reason: str, source: str = AuditEvent.Source.WEB
) -> Session:
    """Open an approved session for a correction: the next version of the minutes; approved ones are kept."""
    _require_staff(actor)
    session = _lock_session(session, version, editing=False)
    if not session.locked:
        raise ActionError(_("The session is not approved; it can be changed as it is."))
    if not reason.strip():
        raise ActionError(_("Say why the approved minutes must change."))
    session.state = Session.State.DRAFT
    session.minutes_version = F("minutes_version") + 1
    _bump(session, ["state", "minutes_version"])
    session.refresh_from_db(fields=["minutes_version"])
    Minutes.objects.filter(session=session, version=session.minutes_version - 1).update(note=reason.strip())
    record(
        actor=actor,
        action="session.reopened",
        obj=session,
        after={"minutes_version": session.minutes_version},
        note=reason.strip(),
        source=source,
    )
    return session


# -- carrying over -------------------------------------------------------------------------------------------


def next_session_for(session: Session, today: dt.date) -> Session | None:
    """The group's next draft session on or after today (other than ``session``)."""
    return (
        Session.objects.filter(
            region_id=session.region_id, group=session.group, state=Session.State.DRAFT, held_on__gte=today
        )
        .exclude(pk=session.pk)
        .order_by("held_on", "number")
        .first()
    )


def _add_objection_item(session: Session, part: ResolutionPart) -> bool:
    if session.agenda.filter(kind=AgendaItem.Kind.OBJECTION, part=part).exists():
        return False
    resolution = part.resolution
    AgendaItem.objects.create(
        session=session,
        order=_next_order(session),
        kind=AgendaItem.Kind.OBJECTION,
        title=_("Objection of %(agency)s to resolution %(label)s")
        % {"agency": part.agency.name, "label": resolution.label},
        minutes=10,
        case=None,
        unit=resolution.unit,
        resolution=resolution,
        part=part,
    )
    return True


def _carry_into(session: Session, now: dt.datetime) -> int:
    """Put on ``session``'s agenda every resolution of its group that waits for it; returns how many."""
    today = timezone.localdate(now)
    earlier = Resolution.objects.filter(
        session__region_id=session.region_id,
        session__group=session.group,
        session__held_on__lt=session.held_on,
    )
    overdue = Q(parts__status__in=ResolutionPart.OPEN, deadline__lt=today)
    failed = Q(parts__status=Status.NOT_EXECUTED) & (
        Q(carried_at__isnull=True) | Q(parts__status_at__gt=F("carried_at"))
    )
    waiting = (
        earlier.filter(overdue | failed)
        .exclude(agenda_items__session=session)
        .select_related("session")
        .distinct()
        .order_by("session__held_on", "number")
    )
    added = 0
    for resolution in waiting:
        locked = Resolution.objects.select_for_update().get(pk=resolution.pk)
        AgendaItem.objects.create(
            session=session,
            order=_next_order(session),
            kind=AgendaItem.Kind.CARRIED,
            title=_("Carried over: resolution %(label)s") % {"label": resolution.label},
            minutes=5,
            case=None,
            unit=resolution.unit,
            resolution=resolution,
        )
        locked.carried_count += 1
        locked.carried_at = now
        level = max(
            (lvl for lvl, times in ESCALATE_AFTER.items() if locked.carried_count >= times),
            default=Resolution.Escalation.NONE,
        )
        locked.escalation = max(locked.escalation, int(level))
        locked.version = F("version") + 1
        locked.save(update_fields=["carried_count", "carried_at", "escalation", "version"])
        record(
            actor=None,
            action="resolution.carried_over",
            obj=locked,
            after={
                "session": session.pk,
                "carried_count": locked.carried_count,
                "escalation": int(locked.escalation),
            },
            unit=resolution.unit,
            source=AuditEvent.Source.SYSTEM,
        )
        added += 1
    objections = ResolutionPart.objects.filter(
        resolution__session__region_id=session.region_id,
        resolution__session__group=session.group,
        status=Status.OBJECTED,
        ruling="",
    ).select_related("resolution", "resolution__session", "agency")
    for part in objections:
        if part.resolution.session_id != session.pk:
            added += _add_objection_item(session, part)
    return added


def carry_over(now: dt.datetime | None = None) -> dict[str, int]:
    """Flag parts past their deadline (the secretariat is told once per part) and carry waiting resolutions
    and objections to each group's next session. Safe to run again and again."""
    now = _now(now)
    today = timezone.localdate(now)
    flagged = 0
    late = (
        ResolutionPart.objects.filter(status__in=ResolutionPart.OPEN, resolution__deadline__lt=today)
        .filter(overdue_flagged_at__isnull=True)
        .select_related("resolution", "resolution__session", "agency")
    )
    staff = secretariat_users()
    for part in late:
        with transaction.atomic():
            locked = _lock_part(part, None)
            if locked.overdue_flagged_at is not None or not locked.overdue_on(today):
                continue
            locked.overdue_flagged_at = now
            locked.save(update_fields=["overdue_flagged_at"])
            record(
                actor=None,
                action="resolution.overdue",
                obj=locked,
                after={"deadline": locked.resolution.deadline.isoformat()},
                unit=locked.resolution.unit,
                source=AuditEvent.Source.SYSTEM,
            )
            notify(
                staff,
                kind="resolution.overdue",
                message=gettext_lazy(
                    "%(agency)s has not executed resolution %(label)s by its deadline %(deadline)s."
                ),
                params={
                    "agency": locked.agency.name,
                    "label": locked.resolution.label,
                    "deadline": _jdate(locked.resolution.deadline),
                },
                url=reverse("resolution-detail", args=[locked.resolution_id]),
            )
            flagged += 1
    carried = 0
    groups = Session.objects.filter(state=Session.State.DRAFT, held_on__gte=today).order_by(
        "region_id", "group", "held_on", "number"
    )
    seen: set[tuple[int, str]] = set()
    for session in groups:
        key = (session.region_id, session.group)
        if key in seen:
            continue
        seen.add(key)
        with transaction.atomic():
            locked = Session.objects.select_for_update().get(pk=session.pk)
            if locked.locked:
                continue
            carried += _carry_into(locked, now)
    return {"flagged": flagged, "carried": carried}

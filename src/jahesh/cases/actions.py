"""Named actions on cases: one transaction each, a lock or version check, a timeline event, an audit record.

The state machine (DOMAIN.md, Obstacles)::

    new → triaged → referred → answered → on_agenda → resolution_issued → executing → closed
                       ↑  (more agencies)  |
                       └───────────────────┘

A case is *referred* while any referral waits for an answer and *answered* once every referral is answered.
Any open case may be closed with an outcome (a unit representative may only withdraw their own case).

Escalation (``escalate_overdue``) is a separate ladder on the case, kept simple on purpose: a referral one
day past its due date marks the case overdue and escalated to the secretariat (level 1); fifteen days past due
it is proposed for the next session's agenda (level 2); forty-five days past due it is flagged for the
national level (level 3). The ladder never goes down; a late answer does not erase that it was late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jahesh.core import uploads
from jahesh.core.audit import record, snapshot
from jahesh.core.models import AuditEvent, Role
from jahesh.registry.models import Agency, Unit

from . import notices
from .models import Case, CaseEvent, CaseNote, Category, FieldVisit, Referral

State = Case.State

#: Days past due at which each escalation level is reached.
ESCALATION_DAYS = {Case.Escalation.SECRETARIAT: 1, Case.Escalation.AGENDA: 15, Case.Escalation.NATIONAL: 45}
RECURRENCE_DAYS = 365

#: The moves the secretariat makes by hand after the agencies have answered (sessions will drive these later).
MANUAL_MOVES = {
    State.ANSWERED: [State.ON_AGENDA],
    State.REFERRED: [State.ON_AGENDA],
    State.ON_AGENDA: [State.RESOLUTION_ISSUED],
    State.RESOLUTION_ISSUED: [State.EXECUTING],
}

CASE_FIELDS = ["state", "outcome", "category", "severity", "escalation"]
REFERRAL_FIELDS = ["status", "due_on", "answer"]


class ActionError(Exception):
    """The action is not allowed now or not by this user; the message says why (translated)."""


class ConflictError(ActionError):
    """Someone else changed the case since the user loaded it."""


def _staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or user.role in (Role.ADMIN, Role.SECRETARIAT)
    )


def _lock(case: Case, version: int | None) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("Someone changed this case while you were reading it; reload and try again."))
    return locked


def _save(case: Case, fields: list[str]) -> None:
    case.version = F("version") + 1
    case.save(update_fields=[*fields, "version"])
    case.refresh_from_db(fields=["version"])


def _event(case: Case, kind: str, actor: Any, text: str = "", **kw: Any) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        text=text,
        at=kw.pop("at", None) or timezone.now(),
        **kw,
    )


def _audit(actor: Any, action: str, obj: Any, before: Any, after: Any, unit: Unit, source: str) -> None:
    record(actor=actor, action=action, obj=obj, before=before, after=after, unit=unit, source=source)


def _attach(files: Iterable[Any] | None, owner: Any, actor: Any) -> list[Any]:
    """Keep the files as attachments of ``owner``; a bad file refuses them all (and, raised inside the
    action's transaction, undoes the whole action)."""
    files = list(files or [])
    if not files:
        return []
    try:
        return uploads.attach_all(files, owner=owner, user=actor)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages)) from None


def find_recurrence(unit: Unit, category: Category, now: dt.datetime | None = None) -> Case | None:
    """An earlier case of the same unit and category, still open or closed within the last 12 months."""
    now = now or timezone.now()
    return (
        Case.objects.filter(unit=unit, category=category)
        .filter(~Q(state=State.CLOSED) | Q(closed_at__gte=now - dt.timedelta(days=RECURRENCE_DAYS)))
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def raise_case(
    *,
    actor: Any,
    unit: Unit,
    category: Category,
    title: str,
    description: str,
    amount_irr: Any = None,
    jobs_at_stake: int | None = None,
    severity: str = Case.Severity.MEDIUM,
    requested_action: str = "",
    source: str | None = None,
    audit_source: str = AuditEvent.Source.WEB,
    files: Iterable[Any] | None = None,
    visit: FieldVisit | None = None,
) -> Case:
    """A unit representative raises a case about their own unit; the secretariat about any unit.

    ``files`` are kept as the case's attachments; ``visit`` links a case opened from a field visit's findings.
    """
    if not title.strip() or not description.strip():
        raise ActionError(_("Write the title and the description."))
    if visit is not None:
        if not _staff(actor):
            raise ActionError(_("Only the secretariat opens cases from a field visit."))
        if visit.unit_id != unit.pk:
            raise ActionError(_("The visit was to another unit."))
        source = Case.Source.FIELD_VISIT
    if not _staff(actor):
        if actor.role != Role.UNIT or not unit.representatives.filter(pk=actor.pk).exists():
            raise ActionError(_("You may raise cases only about the units you represent."))
        source = Case.Source.PORTAL
    elif source is None:
        source = Case.Source.SECRETARIAT
    # Lock the unit so two cases raised at the same moment agree on which one recurs.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    earlier = find_recurrence(unit, category)
    case = Case.objects.create(
        unit=unit,
        category=category,
        title=title.strip(),
        description=description.strip(),
        amount_irr=amount_irr,
        jobs_at_stake=jobs_at_stake,
        severity=severity,
        requested_action=requested_action.strip(),
        source=source,
        visit=visit,
        recurs=earlier,
        raised_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _attach(files, case, actor)
    _event(
        case,
        CaseEvent.Kind.RAISED,
        actor,
        case.title,
        after={"source": source, **({"visit": visit.pk} if visit else {})},
    )
    if earlier is not None:
        _event(case, CaseEvent.Kind.RECURS, None, after={"recurs": earlier.pk})
    _audit(actor, "case.raised", case, None, snapshot(case, CASE_FIELDS), unit, audit_source)
    return case


@transaction.atomic
def triage(
    *,
    actor: Any,
    case: Case,
    version: int,
    category: Category | None = None,
    severity: str | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Case:
    """The secretariat checks a new case, perhaps corrects its category and severity."""
    if not _staff(actor):
        raise ActionError(_("Only the secretariat triages cases."))
    case = _lock(case, version)
    if case.state != State.NEW:
        raise ActionError(_("Only a new case can be triaged; this one is %(state)s.") % _state(case))
    before = snapshot(case, CASE_FIELDS)
    case.state = State.TRIAGED
    if category is not None:
        case.category = category
    if severity:
        case.severity = severity
    _save(case, ["state", "category", "severity"])
    after = snapshot(case, CASE_FIELDS)
    _event(case, CaseEvent.Kind.TRIAGED, actor, case.category.name, before=before, after=after)
    _audit(actor, "case.triaged", case, before, after, case.unit, source)
    return case


def _state(case: Case) -> dict[str, str]:
    return {"state": str(case.get_state_display())}


def default_due(case: Case, today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(days=case.category.answer_days)


@transaction.atomic
def refer(
    *,
    actor: Any,
    case: Case,
    version: int,
    agencies: Iterable[tuple[Agency, dt.date | None]],
    source: str = AuditEvent.Source.WEB,
) -> list[Referral]:
    """Refer a triaged (or already referred/answered) case to one or more agencies, each with a due date.

    A due date left out comes from the category's default days to answer.
    """
    if not _staff(actor):
        raise ActionError(_("Only the secretariat refers cases to agencies."))
    case = _lock(case, version)
    if case.state not in (State.TRIAGED, State.REFERRED, State.ANSWERED):
        raise ActionError(_("A case is referred after triage; this one is %(state)s.") % _state(case))
    agencies = list(agencies)
    if not agencies:
        raise ActionError(_("Choose at least one agency."))
    open_to = set(case.referrals.filter(status__in=Referral.OPEN).values_list("agency_id", flat=True))
    today = timezone.localdate()
    made = []
    for agency, due in agencies:
        if agency.pk in open_to:
            raise ActionError(
                _("%(agency)s already has this case and has not answered yet.") % {"agency": agency.name}
            )
        if agency.region_id != case.unit.region_id:
            raise ActionError(_("That agency is not in this region."))
        due = due or default_due(case, today)
        if due < today:
            raise ActionError(_("The due date is in the past."))
        referral = Referral.objects.create(case=case, agency=agency, due_on=due, referred_by=actor)
        open_to.add(agency.pk)
        made.append(referral)
        _event(
            case,
            CaseEvent.Kind.REFERRED,
            actor,
            agency=agency,
            after={"agency": agency.pk, "due_on": due.isoformat()},
        )
        _audit(
            actor, "referral.created", referral, None, snapshot(referral, REFERRAL_FIELDS), case.unit, source
        )
        notices.referred(case, referral)
    before = snapshot(case, CASE_FIELDS)
    if case.state != State.REFERRED:
        case.state = State.REFERRED
        _save(case, ["state"])
        _audit(actor, "case.referred", case, before, snapshot(case, CASE_FIELDS), case.unit, source)
    return made


def can_answer(user: Any, referral: Referral) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and user.role in (Role.AGENCY, Role.BANK)
        and user.agency_id == referral.agency_id
    )


@transaction.atomic
def answer(
    *,
    actor: Any,
    referral: Referral,
    version: int,
    status: str,
    text: str,
    source: str = AuditEvent.Source.WEB,
    files: Iterable[Any] | None = None,
) -> Referral:
    """An officer of the referred agency answers: resolved, objected (with reason), needs the group.

    ``files`` (evidence) are kept as attachments of the referral: whoever sees the case sees them.
    """
    if not can_answer(actor, referral):
        raise ActionError(_("Only an officer of the agency the case was referred to may answer."))
    if status not in Referral.ANSWERS:
        raise ActionError(_("Choose an answer: resolved, objected or needs the working group."))
    if not text.strip():
        raise ActionError(_("Write the answer."))
    case = _lock(referral.case, None)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.is_open:
        raise ActionError(_("This referral has been answered already."))
    if locked.version != version:
        raise ConflictError(
            _("Someone changed this referral while you were reading it; reload and try again.")
        )
    if case.state == State.CLOSED:
        raise ActionError(_("The case is closed."))
    before = snapshot(locked, REFERRAL_FIELDS)
    locked.status = status
    locked.answer = text.strip()
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.version = F("version") + 1
    locked.save(update_fields=["status", "answer", "answered_at", "answered_by", "version"])
    locked.refresh_from_db(fields=["version"])
    _attach(files, locked, actor)
    after = snapshot(locked, REFERRAL_FIELDS)
    _event(
        case,
        CaseEvent.Kind.ANSWERED,
        actor,
        locked.answer,
        agency=locked.agency,
        before={"status": before["status"]},
        after={"status": status, "referral": locked.pk},
    )
    _audit(actor, "referral.answered", locked, before, after, case.unit, source)
    if case.state == State.REFERRED and not case.referrals.filter(status__in=Referral.OPEN).exists():
        case_before = snapshot(case, CASE_FIELDS)
        case.state = State.ANSWERED
        _save(case, ["state"])
        _audit(actor, "case.answered", case, case_before, snapshot(case, CASE_FIELDS), case.unit, source)
    notices.answered(case, locked)
    return locked


@transaction.atomic
def add_note(
    *,
    actor: Any,
    case: Case,
    text: str,
    private: bool = False,
    source: str = AuditEvent.Source.WEB,
    files: Iterable[Any] | None = None,
) -> CaseNote:
    """Add a note; an agency or bank officer may keep it private to their agency.

    ``files`` are kept as attachments of the note, so a private note's files are private too.
    """
    if actor.role == Role.LEADERSHIP and not actor.is_superuser:
        raise ActionError(
            _("Leadership reads cases; notes are written by the secretariat, agencies and units.")
        )
    if not text.strip():
        raise ActionError(_("Write the note."))
    agency = actor.agency if actor.role in (Role.AGENCY, Role.BANK) else None
    if private and agency is None:
        raise ActionError(_("Only an agency officer may keep a note private to their agency."))
    case = _lock(case, None)
    if private and not case.referrals.filter(agency=agency).exists():
        raise ActionError(_("Your agency has no referral of this case."))
    note = CaseNote.objects.create(case=case, author=actor, agency=agency, text=text.strip(), private=private)
    _attach(files, note, actor)
    _event(
        case,
        CaseEvent.Kind.NOTE,
        actor,
        note.text,
        agency=agency,
        private_to=agency if private else None,
        after={"note": note.pk},
    )
    record(
        actor=actor,
        action="case.note",
        obj=note,
        after={"private": private},
        unit=case.unit,
        source=source,
    )
    return note


@transaction.atomic
def move(
    *,
    actor: Any,
    case: Case,
    version: int,
    to: str,
    source: str = AuditEvent.Source.WEB,
    following_resolution: bool = False,
) -> Case:
    """The secretariat moves an answered case on: to the agenda, resolution issued, being executed.

    ``following_resolution``: the move follows from a resolution's own step taken by someone else (an agency
    marks its part executing): the sessions app may then move the case for them, recorded under their name.
    """
    if not (_staff(actor) or following_resolution):
        raise ActionError(_("Only the secretariat moves a case on."))
    case = _lock(case, version)
    if to not in MANUAL_MOVES.get(case.state, []):
        raise ActionError(
            _("A case that is %(state)s cannot go to %(to)s.")
            % {**_state(case), "to": str(State(to).label if to in State.values else to)}
        )
    before = snapshot(case, CASE_FIELDS)
    case.state = to
    _save(case, ["state"])
    after = snapshot(case, CASE_FIELDS)
    _event(case, CaseEvent.Kind.MOVED, actor, before=before, after=after)
    _audit(actor, "case.moved", case, before, after, case.unit, source)
    return case


@transaction.atomic
def close(
    *,
    actor: Any,
    case: Case,
    version: int,
    outcome: str,
    reason: str = "",
    source: str = AuditEvent.Source.WEB,
) -> Case:
    """Close a case with an outcome. The secretariat closes any case; a unit representative only withdraws."""
    if outcome not in Case.Outcome.values:
        raise ActionError(_("Choose an outcome."))
    if not _staff(actor):
        own = actor.role == Role.UNIT and case.unit.representatives.filter(pk=actor.pk).exists()
        if not (own and outcome == Case.Outcome.WITHDRAWN):
            raise ActionError(_("Only the secretariat closes cases; a unit may withdraw its own case."))
    case = _lock(case, version)
    if case.state == State.CLOSED:
        raise ActionError(_("The case is closed already."))
    before = snapshot(case, CASE_FIELDS)
    case.state = State.CLOSED
    case.outcome = outcome
    case.closed_at = timezone.now()
    _save(case, ["state", "outcome", "closed_at"])
    after = snapshot(case, CASE_FIELDS)
    _event(case, CaseEvent.Kind.CLOSED, actor, reason.strip(), before=before, after=after)
    _audit(actor, "case.closed", case, before, after, case.unit, source)
    notices.closed(case)
    return case


def escalation_level(days_late: int) -> int:
    level = Case.Escalation.NONE
    for step, days in ESCALATION_DAYS.items():
        if days_late >= days:
            level = step
    return int(level)


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Mark referrals past their due date overdue and raise their cases up the escalation ladder.

    Safe to run again and again (a cron job): only changes are written. Each case is handled in its own
    transaction under a row lock. Returns how many cases moved up a level.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    late = (
        Referral.objects.filter(status__in=Referral.OPEN, due_on__lt=today, case__state__in=_OPEN_STATES)
        .values_list("case_id", flat=True)
        .distinct()
    )
    moved = 0
    for case_id in sorted(set(late)):
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("unit").get(pk=case_id)
            referrals = list(
                Referral.objects.select_for_update()
                .select_related("agency")
                .filter(case=case, status__in=Referral.OPEN, due_on__lt=today)
            )
            worst = 0
            for referral in referrals:
                worst = max(worst, escalation_level((today - referral.due_on).days))
                if referral.status == Referral.Status.PENDING:
                    before = snapshot(referral, REFERRAL_FIELDS)
                    referral.status = Referral.Status.OVERDUE
                    referral.version = F("version") + 1
                    referral.save(update_fields=["status", "version"])
                    referral.refresh_from_db(fields=["version"])
                    _event(
                        case,
                        CaseEvent.Kind.OVERDUE,
                        None,
                        referral.agency.name,
                        agency=referral.agency,
                        at=now,
                    )
                    record(
                        actor=None,
                        action="referral.overdue",
                        obj=referral,
                        before=before,
                        after=snapshot(referral, REFERRAL_FIELDS),
                        unit=case.unit,
                        source=AuditEvent.Source.SYSTEM,
                    )
            if worst > case.escalation:
                before = snapshot(case, CASE_FIELDS)
                case.escalation = worst
                _save(case, ["escalation"])
                after = snapshot(case, CASE_FIELDS)
                _event(case, CaseEvent.Kind.ESCALATED, None, before=before, after=after, at=now)
                record(
                    actor=None,
                    action="case.escalated",
                    obj=case,
                    before=before,
                    after=after,
                    unit=case.unit,
                    source=AuditEvent.Source.SYSTEM,
                )
                notices.escalated(case, {r.agency_id for r in referrals})
                moved += 1
    return moved


_OPEN_STATES = [s for s in State.values if s != State.CLOSED]


# --- field visits ----------------------------------------------------------------------------------------

VISIT_FIELDS = [
    "visited_on",
    "visitors",
    "agency",
    "team",
    "findings",
    "utilisation_observed",
    "employment_observed",
]


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    unit: Unit,
    visited_on: dt.date,
    visitors: str,
    findings: str,
    agency: Agency | None = None,
    team: str = "",
    utilisation_observed: Any = None,
    employment_observed: int | None = None,
    files: Iterable[Any] | None = None,
    cases: Iterable[dict[str, Any]] = (),
    source: str = AuditEvent.Source.WEB,
) -> FieldVisit:
    """The secretariat records a monitoring visit (پایش و عارضه‌یابی) and opens a case for each finding in
    ``cases`` (dicts with category, title, description, severity), all or nothing."""
    if not _staff(actor):
        raise ActionError(_("Only the secretariat records field visits."))
    if visited_on > timezone.localdate():
        raise ActionError(_("The visit date is in the future."))
    if agency is not None and agency.region_id != unit.region_id:
        raise ActionError(_("That agency is not in this region."))
    if not visitors.strip() or not findings.strip():
        raise ActionError(_("Write who visited and what they found."))
    visit = FieldVisit.objects.create(
        unit=unit,
        visited_on=visited_on,
        visitors=visitors.strip(),
        agency=agency,
        team=team.strip(),
        findings=findings.strip(),
        utilisation_observed=utilisation_observed,
        employment_observed=employment_observed,
        recorded_by=actor,
    )
    _attach(files, visit, actor)
    record(
        actor=actor,
        action="visit.recorded",
        obj=visit,
        after=snapshot(visit, VISIT_FIELDS),
        unit=unit,
        source=source,
    )
    open_from_visit(actor=actor, visit=visit, cases=cases, source=source)
    return visit


@transaction.atomic
def open_from_visit(
    *, actor: Any, visit: FieldVisit, cases: Iterable[dict[str, Any]], source: str = AuditEvent.Source.WEB
) -> list[Case]:
    """Open one case per finding of ``visit`` (source: field visit, linked to it)."""
    return [
        raise_case(
            actor=actor,
            unit=visit.unit,
            category=c["category"],
            title=c["title"],
            description=c.get("description") or visit.findings,
            severity=c.get("severity") or Case.Severity.MEDIUM,
            jobs_at_stake=c.get("jobs_at_stake"),
            amount_irr=c.get("amount_irr"),
            visit=visit,
            audit_source=source,
        )
        for c in cases
    ]


# --- the taxonomy ------------------------------------------------------------------------------------------

CATEGORY_FIELDS = ["name", "name_en", "agency_kind", "answer_days", "order", "active", "parent"]


def _admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (user.is_superuser or user.role == Role.ADMIN)


@transaction.atomic
def update_category(
    *, actor: Any, category: Category, version: int, source: str = AuditEvent.Source.WEB, **values: Any
) -> Category:
    """The admin edits a category (name fa/en, default agency kind, days to answer, order, in use)."""
    if not _admin(actor):
        raise ActionError(_("Only the administrator edits the categories."))
    locked = Category.objects.select_for_update().get(pk=category.pk)
    if locked.version != version:
        raise ConflictError(
            _("Someone changed this category while you were editing it; reload and try again.")
        )
    before = snapshot(locked, CATEGORY_FIELDS)
    editable = {"name", "name_en", "agency_kind", "answer_days", "order", "active"}
    for field, value in values.items():
        if field not in editable:
            raise ActionError(_("That field cannot be changed."))
        setattr(locked, field, value.strip() if isinstance(value, str) else value)
    if not locked.name:
        raise ActionError(_("Write the name."))
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    record(
        actor=actor,
        action="category.updated",
        obj=locked,
        before=before,
        after=snapshot(locked, CATEGORY_FIELDS),
        source=source,
    )
    return locked


@transaction.atomic
def add_category(
    *,
    actor: Any,
    name: str,
    name_en: str = "",
    parent: Category | None = None,
    agency_kind: str = "",
    answer_days: int | None = None,
    order: int | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Category:
    """The admin adds a category or, under ``parent``, a sub-kind (parent's defaults where not given)."""
    if not _admin(actor):
        raise ActionError(_("Only the administrator edits the categories."))
    if not name.strip():
        raise ActionError(_("Write the name."))
    if parent is not None:
        parent = Category.objects.select_for_update().get(pk=parent.pk)
        if parent.parent_id is not None:
            raise ActionError(_("A sub-kind cannot have sub-kinds of its own."))
    prefix = parent.code if parent else "c"
    n = Category.objects.filter(code__startswith=f"{prefix}.").count() + 1
    while Category.objects.filter(code=f"{prefix}.{n}").exists():
        n += 1
    siblings = Category.objects.filter(parent=parent)
    category = Category.objects.create(
        code=f"{prefix}.{n}"[:32],
        name=name.strip(),
        name_en=name_en.strip(),
        parent=parent,
        agency_kind=agency_kind or (parent.agency_kind if parent else ""),
        answer_days=answer_days or (parent.answer_days if parent else 15),
        order=order if order is not None else (max((c.order for c in siblings), default=0) + 1),
    )
    record(
        actor=actor,
        action="category.created",
        obj=category,
        after=snapshot(category, CATEGORY_FIELDS),
        source=source,
    )
    return category

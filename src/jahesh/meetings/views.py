"""The sessions pages: list, new, detail (agenda, attendance, resolutions, minutes), the minutes PDF, the
follow-up dashboard with its Excel export and bulk update, an agency's own resolutions, a resolution. Thin."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jahesh.cases import once
from jahesh.core.access import allow
from jahesh.core.models import Role
from jahesh.core.uploads import attachments_of
from jahesh.registry.models import Agency, Region, Unit

from . import access, actions, excel, followup
from .forms import (
    AgendaForm,
    ImportForm,
    ObjectionForm,
    PartUpdateForm,
    ReopenForm,
    ResolutionFilterForm,
    ResolutionForm,
    RulingForm,
    SessionEditForm,
    SessionForm,
)
from .minutes import minutes_pdf
from .models import AgendaItem, Minutes, Resolution, ResolutionPart, Session

ALL = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY, Role.BANK, Role.UNIT)
REGION_WIDE = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
STAFF = (Role.ADMIN, Role.SECRETARIAT)


def _region() -> Region | None:
    return Region.objects.order_by("pk").first()


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@allow(*ALL)
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    sessions = access.sessions_for(request.user).select_related("county")
    visible = access.resolutions_for(request.user)
    sessions = sessions.annotate(
        n_resolutions=Count("resolutions", filter=Q(resolutions__in=visible.values("pk")), distinct=True),
        n_items=Count("agenda", distinct=True),
    ).order_by("-held_on", "-number", "-id")
    page = Paginator(sessions, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {"page": page, "query": _query(request), "can_create": access.is_staff(request.user)},
    )


@allow(*STAFF)
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    region = _region()
    if region is None:
        raise Http404("No region")
    form = SessionForm(request.POST or None, region=region)
    if request.method == "POST" and (done := once.made(request)):
        messages.info(request, _("This form was already sent; here is what it recorded."))
        return redirect("meeting-detail", pk=done)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = actions.create_session(
                actor=request.user,
                region=region,
                kind=data["kind"],
                county=data["county"],
                number=data["number"],
                held_on=data["held_on"],
                place=data["place"],
                chair=data["chair"],
                chair_title=data["chair_title"],
                invite=data["invite"],
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            once.remember(request, session.pk)
            messages.success(request, _("Session %(n)s was created.") % {"n": session.number})
            return redirect("meeting-detail", pk=session.pk)
    return render(request, "meetings/meeting_new.html", {"form": form, "once": once.token(request)})


def _parts_prefetch() -> Prefetch:
    return Prefetch(
        "parts", queryset=ResolutionPart.objects.select_related("agency").order_by("agency__name")
    )


def _session_forms(request: HttpRequest, session: Session) -> dict[str, Any]:
    user = request.user
    forms: dict[str, Any] = {}
    version = {"version": session.version}
    if access.is_staff(user) and not session.locked:
        forms["edit"] = SessionEditForm(
            initial={
                **version,
                "held_on": _jalali(session.held_on),
                "place": session.place,
                "chair_title": session.chair_title,
            }
        )
        forms["agenda"] = AgendaForm(initial=version, cases=actions.ready_cases(session.region))
        forms["resolution"] = ResolutionForm(initial=version, session=session)
        rows = {a.agency_id: a for a in session.attendance.all()}
        forms["agencies"] = [
            (a, rows.get(a.pk))
            for a in Agency.objects.filter(region_id=session.region_id).order_by("kind", "name")
        ]
        forms["proposed"] = list(actions.ready_cases(session.region)[:20])
    if access.may_approve(user, session) and not session.locked:
        forms["approve"] = True
    if access.is_staff(user) and session.locked:
        forms["reopen"] = ReopenForm(initial=version)
    return forms


def _jalali(day: Any) -> str:
    from jahesh.core import jalali

    return jalali.format_jalali(day, persian_digits=False)


@allow(*ALL)
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk)
    if request.method == "POST":
        if not access.is_staff(request.user) and not access.may_approve(request.user, session):
            raise Http404("Nothing to change here")
        kept = _session_act(request, session)
        if kept is None:
            return redirect("meeting-detail", pk=session.pk)
    else:
        kept = None
    user = request.user
    resolutions = list(
        access.session_resolutions_for(user, session)
        .select_related("session", "case", "unit", "agenda_item")
        .prefetch_related(_parts_prefetch())
        .order_by("number")
    )
    attendance = list(session.attendance.select_related("agency"))
    present = {a.agency_id: a for a in attendance}
    context = {
        "session": session,
        "agenda": list(access.agenda_for(user, session).select_related("case", "unit", "resolution")),
        "attendance": attendance,
        "present": present,
        "resolutions": resolutions,
        "forms": _keep_typed(request, session, kept),
        "minutes": list(Minutes.objects.filter(session=session).defer("pdf").order_by("-version"))
        if access.may_read_minutes(user)
        else [],
        "can_read_minutes": access.may_read_minutes(user),
        "region_wide": access.region_wide(user),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/meeting_detail.html", context)


KEPT = ("edit", "agenda", "resolution", "reopen")


def _keep_typed(request: HttpRequest, session: Session, kept: str | None) -> dict[str, Any]:
    """The page's forms; after a refused edit, agenda item, resolution or reopening, that form again with
    what was typed (under the session's current version, so that sending it again is not refused as stale)."""
    session.refresh_from_db()
    forms = _session_forms(request, session)
    if kept and kept in forms:
        data = request.POST.copy()
        data["version"] = str(session.version)
        if kept == "edit":
            forms["edit"] = SessionEditForm(data)
        elif kept == "agenda":
            cases = actions.ready_cases(session.region) | _open_cases(session)
            forms["agenda"] = AgendaForm(data, cases=cases)
        elif kept == "resolution":
            forms["resolution"] = ResolutionForm(data, session=session)
        else:
            forms["reopen"] = ReopenForm(data)
    return forms


def _session_act(request: HttpRequest, session: Session) -> str | None:
    """Run the posted action; an illegal one becomes a message, never a server error. Returns the name of
    a form whose typed text must be shown again (the action was refused), or None."""
    user = request.user
    action = request.POST.get("action")
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = 0
    try:
        if action == "approve":
            minutes = actions.approve_minutes(actor=user, session=session, version=version)
            messages.success(
                request,
                _("The minutes (version %(v)s) are approved; the session is locked.")
                % {"v": minutes.version},
            )
            return None
        if not access.is_staff(user):
            raise Http404("Nothing to change here")
        if action == "edit":
            form = SessionEditForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                actions.update_session(
                    actor=user,
                    session=session,
                    version=data["version"],
                    held_on=data["held_on"],
                    place=data["place"],
                    chair_title=data["chair_title"],
                )
                messages.success(request, _("The session was saved."))
                return None
            _form_errors(request, form)
            return action
        if action == "attendance":
            rows = []
            for agency in Agency.objects.filter(region_id=session.region_id):
                invited = request.POST.get(f"invited_{agency.pk}") == "on"
                present = request.POST.get(f"present_{agency.pk}") == "on"
                rep = request.POST.get(f"rep_{agency.pk}", "")
                rows.append((agency, invited or present, present, rep))
            actions.set_attendance(actor=user, session=session, version=version, rows=rows)
            messages.success(request, _("The attendance was recorded."))
            return None
        if action == "agenda":
            form = AgendaForm(request.POST, cases=actions.ready_cases(session.region) | _open_cases(session))
            if form.is_valid():
                data = form.cleaned_data
                unit = None
                if data["unit"]:
                    unit = Unit.objects.filter(region_id=session.region_id, pk=data["unit"]).first()
                item = actions.add_agenda_item(
                    actor=user,
                    session=session,
                    version=data["version"],
                    kind=data["kind"],
                    title=data["title"],
                    minutes=data["minutes"],
                    case=data["case"],
                    unit=unit,
                    sector=data["sector"],
                )
                messages.success(request, _("“%(title)s” is on the agenda.") % {"title": item.title})
                return None
            _form_errors(request, form)
            return action
        if action in ("up", "down", "remove"):
            item = session.agenda.filter(pk=_int(request.POST.get("item"))).first()
            if item is None:
                raise Http404("No such item")
            if action == "remove":
                actions.remove_agenda_item(actor=user, item=item, version=version)
            else:
                actions.move_agenda_item(actor=user, item=item, version=version, up=action == "up")
            return None
        if action == "resolution":
            form = ResolutionForm(request.POST, session=session)
            if form.is_valid():
                data = form.cleaned_data
                resolution = actions.issue_resolution(
                    actor=user,
                    session=session,
                    version=data["version"],
                    text=data["text"],
                    kind=data["kind"],
                    deadline=data["deadline"],
                    agencies=data["agencies"],
                    agenda_item=data["agenda_item"],
                )
                messages.success(
                    request,
                    _("Resolution %(label)s was issued; the agencies were told.")
                    % {"label": resolution.label},
                )
                return None
            _form_errors(request, form)
            return action
        if action == "reopen":
            form = ReopenForm(request.POST)
            if form.is_valid():
                actions.reopen(
                    actor=user,
                    session=session,
                    version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("The session is open for a new version of the minutes."))
                return None
            _form_errors(request, form)
            return action
        messages.error(request, _("Unknown action."))
    except (actions.ActionError, actions.ConflictError) as exc:
        messages.error(request, str(exc))
        return action if action in KEPT else None
    return None


def _open_cases(session: Session) -> Any:
    from jahesh.cases.models import Case

    return Case.objects.filter(unit__region_id=session.region_id).exclude(state=Case.State.CLOSED)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@allow(*REGION_WIDE)
@require_GET
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes PDF: the approved version exactly as signed, or the current draft with its watermark."""
    session = access.get_session(request.user, pk)
    version = request.GET.get("version")
    try:
        pdf, number, draft = minutes_pdf(session, int(version) if version else None)
    except (ValueError, Minutes.DoesNotExist):
        raise Http404("No such version") from None
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = "-draft" if draft else ""
    response["Content-Disposition"] = f'inline; filename="minutes-{session.number}-v{number}{suffix}.pdf"'
    return response


def _filtered_parts(request: HttpRequest, region: Region | None) -> tuple[Any, ResolutionFilterForm]:
    form = ResolutionFilterForm(request.GET or None, region=region)
    parts = ResolutionPart.objects.filter(resolution__in=access.resolutions_for(request.user))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            parts = parts.filter(status=data["status"])
        if data["agency"]:
            parts = parts.filter(agency=data["agency"])
        if data["overdue"]:
            parts = parts.filter(
                status__in=ResolutionPart.OPEN, resolution__deadline__lt=timezone.localdate()
            )
    return parts, form


@allow(*REGION_WIDE)
@require_GET
def resolution_list(request: HttpRequest) -> HttpResponse:
    """The follow-up dashboard: figures and charts, then the resolutions (filtered by their parts)."""
    region = _region()
    if region is None:
        raise Http404("No region")
    fu = followup.follow_up(region)
    parts, form = _filtered_parts(request, region)
    resolutions = (
        access.resolutions_for(request.user)
        .filter(Exists(parts.filter(resolution=OuterRef("pk"))))
        .select_related("session")
        .prefetch_related(_parts_prefetch())
        .order_by("-issued_at", "-id")
    )
    page = Paginator(resolutions, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/resolution_list.html",
        {
            "fu": fu,
            "charts": followup.charts(fu),
            "form": form,
            "page": page,
            "query": _query(request),
            "today": timezone.localdate(),
            "can_import": access.is_staff(request.user),
        },
    )


@allow(*REGION_WIDE)
@require_GET
def resolution_export(request: HttpRequest) -> HttpResponse:
    parts, _form = _filtered_parts(request, _region())
    lang = (translation.get_language() or "fa")[:2]
    response = HttpResponse(excel.export_parts(parts, lang), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="jahesh-resolutions.xlsx"'
    return response


@allow(Role.AGENCY, Role.BANK, Role.UNIT)
@require_GET
def resolution_inbox(request: HttpRequest) -> HttpResponse:
    """An agency's (or a unit's) own resolutions, open ones first, with deadlines and the objection window."""
    user = request.user
    parts = ResolutionPart.objects.filter(resolution__in=access.resolutions_for(user))
    if user.role in (Role.AGENCY, Role.BANK):
        parts = parts.filter(agency_id=user.agency_id)
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    if show == "open":
        parts = parts.filter(status__in=(*ResolutionPart.OPEN, ResolutionPart.Status.OBJECTED), ruling="")
    parts = parts.select_related("resolution", "resolution__session", "agency", "resolution__unit").order_by(
        "resolution__deadline", "pk"
    )
    page = Paginator(parts, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/resolution_inbox.html",
        {"page": page, "query": _query(request), "today": today, "show": show},
    )


@allow(*ALL)
@require_http_methods(["GET", "POST"])
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = access.get_resolution(request.user, pk)
    user = request.user
    if request.method == "POST":
        _part_act(request, resolution)
        return redirect("resolution-detail", pk=resolution.pk)
    parts = list(resolution.parts.select_related("agency", "ruled_in").order_by("agency__name"))
    histories = []
    for part in parts:
        updates = list(access.updates_for(user, part).select_related("actor"))
        for u in updates:
            u.files = list(attachments_of(u))
        histories.append((part, updates))
    today = timezone.localdate()
    forms = {}
    for part in parts:
        mine = access.may_update_part(user, part)
        own_agency = user.role in (Role.AGENCY, Role.BANK) and user.agency_id == part.agency_id
        entry: dict[str, Any] = {}
        if mine and part.status in actions.MOVES:
            entry["update"] = PartUpdateForm(
                initial={"part": part.pk, "version": part.version}, prefix=f"p{part.pk}"
            )
        if (
            own_agency
            and part.status == ResolutionPart.Status.NOTIFIED
            and today <= part.objection_closes_on()
        ):
            entry["object"] = ObjectionForm(
                initial={"part": part.pk, "version": part.version}, prefix=f"o{part.pk}"
            )
        if access.is_staff(user) and part.status == ResolutionPart.Status.OBJECTED and not part.ruling:
            entry["rule"] = RulingForm(
                initial={"part": part.pk, "version": part.version}, prefix=f"r{part.pk}"
            )
        forms[part.pk] = entry
    return render(
        request,
        "meetings/resolution_detail.html",
        {
            "resolution": resolution,
            "histories": histories,
            "forms": forms,
            "today": today,
            "carried": list(
                resolution.agenda_items.filter(kind=AgendaItem.Kind.CARRIED)
                .filter(session__in=access.sessions_for(user))
                .select_related("session")
            ),
        },
    )


def _part_act(request: HttpRequest, resolution: Resolution) -> None:
    user = request.user
    action = request.POST.get("action")
    prefix = {"update": "p", "object": "o", "rule": "r"}.get(action or "")
    if prefix is None:
        messages.error(request, _("Unknown action."))
        return
    part_id = next(
        (k.split("-", 1)[0][1:] for k in request.POST if k.startswith(prefix) and k.endswith("-part")), ""
    )
    form_class = {"update": PartUpdateForm, "object": ObjectionForm, "rule": RulingForm}[action]
    form = form_class(request.POST, request.FILES, prefix=f"{prefix}{part_id}")
    if not form.is_valid():
        _form_errors(request, form)
        return
    data = form.cleaned_data
    part = resolution.parts.filter(pk=data["part"]).select_related("agency").first()
    if part is None:
        raise Http404("No such part")
    try:
        if action == "update":
            files = [data["evidence"]] if data.get("evidence") else []
            actions.update_part(
                actor=user,
                part=part,
                version=data["version"],
                status=data["status"],
                text=data["text"],
                files=files,
            )
            messages.success(
                request, _("The status of %(agency)s was updated.") % {"agency": part.agency.name}
            )
        elif action == "object":
            actions.object_to(actor=user, part=part, version=data["version"], reason=data["reason"])
            messages.success(request, _("The objection was sent; the next session rules on it."))
        else:
            actions.rule_on_objection(
                actor=user,
                part=part,
                version=data["version"],
                upheld=data["decision"] == "upheld",
                text=data["text"],
            )
            messages.success(request, _("The ruling was recorded."))
    except (actions.ActionError, actions.ConflictError) as exc:
        messages.error(request, str(exc))


@allow(*STAFF)
@require_http_methods(["GET", "POST"])
def resolution_import(request: HttpRequest) -> HttpResponse:
    """Update many parts at once from an Excel file: a row-by-row report, all or nothing."""
    region = _region()
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid() and region is not None:
        report = excel.import_statuses(form.cleaned_data["file"], user=request.user, region=region)
        if report.written:
            messages.success(
                request,
                _("%(n)s statuses were updated; %(m)s rows were unchanged.")
                % {"n": report.changed, "m": report.unchanged},
            )
    return render(
        request,
        "meetings/resolution_import.html",
        {"form": form, "report": report, "help": excel.IMPORT_HELP},
    )

"""The cases pages: list, detail with timeline and actions, new case, agency inbox. Thin views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case as Switch
from django.db.models import Exists, IntegerField, OuterRef, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jahesh.core.access import allow
from jahesh.core.models import Role
from jahesh.registry.access import units_for

from . import access, actions
from .forms import (
    AnswerForm,
    CaseFilterForm,
    CaseForm,
    CloseForm,
    MoveForm,
    NoteForm,
    ReferForm,
    TriageForm,
)
from .models import Case, Referral
from .scorecard import agency_scorecard, recurring_by_category
from .timeline import entries

ALL = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY, Role.BANK, Role.UNIT)


def _staff(user: Any) -> bool:
    return user.is_superuser or user.role in (Role.ADMIN, Role.SECRETARIAT)


def _overdue() -> Exists:
    return Exists(
        Referral.objects.filter(
            case=OuterRef("pk"), status__in=Referral.OPEN, due_on__lt=timezone.localdate()
        )
    )


@allow(*ALL)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    cases = (
        access.cases_for(request.user)
        .select_related("unit", "unit__county", "category")
        .annotate(is_overdue=_overdue())
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            cases = cases.filter(state=data["state"])
        if data["category"]:
            category = data["category"]
            cases = cases.filter(category__in=[category.pk, *category.kinds.values_list("pk", flat=True)])
        if data["county"]:
            cases = cases.filter(unit__county=data["county"])
        if data["overdue"]:
            cases = cases.filter(is_overdue=True)
        if data["recurring"]:
            cases = cases.filter(recurs__isnull=False)
    page = Paginator(cases.order_by("-created_at", "-id"), settings.JAHESH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "can_raise": _can_raise(request.user)},
    )


def _can_raise(user: Any) -> bool:
    return _staff(user) or user.role == Role.UNIT


def _raisable_units(user: Any):
    return units_for(user) if _can_raise(user) else units_for(user).none()


@allow(Role.ADMIN, Role.SECRETARIAT, Role.UNIT)
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    staff = _staff(request.user)
    units = _raisable_units(request.user)
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = request.GET["unit"]
    form = CaseForm(request.POST or None, units=units, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.raise_case(
                actor=request.user,
                unit=data["unit"],
                category=data["category"],
                title=data["title"],
                description=data["description"],
                amount_irr=data["amount_irr"],
                jobs_at_stake=data["jobs_at_stake"],
                severity=data["severity"],
                requested_action=data["requested_action"],
                source=data.get("source"),
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            if case.recurs_id:
                messages.warning(
                    request, _("This problem recurs: see case #%(id)s.") % {"id": case.recurs_id}
                )
            messages.success(request, _("Case #%(id)s was raised.") % {"id": case.pk})
            return redirect("case-detail", pk=case.pk)
    return render(request, "cases/case_new.html", {"form": form})


def _forms_for(request: HttpRequest, case: Case, referrals: list[Referral]) -> dict[str, Any]:
    """The action forms this user may use on this case now (the actions check again)."""
    user = request.user
    staff = _staff(user)
    forms: dict[str, Any] = {}
    version = {"version": case.version}
    if case.state == Case.State.CLOSED:
        return forms
    if staff and case.state == Case.State.NEW:
        forms["triage"] = TriageForm(
            initial={**version, "category": case.category_id, "severity": case.severity}
        )
    if staff and case.state in (Case.State.TRIAGED, Case.State.REFERRED, Case.State.ANSWERED):
        forms["refer"] = ReferForm(initial=version, region_id=case.unit.region_id)
    if staff and actions.MANUAL_MOVES.get(case.state):
        forms["move"] = [(s, Case.State(s).label) for s in actions.MANUAL_MOVES[case.state]]
    forms["answers"] = [
        (r, AnswerForm(initial={"referral": r.pk, "version": r.version}, prefix=f"r{r.pk}"))
        for r in referrals
        if r.is_open and actions.can_answer(user, r)
    ]
    if user.role != Role.LEADERSHIP or user.is_superuser:
        forms["note"] = NoteForm()
    forms["note_private"] = user.role in (Role.AGENCY, Role.BANK)
    if staff:
        forms["close"] = CloseForm(initial=version)
    elif user.role == Role.UNIT:
        forms["withdraw"] = True
    return forms


def _act(request: HttpRequest, case: Case) -> None:
    """Run the posted action; an illegal one becomes a message, never a server error."""
    user = request.user
    action = request.POST.get("action")
    try:
        if action == "triage":
            form = TriageForm(request.POST)
            if form.is_valid():
                actions.triage(actor=user, case=case, **form.cleaned_data)
                messages.success(request, _("The case was triaged."))
                return
        elif action == "refer":
            form = ReferForm(request.POST, region_id=case.unit.region_id)
            if form.is_valid():
                data = form.cleaned_data
                due = data["due_on"]
                made = actions.refer(
                    actor=user,
                    case=case,
                    version=data["version"],
                    agencies=[(a, due) for a in data["agencies"]],
                )
                messages.success(
                    request,
                    _("Referred to %(agencies)s.") % {"agencies": "، ".join(r.agency.name for r in made)},
                )
                return
        elif action == "answer":
            prefix = next((k[: -len("-referral")] for k in request.POST if k.endswith("-referral")), None)
            form = AnswerForm(request.POST, prefix=prefix)
            if form.is_valid():
                data = form.cleaned_data
                referral = access.referrals_for(user).filter(case=case, pk=data["referral"]).first()
                if referral is None:
                    raise Http404("No such referral")
                actions.answer(
                    actor=user,
                    referral=referral,
                    version=data["version"],
                    status=data["status"],
                    text=data["text"],
                )
                messages.success(request, _("Your answer was recorded."))
                return
        elif action == "note":
            form = NoteForm(request.POST)
            if form.is_valid():
                actions.add_note(actor=user, case=case, **form.cleaned_data)
                messages.success(request, _("The note was added."))
                return
        elif action == "move":
            form = MoveForm(request.POST)
            if form.is_valid():
                actions.move(actor=user, case=case, **form.cleaned_data)
                messages.success(request, _("The case moved on."))
                return
        elif action in ("close", "withdraw"):
            form = CloseForm(request.POST) if action == "close" else VersionOnly(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                actions.close(
                    actor=user,
                    case=case,
                    version=data["version"],
                    outcome=data.get("outcome", Case.Outcome.WITHDRAWN),
                    reason=data.get("reason", ""),
                )
                messages.success(request, _("The case was closed."))
                return
        else:
            messages.error(request, _("Unknown action."))
            return
    except actions.ActionError as exc:
        messages.error(request, str(exc))
        return
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))


class VersionOnly(CloseForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["outcome"]


@allow(*ALL)
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    if request.method == "POST":
        _act(request, case)
        return redirect("case-detail", pk=case.pk)
    referrals = list(access.referrals_for(request.user).filter(case=case).select_related("agency"))
    timeline = entries(case, request.user)
    overdue = any(r.is_open and r.due_on < timezone.localdate() for r in referrals)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "referrals": referrals,
            "timeline": timeline,
            "overdue": overdue,
            "forms": _forms_for(request, case, referrals),
            "recurrences": list(case.recurrences.only("pk", "title", "created_at", "recurs_id")[:20]),
        },
    )


@allow(Role.AGENCY, Role.BANK)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The agency's referrals: open overdue ones first, then open by due date, then the answered ones."""
    today = timezone.localdate()
    referrals = access.inbox_for(request.user).select_related(
        "case", "case__unit", "case__category", "agency"
    )
    show = request.GET.get("show", "open")
    if show != "all":
        referrals = referrals.filter(status__in=Referral.OPEN)
    referrals = referrals.annotate(
        rank=Switch(
            When(Q(status__in=Referral.OPEN, due_on__lt=today), then=Value(0)),
            When(status__in=Referral.OPEN, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "due_on", "id")
    page = Paginator(referrals, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/inbox.html", {"page": page, "today": today, "show": show})


@allow(Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
@require_GET
def scorecard(request: HttpRequest) -> HttpResponse:
    from jahesh.registry.models import Region

    region = Region.objects.order_by("pk").first()
    scores = agency_scorecard(region.pk) if region else []
    recurring = recurring_by_category(region.pk) if region else []
    return render(request, "cases/scorecard.html", {"scores": scores, "recurring": recurring})

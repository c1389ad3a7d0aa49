"""The cases pages: list, detail with timeline and actions, new case, agency inbox. Thin views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case as Switch
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jahesh.core.access import allow
from jahesh.core.models import Role
from jahesh.registry.access import units_for

from . import access, actions, once
from .forms import (
    AnswerForm,
    CaseFilterForm,
    CaseForm,
    CategoryForm,
    CloseForm,
    FindingCaseFormSet,
    MoveForm,
    NoteForm,
    ReferForm,
    ScorecardFilterForm,
    SubKindForm,
    TriageForm,
    VisitForm,
)
from .models import Case, Category, Referral
from .scorecard import agency_scorecard, recurring_by_agency, recurring_by_category
from .timeline import entries

CHART_AGENCIES = 15
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
    form = CaseForm(request.POST or None, request.FILES or None, units=units, staff=staff, initial=initial)
    if request.method == "POST" and (done := once.made(request)):
        messages.info(request, _("This form was already sent; here is what it recorded."))
        return redirect("case-detail", pk=done)
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
                files=data["files"],
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            if case.recurs_id:
                messages.warning(
                    request, _("This problem recurs: see case #%(id)s.") % {"id": case.recurs_id}
                )
            once.remember(request, case.pk)
            messages.success(request, _("Case #%(id)s was raised.") % {"id": case.pk})
            return redirect("case-detail", pk=case.pk)
    return render(request, "cases/case_new.html", {"form": form, "once": once.token(request)})


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


def _act(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    """Run the posted action; an illegal one becomes a message, never a server error.

    An answer or a note whose form does not pass (a bad file, an empty text) comes back bound, to be shown
    again with its errors and the text as typed."""
    user = request.user
    action = request.POST.get("action")
    try:
        if action == "triage":
            form = TriageForm(request.POST)
            if form.is_valid():
                actions.triage(actor=user, case=case, **form.cleaned_data)
                messages.success(request, _("The case was triaged."))
                return None
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
                return None
        elif action == "answer":
            prefix = next((k[: -len("-referral")] for k in request.POST if k.endswith("-referral")), None)
            form = AnswerForm(request.POST, request.FILES, prefix=prefix)
            if not form.is_valid():
                return {"answer": form}
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
                    files=data["files"],
                )
                messages.success(request, _("Your answer was recorded."))
                return None
        elif action == "note":
            form = NoteForm(request.POST, request.FILES)
            if not form.is_valid():
                return {"note": form}
            if form.is_valid():
                actions.add_note(actor=user, case=case, **form.cleaned_data)
                messages.success(request, _("The note was added."))
                return None
        elif action == "move":
            form = MoveForm(request.POST)
            if form.is_valid():
                actions.move(actor=user, case=case, **form.cleaned_data)
                messages.success(request, _("The case moved on."))
                return None
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
                return None
        else:
            messages.error(request, _("Unknown action."))
            return None
    except actions.ActionError as exc:
        messages.error(request, str(exc))
        return None
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return None


class VersionOnly(CloseForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["outcome"]


@allow(*ALL)
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case(request.user, pk)
    bound = None
    if request.method == "POST":
        bound = _act(request, case)
        if bound is None:
            return redirect("case-detail", pk=case.pk)
    referrals = list(access.referrals_for(request.user).filter(case=case).select_related("agency"))
    timeline = entries(case, request.user)
    files = _files(request.user, case, timeline)
    for r in referrals:
        r.files = files.get(("cases.referral", r.pk), [])
    for e in timeline:
        if not getattr(e, "provided", False):
            e.files = files.get(_file_key(e), [])
    forms = _forms_for(request, case, referrals)
    if bound and "note" in bound:
        forms["note"] = bound["note"]
    elif bound and "answer" in bound:
        form = bound["answer"]
        forms["answers"] = [
            (r, form if str(r.pk) == form.data.get(form.add_prefix("referral")) else f)
            for r, f in forms.get("answers", [])
        ]
    overdue = any(r.is_open and r.due_on < timezone.localdate() for r in referrals)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "referrals": referrals,
            "timeline": timeline,
            "overdue": overdue,
            "forms": forms,
            "case_files": files.get(("cases.case", case.pk), []),
            "recurrences": list(case.recurrences.only("pk", "title", "created_at", "recurs_id")[:20]),
            # the visit's page is linked only for those who may open it (an agency sees cases it was
            # referred, not every visit they came from)
            "visit_visible": bool(case.visit_id)
            and access.visits_for(request.user).filter(pk=case.visit_id).exists(),
        },
    )


def _file_key(entry: Any) -> tuple[str, int] | None:
    """Which object's files an event shows: the case's at intake, the referral's (answer), the note's."""
    after = getattr(entry, "after", None) or {}
    kind = getattr(entry, "kind", "")
    if kind == "raised":
        return ("cases.case", entry.case_id)
    if kind == "answered" and after.get("referral"):
        return ("cases.referral", after["referral"])
    if kind == "note" and after.get("note"):
        return ("cases.casenote", after["note"])
    return None


def _files(user: Any, case: Case, timeline: list[Any]) -> dict[tuple[str, int], list[Any]]:
    """Every attachment of the case, its referrals and the notes this user may see, in one query."""
    from jahesh.core.models import Attachment

    note_ids = set(access.notes_for(user, case).values_list("pk", flat=True))
    referral_ids = set(Referral.objects.filter(case=case).values_list("pk", flat=True))
    q = Q(owner_type="cases.case", owner_id=str(case.pk))
    if referral_ids:
        q |= Q(owner_type="cases.referral", owner_id__in=[str(i) for i in referral_ids])
    if note_ids:
        q |= Q(owner_type="cases.casenote", owner_id__in=[str(i) for i in note_ids])
    out: dict[tuple[str, int], list[Any]] = {}
    for a in Attachment.objects.filter(q).order_by("uploaded_at", "id"):
        out.setdefault((a.owner_type, int(a.owner_id)), []).append(a)
    return out


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


def _scorecard_filters(request: HttpRequest) -> tuple[ScorecardFilterForm, dict[str, Any]]:
    form = ScorecardFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, {"start": data["start"], "end": data["end"], "category": data["category"]}
    return form, {}


def _region_id() -> int | None:
    from jahesh.registry.models import Region

    return Region.objects.order_by("pk").values_list("pk", flat=True).first()


@allow(Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
@require_GET
def scorecard(request: HttpRequest) -> HttpResponse:
    """Per agency: received, answered on time / late, open overdue, median days; a chart and its table."""
    from django.utils import translation

    region_id = _region_id()
    form, filters = _scorecard_filters(request)
    scores = agency_scorecard(region_id, **filters) if region_id else []
    lang = (translation.get_language() or "fa")[:2]
    # The charts show the agencies that received most (the table below has them all).
    top = scores[:CHART_AGENCIES]
    names = [s.agency.display_name(lang) for s in top]
    charts = {
        "answers": {
            "kind": "stacked",
            "horizontal": True,
            "categories": names,
            "series": [
                {"name": _("answered on time"), "data": [s.answered_on_time for s in top]},
                {"name": _("answered late"), "data": [s.answered_late for s in top]},
                {"name": _("open and overdue"), "data": [s.open_overdue for s in top]},
                {"name": _("open, not yet due"), "data": [s.open_in_time for s in top]},
            ],
            "colors": ["#2e7d32", "#f0a202", "#c62828", "#90a4ae"],
        },
        "days": {
            "kind": "bar",
            "horizontal": True,
            "categories": names,
            "series": [
                {
                    "name": _("median days to answer"),
                    "data": [None if s.median_days is None else float(s.median_days) for s in top],
                }
            ],
        },
    }
    query = request.GET.copy()
    return render(
        request,
        "cases/scorecard.html",
        {
            "form": form,
            "scores": scores,
            "charts": charts,
            "query": query.urlencode(),
            "recurring": recurring_by_category(region_id) if region_id else [],
            "recurring_agencies": recurring_by_agency(region_id) if region_id else [],
        },
    )


@allow(Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
@require_GET
def scorecard_export(request: HttpRequest) -> HttpResponse:
    from .exports import scorecard_xlsx

    region_id = _region_id()
    _form, filters = _scorecard_filters(request)
    scores = agency_scorecard(region_id, **filters) if region_id else []
    return scorecard_xlsx(scores, filters)


# --- field visits ------------------------------------------------------------------------------------------


@allow(Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY, Role.BANK, Role.UNIT)
@require_GET
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = (
        access.visits_for(request.user)
        .select_related("unit", "unit__county", "agency")
        .annotate(n_cases=Count("cases"))
        .order_by("-visited_on", "-id")
    )
    page = Paginator(visits, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "cases/visit_list.html", {"page": page, "query": "", "can_record": _staff(request.user)}
    )


@allow(Role.ADMIN, Role.SECRETARIAT)
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest) -> HttpResponse:
    region_id = _region_id()
    initial = {"unit": request.GET["unit"]} if request.GET.get("unit", "").isdigit() else {}
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        units=units_for(request.user),
        region_id=region_id,
        initial=initial,
    )
    findings = FindingCaseFormSet(request.POST or None, prefix="f")
    if request.method == "POST" and (done := once.made(request)):
        messages.info(request, _("This form was already sent; here is what it recorded."))
        return redirect("visit-detail", pk=done)
    if request.method == "POST" and form.is_valid() and findings.is_valid():
        data = form.cleaned_data
        try:
            visit = actions.record_visit(
                actor=request.user,
                unit=data["unit"],
                visited_on=data["visited_on"],
                visitors=data["visitors"],
                agency=data["agency"],
                team=data["team"],
                findings=data["findings"],
                utilisation_observed=data["utilisation_observed"],
                employment_observed=data["employment_observed"],
                files=data["files"],
                cases=[f.cleaned_data for f in findings if f.cleaned_data.get("title")],
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            once.remember(request, visit.pk)
            n = visit.cases.count()
            messages.success(request, _("The visit was recorded; cases opened: %(n)s.") % {"n": n})
            return redirect("visit-detail", pk=visit.pk)
    return render(
        request, "cases/visit_new.html", {"form": form, "findings": findings, "once": once.token(request)}
    )


@allow(Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY, Role.BANK, Role.UNIT)
@require_http_methods(["GET", "POST"])
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from jahesh.core.uploads import attachments_of

    visit = access.get_visit(request.user, pk)
    staff = _staff(request.user)
    findings = FindingCaseFormSet(request.POST if staff and request.method == "POST" else None, prefix="f")
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        if findings.is_valid():
            rows = [f.cleaned_data for f in findings if f.cleaned_data.get("title")]
            try:
                made = actions.open_from_visit(actor=request.user, visit=visit, cases=rows)
            except actions.ActionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Cases opened: %(n)s.") % {"n": len(made)})
                return redirect("visit-detail", pk=visit.pk)
    cases = access.cases_for(request.user).filter(visit=visit).select_related("category").order_by("id")
    return render(
        request,
        "cases/visit_detail.html",
        {
            "visit": visit,
            "cases": list(cases),
            "files": list(attachments_of(visit)),
            "findings": findings if staff else None,
        },
    )


# --- the taxonomy ------------------------------------------------------------------------------------------


@allow(Role.ADMIN)
@require_GET
def category_list(request: HttpRequest) -> HttpResponse:
    tops = list(
        Category.objects.filter(parent__isnull=True)
        .prefetch_related(Prefetch("kinds", queryset=Category.objects.order_by("order", "code")))
        .order_by("order", "code")
    )
    return render(request, "cases/category_list.html", {"categories": tops})


@allow(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = Category.objects.select_related("parent").filter(pk=pk).first()
    if category is None:
        raise Http404("No such category")
    initial = {
        f: getattr(category, f) for f in ("name", "name_en", "agency_kind", "answer_days", "order", "active")
    }
    action = request.POST.get("action") if request.method == "POST" else None
    form = CategoryForm(
        request.POST if action == "edit" else None, initial={**initial, "version": category.version}
    )
    sub = SubKindForm(request.POST if action == "sub" else None, prefix="sub")
    try:
        if action == "edit" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            actions.update_category(actor=request.user, category=category, version=version, **data)
            messages.success(request, _("The category was saved."))
            return redirect("category-list")
        if action == "sub" and sub.is_valid() and category.parent_id is None:
            kind = actions.add_category(actor=request.user, parent=category, **sub.cleaned_data)
            messages.success(request, _("The sub-kind %(name)s was added.") % {"name": kind.name})
            return redirect("category-edit", pk=category.pk)
    except actions.ConflictError as exc:
        form.add_error(None, str(exc))
    except actions.ActionError as exc:
        (sub if action == "sub" else form).add_error(None, str(exc))
    return render(
        request,
        "cases/category_edit.html",
        {"category": category, "form": form, "sub": sub if category.parent_id is None else None},
    )


@allow(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def category_new(request: HttpRequest) -> HttpResponse:
    form = SubKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.add_category(actor=request.user, **form.cleaned_data)
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The category %(name)s was added.") % {"name": made.name})
            return redirect("category-edit", pk=made.pk)
    return render(request, "cases/category_new.html", {"form": form})

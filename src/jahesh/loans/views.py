"""The loan pages: one list that is each role's own view (the unit's applications, the bank's desk, the
secretariat's register), the application with its funnel and the steps the user may take, the scorecard with
its Excel and monthly PDF, and the programmes with their quotas. Thin views: actions do the work."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from jahesh.core import jalali
from jahesh.core.access import allow
from jahesh.core.audit import record, snapshot
from jahesh.core.models import Role
from jahesh.core.text import search_key
from jahesh.core.uploads import attach, attachments_of
from jahesh.registry.access import units_for
from jahesh.registry.models import Region

from . import access, actions
from .forms import (
    ApplicationForm,
    ApproveForm,
    DecideForm,
    DisburseForm,
    DocumentForm,
    FilterForm,
    IntroduceForm,
    ProgrammeForm,
    QuotaForm,
    RejectForm,
    RulingForm,
    VersionForm,
)
from .models import Application, Programme, Quota
from .scorecard import loan_scorecard, month_activity, outcomes

ALL = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP, Role.AGENCY, Role.BANK, Role.UNIT)
REGION_WIDE = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
State = Application.State


def _region() -> Region | None:
    return Region.objects.order_by("pk").first()


@allow(*ALL)
@require_GET
def loan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    desk = user.role == Role.BANK and not user.is_superuser
    form = FilterForm(request.GET or None, bank_desk=desk)
    apps = access.applications_for(user).select_related(
        "unit", "unit__county", "programme", "introduction__bank", "decision"
    )
    show = request.GET.get("show", "todo" if desk else "all")
    if desk and show == "todo":
        apps = apps.filter(state__in=[State.INTRODUCED, State.BANK_APPROVED, State.PARTLY_PAID])
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            apps = apps.filter(unit__name_key__contains=search_key(data["q"]))
        if data["state"]:
            apps = apps.filter(state=data["state"])
        if data["programme"]:
            apps = apps.filter(programme=data["programme"])
        if data.get("bank"):
            apps = apps.filter(introduction__bank=data["bank"])
        if data["county"]:
            apps = apps.filter(unit__county=data["county"])
    apps = apps.annotate(paid_amount=Sum("disbursements__amount"))
    page = Paginator(apps.order_by("-applied_on", "-id"), settings.JAHESH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "loans/loan_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "desk": desk,
            "show": show,
            "can_apply": access.is_staff(user) or user.role == Role.UNIT,
        },
    )


@allow(Role.ADMIN, Role.SECRETARIAT, Role.UNIT)
@require_http_methods(["GET", "POST"])
def loan_new(request: HttpRequest) -> HttpResponse:
    units = units_for(request.user)
    initial = {"unit": request.GET["unit"]} if request.GET.get("unit", "").isdigit() else {}
    form = ApplicationForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                app = actions.apply(
                    actor=request.user,
                    unit=data["unit"],
                    programme=data["programme"],
                    amount=data["amount"],
                    purpose=data["purpose"],
                    jobs_kept=data["jobs_kept"] or 0,
                    jobs_restored=data["jobs_restored"] or 0,
                )
                if data.get("document"):
                    attach(data["document"], owner=app, user=request.user)
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error("document", exc)
        else:
            messages.success(request, _("Loan application #%(id)s was sent.") % {"id": app.pk})
            return redirect("loan-detail", pk=app.pk)
    return render(request, "loans/loan_new.html", {"form": form})


def _forms_for(user: Any, app: Application) -> dict[str, Any]:
    """The steps this user may take on this application now (the actions check again)."""
    v = {"version": app.version}
    staff = access.is_staff(user)
    bank = access.is_bank_of(user, app)
    out: dict[str, Any] = {}
    if staff and app.state == State.SUBMITTED:
        out["approve"] = ApproveForm(initial=v, prefix="approve")
        out["reject"] = RejectForm(initial=v, prefix="reject")
    if staff and app.state == State.APPROVED:
        out["introduce"] = IntroduceForm(initial=v, region_id=app.unit.region_id, prefix="introduce")
    if bank and app.state == State.INTRODUCED:
        out["decide"] = DecideForm(initial=v, prefix="decide")
    if staff and app.state == State.REFUSED and not app.decision.panel_ruling:
        out["panel"] = VersionForm(initial=v, prefix="panel")
    if staff and app.state == State.PANEL:
        out["ruling"] = RulingForm(initial=v, prefix="ruling")
    if bank and app.state in (State.BANK_APPROVED, State.PARTLY_PAID):
        out["disburse"] = DisburseForm(initial=v, prefix="disburse")
    can_withdraw = staff or (user.role == Role.UNIT and app.unit.representatives.filter(pk=user.pk).exists())
    if can_withdraw and app.state in (State.SUBMITTED, State.APPROVED):
        out["withdraw"] = VersionForm(initial=v, prefix="withdraw")
    if can_withdraw and app.state != State.WITHDRAWN:
        out["document"] = DocumentForm(prefix="document")
    return out


STEPS = {
    "approve": (
        ApproveForm,
        actions.approve,
        lambda d: {"resolution_ref": d["resolution_ref"], "note": d["note"]},
    ),
    "reject": (RejectForm, actions.reject, lambda d: {"reason": d["reason"]}),
    "introduce": (
        IntroduceForm,
        actions.introduce,
        lambda d: {"bank": d["bank"], "branch_name": d["branch_name"], "branch_code": d["branch_code"]},
    ),
    "decide": (
        DecideForm,
        actions.decide,
        lambda d: {"approved": d["decision"] == "approve", "amount": d["amount"], "reason": d["reason"]},
    ),
    "panel": (VersionForm, actions.refer_to_panel, lambda d: {}),
    "ruling": (
        RulingForm,
        actions.record_ruling,
        lambda d: {"ruling": d["ruling"], "amount": d["amount"], "note": d["note"]},
    ),
    "disburse": (DisburseForm, actions.disburse, lambda d: {"amount": d["amount"], "final": d["final"]}),
    "withdraw": (VersionForm, actions.withdraw, lambda d: {}),
}

DONE = {
    "approve": gettext_lazy("The working group's approval was recorded."),
    "reject": gettext_lazy("The rejection was recorded."),
    "introduce": gettext_lazy("The unit was introduced to the bank."),
    "decide": gettext_lazy("The bank's decision was recorded."),
    "panel": gettext_lazy("The refusal was referred to the expert panel."),
    "ruling": gettext_lazy("The panel's ruling was recorded."),
    "disburse": gettext_lazy("The payment was recorded."),
    "withdraw": gettext_lazy("The application was withdrawn."),
}


def _act(request: HttpRequest, app: Application) -> str | None:
    """Run the posted step; an illegal one becomes a message, never a server error. Returns the refused
    step whose typed text the page must show again, or None."""
    step = request.POST.get("action", "")
    if step == "document":
        form = DocumentForm(request.POST, request.FILES, prefix="document")
        if "document" not in _forms_for(request.user, app):
            messages.error(request, _("You may not add documents to this application."))
        elif form.is_valid():
            try:
                attach(form.cleaned_data["document"], owner=app, user=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The document was added."))
        else:
            messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
        return None
    if step not in STEPS:
        messages.error(request, _("Unknown action."))
        return None
    form_class, action, args = STEPS[step]
    kwargs = {"region_id": app.unit.region_id} if form_class is IntroduceForm else {}
    form = form_class(request.POST, prefix=step, **kwargs)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
        return step
    data = form.cleaned_data
    try:
        action(actor=request.user, application=app, version=data["version"], on=data["on"], **args(data))
    except (actions.ActionError, actions.ConflictError) as exc:
        messages.error(request, str(exc))
        return step
    messages.success(request, str(DONE[step]))
    return None


def _keep_typed(request: HttpRequest, app: Application, kept: str | None) -> dict[str, Any]:
    """The steps' forms; after a refused step, its form again with what was typed (under the application's
    current version, so that sending it again is not refused as stale)."""
    forms = _forms_for(request.user, app)
    if kept and kept in forms and kept in STEPS:
        data = request.POST.copy()
        data[f"{kept}-version"] = str(app.version)
        form_class = STEPS[kept][0]
        kwargs = {"region_id": app.unit.region_id} if form_class is IntroduceForm else {}
        forms[kept] = form_class(data, prefix=kept, **kwargs)
    return forms


@allow(*ALL)
@require_http_methods(["GET", "POST"])
def loan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.get_application(request.user, pk)
    kept = None
    if request.method == "POST":
        kept = _act(request, app)
        if kept is None:
            return redirect("loan-detail", pk=app.pk)
        app.refresh_from_db()
    tranches = list(app.disbursements.all())
    paid = sum((t.amount for t in tranches), 0)
    decision = getattr(app, "decision", None)
    intro = getattr(app, "introduction", None)
    first_paid = tranches[0].paid_on if tranches else None
    employment = outcomes([(app.pk, app.unit_id, app.applied_on, first_paid)])[app.pk]
    return render(
        request,
        "loans/loan_detail.html",
        {
            "app": app,
            "intro": intro,
            "decision": decision,
            "tranches": tranches,
            "paid": paid,
            "lending": decision.lending_amount if decision else None,
            "employment": employment,
            "forms": _keep_typed(request, app, kept),
            "documents": list(attachments_of(app)),
            "eligibility": actions.eligibility_problems(app.unit, app.programme, None, exclude=app.pk)
            if app.state == State.SUBMITTED
            else [],
        },
    )


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "").strip()
    try:
        year = int(jalali._clean(text)) if text else None
    except (ValueError, TypeError):
        return None
    return year if year is not None and jalali.MIN_YEAR <= year <= jalali.MAX_YEAR else None


def _chart(card: Any) -> dict[str, Any]:
    t = card.total
    return {
        "kind": "funnel",
        "series": [
            {"name": str(_("applied")), "value": t.applied},
            {"name": str(_("approved by the working group")), "value": t.wg_approved},
            {"name": str(_("introduced to a bank")), "value": t.introduced},
            {"name": str(_("approved by the bank or the panel")), "value": t.lent},
            {"name": str(_("paid")), "value": t.paid},
        ],
    }


@allow(*REGION_WIDE)
@require_GET
def scorecard(request: HttpRequest) -> HttpResponse:
    region = _region()
    year = _year(request)
    card = loan_scorecard(region.pk, year) if region else None
    this_year = jalali.jalali_month_of(timezone.localdate())[0]
    return render(
        request,
        "loans/scorecard.html",
        {
            "card": card,
            "year": year,
            "years": list(range(this_year, this_year - 4, -1)),
            "chart": _chart(card) if card else None,
            "this_month": "{:04d}/{:02d}".format(*jalali.jalali_month_of(timezone.localdate())),
        },
    )


@allow(*REGION_WIDE)
@require_GET
def scorecard_export(request: HttpRequest) -> HttpResponse:
    from .exports import scorecard_workbook

    region = _region()
    year = _year(request)
    data = scorecard_workbook(loan_scorecard(region.pk, year) if region else None, request.LANGUAGE_CODE)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"jahesh-loans-{year or 'all'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allow(*REGION_WIDE)
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The banks' performance for one Jalali month (``?month=1405/08``; this month by default) and the year
    so far, for the working group's session."""
    from jahesh.core.pdf import render_pdf

    try:
        year, month = jalali.parse_jalali_month(request.GET.get("month", "") or "")
    except jalali.JalaliError:
        year, month = jalali.jalali_month_of(timezone.localdate())
    region = _region()
    card = loan_scorecard(region.pk, year) if region else None
    activity = month_activity(region.pk, year, month) if region else []
    pdf = render_pdf(
        "loans/report_pdf.html",
        {
            "region": region,
            "card": card,
            "activity": activity,
            "year": year,
            "month_label": jalali.format_jalali_month(year, month),
            "generated": timezone.localdate(),
        },
        lang="fa" if request.LANGUAGE_CODE.startswith("fa") else "en",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="jahesh-banks-{year}-{month:02d}.pdf"'
    return response


def _audit_reference(user: Any, action: str, obj: Any, fields: list[str], before: Any) -> None:
    record(actor=user, action=action, obj=obj, before=before, after=snapshot(obj, fields))


@allow(*REGION_WIDE)
@require_http_methods(["GET", "POST"])
def programme_list(request: HttpRequest) -> HttpResponse:
    can_edit = access.is_staff(request.user)
    form = ProgrammeForm(prefix="p")
    quota_form = QuotaForm(prefix="q", initial={"year": jalali.jalali_month_of(timezone.localdate())[0]})
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _("Only the secretariat edits programmes and quotas."))
            return redirect("programme-list")
        if request.POST.get("action") == "quota":
            quota_form = QuotaForm(request.POST, prefix="q")
            if quota_form.is_valid():
                with transaction.atomic():
                    quota = quota_form.save()
                    _audit_reference(request.user, "loan.quota_saved", quota, ["amount", "year"], None)
                messages.success(request, _("The quota was saved."))
                return redirect("programme-list")
        else:
            form = ProgrammeForm(request.POST, prefix="p")
            if form.is_valid():
                with transaction.atomic():
                    programme = form.save()
                    _audit_reference(request.user, "loan.programme_saved", programme, PROGRAMME_FIELDS, None)
                messages.success(request, _("The programme was saved."))
                return redirect("programme-list")
    programmes = list(Programme.objects.all())
    quotas = list(
        Quota.objects.select_related("programme", "bank").order_by("-year", "programme__code", "bank__name")
    )
    return render(
        request,
        "loans/programme_list.html",
        {
            "programmes": programmes,
            "quotas": quotas,
            "form": form,
            "quota_form": quota_form,
            "can_edit": can_edit,
        },
    )


PROGRAMME_FIELDS = ["code", "name", "max_amount", "eligible_statuses", "active"]


@allow(Role.ADMIN, Role.SECRETARIAT)
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    before = snapshot(programme, PROGRAMME_FIELDS)
    form = ProgrammeForm(request.POST or None, instance=programme, prefix="p")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            Programme.objects.select_for_update().filter(pk=programme.pk).first()
            programme = form.save()
            _audit_reference(request.user, "loan.programme_saved", programme, PROGRAMME_FIELDS, before)
        messages.success(request, _("The programme was saved."))
        return redirect("programme-list")
    return render(request, "loans/programme_edit.html", {"form": form, "programme": programme})

"""Pages of the registry: the province overview, the unit list and page, monthly reports and their review."""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jahesh.analytics.utilisation import monthly_utilisation
from jahesh.core import jalali
from jahesh.core.access import PUBLIC, allow
from jahesh.core.models import AuditEvent, Role
from jahesh.core.templatetags.jahesh import num

from . import access, actions, stats
from .exports import unit_rows_xlsx
from .forms import MonthlyReportForm, RegionSettingsForm, ReviewForm, UnitFilterForm, UnitPages
from .models import Input, MonthlyReport, Region, ReportExport, ReportLine
from .status import explain_status

EVERYONE = tuple(Role.values)
REGION_WIDE = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
REVIEWERS = (Role.ADMIN, Role.SECRETARIAT)


def _region() -> Region:
    region = Region.objects.order_by("pk").first()
    if region is None:
        raise Http404(_("No region has been set up yet. Run “jahesh demo” or import the registry."))
    return region


def _lang() -> str:
    return (translation.get_language() or "fa")[:2]


@allow(PUBLIC)
def overview(request: HttpRequest) -> HttpResponse:
    """The province at a glance; aggregate figures only, so it needs no login."""
    region = Region.objects.order_by("pk").first()
    if region is None:
        return render(request, "registry/empty.html", status=200)
    lang = _lang()
    ov = stats.overview(region, lang=lang)
    band_labels = [str(label) for _c, label, *_r in stats.BANDS]
    charts = {
        "status": {
            "kind": "pie",
            "series": [{"name": label, "value": n, "code": code} for code, label, n, _s in ov.by_status if n],
        },
        "bands_county": {
            "kind": "stacked",
            "categories": [name for name, _counts in ov.bands_by_county],
            "series": [
                {"name": band_labels[i], "data": [counts[i] for _n, counts in ov.bands_by_county]}
                for i in range(len(band_labels))
            ],
        },
        "bands_division": {
            "kind": "stacked",
            "horizontal": True,
            "categories": [f"{d} {title}" for d, title, _c in ov.bands_by_division[:12]],
            "series": [
                {"name": band_labels[i], "data": [c[i] for _d, _t, c in ov.bands_by_division[:12]]}
                for i in range(len(band_labels))
            ],
        },
        "idle_county": {
            "kind": "bar",
            "categories": [name for name, *_r in ov.idle_by_county],
            "series": [{"name": _("idle units"), "data": [idle for _n, idle, *_r in ov.idle_by_county]}],
            "colors": ["#c62828"],
        },
        "stale_county": {
            "kind": "stacked",
            "categories": [name for name, *_r in ov.stale_by_county],
            "series": [
                {"name": _("stale"), "data": [s - w for _n, s, w, _r in ov.stale_by_county]},
                {"name": _("long overdue"), "data": [w for _n, _s, w, _r in ov.stale_by_county]},
            ],
            "colors": ["#f0a202", "#c62828"],
        },
    }
    return render(
        request,
        "registry/overview.html",
        {"region": region, "ov": ov, "charts": charts, "band_labels": band_labels, "lang": lang},
    )


@allow(*EVERYONE)
def unit_list(request: HttpRequest) -> HttpResponse:
    region = _region()
    form = UnitFilterForm(request.GET or None, region=region)
    units = UnitPages(form.filter(access.units_for(request.user)), related=("county", "estate"))
    page = Paginator(units, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "region": region,
        "query": query.urlencode(),
        "lang": _lang(),
        "now": stats.current_report_month(),
    }
    if request.htmx:
        return render(request, "registry/_unit_table.html", context)
    return render(request, "registry/unit_list.html", context)


@allow(*EVERYONE)
def unit_export(request: HttpRequest) -> HttpResponse:
    """The unit list as filtered on screen, as an Excel file."""
    region = _region()
    form = UnitFilterForm(request.GET or None, region=region)
    units = form.filter(access.units_for(request.user)).select_related("county", "estate")
    response = StreamingHttpResponse(
        unit_rows_xlsx(units, region=region, lang=_lang()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="jahesh-units.xlsx"'
    return response


@allow(*EVERYONE)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit(request.user, pk)
    lang = _lang()
    lines = list(
        unit.product_lines.prefetch_related(
            Prefetch("inputs", queryset=Input.objects.select_related("origin_country"))
        )
    )
    reports = list(
        unit.reports.order_by("-month").prefetch_related(
            Prefetch("exports", queryset=ReportExport.objects.select_related("country"))
        )[:36]
    )
    counted = [r for r in reports if r.state != MonthlyReport.State.RETURNED]
    months = sorted(r.month for r in counted)
    # By report id (an indexed key) rather than a join on unit and month, which PostgreSQL plans badly.
    month_of = {r.pk: r.month for r in counted}
    outputs = [
        (pl, month_of[report_id], q)
        for report_id, pl, q in ReportLine.objects.filter(report_id__in=list(month_of)).values_list(
            "report_id", "product_line_id", "output"
        )
    ]
    line_pos = {line.pk: i for i, line in enumerate(lines)}
    series = monthly_utilisation(
        months=months,
        line_capacity=[float(line.nominal_capacity) for line in lines],
        line_value=[float(line.unit_value_irr) if line.unit_value_irr else np.nan for line in lines],
        output_line=[line_pos[pl] for pl, _m, _q in outputs],
        output_month=[m for _pl, m, _q in outputs],
        output_quantity=[float(q) for _pl, _m, q in outputs],
    )
    employment = {r.month: r.employment for r in reports}
    chart = {
        "kind": "line",
        "categories": [jalali.format_jalali_month(*jalali.from_month_index(m), lang=lang) for m in months],
        "series": [
            {
                "name": _("capacity utilisation (%)"),
                "data": [None if np.isnan(v) else round(float(v) * 100, 1) for v in series],
            },
            {"name": _("employment"), "data": [employment.get(m) for m in months], "axis": 1},
        ],
        "threshold": round(float(unit.region.low_capacity_threshold) * 100, 1),
        "threshold_label": _("low-capacity threshold"),
        "axis_names": ["%", _("persons")],
    }
    freshness, age = stats.freshness_of(unit, unit.region)
    events = list(AuditEvent.objects.filter(unit=unit).select_related("actor").order_by("-at", "-id")[:50])
    return render(
        request,
        "registry/unit_detail.html",
        {
            "unit": unit,
            "lines": lines,
            "reports": reports,
            "chart": chart,
            "explanation": explain_status(unit),
            "freshness": freshness,
            "freshness_age": age,
            "events": events,
            "lang": lang,
            "can_report": access.can_submit_report(request.user, unit),
            "can_review": access.can_review_reports(request.user),
        },
    )


@allow(Role.ADMIN, Role.SECRETARIAT, Role.UNIT)
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit(request.user, pk)
    if not access.can_submit_report(request.user, unit):
        raise Http404
    form = MonthlyReportForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        exports = {data["export_country"].pk: data["export_usd"]} if data.get("export_usd") else None
        try:
            actions.submit_report(
                actor=request.user,
                unit=unit,
                month=data["month"],
                employment=data["employment"],
                outputs=data["outputs"],
                sales_irr=data.get("sales_irr"),
                energy_kwh=data.get("energy_kwh"),
                exports=exports,
            )
        except (actions.ActionError, actions.ConflictError) as exc:
            form.add_error(None, str(exc))
        else:
            label = jalali.format_jalali_month(*jalali.from_month_index(data["month"]), lang=_lang())
            messages.success(request, _("The report for %(month)s was received.") % {"month": label})
            return redirect("unit-detail", pk=unit.pk)
    return render(
        request, "registry/report_form.html", {"unit": unit, "form": form}, status=400 if form.errors else 200
    )


@allow(*REVIEWERS)
def review_list(request: HttpRequest) -> HttpResponse:
    reports = (
        access.reports_for(request.user)
        .filter(state=MonthlyReport.State.SUBMITTED)
        .select_related("unit", "unit__county", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(reports, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/review_list.html", {"page": page})


@allow(*REVIEWERS)
@require_POST
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(access.reports_for(request.user).select_related("unit"), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("review-list")
    try:
        actions.review_report(
            actor=request.user,
            report=report,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data.get("reason") or "",
            version=form.cleaned_data["version"],
        )
    except (actions.ActionError, actions.ConflictError) as exc:
        messages.error(request, str(exc))
        return redirect("review-list")
    messages.success(request, _("Review recorded for %(report)s.") % {"report": report})
    return redirect("review-list")


@allow(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def region_settings(request: HttpRequest) -> HttpResponse:
    region = _region()
    form = RegionSettingsForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = actions.change_region_settings(
                actor=request.user,
                region=region,
                version=data["version"],
                low_capacity_threshold=data["low_capacity_percent"] / 100,
                idle_months=data["idle_months"],
                stale_months=data["stale_months"],
                stale_warning_months=data["stale_warning_months"],
            )
        except actions.ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Settings saved; %(n)s units changed status.") % {"n": num(changed)})
            return redirect("region-settings")
    return render(
        request,
        "registry/region_settings.html",
        {"form": form, "region": region},
        status=400 if form.errors else 200,
    )

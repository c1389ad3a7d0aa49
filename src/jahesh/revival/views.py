"""Pages of the revival app: home, early warning, screening, scenarios and revival files. Thin views: the
numbers come from ``figures`` and ``plans``, the changes from ``actions``, the scoping from ``access``."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jahesh.core import jalali
from jahesh.core.access import allow
from jahesh.core.models import Role
from jahesh.core.pdf import render_pdf
from jahesh.core.templatetags.jahesh import num
from jahesh.registry.exports import XLSX_TYPE, xlsx_chunks
from jahesh.registry.models import Region, Unit
from jahesh.registry.stats import current_report_month

from . import access, actions, figures, plans, stored
from .forms import (
    LinkForm,
    MoveForm,
    OverrideForm,
    ScenarioForm,
    ScreeningFilterForm,
    SettingsForm,
    WatchFilterForm,
)
from .models import RevivalFile, Scenario, ScreeningRow, WatchRow

WIDE = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
FACTOR_LABELS = {
    "causes": gettext_lazy("Causes of stoppage"),
    "debt": gettext_lazy("Debts"),
    "seizure": gettext_lazy("Bank seizure"),
    "loans": gettext_lazy("Loan history"),
    "licence": gettext_lazy("Licence validity"),
    "market": gettext_lazy("Market for its products"),
    "machinery": gettext_lazy("Machinery age"),
}


def _region() -> Region:
    region = Region.objects.order_by("pk").first()
    if region is None:
        raise Http404("No region yet")
    return region


def _lang() -> str:
    return (get_language() or "fa")[:2]


def _month_label(m: int) -> str:
    return jalali.format_jalali_month(*jalali.from_month_index(int(m)), lang=_lang())


def _staff(user: Any) -> bool:
    return user.is_superuser or user.role in (Role.ADMIN, Role.SECRETARIAT)


# -- home --------------------------------------------------------------------------------------------------


@allow(*WIDE)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    region = _region()
    files = access.files_for(request.user).filter(unit__region=region)
    by_state = dict(files.values_list("state").annotate(n=Count("pk")).order_by())
    revived = files.filter(state__in=[RevivalFile.State.RESTARTED, RevivalFile.State.SUSTAINED])
    counter = revived.aggregate(n=Count("pk"), jobs=Sum("jobs_restored"))
    states = [(s, label, by_state.get(s, 0)) for s, label in RevivalFile.State.choices]
    chart = {
        "kind": "bar",
        "categories": [str(label) for _s, label, _n in states],
        "series": [{"name": _("revival files"), "data": [n for _s, _l, n in states]}],
        "colors": ["#0f5e7a"],
    }
    return render(
        request,
        "revival/home.html",
        {
            "region": region,
            "counter": counter,
            "states": states,
            "chart": chart,
            "scenarios": access.scenarios_for(request.user).filter(region=region)[:5],
            "is_admin": request.user.is_superuser or request.user.role == Role.ADMIN,
        },
    )


@allow(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    region = _region()
    conf = figures.settings_for(region)
    form = SettingsForm(request.POST or None, instance=conf, initial={"version": conf.version})
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            actions.update_settings(
                actor=request.user, region=region, version=form.cleaned_data["version"], values=values
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The revival settings were saved."))
            return redirect("revival-settings")
    return render(request, "revival/settings.html", {"form": form, "conf": conf})


# -- early warning -----------------------------------------------------------------------------------------


def _stored_context(request: HttpRequest, fresh: stored.Freshness, back: str) -> dict[str, Any]:
    return {
        "fresh": fresh,
        "can_recompute": _staff(request.user),
        "back": back,
    }


@allow(*WIDE)
@require_GET
def watch(request: HttpRequest) -> HttpResponse:
    region = _region()
    conf = figures.settings_for(region)
    fresh = stored.ensure_fresh(region, conf)
    form = WatchFilterForm(request.GET or None, region=region)
    rows_qs = WatchRow.objects.filter(region=region)
    if form.is_valid():
        d = form.cleaned_data
        if d["county"]:
            rows_qs = rows_qs.filter(county=d["county"])
        if d["reason"]:
            rows_qs = rows_qs.filter(**{f"reason_{d['reason']}": True})
    rows_qs = rows_qs.order_by(*stored.WATCH_ORDER)
    page = Paginator(rows_qs, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    # The page's units in one query of their own: a join would walk every row before a deep page.
    units = Unit.objects.select_related("county").in_bulk([r.unit_id for r in page.object_list])
    month = page.object_list[0].month if page.object_list else current_report_month()
    categories = [_month_label(m) for m in range(month - figures.SPAN + 1, month + 1)]
    threshold = round(float(region.low_capacity_threshold) * 100, 1)
    rows = []
    for r in page.object_list:
        spec = {
            "kind": "line",
            "categories": categories,
            "series": [{"name": _("capacity utilisation (%)"), "data": r.series}],
            "threshold": threshold,
            "threshold_label": "",
            "axis_names": ["%", ""],
        }
        rows.append({"r": r, "obj": units[r.unit_id], "chart": spec, "chart_id": f"trend-{r.unit_id}"})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "revival/watch.html",
        {
            "page": page,
            "rows": rows,
            "conf": conf,
            "form": form,
            "count": page.paginator.count,
            "query": query.urlencode(),
            "can_open_case": _staff(request.user),
            **_stored_context(request, fresh, "revival-watch"),
        },
    )


@allow(Role.ADMIN, Role.SECRETARIAT)
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    region = _region()
    back = request.POST.get("back")
    back = back if back in ("revival-watch", "revival-screening") else "revival-watch"
    try:
        done = actions.recompute(actor=request.user, region=region)
    except actions.ActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Recomputed: %(w)s units watched, %(s)s units screened.")
            % {"w": num(done.watched), "s": num(done.screened)},
        )
    return redirect(back)


# -- screening ---------------------------------------------------------------------------------------------


def _factor_rows(row: pd.Series) -> list[dict[str, Any]]:
    out = []
    for f, label in FACTOR_LABELS.items():
        value = row[f"{f}_value"]
        out.append(
            {
                "code": f,
                "label": label,
                "value": None if pd.isna(value) else float(value),
                "weight": float(row[f"{f}_weight"]),
                "contribution": float(row[f"{f}_contribution"]),
            }
        )
    return out


class _Keyed:
    """A list of stored rows paged in two steps: the page's unit ids in the list's order (read from the order
    index alone, which matters on a deep page), then those rows. ``count`` is known already."""

    def __init__(self, rows: Any, count: int) -> None:
        self.rows, self.n = rows, count

    def count(self) -> int:
        return self.n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, key: slice) -> list[Any]:
        ids = list(self.rows.values_list("unit_id", flat=True)[key])
        found = {r.unit_id: r for r in self.rows.model.objects.filter(unit_id__in=ids)}
        return [found[u] for u in ids if u in found]


def _stored_factors(row: ScreeningRow) -> list[dict[str, Any]]:
    out = []
    for f, label in FACTOR_LABELS.items():
        value, weight, contribution = row.factors.get(f, [None, 0.0, 0.0])
        out.append(
            {"code": f, "label": label, "value": value, "weight": weight, "contribution": contribution}
        )
    return out


@allow(*WIDE)
@require_GET
def screening(request: HttpRequest) -> HttpResponse:
    region = _region()
    fresh = stored.ensure_fresh(region)
    form = ScreeningFilterForm(request.GET or None, region=region)
    rows_qs = ScreeningRow.objects.filter(region=region)
    if form.is_valid():
        d = form.cleaned_data
        if d["verdict"]:
            rows_qs = rows_qs.filter(verdict=d["verdict"])
        if d["county"]:
            rows_qs = rows_qs.filter(county=d["county"])
        if d["status"]:
            rows_qs = rows_qs.filter(unit_status=d["status"])
    counts = dict(rows_qs.order_by().values_list("verdict").annotate(n=Count("pk")))
    rows_qs = rows_qs.order_by(*stored.SCREENING_ORDER)
    keyed = _Keyed(rows_qs, sum(counts.values()))
    page = Paginator(keyed, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    names = dict(Unit.objects.filter(pk__in=[r.unit_id for r in page.object_list]).values_list("pk", "name"))
    rows = [
        {
            "unit": r.unit_id,
            "name": names.get(r.unit_id, ""),
            "unit_status": r.unit_status,
            "score": r.score,
            "verdict": r.verdict,
            "override": r.override,
            "override_reason": r.override_reason,
            "factors": _stored_factors(r),
            "jobs": r.jobs,
            "cost": r.cost,
            "cost_estimated": r.cost_estimated,
            "months_to_restart": r.months_to_restart,
        }
        for r in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "revival/screening.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "counts": counts,
            "query": query.urlencode(),
            "labels": FACTOR_LABELS,
            **_stored_context(request, fresh, "revival-screening"),
        },
    )


@allow(*WIDE)
@require_http_methods(["GET", "POST"])
def screening_unit(request: HttpRequest, pk: int) -> HttpResponse:
    region = _region()
    frame = figures.screening(region, unit_ids=[pk])
    if frame.empty:
        raise Http404("Not an idle or semi-active unit")
    unit = Unit.objects.select_related("county").get(pk=pk)
    current = getattr(unit, "revival_override", None) if hasattr(unit, "revival_override") else None
    form = OverrideForm(request.POST or None, initial={"version": current.version if current else 0})
    if request.method == "POST":
        if not _staff(request.user):
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.override_verdict(
                    actor=request.user,
                    unit=unit,
                    verdict=d["verdict"],
                    reason=d["reason"],
                    version=d["version"],
                )
            except actions.ActionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The verdict was recorded."))
            return redirect("revival-unit", pk=pk)
    row = frame.iloc[0]
    return render(
        request,
        "revival/screening_unit.html",
        {
            "unit": unit,
            "row": row.to_dict(),
            "factors": _factor_rows(row),
            "override": current,
            "form": form,
            "can_override": _staff(request.user),
            "file": RevivalFile.objects.filter(unit=unit).first(),
        },
    )


# -- scenarios ---------------------------------------------------------------------------------------------


@allow(*WIDE)
@require_GET
def scenario_list(request: HttpRequest) -> HttpResponse:
    scenarios = access.scenarios_for(request.user).select_related("created_by").order_by("-created_at", "-id")
    page = Paginator(scenarios, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "revival/scenario_list.html", {"page": page, "query": ""})


@allow(*WIDE)
@require_http_methods(["GET", "POST"])
def scenario_new(request: HttpRequest) -> HttpResponse:
    region = _region()
    form = ScenarioForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = actions.create_scenario(
                actor=request.user, region=region, name=form.cleaned_data["name"], inputs=form.inputs()
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The scenario was solved and saved."))
            return redirect("scenario-detail", pk=scenario.pk)
    return render(request, "revival/scenario_new.html", {"form": form})


def scenario_view(scenario: Scenario) -> dict[str, Any]:
    """What a page, the comparison and the PDF show of a scenario: figures and reasons in words."""
    res = scenario.result or {}
    names = plans.Names(scenario.region, res.get("units"))
    units = res.get("units") or {}
    reasons = res.get("reasons") or {}
    chosen = [
        {
            "id": int(u),
            **units.get(str(u), {}),
            "county_name": names.counties.get(str(units.get(str(u), {}).get("county")), ""),
            "fraction": (res.get("fractions") or {}).get(str(u), 1.0),
            "reason": plans.reason_text(*reasons.get(str(u), ["chosen", {}]), names),
        }
        for u in res.get("chosen", [])
    ]
    chosen.sort(key=lambda r: (-r.get("jobs", 0), r["id"]))
    chosen_ids = {str(u) for u in res.get("chosen", [])}
    left = [
        {
            "id": int(u),
            **units.get(u, {}),
            "county_name": names.counties.get(str(units.get(u, {}).get("county")), ""),
            "reason": plans.reason_text(code, params, names),
        }
        for u, (code, params) in reasons.items()
        if u not in chosen_ids
    ]
    left.sort(key=lambda r: (-r.get("jobs", 0), r["id"]))
    inputs = scenario.inputs or {}
    constraints = []
    for c, share in (inputs.get("county_min") or {}).items():
        constraints.append(
            _("%(county)s: at least %(share)s%% of the budget")
            % {"county": names.counties.get(c, c), "share": num(round(share * 100, 1))}
        )
    for c, share in (inputs.get("county_max") or {}).items():
        constraints.append(
            _("%(county)s: at most %(share)s%% of the budget")
            % {"county": names.counties.get(c, c), "share": num(round(share * 100, 1))}
        )
    for b, quota in (inputs.get("bank_quota") or {}).items():
        constraints.append(
            _("%(bank)s: at most %(money)s billion rials")
            % {"bank": names.banks.get(b, b), "money": plans.money(quota)}
        )
    if inputs.get("strategic_min"):
        constraints.append(
            _("Strategic goods: at least %(share)s%% of the budget")
            % {"share": num(round(inputs["strategic_min"] * 100, 1))}
        )
    for u in inputs.get("must", []):
        constraints.append(plans.constraint_text(f"must:{u}", names))
    for u in inputs.get("must_not", []):
        constraints.append(plans.constraint_text(f"must_not:{u}", names))
    if inputs.get("partial"):
        constraints.append(_("Partial funding allowed"))
    totals = res.get("totals") or {}
    greedy = res.get("greedy_totals") or {}
    return {
        "scenario": scenario,
        "res": res,
        "budget": inputs.get("budget"),
        "constraints": constraints,
        "chosen": chosen,
        "left": left,
        "totals": totals,
        "greedy": greedy,
        "binding": [plans.constraint_text(b, names) for b in res.get("binding", [])],
        # Scenarios saved before the explanation existed have no binding_exact: they said nothing either way.
        "binding_partial": res.get("binding_exact") is False,
        "conflicts": [plans.conflict_text(code, params, names) for code, params in res.get("conflicts", [])],
        "feasible": res.get("status") in ("optimal", "time_limit"),
        "gain_pct": (
            (res["objective"] / res["greedy_objective"] - 1) * 100
            if res.get("greedy_objective") and res.get("objective") is not None
            else None
        ),
    }


@allow(*WIDE)
@require_http_methods(["GET", "POST"])
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = access.get_scenario(request.user, pk)
    if request.method == "POST":
        if not _staff(request.user):
            raise PermissionDenied
        try:
            made = actions.open_files_for_scenario(actor=request.user, scenario=scenario)
        except actions.ActionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(n)s revival files were opened.") % {"n": len(made)})
        return redirect("scenario-detail", pk=scenario.pk)
    view = scenario_view(scenario)
    view["can_open_files"] = _staff(request.user) and view["feasible"]
    return render(request, "revival/scenario_detail.html", view)


@allow(*WIDE)
@require_GET
def scenario_compare(request: HttpRequest) -> HttpResponse:
    ids = [i for i in request.GET.getlist("ids") if i.isdigit()][:6]
    scenarios = list(access.scenarios_for(request.user).filter(pk__in=ids).order_by("created_at", "id"))
    views = [scenario_view(s) for s in scenarios]
    all_units: dict[int, str] = {}
    for v in views:
        for r in v["chosen"]:
            all_units.setdefault(r["id"], r.get("name", ""))
    grid = [
        (u, name, [any(r["id"] == u for r in v["chosen"]) for v in views])
        for u, name in sorted(all_units.items(), key=lambda kv: kv[1])
    ]
    choices = access.scenarios_for(request.user).order_by("-created_at", "-id")[:50]
    return render(
        request,
        "revival/scenario_compare.html",
        {"views": views, "grid": grid, "choices": choices, "selected": [int(i) for i in ids]},
    )


def _scenario_rows(view: dict[str, Any]) -> list[list[Any]]:
    head = [
        _("Unit no."),
        _("Unit"),
        _("County"),
        _("Money (IRR)"),
        _("Jobs"),
        _("Annual output value (IRR)"),
        _("FX (USD a year)"),
        _("Strategic"),
        _("Chosen"),
        _("Reason"),
    ]
    rows = [head]
    for r, chosen in [(r, True) for r in view["chosen"]] + [(r, False) for r in view["left"]]:
        rows.append(
            [
                r["id"],
                r.get("name", ""),
                r.get("county_name", ""),
                r.get("cost"),
                r.get("jobs"),
                r.get("output"),
                r.get("fx"),
                _("yes") if r.get("strategic") else _("no"),
                _("yes") if chosen else _("no"),
                r["reason"],
            ]
        )
    return rows


@allow(*WIDE)
@require_GET
def scenario_xlsx(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    scenario = access.get_scenario(request.user, pk)
    rows = _scenario_rows(scenario_view(scenario))
    response = StreamingHttpResponse(
        xlsx_chunks(rows, title=_("Scenario"), lang=_lang()), content_type=XLSX_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="revival-scenario-{scenario.pk}.xlsx"'
    return response


@allow(*WIDE)
@require_GET
def scenario_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = access.get_scenario(request.user, pk)
    pdf = render_pdf("revival/scenario_pdf.html", scenario_view(scenario), lang=_lang())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="revival-scenario-{scenario.pk}.pdf"'
    return response


# -- revival files -----------------------------------------------------------------------------------------


@allow(*WIDE, Role.UNIT)
@require_GET
def file_list(request: HttpRequest) -> HttpResponse:
    files = (
        access.files_for(request.user).select_related("unit", "unit__county").order_by("-created_at", "-id")
    )
    state = request.GET.get("state", "")
    if state in RevivalFile.State.values:
        files = files.filter(state=state)
    page = Paginator(files, settings.JAHESH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "revival/file_list.html",
        {"page": page, "state": state, "states": RevivalFile.State.choices, "query": f"state={state}"},
    )


@allow(*WIDE, Role.UNIT)
@require_http_methods(["GET", "POST"])
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    f = access.get_file(request.user, pk)
    if request.method == "POST":
        kind = request.POST.get("action")
        form = MoveForm(request.POST) if kind == "move" else LinkForm(request.POST)
        if kind not in ("move", "link"):
            messages.error(request, _("Unknown action."))
        elif not form.is_valid():
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        else:
            d = form.cleaned_data
            try:
                if kind == "move":
                    actions.advance(
                        actor=request.user, file=f, to=d["to"], version=d["version"], note=d["note"]
                    )
                    messages.success(request, _("The revival file moved on."))
                else:
                    actions.link(
                        actor=request.user, file=f, kind=d["kind"], ids=d["ids"], version=d["version"]
                    )
                    messages.success(request, _("The link was recorded."))
            except actions.ActionError as exc:
                messages.error(request, str(exc))
        return redirect("revival-file-detail", pk=f.pk)
    nxt = actions.NEXT.get(f.state)
    role = Role.ADMIN if request.user.is_superuser else request.user.role
    can_move = nxt in actions.MANUAL and role in actions.MANUAL[nxt]
    from jahesh.core.models import AuditEvent

    labels = dict(RevivalFile.State.choices)
    events = [
        (e, labels.get((e.after or {}).get("state"), ""))
        for e in AuditEvent.objects.filter(object_type="revival.revivalfile", object_id=str(f.pk))
        .select_related("actor")
        .order_by("at", "id")
    ]
    return render(
        request,
        "revival/file_detail.html",
        {
            "file": f,
            "next": nxt,
            "next_label": RevivalFile.State(nxt).label if nxt else "",
            "can_move": can_move,
            "can_link": _staff(request.user),
            "link_form": LinkForm(initial={"version": f.version}),
            "events": events,
            "states": RevivalFile.State.choices,
            "restarted_label": _month_label(f.restarted_month) if f.restarted_month else "",
        },
    )

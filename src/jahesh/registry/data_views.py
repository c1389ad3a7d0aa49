"""Pages for getting data in and out: the import page (secretariat and admin), exports of the lists as
filtered on screen (everyone, scoped to what they may see), and the import templates."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jahesh.core.access import allow
from jahesh.core.models import Role

from . import access, exports
from .data_forms import ImportForm
from .forms import UnitFilterForm
from .importers import jobs
from .importers.columns import LAYOUTS
from .importers.engine import COUNT_LABELS, Problem
from .models import ImportJob, Region

EVERYONE = tuple(Role.values)
_RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
IMPORTERS = (Role.ADMIN, Role.SECRETARIAT)


def _region() -> Region:
    region = Region.objects.order_by("pk").first()
    if region is None:
        raise Http404(_("No region has been set up yet. Run “jahesh demo” or import the registry."))
    return region


def _lang() -> str:
    return (translation.get_language() or "fa")[:2]


def jobs_for(user: Any) -> QuerySet[ImportJob]:
    """The imports ``user`` may see: all of them for the secretariat and admins, none for anyone else."""
    jobs_ = ImportJob.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return jobs_.none()
    if user.is_superuser or user.role in IMPORTERS:
        return jobs_
    return jobs_.none()


def _job_context(job: ImportJob) -> dict[str, Any]:
    layout = LAYOUTS[job.kind]
    lang = _lang()
    result = job.result or {}
    problems = [Problem.from_json(p) for p in ([result["file_error"]] if result.get("file_error") else [])]
    problems += [Problem.from_json(p) for p in result.get("problems", [])]
    rows = [
        {
            "row": p.row,
            "column": p.column_label(layout, lang),
            "value": p.value,
            # "-12" or an identifier reads left to right even on a right-to-left page.
            "value_dir": "rtl" if _RTL_LETTERS.search(p.value) else "ltr",
            "message": p.message(),
        }
        for p in problems
    ]
    counts = [(COUNT_LABELS.get(k, k), n) for k, n in (result.get("counts") or {}).items() if n]
    return {
        "job": job,
        "problems": rows,
        "problems_hidden": max(0, job.problems_total - len(rows)),
        "counts": counts,
        "ignored_columns": result.get("ignored_columns") or [],
        "written": result.get("written", False),
        "stale": jobs.is_stale(job),
        "running": job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
        and not jobs.is_stale(job),
    }


@allow(*IMPORTERS)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file to import; with ``?job=N`` the import's progress and report (a partial for htmx polls),
    with ``&download=errors`` its error report."""
    job = None
    if request.method == "GET" and "job" in request.GET:
        try:
            job = jobs_for(request.user).select_related("user").get(pk=int(request.GET["job"]))
        except (ImportJob.DoesNotExist, ValueError, TypeError):
            raise Http404("No such import") from None
        if request.GET.get("download") == "errors":
            if not job.error_report:
                raise Http404("No error report")
            name = f"{job.file_name.rsplit('.', 1)[0][:80] or 'import'}-problems.xlsx"
            return FileResponse(job.error_report.open("rb"), as_attachment=True, filename=name)
        if request.htmx:
            return render(request, "registry/_import_job.html", _job_context(job))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        job = ImportJob(
            kind=data["kind"],
            file_name=upload.name[-255:],
            user=request.user,
            lang=_lang(),
            valid_only=data["valid_only"],
            dry_run=data["dry_run"],
            accept=data["accept"],
            correct_accepted=data["correct_accepted"],
        )
        # Stored under a name of our own: the user's file name is only shown, never used as a path.
        job.upload.save(f"{uuid.uuid4().hex}.upload", upload, save=False)
        job.save()
        jobs.start(job)
        return redirect(f"{reverse('import-page')}?job={job.pk}")
    context: dict[str, Any] = {
        "form": form,
        "recent": jobs_for(request.user).select_related("user")[:20],
        "kinds": ImportJob.Kind.choices,
        "max_mb": round(settings.JAHESH_MAX_IMPORT_BYTES / 2**20),
    }
    if job is not None:
        context.update(_job_context(job))
    return render(request, "registry/imports.html", context, status=400 if form.errors else 200)


def _filtered_units(request: HttpRequest) -> QuerySet:
    form = UnitFilterForm(request.GET or None, region=_region())
    return form.filter(access.units_for(request.user))


@allow(*EVERYONE)
@require_GET
def data_export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """Units, inputs or reports of the units as filtered on the unit list, as .xlsx or .csv."""
    units = _filtered_units(request)
    reports = access.reports_for(request.user) if kind == "reports" else None
    lang = _lang()
    rows = exports.rows_for(kind, units, reports, lang=lang)
    response = StreamingHttpResponse(
        exports.export_chunks(kind, fmt, rows, lang=lang),
        content_type=exports.XLSX_TYPE if fmt == "xlsx" else exports.CSV_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.FILE_NAMES[kind]}.{fmt}"'
    return response


@allow(*EVERYONE)
@require_GET
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty import file with the headers (and, in Excel, a sheet explaining each column)."""
    lang = request.GET.get("lang") if request.GET.get("lang") in ("fa", "en") else _lang()
    body = b"".join(exports.template_chunks(kind, fmt, lang=lang))
    response = HttpResponse(body, content_type=exports.XLSX_TYPE if fmt == "xlsx" else exports.CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="jahesh-{kind}-template-{lang}.{fmt}"'
    return response

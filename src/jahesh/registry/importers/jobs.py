"""Running an upload from the import page: in the request for a small file, in a background thread for a
large one, with its progress in the ImportJob row for the page to poll.

The thread is a plain daemon thread of the web process: enough for an intranet server run by ``jahesh serve``
(waitress) or gunicorn with threads. If the process stops mid-import, the transaction is rolled back (nothing
is half-written) and the page shows the import as interrupted; the command line (``jahesh import``) is the way
for very large files.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import close_old_connections, connections, transaction
from django.utils import timezone, translation

from ..models import ImportJob, Region
from . import run_import
from .engine import MAX_PROBLEMS, ImportResult
from .report_xlsx import write_error_report

log = logging.getLogger(__name__)

#: Problems kept in the job row for the page; all of them are in the downloadable error report.
PAGE_PROBLEMS = 500
#: Files up to this size are imported while the request waits; larger ones in the background.
INLINE_MAX_BYTES = 1024 * 1024
#: A running import that has shown no progress for this long is shown as interrupted.
STALE_AFTER = dt.timedelta(minutes=15)


def summary(result: ImportResult) -> dict[str, Any]:
    return {
        "counts": result.counts,
        "ignored_columns": result.ignored_columns[:50],
        "file_error": result.file_error.as_json() if result.file_error else None,
        "problems": [p.as_json() for p in result.problems[:PAGE_PROBLEMS]],
        "skipped_rows": result.skipped_rows,
        "written": result.written,
        "exit_code": result.exit_code,
        "more_than_kept": max(0, result.problems_total - MAX_PROBLEMS),
    }


def execute(job_id: int) -> None:
    """Run the job now, in this thread; record the outcome in its row whatever happens."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    now = timezone.now()
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.RUNNING, phase="checking", started_at=now, heartbeat_at=now
    )

    def progress(phase: str, rows: int) -> None:
        if phase == "writing" and rows:
            return  # inside the import's transaction: nobody would see it before the end
        fields: dict[str, Any] = {"phase": phase, "heartbeat_at": timezone.now()}
        if phase == "checking":
            fields["rows_read"] = rows
        ImportJob.objects.filter(pk=job_id).update(**fields)

    try:
        with translation.override(job.lang):
            region = Region.objects.order_by("pk").first()
            path = Path(job.upload.path)
            result = run_import(
                job.kind,
                path,
                region=region,
                user=job.user,
                file_name=job.file_name,
                valid_only=job.valid_only,
                dry_run=job.dry_run,
                accept=job.accept,
                correct_accepted=job.correct_accepted,
                progress=progress,
            )
            if result.problems_total or result.file_error:
                with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
                    write_error_report(tmp.name, result, path, lang=job.lang)
                    stem = Path(job.file_name).stem[:80] or "import"
                    job.error_report.save(f"{stem}-problems.xlsx", File(tmp), save=False)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.DONE,
            phase="",
            rows_read=result.rows,
            rows_invalid=result.invalid_rows,
            rows_valid=result.rows - result.invalid_rows,
            rows_taken=result.taken_rows if result.written else 0,
            problems_total=result.problems_total + (1 if result.file_error else 0),
            result=summary(result),
            error_report=job.error_report.name,
            finished_at=timezone.now(),
        )
    except Exception:
        log.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, phase="", finished_at=timezone.now(), message="internal error"
        )
    finally:
        job.upload.delete(save=False)
        ImportJob.objects.filter(pk=job_id).update(upload="")


def _thread_main(job_id: int) -> None:
    close_old_connections()
    try:
        execute(job_id)
    finally:
        connections.close_all()


def start(job: ImportJob) -> None:
    """Run ``job`` now if its file is small, else in a background thread once the job row is committed."""
    if job.upload.size <= INLINE_MAX_BYTES:
        execute(job.pk)
        return
    transaction.on_commit(
        lambda: threading.Thread(
            target=_thread_main, args=(job.pk,), name=f"import-{job.pk}", daemon=True
        ).start()
    )


def is_stale(job: ImportJob) -> bool:
    if job.status not in (ImportJob.Status.RUNNING, ImportJob.Status.QUEUED):
        return False
    seen = job.heartbeat_at or job.created_at
    return timezone.now() - seen > STALE_AFTER

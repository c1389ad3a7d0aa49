"""Resolutions to Excel and back: the export lists one row per responsible agency (part) and is itself a
valid file for the bulk status update, which follows the registry importer's rules — every row is checked,
problems are reported row by row, and nothing is written unless every row is good (all or nothing)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from jahesh.core import jalali
from jahesh.core.models import AuditEvent
from jahesh.core.text import search_key, to_ascii_digits
from jahesh.core.uploads import validate_upload

from . import actions
from .models import ResolutionPart

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20000

#: column key → (Persian header, English header); the importer reads the first four.
COLUMNS = {
    "resolution": ("شناسه مصوبه", "Resolution id"),
    "agency": ("کد دستگاه", "Agency code"),
    "status": ("وضعیت", "Status"),
    "note": ("شرح اقدام یا دلیل", "Evidence or reason"),
    "label": ("شماره مصوبه", "Resolution no."),
    "session_date": ("تاریخ جلسه", "Session date"),
    "text": ("متن مصوبه", "Text"),
    "agency_name": ("دستگاه", "Agency"),
    "deadline": ("مهلت", "Deadline"),
    "overdue": ("معوق", "Overdue"),
}
IMPORTED = ("resolution", "agency", "status", "note")
ORDER = (
    "resolution",
    "label",
    "session_date",
    "text",
    "agency",
    "agency_name",
    "deadline",
    "status",
    "overdue",
    "note",
)


def _status_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for code, label in ResolutionPart.Status.choices:
        words[search_key(code)] = code
        for lang in ("fa", "en"):
            with translation.override(lang):
                words[search_key(str(label))] = code
    return words


def export_parts(parts: Any, lang: str = "fa") -> bytes:
    """One row per part, Persian headers in ``fa``; statuses as the words the importer reads back."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Resolutions"))
    i = 0 if lang.startswith("fa") else 1
    header = [COLUMNS[k][i] for k in ORDER]
    ws.append(header)
    today = jalali.today_tehran()
    with translation.override(lang):
        for p in parts.select_related("resolution", "resolution__session", "agency").order_by(
            "resolution__session__held_on", "resolution__number", "agency__name"
        ):
            r = p.resolution
            ws.append(
                [
                    r.pk,
                    f"{r.session.number}/{r.number}",
                    jalali.format_jalali(r.session.held_on, persian_digits=False),
                    r.text,
                    p.agency.code,
                    p.agency.name,
                    jalali.format_jalali(r.deadline, persian_digits=False),
                    str(p.get_status_display()),
                    (_("yes") if p.overdue_on(today) else ""),
                    "",
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@dataclass
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False


def _header_map(header: list[Any]) -> dict[str, int]:
    keys = {search_key(h): k for k, pair in COLUMNS.items() for h in pair}
    out: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = keys.get(search_key(str(cell or "")))
        if key and key not in out:
            out[key] = i
    return out


def import_statuses(upload: Any, *, user: Any, region: Any) -> ImportReport:
    """Check the uploaded workbook row by row; write every change in one transaction only if all rows pass."""
    report = ImportReport()
    try:
        validate_upload(upload)
    except ValidationError as exc:
        report.problems.append(RowProblem(0, "", " ".join(exc.messages)))
        return report
    if not (upload.name or "").lower().endswith(".xlsx"):
        report.problems.append(RowProblem(0, "", _("Send an Excel file (.xlsx).")))
        return report
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
        rows = list(wb.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 1))
    except Exception:  # openpyxl raises many kinds on a damaged file; the user gets one clear message
        report.problems.append(RowProblem(0, "", _("The file cannot be read as an Excel workbook.")))
        return report
    if not rows:
        report.problems.append(RowProblem(0, "", _("The file is empty.")))
        return report
    cols = _header_map(list(rows[0]))
    missing = [COLUMNS[k][0] for k in IMPORTED[:3] if k not in cols]
    if missing:
        report.problems.append(
            RowProblem(1, "", _("These columns are missing: %(cols)s.") % {"cols": "، ".join(missing)})
        )
        return report
    if len(rows) > MAX_ROWS:
        report.problems.append(RowProblem(0, "", _("At most %(n)s rows at a time.") % {"n": MAX_ROWS}))
        return report
    words = _status_words()
    parts = {
        (p.resolution_id, search_key(p.agency.code)): p
        for p in ResolutionPart.objects.filter(resolution__session__region=region).select_related("agency")
    }
    seen: set[tuple[int, str]] = set()
    plan: list[tuple[ResolutionPart, str, str]] = []

    def cell(row: tuple[Any, ...], key: str) -> str:
        i = cols.get(key)
        value = row[i] if i is not None and i < len(row) else None
        return "" if value is None else to_ascii_digits(str(value)).strip()

    for n, row in enumerate(rows[1:], start=2):
        if all(v in (None, "") for v in row):
            continue
        report.rows += 1
        rid, code, status_text, note = (cell(row, k) for k in IMPORTED)
        header = COLUMNS
        if rid.endswith(".0"):
            rid = rid[:-2]
        if not rid.isdigit():
            report.problems.append(RowProblem(n, header["resolution"][0], _("Give the resolution's id.")))
            continue
        key = (int(rid), search_key(code))
        part = parts.get(key)
        if part is None:
            report.problems.append(
                RowProblem(
                    n,
                    header["agency"][0],
                    _("Resolution %(id)s names no agency with the code “%(code)s”.")
                    % {"id": rid, "code": code},
                )
            )
            continue
        if key in seen:
            report.problems.append(
                RowProblem(n, header["agency"][0], _("This part is given twice in the file."))
            )
            continue
        seen.add(key)
        status = words.get(search_key(status_text))
        if status is None:
            report.problems.append(
                RowProblem(
                    n,
                    header["status"][0],
                    _("“%(value)s” is not a status: write being executed, executed or not executed.")
                    % {"value": status_text},
                )
            )
            continue
        if status == part.status:
            report.unchanged += 1
            continue
        if status not in actions.MOVES.get(part.status, ()):
            report.problems.append(
                RowProblem(
                    n,
                    header["status"][0],
                    _("A part that is %(from)s cannot become %(to)s.")
                    % {"from": part.get_status_display(), "to": ResolutionPart.Status(status).label},
                )
            )
            continue
        if status in (ResolutionPart.Status.EXECUTED, ResolutionPart.Status.NOT_EXECUTED) and not note:
            report.problems.append(
                RowProblem(n, header["note"][0], _("Give the evidence of execution or the reason."))
            )
            continue
        plan.append((part, status, note))
    if report.problems:
        return report
    try:
        with transaction.atomic():
            for part, status, note in plan:
                actions.update_part(
                    actor=user,
                    part=part,
                    version=None,
                    status=status,
                    text=note,
                    source=AuditEvent.Source.IMPORT,
                )
    except actions.ActionError as exc:  # someone changed a part meanwhile: nothing was kept
        report.problems.append(RowProblem(0, "", str(exc)))
        return report
    report.changed = len(plan)
    report.written = True
    return report


IMPORT_HELP = gettext_lazy(
    "Columns: resolution id, agency code, status (being executed, executed, not executed) and the evidence "
    "or reason. The resolutions export is a valid file: change the status and the evidence and send it back."
)

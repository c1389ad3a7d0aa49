"""The agency scorecard as an Excel file: the same figures as the page (one function computes them)."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from jahesh.core import jalali

from .scorecard import AgencyScore

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def scorecard_rows(scores: list[AgencyScore], lang: str) -> list[list[Any]]:
    header = [
        _("Agency"),
        _("Cases received"),
        _("Answered"),
        _("Answered on time"),
        _("Answered late"),
        _("Open and overdue"),
        _("Open, not yet due"),
        _("Median days to answer"),
        _("Share answered on time (%)"),
        _("Share escalated (%)"),
    ]
    rows: list[list[Any]] = [header]
    for s in scores:
        rows.append(
            [
                s.agency.display_name(lang),
                s.received,
                s.answered,
                s.answered_on_time,
                s.answered_late,
                s.open_overdue,
                s.open_in_time,
                None if s.median_days is None else float(s.median_days),
                None if s.on_time_share is None else round(s.on_time_share * 100, 1),
                None if s.escalated_share is None else round(s.escalated_share * 100, 1),
            ]
        )
    return rows


def scorecard_xlsx(scores: list[AgencyScore], filters: dict[str, Any]) -> HttpResponse:
    lang = (translation.get_language() or "fa")[:2]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Agency scorecard")[:31])
    ws.sheet_view.rightToLeft = lang == "fa"
    period = []
    if filters.get("start"):
        period.append(
            _("from %(date)s") % {"date": jalali.format_jalali(filters["start"], persian_digits=False)}
        )
    if filters.get("end"):
        period.append(
            _("until %(date)s") % {"date": jalali.format_jalali(filters["end"], persian_digits=False)}
        )
    if filters.get("category"):
        period.append(filters["category"].display_name(lang))
    ws.append([_("Agency scorecard"), " · ".join(period)])
    for i, row in enumerate(scorecard_rows(scores, lang)):
        if i == 0:
            from openpyxl.cell import WriteOnlyCell

            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                cell.font = Font(bold=True)
                cells.append(cell)
            ws.append(cells)
        else:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="jahesh-agency-scorecard.xlsx"'
    return response

"""The error report as a workbook: the file's rows with the bad cells filled red and commented, and a sheet
listing every problem. The user corrects the first sheet and imports it again (the added "problems" column
is ignored on import)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from .columns import LAYOUTS
from .engine import ImportResult, Problem
from .reading import FileError, is_blank_row, open_table

RED = PatternFill("solid", fgColor="FFC7CE")
HEADER = PatternFill("solid", fgColor="DDEBF7")
_MAX_CELL = 32_000  # Excel's limit is 32,767 characters


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        # Text that starts like a formula is kept as text, never evaluated when the report is opened.
        if value[:1] in ("=", "+", "-", "@") and len(value) > 1 and not value[1:2].isdigit():
            return "'" + value
        return value[:_MAX_CELL]
    return value


def write_error_report(
    path: str | Path, result: ImportResult, source: str | Path | None, *, lang: str
) -> None:
    """Write the report of ``result`` to ``path``; ``source`` is the imported file (None: problems only)."""
    layout = LAYOUTS[result.kind]
    with translation.override(lang):
        wb = Workbook(write_only=True)
        rtl = lang.startswith("fa")
        by_row: dict[int | None, list[Problem]] = {}
        for p in result.all_problems:
            by_row.setdefault(p.row, []).append(p)
        if source is not None and result.file_error is None:
            _data_sheet(wb, layout, source, by_row, rtl)
        _problem_sheet(
            wb, layout, result.all_problems, lang, rtl, result.problems_total - len(result.problems)
        )
        wb.save(str(path))


def _data_sheet(
    wb: Workbook, layout: Any, source: str | Path, by_row: dict[int | None, list[Problem]], rtl: bool
) -> None:
    try:
        table = open_table(source, layout.count_known)
    except FileError:
        return
    table.close()  # the rows are read again from the top, title rows and all
    positions, _unknown, _twice = layout.match(table.headers)
    ws = wb.create_sheet(_("Data"))
    ws.sheet_view.rightToLeft = rtl
    width = len(table.headers)
    bold = Font(bold=True)
    for number, cells in table.raw_rows():
        if number > table.header_row and is_blank_row(cells) and number not in by_row:
            continue
        cells = tuple(cells) + (None,) * max(0, width - len(cells))
        out: list[Any] = []
        problems = by_row.get(number, [])
        bad = {}
        for p in problems:
            if p.column in positions:
                bad.setdefault(positions[p.column], []).append(p.message())
        for i, value in enumerate(cells):
            cell = WriteOnlyCell(ws, value=_safe(value))
            if number == table.header_row:
                cell.font = bold
                cell.fill = HEADER
            if i in bad:
                cell.fill = RED
                cell.comment = Comment("\n".join(bad[i])[:_MAX_CELL], "Jahesh")
            out.append(cell)
        if number == table.header_row:
            extra = WriteOnlyCell(ws, value=_("Problems"))
            extra.font = bold
            extra.fill = HEADER
            out.append(extra)
        elif problems:
            extra = WriteOnlyCell(ws, value=_safe(" / ".join(p.message() for p in problems)))
            extra.fill = RED
            out.append(extra)
        ws.append(out)


def _problem_sheet(
    wb: Workbook, layout: Any, problems: Iterable[Problem], lang: str, rtl: bool, more: int
) -> None:
    ws = wb.create_sheet(_("Problems"))
    ws.sheet_view.rightToLeft = rtl
    bold = Font(bold=True)
    header = []
    for title in (_("Row"), _("Column"), _("Value"), _("Problem")):
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        cell.fill = HEADER
        header.append(cell)
    ws.append(header)
    for p in problems:
        ws.append([p.row, p.column_label(layout, lang), _safe(p.value), _safe(p.message())])
    if more > 0:
        ws.append([None, None, None, _("… and %(n)s more problems, not listed.") % {"n": more}])

"""Lists to Excel and CSV, streamed, in the columns of the importers: an exported file is a valid import file.

Units (one row per product line), inputs and monthly reports (one row per product line and month) are written
with the importers' column lists (``jahesh.registry.importers.columns``): Persian headers in ``fa``, English
otherwise; coded values as the words the importer reads back; identifiers as text so that Excel keeps
their leading zeros; Jalali dates and months with ASCII digits. Excel files are written in openpyxl's
write-only mode (one row in memory at a time) and CSV files as UTF-8 with a BOM so that Excel shows Persian
correctly.
The templates are the same files without rows, with a second sheet explaining each column.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from jahesh.core import jalali

from .importers.columns import (
    INPUTS,
    LAYOUTS,
    LICENCE_KIND,
    LICENCE_STAGE,
    ORIGIN,
    OWNERSHIP,
    REPORTS,
    ROW_RULES,
    SIZE,
    UNITS,
    Layout,
)
from .models import Input, MonthlyReport, OperatingStatus, ProductLine, Region, ReportExport, ReportLine, Unit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FILE_NAMES = {"units": "jahesh-units", "inputs": "jahesh-inputs", "reports": "jahesh-reports"}
_CHUNK = 2000


def _yes_no(value: bool, lang: str) -> str:
    if lang.startswith("fa"):
        return "بله" if value else "خیر"
    return "yes" if value else "no"


# A registry has a few thousand distinct dates and a few dozen months: each is converted to Jalali once.
@functools.lru_cache(maxsize=8192)
def _date(value: Any) -> str:
    return jalali.format_jalali(value, persian_digits=False) if value else ""


@functools.lru_cache(maxsize=1024)
def _month(index: int | None) -> str:
    if index is None:
        return ""
    year, month = jalali.from_month_index(index)
    return f"{year}/{month:02d}"


@functools.lru_cache(maxsize=1024)
def _month_label(index: int | None, lang: str) -> str:
    if index is None:
        return ""
    return jalali.format_jalali_month(*jalali.from_month_index(index), lang=lang)


def _identity(unit: Unit) -> dict[str, Any]:
    return {
        "legal_id": unit.legal_id or "",
        "business_id": unit.business_id or "",
        "owner_national_code": unit.owner_national_code or "",
        "name": unit.name,
    }


def _ordered(layout: Layout, values: dict[str, Any]) -> list[Any]:
    return [values.get(c.key) for c in layout.columns]


# -- Rows of each kind ----------------------------------------------------------------------------------


def unit_rows(units: QuerySet[Unit], *, lang: str) -> Iterator[list[Any]]:
    """The header, then one row per product line (one row for a unit without any)."""
    yield [c.header(lang) for c in UNITS.columns]
    with translation.override(lang):  # labels now: a streamed response is iterated after the view returns
        statuses = {code: str(label) for code, label in OperatingStatus.choices}
    units = units.select_related("county", "estate", "owner_bank").prefetch_related(
        # to_attr: a plain list on each unit, not a queryset cloned per unit to read the prefetched rows
        Prefetch("product_lines", queryset=ProductLine.objects.order_by("pk"), to_attr="export_lines")
    )
    for unit in units.iterator(chunk_size=_CHUNK):
        base = {
            **_identity(unit),
            "name_en": unit.name_en,
            "ownership": OWNERSHIP.label(unit.ownership, lang),
            "owner_bank": unit.owner_bank.display_name(lang) if unit.owner_bank_id else "",
            "licence_stage": LICENCE_STAGE.label(unit.licence_stage, lang),
            "establishment_licence_no": unit.establishment_licence_no,
            "establishment_licence_date": _date(unit.establishment_licence_date),
            "operating_licence_no": unit.operating_licence_no,
            "operating_licence_date": _date(unit.operating_licence_date),
            "operating_licence_kind": LICENCE_KIND.label(unit.operating_licence_kind, lang)
            if unit.operating_licence_kind
            else "",
            "physical_progress": unit.physical_progress,
            "county": unit.county.display_name(lang),
            "estate": unit.estate.display_name(lang) if unit.estate_id else "",
            "address": unit.address,
            "postal_code": unit.postal_code,
            "latitude": unit.latitude,
            "longitude": unit.longitude,
            "isic": unit.isic,
            "size": SIZE.label(unit.size, lang),
            "licensed_employment": unit.licensed_employment,
            "status": statuses.get(unit.status, unit.status),
            "utilisation": round(float(unit.utilisation) * 100, 1) if unit.utilisation is not None else None,
            "last_accepted": _month_label(unit.last_accepted_month, lang),
            "last_employment": unit.last_employment,
        }
        lines = unit.export_lines
        if not lines:
            yield _ordered(UNITS, base)
        for line in lines:
            yield _ordered(
                UNITS,
                {
                    **base,
                    "hs_code": line.hs_code,
                    "product": line.name,
                    "product_en": line.name_en,
                    "unit_of_measure": line.unit_of_measure,
                    "nominal_capacity": line.nominal_capacity,
                    "capacity_basis": line.capacity_basis,
                    "unit_value_irr": line.unit_value_irr,
                    "export_oriented": _yes_no(line.export_oriented, lang),
                    "strategic": _yes_no(line.strategic, lang),
                },
            )


def input_rows(units: QuerySet[Unit], *, lang: str) -> Iterator[list[Any]]:
    """The header, then one row per input of the units' product lines."""
    yield [c.header(lang) for c in INPUTS.columns]
    inputs = (
        Input.objects.filter(product_line__unit__in=units)
        .select_related("product_line__unit", "origin_country")
        .order_by("product_line__unit__name_key", "product_line__unit_id", "product_line_id", "pk")
    )
    for item in inputs.iterator(chunk_size=_CHUNK):
        line = item.product_line
        yield _ordered(
            INPUTS,
            {
                **_identity(line.unit),
                "hs_code": line.hs_code,
                "product": line.name,
                "input_hs": item.hs_code,
                "input": item.name,
                "input_unit_of_measure": item.unit_of_measure,
                "quantity_per_output": item.quantity_per_output,
                "origin": ORIGIN.label(item.origin, lang),
                "origin_region": item.origin_region,
                "origin_country": item.origin_country.display_name(lang) if item.origin_country_id else "",
                "annual_value_irr": item.annual_value_irr,
                "fx_share": (item.fx_share * 100).quantize(Decimal("0.1"))
                if item.fx_share is not None
                else None,
            },
        )


def report_rows(reports: QuerySet[MonthlyReport], *, lang: str) -> Iterator[list[Any]]:
    """The header, then each report's rows: one per product line, exports by destination alongside."""
    yield [c.header(lang) for c in REPORTS.columns]
    with translation.override(lang):
        states = {code: str(label) for code, label in MonthlyReport.State.choices}
    reports = (
        reports.select_related("unit")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=ReportLine.objects.select_related("product_line").order_by("product_line_id"),
                to_attr="export_lines",
            ),
            Prefetch(
                "exports",
                queryset=ReportExport.objects.select_related("country").order_by("country_id"),
                to_attr="export_exports",
            ),
        )
        .order_by("unit__name_key", "unit_id", "month")
    )
    for report in reports.iterator(chunk_size=_CHUNK):
        base = {
            **_identity(report.unit),
            "month": _month(report.month),
            "employment": report.employment,
            "sales_irr": report.sales_irr,
            "energy_kwh": report.energy_kwh,
            "state": states.get(report.state, report.state),
        }
        lines = report.export_lines
        exports = report.export_exports
        for i in range(max(len(lines), len(exports), 1)):
            row = dict(base)
            if i < len(lines):
                pl = lines[i].product_line
                row |= {
                    "hs_code": pl.hs_code,
                    "product": pl.name,
                    "output": lines[i].output,
                    "unit_of_measure": pl.unit_of_measure,
                }
            if i < len(exports):
                row |= {
                    "export_usd": exports[i].value_usd,
                    "export_country": exports[i].country.display_name(lang),
                }
            yield _ordered(REPORTS, row)


def rows_for(
    kind: str, units: QuerySet[Unit], reports: QuerySet[MonthlyReport] | None, *, lang: str
) -> Iterator[list[Any]]:
    """The rows of an export of ``kind``; ``reports`` (already scoped to the user) for the reports kind."""
    if kind == "units":
        return unit_rows(units, lang=lang)
    if kind == "inputs":
        return input_rows(units, lang=lang)
    if kind == "reports":
        assert reports is not None
        return report_rows(reports.filter(unit__in=units), lang=lang)
    raise ValueError(f"unknown export kind {kind!r}")


# -- File formats ---------------------------------------------------------------------------------------


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)


def csv_chunks(rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """UTF-8 with a BOM (Excel then reads Persian correctly), CRLF line ends, a few hundred rows per chunk."""
    yield "\ufeff".encode()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for i, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(v) for v in row])
        if i % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Whole numbers as int (Excel shows no ".000"); others as they are stored.
        return int(value) if value == value.to_integral_value() else value
    return value


def _xlsx_cell(ref: str, value: Any) -> str:
    """One cell as openpyxl's write-only mode writes it (tests/registry/test_exports_xlsx.py compares them),
    except that a text starting with "=" stays text: openpyxl would store it as a formula."""
    if isinstance(value, str):
        value = value[:32767]  # Excel's limit, as openpyxl
        if not value:
            return f'<c r="{ref}" t="inlineStr" />'
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f'<c r="{ref}" t="inlineStr"><is><t{space}>{html.escape(value, quote=False)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Decimal):
        value = _xlsx_value(value)
    if isinstance(value, int | float | Decimal):
        text = safe_string(value)  # openpyxl's "%.16g"; "" for NaN and infinity
        return f'<c r="{ref}" t="n"><v>{text}</v></c>' if text else f'<c r="{ref}" t="n"><v /></c>'
    raise TypeError(f"an export cell cannot hold {type(value).__name__}")


def _sheet_rows(rows: Iterable[list[Any]]) -> Iterator[str]:
    """The <row> elements of a sheet: the cells' XML written directly, without a cell object per value."""
    letters: list[str] = []
    for r, row in enumerate(rows, start=1):
        if len(row) > len(letters):
            letters += [get_column_letter(i) for i in range(len(letters) + 1, len(row) + 1)]
        cells = "".join([_xlsx_cell(f"{letters[i]}{r}", v) for i, v in enumerate(row) if v is not None])
        yield f'<row r="{r}">{cells}</row>'


class _Pipe(io.RawIOBase):
    """Where zipfile writes the workbook: a write-only stream (so zipfile writes each part's sizes after
    it) that the generator empties after every batch of rows."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


_SHEET_PART = "xl/worksheets/sheet1.xml"
_EMPTY_SHEET_DATA = b"<sheetData></sheetData>"
XLSX_ROWS_PER_CHUNK = 500


def xlsx_chunks(rows: Iterable[list[Any]], *, title: str, lang: str) -> Iterator[bytes]:
    """An .xlsx file streamed as it is written: the first bytes leave before the rows are all read.

    openpyxl writes the workbook without rows (the sheet's title and direction, styles, properties); its
    parts are copied into the streamed ZIP as they are, and the sheet's rows are written into it directly
    (``_sheet_rows``), which is ten times faster than a cell object per value at 100,000 units.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    if lang.startswith("fa"):
        ws.sheet_view.rightToLeft = True
    skeleton = io.BytesIO()
    wb.save(skeleton)
    pipe = _Pipe()
    with zipfile.ZipFile(skeleton) as parts, zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as out:
        for info in parts.infolist():
            part = zipfile.ZipInfo(info.filename, info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            content = parts.read(info)
            if info.filename != _SHEET_PART:
                out.writestr(part, content)
            else:
                head, sheet_data, tail = content.partition(_EMPTY_SHEET_DATA)
                if not sheet_data:
                    raise RuntimeError("openpyxl wrote an empty sheet this writer does not know")
                with out.open(part, "w") as sheet:
                    sheet.write(head + b"<sheetData>")
                    batch: list[str] = []
                    for row in _sheet_rows(rows):
                        batch.append(row)
                        if len(batch) == XLSX_ROWS_PER_CHUNK:
                            sheet.write("".join(batch).encode())
                            batch.clear()
                            if chunk := pipe.drain():
                                yield chunk
                    sheet.write("".join(batch).encode() + b"</sheetData>" + tail)
            if chunk := pipe.drain():
                yield chunk
    if chunk := pipe.drain():  # the ZIP's central directory
        yield chunk


def sheet_title(kind: str) -> str:
    return {"units": _("Units"), "inputs": _("Inputs"), "reports": _("Monthly reports")}[kind]


def export_chunks(kind: str, fmt: str, rows: Iterable[list[Any]], *, lang: str) -> Iterator[bytes]:
    if fmt == "csv":
        return csv_chunks(rows)
    return xlsx_chunks(rows, title=sheet_title(kind), lang=lang)


def unit_rows_xlsx(units: QuerySet[Unit], *, region: Region, lang: str) -> Iterator[bytes]:
    """The unit list as an .xlsx file (the unit list page's "Export to Excel")."""
    return xlsx_chunks(unit_rows(units, lang=lang), title=sheet_title("units"), lang=lang)


def write_file(path: str | Path, chunks: Iterable[bytes]) -> None:
    with Path(path).open("wb") as fh:
        for chunk in chunks:
            fh.write(chunk)


# -- Templates ------------------------------------------------------------------------------------------


def template_chunks(kind: str, fmt: str, *, lang: str) -> Iterator[bytes]:
    """An empty import file of ``kind``: the header row (required columns marked "*"), and in .xlsx a second
    sheet explaining every column in Persian and English."""
    layout = LAYOUTS[kind]
    header = [c.header(lang) + (" *" if c.key in layout.required else "") for c in layout.importable()]
    if fmt == "csv":
        return csv_chunks([header])
    return _template_xlsx(layout, header, lang)


def _template_xlsx(layout: Layout, header: list[str], lang: str) -> Iterator[bytes]:
    fa = lang.startswith("fa")
    with translation.override(lang):
        data_title, help_title = sheet_title(layout.kind), _("Guide")
        required_word, optional_word = _("required"), _("optional")
        identity_word = _("one of the unit's identifiers")
    wb = Workbook()
    ws = wb.active
    ws.title = data_title[:31]
    ws.sheet_view.rightToLeft = fa
    ws.append(header)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for i, _c in enumerate(header, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = 22
    ws.freeze_panes = "A2"

    guide = wb.create_sheet(help_title[:31])
    guide.sheet_view.rightToLeft = fa
    rules_fa, rules_en = ROW_RULES[layout.kind]
    guide.append([rules_fa if fa else rules_en])
    guide.append([rules_en if fa else rules_fa])
    guide.append([])
    guide.append(
        ["ستون (فارسی)", "Column (English)", "الزامی / Required", "توضیح", "Description", "نمونه / Example"]
    )
    for cell in guide[4]:
        cell.font = bold
        cell.fill = fill
    identity = {"legal_id", "business_id", "owner_national_code"}
    for c in layout.importable():
        need = (
            required_word
            if c.key in layout.required
            else identity_word
            if c.key in identity
            else optional_word
        )
        guide.append([c.fa, c.en, need, c.help_fa, c.help_en, c.example])
    wrap = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (28, 28, 18, 60, 60, 18), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = wrap
    with tempfile.TemporaryFile() as fh:
        wb.save(fh)
        fh.seek(0)
        yield fh.read()

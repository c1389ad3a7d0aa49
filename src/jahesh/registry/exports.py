"""Lists to Excel, streamed: openpyxl's write-only mode keeps one row in memory at a time."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from jahesh.core import jalali

from . import stats
from .models import OperatingStatus, Region, Unit

UNIT_COLUMNS = [
    ("legal_id", gettext_lazy("Legal-entity national ID")),
    ("business_id", gettext_lazy("Business ID")),
    ("name", gettext_lazy("Name")),
    ("county", gettext_lazy("County")),
    ("estate", gettext_lazy("Estate")),
    ("isic", gettext_lazy("ISIC")),
    ("status", gettext_lazy("Status")),
    ("utilisation", gettext_lazy("Utilisation (%)")),
    ("last_report", gettext_lazy("Last accepted report")),
    ("freshness", gettext_lazy("Data freshness")),
    ("employment", gettext_lazy("Employment")),
]


def unit_rows_xlsx(units: QuerySet[Unit], *, region: Region, lang: str) -> Iterator[bytes]:
    """Yield the bytes of an .xlsx file with one row per unit of ``units``."""
    statuses = dict(OperatingStatus.choices)
    freshness = dict(stats.FRESHNESS)
    now = stats.current_report_month()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Units"))
    if lang == "fa":
        ws.sheet_view.rightToLeft = True
    ws.append([str(title) for _key, title in UNIT_COLUMNS])
    for unit in units.iterator(chunk_size=2000):
        code, _age = stats.freshness_of(unit, region, now)
        ws.append(
            [
                unit.legal_id or "",
                unit.business_id or "",
                unit.name,
                unit.county.display_name(lang),
                unit.estate.display_name(lang) if unit.estate_id else "",
                unit.isic,
                str(statuses.get(unit.status, unit.status)),
                round(float(unit.utilisation) * 100, 1) if unit.utilisation is not None else None,
                jalali.format_jalali_month(*jalali.from_month_index(unit.last_accepted_month), lang=lang)
                if unit.last_accepted_month is not None
                else "",
                str(freshness[code]),
                unit.last_employment,
            ]
        )
    with tempfile.TemporaryFile() as fh:
        wb.save(fh)
        fh.seek(0)
        while chunk := fh.read(64 * 1024):
            yield chunk

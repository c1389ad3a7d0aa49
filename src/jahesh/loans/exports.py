"""The loan scorecard as an Excel workbook: one sheet per grouping (banks, programmes, counties)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook


def _columns() -> list[tuple[str, Any]]:
    return [
        (_("Name"), lambda f: f.name),
        (_("Applied"), lambda f: f.applied),
        (_("Approved by the working group"), lambda f: f.wg_approved),
        (_("Introduced"), lambda f: f.introduced),
        (_("Approved by the bank"), lambda f: f.bank_approved),
        (_("Refused"), lambda f: f.refused),
        (_("Referred to the panel"), lambda f: f.panel_referred),
        (_("Overturned by the panel"), lambda f: f.overturned),
        (_("Paid (count)"), lambda f: f.paid),
        (_("Approved amount (IRR)"), lambda f: int(f.approved_amount)),
        (_("Paid amount (IRR)"), lambda f: int(f.paid_amount)),
        (_("Bank approval rate"), lambda f: f.approval_rate),
        (_("Payment rate"), lambda f: f.payment_rate),
        (_("Paid of introduced"), lambda f: f.overall),
        (_("Median days to the working group"), lambda f: f.days_to_wg),
        (_("Median days to introduction"), lambda f: f.days_to_introduction),
        (_("Median days to the bank's decision"), lambda f: f.days_to_decision),
        (_("Median days to payment"), lambda f: f.days_to_payment),
        (_("Quota (IRR)"), lambda f: int(f.quota) if f.quota is not None else None),
        (_("Quota used"), lambda f: f.quota_used),
        (_("Jobs forecast (measured)"), lambda f: f.jobs_forecast),
        (_("Jobs after 12 months"), lambda f: f.jobs_at_12),
    ]


def scorecard_workbook(card: Any, lang: str) -> bytes:
    wb = Workbook(write_only=True)
    with translation.override(lang):
        columns = _columns()
        sheets = [(_("Banks"), "by_bank"), (_("Programmes"), "by_programme"), (_("Counties"), "by_county")]
        for title, attr in sheets:
            ws = wb.create_sheet(title=str(title)[:31])
            if lang.startswith("fa"):
                ws.sheet_view.rightToLeft = True
            ws.append([str(c[0]) for c in columns])
            for funnel in getattr(card, attr, []) if card else []:
                ws.append([c[1](funnel) for c in columns])
            if card is not None:
                total = card.total
                total.name = str(_("Total"))
                ws.append([c[1](total) for c in columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

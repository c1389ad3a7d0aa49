"""Named actions that change several rows at once: one transaction each, each in the audit trail."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jahesh.core.audit import record, snapshot
from jahesh.core.models import AuditEvent

from .models import Country, MonthlyReport, Region, ReportExport, ReportLine, Unit
from .status import refresh_status


class ConflictError(Exception):
    """Someone else changed the row since the user loaded it."""


class ActionError(Exception):
    """The action is not allowed in the current state; the message says why."""


def _report_snapshot(report: MonthlyReport) -> dict[str, Any]:
    data = snapshot(report, ["month", "employment", "sales_irr", "energy_kwh", "state", "return_reason"])
    data["lines"] = {str(pl): str(q) for pl, q in report.lines.values_list("product_line_id", "output")}
    data["exports"] = {c: str(v) for c, v in report.exports.values_list("country_id", "value_usd")}
    return data


@transaction.atomic
def submit_report(
    *,
    actor: Any,
    unit: Unit,
    month: int,
    employment: int,
    outputs: dict[int, Decimal],
    sales_irr: Decimal | None = None,
    energy_kwh: Decimal | None = None,
    exports: dict[str, Decimal] | None = None,
    source: str = AuditEvent.Source.WEB,
) -> MonthlyReport:
    """Create or correct a unit's report for ``month``; a correction of an accepted report is refused.

    The report goes back to "submitted" for the secretariat's review, and the unit's status is recomputed.
    """
    valid_lines = set(unit.product_lines.values_list("pk", flat=True))
    unknown = set(outputs) - valid_lines
    if unknown:
        raise ActionError(_("Output was given for a product line that is not this unit's."))
    report = MonthlyReport.objects.select_for_update().filter(unit=unit, month=month).first()
    before = None
    if report is not None:
        if report.state == MonthlyReport.State.ACCEPTED:
            raise ActionError(
                _("The report for this month was accepted already; ask the secretariat to correct it.")
            )
        before = _report_snapshot(report)
        report.employment = employment
        report.sales_irr = sales_irr
        report.energy_kwh = energy_kwh
        report.state = MonthlyReport.State.SUBMITTED
        report.return_reason = ""
        report.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        report.submitted_at = timezone.now()
        report.version = F("version") + 1
        report.save(
            update_fields=[
                "employment",
                "sales_irr",
                "energy_kwh",
                "state",
                "return_reason",
                "submitted_by",
                "submitted_at",
                "version",
            ]
        )
        report.refresh_from_db(fields=["version"])
        report.lines.all().delete()
        report.exports.all().delete()
    else:
        try:
            with transaction.atomic():
                report = MonthlyReport.objects.create(
                    unit=unit,
                    month=month,
                    employment=employment,
                    sales_irr=sales_irr,
                    energy_kwh=energy_kwh,
                    submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
                    submitted_at=timezone.now(),
                )
        except IntegrityError:
            # Two people submitted the same month at the same moment: the first one wins, the second is told.
            raise ConflictError(
                _("A report for this month was submitted a moment ago by someone else; reload and check it.")
            ) from None
    ReportLine.objects.bulk_create(
        [ReportLine(report=report, product_line_id=pl, output=q) for pl, q in sorted(outputs.items())]
    )
    if exports:
        countries = set(Country.objects.filter(pk__in=list(exports)).values_list("pk", flat=True))
        if set(exports) - countries:
            raise ActionError(_("Unknown export destination."))
        ReportExport.objects.bulk_create(
            [ReportExport(report=report, country_id=c, value_usd=v) for c, v in sorted(exports.items())]
        )
    record(
        actor=actor,
        action="report.corrected" if before else "report.submitted",
        obj=report,
        before=before,
        after=_report_snapshot(report),
        unit=unit,
        source=source,
    )
    refresh_status([unit.pk])
    return report


@transaction.atomic
def review_report(
    *, actor: Any, report: MonthlyReport, accept: bool, reason: str = "", version: int, source: str = "web"
) -> MonthlyReport:
    """Accept a submitted report, or return it with a reason. ``version`` is the one the reviewer saw."""
    if not accept and not reason.strip():
        raise ActionError(_("Say why the report is returned."))
    before = snapshot(report, ["state", "return_reason"])
    new_state = MonthlyReport.State.ACCEPTED if accept else MonthlyReport.State.RETURNED
    updated = MonthlyReport.objects.filter(
        pk=report.pk, version=version, state=MonthlyReport.State.SUBMITTED
    ).update(
        state=new_state,
        return_reason="" if accept else reason.strip(),
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        version=F("version") + 1,
    )
    if not updated:
        current = MonthlyReport.objects.filter(pk=report.pk).values_list("state", "version").first()
        if current and current[0] != MonthlyReport.State.SUBMITTED:
            raise ActionError(_("This report has been reviewed already."))
        raise ConflictError(_("Someone changed this report while you were reading it; reload and try again."))
    report.refresh_from_db()
    record(
        actor=actor,
        action="report.accepted" if accept else "report.returned",
        obj=report,
        before=before,
        after=snapshot(report, ["state", "return_reason"]),
        unit=report.unit,
        source=source,
    )
    refresh_status([report.unit_id])
    return report


SETTINGS_FIELDS = ["low_capacity_threshold", "idle_months", "stale_months", "stale_warning_months"]


@transaction.atomic
def change_region_settings(*, actor: Any, region: Region, version: int, **values: Any) -> int:
    """Change the region's thresholds and reclassify its units; returns how many units changed status."""
    locked = Region.objects.select_for_update().get(pk=region.pk)
    if locked.version != version:
        raise ConflictError(_("Someone changed these settings while you were editing; reload and try again."))
    before = snapshot(locked, SETTINGS_FIELDS)
    for name in SETTINGS_FIELDS:
        setattr(locked, name, values[name])
    locked.version = F("version") + 1
    locked.save(update_fields=[*SETTINGS_FIELDS, "version"])
    locked.refresh_from_db()
    record(
        actor=actor,
        action="region.settings",
        obj=locked,
        before=before,
        after=snapshot(locked, SETTINGS_FIELDS),
    )
    changed = 0
    if (
        before["low_capacity_threshold"] != str(locked.low_capacity_threshold)
        or before["idle_months"] != locked.idle_months
    ):
        changed = refresh_status(
            Unit.objects.filter(region=locked).values_list("pk", flat=True), region=locked
        )
    return changed

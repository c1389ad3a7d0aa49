"""Keeps each unit's derived status, utilisation and freshness in step with its reports.

The computation itself is ``jahesh.analytics.utilisation.classify``; this module only loads the numbers from
the database, calls it and writes the result back, a chunk of units at a time so that the national registry
(100,000 units, millions of report lines) never has to sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import connection, transaction

from jahesh.analytics import utilisation as U
from jahesh.core.models import AuditEvent

from .models import MonthlyReport, ProductLine, Region, ReportLine, Unit

CHUNK = 2000


def thresholds_for(region: Region) -> U.Thresholds:
    return U.Thresholds(low_capacity=float(region.low_capacity_threshold), idle_months=region.idle_months)


@dataclass(frozen=True)
class UnitFigures:
    status: str
    rule: str
    utilisation: Decimal | None
    last_report_month: int | None
    last_accepted_month: int | None
    last_employment: int | None


def compute(unit_ids: list[int], thresholds: U.Thresholds) -> dict[int, UnitFigures]:
    """The derived figures of the given units, from the database, without writing anything."""
    if not unit_ids:
        return {}
    index = {uid: i for i, uid in enumerate(unit_ids)}
    units = list(
        Unit.objects.filter(pk__in=unit_ids).values_list("pk", "licence_stage", "closed_on", "closed_reason")
    )
    n = len(unit_ids)
    closed = np.zeros(n, dtype=bool)
    cancelled = np.zeros(n, dtype=bool)
    construction = np.zeros(n, dtype=bool)
    for pk, stage, closed_on, closed_reason in units:
        i = index[pk]
        closed[i] = bool(closed_on or closed_reason)
        cancelled[i] = stage == Unit.LicenceStage.CANCELLED
        construction[i] = stage in (Unit.LicenceStage.ESTABLISHMENT, Unit.LicenceStage.CONSTRUCTION)

    lines = list(
        ProductLine.objects.filter(unit_id__in=unit_ids)
        .order_by("pk")
        .values_list("pk", "unit_id", "nominal_capacity", "unit_value_irr")
    )
    line_index = {pk: j for j, (pk, *_rest) in enumerate(lines)}
    # Every report of the units in one query: the counted ones (not returned) for the classification, the
    # accepted ones for freshness, the latest counted one for employment.
    returned, accepted_state = MonthlyReport.State.RETURNED, MonthlyReport.State.ACCEPTED
    all_reports = list(
        MonthlyReport.objects.filter(unit_id__in=unit_ids)
        .order_by("pk")
        .values_list("pk", "unit_id", "month", "employment", "state")
    )
    counted_month = {pk: month for pk, _u, month, _e, state in all_reports if state != returned}
    reports = [(unit_id, month) for _pk, unit_id, month, _e, state in all_reports if state != returned]
    # The report lines through the units' product lines (an index on product_line_id; a join on the report,
    # or a list of report ids, makes PostgreSQL read all 5 million lines or parse 70,000 parameters), then
    # kept when their report is counted, with its month; one pass over about 100,000 lines per chunk.
    output_line: list[int] = []
    output_month: list[int] = []
    output_quantity: list[float] = []
    for report_id, pl, output in (
        ReportLine.objects.filter(product_line__unit_id__in=unit_ids)
        .order_by("pk")
        .values_list("report_id", "product_line_id", "output")
    ):
        month = counted_month.get(report_id)
        if month is not None:
            output_line.append(line_index[pl])
            output_month.append(month)
            output_quantity.append(float(output))
    result = U.classify(
        n_units=n,
        closed=closed,
        cancelled=cancelled,
        under_construction=construction,
        line_unit=[index[u] for _pk, u, _c, _v in lines],
        line_capacity=[float(c) for _pk, _u, c, _v in lines],
        line_value=[float(v) if v is not None else np.nan for _pk, _u, _c, v in lines],
        report_unit=[index[u] for u, _m in reports],
        report_month=[m for _u, m in reports],
        output_line=output_line,
        output_month=output_month,
        output_quantity=output_quantity,
        thresholds=thresholds,
    )
    accepted: dict[int, int] = {}
    latest: dict[int, tuple[int, int]] = {}  # unit -> (month, employment) of its latest counted report
    for _pk, unit_id, month, employment, state in all_reports:
        if state == accepted_state and month > accepted.get(unit_id, month - 1):
            accepted[unit_id] = month
        if state != returned and month > latest.get(unit_id, (month - 1, 0))[0]:
            latest[unit_id] = (month, employment)
    latest_employment = {unit_id: employment for unit_id, (_m, employment) in latest.items()}
    figures = {}
    for uid, i in index.items():
        u = result.utilisation[i]
        last = int(result.last_month[i])
        figures[uid] = UnitFigures(
            status=str(result.status[i]),
            rule=str(result.rule[i]),
            utilisation=U.stored_utilisation(float(u)),
            last_report_month=last if last >= 0 else None,
            last_accepted_month=accepted.get(uid),
            last_employment=latest_employment.get(uid),
        )
    return figures


FIELDS = [
    "status",
    "status_rule",
    "utilisation",
    "last_report_month",
    "last_accepted_month",
    "last_employment",
]


def _write_figures(units: list[Unit]) -> None:
    """Store the derived figures of a chunk of units.

    On PostgreSQL one ``UPDATE … FROM (VALUES …)`` for the chunk; elsewhere one parameterised UPDATE per
    unit, sent with executemany. (Django's bulk_update builds one CASE expression per column over the whole
    batch, which costs about a second per thousand units on PostgreSQL; executemany a fifth of that, and the
    single statement a little less again: most of what is left is PostgreSQL writing the table's indexes.)
    Only quoted column names and the columns' own types are formatted into the statement; every value is a
    parameter.
    """
    if not units:
        return
    quote = connection.ops.quote_name
    fields = [Unit._meta.get_field(name) for name in FIELDS]
    table, pk = quote(Unit._meta.db_table), quote(Unit._meta.pk.column)
    rows = [
        [field.get_db_prep_save(getattr(unit, field.attname), connection) for field in fields] + [unit.pk]
        for unit in units
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = [field.db_type(connection) for field in [*fields, Unit._meta.pk]]
            names = [f"v{i}" for i in range(len(types))]
            row = "(" + ", ".join(f"%s::{db_type}" for db_type in types) + ")"
            sets = ", ".join(
                f"{quote(field.column)} = v.{name}" for field, name in zip(fields, names, strict=False)
            )
            for start in range(0, len(rows), 5000):  # at most 35,000 parameters of PostgreSQL's 65,535
                part = rows[start : start + 5000]
                cursor.execute(
                    f"UPDATE {table} SET {sets} FROM (VALUES {', '.join([row] * len(part))}) "
                    f"AS v({', '.join(names)}) WHERE {table}.{pk} = v.{names[-1]}",
                    [value for values in part for value in values],
                )
        else:
            sets = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", rows)


def refresh_status(
    units: Iterable[Unit] | Iterable[int] | None = None, *, region: Region | None = None, audit: bool = True
) -> int:
    """Recompute and store the derived figures of ``units`` (ids or objects; all units when None).

    A change of status is written to the audit trail (``audit=False`` for bulk loads that audit
    themselves). Returns the number of units whose figures changed.
    """
    if units is None:
        ids = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted({u if isinstance(u, int) else u.pk for u in units})
    changed = 0
    regions: dict[int, U.Thresholds] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        by_region: dict[int, list[int]] = {}
        for pk, region_id in Unit.objects.filter(pk__in=chunk).values_list("pk", "region_id"):
            by_region.setdefault(region_id, []).append(pk)
        for region_id, unit_ids in by_region.items():
            if region_id not in regions:
                regions[region_id] = thresholds_for(region or Region.objects.get(pk=region_id))
            figures = compute(unit_ids, regions[region_id])
            with transaction.atomic():
                stale = []
                old_status: dict[int, tuple[str, str]] = {}
                for unit in Unit.objects.filter(pk__in=unit_ids).only("pk", "name", *FIELDS):
                    old_status[unit.pk] = (unit.status, unit.status_rule)
                    f = figures[unit.pk]
                    new = (
                        f.status,
                        f.rule,
                        f.utilisation,
                        f.last_report_month,
                        f.last_accepted_month,
                        f.last_employment,
                    )
                    old = tuple(getattr(unit, name) for name in FIELDS)
                    if new != old:
                        for name, value in zip(FIELDS, new, strict=True):
                            setattr(unit, name, value)
                        stale.append(unit)
                _write_figures(stale)
                if audit:
                    AuditEvent.objects.bulk_create(
                        [
                            AuditEvent(
                                source=AuditEvent.Source.SYSTEM,
                                action="unit.status",
                                object_type=Unit._meta.label_lower,
                                object_id=str(unit.pk),
                                object_repr=str(unit.name)[:255],
                                unit_id=unit.pk,
                                before={"status": old_status[unit.pk][0], "rule": old_status[unit.pk][1]},
                                after={"status": unit.status, "rule": unit.status_rule},
                            )
                            for unit in stale
                            if old_status[unit.pk] != (unit.status, unit.status_rule)
                        ]
                    )
                changed += len(stale)
    return changed


def explain_status(unit: Unit) -> str:
    """The rule that fired for ``unit``, in a sentence for the user."""
    from django.utils.translation import gettext as _

    from jahesh.core.templatetags.jahesh import num, pct

    from .templatetags.registry import util

    region = unit.region
    rule = unit.status_rule
    if rule == U.RULE_CLOSED_BY_HAND:
        return _("Closed by the secretariat: %(reason)s") % {"reason": unit.closed_reason or "—"}
    if rule == U.RULE_LICENCE_CANCELLED:
        return _("The unit's licence is cancelled.")
    if rule == U.RULE_UNDER_CONSTRUCTION:
        if unit.physical_progress is not None:
            return _("The unit holds an establishment licence; physical progress is %(progress)s.") % {
                "progress": pct(unit.physical_progress / 100)
            }
        return _("The unit holds an establishment licence and has no operating licence yet.")
    if rule == U.RULE_NO_REPORTS:
        return _("The unit has never reported its production.")
    if rule == U.RULE_NO_OUTPUT:
        return _("No output was reported in the last %(months)s months up to its last report.") % {
            "months": num(region.idle_months)
        }
    if rule == U.RULE_BELOW_THRESHOLD:
        return _(
            "Utilisation over the last 12 reported months is %(u)s, below the region's threshold of %(t)s."
        ) % {"u": util(unit.utilisation), "t": pct(region.low_capacity_threshold)}
    if rule == U.RULE_AT_OR_ABOVE_THRESHOLD:
        return _(
            "Utilisation over the last 12 reported months is %(u)s, at or above the region's threshold of %(t)s."  # noqa: E501
        ) % {"u": util(unit.utilisation), "t": pct(region.low_capacity_threshold)}
    return _("The status has not been computed yet.")

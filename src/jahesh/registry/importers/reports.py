"""Importing monthly reports: one row per product line and month, the way units fill in their statistics.

A report (unit + Jalali month) takes as many rows as it has product lines; employment, sales and electricity
are given on its first row and repeated or left blank on the others; exports to each destination country go on
one of its rows (rows with the product columns blank may be added for more destinations). The rows of a report
are the whole report: they replace that month's earlier report (its lines and exports) when something
differs, and the report goes back to "submitted" for review — or is accepted at once when the secretariat
imports with ``accept``. A report the secretariat has accepted is never changed by an import unless the import
says ``correct_accepted``; a file that repeats an accepted report unchanged is fine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from jahesh.core.jalali import format_jalali_month, from_month_index

from ..models import OUTPUT_TOO_BIG, MonthlyReport, ProductLine, ReportExport, ReportLine
from ..stats import current_report_month
from ..status import refresh_status
from . import cells
from .cells import digits_limit, key_of
from .columns import REPORT_FIELDS, REPORTS
from .engine import (
    MSG_DUPLICATE_ROW,
    MSG_NO_IDENTITY,
    MSG_NO_NAME_FOR_CODE,
    MSG_REQUIRED_FIRST,
    MSG_UNIT_UNKNOWN,
    Group,
    ImportConflict,
    Importer,
    Record,
    RowReader,
    chunks,
)
from .inputs import MSG_LINE_UNKNOWN

MSG_PRODUCT_INCOMPLETE = _("Give both the HS code and the name of the product.")
MSG_OUTPUT_MISSING = _("Give the product's output in the month.")
MSG_OUTPUT_WITHOUT_PRODUCT = _("Say which product this output is for (HS code and name).")
MSG_OUTPUT_TOO_BIG = OUTPUT_TOO_BIG
MSG_EXPORT_INCOMPLETE = _("Give both the value of the exports and their destination country.")
MSG_DUPLICATE_COUNTRY = _("Row %(first)s of this report gives exports to the same country.")
MSG_SAME_DB_REPORT = _("Row %(first)s gives the report of the same unit and month.")
MSG_ACCEPTED = _(
    "The report for %(month)s was accepted already and this file changes it; only the secretariat may "
    "correct an accepted report, by choosing to correct accepted reports."
)

MAX_EMPLOYMENT = 1_000_000


@dataclass
class ReportRecord(Record):
    blank: frozenset[str] = frozenset()
    product: tuple[str, str] | None = None
    output: Decimal | None = None
    export: tuple[str, Decimal] | None = None


@dataclass
class ReportData:
    """A report as the file gives it, resolved to ids."""

    group: Group
    first: ReportRecord
    unit_id: int
    month: int
    employment: int
    sales_irr: Decimal | None
    energy_kwh: Decimal | None
    lines: dict[int, Decimal] = field(default_factory=dict)
    exports: dict[str, Decimal] = field(default_factory=dict)
    #: Lines over twice the monthly capacity (the report form's rule): (row, output, capacity).
    implausible: list[tuple[ReportRecord, Decimal, Decimal]] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "employment": self.employment,
            "sales_irr": None if self.sales_irr is None else str(self.sales_irr),
            "energy_kwh": None if self.energy_kwh is None else str(self.energy_kwh),
            "lines": {str(pl): str(q) for pl, q in sorted(self.lines.items())},
            "exports": {c: str(v) for c, v in sorted(self.exports.items())},
        }


def _stored_snapshot(report: Any, lines: dict[int, Decimal], exports: dict[str, Decimal]) -> dict[str, Any]:
    return {
        "month": report.month,
        "employment": report.employment,
        "sales_irr": None if report.sales_irr is None else str(report.sales_irr),
        "energy_kwh": None if report.energy_kwh is None else str(report.energy_kwh),
        "lines": {str(pl): str(q) for pl, q in sorted(lines.items())},
        "exports": {c: str(v) for c, v in sorted(exports.items())},
    }


class ReportImporter(Importer):
    layout = REPORTS
    grouped = True
    group_keys = REPORT_FIELDS

    def prepare(self) -> None:
        super().prepare()
        self.latest = current_report_month()
        self.db_reports: dict[tuple[int, int], int] = {}
        self.touched: set[int] = set()

    # -- parsing -------------------------------------------------------------------------------------------

    def parse(self, row: RowReader) -> Record:
        rec = ReportRecord(number=row.number)
        group_columns = [
            k
            for k in ("legal_id", "business_id", "owner_national_code", "month", *REPORT_FIELDS)
            if row.has(k)
        ]
        rec.blank = frozenset(k for k in group_columns if row.blank(k))
        g = row.get
        if len(rec.blank) == len(group_columns) and row.blank("name"):
            rec.continues = True
        else:
            rec.ident = self.parse_identity(row)
            rec.month = g("month", cells.jalali_month, latest=self.latest)
            rec.values = {
                "employment": g("employment", cells.integer, maximum=MAX_EMPLOYMENT),
                "sales_irr": g("sales_irr", cells.decimal, places=0, maximum=digits_limit(20, 0)),
                "energy_kwh": g("energy_kwh", cells.decimal, places=0, maximum=digits_limit(16, 0)),
            }
        hs_blank, name_blank = row.blank("hs_code"), row.blank("product")
        if hs_blank != name_blank:
            row.error("hs_code" if hs_blank else "product", MSG_PRODUCT_INCOMPLETE)
        elif not hs_blank:
            hs = g("hs_code", cells.hs6)
            name = g("product", cells.text, max_length=200)
            if hs and name:
                rec.product = (hs, key_of(name))
            if row.required("output", MSG_OUTPUT_MISSING):
                rec.output = g("output", cells.decimal, places=3, maximum=digits_limit(18, 3))
        if hs_blank and name_blank and not row.blank("output"):
            row.error("output", MSG_OUTPUT_WITHOUT_PRODUCT)
        usd_blank, country_blank = row.blank("export_usd"), row.blank("export_country")
        if usd_blank != country_blank:
            row.error("export_usd" if usd_blank else "export_country", MSG_EXPORT_INCOMPLETE)
        elif not usd_blank:
            usd = g("export_usd", cells.decimal, places=0, maximum=digits_limit(16, 0))
            country = g("export_country", self.reference.country)
            if usd is not None and country:
                rec.export = (country, usd)
        return rec

    # -- groups --------------------------------------------------------------------------------------------

    def group_key(self, rec: Record) -> Any:
        if rec.ident is None or rec.ident.key is None or rec.month is None:
            return None
        return (rec.ident.key, rec.month)

    def inherit(self, rec: Record, group: Group) -> None:
        # A unit's identity merged over the rows of several months: the blank identity is the one above.
        ident = rec.ident
        if (
            ident is not None
            and group.ident is not None
            and not (ident.legal_id or ident.business_id or ident.national_code or ident.name_key)
            and rec.month is not None
        ):
            rec.ident = group.ident

    def same_group(self, rec: Record, group: Group) -> bool:
        ident = rec.ident
        if ident is None or group.ident is None:
            return False
        return ident.agrees_with(group.ident) and (rec.month is None or rec.month == group.month)

    def check_first_row(self, rec: Record) -> None:
        assert isinstance(rec, ReportRecord)
        ident = rec.ident
        if ident is None or ident.key is None:
            if rec.ok:
                message = MSG_NO_NAME_FOR_CODE if ident and ident.national_code else MSG_NO_IDENTITY
                self.fail(rec, "", message)
            return
        for key in ("month", "employment"):
            if key in rec.blank:
                self.fail(rec, key, MSG_REQUIRED_FIRST)

    # -- resolving a batch ---------------------------------------------------------------------------------

    def _groups(self, batch: list[Record]) -> list[tuple[Group, list[ReportRecord]]]:
        groups: dict[int, tuple[Group, list[ReportRecord]]] = {}
        for rec in batch:
            assert rec.group is not None and isinstance(rec, ReportRecord)
            groups.setdefault(rec.group.id, (rec.group, []))[1].append(rec)
        return list(groups.values())

    def _build(self, batch: list[Record], *, strict: bool) -> list[ReportData]:
        """The batch's reports resolved to unit and product-line ids; problems recorded (pass 1) or, in pass 2
        (``strict``), a mismatch with pass 1 raises ImportConflict."""
        groups = [(g, recs) for g, recs in self._groups(batch) if g.key is not None and not recs[0].continues]
        self.directory.load([g.ident for g, _recs in groups if g.ident is not None])
        units: dict[int, int] = {}
        for group, recs in groups:
            assert group.ident is not None
            match = self.directory.find(group.ident)
            if match.problem is not None or match.pk is None:
                if strict:
                    raise ImportConflict
                if match.problem is not None:
                    column, message, params = match.problem
                    self.fail(recs[0], column, message, **params)
                else:
                    self.fail(recs[0], "", MSG_UNIT_UNKNOWN)
                continue
            units[group.id] = match.pk
        lines: dict[tuple[int, str, str], tuple[int, Decimal]] = {}
        for chunk in chunks(sorted(set(units.values()))):
            for pk, unit_id, hs, name, capacity in ProductLine.objects.filter(unit_id__in=chunk).values_list(
                "pk", "unit_id", "hs_code", "name", "nominal_capacity"
            ):
                lines.setdefault((unit_id, hs, key_of(name)), (pk, capacity))
        out: list[ReportData] = []
        for group, recs in groups:
            unit_id = units.get(group.id)
            if unit_id is None:
                continue
            assert group.month is not None
            first = recs[0]
            data = ReportData(
                group=group,
                first=first,
                unit_id=unit_id,
                month=group.month,
                employment=group.values.get("employment") or 0,
                sales_irr=group.values.get("sales_irr"),
                energy_kwh=group.values.get("energy_kwh"),
            )
            line_rows: dict[int, int] = {}
            export_rows: dict[str, int] = {}
            for rec in recs:
                if rec.product is not None and rec.output is not None:
                    found = lines.get((unit_id, *rec.product))
                    if found is None:
                        if strict:
                            raise ImportConflict
                        self.fail(rec, "product", MSG_LINE_UNKNOWN, value=rec.product[1])
                    else:
                        pl, capacity = found
                        if pl in line_rows:
                            if not strict:
                                self.fail(rec, "product", MSG_DUPLICATE_ROW, first=line_rows[pl])
                        else:
                            if rec.output > ProductLine.plausible_monthly_output(capacity):
                                data.implausible.append((rec, rec.output, capacity))
                            line_rows[pl] = rec.number
                            data.lines[pl] = rec.output
                if rec.export is not None:
                    country, usd = rec.export
                    if country in export_rows:
                        if not strict:
                            self.fail(
                                rec, "export_country", MSG_DUPLICATE_COUNTRY, first=export_rows[country]
                            )
                    else:
                        export_rows[country] = rec.number
                        data.exports[country] = usd
            out.append(data)
        return out

    def _stored(
        self, reports: list[ReportData], *, lock: bool
    ) -> dict[tuple[int, int], tuple[Any, dict, dict]]:
        """The stored reports for the batch's (unit, month) pairs, with their lines and exports."""
        wanted = {(d.unit_id, d.month) for d in reports}
        stored: dict[tuple[int, int], tuple[Any, dict, dict]] = {}
        unit_ids = sorted({u for u, _m in wanted})
        months = sorted({m for _u, m in wanted})
        for chunk in chunks(unit_ids):
            qs = MonthlyReport.objects.filter(unit_id__in=chunk, month__in=months)
            if lock:
                qs = qs.select_for_update()
            for report in qs:
                if (report.unit_id, report.month) in wanted:
                    stored[(report.unit_id, report.month)] = (report, {}, {})
        by_id = {r.pk: key for key, (r, _l, _e) in stored.items()}
        for chunk in chunks(sorted(by_id)):
            for report_id, pl, q in ReportLine.objects.filter(report_id__in=chunk).values_list(
                "report_id", "product_line_id", "output"
            ):
                stored[by_id[report_id]][1][pl] = q
            for report_id, country, v in ReportExport.objects.filter(report_id__in=chunk).values_list(
                "report_id", "country_id", "value_usd"
            ):
                stored[by_id[report_id]][2][country] = v
        return stored

    # -- pass 1 --------------------------------------------------------------------------------------------

    def check_batch(self, batch: list[Record]) -> None:
        reports = self._build(batch, strict=False)
        for data in reports:
            first = self.db_reports.setdefault((data.unit_id, data.month), data.group.id)
            if first != data.group.id:
                self.fail(data.first, "", MSG_SAME_DB_REPORT, first=first)
        stored = self._stored(reports, lock=False)
        for data in reports:
            found = stored.get((data.unit_id, data.month))
            if found is not None and data.snapshot() == _stored_snapshot(*found):
                continue  # what is stored already: nothing to check, nothing will be written
            # The report form's rule, for new figures only: a seasonal unit's accepted past stays importable.
            for rec, output, capacity in data.implausible:
                cap = format(round(capacity, 1), "f")
                self.fail(rec, "output", MSG_OUTPUT_TOO_BIG, value=output, cap=cap)
            if (
                found is not None
                and found[0].state == MonthlyReport.State.ACCEPTED
                and not self.correct_accepted
            ):
                year, month = from_month_index(data.month)
                label = f"{year}/{month:02d}"
                self.fail(data.first, "month", MSG_ACCEPTED, value=label, month=label)

    # -- pass 2 --------------------------------------------------------------------------------------------

    def write_batch(self, batch: list[Record]) -> None:
        reports = self._build(batch, strict=True)
        stored = self._stored(reports, lock=True)
        accepted = MonthlyReport.State.ACCEPTED
        new_state = accepted if self.accept else MonthlyReport.State.SUBMITTED
        created: list[tuple[MonthlyReport, ReportData]] = []
        changed: list[tuple[MonthlyReport, ReportData, dict]] = []
        just_accepted: list[tuple[MonthlyReport, str]] = []
        for data in reports:
            found = stored.get((data.unit_id, data.month))
            if found is None:
                report = MonthlyReport(
                    unit_id=data.unit_id,
                    month=data.month,
                    employment=data.employment,
                    sales_irr=data.sales_irr,
                    energy_kwh=data.energy_kwh,
                    state=new_state,
                    submitted_by=self.user,
                    submitted_at=self.now,
                )
                if self.accept:
                    report.reviewed_by, report.reviewed_at = self.user, self.now
                created.append((report, data))
                continue
            report, lines, exports = found
            before = _stored_snapshot(report, lines, exports)
            if data.snapshot() == before:
                if self.accept and report.state != accepted:
                    just_accepted.append((report, report.state))
                    report.state = accepted
                    report.return_reason = ""
                    report.reviewed_by, report.reviewed_at = self.user, self.now
                    report.version += 1
                continue
            if report.state == accepted and not self.correct_accepted:
                raise ImportConflict
            before["state"] = report.state
            report.employment = data.employment
            report.sales_irr = data.sales_irr
            report.energy_kwh = data.energy_kwh
            report.state = new_state
            report.return_reason = ""
            report.submitted_by, report.submitted_at = self.user, self.now
            if self.accept:
                report.reviewed_by, report.reviewed_at = self.user, self.now
            report.version += 1
            changed.append((report, data, before))

        MonthlyReport.objects.bulk_create([r for r, _d in created], batch_size=500)
        fields = [
            "employment",
            "sales_irr",
            "energy_kwh",
            "state",
            "return_reason",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "version",
        ]
        to_update = [r for r, _d, _b in changed] + [r for r, _s in just_accepted]
        if to_update:
            MonthlyReport.objects.bulk_update(to_update, fields, batch_size=500)
        replaced = [r.pk for r, _d, _b in changed]
        for chunk in chunks(replaced):
            ReportLine.objects.filter(report_id__in=chunk).delete()
            ReportExport.objects.filter(report_id__in=chunk).delete()
        new_lines: list[ReportLine] = []
        new_exports: list[ReportExport] = []
        for report, data in [*created, *((r, d) for r, d, _b in changed)]:
            new_lines += [
                ReportLine(report=report, product_line_id=pl, output=q)
                for pl, q in sorted(data.lines.items())
            ]
            new_exports += [
                ReportExport(report=report, country_id=c, value_usd=v)
                for c, v in sorted(data.exports.items())
            ]
        ReportLine.objects.bulk_create(new_lines, batch_size=1000)
        ReportExport.objects.bulk_create(new_exports, batch_size=1000)

        for report, data in created:
            after = {**data.snapshot(), "state": report.state}
            self.event("report.submitted", report, None, after, report.unit_id, self._label(report))
            self.touched.add(report.unit_id)
        for report, data, before in changed:
            after = {**data.snapshot(), "state": report.state}
            self.event("report.corrected", report, before, after, report.unit_id, self._label(report))
            self.touched.add(report.unit_id)
        for report, old_state in just_accepted:
            self.event(
                "report.accepted",
                report,
                {"state": old_state},
                {"state": report.state},
                report.unit_id,
                self._label(report),
            )
            self.touched.add(report.unit_id)
        self.count("reports_created", len(created))
        self.count("reports_updated", len(changed))
        self.count("reports_accepted", len(just_accepted))

    def _label(self, report: MonthlyReport) -> str:
        # str(report) would fetch the unit row by row; the directory already has the names.
        name = self.directory.names.get(report.unit_id, "")
        return f"{name} — {format_jalali_month(*from_month_index(report.month))}"

    def finish(self) -> None:
        if self.touched:
            refresh_status(sorted(self.touched), region=self.region)

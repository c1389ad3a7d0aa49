"""Importing units with their product lines: one row per product line.

The unit's columns are repeated on each of its rows or left blank after its first row (the way Excel reads
merged cells); the rows of one unit stand together. A unit is found by its legal-entity ID, else its business
ID, else its owner's national code and name; a product line within its unit by HS code and name. Columns
missing from the file leave the stored values alone; a blank cell in a column the file has clears an optional
value (a blank ownership, licence stage, size or capacity basis keeps what is stored, and identifiers are
never cleared). The import adds and updates; it never deletes a unit or a product line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from jahesh.analytics import utilisation as U
from jahesh.core.audit import snapshot

from ..models import ProductLine, Unit
from ..status import refresh_status, thresholds_for
from . import cells
from .cells import digits_limit, key_of
from .columns import (
    CAPACITY_BASIS,
    LICENCE_KIND,
    LICENCE_STAGE,
    LINE_FIELDS,
    OWNERSHIP,
    SIZE,
    UNIT_FIELDS,
    UNITS,
)
from .engine import (
    MSG_BUSINESS_TAKEN,
    MSG_DUPLICATE_ROW,
    MSG_NO_IDENTITY,
    MSG_NO_NAME_FOR_CODE,
    MSG_REQUIRED_FIRST,
    MSG_SAME_DB_UNIT,
    Group,
    ImportConflict,
    Importer,
    Record,
    RowReader,
    chunks,
)

MSG_NEW_UNIT_IDENTITY = _(
    "A unit not yet registered needs its legal-entity national ID or its owner's national code."
)
MSG_LINE_INCOMPLETE = _("A product line needs its HS code, name, unit of measure and nominal capacity.")
MSG_ESTATE_NEEDS_COUNTY = _("Give the county of the estate “%(value)s”.")
MSG_BUSINESS_TWICE = _("Row %(first)s gives the same business ID to another unit.")

#: Model fields written from the unit columns, in audit order.
UNIT_AUDIT = [
    "legal_id",
    "business_id",
    "owner_national_code",
    "name",
    "name_en",
    "ownership",
    "owner_bank",
    "licence_stage",
    "establishment_licence_no",
    "establishment_licence_date",
    "operating_licence_no",
    "operating_licence_date",
    "operating_licence_kind",
    "physical_progress",
    "county",
    "estate",
    "address",
    "postal_code",
    "latitude",
    "longitude",
    "isic",
    "size",
    "licensed_employment",
]
LINE_AUDIT = [
    "hs_code",
    "name",
    "name_en",
    "unit_of_measure",
    "nominal_capacity",
    "capacity_basis",
    "unit_value_irr",
    "export_oriented",
    "strategic",
]

KEEP = object()  # a blank cell keeps the stored value
#: column → (model attribute, value written for a blank cell)
UNIT_TARGETS: dict[str, tuple[str, Any]] = {
    "name": ("name", KEEP),
    "name_en": ("name_en", ""),
    "owner_national_code": ("owner_national_code", KEEP),
    "ownership": ("ownership", KEEP),
    "owner_bank": ("owner_bank_id", None),
    "licence_stage": ("licence_stage", KEEP),
    "establishment_licence_no": ("establishment_licence_no", ""),
    "establishment_licence_date": ("establishment_licence_date", None),
    "operating_licence_no": ("operating_licence_no", ""),
    "operating_licence_date": ("operating_licence_date", None),
    "operating_licence_kind": ("operating_licence_kind", ""),
    "physical_progress": ("physical_progress", None),
    "county": ("county_id", KEEP),
    "estate": ("estate_id", None),
    "address": ("address", ""),
    "postal_code": ("postal_code", ""),
    "latitude": ("latitude", None),
    "longitude": ("longitude", None),
    "isic": ("isic", KEEP),
    "size": ("size", KEEP),
    "licensed_employment": ("licensed_employment", None),
}
LINE_TARGETS: dict[str, tuple[str, Any]] = {
    "hs_code": ("hs_code", KEEP),
    "product": ("name", KEEP),
    "product_en": ("name_en", ""),
    "unit_of_measure": ("unit_of_measure", KEEP),
    "nominal_capacity": ("nominal_capacity", KEEP),
    "capacity_basis": ("capacity_basis", KEEP),
    "unit_value_irr": ("unit_value_irr", None),
    "export_oriented": ("export_oriented", False),
    "strategic": ("strategic", False),
}
LINE_REQUIRED = ("hs_code", "product", "unit_of_measure", "nominal_capacity")
UNIT_REQUIRED = ("name", "county", "isic")


def _model_value(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


@dataclass
class UnitRecord(Record):
    line: dict[str, Any] | None = None
    blank: frozenset[str] = frozenset()


class UnitImporter(Importer):
    layout = UNITS
    grouped = True
    group_keys = UNIT_FIELDS

    def prepare(self) -> None:
        super().prepare()
        self.thresholds = thresholds_for(self.region)
        self.db_units: dict[int, int] = {}
        self.file_business: dict[str, int] = {}
        self.touched: set[int] = set()

    # -- parsing -------------------------------------------------------------------------------------------

    def parse(self, row: RowReader) -> Record:
        rec = UnitRecord(number=row.number)
        unit_columns = [k for k in ("legal_id", "business_id", *UNIT_FIELDS) if row.has(k)]
        rec.blank = frozenset(k for k in unit_columns if row.blank(k))
        if len(rec.blank) == len(unit_columns):
            rec.continues = True
        else:
            rec.ident = self.parse_identity(row)
            rec.values = self._unit_values(row)
        rec.line = self._line_values(row)
        return rec

    def _unit_values(self, row: RowReader) -> dict[str, Any]:
        g = row.get
        ref = self.reference
        v: dict[str, Any] = {}
        texts = {
            "name": 200,
            "name_en": 200,
            "establishment_licence_no": 32,
            "operating_licence_no": 32,
            "address": 300,
        }
        for key, length in texts.items():
            if row.has(key):
                v[key] = g(key, cells.text, max_length=length)
        if row.has("owner_national_code"):
            v["owner_national_code"] = g("owner_national_code", cells.national_code)
        for key, choices in (
            ("ownership", OWNERSHIP),
            ("licence_stage", LICENCE_STAGE),
            ("operating_licence_kind", LICENCE_KIND),
            ("size", SIZE),
        ):
            if row.has(key):
                v[key] = g(key, choices.parse)
        if row.has("owner_bank"):
            v["owner_bank"] = g("owner_bank", ref.bank)
        for key in ("establishment_licence_date", "operating_licence_date"):
            if row.has(key):
                v[key] = g(key, cells.jalali_date)
        if row.has("physical_progress"):
            v["physical_progress"] = g("physical_progress", cells.integer, maximum=100)
        if row.has("county"):
            v["county"] = g("county", ref.county)
        if row.has("estate") and not row.blank("estate"):
            county = v.get("county")
            if county is not None:
                v["estate"] = g("estate", ref.estate, county)
            elif row.blank("county"):
                v["estate"] = g("estate", self._estate_anywhere)
        elif row.has("estate"):
            v["estate"] = None
        if row.has("postal_code"):
            v["postal_code"] = g("postal_code", cells.postal_code)
        if row.has("latitude"):
            v["latitude"] = g("latitude", cells.decimal, places=5, minimum=-90, maximum=90)
        if row.has("longitude"):
            v["longitude"] = g("longitude", cells.decimal, places=5, minimum=-180, maximum=180)
        if row.has("isic"):
            v["isic"] = g("isic", cells.isic)
        if row.has("licensed_employment"):
            v["licensed_employment"] = g("licensed_employment", cells.integer, maximum=10_000_000)
        return v

    def _estate_anywhere(self, raw: Any) -> Any:
        from .engine import _ESTATE_WORDS, _compact, _strip_words

        key = key_of(cells.cell_text(raw))
        for k in (_compact(key), _compact(_strip_words(key, _ESTATE_WORDS))):
            found = self.reference.estates_anywhere.get(k, [])
            if len(found) == 1:
                return found[0]
        raise cells.CellError(MSG_ESTATE_NEEDS_COUNTY, value=cells.cell_text(raw))

    def _line_values(self, row: RowReader) -> dict[str, Any] | None:
        present = [k for k in LINE_FIELDS if row.has(k)]
        if not present or row.all_blank(present):
            return None
        if any(row.blank(k) for k in LINE_REQUIRED):
            missing = [k for k in LINE_REQUIRED if row.blank(k)]
            for k in missing:
                row.error(k, MSG_LINE_INCOMPLETE) if row.has(k) else row.error("", MSG_LINE_INCOMPLETE)
        g = row.get
        line: dict[str, Any] = {
            "hs_code": g("hs_code", cells.hs6),
            "product": g("product", cells.text, max_length=200),
            "unit_of_measure": g("unit_of_measure", cells.text, max_length=32),
            "nominal_capacity": g(
                "nominal_capacity", cells.decimal, places=3, positive=True, maximum=digits_limit(18, 3)
            ),
        }
        if row.has("product_en"):
            line["product_en"] = g("product_en", cells.text, max_length=200)
        if row.has("capacity_basis"):
            basis = g("capacity_basis", CAPACITY_BASIS.parse)
            line["capacity_basis"] = int(basis) if basis else None
        if row.has("unit_value_irr"):
            line["unit_value_irr"] = g("unit_value_irr", cells.decimal, places=0, maximum=digits_limit(20, 0))
        for key in ("export_oriented", "strategic"):
            if row.has(key):
                line[key] = g(key, cells.boolean)
        return line

    # -- groups --------------------------------------------------------------------------------------------

    def group_key(self, rec: Record) -> Any:
        return rec.ident.key if rec.ident else None

    def same_group(self, rec: Record, group: Group) -> bool:
        if rec.ident is None or group.ident is None:
            return False
        ident = rec.ident
        if not (ident.legal_id or ident.business_id or ident.national_code or ident.name_key):
            return False
        return ident.agrees_with(group.ident)

    def check_first_row(self, rec: Record) -> None:
        assert isinstance(rec, UnitRecord)
        ident = rec.ident
        if ident is None or ident.key is None:
            if rec.ok:
                message = MSG_NO_NAME_FOR_CODE if ident and ident.national_code else MSG_NO_IDENTITY
                self.fail(rec, "", message)
            return
        for key in UNIT_REQUIRED:
            if key in rec.blank:
                self.fail(rec, key, MSG_REQUIRED_FIRST)

    # -- pass 1: against the database ----------------------------------------------------------------------

    def _groups(self, batch: list[Record]) -> list[tuple[Group, list[UnitRecord]]]:
        groups: dict[int, tuple[Group, list[UnitRecord]]] = {}
        for rec in batch:
            assert rec.group is not None and isinstance(rec, UnitRecord)
            groups.setdefault(rec.group.id, (rec.group, []))[1].append(rec)
        return list(groups.values())

    def check_batch(self, batch: list[Record]) -> None:
        groups = self._groups(batch)
        self.directory.load([g.ident for g, _recs in groups if g.ident is not None and g.key is not None])
        for group, recs in groups:
            first = recs[0]
            if group.key is None or group.ident is None or first.continues:
                continue
            ident = group.ident
            match = self.directory.find(ident)
            if match.problem is not None:
                column, message, params = match.problem
                self.fail(first, column, message, **{"value": first_value(first, column, ident), **params})
                continue
            if ident.business_id:
                holder = self.directory.by_business.get(ident.business_id)
                if holder is not None and holder.pk != match.pk:
                    self.fail(
                        first, "business_id", MSG_BUSINESS_TAKEN, value=ident.business_id, unit=holder.name
                    )
                seen = self.file_business.setdefault(ident.business_id, group.id)
                if seen != group.id:
                    self.fail(first, "business_id", MSG_BUSINESS_TWICE, value=ident.business_id, first=seen)
            if match.pk is None and not (ident.legal_id or ident.national_code):
                self.fail(first, "", MSG_NEW_UNIT_IDENTITY)
            if match.pk is not None:
                seen = self.db_units.setdefault(match.pk, group.id)
                if seen != group.id:
                    self.fail(first, "", MSG_SAME_DB_UNIT, first=seen)
            lines: dict[tuple[str, str], int] = {}
            for rec in recs:
                if rec.line and rec.line.get("hs_code") and rec.line.get("product"):
                    key = (rec.line["hs_code"], key_of(rec.line["product"]))
                    if key in lines:
                        self.fail(
                            rec, "product", MSG_DUPLICATE_ROW, value=rec.line["product"], first=lines[key]
                        )
                    else:
                        lines[key] = rec.number

    # -- pass 2: writing -----------------------------------------------------------------------------------

    def write_batch(self, batch: list[Record]) -> None:
        groups = [(g, recs) for g, recs in self._groups(batch) if g.ident is not None]
        self.directory.load([g.ident for g, _recs in groups if g.ident is not None])
        pks: dict[int, int | None] = {}
        for group, _recs in groups:
            assert group.ident is not None
            match = self.directory.find(group.ident)
            if match.problem is not None:
                raise ImportConflict
            pks[group.id] = match.pk
        existing = {
            u.pk: u
            for chunk in chunks([pk for pk in pks.values() if pk is not None])
            for u in Unit.objects.select_for_update().filter(pk__in=chunk)
        }
        if len(existing) != len([pk for pk in pks.values() if pk is not None]):
            raise ImportConflict
        created: list[Unit] = []
        updated: list[tuple[Unit, dict, dict]] = []
        for group, _recs in groups:
            pk = pks[group.id]
            if pk is None:
                unit = Unit(region=self.region)
                self._apply(unit, group, new=True)
                created.append(unit)
                continue
            unit = existing[pk]
            before = snapshot(unit, UNIT_AUDIT)
            self._apply(unit, group, new=False)
            after = snapshot(unit, UNIT_AUDIT)
            if before != after:
                unit.version += 1
                unit.updated_at = self.now
                updated.append((unit, before, after))
        self._initial_status(created)
        Unit.objects.bulk_create(created, batch_size=500)
        for unit in created:
            self.event("unit.created", unit, None, snapshot(unit, UNIT_AUDIT), unit.pk)
        if updated:
            Unit.objects.bulk_update(
                [u for u, _b, _a in updated],
                [*UNIT_AUDIT, "name_key", "version", "updated_at"],
                batch_size=500,
            )
        for unit, before, after in updated:
            self.event("unit.updated", unit, before, after, unit.pk)
            self.touched.add(unit.pk)
        self.count("units_created", len(created))
        self.count("units_updated", len(updated))

        unit_of_group = {group.id: pks[group.id] for group, _recs in groups}
        created_iter = iter(created)
        for group, _recs in groups:
            if unit_of_group[group.id] is None:
                unit_of_group[group.id] = next(created_iter).pk
        self._write_lines(groups, unit_of_group, existing_units=set(existing))

    def _apply(self, unit: Unit, group: Group, *, new: bool) -> None:
        ident = group.ident
        assert ident is not None
        if ident.legal_id and unit.legal_id != ident.legal_id:
            unit.legal_id = ident.legal_id
        if ident.business_id and unit.business_id != ident.business_id:
            unit.business_id = ident.business_id
        for key, value in group.values.items():
            attr, blank = UNIT_TARGETS[key]
            if value is None:
                if blank is KEEP:
                    continue
                value = blank
            setattr(unit, attr, _model_value(value))
        # bulk_create and bulk_update skip NamedModel.save(), which keeps the search key.
        unit.name_key = key_of(unit.name)

    def _write_lines(
        self,
        groups: list[tuple[Group, list[UnitRecord]]],
        unit_of_group: dict[int, int | None],
        existing_units: set[int],
    ) -> None:
        stored: dict[tuple[int, str, str], ProductLine] = {}
        existing = existing_units
        for chunk in chunks(sorted(existing_units)):
            for line in ProductLine.objects.select_for_update().filter(unit_id__in=chunk).order_by("pk"):
                stored.setdefault((line.unit_id, line.hs_code, key_of(line.name)), line)
        created: list[ProductLine] = []
        updated: list[tuple[ProductLine, dict, dict]] = []
        for group, recs in groups:
            unit_id = unit_of_group[group.id]
            assert unit_id is not None
            for rec in recs:
                if not rec.line:
                    continue
                key = (unit_id, rec.line["hs_code"], key_of(rec.line["product"]))
                line = stored.get(key)
                if line is None:
                    line = ProductLine(unit_id=unit_id)
                    self._apply_line(line, rec.line)
                    created.append(line)
                    stored[key] = line
                    continue
                before = snapshot(line, LINE_AUDIT)
                self._apply_line(line, rec.line)
                after = snapshot(line, LINE_AUDIT)
                if before != after:
                    updated.append((line, before, after))
        ProductLine.objects.bulk_create(created, batch_size=500)
        if updated:
            ProductLine.objects.bulk_update([pl for pl, _b, _a in updated], LINE_AUDIT, batch_size=500)
        for line in created:
            self.event("product_line.created", line, None, snapshot(line, LINE_AUDIT), line.unit_id)
            if line.unit_id in existing:  # a new unit's status is set when it is created
                self.touched.add(line.unit_id)
        for line, before, after in updated:
            self.event("product_line.updated", line, before, after, line.unit_id)
            self.touched.add(line.unit_id)
        self.count("lines_created", len(created))
        self.count("lines_updated", len(updated))

    @staticmethod
    def _apply_line(line: ProductLine, values: dict[str, Any]) -> None:
        for key, value in values.items():
            attr, blank = LINE_TARGETS[key]
            if value is None:
                if blank is KEEP:
                    continue
                value = blank
            setattr(line, attr, value)

    def _initial_status(self, units: list[Unit]) -> None:
        """A new unit's derived figures, computed by the same function as ``refresh_status`` (a unit without
        reports: no data, under construction or closed), so that the new units need no second write."""
        if not units:
            return
        stage = Unit.LicenceStage
        result = U.classify(
            n_units=len(units),
            closed=[bool(u.closed_on or u.closed_reason) for u in units],
            cancelled=[u.licence_stage == stage.CANCELLED for u in units],
            under_construction=[u.licence_stage in (stage.ESTABLISHMENT, stage.CONSTRUCTION) for u in units],
            line_unit=[],
            line_capacity=[],
            line_value=[],
            report_unit=[],
            report_month=[],
            output_line=[],
            output_month=[],
            output_quantity=[],
            thresholds=self.thresholds,
        )
        for i, unit in enumerate(units):
            unit.status = str(result.status[i])
            unit.status_rule = str(result.rule[i])

    def finish(self) -> None:
        if self.touched:
            refresh_status(sorted(self.touched), region=self.region)


def first_value(rec: Record, column: str, ident: Any) -> str:
    return {
        "legal_id": ident.legal_id,
        "business_id": ident.business_id,
        "owner_national_code": ident.national_code,
    }.get(column, "")

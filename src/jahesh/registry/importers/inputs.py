"""Importing the inputs of product lines: one row per input.

The unit and its product line must be registered already (import units first). An input is found within its
product line by its HS code and name; the import adds and updates inputs and never deletes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from jahesh.core.audit import snapshot

from ..models import Input, ProductLine
from . import cells
from .cells import digits_limit, key_of
from .columns import INPUTS, ORIGIN
from .engine import (
    MSG_DUPLICATE_ROW,
    MSG_NO_IDENTITY,
    MSG_UNIT_UNKNOWN,
    ImportConflict,
    Importer,
    Record,
    RowReader,
    chunks,
)

MSG_LINE_UNKNOWN = _(
    "The unit has no product line with this HS code and name; import it with the units first."
)
MSG_ORIGIN_REGION = _("Say which region an input from another region comes from.")
MSG_ORIGIN_COUNTRY = _("Say which country an imported input comes from.")

INPUT_AUDIT = [
    "hs_code",
    "name",
    "unit_of_measure",
    "quantity_per_output",
    "origin",
    "origin_region",
    "origin_country",
    "annual_value_irr",
    "fx_share",
]


@dataclass
class InputRecord(Record):
    product: tuple[str, str] | None = None
    fields: dict[str, Any] | None = None


class InputImporter(Importer):
    layout = INPUTS

    def prepare(self) -> None:
        super().prepare()
        self.seen_inputs: dict[tuple[int, str, str], int] = {}

    def parse(self, row: RowReader) -> Record:
        rec = InputRecord(number=row.number)
        rec.ident = self.parse_identity(row)
        if row.ok and rec.ident.key is None:
            row.error("", MSG_NO_IDENTITY)
        g = row.get
        for key in (
            "hs_code",
            "product",
            "input_hs",
            "input",
            "input_unit_of_measure",
            "quantity_per_output",
        ):
            row.required(key)
        row.required("origin")
        hs = g("hs_code", cells.hs6)
        product = g("product", cells.text, max_length=200)
        rec.product = (hs, key_of(product)) if hs and product else None
        origin = g("origin", ORIGIN.parse)
        fields: dict[str, Any] = {
            "hs_code": g("input_hs", cells.hs6),
            "name": g("input", cells.text, max_length=200),
            "unit_of_measure": g("input_unit_of_measure", cells.text, max_length=32),
            "quantity_per_output": g(
                "quantity_per_output", cells.decimal, places=6, maximum=digits_limit(14, 6)
            ),
            "origin": origin,
            "origin_region": "",
            "origin_country_id": None,
        }
        if origin == Input.Origin.OTHER_REGION:
            if row.required("origin_region", MSG_ORIGIN_REGION):
                fields["origin_region"] = g("origin_region", cells.text, max_length=100) or ""
        elif origin == Input.Origin.IMPORTED and row.required("origin_country", MSG_ORIGIN_COUNTRY):
            fields["origin_country_id"] = g("origin_country", self.reference.country)
        if row.has("annual_value_irr"):
            fields["annual_value_irr"] = g(
                "annual_value_irr", cells.decimal, places=0, maximum=digits_limit(20, 0)
            )
        if row.has("fx_share"):
            fields["fx_share"] = g("fx_share", cells.percent)
        rec.fields = fields
        return rec

    def _resolve(self, batch: list[InputRecord], *, strict: bool) -> dict[int, int]:
        """Row number → product line id for the rows whose unit and product line are registered."""
        self.directory.load([r.ident for r in batch if r.ident is not None and r.ident.key is not None])
        units: dict[int, int] = {}
        for rec in batch:
            if rec.ident is None or rec.ident.key is None:
                continue
            match = self.directory.find(rec.ident)
            if match.problem is not None or match.pk is None:
                if strict:
                    raise ImportConflict
                if match.problem is not None:
                    column, message, params = match.problem
                    self.fail(rec, column, message, **params)
                else:
                    self.fail(rec, "", MSG_UNIT_UNKNOWN)
                continue
            units[rec.number] = match.pk
        lines: dict[tuple[int, str, str], int] = {}
        for chunk in chunks(sorted(set(units.values()))):
            for pk, unit_id, hs, name in ProductLine.objects.filter(unit_id__in=chunk).values_list(
                "pk", "unit_id", "hs_code", "name"
            ):
                lines.setdefault((unit_id, hs, key_of(name)), pk)
        out: dict[int, int] = {}
        for rec in batch:
            if rec.number not in units or rec.product is None:
                continue
            line = lines.get((units[rec.number], *rec.product))
            if line is None:
                if strict:
                    raise ImportConflict
                self.fail(rec, "product", MSG_LINE_UNKNOWN, value=rec.product[1])
                continue
            out[rec.number] = line
        return out

    def check_batch(self, batch: list[Record]) -> None:
        records = [r for r in batch if isinstance(r, InputRecord)]
        lines = self._resolve(records, strict=False)
        for rec in records:
            line = lines.get(rec.number)
            if line is None or not rec.fields or not rec.fields["hs_code"] or not rec.fields["name"]:
                continue
            key = (line, rec.fields["hs_code"], key_of(rec.fields["name"]))
            first = self.seen_inputs.setdefault(key, rec.number)
            if first != rec.number:
                self.fail(rec, "input", MSG_DUPLICATE_ROW, value=rec.fields["name"], first=first)

    def write_batch(self, batch: list[Record]) -> None:
        records = [r for r in batch if isinstance(r, InputRecord)]
        lines = self._resolve(records, strict=True)
        stored: dict[tuple[int, str, str], Input] = {}
        for chunk in chunks(sorted(set(lines.values()))):
            for obj in Input.objects.select_for_update().filter(product_line_id__in=chunk).order_by("pk"):
                stored.setdefault((obj.product_line_id, obj.hs_code, key_of(obj.name)), obj)
        unit_of_line = dict(
            ProductLine.objects.filter(pk__in=sorted(set(lines.values()))).values_list("pk", "unit_id")
        )
        created: list[Input] = []
        updated: list[tuple[Input, dict, dict]] = []
        for rec in records:
            assert rec.fields is not None
            line = lines[rec.number]
            key = (line, rec.fields["hs_code"], key_of(rec.fields["name"]))
            obj = stored.get(key)
            if obj is None:
                obj = Input(product_line_id=line)
                self._apply(obj, rec.fields)
                created.append(obj)
                stored[key] = obj
                continue
            before = snapshot(obj, INPUT_AUDIT)
            self._apply(obj, rec.fields)
            after = snapshot(obj, INPUT_AUDIT)
            if before != after:
                updated.append((obj, before, after))
        Input.objects.bulk_create(created, batch_size=500)
        if updated:
            Input.objects.bulk_update([o for o, _b, _a in updated], INPUT_AUDIT, batch_size=500)
        for obj in created:
            self.event(
                "input.created", obj, None, snapshot(obj, INPUT_AUDIT), unit_of_line[obj.product_line_id]
            )
        for obj, before, after in updated:
            self.event("input.updated", obj, before, after, unit_of_line[obj.product_line_id])
        self.count("inputs_created", len(created))
        self.count("inputs_updated", len(updated))

    @staticmethod
    def _apply(obj: Input, fields: dict[str, Any]) -> None:
        for attr, value in fields.items():
            setattr(obj, attr, value)

"""The import engine shared by the three kinds: two streamed passes, problems row by row, one transaction.

Pass 1 reads the file row by row, parses every cell, checks the rows against each other (duplicate keys, a
unit's rows that disagree) and, a batch of rows at a time, against the database (unknown units, identifiers
registered to another unit, accepted reports). It keeps in memory only keys and the numbers of bad rows; the
parsed rows go to a temporary file, a batch at a time. If any row is bad and the user did not ask for the
valid rows only, it stops there: nothing is written.

Pass 2 reads the parsed rows back and, inside one transaction, writes a batch at a time with ``bulk_create``
/ ``bulk_update``, comparing with what is stored so that an unchanged row writes nothing and leaves no audit
event (re-importing a file is a no-op). A dry run does the same and rolls the transaction back.

Rows that belong together — the product lines of one unit, the lines of one month's report — form a group
and are taken or left out together.
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jahesh.core.models import AuditEvent
from jahesh.core.text import to_ascii_digits

from ..models import Agency, Country, County, Estate, Region, Unit
from . import cells
from .cells import key_of
from .columns import IDENTITY_KEYS, Layout
from .reading import FileError, Table, cell_text, is_blank, open_table

log = logging.getLogger(__name__)

#: What the counts of ``ImportResult.counts`` are called on the page and the command line.
COUNT_LABELS = {
    "units_created": _("units added"),
    "units_updated": _("units changed"),
    "lines_created": _("product lines added"),
    "lines_updated": _("product lines changed"),
    "inputs_created": _("inputs added"),
    "inputs_updated": _("inputs changed"),
    "reports_created": _("reports added"),
    "reports_updated": _("reports corrected"),
    "reports_accepted": _("reports accepted"),
}

#: Problems kept in memory (and shown in the error report); beyond this they are only counted.
MAX_PROBLEMS = 100_000

MSG_MISSING_COLUMN = _("The file has no column “%(column)s”, which is required.")
MSG_MISSING_IDENTITY = _(
    "The file needs a column that identifies the unit: “%(legal)s”, “%(business)s” or “%(national)s”."
)
MSG_COLUMN_TWICE = _("The column “%(column)s” appears twice.")
MSG_NO_ROWS = _("The file has a header row but no data rows.")
MSG_REQUIRED = _("This column is required.")
MSG_REQUIRED_FIRST = _("This column is required on the first row of each unit or report.")
MSG_NO_IDENTITY = _(
    "The unit is not identified: give its legal-entity national ID, its business ID, or its owner's national "
    "code with its name."
)
MSG_NO_NAME_FOR_CODE = _("A unit identified by its owner's national code needs its name as well.")
MSG_NOTHING_ABOVE = _("This row continues the one above, but no unit or report stands above it.")
MSG_DIFFERS = _(
    "“%(value)s” differs from row %(first)s of the same unit or report, which says “%(expected)s”."
)
MSG_DUPLICATE_GROUP = _(
    "This unit or report already appeared at row %(first)s; keep its rows together and give it once."
)
MSG_DUPLICATE_ROW = _("Row %(first)s already gives the same key; each key may appear once in a file.")
MSG_UNIT_UNKNOWN = _("No unit with this identity is registered; import the units first.")
MSG_UNIT_AMBIGUOUS = _(
    "Several units have this owner's national code and name; identify the unit by its legal-entity ID or "
    "business ID."
)
MSG_OTHER_REGION = _("This unit belongs to another region.")
MSG_BUSINESS_TAKEN = _("The business ID %(value)s is registered to another unit, «%(unit)s».")
MSG_BUSINESS_OTHER_LEGAL = _(
    "The business ID %(value)s is registered to the unit with legal-entity ID %(legal)s, not this one."
)
MSG_SAME_DB_UNIT = _("Row %(first)s names the same registered unit; give each unit once.")
MSG_COUNTY_UNKNOWN = _("“%(value)s” is not a county of the region. Counties: %(known)s.")
MSG_ESTATE_UNKNOWN = _("“%(value)s” is not an industrial estate or zone of the county %(county)s.")
MSG_ESTATE_OTHER_COUNTY = _("The estate “%(value)s” is in the county %(other)s, not in %(county)s.")
MSG_COUNTRY_UNKNOWN = _("“%(value)s” is not a known country; write its name or its three-letter ISO code.")
MSG_BANK_UNKNOWN = _("“%(value)s” is not a bank of the region; write its name or its three-digit Sheba code.")
MSG_DATABASE_CHANGED = _(
    "The registry changed while the file was being checked; nothing was written. Run the import again."
)
MSG_DATABASE_REFUSED = _("The database refused the import (%(reason)s); nothing was written.")


def msgid_of(message: Any) -> str:
    """The untranslated text of a message, lazy or not, so that it can be stored and translated when shown."""
    if isinstance(message, str):
        return message
    with translation.override(None):
        return str(message)


def _param(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        return value
    return str(value)


@dataclass
class Problem:
    """One thing wrong: a cell (row and column), a whole row (no column) or the file (no row)."""

    row: int | None
    column: str
    header: str
    value: str
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        text = gettext(self.msgid)
        if not self.params:
            return text
        try:
            return text % self.params
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder must not crash
            return self.msgid % self.params

    def column_label(self, layout: Layout | None, lang: str) -> str:
        if self.header:
            return self.header
        column = layout.by_key.get(self.column) if layout else None
        return column.header(lang) if column else self.column

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "value": self.value,
            "msgid": self.msgid,
            "params": self.params,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        return cls(
            row=data.get("row"),
            column=data.get("column", ""),
            header=data.get("header", ""),
            value=data.get("value", ""),
            msgid=data.get("msgid", ""),
            params=data.get("params") or {},
        )

    @classmethod
    def of(
        cls, row: int | None, column: str, header: str, cell: str, message: Any, /, **params: Any
    ) -> Problem:
        return cls(row, column, header, cell, msgid_of(message), {k: _param(v) for k, v in params.items()})


@dataclass
class ImportResult:
    kind: str
    file_name: str
    valid_only: bool = False
    dry_run: bool = False
    rows: int = 0
    invalid_rows: int = 0
    skipped_rows: int = 0
    taken_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    file_error: Problem | None = None
    ignored_columns: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    written: bool = False

    @property
    def exit_code(self) -> int:
        """0: everything taken; 1: rows or columns rejected; 2: the file could not be read as a table."""
        if self.file_error is not None:
            return 2
        return 1 if self.problems_total else 0

    @property
    def all_problems(self) -> list[Problem]:
        return ([self.file_error] if self.file_error else []) + self.problems

    @property
    def changed(self) -> int:
        return sum(self.counts.values())


class ImportConflict(Exception):
    """The database no longer matches what pass 1 checked."""


# -- Identity of a unit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    legal_id: str = ""
    business_id: str = ""
    national_code: str = ""
    name_key: str = ""

    @property
    def key(self) -> tuple[str, ...] | None:
        if self.legal_id:
            return ("L", self.legal_id)
        if self.business_id:
            return ("B", self.business_id)
        if self.national_code and self.name_key:
            return ("N", self.national_code, self.name_key)
        return None

    def agrees_with(self, other: Identity) -> bool:
        """Every identifier this row gives equals the other's (blank ones say nothing)."""
        return all(
            not mine or mine == theirs
            for mine, theirs in (
                (self.legal_id, other.legal_id),
                (self.business_id, other.business_id),
                (self.national_code, other.national_code),
                (self.name_key, other.name_key),
            )
        )


@dataclass
class UnitRow:
    pk: int
    region_id: int
    legal_id: str | None
    business_id: str | None
    owner_national_code: str
    name: str
    name_key: str


@dataclass
class Match:
    pk: int | None = None
    problem: tuple[str, Any, dict[str, Any]] | None = None  # (column, message, params)


class UnitDirectory:
    """Finds registered units by identity, a batch of identities at a time (three queries)."""

    FIELDS = ("pk", "region_id", "legal_id", "business_id", "owner_national_code", "name", "name_key")

    def __init__(self, region: Region) -> None:
        self.region = region
        self.by_legal: dict[str, UnitRow] = {}
        self.by_business: dict[str, UnitRow] = {}
        self.by_code: dict[tuple[str, str], list[UnitRow]] = {}
        self.names: dict[int, str] = {}

    def load(self, idents: list[Identity]) -> None:
        legal = sorted({i.legal_id for i in idents if i.legal_id})
        business = sorted({i.business_id for i in idents if i.business_id})
        codes = sorted({i.national_code for i in idents if i.national_code and not i.legal_id})
        self.by_legal = {
            u.legal_id: u for u in self._rows(Unit.objects.filter(legal_id__in=legal)) if u.legal_id
        }
        self.by_business = {
            u.business_id: u
            for u in self._rows(Unit.objects.filter(business_id__in=business))
            if u.business_id
        }
        self.by_code = {}
        for u in self._rows(Unit.objects.filter(owner_national_code__in=codes)):
            self.by_code.setdefault((u.owner_national_code, u.name_key), []).append(u)
        self.names = {u.pk: u.name for u in (*self.by_legal.values(), *self.by_business.values())}
        self.names.update((u.pk, u.name) for found in self.by_code.values() for u in found)

    def _rows(self, qs: Any) -> list[UnitRow]:
        return [UnitRow(*row) for row in qs.values_list(*self.FIELDS)]

    def find(self, ident: Identity) -> Match:
        """The registered unit this identity names (pk None: none is), or why it cannot be decided."""
        unit: UnitRow | None = None
        if ident.legal_id:
            unit = self.by_legal.get(ident.legal_id)
            if unit is None and ident.business_id:
                unit = self.by_business.get(ident.business_id)
                if unit is not None and unit.legal_id and unit.legal_id != ident.legal_id:
                    return Match(
                        problem=(
                            "business_id",
                            MSG_BUSINESS_OTHER_LEGAL,
                            {"value": ident.business_id, "legal": unit.legal_id},
                        )
                    )
        elif ident.business_id:
            unit = self.by_business.get(ident.business_id)
        elif ident.national_code:
            if not ident.name_key:
                return Match(problem=("name", MSG_NO_NAME_FOR_CODE, {}))
            found = self.by_code.get((ident.national_code, ident.name_key), [])
            if len(found) > 1:
                return Match(problem=("owner_national_code", MSG_UNIT_AMBIGUOUS, {}))
            unit = found[0] if found else None
        else:
            return Match(problem=("", MSG_NO_IDENTITY, {}))
        if unit is None:
            return Match()
        if unit.region_id != self.region.pk:
            return Match(problem=("", MSG_OTHER_REGION, {}))
        return Match(pk=unit.pk)


# -- Reference data: counties, estates, countries, banks ------------------------------------------------

_COUNTY_WORDS = ("شهرستان", "county")
_ESTATE_WORDS = (
    "شهرک صنعتی",
    "ناحیه صنعتی",
    "منطقه ویژه اقتصادی",
    "منطقه ویژه",
    "شهرک",
    "ناحیه",
    "industrial estate",
    "industrial zone",
    "special economic zone",
    "estate",
    "zone",
)


def _strip_words(key: str, words: tuple[str, ...]) -> str:
    for w in words:
        wk = key_of(w)
        if key.startswith(wk + " "):
            return key[len(wk) + 1 :]
        if key.endswith(" " + wk):
            return key[: -len(wk) - 1]
    return key


def _compact(key: str) -> str:
    return key.replace(" ", "")


class Reference:
    """The region's counties, estates and banks and the world's countries, keyed for matching names."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.counties: dict[str, County] = {}
        self.county_names: list[str] = []
        for county in County.objects.filter(region=region).order_by("name"):
            self.county_names.append(county.name)
            for name in (county.name, county.name_en, county.code):
                key = key_of(name)
                if key:
                    self.counties.setdefault(_compact(key), county)
                    self.counties.setdefault(_compact(_strip_words(key, _COUNTY_WORDS)), county)
        self.estates: dict[int, dict[str, Estate]] = {}
        self.estates_anywhere: dict[str, list[Estate]] = {}
        for estate in Estate.objects.filter(county__region=region).select_related("county"):
            keys = set()
            for name in (estate.name, estate.name_en):
                key = key_of(name)
                if key:
                    keys.add(_compact(key))
                    keys.add(_compact(_strip_words(key, _ESTATE_WORDS)))
            for k in keys:
                self.estates.setdefault(estate.county_id, {}).setdefault(k, estate)
                self.estates_anywhere.setdefault(k, []).append(estate)
        self.countries: dict[str, str] = {}
        for iso3, numeric, name, name_en in Country.objects.values_list(
            "iso3", "iso_numeric", "name", "name_en"
        ):
            for k in (iso3.lower(), numeric, key_of(name), key_of(name_en)):
                if k:
                    self.countries.setdefault(_compact(k), iso3)
        self.banks: dict[str, int] = {}
        for pk, name, name_en, code, bank_code in Agency.objects.filter(
            region=region, kind=Agency.Kind.BANK
        ).values_list("pk", "name", "name_en", "code", "bank_code"):
            for k in (key_of(name), key_of(name_en), code.lower(), bank_code):
                if k:
                    self.banks.setdefault(_compact(k), pk)

    @staticmethod
    def _key(raw: Any) -> str:
        return _compact(key_of(to_ascii_digits(cell_text(raw))))

    def county(self, raw: Any) -> County:
        county = self.counties.get(self._key(raw))
        if county is None:
            key = _compact(_strip_words(key_of(to_ascii_digits(cell_text(raw))), _COUNTY_WORDS))
            county = self.counties.get(key)
        if county is None:
            known = "، ".join(self.county_names[:30])
            raise cells.CellError(MSG_COUNTY_UNKNOWN, value=cell_text(raw), known=known)
        return county

    def estate(self, raw: Any, county: County) -> Estate:
        full = key_of(to_ascii_digits(cell_text(raw)))
        keys = (_compact(full), _compact(_strip_words(full, _ESTATE_WORDS)))
        own = self.estates.get(county.pk, {})
        for k in keys:
            if k in own:
                return own[k]
        for k in keys:
            elsewhere = self.estates_anywhere.get(k)
            if elsewhere:
                raise cells.CellError(
                    MSG_ESTATE_OTHER_COUNTY,
                    value=cell_text(raw),
                    other=elsewhere[0].county.name,
                    county=county.name,
                )
        raise cells.CellError(MSG_ESTATE_UNKNOWN, value=cell_text(raw), county=county.name)

    def country(self, raw: Any) -> str:
        iso3 = self.countries.get(self._key(raw))
        if iso3 is None:
            raise cells.CellError(MSG_COUNTRY_UNKNOWN, value=cell_text(raw))
        return iso3

    def bank(self, raw: Any) -> int:
        key = self._key(raw)
        pk = self.banks.get(key) or (self.banks.get(key.zfill(3)) if key.isdigit() else None)
        if pk is None:
            raise cells.CellError(MSG_BANK_UNKNOWN, value=cell_text(raw))
        return pk


# -- Rows -----------------------------------------------------------------------------------------------


class RowReader:
    """One row of the file: its cells by column key, and a way to record what is wrong with them."""

    def __init__(self, importer: Importer, number: int, cells_: tuple[Any, ...]) -> None:
        self.importer = importer
        self.number = number
        self.cells = cells_
        self.ok = True

    def raw(self, key: str) -> Any:
        pos = self.importer.positions.get(key)
        if pos is None or pos >= len(self.cells):
            return None
        return self.cells[pos]

    def has(self, key: str) -> bool:
        return key in self.importer.positions

    def blank(self, key: str) -> bool:
        return is_blank(self.raw(key))

    def all_blank(self, keys: Any) -> bool:
        return all(self.blank(k) for k in keys)

    def get(self, key: str, parser: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """The parsed cell; None when blank or bad (a bad cell is recorded)."""
        raw = self.raw(key)
        if is_blank(raw):
            return None
        try:
            return parser(raw, *args, **kwargs)
        except cells.CellError as exc:
            self.error(key, exc.message, **exc.params)
            return None

    def required(self, key: str, message: Any = MSG_REQUIRED) -> bool:
        if self.blank(key):
            self.error(key, message)
            return False
        return True

    def error(self, key: str, message: Any, /, **params: Any) -> None:
        self.ok = False
        self.importer.problem(self.number, key, cell_text(self.raw(key)) if key else "", message, **params)


@dataclass
class Group:
    """Rows that stand together: one unit with its product lines, or one month's report."""

    id: int  # the number of its first row
    key: Any
    ident: Identity | None
    values: dict[str, Any]
    month: int | None = None
    records: list[Any] = field(default_factory=list)


@dataclass
class Record:
    """What a row says, parsed. ``continues``: the row only adds to the group above it."""

    number: int
    ok: bool = True
    continues: bool = False
    ident: Identity | None = None
    month: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # the group's columns (a unit's, a report's)
    group: Group | None = None


# -- The engine -----------------------------------------------------------------------------------------

ProgressFn = Callable[[str, int], None]


class Importer:
    """Base of the importers. Subclasses define ``layout``, ``parse`` and the batch checks and writes."""

    layout: Layout
    #: Whether rows form groups (a unit's product lines; a report's lines).
    grouped = False
    #: The group's columns that must agree between its rows.
    group_keys: tuple[str, ...] = ()
    batch_rows = 1000

    def __init__(
        self,
        *,
        region: Region,
        user: Any = None,
        file_name: str = "",
        valid_only: bool = False,
        dry_run: bool = False,
        accept: bool = False,
        correct_accepted: bool = False,
        progress: ProgressFn | None = None,
    ) -> None:
        self.region = region
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.file_name = file_name
        self.valid_only = valid_only
        self.dry_run = dry_run
        self.accept = accept
        self.correct_accepted = correct_accepted
        self.progress = progress
        self.result = ImportResult(
            kind=self.layout.kind, file_name=file_name, valid_only=valid_only, dry_run=dry_run
        )
        self.positions: dict[str, int] = {}
        self.headers: list[str] = []
        self.recording = True
        self.bad_rows: set[int] = set()
        self.bad_groups: set[int] = set()
        self.group_sizes: dict[int, int] = {}
        self.seen_groups: dict[Any, int] = {}
        self._group_of_row: dict[int, int] = {}
        self.note = f"import {self.layout.kind}: {file_name}"[:500]
        self.now = timezone.now()
        self.events: list[AuditEvent] = []
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed at the end of run()

    # -- problems -----------------------------------------------------------------------------------------

    def problem(self, row: int | None, column: str, cell: str, message: Any, /, **params: Any) -> None:
        if not self.recording:
            return
        header = ""
        if column and column in self.positions and self.positions[column] < len(self.headers):
            header = self.headers[self.positions[column]]
        self.result.problems_total += 1
        if len(self.result.problems) < MAX_PROBLEMS:
            self.result.problems.append(Problem.of(row, column, header, cell, message, **params))
        if row is not None:
            self.bad_rows.add(row)

    def fail(self, rec: Record, column: str, message: Any, /, **params: Any) -> None:
        """Record a problem found after parsing (against other rows or the database); a ``value`` parameter is
        also shown as the cell's value."""
        rec.ok = False
        if rec.group is not None:
            self.bad_groups.add(rec.group.id)
        value = params.get("value")
        self.problem(rec.number, column, "" if value is None else cell_text(value), message, **params)

    def _file_problem(self, message: Any, /, **params: Any) -> None:
        self.result.file_error = Problem.of(None, "", "", "", message, **params)

    # -- the run ------------------------------------------------------------------------------------------

    def run(self, path: str | Path) -> ImportResult:
        result = self.result
        table: Table | None = None
        try:
            example = self.layout.columns[0].header("fa")
            table = open_table(path, lambda texts: self.layout.count_known(texts), example=example)
            if not self._read_header(table):
                return result
            self.prepare()
            self._check(table)
            if result.rows == 0:
                self.problem(table.header_row, "", "", MSG_NO_ROWS)
                return result
            result.invalid_rows = len(self.bad_rows)
            if self.grouped:
                result.skipped_rows = sum(
                    n for gid, n in self.group_sizes.items() if gid in self.bad_groups
                ) - len([r for r in self.bad_rows if self._group_of_row.get(r) in self.bad_groups])
            result.taken_rows = result.rows - result.invalid_rows - result.skipped_rows
            if (result.problems_total and not self.valid_only) or result.taken_rows == 0:
                return result
            self._write()
        except FileError as exc:
            self._file_problem(exc.message, **exc.params)
        except ImportConflict:
            result.written = False
            result.counts = {}
            self.recording = True
            self.problem(None, "", "", MSG_DATABASE_CHANGED)
        except DatabaseError as exc:
            log.exception("import of %s (%s) refused by the database", self.file_name, self.layout.kind)
            result.written = False
            result.counts = {}
            self.recording = True
            self.problem(None, "", "", MSG_DATABASE_REFUSED, reason=type(exc).__name__)
        finally:
            if table is not None:
                table.close()
            self._spool.close()
        return result

    def _read_header(self, table: Table) -> bool:
        positions, unknown, twice = self.layout.match(table.headers)
        self.positions = {k: v for k, v in positions.items() if not self.layout.by_key[k].derived}
        self.headers = table.headers
        self.result.ignored_columns = unknown
        for key in twice:
            self.problem(
                table.header_row, key, "", MSG_COLUMN_TWICE, column=self.layout.by_key[key].header("fa")
            )
        for key in sorted(self.layout.required - set(positions), key=list(self.layout.by_key).index):
            column = self.layout.by_key[key]
            self.problem(table.header_row, key, "", MSG_MISSING_COLUMN, column=f"{column.fa} / {column.en}")
        if not ({"legal_id", "business_id", "owner_national_code"} & set(positions)):
            by_key = self.layout.by_key
            self.problem(
                table.header_row,
                "",
                "",
                MSG_MISSING_IDENTITY,
                legal=by_key["legal_id"].header("fa"),
                business=by_key["business_id"].header("fa"),
                national=by_key["owner_national_code"].header("fa"),
            )
        return self.result.problems_total == 0

    def _report_progress(self, phase: str, rows: int) -> None:
        if self.progress is not None:
            self.progress(phase, rows)

    def _parsed(self, table: Table) -> Iterator[Record]:
        for number, row_cells in table.rows():
            row = RowReader(self, number, row_cells)
            rec = self.parse(row)
            rec.ok = rec.ok and row.ok
            yield rec

    def _batches(self, records: Iterable[Record]) -> Iterator[list[Record]]:
        """Records in batches of about ``batch_rows`` that never split a group."""
        batch: list[Record] = []
        current: Group | None = None
        for rec in records:
            if self.grouped:
                starts = self._assign_group(rec, current)
                if starts and len(batch) >= self.batch_rows:
                    yield batch
                    batch = []
                current = rec.group
                assert current is not None
                if not rec.ok and self.recording:
                    self.bad_groups.add(current.id)
            elif len(batch) >= self.batch_rows:
                yield batch
                batch = []
            batch.append(rec)
        if batch:
            yield batch

    def _assign_group(self, rec: Record, current: Group | None) -> bool:
        """Put ``rec`` in the group above or a new one; True when it starts a new group."""
        if rec.continues:
            if current is not None:
                rec.group = current
                self._grouped_row(rec)
                return False
            rec.group = Group(id=rec.number, key=None, ident=None, values={})
            self.fail(rec, "", MSG_NOTHING_ABOVE)
            self._grouped_row(rec)
            return True
        if current is not None:
            self.inherit(rec, current)
        if current is not None and self.same_group(rec, current):
            rec.group = current
            self._grouped_row(rec)
            if self.recording:
                self._check_agreement(rec, current)
            return False
        key = self.group_key(rec)
        group = Group(id=rec.number, key=key, ident=rec.ident, values=rec.values, month=rec.month)
        rec.group = group
        self._grouped_row(rec)
        if self.recording and key is not None:
            first = self.seen_groups.get(key)
            if first is not None:
                self.fail(rec, "", MSG_DUPLICATE_GROUP, first=first)
            else:
                self.seen_groups[key] = rec.number
        if self.recording:
            self.check_first_row(rec)
        return True

    def _grouped_row(self, rec: Record) -> None:
        assert rec.group is not None
        if self.recording:
            self.group_sizes[rec.group.id] = self.group_sizes.get(rec.group.id, 0) + 1
            self._group_of_row[rec.number] = rec.group.id

    def _check_agreement(self, rec: Record, group: Group) -> None:
        for key in self.group_keys:
            mine = rec.values.get(key)
            if mine is None or key not in group.values:
                continue
            theirs = group.values.get(key)
            if _comparable(mine) != _comparable(theirs):
                self.fail(
                    rec,
                    key,
                    MSG_DIFFERS,
                    value=_shown(mine),
                    first=group.id,
                    expected=_shown(theirs) if theirs is not None else "—",
                )

    def _check(self, table: Table) -> None:
        """Pass 1. The parsed rows are kept in a temporary file, a batch at a time, for pass 2."""
        for batch in self._batches(self._parsed(table)):
            self.result.rows += len(batch)
            self.check_batch(batch)
            for rec in batch:
                rec.group = None  # groups are found again in pass 2
            pickle.dump(batch, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
            self._report_progress("checking", self.result.rows)

    def _taken(self, rec: Record) -> bool:
        return rec.number not in self.bad_rows and (rec.group is None or rec.group.id not in self.bad_groups)

    def _spooled(self) -> Iterator[Record]:
        self._spool.seek(0)
        while True:
            try:
                batch = pickle.load(self._spool)
            except EOFError:
                return
            yield from batch

    def _write(self) -> None:
        """Pass 2, in one transaction; a dry run rolls it back."""
        self.recording = False
        written = 0
        # Said before the transaction opens: progress written inside it would be seen only at its end.
        self._report_progress("writing", 0)
        with transaction.atomic():
            for batch in self._batches(self._spooled()):
                taken = [
                    r
                    for r in batch
                    if r.number not in self.bad_rows
                    and (r.group is None or r.group.id not in self.bad_groups)
                ]
                if taken:
                    self.write_batch(taken)
                    self._flush_events()
                written += len(batch)
                self._report_progress("writing", written)
            self.finish()
            self._flush_events()
            if self.dry_run:
                transaction.set_rollback(True)
        self.result.written = not self.dry_run

    # -- audit ---------------------------------------------------------------------------------------------

    def event(
        self,
        action: str,
        obj: Any,
        before: dict | None,
        after: dict | None,
        unit_id: int | None,
        label: str | None = None,
    ) -> None:
        if before is not None and after is not None:
            changed = {k for k in after if before.get(k) != after.get(k)}
            before = {k: v for k, v in before.items() if k in changed}
            after = {k: v for k, v in after.items() if k in changed}
        self.events.append(
            AuditEvent(
                actor=self.user,
                source=AuditEvent.Source.IMPORT,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=(str(obj) if label is None else label)[:255],
                unit_id=unit_id,
                before=before,
                after=after,
                note=self.note,
            )
        )

    def _flush_events(self) -> None:
        if self.events:
            AuditEvent.objects.bulk_create(self.events, batch_size=500)
            self.events = []

    def count(self, name: str, n: int = 1) -> None:
        if n:
            self.result.counts[name] = self.result.counts.get(name, 0) + n

    # -- shared parsing --------------------------------------------------------------------------------------

    def parse_identity(self, row: RowReader) -> Identity:
        legal = row.get("legal_id", cells.legal_id) or ""
        business = row.get("business_id", cells.business_id) or ""
        code = row.get("owner_national_code", cells.national_code) or ""
        name = row.get("name", cells.text, max_length=200) or ""
        return Identity(legal, business, code, key_of(name))

    def identity_blank(self, row: RowReader) -> bool:
        return row.all_blank(IDENTITY_KEYS)

    # -- for subclasses ------------------------------------------------------------------------------------

    def prepare(self) -> None:
        self.reference = Reference(self.region)
        self.directory = UnitDirectory(self.region)

    def parse(self, row: RowReader) -> Record:
        raise NotImplementedError

    def group_key(self, rec: Record) -> Any:
        return None

    def same_group(self, rec: Record, group: Group) -> bool:
        return False

    def inherit(self, rec: Record, group: Group) -> None:
        """Fill in what a row leaves blank because the group above says it (merged cells)."""

    def check_first_row(self, rec: Record) -> None:
        """Checks of a group's first row (required group columns)."""

    def check_batch(self, batch: list[Record]) -> None:
        """Pass 1: checks against the database, a batch at a time."""

    def write_batch(self, batch: list[Record]) -> None:
        """Pass 2: write the batch's valid rows."""

    def finish(self) -> None:
        """Pass 2, after the last batch (inside the transaction)."""


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        return key_of(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def _shown(value: Any) -> str:
    if isinstance(value, dt.date):
        from jahesh.core.jalali import format_jalali

        return format_jalali(value, persian_digits=False)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

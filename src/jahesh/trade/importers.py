"""``jahesh import trade``: world trade flows from BACI's CSV or a long table, all or nothing.

Two formats:

* ``baci`` — CEPII's BACI: columns ``t, i, j, k, v, q`` (year, exporter and importer as ISO numeric codes,
  HS6 product, value in **thousands** of USD, quantity, ignored).
* ``long`` — columns ``year, exporter, importer (optional), product, value`` (value in USD; ``country`` is
  taken for ``exporter``, as in the Growth Lab's files); locations as ISO3 or ISO numeric codes.

Rows are read one at a time and checked; flows are summed to exporter × product × year and importer × product
× year at the requested level (HS 4 or 6 digits, SITC 4). A file with any bad row writes nothing. A re-import
replaces the flows of the years and classification/level the file holds, so importing the same file twice
leaves the same database. Exit codes as ``jahesh import units``: 0 taken, 1 rows rejected, 2 unreadable.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .models import Classification, ExportFlow, ImportFlow, TradeLocation, TradeProduct, TradeYear
from .reference import COUNTRIES, ISO3_BY_NUMERIC, hs_section, sitc_section_key

MAX_LISTED = 100
FORMATS = ("baci", "long")
#: Other names of the long table's columns (the Growth Lab's ``country, product, value, year`` files).
ALIASES = {"country": "exporter", "reporter": "exporter", "partner": "importer", "time": "year"}
COLUMNS = {
    "baci": (("t", "i", "j", "k", "v"), ()),
    "long": (("year", "exporter", "product", "value"), ("importer",)),
}


@dataclass
class Problem:
    row: int | None
    column: str
    value: str
    message: str


@dataclass
class TradeImportResult:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    bad_rows: int = 0
    file_error: str | None = None
    written: bool = False
    years: list[int] = field(default_factory=list)
    export_flows: int = 0
    import_flows: int = 0
    new_locations: int = 0
    new_products: int = 0

    @property
    def exit_code(self) -> int:
        if self.file_error is not None:
            return 2
        return 0 if self.problems_total == 0 else 1

    def add(self, row: int | None, column: str, value: str, message: str) -> None:
        self.problems_total += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(Problem(row, column, value[:60], message))


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix.lower() == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _location_key(raw: str) -> str | None:
    """ISO3 (letters) or ISO numeric (digits) → ISO3 or ``#NNN`` for a numeric code we do not know."""
    s = raw.strip().upper()
    if s.isdigit() and len(s) <= 3:
        n = str(int(s))
        return ISO3_BY_NUMERIC.get(n, f"#{int(s):03d}")
    if len(s) == 3 and s.isalpha():
        return s
    return None


def read_flows(
    rows: Iterable[dict[str, str]],
    fmt: str,
    classification: str,
    level: int,
    result: TradeImportResult,
) -> tuple[dict[tuple[str, str, int], float], dict[tuple[str, str, int], float]]:
    """Check and sum the rows; problems go to ``result`` (row numbers count the header as row 1)."""
    exports: dict[tuple[str, str, int], float] = defaultdict(float)
    imports: dict[tuple[str, str, int], float] = defaultdict(float)
    baci = fmt == "baci"
    ycol, ecol, icol, pcol, vcol = ("t", "i", "j", "k", "v") if baci else (
        "year", "exporter", "importer", "product", "value")  # fmt: skip
    scale = 1000.0 if baci else 1.0
    code_len = 6 if (baci or classification == Classification.HS) else 4
    for n, row in enumerate(rows, start=2):
        result.rows += 1
        before = result.problems_total
        y = (row.get(ycol) or "").strip()
        year = int(y) if y.isdigit() else 0
        if not 1950 <= year <= 2100:
            result.add(n, ycol, y, _("not a year"))
        exporter = _location_key(row.get(ecol) or "")
        if exporter is None:
            result.add(n, ecol, row.get(ecol) or "", _("not an ISO3 or ISO numeric country code"))
        imp_raw = (row.get(icol) or "").strip()
        importer = _location_key(imp_raw) if imp_raw else None
        if imp_raw and importer is None:
            result.add(n, icol, imp_raw, _("not an ISO3 or ISO numeric country code"))
        code = (row.get(pcol) or "").strip()
        if code.isdigit() and baci and len(code) == 5:
            code = "0" + code  # BACI writes HS6 codes as integers: 010121 arrives as 10121
        if not code.isdigit() or not level <= len(code) <= code_len:
            message = _("a product code of %(lo)s to %(hi)s digits is expected")
            result.add(n, pcol, code, message % {"lo": level, "hi": code_len})
        elif classification == Classification.HS and hs_section(code) is None:
            result.add(n, pcol, code, _("no such HS chapter"))
        v = (row.get(vcol) or "").strip()
        try:
            value = float(v) * scale
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            result.add(n, vcol, v, _("a value of zero or more is expected"))
        if result.problems_total > before:
            result.bad_rows += 1
            continue
        assert exporter is not None
        product = code[:level]
        exports[(exporter, product, year)] += value
        if importer is not None:
            imports[(importer, product, year)] += value
    return exports, imports


def import_trade(path: Path, fmt: str, *, classification: str = "hs", level: int = 4) -> TradeImportResult:
    result = TradeImportResult()
    if fmt not in FORMATS:
        result.file_error = _("unknown format %(fmt)s") % {"fmt": fmt}
        return result
    if classification == Classification.SITC:
        level = 4
        if fmt == "baci":
            result.file_error = _("BACI files are in HS; use --classification hs")
            return result
    if level not in (4, 6):
        result.file_error = _("--level must be 4 or 6")
        return result
    try:
        with _open_text(path) as fh:
            reader = csv.DictReader(fh)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            if fmt == "long":
                header = [ALIASES.get(h, h) if ALIASES.get(h) not in header else h for h in header]
            reader.fieldnames = header
            required, _optional = COLUMNS[fmt]
            missing = [c for c in required if c not in header]
            if missing:
                result.file_error = _("the file lacks the columns %(cols)s") % {"cols": ", ".join(missing)}
                result.add(1, ", ".join(missing), "", result.file_error)
                return result
            exports, imports = read_flows(reader, fmt, classification, level, result)
    except (OSError, UnicodeDecodeError, csv.Error, EOFError) as exc:
        result.file_error = _("the file could not be read as CSV: %(error)s") % {"error": exc}
        result.add(None, "", "", result.file_error)
        return result
    if result.problems_total:
        return result
    _write(result, exports, imports, classification, level, source=path.name)
    return result


def ensure_locations(codes: Iterable[str]) -> tuple[dict[str, int], int]:
    """Location ids by code; missing countries are created from the ISO table (or named by their code)."""
    wanted = set(codes)
    ids = dict(TradeLocation.objects.filter(code__in=wanted).values_list("code", "id"))
    by_iso3 = {c.iso3: c for c in COUNTRIES}
    new = []
    for code in sorted(wanted - ids.keys()):
        c = by_iso3.get(code)
        if c is not None:
            new.append(TradeLocation(code=code, iso_numeric=c.iso_numeric, name=c.name, name_en=c.name_en))
        else:
            numeric = code[1:] if code.startswith("#") else ""
            new.append(TradeLocation(code=code, iso_numeric=numeric, name=code, name_en=code))
    TradeLocation.objects.bulk_create(new, batch_size=500)
    if new:
        ids = dict(TradeLocation.objects.filter(code__in=wanted).values_list("code", "id"))
    return ids, len(new)


def ensure_products(codes: Iterable[str], classification: str) -> tuple[dict[str, int], int]:
    wanted = set(codes)
    qs = TradeProduct.objects.filter(classification=classification, code__in=wanted)
    ids = dict(qs.values_list("code", "id"))
    new = []
    for code in sorted(wanted - ids.keys()):
        if classification == Classification.HS:
            s = hs_section(code)
            section = s.key if s else ""
        else:
            section = sitc_section_key(code)
        new.append(TradeProduct(classification=classification, code=code, level=len(code), section=section))
    TradeProduct.objects.bulk_create(new, batch_size=1000)
    if new:
        ids = dict(qs.values_list("code", "id"))
    return ids, len(new)


Flow = tuple[int, int, int, float]


def insert_flows(model: type[ExportFlow] | type[ImportFlow], rows: Iterator[Flow]) -> int:
    """Insert (location_id, product_id, year, value_usd) rows: COPY on PostgreSQL, executemany elsewhere."""
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        n = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} (location_id, product_id, year, value_usd) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                n += 1
        return n
    sql = f"INSERT INTO {table} (location_id, product_id, year, value_usd) VALUES (%s, %s, %s, %s)"
    total = 0
    batch: list[tuple[int, int, int, float]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 20_000:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def refresh_statistics() -> None:
    """PostgreSQL plans the year's flows badly right after a bulk load until the tables are analysed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (ExportFlow, ImportFlow):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _write(
    result: TradeImportResult,
    exports: dict[tuple[str, str, int], float],
    imports: dict[tuple[str, str, int], float],
    classification: str,
    level: int,
    *,
    source: str = "",
) -> None:
    years = sorted({y for _e, _p, y in exports} | {y for _i, _p, y in imports})
    with transaction.atomic():
        loc_ids, result.new_locations = ensure_locations({k[0] for k in exports} | {k[0] for k in imports})
        codes = {k[1] for k in exports} | {k[1] for k in imports}
        prod_ids, result.new_products = ensure_products(codes, classification)
        same = {"year__in": years, "product__classification": classification, "product__level": level}
        ExportFlow.objects.filter(**same).delete()
        result.export_flows = insert_flows(
            ExportFlow, ((loc_ids[e], prod_ids[p], y, v) for (e, p, y), v in exports.items())
        )
        if imports:
            ImportFlow.objects.filter(**same).delete()
            result.import_flows = insert_flows(
                ImportFlow, ((loc_ids[i], prod_ids[p], y, v) for (i, p, y), v in imports.items())
            )
        record_years(classification, level, exports, imports, source=source, keep_imports=not imports)
    refresh_statistics()
    result.years = years
    result.written = True


def record_years(
    classification: str,
    level: int,
    exports: Iterable[tuple[Any, Any, int]],
    imports: Iterable[tuple[Any, Any, int]],
    *,
    source: str,
    keep_imports: bool = False,
) -> None:
    """Note the years just loaded (``TradeYear``); with ``keep_imports`` the import count is left alone."""
    ex: dict[int, int] = defaultdict(int)
    im: dict[int, int] = defaultdict(int)
    for _e, _p, y in exports:
        ex[y] += 1
    for _i, _p, y in imports:
        im[y] += 1
    for y in sorted(set(ex) | set(im)):
        defaults: dict[str, Any] = {"export_flows": ex.get(y, 0), "source": source[:255]}
        if not keep_imports:
            defaults["import_flows"] = im.get(y, 0)
        TradeYear.objects.update_or_create(
            classification=classification, level=level, year=y, defaults=defaults
        )

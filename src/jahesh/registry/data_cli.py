"""The command-line side of imports and exports: ``jahesh import``, ``jahesh export``, ``jahesh template``.

``import`` prints one line per problem (row, column, value, message, separated by tabs) and exits with 0 when
everything was taken, 1 when rows or columns were rejected, 2 when the file could not be read as a table (or
the command was wrong: no such file, no region, an unknown user).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from jahesh.core.models import Role, User

from . import exports
from .importers import run_import
from .importers.columns import LAYOUTS
from .importers.engine import COUNT_LABELS
from .importers.report_xlsx import write_error_report
from .models import MonthlyReport, Region, Unit


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _region() -> Region | None:
    return Region.objects.order_by("pk").first()


def cli_import(
    kind: str,
    file: str,
    *,
    valid_only: bool = False,
    dry_run: bool = False,
    lang: str = "fa",
    username: str | None = None,
    accept: bool = False,
    correct_accepted: bool = False,
    errors: str | None = None,
) -> int:
    path = Path(file)
    with translation.override(lang):
        if not path.is_file():
            return _fail(_("%(file)s: no such file.") % {"file": file})
        region = _region()
        if region is None:
            return _fail(_("No region has been set up yet. Run “jahesh demo” or import the registry."))
        user = None
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                return _fail(_("There is no user %(name)s.") % {"name": username})
            if not (user.is_active and (user.is_superuser or user.role in (Role.ADMIN, Role.SECRETARIAT))):
                return _fail(_("Only the secretariat and administrators import data."))
        result = run_import(
            kind,
            path,
            region=region,
            user=user,
            file_name=path.name,
            valid_only=valid_only,
            dry_run=dry_run,
            accept=accept and kind == "reports",
            correct_accepted=correct_accepted and kind == "reports",
        )
        layout = LAYOUTS[kind]
        for p in result.all_problems:
            row = "-" if p.row is None else str(p.row)
            print("\t".join([row, p.column_label(layout, lang), p.value, p.message()]))
        hidden = result.problems_total - len(result.problems)
        if hidden > 0:
            print(_("… and %(n)s more problems, not listed.") % {"n": hidden})
        if errors and result.all_problems:
            write_error_report(errors, result, path, lang=lang)
        print(_summary(result), file=sys.stderr)
    return result.exit_code


def _summary(result: Any) -> str:
    parts = [
        _("%(read)s rows read, %(bad)s with problems, %(taken)s taken")
        % {
            "read": result.rows,
            "bad": result.invalid_rows,
            "taken": result.taken_rows if result.written else 0,
        }
    ]
    parts += [f"{COUNT_LABELS.get(k, k)}: {n}" for k, n in result.counts.items() if n]
    if result.file_error is not None:
        parts.append(_("the file could not be read"))
    elif result.dry_run and result.problems_total == 0:
        parts.append(_("dry run: nothing was written"))
    elif not result.written:
        parts.append(_("nothing was written"))
    elif not result.counts:
        parts.append(_("nothing changed"))
    return "; ".join(str(p) for p in parts) + "."


def _counted(rows: Iterator[list[Any]], counter: list[int]) -> Iterator[list[Any]]:
    for row in rows:
        counter[0] += 1
        yield row


def _format_of(file: str) -> str | None:
    suffix = Path(file).suffix.lower()
    return {".xlsx": "xlsx", ".csv": "csv"}.get(suffix)


def cli_export(kind: str, file: str, *, lang: str = "fa") -> int:
    fmt = _format_of(file)
    with translation.override(lang):
        if fmt is None:
            return _fail(_("Name the file .xlsx or .csv."))
        region = _region()
        if region is None:
            return _fail(_("No region has been set up yet. Run “jahesh demo” or import the registry."))
        units = Unit.objects.filter(region=region).order_by("name_key", "pk")
        counter = [0]
        rows = _counted(exports.rows_for(kind, units, MonthlyReport.objects.all(), lang=lang), counter)
        exports.write_file(file, exports.export_chunks(kind, fmt, rows, lang=lang))
        print(
            _("%(n)s rows written to %(file)s.") % {"n": max(0, counter[0] - 1), "file": file},
            file=sys.stderr,
        )
    return 0


def cli_template(kind: str, file: str, *, lang: str = "fa") -> int:
    fmt = _format_of(file)
    with translation.override(lang):
        if fmt is None:
            return _fail(_("Name the file .xlsx or .csv."))
        exports.write_file(file, exports.template_chunks(kind, fmt, lang=lang))
    return 0

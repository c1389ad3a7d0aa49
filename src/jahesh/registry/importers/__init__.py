"""Importing the registry from Excel and CSV files: units with their product lines, inputs, monthly reports.

``run_import(kind, path, region=…, user=…)`` checks every row and, unless a row is bad (or the caller asked
for the valid rows only), writes the file in one transaction; it returns an ``ImportResult`` with the problems
row by row. ``error_report`` writes the marked-up workbook. See docs/import.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .columns import LAYOUTS
from .engine import Importer, ImportResult, Problem, ProgressFn
from .inputs import InputImporter
from .reading import FileError
from .reports import ReportImporter
from .units import UnitImporter

IMPORTERS: dict[str, type[Importer]] = {
    "units": UnitImporter,
    "inputs": InputImporter,
    "reports": ReportImporter,
}
KINDS = tuple(IMPORTERS)


def run_import(
    kind: str,
    path: str | Path,
    *,
    region: Any,
    user: Any = None,
    file_name: str = "",
    valid_only: bool = False,
    dry_run: bool = False,
    accept: bool = False,
    correct_accepted: bool = False,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Import ``path`` as ``kind`` ("units", "inputs" or "reports") into ``region``."""
    importer = IMPORTERS[kind](
        region=region,
        user=user,
        file_name=file_name or Path(path).name,
        valid_only=valid_only,
        dry_run=dry_run,
        accept=accept,
        correct_accepted=correct_accepted,
        progress=progress,
    )
    return importer.run(path)


__all__ = ["KINDS", "LAYOUTS", "FileError", "ImportResult", "Problem", "run_import"]

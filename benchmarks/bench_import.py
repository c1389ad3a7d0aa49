"""How long a 100,000-row import takes, and how much memory it needs.

    createdb -h 127.0.0.1 -U postgres jahesh_import_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jahesh_import_bench python benchmarks/bench_import.py

EMPTIES the database named by DATABASE_URL (SQLite under JAHESH_HOME by default), builds the demo region's
reference data, writes a units file of --rows rows (two product lines per unit) and a reports file of as many
rows (one month of those units) as .xlsx in a separate process, then imports each into the database and
imports each a second time (nothing changes: the idempotent path). Prints the seconds of each import and the
peak resident memory of the importing process. Targets (issue 3): a 100,000-row import in at most 90 s and
1.5 GB.

With --national the database is NOT emptied: it must hold a generated registry (benchmarks/bench_scale.py
runs this on a copy of its 100,000-unit registry). The units file then adds --rows / 2 new units to it, and
the reports file holds the next month's reports (--rows rows) of existing units that reported in the
registry's last month, so that the status of units with three years of history is recomputed after it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.settings")

TARGET_SECONDS = 90
TARGET_MB = 1536


def peak_mb() -> float:
    """The process's peak resident memory, MB.

    VmHWM on Linux: ru_maxrss carries the high-water mark of the process that started this one across exec
    (benchmarks/bench_scale.py, which holds a few hundred MB), so it would not be the import's own.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _hs_codes(rng: random.Random, n: int) -> list[str]:
    codes = set()
    while len(codes) < n:
        chapter = rng.choice([c for c in range(1, 98) if c != 77])
        codes.add(f"{chapter:02d}{rng.randint(1, 20):02d}{rng.randint(0, 99):02d}")
    return sorted(codes)


def write_files(
    units_path: str, reports_path: str, rows: int, counties: list[str], month: str, seed: int
) -> None:
    """Runs in a child process, so that the importer's peak memory is measured on its own."""
    from openpyxl import Workbook

    from jahesh.core.identifiers import isic_classes, make_legal_id

    rng = random.Random(seed)
    isic = [c for c in sorted(isic_classes()) if "10" <= c[:2] <= "33"]
    hs = _hs_codes(rng, 400)
    n_units = rows // 2
    legal: list[str] = []
    seen: set[str] = set()
    while len(legal) < n_units:
        code = make_legal_id(rng)
        if code not in seen:
            seen.add(code)
            legal.append(code)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("units")
    unit_columns = ["شناسه ملی", "نام واحد", "شهرستان", "کد آیسیک", "تاریخ پروانه بهره‌برداری", "وضعیت مجوز"]
    ws.append([*unit_columns, "کد تعرفه (HS)", "نام محصول", "واحد سنجش", "ظرفیت اسمی سالانه", "صادرات‌محور"])
    lines: list[tuple[str, str]] = []
    for i, code in enumerate(legal):
        first_hs, second_hs = rng.sample(hs, 2)
        unit = [
            code,
            f"واحد تولیدی شماره {i}",
            rng.choice(counties),
            rng.choice(isic),
            f"{rng.randint(1380, 1402)}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}",
            "پروانه بهره‌برداری",
        ]
        for j, product_hs in enumerate((first_hs, second_hs)):
            name = f"محصول {product_hs}-{j}"
            lines.append((product_hs, name))
            ws.append([*unit, product_hs, name, "تن", rng.randint(1000, 500000), "بله" if j else "خیر"])
    wb.save(units_path)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("reports")
    ws.append(["شناسه ملی", "ماه (شمسی)", "اشتغال", "فروش (ریال)", "کد تعرفه (HS)", "نام محصول", "تولید ماه"])
    for i, code in enumerate(legal):
        employment, sales = rng.randint(5, 400), rng.randint(10**8, 10**11)
        for j in range(2):
            product_hs, name = lines[2 * i + j]
            ws.append([code, month, employment, sales, product_hs, name, rng.randint(0, 80)])
    wb.save(reports_path)


def write_next_month(reports_path: str, rows: int, seed: int) -> None:
    """Runs in a child process: the next month's reports of existing units, read from the database."""
    import django

    django.setup()
    from openpyxl import Workbook

    from jahesh.core.jalali import from_month_index
    from jahesh.registry.importers.columns import REPORTS
    from jahesh.registry.models import MonthlyReport, ProductLine

    rng = random.Random(seed)
    last = MonthlyReport.objects.order_by("-month").values_list("month", flat=True).first()
    year, month = from_month_index(last + 1)
    unit_ids = sorted(MonthlyReport.objects.filter(month=last).values_list("unit_id", flat=True))
    rng.shuffle(unit_ids)
    lines: dict[int, list[tuple[str, str, object]]] = {}
    for start in range(0, len(unit_ids), 5000):
        chunk = unit_ids[start : start + 5000]
        for unit_id, hs, name, capacity in ProductLine.objects.filter(unit_id__in=chunk).values_list(
            "unit_id", "hs_code", "name", "nominal_capacity"
        ):
            lines.setdefault(unit_id, []).append((hs, name, capacity))
        if sum(map(len, lines.values())) >= rows:
            break
    identity = {
        pk: (legal or "", business or "", code or "", name)
        for pk, legal, business, code, name in MonthlyReport.objects.filter(
            month=last, unit_id__in=list(lines)
        ).values_list(
            "unit_id", "unit__legal_id", "unit__business_id", "unit__owner_national_code", "unit__name"
        )
    }
    keys = ["legal_id", "business_id", "owner_national_code", "name", "month", "employment", "sales_irr"]
    keys += ["hs_code", "product", "output"]
    headers = {c.key: c.header("fa") for c in REPORTS.columns}
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("reports")
    ws.append([headers[k] for k in keys])
    written = 0
    for unit_id in unit_ids:
        if unit_id not in lines or written >= rows:
            continue
        employment, sales = rng.randint(5, 400), rng.randint(10**8, 10**11)
        for hs, name, capacity in lines[unit_id]:
            output = round(float(capacity) / 12 * rng.uniform(0, 1.1), 1)
            ws.append([*identity[unit_id], f"{year}/{month:02d}", employment, sales, hs, name, output])
            written += 1
    wb.save(reports_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the figures to this file (for benchmarks/bench_scale.py)")
    parser.add_argument(
        "--national", action="store_true", help="import into the registry that is there (see above)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jahesh.core.jalali import from_month_index
    from jahesh.core.models import Role, User
    from jahesh.demo.generate import build_region
    from jahesh.registry.importers import run_import
    from jahesh.registry.models import County, MonthlyReport, ProductLine, Region, Unit
    from jahesh.registry.stats import current_report_month

    call_command("migrate", verbosity=0)
    if args.national:
        region = Region.objects.order_by("pk").first()
        if region is None or not MonthlyReport.objects.exists():
            sys.exit("--national needs a generated registry in the database")
    else:
        call_command("flush", interactive=False, verbosity=0)
        region = build_region(seed=args.seed)
    user, _ = User.objects.get_or_create(username="bench-secretariat", defaults={"role": Role.SECRETARIAT})
    counties = list(County.objects.filter(region=region).values_list("name", flat=True))
    year, month = from_month_index(current_report_month())
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, {Unit.objects.count():,} units")

    with tempfile.TemporaryDirectory() as tmp:
        units_path, reports_path = str(Path(tmp) / "units.xlsx"), str(Path(tmp) / "reports.xlsx")
        t0 = time.perf_counter()
        # Another seed for the national registry's new units: the generator drew its identifiers from seed 1.
        seed = args.seed + 7918 if args.national else args.seed
        spawn = multiprocessing.get_context("spawn")
        children = [
            spawn.Process(
                target=write_files,
                args=(units_path, reports_path, args.rows, counties, f"{year}/{month:02d}", seed),
            )
        ]
        if args.national:  # the reports file is the next month of existing units instead
            next_month = (reports_path + ".next", args.rows, seed)
            children.append(spawn.Process(target=write_next_month, args=next_month))
        for child in children:
            child.start()
            child.join()
            if child.exitcode != 0:
                sys.exit("writing the files failed")
        if args.national:
            os.replace(reports_path + ".next", reports_path)
        size = Path(units_path).stat().st_size / 2**20
        took = time.perf_counter() - t0
        print(f"wrote two files of {args.rows:,} rows ({size:.1f} MB units.xlsx) in {took:.1f} s")
        print(f"peak memory before importing: {peak_mb():.0f} MB")

        figures = []
        for kind, path in (("units", units_path), ("reports", reports_path)):
            for attempt in ("first", "again"):
                t0 = time.perf_counter()
                result = run_import(kind, path, region=region, user=user)
                seconds = time.perf_counter() - t0
                ok = result.exit_code == 0
                figures.append((kind, attempt, result.rows, seconds, peak_mb(), ok))
                counts = ", ".join(f"{k} {v:,}" for k, v in result.counts.items()) or "no changes"
                print(
                    f"import {kind:<7} {attempt:<5} {result.rows:>8,} rows  {seconds:6.1f} s  "
                    f"peak {peak_mb():6.0f} MB  exit {result.exit_code}  ({counts})"
                )
                if not ok:
                    for p in result.all_problems[:5]:
                        print(f"   row {p.row} {p.column}: {p.message()}")
    print(
        f"\nin the database: {Unit.objects.count():,} units, {ProductLine.objects.count():,} product lines, "
        f"{MonthlyReport.objects.count():,} reports"
    )
    worst = max(s for *_x, s, _m, _ok in figures)
    peak = peak_mb()
    verdict = (
        "within" if worst <= TARGET_SECONDS and peak <= TARGET_MB and all(f[-1] for f in figures) else "OVER"
    )
    print(
        f"slowest import {worst:.1f} s (target {TARGET_SECONDS} s); peak memory {peak:.0f} MB "
        f"(target {TARGET_MB} MB): {verdict} target"
    )
    if args.json:
        keys = ("kind", "attempt", "rows", "seconds", "peak_mb", "ok")
        rows = [dict(zip(keys, f, strict=True)) for f in figures]
        Path(args.json).write_text(json.dumps({"national": args.national, "imports": rows}))


if __name__ == "__main__":
    main()

"""How fast the demo generator fills a database, and how much memory it needs.

    createdb -h 127.0.0.1 -U postgres jahesh_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jahesh_bench \
        python benchmarks/bench_generate.py --units 100000 --months 36

Migrates the configured database, EMPTIES IT (``flush``; pass --append to add to what is there), builds the
demo region, times ``generate_units`` and prints units/s, rows/s, the peak resident memory, the row totals,
the status mix and (on PostgreSQL) the database's size. The design's national scale is 100,000 units with
3,000,000 monthly reports; the target is minutes, not hours.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.settings")


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--end-month", type=int, default=None, help="month index (default: last complete month)"
    )
    parser.add_argument("--append", action="store_true", help="keep the database's contents")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jahesh.demo.generate import build_region, generate_units
    from jahesh.registry.models import Unit

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not args.append:
        call_command("flush", interactive=False, verbosity=0)
    region = build_region(seed=args.seed)
    print(f"migrate and region: {time.perf_counter() - t0:.1f} s")

    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done == total or done % 10_000 == 0:
            elapsed = time.perf_counter() - started
            print(
                f"  {done:>7,} / {total:,} units  {elapsed:7.1f} s  peak RSS {peak_rss_mib():6.0f} MiB",
                flush=True,
            )

    summary = generate_units(
        region, args.units, months=args.months, seed=args.seed, end_month=args.end_month, progress=progress
    )
    s = summary.seconds
    print()
    print(f"units            {summary.units:>12,}")
    print(f"product lines    {summary.product_lines:>12,}")
    print(f"inputs           {summary.inputs:>12,}")
    print(f"monthly reports  {summary.reports:>12,}")
    print(f"report lines     {summary.report_lines:>12,}")
    print(f"exports          {summary.exports:>12,}")
    print(f"rows             {summary.rows:>12,}")
    print(f"seconds          {s:>12.1f}")
    print(f"units/s          {summary.units / s:>12,.0f}")
    print(f"rows/s           {summary.rows / s:>12,.0f}")
    print(f"peak RSS (MiB)   {peak_rss_mib():>12,.0f}")
    mix = Counter(Unit.objects.filter(region=region).values_list("status", flat=True))
    print("status mix       " + ", ".join(f"{k} {v:,}" for k, v in sorted(mix.items())))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"database size    {cursor.fetchone()[0]:>12}")


if __name__ == "__main__":
    main()

"""The revival pages at the national scale: p50/p95 of the early-warning watch list and the screening list,
the full refresh of their stored rows (time and peak memory), and a page that recomputes a few changed units.

    JAHESH_HOME=/tmp/jh-bench20 .venv/bin/python benchmarks/bench_revival_pages.py --build --units 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jahesh_revival_bench \
        .venv/bin/python benchmarks/bench_revival_pages.py --build --units 100000

Steps:

1. Migrates; with --build EMPTIES the database (SQLite under JAHESH_HOME, or DATABASE_URL) and generates
   --units units × --months months with ``jahesh.demo.generate`` (what ``jahesh generate`` runs).
2. ANALYZE on PostgreSQL (this server runs with autovacuum off), again for the stored rows after step 4.
   Generated registries have no cases, so screening would say "insufficient data" for every unit: gives
   --case-share of the idle and semi-active units one to three synthetic cases (random sub-categories,
   amounts 1–50 billion rials, a fifth closed), with ``bulk_create``, in this script only. Skipped when the
   registry already has cases.
3. The old way, once (--old): ``figures.watch_list`` and ``figures.screening`` computed in full, as each
   page request did before the rows were stored.
4. The full refresh (``stored.refresh_region``, what ``jahesh manage revival_refresh`` and *Recompute now*
   run), in a child process of its own so that its peak RSS (``VmHWM``) is the refresh's alone.
5. --requests requests of each page after --warmup, in-process with Django's test client signed in as a
   secretariat user, with varied realistic parameters (pages up to the last, counties, reasons, verdicts,
   statuses); p50 and p95 against the target (p95 ≤ 300 ms, docs/performance.md).
6. A page load that finds 50 units changed since (audit events, as a review of their reports writes) and
   recomputes them while the page waits.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.settings")

TARGET_MS = 300


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def vm_hwm_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(units: int, months: int, seed: int) -> None:
    from django.core.management import call_command

    from jahesh.demo.generate import build_region, generate_units

    call_command("flush", interactive=False, verbosity=0)
    region = build_region(seed=seed)
    summary = generate_units(region, units, months=months, seed=seed)
    print(f"generated {summary.units:,} units, {summary.reports:,} reports in {summary.seconds:.0f} s")


def synthetic_cases(share: float, seed: int) -> int:
    from jahesh.cases.models import Case, Category
    from jahesh.registry.models import OperatingStatus, Unit

    if Case.objects.exists():
        return 0
    prng = random.Random(seed)
    categories = list(Category.objects.filter(parent__isnull=False).order_by("code"))
    ids = list(
        Unit.objects.filter(status__in=[OperatingStatus.IDLE, OperatingStatus.SEMI_ACTIVE])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    cases = []
    for u in ids:
        if prng.random() >= share:
            continue
        for _ in range(prng.randint(1, 3)):
            closed = prng.random() < 0.2
            cases.append(
                Case(
                    unit_id=u,
                    category=prng.choice(categories),
                    title="مانع تولید",
                    description="مورد ساختگی برای سنجش",
                    amount_irr=Decimal(prng.randint(1, 50)) * Decimal("1e9"),
                    state=Case.State.CLOSED if closed else Case.State.NEW,
                    outcome=Case.Outcome.values[0] if closed else "",
                )
            )
    Case.objects.bulk_create(cases, batch_size=2000)
    return len(cases)


def refresh_child() -> None:
    """Run in a child process: one full refresh; prints its time and peak RSS as JSON."""
    import django

    django.setup()
    from jahesh.registry.models import Region
    from jahesh.revival import stored

    region = Region.objects.order_by("pk").first()
    started = time.perf_counter()
    done = stored.refresh_region(region)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "compute_seconds": done.seconds,
                "watched": done.watched,
                "screened": done.screened,
                "peak_mib": vm_hwm_mib(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="EMPTY the database and generate the registry")
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--case-share", type=float, default=0.7)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--old", action="store_true", help="also time the on-the-fly computation once")
    parser.add_argument("--refresh-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.refresh_child:
        refresh_child()
        return

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from jahesh.core.models import AuditEvent, Role, User
    from jahesh.registry.models import County, MonthlyReport, Region, Unit
    from jahesh.revival import figures, stored
    from jahesh.revival.models import ScreeningRow, WatchRow

    call_command("migrate", verbosity=0)
    if args.build:
        build(args.units, args.months, args.seed)
    made = synthetic_cases(args.case_share, args.seed)
    if made:
        print(f"synthetic cases: {made:,}")
    region = Region.objects.order_by("pk").first()
    if connection.vendor == "postgresql":  # what autovacuum does after a bulk load (off on this server)
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"ANALYZE: {time.perf_counter() - t0:.1f} s")
    print(
        f"database: {connection.vendor}, {Unit.objects.count():,} units, "
        f"{MonthlyReport.objects.count():,} reports; load average {os.getloadavg()[0]:.2f}"
    )

    if args.old:
        t0 = time.perf_counter()
        w = figures.watch_list(region)
        t1 = time.perf_counter()
        s = figures.screening(region)
        t2 = time.perf_counter()
        print(
            f"on the fly (each request before): watch list {t1 - t0:.2f} s ({len(w.frame):,} units), "
            f"screening {t2 - t1:.2f} s ({len(s):,} units)"
        )

    child = subprocess.run(
        [sys.executable, __file__, "--refresh-child"],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    refresh = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"full refresh: {refresh['seconds']:.1f} s (computation {refresh['compute_seconds']:.1f} s), "
        f"{refresh['watched']:,} watched, {refresh['screened']:,} screened, "
        f"peak RSS {refresh['peak_mib']:.0f} MiB"
    )

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after the refresh's bulk insert (off on this server): statistics, and the
            # visibility map that lets the order indexes answer a deep page alone.
            cursor.execute("VACUUM ANALYZE revival_watchrow")
            cursor.execute("VACUUM ANALYZE revival_screeningrow")
            cursor.execute("ANALYZE core_auditevent")
    user, _ = User.objects.get_or_create(username="bench-revival", defaults={"role": Role.SECRETARIAT})
    client = Client()
    client.force_login(user)
    prng = random.Random(args.seed)
    counties = list(County.objects.filter(region=region).values_list("pk", flat=True))
    n_watch = WatchRow.objects.filter(region=region).count()
    n_screen = ScreeningRow.objects.filter(region=region).count()
    from django.conf import settings

    page_size = settings.JAHESH_PAGE_SIZE

    def watch_url() -> str:
        params = []
        if prng.random() < 0.4:
            params.append(f"county={prng.choice(counties)}")
        if prng.random() < 0.3:
            params.append(f"reason={prng.choice(['drop', 'silent', 'employment'])}")
        last = max(1, n_watch // page_size)
        params.append(f"page={prng.randint(1, last) if prng.random() < 0.3 else prng.randint(1, 3)}")
        return "/revival/watch/?" + "&".join(params)

    def screening_url() -> str:
        params = []
        if prng.random() < 0.4:
            params.append(f"verdict={prng.choice(['revivable', 'not_revivable', 'insufficient_data'])}")
        if prng.random() < 0.4:
            params.append(f"county={prng.choice(counties)}")
        if prng.random() < 0.2:
            params.append(f"status={prng.choice(['idle', 'semi_active'])}")
        last = max(1, n_screen // page_size)
        params.append(f"page={prng.randint(1, last) if prng.random() < 0.3 else prng.randint(1, 3)}")
        return "/revival/screening/?" + "&".join(params)

    results = {}
    for name, make in (
        ("watch list /revival/watch/", watch_url),
        ("screening /revival/screening/", screening_url),
    ):
        for _ in range(args.warmup):
            client.get(make())
        times = []
        for _ in range(args.requests):
            url = make()
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        p50, p95 = statistics.median(times), percentile(times, 95)
        results[name] = (p50, p95)
        print(
            f"{name:32} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
            f"(target p95 ≤ {TARGET_MS} ms: {p95 / TARGET_MS:.2f})"
        )

    # 50 units changed (as reviews of their reports record): the next page recomputes them while it waits.
    units = list(Unit.objects.filter(region=region).order_by("?").values_list("pk", flat=True)[:50])
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(action="bench.changed", object_type="registry.unit", object_id=str(u), unit_id=u)
            for u in units
        ]
    )
    t0 = time.perf_counter()
    response = client.get("/revival/watch/")
    changed_ms = (time.perf_counter() - t0) * 1000
    assert response.status_code == 200
    print(f"watch list after 50 units changed (recomputed while the page waits): {changed_ms:.0f} ms")
    print(f"rows stored: {n_watch:,} watched, {n_screen:,} screened; stored.MAX_INLINE = {stored.MAX_INLINE}")


if __name__ == "__main__":
    main()

"""How fast the registry's pages answer at a given scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jahesh_bench \
        python benchmarks/bench_registry.py --units 100000

Builds (or reuses, with --reuse) a synthetic registry in the configured database, then times the province
overview, the unit list (plain, filtered, searched, last page), the unit page and the Excel export of a
county, each several times, and prints the median, the number of SQL queries and the ratio to the target.
Targets: a list or page answers in under 0.5 s at the national scale (100,000 units).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.settings")
os.environ.setdefault("JAHESH_ALLOWED_HOSTS", "testserver")

TARGET_SECONDS = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="use the units already in the database")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jahesh.core.models import Role, User
    from jahesh.demo.generate import build_region, generate_units
    from jahesh.registry.models import County, Unit

    call_command("migrate", verbosity=0)
    if not args.reuse:
        call_command("flush", interactive=False, verbosity=0)
        region = build_region(seed=1)
        t0 = time.perf_counter()
        summary = generate_units(region, args.units, months=args.months, seed=1)
        print(f"generated {summary} in {time.perf_counter() - t0:.1f} s")
    user, _ = User.objects.get_or_create(username="bench-secretariat", defaults={"role": Role.SECRETARIAT})
    client = Client()
    client.force_login(user)
    n = Unit.objects.count()
    county = County.objects.order_by("-population").first()
    unit = Unit.objects.filter(status="active").order_by("pk").first()
    pages = (n + 49) // 50
    cases = [
        ("overview", "/", {}),
        ("unit list", "/units/", {}),
        ("unit list, county + idle", "/units/", {"county": county.pk, "status": "idle"}),
        ("unit list, search", "/units/", {"q": "سیمان"}),
        ("unit list, last page by utilisation", "/units/", {"sort": "-utilisation", "page": pages}),
        ("unit page", f"/units/{unit.pk}/", {}),
        ("Excel export of one county", "/units/export.xlsx", {"county": county.pk}),
    ]
    print(f"\n{n:,} units on {connection.vendor}; median of {args.repeat} runs; target {TARGET_SECONDS} s")
    print(f"{'page':<40} {'median s':>9} {'queries':>8} {'× target':>9}")
    for name, url, params in cases:
        times = []
        queries = 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url, params)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(ctx.captured_queries)
        median = statistics.median(times)
        print(f"{name:<40} {median:>9.3f} {queries:>8} {median / TARGET_SECONDS:>9.2f}")


if __name__ == "__main__":
    main()

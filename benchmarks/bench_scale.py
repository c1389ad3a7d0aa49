"""National scale: p50 and p95 of the registry's pages and API at 100,000 units, and the 100,000-row imports.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jahesh_bench \
        .venv/bin/python benchmarks/bench_scale.py [--build] [--requests 200] [--json FILE]

The one entry point for the targets of issue 3, part 4; docs/performance.md has the figures. Steps:

1. With --build: migrates, EMPTIES the database named by DATABASE_URL and generates --units units with
   --months months of reports (``jahesh generate``; about 200 s for 100,000 × 36). Without it, migrates and
   reuses the registry that is there.
2. ANALYZE of the registry's tables (what autovacuum does after a bulk load; this machine's server runs
   with autovacuum off, and without statistics PostgreSQL plans these queries badly). --no-analyze skips it.
3. Starts ``jahesh serve`` (waitress) on 127.0.0.1 on a free port and measures over real HTTP, one request
   at a time, after --warmup requests, --requests requests of each case: the unit list with varied filters,
   searches, sorts and pages (a tenth anywhere up to the last page), the province overview, a unit page
   (random units) and the API unit list (``/api/v1/units``, a Bearer token of a secretariat user, varied
   filters, pages and page sizes). Then a few fixed URLs (--named-repeat times each) and the Excel export of
   the largest county (--export-repeat times). The same URLs are then timed in-process with Django's test
   client, which also counts the SQL queries of each case (--via chooses).
4. Imports 100,000-row .xlsx files (benchmarks/bench_import.py, in a process of its own so that its peak
   RSS is the import's): into an empty registry in the scratch database --import-database (EMPTIED), and
   into a copy of the benchmark's registry (``CREATE DATABASE … TEMPLATE``, dropped afterwards): 50,000 new
   units with two product lines each, then the next month's reports of 57,000 units with three years of
   history; each file twice (the second time changes nothing).
5. Prints every figure with the database size (pg_database_size), the load average and the ratio to each
   target: list and unit pages p95 ≤ 150 ms; overview p95 ≤ 300 ms; API list p95 ≤ 100 ms; a 100,000-row
   import ≤ 90 s in ≤ 1.5 GB.

Loopback only; every case makes a bounded number of requests. About 15 minutes without --build.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jahesh.settings")

TARGETS_MS = {"unit list": 150, "overview": 300, "unit page": 150, "API unit list": 100}
IMPORT_TARGET_S = 90
IMPORT_TARGET_MB = 1536


@dataclass
class Figure:
    case: str
    via: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    target_ms: float | None
    queries: int | None = None

    @property
    def ratio(self) -> float | None:
        return self.p95_ms / self.target_ms if self.target_ms else None


@dataclass
class Results:
    machine: dict[str, str] = field(default_factory=dict)
    database: dict[str, object] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    imports: list[dict[str, object]] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile by linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    import django

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


# -- the registry ------------------------------------------------------------------------------------------


def build(units: int, months: int, seed: int) -> None:
    from django.core.management import call_command

    from jahesh.demo.generate import build_region, generate_units

    call_command("flush", interactive=False, verbosity=0)
    region = build_region(seed=seed)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done == total or done % 10_000 == 0:
            print(f"  {done:>7,} / {total:,} units  {time.perf_counter() - started:7.1f} s", flush=True)

    summary = generate_units(region, units, months=months, seed=seed, progress=progress)
    print(f"generated {summary.units:,} units, {summary.reports:,} reports in {summary.seconds:.0f} s")


REGISTRY_TABLES = [
    "registry_unit",
    "registry_productline",
    "registry_input",
    "registry_monthlyreport",
    "registry_reportline",
    "registry_reportexport",
    "registry_county",
    "registry_estate",
    "core_auditevent",
    "core_user",
    "api_token",
    "django_session",
]


def analyze() -> float:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for table in REGISTRY_TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return time.perf_counter() - t0


def database_facts() -> dict[str, object]:
    from django.db import connection

    from jahesh.registry.models import MonthlyReport, ProductLine, ReportLine, Unit

    facts: dict[str, object] = {
        "vendor": connection.vendor,
        "name": connection.settings_dict["NAME"],
        "units": Unit.objects.count(),
        "product_lines": ProductLine.objects.count(),
        "reports": MonthlyReport.objects.count(),
        "report_lines": ReportLine.objects.count(),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_database_size(current_database()), "
                "pg_size_pretty(pg_database_size(current_database())), version()"
            )
            size, pretty, version = cursor.fetchone()
            cursor.execute("SHOW shared_buffers")
            facts["shared_buffers"] = cursor.fetchone()[0]
            cursor.execute("SHOW autovacuum")
            facts["autovacuum"] = cursor.fetchone()[0]
        facts |= {"size_bytes": size, "size": pretty, "server": version.split(" on ")[0]}
    return facts


# -- the requests ------------------------------------------------------------------------------------------


class Mix:
    """Realistic, varied parameters drawn from what is in the database (seeded: the same run each time)."""

    def __init__(self, seed: int) -> None:
        from jahesh.core.identifiers import ISIC_DIVISIONS
        from jahesh.registry import stats
        from jahesh.registry.forms import SORTS
        from jahesh.registry.models import County, Estate, OperatingStatus, Unit

        self.rng = random.Random(seed)
        self.counties = list(County.objects.values_list("pk", flat=True))
        self.estates = list(Estate.objects.values_list("pk", "county_id"))
        self.statuses = list(OperatingStatus.values)
        self.bands = list(stats.BAND_CODES)
        self.freshness = [code for code, _label in stats.FRESHNESS]
        self.sorts = list(SORTS)
        self.unit_ids = list(Unit.objects.values_list("pk", flat=True))
        sample = self.rng.sample(self.unit_ids, min(400, len(self.unit_ids)))
        rows = list(
            Unit.objects.filter(pk__in=sample).values_list(
                "name", "isic", "legal_id", "business_id", "postal_code"
            )
        )
        words = sorted({w for name, *_r in rows for w in name.split() if len(w) >= 3 and not w.isdigit()})
        self.words = words or ["واحد"]
        self.identifiers = [
            ident[: self.rng.randint(5, 8)] for *_n, legal, _b, _p in rows if (ident := legal)
        ]
        self.identifiers += [b[:6] for *_n, b, _p in rows if b]
        self.identifiers += [p[:5] for *_n, p in rows if p]
        self.isic_classes = sorted({isic for _n, isic, *_r in rows})
        self.isic_divisions = sorted({isic[:2] for isic in self.isic_classes if isic[:2] in ISIC_DIVISIONS})
        self._count_cache: dict[str, int] = {}

    def _search(self) -> str:
        r = self.rng.random()
        if r < 0.6:
            return self.rng.choice(self.words)
        if r < 0.75:
            return " ".join(self.rng.sample(self.words, 2))  # two words: usually nothing matches
        if r < 0.95 and self.identifiers:
            return self.rng.choice(self.identifiers)
        return "".join(self.rng.choice("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی") for _ in range(5))

    def filters(self) -> dict[str, object]:
        """The filters a user sets on the unit list: most lists carry one or two."""
        rng = self.rng
        params: dict[str, object] = {}
        if rng.random() < 0.25:
            params["q"] = self._search()
        if rng.random() < 0.4:
            params["county"] = rng.choice(self.counties)
        if rng.random() < 0.1 and self.estates:
            estate, county = rng.choice(self.estates)
            params["estate"] = estate
            if "county" in params:
                params["county"] = county
        if rng.random() < 0.15:
            params["isic"] = rng.choice(self.isic_divisions if rng.random() < 0.7 else self.isic_classes)
        if rng.random() < 0.35:
            params["status"] = rng.sample(self.statuses, rng.choice((1, 1, 2)))
        if rng.random() < 0.2:
            params["band"] = rng.choice(self.bands)
        if rng.random() < 0.15:
            params["freshness"] = rng.choice(self.freshness)
        if rng.random() < 0.5:
            params["sort"] = rng.choice(self.sorts)
        return params

    def count(self, params: dict[str, object]) -> int:
        from django.http import QueryDict

        from jahesh.registry.forms import UnitFilterForm
        from jahesh.registry.models import Region, Unit

        key = urllib.parse.urlencode(sorted(params.items()), doseq=True)
        if key not in self._count_cache:
            data = QueryDict(key)
            region = Region.objects.order_by("pk").first()
            self._count_cache[key] = UnitFilterForm(data, region=region).filter(Unit.objects.all()).count()
        return self._count_cache[key]

    def page(self, params: dict[str, object], page_size: int) -> int:
        """Page 1 mostly, one of the next few often, one anywhere up to the last page one time in ten."""
        r = self.rng.random()
        if r < 0.7:
            return 1
        pages = max(1, -(-self.count(params) // page_size))
        if r < 0.9:
            return min(pages, self.rng.randint(2, 10))
        return self.rng.randint(1, pages)

    def unit_list(self) -> str:
        params = self.filters()
        page = self.page(params, 50)
        if page > 1:
            params["page"] = page
        return "/units/?" + urllib.parse.urlencode(params, doseq=True) if params else "/units/"

    def api_units(self) -> str:
        params = self.filters()
        page_size = 200 if self.rng.random() < 0.2 else 50
        page = self.page(params, page_size)
        if page > 1:
            params["page"] = page
        if page_size != 50:
            params["page_size"] = page_size
        return "/api/v1/units?" + urllib.parse.urlencode(params, doseq=True) if params else "/api/v1/units"

    def unit_page(self) -> str:
        return f"/units/{self.rng.choice(self.unit_ids)}/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``jahesh serve`` in a child process on loopback; stopped (by its own pid) when done."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = dict(os.environ)
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/jahesh"), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jahesh serve stopped: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("jahesh serve did not start within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _status(client: HttpClient, url: str) -> int:
    return client.get(url)[0]


class HttpClient:
    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.port = port
        self.headers = headers
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, url: str) -> tuple[int, int]:
        for attempt in range(2):
            try:
                self.conn.request("GET", url, headers=self.headers)
                response = self.conn.getresponse()
                body = response.read()
                return response.status, len(body)
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def time_urls(get: Callable[[str], int], urls: list[str], warmup: list[str], slowest: int = 0) -> list[float]:
    for url in warmup:
        status = get(url)
        assert status == 200, (url, status)
    times = []
    for url in urls:
        t0 = time.perf_counter()
        status = get(url)
        times.append(time.perf_counter() - t0)
        assert status == 200, (url, status)
    for t, url in sorted(zip(times, urls, strict=True), reverse=True)[:slowest]:
        print(f"      {1000 * t:7.1f} ms  {urllib.parse.unquote(url)}")
    return times


def _figure(case: str, via: str, times: list[float], target: float | None, queries: int | None) -> Figure:
    return Figure(
        case=case,
        via=via,
        requests=len(times),
        p50_ms=1000 * statistics.median(times),
        p95_ms=1000 * percentile(times, 95),
        max_ms=1000 * max(times),
        target_ms=target,
        queries=queries,
    )


def measure_requests(args: argparse.Namespace, results: Results) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jahesh.api.tokens import issue_token, revoke_token
    from jahesh.core.models import Role, User
    from jahesh.registry.models import County, Unit

    user, _ = User.objects.get_or_create(username="bench-secretariat", defaults={"role": Role.SECRETARIAT})
    User.objects.filter(pk=user.pk).update(role=Role.SECRETARIAT, is_active=True)
    token, token_text = issue_token(user, expires_days=1, name="bench_scale")
    client = Client()
    client.force_login(user)
    session = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    bearer = {"Authorization": f"Bearer {token_text}"}

    mix = Mix(args.seed)
    n, w = args.requests, args.warmup
    # The URLs of each case are drawn before anything is timed; HTTP and in-process time the same URLs.
    cases: list[tuple[str, list[str], bool]] = [
        ("unit list", [mix.unit_list() for _ in range(n + w)], False),
        ("overview", ["/"] * (n + w), False),
        ("unit page", [mix.unit_page() for _ in range(n + w)], False),
        ("API unit list", [mix.api_units() for _ in range(n + w)], True),
    ]
    county = County.objects.order_by("-population").first()
    export_case = f"Excel export of a county ({Unit.objects.filter(county=county).count():,} units)"
    export_url = f"/units/export.xlsx?county={county.pk}"
    # Fixed requests, as first measured (the earlier benchmarks/bench_registry.py): the same URL each time.
    unit = Unit.objects.filter(status="active").order_by("pk").first()
    last_page = -(-Unit.objects.count() // 50)
    named = [
        ("· no filter", "/units/"),
        ("· county + idle", f"/units/?county={county.pk}&status=idle"),
        ("· search «سیمان»", "/units/?" + urllib.parse.urlencode({"q": "سیمان"})),
        ("· last page by utilisation", f"/units/?sort=-utilisation&page={last_page}"),
        ("· one unit's page", f"/units/{unit.pk}/"),
    ]

    def in_process(api: bool) -> Callable[[str], int]:
        headers = {"HTTP_AUTHORIZATION": bearer["Authorization"]} if api else {}

        def get(url: str) -> int:
            response = client.get(url, **headers)
            if response.streaming:
                b"".join(response.streaming_content)
            return response.status_code

        return get

    for via in [v.strip() for v in args.via.split(",") if v.strip()]:
        with contextlib.ExitStack() as stack:
            if via == "http":
                server = stack.enter_context(Server())
                print(f"\njahesh serve (waitress, 8 threads) on 127.0.0.1:{server.port}", flush=True)

                def getter(api: bool, port: int = server.port) -> Callable[[str], int]:
                    return functools.partial(_status, HttpClient(port, bearer if api else session))

            elif via == "in-process":
                getter = in_process
                print("\nin-process (Django's test client)", flush=True)
            else:
                sys.exit(f"--via: http or in-process, not {via!r}")
            for name, urls, api in cases:
                get = getter(api)
                queries = None
                if via == "in-process":  # the warm-up requests count the queries
                    queries = 0
                    for url in urls[:w]:
                        with CaptureQueriesContext(connection) as ctx:
                            assert get(url) == 200, url
                        queries = max(queries, len(ctx.captured_queries))
                t0 = time.perf_counter()
                times = time_urls(get, urls[w:], urls[:w], args.slowest)
                fig = _figure(name, via, times, TARGETS_MS[name], queries)
                results.figures.append(fig)
                print(
                    f"  {name:<16} p50 {fig.p50_ms:7.1f} ms  p95 {fig.p95_ms:7.1f} ms  "
                    f"max {fig.max_ms:7.1f} ms"
                    f"  ({len(times)} requests, {time.perf_counter() - t0:.0f} s)",
                    flush=True,
                )
            if args.named_repeat:
                get = getter(False)
                for name, url in named:
                    times = time_urls(get, [url] * args.named_repeat, [url] * 2)
                    results.figures.append(_figure(name, via, times, TARGETS_MS["unit list"], None))
                    print(f"  {name:<30} p50 {1000 * statistics.median(times):7.1f} ms", flush=True)
            if args.export_repeat:
                get = getter(False)
                times = time_urls(get, [export_url] * args.export_repeat, [export_url])
                results.figures.append(_figure(export_case, via, times, None, None))
                print(f"  {export_case}: median {statistics.median(times):.2f} s", flush=True)
    revoke_token(token)


# -- the import --------------------------------------------------------------------------------------------


def _server_url(name: str) -> str:
    """DATABASE_URL with another database name (same server, same user)."""
    return urllib.parse.urlunsplit(
        urllib.parse.urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}")
    )


def _admin(sql: str, params: list[object] | None = None) -> object:
    import psycopg

    with psycopg.connect(_server_url("postgres"), autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchone() if sql.lstrip().upper().startswith("SELECT") else None


def _run_import(url: str, rows: int, national: bool) -> list[dict[str, object]]:
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_import_{os.getpid()}.json"
    command = [
        sys.executable,
        str(ROOT / "benchmarks/bench_import.py"),
        "--rows",
        str(rows),
        "--json",
        str(out),
    ]
    subprocess.run(
        [*command, *(["--national"] if national else [])], env=dict(os.environ, DATABASE_URL=url), check=True
    )
    imports = json.loads(out.read_text())["imports"]
    out.unlink()
    for imp in imports:
        imp["registry"] = "national" if national else "empty"
    return imports


def measure_import(args: argparse.Namespace, results: Results) -> None:
    """The 100,000-row imports, each in a process of its own (its peak RSS is the import's)."""
    from django.db import connection

    bench = connection.settings_dict["NAME"]
    connection.close()  # a database cannot be copied while anyone is connected to it
    if not args.skip_empty_import:
        name = args.import_database
        if name == bench:
            sys.exit("--import-database must not be the benchmark's registry: the import empties it")
        if _admin("SELECT 1 FROM pg_database WHERE datname = %s", [name]) is None:
            _admin(f'CREATE DATABASE "{name}"')
        print(f"\nimport of {args.import_rows:,} rows into {name} (emptied first)", flush=True)
        results.imports += _run_import(_server_url(name), args.import_rows, national=False)
    if not args.skip_national_import:
        copy = f"{bench}_import_copy"
        print(f"\nimport of {args.import_rows:,} rows into {copy}, a copy of {bench}", flush=True)
        _admin(f'DROP DATABASE IF EXISTS "{copy}"')
        t0 = time.perf_counter()
        _admin(f'CREATE DATABASE "{copy}" TEMPLATE "{bench}"')
        print(f"copied in {time.perf_counter() - t0:.0f} s", flush=True)
        try:
            results.imports += _run_import(_server_url(copy), args.import_rows, national=True)
        finally:
            _admin(f'DROP DATABASE IF EXISTS "{copy}"')


# -- the report --------------------------------------------------------------------------------------------


def report(results: Results) -> None:
    db = results.database
    print(
        f"\n{db.get('units', 0):,} units, {db.get('reports', 0):,} reports, "
        f"{db.get('report_lines', 0):,} report "
        f"lines on {db.get('server', db.get('vendor'))}; database size {db.get('size', '?')}"
    )
    m = results.machine
    print(
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; Python {m['python']}, Django {m['django']}"
    )
    print(
        f"\n{'case':<44} {'via':<10} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'target':>7} {'×':>6} {'SQL':>4}"
    )
    for f in results.figures:
        target = f"{f.target_ms:.0f}" if f.target_ms else "—"
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else "—"
        queries = str(f.queries) if f.queries is not None else ""
        print(
            f"{f.case:<44} {f.via:<10} {f.requests:>4} {f.p50_ms:>8.1f} {f.p95_ms:>8.1f} {target:>7} "
            f"{ratio:>6} {queries:>4}"
        )
    for imp in results.imports:
        print(
            f"import {imp['kind']:<7} {imp['attempt']:<5} into {imp['registry']:<8} registry "
            f"{imp['rows']:>8,} rows {imp['seconds']:>7.1f} s "
            f"(× {imp['seconds'] / IMPORT_TARGET_S:.2f} of {IMPORT_TARGET_S} s)  "
            f"peak RSS {imp['peak_mb']:>5.0f} MB "
            f"(× {imp['peak_mb'] / IMPORT_TARGET_MB:.2f} of {IMPORT_TARGET_MB} MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="EMPTY the database and generate the registry")
    parser.add_argument("--units", type=int, default=100_000, help="units to generate with --build")
    parser.add_argument("--months", type=int, default=36, help="months of reports to generate with --build")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per case")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per case before")
    parser.add_argument("--via", default="http,in-process", help="http, in-process or both (comma-separated)")
    parser.add_argument("--named-repeat", type=int, default=20, help="timed requests of each fixed URL")
    parser.add_argument("--export-repeat", type=int, default=3, help="timed Excel exports of a county")
    parser.add_argument("--no-analyze", action="store_true", help="do not ANALYZE the tables first")
    parser.add_argument("--skip-requests", action="store_true", help="only the import")
    parser.add_argument("--skip-import", action="store_true", help="only the requests")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument(
        "--import-database",
        default="jahesh_import_bench",
        help="scratch database (same server) for the import into an empty registry; it is EMPTIED",
    )
    parser.add_argument(
        "--skip-empty-import", action="store_true", help="not the import into an empty registry"
    )
    parser.add_argument(
        "--skip-national-import", action="store_true", help="not the import into a copy of the registry"
    )
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest URLs of each case")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database (see the docstring)")

    import django

    django.setup()
    from django.core.management import call_command

    results = Results(machine=machine())
    call_command("migrate", verbosity=0)
    if args.build:
        build(args.units, args.months, args.seed)
    if not args.no_analyze:
        print(f"ANALYZE of the registry's tables: {analyze():.1f} s")
    results.database = database_facts()
    print(
        f"database: {results.database['name']}, {results.database['units']:,} units, "
        f"{results.database.get('size')}"
    )
    if not args.skip_requests:
        # Other processes on the machine show in the figures; the load average says whether there were any.
        results.machine["load_before"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        measure_requests(args, results)
        results.machine["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        m = results.machine
        print(f"load average before: {m['load_before']}, after: {m['load_after']}")
    if not args.skip_import:
        measure_import(args, results)
    report(results)
    if args.json:
        data = asdict(results)
        for f, d in zip(results.figures, data["figures"], strict=True):
            d["ratio"] = f.ratio
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

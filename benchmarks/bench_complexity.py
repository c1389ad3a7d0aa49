"""Benchmark: ``jahesh.analytics.complexity.ecomplexity`` against the Growth Lab's ``ecomplexity`` package.

Run from the repository root::

    python benchmarks/bench_complexity.py              # all cases
    python benchmarks/bench_complexity.py --quick      # fewer repeats, no reference run on the big case
    python benchmarks/bench_complexity.py --threads 1  # one BLAS thread for both (steadier on a busy machine)
    python benchmarks/bench_complexity.py --cases a,c  # some cases only

The reference package (py-ecomplexity, MIT) is never a dependency of Jahesh: install it in a separate
environment and put that environment's site-packages on ``PYTHONPATH`` after ``src``, e.g.::

    python3 -m venv /tmp/refenv && /tmp/refenv/bin/pip install ecomplexity
    PYTHONPATH=src:/tmp/refenv/lib/python3.11/site-packages .venv/bin/python benchmarks/bench_complexity.py

Cases (synthetic data from a seeded ``numpy.random.Generator``, a latent-capabilities model so that the
export matrix is nested like real trade):

* (a) a panel of 200 locations × 1,200 products × 10 years (``ANALYTICS.md`` §1 and issue 7);
* (b) 200 locations × 5,000 products, one year;
* (c) a province-sized matrix, 31 locations × 300 products, one year.

Both are called end-to-end on the same long data frame with their default options (``verbose=False``): data
frame in, the reference's long output frame out. Times are wall-clock (best and median of the repeats, after a
warm-up call); peak memory is the peak of Python and numpy allocations during one call (``tracemalloc``; BLAS
work buffers are not counted). The largest absolute difference of each output column is over all rows. The
load average before and after each case is printed: other processes on the machine distort the figures (a
threaded LAPACK whose second thread is descheduled slows down many times), hence ``--threads 1``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import platform
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from jahesh.analytics import complexity as ours  # noqa: E402

try:  # the reference, only where it is installed
    import ecomplexity as reference
except ImportError:  # pragma: no cover - depends on the environment
    reference = None

COLS = {"time": "year", "loc": "origin", "prod": "hs", "val": "export_val"}
COMPARED = ("eci", "pci", "density", "coi", "cog")


def synthetic_panel(n_loc: int, n_prod: int, n_years: int, seed: int) -> pd.DataFrame:
    """Long export data: locations hold capabilities, products need them (a logistic latent model)."""
    rng = np.random.default_rng(seed)
    cap = rng.uniform(0.0, 1.0, n_loc)
    req = rng.uniform(0.0, 1.0, n_prod)
    size_c = rng.lognormal(0.0, 1.5, n_loc)
    size_p = rng.lognormal(0.0, 1.0, n_prod)
    locs = np.array([f"L{i:04d}" for i in range(n_loc)])
    prods = np.arange(1000, 1000 + n_prod)
    frames = []
    for k in range(n_years):
        cap_t = np.clip(cap + rng.normal(0.0, 0.02, n_loc), 0.0, 1.0)
        prob = 1.0 / (1.0 + np.exp(-8.0 * (cap_t[:, None] - req[None, :])))
        present = rng.random((n_loc, n_prod)) < prob
        val = size_c[:, None] * size_p[None, :] * prob * rng.lognormal(0.0, 1.0, (n_loc, n_prod)) * present
        val[np.arange(n_loc), rng.integers(0, n_prod, n_loc)] += 1e-3  # every location exports something
        val[rng.integers(0, n_loc, n_prod), np.arange(n_prod)] += 1e-3  # every product is exported
        c, p = np.nonzero(val)
        frames.append(
            pd.DataFrame({"year": 2010 + k, "origin": locs[c], "hs": prods[p], "export_val": val[c, p] * 1e6})
        )
    return pd.concat(frames, ignore_index=True)


def _quiet(fn: Callable[[], Any]) -> Any:
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        return fn()


def _time(fn: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    times = []
    out = None
    for _ in range(repeats):
        out = None
        gc.collect()
        t0 = time.perf_counter()
        out = _quiet(fn)
        times.append(time.perf_counter() - t0)
    return times, out


def _peak_mib(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        _quiet(fn)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def _fmt_times(times: list[float]) -> str:
    return f"best {min(times):8.3f} s   median {statistics.median(times):8.3f} s   (n={len(times)})"


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:  # pragma: no cover - not Linux
        return "?"


def run_case(
    name: str, df: pd.DataFrame, repeats: int, ref_repeats: int, with_reference: bool
) -> dict[str, Any]:
    print(f"\n== {name}: {len(df):,} input rows (load average {_load()})")
    row: dict[str, Any] = {"case": name}

    def call_ours() -> pd.DataFrame:
        return ours.ecomplexity(df, COLS, verbose=False)

    t_ours, out_ours = _time(call_ours, repeats)
    mem_ours = _peak_mib(call_ours)
    row.update(ours_best=min(t_ours), ours_median=statistics.median(t_ours), ours_peak_mib=mem_ours)
    print(f"ours       {_fmt_times(t_ours)}   peak {mem_ours:8.1f} MiB")
    if not with_reference:
        print(
            "reference  skipped"
            + ("" if reference is not None else ": the ecomplexity package is not installed")
        )
        return row

    def call_ref() -> pd.DataFrame:
        assert reference is not None
        return reference.ecomplexity(df, COLS, verbose=False)

    t_ref, out_ref = _time(call_ref, ref_repeats)
    mem_ref = _peak_mib(call_ref)
    row.update(ref_best=min(t_ref), ref_median=statistics.median(t_ref), ref_peak_mib=mem_ref)
    print(f"reference  {_fmt_times(t_ref)}   peak {mem_ref:8.1f} MiB")
    ratio = min(t_ref) / min(t_ours)
    ratio_med = statistics.median(t_ref) / statistics.median(t_ours)
    row.update(ratio_best=ratio, ratio_median=ratio_med)
    print(f"ratio      {ratio:6.1f}× faster (best/best), {ratio_med:6.1f}× (median/median)")
    if len(out_ref) != len(out_ours) or list(out_ref.columns) != list(out_ours.columns):
        print(f"!! outputs differ in shape: reference {out_ref.shape}, ours {out_ours.shape}")
        return row
    keys_equal = all(
        (out_ref[c].astype(str).to_numpy() == out_ours[c].astype(str).to_numpy()).all()
        for c in (COLS["time"], COLS["loc"], COLS["prod"])
    )
    diffs = []
    for col in COMPARED:
        a = out_ref[col].to_numpy(dtype=float)
        b = out_ours[col].to_numpy(dtype=float)
        nan_mismatch = int((np.isnan(a) != np.isnan(b)).sum())
        both = ~np.isnan(a) & ~np.isnan(b)
        d = float(np.max(np.abs(a[both] - b[both]))) if both.any() else float("nan")
        row[f"maxdiff_{col}"] = d
        diffs.append(f"{col} {d:.1e}" + (f" ({nan_mismatch} NaN mismatches)" if nan_mismatch else ""))
    print("max |diff| " + ", ".join(diffs) + ("" if keys_equal else "   !! row keys differ"))
    print(f"(load average after the case {_load()})")
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats; no reference run on case (b)")
    parser.add_argument("--repeats", type=int, default=None, help="repeats for ours (default 5, quick 3)")
    parser.add_argument("--no-reference", action="store_true", help="time ours only")
    parser.add_argument("--threads", type=int, default=None, help="BLAS threads for both (re-executes)")
    parser.add_argument("--cases", default="a,b,c", help="comma-separated subset of a, b, c")
    args = parser.parse_args(argv)
    if args.threads is not None and os.environ.get("OPENBLAS_NUM_THREADS") != str(args.threads):
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.threads)
        os.execv(sys.executable, [sys.executable, *sys.argv])  # BLAS reads these when numpy loads
    cases = set(args.cases.split(","))
    repeats = args.repeats or (3 if args.quick else 5)
    have_ref = reference is not None and not args.no_reference
    print(f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}", end="")
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f", {platform.machine()}, {os.cpu_count()} CPUs, BLAS threads: {threads}")
    if reference is None:
        print("reference: the ecomplexity package is not installed; timing ours only")
    else:
        print(f"reference: ecomplexity from {Path(reference.__file__).parent}")

    warm = synthetic_panel(20, 60, 2, seed=0)  # imports, lazy initialisation, BLAS threads
    _quiet(lambda: ours.ecomplexity(warm, COLS, verbose=False))
    if have_ref:
        _quiet(lambda: reference.ecomplexity(warm, COLS, verbose=False))

    rows = []
    if "a" in cases:
        panel = synthetic_panel(200, 1200, 10, 1)
        rows.append(run_case("(a) panel 200 × 1,200 × 10 years", panel, repeats, 2, have_ref))
    if "b" in cases:
        big = synthetic_panel(200, 5000, 1, 2)
        rows.append(run_case("(b) one year 200 × 5,000", big, repeats, 1, have_ref and not args.quick))
    if "c" in cases:
        province = synthetic_panel(31, 300, 1, 3)
        rows.append(run_case("(c) province 31 × 300, one year", province, repeats * 4, 3, have_ref))
    print("\nsummary")
    print(pd.DataFrame(rows).set_index("case").T.to_string(float_format=lambda v: f"{v:.4g}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

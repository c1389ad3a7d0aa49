"""``benchmarks/revival`` (issue 8, item 7): the revival-plan optimiser on synthetic candidates.

Run from the repository root::

    python benchmarks/revival.py                        # 10,000 and 100,000 candidates
    python benchmarks/revival.py --sizes 1000,10000     # other sizes
    python benchmarks/revival.py --time-limit 60        # the solver's limit per size (default 60 s)

Each size runs in its own child process, so that its peak memory (``VmHWM``, the resident high-water mark,
HiGHS's own buffers included) is its own; the resident size after generating the data is printed too, so
the solver's share can be read off.

Synthetic candidates (seeded ``numpy.random.Generator``), shaped like the province's idle and semi-active
units:

* cost: lognormal, median 20 bn rials, σ = 1.0 in log (a few units need hundreds of billions);
* jobs: 5–200, correlated with cost (log jobs = 0.6 · standardised log cost + noise), rounded;
* output value: cost × lognormal(median 2.5, σ 0.5); fx: output × a Beta(0.8, 3) export-or-substitution
  share; 20 % of units make a strategic good;
* 8 counties of unequal size (the capital county about a third of the units), each with a minimum share of
  5 % and a maximum of 35 % of the budget;
* 27 banks of unequal size, each with a quota of 1.1 × its share of the candidates' cost × the budget (so
  the busiest banks bind);
* strategic minimum 25 % of the budget; 5 must units (of ordinary cost) and 10 must-not units;
* budget 15 % of the candidates' total cost.

For each size: the time of ``plan()`` end to end (validation, greedy, HiGHS, reasons), its status (proven
optimal, or the gap reached at the time limit), the weighted objective and the greedy baseline's, and the
jobs the optimised plan restores against the greedy plan for the same budget (absolute and in %).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from jahesh.analytics.portfolio import plan  # noqa: E402

COUNTIES = ("Semnan", "Shahrud", "Damghan", "Garmsar", "Mehdishahr", "Sorkheh", "Aradan", "Meyami")
COUNTY_WEIGHTS = (0.32, 0.22, 0.12, 0.1, 0.08, 0.07, 0.05, 0.04)


def synthetic_candidates(n: int, seed: int = 8) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Candidates and the plan's keyword arguments (see the module docstring)."""
    rng = np.random.default_rng(seed)
    log_cost = rng.normal(np.log(20e9), 1.0, n)
    cost = np.round(np.exp(log_cost), -6)  # whole millions of rials
    z = (log_cost - log_cost.mean()) / log_cost.std()
    jobs = np.clip(np.round(np.exp(np.log(30) + 0.6 * z + rng.normal(0, 0.5, n))), 5, 200)
    output = cost * rng.lognormal(np.log(2.5), 0.5, n)
    fx = output * rng.beta(0.8, 3.0, n) / 600_000  # dollars at an illustrative rate
    strategic = rng.random(n) < 0.2
    county = rng.choice(np.array(COUNTIES), n, p=np.array(COUNTY_WEIGHTS))
    bank_w = rng.dirichlet(np.full(27, 2.0))
    banks = np.array([f"Bank{b:02d}" for b in range(27)])
    bank = rng.choice(banks, n, p=bank_w)
    units = np.array([f"U{i:06d}" for i in range(n)])
    df = pd.DataFrame(
        {
            "unit": units,
            "cost": cost,
            "jobs": jobs,
            "output": output,
            "fx": fx,
            "strategic": strategic,
            "county": county,
            "bank": bank,
        }
    )
    budget = 0.15 * float(cost.sum())
    bank_cost = df.groupby("bank")["cost"].sum() / cost.sum()
    ordinary = np.flatnonzero((cost > np.quantile(cost, 0.3)) & (cost < np.quantile(cost, 0.6)))
    picked = rng.choice(ordinary, 15, replace=False)
    kwargs: dict[str, Any] = {
        "budget": budget,
        "county_min": dict.fromkeys(COUNTIES, 0.05),
        "county_max": dict.fromkeys(COUNTIES, 0.35),
        "bank_quota": {b: 1.1 * float(s) * budget for b, s in bank_cost.items()},
        "strategic_min": 0.25,
        "must": units[picked[:5]].tolist(),
        "must_not": units[picked[5:]].tolist(),
    }
    return df, kwargs


def _rss_mib(field: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return float("nan")


def run_one(n: int, time_limit: float) -> dict[str, Any]:
    """One size, in this process: generate, solve, measure."""
    t0 = time.perf_counter()
    df, kwargs = synthetic_candidates(n)
    gen_s = time.perf_counter() - t0
    rss_before = _rss_mib("VmRSS")
    budget = kwargs.pop("budget")
    t0 = time.perf_counter()
    result = plan(df, budget, time_limit=time_limit, **kwargs)
    wall = time.perf_counter() - t0
    jobs = float(result.totals.get("jobs", float("nan")))
    g_jobs = float(result.greedy_totals["jobs"])
    return {
        "n": n,
        "generate_s": gen_s,
        "seconds": wall,
        "status": result.status,
        "gap": result.mip_gap,
        "objective": result.objective,
        "bound": result.bound,
        "greedy_objective": result.greedy_objective,
        "greedy_feasible": result.greedy_feasible,
        "gain": result.gain_over_greedy,
        "gain_pct": 100 * result.gain_over_greedy / result.greedy_objective,
        "chosen": len(result.chosen),
        "greedy_chosen": len(result.greedy_chosen),
        "jobs": jobs,
        "greedy_jobs": g_jobs,
        "jobs_gain": jobs - g_jobs,
        "jobs_gain_pct": 100 * (jobs - g_jobs) / g_jobs if g_jobs else float("nan"),
        "spent_share": result.spent / budget,
        "binding": len(result.binding),
        "rss_data_mib": rss_before,
        "peak_rss_mib": _rss_mib("VmHWM"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated numbers of candidates")
    ap.add_argument("--time-limit", type=float, default=60.0, help="solver time limit per size, seconds")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run_one(args.child, args.time_limit)))
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(
        f"# revival plan: Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
    )
    rows = []
    for n in sizes:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(n), "--time-limit", str(args.time_limit)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(
            f"n={n:>7,}  {r['status']:<10} {r['seconds']:7.2f} s  gap {r['gap']:.1e}  "
            f"objective {r['objective']:10.4f}  greedy {r['greedy_objective']:10.4f} "
            f"(+{r['gain_pct']:.2f} %)  jobs {r['jobs']:,.0f} vs {r['greedy_jobs']:,.0f} "
            f"(+{r['jobs_gain']:,.0f}, {r['jobs_gain_pct']:+.2f} %)  peak RSS {r['peak_rss_mib']:.0f} MiB",
            flush=True,
        )
    print()
    print(
        "| candidates | status | time | gap | objective | greedy | gain | jobs (plan / greedy) | jobs gain "
        "| units (plan / greedy) | peak RSS (data) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['n']:,} | {r['status']} | {r['seconds']:.2f} s | {r['gap']:.1e} | {r['objective']:.4f} "
            f"| {r['greedy_objective']:.4f}{'' if r['greedy_feasible'] else ' (misses a minimum)'} "
            f"| {r['gain']:+.4f} ({r['gain_pct']:+.2f} %) | {r['jobs']:,.0f} / {r['greedy_jobs']:,.0f} "
            f"| {r['jobs_gain']:+,.0f} ({r['jobs_gain_pct']:+.2f} %) "
            f"| {r['chosen']:,} / {r['greedy_chosen']:,} "
            f"| {r['peak_rss_mib']:.0f} MiB ({r['rss_data_mib']:.0f}) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

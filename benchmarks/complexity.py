"""``benchmarks/complexity``, the name issue 7 gives it: runs :mod:`bench_complexity` with the same options.

python benchmarks/complexity.py [--quick] [--threads 1] [--cases a,c]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_complexity import main

if __name__ == "__main__":
    raise SystemExit(main())

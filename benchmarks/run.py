"""rocketship benchmarks: medians over repeated runs, and the ratios that matter.

    python benchmarks/run.py            # a table
    python benchmarks/run.py --json     # the same as JSON
    python benchmarks/run.py --quick    # fewer repeats

Absolute times on a shared 2-core machine drift by 10-50 % between runs, so
every target is a ratio to a peer measured in the same run
(reference/performance.md).  Nothing here is asserted in the test suite: this
script is the instrument.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

PY = sys.executable


def cold(cmd: list[str], repeats: int) -> float:
    """Median wall time [s] of a fresh process running *cmd*."""
    env = {**os.environ, "NO_COLOR": "1"}
    times = []
    subprocess.run(cmd, capture_output=True, env=env)  # warm the OS file cache and pint's cache
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


STACK = ("import numpy, rich.console, rich.table, airportsdata, pint, geographiclib.geodesic; "
         "pint.UnitRegistry(cache_folder=':auto:'); airportsdata.load('IATA')")


def bench_startup(repeats: int) -> list[dict]:
    floor = cold([PY, "-c", "pass"], repeats)
    stack = cold([PY, "-c", STACK], repeats)
    route = cold([PY, "-m", "rocketship", "route", "PEK", "JFK"], repeats)
    helpt = cold([PY, "-m", "rocketship", "--help"], repeats)
    return [
        {"name": "python -c pass (floor)", "median_s": floor},
        {"name": "import numpy+pint(cached)+rich+airportsdata.load+geographiclib", "median_s": stack},
        {"name": "rocketship route PEK JFK (cold)", "median_s": route, "ratio": route / stack,
         "ratio_to": "the library stack above", "target": "<= 1.3", "met": route / stack <= 1.3},
        {"name": "rocketship --help (cold)", "median_s": helpt, "ratio": helpt / floor,
         "ratio_to": "python -c pass", "target": "<= 0.1 s", "met": helpt <= 0.1},
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeats = 5 if args.quick else 15
    rows = bench_startup(repeats)
    if args.json:
        print(json.dumps({"repeats": repeats, "results": rows}, indent=2))
        return 0
    print(f"{'benchmark':66} {'median':>10} {'ratio':>7}  target")
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else ""
        target = f"{r.get('target', '')} {'met' if r.get('met') else ('NOT met' if 'met' in r else '')}"
        print(f"{r['name']:66} {r['median_s'] * 1e3:8.1f} ms {ratio:>7}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

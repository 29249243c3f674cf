"""The benchmark script runs and reports every figure issue #9 asks for (slow suite).

No timing is asserted here (the benchmark is the instrument); this only keeps
the instrument from rotting: each row is present, finite and carries its
target where it has one.
"""

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


@pytest.mark.slow
def test_the_benchmark_reports_every_figure():
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--json"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {r["name"]: r for r in json.loads(done.stdout)["results"]}
    wanted = ["rocketship route PEK JFK (cold)", "rocketship --help (cold)", "one flight estimate",
              "estimate-tier flights", "targeted 3-DOF flight", "10,000 Monte Carlo samples",
              "route matrix, 100 airports", "route PEK JFK (cold, against importing numpy)",
              "route PEK JFK --json (cold, against importing numpy)", "peak memory of those flights per route"]
    if importlib.util.find_spec("distributed") is not None:   # the dask group runs where Dask is installed
        wanted.append("on a LocalCluster of 2 worker processes")
    for w in wanted:
        row = next((r for name, r in rows.items() if w in name), None)
        assert row is not None, f"no benchmark row for {w!r}"
        assert math.isfinite(row["median_s"]) and row["median_s"] > 0
        assert isinstance(row.get("met"), bool) and row.get("target"), row
    cold = rows["rocketship route PEK JFK (cold)"]
    assert math.isfinite(cold["ratio"]) and cold["ratio"] > 0

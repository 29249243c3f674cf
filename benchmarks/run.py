"""rocketship benchmarks: medians over repeated runs, and the ratios that matter.

    python benchmarks/run.py            # a table
    python benchmarks/run.py --json     # the same as JSON
    python benchmarks/run.py --quick    # fewer repeats
    python benchmarks/run.py --only startup,simulate

Absolute times on a shared 2-core machine drift by 10-50 % between runs, so
every target is a ratio to a peer measured in the same run (the peer here is a
plain numpy haversine over the same pairs).  Nothing here is asserted in the test suite: this
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


def cold(cmds: dict[str, list[str]], repeats: int) -> dict[str, list[float]]:
    """Wall times [s] of fresh processes running each of *cmds*, *repeats* times, interleaved.

    Interleaving (a, b, c, a, b, c, ...) lets a ratio be taken between runs made
    moments apart: on a shared machine the load drifts over a benchmark, and
    timing one command's repeats after another's put that drift into the ratio
    (sequential blocks gave 1.11-1.43 for the same code).

    Bytecode is allowed, as on a user's machine: pip compiles an installed
    package, and an editable install writes its .pyc on the first run (the
    warm-up below).  With PYTHONDONTWRITEBYTECODE set, as on some CI images,
    every run would recompile rocketship (~60 ms) but not the libraries it is
    compared with, which pip compiled at install.
    """
    env = _child_env()
    for cmd in cmds.values():   # warm the OS file cache, pint's and rocketship's disk caches, the bytecode
        subprocess.run(cmd, capture_output=True, env=env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(repeats):
        for name, cmd in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=env, check=True)
            times[name].append(time.perf_counter() - t0)
    return times


def _child_env() -> dict[str, str]:
    """The environment the benchmarked processes run in (bytecode allowed, no colour: see :func:`cold`)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}


def paired_ratio(a: list[float], b: list[float]) -> float:
    """Median of the run-by-run ratios a[i] / b[i] (runs made moments apart)."""
    return statistics.median(x / y for x, y in zip(a, b))


# pint imports dask wherever dask is installed (the dask extra); rocketship's command line hides dask from it
# (rocketship.process.import_pint_without_dask), and so does the peer, so that neither figure carries dask's import
_NO_DASK = "import sys; sys.modules.setdefault('dask', None); "
STACK = (_NO_DASK + "import numpy, rich.console, rich.table, airportsdata, pint, geographiclib.geodesic; "
         "pint.UnitRegistry(cache_folder=':auto:'); airportsdata.load('IATA')")
# what the route path itself imports: it reads airportsdata's CSV through an index instead of load()
IMPORTS = (_NO_DASK + "import numpy, rich.console, rich.table, pint, geographiclib.geodesic; "
           "pint.UnitRegistry(cache_folder=':auto:')")


def bench_startup(repeats: int) -> list[dict]:
    t = cold({"floor": [PY, "-c", "pass"],
              "numpy": [PY, "-c", "import numpy"],
              "stack": [PY, "-c", STACK],
              "imports": [PY, "-c", IMPORTS],
              "route": [PY, "-m", "rocketship", "route", "PEK", "JFK"],
              "json": [PY, "-m", "rocketship", "route", "PEK", "JFK", "--json"],
              "help": [PY, "-m", "rocketship", "--help"]}, repeats)
    med = {name: statistics.median(v) for name, v in t.items()}
    route_ratio = paired_ratio(t["route"], t["stack"])
    return [
        {"name": "python -c pass (floor)", "median_s": med["floor"]},
        {"name": "import numpy+pint(cached)+rich+airportsdata.load+geographiclib", "median_s": med["stack"]},
        {"name": "import numpy+pint(cached)+rich+geographiclib (the route path's own)", "median_s": med["imports"]},
        {"name": "rocketship route PEK JFK (cold)", "median_s": med["route"], "ratio": route_ratio,
         "ratio_to": "the library stack above, run by run", "target": "<= 1.3", "met": route_ratio <= 1.3,
         "note": f"{paired_ratio(t['route'], t['imports']):.2f} x its own imports"},
        {"name": "rocketship route PEK JFK --json (cold; no rich)", "median_s": med["json"],
         "ratio": paired_ratio(t["json"], t["stack"]), "ratio_to": "the library stack above, run by run"},
        {"name": "rocketship --help (cold)", "median_s": med["help"], "ratio": paired_ratio(t["help"], t["floor"]),
         "ratio_to": "python -c pass, run by run", "target": "<= 0.1 s", "met": med["help"] <= 0.1},
        # issue #20 states the cold start against numpy's import alone
        {"name": "python -c 'import numpy'", "median_s": med["numpy"]},
        *({"name": f"rocketship route PEK JFK{flag} (cold, against importing numpy)", "median_s": med[key],
           "ratio": ratio, "ratio_to": "python -c 'import numpy', run by run", "target": f"<= {bound}",
           "met": ratio <= bound}
          for key, flag, bound in (("route", "", 2.5), ("json", " --json", 2.2))
          for ratio in (paired_ratio(t[key], t["numpy"]),)),
    ]


def _median_of(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def haversine(lat1, lon1, lat2, lon2):
    """The peer: a plain numpy haversine distance [m] (degrees in), measured at ~65 ns a pair on a 2-core machine
    (the "numpy haversine, 1,000,000 pairs" row of `python benchmarks/run.py --only estimate`).  Not rocketship's great_circle, which also computes the azimuth (~2.7x the work)."""
    import numpy as np

    from rocketship.core.constants import R_MEAN

    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * R_MEAN * np.arcsin(np.sqrt(h))


def random_pairs(n: int):
    """*n* route end pairs spread evenly over the globe (seeded): lat1, lon1, lat2, lon2 [deg]."""
    import numpy as np

    rng = np.random.default_rng(0)
    lat1, lat2 = np.degrees(np.arcsin(rng.uniform(-1, 1, (2, n))))
    lon1, lon2 = rng.uniform(-180, 180, (2, n))
    return lat1, lon1, lat2, lon2


def _paired(fn, peer, repeats: int) -> tuple[float, float, float]:
    """Medians [s] of *fn* and *peer* timed alternately, and the median of their run-by-run ratios."""
    fn(), peer()
    a, b = [], []
    for _ in range(repeats):
        for f, out in ((fn, a), (peer, b)):
            t0 = time.perf_counter()
            f()
            out.append(time.perf_counter() - t0)
    return statistics.median(a), statistics.median(b), paired_ratio(a, b)


def bench_estimate(repeats: int, n: int = 1_000_000, flights: int = 100_000) -> list[dict]:
    """Estimate-tier throughput: whole flights (ascent, arc, entry, braking, descent) over *flights* random
    routes, and the arc kernel alone over *n*, each against a numpy haversine over the same pairs."""

    from rocketship.catalog import load_vehicle
    from rocketship.core.ballistic import solve_arcs
    from rocketship.core.constants import R_MEAN
    from rocketship.core.estimate import estimate_flight
    from rocketship.flight import vehicle_params

    lat1, lon1, lat2, lon2 = random_pairs(n)
    vp = vehicle_params(load_vehicle("xzy-1"))
    k = slice(0, flights)
    # each timed alternately with a haversine over the same pairs; ratios run by run (see _paired)
    full, _, full_ratio = _paired(lambda: estimate_flight(vp, lat1[k], lon1[k], lat2[k], lon2[k], 10_000.0),
                                      lambda: haversine(lat1[k], lon1[k], lat2[k], lon2[k]), max(3, repeats // 2))
    arcs, hav, arcs_ratio = _paired(lambda: solve_arcs(lat1, lon1, lat2, lon2, r=R_MEAN),
                                    lambda: haversine(lat1, lon1, lat2, lon2), max(1, repeats // 2))
    peak, result = _peak_bytes(lambda: estimate_flight(vp, lat1[k], lon1[k], lat2[k], lon2[k], 10_000.0))
    per_route, results_per_route = peak / flights, _result_bytes(result) / flights
    # the haversine measured ~65 ms per 1e6 pairs on a 2-core machine (this group's first row reproduces it), so 1e6
    # routes/s there is a ratio of at most 1 s / 65 ms ≈ 15 to the haversine — the target that travels between runs
    target = "ratio <= 15 (1e6 routes/s at 65 ms/haversine)"
    return [
        {"name": f"numpy haversine, {n:,} pairs", "median_s": hav},
        {"name": f"estimate-tier flights (XZY-1, 10 t), {flights:,} routes", "median_s": full,
         "ratio": full_ratio, "ratio_to": "the haversine over the same pairs, run by run",
         "routes_per_s": flights / full, "target": target, "met": full_ratio <= 15.0},
        {"name": f"  peak memory of those flights per route (tracemalloc; the results {results_per_route:.0f} B)",
         "median_s": full, "bytes_per_route": per_route, "target": "<= 300 B/route", "met": per_route <= 300},
        {"name": f"  the arc kernel alone (rotating-Earth min-energy), {n:,} routes", "median_s": arcs,
         "ratio": arcs_ratio, "ratio_to": "the haversine, run by run", "routes_per_s": n / arcs},
    ]


def _peak_bytes(fn):
    """(peak bytes that *fn* holds at once, what it returns): numpy reports its buffers to tracemalloc."""
    import tracemalloc

    tracemalloc.start()
    try:
        out = fn()
        return float(tracemalloc.get_traced_memory()[1]), out
    finally:
        tracemalloc.stop()


def _result_bytes(f) -> int:
    """Bytes of a FlightEstimate's arrays (its figures, and the per-stage lists)."""
    import dataclasses

    import numpy as np

    total = 0
    for field in dataclasses.fields(f):
        value = getattr(f, field.name)
        total += sum(np.asarray(x).nbytes for x in (value if isinstance(value, list) else [value]))
    return total


def bench_single_route(repeats: int) -> list[dict]:
    """One full estimate-tier flight in-process (model time), warm."""
    from rocketship.catalog import load_vehicle, resolve_place
    from rocketship.core.estimate import estimate_flight
    from rocketship.flight import plan_flight, vehicle_params

    rocket = load_vehicle("xzy-1")
    vp = vehicle_params(rocket)
    a, b = resolve_place("PEK"), resolve_place("JFK")
    one = _median_of(lambda: estimate_flight(vp, a.lat, a.lon, b.lat, b.lon, 10_000.0), repeats * 5)
    full = _median_of(lambda: plan_flight(rocket, a, b, "10 t", "120 m**3"), repeats)
    return [
        {"name": "one flight estimate (core, floats)", "median_s": one, "target": "<= 1 ms", "met": one <= 1e-3},
        {"name": "plan_flight: estimate + max payload + max range", "median_s": full},
    ]


def bench_simulate(repeats: int) -> list[dict]:
    """One targeted 3-DOF flight (guidance included), warm; scipy already imported.

    The target, 0.3 s, was set where a numpy haversine over 1e6 pairs takes 65 ms (measured on a 2-core machine;
    `python benchmarks/run.py --only estimate` prints it), so it travels as at most 0.3 / 0.065 ≈ 4.6 haversines.
    Flight and haversine are timed alternately and the ratio is the median of run-by-run
    ratios, as for start-up: the machine's load moves both alike.
    """

    from rocketship.catalog import load_vehicle, resolve_place
    from rocketship.siting import site_route
    from rocketship.simulation import simulate_flight

    from rocketship.flight import plan_flight

    rocket = load_vehicle("starship")
    s = site_route(resolve_place("HKG"), resolve_place("PVG"))
    lat1, lon1, lat2, lon2 = random_pairs(1_000_000)
    one, hav, ratio = _paired(lambda: simulate_flight(rocket, s.launch_pad, s.landing_zone, "50 t", "100 m**3"),
                              lambda: haversine(lat1, lon1, lat2, lon2), repeats)
    # what of it is the estimate tier's plan the 3-DOF starts from (its chosen flight, max payload, max range)
    plan = _median_of(lambda: plan_flight(rocket, s.launch_pad, s.landing_zone, "50 t", "100 m**3"), repeats)
    return [{"name": "  numpy haversine, 1,000,000 pairs (timed alongside the flight)", "median_s": hav},
            {"name": "targeted 3-DOF flight HKG→PVG, Starship (refuel, kick, brake, guide)", "median_s": one,
             "ratio": ratio, "ratio_to": "the haversine timed alongside, run by run",
             "target": "ratio <= 4.6 (0.3 s at 65 ms/haversine)", "met": ratio <= 0.3 / 0.065},
            {"name": "  of which the estimate plan it starts from (choice, max payload, max range)", "median_s": plan}]


def bench_monte_carlo(repeats: int) -> list[dict]:
    from rocketship import assess

    assess("PEK", "JFK")  # warm caches
    t = _median_of(lambda: assess("PEK", "JFK", samples=10_000, seed=1), repeats)
    rows = [{"name": "PEK→JFK assessment with 10,000 Monte Carlo samples", "median_s": t, "target": "~1 s",
             "met": t <= 1.5}]
    # issue #20: 1e5 draws against the plain run, whole processes interleaved (at least 5 of each)
    route = [PY, "-m", "rocketship", "route", "PEK", "JFK", "--json"]
    cold_t = cold({"plain": route, "1e5": [*route, "--samples", "100000"]}, max(repeats, 5))
    ratio = paired_ratio(cold_t["1e5"], cold_t["plain"])
    rows.append({"name": "route PEK JFK --samples 100000 --json (cold)", "median_s": statistics.median(cold_t["1e5"]),
                 "ratio": ratio, "ratio_to": "route PEK JFK --json (cold), run by run", "target": "<= 2",
                 "met": ratio <= 2.0})
    t0 = time.perf_counter()
    peak = peak_rss([*route, "--samples", "1000000"])
    rows.append({"name": "route PEK JFK --samples 1000000 --json: peak RSS (one run)",
                 "median_s": time.perf_counter() - t0, "peak_rss_mb": peak / 1e6, "target": "<= 300 MB",
                 "met": peak <= 300e6, "note": f"peak RSS {peak / 1e6:.0f} MB (whole process)"})
    return rows


def peak_rss(cmd: list[str]) -> int:
    """Peak resident set size [bytes] of a fresh process running *cmd*.

    Started from a small Python of its own, not from this one: Linux keeps a process's peak RSS across fork
    and exec, so a child of this process (hundreds of MB after the estimate group) would report this
    process's peak, not its own (a 1e6-draw run read 412 MB here, 170 MB under /usr/bin/time)."""
    launcher = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
                "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([PY, "-c", launcher, *cmd], capture_output=True, text=True, env=_child_env(), check=True)
    return int(done.stdout.split()[-1]) * (1 if sys.platform == "darwin" else 1024)   # bytes on macOS, kB on Linux


def bench_matrix(repeats: int) -> list[dict]:
    from rocketship.catalog.places import _airports
    from rocketship.comparison import route_matrix

    codes = [c for c, r in _airports("IATA").items() if "International" in r["name"]][:100]
    t = _median_of(lambda: route_matrix(codes, "xzy-1"), repeats)
    return [{"name": "route matrix, 100 airports (9,900 ordered pairs, with max payload)", "median_s": t,
             "target": "seconds", "met": t <= 10.0}]


def bench_matrix_large(sizes: tuple[int, ...] = (300, 1_000)) -> list[dict]:
    """The route matrix over the first *sizes* international airports, each once (minutes at 1,000), against a
    numpy haversine over the same ordered pairs timed beside it: issue #20's "world's route matrix" rows."""
    import numpy as np

    from rocketship.catalog.places import _airports, resolve_place
    from rocketship.comparison import route_matrix

    named = _airports("IATA")
    # 926 of airportsdata's airports are named International: past them, the others in the file's order
    every = sorted(named, key=lambda c: "International" not in named[c]["name"])   # (a stable sort)
    rows = []
    for size in sizes:
        codes = every[:size]
        places = [resolve_place(c) for c in codes]
        lat, lon = np.array([p.lat for p in places]), np.array([p.lon for p in places])
        i, j = np.nonzero(~np.eye(len(codes), dtype=bool))
        t0 = time.perf_counter()
        route_matrix(codes, "xzy-1")
        t = time.perf_counter() - t0
        ends = lat[i], lon[i], lat[j], lon[j]
        hav = _median_of(lambda ends=ends: haversine(*ends), 5)
        rows.append({"name": f"route matrix, {size:,} airports ({i.size:,} ordered pairs, with max payload)",
                     "median_s": t, "ratio": t / hav, "ratio_to": "a numpy haversine over the same pairs",
                     "target": "ratio <= 150", "met": t / hav <= 150})
    return rows


def bench_dask(repeats: int, airports: int = 300) -> list[dict]:
    """The *airports* matrix on a LocalCluster of two worker processes against the same matrix here, timed run by
    run (the ratio is the figure: on two free cores it would approach 0.5 plus the shipping of chunks)."""
    from distributed import Client

    from rocketship.catalog.places import _airports
    from rocketship.cluster import local_cluster
    from rocketship.comparison import route_matrix

    codes = [c for c, r in _airports("IATA").items() if "International" in r["name"]][:airports]
    pairs = airports * (airports - 1)
    with local_cluster(2) as cluster, Client(cluster) as client:
        route_matrix(codes[:20], client=client)   # the workers import rocketship and fill their caches
        here, there, cpu = [], [], []
        for _ in range(repeats):
            for kw, out in (({}, here), ({"client": client}, there)):
                t0, c0 = time.perf_counter(), time.process_time()
                route_matrix(codes, "xzy-1", **kw)
                out.append(time.perf_counter() - t0)
                if not kw:
                    cpu.append(time.process_time() - c0)
    ratio = paired_ratio(there, here)
    here_s, there_s = statistics.median(here), statistics.median(there)
    # pairs a CPU-second: what a core does whatever else the machine runs (the figure a cost estimate scales)
    return [{"name": f"route matrix, {airports} airports, here ({pairs:,} ordered pairs)", "median_s": here_s,
             "routes_per_s": pairs / here_s, "note": f"{pairs / statistics.median(cpu):,.0f} pairs a CPU-second"},
            {"name": f"route matrix, {airports} airports, on a LocalCluster of 2 worker processes",
             "median_s": there_s, "ratio": ratio, "ratio_to": "the same matrix here, run by run",
             "routes_per_s": pairs / there_s, "target": "< 1 (2 workers on 2 cores)", "met": ratio < 1.0}]


GROUPS = ("startup", "route", "estimate", "simulate", "montecarlo", "matrix", "dask")
#: run only when named in --only (minutes each)
OPTIONAL_GROUPS = ("matrix-large",)


def _default_groups() -> tuple[str, ...]:
    """Every group; "dask" only where Dask is installed (the dask extra, which the test extra holds)."""
    from importlib.util import find_spec

    return GROUPS if find_spec("distributed") is not None else GROUPS[:-1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true", help="fewer repeats")
    ap.add_argument("--only", metavar="GROUPS", default=",".join(_default_groups()),
                    help=f"comma-separated subset of {', '.join(GROUPS + OPTIONAL_GROUPS)} (default: all but "
                         f"{', '.join(OPTIONAL_GROUPS)}, which take minutes; dask where it is installed)")
    args = ap.parse_args()
    only = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = sorted(set(only) - set(GROUPS + OPTIONAL_GROUPS))
    if unknown or not only:
        ap.error(f"--only takes some of {', '.join(GROUPS + OPTIONAL_GROUPS)} (got {args.only!r})")
    repeats = 5 if args.quick else 15
    few = 3 if args.quick else 5
    rows: list[dict] = []
    # whole flights over 1e6 routes, as issue #9 asks (--quick: 1e5, which the slow test runs)
    estimate = bench_estimate(few, flights=100_000 if args.quick else 1_000_000) if "estimate" in only else []
    for group in only:
        rows += {"startup": lambda: bench_startup(repeats),
                 "route": lambda: bench_single_route(repeats),
                 "estimate": lambda: estimate,
                 "simulate": lambda: bench_simulate(repeats if not args.quick else few),
                 "montecarlo": lambda: bench_monte_carlo(few),
                 "matrix": lambda: bench_matrix(1 if args.quick else 3),
                 "matrix-large": lambda: bench_matrix_large((300,) if args.quick else (300, 1_000)),
                 # --quick (the slow test): 100 airports once, to keep the instrument working
                 "dask": lambda: bench_dask(1, 100) if args.quick else bench_dask(3)}[group]()
    if args.json:
        print(json.dumps({"repeats": repeats, "results": rows}, indent=2))
        return 0
    print(f"{'benchmark':66} {'median':>10} {'ratio':>7}  target")
    for r in rows:
        ratio = f"{r['ratio']:.2f}" if "ratio" in r else ""
        if "routes_per_s" in r:
            ratio += f"  ({r['routes_per_s']:,.0f} routes/s)"
        if "bytes_per_route" in r:
            ratio += f"  ({r['bytes_per_route']:,.0f} B/route)"
        target = f"{r.get('target', '')} {'met' if r.get('met') else ('NOT met' if 'met' in r else '')}"
        target += f"; {r['note']}" if "note" in r else ""
        print(f"{r['name']:66} {r['median_s'] * 1e3:9.2f} ms {ratio:>7}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

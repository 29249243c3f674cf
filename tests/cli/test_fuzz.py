"""Fuzzing the front door: random argv never crashes the CLI, and the Python API raises typed errors.

Never exit code 1 (an internal error), never a traceback, always one readable line on stderr for
errors, and the documented exit code.  Examples are bounded (tests/conftest.py profiles).
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rocketship.errors import RocketshipError

PLACES = ["PEK", "JFK", "ICN", "PVG", "KJFK", "ZBAA", "bohai-pad", "0,0", "90,0", "-90,180", "40.6,-73.8",
          "XQXQ", "", " ", "PEK,JFK", "☃", "91,0", "0,400", "nan,0", "1e9,1e9", "pek", "Beijing", "-0,-0"]
QUANTITY_TEXT = st.sampled_from([
    "10 t", "10t", "0 kg", "-5 t", "nan t", "inf kg", "1e300 kg", "1e-300 kg", "22000 lb", "5 m", "10", "",
    "ten tonnes", "3 furlongs", "1e6 t", "0.5 kg", "120 m**3", "0 m**3", "-1 m**3", "1e9 m**3", "6 L", "☃ kg",
    "100 t/day", "0 t/day", "-1 t/day", "75 %", "150 %", "0 %", "1e-9 kg", "2 MN",
])
FLAGS = st.sampled_from(["--payload", "--volume", "--parcel-mass", "--demand", "--pad-availability", "--air-load"])
CHOICES = st.sampled_from([
    [], ["--json"], ["--units", "imperial"], ["--units", "aviation"], ["--vehicle", "starship"],
    ["--vehicle", "falcon-9"], ["--vehicle", "nope"], ["--trajectory", "fpa:10"], ["--trajectory", "tof:40"],
    ["--trajectory", "fpa:nan"], ["--trajectory", "tof:-3"], ["--trajectory", "☃"], ["--sea-mode", "helicopter"],
    ["--ground-service", "general"], ["--air-service", "express"], ["--freighter", "airbus-a350f"],
    ["--return-mode", "fly-back"], ["--samples", "50", "--seed", "3"], ["--samples", "-1"],
])


def _check(code, err):
    assert code in (0, 2, 3, 4), err
    assert "Traceback" not in err
    if code:
        assert err.count("\n") == 1 and err.startswith("rocketship: error:")


@settings(max_examples=40)
@given(st.sampled_from(PLACES), st.sampled_from(PLACES), st.lists(st.tuples(FLAGS, QUANTITY_TEXT), max_size=2), CHOICES)
def test_route_never_crashes(origin, destination, quantities, extra):
    import contextlib
    import io

    from rocketship.cli import main

    argv = ["route", origin, destination]
    for flag, value in quantities:
        argv += [flag, value]
    argv += extra
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    _check(code, err.getvalue())


@settings(max_examples=40)
@given(st.lists(st.one_of(st.sampled_from(["route", "compare", "matrix", "payload-range", "vehicles", "routes",
                                           "validate", "plot", "cache", "--json", "--help", "--points", "0", "--out", "-x",
                                           "PEK-JFK", "PEK", "--max-range", "1 km", "--vehicles", ",,"]),
                          st.text(max_size=8)), max_size=5))
def test_any_argv_never_crashes(argv):
    import contextlib
    import io

    from rocketship.cli import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except SystemExit as exc:   # --help and --version exit 0 through argparse
        code = exc.code
    _check(code, err.getvalue())


@settings(max_examples=30)
@given(st.sampled_from(PLACES), st.sampled_from(PLACES), st.one_of(QUANTITY_TEXT, st.floats(), st.integers(), st.none()))
def test_api_raises_typed_errors_or_answers(origin, destination, payload):
    import rocketship as rs

    try:
        a = rs.assess(origin, destination, payload=payload)
    except RocketshipError:
        return
    d = a.to_dict()
    assert d["schema"] == "rocketship.route/1"
    f = a.flight
    for name in f._QUANTITIES:
        q = getattr(f, name)
        assert q is None or math.isfinite(q.magnitude), name
    if f.time_of_flight is not None and a.rocket.legs:
        assert a.rocket.total.m_as("h") >= f.time_of_flight.m_as("h")


def test_ctrl_c_exits_130():
    import os
    import signal
    import subprocess
    import sys
    import time

    p = subprocess.Popen([sys.executable, "-m", "rocketship", "route", "PEK", "JFK", "--samples", "1000000"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
    time.sleep(2.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode in (130, 0), err      # 0 only if it finished before the signal arrived
    if p.returncode == 130:
        assert err.strip() == "rocketship: interrupted" and "Traceback" not in err


@pytest.mark.slow
@settings(max_examples=300)
@given(st.sampled_from(PLACES), st.sampled_from(PLACES), st.lists(st.tuples(FLAGS, QUANTITY_TEXT), max_size=3), CHOICES)
def test_route_never_crashes_thorough(origin, destination, quantities, extra):
    test_route_never_crashes.hypothesis.inner_test(origin, destination, quantities, extra)


@settings(max_examples=25)
@given(st.sampled_from(PLACES), st.sampled_from(PLACES), st.one_of(QUANTITY_TEXT, st.floats(), st.none()),
       st.sampled_from(["xzy-1", "starship", "nope", "", "tests/none.toml"]),
       st.sampled_from(["min-energy", "fpa:20", "tof:35", "fpa:-1", "tof:0", "x"]))
def test_study_and_payload_range_raise_typed_errors(origin, destination, payload, vehicle, trajectory):
    from rocketship.studies import payload_range, study

    try:
        r = study(origin, destination, vehicle, payload=payload, trajectory=trajectory)
    except RocketshipError:
        pass
    else:
        for k, v in vars(r).items():
            if hasattr(v, "magnitude"):
                assert v.magnitude.shape == r.feasible.shape, k
    try:
        pr = payload_range(vehicle, origin=origin, towards=destination, ranges=payload)
    except RocketshipError:
        return
    assert (pr.max_payload.magnitude >= 0).all()


@settings(max_examples=15)
@given(st.lists(st.sampled_from(["PEK-ICN", "PVG-ICN", "PEK", "PEK-XQXQ", "-", "PEK-ICN-JFK", ""]), min_size=1,
                max_size=2),
       st.lists(st.sampled_from(["xzy-1", "starship", "nope"]), min_size=1, max_size=2))
def test_compare_raises_typed_errors(routes, vehicles):
    from rocketship.comparison import compare

    try:
        result = compare(routes, vehicles)
    except RocketshipError:
        return
    assert len(result.rows) == len(routes) * len(vehicles)

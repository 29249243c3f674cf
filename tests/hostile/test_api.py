"""The hostile corpus against the Python API: every refusal is a RocketshipError subclass, and where
the command line can say the same thing, it says it in the same words."""

from __future__ import annotations

import contextlib
import io
import math

import numpy as np
import pytest

import rocketship as rs
from rocketship.cli import main
from rocketship.errors import CatalogError, InputError, RocketshipError, UnknownNameError

Q_ = rs.Q_

# (id, call, error class, fragment, the command line that must print the same message, or None)
CASES = [
    ("payload-array", lambda: rs.assess("PEK", "JFK", payload=Q_([5, 10], "t")), InputError, "not an array", None),
    ("volume-array", lambda: rs.assess("PEK", "JFK", volume=Q_([1, 2], "m**3")), InputError, "not an array", None),
    ("pad-availability-array", lambda: rs.assess("PEK", "JFK", pad_availability=[0.5, 0.6]), InputError,
     "not an array", None),
    ("seed-text", lambda: rs.assess("PEK", "JFK", samples=10, seed="abc"), InputError, "seed must be", None),
    ("seed-negative", lambda: rs.assess("PEK", "JFK", samples=10, seed=-1), InputError, "seed must be",
     ["route", "PEK", "JFK", "--samples", "10", "--seed", "-1"]),
    ("seed-fraction", lambda: rs.assess("PEK", "JFK", samples=10, seed=1.5), InputError, "seed must be", None),
    ("samples-text", lambda: rs.assess("PEK", "JFK", samples="10"), InputError, "samples must be", None),
    ("compare-none", lambda: rs.compare([None]), InputError, "each route must be", None),
    ("compare-number", lambda: rs.compare(5), InputError, "routes must be a list", None),
    ("compare-one-end", lambda: rs.compare([("PEK",)]), InputError, "each route must be", None),
    ("compare-ambiguous", lambda: rs.compare(["0,0--10,10"]), InputError, "ORIGIN:DESTINATION",
     ["compare", "0,0--10,10"]),
    ("matrix-text", lambda: rs.route_matrix("PEK"), InputError, "a list of places", None),
    ("matrix-none", lambda: rs.route_matrix([None, "PEK"]), InputError, "a place must be text", None),
    ("matrix-stack-zero-payload", lambda: rs.route_matrix(["PEK", "ICN"], payload="0 t", stack_needed=True),
     InputError, "must be greater than zero", ["matrix", "PEK", "ICN", "--payload", "0 t", "--stack-needed"]),
    ("place-nan", lambda: rs.Place(code="X", name="x", lat=math.nan, lon=0.0, kind="coordinates"), InputError,
     "finite number of degrees", None),
    ("place-999", lambda: rs.Place(code="X", name="x", lat=999.0, lon=0.0, kind="coordinates"), InputError,
     "outside -90..90", None),
    ("place-text-latitude", lambda: rs.Place(code="X", name="x", lat="1", lon=0.0, kind="coordinates"), InputError,
     "finite number of degrees", None),
    ("place-999-assessed", lambda: rs.assess(rs.Place("X", "x", 0.0, 999.0, "coordinates"), "JFK"), InputError,
     "outside -180..360", None),
    ("latlon-999", lambda: rs.assess("999,0", "JFK"), InputError, "outside -90..90", ["route", "999,0", "JFK"]),
    ("decimal-comma", lambda: rs.assess("PEK", "JFK", payload="10,5 t"), InputError, "has a comma",
     ["route", "PEK", "JFK", "--payload", "10,5 t"]),
    ("ton", lambda: rs.assess("PEK", "JFK", payload="10 ton"), InputError, "short_ton",
     ["route", "PEK", "JFK", "--payload", "10 ton"]),
    ("tower", lambda: rs.assess("PEK", "JFK", payload="9**9**9 kg"), InputError, "power",
     ["route", "PEK", "JFK", "--payload", "9**9**9 kg"]),
    ("unit-without-number", lambda: rs.assess("PVG", "ICN", payload="kg"), InputError,
     "has no number: write a number and a unit", ["route", "PVG", "ICN", "--payload", "kg"]),
    ("zero-volume", lambda: rs.assess("PVG", "ICN", volume="0 m**3"), InputError, "must be greater than zero",
     ["route", "PVG", "ICN", "--volume", "0 m**3"]),
    ("size-zero-volume", lambda: rs.size("PVG", "ICN", volume=Q_(0, "m**3")), InputError, "must be greater than zero",
     None),
    ("payload-range-no-points", lambda: rs.payload_range(points=0), InputError, "points must be a whole number",
     ["payload-range", "--points", "0"]),
    ("payload-range-fractional-points", lambda: rs.payload_range(points=2.5), InputError,
     "points must be a whole number", None),
    ("payload-range-no-ranges", lambda: rs.payload_range(ranges=Q_([], "km")), InputError, "no ranges given", None),
    ("study-places-in-two-axes", lambda: rs.study(np.array([["a", "b"]], dtype=object), np.array([[1.0, 2.0]])),
     InputError, "names in a list of one axis", None),
    ("study-unhashable-place", lambda: rs.study(["PEK", {"code": "PVG"}], "ICN"), InputError,
     "a place must be text", None),
    ("negative", lambda: rs.assess("PEK", "JFK", payload="-5t"), InputError, "cannot be negative",
     ["route", "PEK", "JFK", "--payload", "-5t"]),
    ("same-place", lambda: rs.assess("PEK", "ZBAA"), InputError, "same place", ["route", "PEK", "ZBAA"]),
    ("payload-range-towards-itself", lambda: rs.payload_range(origin="PEK", towards="ZBAA"), InputError,
     "no bearing to itself", ["payload-range", "--origin", "PEK", "--towards", "ZBAA"]),
    ("unknown-place", lambda: rs.assess("PEK", "XQXQ"), UnknownNameError, "unknown place", ["route", "PEK", "XQXQ"]),
    ("unknown-vehicle-300", lambda: rs.load_vehicle("x" * 300), UnknownNameError, "unknown vehicle", None),
    ("vehicle-path-too-long", lambda: rs.load_vehicle("a" * 300 + ".toml"), CatalogError, "File name too long", None),
    ("vehicle-none", lambda: rs.assess("PEK", "JFK", vehicle=None), InputError, "vehicle must be an id", None),
    ("route-object", lambda: rs.load_route(rs.load_route("pek-jfk")), InputError, "route must be an id", None),
    ("vehicle-object", lambda: rs.load_vehicle(rs.load_vehicle("xzy-1")), InputError, "vehicle must be an id", None),
]


def _cli_message(argv: list[str]) -> str:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        main(argv)
    return err.getvalue().removeprefix("rocketship: error: ").strip()


@pytest.mark.parametrize("name, call, error, fragment, argv", CASES,
                         ids=[c[0] for c in CASES])
def test_the_api_raises_rocketship_errors(name, call, error, fragment, argv):
    with pytest.raises(error) as exc:
        call()
    assert isinstance(exc.value, RocketshipError)
    assert fragment in str(exc.value)
    if argv is not None:
        assert _cli_message(argv) == str(exc.value)


def test_a_simulation_past_its_budget_is_a_clear_error(monkeypatch):
    """A flight the integrator cannot finish (stiff, absurd dynamics) stops at a stated budget of steps
    and wall time instead of running for minutes; shrunk here so that a shipped flight reaches it."""
    import rocketship.core.flightlog as flightlog

    monkeypatch.setattr(flightlog, "MAX_RHS_CALLS", 300)
    with pytest.raises(InputError, match="budget of 300 steps or 20 s"):
        rs.assess("PVG", "ICN", fidelity="simulate")


def test_rs_compare_is_the_function_even_after_the_old_module_is_imported():
    import importlib

    old = importlib.import_module("rocketship.compare")
    from rocketship.compare import compare, route_matrix   # the old import path still works

    assert callable(rs.compare) and compare is rs.comparison.compare and route_matrix is rs.route_matrix
    assert rs.compare(["PVG:ICN"]).rows[0]["route"] == "PVG-ICN"
    assert old(["PVG-ICN"]).rows[0]["route"] == "PVG-ICN"


def test_a_quantity_in_other_numbers_is_read_as_its_floats():
    """From a hostile run: a payload of Q_(Decimal("10"), "t") raised a TypeError (a Decimal times a float) deep in
    the assessment; the unit boundary now hands every model floats."""
    from decimal import Decimal

    as_floats = rs.assess("PVG", "ICN", payload=Q_(10.0, "t")).to_dict()
    for payload in (Q_(Decimal("10"), "t"), Q_(10, "t"), Q_(np.float32(10), "t")):
        assert rs.assess("PVG", "ICN", payload=payload).to_dict() == as_floats

"""Globe-wide properties over thousands of random airport pairs and payloads (vectorised estimate tier)."""

import numpy as np
import pytest

from rocketship.catalog import load_vehicle
from rocketship.catalog.places import _airports
from rocketship.core import estimate as est
from rocketship.core import limits
from rocketship.flight import vehicle_params


@pytest.fixture(scope="module")
def pairs():
    recs = [r for r in _airports("IATA").values() if "International" in r["name"]]
    rng = np.random.default_rng(2026)
    i = rng.integers(0, len(recs), 3000)
    j = rng.integers(0, len(recs), 3000)
    keep = i != j
    lat = np.array([float(r["lat"]) for r in recs])
    lon = np.array([float(r["lon"]) for r in recs])
    return lat[i[keep]], lon[i[keep]], lat[j[keep]], lon[j[keep]]


@pytest.mark.parametrize("vid", ["xzy-1", "starship", "falcon-9"])
def test_finite_and_monotone_in_payload(pairs, vid):
    lat1, lon1, lat2, lon2 = pairs
    vp = vehicle_params(load_vehicle(vid))
    route = est.route(vp, lat1, lon1, lat2, lon2, "min-energy")
    ok_geometry = route.arc.psi_ground > 1e-3
    margins, cargo_burns = [], []
    for payload in (0.0, 5e3, 20e3, 80e3):
        f = est.evaluate(vp, route, np.full(lat1.shape, payload))
        # where the landing engines cannot hold the stage up, the landing time and Δv are undefined (inf,
        # reported as null); everything else is finite everywhere
        landable = ok_geometry & ~f.landing_impossible
        for name in ("time_of_flight", "delta_v_required"):
            assert np.all(np.isfinite(getattr(f, name)[landable])), name
        for name in ("burnout_speed", "apogee", "peak_deceleration", "margin", "peak_heat_flux", "heat_load",
                     "entry_range"):
            assert np.all(np.isfinite(getattr(f, name)[ok_geometry])), name
        margins.append(f.margin)
        # flights that brake are left out: the burn an entry needs is not monotonic in the stage's mass (a
        # denser stage meets the air lower down, on a different path, and may need less braking or none —
        # tests/reference/test_braking.py covers the burn itself); so is a stage whose reserves outgrow its
        # tanks, where the margin measures the booster alone
        cargo_burns.append((f.reserves[-1] < vp.stages[-1].usable) & (f.braking_delta_v == 0))
    m = np.array(margins)
    # more payload never flies further: the Δv margin never grows with payload — wherever the cargo stage
    # flies without braking and has propellant left for the climb.  Where its braking and landing reserves outgrow its tanks (long
    # routes' braking burns; the "arcs" that graze the ground near the antipode, apogee a few metres),
    # the flight is hopeless at any payload and the margin measures the booster alone, which a heavier
    # stack can climb with a metre a second less loss
    for k, more in enumerate(np.diff(m, axis=0)):      # from each payload to the next heavier one
        assert np.all(more[ok_geometry & cargo_burns[k] & cargo_burns[k + 1]] <= 1e-6)


@pytest.mark.parametrize("vid", ["xzy-1", "starship"])
def test_feasibility_agrees_with_max_payload(pairs, vid):
    lat1, lon1, lat2, lon2 = (x[:600] for x in pairs)
    vp = vehicle_params(load_vehicle(vid))
    route = est.route(vp, lat1, lon1, lat2, lon2, "min-energy", payload=10e3)
    mp = limits.max_payload(vp, route)
    rng = np.random.default_rng(7)
    payload = rng.uniform(0, 2.0 * np.max(mp) + 1e3, lat1.shape)
    f = est.evaluate(vp, route, payload)
    feasible = np.asarray(f.flies(), bool)
    # nothing heavier than the max payload flies (10 kg: the root finder's tolerance), every limit counted
    assert not np.any(feasible[payload > mp + 10.0])
    # and the max payload itself flies
    carried = mp > 0
    assert np.all(np.asarray(est.evaluate(vp, route, np.maximum(mp - 10.0, 0.0)).flies(), bool)[carried])
    # lighter cargo flies too, except where its lighter stage cannot be braked to the cargo's limit: a
    # denser stage brakes lower down and may hold a limit a lighter one cannot (limits.PAYLOAD_GRID)
    lighter = payload < mp - 10.0
    assert np.all(feasible[lighter] | np.asarray(f.g_limited, bool)[lighter])
    assert np.mean(feasible[lighter]) > 0.9


@pytest.mark.parametrize("route", [("PEK", "JFK"), ("PVG", "ICN"), ("LHR", "DXB"), ("SYD", "SIN"), ("GRU", "JNB")])
def test_door_to_door_never_shorter_than_the_flight(route):
    from rocketship import assess

    a = assess(*route)
    assert a.rocket.total.m_as("h") >= a.flight.time_of_flight.m_as("h")
    assert a.rocket.total >= a.rocket.total_without_weather

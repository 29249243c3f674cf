"""The Keplerian conic of the estimate tier (core/kepler.py ``Conic``) against a numerical integration of
the two-body equations of motion (scipy's DOP853, rtol 1e-11): position along the conic after a given
time, the time to come down through a radius, and the central angle swept — a different method from
Kepler's equation in closed form (Battin 1999, §4.4), so agreement is a check, not a restatement."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from rocketship.core.constants import MU_EARTH, R_MEAN
from rocketship.core.kepler import Conic

#: suborbital states as the estimate meets them: a steep short hop at apogee height, a 20° descent at
#: 120 km, a shallow glide-like 1° descent, an ascending state (the arc's start) and a near-radial fall
STATES = [(R_MEAN + 120e3, 2500.0, math.radians(35.0)), (R_MEAN + 120e3, 7200.0, math.radians(20.0)),
          (R_MEAN + 106e3, 7610.0, math.radians(0.6)), (R_MEAN, 7000.0, math.radians(-25.0)),
          (R_MEAN + 90e3, 300.0, math.radians(89.0))]


def _integrate(r, v, gamma, t_end, stop_radius=None):
    """Planar two-body flight from (r, v, γ below the horizontal): (solution, event times)."""
    y0 = [r, 0.0, -v * math.sin(gamma), v * math.cos(gamma)]

    def rhs(t, y):
        d = math.hypot(y[0], y[1])
        return [y[2], y[3], -MU_EARTH * y[0] / d ** 3, -MU_EARTH * y[1] / d ** 3]

    events = []
    if stop_radius is not None:
        def down(t, y):
            return math.hypot(y[0], y[1]) - stop_radius
        down.direction = -1
        down.terminal = True
        events = [down]
    return solve_ivp(rhs, (0.0, t_end), y0, method="DOP853", rtol=1e-11, atol=1e-6, events=events,
                     dense_output=True)


#: each state flown for times that keep it above the ground: the steep descents land within ~2 min, the
#: glide and the ascent stay up for many
AFTER = [(STATES[0], 5.0), (STATES[0], 40.0), (STATES[1], 5.0), (STATES[1], 40.0), (STATES[2], 5.0),
         (STATES[2], 60.0), (STATES[2], 240.0), (STATES[3], 5.0), (STATES[3], 60.0), (STATES[3], 240.0),
         (STATES[4], 5.0), (STATES[4], 60.0)]


@pytest.mark.parametrize("state, dt", AFTER)
def test_the_state_after_a_time_matches_the_integration(state, dt):
    """Radius within 1 m, speed within 1 mm/s, flight-path angle within 1 µrad, swept angle within 0.2 µrad
    (≈1 m on the ground) after up to four minutes: the integration's tolerance is far below these, and
    five Newton steps on Kepler's equation settle E to well under a microradian."""
    r, v, gamma = state
    sol = _integrate(r, v, gamma, dt)
    x, y, vx, vy = sol.y[:, -1]
    assert math.hypot(x, y) > R_MEAN - 50e3            # the case is chosen to stay clear of the ground
    c = Conic(r, v, gamma)
    big_e = c.anomaly_after(dt)
    r_c, v_c, g_c = c.state_at(big_e)
    rr = math.hypot(x, y)
    vv = math.hypot(vx, vy)
    g_int = math.asin(-(x * vx + y * vy) / (rr * vv))
    assert r_c == pytest.approx(rr, abs=1.0)
    assert v_c == pytest.approx(vv, abs=1e-3)
    assert g_c == pytest.approx(g_int, abs=1e-6)
    swept = c.true_anomaly(big_e) - c.true_anomaly(c.big_e)
    assert swept == pytest.approx(math.atan2(y, x), abs=2e-7)


@pytest.mark.parametrize("state", STATES)
def test_the_time_to_come_down_through_a_radius_matches_the_integration(state):
    """The time to descend through 60 km: within 1 ms of the integration's event (located by its own root
    finder on the dense output), for ascending, descending and near-radial states alike."""
    r, v, gamma = state
    target = R_MEAN + 60e3
    sol = _integrate(r, v, gamma, 4000.0, stop_radius=target)
    assert sol.t_events[0].size == 1
    c = Conic(r, v, gamma)
    assert c.time_to(c.descending_anomaly(target)) == pytest.approx(float(sol.t_events[0][0]), abs=1e-3)


def test_arrays_and_floats_agree():
    """The same conics on arrays and one by one on floats (the xp layer) give the same numbers."""
    r, v, g = (np.array(x) for x in zip(*STATES))
    many = Conic(r, v, g)
    e_many = many.anomaly_after(120.0)
    for k, state in enumerate(STATES):
        one = Conic(*state)
        assert one.anomaly_after(120.0) == pytest.approx(float(e_many[k]), rel=1e-14, abs=1e-14)


@pytest.mark.parametrize("v, phi_deg, h", [(7766.0, 2.33, 100e3), (7800.0, 2.0, 100e3), (3500.0, 35.0, 76e3),
                                           (5000.0, 20.0, 125e3)])
def test_the_arc_climbs_to_burnout_over_the_integrated_ground(v, phi_deg, h):
    """Route.range_to — the ground from the pad to where the arc, climbing, passes the burnout altitude
    (what the ascent lead is measured against) — against the central angle the integrated two-body climb
    sweeps up to that radius: a flat 2.33° arc at 7.77 km/s (PEK→JFK) first reaches 100 km ~3,500 km out;
    a steep hop within a couple of hundred.  Agreement to 1 m: both are exact for the same conic."""
    from types import SimpleNamespace

    from rocketship.core.route import Route

    route = object.__new__(Route)
    route.radius = R_MEAN
    route.arc = SimpleNamespace(v=v, phi=math.radians(phi_deg))
    reach = R_MEAN + h

    y0 = [R_MEAN, 0.0, v * math.sin(math.radians(phi_deg)), v * math.cos(math.radians(phi_deg))]

    def rhs(t, y):
        d = math.hypot(y[0], y[1])
        return [y[2], y[3], -MU_EARTH * y[0] / d ** 3, -MU_EARTH * y[1] / d ** 3]

    def up(t, y):
        return math.hypot(y[0], y[1]) - reach
    up.direction = 1
    up.terminal = True
    sol = solve_ivp(rhs, (0.0, 20_000.0), y0, method="DOP853", rtol=1e-11, atol=1e-6, events=[up])
    x, y = sol.y_events[0][0][:2]
    assert route.range_to(h) == pytest.approx(R_MEAN * math.atan2(y, x), abs=1.0)

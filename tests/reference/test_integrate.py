"""The lean Dormand–Prince 5(4) (rocketship.core.integrate) against scipy's solve_ivp and closed forms."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from rocketship.core.constants import J2, MU_EARTH, WGS84_A
from rocketship.core.integrate import brent, dopri5

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def _two_body_j2(t, y):
    """Point mass plus J2, a satellite's state [m, m/s] (smooth: no table, no switch)."""
    x, yy, z, vx, vy, vz = y
    r2 = x * x + yy * yy + z * z
    r = math.sqrt(r2)
    k = -MU_EARTH / (r2 * r)
    c = 1.5 * J2 * WGS84_A ** 2 / r2
    zz = 5.0 * z * z / r2
    return [vx, vy, vz, k * x * (1 + c * (1 - zz)), k * yy * (1 + c * (1 - zz)), k * z * (1 + c * (3 - zz))]


def _leo():
    r = WGS84_A + 400e3
    v = math.sqrt(MU_EARTH / r) * 1.05     # a little eccentric, inclined 51.6°
    i = math.radians(51.6)
    return r, [r, 0.0, 0.0, 0.0, v * math.cos(i), v * math.sin(i)]


def test_dopri5_takes_scipys_rk45_steps():
    """Three orbits of an eccentric, J2-perturbed LEO at rtol 1e-9, max step 60 s: the same method as
    scipy's RK45 (tableau, RMS error norm, step control, initial step) takes the same steps.  Reference:
    ``solve_ivp(method="RK45")``.  Tolerance: only rounding separates them (numpy sums the stages in its
    own order), and the error estimate's cancellation lifts that to ~1e-9 in a step size; 1e-6 on the
    step times and 1e-6 m on positions of 7e6 m leaves room for that while any slip in a coefficient,
    the norm or the step control moves steps by far more (a different count, or times off by >1e-3)."""
    _, y0 = _leo()
    atol = [1e-3] * 3 + [1e-6] * 3
    t_end = 3 * 2 * math.pi * math.sqrt((WGS84_A + 600e3) ** 3 / MU_EARTH)
    lean = dopri5(_two_body_j2, 0.0, y0, t_end, rtol=1e-9, atol=atol, max_step=60.0)
    ref = solve_ivp(_two_body_j2, (0.0, t_end), y0, method="RK45", rtol=1e-9, atol=atol, max_step=60.0)
    assert lean.status == ref.status == 0
    assert len(lean.t) == len(ref.t)
    np.testing.assert_allclose(lean.t, ref.t, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(np.array(lean.y)[:, :3], ref.y.T[:, :3], rtol=0, atol=1e-6 * 7e6)
    # and the derivative kept at each point is the right-hand side there (what the flight's record reuses)
    for t, y, f in zip(lean.t, lean.y, lean.f):
        assert f == _two_body_j2(t, y)


def test_dopri5_is_fifth_order_accurate_on_a_kepler_orbit():
    """Without J2 the orbit closes: after one period of a circular orbit the state returns to the start.
    At rtol 1e-10 a fifth-order method with per-step error control lands within ~1e-8 of the orbit's
    size per orbit (measured 2e-9 relative); 1e-7 relative (0.7 m on 6.8e6 m) fails any method of
    lower order at these steps (RK23 at the same tolerance misses by ~10 m)."""
    def kepler(t, y):
        x, yy, z, vx, vy, vz = y
        r3 = math.sqrt(x * x + yy * yy + z * z) ** 3
        return [vx, vy, vz, -MU_EARTH * x / r3, -MU_EARTH * yy / r3, -MU_EARTH * z / r3]

    r = WGS84_A + 400e3
    v = math.sqrt(MU_EARTH / r)
    y0 = [r, 0.0, 0.0, 0.0, v, 0.0]
    period = 2 * math.pi * math.sqrt(r ** 3 / MU_EARTH)
    sol = dopri5(kepler, 0.0, y0, period, rtol=1e-10, atol=[1e-6] * 3 + [1e-9] * 3, max_step=120.0)
    end = np.array(sol.y[-1][:3])
    assert sol.t[-1] == period
    assert np.linalg.norm(end - np.array(y0[:3])) < 1e-7 * r


def test_a_terminal_event_stops_at_its_zero_as_scipys_does():
    """An oscillator x'' = −x from x = 1 at rest falls through zero at t = π/2; an event on x with
    direction −1 (and one on the speed that never fires) stops there.  The zero lies on the 4th-order dense
    output, so it is as accurate as the steps (rtol 1e-10: within 1e-8 of π/2) and, Brent's method
    being scipy's on the same interpolant, it matches solve_ivp's to 1e-9 s (the same few steps)."""
    def osc(t, y):
        return [y[1], -y[0]]

    def down(t, y):
        return y[0]
    down.terminal = True
    down.direction = -1

    def never(t, y):
        return y[1] - 5.0
    never.terminal = True

    sol = dopri5(osc, 0.0, [1.0, 0.0], 10.0, rtol=1e-10, atol=[1e-12, 1e-12], events=[never, down])
    ref = solve_ivp(osc, (0.0, 10.0), [1.0, 0.0], rtol=1e-10, atol=1e-12, events=[never, down])
    assert sol.status == ref.status == 1
    assert sol.t_events[0] == [] and len(sol.t_events[1]) == 1
    assert sol.t[-1] == sol.t_events[1][0]
    assert sol.t[-1] == pytest.approx(math.pi / 2, abs=1e-8)
    assert sol.t[-1] == pytest.approx(float(ref.t_events[1][0]), abs=1e-9)
    assert abs(sol.y[-1][0]) < 1e-9 and sol.y[-1][1] == pytest.approx(-1.0, abs=1e-8)
    # a rising event (direction +1) on the same zero does not fire: the flight reaches t_end
    up = lambda t, y: y[0]      # noqa: E731
    up.terminal, up.direction = True, 1
    assert dopri5(osc, 0.0, [1.0, 0.0], 2.0, rtol=1e-8, atol=[1e-10, 1e-10], events=[up]).status == 0


@pytest.mark.parametrize("f, a, b", [(lambda x: x ** 3 - 2 * x - 5, 2.0, 3.0),      # Wallis's cubic
                                     (lambda x: math.cos(x) - x, 0.0, 1.0),
                                     (lambda x: math.exp(x) - 1e6, 0.0, 20.0),       # steep: bisection first
                                     (lambda x: math.atan(40 * (x - 0.3)), -10.0, 10.0)])   # flat far out
def test_brent_is_scipys_brentq(f, a, b):
    """The event solver is a port of scipy's brentq (its C code): the same zero, to the last bit, at
    scipy's event tolerance (4 ε)."""
    eps = np.finfo(float).eps
    assert brent(f, a, b) == brentq(f, a, b, xtol=4 * eps, rtol=4 * eps)

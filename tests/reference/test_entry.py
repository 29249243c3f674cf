"""The planar entry (rocketship/core/entry.py) and its table (entry_table.py), each checked by another method.

* Allen & Eggers (NACA Report 1381, 1958): in its own limit — no gravity, a flat Earth, an exponential
  atmosphere, no lift — the integrator must give their peak deceleration V_E² sin γ / (2 e H).
* scipy's DOP853 (rtol 1e-10) on the same equations: the fixed-share RK4 step is fine enough.
* Published flights: Soyuz's ballistic and guided descents; the Space Shuttle's ~1.5 g entry.
* Eggers, Allen & Neice (NACA Report 1382, 1958): the equilibrium-glide range of a lifting vehicle.
* Sutton & Graves (NASA TR R-376, 1971) against Detra, Kemp & Riddell's correlation (Jet Propulsion 27,
  1957): two independent fits of stagnation heating.
* The shipped table against fresh integrations: its nodes to float32, its interpolation to a stated band.
"""

import math

import numpy as np
import pytest

from rocketship.core import entry_table as et
from rocketship.core.constants import G0, MU_EARTH, R_MEAN
from rocketship.core.entry import integrate_entry
from rocketship.core.reentry import SUTTON_GRAVES_K


@pytest.mark.parametrize("beta", [100.0, 1000.0, 5000.0])
@pytest.mark.parametrize("speed, angle_deg", [(7200.0, 22.5), (3000.0, 45.0), (6000.0, 10.0)])
def test_allen_eggers_in_its_own_limit(beta, speed, angle_deg):
    """≤ 1 % (the issue's band): what is left is the step's sampling of the peak (measured ≤ 0.04 %)."""
    h = 7200.0
    path = integrate_entry(speed, math.radians(angle_deg), 150e3, beta, gravity=False, curved=False,
                           exponential_scale=h)
    allen_eggers = speed ** 2 * math.sin(math.radians(angle_deg)) / (2 * math.e * h)
    assert path.peak_drag == pytest.approx(allen_eggers, rel=0.01)
    assert path.peak_drag == pytest.approx(allen_eggers, rel=1e-3)   # as measured, with room


def _dop853(speed, angle_deg, h0, beta, lift_to_drag=0.0):
    """The same planar equations (lift fading from Mach 2 to 1, US76) by scipy's DOP853 at rtol 1e-10, the
    peak and the heating read on a 200,000-point dense output."""
    from scipy.integrate import solve_ivp

    from rocketship.core.atmosphere import us76
    from rocketship.core.entry import LIFT_END_SPEED, LIFT_FULL_SPEED

    def f(t, y):
        v, g, h, s, q = y
        r = R_MEAN + h
        gg = MU_EARTH / r ** 2
        rho = float(us76(max(h, -2000.0))[2])
        d = rho * v * v / (2 * beta)
        fade = min(max((v - LIFT_END_SPEED) / (LIFT_FULL_SPEED - LIFT_END_SPEED), 0.0), 1.0)
        return [-d - gg * math.sin(g), lift_to_drag * fade * d / v + (v / r - gg / v) * math.cos(g),
                v * math.sin(g), v * math.cos(g) * R_MEAN / r, math.sqrt(rho) * v ** 3]

    def ground(t, y):
        return y[2]
    ground.terminal, ground.direction = True, -1
    sol = solve_ivp(f, (0, 4000), [speed, -math.radians(angle_deg), h0, 0, 0], method="DOP853", rtol=1e-10,
                    atol=1e-8, events=ground, dense_output=True, max_step=2.0)
    y = sol.sol(np.linspace(0, sol.t[-1], 200_001))
    rho = us76(np.maximum(y[2], -2000.0))[2]
    return {"peak": float(np.max(rho * y[0] ** 2 / (2 * beta))), "heat": float(np.max(np.sqrt(rho) * y[0] ** 3)),
            "load": float(sol.y[4, -1]), "range": float(sol.y[3, -1]), "time": float(sol.t[-1])}


@pytest.mark.parametrize("case", [
    (7200.0, 20.0, 120e3, 2500.0, 0.0),     # a dense ballistic stage, steep
    (7200.0, 2.0, 120e3, 300.0, 0.45),      # a belly-first glider, shallow
    (3000.0, 40.0, 120e3, 300.0, 0.45),     # a short hop's steep lifting entry
    (1500.0, 60.0, 120e3, 2500.0, 0.0),     # slow and steep
    (300.0, 80.0, 80e3, 2500.0, 0.0),       # a stage stopped high, falling
])
def test_the_integrator_against_dop853(case):
    """Peak deceleration and heating, heat load and range within 0.3 %, time within 1 %: measured ≤ 0.1 %
    and ≤ 0.3 % (time: the closed-form terminal fall under ~166 m/s runs a little early)."""
    speed, angle, h0, beta, ld = case
    ref = _dop853(speed, angle, h0, beta, ld)
    path = integrate_entry(speed, math.radians(angle), h0, beta, ld)
    assert path.peak_drag == pytest.approx(ref["peak"], rel=3e-3)
    assert path.peak_heating == pytest.approx(ref["heat"], rel=3e-3)
    assert path.heating_integral == pytest.approx(ref["load"], rel=3e-3)
    assert path.range == pytest.approx(ref["range"], rel=3e-3)
    assert path.time == pytest.approx(ref["time"], rel=1e-2)


def test_soyuz_ballistic_and_guided_descents():
    """Soyuz enters from low orbit at about 7.6 km/s and 1.35° (β ≈ 300-400 kg/m², trimmed L/D ≈ 0.25-0.3).
    Guided (rolled to about 45° to control its range) it peaks near 3-4 g; its ballistic back-up mode about
    8-9 g (Soyuz TMA-1, 2003, and TMA-11, 2008, reported about 8 g; Roscosmos/NASA mission reporting).  The
    bands are those of the published figures plus the spread of the assumed state: 2.5-5 g and 7.5-10.5 g,
    and the ballistic peak at least twice the guided one — lift, not a tuned constant, makes the difference."""
    state = (7600.0, math.radians(1.35), 100e3, 350.0)
    ballistic = integrate_entry(*state, 0.0).peak_sensed / G0
    guided = integrate_entry(*state, 0.27, math.radians(45.0)).peak_sensed / G0
    assert 7.5 <= ballistic <= 10.5
    assert 2.5 <= guided <= 5.0
    assert ballistic > 2.0 * guided


def test_the_shuttle_entry_holds_about_one_and_a_half_g():
    """The orbiter met the 121.9 km (400,000 ft) interface at about 7.7 km/s and 1.2°, hypersonic L/D about 1
    at α = 40°, and held its deceleration near 1.5 g (Harpold & Graves, J. Astronaut. Sci. 27, 1979).  Flown
    lift up at a constant L/D (the orbiter modulated its bank), the peak must lie in 1.0-2.0 g; banking
    steeper never lowers it."""
    peaks = [integrate_entry(7700.0, math.radians(1.2), 121.9e3, 400.0, 1.0, math.radians(b)).peak_sensed / G0
             for b in (0.0, 45.0, 70.0)]
    assert 1.0 <= peaks[0] <= 2.0
    assert peaks[0] <= peaks[1] <= peaks[2]


@pytest.mark.parametrize("lift_to_drag, band", [(1.0, 0.05), (2.0, 0.05), (0.5, 0.15)])
def test_equilibrium_glide_range(lift_to_drag, band):
    """Eggers, Allen & Neice: a glide in equilibrium (lift balancing gravity less the centrifugal relief)
    covers s = (L/D)(R/2) ln[(1 − V₁²/gR)/(1 − V₀²/gR)] from V₀ to V₁.  Started at equilibrium at 7 km/s,
    the integrated glide to 1.5 km/s agrees within 5 % at L/D ≥ 1 (measured 0-3 %); at L/D = 0.5 the
    flight-path angle is no longer small and the phugoid matters (measured +8 %), so 15 %."""
    beta, v0, v1 = 400.0, 7000.0, 1500.0
    r = R_MEAN + 70e3
    g = MU_EARTH / r ** 2
    rho = 2 * beta * (g - v0 ** 2 / r) / (lift_to_drag * v0 ** 2)
    from rocketship.core.atmosphere import altitude_of_density

    track = integrate_entry(v0, math.radians(0.05), float(altitude_of_density(rho)), beta, lift_to_drag,
                            record=True).track
    flown = track["s"][np.argmax(track["V"] < v1)]
    gr = g * R_MEAN
    eggers = lift_to_drag * R_MEAN / 2 * math.log((1 - v1 ** 2 / gr) / (1 - v0 ** 2 / gr))
    assert flown == pytest.approx(eggers, rel=band)


@pytest.mark.parametrize("speed, rho, nose", [(7000.0, 3e-4, 1.0), (5000.0, 1e-3, 2.0), (7800.0, 5e-5, 4.5)])
def test_sutton_graves_against_detra_kemp_riddell(speed, rho, nose):
    """Two published fits of stagnation-point heating, from different data: Sutton-Graves, q = k √(ρ/r_n) V³
    (k = 1.7415e-4 for air), and Detra, Kemp & Riddell, q = 11,030 W/cm² · √(ρ/ρ₀) (V/7,925 m/s)^3.15 / √(r_n)
    (r_n in metres).  Each is quoted good to about 10-15 %; they must agree within 20 %."""
    sutton_graves = SUTTON_GRAVES_K * math.sqrt(rho / nose) * speed ** 3
    detra = 11_030e4 * math.sqrt(rho / 1.225) * (speed / 7925.0) ** 3.15 / math.sqrt(nose)
    assert sutton_graves == pytest.approx(detra, rel=0.20)


def test_the_shipped_table_is_the_integration_of_its_nodes():
    """40 random nodes integrated afresh equal the shipped table (stored as float32: 1e-6)."""
    from importlib import resources

    fields = np.load(resources.files("rocketship.core").joinpath(et.FILE).open("rb"))
    speeds, angles, betas, lifts, turns = et.nodes()
    rng = np.random.default_rng(1)
    idx = tuple(rng.integers(0, n, 40) for n in et.SHAPE)
    v, g, b, ld, w = speeds[idx[0]], angles[idx[1]], betas[idx[2]], lifts[idx[3]], turns[idx[4]]
    path = integrate_entry(v, g, et.start_altitude(v, b), b, ld, rotation_speed=w)
    assert str(fields["spec"]) == et.spec()
    np.testing.assert_allclose(fields["log_peak_drag"][idx], np.log(np.maximum(path.peak_drag, 1e-12)), rtol=1e-6,
                               atol=1e-6)
    decay = np.maximum(np.exp(-path.range / et.range_scale(ld)), et.SMALLEST_DECAY)
    np.testing.assert_allclose(fields["range_decay"][idx], decay, rtol=1e-6, atol=1e-30)


@pytest.mark.slow
def test_the_whole_table_rebuilds_the_same():
    """The generator (scripts/build_entry_table.py) run afresh gives the shipped table to float32."""
    fresh = et.build()
    shipped = et.table().fields
    for name, values in fresh.items():
        np.testing.assert_allclose(shipped[name], np.asarray(values, np.float32).reshape(-1), rtol=1e-6, atol=1e-6,
                                   err_msg=name)


def _table_against_direct(v, g, b, ld, w):
    """Relative errors of the table's reads against direct integration (entries next to a skip left out:
    the table flags them): peak deceleration, peak heating, heat load, and range as a share of
    max(range, 50 km)."""
    direct = integrate_entry(v, g, et.start_altitude(v, b), b, ld, rotation_speed=w)
    tab = et.table()
    cell = tab.cell(v, g, b, ld, w)
    ok = (tab.read("skip", cell) == 0) & ~direct.skipped & ~direct.timed_out
    errors = (np.exp(tab.read("log_peak_drag", cell)) / direct.peak_drag - 1,
              np.exp(tab.read("log_peak_heating", cell)) / direct.peak_heating - 1,
              np.exp(tab.read("log_heating_integral", cell)) / direct.heating_integral - 1,
              (tab.range(cell) - direct.range) / np.maximum(direct.range, 50e3))
    return [np.abs(x[ok]) for x in errors]


def test_the_table_reads_within_its_stated_band():
    """Over 1,500 random entries (0.3-8 km/s, 0-89°, β 30-15,000 kg/m², L/D·cos σ 0-1, w ±465 m/s), the table
    against direct integration at the 99th percentile: peak deceleration within 3 % (measured 1.8 %), peak
    heating 2 % (1.2 %), heat load 2.5 % (1.7 %), range within 6 % of max(range, 50 km) (BAND_RANGE) — the
    bands the estimate tier's assumptions quote."""
    rng = np.random.default_rng(5)
    n = 1500
    v = np.exp(rng.uniform(np.log(300), np.log(8000), n))
    g = np.radians(rng.uniform(0, 89, n))
    b = np.exp(rng.uniform(np.log(30), np.log(15000), n))
    ld = rng.uniform(0, 1, n)
    w = rng.uniform(-465, 465, n)
    drag, heating, load, ranges = _table_against_direct(v, g, b, ld, w)
    assert np.percentile(drag, 99) < 0.03
    assert np.percentile(heating, 99) < 0.02
    assert np.percentile(load, 99) < 0.025
    assert np.percentile(ranges, 99) < 0.06


GLIDE_RANGE_BAND = 0.015   #: measured 0.93 % at the 90th percentile (3.0 % at the 99th)


def test_the_table_reads_long_glides_within_their_band():
    """The long lifting glides of intercontinental flights (6.5-8.1 km/s, 0.3-4°, β 100-1,000 kg/m², L/D·cos σ
    0.2-0.6, w ±465 m/s), where the range grows fastest with the entry state and the arc is aimed by it: range
    within GLIDE_RANGE_BAND at the 90th percentile and peak heating within 2.5 % at the 99th (measured 2.0 %).  (Read from a
    table of ranges rather than of their decays, the same glides missed by 2.1 % at the 90th percentile, and
    by 6 % on Starship's PEK→JFK glide.)"""
    rng = np.random.default_rng(3)
    n = 400
    v = rng.uniform(6500, 8100, n)
    g = np.radians(rng.uniform(0.3, 4, n))
    b = np.exp(rng.uniform(np.log(100), np.log(1000), n))
    ld = rng.uniform(0.2, 0.6, n)
    w = rng.uniform(-465, 465, n)
    _, heating, _, ranges = _table_against_direct(v, g, b, ld, w)
    assert np.percentile(ranges, 90) < GLIDE_RANGE_BAND
    assert np.percentile(heating, 99) < 0.025


def test_a_stale_table_is_refused(monkeypatch):
    """A change to the entry model's constants without a rebuilt table is an error, not a silently old table."""
    monkeypatch.setattr(et, "START_DRAG", et.START_DRAG * 2)
    et.table.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="rebuild"):
            et.table()
    finally:
        monkeypatch.undo()
        et.table.cache_clear()


def test_a_speed_past_the_grid_is_read_at_its_edge_and_flagged():
    """Past SPEED_SCALE (8.4 km/s: a westbound stage's speed through the air can pass it) u_V is undefined:
    the state is read at the grid's fastest nodes — not, through a nan, at its slowest — and flagged."""
    import warnings

    tab = et.table()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        past = tab.cell(np.array([9_000.0]), np.array([0.02]), np.array([300.0]), np.array([0.4]), np.array([0.0]))
        edge = tab.cell(np.array([et.SPEED_RANGE[1]]), np.array([0.02]), np.array([300.0]), np.array([0.4]),
                        np.array([0.0]))
        one = tab.cell(9_000.0, 0.02, 300.0, 0.4, 0.0)
    assert past[2][0] and one[2] and not edge[2][0]
    assert tab.range(past)[0] == tab.range(edge)[0] == pytest.approx(tab.range(one), rel=1e-12)

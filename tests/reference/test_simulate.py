"""Simulate tier (3-DOF) against physics and against the estimate tier."""

import math

import numpy as np
import pytest

from rocketship.catalog import load_vehicle, resolve_place
from rocketship.core.constants import G0, MU_EARTH
from rocketship.core.flight3dof import SimVehicle, simulate
from rocketship.core.motion import SimStage, rhs
from rocketship.core.frames import altitude
from rocketship.core.shooting import cutoff_flight_path_angle
from rocketship.core.geodesy import destination
from rocketship.core.reentry import peak_deceleration
from rocketship.flight import plan_flight, vehicle_params
from rocketship.simulation import simulate_flight

from ..conftest import DATA

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def test_vacuum_coast_conserves_energy():
    """A coast above the atmosphere (no J2 term in the energy check: point mass only) keeps
    v²/2 − μ/r to 1e-6 relative — the integrator's tolerance, not a physics tolerance."""
    from scipy.integrate import solve_ivp

    import rocketship.core.motion as motion     # whose right-hand side has the J2 term written in

    r0 = np.array([6_778_137.0, 0.0, 0.0])                      # 400 km, circular, inclined 20°
    vc = math.sqrt(MU_EARTH / 6_778_137.0)
    v0 = np.array([0.0, vc * math.cos(math.radians(20)), vc * math.sin(math.radians(20))])
    j2 = motion.J2
    motion.J2 = 0.0
    try:
        sol = solve_ivp(lambda t, y: rhs(t, y, 0.0, 0.0, 1.0, "coast", 0.0, None), (0, 3000),
                        np.concatenate([r0, v0, [1000.0, 0.0]]), rtol=1e-10, atol=1e-6, method="DOP853")
    finally:
        motion.J2 = j2
    assert np.all([altitude(*p) > 150_000 for p in sol.y[:3].T])
    e = 0.5 * np.sum(sol.y[3:6] ** 2, axis=0) - MU_EARTH / np.linalg.norm(sol.y[:3], axis=0)
    assert np.max(np.abs(e / e[0] - 1)) < 1e-6


def test_ballistic_entry_peak_against_allen_eggers():
    """A ballistic body entering at 7.2 km/s and 22.5° in the US76 atmosphere peaks within 15 % of Allen
    and Eggers' 51.7 g (NACA Report 1381, 1958; their closed form with a 7.2 km scale height).  β = 300
    kg/m² puts the peak near 30 km, where US76's local scale height is ~6.4 km, 11 % under the formula's,
    which raises the peak by about as much; gravity and the curved path add ~5 % (an independent planar
    integration gives 58.5 g in US76, 54.5 g in the exponential air): 13 % in all, inside 15 %."""
    from scipy.integrate import solve_ivp

    from rocketship.core.constants import OMEGA_EARTH

    r = 6_378_137.0 + 120_000.0
    g = math.radians(22.5)
    v = 7200.0
    pos = np.array([r, 0.0, 0.0])
    # air-relative entry velocity, then back to inertial
    air = v * np.array([-math.sin(g), math.cos(g), 0.0])
    vel = air + np.cross([0, 0, OMEGA_EARTH], pos)
    beta = 300.0    # kg/m²
    area = 1.0
    m = beta * area

    def ground(t, y):
        return altitude(*y[:3]) - 1000.0
    ground.terminal = True
    sol = solve_ivp(lambda t, y: rhs(t, y, 0.0, 0.0, 1.0, "coast", 1.0 * area, None), (0, 600),
                    np.concatenate([pos, vel, [m, 0.0]]), rtol=1e-9, atol=1e-6, method="DOP853", events=[ground],
                    max_step=0.5)
    acc = np.gradient(sol.y[3:6], sol.t, axis=1)
    from rocketship.core.frames import gravity

    grav = np.array([gravity(*p) for p in sol.y[:3].T]).T
    peak = np.max(np.linalg.norm(acc - grav, axis=0)) / G0
    assert peak == pytest.approx(float(peak_deceleration(7200.0, g)) / G0, rel=0.15)


def test_falcon9_reaches_an_orbit_like_burnout_within_the_loss_band():
    """Falcon 9 FT with 22.8 t and its published propellant (spaceflightinsider.com/hangar/falcon/): with the
    pitch-over that ends the burn horizontal, burnout is orbit-like (150-350 km, within 5 % of circular speed) and
    the losses (ideal Δv minus inertial speed gained) lie in the estimate tier's 1.3-2.0 km/s band
    (tests/reference/test_ascent.py)."""
    r = load_vehicle("falcon-9")
    vp = vehicle_params(r)
    st = [SimStage(s.dry, s.usable, s.propellant - s.usable, s.isp_sl, s.isp_vac, s.thrust_sl, s.thrust_vac,
                   s.landing_thrust) for s in vp.stages]
    sv = SimVehicle(st, 22_800.0, vp.reference_area, r.aero.drag.columns["mach"], r.aero.drag.columns["cd"], 1.0,
                    vp.reference_area, 0.0, False)
    lo, hi = 2.0, 5.0
    for _ in range(14):
        mid = 0.5 * (lo + hi)
        res = simulate(sv, 28.5, -80.6, -28.5, 99.4, heading_deg=90.0, kick_deg=mid, ascent_only=True)
        flat = res.fell_back or cutoff_flight_path_angle(res) < 0
        assert not (res.fell_back and (res.ok or res.ran_dry))     # a fall back is its own failure
        lo, hi = (lo, mid) if flat else (mid, hi)
    res = simulate(sv, 28.5, -80.6, -28.5, 99.4, heading_deg=90.0, kick_deg=lo, ascent_only=True)
    y = res.states[-1]
    rr, v = np.linalg.norm(y[:3]), np.linalg.norm(y[3:6])
    assert 150e3 <= altitude(*y[:3]) <= 350e3
    assert v >= 0.95 * math.sqrt(MU_EARTH / rr)
    m = sum(s.dry + s.burnable + s.reserve for s in st) + 22_800.0
    ideal = 0.0
    for s in st:
        ideal += G0 * s.isp_vac * math.log(m / (m - s.burnable))
        m -= s.burnable + s.dry + s.reserve
    losses = ideal - (v - np.linalg.norm(res.states[0, 3:6]))
    assert 1300 <= losses <= 2000



def test_a_climb_that_runs_dry_says_so_by_a_flag_not_by_its_wording():
    """Falcon 9 with its upper stage loaded with a tonne cannot reach an orbit-like cut-off: the result is
    flagged ran_dry (a shortfall of Δv, which the simulate tier reloads for and reports as such), whatever
    its note says; a climb that merely falls back is not."""
    from dataclasses import replace

    from rocketship.flightplan import Binding
    from rocketship.simulation import no_flight

    r = load_vehicle("falcon-9")
    vp = vehicle_params(r)
    st = [SimStage(s.dry, s.usable, s.propellant - s.usable, s.isp_sl, s.isp_vac, s.thrust_sl, s.thrust_vac,
                   s.landing_thrust) for s in vp.stages]
    st[-1] = replace(st[-1], burnable=1_000.0)
    sv = SimVehicle(st, 22_800.0, vp.reference_area, r.aero.drag.columns["mach"], r.aero.drag.columns["cd"], 1.0,
                    vp.reference_area, 0.0, False)
    dry = simulate(sv, 28.5, -80.6, -28.5, 99.4, heading_deg=90.0, kick_deg=3.0, ascent_only=True,
                   cut_energy=-MU_EARTH / (2 * 6_578_137.0))
    assert not dry.ok and dry.ran_dry
    steep = simulate(sv, 28.5, -80.6, -28.5, 99.4, heading_deg=90.0, kick_deg=60.0, ascent_only=True)
    assert not steep.ran_dry
    base = plan_flight(r, resolve_place("KSC"), resolve_place("FRA"), "1 t", "1 m**3", with_max_range=False)
    assert no_flight(base, "out of luck", ran_dry=True).binding_constraint is Binding.DELTA_V
    assert no_flight(base, "propellant, said the note", ran_dry=False).binding_constraint is Binding.CONVERGENCE

CAPABLE = DATA / "capable_rocket.toml"
#: the capable test rocket's cargo is taken to stand its own 80 g design load: neither tier brakes
NO_CARGO_LIMIT = "80 g0"
ROUTES = [(90, 500), (90, 1000), (90, 2000), (270, 2000), (0, 3000), (45, 5000), (90, 7000), (270, 8000),
          (0, 10_000), (120, 12_000), (90, 15_000)]


@pytest.mark.slow
@pytest.mark.parametrize("azimuth, km", ROUTES)
def test_cross_check_with_the_estimate_tier(azimuth, km):
    """A capable test rocket (Starship masses, no cargo g limit, so both tiers fly the same ballistic
    entry) from 0°N 0°E, 10 t on board.  Time of flight within 10 % beyond 5,000 km (measured −1 to −9 %),
    30 % shorter (−12 to −15 %): the estimate tier's pitch programme (calibrated on Falcon 9 to orbit) keeps
    this high-thrust stack steep for longer and burns out at up to 200 km, where the simulated gravity turn
    cuts off at 50-120 km; the estimate also lets the stage fall the last kilometres at terminal velocity.
    Δv is not counted on one stack: the estimate's stages are full (what is left is its margin, and the
    stage enters with its reserves alone), the simulation's cargo stage is fuelled with what its climb
    burns — the same entry mass, but a lighter stack to lift, whose booster stages it faster and whose
    climb loses less to gravity.  So the simulation's Δv runs lower: 5-13 % beyond 5,000 km, 10-17 %
    shorter; the bands are −15 %/+5 % and −20 %/+5 %."""
    r = load_vehicle(str(CAPABLE))
    a = resolve_place("0,0")
    lat, lon = destination(0.0, 0.0, azimuth, km * 1e3)
    b = resolve_place(f"{float(lat):.5f},{float(lon):.5f}")
    sim = simulate_flight(r, a, b, "10 t", "10 m**3", "min-energy", g_limit=NO_CARGO_LIMIT)
    est = plan_flight(r, a, b, "10 t", "10 m**3", "min-energy", g_limit=NO_CARGO_LIMIT, with_max_range=False)
    assert sim.feasible, sim.reasons
    assert sim.simulation.miss_distance.m_as("km") <= 1.0            # guided to within 1 km
    assert sim.simulation.history["altitude"][-1] <= 20.0 and sim.simulation.history["speed"][-1] <= 10.0
    long = km > 5000
    dv = sim.delta_v_required.m_as("km/s") / est.delta_v_required.m_as("km/s")
    assert (0.85 if long else 0.80) <= dv <= 1.05
    assert sim.time_of_flight.m_as("min") == pytest.approx(est.time_of_flight.m_as("min"), rel=0.10 if long else 0.30)


@pytest.mark.slow
@pytest.mark.parametrize("km", [500, 1000, 3000, 10_000])
def test_estimated_entry_peak_against_the_simulation(km):
    """The estimate tier's unbraked entry peak (the tabulated planar entry, over the ellipsoid, with the
    Coriolis term) within ±10 % of the 3-DOF simulation's, for the capable test rocket (no cargo limit, so
    neither tier brakes): measured −2 to +4 %.  (With Allen–Eggers at the interface it was 6× low at 500 km;
    taken where drag had taken 5 % of the speed, 10-26 % low.)"""
    from rocketship.mission import _entry_peak

    r = load_vehicle(str(CAPABLE))
    a = resolve_place("0,0")
    lat, lon = destination(0.0, 0.0, 90.0, km * 1e3)
    b = resolve_place(f"{float(lat):.5f},{float(lon):.5f}")
    sim = simulate_flight(r, a, b, "10 t", "10 m**3", "min-energy", g_limit=NO_CARGO_LIMIT)
    est = plan_flight(r, a, b, "10 t", "10 m**3", "min-energy", g_limit=NO_CARGO_LIMIT, with_max_range=False)
    h = sim.simulation.history

    class Record:
        events, t, sensed_acceleration = sim.simulation.events, h["t"], h["acceleration"]

    ratio = est.peak_deceleration_unbraked.m_as("m/s**2") / _entry_peak(Record)
    assert 0.90 <= ratio <= 1.10


@pytest.mark.parametrize("azimuth", [90, 270, 0])
def test_guidance_hits_within_1_km_east_west_polar(azimuth):
    r = load_vehicle(str(CAPABLE))
    lat, lon = destination(10.0, 20.0, azimuth, 4000e3)
    sim = simulate_flight(r, resolve_place("10,20"), resolve_place(f"{float(lat):.5f},{float(lon):.5f}"), "10 t",
                          "10 m**3", g_limit=NO_CARGO_LIMIT)
    assert sim.simulation.guidance["converged"] and sim.simulation.miss_distance.m_as("km") <= 1.0


def test_simulate_fills_the_flight_keys_and_history(cli, tmp_path):
    import json

    out = tmp_path / "h.csv"
    code, text, err = cli("route", "PVG", "ICN", "--vehicle", "starship", "--fidelity", "simulate", "--json",
                          "--history", str(out))
    assert code == 0, err
    f = json.loads(text)["flight"]
    assert f["fidelity"] == "simulate"
    for key in ("peak_dynamic_pressure", "peak_dynamic_pressure_altitude", "peak_heat_flux", "propellant_at_touchdown",
                "miss_distance"):
        assert key in f["simulation"]
    header = out.read_text().splitlines()[0]
    assert header.startswith("t [s],lat [deg],lon [deg],altitude [m]")


def test_landing_profile_without_drag_is_the_constant_deceleration_stop():
    """No air: from rest at the ground upward, v² = 2 a h exactly (a = 0.9 T/m − g), which Heun's
    method integrates without error; with air the profile is faster at every height (drag helps);
    an engine that cannot hold the stage up has no profile."""
    from rocketship.core.motion import GUIDED_LANDING_THROTTLE, landing_profile, profile_speed_squared

    mass, thrust = 100_000.0, 2.0e6
    a = GUIDED_LANDING_THROTTLE * thrust / mass - G0
    bare = landing_profile(mass, thrust, 0.0)
    for h in (0.0, 125.0, 3_000.0, 40_000.0):
        assert profile_speed_squared(bare, h) == pytest.approx(2 * a * h, rel=1e-12, abs=1e-9)
    airy = landing_profile(mass, thrust, 100.0)
    assert all(profile_speed_squared(airy, h) > 2 * a * h for h in (500.0, 5_000.0))
    assert landing_profile(mass, 0.5 * mass * G0, 100.0) is None


def test_landing_profile_within_the_cargo_limit():
    """With the cargo's limit as a cap on what it senses (thrust plus drag): no air and a cap below the
    engine's 90 %, the stop is the constant deceleration cap − g, v² = 2 (cap − g) h, exactly; with air
    the capped profile is nowhere faster than the uncapped one and slower where thrust and drag together
    would pass the cap; an infinite cap is the uncapped profile itself."""
    from rocketship.core.motion import GUIDED_LANDING_THROTTLE, landing_profile, profile_speed_squared

    mass, thrust = 100_000.0, 2.0e6
    cap = 0.5 * GUIDED_LANDING_THROTTLE * thrust / mass          # half what the engine could give
    bare = landing_profile(mass, thrust, 0.0, cap)
    for h in (0.0, 125.0, 3_000.0, 40_000.0):
        assert profile_speed_squared(bare, h) == pytest.approx(2 * (cap - G0) * h, rel=1e-12, abs=1e-9)
    free, capped = landing_profile(mass, thrust, 100.0), landing_profile(mass, thrust, 100.0, 3 * G0)
    assert landing_profile(mass, thrust, 100.0, math.inf)[1] == free[1]
    heights = np.arange(0.0, 60_000.0, 500.0)
    slower = [profile_speed_squared(capped, h) / profile_speed_squared(free, h) for h in heights[1:]]
    assert max(slower) <= 1.0 and min(slower) < 0.9


@pytest.mark.parametrize("vehicle, origin, destination, payload", [("starship", "HKG", "PVG", "50 t"),
                                                                   ("starship", "PVG", "ICN", "100 t")])
def test_the_landing_burn_ends_at_the_ground(vehicle, origin, destination, payload):
    """The landing burn is lit low, at terminal-ish speed, and ends at rest on the ground — not hovering
    kilometres up, which is where the first version of the landing logic left these flights."""
    from rocketship.siting import site_route

    s = site_route(resolve_place(origin), resolve_place(destination))
    sim = simulate_flight(load_vehicle(vehicle), s.launch_pad, s.landing_zone, payload, "10 m**3")
    h = sim.simulation.history
    lit = float(np.interp(sim.simulation.events["landing burn"], h["t"], h["altitude"]))
    assert not any("touches down" in r or "above the ground" in r for r in sim.reasons), sim.reasons
    assert 0.0 < lit < 2_000.0
    assert h["altitude"][-1] <= 20.0 and h["speed"][-1] <= 10.0


def test_the_simulated_entry_is_braked_to_the_cargo_limit():
    """The simulate tier flies the estimate's braking burn (lit so that it ends where the air takes hold of
    the braked stage) and flies again with larger burns until the cargo's limit holds (G_LIMIT_SLACK);
    a flight that still passes it says so.  Starship HKG→PVG with 50 t holds the default cargo's 4 g."""
    from rocketship.siting import site_route
    from rocketship.mission import G_LIMIT_SLACK

    for vehicle, origin, arrival, payload, must_fly in (("starship", "HKG", "PVG", "50 t", True),
                                                        ("xzy-1", "PVG", "ICN", "10 t", False)):
        s = site_route(resolve_place(origin), resolve_place(arrival))
        sim = simulate_flight(load_vehicle(vehicle), s.launch_pad, s.landing_zone, payload, "10 m**3")
        assert sim.braking_delta_v.m_as("km/s") > 0.5
        held = sim.peak_deceleration.m_as("g_0") <= 4.0 * (1 + G_LIMIT_SLACK)
        assert held or any("over the cargo limit" in r for r in sim.reasons), (vehicle, sim.reasons)
        assert held or not must_fly, (vehicle, sim.reasons)
        assert sim.feasible == (held and not sim.reasons), (vehicle, sim.reasons)


@pytest.mark.parametrize("vehicle, origin, destination, payload", [("xzy-1", "PVG", "ICN", "10 t"),
                                                                   ("starship", "HKG", "PVG", "50 t"),
                                                                   ("xzy-1", "PEK", "1000 km at 45°", "5 t")])
def test_the_estimated_braked_entry_against_the_simulation(vehicle, origin, destination, payload):
    """The estimate's flight flown in the 3-DOF simulation (its arc and bank, the pitch-over that meets its
    entry angle, guided to the landing zone), starting from the estimate's braking burn: where the
    simulation keeps that burn (its entry within G_LIMIT_SLACK of the limit) the two peaks agree within
    ±15 %; where it has to brake harder, the two burns agree within −10 %/+25 %.  A different method —
    the burn integrated with its thrust turning and the air it meets, the entry with lift and J2 — agrees
    to that on the hops that brake; the band covers the gravity-turn ascent's shallower arc (burnout at
    ~90 km where the estimate's equivalent-impulse arc starts at the ground), which moves where the burn
    ends.  (Banked entries diverge more: see the README's list of what the models leave out.)"""
    from rocketship.siting import site_route

    rocket = load_vehicle(vehicle)
    if destination.endswith("at 45°"):
        a = resolve_place("PEK")
        lat, lon = _point_from(a, 45.0, 1_000e3)
        b = resolve_place(f"{lat:.5f},{lon:.5f}")
    else:
        s = site_route(resolve_place(origin), resolve_place(destination))
        a, b = s.launch_pad, s.landing_zone
    est = plan_flight(rocket, a, b, payload, "10 m**3", with_max_range=False)
    sim = simulate_flight(rocket, a, b, payload, "10 m**3")
    assert est.feasible and est.braking_delta_v.m_as("m/s") > 500
    kept = abs(sim.braking_delta_v.m_as("m/s") - est.braking_delta_v.m_as("m/s")) < 1.0
    if kept:
        assert 0.85 <= sim.peak_deceleration.m_as("g_0") / est.peak_deceleration.m_as("g_0") <= 1.15
    else:
        assert 0.90 <= sim.braking_delta_v.m_as("m/s") / est.braking_delta_v.m_as("m/s") <= 1.25


def test_the_headline_braked_hop_flies_in_both_tiers():
    """XZY-1 with its full 10 t PVG→ICN (offshore pads): the estimate flies it, and so does the 3-DOF — a
    different method, which lands on the zone by re-targeting its own climb and holds the cargo's 4 g within
    its 3 % slack (measured 4.00 g, after one burn 6 % larger than the estimate's 2.30 km/s).

    This is the check a re-aimed range closure failed: flying each braked descent again from arcs re-aimed
    until it lands within 5 km of the zone (the estimate's own fixed point), the arc that lands enters
    faster, and shaving its entry's last 2-3 % of peak g to the estimate's target (0.97 of the limit: the
    loading falls only ~0.05 of the limit per 100 m/s of braking there) took 160-430 m/s more braking, then
    more than the burns that end above the air can give: this hop read "no burn holds the cargo to 4 g", and
    its max payload 9.7 t.  The 3-DOF holds 3.9-4.1 g with the first-order flight's burns on these hops, and
    an independent integration lands them 10-27 km short at 3.6-3.7 g; the re-aimed ones it landed 10-18 km
    long and 13-23 km off the track (CHANGELOG, Checks)."""
    from rocketship.mission import G_LIMIT_SLACK
    from rocketship.siting import site_route

    rocket = load_vehicle("xzy-1")
    s = site_route(resolve_place("PVG"), resolve_place("ICN"))
    est = plan_flight(rocket, s.launch_pad, s.landing_zone, "10 t", "10 m**3", with_max_range=False)
    assert est.feasible and est.braking_delta_v.m_as("km/s") > 2.0, est.reasons
    sim = simulate_flight(rocket, s.launch_pad, s.landing_zone, "10 t", "10 m**3")
    assert sim.feasible, sim.reasons
    assert sim.peak_deceleration.m_as("g_0") <= 4.0 * (1 + G_LIMIT_SLACK)


@pytest.mark.parametrize("origin, destination", [("PEK", "NRT"), ("LHR", "MAD")])
def test_a_hop_braked_by_a_burn_lit_late_agrees_with_the_simulation(origin, destination):
    """Starship with 10 t on the minimum-energy arc: the braking burn that holds the cargo's 4 g is lit so late
    that the search's trials meet the air during the burn.  The estimate once stalled there (PEK→NRT read "no
    braking burn holds the cargo", the entry peaking at 27.9 g unbraked; LHR→MAD settled on a burn of
    2.69 km/s that the 3-DOF found over the limit at 4.3 g).  Now the 3-DOF — a different method: the burn
    integrated in three dimensions with the air it meets — flies the estimate's burn within 1 % (measured
    0.1 %) and holds the limit within its slack (measured 3.99 g)."""
    from rocketship.mission import G_LIMIT_SLACK

    rocket = load_vehicle("starship")
    a, b = resolve_place(origin), resolve_place(destination)
    est = plan_flight(rocket, a, b, "10 t", "10 m**3", "min-energy", with_max_range=False)
    assert est.feasible, est.reasons
    sim = simulate_flight(rocket, a, b, "10 t", "10 m**3", "min-energy")
    assert sim.feasible, sim.reasons
    assert sim.braking_delta_v.m_as("m/s") == pytest.approx(est.braking_delta_v.m_as("m/s"), rel=0.01)
    assert sim.peak_deceleration.m_as("g_0") <= 4.0 * (1 + G_LIMIT_SLACK)


def test_the_simulated_heat_flux_is_the_entry_s():
    """The simulated peak heat flux is read from where the heat shield meets the flow (the apogee, or the
    braking burn's end), where the entry begins, as the estimate's is: on Starship's PVG→ICN hop (10 t) the climb coasts on after cut-off at ~67 km and ~3 km/s, nose first,
    where Sutton–Graves reads ~47 kW/m² — 5 × the entry's, and not the heat shield's load.  The two tiers'
    entries then agree within ±30 %: heating goes as V³ and the braked entries start within ~3 % in speed
    (±10 %), the table reads heating to ±2 % (tests/reference/test_entry.py), and the rest is where each
    tier's descent starts (the simulation's from a burnout in the air, the estimate's from a vacuum arc)."""
    from rocketship.siting import site_route

    rocket = load_vehicle("starship")
    s = site_route(resolve_place("PVG"), resolve_place("ICN"))
    est = plan_flight(rocket, s.launch_pad, s.landing_zone, "10 t", "10 m**3", with_max_range=False)
    sim = simulate_flight(rocket, s.launch_pad, s.landing_zone, "10 t", "10 m**3")
    assert est.feasible and sim.feasible
    ratio = sim.peak_heat_flux.m_as("kW/m**2") / est.peak_heat_flux.m_as("kW/m**2")
    assert 0.7 <= ratio <= 1.3, ratio


@pytest.mark.parametrize("origin, destination", [("PVG", "ICN"), pytest.param("PEK", "JFK", marks=pytest.mark.slow)])
def test_the_simulated_heat_load_is_the_entry_s(origin, destination):
    """The simulated heat load is the heat shield's, integrated from where it meets the flow — the apogee, or
    the braking burn's end where the stage brakes — as the peak heat flux is read (the climb's coast after
    cut-off heats the nose, and the retrograde burn the engine end, not the heat shield): Starship, 10 t.

    Against a second method: the trapezoid of the Sutton–Graves flux k √(ρ/r_n) V³ (Sutton & Graves, NASA TR
    R-376, 1971) over the recorded points from there to touchdown, within 1 % (measured 0.3 % on PVG→ICN,
    0.02 % on PEK→JFK: the points are at most 15 s apart and the trapezoid's error is second order).
    Counted from cut-off instead it reads 2.6 × on PVG→ICN, whose climb coasts on at ~67 km and ~3 km/s, and
    from the apogee 1.7 × (0.15 MJ/m² of 0.50 comes in the coast and the burn).

    Against the estimate tier, whose heat load starts where the braked stage's drag reaches 1 % of g₀ (after
    any braking burn; rocketship.core.entry_table): within ±30 % on the braked PVG→ICN hop (measured +18 %:
    heating goes as V³ and √ρ, the burn ends within ~3 % in speed of the estimate's (±10 %), the table reads
    the integral within 2 % (tests/reference/test_entry.py), and the rest is where each tier's descent starts
    — the bound of the peak-flux test above), and within ±12 % on the unbraked PEK→JFK glide (measured +6 %:
    the simulated stage enters ~7 % heavier, ≈ +3.5 % in heating at the same speeds, the table's 2 %, and a
    glide 2 % shorter; ±12 % is about twice that)."""
    from rocketship.core.frames import atmosphere
    from rocketship.core.reentry import SUTTON_GRAVES_K
    from rocketship.siting import site_route
    from rocketship.simulation import _apogee_time, _heat_shield_time

    rocket = load_vehicle("starship")
    s = site_route(resolve_place(origin), resolve_place(destination))
    est = plan_flight(rocket, s.launch_pad, s.landing_zone, "10 t", "100 m**3", with_max_range=False)
    sim = simulate_flight(rocket, s.launch_pad, s.landing_zone, "10 t", "100 m**3")
    assert est.feasible == sim.feasible and sim.simulation.guidance["converged"]
    h, events = sim.simulation.history, sim.simulation.events
    rho = np.array([atmosphere(z)[2] if z < 150_000 else 0.0 for z in h["altitude"]])
    flux = SUTTON_GRAVES_K * np.sqrt(rho / vehicle_params(rocket).nose_radius) * h["speed"] ** 3

    def trapezoid(start):
        m = h["t"] >= start
        return float(np.trapezoid(flux[m], h["t"][m]))

    start = _heat_shield_time(h, events)
    assert start == (events["braking burn end"] if "braking burn end" in events
                     else _apogee_time(h, events["cut-off"]))
    load = sim.heat_load.m_as("J/m**2")
    assert load == pytest.approx(trapezoid(start), rel=0.01)
    estimated = est.heat_load.m_as("J/m**2")
    if "braking burn end" in events:
        assert 0.7 <= load / estimated <= 1.3, load / estimated
        assert trapezoid(_apogee_time(h, events["cut-off"])) > 1.2 * load   # the coast and the burn left out
    else:
        assert load == pytest.approx(estimated, rel=0.12)


def _zone_off_the_touchdown(a, flown, metres: float):
    """A landing zone *metres* short of (> 0) or beyond (< 0) *flown*'s touchdown, along the track from *a*."""
    from rocketship.core.geodesy import great_circle

    lat, lon = flown.touchdown
    back = float(great_circle(lat, lon, a.lat, a.lon)[1])
    return _point_from(type("P", (), {"lat": lat, "lon": lon}), back if metres > 0 else back + 180.0, abs(metres))


@pytest.mark.parametrize("shift, status", [(1500.0, "on target"), (-1500.0, "out of reach")])
def test_the_guided_glide_banks_onto_the_landing_zone(shift, status):
    """Starship PVG→ICN (10 t), one climb, its descent flown again to a landing zone moved 1.5 km along the
    track: short of the lift-up touchdown, the bank guidance (Lu's numerical predictor–corrector, J. Guid.
    Control Dyn. 37(3), 2014, doi:10.2514/1.62605) banks the glide onto it; beyond it, nothing stretches a
    lift-up glide, and the plan's bank (lift up) is flown.

    Checked by another method: the along-track offset of the touchdown from the new zone by the geodesic
    route geometry (track_offsets, great circles from the pad) — not the guidance's own vector formula,
    which measures along the circle from where the guidance starts.  On target it is within 100 m: the
    guidance's 50 m plus the prediction (1e-6) against the flight (1e-8), measured ~5-10 m apart, plus the
    two circles' different directions over a 1.5 km error (< 1 m).  Out of reach it is the unguided
    flight's own offset (the lift-up glide, flown again at the same tolerance: within 1 m), −1.5 km."""
    from dataclasses import replace

    import rocketship.core.flight3dof as f3
    from rocketship.core.shooting import track_offsets

    sv, a, b, heading = _min_energy_flight("starship", "PVG", "ICN", 10_000.0)
    kw = dict(heading_deg=heading, kick_deg=3.0, rtol=1e-8)
    flown = f3.simulate(sv, a.lat, a.lon, b.lat, b.lon, **kw)
    assert flown.ok and flown.bank == 0.0 and flown.bank_guidance is None
    zone = _zone_off_the_touchdown(a, flown, shift)
    assert track_offsets(a.lat, a.lon, *zone, flown.touchdown)[0] == pytest.approx(shift, abs=1.0)
    # this unguided climb's braking burn (the estimate's, not resized) leaves its glide at ~5.4 g: the cargo
    # limit is raised to 6 g here so that the bank is free (the limit has its own test below)
    guided = replace(sv, guide_bank=True, bank_tolerance=50.0, bank_window_floor=3000.0, g_limit=6 * G0)
    res = f3.simulate(guided, a.lat, a.lon, *zone, descent_from=flown.cutoff, **kw)
    assert res.ok and res.bank_guidance["status"] == status
    along, _, _ = track_offsets(a.lat, a.lon, *zone, res.touchdown)
    if status == "on target":
        assert abs(along) <= 100.0
        assert 0.0 < res.bank < sv.max_bank
        assert 2 <= res.bank_guidance["predictions"] <= 6
    else:
        assert res.bank == 0.0 and res.bank_guidance["predictions"] == 1
        assert along == pytest.approx(-abs(shift), abs=1.0)


def test_the_guided_glide_holds_the_cargo_limit():
    """The same glide to the zone 1.5 km short (its limit raised to 6 g, as above, the bank is free), but the
    cargo's limit set 0.3 % over the lift-up glide's peak load: the ~40° that zone needs loads the cargo
    ~1.5 % more (a steeper glide; measured), so the
    guidance stops at a smaller bank, reports "g limit", and the flight lands short of the zone's 50 m.
    The flown glide's peak sensed acceleration (read off the flight's own record, not the predictions)
    keeps within the limit to 2 % (the prediction at 1e-6 and the flight at 1e-8 read the peak at
    different points, up to ~1 % apart: tests above), and the bank is less than the unlimited one's."""
    from dataclasses import replace

    import rocketship.core.flight3dof as f3
    from rocketship.core.shooting import track_offsets

    sv, a, b, heading = _min_energy_flight("starship", "PVG", "ICN", 10_000.0)
    kw = dict(heading_deg=heading, kick_deg=3.0, rtol=1e-8)
    flown = f3.simulate(sv, a.lat, a.lon, b.lat, b.lon, **kw)
    zone = _zone_off_the_touchdown(a, flown, 1500.0)

    def glide_peak(res):
        after = (res.t > res.events.get("braking burn end", res.events["cut-off"])) & \
            (res.t < res.events.get("landing burn", math.inf))
        return float(np.max(res.sensed_acceleration[after]))

    guided = replace(sv, guide_bank=True, bank_tolerance=50.0, bank_window_floor=3000.0, g_limit=6 * G0)
    free = f3.simulate(guided, a.lat, a.lon, *zone, descent_from=flown.cutoff, **kw)
    limit = 1.003 * glide_peak(flown)
    held = f3.simulate(replace(guided, g_limit=limit), a.lat, a.lon, *zone, descent_from=flown.cutoff, **kw)
    assert free.bank_guidance["status"] == "on target" and glide_peak(free) > limit
    assert held.ok and held.bank_guidance["status"] == "g limit"
    assert glide_peak(held) <= 1.02 * limit
    assert held.bank < free.bank
    assert track_offsets(a.lat, a.lon, *zone, held.touchdown)[0] > 50.0


@pytest.mark.parametrize("origin, destination", [("PVG", "ICN"), pytest.param("PEK", "JFK", marks=pytest.mark.slow)])
def test_the_simulate_tier_reports_its_guided_bank_and_lands_on_the_zone(origin, destination):
    """Starship, 10 t, as the simulate tier flies it: the ascent's targeting brings the touchdown within 1 km
    (it stopped 0.95 km along the track from the zone on PVG→ICN, 0.61 km on PEK→JFK, before the glide was
    guided), and the bank guidance takes the along-track error off to within its 100 m (BANK_TOLERANCE_M;
    measured 17 m and 4 m), checked by the route geometry (track_offsets) rather than the guidance's own
    measure.  The bank flown is reported
    as the flight's bank angle, within the stage's 0-70°, with the guidance's status and predictions; the
    cross-track miss (which the bank, its reversals taken as cancelling, does not steer) stays within the
    targeting's 1 km."""
    from rocketship.core.shooting import track_offsets
    from rocketship.siting import site_route
    from rocketship.mission import BANK_TOLERANCE_M, TOLERANCE_M

    rocket = load_vehicle("starship")
    s = site_route(resolve_place(origin), resolve_place(destination))
    sim = simulate_flight(rocket, s.launch_pad, s.landing_zone, "10 t", "10 m**3")
    g = sim.simulation.guidance
    assert g["converged"]
    assert g["bank_status"] == "on target" and g["bank_predictions"] >= 2
    assert 0.0 <= g["bank_min_deg"] <= g["bank_deg"] <= g["bank_max_deg"] == pytest.approx(70.0)
    assert sim.bank_angle.m_as("deg") == pytest.approx(g["bank_deg"])
    h = sim.simulation.history
    along, cross, _ = track_offsets(s.launch_pad.lat, s.launch_pad.lon, s.landing_zone.lat, s.landing_zone.lon,
                                    (float(h["lat"][-1]), float(h["lon"][-1])))
    assert abs(along) <= BANK_TOLERANCE_M
    assert abs(cross) <= TOLERANCE_M and sim.simulation.miss_distance.m_as("m") <= TOLERANCE_M
    d = sim.to_dict()
    assert d["bank_angle"]["value"] == pytest.approx(g["bank_deg"]) and d["bank_angle"]["unit"] == "deg"
    assert d["simulation"]["guidance"]["bank_status"] == g["bank_status"]


def _point_from(a, azimuth: float, distance: float) -> tuple[float, float]:
    lat, lon = destination(a.lat, a.lon, azimuth, distance)
    return float(lat), float(lon)


@pytest.mark.parametrize("speed", [1_000.0, 2_500.0])
def test_the_landing_burn_gives_way_to_drag_within_the_cargo_limit(speed):
    """The landing burn's thrust is capped so that the cargo senses (thrust + drag) / m ≤ its limit.  A
    stage falling straight down through the air at 20 km, faster than its 3 g landing profile, asks for
    more thrust than the limit leaves: it gets (3 g − drag) × m, exactly, where the same law without the
    cap would push the cargo past 3 g; where drag alone passes the limit (2.5 km/s) the engine is off and
    the cargo senses the drag alone."""
    from rocketship.core.constants import OMEGA_EARTH, WGS84_A
    from rocketship.core.motion import landing_profile
    from rocketship.core.frames import atmosphere, gravity

    mass, thrust, cd_area, cap = 30_000.0, 2.0e6, 12.6, 3 * G0
    x = WGS84_A + 20_000.0
    state = [x, 0.0, 0.0, -speed, OMEGA_EARTH * x, 0.0, mass, 0.0]   # air-relative: straight down at *speed*
    g = gravity(*state[:3])

    def sensed(profile):
        d = rhs(0.0, state, thrust, thrust, 330.0, "land", cd_area, None, profile)
        return math.sqrt(sum((d[3 + i] - g[i]) ** 2 for i in range(3)))

    profile = landing_profile(mass, thrust, cd_area, cap)
    drag = 0.5 * atmosphere(20_000.0)[2] * speed ** 2 * cd_area / mass
    assert sensed(profile) == pytest.approx(max(cap, drag), rel=1e-9)
    if drag < cap:
        assert sensed((*profile[:2], math.inf)) > cap * 1.1      # the uncapped law would pass the limit


@pytest.mark.slow
def test_the_landing_burn_is_lit_on_the_descent_rate():
    """XZY-1 PVG→ICN: the stage (β ≈ 3,400 kg/m², one 80 tf engine) comes down a 30-40° slope at
    1.5-1.9 km/s.  The landing profile is a vertical fall, so the burn is lit where the descent rate meets
    it (~55-70 km here: the stage must light high, as the README says); compared with the whole speed it
    was lit 100-110 km up, riding the profile down for three minutes."""
    from rocketship.siting import site_route

    s = site_route(resolve_place("PVG"), resolve_place("ICN"))
    sim = simulate_flight(load_vehicle("xzy-1"), s.launch_pad, s.landing_zone, "10 t", "10 m**3")
    h, ev = sim.simulation.history, sim.simulation.events
    assert float(np.interp(ev["landing burn"], h["t"], h["altitude"])) < 80_000.0
    assert np.max(h["acceleration"][h["t"] >= ev["landing burn"]]) <= 6 * G0 * 1.01


def _flown_with_braking(origin: str, destination: str, payload_kg: float, braking_dv, vehicle: str = "starship"):
    """One unguided flight of *vehicle* on the estimate's chosen arc (great-circle heading, the pitch-over
    that meets the estimate's entry angle, cut off at its orbital energy) whose braking burn is sized at
    *braking_dv* [m/s] (None: the estimate's own): (result, vehicle, the estimate's flight)."""
    from dataclasses import replace

    from rocketship.core import estimate as est
    from rocketship.core import trajectory
    from rocketship.core.flight3dof import simulate
    from rocketship.core.shooting import choose_kick, entry_angle
    from rocketship.core.geodesy import great_circle
    from rocketship.flight import cargo_g_limit, flight_params
    from rocketship.siting import site_route
    from rocketship.mission import _interface_angle, sim_vehicle

    rocket = load_vehicle(vehicle)
    vp = flight_params(rocket, cargo_g_limit(None))
    s = site_route(resolve_place(origin), resolve_place(destination))
    a, b = s.launch_pad, s.landing_zone
    rated = rocket.bay.payload.value
    c = trajectory.choose(vp, a.lat, a.lon, b.lat, b.lon, payload_kg, aim_payload=rated)
    route = est.route(vp, a.lat, a.lon, b.lat, b.lon, "fpa", c.flight_path_angle, payload=rated, bank=c.bank)
    fe = est.evaluate(vp, route, payload_kg)
    sv = sim_vehicle(rocket, payload_kg, fe, vp=vp)
    if braking_dv is not None:
        sv = replace(sv, braking_dv=braking_dv)
    heading = float(great_circle(a.lat, a.lon, b.lat, b.lon)[1])
    energy = 0.5 * float(fe.burnout_speed) ** 2 - MU_EARTH / (route.radius + float(fe.burnout_altitude))
    kick = choose_kick(sv, a.lat, a.lon, b.lat, b.lon, heading_deg=heading, target_fpa=_interface_angle(route),
                       angle=lambda res: entry_angle(res, float(route.h_ei)), cut_energy=energy)
    return simulate(sv, a.lat, a.lon, b.lat, b.lon, heading_deg=heading, kick_deg=kick, cut_energy=energy,
                    rtol=1e-6), sv, fe


def test_the_reported_braking_is_the_burn_as_flown():
    """A braking burn can end before it has given the Δv it was sized for (the stage has slowed to
    BRAKING_FLOOR_SPEED, or reached the ground); a flight reports the burn as flown: the rocket equation
    (Tsiolkovsky) over the stage's mass before and after it, from the history (exact up to the
    integrator's event location, hence 1e-6).  Sized at 10 km/s here, far more than the fall can take."""
    from rocketship.core.constants import G0 as g0
    from rocketship.core.flightlog import history

    res, sv, _ = _flown_with_braking("HKG", "PVG", 50_000.0, 10_000.0)
    assert res.ok and "braking burn end" in res.events
    h, ev = history(res, sv), res.events
    end = ev["braking burn end"]
    m_before = float(np.interp(ev["braking burn"], h["t"], h["mass"]))
    m_after = float(np.interp(end, h["t"], h["mass"]))
    flown = g0 * sv.stages[-1].isp_vac * np.log(m_before / m_after)
    assert res.braking_delta_v == pytest.approx(flown, rel=1e-6)
    assert 0 < res.braking_delta_v < 10_000.0


def test_the_cargo_limit_counts_the_braking_burn_itself():
    """What the cargo feels during the braking burn (thrust plus the air's force) counts against its limit
    as much as the entry after it: the burn is throttled so that the two together stay within
    BRAKING_LOAD_SHARE of the limit — a burn sized at 10 km/s on Starship HKG→PVG with 100 t rides that cap
(on PVG→ICN's steeper arc the stage slows to the burn's floor speed before its thrust reaches it) —, and
the flight's entry peak
    is the largest sensed acceleration after cut-off, burn included."""
    from rocketship.core.braking import BRAKING_LOAD_SHARE
    from rocketship.mission import _entry_peak

    res, sv, _ = _flown_with_braking("HKG", "PVG", 100_000.0, 10_000.0)
    assert res.ok
    after_cutoff = res.t > res.events["cut-off"]
    in_burn = (res.t > res.events["braking burn"]) & (res.t <= res.events["braking burn end"])
    cap = BRAKING_LOAD_SHARE * sv.g_limit
    assert 0.9 * cap <= np.max(res.sensed_acceleration[in_burn]) <= cap * 1.01
    assert _entry_peak(res) == np.max(res.sensed_acceleration[after_cutoff])


def _min_energy_flight(vehicle: str, origin: str, destination: str, payload_kg: float, sites=None):
    """*vehicle* as the simulate tier builds it for the minimum-energy arc between two sites, unguided:
    (the simulated vehicle, launch pad, landing zone, great-circle heading [deg]); the sites the rule
    places for the two places, or *sites* (launch, landing) given."""
    from rocketship.core import estimate as est
    from rocketship.core.geodesy import great_circle
    from rocketship.flight import cargo_g_limit, flight_params
    from rocketship.siting import site_route
    from rocketship.mission import sim_vehicle

    rocket = load_vehicle(vehicle)
    vp = flight_params(rocket, cargo_g_limit(None))
    if sites is None:
        s = site_route(resolve_place(origin), resolve_place(destination))
        sites = (s.launch_pad, s.landing_zone)
    a, b = sites
    route = est.route(vp, a.lat, a.lon, b.lat, b.lon, "min-energy", payload=payload_kg)
    sv = sim_vehicle(rocket, payload_kg, est.evaluate(vp, route, payload_kg), vp=vp)
    return sv, a, b, float(great_circle(a.lat, a.lon, b.lat, b.lon)[1])


@pytest.mark.parametrize("vehicle, origin, destination, payload_kg", [("starship", "HKG", "PVG", 50_000.0),
                                                                      ("xzy-1", "PVG", "ICN", 10_000.0)])
def test_the_integrator_choice_does_not_move_the_answer(vehicle, origin, destination, payload_kg, monkeypatch):
    """The flights integrate with Dormand-Prince 5(4) (RK45) under a 15 s step cap; the same flight with
    the 8th-order DOP853 at the same tolerance (1e-8) lands within 2 m and 2 kg of propellant of it, and
    ends within 0.05 s (tolerances: ~100x the differences measured, well under the 1 km guidance
    tolerance and a tonne-level propellant budget).  The pads are the ones those differences were measured
    on (the rule's pads before #18 moved them further from islands), so that a change of siting does not move
    this test of the integrator: from the new PVG and ICN pads the two integrators land 2.2 m apart."""
    import rocketship.core.flight3dof as f3
    import rocketship.core.flightlog as flightlog
    import rocketship.core.frames as frames
    from rocketship.catalog.places import Place

    measured_on = {"HKG": (22.133, 114.618), "PVG": (31.143, 122.173), "ICN": (37.251, 125.708)}
    sites = tuple(Place(code=c, name=c, lat=measured_on[c][0], lon=measured_on[c][1], kind="coordinates")
                  for c in (origin, destination))
    sv, a, b, heading = _min_energy_flight(vehicle, origin, destination, payload_kg, sites)
    flights = {}
    for method in ("RK45", "DOP853"):
        monkeypatch.setattr(flightlog, "METHOD", method)
        flights[method] = f3.simulate(sv, a.lat, a.lon, b.lat, b.lon, heading_deg=heading, kick_deg=3.0, rtol=1e-8)
    rk, dop = flights["RK45"], flights["DOP853"]
    assert rk.ok == dop.ok
    ends = [frames.geodetic_to_ecef(*f.touchdown[:2], 0.0) for f in (rk, dop)]
    assert frames.surface_distance(ends[0], ends[1]) < 2.0
    assert abs(rk.propellant_at_touchdown - dop.propellant_at_touchdown) < 2.0
    assert abs(rk.t[-1] - dop.t[-1]) < 0.05


@pytest.mark.parametrize("origin, destination, payload_kg", [("PVG", "ICN", 10_000.0), ("PEK", "JFK", 10_000.0),
                                                             ("HKG", "PVG", 50_000.0)])
def test_a_flight_on_the_lean_integrator_against_dop853(origin, destination, payload_kg, monkeypatch):
    """A whole Starship flight (climb, coast, braking burn, lifting entry, landing burn) as the simulate
    tier integrates it (lean RK45, rtol 1e-8) against scipy's 8th-order DOP853 at rtol 1e-11, the
    reference.  Measured: touchdown 0-6 m apart, the end within 3 ms, propellant at touchdown within 4.1 kg
    (PVG→ICN: touchdown comes during the landing burn, whose ~1.5 t/s makes 2.8 ms of landing time 4 kg),
    the heat load within 0.02 %, the peak sensed acceleration within 1.1 % (read at the recorded points,
    which the two methods place differently: on PVG→ICN the reference's 8th-order steps are 3 s apart at the
    peak, which falls ~1 % a second either side, so its reading is ~1 % low).  Asserted: 25 m (far inside the
    guidance's 1 km), 0.02 s, 10 kg (what 5 ms of landing burn at ~2 t/s burns: the propellant follows the
    landing time, and a tonne-level budget), 0.1 % and 2 % (a sample up to 1.5 s off a peak falling ~1 %/s);
    and every event the reference flew, flown, within 0.01 s."""
    import rocketship.core.flight3dof as f3
    import rocketship.core.flightlog as flightlog
    import rocketship.core.frames as frames

    sv, a, b, heading = _min_energy_flight("starship", origin, destination, payload_kg)

    def fly(method, rtol):
        monkeypatch.setattr(flightlog, "METHOD", method)
        return f3.simulate(sv, a.lat, a.lon, b.lat, b.lon, heading_deg=heading, kick_deg=3.0, rtol=rtol)

    lean, ref = fly("RK45", 1e-8), fly("DOP853", 1e-11)
    assert lean.ok and ref.ok
    ends = [frames.geodetic_to_ecef(*f.touchdown[:2], 0.0) for f in (lean, ref)]
    assert frames.surface_distance(ends[0], ends[1]) < 25.0
    assert lean.propellant_at_touchdown == pytest.approx(ref.propellant_at_touchdown, abs=10.0)
    assert lean.t[-1] == pytest.approx(ref.t[-1], abs=0.02)
    assert lean.states[-1, 7] == pytest.approx(ref.states[-1, 7], rel=1e-3)
    assert np.max(lean.sensed_acceleration) == pytest.approx(np.max(ref.sensed_acceleration), rel=0.02)
    assert lean.events.keys() == ref.events.keys()
    for name, t in ref.events.items():
        assert lean.events[name] == pytest.approx(t, abs=0.01), name


def test_a_climb_resumed_at_the_last_stage_is_the_climb_flown_from_the_pad():
    """steer_to_burnout tries many steering laws on one pitch-over; only the last stage flies the law, so
    each trial goes on from the first trial's climb to the last stage's ignition (``last_stage_from``).
    The resumed flight must be the very flight flown from the pad: the same points, states, events and
    propellant, to the bit (the same arithmetic on the same numbers), whole descent included."""
    import rocketship.core.flight3dof as f3

    sv, a, b, heading = _min_energy_flight("starship", "PEK", "JFK", 10_000.0)
    kw = dict(heading_deg=heading, kick_deg=3.0, rtol=1e-6)
    first = f3.simulate(sv, a.lat, a.lon, b.lat, b.lon, steer=(0.6, 0.003), ascent_only=True, **kw)
    assert first.ok and first.last_stage is not None
    law = (0.3, 0.001)          # another law, whose flight lands
    fresh = f3.simulate(sv, a.lat, a.lon, b.lat, b.lon, steer=law, **kw)
    resumed = f3.simulate(sv, a.lat, a.lon, b.lat, b.lon, steer=law, last_stage_from=first.last_stage, **kw)
    assert fresh.ok and resumed.ok
    assert np.array_equal(resumed.t, fresh.t) and np.array_equal(resumed.states, fresh.states)
    assert np.array_equal(resumed.sensed_acceleration, fresh.sensed_acceleration)
    assert resumed.events == fresh.events and resumed.ascent_propellant == fresh.ascent_propellant
    assert resumed.delta_v_used == fresh.delta_v_used and resumed.miss == fresh.miss
    # and the climb handed on is left as it was: a second resume flies the same flight again
    again = f3.simulate(sv, a.lat, a.lon, b.lat, b.lon, steer=law, last_stage_from=first.last_stage, **kw)
    assert np.array_equal(again.states, fresh.states) and again.events == fresh.events
    assert again.ascent_propellant == fresh.ascent_propellant


def test_a_flight_remembered_is_the_flight_flown():
    """Within ``remembering()`` (the simulate tier's), simulate hands back a flight flown before with the
    same vehicle and inputs.  It must be the flight that would be flown; a vehicle of equal contents is the
    same vehicle, but any other input — a vehicle changed in place included — is flown anew; outside,
    nothing is remembered."""
    from dataclasses import replace

    import rocketship.core.flight3dof as f3

    sv, a, b, heading = _min_energy_flight("starship", "PVG", "ICN", 10_000.0)
    ends = (a.lat, a.lon, b.lat, b.lon)
    kw = dict(heading_deg=heading, kick_deg=3.0, rtol=1e-6, ascent_only=True)
    fresh = f3.simulate(sv, *ends, **kw)
    with f3.remembering():
        first = f3.simulate(sv, *ends, **kw)
        twin = replace(sv, stages=[replace(s) for s in sv.stages])
        assert f3.simulate(twin, *ends, **kw) is first
        twin.stages[-1].burnable -= 1000.0                        # changed in place: another vehicle
        lighter = f3.simulate(twin, *ends, **kw)
        other_kick = f3.simulate(sv, *ends, **{**kw, "kick_deg": 3.5})
        full = f3.simulate(sv, *ends, **{**kw, "ascent_only": False})
    assert np.array_equal(first.states, fresh.states) and first.events == fresh.events
    assert lighter is not first and lighter.ascent_propellant[-1] != first.ascent_propellant[-1]
    assert other_kick is not first and not np.array_equal(other_kick.states[-1], first.states[-1])
    assert full is not first and "touchdown" in full.events
    assert f3.simulate(sv, *ends, **kw) is not f3.simulate(sv, *ends, **kw)


def test_the_right_hand_sides_lift_fade_is_the_entry_tiers():
    """The 3-DOF entry fades its lift with speed as the estimate tier's entry does (:func:`.entry.lift_fade`):
    its float twin gives the same share, to the bit, across the fade and beyond its ends."""
    from rocketship.core.entry import LIFT_END_SPEED, LIFT_FULL_SPEED, lift_fade
    from rocketship.core.motion import _lift_fade

    speeds = [0.0, 1.0, LIFT_END_SPEED, *np.linspace(LIFT_END_SPEED, LIFT_FULL_SPEED, 37).tolist(), LIFT_FULL_SPEED,
              LIFT_FULL_SPEED + 1e-9, 7800.0]
    assert [_lift_fade(v) for v in speeds] == [lift_fade(v) for v in speeds]
    assert _lift_fade(LIFT_END_SPEED) == 0.0 and _lift_fade(LIFT_FULL_SPEED) == 1.0


def test_the_steered_stage_points_its_thrust_by_the_linear_tangent_law():
    """'steer' pitches the thrust θ above the local horizontal with tan θ = tan θ₀ − rate·(t − t₀), in the
    vertical plane of the air-relative velocity (Bryson & Ho, *Applied Optimal Control*, 1975, §2.7).
    Checked in closed form above the air (no drag): the non-gravitational acceleration is thrust/m along
    that direction, to round-off."""
    from rocketship.core.constants import OMEGA_EARTH, R_MEAN
    from rocketship.core.frames import gravity

    r = R_MEAN + 200e3
    state = [r, 0.0, 0.0, 300.0, 5000.0, 2000.0, 100e3, 0.0]      # climbing, heading north-east
    t0, tan0, rate, t = 10.0, 0.5, 0.004, 60.0
    d = rhs(t, state, 1e6, 1e6, 350.0, "steer", 1.0, None, steer=(t0, tan0, rate))
    g = gravity(*state[:3])
    a = np.array(d[3:6]) - np.array(g)
    assert np.linalg.norm(a) == pytest.approx(1e6 / 100e3, rel=1e-12)
    up = np.array([1.0, 0.0, 0.0])
    air = np.array(state[3:6]) - np.cross([0.0, 0.0, OMEGA_EARTH], state[:3])
    horizontal = air - air.dot(up) * up
    pitch = math.atan2(a.dot(up), a.dot(horizontal / np.linalg.norm(horizontal)))
    assert pitch == pytest.approx(math.atan(tan0 - rate * (t - t0)), abs=1e-12)
    assert abs(np.cross(horizontal, up).dot(a)) < 1e-9 * np.linalg.norm(a)   # in the velocity's vertical plane


@pytest.mark.slow
@pytest.mark.parametrize("origin, destination", [("PEK", "JFK"), ("JFK", "PVG")])
def test_a_long_glide_is_flown_on_a_steered_climb(origin, destination):
    """Starship with 10 t, over the pole eastward (PEK→JFK) and westward (JFK→PVG): the estimate's best flight
    burns out flat (~1° at 100 km) for a glide of ~4,100-4,300 km; no gravity turn reaches that (it lofts past
    a flat burnout), so the simulation steers the upper stage onto the estimate's burnout (within 1 km and
    0.1°), guides the glide onto the landing zone (within 1 km), and lands.  The two tiers then fly the same
    entry by different methods — a planar glide read from the table, with the Earth's turn as one Coriolis
    term and the air over the ellipsoid, against a 3-DOF point mass over a rotating J2 Earth — and agree:
    peak heat flux within 6 % (measured +3.2 % and +1.4 %: the simulated stage still enters ~7 % heavier,
    √1.07 ≈ 3.5 %, and the table reads heating within 2 %), the glide within 6 % (+0.2 %, +1.6 %; the
    table's range band on long glides is 1.5 % and the centrifugal term left out 0.5-1.7 %), the time of
    flight within 10 % (−5 %, −4 %).  Before the estimate's air was put on the ellipsoid and its glide given
    the Coriolis term, the gaps were +22 % and +36 % in heat flux, −9 % and −29 % in glide."""
    from rocketship.siting import site_route

    s = site_route(resolve_place(origin), resolve_place(destination))
    r = load_vehicle("starship")
    sim = simulate_flight(r, s.launch_pad, s.landing_zone, "10 t", "1000 m**3")
    est = plan_flight(r, s.launch_pad, s.landing_zone, "10 t", "1000 m**3", with_max_range=False)
    assert sim.simulation.guidance["converged"] and sim.simulation.miss_distance.m_as("km") <= 1.0
    assert sim.simulation.history["speed"][-1] <= 10.0
    assert "steered (linear tangent)" in sim.assumptions[-1]
    assert sim.burnout_altitude.m_as("km") == pytest.approx(est.burnout_altitude.m_as("km"), abs=1.0)
    assert sim.burnout_flight_path_angle.m_as("deg") == pytest.approx(est.burnout_flight_path_angle.m_as("deg"),
                                                                       abs=0.1)
    assert sim.peak_heat_flux.m_as("kW/m**2") == pytest.approx(est.peak_heat_flux.m_as("kW/m**2"), rel=0.06)
    assert sim.entry_range.m_as("km") == pytest.approx(est.entry_range.m_as("km"), rel=0.06)
    assert sim.time_of_flight.m_as("min") == pytest.approx(est.time_of_flight.m_as("min"), rel=0.10)


def test_the_glide_is_counted_from_the_air_after_the_apogee():
    """A flat arc that cuts off low coasts up through air thick enough to pass START_DRAG before its apogee: the
    glide the simulation reports starts where the air takes hold on the way down, as the estimate's does (its
    arc runs to the apogee), not at cut-off.  A synthetic record: cut off at t = 0 at 80 km, apogee at
    t = 100 s, the drag past 1 % of g₀ from t = 10 s to 60 s on the way up and again from t = 150 s; the ground
    track runs along the equator at 1° every 10 s, so the glide from t = 150 s to the end (t = 300 s) spans 15°."""
    from rocketship.core.constants import R_MEAN
    from rocketship.core.entry_table import START_DRAG
    from rocketship.simulation import _glide_range

    t = np.arange(0.0, 310.0, 10.0)
    h = {"t": t, "lat": np.zeros_like(t), "lon": t / 10.0, "altitude": 100e3 - (t - 100.0) ** 2 * 2.0,
         "acceleration": np.where(((t >= 10) & (t <= 60)) | (t >= 150), 2 * START_DRAG, 0.1 * START_DRAG)}
    assert _glide_range(h, 0.0, {"cut-off": 0.0}) == pytest.approx(math.radians(15.0) * R_MEAN, rel=1e-3)


@pytest.mark.slow
@pytest.mark.parametrize("origin, destination", [("LAX", "JFK"), ("LHR", "JFK")])
def test_a_glide_from_a_100_km_apogee_is_the_estimates(origin, destination):
    """Starship with 10 t on the flat arcs that peak near 100 km (LAX→JFK, LHR→JFK): counted from where the air
    takes hold after the apogee, the simulated glide is the estimate's within 15 % (measured −4 % and +10 %; the
    3-DOF's climb peaks 3-4 km higher, and where the air takes hold on so flat a descent moves by hundreds of
    kilometres for a few kilometres of apogee).  Counted from cut-off it was +70 % and +77 %: the coast up
    through the thin air was counted as glide."""
    from rocketship.siting import site_route

    s = site_route(resolve_place(origin), resolve_place(destination))
    r = load_vehicle("starship")
    sim = simulate_flight(r, s.launch_pad, s.landing_zone, "10 t", "1000 m**3")
    est = plan_flight(r, s.launch_pad, s.landing_zone, "10 t", "1000 m**3", with_max_range=False)
    assert est.apogee.m_as("km") < 105.0
    assert sim.entry_range.m_as("km") == pytest.approx(est.entry_range.m_as("km"), rel=0.15)


@pytest.mark.slow
def test_the_ascent_lead_puts_the_estimates_burnout_where_the_3dof_climb_reaches_it():
    """The equivalent-impulse arc of a flat long glide (Starship PEK→JFK, 10 t) reaches its 100 km burnout
    ~3,500 km from the pad; the 3-DOF's steered climb gets there ~1,000 km out.  The estimate aims the arc
    long by the difference (estimate.ascent_lead, from the ascent's pitch programme): its ground to burnout
    then lies within 15 % of the 3-DOF's, and the orbital energy the 3-DOF's guidance settles on to land
    on the zone within 0.3 % of the estimate's burnout energy (~12 m/s of burnout speed; a flat arc moves
    its landing ~23 m/s per 1,000 km, so ~500 km).  Without the lead the gap was 1.7 % (0.55 MJ/kg,
    ~70 m/s).  A hop
    (XZY-1 PVG→ICN) has next to none: its arc (26.5°, peaking at 106 km since the ignition search places the
    braking burns of such arcs) is led 3 km on its 750 km, where the flat glide's is ~3,000 km on ~11,000, and
    reaches burnout within 0.6-1.6 × of where the 3-DOF's climb does (0.76).  The hop's lead is held under
    1 % of its route."""
    from rocketship.core import estimate as est
    from rocketship.core.geodesy import great_circle
    from rocketship.flight import cargo_g_limit, flight_params
    from rocketship.siting import site_route

    for vehicle, origin, to, payload, flat in (("starship", "PEK", "JFK", "10 t", True),
                                               ("xzy-1", "PVG", "ICN", "10 t", False)):
        s = site_route(resolve_place(origin), resolve_place(to))
        rocket = load_vehicle(vehicle)
        sim = simulate_flight(rocket, s.launch_pad, s.landing_zone, payload, "100 m**3")
        base = plan_flight(rocket, s.launch_pad, s.landing_zone, payload, "100 m**3", with_max_range=False)
        vp = flight_params(rocket, cargo_g_limit(None))
        m = base.payload.m_as("kg")
        route = est.route(vp, s.launch_pad.lat, s.launch_pad.lon, s.landing_zone.lat, s.landing_zone.lon, "fpa",
                          base.arc_flight_path_angle.m_as("rad"), payload=m, bank=base.bank_angle.m_as("rad"))
        fe = est.evaluate(vp, route, m)
        h = sim.simulation.history
        cut = int(np.searchsorted(h["t"], float(sim.simulation.events["cut-off"])))
        flown = float(great_circle(h["lat"][0], h["lon"][0], h["lat"][cut], h["lon"][cut])[0])
        estimated = float(route.range_to(fe.burnout_altitude) - route.ascent_lead)
        if flat:
            assert float(route.ascent_lead) > 1_500e3
            assert estimated == pytest.approx(flown, rel=0.15)
            energy = 0.5 * float(fe.burnout_speed) ** 2 - MU_EARTH / (route.radius + float(fe.burnout_altitude))
            assert sim.simulation.guidance["cut_energy"] == pytest.approx(energy, rel=0.003)
        else:
            assert float(route.ascent_lead) <= 0.01 * float(route.ground_range)
            assert 0.6 <= estimated / flown <= 1.6

"""The finite braking burn (rocketship/core/braking.py, descent.py) against a direct integration of the burn.

The estimate places a retrograde burn of Δv, lit so that it ends where the air takes hold, as impulses at
the centroids of its pieces with Keplerian coasts between.  Here the same burn is flown instead by
:func:`rocketship.core.entry.integrate_entry` — thrust against the velocity at every step, the mass falling,
throttled within the cap with drag counted — from the ignition point the estimate gives, and the entry that
follows is integrated too.  The two must agree on the state where the burn ends and on the peak the cargo
then feels.
"""

import math

import pytest

from rocketship.core import braking, descent, entry_table
from rocketship.core.constants import G0, R_MEAN
from rocketship.core.entry import integrate_entry
from rocketship.core.kepler import Conic
from rocketship.core.rocket import StageParams

XZY_CARGO = dict(thrust=0.863e6, exhaust=345.0 * G0, mass_after=35e3, beta=2500.0)
STARSHIP = dict(thrust=14.9e6, exhaust=366.0 * G0, mass_after=230e3, beta=400.0)


def _direct(interface: Conic, d: braking.Descent, dv, thrust, exhaust, mass_after, beta, cap, lift=0.0,
            ignition=None, record=False):
    """The burn flown directly from its ignition on the interface conic (*d*'s, or at *ignition* [s after the
    interface crossing]), and the entry after it (*record*: with its track)."""
    e = interface.anomaly_after(-d.lead if ignition is None else ignition)
    r, v, g = interface.state_at(e)
    m0 = mass_after * math.exp(dv / exhaust)
    return integrate_entry(v, g, r - R_MEAN, beta * m0 / mass_after, lift, thrust_accel=thrust / m0,
                           exhaust_speed=exhaust, braking_dv=dv, accel_cap=cap, record=record)


@pytest.mark.parametrize("stage", [XZY_CARGO, STARSHIP], ids=["xzy-1", "starship"])
@pytest.mark.parametrize("speed, angle, dv", [(7200.0, 20.0, 1500.0), (7200.0, 20.0, 3000.0), (3000.0, 40.0, 500.0),
                                              (3000.0, 40.0, 1500.0), (7200.0, 3.0, 1500.0)])
def test_the_peak_after_a_finite_burn_matches_a_direct_integration(stage, speed, angle, dv):
    """Peak within 4 % of the directly flown burn and entry (measured ≤ 2.5 %: the impulses' coasts leave
    out the drag met during the burn's last seconds, a few per cent of g₀)."""
    interface = Conic(R_MEAN + 120e3, speed, math.radians(angle))
    cap = braking.BRAKING_LOAD_SHARE * 6 * G0
    d = braking.braked(interface, dv, stage["beta"], stage["thrust"], stage["exhaust"], stage["mass_after"], cap)
    assert d.placed
    tab = entry_table.table()
    peak = math.exp(tab.read("log_peak_drag", tab.cell(d.speed, d.angle, stage["beta"], 0.0)))
    flown = _direct(interface, d, dv, stage["thrust"], stage["exhaust"], stage["mass_after"], stage["beta"], cap)
    assert peak == pytest.approx(flown.peak_drag, rel=0.04)


def test_a_long_burn_errs_on_the_safe_side():
    """A burn of 6.5 km/s at 0.86 MN lasts about 13 minutes and starts 1,300 km up: the piecewise impulses
    then miss by more (measured +10 %), but on the side of a higher peak, never a lower one."""
    interface = Conic(R_MEAN + 120e3, 7200.0, math.radians(20.0))
    cap = braking.BRAKING_LOAD_SHARE * 6 * G0
    s = XZY_CARGO
    d = braking.braked(interface, 6500.0, s["beta"], s["thrust"], s["exhaust"], s["mass_after"], cap)
    tab = entry_table.table()
    peak = math.exp(tab.read("log_peak_drag", tab.cell(d.speed, d.angle, s["beta"], 0.0)))
    flown = _direct(interface, d, 6500.0, s["thrust"], s["exhaust"], s["mass_after"], s["beta"], cap)
    assert flown.peak_drag * 0.98 <= peak <= flown.peak_drag * 1.2


@pytest.mark.parametrize("speed, angle, limit_g", [(3000.0, 40.0, 6.0), (2500.0, 30.0, 5.0), (3000.0, 40.0, 8.0),
                                                   (2000.0, 15.0, 5.0), (3500.0, 30.0, 6.0)])
def test_the_sized_burn_holds_the_cargo_limit_when_flown(speed, angle, limit_g):
    """descend() sizes the braking for a dense tail-first stage; flown directly, burn and entry together load
    the cargo within the limit plus 5 % (the table's ±3 % and the impulses' few per cent; the burn is sized for
    97 % of the limit).  Entries a burn can hold (the next test has one none can)."""
    stage = StageParams(dry=22e3, propellant=90e3, isp_sl=300.0, isp_vac=345.0, thrust_sl=0.785e6,
                        thrust_vac=0.863e6, recovery="destination", landing_thrust=0.785e6, descent_cd=1.3,
                        descent_area=13.85)
    interface = Conic(R_MEAN + 120e3, speed, math.radians(angle))
    limit = limit_g * G0
    d = descent.descend(stage, interface, 10e3, limit, 2.1)
    assert not d.g_limited and d.braking_delta_v > 0
    m_after = stage.dry + stage.propellant * 0.02 + 10e3 + d.landing_propellant
    flown = _direct(interface, d.start, d.braking_delta_v, stage.thrust_vac, 345.0 * G0, m_after, d.beta,
                    braking.BRAKING_LOAD_SHARE * limit)
    assert flown.peak_sensed <= limit * 1.05


def test_no_braking_holds_a_limit_below_a_dense_stages_floor():
    """A dense stage stopped where the air takes hold still falls into the drag pulse: at 2.5 g no burn of a
    tail-first XZY-1-like stage holds the cargo, and the descent says so rather than reporting a burn."""
    stage = StageParams(dry=22e3, propellant=90e3, isp_sl=300.0, isp_vac=345.0, thrust_sl=0.785e6,
                        thrust_vac=0.863e6, recovery="destination", landing_thrust=0.785e6, descent_cd=1.3,
                        descent_area=13.85)
    d = descent.descend(stage, Conic(R_MEAN + 120e3, 3000.0, math.radians(40.0)), 10e3, 2.5 * G0, 2.1)
    assert d.g_limited
    assert d.peak > 2.5 * G0


#: burns one ignition places (CHANGELOG, "Flight model"): the stage, interface speed [m/s] and angle [deg], Δv as
#: a share of that speed, the cargo's limit [g₀], and a window of ignitions [s after the interface crossing]
#: holding the one root of the gap.  The search used to leave all five unplaced: the Starship ones stalled on
#: the gap's flat (lit late, the stage is in the air before the burn's last piece, and the gap read there
#: stopped changing); the XZY-1 ones were given up as in vain (the gap falls by ~0.8 s a second there, so the
#: second trial ignition stopped short of the root, ~6 s before it, and the search never looked beyond).
MISSED_BURNS = [pytest.param(STARSHIP, 4000.0, 40.0, 0.95, 4.0, (-120.0, 20.0), id="starship 4 km/s"),
                pytest.param(STARSHIP, 6000.0, 40.0, 0.84, 4.0, (-200.0, 0.0), id="starship 6 km/s"),
                pytest.param(STARSHIP, 7200.0, 30.0, 0.95, 4.0, (-300.0, 0.0), id="starship 7.2 km/s"),
                pytest.param(XZY_CARGO, 3000.0, 2.0, 0.85, 6.0, (-80.0, 10.0), id="xzy-1 2°"),
                pytest.param(XZY_CARGO, 3000.0, 5.0, 0.84, 4.0, (-120.0, 20.0), id="xzy-1 5°")]


def _missed(stage, speed, angle, share, limit_g, window):
    """The burn, its braked() result and the one ignition [s] where its gap to the air vanishes, found by brute
    force (a 0.25 s scan of the window, then bisection) — not by the search under test."""
    import numpy as np

    interface = Conic(R_MEAN + 120e3, speed, math.radians(angle))
    cap = braking.BRAKING_LOAD_SHARE * limit_g * G0
    args = (interface, share * speed, stage["beta"], stage["thrust"], stage["exhaust"], stage["mass_after"], cap)
    burn = braking._burn(*args, braking.SPHERE, 4)
    times = np.arange(*window, 0.25)
    gaps = np.array([braking._fly(burn, float(t))[0] for t in times])
    crossings = [i for i in range(len(times) - 1) if gaps[i] * gaps[i + 1] < 0 and abs(gaps[i] - gaps[i + 1]) < 5.0]
    assert len(crossings) == 1
    lo, hi = times[crossings[0]], times[crossings[0] + 1]
    for _ in range(30):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if braking._fly(burn, mid)[0] * gaps[crossings[0]] > 0 else (lo, mid)
    return burn, braking.braked(*args), 0.5 * (lo + hi)


@pytest.mark.parametrize("stage, speed, angle, share, limit_g, window", MISSED_BURNS)
def test_these_burns_can_be_placed(stage, speed, angle, share, limit_g, window):
    """Each of these burns has one ignition that ends it where the air takes hold: flown directly from there
    (the burn integrated with its thrust turning and the air it meets — a different method), the drag sensed as
    it ends is 1 % of g₀ (START_DRAG) within a factor two (the air's density doubles in ~5 km), within 3 km of
    the height the impulses put it at (measured 0.3-2.4 km)."""
    import numpy as np

    burn, d, t_ign = _missed(stage, speed, angle, share, limit_g, window)
    flown = _direct(burn.interface, d, share * speed, stage["thrust"], stage["exhaust"], stage["mass_after"],
                    stage["beta"], braking.BRAKING_LOAD_SHARE * limit_g * G0, ignition=t_ign, record=True)
    t, h, sensed = (np.array(flown.track[k]) for k in ("t", "h", "sensed"))
    end = int(np.searchsorted(t, burn.duration))
    assert 0.5 <= sensed[end + 1] / entry_table.START_DRAG <= 2.0
    reached = braking._fly(burn, t_ign)[1]
    assert abs(h[end] - (reached[1] - R_MEAN)) <= 3e3


@pytest.mark.parametrize("stage, speed, angle, share, limit_g, window", MISSED_BURNS)
def test_the_ignition_search_places_them(stage, speed, angle, share, limit_g, window):
    """What the test above shows can be done, the search does: it places the burn at that ignition (±0.5 s, its
    own tolerance).  The gap :func:`braking._fly` returns where the stage met the air during the burn keeps
    falling as the ignition comes later (it used to stop changing there), and where the first two trials stop
    short of the root the line through them is carried on to it."""
    _, d, t_ign = _missed(stage, speed, angle, share, limit_g, window)
    assert d.placed and abs(-d.lead - t_ign) <= 0.5


def test_burn_profile_centroid():
    """The centroid of a full-thrust burn is (c/T)(m₀ − cΔm/Δv): half the burn for a short one, later for a
    long one (the acceleration rises as the stage lightens); a capped burn's is its middle."""
    length, centroid = braking.burn_profile(10.0, 1e6, 3000.0, 50e3, 1e3)
    assert centroid == pytest.approx(length / 2, rel=1e-3)
    length, centroid = braking.burn_profile(3000.0, 1e6, 3000.0, 50e3, 1e3)
    assert centroid > length / 2
    length, centroid = braking.burn_profile(1000.0, 1e7, 3000.0, 50e3, 40.0)   # capped throughout
    assert length == pytest.approx(1000.0 / 40.0)
    assert centroid == pytest.approx(length / 2)


def test_a_burn_braked_among_many_is_the_burn_braked_alone():
    """braked() on burns × routes arrays (its search flies only the burns not yet placed, and leaves out those
    no ignition can place) gives each burn, bit for bit, what it gets searched on its own as a 0-d array."""
    import numpy as np

    rng = np.random.default_rng(3)
    speed, angle = rng.uniform(2000.0, 7800.0, 40), np.radians(rng.uniform(2.0, 60.0, 40))
    dv = np.array([0.2, 0.5, 0.9])[:, None] * speed
    s = XZY_CARGO
    cap = braking.BRAKING_LOAD_SHARE * 6 * G0
    fields = ("speed", "angle", "altitude", "time", "angle_covered", "burn_time", "lead", "placed")
    with np.errstate(all="ignore"):
        many = braking.braked(Conic(R_MEAN + 120e3, speed, angle), dv, s["beta"], s["thrust"], s["exhaust"],
                              s["mass_after"], cap)
        assert 0 < np.count_nonzero(many.placed) < dv.size
        for k, i in np.ndindex(dv.shape):
            one = braking.braked(Conic(R_MEAN + 120e3, np.asarray(speed[i]), np.asarray(angle[i])),
                                 np.asarray(dv[k, i]), s["beta"], s["thrust"], s["exhaust"], s["mass_after"], cap)
            for f in fields:
                assert np.array_equal(np.asarray(getattr(many, f))[k, i], getattr(one, f), equal_nan=f != "placed")

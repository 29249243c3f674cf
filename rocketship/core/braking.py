"""The cargo stage's descent: where the air takes hold of it, and a finite braking burn above that point.

A stage coming down a suborbital arc meets the air where drag reaches :data:`.entry_table.START_DRAG`
(1 % of g₀); from there :mod:`.entry_table` tells its entry.  When that entry would load the cargo past
its limit, the stage first fires its engine retrograde, in vacuum, at its thrust — throttled so that the
cargo never feels more than :data:`BRAKING_LOAD_SHARE` of its limit — and **lit where it must be** for the
burn to end just as the air takes hold.  A burn of minutes is not an impulse: it starts hundreds of
kilometres up, and the stage keeps falling, and gaining speed, while it burns and after.

The finite burn is replaced by an impulse of the same Δv at the burn's *centroid* (the time-weighted
mean of its thrust acceleration): in a uniform field with the thrust along a fixed line, that impulse
gives exactly the burn's end position and velocity (∫ t a dt is what moves the end point), and the
remaining error — gravity's change of direction and size over the burn and the slow turn of the velocity
it brakes — is measured against a direct integration of the burn in tests/reference/test_braking.py.
Before and after the impulse the stage flies Keplerian conics (:class:`.kepler.Conic`) in inertial space,
and its state where the air takes hold is then taken relative to the turning air (:meth:`Surface.to_air`)
for the entry, which carries the Earth's turn on from there (:mod:`.entry`).  (A conic flown at the speed
relative to the air would leave out the Coriolis term over the minutes from the interface down: a
westbound stage would come down 0.3-0.4° too shallow, and a fast one might never come down at all.)

The air is layered over the WGS-84 ellipsoid, not the mean sphere: where it takes hold is reckoned from
the ellipsoid's geocentric radius under the entry, and the angle the stage meets it at from the
ellipsoid's own horizontal (:class:`Surface`) — near the poles the surface lies 14 km inside the mean
sphere, and along a meridian it tilts by up to f = 1/298 rad, a quarter of a flat glide's entry angle.

All functions run on floats (one route) or arrays (many) alike (:mod:`.xp`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import TypeAlias, cast

import numpy as np

from . import xp
from .xp import FloatOrArray
from .constants import R_MEAN
from .entry_table import start_altitude
from .kepler import Conic
from .roots import illinois

#: the braking burn's thrust is held within this share of the cargo's limit (the rest is left for the
#: drag that builds as it ends, and for the control margin; the 3-DOF simulation flies the same share)
BRAKING_LOAD_SHARE = 0.95
#: a burn whose end still misses where the air takes hold by more than this [s] was not placed
PLACEMENT_TOLERANCE = 5.0

#: where a braked stage reaches the air: time [s], radius [m], speed [m/s], angle below the horizontal [rad]
#: (inertial) and the central angle covered [rad]
_Reached: TypeAlias = tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]


@dataclass
class Surface:
    """The ground under a descent where the air takes hold (floats, or arrays of the routes' shape)."""

    radius: FloatOrArray = R_MEAN       #: the ellipsoid's geocentric radius there [m]
    slope: FloatOrArray = 0.0           #: its rise along the track [rad]: the angle it adds to the stage's descent
    rotation_speed: FloatOrArray = 0.0  #: the turning ground's speed along the heading relative to the air, w [m/s]
    ground_along: FloatOrArray = 0.0    #: the ground's speed along the stage's inertial heading [m/s]
    ground_across: FloatOrArray = 0.0   #: ... and across it [m/s]

    def take(self, rows: FloatOrArray, shape: tuple[int, ...] | None = None) -> Surface:
        """The surfaces at *rows* (flat positions, or a slice) of these broadcast to *shape*."""
        return Surface(*(xp.rows_of(getattr(self, f.name), rows, shape) for f in fields(self)))

    def element(self, i: int, shape: tuple[int, ...]) -> Surface:
        """The surface at flat position *i* of these broadcast to *shape*, as Python floats."""
        return Surface(*(xp.element_of(getattr(self, f.name), i, shape) for f in fields(self)))

    def to_air(self, speed: FloatOrArray, angle: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
        """Speed [m/s] and flight-path angle below the (geocentric) horizontal [rad] relative to the turning
        air, of a stage flying at inertial *speed* and *angle* over this ground."""
        if type(speed) is float and type(angle) is float and type(self.ground_along) is float \
                and type(self.ground_across) is float:   # as below, without :mod:`.xp`'s dispatch
            horizontal = speed * math.cos(angle) - self.ground_along
            horizontal = math.sqrt(horizontal * horizontal + self.ground_across * self.ground_across)
            vertical = speed * math.sin(angle)
            return math.sqrt(horizontal * horizontal + vertical * vertical), math.atan2(vertical, horizontal)
        horizontal = speed * xp.cos(angle) - self.ground_along
        horizontal = xp.sqrt(horizontal * horizontal + self.ground_across * self.ground_across)
        vertical = speed * xp.sin(angle)
        return xp.sqrt(horizontal * horizontal + vertical * vertical), xp.arctan2(vertical, horizontal)


SPHERE = Surface()   #: the mean sphere, not turning


@dataclass
class Descent:
    """Where the air takes hold of a (braked or unbraked) stage, relative to the arc's entry-interface
    crossing (floats or arrays, SI)."""

    speed: FloatOrArray          #: at the start of the entry [m/s]
    angle: FloatOrArray          #: below the horizontal of the ground there [rad]
    altitude: FloatOrArray       #: above the ground there [m]
    time: FloatOrArray           #: from the interface crossing of the unbraked arc to there [s]
    angle_covered: FloatOrArray  #: central angle from the interface crossing to there [rad]
    burn_time: FloatOrArray      #: duration of the braking burn [s] (0 without)
    lead: FloatOrArray           #: how long before the interface crossing the burn is lit [s] (negative: after)
    placed: FloatOrArray = True  #: bool: the burn was placed to end where the air takes hold (see :func:`braked`)


def burn_profile(delta_v: FloatOrArray, thrust: FloatOrArray, exhaust_speed: FloatOrArray, mass_after: FloatOrArray,
                 accel_cap: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
    """Duration [s] and centroid time from ignition [s] of a burn giving *delta_v* [m/s] at *thrust* [N]
    with exhaust speed *exhaust_speed* [m/s], ending at *mass_after* [kg], throttled to *accel_cap* [m/s²].

    At full thrust the acceleration T/m rises as the stage lightens; once it would pass the cap the
    engine is throttled to hold the cap.  For a full-thrust piece from m₀ to m₁ (Δv₁, Δm = m₀ − m₁) the
    centroid is (c/T)(m₀ − c Δm/Δv₁); a capped piece is a constant acceleration, centroid at its middle.
    """
    dv, c, thrust, m1, cap = (xp.asfloat(x) for x in (delta_v, exhaust_speed, thrust, mass_after, accel_cap))
    m0 = m1 * xp.exp(dv / c)
    m_switch = xp.minimum(xp.maximum(thrust / cap, m1), m0)    # where T/m reaches the cap (within [m1, m0])
    dv_full = c * xp.log(m0 / m_switch)
    dm_full = m0 - m_switch
    t_full = dm_full * c / thrust
    centroid_full = xp.where(dv_full > 1e-9, (c / thrust) * (m0 - c * dm_full / xp.maximum(dv_full, 1e-9)), 0.0)
    dv_capped = xp.maximum(dv - dv_full, 0.0)
    t_capped = dv_capped / cap
    duration = t_full + t_capped
    centroid = xp.where(dv > 1e-9, (dv_full * centroid_full + dv_capped * (t_full + 0.5 * t_capped))
                        / xp.maximum(dv, 1e-9), 0.0)
    return duration, centroid


def _air_takes_hold(conic: Conic, beta: FloatOrArray, surface: Surface, iterations: int = 2) -> tuple[
        FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]:
    """Eccentric anomaly and (inertial) state where *conic* comes down to the table's start altitude over
    *surface* for β (which depends on the speed relative to the air there: fixed-point iteration from the
    100 km crossing), and the radius [m] the air takes hold at (its last iterate): where the conic's own point
    is below it already, that point is the one returned."""
    big_e = conic.descending_anomaly(surface.radius + 100_000.0)
    r_air = surface.radius + 100_000.0
    for _ in range(iterations):
        r, v, g = conic.state_at(big_e)
        r_air = surface.radius + start_altitude(surface.to_air(v, g)[0], beta)
        big_e = conic.descending_anomaly(r_air)
    r, v, g = conic.state_at(big_e)
    return big_e, r, v, g, r_air


def unbraked(interface: Conic, beta: FloatOrArray, surface: Surface = SPHERE) -> Descent:
    """The stage on its arc (*interface*: the conic at the entry-interface crossing) down to where the air
    over *surface* takes hold of it, with ballistic coefficient *beta* [kg/m²]."""
    big_e, r, v, g, _ = _air_takes_hold(interface, beta, surface)
    v, g = surface.to_air(v, g)
    zero = xp.zeros_like(v)
    return Descent(speed=v, angle=g + surface.slope, altitude=r - surface.radius, time=interface.time_to(big_e),
                   angle_covered=interface.true_anomaly(big_e) - interface.true_anomaly(interface.big_e),
                   burn_time=zero, lead=zero)


def braked(interface: Conic, delta_v: FloatOrArray, beta_after: FloatOrArray, thrust: FloatOrArray,
           exhaust_speed: FloatOrArray, mass_after: FloatOrArray, accel_cap: FloatOrArray,
           surface: Surface = SPHERE, pieces: int = 4, steps: int = 6) -> Descent:
    """The stage braked by a retrograde burn of *delta_v* [m/s] that ends where the air over *surface*
    takes hold.

    *thrust* [N], *exhaust_speed* [m/s] and *mass_after* [kg] (the stage after the burn, whose ballistic
    coefficient is *beta_after* [kg/m²]) give the burn's length; it is throttled to *accel_cap* [m/s²].
    The burn is flown as *pieces* equal shares of its Δv, each an impulse at its own centroid along the
    velocity of the moment (so the thrust turns with the path, as a retrograde burn does), with Keplerian
    coasts between.  It is first lit to end when the unbraked arc would reach the air; the braked stage
    gets there at another time, so it is lit again moved by that gap (and, where the two trials stop short
    of the gap's root on one side, once more where the line through them meets it), and the ignition is
    settled by up to *steps* regula falsi steps on the gap (tests/reference/test_braking.py measures what is
    left against a direct integration of the burn); on arrays each step flies only the routes not yet settled.
    """
    burn = _burn(interface, delta_v, beta_after, thrust, exhaust_speed, mass_after, accel_cap, surface, pieces)
    t_end0 = interface.time_to(_air_takes_hold(interface, beta_after, surface)[0])
    t_ign, late_by, (t_reach, r_e, v_e, g_e, covered) = _ignite(burn, t_end0, steps)
    # a burn so long that no ignition time makes it end in the air (the secant has not closed the gap, or
    # the conic it leaves passes underground) is not a burn this stage can fly; nor is any burn on an arc
    # that meets the air at its interface already (it peaks too low): there is no room above the air
    placed = (xp.abs(late_by) < PLACEMENT_TOLERANCE) & (r_e - surface.radius > 0.0) & (t_end0 > 0.0)
    v_e, g_e = surface.to_air(v_e, g_e)
    return Descent(speed=v_e, angle=g_e + surface.slope, altitude=r_e - surface.radius, time=t_reach,
                   angle_covered=covered,
                   burn_time=burn.duration, lead=-t_ign, placed=placed)


def _burn(interface: Conic, delta_v: FloatOrArray, beta_after: FloatOrArray, thrust: FloatOrArray,
          exhaust_speed: FloatOrArray, mass_after: FloatOrArray, accel_cap: FloatOrArray, surface: Surface,
          pieces: int) -> _Burn:
    """The burn of :func:`braked` as *pieces* equal shares of *delta_v* [m/s], each at its centroid [s from
    ignition] (:func:`burn_profile`, the mass at each piece's end counted back from *mass_after* [kg])."""
    dv, c, m1 = xp.asfloat(delta_v), xp.asfloat(exhaust_speed), xp.asfloat(mass_after)
    share = dv * (1.0 / pieces)
    centroids: list[FloatOrArray] = []
    clock = xp.zeros_like(dv)
    for k in range(pieces):
        mass_end = m1 * xp.exp((pieces - 1 - k) * share / c)
        length, centre = burn_profile(share, thrust, c, mass_end, accel_cap)
        centroids.append(clock + centre)
        clock = clock + length
    return _Burn(interface, tuple(centroids), clock, share, beta_after, surface)


def _ignite(burn: _Burn, t_end0: FloatOrArray,
            steps: int) -> tuple[FloatOrArray, FloatOrArray, tuple[FloatOrArray, ...]]:
    """The ignition [s after the interface crossing] that ends *burn* where the air takes hold, how late the
    stage still reaches the air after the burn's end there [s], and where it reaches it (time, radius, speed,
    angle, angle covered): the burn first lit to end at *t_end0* (where the unbraked arc meets the air), then
    up to *steps* regula falsi steps on the gap (see :func:`braked`)."""
    # The gap falls as the ignition comes later, by about a second a second, and on where the burn is lit so
    # late that the stage meets the air during it (:func:`_met_during_the_burn`; read at the burn's last
    # piece, it stopped changing there, a flat on which regula falsi stalled).  So: lit to end where the
    # unbraked arc meets the air, moved by the gap found there, which brackets the root wherever the gap
    # falls by more than a second a second; where it falls by less (a stage lit early, still far above the
    # air, falls slower) the second trial falls short of the root, and the line through the two trials,
    # carried on, is tried (:func:`_carried_on`); then regula falsi (Illinois) on the bracket.
    t_a = t_end0 - burn.duration
    g_a, at_a = _fly(burn, t_a)
    t_b = t_a + g_a
    g_b, at_b = _fly(burn, t_b)
    on_floats = (g_a >= 0).__class__ is bool and xp.is_scalar(t_a, g_a, t_b, g_b)   # as xp.where decides
    shape = None if on_floats else np.broadcast_shapes(*(np.shape(x) for x in (t_a, g_a, t_b, g_b)))
    flat = burn
    if shape is not None:   # on arrays the search runs on flat rows, each burn's trials in its own row

        def flat_copy(x: FloatOrArray) -> np.ndarray:
            return np.array(np.broadcast_to(x, shape), dtype=float).reshape(-1)

        flat = burn.take(slice(None), shape)
        t_a, g_a, t_b, g_b = (flat_copy(x) for x in (t_a, g_a, t_b, g_b))
        at_a, at_b = (cast(_Reached, tuple(flat_copy(x) for x in at)) for at in (at_a, at_b))
    t_a, g_a, at_a, t_b, g_b, at_b = _carried_on(flat, t_a, g_a, at_a, t_b, g_b, at_b)
    ahead = g_a >= 0            # lit at t_a the burn ends before the air: the root lies later
    lo, hi = xp.where(ahead, t_a, t_b), xp.where(ahead, t_b, t_a)
    g_lo, g_hi = xp.where(ahead, g_a, g_b), xp.where(ahead, g_b, g_a)
    # Where t_a and t_b both miss the air on one side, by PLACEMENT_TOLERANCE or more, so does every
    # ignition between them (the gap falls with the ignition), the only ones the search tries: its search
    # is left out, the burn lit at lo and not placed (the line through them carried on did not reach the
    # root either: a burn too long to end above the air, or a gap that stops falling short of it).
    in_vain = (g_a * g_b > 0) & (xp.minimum(xp.abs(g_a), xp.abs(g_b)) >= PLACEMENT_TOLERANCE)
    # Where they miss on one side by less (a fifth of the burns a plan tries), t_a and t_b bracket nothing
    # either: regula falsi's trial lands on t_b, the end nearer the root, and stays there step after step.
    # That is the ignition the search returns, so it is returned without the steps (which, on arrays, kept
    # every other route's search waiting for these to run out).
    beside = (g_a * g_b > 0) & xp.logical_not(in_vain) & (g_a != g_b)
    lo, hi, g_lo, g_hi = (xp.where(beside, b, x) for x, b in ((lo, t_b), (hi, t_b), (g_lo, g_b), (g_hi, g_b)))
    # each route's last trial (lo, unsearched) is the ignition returned: where it reached the air there is
    # kept, not flown again
    reached: tuple[FloatOrArray, ...] = tuple(xp.where(ahead & xp.logical_not(beside), a, b)
                                              for a, b in zip(at_a, at_b))

    def late(t_ign: FloatOrArray, rows: np.ndarray | None) -> FloatOrArray:
        nonlocal reached
        gap, at = _fly(flat if rows is None else flat.take(rows), t_ign)
        if rows is None:
            reached = at
        else:
            for kept, x in zip(reached, at):
                kept[rows] = x
        return -gap

    _, _, t_ign, late_by = illinois(late, lo, hi, -g_lo, -g_hi, iterations=steps, live_only=True, settled=in_vain | beside,
                                    done=lambda lo, hi, x, fx: xp.abs(fx) < 0.1 * PLACEMENT_TOLERANCE)
    if shape is None:
        return t_ign, late_by, reached
    return (np.reshape(t_ign, shape), np.reshape(late_by, shape), tuple(np.reshape(x, shape) for x in reached))


def _carried_on(burn: _Burn, t_a: FloatOrArray, g_a: FloatOrArray, at_a: _Reached, t_b: FloatOrArray,
                g_b: FloatOrArray, at_b: _Reached) -> tuple[
        FloatOrArray, FloatOrArray, _Reached, FloatOrArray, FloatOrArray, _Reached]:
    """The ignition search's two first trials (ignition [s], gap [s], where the air was reached), moved on where
    they missed the air on one side, the second nearer it by PLACEMENT_TOLERANCE or more: the burn is lit once
    more where the line through them meets zero, and (b, that trial) are returned in place of (a, b); elsewhere
    (a, b) as they were.  There the gap falls by less than a second a second (``t_b = t_a + g_a`` stopped
    short), and by so much less only where it is far from the root, so the line carried on reaches past it
    or near it (tests/reference/test_braking.py: burns placed so at their brute-force roots, and flown
    directly from there).  Floats, or flat rows (one per burn of *burn*) moved in place: only those burns
    are flown again."""
    shrank = (g_a * g_b > 0) & (xp.abs(g_b) < xp.abs(g_a)) & (xp.abs(g_b) >= PLACEMENT_TOLERANCE)
    if not xp.any_(shrank):
        return t_a, g_a, at_a, t_b, g_b, at_b
    if xp.is_scalar(t_a, g_a, t_b, g_b):
        t_c = t_b + g_b * (t_b - t_a) / (g_a - g_b)
        g_c, at_c = _fly(burn, t_c)
        return t_b, g_b, at_b, t_c, g_c, at_c
    rows = np.flatnonzero(shrank)
    ta, ga, tb, gb = (np.asarray(x)[rows] for x in (t_a, g_a, t_b, g_b))
    t_c = tb + gb * (tb - ta) / (ga - gb)
    g_c, at_c = _fly(burn.take(rows), t_c)
    for a, b, c in zip((t_a, g_a, *at_a), (t_b, g_b, *at_b), (t_c, g_c, *at_c)):
        a[rows], b[rows] = b[rows], c
    return t_a, g_a, at_a, t_b, g_b, at_b


@dataclass
class _Burn:
    """A braking burn as :func:`braked` searches for its ignition: the arc it brakes (*interface*, the conic
    at the interface crossing), its pieces' centroids [s from ignition], its *duration* [s], the Δv of each
    piece [m/s] (*share*), the stage's ballistic coefficient after it [kg/m²] and the ground under the air
    it meets."""

    interface: Conic
    centroids: tuple[FloatOrArray, ...]
    duration: FloatOrArray
    share: FloatOrArray
    beta_after: FloatOrArray
    surface: Surface

    def take(self, rows: FloatOrArray, shape: tuple[int, ...] | None = None) -> _Burn:
        """The burns at *rows* (flat positions, or a slice) of these broadcast to *shape* (see :meth:`.Conic.take`)."""
        return _Burn(self.interface.take(rows, shape), tuple(xp.rows_of(t, rows, shape) for t in self.centroids),
                     xp.rows_of(self.duration, rows, shape), xp.rows_of(self.share, rows, shape),
                     xp.rows_of(self.beta_after, rows, shape), self.surface.take(rows, shape))


def _fly(burn: _Burn, t_ign: FloatOrArray) -> tuple[FloatOrArray, _Reached]:
    """*burn* lit *t_ign* seconds after the interface crossing: the gap from its end to the stage reaching
    the air (negative: it gets there before the burn ends), and the time, state and angle covered where it
    does.  Drag met during the burn, above where it reaches 1 % of g₀ for the braked stage, is left out: a
    few per cent of g₀, within the share of the limit the throttle leaves."""
    conic, t_at, covered = burn.interface, 0.0, 0.0
    pieces: list[_Reached] = []
    for centroid in burn.centroids:
        t_imp = t_ign + centroid
        e_imp = conic.anomaly_after(t_imp - t_at)
        covered = covered + conic.true_anomaly(e_imp) - conic.true_anomaly(conic.big_e)
        r, v, g = conic.state_at(e_imp)
        pieces.append((t_imp, r, v, g, covered))
        conic, t_at = Conic(r, xp.maximum(v - burn.share, 1e-3), g), t_imp
    big_e, r_e, v_e, g_e, r_air = _air_takes_hold(conic, burn.beta_after, burn.surface)
    t_reach = t_at + conic.time_to(big_e)
    covered = covered + conic.true_anomaly(big_e) - conic.true_anomaly(conic.big_e)
    reached: _Reached = (t_reach, r_e, v_e, g_e, covered)
    # the conic's own point returned, below where the air takes hold: lit so late that the stage met the air
    # during the burn, before its last piece
    in_the_air = (big_e == conic.big_e) & (r_e < r_air)
    if xp.any_(in_the_air):
        met, found = _met_during_the_burn(burn, pieces, r_air)
        reached = tuple(xp.where(in_the_air & found, a, b) for a, b in zip(met, reached))
    return reached[0] - (t_ign + burn.duration), reached


def _met_during_the_burn(burn: _Burn, pieces: list[_Reached], r_air: FloatOrArray) -> tuple[_Reached, FloatOrArray]:
    """Where a stage lit too late first came down to *r_air* [m] (where the air takes hold of it after the
    burn), during the burn: time, radius, speed, angle and angle covered — on the arc, before the burn's first
    piece, where that piece is below it already, else straight between the first two pieces it passes
    between.  So the gap :func:`_fly` returns keeps falling as the ignition comes later, as it does where the
    stage meets the air after the burn, and equals that gap where the last piece is just at *r_air*.  (Read
    at the last piece instead, it stopped changing: a flat on which the ignition search stalled and read
    burns that can be placed as burns that cannot.)  No ignition the search settles on lies here: these
    gaps are all under −(the burn's length − its last piece's centroid).  Also whether it was found (bool):
    not where the first piece is below *r_air* without the arc having come down through it first (on the
    way up still, or on a hop that meets the air at its interface), where the gap is read at the last piece
    as before."""
    arc = burn.interface
    e_c = arc.descending_anomaly(r_air)
    r_c, v_c, g_c = arc.state_at(e_c)
    before = (arc.time_to(e_c), r_c, v_c, g_c, arc.true_anomaly(e_c) - arc.true_anomaly(arc.big_e))
    between = before
    for start, end in reversed(list(zip(pieces, pieces[1:]))):   # the earliest pair passing it wins
        r0, r1 = start[1], end[1]
        passes = (r0 >= r_air) & (r1 < r_air)
        w = xp.where(passes, (r0 - r_air) / xp.where(passes, r0 - r1, 1.0), 0.0)
        between = tuple(xp.where(passes, a + w * (b - a), c) for a, b, c in zip(start, end, between))
    first_in_the_air = pieces[0][1] < r_air
    # "before" holds only where the arc came down through r_air ahead of its interface point and before the
    # first piece; a first piece below r_air on the way up (or an arc below it at its interface) has not met
    # the air from above, and the gap is read at the last piece as before
    came_down_first = (e_c != arc.big_e) & (before[0] <= pieces[0][0])
    found = xp.logical_not(first_in_the_air) | came_down_first
    return tuple(xp.where(first_in_the_air, a, b) for a, b in zip(before, between)), found

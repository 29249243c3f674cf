"""The estimate tier: a whole point-to-point flight, vectorised over routes.

Phases (every model and constant is named in its module):

1. **Free flight** — the equivalent-impulse Keplerian arc on a rotating Earth, aimed so that the arc and
   the entry together span the route (:class:`.route.Route`), and long by the ascent lead: the ground the
   arc covers up to burnout beyond what the climb covers (:func:`route`).
2. **Boost** — the stack climbs to the arc's state at the burnout altitude (half the apogee
   altitude, at most 200 km), at the arc's speed there relative to the ground; losses, burn time and
   the ground covered from :mod:`.rocket`.
3. **Descent of the cargo stage** (:mod:`.descent`): a finite retrograde braking burn above the air
   where the cargo's g limit calls for it (:mod:`.braking`), then the integrated planar entry with lift
   at the chosen bank — peak load, Sutton–Graves heating, heat load, range and time from the tabulated
   integration (:mod:`.entry_table`) — and a landing burn from the speed it meets the ground at.

Booster stages keep propellant for their recovery (``downrange_sea``: an entry burn plus a landing burn;
``rtls``: also a boost-back that cancels 1.2 × the horizontal speed at staging).  A cargo stage marked
``expended`` neither brakes nor lands: its cargo is assumed to descend in its own capsule, on the same
arc and unbraked, and is held to the cargo's limit all the same.

Time of flight = boost + free flight (burnout to the entry interface, taken from the arc with the climb to
burnout and the fall below the interface removed) + the descent from the interface crossing to where the
air takes hold (braking included) + the entry + the landing burn.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import numpy as np

from . import reentry, xp
from .xp import FloatOrArray
from .constants import G0, MU_EARTH, OMEGA_EARTH
from .constants import R_MEAN as R_MEAN  # re-exported
from .descent import descend
from .kepler import time_between_radii
from .rocket import RESIDUAL_FRACTION, Ascent, VehicleParams, ascent, reserve_mass
from .route import ENTRY_INTERFACE as ENTRY_INTERFACE  # re-exported
from .route import GRAZING_SPEED as GRAZING_SPEED  # re-exported
from .route import LOFTED_APOGEE as LOFTED_APOGEE  # re-exported
from .route import Route as Route  # re-exported

BURNOUT_ALTITUDE_MAX = 200_000.0  #: burnout altitude cap [m] (ICBM-class burnouts sit at 150-300 km; assumption)
BURNOUT_APOGEE_FRACTION = 0.5     #: ...and at most this share of the arc's apogee altitude (assumption)
#: ...but an arc faster than GRAZING_SPEED burns out no lower than this (or 90 % of a lower apogee): a flat
#: arc flown at near-orbital speed burns out above the sensible atmosphere, not in it (assumption)
BURNOUT_ALTITUDE_FLOOR = 100_000.0
DV_BOOSTER_ENTRY = 800.0      #: booster entry burn, downrange sea landing [m/s]; calibrated: Falcon 9 drone-ship LEO payload 18.1 t vs published 16.7-18.5 t
RTLS_BOOSTBACK_FACTOR = 1.2   #: boost-back Δv / horizontal speed at staging [-] (assumption)
HEAT_TOLERANCE = 1e-3         #: a heat flux or load within this share over its limit meets it


@dataclass
class FlightEstimate:
    """Arrays over routes (floats for one route), SI units.  See :func:`evaluate`."""

    ground_range: FloatOrArray
    free_flight_range: FloatOrArray
    burnout_speed: FloatOrArray            #: inertial, at burnout altitude
    burnout_speed_relative: FloatOrArray
    burnout_flight_path_angle: FloatOrArray  #: ground-relative [rad]
    burnout_altitude: FloatOrArray
    launch_azimuth: FloatOrArray           #: inertial [rad]
    apogee: FloatOrArray                   #: altitude [m]
    entry_speed: FloatOrArray              #: at the entry interface, relative to the atmosphere, before any braking
    entry_flight_path_angle: FloatOrArray  #: there, below the horizontal [rad]
    entry_interface: FloatOrArray          #: its altitude [m] (120 km, or below a low apogee)
    air_speed: FloatOrArray                #: where the air takes hold (drag 1 % g), after braking [m/s]
    air_flight_path_angle: FloatOrArray    #: there [rad]
    air_altitude: FloatOrArray             #: there [m]
    ballistic_coefficient: FloatOrArray    #: through the entry [kg/m²]
    lift_to_drag: FloatOrArray             #: hypersonic L/D [-]
    bank_angle: FloatOrArray               #: [rad]
    peak_deceleration_unbraked: FloatOrArray  #: peak sensed acceleration of the entry without braking [m/s²]
    peak_deceleration: FloatOrArray        #: as flown [m/s²]
    peak_heat_flux: FloatOrArray           #: Sutton–Graves stagnation heat flux [W/m²]
    heat_load: FloatOrArray                #: [J/m²]
    entry_range: FloatOrArray              #: ground range flown in the air [m]
    descent_range: FloatOrArray            #: ground range from the entry-interface crossing to touchdown [m]
    braking_delta_v: FloatOrArray
    braking_lead: FloatOrArray             #: the burn is lit this long before the arc's interface crossing [s]
    braking_end: FloatOrArray              #: ... and ends (the air takes hold) this long after it [s]
    landing_delta_v: FloatOrArray
    landing_speed: FloatOrArray            #: the speed the stage meets the ground at, unpowered [m/s]
    ascent_delta_v: FloatOrArray           #: burnout speed + losses
    gravity_loss: FloatOrArray
    drag_loss: FloatOrArray
    delta_v_required: FloatOrArray
    delta_v_available: FloatOrArray
    margin: FloatOrArray
    boost_time: FloatOrArray
    free_flight_time: FloatOrArray
    braking_time: FloatOrArray
    descent_time: FloatOrArray             #: from the interface crossing to touchdown [s]
    time_in_atmosphere: FloatOrArray       #: from where the air takes hold to touchdown [s]
    time_of_flight: FloatOrArray
    g_limited: FloatOrArray                #: bool: no braking burn holds the cargo within its limit
    heat_flux_limited: FloatOrArray        #: bool: the peak heat flux passes the heat shield's limit
    heat_load_limited: FloatOrArray        #: bool: the heat load passes it
    skips: FloatOrArray                    #: bool: the entry climbs back out of the atmosphere
    overshoots: FloatOrArray               #: bool: the glide alone would overshoot the route
    braking_too_long: FloatOrArray         #: bool: the braking burn would have to be lit before burnout
    off_table: FloatOrArray                #: bool: the entry lies beyond the entry table (read at its edge)
    landing_impossible: FloatOrArray       #: bool: the landing engines cannot hold the stage up
    converged: FloatOrArray
    grazing: FloatOrArray                  #: bool: the free flight skims the atmosphere (see GRAZING_SPEED)
    lofted: FloatOrArray                   #: bool: a minimum-energy arc lofted clear of the air
    payload: FloatOrArray
    staging_speed: FloatOrArray
    reserves: list[FloatOrArray]     #: propellant each stage keeps for recovery, braking and landing [kg]
    ascent_propellant: list[FloatOrArray]

    def flies(self) -> FloatOrArray:
        """bool (array): the flight can be flown — Δv to spare, within the cargo's limit and the heat
        shield's, an entry that stays in the air and fits the route, a landing the engines can hold, a
        converged arc that clears the atmosphere.  (The bay's rated payload is the caller's.)"""
        bad = (self.g_limited | self.heat_flux_limited | self.heat_load_limited | self.skips | self.overshoots
               | self.braking_too_long | self.landing_impossible | self.grazing)
        return (self.margin >= 0) & xp.logical_not(bad) & self.converged


_FIELDS = tuple(f.name for f in fields(FlightEstimate))
_LISTS = ("reserves", "ascent_propellant")


def pick(f: FlightEstimate, index: FloatOrArray) -> FlightEstimate:
    """The flights at *index* of an array estimate (floats for an integer index)."""
    shape = np.shape(f.margin)

    def one(x: FloatOrArray) -> FloatOrArray:
        x = np.broadcast_to(np.asarray(x), shape)[index]
        return x.item() if np.ndim(x) == 0 else x

    return FlightEstimate(**{name: ([one(x) for x in getattr(f, name)] if name in _LISTS else one(getattr(f, name)))
                             for name in _FIELDS})


def reshape(f: FlightEstimate, shape: tuple[int, ...]) -> FlightEstimate:
    """The flights of *f* (arrays) in *shape*."""
    def one(x: FloatOrArray) -> FloatOrArray:
        return np.reshape(np.broadcast_to(np.asarray(x), np.shape(f.margin)), shape)

    return FlightEstimate(**{name: ([one(x) for x in getattr(f, name)] if name in _LISTS else one(getattr(f, name)))
                             for name in _FIELDS})


def merge(mask: FloatOrArray, a: FlightEstimate, b: FlightEstimate) -> FlightEstimate:
    """*a*'s flights where *mask* holds, *b*'s elsewhere (arrays of one shape)."""
    def one(x: FloatOrArray, y: FloatOrArray) -> FloatOrArray:
        return np.where(mask, x, y)

    return FlightEstimate(**{name: ([one(x, y) for x, y in zip(getattr(a, name), getattr(b, name))] if name in _LISTS
                                    else one(getattr(a, name), getattr(b, name))) for name in _FIELDS})


def cargo_entry(v: VehicleParams, payload: FloatOrArray | None = None,
                bank: FloatOrArray = 0.0) -> tuple[FloatOrArray, FloatOrArray]:
    """(β [kg/m²], (L/D)·cos σ) of the cargo stage's entry with *payload* [kg] (default none) on board:
    the nominal entry a :class:`.route.Route` is aimed with."""
    s = v.stages[-1]
    mass = s.dry + s.propellant * RESIDUAL_FRACTION + (0.0 if payload is None else xp.asfloat(payload))
    return mass / (s.descent_cd * s.descent_area), s.lift_to_drag * xp.cos(xp.asfloat(bank))


def route(v: VehicleParams, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
          trajectory: str = "min-energy", value: FloatOrArray | None = None, *, payload: FloatOrArray | None = None,
          bank: FloatOrArray = 0.0, omega: float = OMEGA_EARTH, radius: float = R_MEAN, one_by_one: int = 0) -> Route:
    """The :class:`.route.Route` for *v*'s cargo stage entering at *bank* [rad] (aimed with *payload* [kg]),
    led by the ascent (:func:`ascent_lead`).  *one_by_one*: arrays of up to this many routes are aimed one at a
    time on floats, as :func:`evaluate` flies them (see :data:`FEW`)."""
    if one_by_one and not xp.is_scalar(lat1, lon1, lat2, lon2):
        given = (lat1, lon1, lat2, lon2, value, payload, bank)
        shape = np.broadcast_shapes(*(np.shape(x) for x in given if x is not None))
        if 0 < math.prod(shape) <= one_by_one:
            def each(x: FloatOrArray) -> list[float] | list[None]:
                n = math.prod(shape)
                return [None] * n if x is None else np.broadcast_to(np.asarray(x, float), shape).reshape(-1).tolist()

            return Route.stacked([route(v, a1, o1, a2, o2, trajectory, phi, payload=aim, bank=b, omega=omega,
                                        radius=radius)
                                  for a1, o1, a2, o2, phi, aim, b in zip(*(each(x) for x in given))], shape)
    beta, lift_up = cargo_entry(v, payload, bank)
    r = Route(lat1, lon1, lat2, lon2, trajectory, value, beta=beta, lift_up=lift_up, omega=omega, radius=radius)
    r.bank = bank
    if not r.floats:
        _lead(v, r)
        return r
    try:
        _lead(v, r)
    except xp.SCALAR_FAILURES:
        # an edge numpy answers with nan or inf, met while leading one route held as floats (a near-polar
        # arc whose aim lands where the air's density is nan): the same route again on numpy's path
        a1, o1, a2, o2 = (np.asarray(float(x)) for x in (lat1, lon1, lat2, lon2))
        r = Route(a1, o1, a2, o2, trajectory, None if value is None else np.asarray(float(value)), beta=np.asarray(beta),
                  lift_up=np.asarray(lift_up), omega=omega, radius=radius)
        r.bank, r.single = bank, True
        _lead(v, r)
    return r


def _lead(v: VehicleParams, r: Route) -> None:
    """Aim *r* for the ground its arc covers to burnout that the climb does not (:func:`ascent_lead`).

    On arrays, each pass leads only the routes whose lead moved in the pass before (most steep arcs keep a
    lead of 0 from the start), aimed again on their own and written back into *r*: a route's arc never
    depends on the routes aimed beside it, so the others' stand as they are, to the bit."""
    part, rows = r, None    # the routes still led, and their flat positions among r's (None: all of them)
    for _ in range(LEAD_PASSES):
        # led as the empty stack climbs: one lead for every payload flown on the route, so that a payload
        # flies exactly where max_payload says it does (a heavier stack's slower climb covers a few per
        # cent more ground: ~1 m/s of burnout speed on a flat arc, within the range closure's first order)
        lead = ascent_lead(v, part, 0.0 * xp.asfloat(part.arc.v))
        moved = xp.abs(lead - part.ascent_lead) > LEAD_TOLERANCE
        if not xp.any_(moved):
            break
        if np.ndim(moved) == 0:   # one route
            part.lead(lead)
            continue
        v, part = _rows_of(v, moved), part.take(moved)
        part.lead(lead[moved])
        rows = np.flatnonzero(moved) if rows is None else rows[moved]
        r.put(rows, part)


def _rows_of(x: Any, rows: np.ndarray) -> Any:
    """The *rows* (a mask over the routes) of *x*: a number, an array broadcast to the routes, or a vehicle or
    stage whose figures are either (a Monte Carlo's, drawn per route)."""
    if isinstance(x, tuple):
        return tuple(_rows_of(y, rows) for y in x)
    if is_dataclass(x) and not isinstance(x, type):
        return replace(x, **{f.name: _rows_of(getattr(x, f.name), rows) for f in fields(x)})
    return np.broadcast_to(x, rows.shape)[rows] if isinstance(x, np.ndarray) and x.ndim else x


#: passes of :func:`ascent_lead` and re-aiming (the lead moves the arc, whose climb moves the lead: the
#: second pass changes it by under ~5 %, which the first-order range closure of :func:`evaluate` absorbs)
LEAD_PASSES = 2
LEAD_TOLERANCE = 1_000.0   #: [m] a lead changed by less than this is not aimed again


def burnout_altitude(route: Route) -> FloatOrArray:
    """Altitude [m] at which the stack burns out on *route*'s arc (see BURNOUT_ALTITUDE_MAX and the next)."""
    apo = xp.maximum(route.apogee_alt, 0.0)
    floor = xp.where(route.arc.v > GRAZING_SPEED, xp.minimum(BURNOUT_ALTITUDE_FLOOR, 0.9 * apo), 0.0)
    return xp.minimum(BURNOUT_ALTITUDE_MAX, xp.maximum(BURNOUT_APOGEE_FRACTION * apo, floor))


def climb(v: VehicleParams, payload: FloatOrArray, v_rel: FloatOrArray, phi_rel: FloatOrArray,
          cargo_reserve: FloatOrArray, radius: float = R_MEAN) -> tuple[Ascent, list[FloatOrArray]]:
    """The ascent (:func:`.rocket.ascent`) to ground-relative *v_rel* [m/s] at *phi_rel* [rad] with
    *payload* [kg], the cargo stage keeping *cargo_reserve* [kg] and each booster its recovery propellant —
    iterated once more for a boost-back, whose reserve depends on the speed at staging.  Returns the
    ascent and the reserves [kg] per stage."""
    asc: Ascent | None = None
    reserves = [cargo_reserve]
    rounds = 2 if any(s.recovery == "rtls" for s in v.stages[:-1]) else 1
    for _ in range(rounds):
        reserves = [*booster_reserves(v, payload, None if asc is None else asc.staging_horizontal), cargo_reserve]
        asc = ascent(v, payload, v_rel, phi_rel, reserves, radius=radius,
                     losses_guess=None if asc is None else asc.gravity_loss)
    assert asc is not None   # the loop runs at least once
    return asc, reserves


def ascent_lead(v: VehicleParams, route: Route, payload: FloatOrArray) -> FloatOrArray:
    """Ground [m] that *route*'s arc covers from the pad to burnout beyond what *v*'s climb with *payload*
    [kg] covers: the arc's climb (:meth:`.route.Route.range_to`), less the ground the ascent's pitch
    programme can cover at its horizontal speed (:func:`.rocket.ascent`'s ``burnout_range``), when that
    is less — 0 on steep arcs, whose climb to burnout stays within a few hundred kilometres of the pad,
    and thousands of kilometres on the flat arcs of long glides.  (Against the 3-DOF's climbs, which
    reach burnout 93-142 km out on steep hops and ~1,000 km out on flat arcs, the pitch programme's
    ground runs ~9 % long on flat arcs and 2-3 × long on steep ones, where the arc's own is the lesser:
    tests/reference/test_simulate.py.)  Booster reserves as flown (:func:`climb`); the cargo stage's braking
    and landing reserves are left out (they move which stage burns what, not the ground covered)."""
    h_bo = burnout_altitude(route)
    _, v_rel, phi_rel = route.burnout_target(h_bo)
    asc, _ = climb(v, payload, v_rel, phi_rel, 0.0 * payload, radius=route.radius)
    # to the metre: the float and array paths part in the last bits of this sum, and a route's flight should
    # not move with which path it took (the lead itself is uncertain by tens of kilometres)
    return xp.floor(xp.maximum(route.range_to(h_bo) - asc.burnout_range, 0.0) + 0.5)


def _stage_dry_plus(v: VehicleParams, i: int, payload: FloatOrArray) -> FloatOrArray:
    s = v.stages[i]
    return s.dry + s.propellant * RESIDUAL_FRACTION + (payload if i == len(v.stages) - 1 else 0.0)


def booster_reserves(v: VehicleParams, payload: FloatOrArray,
                     staging_horizontal: FloatOrArray | None = None) -> list[FloatOrArray]:
    """Propellant [kg] each booster stage keeps for its recovery (see the module doc)."""
    out: list[FloatOrArray] = []
    for i in range(len(v.stages) - 1):
        s = v.stages[i]
        dv_res = 0.0
        if s.recovery in ("downrange_sea", "rtls"):
            dv_land, _ = reentry.landing_burn(reentry.terminal_velocity(s.descent_beta, 0.0), s.landing_thrust or s.thrust_sl, s.dry)
            dv_res = DV_BOOSTER_ENTRY + dv_land
            if s.recovery == "rtls" and staging_horizontal is not None:
                dv_res = dv_res + RTLS_BOOSTBACK_FACTOR * staging_horizontal
        c_mean = G0 * 0.5 * (s.isp_sl + s.isp_vac)
        out.append(reserve_mass(_stage_dry_plus(v, i, 0.0), dv_res, c_mean) + 0 * payload)
    return out


def orbit_payload(v: VehicleParams, altitude: float, latitude_deg: float, *, recover_boosters: bool = True,
                  iterations: int = 60) -> float:
    """Payload [kg] to a circular orbit of *altitude* [m] launched due east from *latitude_deg*.

    The same ascent and recovery models as the point-to-point flights; used to
    calibrate and check them against published payload-to-orbit figures.
    The upper stage is expended.
    """
    r = R_MEAN + altitude
    v_target = np.sqrt(MU_EARTH / r) - OMEGA_EARTH * r * np.cos(np.radians(latitude_deg))
    lo, hi = 0.0, 0.5 * v.stack_mass(0, 0.0)
    staging = None
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        res = booster_reserves(v, mid, staging) if recover_boosters else [0.0] * (len(v.stages) - 1)
        asc = ascent(v, mid, v_target, 0.0, [*res, 0.0])
        staging = asc.staging_horizontal
        lo, hi = (mid, hi) if asc.margin >= 0 else (lo, mid)
    return lo


def evaluate(v: VehicleParams, route: Route, payload: FloatOrArray, *, one_by_one: int = 0) -> FlightEstimate:
    """The flight of *v* along *route* with *payload* [kg]: floats for one route and one payload, else arrays
    of their broadcast shape.  (On arrays, candidates at the edges — an impossible landing, a braking burn
    longer than the stage can give — come out as inf or nan and are flagged; numpy is not asked to warn.)

    *one_by_one*: arrays of up to this many flights are flown one by one on floats instead (see
    :data:`FEW`); 0, the default, keeps every array on numpy's path."""
    with np.errstate(all="ignore"):
        return _evaluate_any(v, route, payload, one_by_one)


#: what one route's searches give as *one_by_one* (:func:`evaluate`): numpy's cost per call, not per element,
#: is most of a few flights' time on arrays (four Starship flights: ~28 ms on arrays, ~10 ms one by one), and
#: one route's plan asks for a handful at a time (its refined candidates, each step of its payload search).
#: Aiming is the same (:func:`route`: two Starship candidates ~9 ms on arrays, ~1 ms one at a time; XZY-1's
#: PEK→JFK plan 156 → 131 ms).  Arrays of many routes stay on numpy, so that a route's figures never depend on the routes searched beside
#: it, to the bit; one route's figures differ from the same route's among many by rounding only
#: (tests/unit/test_scalar_path.py).
FEW = 8


def _evaluate_any(v: VehicleParams, route: Route, payload: FloatOrArray, one_by_one: int = 0) -> FlightEstimate:
    if route.single and xp.is_scalar(payload):
        if route.floats:
            try:
                return _evaluate(v, route, float(payload))
            except xp.SCALAR_FAILURES:   # an edge numpy answers with nan or inf: take numpy's answer, as floats
                route = route.as_arrays()
        f = _evaluate(v, route, np.asarray(float(payload)))
        return pick(f, ())
    shape = np.broadcast_shapes(np.shape(route.arc.v), np.shape(payload))
    if 0 < math.prod(shape) <= one_by_one and shape == np.shape(route.arc.v):
        return _stacked([_evaluate_any(v, route.element(i), float(m))
                         for i, m in enumerate(np.broadcast_to(np.asarray(payload, float), shape).reshape(-1))], shape)
    return _evaluate(v, route, np.broadcast_to(np.asarray(payload, float), shape).astype(float), few=one_by_one)


def _stacked(flights: list[FlightEstimate], shape: tuple[int, ...]) -> FlightEstimate:
    """Flights of one route each (floats) as one estimate of arrays of *shape*."""
    def one(values: FloatOrArray) -> FloatOrArray:
        return np.array(values).reshape(shape)

    return FlightEstimate(**{name: ([one(x) for x in zip(*(getattr(f, name) for f in flights))] if name in _LISTS
                                    else one([getattr(f, name) for f in flights])) for name in _FIELDS})


def _evaluate(v: VehicleParams, route: Route, payload: FloatOrArray, few: int = 0) -> FlightEstimate:
    cargo = v.stages[-1]
    lands = cargo.recovery == "destination"
    bank = route.bank
    d = descend(cargo, route.interface, payload, v.g_limit, v.nose_radius, bank=bank, lands=lands,
                surface=route.surface, few=few)
    cargo_reserve = d.landing_propellant + d.braking_propellant
    # --- range closure: the descent lands `excess` beyond where the arc was aimed to put it
    excess = route.overshoot(d.start, d.entry_range) - route.aim_short
    # --- boost: burnout on the arc at a stated altitude, its speed corrected for the range closure;
    #     iterated only for a boost-back reserve, which depends on the speed at staging
    h_bo = burnout_altitude(route) + 0 * payload
    v_in, v_rel, phi_rel = route.burnout_target(h_bo)
    # (a stage that cannot land has no descent to close the range with: its arc is flown as aimed)
    closure = xp.where(xp.isfinite(excess), -route.dv_dpsi * excess / route.radius, 0.0)
    v_in, v_rel = v_in + closure, xp.maximum(v_rel + closure, 1.0)
    asc, reserves = climb(v, payload, v_rel, phi_rel, cargo_reserve, radius=route.radius)
    a = route.arc
    # --- times
    t_up = time_between_radii(a.q, a.phi, route.radius, route.radius + h_bo)
    t_down = time_between_radii(a.q, a.phi, route.radius, route.surface.radius + route.h_ei)
    # burnout to the arc's interface crossing: the braking burn, lit braking_lead before that crossing, must be
    # lit within it (t_down, the interface down to the ground on the vacuum arc, comes after the crossing)
    free = xp.maximum(a.tof - t_up - t_down, 0.0)
    descent_time = d.start.time + d.entry_time + d.landing_time
    dv_required = asc.dv_required + d.braking_delta_v + d.landing_delta_v
    return FlightEstimate(
        ground_range=route.ground_range + 0 * payload, free_flight_range=a.psi * route.radius,
        burnout_speed=v_in, burnout_speed_relative=v_rel, burnout_flight_path_angle=phi_rel,
        burnout_altitude=h_bo, launch_azimuth=a.azimuth, apogee=route.apogee_alt,
        entry_speed=route.v_entry, entry_flight_path_angle=route.gamma_entry, entry_interface=route.h_ei,
        air_speed=d.start.speed, air_flight_path_angle=d.start.angle, air_altitude=d.start.altitude,
        ballistic_coefficient=d.beta, lift_to_drag=cargo.lift_to_drag + 0 * payload, bank_angle=bank + 0 * payload,
        peak_deceleration_unbraked=d.peak_unbraked, peak_deceleration=d.peak,
        peak_heat_flux=d.peak_heat_flux, heat_load=d.heat_load, entry_range=d.entry_range,
        descent_range=route.radius * d.start.angle_covered + d.entry_range,
        braking_delta_v=d.braking_delta_v, braking_lead=d.braking_lead,
        braking_end=xp.where(d.braking_delta_v > 0, d.start.time, 0.0),
        landing_delta_v=d.landing_delta_v, landing_speed=d.ground_speed, ascent_delta_v=asc.dv_required,
        gravity_loss=asc.gravity_loss, drag_loss=asc.drag_loss + 0 * payload,
        delta_v_required=dv_required, delta_v_available=dv_required + asc.margin, margin=asc.margin,
        boost_time=asc.burn_time, free_flight_time=free, braking_time=d.braking_time, descent_time=descent_time,
        time_in_atmosphere=d.entry_time + d.landing_time,
        time_of_flight=asc.burn_time + free + descent_time,
        g_limited=d.g_limited,
        # a stage its engines cannot land has no defined mass after braking, so no heating to judge
        heat_flux_limited=(d.peak_heat_flux > cargo.heat_flux_limit * (1 + HEAT_TOLERANCE)) & xp.isfinite(d.landing_delta_v),
        heat_load_limited=(d.heat_load > cargo.heat_load_limit * (1 + HEAT_TOLERANCE)) & xp.isfinite(d.landing_delta_v),
        skips=d.skips, overshoots=route.overshoots, braking_too_long=d.braking_lead > free,
        off_table=d.off_table, landing_impossible=xp.logical_not(xp.isfinite(d.landing_delta_v)),
        converged=a.converged, grazing=route.grazing, lofted=route.lofted, payload=payload,
        staging_speed=asc.staging_speed, reserves=reserves, ascent_propellant=asc.propellant_used,
    )


def estimate_flight(v: VehicleParams, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
                    payload: FloatOrArray, *, trajectory: str = "min-energy", value: FloatOrArray | None = None,
                    bank: float = 0.0, omega: float = OMEGA_EARTH, radius: float = R_MEAN) -> FlightEstimate:
    """Estimate flights from (lat1, lon1) to (lat2, lon2) [deg] carrying *payload* [kg], the cargo stage
    entering at *bank* [rad].

    All arguments broadcast; the result holds arrays of the broadcast shape, or floats when every argument is
    a number (one route, much faster: see :mod:`.xp`).  Large inputs run in blocks of CHUNK routes.
    """
    if xp.is_scalar(lat1, lon1, lat2, lon2, payload) and (value is None or xp.is_scalar(value)):
        return evaluate(v, route(v, lat1, lon1, lat2, lon2, trajectory, value, payload=payload, bank=bank,
                                 omega=omega, radius=radius), payload)
    given = [np.asarray(x, float) for x in (lat1, lon1, lat2, lon2, payload)]
    if value is not None:
        given.append(np.asarray(value, float))
    arrays = np.broadcast_arrays(*given)
    shape = arrays[0].shape
    flat = [x.reshape(-1) for x in arrays]

    def fly(k: slice) -> FlightEstimate:
        vals = flat[5][k] if value is not None else None
        r = route(v, flat[0][k], flat[1][k], flat[2][k], flat[3][k], trajectory, vals, payload=flat[4][k], bank=bank,
                  omega=omega, radius=radius)
        return evaluate(v, r, flat[4][k])

    return reshape(in_blocks(fly, flat[0].size, CHUNK), shape)


CHUNK = 16_384   #: routes per block of a large estimate


def in_blocks(fly: Callable[[slice], FlightEstimate], size: int, block: int) -> FlightEstimate:
    """The flights of *size* routes (1-D) that *fly(rows)* flies *block* routes at a time, written into arrays
    allocated once from the first block's (no join that holds every block twice)."""
    out: dict[str, Any] | None = None
    for i in range(0, max(size, 1), block):
        k = slice(i, i + block)
        part = fly(k)
        if out is None:
            out = _allocate(part, size)
        _store(out, part, k)
    assert out is not None   # the loop runs at least once
    return FlightEstimate(**out)


def _allocate(part: FlightEstimate, size: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(part, name)
        if name in _LISTS:
            out[name] = [np.empty(size, np.asarray(x).dtype) for x in value]
        else:
            out[name] = np.empty(size, np.asarray(value).dtype)
    return out


def _store(out: dict[str, Any], part: FlightEstimate, k: slice) -> None:
    for name in _FIELDS:
        value = getattr(part, name)
        if name in _LISTS:
            for target, x in zip(out[name], value):
                target[k] = x
        else:
            out[name][k] = value

"""Simulate tier: point-mass (3-DOF) flight on a rotating, oblate Earth.

Equations of motion in an Earth-centred inertial frame (aligned with the
Earth-fixed frame at lift-off); the atmosphere turns with the Earth, so drag
acts on the air-relative velocity v − ω × r.  Gravity: μ/r² with the J2
term.  Altitude above the WGS-84 ellipsoid (first order in flattening).
Atmosphere: US 1976 (scalar form of :mod:`.atmosphere`).  Thrust varies
with ambient pressure between its sea-level and vacuum values at constant
mass flow.

Flight programme: vertical rise, an instantaneous pitch-over ("kick") toward
the launch heading, a zero-lift gravity turn through both stages (or, for an arc
too flat for any gravity turn — it lofts past a flat burnout — the last stage
steered by the linear-tangent law onto the burnout: :func:`.shooting.steer_to_burnout`), cut-off
when the vacuum impact point reaches the (aim-corrected) landing zone, or when
the stack's orbital energy reaches a target (for long lifting glides), a coast, a finite retrograde
braking burn when the cargo's g limit demands it (lit so that it ends where
the estimate tier plans it to, throttled within the limit with drag counted),
an entry with lift at a bank guided onto the landing zone (:mod:`.bank_guidance`: a numerical
predictor–corrector from the entry interface, or the braking burn's end, within the cargo's limit; else
at the planned bank), and a landing burn lit where the stage's descent rate reaches
the fastest vertical fall from which 90 % of full thrust, helped by drag, stops it
at the ground without the cargo sensing more than its limit (:func:`landing_profile`),
then throttled (between zero and full thrust, relights assumed, and never past the
cargo's limit with drag counted) to keep to that profile.  :func:`.shooting.fly_to_target`
shoots on the heading and the cut-off (aim point or energy) until the touchdown lies
within 1 km of the landing zone, the glide's bank taking off what along-track error lies within its reach.

Floats only (``math``): one PEK–JFK flight takes a few thousand right-hand
side calls.  This module flies the climb; the frames, gravity and air it steps through are :mod:`.frames`;
the equations of motion and the landing profile, :mod:`.motion`; the integration and the flight's record,
:mod:`.flightlog`; the descent from cut-off, :mod:`.descent3dof`; the shooting that puts the flight on its
target, :mod:`.shooting`; the glide's bank, :mod:`.bank_guidance`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np

from .constants import G0, MU_EARTH, OMEGA_EARTH, R_MEAN
from . import flightlog
from .descent3dof import _descend
from .flightlog import Checkpoint, FlightLog, Run, SimResult, _Budget, _finish, _runner
from .frames import air_speed, altitude, cross3, dot3, ecef_to_eci, geodetic_to_ecef, vacuum_impact
from .integrate import Event, event
from .motion import SimStage


@dataclass
class SimVehicle:
    stages: list[SimStage]
    payload: float
    reference_area: float
    mach: tuple[float, ...]
    cd: tuple[float, ...]
    descent_cd: float
    descent_area: float
    braking_dv: float = 0.0   #: retro burn before entry [m/s] (from the cargo limit)
    lands: bool = True
    g_limit: float = math.inf  #: the cargo's acceleration limit [m/s²]: the braking burn is throttled to it
    lift_to_drag: float = 0.0  #: hypersonic L/D of the cargo stage's entry [-]
    bank: float = 0.0          #: the bank it is flown at [rad] (the plan's; the guidance's first guess)
    min_bank: float = 0.0      #: the least bank the entry may be flown at [rad]
    max_bank: float = 0.0      #: the largest [rad] (the stage's own limit)
    #: the glide's bank is guided (:mod:`.bank_guidance`) within [min_bank, max_bank]; else flown at *bank*
    guide_bank: bool = False
    #: the guidance stops correcting when the predicted touchdown is this near the landing zone, downrange [m]
    bank_tolerance: float = 100.0
    #: ...and takes on only a downrange error within this share of the ground still to fly (or within
    #: bank_tolerance): a larger one is left to the ascent's targeting (see :func:`.shooting.fly_to_target`)
    bank_window: float = 0.02
    bank_window_floor: float = 0.0   #: ...or within this [m], whichever is larger
    bank_guess: float | None = None  #: the bank [rad] the guidance predicts first (None: the plan's, *bank*)
    bank_slope: float | None = None  #: d(downrange error)/d(cos σ) [m] an earlier guidance measured, for its first step
    #: the guidance corrects nothing while the first prediction misses the zone by more than this across the
    #: track [m] (the bank does not steer across it: the shot will be flown again on another heading)
    bank_cross_limit: float = math.inf
    nose_radius: float = 1.0   #: for Sutton–Graves heating [m]
    #: the braking burn ends this long after the arc's crossing of the entry interface (the plan's: where
    #: the air takes hold of the braked stage); it is lit its own duration earlier
    braking_end: float = 0.0
    #: ... measured from where its arc crosses this geocentric radius [m] (the plan's entry interface: 120 km
    #: above the ellipsoid under the entry)
    interface_radius: float = R_MEAN + 120_000.0


class UnflyableVehicle(ValueError):
    """A simulated vehicle with a mass, thrust or impulse that is not a finite number (say an infinite
    recovery reserve: a stage whose landing engines cannot hold it up)."""


_UNITS = {"dry": "kg", "burnable": "kg", "reserve": "kg", "isp_sl": "s", "isp_vac": "s", "thrust_sl": "N",
          "thrust_vac": "N", "landing_thrust": "N"}


def _check_vehicle(v: SimVehicle) -> None:
    for i, st in enumerate(v.stages):
        for name, unit in _UNITS.items():
            value = getattr(st, name)
            if math.isfinite(value) and value >= 0:
                continue
            if name == "reserve":   # the only figure a plan makes infinite: a landing that cannot be flown
                raise UnflyableVehicle(f"stage {i + 1} would need an infinite propellant reserve to land: its "
                                       "landing engines cannot slow it at the landing throttle")
            raise UnflyableVehicle(f"stage {i + 1}'s {name.replace('_', ' ')} is {value:g} {unit}")
    if not math.isfinite(v.payload) or v.payload < 0:
        raise UnflyableVehicle(f"the payload is {v.payload:g} kg")


def simulate(v: SimVehicle, lat1: float, lon1: float, lat2: float, lon2: float, *, heading_deg: float,
             kick_deg: float, aim_offset: float = 0.0, cut_energy: float | None = None, kick_speed: float = 80.0,
             rtol: float = 1e-8, max_time: float = 8000.0, ascent_only: bool = False,
             descent_from: Checkpoint | None = None, steer: tuple[float, float] | None = None,
             last_stage_from: Checkpoint | None = None) -> SimResult:
    """One flight with a given launch heading, pitch-over and aim correction (see the module doc).

    Cut-off: where the vacuum impact point reaches the landing zone, *aim_offset* [m] beyond it; or, with
    *cut_energy* [J/kg], where the stack's specific orbital energy v²/2 − μ/r reaches it — the control a
    long lifting glide needs, whose arc may never meet the ground in vacuum (its conic's perigee lies
    above the surface) and whose touchdown moves smoothly with the energy at cut-off.
    *descent_from*: the ``cutoff`` of an earlier flight of the same stack — fly only its descent again
    (e.g. with another braking burn); the history then starts at cut-off.  *last_stage_from*: the
    ``last_stage`` of an earlier flight of the same stack, launch, heading, pitch-over and cut-off — fly
    only from the last stage's ignition on (another *steer*, which only the last stage flies, say); the
    history is the whole flight's, as if flown from the pad.  Raises
    :class:`UnflyableVehicle` for a vehicle with a non-finite number, and
    :class:`IntegrationBudgetExceeded` past MAX_RHS_CALLS or MAX_SECONDS.  Within :func:`remembering`, a
    flight from the pad flown before with the same vehicle and inputs is not flown again.
    """
    args = (v, lat1, lon1, lat2, lon2, heading_deg, kick_deg, aim_offset, cut_energy, kick_speed, rtol, max_time,
            ascent_only, descent_from, steer, last_stage_from)
    memo = _REMEMBERED.get()
    if memo is None or descent_from is not None or last_stage_from is not None:
        return _simulate(*args)
    # the vehicle by its contents (it is a mutable dataclass), and the integrator's settings
    key = (repr(v), *args[1:13], steer, flightlog.METHOD, flightlog.LEAN, flightlog.MAX_STEP)
    if key not in memo:
        memo[key] = _simulate(*args)
    return memo[key]


_REMEMBERED: ContextVar[dict[tuple[object, ...], SimResult] | None] = ContextVar("remembered_flights", default=None)


@contextmanager
def remembering() -> Iterator[None]:
    """Within it, :func:`simulate` hands back a flight from the pad flown before with the same vehicle and
    inputs instead of flying it again (the simulate tier's searches meet: a pitch-over search ends on the
    climb the fuelling starts from, the probe flight is the guidance's first shot).  Flights are
    deterministic, so the one handed back is the one that would be flown; it is shared, so read it only."""
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def _simulate(v: SimVehicle, lat1: float, lon1: float, lat2: float, lon2: float, heading_deg: float,
              kick_deg: float, aim_offset: float, cut_energy: float | None, kick_speed: float, rtol: float,
              max_time: float, ascent_only: bool, descent_from: Checkpoint | None,
              steer: tuple[float, float] | None, last_stage_from: Checkpoint | None) -> SimResult:
    """:func:`simulate`, flown."""
    _check_vehicle(v)
    r0 = geodetic_to_ecef(lat1, lon1, 0.0)
    target = geodetic_to_ecef(lat2, lon2, 0.0)
    vel0 = np.array(cross3((0.0, 0.0, OMEGA_EARTH), r0))     # np.cross: ~20 µs a call, 5 a flight
    m0 = sum(s.dry + s.burnable + s.reserve for s in v.stages) + v.payload
    state = np.concatenate([r0, vel0, [m0, 0.0]])
    t = 0.0
    log = FlightLog.starting(t, state)
    # Steps are capped at MAX_STEP so that the history samples the flight finely enough for its peaks
    # (sensed g, dynamic pressure, heating are read off the recorded points) and for plots.  With the
    # step capped, an 8th-order method never takes the long steps it is built for: Dormand-Prince 5(4)
    # takes about the same steps at half the right-hand-side calls (6 a step against DOP853's 12).
    # Against DOP853 at 1e-8: touchdown within 1 m and 1 kg on the shipped routes, 1.3-1.5x faster.
    budget = _Budget()
    run = _runner(budget, rtol, log)

    if descent_from is not None:   # the history starts at cut-off
        return _descend_again(v, descent_from, target, max_time, budget, rtol)
    n = len(v.stages)
    horiz = _horizontal(r0, heading_deg)
    cutoff = _cutoff_event(target, cut_energy, aim_offset)
    if v.stages[-1].burnable <= 0:
        return _finish(log, v, target, False,
                       "no propellant is left for the ascent once the braking and landing burns are reserved",
                       ran_dry=True)
    last_stage: Checkpoint | None
    first, last_stage = 0, None
    if last_stage_from is not None:
        t, state, log = last_stage_from.t, last_stage_from.state.copy(), last_stage_from.log.copy()
        run = _runner(budget, rtol, log)
        first = n - 1
    for i in range(first, n):
        if i == n - 1 and n > 1:
            last_stage = Checkpoint(t, state.copy(), log.copy())
        t, state, cut, failed = _burn_stage(v, i, t, state, run, log, target, (v.mach, v.cd), cutoff, horiz,
                                            kick_deg, kick_speed, steer if i == n - 1 else None)
        if failed is not None:
            return failed
        if cut:
            log.burnt.extend([0.0] * (n - 1 - i))
            break
    if ascent_only:
        res = _finish(log, v, target, True, "cut-off")
        res.last_stage = last_stage
        return res
    # --- coast, braking, entry, landing
    at_cutoff = Checkpoint(t, state.copy(), log.copy())
    res = _descend(v, t, state, run, log, target, max_time, budget, rtol)
    res.cutoff, res.last_stage = at_cutoff, last_stage
    return res


def _descend_again(v: SimVehicle, descent_from: Checkpoint, target: np.ndarray, max_time: float, budget: _Budget,
                   rtol: float) -> SimResult:
    """The descent alone, flown again from an earlier flight's cut-off *descent_from* (its history starting
    there): :func:`simulate` with ``descent_from``."""
    t, state = descent_from.t, descent_from.state.copy()
    log = FlightLog.starting(t, state, like=descent_from.log)
    run = _runner(budget, rtol, log)
    res = _descend(v, t, state, run, log, target, max_time, budget, rtol)
    res.cutoff = descent_from
    return res


def _burn_stage(v: SimVehicle, i: int, t: float, state: np.ndarray, run: Run, log: FlightLog, target: np.ndarray,
                table: tuple[tuple[float, ...], tuple[float, ...]], cutoff: Event, horiz: np.ndarray,
                kick_deg: float, kick_speed: float,
                steer: tuple[float, float] | None) -> tuple[float, np.ndarray, bool, SimResult | None]:
    """Stage *i*'s ascent burn from *state* at *t* [s], recorded in *log*: for the first stage the vertical rise
    to *kick_speed* [m/s] air-relative and the pitch-over by *kick_deg* [deg] toward *horiz*; then the gravity
    turn, or the linear-tangent law *steer* (tan θ₀, rate [1/s]) from ignition, until the stage is empty or
    the *cutoff* event; a booster then separates with whatever it still holds.  *table*: the ascent's
    (Mach, C_D) table.  Returns (t [s], state, cut off?, the flight's result where it ended here: fell back,
    or ran dry before cut-off)."""
    st, n = v.stages[i], len(v.stages)
    m_start = state[6]
    m_end = m_start - st.burnable
    if st.burnable <= 0:
        log.burnt.append(0.0)
        return t, state, False, None
    burn_time = st.burnable / (st.thrust_vac / (G0 * st.isp_vac))

    def empty(tt: float, yy: Sequence[float], m_end: float = m_end) -> float:
        return yy[6] - m_end
    event(empty)

    if i == 0:
        def fast_enough(tt: float, yy: Sequence[float]) -> float:   # the vertical rise ends at kick_speed, air-relative
            return air_speed(yy) - kick_speed
        event(fast_enough)
        sol = run(t, state, t + burn_time, "up", st, (empty, fast_enough), v.reference_area, table)
        t, state = sol.t[-1], np.array(sol.y[-1])
        log.events["pitch-over"] = t
        _pitch_over(state, t, kick_deg, horiz)
    law = (t, *steer) if steer is not None else None
    sol = run(t, state, t + burn_time * 1.01 + 1, "prograde" if law is None else "steer", st, (empty, cutoff),
              v.reference_area, table, law=law)
    log.dv_used += G0 * st.isp_vac * math.log(m_start / sol.y[-1][6])
    log.burnt.append(float(m_start - sol.y[-1][6]))
    t, state = sol.t[-1], np.array(sol.y[-1])
    if altitude(*state[:3]) < 0:
        return t, state, False, _finish(log, v, target, False, "the ascent fell back to the ground", fell_back=True)
    cut = sol.status == 1 and len(sol.t_events[1]) > 0
    if cut:
        log.events["cut-off"] = t
    if i < n - 1:
        # the spent (or cut-off) booster separates, with whatever propellant it still holds
        log.events[f"stage {i + 1} separation"] = t
        state[6] -= st.dry + st.reserve + (st.burnable - log.burnt[-1])
    elif not cut:
        log.events["cut-off"] = t
        return t, state, False, _finish(log, v, target, False, "propellant ran out before cut-off", ran_dry=True)
    return t, state, cut, None


def _horizontal(r0: np.ndarray, heading_deg: float) -> np.ndarray:
    """The unit horizontal vector at the pad *r0* (ECEF [m]) along *heading_deg* [deg from north]."""
    up = r0 / np.linalg.norm(r0)
    east = np.array(cross3((0.0, 0.0, 1.0), up))
    east /= np.linalg.norm(east)
    north = np.array(cross3(up, east))
    hd = math.radians(heading_deg)
    return math.cos(hd) * north + math.sin(hd) * east


def _pitch_over(state: np.ndarray, t: float, kick_deg: float, horiz: np.ndarray) -> None:
    """Tilt *state*'s air-relative velocity by *kick_deg* [deg] toward the launch heading *horiz* (in place)."""
    r = state[:3]
    air = state[3:6] - np.array(cross3((0.0, 0.0, OMEGA_EARTH), r))
    speed = float(np.linalg.norm(air))
    k = math.radians(kick_deg)
    state[3:6] = speed * (math.cos(k) * r / np.linalg.norm(r) + math.sin(k) * ecef_to_eci(horiz, t)) + \
        np.array(cross3((0.0, 0.0, OMEGA_EARTH), r))


def _cutoff_event(target: np.ndarray, cut_energy: float | None, aim_offset: float) -> Event:
    """The climb's cut-off, an integration event (terminal, rising through zero): where the stack's orbital
    energy reaches *cut_energy* [J/kg], or else where its vacuum impact point passes the landing zone *target*
    (ECEF [m], turning with the Earth) by *aim_offset* [m]."""
    tx, ty, tz = target.tolist()
    r_target = math.sqrt(tx * tx + ty * ty + tz * tz)

    def cutoff(tt: float, yy: Sequence[float]) -> float:
        y = yy.tolist() if isinstance(yy, np.ndarray) else yy
        r, vel = y[:3], y[3:6]
        if cut_energy is not None:
            return 0.5 * dot3(vel, vel) - MU_EARTH / math.sqrt(dot3(r, r)) - cut_energy
        pred = vacuum_impact(r, vel, r_target)
        if pred is None:
            return 1.0
        pos, dt = pred
        c, s = math.cos(OMEGA_EARTH * (tt + dt)), math.sin(OMEGA_EARTH * (tt + dt))
        tgt = (c * tx - s * ty, s * tx + c * ty, tz)            # the landing zone, turned with the Earth
        h = cross3(r, vel)
        along = math.atan2(dot3(cross3(pos, tgt), h) / math.sqrt(dot3(h, h)), dot3(pos, tgt))
        return -along * R_MEAN - aim_offset
    event(cutoff, direction=1)
    return cutoff

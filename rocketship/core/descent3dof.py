"""The 3-DOF cargo stage from cut-off to touchdown: the coast, the braking burn lit where it must be to end as
planned (throttled within the cargo's limit), the glide at a bank guided onto the landing zone (:mod:`.bank_guidance`:
each prediction the rest of this very flight at a trial bank) or held at the planned one, and the landing burn on its
profile (:func:`.motion.landing_profile`).  The climb that leads here is :mod:`.flight3dof`'s."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast

import numpy as np

from .constants import G0, R_MEAN
from .frames import (Vec, air_speed, air_velocity, altitude, cross3, descent_rate, dot3, eci_to_ecef,
                     surface_distance)
from .flightlog import PLANNING_RTOL, FlightLog, Run, SimResult, _Budget, _finish, _runner
from .integrate import Solution, event
from .motion import EntryAero, LandingProfile, SimStage, landing_profile, profile_speed_squared

if TYPE_CHECKING:
    from .flight3dof import SimVehicle

LANDING_HEIGHT_TOLERANCE = 20.0   #: a burn that ends higher above the ground than this has not landed [m]
BRAKING_FLOOR_SPEED = 100.0       #: the braking burn stops if the stage has slowed to this [m/s]



def _ground(tt: float, yy: Sequence[float]) -> float:
    """The flight's altitude [m]: an event where it falls through zero, meeting the ground."""
    return altitude(*yy[:3])


event(_ground, direction=-1)


def _descend(v: SimVehicle, t: float, state: np.ndarray, run: Run, log: FlightLog, target: np.ndarray,
             max_time: float, budget: _Budget, rtol: float) -> SimResult:
    """Coast, braking, entry and landing from the state at cut-off (see :func:`simulate`); the glide's bank
    guided (:func:`_guide_the_glide`) where *v* allows it."""
    from .braking import BRAKING_LOAD_SHARE as SHARE, burn_profile
    from .reentry import SUTTON_GRAVES_K

    last = v.stages[-1]
    area = v.descent_cd * v.descent_area
    entry = EntryAero(lift_to_drag=v.lift_to_drag, cos_bank=math.cos(v.bank), sin_bank=math.sin(v.bank),
                      cap=SHARE * v.g_limit, heating=SUTTON_GRAVES_K / math.sqrt(v.nose_radius))

    if v.braking_dv > 0 and v.lands:
        # lit where it must be: to end as planned, its own (throttled) length after ignition
        m_after = state[6] / math.exp(v.braking_dv / (G0 * last.isp_vac))
        length, _ = burn_profile(v.braking_dv, last.thrust_vac, G0 * last.isp_vac, m_after, entry.cap)
        light = t + max(_time_to_interface(state, v.interface_radius) + v.braking_end - length, 0.0)
        if light > t:
            sol = run(t, state, light, None, None, (_ground,), area, None, entry=entry)
            t, state = sol.t[-1], np.array(sol.y[-1])
        log.events["braking burn"] = t

        def braked(tt: float, yy: Sequence[float], m_after: float = m_after) -> float:
            return yy[6] - m_after
        event(braked)

        def slow(tt: float, yy: Sequence[float]) -> float:    # a braking burn never reverses the fall
            return air_speed(yy) - BRAKING_FLOOR_SPEED
        event(slow)
        brake = SimStage(0, 0, 0, last.isp_sl, last.isp_vac, last.thrust_vac, last.thrust_vac, 0.0)
        sol = run(t, state, t + max_time, "retro", brake, (braked, slow, _ground), area, None, entry=entry)
        log.braking_dv = G0 * last.isp_vac * math.log(state[6] / sol.y[-1][6])   # may end early: BRAKING_FLOOR_SPEED
        log.dv_used += log.braking_dv
        t, state = sol.t[-1], np.array(sol.y[-1])
        log.events["braking burn end"] = t
    thrust_land = last.landing_thrust
    profile = landing_profile(state[6], thrust_land, area, v.g_limit) if v.lands else None
    if not guided(v):
        res = _glide_and_land(v, t, state, run, log, target, max_time, entry, profile)
        res.bank = v.bank
        return res
    sol = _coast_to_guidance(t, state, run, area, entry, v.interface_radius, max_time)
    t, state = sol.t[-1], np.array(sol.y[-1])
    if sol.status == 1 and sol.t_events[0]:       # met the ground on the way (nothing left to guide)
        log.events["touchdown"] = t
        return _finish(log, v, target, False, "the stage met the ground before its entry")
    return _guide_the_glide(v, t, state, run, log, target, max_time, entry, profile, budget, rtol)


def guided(v: SimVehicle) -> bool:
    """Is the glide of *v* flown with bank guidance (a lifting stage that lands, with a bank interval)?"""
    return v.guide_bank and v.lands and v.lift_to_drag > 0.0 and v.max_bank > v.min_bank


def _coast_to_guidance(t: float, state: np.ndarray, run: Run, area: float, entry: EntryAero, radius: float,
                       max_time: float) -> Solution:
    """Coast (lift and drag acting) from *state* to where the bank guidance takes over: down through the
    entry interface (geocentric *radius* [m]), or the apogee where the arc stays below it, or at once where
    the stage is already coming down below it (after a braking burn).  Events: (ground, the start)."""
    r = math.sqrt(dot3(state[:3], state[:3]))
    climbing = dot3(state[:3], air_velocity(state)) > 0.0
    if r > radius:
        def start(tt: float, yy: Sequence[float]) -> float:
            return math.sqrt(yy[0] * yy[0] + yy[1] * yy[1] + yy[2] * yy[2]) - radius
    elif climbing:
        def start(tt: float, yy: Sequence[float]) -> float:
            return dot3(yy[:3], air_velocity(yy))
    else:
        return Solution([t], [list(state)], [None], 0, [[], []])
    event(start, direction=-1)
    return run(t, state, t + max_time, None, None, (_ground, start), area, None, entry=entry)


def _downrange_error(start: Vec, end: Vec, target: Vec) -> float:
    """How far [m] Earth-fixed point *end* lies beyond (+) or short of (−) *target* along the great circle
    from *start* through *target* (mean radius)."""
    s, e, g = (np.asarray(p, float) / np.linalg.norm(p) for p in (start, end, target))
    normal = np.array(cross3(s, g))
    normal /= np.linalg.norm(normal)
    along_end = math.atan2(dot3(cross3(s, e), normal), dot3(s, e))
    along_target = math.atan2(float(np.linalg.norm(cross3(s, g))), dot3(s, g))
    return R_MEAN * (along_end - along_target)


def _crosstrack_error(start: Vec, end: Vec, target: Vec) -> float:
    """How far [m] Earth-fixed point *end* lies off the great circle from *start* through *target*, to its
    left (+) or right (−) (mean radius)."""
    s, e, g = (np.asarray(p, float) / np.linalg.norm(p) for p in (start, end, target))
    normal = np.array(cross3(s, g))
    normal /= np.linalg.norm(normal)
    return R_MEAN * math.asin(max(-1.0, min(1.0, dot3(e, normal))))


def _guide_the_glide(v: SimVehicle, t: float, state: np.ndarray, run: Run, log: FlightLog, target: np.ndarray,
                     max_time: float, entry: EntryAero, profile: LandingProfile | None, budget: _Budget,
                     rtol: float) -> SimResult:
    """The glide and landing from *state* (where the guidance takes over) at the bank that
    :func:`.bank_guidance.correct` chooses: each prediction is the rest of this very flight (glide, landing
    burn) at a trial bank, integrated at PLANNING_RTOL; the chosen bank is then flown at *rtol* (or, at
    PLANNING_RTOL, its prediction is the flight).  A guess (SimVehicle.bank_guess) is flown first at *rtol*
    itself: on target it is the flight, else the first prediction.  The bank is held from here to
    touchdown."""
    from .bank_guidance import correct

    here = eci_to_ecef(state[:3], t)
    #: cos σ -> its flight, that flight's log, (downrange error [m], peak [m/s²]), cross-track error [m], tolerance
    predictions: dict[float, tuple[SimResult, FlightLog, tuple[float, float], float, float]] = {}

    def fly(u: float, tolerance: float, into: tuple[Run, FlightLog] | None = None) -> tuple[SimResult, FlightLog]:
        """The rest of the flight at cos σ = *u*, at *tolerance*, and its log; *into*: (run, log) to fly into
        (the flight itself), else a fresh log from here (a prediction)."""
        e = replace(entry, cos_bank=u, sin_bank=math.sqrt(max(1.0 - u * u, 0.0)))
        if into is None:
            p_log = FlightLog.starting(t, state, like=log)
            into = (_runner(budget, tolerance, p_log), p_log)
        f_run, f_log = into
        return _glide_and_land(v, t, state.copy(), f_run, f_log, target, max_time, e, profile), f_log

    def predict(u: float, tolerance: float = PLANNING_RTOL) -> tuple[float, float]:
        if u in predictions:
            return predictions[u][2]
        res, p_log = fly(u, tolerance)
        end = eci_to_ecef(res.states[-1, :3], res.t[-1])
        before_burn = res.t < res.events.get("landing burn", math.inf)
        sensed = cast(np.ndarray, res.sensed_acceleration)   # _finish records it
        predicted = _downrange_error(here, end, target), float(np.max(sensed[before_burn]))
        predictions[u] = (res, p_log, predicted, _crosstrack_error(here, end, target), tolerance)
        return predicted

    u_plan = math.cos(v.bank)
    u_low, u_high = math.cos(v.max_bank), math.cos(v.min_bank)
    u_first = None if v.bank_guess is None else min(max(math.cos(v.bank_guess), u_low), u_high)
    remaining = surface_distance(here, target)
    window = max(v.bank_window * remaining, v.bank_window_floor, v.bank_tolerance)
    # a guess (a bank an earlier solution found for this shot) is tried as the flight itself, at *rtol*: on
    # target, as it mostly is, it is the flight; else it is the first prediction
    predict(u_plan if u_first is None else u_first, PLANNING_RTOL if u_first is None else rtol)
    if abs(next(iter(predictions.values()))[3]) > v.bank_cross_limit:
        window = 0.0                    # off across the track: this shot is not the one to correct
    found = correct(predict, u_plan, u_low, u_high, remaining=remaining, tolerance=v.bank_tolerance,
                    g_limit=v.g_limit, window=window, u_first=u_first, slope=v.bank_slope)
    if predictions[found.u][4] == rtol:   # the prediction at the bank chosen is this flight, flown
        res, p_log, _, _, _ = predictions[found.u]
        res = _adopt(log, p_log, res, v, target)
    else:
        res, _ = fly(found.u, rtol, (run, log))
    res.bank = math.acos(min(max(found.u, -1.0), 1.0))
    end = eci_to_ecef(res.states[-1, :3], res.t[-1])
    res.bank_guidance = {"status": found.status, "predictions": len(found.tried),
                         "planned_miss": found.planned_miss, "miss": _downrange_error(here, end, target),
                         "banks": [math.acos(min(max(u, -1.0), 1.0)) for u, _, _ in found.tried],
                         "remaining": remaining, "slope": found.slope}
    return res


def _adopt(log: FlightLog, p_log: FlightLog, predicted: SimResult, v: SimVehicle, target: np.ndarray) -> SimResult:
    """A prediction's flight, flown at the flight's own tolerance, taken as the flight: its points, events and
    Δv (*p_log*, which starts where *log* ends) carried on in *log*, and the result made from it as
    *predicted* ended (ok, note)."""
    log.ts.extend(p_log.ts[1:])
    log.xs.extend(p_log.xs[1:])
    log.accs.extend(p_log.accs[1:])
    log.events, log.dv_used = dict(p_log.events), p_log.dv_used
    return _finish(log, v, target, predicted.ok, predicted.note)


def _glide_and_land(v: SimVehicle, t: float, state: np.ndarray, run: Run, log: FlightLog, target: np.ndarray,
                    max_time: float, entry: EntryAero, profile: LandingProfile | None) -> SimResult:
    """The glide at *entry*'s bank and the landing burn on *profile* (:func:`landing_profile`), from *state*."""
    last = v.stages[-1]
    area = v.descent_cd * v.descent_area
    thrust_land = last.landing_thrust

    def ignite(tt: float, yy: Sequence[float]) -> float:
        """v_profile² − w²: positive while the stage may keep falling; the burn is lit where it turns negative.

        w is the descent rate through the air, the profile being a vertical fall: a stage still flying a
        slanted path at speed (after the braking burn, say) has the drag pulse ahead of it, which the
        profile does not count; compared with its whole speed, it lit the burn 100 km up."""
        assert profile is not None   # an event only with a profile (an assert, not a cast: no call a step)
        return profile_speed_squared(profile, altitude(*yy[:3])) - descent_rate(yy) ** 2
    event(ignite, direction=-1)
    sol = run(t, state, t + max_time, None, None, (ignite, _ground) if profile else (_ground,), area, None,
              entry=entry)
    t, state = sol.t[-1], np.array(sol.y[-1])
    if profile and sol.status == 1 and sol.t_events[0]:
        log.events["landing burn"] = t
        land_stage = SimStage(0, 0, 0, last.isp_sl, last.isp_sl, thrust_land, thrust_land, thrust_land)

        def stopped(tt: float, yy: Sequence[float]) -> float:
            return air_speed(yy) - 2.0
        event(stopped)
        m_before = state[6]
        sol = run(t, state, t + 600, "land", land_stage, (stopped, _ground), area, None, profile, entry=entry)
        log.dv_used += G0 * last.isp_sl * math.log(m_before / sol.y[-1][6])
        t, state = sol.t[-1], np.array(sol.y[-1])
        h_end = altitude(*state[:3])
        if h_end > LANDING_HEIGHT_TOLERANCE:
            return _finish(log, v, target, False, f"the landing burn stopped the stage {h_end:,.0f} m above the ground")
    log.events["touchdown"] = t
    return _finish(log, v, target, True, "")


def _time_to_interface(state: np.ndarray, radius: float) -> float:
    """Time [s] until the coast from *state* (ECI) comes down through the entry interface (geocentric
    *radius* [m]), on its vacuum conic; 0 if it is already below."""
    from .kepler import Conic

    r = math.sqrt(dot3(state[:3], state[:3]))
    v = math.sqrt(dot3(state[3:6], state[3:6]))
    down = math.asin(max(-1.0, min(1.0, -dot3(state[:3], state[3:6]) / (r * v))))
    conic = Conic(r, v, down)
    return max(float(conic.time_to(conic.descending_anomaly(radius))), 0.0)

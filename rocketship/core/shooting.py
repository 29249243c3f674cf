"""Shooting the 3-DOF flight onto its target: the pitch-over whose gravity turn meets an angle
(:func:`pitch_over`), the last stage steered by the linear-tangent law onto a burnout where no gravity turn
reaches it (:func:`steer_to_burnout`), and the heading and cut-off that bring the touchdown onto the landing
zone (:func:`fly_to_target`) — with the measures they shoot on (:func:`track_offsets`,
:func:`cutoff_flight_path_angle`, :func:`entry_angle`).  Each trial is a flight of :func:`.flight3dof.simulate`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeAlias, cast

import numpy as np

from .constants import MU_EARTH, OMEGA_EARTH, R_MEAN
from .flight3dof import SimVehicle, simulate
from .flightlog import PLANNING_RTOL, Checkpoint, SimResult
from .frames import altitude, cross3, dot3


#: a steered climb's miss (:func:`steer_to_burnout`): miss(kick [deg], law) → (the burnout's scaled miss, or None
#: where the climb fails; the flight)
_Miss: TypeAlias = Callable[[float, np.ndarray], tuple[np.ndarray | None, SimResult]]


def track_offsets(lat1: float, lon1: float, lat2: float, lon2: float,
                  touchdown: Sequence[float]) -> tuple[float, float, float]:
    """(along, cross, range): touchdown beyond (+) or short of (−) the target along the route, right (+)
    or left (−) of it [m]; and the route's ground range [m] (spherical)."""
    from .geodesy import great_circle

    rng, _ = great_circle(lat1, lon1, lat2, lon2)
    d, b = great_circle(lat2, lon2, touchdown[0], touchdown[1])
    _, back = great_circle(lat2, lon2, lat1, lon1)
    az_f = math.radians(float(back) + 180.0)
    b = math.radians(float(b))
    return float(d) * math.cos(b - az_f), float(d) * math.sin(b - az_f), float(rng)


def cutoff_flight_path_angle(res: SimResult) -> float:
    """Air-relative flight-path angle at the end of a flight record [rad]."""
    x, y, z, vx, vy, vz = res.states[-1, :6]
    ux, uy, uz = vx + OMEGA_EARTH * y, vy - OMEGA_EARTH * x, vz
    r = math.sqrt(x * x + y * y + z * z)
    va = math.sqrt(ux * ux + uy * uy + uz * uz)
    return math.asin((x * ux + y * uy + z * uz) / (r * va))


def entry_angle(res: SimResult, interface: float) -> float:
    """Inertial flight-path angle below the horizontal [rad] at which the vacuum coast from the end of a
    flight record comes down through altitude *interface* [m] above the mean radius (energy and angular
    momentum); 0 if it never climbs that high."""
    x, y, z, vx, vy, vz = res.states[-1, :6]
    r = math.sqrt(x * x + y * y + z * z)
    h = math.sqrt(dot3(cross3((x, y, z), (vx, vy, vz)), cross3((x, y, z), (vx, vy, vz))))
    r_e = R_MEAN + interface
    v2 = vx * vx + vy * vy + vz * vz + 2 * MU_EARTH * (1 / r_e - 1 / r)
    if v2 <= 0:
        return 0.0
    return math.acos(min(h / (r_e * math.sqrt(v2)), 1.0))


def choose_kick(v: SimVehicle, lat1: float, lon1: float, lat2: float, lon2: float, *, heading_deg: float,
                target_fpa: float, **kw: Any) -> float:
    """The pitch-over [deg] whose flight's angle matches *target_fpa* [rad] (:func:`pitch_over`)."""
    return pitch_over(v, lat1, lon1, lat2, lon2, heading_deg=heading_deg, target_fpa=target_fpa, **kw)[0]


def pitch_over(v: SimVehicle, lat1: float, lon1: float, lat2: float, lon2: float, *, heading_deg: float,
               target_fpa: float, lo: float = 0.05, hi: float = 12.0, iterations: int = 10, start: float = 2.0,
               tolerance: float = math.radians(0.25), angle: Callable[[SimResult], float] | None = None,
               **kw: Any) -> tuple[float, float | None]:
    """The pitch-over [deg] whose flight's *angle* (default :func:`cutoff_flight_path_angle`; e.g.
    :func:`entry_angle`) matches *target_fpa* [rad], and that flight's miss [rad] (the angle less the
    target; −1 for a climb that falls back, None for one that runs out of propellant).

    Secant steps from *start* (a bigger kick lays the gravity turn flatter),
    kept inside a bracket that bisection narrows whenever a step misbehaves;
    a kick so big that the ascent falls back counts as too flat.
    """
    angle = angle or cutoff_flight_path_angle

    def error(kick: float) -> float | None:
        res = simulate(v, lat1, lon1, lat2, lon2, heading_deg=heading_deg, kick_deg=kick, ascent_only=True,
                       **{"rtol": PLANNING_RTOL, **kw})
        if not res.ok:
            return -1.0 if res.fell_back else None   # None: ran out of propellant
        return angle(res) - target_fpa          # > 0: too steep, kick more

    x0, f0 = start, error(start)
    x1 = min(max(start * 1.5, lo), hi)
    f1 = error(x1)
    for _ in range(iterations):
        for x, f in ((x0, f0), (x1, f1)):
            if f is not None:
                if f > 0:
                    lo = max(lo, x)
                else:
                    hi = min(hi, x)
        if f1 is not None and abs(f1) < tolerance:
            return x1, f1
        if f0 is not None and f1 is not None and f1 != f0:
            x2 = x1 - f1 * (x1 - x0) / (f1 - f0)
        else:
            x2 = 0.5 * (lo + hi)
        if not lo < x2 < hi:
            x2 = 0.5 * (lo + hi)
        x0, f0 = x1, f1
        x1, f1 = x2, error(x2)
    return x1, f1


#: the burnout a steered climb is shot onto is met when its altitude is within ~50 m and its flight-path
#: angle within ~0.006°: (Δh / STEER_ALTITUDE_SCALE, Δγ / STEER_ANGLE_SCALE) both under STEER_TOLERANCE
STEER_ALTITUDE_SCALE = 100e3     #: [m]


STEER_ANGLE_SCALE = 0.1          #: [rad]


STEER_TOLERANCE = 5e-4


#: pitch-overs tried for a steered climb, flattest-but-one first: a flatter first stage leaves the steered
#: one less to turn, until its climb becomes too flat to steer back (the scan stops when the propellant
#: burnt stops falling)
STEER_KICKS = (2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0)


def steer_to_burnout(v: SimVehicle, lat1: float, lon1: float, lat2: float, lon2: float, *, heading_deg: float,
                     cut_energy: float, altitude_m: float, flight_path_angle: float,
                     kicks: Sequence[float] = STEER_KICKS, iterations: int = 8,
                     law: tuple[float, float] = (0.6, 0.003)) -> tuple[float, tuple[float, float], float] | None:
    """A climb onto a given burnout when a gravity turn cannot reach it: the first stage's gravity turn after
    a pitch-over, then the last stage steered by the linear-tangent law (:func:`rhs`, 'steer') to cut off —
    at orbital energy *cut_energy* [J/kg] — at *altitude_m* [m] and air-relative *flight_path_angle* [rad].

    For each pitch-over of *kicks* the law's (tan θ₀, rate) is found by Newton steps on the burnout's miss
    (a finite-difference Jacobian, each step halved until the miss shrinks), starting from the last
    pitch-over's law; of those that reach the burnout, the one that burns the least propellant on the way
    up is kept.  Returns (pitch-over [deg], law, propellant burnt [kg]), or None when none reaches it.
    """
    # pitch-over -> the climb to the last stage's ignition, which the law does not touch
    climbs: dict[float, Checkpoint] = {}

    def miss(kick: float, trial: np.ndarray) -> tuple[np.ndarray | None, SimResult]:
        res = simulate(v, lat1, lon1, lat2, lon2, heading_deg=heading_deg, kick_deg=kick, cut_energy=cut_energy,
                       ascent_only=True, rtol=PLANNING_RTOL, steer=tuple(trial), last_stage_from=climbs.get(kick))
        if res.last_stage is not None:
            climbs.setdefault(kick, res.last_stage)
        if not res.ok:
            return None, res
        h = altitude(*res.states[-1, :3].tolist())
        return np.array([(h - altitude_m) / STEER_ALTITUDE_SCALE,
                         (cutoff_flight_path_angle(res) - flight_path_angle) / STEER_ANGLE_SCALE]), res

    best: tuple[float, tuple[float, float], float] | None = None
    for kick in kicks:
        found = _solve_law(miss, kick, law, iterations)
        if found is None:
            if best is not None:
                break
            continue
        law, burnt = found
        if best is not None and burnt >= best[2]:
            break
        best = (kick, law, burnt)
    return best


def _solve_law(miss: _Miss, kick: float, start: tuple[float, float],
               iterations: int) -> tuple[tuple[float, float], float] | None:
    """:func:`steer_to_burnout`'s Newton steps on the linear-tangent law (tan θ₀ [-], rate [1/s]) after the
    pitch-over *kick* [deg], from the law *start*: *miss(kick, law)* → (the burnout's scaled miss, or None
    where the climb fails; the flight), until both parts of the miss are under STEER_TOLERANCE, at most
    *iterations* steps, each halved (up to six times) until the miss shrinks.  Returns (the law, the
    propellant burnt on the way up [kg]), or None where a climb fails or the steps stall."""
    p = np.array(start, float)
    f, res = miss(kick, p)
    if f is None:
        return None
    for _ in range(iterations):
        if np.max(np.abs(f)) < STEER_TOLERANCE:
            return tuple(p.tolist()), float(sum(res.ascent_propellant))
        jac = _jacobian(miss, kick, p, f)
        if jac is None:
            return None
        try:
            step = np.linalg.solve(jac, f)
        except np.linalg.LinAlgError:
            return None
        for _ in range(6):            # halved until the miss shrinks
            trial = p - step
            ft, rt = miss(kick, trial)
            if ft is not None and np.max(np.abs(ft)) < np.max(np.abs(f)):
                p, f, res = trial, ft, rt
                break
            step = 0.5 * step
        else:
            return None
    return None


def _jacobian(miss: _Miss, kick: float, p: np.ndarray, f: np.ndarray) -> np.ndarray | None:
    """d(miss)/d(law) at the law *p* whose miss is *f*, by forward differences (steps 1e-3 in tan θ₀ and
    1e-5 /s in the rate); None where a probe's climb fails."""
    jac = np.empty((2, 2))
    for j, dp in enumerate((1e-3, 1e-5)):
        probe = p.copy()
        probe[j] += dp
        fj = miss(kick, probe)[0]
        if fj is None:
            return None
        jac[:, j] = (fj - f) / dp
    return jac


#: a bank-guided targeting whose planned bank is the least allowed aims this share of the route long [-]
AIM_LONG_SHARE = 2e-4


def fly_to_target(v: SimVehicle, lat1: float, lon1: float, lat2: float, lon2: float, *, heading_deg: float,
                  kick_deg: float, tolerance: float = 1000.0, max_iter: int = 10, aim_offset: float = 0.0,
                  cut_energy: float | None = None, energy_per_metre: float = 0.01, guide_bank: bool = False,
                  bank_tolerance: float = 100.0, bank_guess: float | None = None, bank_slope: float | None = None,
                  **kw: Any) -> tuple[SimResult, dict[str, Any]]:
    """Shoot on the launch heading and the cut-off until touchdown is within *tolerance* [m].

    Cross-track miss turns the heading (small-angle, over the route's range).  Along-track miss moves the
    cut-off: the aim point one for one; or, with *cut_energy* [J/kg], the cut-off energy — by
    *energy_per_metre* [J/kg per m] at first, then by the secant of the last two shots (a lifting glide
    stretches with the speed a later cut-off gives), each step at most a tenth of the energy; the last
    secant's slope is returned (``energy_per_metre``) for a later targeting of nearly the same flight to
    start from.  *kw* go to :func:`simulate` (``rtol=PLANNING_RTOL`` for shots while planning).

    With *guide_bank* (a lifting stage with a bank interval), every shot's glide is bank-guided
    (:mod:`.bank_guidance`, to within *bank_tolerance* [m] downrange): the ascent need only bring the
    touchdown within the guidance's window (a downrange error of at most SimVehicle.bank_window of the
    glide still to fly), and the bank takes off the rest.  The cut-off is then moved on the error the
    *planned* bank would leave (a smooth function of the cut-off, where the guided one is flat inside the
    window), aimed long when the planned bank is the least allowed (the bank can only shorten the glide
    then: by *tolerance*, or AIM_LONG_SHARE of the route if more), so that the shots come down inside the
    window.  *bank_guess* [rad]: the bank the first
    shot's guidance predicts first (the one an earlier guidance settled on: the final flight, flown again
    at a finer tolerance, flies that bank first, and is corrected from its own state only where it misses:
    a long glide can land some 100 m off where the planning climb's did); *bank_slope* [m]: the sensitivity
    an earlier guidance measured, d(error)/d(cos σ), for the first correction (each shot's solution passes
    its own on to the next).  Returns the last flight and the
    guidance parameters, with ``converged`` and, for a guided glide, the bank flown.
    """
    heading, aim, energy = heading_deg, aim_offset, cut_energy
    learnt = energy_per_metre      # the last secant's d(energy)/d(along) [J/kg per m], for a later targeting
    res: SimResult | None
    last: tuple[float, float] | None
    res, last = None, None          # the last shot; (energy, along) of the one before
    bias = _aim_long(v, lat1, lon1, lat2, lon2, tolerance) if guide_bank else 0.0
    if guide_bank:   # the window takes in at least every shot the targeting aims at: [−tolerance, bias + tolerance]
        v = replace(v, guide_bank=True, bank_tolerance=bank_tolerance, bank_window_floor=bias + tolerance,
                    bank_guess=bank_guess, bank_slope=bank_slope, bank_cross_limit=tolerance)
    predictions = 0

    def guidance(it: int, converged: bool) -> dict[str, Any]:
        return _targeting(res, v, predictions, heading=heading, kick=kick_deg, aim_offset=aim, cut_energy=energy,
                          iterations=it, converged=converged, energy_per_metre=learnt)

    for it in range(max_iter):
        res = simulate(v, lat1, lon1, lat2, lon2, heading_deg=heading, kick_deg=kick_deg, aim_offset=aim,
                       cut_energy=energy, **kw)
        if not res.ok:
            return res, guidance(it + 1, False)
        along, cross, rng = track_offsets(lat1, lon1, lat2, lon2, cast("tuple[float, float]", res.touchdown))
        if res.bank_guidance is not None:
            predictions += res.bank_guidance["predictions"]
            if res.bank_guidance["slope"] is not None:
                v = replace(v, bank_slope=res.bank_guidance["slope"])
        if math.hypot(along, cross) <= tolerance:
            return res, guidance(it + 1, True)
        heading -= math.degrees(cross / max(rng, 1e3))
        guessed = v.bank_guess is not None
        if guessed:                           # the planned bank's error is not known: the guess's was predicted
            v = replace(v, bank_guess=None)
        elif res.bank_guidance is not None:   # what the planned bank would have left, aimed *bias* long
            along += res.bank_guidance["planned_miss"] - res.bank_guidance["miss"] - bias
        shot = None if guessed or energy is None else (energy, along)
        aim, energy, learnt = _move_cutoff(aim, energy, along, last, energy_per_metre, learnt)
        last = shot
    assert res is not None, "fly_to_target flies at least one shot (max_iter >= 1)"
    return res, guidance(max_iter, False)


def _aim_long(v: SimVehicle, lat1: float, lon1: float, lat2: float, lon2: float, tolerance: float) -> float:
    """How far [m] a bank-guided targeting aims beyond the landing zone: where the planned bank is the least
    allowed, the bank can only shorten the glide, so by the *tolerance* [m], or on a long route by
    AIM_LONG_SHARE of it (its glide, flown again at full accuracy, comes down some 0.1-1 km off the planning
    shot's: the bank the planning shot leaves must have room to give that back); else not at all."""
    route_range = track_offsets(lat1, lon1, lat2, lon2, (lat2, lon2))[2]
    return max(tolerance, AIM_LONG_SHARE * route_range) if v.bank <= v.min_bank else 0.0


def _move_cutoff(aim: float, energy: float | None, along: float, last: tuple[float, float] | None,
                 energy_per_metre: float, learnt: float) -> tuple[float, float | None, float]:
    """The next shot's cut-off after an along-track miss *along* [m]: the aim point *aim* [m] moved back by
    the miss; or, with a cut-off *energy* [J/kg], the energy moved by the secant through the previous shot
    *last* (energy, along) where it slopes the right way, else by *energy_per_metre* [J/kg per m], the step
    held within a tenth of the energy.  Returns (aim, energy, the last secant's slope, else *learnt*)."""
    if energy is None:
        return aim - along, energy, learnt
    slope = energy_per_metre
    if last is not None and along != last[1] and (energy - last[0]) * (along - last[1]) > 0:
        slope = learnt = (energy - last[0]) / (along - last[1])
    step = -slope * along
    return aim, energy + max(min(step, 0.1 * abs(energy)), -0.1 * abs(energy)), learnt


def _targeting(res: SimResult | None, v: SimVehicle, predictions: int, **shot: Any) -> dict[str, Any]:
    """What :func:`fly_to_target` returns beside the flight: the last shot's *shot* parameters (heading,
    kick, aim_offset, cut_energy, iterations, converged, energy_per_metre) and, for a guided glide (*res*'s
    bank guidance; *predictions* over all shots), the bank flown [deg], its status and its misses [m]."""
    out = dict(shot)
    if res is not None and res.bank_guidance is not None:
        out.update(bank_deg=math.degrees(res.bank), bank_status=res.bank_guidance["status"],
                   bank_predictions=predictions, bank_min_deg=math.degrees(v.min_bank),
                   bank_max_deg=math.degrees(v.max_bank))
        if v.bank_slope is not None:     # d(downrange error)/d(cos σ) [m], for the next guidance
            out["bank_slope"] = v.bank_slope
        out["bank_miss"] = res.bank_guidance["miss"]   # the flight's downrange error [m], by the guidance
        if math.isfinite(res.bank_guidance["planned_miss"]):   # the planned bank's downrange error [m]
            out["planned_bank_miss"] = res.bank_guidance["planned_miss"]
    return out

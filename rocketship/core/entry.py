"""Planar atmospheric entry of a lifting or ballistic stage, integrated on arrays of entries.

The equations of motion of a point mass over a spherical Earth in the vertical
plane of its flight, relative to the turning air (Vinh, Busemann & Culp 1980,
eqs. 2.32), with the flight-path angle γ measured up from the local horizontal:

    dV/dt = −D/m − a_T − g sin γ
    dγ/dt = (L cos σ)/(m V) + (V/r − g/V) cos γ + 2 ω cos φ sin A
    dh/dt = V sin γ,            ds/dt = V cos γ · R/r

The last term of dγ/dt is the Coriolis acceleration of the Earth's turn, 2 ω V
cos φ sin A (latitude φ, heading A from north), which lifts an eastbound stage
and presses a westbound one down: at 7 km/s it is up to 1 m/s², half the
net weight of a glide near orbital speed.  It is given as the ground's speed
along the heading, w = ω R cos φ sin A, held at its value where the entry
starts (the heat peak and most of the range come early in a glide).  The
centrifugal term ω² r cos φ (0.36 % of g) and the turn of the heading are left
out: against a 3-D flight in the turning frame (tests/reference/test_entry_rotation.py)
that brings a near-orbital glide down 0.5-1.7 % short, at up to 2 % more peak
heating — on the safe side — and holding w costs ≤ 0.1 %.

D/m = ρV²/(2β) with β = m/(C_D A) the ballistic coefficient, L = (L/D)·D, σ the
bank angle, a_T an optional retrograde thrust, g = μ/r², ρ from US76 (or an
exponential atmosphere for the textbook checks).  Two heating figures of the
stagnation point ride along: the peak of √ρ V³ and its time integral, which
Sutton–Graves turns into a heat flux and a heat load (:func:`.reentry.peak_heat_flux`
holds the constant).

The integrator is the classical fourth-order Runge–Kutta method with a step of
its own for every entry, a fixed share of the fastest of its time scales
(density, speed, path angle), so a steep ballistic pulse of a few seconds and a
glide of twenty minutes are both resolved; the step shrinks to meet the ground.
The sensed (non-gravitational) acceleration is sampled at every stage of every
step, so its peak is not missed between steps.

References
----------
.. [1] N. X. Vinh, A. Busemann, R. D. Culp, *Hypersonic and Planetary Entry Flight
       Mechanics*, University of Michigan Press (1980), ch. 2.
.. [2] H. J. Allen, A. J. Eggers, NACA Report 1381 (1958): the ballistic limit.
.. [3] K. Sutton, R. A. Graves, NASA TR R-376 (1971): stagnation-point heating.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np

from . import xp
from .atmosphere import log_density, root_density_integral
from .constants import G0, MU_EARTH, R_MEAN
from .xp import FloatOrArray

SEA_LEVEL_DENSITY = 1.225      #: [kg/m³] US76 (the exponential atmosphere's base)
STEP_SHARE = 0.08              #: step = this share of the fastest time scale (accuracy: tests/reference/test_entry.py)
MAX_STEP = 10.0                #: [s]
MIN_STEP = 1e-3                #: [s]
MAX_TIME = 4_000.0             #: [s] an entry still flying after this long is cut off and flagged
SKIP_ALTITUDE = 130_000.0      #: [m] a climbing stage above this has skipped out of the atmosphere
MIN_SPEED = 1.0                #: [m/s] floor of V in the 1/V terms (a stage falling from rest)
#: the hypersonic L/D is flown down to LIFT_FULL_SPEED (about Mach 2) and fades to none at LIFT_END_SPEED
#: (about Mach 1): below, the stage falls broadside or base first (assumption; a constant L/D flown into
#: the subsonic fall would make a light glider porpoise and stall, which no cargo stage flies)
LIFT_FULL_SPEED = 600.0        #: [m/s]
LIFT_END_SPEED = 300.0         #: [m/s]
TERMINAL_STEEPNESS = 0.95      #: a fall steeper than this sin γ ...
TERMINAL_MATCH = 0.02          #: ... within this share of its terminal velocity is finished in closed form,
#: where the terminal velocity changes slowly against drag's response time (lag V_t²/(4gH) under 5 %)
TERMINAL_SPEED_MAX = 166.0     #: [m/s] = √(0.05 · 4 g H), H = 7 km


#: the active entries' state: V [m/s], γ [rad], h [m], s [m], Q, Δv burnt [m/s], t [s] (arrays over them)
_State: TypeAlias = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: a step's new state, all but its time: V, γ, h, s, Q, Δv burnt
_Stepped: TypeAlias = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
#: :func:`_rates`: dV/dt, dγ/dt, dh/dt, ds/dt, √ρ V³, the thrust's dΔv/dt, D/m, the sensed acceleration, ρ
_Rates: TypeAlias = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                          np.ndarray, np.ndarray]


def lift_fade(speed: FloatOrArray) -> FloatOrArray:
    """The share of the hypersonic L/D flown at *speed* [m/s] (floats or arrays): all of it down to
    LIFT_FULL_SPEED, none at LIFT_END_SPEED, linear between."""
    return xp.clip((speed - LIFT_END_SPEED) * (1.0 / (LIFT_FULL_SPEED - LIFT_END_SPEED)), 0.0, 1.0)


@dataclass
class EntryPath:
    """Outcome of each entry (arrays of the broadcast shape; SI units)."""

    peak_drag: np.ndarray          #: largest drag deceleration D/m [m/s²]
    peak_sensed: np.ndarray        #: largest non-gravitational acceleration: lift, drag and thrust [m/s²]
    peak_heating: np.ndarray       #: largest √ρ V³ [kg^0.5 m^1.5 s^-3]
    heating_integral: np.ndarray   #: ∫ √ρ V³ dt [kg^0.5 m^1.5 s^-2]
    range: np.ndarray              #: ground range flown [m]
    time: np.ndarray               #: time to the ground [s]
    ground_speed: np.ndarray       #: speed on meeting the ground, unpowered [m/s]
    braking_dv: np.ndarray         #: ideal Δv of the thrust flown [m/s]
    braking_end_altitude: np.ndarray  #: altitude where the thrust stopped [m] (nan if none)
    skipped: np.ndarray            #: bool: climbed out of the atmosphere again
    timed_out: np.ndarray          #: bool: still flying after MAX_TIME
    track: dict[str, np.ndarray] | None = None   #: recorded points (one entry only): t, h, s, V, gamma, sensed


def _density(h: np.ndarray, exponential_scale: float | None) -> FloatOrArray:
    if exponential_scale:
        return SEA_LEVEL_DENSITY * np.exp(-h / exponential_scale)
    return np.exp(log_density(np.clip(h, -2_000.0, 199_000.0))[0])


def integrate_entry(speed: FloatOrArray, angle: FloatOrArray, altitude: FloatOrArray, beta: FloatOrArray,
                    lift_to_drag: FloatOrArray = 0.0, bank: FloatOrArray = 0.0, *, thrust_accel: FloatOrArray = 0.0,
                    exhaust_speed: FloatOrArray = math.inf, braking_dv: FloatOrArray = 0.0,
                    ignition_time: FloatOrArray = 0.0, accel_cap: FloatOrArray = math.inf, gravity: bool = True,
                    curved: bool = True, exponential_scale: float | None = None, radius: float = R_MEAN,
                    rotation_speed: FloatOrArray = 0.0, step_share: float = STEP_SHARE,
                    record: bool = False) -> EntryPath:
    """Fly entries from *altitude* [m] at *speed* [m/s] and *angle* [rad] below the horizontal to the ground.

    The array arguments broadcast against each other:

    *beta*
        ballistic coefficient m / (C_D A) [kg/m²] at the start (it falls with the mass a burn uses).
    *lift_to_drag*, *bank*
        hypersonic L/D [-] and the bank angle σ [rad] it is flown at (lift up at 0).
    *thrust_accel*, *exhaust_speed*
        retrograde thrust / mass at ignition [m/s²] and I_sp g₀ [m/s]; the burn lights at *ignition_time* [s]
        and ends once it has given *braking_dv* [m/s], throttled so that thrust and aerodynamic force together
        never exceed *accel_cap* [m/s²].
    *gravity*, *curved*
        False drops gravity, or the Earth's curvature (flat Earth) — the textbook limits.
    *rotation_speed*
        the turning ground's speed along the heading, ω R cos φ sin A [m/s] (+ flying east): the Coriolis
        term (module doc); 0 for a non-rotating Earth.
    *exponential_scale*
        an exponential atmosphere of this scale height [m] instead of US76.
    *record*
        keep the points of the (single) entry in ``track``.
    """
    # the loop's body is numpy on arrays of the active entries (~100 operations a step): the helper calls a step
    # below cost 1-2 % of a single entry's time (measured against the one-function loop)
    shape, p, (v, gam, h) = _entries(speed, angle, altitude, beta, lift_to_drag, bank, thrust_accel, exhaust_speed,
                                     braking_dv, ignition_time, accel_cap, rotation_speed, gravity=gravity,
                                     curved=curved, exponential_scale=exponential_scale, radius=radius)
    n = v.size
    s, t, q_int, burnt = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    state = (v, gam, h, s, q_int, burnt, t)                     # each entry's V, γ, h, s, Q, Δv burnt, t
    peak_drag, peak_sensed, peak_heat = np.zeros(n), np.zeros(n), np.zeros(n)
    end_alt, ground_speed = np.full(n, np.nan), np.full(n, np.nan)
    skipped, timed_out, active = np.zeros(n, bool), np.zeros(n, bool), np.ones(n, bool)
    track: dict[str, list[float]] = {k: [] for k in ("t", "h", "s", "V", "gamma", "sensed")}   # filled if *record*
    for _ in range(200_000):
        i = np.nonzero(active)[0]
        if i.size == 0:
            break
        old = (v[i], gam[i], h[i], s[i], q_int[i], burnt[i], t[i])
        dt, new, ks = _rk4_step(p, i, old, step_share)
        _raise_peaks((peak_drag, peak_sensed, peak_heat), i, ks)
        stopped_burning = (old[5] < p.dv_goal[i]) & (new[5] >= p.dv_goal[i]) & (p.dv_goal[i] > 0)
        end_alt[i] = np.where(stopped_burning & np.isnan(end_alt[i]), new[2], end_alt[i])
        landed = _step_to(state, i, old, new, dt)
        if record:
            _record(track, state, i, ks[3][7])
        if exponential_scale is None and gravity:
            landed = _fall_the_rest(p, i, landed, v, gam, h, t, burnt)
        skip = (new[1] > 0) & (new[2] > SKIP_ALTITUDE)
        late = t[i] > MAX_TIME
        ground_speed[i] = np.where(landed, v[i], ground_speed[i])
        skipped[i] |= skip
        timed_out[i] |= late & ~landed & ~skip
        active[i] = ~(landed | skip | late)
    out = EntryPath(
        peak_drag=peak_drag, peak_sensed=peak_sensed, peak_heating=peak_heat, heating_integral=q_int,
        range=s, time=t, ground_speed=ground_speed, braking_dv=burnt, braking_end_altitude=end_alt,
        skipped=skipped, timed_out=timed_out,
        track={k: np.array(x) for k, x in track.items()} if record else None)
    return _shaped(out, shape)


@dataclass(frozen=True, slots=True)
class _Entries:
    """What the right-hand side of :func:`integrate_entry` needs of each entry (arrays over the entries, flat)
    and of the model."""

    beta0: np.ndarray        #: ballistic coefficient at the start [kg/m²]
    ld: np.ndarray           #: hypersonic L/D [-]
    ld_up: np.ndarray        #: its vertical part, L/D cos σ [-]
    coriolis: np.ndarray     #: 2 ω cos φ sin A [rad/s]
    a_t0: np.ndarray         #: retrograde thrust / mass at ignition [m/s²]
    inv_c: np.ndarray        #: 1 / exhaust speed [s/m] (0: no propellant used)
    dv_goal: np.ndarray      #: Δv the burn is to give [m/s]
    t_ign: np.ndarray        #: its ignition [s]
    cap: np.ndarray          #: thrust + aerodynamic force at most [m/s²]
    radius: float            #: the Earth's [m]
    curved: bool             #: False: a flat Earth
    g_scale: float           #: μ [m³/s²], or 0 without gravity
    exponential_scale: float | None   #: scale height [m] of an exponential atmosphere (None: US76)


def _entries(speed: FloatOrArray, angle: FloatOrArray, altitude: FloatOrArray, beta: FloatOrArray,
             lift_to_drag: FloatOrArray, bank: FloatOrArray, thrust_accel: FloatOrArray, exhaust_speed: FloatOrArray,
             braking_dv: FloatOrArray, ignition_time: FloatOrArray, accel_cap: FloatOrArray,
             rotation_speed: FloatOrArray, *, gravity: bool, curved: bool, exponential_scale: float | None,
             radius: float) -> tuple[tuple[int, ...], _Entries, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`integrate_entry`'s arguments broadcast against each other and flattened: (their shape, the
    entries' figures, the start state (V [m/s], γ [rad] up from the horizontal, h [m]), each a fresh array)."""
    shape = np.broadcast(np.asarray(speed), np.asarray(angle), np.asarray(altitude), np.asarray(beta),
                         np.asarray(lift_to_drag), np.asarray(bank), np.asarray(thrust_accel),
                         np.asarray(braking_dv), np.asarray(ignition_time), np.asarray(accel_cap),
                         np.asarray(exhaust_speed), np.asarray(rotation_speed)).shape
    n = int(np.prod(shape)) if shape else 1

    def flat(x: FloatOrArray) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), shape).reshape(n).copy()

    v, gam, h = flat(speed), -flat(angle), flat(altitude)
    beta0, ld = flat(beta), flat(lift_to_drag)
    ld_up = ld * np.cos(flat(bank))
    coriolis = 2.0 * flat(rotation_speed) / radius        # 2 ω cos φ sin A [rad/s]
    a_t0, c_ex, dv_goal, t_ign, cap = (flat(x) for x in (thrust_accel, exhaust_speed, braking_dv,
                                                        ignition_time, accel_cap))
    inv_c = np.where(np.isfinite(c_ex), 1.0 / np.where(np.isfinite(c_ex), c_ex, 1.0), 0.0)
    p = _Entries(beta0, ld, ld_up, coriolis, a_t0, inv_c, dv_goal, t_ign, cap, radius=radius, curved=curved,
                 g_scale=MU_EARTH if gravity else 0.0, exponential_scale=exponential_scale)
    return shape, p, (v, gam, h)


def _rates(p: _Entries, i: np.ndarray, v: np.ndarray, gam: np.ndarray, h: np.ndarray, burnt_i: np.ndarray,
           t_i: np.ndarray) -> _Rates:
    """Derivatives of (V, γ, h, s, Q, Δv burnt) and the sensed acceleration, on the active entries *i*: the
    module doc's equations (Vinh, Busemann & Culp 1980, eqs. 2.32), the burn throttled within its cap.
    Returns (dV/dt [m/s²], dγ/dt [rad/s], dh/dt [m/s], ds/dt [m/s], √ρ V³, the thrust's dΔv/dt [m/s²], D/m
    [m/s²], the sensed acceleration [m/s²], ρ [kg/m³])."""
    radius, curved = p.radius, p.curved
    r = radius + h if curved else np.full_like(h, radius)
    g = p.g_scale / (r * r)
    rho = _density(h, p.exponential_scale)
    mass_ratio = np.exp(burnt_i * p.inv_c[i])            # m0 / m
    drag = rho * v * v / (2.0 * p.beta0[i]) * mass_ratio
    fade = lift_fade(v)
    aero = drag * np.sqrt(1.0 + (p.ld[i] * fade) ** 2)
    burning = (t_i >= p.t_ign[i]) & (burnt_i < p.dv_goal[i])
    thrust = np.where(burning, np.minimum(p.a_t0[i] * mass_ratio, np.maximum(p.cap[i] - aero, 0.0)), 0.0)
    vs = np.maximum(v, MIN_SPEED)
    sg, cg = np.sin(gam), np.cos(gam)
    dv = -drag - thrust - g * sg
    dgam = p.ld_up[i] * fade * drag / vs + ((vs / r - g / vs) * cg if curved else -g / vs * cg) + p.coriolis[i]
    dh = v * sg
    ds = v * cg * (radius / r)
    dq = np.sqrt(rho) * v ** 3
    return dv, dgam, dh, ds, dq, thrust, drag, aero + thrust, rho


def _step_length(p: _Entries, i: np.ndarray, k1: _Rates, vi: np.ndarray, hi: np.ndarray, ti: np.ndarray,
                 step_share: float) -> FloatOrArray:
    """The step [s] of each active entry *i* at (V *vi* [m/s], h *hi* [m], t *ti* [s]) whose rates are *k1*:
    *step_share* of the fastest time scale (density, speed, path angle), within [MIN_STEP, MAX_STEP]; not
    across ignition, nor far below the ground."""
    dv1, dg1, dh1, ds1, dq1, th1, dr1, se1, rho1 = k1
    scale_h = 7000.0 / (np.abs(dh1) + 1e-3)
    scale_v = np.maximum(vi, 10.0) / (2.0 * dr1 + np.abs(dv1) + 1e-3)   # drag's own stiffness: 2D/V
    scale_g = 1.0 / (np.abs(dg1) + 1e-6)
    dt = np.clip(step_share * np.minimum(np.minimum(scale_h, scale_v), scale_g), MIN_STEP, MAX_STEP)
    dt = np.where((ti < p.t_ign[i]) & (ti + dt > p.t_ign[i]), np.maximum(p.t_ign[i] - ti, MIN_STEP), dt)
    falling = dh1 < 0
    return np.where(falling, np.minimum(dt, np.maximum(1.5 * hi / np.maximum(-dh1, 1e-9), MIN_STEP)), dt)


def _rk4_step(p: _Entries, i: np.ndarray, old: _State,
              step_share: float) -> tuple[np.ndarray, _Stepped, tuple[_Rates, _Rates, _Rates, _Rates]]:
    """One classical fourth-order Runge–Kutta step of the active entries *i* from *old* (V [m/s], γ [rad],
    h [m], s [m], Q, Δv burnt [m/s], t [s]), its length :func:`_step_length`'s.  Returns (the step [s], the
    new (V, γ, h, s, Q, Δv burnt), the four stages' :func:`_rates`)."""
    vi, gi, hi, si, qi, bi, ti = old
    k1 = _rates(p, i, vi, gi, hi, bi, ti)
    dv1, dg1, dh1, ds1, dq1, th1, dr1, se1, rho1 = k1
    dt = _step_length(p, i, k1, vi, hi, ti, step_share)
    half = 0.5 * dt
    k2 = _rates(p, i, vi + half * dv1, gi + half * dg1, hi + half * dh1, bi + half * th1, ti + half)
    k3 = _rates(p, i, vi + half * k2[0], gi + half * k2[1], hi + half * k2[2], bi + half * k2[5], ti + half)
    k4 = _rates(p, i, vi + dt * k3[0], gi + dt * k3[1], hi + dt * k3[2], bi + dt * k3[5], ti + dt)

    def advance(x: np.ndarray, j: int) -> FloatOrArray:
        return x + dt / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j])

    new = (advance(vi, 0), advance(gi, 1), advance(hi, 2), advance(si, 3), advance(qi, 4),
           np.minimum(advance(bi, 5), p.dv_goal[i]))
    return dt, new, (k1, k2, k3, k4)


def _raise_peaks(peaks: tuple[np.ndarray, np.ndarray, np.ndarray], i: np.ndarray, ks: Sequence[_Rates]) -> None:
    """Raise the peak drag, sensed acceleration [m/s²] and √ρ V³ of the active entries *i* (*peaks*, arrays
    of every entry) to the largest of a step's stages *ks* (:func:`_rates`), in place: the sensed peak is
    sampled at every stage so that it is not missed between steps."""
    peak_drag, peak_sensed, peak_heat = peaks
    for k in ks:
        peak_drag[i] = np.maximum(peak_drag[i], k[6])
        peak_sensed[i] = np.maximum(peak_sensed[i], k[7])
        peak_heat[i] = np.maximum(peak_heat[i], k[4])


def _record(track: dict[str, list[float]], state: _State, i: np.ndarray, sensed: np.ndarray) -> None:
    """Append the (single) entry's point after a step to *track*: t [s], h [m], s [m], V [m/s], γ [rad] from
    *state* (V, γ, h, s, Q, Δv burnt, t) and the *sensed* acceleration [m/s²] at the step's last stage."""
    v, gam, h, s, _, _, t = state
    for key, val in (("t", t[i]), ("h", h[i]), ("s", s[i]), ("V", v[i]), ("gamma", gam[i]), ("sensed", sensed)):
        track[key].append(float(val[0]))


def _step_to(state: _State, i: np.ndarray, old: _State, new: _Stepped, dt: np.ndarray) -> np.ndarray:
    """Write the step of the active entries *i* from *old* to *new* (V, γ, h, s, Q, Δv burnt) into *state*
    (V, γ, h, s, Q, Δv burnt, t: the arrays of every entry), *dt* [s] later; where it went below the ground,
    to the crossing, by linear interpolation in altitude.  Returns which entries landed."""
    v, gam, h, s, q_int, burnt, t = state
    vi, _, hi, si, qi, bi, ti = old
    v_new, g_new, h_new, s_new, q_new, b_new = new
    landed = h_new <= 0.0
    f = np.where(landed, hi / np.maximum(hi - h_new, 1e-12), 1.0)
    v[i] = np.where(landed, vi + f * (v_new - vi), v_new)
    gam[i] = g_new
    h[i] = np.where(landed, 0.0, h_new)
    s[i] = si + f * (s_new - si)
    q_int[i] = qi + f * (q_new - qi)
    burnt[i] = np.where(landed, bi + f * (b_new - bi), b_new)
    t[i] = ti + f * dt
    return landed


def _fall_the_rest(p: _Entries, i: np.ndarray, landed: np.ndarray, v: np.ndarray, gam: np.ndarray, h: np.ndarray,
                   t: np.ndarray, burnt: np.ndarray) -> np.ndarray:
    """Entries *i* settled into a steep fall at their terminal velocity, with no lift and the burn done,
    finished in closed form (∫ √(ρ/2βg) dh through US76, :func:`.atmosphere.root_density_integral`): their
    time [s], speed [m/s] and altitude set at the ground, in place.  The drag's stiffness there would
    otherwise cost thousands of small steps.  Returns *landed* with them."""
    beta_now = p.beta0[i] * np.exp(-burnt[i] * p.inv_c[i])
    rho_here = np.exp(log_density(np.maximum(h[i], 0.0))[0])
    v_term = np.sqrt(2.0 * beta_now * G0 / rho_here)
    settled = (~landed & (np.sin(gam[i]) < -TERMINAL_STEEPNESS) & (np.abs(v[i] - v_term) < TERMINAL_MATCH * v_term)
               & (v_term < TERMINAL_SPEED_MAX)
               & ((v[i] < LIFT_END_SPEED) | (p.ld[i] == 0)) & (burnt[i] >= p.dv_goal[i]))
    if np.any(settled):
        t[i] = np.where(settled, t[i] + root_density_integral(h[i]) / np.sqrt(2.0 * G0 * beta_now), t[i])
        v[i] = np.where(settled, np.sqrt(2.0 * beta_now * G0 / SEA_LEVEL_DENSITY), v[i])
        h[i] = np.where(settled, 0.0, h[i])
        landed = landed | settled
    return landed


_OUTCOMES = ("peak_drag", "peak_sensed", "peak_heating", "heating_integral", "range", "time", "ground_speed",
             "braking_dv", "braking_end_altitude", "skipped", "timed_out")


def _shaped(path: EntryPath, shape: tuple[int, ...]) -> EntryPath:
    """*path*'s outcomes (flat arrays) in the arguments' broadcast *shape*: floats and bools for a single
    entry (shape ()), in place."""
    for name in _OUTCOMES:
        setattr(path, name, getattr(path, name)[0].item() if shape == () else getattr(path, name).reshape(shape))
    return path

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
from dataclasses import dataclass

import numpy as np

from . import xp
from .atmosphere import log_density, root_density_integral
from .constants import G0, MU_EARTH, R_MEAN

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


def lift_fade(speed):
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
    track: dict | None = None      #: recorded points (one entry only): t, h, s, V, gamma, sensed


def _density(h, exponential_scale):
    if exponential_scale:
        return SEA_LEVEL_DENSITY * np.exp(-h / exponential_scale)
    return np.exp(log_density(np.clip(h, -2_000.0, 199_000.0))[0])


def integrate_entry(speed, angle, altitude, beta, lift_to_drag=0.0, bank=0.0, *,
                    thrust_accel=0.0, exhaust_speed=math.inf, braking_dv=0.0, ignition_time=0.0,
                    accel_cap=math.inf, gravity: bool = True, curved: bool = True,
                    exponential_scale: float | None = None, radius: float = R_MEAN, rotation_speed=0.0,
                    step_share: float = STEP_SHARE, record: bool = False) -> EntryPath:
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
    shape = np.broadcast(np.asarray(speed), np.asarray(angle), np.asarray(altitude), np.asarray(beta),
                         np.asarray(lift_to_drag), np.asarray(bank), np.asarray(thrust_accel),
                         np.asarray(braking_dv), np.asarray(ignition_time), np.asarray(accel_cap),
                         np.asarray(exhaust_speed), np.asarray(rotation_speed)).shape
    n = int(np.prod(shape)) if shape else 1

    def flat(x):
        return np.broadcast_to(np.asarray(x, dtype=float), shape).reshape(n).copy()

    v, gam, h = flat(speed), -flat(angle), flat(altitude)
    beta0, ld = flat(beta), flat(lift_to_drag)
    ld_up = ld * np.cos(flat(bank))
    coriolis = 2.0 * flat(rotation_speed) / radius        # 2 ω cos φ sin A [rad/s]
    a_t0, c_ex, dv_goal, t_ign, cap = (flat(x) for x in (thrust_accel, exhaust_speed, braking_dv,
                                                        ignition_time, accel_cap))
    s = np.zeros(n)
    t = np.zeros(n)
    q_int = np.zeros(n)
    burnt = np.zeros(n)
    peak_drag = np.zeros(n)
    peak_sensed = np.zeros(n)
    peak_heat = np.zeros(n)
    end_alt = np.full(n, np.nan)
    ground_speed = np.full(n, np.nan)
    skipped = np.zeros(n, bool)
    timed_out = np.zeros(n, bool)
    active = np.ones(n, bool)
    g_scale = MU_EARTH if gravity else 0.0
    inv_c = np.where(np.isfinite(c_ex), 1.0 / np.where(np.isfinite(c_ex), c_ex, 1.0), 0.0)
    track: dict[str, list[float]] = {k: [] for k in ("t", "h", "s", "V", "gamma", "sensed")}   # filled if *record*

    def rates(i, v, gam, h, burnt_i, t_i):
        """Derivatives of (V, γ, h, s, Q, Δv burnt) and the sensed acceleration, on the active entries *i*."""
        r = radius + h if curved else np.full_like(h, radius)
        g = g_scale / (r * r)
        rho = _density(h, exponential_scale)
        mass_ratio = np.exp(burnt_i * inv_c[i])            # m0 / m
        drag = rho * v * v / (2.0 * beta0[i]) * mass_ratio
        fade = lift_fade(v)
        aero = drag * np.sqrt(1.0 + (ld[i] * fade) ** 2)
        burning = (t_i >= t_ign[i]) & (burnt_i < dv_goal[i])
        thrust = np.where(burning, np.minimum(a_t0[i] * mass_ratio, np.maximum(cap[i] - aero, 0.0)), 0.0)
        vs = np.maximum(v, MIN_SPEED)
        sg, cg = np.sin(gam), np.cos(gam)
        dv = -drag - thrust - g * sg
        dgam = ld_up[i] * fade * drag / vs + ((vs / r - g / vs) * cg if curved else -g / vs * cg) + coriolis[i]
        dh = v * sg
        ds = v * cg * (radius / r)
        dq = np.sqrt(rho) * v ** 3
        return dv, dgam, dh, ds, dq, thrust, drag, aero + thrust, rho

    for _ in range(200_000):
        i = np.nonzero(active)[0]
        if i.size == 0:
            break
        vi, gi, hi, si, qi, bi, ti = v[i], gam[i], h[i], s[i], q_int[i], burnt[i], t[i]
        k1 = rates(i, vi, gi, hi, bi, ti)
        dv1, dg1, dh1, ds1, dq1, th1, dr1, se1, rho1 = k1
        # the step: a share of the fastest time scale (density, speed, path angle, the burn's own length)
        scale_h = 7000.0 / (np.abs(dh1) + 1e-3)
        scale_v = np.maximum(vi, 10.0) / (2.0 * dr1 + np.abs(dv1) + 1e-3)   # drag's own stiffness: 2D/V
        scale_g = 1.0 / (np.abs(dg1) + 1e-6)
        dt = np.clip(step_share * np.minimum(np.minimum(scale_h, scale_v), scale_g), MIN_STEP, MAX_STEP)
        # do not step across ignition, nor far below the ground
        dt = np.where((ti < t_ign[i]) & (ti + dt > t_ign[i]), np.maximum(t_ign[i] - ti, MIN_STEP), dt)
        falling = dh1 < 0
        dt = np.where(falling, np.minimum(dt, np.maximum(1.5 * hi / np.maximum(-dh1, 1e-9), MIN_STEP)), dt)
        half = 0.5 * dt
        k2 = rates(i, vi + half * dv1, gi + half * dg1, hi + half * dh1, bi + half * th1, ti + half)
        k3 = rates(i, vi + half * k2[0], gi + half * k2[1], hi + half * k2[2], bi + half * k2[5], ti + half)
        k4 = rates(i, vi + dt * k3[0], gi + dt * k3[1], hi + dt * k3[2], bi + dt * k3[5], ti + dt)

        def advance(x, j):   # called at once, on this step's stages
            return x + dt / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j])  # noqa: B023

        v_new, g_new, h_new = advance(vi, 0), advance(gi, 1), advance(hi, 2)
        s_new, q_new, b_new = advance(si, 3), advance(qi, 4), advance(bi, 5)
        b_new = np.minimum(b_new, dv_goal[i])
        for k in (k1, k2, k3, k4):
            peak_drag[i] = np.maximum(peak_drag[i], k[6])
            peak_sensed[i] = np.maximum(peak_sensed[i], k[7])
            peak_heat[i] = np.maximum(peak_heat[i], k[4])
        stopped_burning = (bi < dv_goal[i]) & (b_new >= dv_goal[i]) & (dv_goal[i] > 0)
        end_alt[i] = np.where(stopped_burning & np.isnan(end_alt[i]), h_new, end_alt[i])
        landed = h_new <= 0.0
        # where the step went below the ground, take the crossing by linear interpolation in altitude
        f = np.where(landed, hi / np.maximum(hi - h_new, 1e-12), 1.0)
        v[i] = np.where(landed, vi + f * (v_new - vi), v_new)
        gam[i] = g_new
        h[i] = np.where(landed, 0.0, h_new)
        s[i] = si + f * (s_new - si)
        q_int[i] = qi + f * (q_new - qi)
        burnt[i] = np.where(landed, bi + f * (b_new - bi), b_new)
        t[i] = ti + f * dt
        if record:
            for key, val in (("t", t[i]), ("h", h[i]), ("s", s[i]), ("V", v[i]), ("gamma", gam[i]),
                             ("sensed", k4[7])):
                track[key].append(float(val[0]))
        # settled into a steep fall at its terminal velocity: the rest of the way down in closed form
        # (∫ √(ρ/2βg) dh through US76, :func:`.atmosphere.root_density_integral`); the drag's stiffness
        # there would otherwise cost thousands of small steps
        if exponential_scale is None and gravity:
            beta_now = beta0[i] * np.exp(-burnt[i] * inv_c[i])
            rho_here = np.exp(log_density(np.maximum(h[i], 0.0))[0])
            v_term = np.sqrt(2.0 * beta_now * G0 / rho_here)
            settled = (~landed & (np.sin(gam[i]) < -TERMINAL_STEEPNESS) & (np.abs(v[i] - v_term) < TERMINAL_MATCH * v_term)
                       & (v_term < TERMINAL_SPEED_MAX)
                       & ((v[i] < LIFT_END_SPEED) | (ld[i] == 0)) & (burnt[i] >= dv_goal[i]))
            if np.any(settled):
                t[i] = np.where(settled, t[i] + root_density_integral(h[i]) / np.sqrt(2.0 * G0 * beta_now), t[i])
                v[i] = np.where(settled, np.sqrt(2.0 * beta_now * G0 / SEA_LEVEL_DENSITY), v[i])
                h[i] = np.where(settled, 0.0, h[i])
                landed = landed | settled
        skip = (g_new > 0) & (h_new > SKIP_ALTITUDE)
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
    if shape == ():
        for name in ("peak_drag", "peak_sensed", "peak_heating", "heating_integral", "range", "time",
                     "ground_speed", "braking_dv", "braking_end_altitude", "skipped", "timed_out"):
            setattr(out, name, getattr(out, name)[0].item())
    else:
        for name in ("peak_drag", "peak_sensed", "peak_heating", "heating_integral", "range", "time",
                     "ground_speed", "braking_dv", "braking_end_altitude", "skipped", "timed_out"):
            setattr(out, name, getattr(out, name).reshape(shape))
    return out

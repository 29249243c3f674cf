"""The 3-DOF's equations of motion (:func:`rhs`): thrust between its sea-level and vacuum values at constant
mass flow, throttled as the flight's mode asks; drag from the vehicle's Cd table on the air-relative velocity; lift
at a bank through the entry, faded in and out with speed; J2 gravity — in the Earth-centred inertial frame of
:mod:`.frames` (the flight itself, :mod:`.flight3dof`).  And the landing burn's profile (:func:`landing_profile`):
the fastest fall from which the guided throttle, helped by drag, stops the stage at the ground within the cargo's
limit — the law the right-hand side flies in ``land`` mode.

Floats only (``math``): the integrator calls :func:`rhs` six times a step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np

from .atmosphere import R_AIR
from .constants import G0, J2, MU_EARTH, OMEGA_EARTH, WGS84_A, WGS84_F
from .entry import LIFT_END_SPEED, LIFT_FULL_SPEED
from .frames import Vec, air_speed, altitude, atmosphere

P0 = 101_325.0
#: the simulated landing burn is guided at 90 % of full thrust, 10 % held for corrections [-]; the estimate
#: tier's reentry.LANDING_THROTTLE (70 % plus a hover) is a cruder stand-in for the same burn
GUIDED_LANDING_THROTTLE = 0.9
_PROFILE_STEP = 50.0              #: altitude step of the landing profile [m]
_PROFILE_TOP = 150_000.0          #: ...up to the top of the drag model [m]
_PROFILE_CAP = 1.0e8              #: speed² beyond which the air alone could brake the stage [m²/s²]
#: a landing burn's profile (:func:`landing_profile`): (a_T − g [m/s²], v² on its altitude grid [m²/s²], cap [m/s²])
LandingProfile: TypeAlias = tuple[float, list[float], float]


@dataclass
class SimStage:
    dry: float
    burnable: float          #: ascent propellant [kg] (reserves held back)
    reserve: float           #: kept for recovery (boosters) or braking + landing (cargo stage) [kg]
    isp_sl: float
    isp_vac: float
    thrust_sl: float
    thrust_vac: float
    landing_thrust: float


def _cd(mach: float, ms: Sequence[float], cds: Sequence[float]) -> float:
    if mach <= ms[0]:
        return cds[0]
    for i in range(1, len(ms)):
        if mach <= ms[i]:
            w = (mach - ms[i - 1]) / (ms[i] - ms[i - 1])
            return cds[i - 1] + w * (cds[i] - cds[i - 1])
    return cds[-1]


def landing_profile(mass: float, thrust: float, cd_area: float, cap: float = math.inf) -> LandingProfile | None:
    """The fastest descent from which a landing burn at GUIDED_LANDING_THROTTLE of *thrust* [N], helped by drag,
    stops a stage of *mass* [kg] and drag area *cd_area* [m²] at the ground, the cargo never sensing more
    than *cap* [m/s²]; None if it cannot hover.

    Integrated upward from rest at the ground (Heun's method, 50 m steps), a vertical fall:
    d(v²)/dh = 2 (max(min(a_T + D, cap), D) − g), a_T = GUIDED_LANDING_THROTTLE·T/m, D = ρ(h) v² C_D A / 2m
    (the thrust gives way to drag up to the cap; drag alone over it cannot be helped).  Returns
    (a_T − g, speeds² on the grid, cap), capped where the air alone could brake the stage.  A stage
    falling slower than the profile can keep falling; the landing burn is lit where its descent rate
    reaches it (and is later lighter, so the profile errs on the safe side).
    """
    thrust_accel = GUIDED_LANDING_THROTTLE * thrust / mass
    if thrust_accel - G0 <= 0.0:
        return None
    c = [rho * cd_area / mass for rho in _profile_density()]
    step, half = _PROFILE_STEP, 0.5 * _PROFILE_STEP
    u, out = 0.0, [0.0]
    # the slope 2 (max(min(a_T + D, cap), D) − g) written out: 3,000 steps a flight, a third of a flight's
    # time as two calls to a helper a step
    for below, above in zip(c, c[1:]):
        drag = 0.5 * below * u
        a = thrust_accel + drag
        a = cap if cap < a else a
        k1 = 2.0 * ((drag if drag > a else a) - G0)
        drag = 0.5 * above * (u + step * k1)
        a = thrust_accel + drag
        a = cap if cap < a else a
        k2 = 2.0 * ((drag if drag > a else a) - G0)
        u = u + half * (k1 + k2)
        if _PROFILE_CAP < u:
            u = _PROFILE_CAP
        out.append(u)
        if u >= _PROFILE_CAP:   # v² only grows upward (the slope stays positive): capped from here to the top
            break
    return thrust_accel - G0, out, cap


_DENSITY_GRID: list[float] = []


def _profile_density() -> list[float]:
    if not _DENSITY_GRID:
        _DENSITY_GRID.extend(atmosphere(i * _PROFILE_STEP)[2] for i in range(int(_PROFILE_TOP / _PROFILE_STEP) + 1))
    return _DENSITY_GRID


def profile_speed_squared(profile: LandingProfile, h: float) -> float:
    """v² [m²/s²] of a :func:`landing_profile` at altitude *h* [m] (linear between grid points)."""
    u = profile[1]
    x = max(h, 0.0) / _PROFILE_STEP
    i = int(x)
    if i >= len(u) - 1:
        return u[-1]
    return u[i] + (x - i) * (u[i + 1] - u[i])


def rhs(t: float, s: Vec, thrust_vac: float, thrust_sl: float, isp_vac: float, mode: str | None, cd_area: float,
        table: tuple[Sequence[float], Sequence[float]] | None, profile: LandingProfile | None = None,
        entry: EntryAero | None = None, steer: tuple[float, ...] | None = None) -> list[float]:
    """State derivative: s = [x, y, z, vx, vy, vz, m, Q]; *mode* 'up' | 'prograde' | 'steer' | 'retro' | 'land'
    | 'coast'.

    'steer' is the linear-tangent law of *steer* = (t₀, tan θ₀, rate): thrust pitched θ above the local
    horizontal, in the vertical plane of the air-relative velocity, with tan θ = tan θ₀ − rate·(t − t₀)
    (the thrust direction that takes a stage in a flat field to a given altitude and climb rate at the
    most speed: Bryson & Ho, *Applied Optimal Control*, 1975, §2.7).

    'land' is retrograde thrust that holds the stage on the landing profile
    *profile* (:func:`landing_profile`): the planned thrust, plus whatever
    brings v² back to the profile within the height left, between zero and
    *thrust_vac*, at the sea-level mass flow of the thrust used.

    *entry* (:class:`EntryAero`, the descent only) adds lift — (L/D)·cos σ of the drag, at right angles to
    the air-relative velocity in its vertical plane, fading from Mach 2 to Mach 1 as in the estimate tier
    (:mod:`.entry`); the sideways part, L/D·sin σ, is taken as cancelled by bank reversals and counted only
    in what the cargo senses — throttles a 'retro' burn so that thrust and aerodynamic force together stay
    within its cap, and integrates the Sutton–Graves stagnation heat flux into Q [J/m²].

    One function of a hundred lines, not several short ones, on purpose: the integrator calls it six times a
    step, tens of thousands of times a flight, and a Python call costs more than most of what a helper would
    hold.
    """
    # kept one function on purpose (issue #19): the reason is the docstring's last paragraph
    # Python floats: arithmetic on the numpy scalars an array unpacks into costs ~3x as much
    x, y, z, vx, vy, vz, m, _ = s.tolist() if isinstance(s, np.ndarray) else s
    # gravity() and altitude() written out on one radius (the same expressions, so the same numbers)
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    kg = -MU_EARTH / (r2 * r)
    cj = 1.5 * J2 * (WGS84_A * WGS84_A / r2)
    zz = 5.0 * z * z / r2
    ax_, ay_, az_ = kg * x * (1 + cj * (1 - zz)), kg * y * (1 + cj * (1 - zz)), kg * z * (1 + cj * (3 - zz))
    h = r - WGS84_A * (1.0 - WGS84_F * (z / r) ** 2)
    ux, uy, uz = vx + OMEGA_EARTH * y, vy - OMEGA_EARTH * x, vz      # air-relative velocity
    va = math.sqrt(ux * ux + uy * uy + uz * uz)
    mdot = 0.0
    drag = 0.0                                                           # its acceleration [m/s²]
    aero = 0.0                                                           # drag and lift together [m/s²]
    heat = 0.0
    if h < 150_000.0:
        temp, p, rho = atmosphere(h)
        if va > 0.0 and rho > 0.0:
            mach = va / math.sqrt(1.4 * R_AIR * temp)
            cda = cd_area if table is None else _cd(mach, table[0], table[1]) * cd_area
            k = 0.5 * rho * va * cda / m
            drag = aero = k * va
            ax_ -= k * ux
            ay_ -= k * uy
            az_ -= k * uz
            if entry is not None:
                heat = entry.heating * math.sqrt(rho) * va * va * va
                fade = _lift_fade(va)
                if fade > 0.0 and entry.lift_to_drag > 0.0:
                    lift = drag * entry.lift_to_drag * fade
                    aero = math.sqrt(drag * drag + lift * lift)
                    up = (x * ux + y * uy + z * uz) / (r * va)                # r̂·û
                    nx, ny, nz = x / r - up * ux / va, y / r - up * uy / va, z / r - up * uz / va
                    norm = math.sqrt(nx * nx + ny * ny + nz * nz)
                    if norm > 1e-9:
                        lift_up = lift * entry.cos_bank / norm
                        ax_ += lift_up * nx
                        ay_ += lift_up * ny
                        az_ += lift_up * nz
    else:
        p = 0.0
    if mode == "land":
        if va > 1e-6:
            assert profile is not None   # 'land' flies a profile (an assert, not a cast: no call in the hot path)
            need = profile[0] + G0 + (va * va - profile_speed_squared(profile, h)) / (2.0 * max(h, 1.0))
            # never more than the cargo's limit, drag included (the profile was planned within it)
            thrust = min(max(need * m, 0.0), thrust_vac, max((profile[2] - drag) * m, 0.0))
            mdot = -thrust / (G0 * isp_vac)
            ax_ -= thrust / m * ux / va
            ay_ -= thrust / m * uy / va
            az_ -= thrust / m * uz / va
    elif mode != "coast" and thrust_vac > 0.0:
        thrust = thrust_vac - (thrust_vac - thrust_sl) * min(p / P0, 1.0)
        mdot = -thrust_vac / (G0 * isp_vac)
        if mode == "retro" and entry is not None:   # throttled: thrust and air together within the cap
            throttled = min(thrust, max(entry.cap - aero, 0.0) * m)
            mdot *= throttled / thrust
            thrust = throttled
        if mode == "up":
            dx, dy, dz = x / r, y / r, z / r
        elif mode == "steer":
            ex, ey, ez = x / r, y / r, z / r                            # up
            climb = ux * ex + uy * ey + uz * ez
            hx, hy, hz = ux - climb * ex, uy - climb * ey, uz - climb * ez
            horizontal = math.sqrt(hx * hx + hy * hy + hz * hz)
            if horizontal < 1e-6:          # straight up or down: no plane to pitch in, so up
                dx, dy, dz = ex, ey, ez
            else:
                assert steer is not None   # 'steer' flies a law (an assert, not a cast: no call in the hot path)
                tan_pitch = steer[1] - steer[2] * (t - steer[0])
                cos_p = 1.0 / math.sqrt(1.0 + tan_pitch * tan_pitch)
                sin_p = tan_pitch * cos_p
                dx = cos_p * hx / horizontal + sin_p * ex
                dy = cos_p * hy / horizontal + sin_p * ey
                dz = cos_p * hz / horizontal + sin_p * ez
        else:
            sign = 1.0 if mode == "prograde" else -1.0
            if va < 1e-6:
                dx, dy, dz = x / r, y / r, z / r
            else:
                dx, dy, dz = sign * ux / va, sign * uy / va, sign * uz / va
        ax_ += thrust / m * dx
        ay_ += thrust / m * dy
        az_ += thrust / m * dz
    return [vx, vy, vz, ax_, ay_, az_, mdot, heat]


@dataclass(frozen=True)
class EntryAero:
    """What the descent's right-hand side needs of the entry: lift, the braking cap, and heating."""

    lift_to_drag: float = 0.0     #: hypersonic L/D [-]
    cos_bank: float = 1.0         #: cos σ of the bank flown [-]
    sin_bank: float = 0.0         #: sin σ: the sideways lift the cargo senses [-]
    cap: float = math.inf         #: braking burn: thrust + aerodynamic force at most this [m/s²]
    heating: float = 0.0          #: Sutton–Graves k / √(nose radius) [kg^0.5 m^-1]


def _drag_and_fade(y: Vec, cd_area: float) -> float:
    """Drag deceleration [m/s²] times the lift fade of :func:`rhs`, at state *y* (for the sideways lift)."""
    h = altitude(y[0], y[1], y[2])
    if h >= 150_000.0:
        return 0.0
    va = air_speed(y)
    fade = _lift_fade(va)
    return 0.5 * atmosphere(h)[2] * va * va * cd_area / y[6] * fade


_FADE_PER_SPEED = 1.0 / (LIFT_FULL_SPEED - LIFT_END_SPEED)


def _lift_fade(speed: float) -> float:
    """:func:`.entry.lift_fade` of a float air speed [m/s], its clip to [0, 1] written out (the general one
    dispatches on floats and arrays: a tenth of an entry's right-hand side)."""
    fade = (speed - LIFT_END_SPEED) * _FADE_PER_SPEED
    fade = fade if fade >= 0.0 else 0.0
    return fade if fade <= 1.0 else 1.0

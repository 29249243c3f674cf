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
side calls.  The frames, gravity and air it steps through are :mod:`.frames`; the shooting that
puts the flight on its target is :mod:`.shooting`; the glide's bank, :mod:`.bank_guidance`.
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

import numpy as np

from .atmosphere import R_AIR
from .constants import G0, J2, MU_EARTH, OMEGA_EARTH, R_MEAN, WGS84_A, WGS84_F
from .entry import LIFT_END_SPEED, LIFT_FULL_SPEED
from .frames import (air_speed, air_velocity, altitude, atmosphere, cross3, descent_rate, dot3, ecef_to_eci,
                     ecef_to_geodetic, eci_to_ecef, geodetic_to_ecef, gravity, surface_distance, vacuum_impact)
from .integrate import Solution, dopri5

P0 = 101_325.0
#: integration tolerance of planning flights (pitch-over search, fuel load, braking size): their
#: answers move by ~1e-5 rad and ~1 kg from 1e-8, at a seventh of the cost; guided flights keep 1e-8
PLANNING_RTOL = 1e-6
#: the simulated landing burn is guided at 90 % of full thrust, 10 % held for corrections [-]; the estimate
#: tier's reentry.LANDING_THROTTLE (70 % plus a hover) is a cruder stand-in for the same burn
GUIDED_LANDING_THROTTLE = 0.9
MAX_STEP = 15.0                   #: longest integration step [s] (history resolution)
METHOD = "RK45"                   #: the integration method, as scipy names it (see the note in simulate)
#: RK45 is stepped by :func:`.integrate.dopri5` (scipy's RK45 on floats: its steps, at a fraction of its
#: overhead); with False, or any other METHOD, by scipy's ``solve_ivp`` (the reference)
LEAN = True
LANDING_HEIGHT_TOLERANCE = 20.0   #: a burn that ends higher above the ground than this has not landed [m]
BRAKING_FLOOR_SPEED = 100.0       #: the braking burn stops if the stage has slowed to this [m/s]
_PROFILE_STEP = 50.0              #: altitude step of the landing profile [m]
_PROFILE_TOP = 150_000.0          #: ...up to the top of the drag model [m]
_PROFILE_CAP = 1.0e8              #: speed² beyond which the air alone could brake the stage [m²/s²]


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


def _cd(mach: float, ms, cds) -> float:
    if mach <= ms[0]:
        return cds[0]
    for i in range(1, len(ms)):
        if mach <= ms[i]:
            w = (mach - ms[i - 1]) / (ms[i] - ms[i - 1])
            return cds[i - 1] + w * (cds[i] - cds[i - 1])
    return cds[-1]


def landing_profile(mass: float, thrust: float, cd_area: float, cap: float = math.inf) -> tuple | None:
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


_DENSITY_GRID: list = []


def _profile_density() -> list:
    if not _DENSITY_GRID:
        _DENSITY_GRID.extend(atmosphere(i * _PROFILE_STEP)[2] for i in range(int(_PROFILE_TOP / _PROFILE_STEP) + 1))
    return _DENSITY_GRID


def profile_speed_squared(profile: tuple, h: float) -> float:
    """v² [m²/s²] of a :func:`landing_profile` at altitude *h* [m] (linear between grid points)."""
    u = profile[1]
    x = max(h, 0.0) / _PROFILE_STEP
    i = int(x)
    if i >= len(u) - 1:
        return u[-1]
    return u[i] + (x - i) * (u[i + 1] - u[i])


def rhs(t, s, thrust_vac, thrust_sl, isp_vac, mode, cd_area, table, profile=None, entry=None, steer=None):
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
    """
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


def _drag_and_fade(y, cd_area: float) -> float:
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


#: Bounds on one simulated flight (a shipped vehicle's takes ~1,000 right-hand-side calls and ~10 ms): a
#: vehicle the catalogue's checks let through but whose equations still stiffen (a step size shrinking
#: without end) stops with IntegrationBudgetExceeded instead of running on.
MAX_RHS_CALLS = 200_000
MAX_SECONDS = 20.0


class IntegrationBudgetExceeded(RuntimeError):
    """One simulated flight needed more right-hand-side calls or wall time than its budget allows."""


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


class _Budget:
    """Counts the right-hand-side calls and the wall time of one :func:`simulate` call."""

    def __init__(self):
        self.calls = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def rhs(self, *args):
        """:func:`rhs` with its arguments after the state bound to *args*, each call counted (one frame:
        the integrator calls it six times a step)."""
        def counted(t, y):
            self.calls += 1
            if self.calls > MAX_RHS_CALLS or (self.calls % 256 == 0 and time.monotonic() > self.deadline):
                raise IntegrationBudgetExceeded(
                    f"the 3-DOF integration of one flight passed its budget of {MAX_RHS_CALLS:,} steps or "
                    f"{MAX_SECONDS:.0f} s at t = {t:.0f} s of flight")
            return rhs(t, y, *args)
        return counted


@dataclass
class FlightLog:
    """A flight as it is flown: its points [s], states and sensed accelerations [m/s²], segment by segment (a
    segment's arrays never change once recorded), the times of its events [s], the ideal Δv of its burns [m/s],
    the propellant each stage burnt on the climb [kg] and the braking burn's Δv as flown [m/s]."""

    ts: list
    xs: list
    accs: list
    events: dict = field(default_factory=dict)
    dv_used: float = 0.0
    burnt: list = field(default_factory=list)
    braking_dv: float = 0.0

    @classmethod
    def starting(cls, t: float, state, like: FlightLog | None = None) -> FlightLog:
        """A log whose history starts at (*t*, *state*), carrying on (a copy of) *like*'s events and spending."""
        log = cls([np.array([t])], [state[None, :]], [np.array([0.0])])
        if like is not None:
            log.events, log.dv_used, log.burnt, log.braking_dv = (dict(like.events), like.dv_used, list(like.burnt),
                                                                   like.braking_dv)
        return log

    def copy(self) -> FlightLog:
        """A copy a flight can go on recording into without touching this one."""
        return FlightLog(list(self.ts), list(self.xs), list(self.accs), dict(self.events), self.dv_used,
                         list(self.burnt), self.braking_dv)


@dataclass(frozen=True)
class Checkpoint:
    """A flight stopped at *t* [s] in *state* (ECI, with mass and heat load), with its *log* so far: another
    flight goes on from it (:func:`simulate`'s *descent_from*, *last_stage_from*) without touching it."""

    t: float
    state: np.ndarray
    log: FlightLog


@dataclass
class SimResult:
    t: np.ndarray
    states: np.ndarray                     #: (n, 7) ECI
    events: dict = field(default_factory=dict)
    touchdown: tuple | None = None         #: (lat, lon) [deg]
    miss: float = math.nan                 #: distance from touchdown to the landing zone [m]
    propellant_at_touchdown: float = math.nan
    delta_v_used: float = 0.0              #: ideal Δv of every burn [m/s]
    ok: bool = False
    note: str = ""
    ran_dry: bool = False                  #: the climb ran out of propellant before cut-off (or had none)
    fell_back: bool = False                #: the climb fell back to the ground before cut-off
    sensed_acceleration: np.ndarray | None = None   #: non-gravitational acceleration at each point [m/s²]
    touchdown_speed: float = math.nan      #: air-relative speed at the end [m/s]
    ascent_propellant: list = field(default_factory=list)   #: burnt by each stage on the way up [kg]
    cutoff: Checkpoint | None = None       #: the flight at cut-off, to fly the descent again
    #: the climb up to the last stage's ignition (what :func:`simulate` takes as *last_stage_from*), or None
    last_stage: Checkpoint | None = None
    braking_delta_v: float = 0.0           #: ideal Δv of the braking burn as flown [m/s]
    bank: float = math.nan                 #: the glide's bank as flown [rad] (nan: no descent flown)
    #: the bank guidance (None: unguided): its status, predictions, the planned bank's predicted downrange
    #: error and the flown touchdown's [m], the banks it tried [rad]
    bank_guidance: dict | None = None


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
    key = (repr(v), *args[1:13], steer, METHOD, LEAN, MAX_STEP)
    if key not in memo:
        memo[key] = _simulate(*args)
    return memo[key]


_REMEMBERED: ContextVar[dict | None] = ContextVar("remembered_flights", default=None)


@contextmanager
def remembering():
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
    tx, ty, tz = target.tolist()
    r_target = math.sqrt(tx * tx + ty * ty + tz * tz)
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
        t, state = descent_from.t, descent_from.state.copy()
        log = FlightLog.starting(t, state, like=descent_from.log)
        run = _runner(budget, rtol, log)
        res = _descend(v, t, state, run, log, target, max_time, budget, rtol)
        res.cutoff = descent_from
        return res
    asc_area, table = v.reference_area, (v.mach, v.cd)
    n = len(v.stages)
    up = r0 / np.linalg.norm(r0)
    east = np.array(cross3((0.0, 0.0, 1.0), up))
    east /= np.linalg.norm(east)
    north = np.array(cross3(up, east))
    hd = math.radians(heading_deg)
    horiz = math.cos(hd) * north + math.sin(hd) * east
    if v.stages[-1].burnable <= 0:
        return _finish(log, v, target, False,
                       "no propellant is left for the ascent once the braking and landing burns are reserved",
                       ran_dry=True)
    first, last_stage = 0, None
    if last_stage_from is not None:
        t, state, log = last_stage_from.t, last_stage_from.state.copy(), last_stage_from.log.copy()
        run = _runner(budget, rtol, log)
        first = n - 1
    for i, st in enumerate(v.stages):
        if i < first:
            continue
        if i == n - 1 and n > 1:
            last_stage = Checkpoint(t, state.copy(), log.copy())
        m_start = state[6]
        m_end = m_start - st.burnable
        if st.burnable <= 0:
            log.burnt.append(0.0)
            continue
        burn_time = st.burnable / (st.thrust_vac / (G0 * st.isp_vac))

        def empty(tt, yy, m_end=m_end):
            return yy[6] - m_end
        empty.terminal = True

        if i == 0:
            def fast_enough(tt, yy):   # the vertical rise ends at kick_speed, air-relative
                return air_speed(yy) - kick_speed
            fast_enough.terminal = True
            sol = run(t, state, t + burn_time, "up", st, (empty, fast_enough), asc_area, table)
            t, state = sol.t[-1], np.array(sol.y[-1])
            log.events["pitch-over"] = t
            # pitch-over: tilt the air-relative velocity by the kick toward the heading
            r = state[:3]
            air = state[3:6] - np.array(cross3((0.0, 0.0, OMEGA_EARTH), r))
            speed = float(np.linalg.norm(air))
            k = math.radians(kick_deg)
            state[3:6] = speed * (math.cos(k) * r / np.linalg.norm(r) + math.sin(k) * ecef_to_eci(horiz, t)) + \
                np.array(cross3((0.0, 0.0, OMEGA_EARTH), r))

        def cutoff(tt, yy):
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
        cutoff.terminal = True
        cutoff.direction = 1
        steered = steer is not None and i == n - 1
        sol = run(t, state, t + burn_time * 1.01 + 1, "steer" if steered else "prograde", st, (empty, cutoff),
                  asc_area, table, law=(t, *steer) if steered else None)
        log.dv_used += G0 * st.isp_vac * math.log(m_start / sol.y[-1][6])
        log.burnt.append(float(m_start - sol.y[-1][6]))
        t, state = sol.t[-1], np.array(sol.y[-1])
        if altitude(*state[:3]) < 0:
            return _finish(log, v, target, False, "the ascent fell back to the ground", fell_back=True)
        cut = sol.status == 1 and len(sol.t_events[1]) > 0
        if cut:
            log.events["cut-off"] = t
        if i < n - 1:
            # the spent (or cut-off) booster separates, with whatever propellant it still holds
            log.events[f"stage {i + 1} separation"] = t
            state[6] -= st.dry + st.reserve + (st.burnable - log.burnt[-1])
        elif not cut:
            log.events["cut-off"] = t
            return _finish(log, v, target, False, "propellant ran out before cut-off", ran_dry=True)
        if cut:
            log.burnt.extend([0.0] * (n - 1 - i))
            break
    if ascent_only:
        res = _finish(log, v, target, True, "cut-off")
        res.last_stage = last_stage
        return res
    # --- coast, braking, entry, landing
    cutoff = Checkpoint(t, state.copy(), log.copy())
    res = _descend(v, t, state, run, log, target, max_time, budget, rtol)
    res.cutoff, res.last_stage = cutoff, last_stage
    return res


#: absolute integration tolerances of the state [x, y, z, vx, vy, vz, m, Q]; the heat load's is loose (1 kJ/m²
#: on loads of MJ/m²): its value never steers the flight
ATOL = [1e-3] * 3 + [1e-6] * 3 + [1e-3, 1e3]


def _runner(budget: _Budget, rtol: float, log: FlightLog):
    """run(t0, y0, t_end, mode, stage, ...): integrate one segment of a flight at *rtol*, appending its points,
    states and sensed accelerations to *log*; the right-hand-side calls counted by *budget*."""

    def run(t0, y0, t_end, mode, stage, evs=(), cd_area=None, table=None, profile=None, entry=None, law=None):
        fun = budget.rhs(stage.thrust_vac, stage.thrust_sl, stage.isp_vac, mode, cd_area, table, profile, entry, law) \
            if stage is not None else budget.rhs(0.0, 0.0, 1.0, "coast", cd_area, table, None, entry)
        sol = _integrate(fun, t0, y0, t_end, rtol, ATOL, list(evs))
        log.ts.append(np.array(sol.t[1:]))
        log.xs.append(np.array(sol.y[1:], dtype=float).reshape(-1, len(sol.y[0])))
        # sensed (non-gravitational) acceleration at each recorded point: what the cargo feels (from the
        # derivative the method took there, where it took one: the same numbers, one call fewer a step)
        sensed = []
        for tt, yy, d in zip(sol.t[1:], sol.y[1:], sol.f[1:]):
            d = d if d is not None else fun(tt, yy)
            g = gravity(yy[0], yy[1], yy[2])
            felt = (d[3] - g[0]) ** 2 + (d[4] - g[1]) ** 2 + (d[5] - g[2]) ** 2
            if entry is not None and entry.sin_bank and entry.lift_to_drag:   # the sideways lift, felt too
                felt += (entry.lift_to_drag * entry.sin_bank * _drag_and_fade(yy, cd_area)) ** 2
            sensed.append(math.sqrt(felt))
        log.accs.append(np.array(sensed))
        return sol
    return run


def _descend(v: SimVehicle, t: float, state, run, log: FlightLog, target, max_time: float, budget: _Budget,
             rtol: float) -> SimResult:
    """Coast, braking, entry and landing from the state at cut-off (see :func:`simulate`); the glide's bank
    guided (:func:`_guide_the_glide`) where *v* allows it."""
    from .braking import BRAKING_LOAD_SHARE as SHARE, burn_profile
    from .reentry import SUTTON_GRAVES_K

    last = v.stages[-1]
    area = v.descent_cd * v.descent_area
    entry = EntryAero(lift_to_drag=v.lift_to_drag, cos_bank=math.cos(v.bank), sin_bank=math.sin(v.bank),
                      cap=SHARE * v.g_limit, heating=SUTTON_GRAVES_K / math.sqrt(v.nose_radius))

    def ground(tt, yy):
        return altitude(*yy[:3])
    ground.terminal = True
    ground.direction = -1

    if v.braking_dv > 0 and v.lands:
        # lit where it must be: to end as planned, its own (throttled) length after ignition
        m_after = state[6] / math.exp(v.braking_dv / (G0 * last.isp_vac))
        length, _ = burn_profile(v.braking_dv, last.thrust_vac, G0 * last.isp_vac, m_after, entry.cap)
        light = t + max(_time_to_interface(state, v.interface_radius) + v.braking_end - length, 0.0)
        if light > t:
            sol = run(t, state, light, None, None, (ground,), area, None, entry=entry)
            t, state = sol.t[-1], np.array(sol.y[-1])
        log.events["braking burn"] = t

        def braked(tt, yy, m_after=m_after):
            return yy[6] - m_after
        braked.terminal = True

        def slow(tt, yy):    # a braking burn never reverses the fall
            return air_speed(yy) - BRAKING_FLOOR_SPEED
        slow.terminal = True
        brake = SimStage(0, 0, 0, last.isp_sl, last.isp_vac, last.thrust_vac, last.thrust_vac, 0.0)
        sol = run(t, state, t + max_time, "retro", brake, (braked, slow, ground), area, None, entry=entry)
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
    sol = _coast_to_guidance(t, state, run, area, entry, ground, v.interface_radius, max_time)
    t, state = sol.t[-1], np.array(sol.y[-1])
    if sol.status == 1 and sol.t_events[0]:       # met the ground on the way (nothing left to guide)
        log.events["touchdown"] = t
        return _finish(log, v, target, False, "the stage met the ground before its entry")
    return _guide_the_glide(v, t, state, run, log, target, max_time, entry, profile, budget, rtol)


def guided(v: SimVehicle) -> bool:
    """Is the glide of *v* flown with bank guidance (a lifting stage that lands, with a bank interval)?"""
    return v.guide_bank and v.lands and v.lift_to_drag > 0.0 and v.max_bank > v.min_bank


def _coast_to_guidance(t: float, state, run, area: float, entry, ground, radius: float, max_time: float):
    """Coast (lift and drag acting) from *state* to where the bank guidance takes over: down through the
    entry interface (geocentric *radius* [m]), or the apogee where the arc stays below it, or at once where
    the stage is already coming down below it (after a braking burn).  Events: (ground, the start)."""
    r = math.sqrt(dot3(state[:3], state[:3]))
    climbing = dot3(state[:3], air_velocity(state)) > 0.0
    if r > radius:
        def start(tt, yy):
            return math.sqrt(yy[0] * yy[0] + yy[1] * yy[1] + yy[2] * yy[2]) - radius
    elif climbing:
        def start(tt, yy):
            return dot3(yy[:3], air_velocity(yy))
    else:
        return Solution([t], [list(state)], [None], 0, [[], []])
    start.terminal = True
    start.direction = -1
    return run(t, state, t + max_time, None, None, (ground, start), area, None, entry=entry)


def _downrange_error(start, end, target) -> float:
    """How far [m] Earth-fixed point *end* lies beyond (+) or short of (−) *target* along the great circle
    from *start* through *target* (mean radius)."""
    s, e, g = (np.asarray(p, float) / np.linalg.norm(p) for p in (start, end, target))
    normal = np.array(cross3(s, g))
    normal /= np.linalg.norm(normal)
    along_end = math.atan2(dot3(cross3(s, e), normal), dot3(s, e))
    along_target = math.atan2(float(np.linalg.norm(cross3(s, g))), dot3(s, g))
    return R_MEAN * (along_end - along_target)


def _crosstrack_error(start, end, target) -> float:
    """How far [m] Earth-fixed point *end* lies off the great circle from *start* through *target*, to its
    left (+) or right (−) (mean radius)."""
    s, e, g = (np.asarray(p, float) / np.linalg.norm(p) for p in (start, end, target))
    normal = np.array(cross3(s, g))
    normal /= np.linalg.norm(normal)
    return R_MEAN * math.asin(max(-1.0, min(1.0, dot3(e, normal))))


def _guide_the_glide(v: SimVehicle, t: float, state, run, log: FlightLog, target, max_time: float, entry: EntryAero,
                     profile, budget: _Budget, rtol: float) -> SimResult:
    """The glide and landing from *state* (where the guidance takes over) at the bank that
    :func:`.bank_guidance.correct` chooses: each prediction is the rest of this very flight (glide, landing
    burn) at a trial bank, integrated at PLANNING_RTOL; the chosen bank is then flown at *rtol* (or, at
    PLANNING_RTOL, its prediction is the flight).  A guess (SimVehicle.bank_guess) is flown first at *rtol*
    itself: on target it is the flight, else the first prediction.  The bank is held from here to
    touchdown."""
    from .bank_guidance import correct

    here = eci_to_ecef(state[:3], t)
    predictions: dict = {}

    def fly(u: float, tolerance: float, into=None):
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
        predicted = _downrange_error(here, end, target), float(np.max(res.sensed_acceleration[before_burn]))
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
        log.ts.extend(p_log.ts[1:])
        log.xs.extend(p_log.xs[1:])
        log.accs.extend(p_log.accs[1:])
        log.events, log.dv_used = dict(p_log.events), p_log.dv_used
        res = _finish(log, v, target, res.ok, res.note)
    else:
        res, _ = fly(found.u, rtol, (run, log))
    res.bank = math.acos(min(max(found.u, -1.0), 1.0))
    end = eci_to_ecef(res.states[-1, :3], res.t[-1])
    res.bank_guidance = {"status": found.status, "predictions": len(found.tried),
                         "planned_miss": found.planned_miss, "miss": _downrange_error(here, end, target),
                         "banks": [math.acos(min(max(u, -1.0), 1.0)) for u, _, _ in found.tried],
                         "remaining": remaining, "slope": found.slope}
    return res


def _glide_and_land(v: SimVehicle, t: float, state, run, log: FlightLog, target, max_time: float, entry: EntryAero,
                    profile) -> SimResult:
    """The glide at *entry*'s bank and the landing burn on *profile* (:func:`landing_profile`), from *state*."""
    last = v.stages[-1]
    area = v.descent_cd * v.descent_area
    thrust_land = last.landing_thrust

    def ground(tt, yy):
        return altitude(*yy[:3])
    ground.terminal = True
    ground.direction = -1

    def ignite(tt, yy):
        """v_profile² − w²: positive while the stage may keep falling; the burn is lit where it turns negative.

        w is the descent rate through the air, the profile being a vertical fall: a stage still flying a
        slanted path at speed (after the braking burn, say) has the drag pulse ahead of it, which the
        profile does not count; compared with its whole speed, it lit the burn 100 km up."""
        return profile_speed_squared(profile, altitude(*yy[:3])) - descent_rate(yy) ** 2
    ignite.terminal = True
    ignite.direction = -1
    sol = run(t, state, t + max_time, None, None, (ignite, ground) if profile else (ground,), area, None,
              entry=entry)
    t, state = sol.t[-1], np.array(sol.y[-1])
    if profile and sol.status == 1 and sol.t_events[0]:
        log.events["landing burn"] = t
        land_stage = SimStage(0, 0, 0, last.isp_sl, last.isp_sl, thrust_land, thrust_land, thrust_land)

        def stopped(tt, yy):
            return air_speed(yy) - 2.0
        stopped.terminal = True
        m_before = state[6]
        sol = run(t, state, t + 600, "land", land_stage, (stopped, ground), area, None, profile, entry=entry)
        log.dv_used += G0 * last.isp_sl * math.log(m_before / sol.y[-1][6])
        t, state = sol.t[-1], np.array(sol.y[-1])
        h_end = altitude(*state[:3])
        if h_end > LANDING_HEIGHT_TOLERANCE:
            return _finish(log, v, target, False, f"the landing burn stopped the stage {h_end:,.0f} m above the ground")
    log.events["touchdown"] = t
    return _finish(log, v, target, True, "")


def _integrate(fun, t0: float, y0, t_end: float, rtol: float, atol: list[float], events: list) -> Solution:
    """One segment of a flight, from *t0* to *t_end* [s] or a terminal event, steps at most MAX_STEP [s]:
    by :func:`.integrate.dopri5` (METHOD "RK45" and LEAN) or by scipy's ``solve_ivp`` (the reference)."""
    if METHOD == "RK45" and LEAN:
        return dopri5(fun, t0, y0, t_end, rtol=rtol, atol=atol, max_step=MAX_STEP, events=events)
    from scipy.integrate import solve_ivp

    sol = solve_ivp(fun, (t0, t_end), np.asarray(y0, float), events=events, rtol=rtol, atol=atol,
                    method=METHOD, max_step=MAX_STEP)
    return Solution(sol.t.tolist(), sol.y.T.tolist(), [None] * len(sol.t), sol.status,
                    [te.tolist() for te in sol.t_events])


def _time_to_interface(state, radius: float) -> float:
    """Time [s] until the coast from *state* (ECI) comes down through the entry interface (geocentric
    *radius* [m]), on its vacuum conic; 0 if it is already below."""
    from .kepler import Conic

    r = math.sqrt(dot3(state[:3], state[:3]))
    v = math.sqrt(dot3(state[3:6], state[3:6]))
    down = math.asin(max(-1.0, min(1.0, -dot3(state[:3], state[3:6]) / (r * v))))
    conic = Conic(r, v, down)
    return max(float(conic.time_to(conic.descending_anomaly(radius))), 0.0)


def _finish(log: FlightLog, v: SimVehicle, target, ok: bool, note: str, ran_dry: bool = False,
            fell_back: bool = False) -> SimResult:
    """The flight's result from its *log*: *ok* and *note* say how it ended."""
    t = np.concatenate(log.ts)
    s = np.concatenate(log.xs)
    res = SimResult(t=t, states=s, events=log.events, delta_v_used=log.dv_used, ok=ok, note=note,
                    ascent_propellant=list(log.burnt), braking_delta_v=log.braking_dv, ran_dry=ran_dry,
                    fell_back=fell_back)
    res.sensed_acceleration = np.concatenate(log.accs)
    end_ecef = eci_to_ecef(s[-1, :3], t[-1])
    res.touchdown = ecef_to_geodetic(end_ecef)
    x, y, z, vx, vy, vz = s[-1, :6]
    res.touchdown_speed = math.sqrt((vx + OMEGA_EARTH * y) ** 2 + (vy - OMEGA_EARTH * x) ** 2 + vz ** 2)
    res.miss = surface_distance(end_ecef, target)
    final_dry = v.stages[-1].dry + v.payload
    res.propellant_at_touchdown = float(s[-1, 6] - final_dry)
    return res


def history(res: SimResult, v: SimVehicle) -> dict:
    """Time history in SI: t, lat, lon, altitude, speed (air-relative), flight-path angle, mass, q, acceleration."""
    t, s = res.t, res.states
    n = len(t)
    out = {k: np.empty(n) for k in ("lat", "lon", "altitude", "speed", "flight_path_angle", "dynamic_pressure")}
    for k in range(n):
        x, y, z, vx, vy, vz = s[k, :6]
        e = eci_to_ecef(s[k, :3], t[k])
        out["lat"][k], out["lon"][k] = ecef_to_geodetic(e)
        h = altitude(x, y, z)
        ux, uy, uz = vx + OMEGA_EARTH * y, vy - OMEGA_EARTH * x, vz
        va = math.sqrt(ux * ux + uy * uy + uz * uz)
        r = math.sqrt(x * x + y * y + z * z)
        out["altitude"][k] = h
        out["speed"][k] = va
        out["flight_path_angle"][k] = math.asin(max(-1, min(1, (x * ux + y * uy + z * uz) / (r * va)))) if va > 0 else 0.0
        out["dynamic_pressure"][k] = 0.5 * atmosphere(h)[2] * va * va if h < 150_000 else 0.0
    out["acceleration"] = res.sensed_acceleration          # recorded by the integrator, segment by segment
    out["t"] = t
    out["mass"] = s[:, 6]
    return out



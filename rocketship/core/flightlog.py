"""How a 3-DOF flight is integrated and recorded: the integrator's settings and budget, one segment at a time
(:func:`_runner`), the :class:`FlightLog` a flight records as it is flown, the :class:`Checkpoint` another flight
goes on from, and the :class:`SimResult` it ends with (:func:`_finish`, :func:`history`)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

import numpy as np

from .constants import OMEGA_EARTH
from .frames import Vec, altitude, atmosphere, ecef_to_geodetic, eci_to_ecef, gravity, surface_distance
from .integrate import Event, Rhs, Solution, dopri5
from .motion import EntryAero, LandingProfile, SimStage, _drag_and_fade, rhs

if TYPE_CHECKING:
    from .flight3dof import SimVehicle

# a flight's right-hand side (:data:`.integrate.Rhs`) is the derivative of a state [x, y, z, vx, vy, vz, m, Q]
# at time t [s], f(t, y); its events (:data:`.integrate.Event`) are functions of (t, y) whose zero the
# integration finds (:func:`.integrate.event`)

#: integration tolerance of planning flights (pitch-over search, fuel load, braking size): their
#: answers move by ~1e-5 rad and ~1 kg from 1e-8, at a seventh of the cost; guided flights keep 1e-8
PLANNING_RTOL = 1e-6
MAX_STEP = 15.0                   #: longest integration step [s] (history resolution)
METHOD = "RK45"                   #: the integration method, as scipy names it (see the note in simulate)
#: RK45 is stepped by :func:`.integrate.dopri5` (scipy's RK45 on floats: its steps, at a fraction of its
#: overhead); with False, or any other METHOD, by scipy's ``solve_ivp`` (the reference)
LEAN = True
#: Bounds on one simulated flight (a shipped vehicle's takes ~1,000 right-hand-side calls and ~10 ms): a
#: vehicle the catalogue's checks let through but whose equations still stiffen (a step size shrinking
#: without end) stops with IntegrationBudgetExceeded instead of running on.
MAX_RHS_CALLS = 200_000
MAX_SECONDS = 20.0


class IntegrationBudgetExceeded(RuntimeError):
    """One simulated flight needed more right-hand-side calls or wall time than its budget allows."""


class _Budget:
    """Counts the right-hand-side calls and the wall time of one :func:`simulate` call."""

    def __init__(self) -> None:
        self.calls = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def rhs(self, *args: Any) -> Rhs:
        """:func:`rhs` with its arguments after the state bound to *args*, each call counted (one frame:
        the integrator calls it six times a step)."""
        def counted(t: float, y: Sequence[float]) -> list[float]:
            self.calls += 1
            if self.calls > MAX_RHS_CALLS or (self.calls % 256 == 0 and time.monotonic() > self.deadline):
                raise IntegrationBudgetExceeded(
                    f"the 3-DOF integration of one flight passed its budget of {MAX_RHS_CALLS:,} steps or "
                    f"{MAX_SECONDS:.0f} s at t = {t:.0f} s of flight")
            derivative: list[float] = rhs(t, y, *args)
            return derivative
        return counted


@dataclass
class FlightLog:
    """A flight as it is flown: its points [s], states and sensed accelerations [m/s²], segment by segment (a
    segment's arrays never change once recorded), the times of its events [s], the ideal Δv of its burns [m/s],
    the propellant each stage burnt on the climb [kg] and the braking burn's Δv as flown [m/s]."""

    ts: list[np.ndarray]
    xs: list[np.ndarray]
    accs: list[np.ndarray]
    events: dict[str, float] = field(default_factory=dict)
    dv_used: float = 0.0
    burnt: list[float] = field(default_factory=list)
    braking_dv: float = 0.0

    @classmethod
    def starting(cls, t: float, state: np.ndarray, like: FlightLog | None = None) -> FlightLog:
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
    events: dict[str, float] = field(default_factory=dict)
    touchdown: tuple[float, float] | None = None         #: (lat, lon) [deg]
    miss: float = math.nan                 #: distance from touchdown to the landing zone [m]
    propellant_at_touchdown: float = math.nan
    delta_v_used: float = 0.0              #: ideal Δv of every burn [m/s]
    ok: bool = False
    note: str = ""
    ran_dry: bool = False                  #: the climb ran out of propellant before cut-off (or had none)
    fell_back: bool = False                #: the climb fell back to the ground before cut-off
    sensed_acceleration: np.ndarray | None = None   #: non-gravitational acceleration at each point [m/s²]
    touchdown_speed: float = math.nan      #: air-relative speed at the end [m/s]
    ascent_propellant: list[float] = field(default_factory=list)   #: burnt by each stage on the way up [kg]
    cutoff: Checkpoint | None = None       #: the flight at cut-off, to fly the descent again
    #: the climb up to the last stage's ignition (what :func:`simulate` takes as *last_stage_from*), or None
    last_stage: Checkpoint | None = None
    braking_delta_v: float = 0.0           #: ideal Δv of the braking burn as flown [m/s]
    bank: float = math.nan                 #: the glide's bank as flown [rad] (nan: no descent flown)
    #: the bank guidance (None: unguided): its status, predictions, the planned bank's predicted downrange
    #: error and the flown touchdown's [m], the banks it tried [rad]
    bank_guidance: dict[str, Any] | None = None


#: absolute integration tolerances of the state [x, y, z, vx, vy, vz, m, Q]; the heat load's is loose (1 kJ/m²
#: on loads of MJ/m²): its value never steers the flight
ATOL = [1e-3] * 3 + [1e-6] * 3 + [1e-3, 1e3]


class Run(Protocol):
    """One segment of a flight, integrated and recorded (what :func:`_runner` makes): from *t0* [s] in state
    *y0* to *t_end* [s] or a terminal event of *evs*, in *mode* (:func:`.motion.rhs`) on *stage* (None: a coast)."""

    def __call__(self, t0: float, y0: np.ndarray, t_end: float, mode: str | None, stage: SimStage | None,
                 evs: Sequence[Event] = (), cd_area: float | None = None,
                 table: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
                 profile: LandingProfile | None = None, entry: EntryAero | None = None,
                 law: tuple[float, ...] | None = None) -> Solution: ...


def _runner(budget: _Budget, rtol: float, log: FlightLog) -> Run:
    """run(t0, y0, t_end, mode, stage, ...): integrate one segment of a flight at *rtol*, appending its points,
    states and sensed accelerations to *log*; the right-hand-side calls counted by *budget*."""

    def run(t0: float, y0: np.ndarray, t_end: float, mode: str | None, stage: SimStage | None,
            evs: Sequence[Event] = (), cd_area: float | None = None,
            table: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
            profile: LandingProfile | None = None, entry: EntryAero | None = None,
            law: tuple[float, ...] | None = None) -> Solution:
        fun = budget.rhs(stage.thrust_vac, stage.thrust_sl, stage.isp_vac, mode, cd_area, table, profile, entry, law) \
            if stage is not None else budget.rhs(0.0, 0.0, 1.0, "coast", cd_area, table, None, entry)
        sol = _integrate(fun, t0, y0, t_end, rtol, ATOL, list(evs))
        log.ts.append(np.array(sol.t[1:]))
        log.xs.append(np.array(sol.y[1:], dtype=float).reshape(-1, len(sol.y[0])))
        # sensed (non-gravitational) acceleration at each recorded point: what the cargo feels (from the
        # derivative the method took there, where it took one: the same numbers, one call fewer a step)
        sensed: list[float] = []
        for tt, yy, d in zip(sol.t[1:], sol.y[1:], sol.f[1:]):
            d = d if d is not None else fun(tt, yy)
            g = gravity(yy[0], yy[1], yy[2])
            felt = (d[3] - g[0]) ** 2 + (d[4] - g[1]) ** 2 + (d[5] - g[2]) ** 2
            if entry is not None and entry.sin_bank and entry.lift_to_drag:   # the sideways lift, felt too
                # (a flight with an entry, the descent, always gives its drag area)
                felt += (entry.lift_to_drag * entry.sin_bank * _drag_and_fade(yy, cast(float, cd_area))) ** 2
            sensed.append(math.sqrt(felt))
        log.accs.append(np.array(sensed))
        return sol
    return run


def _integrate(fun: Rhs, t0: float, y0: Vec, t_end: float, rtol: float, atol: list[float],
               events: list[Event]) -> Solution:
    """One segment of a flight, from *t0* to *t_end* [s] or a terminal event, steps at most MAX_STEP [s]:
    by :func:`.integrate.dopri5` (METHOD "RK45" and LEAN) or by scipy's ``solve_ivp`` (the reference)."""
    if METHOD == "RK45" and LEAN:
        # (dopri5 declares a sequence of floats and reads y0 by index and length: a state array serves)
        return dopri5(fun, t0, cast(Sequence[float], y0), t_end, rtol=rtol, atol=atol, max_step=MAX_STEP,
                      events=events)
    from scipy.integrate import solve_ivp

    sol = solve_ivp(fun, (t0, t_end), np.asarray(y0, float), events=events, rtol=rtol, atol=atol,
                    method=METHOD, max_step=MAX_STEP)
    return Solution(sol.t.tolist(), sol.y.T.tolist(), [None] * len(sol.t), sol.status,
                    [te.tolist() for te in sol.t_events])


def _finish(log: FlightLog, v: SimVehicle, target: Vec, ok: bool, note: str, ran_dry: bool = False,
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


def history(res: SimResult, v: SimVehicle) -> dict[str, np.ndarray]:
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
    assert res.sensed_acceleration is not None            # _finish records it
    out["acceleration"] = res.sensed_acceleration          # recorded by the integrator, segment by segment
    out["t"] = t
    out["mass"] = s[:, 6]
    return out

"""Flight: can this rocket fly this route with this cargo, and how long does it take?

The quantity shell around :mod:`rocketship.core.estimate`: it takes
catalogue vehicles, places and pint Quantities, converts them to SI floats
once, runs the float core (vectorised), and returns Quantities.

* :func:`plan_flight` — one route → :class:`FlightPlan`.
* :func:`study` — arrays of routes and/or of a parameter (payload, flight-path
  angle…) → a dict of arrays of Quantities, computed in one vectorised pass.
* :func:`payload_range` — the payload–range curve of a vehicle on a bearing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .catalog.places import Place, resolve_place
from .catalog.vehicles import Rocket, load_rocket
from .core import estimate as est
from .core.constants import G0
from .core.rocket import StageParams, VehicleParams
from .errors import InputError
from .units import Q_, as_quantity, unit_string

HALF_CIRCUMFERENCE = 20_037_508.0  # [m] half the WGS-84 equatorial circumference, pi * 6,378,137 m
TRAJECTORY_HELP = "min-energy, fpa:DEG (burnout flight-path angle, 0-90) or tof:MIN (free-flight minutes)"


_PARAMS: dict[int, tuple[Rocket, VehicleParams]] = {}


def vehicle_params(rocket: Rocket, draw=None) -> VehicleParams:
    """The floats the core needs from a catalogue rocket (mode values of ranged figures); cached.

    With *draw* (a :class:`rocketship.uncertainty.Sampler`) ranged figures become arrays of samples.
    """
    if draw is not None:
        return _vehicle_params(rocket, draw)
    hit = _PARAMS.get(id(rocket))
    if hit is not None and hit[0] is rocket:
        return hit[1]
    vp = _vehicle_params(rocket)
    _PARAMS[id(rocket)] = (rocket, vp)
    return vp


def _vehicle_params(rocket: Rocket, draw=None) -> VehicleParams:
    def v(fig):
        return draw(fig, rocket.id) if draw is not None else fig.value

    stages = []
    for s in rocket.stages:
        stages.append(StageParams(
            dry=v(s.dry_mass), propellant=v(s.propellant_mass),
            isp_sl=v(s.isp_sea_level), isp_vac=v(s.isp_vacuum),
            thrust_sl=v(s.thrust_sea_level or s.thrust_vacuum), thrust_vac=v(s.thrust_vacuum),
            recovery=s.recovery,
            landing_thrust=v(s.landing_thrust or s.thrust_sea_level or s.thrust_vacuum),
            descent_cd=v(s.descent_cd) if s.descent_cd else 1.0,
            descent_area=v(s.descent_reference_area or rocket.aero.reference_area),
        ))
    return VehicleParams(stages=tuple(stages), cd_max=max(rocket.aero.drag.columns["cd"]),
                         reference_area=v(rocket.aero.reference_area), g_limit=v(rocket.bay.axial_g_limit),
                         nose_radius=v(rocket.aero.nose_radius) if rocket.aero.nose_radius else 1.0)


def parse_trajectory(spec: str) -> tuple[str, float | None]:
    """``"min-energy"`` | ``"fpa:DEG"`` | ``"tof:MIN"`` → (mode, SI value)."""
    if not isinstance(spec, str):
        raise InputError(f"trajectory must be {TRAJECTORY_HELP}")
    text = spec.strip().lower()
    if text in ("min-energy", "minimum-energy", "min_energy"):
        return "min-energy", None
    kind, _, arg = text.partition(":")
    if kind not in ("fpa", "tof") or not arg:
        raise InputError(f"unknown trajectory {spec!r}; use {TRAJECTORY_HELP}")
    try:
        x = float(arg)
    except ValueError:
        raise InputError(f"trajectory {spec!r}: {arg!r} is not a number; use {TRAJECTORY_HELP}") from None
    if not np.isfinite(x):
        raise InputError(f"trajectory {spec!r}: the number must be finite")
    if kind == "fpa":
        if not 0.0 < x < 90.0:
            raise InputError(f"trajectory {spec!r}: the flight-path angle must lie between 0 and 90 degrees")
        return "fpa", np.radians(x)
    if x <= 0:
        raise InputError(f"trajectory {spec!r}: the time of flight must be positive")
    return "tof", x * 60.0


@dataclass
class FlightPlan:
    """The flight of one rocket on one route (pint Quantities)."""

    fidelity: str
    trajectory: str
    launch_site: Place
    landing_site: Place
    payload: object
    volume: object
    range: object
    free_flight_range: object
    time_of_flight: object
    boost_time: object
    free_flight_time: object
    braking_time: object
    descent_time: object
    burnout_speed: object
    burnout_speed_relative: object
    burnout_flight_path_angle: object
    burnout_altitude: object
    launch_azimuth: object
    apogee: object
    entry_speed: object
    entry_flight_path_angle: object
    peak_deceleration: object
    peak_deceleration_unbraked: object
    peak_heat_flux: object
    braking_delta_v: object
    landing_delta_v: object
    gravity_loss: object
    drag_loss: object
    delta_v_required: object
    delta_v_available: object
    delta_v_margin: object
    max_payload: object
    max_range: object
    feasible: bool
    reasons: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    _QUANTITIES = ("payload", "volume", "range", "free_flight_range", "time_of_flight", "boost_time",
                   "free_flight_time", "braking_time", "descent_time", "burnout_speed", "burnout_speed_relative",
                   "burnout_flight_path_angle", "burnout_altitude", "launch_azimuth", "apogee", "entry_speed",
                   "entry_flight_path_angle", "peak_deceleration", "peak_deceleration_unbraked", "peak_heat_flux",
                   "braking_delta_v", "landing_delta_v", "gravity_loss", "drag_loss", "delta_v_required",
                   "delta_v_available", "delta_v_margin", "max_payload", "max_range")

    def to_dict(self) -> dict:
        out = self._to_dict()
        sim = getattr(self, "simulation", None)
        if sim is not None:
            out["simulation"] = {
                k: {"value": float(getattr(sim, k).magnitude), "unit": unit_string(getattr(sim, k))}
                for k in ("peak_dynamic_pressure", "peak_dynamic_pressure_altitude", "peak_heat_flux",
                          "propellant_at_touchdown", "miss_distance")}
            out["simulation"]["events"] = {k: {"value": float(v), "unit": "s"} for k, v in sim.events.items()}
            out["simulation"]["guidance"] = {k: (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                                             for k, v in sim.guidance.items()}
        return out

    def _to_dict(self) -> dict:
        def site(p: Place):
            return {"name": p.name, "code": p.code, "lat": {"value": p.lat, "unit": "deg"},
                    "lon": {"value": p.lon, "unit": "deg"}}

        out = {"fidelity": self.fidelity, "trajectory": self.trajectory,
               "launch_site": site(self.launch_site), "landing_site": site(self.landing_site)}
        for name in self._QUANTITIES:
            q = getattr(self, name)
            out[name] = None if q is None else {"value": float(q.magnitude), "unit": unit_string(q)}
        out["feasible"] = bool(self.feasible)
        out["reasons"] = list(self.reasons)
        return out


ESTIMATE_ASSUMPTIONS = [
    "estimate tier: equivalent-impulse Keplerian arc on a rotating spherical Earth (R = 6,371 km); "
    "min-energy means least ground-relative burnout speed",
    "ascent losses from a stated pitch programme calibrated on Falcon 9 (22.8 t to 200 km implies 1.35-1.72 km/s)",
    "entry interface at 120 km; Allen-Eggers ballistic peak deceleration (H = 7.2 km; entry angles under 5 deg "
    "taken at 5 deg) from the vacuum arc's speed and angle where drag has taken 5 % of the speed, so that the fall "
    "into the air counts (runs 10-26 % below the 3-DOF simulation); a cargo stage that lands brakes propulsively "
    "at the interface to keep the cargo within its g limit",
    "boosters keep propellant for recovery: entry burn 0.8 km/s (calibrated on Falcon 9 drone-ship payload) "
    "plus a landing burn from terminal velocity; return-to-launch-site adds a boost-back",
    "2 % of each stage's propellant is unusable; landing burn at 70 % thrust plus 5 s of hover",
]


def _q(x, unit, to=None):
    """A scalar Quantity, or None where the model has no finite answer (e.g. no landing possible)."""
    value = float(np.asarray(x))
    if not np.isfinite(value):
        return None
    q = Q_(value, unit)
    return q.to(to) if to else q


def plan_flight(rocket: Rocket, launch: Place, landing: Place, payload, volume, trajectory: str = "min-energy",
                *, with_max_range: bool = True) -> FlightPlan:
    """Estimate-tier flight of *rocket* from *launch* to *landing* with *payload* (mass) in *volume*."""
    mode, value = parse_trajectory(trajectory)
    m = float(as_quantity(payload, "mass", name="payload", nonnegative=True).m_as("kg"))
    vol = float(as_quantity(volume, "volume", name="volume", nonnegative=True).m_as("m**3"))
    vp = vehicle_params(rocket)
    if mode == "tof":
        from .core.ballistic import shortest_tof
        from .core.geodesy import central_angle

        floor = float(shortest_tof(central_angle(launch.lat, launch.lon, landing.lat, landing.lon), est.R_MEAN))
        if value <= floor * 1.001:
            raise InputError(f"trajectory {trajectory!r}: no ballistic arc spans this range that fast; "
                             f"the fastest (grazing) arc takes about {floor / 60:.1f} min")
    route = est._Route(launch.lat, launch.lon, landing.lat, landing.lon, mode, value, est.OMEGA_EARTH, est.R_MEAN)
    f = est._evaluate(vp, route, m)
    max_dv_payload = float(est.max_payload(vp, None, None, None, None, route=route))
    rated = rocket.bay.payload.value
    g_limited = bool(f.g_limited)
    max_pl = 0.0 if g_limited else min(max_dv_payload, rated)
    reasons = []
    if not bool(f.converged):
        reasons.append("the trajectory solver did not converge for this route; the figures are unreliable")
    if bool(f.grazing):
        apogee = float(f.apogee)
        reasons.append(f"this arc skims the atmosphere (apogee "
                       f"{f'{apogee:,.0f} m' if apogee < 10e3 else f'{apogee / 1e3:,.0f} km'} at "
                       f"{float(f.burnout_speed) / 1e3:.1f} km/s): no ballistic flight; a steeper arc must clear "
                       f"the air")
    landing_impossible = bool(f.landing_impossible)
    if f.margin < 0 and not landing_impossible:  # no landing, no finite Δv budget: that reason stands alone
        reasons.append(f"Δv short by {-float(f.margin) / 1e3:.2f} km/s: needs {float(f.delta_v_required) / 1e3:.2f}, "
                       f"the stack gives {float(f.delta_v_available) / 1e3:.2f} with {m / 1e3:.3g} t of cargo")
        if f.braking_delta_v > 0:
            reasons.append(f"{float(f.braking_delta_v) / 1e3:.2f} km/s of that is the braking burn that keeps "
                           f"the entry within the cargo limit of {rocket.bay.axial_g_limit.value / G0:.0f} g "
                           f"(unbraked peak {float(f.peak_deceleration_unbraked) / G0:.0f} g)")
    if g_limited:
        reasons.append(f"peak deceleration {float(f.peak_deceleration) / G0:.0f} g exceeds the cargo limit of "
                       f"{rocket.bay.axial_g_limit.value / G0:.0f} g and the {rocket.cargo_stage.name} cannot brake")
    if landing_impossible:
        reasons.append(f"the landing engines cannot hold up the {rocket.cargo_stage.name} with {m / 1e3:.3g} t of cargo")
    if m > rated * (1 + 1e-9):
        reasons.append(f"payload {m / 1e3:.3g} t exceeds the bay's rated {rated / 1e3:.3g} t")
    if vol > rocket.bay.volume.value * (1 + 1e-9):
        reasons.append(f"volume {vol:.4g} m³ exceeds the bay's {rocket.bay.volume.value:.4g} m³")
    feasible = not reasons
    max_range = None
    if with_max_range:
        r = est.max_range_along(vp, launch.lat, launch.lon, _bearing(launch, landing), m)
        max_range = _q(r, "m", "km")
    return FlightPlan(
        fidelity="estimate", trajectory=trajectory, launch_site=launch, landing_site=landing,
        payload=_q(m, "kg", "t"), volume=_q(vol, "m**3"),
        range=_q(f.ground_range, "m", "km"), free_flight_range=_q(f.free_flight_range, "m", "km"),
        time_of_flight=_q(f.time_of_flight, "s", "min"), boost_time=_q(f.boost_time, "s", "min"),
        free_flight_time=_q(f.free_flight_time, "s", "min"), braking_time=_q(f.braking_time, "s", "min"),
        descent_time=_q(f.descent_time, "s", "min"),
        burnout_speed=_q(f.burnout_speed, "m/s", "km/s"), burnout_speed_relative=_q(f.burnout_speed_relative, "m/s", "km/s"),
        burnout_flight_path_angle=_q(f.burnout_flight_path_angle, "rad", "deg"),
        burnout_altitude=_q(f.burnout_altitude, "m", "km"), launch_azimuth=_q(f.launch_azimuth, "rad", "deg"),
        apogee=_q(f.apogee, "m", "km"), entry_speed=_q(f.entry_speed, "m/s", "km/s"),
        entry_flight_path_angle=_q(f.entry_flight_path_angle, "rad", "deg"),
        peak_deceleration=_q(f.peak_deceleration, "m/s**2", "g_0"),
        peak_deceleration_unbraked=_q(f.peak_deceleration_unbraked, "m/s**2", "g_0"),
        peak_heat_flux=_q(f.peak_heat_flux, "W/m**2", "kW/m**2"),
        braking_delta_v=_q(f.braking_delta_v, "m/s", "km/s"), landing_delta_v=_q(f.landing_delta_v, "m/s", "km/s"),
        gravity_loss=_q(f.gravity_loss, "m/s", "km/s"), drag_loss=_q(f.drag_loss, "m/s", "km/s"),
        delta_v_required=_q(f.delta_v_required, "m/s", "km/s"), delta_v_available=_q(f.delta_v_available, "m/s", "km/s"),
        delta_v_margin=_q(f.margin, "m/s", "km/s"), max_payload=_q(max_pl, "kg", "t"), max_range=max_range,
        feasible=feasible, reasons=reasons, assumptions=list(ESTIMATE_ASSUMPTIONS) + (
            [f"near the antipode the minimum-energy arc would skim the air: lofted to a "
             f"{est.LOFTED_APOGEE / 1e3:.0f} km apogee (assumption)"] if bool(np.any(f.extra["lofted"])) else []),
    )


def _bearing(a: Place, b: Place) -> float:
    from .core.geodesy import great_circle

    return float(great_circle(a.lat, a.lon, b.lat, b.lon)[1])


def _coords(places) -> tuple[np.ndarray, np.ndarray]:
    items = [places] if isinstance(places, (str, Place)) else list(places)
    pts = [resolve_place(p) for p in items]
    return np.array([p.lat for p in pts]), np.array([p.lon for p in pts])


def study(origins, destinations, vehicle="xzy-1", *, payload=None, trajectory: str = "min-energy",
          flight_path_angle=None) -> dict:
    """Vectorised flights over arrays of routes and/or parameters.

    Parameters
    ----------
    origins, destinations : place or sequence of places (codes, site ids, "LAT,LON")
        Broadcast against each other and against *payload* / *flight_path_angle*.
    payload : mass Quantity (scalar or array), optional
        Defaults to the vehicle's rated payload.
    trajectory : str
        As for :func:`plan_flight`; ignored when *flight_path_angle* is given.
    flight_path_angle : angle Quantity (scalar or array), optional
        Sweep the burnout flight-path angle instead.

    Returns
    -------
    dict of arrays of Quantities: range, time_of_flight, burnout_speed_relative,
    delta_v_required, delta_v_available, delta_v_margin, peak_deceleration, feasible (bool array).
    """
    rocket = load_rocket(vehicle)
    vp = vehicle_params(rocket)
    lat1, lon1 = _coords(origins)
    lat2, lon2 = _coords(destinations)
    m = rocket.bay.payload.value if payload is None else as_quantity(payload, "mass", name="payload",
                                                                      nonnegative=True).m_as("kg")
    if flight_path_angle is not None:
        phi = as_quantity(flight_path_angle, "angle", name="flight-path angle").m_as("rad")
        if np.any((phi <= 0) | (phi >= np.pi / 2)):
            raise InputError("flight-path angles must lie strictly between 0 and 90 degrees")
        mode, value = "fpa", phi
    else:
        mode, value = parse_trajectory(trajectory)
    f = est.estimate_flight(vp, lat1, lon1, lat2, lon2, m, trajectory=mode, value=value)
    # the same tests as plan_flight's reasons, bar volume (study takes none)
    feasible = f.flies() & (np.asarray(m) <= rocket.bay.payload.value * (1 + 1e-9))
    return {
        "range": Q_(f.ground_range, "m").to("km"),
        "time_of_flight": Q_(f.time_of_flight, "s").to("min"),
        "burnout_speed_relative": Q_(f.burnout_speed_relative, "m/s").to("km/s"),
        "delta_v_required": Q_(f.delta_v_required, "m/s").to("km/s"),
        "delta_v_available": Q_(f.delta_v_available, "m/s").to("km/s"),
        "delta_v_margin": Q_(f.margin, "m/s").to("km/s"),
        "peak_deceleration": Q_(f.peak_deceleration, "m/s**2").to("g_0"),
        "apogee": Q_(f.apogee, "m").to("km"),
        "feasible": feasible,
    }


def payload_range(vehicle="xzy-1", *, origin="PEK", towards="JFK", ranges=None, points: int = 40) -> dict:
    """Max payload against ground range along the bearing from *origin* towards *towards*.

    Returns arrays of Quantities: range, max_payload (Δv-limited, capped at the
    rated payload), time_of_flight at that payload, and g_limited.  Without
    *ranges*, *points* ranges span where the vehicle can fly: up to a fifth
    beyond the empty vehicle's reach on this bearing.
    """
    from .core.geodesy import destination

    rocket = load_rocket(vehicle)
    vp = vehicle_params(rocket)
    a, b = resolve_place(origin), resolve_place(towards)
    bearing = _bearing(a, b)
    if ranges is None:
        reach = est.max_range_along(vp, a.lat, a.lon, bearing, 0.0)
        top = min(HALF_CIRCUMFERENCE, max(1.2 * reach, 1_000e3))
        r = np.linspace(top / points, top, points)
    else:
        r = as_quantity(ranges, "length", name="range", positive=True).m_as("m")
    r = np.atleast_1d(np.asarray(r, dtype=float))
    if np.any(r > HALF_CIRCUMFERENCE):
        raise InputError(f"range cannot exceed half the Earth's circumference ({HALF_CIRCUMFERENCE / 1e3:,.0f} km): "
                         f"beyond it the shorter way round is the other way")
    lat2, lon2 = destination(a.lat, a.lon, bearing, r)
    route = est._Route(a.lat, a.lon, lat2, lon2, "min-energy", None, est.OMEGA_EARTH, est.R_MEAN)
    mp = est.max_payload(vp, None, None, None, None, route=route)
    limited = est._evaluate(vp, route, 0.0).g_limited
    mp = np.where(limited, 0.0, np.minimum(mp, rocket.bay.payload.value))
    f = est._evaluate(vp, route, mp)
    return {"origin": a, "towards": b, "bearing": Q_(bearing % 360, "deg"), "range": Q_(r, "m").to("km"),
            "max_payload": Q_(mp, "kg").to("t"), "time_of_flight": Q_(f.time_of_flight, "s").to("min"),
            "g_limited": np.asarray(limited)}

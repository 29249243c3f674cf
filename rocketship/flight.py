"""Flight: can this rocket fly this route with this cargo, and how long does it take?

The quantity shell around the float core (:mod:`rocketship.core.estimate`, :mod:`rocketship.core.trajectory`):
it takes catalogue vehicles, places and pint Quantities, converts them to SI floats once, runs the core
(vectorised), and returns Quantities.

* :func:`plan_flight` — one route → :class:`.flightplan.FlightPlan`: the flight chosen under the cargo's g limit
  and the heat shield's limits, why it does or does not fly, what limits it and what relaxing that would buy.
* :func:`vehicle_params` — a catalogue rocket as the floats the core flies; :func:`failures` — why an estimate
  does not fly, in words.

Studies over many flights at once are :mod:`.studies`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeAlias, cast

import numpy as np

from .catalog.places import Place
from .catalog.vehicles import Rocket
from .core import estimate as est
from .core import limits
from .core.constants import DENSEST_MATTER, G0
from .core.rocket import StageParams, VehicleParams
from .choices import TRAJECTORY_HELP
from .errors import InputError
from .flightplan import Binding, FlightPlan, Reason, Relaxation
from .units import Q_, Quantity, QuantityLike, as_quantity

if TYPE_CHECKING:
    from .catalog.schema import Figure
    from .core.track import FlightTrack
    from .core.xp import FloatOrArray

#: how a figure becomes the core's number: a :class:`rocketship.uncertainty.Sampler` gives its point value or an
#: array of draws (held in VehicleParams' float fields, as the core's array mode does)
Draw: TypeAlias = "Callable[[Figure, str], float]"


HALF_CIRCUMFERENCE = 20_037_508.0  # [m] half the WGS-84 equatorial circumference, pi * 6,378,137 m
#: what "relaxing" the binding limit means in the answer: the next cargo class's g limit, or this much more
RELAXED_G = 6.0 * G0
RELAX_FACTOR = 1.5


_PARAMS: dict[int, tuple[Rocket, VehicleParams]] = {}


def vehicle_params(rocket: Rocket, draw: Draw | None = None) -> VehicleParams:
    """The floats the core needs from a catalogue rocket (mode values of ranged figures); cached.

    With *draw* (a :class:`rocketship.uncertainty.Sampler`) ranged figures become arrays of samples.
    ``g_limit`` is the vehicle's own design load for its payload; :func:`plan_flight` lowers it to the cargo's.
    """
    if draw is not None:
        return _vehicle_params(rocket, draw)
    hit = _PARAMS.get(id(rocket))
    if hit is not None and hit[0] is rocket:
        return hit[1]
    vp = _vehicle_params(rocket)
    _PARAMS[id(rocket)] = (rocket, vp)
    return vp


def _vehicle_params(rocket: Rocket, draw: Draw | None = None) -> VehicleParams:
    def v(fig: Figure | None, default: float | None = None) -> float:
        if fig is None:
            # a figure a file may leave out is read with a default; one without a default, the schema requires
            return cast(float, default)
        return draw(fig, rocket.id) if draw is not None else fig.value

    stages: list[StageParams] = []
    for s in rocket.stages:
        stages.append(StageParams(
            dry=v(s.dry_mass), propellant=v(s.propellant_mass),
            isp_sl=v(s.isp_sea_level), isp_vac=v(s.isp_vacuum),
            thrust_sl=v(s.thrust_sea_level or s.thrust_vacuum), thrust_vac=v(s.thrust_vacuum),
            recovery=s.recovery,
            landing_thrust=v(s.landing_thrust or s.thrust_sea_level or s.thrust_vacuum),
            descent_cd=v(s.descent_cd, 1.0),
            descent_area=v(s.descent_reference_area or rocket.aero.reference_area),
            lift_to_drag=v(s.lift_to_drag, 0.0), max_bank=v(s.max_bank, 0.0),
            heat_flux_limit=v(s.heat_flux_limit, np.inf), heat_load_limit=v(s.heat_load_limit, np.inf),
        ))
    return VehicleParams(stages=tuple(stages), cd_max=max(rocket.aero.drag.columns["cd"]),
                         reference_area=v(rocket.aero.reference_area), g_limit=v(rocket.bay.axial_g_limit),
                         nose_radius=v(rocket.aero.nose_radius) if rocket.aero.nose_radius else 1.0)


def cargo_g_limit(g_limit: QuantityLike | None = None) -> float:
    """The cargo's g limit [m/s²]: *g_limit* (an acceleration: ``"4 g0"``), or the default cargo class's."""
    if g_limit is None:
        from .catalog.economics import default_cargo

        return default_cargo().g_limit.value
    value = float(as_quantity(g_limit, "acceleration", name="g limit", positive=True).m_as("m/s**2"))
    if not G0 * 1.05 <= value <= 100 * G0:
        raise InputError(f"g limit {value / G0:.3g} g0 is outside 1.05-100 g0: a stage cannot land under 1 g0, "
                         f"and no cargo takes 100")
    return value


def check_cargo_density(mass_kg: float, volume_m3: float) -> None:
    """Refuse a cargo whose mass and volume put it above :data:`DENSEST_MATTER` (10 t in 0.001 m³ flew, and was
    priced by air, as if it could exist)."""
    if volume_m3 > 0 and mass_kg / volume_m3 > DENSEST_MATTER * (1 + 1e-9):
        raise InputError(f"{mass_kg:,.6g} kg in {volume_m3:,.6g} m³ is {mass_kg / volume_m3:,.0f} kg/m³, denser than "
                         f"any matter (osmium, the densest element, is {DENSEST_MATTER:,.0f} kg/m³): check the payload "
                         "and the volume")


def flight_params(rocket: Rocket, g_limit: float) -> VehicleParams:
    """The rocket's floats with the cargo's g limit (the lower of it and the vehicle's own design load)."""
    vp = vehicle_params(rocket)
    return replace(vp, g_limit=min(float(g_limit), vp.g_limit))


def parse_trajectory(spec: str) -> tuple[str, float | None]:
    """``"best"`` | ``"fastest"`` | ``"min-energy"`` | ``"fpa:DEG"`` | ``"tof:MIN"`` → (mode, SI value)."""
    if not isinstance(spec, str):
        raise InputError(f"trajectory must be {TRAJECTORY_HELP}")
    text = spec.strip().lower()
    if text in ("min-energy", "minimum-energy", "min_energy"):
        return "min-energy", None
    if text in ("best", "fastest"):
        return text, None
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


ESTIMATE_ASSUMPTIONS = [
    "estimate tier: equivalent-impulse Keplerian arc on a rotating spherical Earth (R = 6,371 km), aimed short of "
    "the landing zone by the ground the entry covers, so that arc and entry together span the route; the entry "
    "meets air layered over the WGS-84 ellipsoid (interface 120 km above it, its tilt along the track counted)",
    "ascent losses from a stated pitch programme calibrated on Falcon 9 (22.8 t to 200 km implies 1.35-1.72 km/s)",
    "entry: planar equations of motion relative to the turning air, with lift, gravity, the Earth's curvature and the "
    "Coriolis term of its turn (the centrifugal term left out: a glide lands 0.5-1.7 % short), through US76, "
    "integrated once over a grid of entry states and read by interpolation (peak load within about ±3 %, heating "
    "±1 %, range ±5 % of a direct integration, ±1.5 % on long glides); the hypersonic L/D is flown at a constant bank "
    "down to Mach 2 and fades by Mach 1; bank reversals assumed to keep the cross-range small",
    "entry starts where drag reaches 1 % of g0; a cargo stage that lands brakes with a finite retrograde burn above "
    "that point, lit so that it ends there, its thrust held within 95 % of the cargo's limit (braking inside the air, "
    "as Falcon 9's entry burn, is not modelled)",
    "heating: Sutton-Graves stagnation-point heat flux and its integral (heat load) at the stage's nose radius",
    "boosters keep propellant for recovery: entry burn 0.8 km/s (calibrated on Falcon 9 drone-ship payload) "
    "plus a landing burn from terminal velocity; return-to-launch-site adds a boost-back",
    "2 % of each stage's propellant is unusable; landing burn at 70 % thrust plus 5 s of hover",
]


def _q(x: FloatOrArray, unit: str, to: str | None = None) -> Quantity | None:
    """A scalar Quantity, or None where the model has no finite answer (e.g. no landing possible)."""
    value = float(np.asarray(x))
    if not np.isfinite(value):
        return None
    q = Q_(value, unit)
    return q.to(to) if to else q


def failures(v: VehicleParams, f: est.FlightEstimate, rocket: Rocket, m: float, vol: float) -> list[Reason]:
    """Why the flight *f* does not fly, most fundamental first (empty: it flies)."""
    cargo = v.stages[-1]
    out: list[Reason] = []
    if not bool(f.converged):
        out.append(Reason(Binding.CONVERGENCE, "the trajectory solver did not converge for this route; the figures "
                                               "are unreliable"))
    if bool(f.grazing):
        apogee = float(f.apogee)
        speed = float(f.burnout_speed)
        at = f" at {speed / 1e3:.1f} km/s" if np.isfinite(speed) else ""
        out.append(Reason(Binding.GRAZING, f"this arc skims the atmosphere (apogee "
                          f"{f'{apogee:,.0f} m' if apogee < 10e3 else f'{apogee / 1e3:,.0f} km'}{at}): no ballistic "
                          f"flight; a steeper arc must clear the air"))
    if bool(np.any(f.overshoots)):
        out.append(Reason(Binding.GLIDE, f"the glide would cover {float(f.entry_range) / 1e3:,.0f} km, more than this "
                                         f"route leaves for it: bank or steepen the entry"))
    if bool(f.g_limited) and cargo.recovery != "destination":
        out.append(Reason(Binding.CARGO_G, f"the cargo comes down unbraked in its own capsule (the "
                          f"{rocket.cargo_stage.name} is expended, with nothing to brake on): its entry peaks at "
                          f"{float(f.peak_deceleration_unbraked) / G0:.1f} g, over the cargo's limit of "
                          f"{v.g_limit / G0:.3g} g"))
    elif bool(f.g_limited):
        out.append(Reason(Binding.CARGO_G, f"no braking burn holds the cargo to {v.g_limit / G0:.3g} g: the entry "
                          f"peaks at {float(f.peak_deceleration_unbraked) / G0:.1f} g unbraked, and no burn that "
                          f"ends above the air brings it under the limit"))
    if bool(f.heat_flux_limited):
        out.append(Reason(Binding.HEAT_FLUX, f"peak heat flux {float(f.peak_heat_flux) / 1e3:,.0f} kW/m² passes the "
                          f"heat shield's {cargo.heat_flux_limit / 1e3:,.0f} kW/m²"))
    if bool(f.heat_load_limited):
        out.append(Reason(Binding.HEAT_LOAD, f"heat load {float(f.heat_load) / 1e6:,.0f} MJ/m² passes the heat "
                          f"shield's {cargo.heat_load_limit / 1e6:,.0f} MJ/m²"))
    if bool(f.skips):
        out.append(Reason(Binding.SKIP, "the entry climbs back out of the atmosphere (skips): bank or steepen it"))
    if bool(f.braking_too_long):
        out.append(Reason(Binding.BRAKING_TIME, f"the braking burn ({float(f.braking_time):.0f} s) would have to be "
                                                f"lit before the climb ends"))
    landing_impossible = bool(f.landing_impossible)
    if f.margin < 0 and not landing_impossible:
        short = -float(f.margin)
        # under 5 m/s would read "short by 0.00 km/s" beside two equal figures: say it in m/s, one more digit
        shortfall, digits = (f"{short:.0f} m/s", 3) if short < 5.0 else (f"{short / 1e3:.2f} km/s", 2)
        out.append(Reason(Binding.DELTA_V, f"Δv short by {shortfall}: needs "
                          f"{float(f.delta_v_required) / 1e3:.{digits}f}, the stack gives "
                          f"{float(f.delta_v_available) / 1e3:.{digits}f} with {m / 1e3:.3g} t of cargo"
                          + (f" ({float(f.braking_delta_v) / 1e3:.2f} km/s of it the braking burn that holds the cargo "
                             f"to {v.g_limit / G0:.3g} g)" if f.braking_delta_v > 0 else "")))
    if landing_impossible:
        out.append(Reason(Binding.LANDING, f"the landing engines cannot hold up the {rocket.cargo_stage.name} with "
                                           f"{m / 1e3:.3g} t of cargo"))
    rated = rocket.bay.payload.value
    if m > rated * (1 + 1e-9):
        # enough digits that the two never read alike (10.01 t is over a 10 t bay, not "10 t exceeds 10 t")
        digits = max(3, 1 + math.ceil(-math.log10(max((m - rated) / rated, 1e-12))))
        out.append(Reason(Binding.BAY_MASS, f"payload {m / 1e3:.{digits}g} t exceeds the bay's rated "
                                            f"{rated / 1e3:.{digits}g} t"))
    if vol > rocket.bay.volume.value * (1 + 1e-9):
        out.append(Reason(Binding.BAY_VOLUME, f"volume {vol:.4g} m³ exceeds the bay's {rocket.bay.volume.value:.4g} m³"))
    return out


def _bank(bank: QuantityLike | None, v: VehicleParams) -> float | None:
    """The bank angle [rad] asked for (None: the trajectory's own choice, lift up for a named arc)."""
    if bank is None:
        return None
    b = float(as_quantity(bank, "angle", name="bank angle").m_as("rad"))
    limit = v.stages[-1].max_bank
    if not 0.0 <= b <= max(limit, 0.0) + 1e-9:
        raise InputError(f"bank angle {np.degrees(b):.3g}° is outside 0-{np.degrees(limit):.0f}°, the range this "
                         f"stage flies its entry at")
    return b


def _describe(mode: str, phi: float, bank: float, lift_to_drag: float) -> str:
    lift = "lift up" if bank == 0 else f"bank {np.degrees(bank):.0f}°"
    entry = f", {lift}" if lift_to_drag > 0 else ", no lift"
    return f"{mode}: burnout flight-path angle {np.degrees(phi):.1f}°{entry}"


def _fly(v: VehicleParams, launch: Place, landing: Place, m: float, mode: str, value: float | None, bank: float | None,
         aim: float) -> tuple[est.FlightEstimate, float, float, str]:
    """(estimate, flight-path angle, bank, words) of the flight *mode* asks for; arcs aimed with *aim* [kg], as
    :func:`_max_payload`'s are, so that both see the same candidate flights."""
    from .core import trajectory

    if mode in trajectory.OBJECTIVES:
        c = trajectory.choose(v, launch.lat, launch.lon, landing.lat, landing.lon, m, objective=mode, aim_payload=aim)
        return c.estimate, c.flight_path_angle, c.bank, _describe(mode, c.flight_path_angle, c.bank,
                                                                  v.stages[-1].lift_to_drag)
    b = bank or 0.0
    r = est.route(v, launch.lat, launch.lon, landing.lat, landing.lon, mode, value, payload=aim, bank=b)
    return est.evaluate(v, r, m), float(r.arc.phi), b, _describe(mode, float(r.arc.phi), b, v.stages[-1].lift_to_drag)


def _max_payload(v: VehicleParams, launch: Place, landing: Place, rated: float, mode: str, value: float | None,
                 bank: float | None, flown: tuple[float, float] | None = None) -> tuple[float, float, float]:
    """(largest payload [kg], up to the bay's *rated* payload, and the flight-path angle and bank that carry
    it); *flown*: the (angle, bank) of the flight chosen for the cargo, tried too."""
    from .core import trajectory

    if mode in trajectory.OBJECTIVES:
        return trajectory.max_payload(v, launch.lat, launch.lon, landing.lat, landing.lon, aim_payload=rated,
                                      also=flown, ceiling=rated)
    b = bank or 0.0
    r = est.route(v, launch.lat, launch.lon, landing.lat, landing.lon, mode, value, payload=rated, bank=b)
    return float(limits.max_payload(v, r, ceiling=rated)), float(r.arc.phi), b


def _payload_limit(v: VehicleParams, rocket: Rocket, launch: Place, landing: Place, most: float, phi: float,
                   bank: float) -> Binding:
    """What stops a flight carrying more than *most* [kg] (flown at *phi*, *bank*)."""
    if most >= rocket.bay.payload.value * (1 - 1e-6):
        return Binding.BAY_MASS
    more = most + max(100.0, 0.02 * most)
    r = est.route(v, launch.lat, launch.lon, landing.lat, landing.lon, "fpa", phi, payload=rocket.bay.payload.value,
                  bank=bank)
    failing = failures(v, est.evaluate(v, r, more), rocket, more, 0.0)
    return failing[0].code if failing else Binding.DELTA_V


def _relax(v: VehicleParams, rocket: Rocket, binding: Binding, launch: Place, landing: Place, mode: str,
           value: float | None, bank: float | None) -> Relaxation | None:
    """The max payload with the binding limit (cargo g, heat flux or heat load) relaxed."""
    cargo = v.stages[-1]
    if binding is Binding.CARGO_G:
        to = max(RELAXED_G, RELAX_FACTOR * v.g_limit) if v.g_limit < RELAXED_G * 0.999 else RELAX_FACTOR * v.g_limit
        relaxed, quantity = replace(v, g_limit=to), Q_(to, "m/s**2").to("g_0")
    elif binding is Binding.HEAT_FLUX:
        to = RELAX_FACTOR * cargo.heat_flux_limit
        relaxed = replace(v, stages=v.stages[:-1] + (replace(cargo, heat_flux_limit=to),))
        quantity = Q_(to, "W/m**2").to("kW/m**2")
    elif binding is Binding.HEAT_LOAD:
        to = RELAX_FACTOR * cargo.heat_load_limit
        relaxed = replace(v, stages=v.stages[:-1] + (replace(cargo, heat_load_limit=to),))
        quantity = Q_(to, "J/m**2").to("MJ/m**2")
    else:
        return None
    most, _, _ = _max_payload(relaxed, launch, landing, rocket.bay.payload.value, mode, value, bank)
    return Relaxation(limit=binding, to=quantity, max_payload=_q(min(most, rocket.bay.payload.value), "kg", "t"))


def _track(v: VehicleParams, launch: Place, landing: Place, rated: float, payload: float, phi: float,
           bank: float) -> FlightTrack:
    from .core.track import flight_track

    route = est.route(v, launch.lat, launch.lon, landing.lat, landing.lon, "fpa", phi, payload=rated, bank=bank)
    return flight_track(route, est.evaluate(v, route, payload))


def flight_track_of(rocket: Rocket, plan: FlightPlan) -> FlightTrack:
    """The track of *plan* (flown by *rocket*) for a figure: :class:`.core.track.FlightTrack` — a simulated
    plan's own time history; an estimate-tier plan's own track when it was planned ``with_track``, else
    sampled again from its arc, bank and payload."""
    if plan.track is not None:
        return plan.track
    sim = plan.simulation
    if sim is not None and len(sim.history["t"]) > 2:
        from .core.track import simulated_track

        return simulated_track(sim.history, sim.events, plan.launch_site.lat, plan.launch_site.lon)
    v = flight_params(rocket, cargo_g_limit(plan.g_limit))
    payload, phi, bank = plan.payload, plan.arc_flight_path_angle, plan.bank_angle
    assert payload is not None and phi is not None and bank is not None   # every plan that flew carries them
    return _track(v, plan.launch_site, plan.landing_site, rocket.bay.payload.value, payload.m_as("kg"),
                  phi.m_as("rad"), bank.m_as("rad"))


def plan_flight(rocket: Rocket, launch: Place, landing: Place, payload: QuantityLike, volume: QuantityLike,
                trajectory: str = "best", *, g_limit: QuantityLike | None = None, bank: QuantityLike | None = None,
                with_max_range: bool = True, with_track: bool = False) -> FlightPlan:
    """Estimate-tier flight of *rocket* from *launch* to *landing* with *payload* (mass) in *volume*.

    *trajectory*: ``best`` (least Δv under the limits), ``fastest``, ``min-energy``, ``fpa:DEG`` or
    ``tof:MIN``.  *g_limit*: the cargo's limit (an acceleration; default: the default cargo class's).
    *bank*: the entry's bank angle for a named arc (an angle; default lift up).  *with_track*: also sample the
    flight's track (arc, braking, the entry integrated point by point) for a figure.
    """
    from .core import trajectory as choosing

    with choosing.aiming_once():   # its searches ask for the same candidates' routes: each aimed once
        return _plan_flight(rocket, launch, landing, payload, volume, trajectory, g_limit=g_limit, bank=bank,
                            with_max_range=with_max_range, with_track=with_track)


def _plan_flight(rocket: Rocket, launch: Place, landing: Place, payload: QuantityLike, volume: QuantityLike,
                 trajectory: str, *, g_limit: QuantityLike | None, bank: QuantityLike | None, with_max_range: bool,
                 with_track: bool) -> FlightPlan:
    """:func:`plan_flight`, its candidates' routes each aimed once."""
    mode, value = parse_trajectory(trajectory)
    m = float(as_quantity(payload, "mass", name="payload", nonnegative=True).m_as("kg"))
    vol = float(as_quantity(volume, "volume", name="volume", nonnegative=True).m_as("m**3"))
    cargo_limit = cargo_g_limit(g_limit)
    v = flight_params(rocket, cargo_limit)
    bank_rad = _bank(bank, v)
    if bank_rad is not None and mode in ("best", "fastest"):
        raise InputError(f"a bank angle is for a named arc (min-energy, fpa:DEG, tof:MIN): the {mode!r} trajectory "
                         f"chooses its own bank among the candidates, and would ignore it")
    if mode == "tof":
        assert value is not None   # parse_trajectory gives "tof" its minutes
        _check_reachable_in(value, trajectory, launch, landing)
    rated = rocket.bay.payload.value
    f, phi, bank_flown, flown = _fly(v, launch, landing, m, mode, value, bank_rad, rated)
    reasons = failures(v, f, rocket, m, vol)
    if not reasons and _carried_on(v, rocket, launch, landing, rated, 0.0, rated, phi, bank_flown) is not None:
        # the flight flown carries the full bay: that is the most any flight carries (the search stops at the
        # bay's rating), and the bay is what binds it — no search needed
        most, most_phi, most_bank = rated, phi, bank_flown
    else:
        most, most_phi, most_bank = _max_payload(v, launch, landing, rated, mode, value, bank_rad, (phi, bank_flown))
    if reasons and m <= most and (most_phi, most_bank) != (phi, bank_flown):
        # the search for the most it carries refines about its own best flight, which the search for the
        # flight with this cargo need not have tried: where that flight carries this cargo, it is the answer
        carrying = _carried_on(v, rocket, launch, landing, m, vol, rated, most_phi, most_bank)
        if carrying is not None:
            f, phi, bank_flown, reasons = carrying, most_phi, most_bank, []
            flown = _describe(mode, phi, bank_flown, v.stages[-1].lift_to_drag)
    if not reasons and m > most:
        # the flight flown carries m, so the most it carries is no less: a search on a bracket where how far
        # a flight is from flying does not rise with payload all the way can settle on a lower crossing
        most, most_phi, most_bank = m, phi, bank_flown
    binding = reasons[0].code if reasons else _payload_limit(v, rocket, launch, landing, most, most_phi, most_bank)
    max_range = None
    if with_max_range:
        max_range = _q(_max_range(v, launch, landing, m, mode, bank_rad), "m", "km")
    return FlightPlan(
        track=_track(v, launch, landing, rated, m, phi, bank_flown) if with_track else None, fidelity="estimate",
        trajectory=trajectory, trajectory_flown=flown, arc_flight_path_angle=_q(phi, "rad", "deg"),
        launch_site=launch, landing_site=landing, payload=_q(m, "kg", "t"), volume=_q(vol, "m**3"),
        **_flight_figures(f, v), bank_angle=_q(bank_flown, "rad", "deg"), max_payload=_q(min(most, rated), "kg", "t"),
        max_range=max_range, feasible=not reasons, binding_constraint=binding,
        relaxation=_relax(v, rocket, binding, launch, landing, mode, value, bank_rad), reasons=reasons,
        assumptions=_estimate_assumptions(f) + _held_below(rocket, cargo_limit, v),
    )


def _held_below(rocket: Rocket, cargo: float, v: VehicleParams) -> list[str]:
    """The line that says so where the cargo's limit (*cargo* [m/s²]) is above the vehicle's design load for its
    payload, which the flight (*v*) is held to instead (a 20 g cargo in a 6 g bay flies at 6 g)."""
    if cargo <= v.g_limit * (1 + 1e-9):
        return []
    return [f"the cargo's {cargo / G0:.3g} g limit is above the {rocket.name}'s {v.g_limit / G0:.3g} g design load "
            f"for its payload: the flight is held to {v.g_limit / G0:.3g} g"]


def _check_reachable_in(minutes: float, trajectory: str, launch: Place, landing: Place) -> None:
    """Refuse a ``tof:MIN`` arc faster than the fastest (grazing) ballistic arc over the range can fly (*minutes*
    as parse_trajectory gives them)."""
    from .core.ballistic import shortest_tof
    from .core.geodesy import central_angle

    floor = float(shortest_tof(central_angle(launch.lat, launch.lon, landing.lat, landing.lon), est.R_MEAN))
    if minutes <= floor * 1.001:
        raise InputError(f"trajectory {trajectory!r}: no ballistic arc spans this range that fast; "
                         f"the fastest (grazing) arc takes about {floor / 60:.1f} min")


def _carried_on(v: VehicleParams, rocket: Rocket, launch: Place, landing: Place, m: float, vol: float, rated: float,
                phi: float, bank: float) -> est.FlightEstimate | None:
    """The flight on the arc (*phi* [rad], *bank* [rad]) found for the most the vehicle carries, with *m* [kg] in
    *vol* [m³] aboard, where it flies; else None."""
    r = est.route(v, launch.lat, launch.lon, landing.lat, landing.lon, "fpa", phi, payload=rated, bank=bank)
    carrying = est.evaluate(v, r, m)
    return None if failures(v, carrying, rocket, m, vol) else carrying


def _flight_figures(f: est.FlightEstimate, v: VehicleParams) -> dict[str, Quantity | None]:
    """The flown flight *f*'s figures (and the cargo stage's limits beside them) as FlightPlan's Quantities."""
    cargo = v.stages[-1]
    return dict(
        range=_q(f.ground_range, "m", "km"), free_flight_range=_q(f.free_flight_range, "m", "km"),
        time_of_flight=_q(f.time_of_flight, "s", "min"), boost_time=_q(f.boost_time, "s", "min"),
        free_flight_time=_q(f.free_flight_time, "s", "min"), braking_time=_q(f.braking_time, "s", "min"),
        descent_time=_q(f.descent_time, "s", "min"), time_in_atmosphere=_q(f.time_in_atmosphere, "s", "min"),
        burnout_speed=_q(f.burnout_speed, "m/s", "km/s"), burnout_speed_relative=_q(f.burnout_speed_relative, "m/s", "km/s"),
        burnout_flight_path_angle=_q(f.burnout_flight_path_angle, "rad", "deg"),
        burnout_altitude=_q(f.burnout_altitude, "m", "km"), launch_azimuth=_q(f.launch_azimuth, "rad", "deg"),
        apogee=_q(f.apogee, "m", "km"), entry_interface=_q(f.entry_interface, "m", "km"),
        entry_speed=_q(f.entry_speed, "m/s", "km/s"),
        entry_flight_path_angle=_q(f.entry_flight_path_angle, "rad", "deg"),
        ballistic_coefficient=_q(f.ballistic_coefficient, "kg/m**2"), lift_to_drag=_q(f.lift_to_drag, ""),
        peak_deceleration=_q(f.peak_deceleration, "m/s**2", "g_0"),
        peak_deceleration_unbraked=_q(f.peak_deceleration_unbraked, "m/s**2", "g_0"),
        g_limit=_q(v.g_limit, "m/s**2", "g_0"),
        peak_heat_flux=_q(f.peak_heat_flux, "W/m**2", "kW/m**2"), heat_flux_limit=_q(cargo.heat_flux_limit, "W/m**2", "kW/m**2"),
        heat_load=_q(f.heat_load, "J/m**2", "MJ/m**2"), heat_load_limit=_q(cargo.heat_load_limit, "J/m**2", "MJ/m**2"),
        entry_range=_q(f.entry_range, "m", "km"),
        braking_delta_v=_q(f.braking_delta_v, "m/s", "km/s"), braking_lead=_q(f.braking_lead, "s", "min"),
        landing_delta_v=_q(f.landing_delta_v, "m/s", "km/s"), landing_speed=_q(f.landing_speed, "m/s"),
        gravity_loss=_q(f.gravity_loss, "m/s", "km/s"), drag_loss=_q(f.drag_loss, "m/s", "km/s"),
        delta_v_required=_q(f.delta_v_required, "m/s", "km/s"), delta_v_available=_q(f.delta_v_available, "m/s", "km/s"),
        delta_v_margin=_q(f.margin, "m/s", "km/s"),
    )


def _estimate_assumptions(f: est.FlightEstimate) -> list[str]:
    """The estimate tier's assumptions, with the two that hold only for some flights where *f* is one of them."""
    return list(ESTIMATE_ASSUMPTIONS) + (
        [f"near the antipode the minimum-energy arc would skim the air: lofted to a "
         f"{est.LOFTED_APOGEE / 1e3:.0f} km apogee (assumption)"] if bool(np.any(f.lofted)) else []) + (
        ["the entry lies beyond the tabulated grid (speed, ballistic coefficient or lift): read at its edge"]
        if bool(np.any(f.off_table)) else [])


def _max_range(v: VehicleParams, launch: Place, landing: Place, m: float, mode: str, bank: float | None) -> float:
    """Longest range [m] on the route's bearing with *m* [kg]: over the candidate flights for best and fastest,
    on minimum-energy arcs otherwise."""
    from .core import trajectory

    bearing = initial_bearing(launch, landing)
    if mode in trajectory.OBJECTIVES:
        return trajectory.max_range(v, launch.lat, launch.lon, bearing, m)
    return limits.max_range_along(v, launch.lat, launch.lon, bearing, m, bank=bank or 0.0)


def initial_bearing(a: Place, b: Place) -> float:
    """Initial great-circle bearing [deg] from *a* towards *b*."""
    from .core.geodesy import great_circle

    return float(great_circle(a.lat, a.lon, b.lat, b.lon)[1])

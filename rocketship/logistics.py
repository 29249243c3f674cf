"""Door to door by rocket: every leg, the weather, the turnaround and the fleet.

:func:`plan_delivery` turns a flight between the pads :mod:`rocketship.siting` placed into a delivery: every
leg from the shipper's door to the consignee's (road, port, sea transfer, pad, launch preparation, the flight,
recovery, customs), the wait for weather at both ends, how long the vehicle takes to come back, and the fleet
a daily demand needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

from .catalog.operations import Operations, load_operations
from .encode import computed, encode_object, json_meta
from .errors import InputError
from .timeline import Leg, LegKind, Timeline, Weather, service_legs, total
from .uncertainty import point
from .siting import Siting, _sea_distance_by_route
from .units import Q_, Quantity, as_quantity

if TYPE_CHECKING:
    from .catalog.schema import Figure

SEA_MODES = ("supply", "ctv", "helicopter")
GROUND_SERVICES = ("express", "general")
RETURN_MODES = ("ship", "fly-back")


@dataclass
class RocketDelivery:
    """Door to door by rocket (pint Quantities).

    ``timelines`` holds the rocket's door-to-door timeline with each ground service's pickup,
    clearance and last mile (the legs the air service of that name uses); ``service`` is the one
    shown leg by leg (``legs``, ``total``).
    """

    # The JSON groups what this class keeps flat (the weather, the turnaround, the fleet) and writes the pads
    # and ports the siting placed, and the timeline shown, beside the fields: members computed from them.
    json_computed = (
        *(computed(k, attrgetter(f"siting.{k}"), after="siting")
          for k in ("launch_pad", "landing_zone", "origin_port", "destination_port")),
        computed("total", lambda d: d.total, after="service"),
        computed("total_without_weather", lambda d: d.total_without_weather, after="service"),
        computed("legs", lambda d: d.legs, after="service"),
        computed("availability", lambda d: d.availability, group="weather", after="by_service"),
        computed("expected_wait", lambda d: d.expected_weather_wait, group="weather", after="by_service"),
        computed("capped", lambda d: None if d.weather is None else d.weather.cap_note(), group="weather",
                 after="p_delivered_within_48h"),
        computed("return_canals", lambda d: list(d.siting.return_canals) if d.return_mode == "ship" else [],
                 group="turnaround", after="cargo_stage_cycle"),
    )

    siting: Siting = field(metadata=json_meta(via=lambda s: s.source))
    sea_mode: str
    service: str
    #: by ground service, the rocket's door-to-door timeline (written as each one's total)
    timelines: dict = field(metadata=json_meta(key="by_service",
                                               via=lambda ts: {k: {"total": t.total} for k, t in ts.items()}))
    weather: Weather | None = field(metadata=json_meta(exclude=True))
    p_within_24h: float = field(metadata=json_meta(key="p_delivered_within_24h", group="weather"))
    p_within_48h: float = field(metadata=json_meta(key="p_delivered_within_48h", group="weather"))
    return_mode: str = field(metadata=json_meta(group="turnaround"))
    cargo_stage_cycle: Quantity | None = field(metadata=json_meta(group="turnaround"))
    booster_cycle: Quantity | None = field(metadata=json_meta(group="turnaround"))
    demand: Quantity = field(metadata=json_meta(group="fleet"))
    flights_per_day: float | None = field(metadata=json_meta(group="fleet"))
    cargo_stages_needed: int | None = field(metadata=json_meta(key="cargo_stages", group="fleet"))
    boosters_needed: int | None = field(metadata=json_meta(key="boosters", group="fleet"))
    pads_needed: int | None = field(metadata=json_meta(key="pads", group="fleet"))
    feasible: bool
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list, metadata=json_meta(exclude=True))
    #: the cycles as the sums they are (what a Monte Carlo draws the fleet from; not in the JSON)
    cargo_stage_turnaround: Cycle | None = field(default=None, metadata=json_meta(exclude=True))
    booster_turnaround: Cycle | None = field(default=None, metadata=json_meta(exclude=True))
    pad_turnaround: Cycle | None = field(default=None, metadata=json_meta(exclude=True))

    @property
    def timeline(self) -> Timeline:
        return self.timelines[self.service]

    @property
    def legs(self) -> list[Leg]:
        return list(self.timeline.legs)

    @property
    def total(self):
        """Door to door with the shown ground service, at the most-likely values [h]."""
        return self.timeline.total

    @property
    def total_without_weather(self):
        return total([leg for leg in self.timeline.legs if leg.kind is not LegKind.WEATHER_WAIT])

    @property
    def availability(self) -> float:
        """Share of time both ends are workable (0 where nothing was sited)."""
        return float(self.weather.both_ends()) if self.weather is not None else 0.0

    @property
    def expected_weather_wait(self):
        return Q_(float(self.weather.wait_hours()) if self.weather is not None else 0.0, "h")

    def to_dict(self) -> dict:
        return encode_object(self)


def _transfer(distance: float, mass: float, mode, ops: Operations) -> tuple[float, int]:
    """Duration [s] and number of trips to move *mass* [kg] over *distance* [m] by *mode*."""
    trips = max(1, math.ceil(mass / mode.capacity.value - 1e-9)) if mass > 0 else 1
    one_way = distance / mode.speed.value
    turnaround = ops.legs.helicopter_turnaround.value if mode.id == "helicopter" else 0.0
    # every trip but the last also flies back empty
    return (2 * trips - 1) * one_way + (trips - 1) * turnaround, trips


def p_within(hours: float, base_hours: float, p: float, spell_hours: float) -> float:
    """Chance that delivery takes at most *hours* when it needs *base_hours* plus any weather wait.

    Weather alternates between workable and unworkable spells; the cargo finds
    it workable with chance p, and an unworkable spell has an exponentially
    distributed remaining length with mean *spell_hours*.
    """
    if hours < base_hours:
        return 0.0
    return p + (1.0 - p) * (1.0 - math.exp(-(hours - base_hours) / spell_hours))


def _fleet(busy: float) -> int | None:
    """Vehicles (or pads) needed to keep *busy* of them occupied at once; None past any real fleet."""
    return int(fleet_count(busy)) if math.isfinite(busy) and busy < 1e12 else None


def fleet_count(busy):
    """Whole vehicles (or pads) that keep *busy* of them occupied at once (a number or an array of draws)."""
    return np.ceil(np.asarray(busy, float) - 1e-9)


@dataclass(frozen=True)
class Cycle:
    """How long a stage (or pad) takes to be ready again, kept as the sum it is: *fixed* seconds (the flights
    themselves), each catalogue figure × its count, and a voyage of *sea_distance* [m] at *ship_speed* — so
    that a Monte Carlo draws the fleet it sizes from the same figures the door-to-door timeline draws."""

    fixed: float = 0.0
    figures: tuple = ()                  #: (figure, count, owner) triples
    sea_distance: float | None = None    #: [m]
    ship_speed: Figure | None = None     #: a speed figure

    def seconds(self, draw=point):
        """The cycle [s]: a number at the figures' most-likely values, or an array of *draw*'s draws."""
        t = self.fixed + sum(count * draw(fig, owner) for fig, count, owner in self.figures)
        if self.ship_speed is not None:
            t = t + self.sea_distance / draw(self.ship_speed, "operations")
        return t


def _rocket_legs(siting: Siting, flight, mode, mass: float, ops: Operations) -> list[Leg]:
    """The rocket's own legs, port to port, with the weather wait before lift-off."""
    L = ops.legs
    transfer_kind = "air" if mode.id == "helicopter" else "sea"
    t_out, trips = _transfer(siting.origin_sea, mass, mode, ops)
    t_in, _ = _transfer(siting.destination_sea, mass, mode, ops)
    times = f" ({trips} trips)" if trips > 1 else ""
    tof = flight.time_of_flight.m_as("s") if flight.time_of_flight is not None else 0.0
    launch_pad, landing_zone, origin_port, destination_port = siting.places()

    def leg(name, kind, mode_, seconds, distance=None, figure=None):
        return Leg(name, kind, mode_, Q_(seconds, "s").to("h"), None if distance is None else Q_(distance, "m").to("km"),
                   figure)

    legs = [
        leg(f"road to {origin_port.name}", LegKind.ROAD_TO_PORT, "road", siting.origin_road[1],
            siting.origin_road[0]),
        leg("port handling", LegKind.PORT_HANDLING, "handling", L.port_handling.value, figure=L.port_handling),
        leg(f"{mode.name} to the launch pad{times}", LegKind.TRANSFER_TO_PAD, transfer_kind, t_out, siting.origin_sea),
        leg("loading and integration at the pad", LegKind.PAD_PREPARATION, "handling", L.pad_integration.value,
            figure=L.pad_integration),
        leg("propellant loading and countdown", LegKind.PAD_PREPARATION, "handling", L.propellant_and_countdown.value,
            figure=L.propellant_and_countdown),
        leg("expected wait for weather (both ends)", LegKind.WEATHER_WAIT, "wait", 0.0),   # duration set by the Weather
        leg(f"flight {launch_pad.code} → {landing_zone.code}", LegKind.ROCKET_FLIGHT, "rocket", tof,
            flight.range.m_as("m")),
        leg("safing and offload at the landing zone", LegKind.SAFING_AND_OFFLOAD, "handling",
            L.safing_and_offload.value, figure=L.safing_and_offload),
        leg(f"{mode.name} to {destination_port.name}{times}", LegKind.TRANSFER_FROM_LANDING, transfer_kind, t_in,
            siting.destination_sea),
        leg("port handling", LegKind.PORT_HANDLING, "handling", L.port_handling.value, figure=L.port_handling),
        leg("road from the port", LegKind.ROAD_FROM_PORT, "road", siting.destination_road[1],
            siting.destination_road[0]),
    ]
    # a curated offshore site given as the origin or destination has no road to its port
    return [x for x in legs if not (x.kind in (LegKind.ROAD_TO_PORT, LegKind.ROAD_FROM_PORT)
                                    and x.distance is not None and x.distance.m_as("m") == 0.0)]


def weather_model(sea_mode: str, pad_availability=None, ops: Operations | None = None) -> Weather:
    """The weather both ends must wait for: the catalogue's pad availability, or the user's share
    (*pad_availability*), with the transfer mode's own limit and the catalogue's spell length."""
    ops = ops or load_operations()
    mode = ops.mode(sea_mode)
    pad: Figure | float = ops.weather.pad_availability
    if pad_availability is not None:
        pad = float(as_quantity(pad_availability, "fraction", name="pad availability", scalar=True).m_as(""))
        if not 0 < pad <= 1:
            raise InputError("pad availability must lie between 0 and 100 %")
    return Weather(pad=pad, transfer=mode.availability, transfer_name=mode.name, spell=ops.weather.bad_spell)


def door_to_door(siting: Siting, flight, mode, mass: float, weather: Weather, ground: str,
                 ops: Operations) -> Timeline:
    """The rocket's timeline with the *ground* service's pickup, clearance and last mile (empty when
    nothing could be sited)."""
    if not siting.feasible:
        return Timeline((), weather)
    from .catalog.air import load_air_market

    before, after = service_legs(load_air_market().service(ground), departure_wait=False)
    legs = [*before, *_rocket_legs(siting, flight, mode, mass, ops), *after]
    wait = Q_(float(weather.wait_hours()), "h")
    legs = [replace(leg, duration=wait) if leg.kind is LegKind.WEATHER_WAIT else leg for leg in legs]
    return Timeline(tuple(legs), weather)


def plan_delivery(siting: Siting, flight, rocket, payload, *, sea_mode: str = "supply", service: str = "express",
                  demand="100 t/day", return_mode: str = "ship", pad_availability=None, return_flight=None,
                  ops: Operations | None = None) -> RocketDelivery:
    """Every leg from door to door, weather, turnaround and fleet for one flight plan.

    The door-to-door timeline is built with each ground service's pickup, export and import
    clearance and last mile (the same legs the air service of that name uses), so that each air
    service is compared with the rocket over the same ground legs; *service* ("express" or
    "general") is the one shown leg by leg.  *return_flight* (a FlightPlan of the empty vehicle
    flying back) is needed for ``return_mode="fly-back"``.
    """
    if sea_mode not in SEA_MODES:
        raise InputError(f"sea mode must be one of {', '.join(SEA_MODES)} (got {sea_mode!r})")
    if service not in GROUND_SERVICES:
        raise InputError(f"ground service must be one of {', '.join(GROUND_SERVICES)} (got {service!r})")
    if return_mode not in RETURN_MODES:
        raise InputError(f"return mode must be one of {', '.join(RETURN_MODES)} (got {return_mode!r})")
    ops = ops or load_operations()
    mass = float(as_quantity(payload, "mass", name="payload", nonnegative=True, scalar=True).m_as("kg"))
    demand_q = as_quantity(demand, "mass_flow", name="demand", positive=True, scalar=True)
    mode = ops.mode(sea_mode)
    weather = weather_model(sea_mode, pad_availability, ops)
    reasons = list(siting.reasons)
    warnings = list(siting.warnings)
    cap_note = weather.cap_note()   # None unless the user's pad availability is capped
    if cap_note is not None:
        warnings.append(cap_note)
    timelines = {g: door_to_door(siting, flight, mode, mass, weather, g, ops) for g in GROUND_SERVICES}
    if siting.feasible and flight.time_of_flight is None:
        reasons.append("the flight time is undefined (the flight's reasons say why); the door-to-door total leaves it out")
    if not flight.feasible:
        reasons.append("the flight itself is not feasible (the flight's reasons say why)")
    if rocket.cargo_stage.recovery != "expended" and return_mode == "ship":
        siting = _with_the_voyage_home(siting, warnings)
    cycle, booster_cycle = _cycles(siting, flight, rocket, return_mode, return_flight, ops, reasons, warnings)
    pad = pad_cycle(ops)
    fleet = _size_fleet(mass, demand_q, cycle, booster_cycle, pad, return_mode, warnings)
    shown = timelines[service]
    base_h = sum(leg.duration.m_as("h") for leg in shown.legs if leg.kind is not LegKind.WEATHER_WAIT)
    p, spell_h = float(weather.both_ends()), float(weather.spell_hours())
    return RocketDelivery(
        siting=siting, sea_mode=sea_mode, service=service, timelines=timelines,
        weather=weather if siting.feasible else None,
        p_within_24h=p_within(24, base_h, p, spell_h) if shown.legs else 0.0,
        p_within_48h=p_within(48, base_h, p, spell_h) if shown.legs else 0.0,
        return_mode=return_mode, cargo_stage_cycle=None if cycle is None else Q_(cycle.seconds(), "s").to("day"),
        booster_cycle=None if booster_cycle is None else Q_(booster_cycle.seconds(), "s").to("day"),
        cargo_stage_turnaround=cycle, booster_turnaround=booster_cycle, pad_turnaround=pad,
        demand=demand_q.to("t/day"), flights_per_day=fleet[0], cargo_stages_needed=fleet[1],
        boosters_needed=fleet[2], pads_needed=fleet[3], feasible=not reasons, reasons=reasons, warnings=warnings,
        assumptions=[
            f"rocket: pads and ports from {siting.source}; pads at least {ops.model.offshore_distance.value / 1e3:.0f} km offshore",
            f"rocket: weather — each end workable {float(weather.per_end()):.0%} of the time, "
            f"independently; unworkable spells last {spell_h:.0f} h on average",
            f"rocket: the cargo stage returns by {'flying back' if return_mode == 'fly-back' else 'ship'}; fleet sized for "
            f"{demand_q.m_as('t/day'):.0f} t/day",
            "rocket: pickup, export and import clearance and the last mile are the air service's own legs, so each "
            "air service is compared with the rocket over the same ground legs",
        ],
    )


def _with_the_voyage_home(siting: Siting, warnings: list[str]) -> Siting:
    """*siting* with the voyage home of a stage returned by ship — its sea distance and the passages it crosses
    — routed where the siting did not carry them already (a preset does); *siting* itself is left as it was."""
    ret, passages = siting.return_sea_distance, siting.return_passages
    if siting.feasible:
        _, _, o, d = siting.places()
        if ret is None:
            ret, how = _sea_distance_by_route(d, o)
            if how != "searoute":
                warnings.append(f"return sea distance estimated as {how}")
        if ret and passages is None:
            from .catalog.ports import sea_passages

            passages = sea_passages(d.lat, d.lon, o.lat, o.lon)
            if passages is None:
                warnings.append("the return voyage could not be routed by sea: no canal toll is counted")
    if (ret, passages) == (siting.return_sea_distance, siting.return_passages):
        return siting
    return replace(siting, return_sea_distance=ret, return_passages=passages)


def _cycles(siting, flight, rocket, return_mode, return_flight, ops, reasons, warnings):
    """The :class:`Cycle` of the cargo stage and of the booster (None: never ready again, or unknown)."""
    L, T = ops.legs, ops.turnaround
    cargo = rocket.cargo_stage
    offload = (L.safing_and_offload, 1, "legs")
    refurb = (T.cargo_stage_refurbishment, 1, "operations")
    prep = ((L.pad_integration, 1, "legs"), (L.propellant_and_countdown, 1, "legs"))
    if cargo.recovery == "expended":
        cycle = None
        warnings.append("the cargo stage is expended: every flight needs a new one")
    elif return_mode == "fly-back":
        if return_flight is None or not return_flight.feasible:
            why = "; ".join(return_flight.reasons) if return_flight is not None else "no return flight was planned"
            reasons.append(f"fly-back return is not possible: {why}")
            cycle = None
        else:
            cycle = Cycle(_seconds(flight.time_of_flight) + _seconds(return_flight.time_of_flight),
                          ((L.safing_and_offload, 2, "legs"), refurb, *((f, 2, o) for f, _, o in prep)))
    else:
        ret = siting.return_sea_distance
        cycle = Cycle(_seconds(flight.time_of_flight), (offload, (T.return_loading, 2, "operations"), refurb, *prep),
                      sea_distance=float(ret), ship_speed=T.return_ship_speed) if ret else None
    booster = rocket.stages[0] if len(rocket.stages) > 1 else None
    booster_cycle = None
    if booster is not None and booster.recovery != "expended":
        booster_cycle = Cycle(0.0, ((T.booster_recovery_to_port, 1, "operations"),
                                    (T.booster_refurbishment, 1, "operations"), *prep))
    return cycle, booster_cycle


def _size_fleet(mass, demand_q, cycle, booster_cycle, pad, return_mode, warnings):
    """(flights a day, cargo stages, boosters, pads) for the daily demand; None where it cannot be sized."""
    flights_per_day = cargo_n = booster_n = pads_n = None
    demand_kg_day = demand_q.m_as("kg/day")
    if mass > 0 and demand_kg_day > 0:
        flights_per_day = demand_kg_day / mass
        if cycle is not None:
            cargo_n = _fleet(flights_per_day * cycle.seconds() / 86400)
        if booster_cycle is not None:
            booster_n = _fleet(flights_per_day * booster_cycle.seconds() / 86400)
            if return_mode == "fly-back" and booster_n is not None:
                booster_n *= BOOSTER_ENDS["fly-back"]
        pads_n = _fleet(flights_per_day * pad.seconds() / 86400)
        sized = [pads_n] + [n for c, n in ((cycle, cargo_n), (booster_cycle, booster_n)) if c is not None]
        if None in sized:   # a count with its cycle known but past any real fleet
            warnings.append(f"no fleet sized: {demand_kg_day:,.0f} kg a day at {mass:.3g} kg a flight "
                            f"needs {flights_per_day:.3g} flights a day")
    return flights_per_day, cargo_n, booster_n, pads_n


#: boosters kept per booster cycle: a fly-back route keeps a booster at each end
BOOSTER_ENDS = {"fly-back": 2, "ship": 1}


def pad_cycle(ops: Operations) -> Cycle:
    """How long a pad is busy with one flight: from stacking to launch and clean-up."""
    return Cycle(0.0, ((ops.turnaround.pad_occupancy, 1, "operations"),))


def _seconds(q) -> float:
    return 0.0 if q is None else q.m_as("s")


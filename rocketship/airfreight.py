"""Air freight: the same cargo on a freighter, door to door, for the comparison.

* payload-range from the catalogue corner point with Breguet's equation
  (:mod:`rocketship.core.aircraft`);
* routing with technical stops at curated hubs when the leg is longer than
  the freighter can fly with its load (default: a full freighter, as
  scheduled transpacific freighters fly);
* block time from taxi, climb/descent and cruise along a lengthened great circle;
* market price on chargeable weight (IATA 6,000 cm³/kg; express 5,000);
* door-to-door legs of the general and express services.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache


from .catalog.air import AirMarket, load_air_market
from .catalog.places import Place, resolve_place
from .catalog.vehicles import Freighter, load_vehicle
from .core.aircraft import AircraftParams, block_time, fit_breguet
from .core.geodesy import geodesic_inverse
from .errors import InputError
from .timeline import Leg, LegKind, Timeline, legs_dict, service_legs
from .units import Q_, as_quantity, unit_string

SERVICES = ("general", "express")


def aircraft_params(f: Freighter, market: AirMarket) -> AircraftParams:
    """Fit the Breguet model to the freighter's maximum-payload corner point."""
    corner = max(f.payload_range, key=lambda p: p.payload.value)
    return fit_breguet(f.mtow.value, f.oew.value, f.max_fuel.value, corner.payload.value, corner.range.value,
                       f.cruise_speed.value, f.max_structural_payload.value, market.model.reserve_fraction.value)


@dataclass
class Flight:
    """One flown leg."""

    origin: str
    destination: str
    distance: float      #: great circle [m]
    block_time: float    #: [s]
    fuel: float          #: trip fuel [kg]


@dataclass
class AirPlan:
    """Door to door by air freight (pint Quantities)."""

    freighter: str
    freighter_name: str
    service: str
    lane: str
    routing_load: object
    stops: list[str]
    flights: list[Flight]
    distance_flown: object
    block_time: object
    total: object
    legs: list[Leg]
    chargeable_mass: object
    rate: object
    cost: object
    fuel: object
    co2: object
    flight_fuel: object
    flight_co2: object
    co2_per_tonne_km: object
    operator_cost: object
    rate_figure: object = None   #: the catalogue Figure the rate came from, for Monte Carlo draws
    timeline: Timeline | None = None   #: the legs as a timeline (what the economics and the Monte Carlo sum)
    feasible: bool = True
    reasons: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        def j(q):
            return None if q is None else {"value": float(q.magnitude), "unit": unit_string(q)}

        return {
            "freighter": self.freighter, "freighter_name": self.freighter_name, "service": self.service,
            "lane": self.lane, "routing_load": j(self.routing_load), "stops": list(self.stops),
            "flights": [{"from": f.origin, "to": f.destination, "distance": {"value": f.distance / 1e3, "unit": "km"},
                         "block_time": {"value": f.block_time / 3600, "unit": "h"}} for f in self.flights],
            "distance_flown": j(self.distance_flown), "block_time": j(self.block_time), "total": j(self.total),
            "legs": legs_dict(self.legs), "chargeable_mass": j(self.chargeable_mass), "rate": j(self.rate),
            "cost": j(self.cost), "fuel": j(self.fuel), "co2": j(self.co2), "flight_fuel": j(self.flight_fuel),
            "flight_co2": j(self.flight_co2), "co2_per_tonne_km": j(self.co2_per_tonne_km),
            "operator_cost_estimate": j(self.operator_cost), "feasible": self.feasible, "reasons": list(self.reasons),
        }


@lru_cache(maxsize=4096)
def _distance(a: Place, b: Place) -> float:
    return geodesic_inverse(a.lat, a.lon, b.lat, b.lon)[0]


_ROUTING: dict = {}


def route_with_stops(a: Place, b: Place, ac: AircraftParams, load: float, market: AirMarket,
                     max_stops: int = 2) -> list[str] | None:
    """The stop list (possibly empty) that minimises block time, or None if even *max_stops* are not enough.

    Memoised per pair, aircraft, load and market: the general and express plans share one routing.
    """
    key = (a, b, ac, load, id(market), max_stops)
    if key not in _ROUTING:
        _ROUTING[key] = _route_with_stops(a, b, ac, load, market, max_stops)
    found = _ROUTING[key]
    return None if found is None else list(found)


def _route_with_stops(a: Place, b: Place, ac: AircraftParams, load: float, market: AirMarket,
                      max_stops: int) -> list[str] | None:
    m = market.model
    detour = m.detour.value

    def flyable(p, q):
        return _distance(p, q) * (1 + detour) <= float(ac.max_range(load))

    if flyable(a, b):
        return []
    hubs = [h for h in (resolve_place(h.code) for h in market.hubs) if h.code not in (a.code, b.code)]

    def block(path):
        t = sum(float(block_time(_distance(p, q), ac.cruise_speed, detour=detour, taxi=m.taxi.value,
                                 climb_descent=m.climb_descent_allowance.value)) for p, q in zip(path, path[1:]))
        return t + (len(path) - 2) * m.stop_ground_time.value

    for n in range(1, max_stops + 1):
        options = []
        for combo in itertools.permutations(hubs, n):
            path = [a, *combo, b]
            if all(flyable(p, q) for p, q in zip(path, path[1:])):
                options.append((block(path), list(combo)))
        if options:
            return [p.code for p in min(options, key=lambda o: o[0])[1]]
    return None


def plan_air(origin, destination, cargo_mass, cargo_volume, *, freighter="boeing-777f", service: str = "general",
             routing_load=None, market: AirMarket | None = None) -> AirPlan:
    """The same cargo by air freight, door to door.

    Parameters
    ----------
    cargo_mass, cargo_volume : Quantities
        The shipment (priced on chargeable weight).
    freighter : id, path or Freighter
    service : {"general", "express"}
    routing_load : mass, optional
        The freighter's load for routing (default: its maximum structural payload).
    """
    if service not in SERVICES:
        raise InputError(f"air service must be one of {', '.join(SERVICES)} (got {service!r})")
    market = market or load_air_market()
    f = freighter if isinstance(freighter, Freighter) else load_vehicle(freighter, kind="freighter")
    a, b = resolve_place(origin), resolve_place(destination)
    mass = float(as_quantity(cargo_mass, "mass", name="cargo mass", nonnegative=True, scalar=True).m_as("kg"))
    volume = float(as_quantity(cargo_volume, "volume", name="cargo volume", nonnegative=True, scalar=True).m_as("m**3"))
    load = f.max_structural_payload.value if routing_load is None else float(
        as_quantity(routing_load, "mass", name="routing load", nonnegative=True, scalar=True).m_as("kg"))
    if load > f.max_structural_payload.value * (1 + 1e-9):
        raise InputError(f"routing load {load / 1e3:.4g} t exceeds the {f.name}'s maximum payload "
                         f"{f.max_structural_payload.value / 1e3:.4g} t")
    ac = aircraft_params(f, market)
    m = market.model
    reasons: list[str] = []
    stops = route_with_stops(a, b, ac, load, market)
    flights: list[Flight] = []
    if stops is None:
        reasons.append(f"the {f.name} cannot fly {load / 1e3:.0f} t from {a.code} to {b.code} even with two stops")
        path = [a, b]
        stops = []
    else:
        path = [a, *(resolve_place(s) for s in stops), b]
    for p, q in zip(path, path[1:]):
        d = _distance(p, q)
        flown = d * (1 + m.detour.value)
        flights.append(Flight(p.code, q.code, d, float(block_time(d, ac.cruise_speed, detour=m.detour.value,
                                                                   taxi=m.taxi.value,
                                                                   climb_descent=m.climb_descent_allowance.value)),
                              float(ac.trip_fuel(flown, load))))
    ground = len(stops) * m.stop_ground_time.value
    block_s = sum(fl.block_time for fl in flights) + ground
    svc = market.service(service)
    legs, after = service_legs(svc)
    for i, fl in enumerate(flights):
        if i:
            legs.append(Leg(f"technical stop at {fl.origin}", LegKind.TECHNICAL_STOP, "wait",
                            Q_(m.stop_ground_time.value, "s").to("h"), figure=m.stop_ground_time))
        legs.append(Leg(f"flight {fl.origin} → {fl.destination}", LegKind.AIR_FLIGHT, "air",
                        Q_(fl.block_time, "s").to("h"), Q_(fl.distance * (1 + m.detour.value), "m").to("km")))
    legs += after
    timeline = Timeline(tuple(legs))
    divisor = (m.volumetric_divisor_express if service == "express" else m.volumetric_divisor_general).value
    chargeable = max(mass, volume / divisor)
    lane = market.lane(a.country, b.country)
    rate_fig = lane.express_rate if service == "express" else lane.general_rate
    rate = rate_fig.value
    flight_fuel = sum(fl.fuel for fl in flights)
    share = mass / load if load > 0 else 0.0
    gc = _distance(a, b)
    co2_factor = m.co2_per_fuel.value
    operator = (flight_fuel * m.jet_fuel_price.value + m.non_fuel_cost_per_block_hour.value * block_s) * share
    return AirPlan(
        freighter=f.id, freighter_name=f.name, service=service, lane=lane.name, routing_load=Q_(load, "kg").to("t"),
        stops=list(stops), flights=flights,
        distance_flown=Q_(sum(fl.distance for fl in flights) * (1 + m.detour.value), "m").to("km"),
        block_time=Q_(block_s, "s").to("h"), total=timeline.total, legs=legs, timeline=timeline,
        chargeable_mass=Q_(chargeable, "kg").to("t"), rate=Q_(rate, "USD/kg"), cost=Q_(chargeable * rate, "USD"),
        fuel=Q_(flight_fuel * share, "kg").to("t"), co2=Q_(flight_fuel * share * co2_factor, "kg").to("t"),
        flight_fuel=Q_(flight_fuel, "kg").to("t"), flight_co2=Q_(flight_fuel * co2_factor, "kg").to("t"),
        co2_per_tonne_km=Q_(flight_fuel * co2_factor / (load / 1e3 * gc / 1e3), "kg/(t*km)") if load > 0 else None,
        operator_cost=Q_(operator, "USD"), rate_figure=rate_fig, feasible=not reasons, reasons=reasons,
        assumptions=[
            f"air: Breguet payload-range fitted to the {f.name}'s published corner point "
            f"with {m.reserve_fraction.value:.0%} reserves",
            f"air: routed for a load of {load / 1e3:.0f} t (a full freighter unless set); stops chosen from "
            f"curated hubs to minimise block time",
            f"air: great circle lengthened {m.detour.value:.0%} for airways and winds; taxi "
            f"{m.taxi.value / 60:.0f} min; climb and descent {m.climb_descent_allowance.value / 60:.0f} min",
            f"air: {service} rate {rate:.2f} USD/kg ({lane.name}) on chargeable weight; fuel and CO2 allocated by mass share",
        ],
    )

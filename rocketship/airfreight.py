"""Air freight: the same cargo on a freighter, door to door, for the comparison.

* payload-range from the catalogue corner point with Breguet's equation
  (:mod:`rocketship.core.aircraft`);
* the freighter fills up by mass *or* volume: the shipment takes the larger of
  its mass over the payload and its volume over the usable volume (the
  freighter's cargo volume times the share packed cargo fills), needs ⌈that⌉
  flights, and each flight is topped up with other cargo to the market's
  average load factor; the shipment bears the flights' fuel, CO2 and operator
  cost in proportion to the capacity it takes of the capacity sold;
* routing with technical stops at curated hubs when the leg is longer than
  the freighter can fly with that load;
* block time from taxi, climb/descent and cruise along the great circle lengthened for airways, through the
  annual-mean zonal wind at cruise level (a latitude table from the reanalyses, integrated along the track:
  eastbound over the Pacific and Atlantic is quicker than westbound); the fuel is burnt over the still-air
  distance, so a headwind costs fuel and range as well as time;
* market price on chargeable weight (IATA 6,000 cm³/kg; express 5,000): spot
  rates for general cargo (or a whole-freighter charter per block hour where that
  is cheaper), courier rates for express parcels, and the charter for express
  consignments above a stated break point;
* fuel over each sector's still-air distance plus its taxi, climb and descent (the climb-and-descent allowance
  at the cruise burn, the taxi at a share of it), counted in the fit to the published range as well;
* a chartered freighter carries the shipment alone and the shipment bears its whole flights' fuel and CO2;
  space bought by the kg bears the share of the capacity sold that it takes;
* CO2 per tonne-km at the average load factor, beside GLEC v3's default;
* door-to-door legs of the general and express services.

The flying itself (the Breguet fit, the stops, each sector's block time and fuel) is :mod:`rocketship.airroute`'s;
this module loads, prices and times the shipment on those flights.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

import numpy as np

from .airroute import Flight, aircraft_params, allowance_time, fly_route, sector_distance
from .catalog.air import AirMarket, load_air_market
from .catalog.places import Place, country_of, resolve_place
from .catalog.schema import Figure
from .catalog.vehicles import Freighter, load_aircraft
from .core.aircraft import AircraftParams
from .encode import computed, encode_object, json_meta
from .errors import InputError
from .timeline import Leg, LegKind, Timeline, service_legs
from .units import Q_, Quantity, as_quantity

SERVICES = ("general", "express")


#: GLEC Framework v3.0 (Smart Freight Centre, 2023), Table 1 "Air transport emission intensity factors":
#: freighter, > 1,500 km, IATA RP1678 method, tank-to-wheel, per tonne-km of great-circle distance, at
#: average loads (empty running and repositioning included) [kg CO2e/(t·km)]
GLEC_FREIGHTER_TTW = 0.498
GLEC_MIN_DISTANCE = 1500e3   #: [m] the shortest great circle the figure above is given for

PRICING_SPOT = "spot rate per kg"
PRICING_COURIER = "courier rate per kg"
PRICING_CHARTER = "freighter charter"


@dataclass(frozen=True)
class Loading:
    """How one shipment fills freighters: its share of one by mass and by volume, the flights it
    needs, and each flight's payload with the other cargo that fills it to the average load factor."""

    json_computed = (computed("binding", lambda x: x.binding), computed("share", lambda x: x.share),
                     computed("borne_per_flight", lambda x: x.borne))

    mass_share: float = field(metadata=json_meta(key="mass"))       #: of one freighter's payload
    volume_share: float = field(metadata=json_meta(key="volume"))   #: of one freighter's usable volume
    flights: int = field(metadata=json_meta(exclude=True))          #: freighter flights the shipment needs
    #: [kg] each flight's payload: the shipment's part and the others'
    load: float = field(metadata=json_meta(exclude=True))
    #: share of each flight's capacity sold, the shipment's part included
    sold: float = field(metadata=json_meta(exclude=True))
    #: whole freighters bought: the shipment flies alone and bears every flight whole
    chartered: bool = field(default=False, metadata=json_meta(exclude=True))

    @property
    def share(self) -> float:
        """Freighters' worth of capacity the shipment takes (the binding one of mass and volume)."""
        return max(self.mass_share, self.volume_share)

    @property
    def binding(self) -> str:
        return "volume" if self.volume_share > self.mass_share else "mass"

    @property
    def borne(self) -> float:
        """The share of each flight's fuel, CO2 and cost the shipment bears: its capacity over the capacity sold
        (all of it when chartered)."""
        if self.chartered:
            return 1.0
        return self.share / self.flights / self.sold if self.sold > 0 else 0.0


@dataclass(kw_only=True)
class AirPlan:
    """Door to door by air freight (pint Quantities).  The fields are in the order the JSON writes them; those
    it leaves out come last."""

    json_computed = (computed("chartered", lambda p: p.pricing == PRICING_CHARTER, after="flights"),
                     computed("flights_needed", lambda p: p.flights_needed, after="charter_hours"))

    freighter: str
    freighter_name: str
    service: str
    lane: str
    routing_load: Quantity
    stops: list[str]
    flights: list[Flight]
    planned_load: Quantity | None = None   #: the full freighter a timetable's stops are planned for (None: own load)
    distance_flown: Quantity
    block_time: Quantity
    total: Quantity
    legs: list[Leg]
    chargeable_mass: Quantity
    rate: Quantity
    cost: Quantity
    fuel: Quantity
    co2: Quantity
    flight_fuel: Quantity
    flight_co2: Quantity
    co2_per_tonne_km: Quantity | None   #: None where no payload is carried or the great circle is nil
    operator_cost: Quantity = field(metadata=json_meta(key="operator_cost_estimate"))
    feasible: bool = True
    reasons: list[str] = field(default_factory=list)
    pricing: str = "spot rate per kg"  #: PRICING_SPOT, PRICING_COURIER or PRICING_CHARTER
    charter_hours: Quantity | None = None  #: block hours a charter of every flight needed would bill
    #: how the shipment fills freighters (share, flights, each flight's load)
    loading: Loading | None = field(default=None, metadata=json_meta(key="share_of_freighter"))
    usable_volume: Quantity | None = None  #: one freighter's cargo volume that packed cargo fills
    load_factor: float | None = None   #: the market's average load factor the other cargo fills flights to
    #: one flight at the average load factor, per t-km of great circle
    co2_per_tonne_km_average_load: Quantity | None = None
    #: GLEC v3's freighter default, for comparison (> 1,500 km only)
    co2_per_tonne_km_glec: Quantity | None = None
    #: the catalogue Figure of the per-kg rate (spot or courier), for Monte Carlo draws
    rate_figure: Figure | None = field(default=None, metadata=json_meta(exclude=True))
    #: the legs as a timeline (what the economics and the Monte Carlo sum)
    timeline: Timeline | None = field(default=None, metadata=json_meta(exclude=True))
    assumptions: list[str] = field(default_factory=list, metadata=json_meta(exclude=True))
    #: the catalogue Figure of the charter price per block hour
    charter_figure: Figure | None = field(default=None, metadata=json_meta(exclude=True))
    #: the catalogue Figure of the least one chartered flight costs
    charter_minimum: Figure | None = field(default=None, metadata=json_meta(exclude=True))

    @property
    def flights_needed(self) -> int:
        return 1 if self.loading is None else self.loading.flights

    def air_cost(self, draw=None):
        """The shipment's price [USD] with *draw* (a Sampler, or None for the catalogue's most-likely values)."""
        if self.rate_figure is None or self.charter_figure is None:
            return self.cost.m_as("USD")

        def v(fig):
            return fig.value if draw is None else draw(fig, "air-freight")

        per_kg = v(self.rate_figure) * self.chargeable_mass.m_as("kg")
        n = self.flights_needed
        charter = n * np.maximum(v(self.charter_minimum), v(self.charter_figure) * self.charter_hours.m_as("s") / n)
        if self.service == "express":   # the break point decides, once, at its most likely value
            return charter if self.pricing == PRICING_CHARTER else per_kg
        return np.minimum(per_kg, charter)   # a forwarder charters where a whole freighter is cheaper

    def to_dict(self) -> dict:
        return encode_object(self)


def load_freighter(mass: float, volume: float, f: Freighter, market: AirMarket,
                   routing_load: float | None = None) -> Loading:
    """The shipment (*mass* [kg], *volume* [m³]) on freighter *f*.

    The shipment is split evenly over ⌈share⌉ flights; each is topped up with other cargo to the
    market's average load factor where the shipment leaves room (other cargo counted at the
    freighter's own design density, its payload over its usable volume).  *routing_load* [kg], when
    given, is each flight's payload instead (never less than the shipment's own part).
    """
    m = market.model
    payload = f.max_structural_payload.value
    usable = f.cargo_volume.value * m.volume_utilisation.value
    ms, vs = mass / payload, volume / usable
    n = max(1, math.ceil(max(ms, vs) - 1e-9))
    own = max(ms, vs) / n
    if routing_load is None:
        load = mass / n + max(0.0, m.load_factor.value - own) * payload
    else:
        load = max(routing_load, mass / n)
    sold = own + max(0.0, load - mass / n) / payload
    return Loading(ms, vs, n, load, sold)


def planned_load(f: Freighter, market: AirMarket) -> float | None:
    """[kg] The payload a timetable's routing is planned for: the freighter full of average-density general cargo
    (its usable volume at the market's planning density, or its maximum payload if less); None without a density."""
    m = market.model
    if m.planning_density is None:
        return None
    return min(f.max_structural_payload.value, f.cargo_volume.value * m.volume_utilisation.value * m.planning_density.value)


def charter_price(m, flights: int, block_s: float) -> float:
    """[USD] *flights* whole freighters chartered for *block_s* seconds each: the block hours at the charter rate,
    never less than the charter minimum a flight."""
    return flights * max(m.charter_minimum.value, m.charter_rate.value * block_s)


def _pricing(service: str, chargeable: float, lane, m, charter: float) -> str:
    """Which price applies: express above the break point and general cargo where a charter of the
    flights needed (*charter* USD) undercuts the spot rate are chartered."""
    if service == "express":
        return PRICING_CHARTER if chargeable > m.express_charter_break.value else PRICING_COURIER
    return PRICING_CHARTER if charter < lane.general_rate.value * chargeable else PRICING_SPOT


def plan_air(origin, destination, cargo_mass, cargo_volume, *, freighter="boeing-777f", service: str = "general",
             routing_load=None, market: AirMarket | None = None) -> AirPlan:
    """The same cargo by air freight, door to door.

    Parameters
    ----------
    cargo_mass, cargo_volume : Quantities
        The shipment (priced on chargeable weight; allocated its share of the freighter by the binding
        one of mass and volume).
    freighter : id, path or Freighter
    service : {"general", "express"}
    routing_load : mass, optional
        Each freighter flight's payload, for routing and fuel (default: the shipment's part of the
        flight, topped up with other cargo to the market's average load factor).
    """
    if service not in SERVICES:
        raise InputError(f"air service must be one of {', '.join(SERVICES)} (got {service!r})")
    market = market or load_air_market()
    f = load_aircraft(freighter)
    a, b = resolve_place(origin), resolve_place(destination)
    mass, volume, given = _shipment(cargo_mass, cargo_volume, routing_load, f)
    ac = aircraft_params(f, market)
    m = market.model
    planned = planned_load(f, market) if given is None else None   # a stated load is routed as stated
    divisor = (m.volumetric_divisor_express if service == "express" else m.volumetric_divisor_general).value
    chargeable = max(mass, volume / divisor)
    lane = market.lane(country_of(a), country_of(b))
    price_fig = lane.express_rate if service == "express" else lane.general_rate
    booking = _book(a, b, ac, market, service, mass, load_freighter(mass, volume, f, market, given), given,
                    planned, chargeable, lane)
    loading, flights, pricing = booking.loading, booking.flights, booking.pricing
    reasons = [] if booking.stops is not None else [_unroutable(f, a, b, loading, planned)]
    stops = booking.stops if booking.stops is not None else []
    block_s = sum(fl.block_time for fl in flights) + len(stops) * m.stop_ground_time.value
    legs = _legs(market, service, flights)
    timeline = Timeline(tuple(legs))
    cost = booking.charter if pricing == PRICING_CHARTER else price_fig.value * chargeable
    flight_fuel = sum(fl.fuel for fl in flights)
    borne = loading.flights * loading.borne     # flights' worth of fuel, CO2 and cost the shipment bears
    co2_factor = m.co2_per_fuel.value
    operator = (flight_fuel * m.jet_fuel_price.value + m.non_fuel_cost_per_block_hour.value * block_s) * borne
    return AirPlan(
        freighter=f.id, freighter_name=f.name, service=service, lane=lane.name,
        routing_load=Q_(loading.load, "kg").to("t"), stops=list(stops), flights=flights,
        distance_flown=Q_(sum(fl.distance for fl in flights) * (1 + m.detour.value), "m").to("km"),
        block_time=Q_(block_s, "s").to("h"), total=timeline.total, legs=legs, timeline=timeline,
        chargeable_mass=Q_(chargeable, "kg").to("t"),
        rate=Q_(cost / chargeable if chargeable > 0 else price_fig.value, "USD/kg"),
        cost=Q_(cost, "USD"),
        fuel=Q_(flight_fuel * borne, "kg").to("t"), co2=Q_(flight_fuel * borne * co2_factor, "kg").to("t"),
        flight_fuel=Q_(flight_fuel, "kg").to("t"), flight_co2=Q_(flight_fuel * co2_factor, "kg").to("t"),
        operator_cost=Q_(operator, "USD"), rate_figure=price_fig, feasible=not reasons, reasons=reasons,
        loading=loading, planned_load=None if planned is None or loading.chartered else Q_(planned, "kg").to("t"),
        usable_volume=Q_(f.cargo_volume.value * m.volume_utilisation.value, "m**3"),
        load_factor=m.load_factor.value, pricing=pricing, charter_hours=Q_(booking.charter_s, "s").to("h"),
        charter_figure=m.charter_rate, charter_minimum=m.charter_minimum,
        **_intensities(a, b, ac, f, market, flight_fuel, loading.load, planned),
        assumptions=_assumptions(f, m, service, lane, loading, given, pricing, price_fig, booking.charter_s, planned),
    )


def _shipment(cargo_mass, cargo_volume, routing_load, f: Freighter) -> tuple[float, float, float | None]:
    """The shipment's mass [kg] and volume [m³], and the stated payload of each flight [kg] (None where not
    stated), checked against the freighter."""
    mass = float(as_quantity(cargo_mass, "mass", name="cargo mass", nonnegative=True, scalar=True).m_as("kg"))
    volume = float(as_quantity(cargo_volume, "volume", name="cargo volume", nonnegative=True, scalar=True).m_as("m**3"))
    given = None if routing_load is None else float(
        as_quantity(routing_load, "mass", name="routing load", nonnegative=True, scalar=True).m_as("kg"))
    if given is not None and given > f.max_structural_payload.value * (1 + 1e-9):
        raise InputError(f"routing load {given / 1e3:.4g} t exceeds the {f.name}'s maximum payload "
                         f"{f.max_structural_payload.value / 1e3:.4g} t")
    return mass, volume, given


@dataclass(frozen=True)
class _Booking:
    """How the shipment flies: the pricing that applies, and the loading, stops and flights it buys."""

    pricing: str
    loading: Loading
    stops: list[str] | None   #: None where the freighter cannot route the load
    flights: list[Flight]
    charter: float     #: [USD] the whole-freighter charter of the flights needed, whether or not it applies
    charter_s: float   #: [s] the block time that charter bills


def _book(a: Place, b: Place, ac: AircraftParams, market: AirMarket, service: str, mass: float, scheduled: Loading,
          given: float | None, planned: float | None, chargeable: float, lane) -> _Booking:
    """Chartered or bought by the kg (*chargeable* [kg]), whichever the service's pricing picks.

    A chartered freighter carries the shipment (*mass* [kg]) alone, or the stated load *given* [kg], on its own
    routing and block hours; space bought by the kg flies the *scheduled* loading on stops planned for *planned*
    [kg].
    """
    m = market.model
    n = scheduled.flights
    chartered = dataclasses.replace(scheduled, load=scheduled.load if given is not None else mass / n,
                                    chartered=True)
    charter_stops, charter_flights = fly_route(a, b, ac, chartered.load, market)
    charter_s = n * sum(fl.block_time for fl in charter_flights)
    charter = charter_price(m, n, charter_s / n)
    pricing = _pricing(service, chargeable, lane, m, charter)
    if pricing == PRICING_CHARTER:
        return _Booking(pricing, chartered, charter_stops, charter_flights, charter, charter_s)
    stops, flights = fly_route(a, b, ac, scheduled.load, market, planned)
    return _Booking(pricing, scheduled, stops, flights, charter, charter_s)


def _unroutable(f: Freighter, a: Place, b: Place, loading: Loading, planned: float | None) -> str:
    """Why the freighter cannot fly its load (or the timetable's *planned* [kg]) from *a* to *b*."""
    routed = max(loading.load, 0.0 if planned is None or loading.chartered else planned)
    return f"the {f.name} cannot fly {routed / 1e3:.0f} t from {a.code} to {b.code} even with two stops"


def _intensities(a: Place, b: Place, ac: AircraftParams, f: Freighter, market: AirMarket, flight_fuel: float,
                 load: float, planned: float | None) -> dict:
    """The plan's CO2 per tonne-km of great circle: its flights' (*flight_fuel* [kg] carrying *load* [kg] each),
    one flight's at the average load factor, and GLEC's default (the last two None where they do not apply)."""
    gc = sector_distance(a, b)
    co2_factor = market.model.co2_per_fuel.value
    average = _average_intensity(a, b, ac, f, market, gc, planned)

    def per_tkm(fuel, payload):
        return Q_(fuel * co2_factor / (payload / 1e3 * gc / 1e3), "kg/(t*km)") if payload > 0 and gc > 0 else None

    return {"co2_per_tonne_km": per_tkm(flight_fuel, load),
            "co2_per_tonne_km_average_load": None if average is None else per_tkm(*average),
            "co2_per_tonne_km_glec": Q_(GLEC_FREIGHTER_TTW, "kg/(t*km)") if gc > GLEC_MIN_DISTANCE else None}


def _legs(market: AirMarket, service: str, flights: list[Flight]) -> list[Leg]:
    """The door-to-door legs: the service's before, each flight (a technical stop between two), its after."""
    m = market.model
    legs, after = service_legs(market.service(service))
    for i, fl in enumerate(flights):
        if i:
            legs.append(Leg(f"technical stop at {fl.origin}", LegKind.TECHNICAL_STOP, "wait",
                            Q_(m.stop_ground_time.value, "s").to("h"), figure=m.stop_ground_time))
        legs.append(Leg(f"flight {fl.origin} → {fl.destination}", LegKind.AIR_FLIGHT, "air",
                        Q_(fl.block_time, "s").to("h"), Q_(fl.distance * (1 + m.detour.value), "m").to("km")))
    return legs + after


def _average_intensity(a: Place, b: Place, ac: AircraftParams, f: Freighter, market: AirMarket, gc: float,
                       planned: float | None):
    """(fuel [kg], payload [kg]) of one freighter flying *a*→*b* at the market's average load factor (its stops
    planned for *planned* [kg]), or None."""
    load = market.model.load_factor.value * f.max_structural_payload.value
    stops, flights = fly_route(a, b, ac, load, market, planned)
    return None if stops is None else (sum(fl.fuel for fl in flights), load)


def _assumptions(f: Freighter, m, service: str, lane, loading: Loading, given, pricing: str, price_fig,
                 charter_s: float, planned: float | None) -> list[str]:
    if loading.chartered:
        routed = (f"air: chartered: each freighter carries the shipment alone, {loading.load / 1e3:.0f} t a flight"
                  f"{' (as stated)' if given is not None else ''}; stops chosen from curated hubs to minimise block "
                  f"time")
    elif given is None:
        routed = (f"air: each freighter flight carries {loading.load / 1e3:.0f} t: the shipment's part, topped up with "
                  f"other cargo to the average load factor {m.load_factor.value:.0%} (weight and volume, Xeneta "
                  f"2024-25) where it leaves room; "
                  + (f"stops chosen from curated hubs to minimise block time, planned as a timetable is for a full "
                     f"freighter ({planned / 1e3:.0f} t: its usable volume of {m.planning_density.value:.0f} kg/m³ "
                     f"general cargo)" if planned is not None else "stops chosen from curated hubs to minimise block time"))
    elif loading.load > given * (1 + 1e-9):   # the stated load is less than the shipment's own part of a flight
        routed = (f"air: routed for a load of {loading.load / 1e3:.3g} t a flight, the shipment's own part (the stated "
                  f"{given / 1e3:.3g} t is less); stops chosen from curated hubs to minimise block time")
    else:
        routed = (f"air: routed for a stated load of {loading.load / 1e3:.3g} t a flight; stops chosen from curated "
                  f"hubs to minimise block time")
    why = (f"express above {m.express_charter_break.value / 1e3:.1f} t chargeable is chartered, not couriered"
           if service == "express" else f"cheaper than the spot rate of {price_fig.value:.2f} USD/kg")
    price = (f"{pricing}: {loading.flights} × {f.name} for {charter_s / 3600:.1f} block hours at "
             f"{m.charter_rate.value * 3600:,.0f} USD per block hour, at least {m.charter_minimum.value:,.0f} USD "
             f"a flight ({why})"
             if pricing == PRICING_CHARTER else f"{pricing} {price_fig.value:.2f} USD/kg on chargeable weight")
    winds = _winds_text(m)
    return [
        f"air: Breguet payload-range fitted to the {f.name}'s published corner point "
        f"with {m.reserve_fraction.value:.0%} reserves",
        routed,
        f"air: great circle lengthened {m.detour.value:.0%} for airways and flown {winds}; taxi "
        f"{m.taxi.value / 60:.0f} min; climb and descent {m.climb_descent_allowance.value / 60:.0f} min; each sector "
        f"burns that allowance at the cruise rate and the taxi at {m.taxi_fuel_share.value:.0%} of it "
        f"({f.cruise_speed.value * allowance_time(m) / 1e3:,.0f} km of cruise fuel)",
        "air: great circles flown through every airspace on the way, as if overflight were open to all (an "
        "assumption: China's carriers still cross Russia, but US, EU, UK and Japanese carriers have kept out of "
        "Russian airspace since 2022 and fly Europe–Asia and some Pacific sectors longer than this)",
        f"air: {service} priced as {price} ({lane.name})",
        f"air: the shipment takes {loading.share:.2f} of a freighter by {loading.binding} "
        f"({f.max_structural_payload.value / 1e3:.0f} t; {f.cargo_volume.value:.0f} m³ of which "
        f"{m.volume_utilisation.value:.0%} is filled by packed cargo), so {loading.flights} flight"
        f"{'s' if loading.flights > 1 else ''}; "
        + ("chartered, it bears every flight's fuel, CO2 and operator cost whole" if loading.chartered else
           "it bears fuel, CO2 and operator cost in the share of the capacity sold that it takes"),
    ]


def _winds_text(m) -> str:
    if m.zonal_wind is None:
        return "in still air (the market has no wind table)"
    return ("through the annual-mean zonal wind at cruise level (a latitude table, integrated along the track; the "
            "fuel burnt over the still-air distance)")

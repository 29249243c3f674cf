"""How a freighter flies a route: its payload-range fitted to the published corner point, the sectors with technical
stops at curated hubs, and each sector's block time and fuel through the annual-mean zonal wind.

:mod:`rocketship.airfreight` prices and loads the shipment on these flights; this module only flies them.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .catalog.air import AirMarket, load_air_market
from .catalog.places import Place, resolve_place
from .catalog.vehicles import Freighter, load_aircraft
from .core.aircraft import AircraftParams, block_time, fit_breguet, wind_factor
from .core.geodesy import geodesic_inverse
from .encode import json_meta
from .errors import InputError
from .units import Q_



def sector_allowance(cruise_speed: float, market: AirMarket) -> float:
    """[m] Still-air distance whose cruise fuel stands for one sector's taxi, climb and descent: the climb-and-descent
    allowance flown at the cruise fuel flow, and the taxi at the market's taxi share of it."""
    return cruise_speed * allowance_time(market.model)


def allowance_time(m) -> float:
    """[s] Cruise time whose fuel stands for a sector's taxi, climb and descent (*m*: the market's model)."""
    return m.climb_descent_allowance.value + m.taxi_fuel_share.value * m.taxi.value


def aircraft_params(f: Freighter, market: AirMarket) -> AircraftParams:
    """Fit the Breguet model to the freighter's maximum-payload corner point.

    The published range is a whole flight's: the fit flies it plus one sector's taxi-and-climb allowance
    (:func:`sector_allowance`), so ``max_range`` is in still-air cruise distance, allowance included
    (:func:`published_range` takes it off again).
    """
    corner = max(f.payload_range, key=lambda p: p.payload.value)
    return fit_breguet(f.mtow.value, f.oew.value, f.max_fuel.value, corner.payload.value,
                       corner.range.value + sector_allowance(f.cruise_speed.value, market),
                       f.cruise_speed.value, f.max_structural_payload.value, market.model.reserve_fraction.value)


def published_range(ac: AircraftParams, market: AirMarket, payload) -> float:
    """[m] The range as a manufacturer publishes it (a whole flight, taxi and climb included) with *payload* [kg]."""
    r = float(ac.max_range(payload))
    return max(r - sector_allowance(ac.cruise_speed, market), 0.0) if r > 0 else 0.0



@dataclass
class Flight:
    """One flown leg."""

    origin: str = field(metadata=json_meta(key="from"))
    destination: str = field(metadata=json_meta(key="to"))
    distance: float = field(metadata=json_meta(via=lambda m: m / 1e3, unit="km"))      #: great circle [m]
    block_time: float = field(metadata=json_meta(via=lambda s: s / 3600, unit="h"))    #: [s]
    fuel: float = field(metadata=json_meta(exclude=True))                              #: trip fuel [kg]
    wind_factor: float = 1.0   #: still-air over ground distance under the mean wind (< 1 with a tailwind)


@lru_cache(maxsize=4096)
def sector_distance(a: Place, b: Place) -> float:
    """[m] The great circle from *a* to *b* on the ellipsoid."""
    return geodesic_inverse(a.lat, a.lon, b.lat, b.lon)[0]


def _wind(a: Place, b: Place, cruise_speed: float, market: AirMarket) -> float:
    """Still-air over ground distance from *a* to *b* under the market's mean zonal wind (1 without a wind table)."""
    w = market.model.zonal_wind
    if w is None:
        return 1.0
    return _wind_along(a, b, cruise_speed, w.columns["latitude"], w.columns["u"])


@lru_cache(maxsize=4096)
def _wind_along(a: Place, b: Place, cruise_speed: float, lat: tuple, u: tuple) -> float:
    return wind_factor(math.radians(a.lat), math.radians(a.lon), math.radians(b.lat), math.radians(b.lon),
                       cruise_speed, np.asarray(lat), np.asarray(u))


def _still_air(p: Place, q: Place, ac: AircraftParams, market: AirMarket) -> float:
    """[m] The cruise distance through the air from *p* to *q*: the great circle, the airways' detour, the wind."""
    return sector_distance(p, q) * (1 + market.model.detour.value) * _wind(p, q, ac.cruise_speed, market)


def _block(p: Place, q: Place, ac: AircraftParams, market: AirMarket) -> float:
    """[s] Gate-to-gate time of one sector *p* → *q*."""
    m = market.model
    return float(block_time(sector_distance(p, q), ac.cruise_speed, detour=m.detour.value, taxi=m.taxi.value,
                            climb_descent=m.climb_descent_allowance.value,
                            wind_factor=_wind(p, q, ac.cruise_speed, market)))


def sector_block_time(origin, destination, *, freighter="boeing-777f", market: AirMarket | None = None):
    """Gate-to-gate time of one non-stop sector *origin* → *destination* with the freighter's cruise speed, whether
    or not its range allows the sector (for checks against published schedules).  Not symmetric: the mean wind
    along the track shortens one direction and lengthens the other."""
    market = market or load_air_market()
    f = load_aircraft(freighter)
    a, b = resolve_place(origin), resolve_place(destination)
    if a.code == b.code and (a.lat, a.lon) == (b.lat, b.lon):
        raise InputError(f"origin and destination are the same place ({a.code})")
    return Q_(_block(a, b, aircraft_params(f, market), market), "s").to("h")


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
    reach = published_range(ac, market, load)

    def flyable(p, q):   # in still air: a headwind shortens the reach over the ground, a tailwind lengthens it
        return _still_air(p, q, ac, market) <= reach

    if flyable(a, b):
        return []
    hubs = [h for h in (resolve_place(h.code) for h in market.hubs) if h.code not in (a.code, b.code)]

    def block(path):
        return sum(_block(p, q, ac, market) for p, q in zip(path, path[1:])) + (len(path) - 2) * m.stop_ground_time.value

    for n in range(1, max_stops + 1):
        options = []
        for combo in itertools.permutations(hubs, n):
            path = [a, *combo, b]
            if all(flyable(p, q) for p, q in zip(path, path[1:])):
                options.append((block(path), list(combo)))
        if options:
            return [p.code for p in min(options, key=lambda o: o[0])[1]]
    return None


def fly_route(a: Place, b: Place, ac: AircraftParams, load: float, market: AirMarket, planned: float | None = None):
    """(stops, flights) for one freighter carrying *load* [kg] from *a* to *b*, its stops chosen for *planned* [kg]
    where that is more (a timetable's full freighter); stops None if unroutable."""
    stops = route_with_stops(a, b, ac, max(load, planned or 0.0), market)
    path = [a, b] if stops is None else [a, *(resolve_place(s) for s in stops), b]
    return stops, [Flight(p.code, q.code, sector_distance(p, q), _block(p, q, ac, market),
                          float(ac.trip_fuel(_still_air(p, q, ac, market) + sector_allowance(ac.cruise_speed, market),
                                             load)),
                          _wind(p, q, ac.cruise_speed, market)) for p, q in zip(path, path[1:])]

"""The air-freight market: lane rates, services, technical-stop hubs and model constants.

One file, ``routes/markets/air-freight.toml`` (or a user's own path); the
dataclasses below are its schema.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import CatalogError
from .files import load_market
from .schema import (CONFIDENCE, Figure, Source, Table, identifier, parse_file, quantity, section, sections, table,
                     text, texts)

LEG_MODES = ("road", "sea", "air", "rocket", "handling", "wait")


@dataclass(frozen=True, kw_only=True)
class AirModel:
    taxi: Figure = quantity("time", doc="taxi-out plus taxi-in")
    climb_descent_allowance: Figure = quantity("time")
    detour: Figure = quantity("fraction", doc="airway lengthening of the great circle (the winds are zonal_wind's)")
    reserve_fraction: Figure = quantity("fraction", doc="reserve fuel / zero-fuel weight")
    stop_ground_time: Figure = quantity("time")
    jet_fuel_price: Figure = quantity("cost_per_mass")
    co2_per_fuel: Figure = quantity("fraction", doc="kg CO2 per kg of fuel")
    non_fuel_cost_per_block_hour: Figure = quantity("cost_per_time")
    volumetric_divisor_general: Figure = quantity("specific_volume")
    volumetric_divisor_express: Figure = quantity("specific_volume")
    taxi_fuel_share: Figure = quantity("fraction", positive=True, maximum=1.0,
                                       doc="taxi fuel flow as a share of the cruise flow")
    load_factor: Figure = quantity("fraction", positive=True, maximum=1.0,
                                   doc="share of a freighter's capacity (the binding one of weight and volume) "
                                       "sold on the average flight")
    volume_utilisation: Figure = quantity("fraction", positive=True, maximum=1.0,
                                          doc="share of the freighter's cargo volume that packed cargo fills")
    charter_rate: Figure = quantity("cost_per_time", positive=True,
                                    doc="whole-freighter charter price per block hour flown loaded (return included)")
    charter_minimum: Figure = quantity("cost", positive=True, doc="the least one chartered flight costs")
    express_charter_break: Figure = quantity("mass", positive=True,
                                             doc="chargeable weight above which express is a freighter charter")
    planning_density: Figure | None = quantity("density", required=False, positive=True,
                                               doc="cargo density of the full freighter a timetable's routing is "
                                                   "planned for (each flight routed on its own load where absent)")
    zonal_wind: Table | None = table({"latitude": "angle", "u": "speed"}, required=False, signed=True,
                                     doc="annual-mean west-to-east wind at cruise level against latitude (still air "
                                         "where absent)")


@dataclass(frozen=True, kw_only=True)
class Lane:
    name: str = text()
    from_countries: tuple = texts(doc="ISO country codes; empty on the catch-all lane")
    to_countries: tuple = texts()
    general_rate: Figure = quantity("cost_per_mass")
    express_rate: Figure = quantity("cost_per_mass")

    def matches(self, origin_country: str, destination_country: str) -> bool:
        return origin_country in self.from_countries and destination_country in self.to_countries


@dataclass(frozen=True, kw_only=True)
class Leg:
    name: str = text()
    mode: str = text(choices=LEG_MODES)
    duration: Figure = quantity("time")


@dataclass(frozen=True, kw_only=True)
class Service:
    id: str = text(choices=("general", "express"))
    name: str = text()
    before: tuple[Leg, ...] = sections(Leg, doc="legs before the flight")
    after: tuple[Leg, ...] = sections(Leg, doc="legs after the flight")


@dataclass(frozen=True, kw_only=True)
class Hub:
    code: str = text(doc="IATA code of an airport that serves as a technical stop")
    reason: str = text()
    source: str = text(doc="key of [sources]")
    confidence: str = text(choices=tuple(CONFIDENCE))


@dataclass(frozen=True, kw_only=True)
class AirMarket:
    id: str = identifier()
    name: str = text()
    model: AirModel = section(AirModel)
    lanes: tuple[Lane, ...] = sections(Lane)
    services: tuple[Service, ...] = sections(Service)
    hubs: tuple[Hub, ...] = sections(Hub, minimum=0)
    sources: dict[str, Source] | None = None  # filled by the loader
    path: Path | None = None

    def service(self, sid: str) -> Service:
        for s in self.services:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def lane(self, origin_country: str, destination_country: str) -> Lane:
        for lane in self.lanes:
            if lane.matches(origin_country, destination_country):
                return lane
        return next(lane for lane in self.lanes if not lane.from_countries)


MAX_ZONAL_WIND = 100.0   #: [m/s] stronger than any mean wind aloft: a table above it holds a unit slip


def _check(market: AirMarket, file: str, ctx) -> None:
    wind = market.model.zonal_wind
    if wind is not None:
        lat, u = wind.columns["latitude"], wind.columns["u"]
        if lat[0] < -math.pi / 2 - 1e-9 or lat[-1] > math.pi / 2 + 1e-9:
            raise CatalogError(file, "model.zonal_wind.latitude", "latitudes must lie within -90 and 90 deg")
        if max(abs(x) for x in u) > MAX_ZONAL_WIND:
            raise CatalogError(file, "model.zonal_wind.u", f"a mean wind aloft over {MAX_ZONAL_WIND:.0f} m/s is not "
                                                          "one (check the unit)")
    for i, h in enumerate(market.hubs):
        if h.source not in ctx.sources:
            raise CatalogError(file, f"hubs[{i}].source", f"{h.source!r} is not in [sources]")
    if not any(not lane.from_countries for lane in market.lanes):
        raise CatalogError(file, "lanes", "needs a catch-all lane with empty from_countries and to_countries")
    if {s.id for s in market.services} != {"general", "express"}:
        raise CatalogError(file, "services", "must define exactly the 'general' and 'express' services")


def parse_air_market(path: Path) -> AirMarket:
    return parse_file(AirMarket, path, _check)


@cache
def load_air_market(path: str | None = None) -> AirMarket:
    return load_market("air-freight.toml", parse_air_market, path)

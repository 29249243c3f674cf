"""Cost-model figures for rocket flights (``routes/markets/rocket-economics.toml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .files import load_market
from .schema import Figure, identifier, parse_file, quantity, section, sections, text


@dataclass(frozen=True, kw_only=True)
class PropellantPrices:
    lox: Figure = quantity("cost_per_mass")
    methane: Figure = quantity("cost_per_mass")
    rp1: Figure = quantity("cost_per_mass")
    lh2: Figure = quantity("cost_per_mass")


@dataclass(frozen=True, kw_only=True)
class FuelCO2:
    methane: Figure = quantity("fraction")
    rp1: Figure = quantity("fraction")
    lh2: Figure = quantity("fraction")


@dataclass(frozen=True, kw_only=True)
class PerFlight:
    ground_operations: Figure = quantity("cost")
    range_and_regulatory_fees: Figure = quantity("cost")
    insurance_rate: Figure = quantity("fraction", maximum=1.0)
    recovery_vessel_day_rate: Figure = quantity("cost_per_time")
    return_ship_day_rate: Figure = quantity("cost_per_time")
    transfer_vessel_day_rate: Figure = quantity("cost_per_time")
    infrastructure_per_year: Figure = quantity("cost_per_time", doc="spaceport, pads and ports, spread over the year's flights")


@dataclass(frozen=True, kw_only=True)
class Parcel:
    volume: Figure = quantity("volume", positive=True)
    value: Figure = quantity("cost")


@dataclass(frozen=True, kw_only=True)
class CargoClass:
    name: str = text()
    value_density: Figure = quantity("cost_per_mass")
    value_of_time: Figure = quantity("cost_per_mass_time")


@dataclass(frozen=True, kw_only=True)
class RocketEconomics:
    id: str = identifier()
    name: str = text()
    propellant_price: PropellantPrices = section(PropellantPrices)
    co2_per_fuel: FuelCO2 = section(FuelCO2)
    per_flight: PerFlight = section(PerFlight)
    parcel: Parcel = section(Parcel)
    cargo_classes: tuple[CargoClass, ...] = sections(CargoClass)
    sources: dict = None
    path: Path | None = None


def parse_economics(path: Path) -> RocketEconomics:
    return parse_file(RocketEconomics, path)


@cache
def load_economics(path: str | None = None) -> RocketEconomics:
    return load_market("rocket-economics.toml", parse_economics, path)

"""Cost-model figures for rocket flights (``routes/markets/rocket-economics.toml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .files import load_market
from .schema import Figure, Source, identifier, parse_file, quantity, section, sections, text


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


@dataclass(frozen=True, kw_only=True)
class Recovery:
    """The vessels that recover a stage landed at sea and bring it to port."""

    vessels_per_recovery: Figure = quantity("count", positive=True, doc="landing platform or barge, its tug, a support ship")
    on_station: Figure = quantity("time", doc="time at the landing zone, waiting for and securing the stage")
    vessel_fuel_per_day: Figure = quantity("mass_flow", doc="marine gas oil burnt by one vessel a day at sea")
    marine_gas_oil_price: Figure = quantity("cost_per_mass")


@dataclass(frozen=True, kw_only=True)
class ReturnVoyage:
    """The ship that carries cargo stages from the landing end back to the launch end (and sails back)."""

    fuel_per_day: Figure = quantity("mass_flow", doc="fuel oil burnt a day at service speed")
    fuel_price: Figure = quantity("cost_per_mass", doc="very-low-sulphur fuel oil")
    port_call: Figure = quantity("cost", doc="port dues, pilotage, towage and agency for one call")
    panama_toll: Figure = quantity("cost", doc="one transit of the Panama Canal")
    suez_toll: Figure = quantity("cost", doc="one transit of the Suez Canal")


@dataclass(frozen=True, kw_only=True)
class Capital:
    """Cost of capital, the shore base and the offshore pads, and the loss of a vehicle."""

    cost_of_capital: Figure = quantity("fraction", positive=True, maximum=1.0, doc="a year, on the capital tied up")
    pad_capital: Figure = quantity("cost", doc="one offshore launch or landing platform, built or converted")
    pad_life: Figure = quantity("time", positive=True)
    pad_operations: Figure = quantity("cost_per_time", doc="keeping one platform manned and maintained")
    shore_base: Figure = quantity("cost", doc="the shore base: spaceport, assembly, and the recovery and reuse centre")
    shore_base_life: Figure = quantity("time", positive=True)
    stage_loss_rate: Figure = quantity("fraction", maximum=1.0,
                                       doc="chance a recovered stage is lost on a flight (in flight, landing or recovery)")


@dataclass(frozen=True, kw_only=True)
class Parcel:
    volume: Figure = quantity("volume", positive=True)
    value: Figure = quantity("cost")


@dataclass(frozen=True, kw_only=True)
class CargoClass:
    name: str = text()
    value_density: Figure = quantity("cost_per_mass")
    value_of_time: Figure = quantity("cost_per_mass_time")
    g_limit: Figure = quantity("acceleration", positive=True,
                               doc="the largest sustained acceleration the cargo, packed as it ships, takes [m/s²]")


@dataclass(frozen=True, kw_only=True)
class RocketEconomics:
    id: str = identifier()
    name: str = text()
    propellant_price: PropellantPrices = section(PropellantPrices)
    co2_per_fuel: FuelCO2 = section(FuelCO2)
    per_flight: PerFlight = section(PerFlight)
    recovery: Recovery = section(Recovery)
    return_voyage: ReturnVoyage = section(ReturnVoyage)
    capital: Capital = section(Capital)
    parcel: Parcel = section(Parcel)
    default_cargo: str = text(doc="name of the cargo class whose g limit applies when none is given")
    cargo_classes: tuple[CargoClass, ...] = sections(CargoClass)
    sources: dict[str, Source] | None = None  # filled by the loader
    path: Path | None = None


def parse_economics(path: Path) -> RocketEconomics:
    econ = parse_file(RocketEconomics, path)
    if econ.default_cargo not in {c.name for c in econ.cargo_classes}:
        from ..errors import CatalogError

        raise CatalogError(str(path), "default_cargo", f"{econ.default_cargo!r} is not one of the cargo_classes")
    return econ


def default_cargo(econ: RocketEconomics | None = None) -> CargoClass:
    """The cargo class whose g limit applies when the user gives none."""
    econ = econ or load_economics()
    return next(c for c in econ.cargo_classes if c.name == econ.default_cargo)


@cache
def load_economics(path: str | None = None) -> RocketEconomics:
    return load_market("rocket-economics.toml", parse_economics, path)

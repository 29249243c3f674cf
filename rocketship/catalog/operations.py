"""Rocket operations: ground, sea and pad legs, weather and turnaround (``routes/markets/rocket-operations.toml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import CatalogError
from .files import load_market
from .schema import Figure, Source, identifier, parse_file, quantity, section, sections, text


@dataclass(frozen=True, kw_only=True)
class OpsModel:
    offshore_distance: Figure = quantity("length", positive=True)
    road_speed: Figure = quantity("speed", positive=True)
    road_circuity: Figure = quantity("fraction", positive=True)
    sea_circuity: Figure = quantity("fraction", positive=True)
    max_inland_road: Figure = quantity("length", positive=True)


@dataclass(frozen=True, kw_only=True)
class OpsLegs:
    port_handling: Figure = quantity("time")
    pad_integration: Figure = quantity("time")
    propellant_and_countdown: Figure = quantity("time")
    safing_and_offload: Figure = quantity("time")
    helicopter_turnaround: Figure = quantity("time")


@dataclass(frozen=True, kw_only=True)
class OpsWeather:
    pad_availability: Figure = quantity("fraction", positive=True, maximum=1.0)
    bad_spell: Figure = quantity("time", positive=True, doc="mean length of an unworkable spell")


@dataclass(frozen=True, kw_only=True)
class OpsTurnaround:
    cargo_stage_refurbishment: Figure = quantity("time")
    booster_refurbishment: Figure = quantity("time")
    booster_recovery_to_port: Figure = quantity("time")
    return_loading: Figure = quantity("time")
    return_ship_speed: Figure = quantity("speed", positive=True)
    pad_occupancy: Figure = quantity("time")


@dataclass(frozen=True, kw_only=True)
class TransferMode:
    id: str = text(choices=("supply", "ctv", "helicopter"))
    name: str = text()
    speed: Figure = quantity("speed", positive=True)
    capacity: Figure = quantity("mass", positive=True)
    availability: Figure = quantity("fraction", positive=True, maximum=1.0)


@dataclass(frozen=True, kw_only=True)
class Operations:
    id: str = identifier()
    name: str = text()
    model: OpsModel = section(OpsModel)
    legs: OpsLegs = section(OpsLegs)
    weather: OpsWeather = section(OpsWeather)
    turnaround: OpsTurnaround = section(OpsTurnaround)
    transfer_modes: tuple[TransferMode, ...] = sections(TransferMode)
    sources: dict[str, Source] | None = None  # filled by the loader
    path: Path | None = None

    def mode(self, mid: str) -> TransferMode:
        for m in self.transfer_modes:
            if m.id == mid:
                return m
        raise KeyError(mid)


def _check(ops: Operations, file: str, ctx) -> None:
    if {m.id for m in ops.transfer_modes} != {"supply", "ctv", "helicopter"}:
        raise CatalogError(file, "transfer_modes", "must define supply, ctv and helicopter")


def parse_operations(path: Path) -> Operations:
    return parse_file(Operations, path, _check)


@cache
def load_operations(path: str | None = None) -> Operations:
    return load_market("rocket-operations.toml", parse_operations, path)

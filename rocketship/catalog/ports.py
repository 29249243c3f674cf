"""Sea ports: the UN/LOCODE port list that ships with the ``searoute`` package.

Read straight from the package's data file (the package itself, and its
network library, are not imported for this).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Port:
    code: str      #: UN/LOCODE
    name: str
    country: str
    lat: float
    lon: float
    major: bool    #: flagged t = 1 in searoute's list


@cache
def ports() -> tuple[Port, ...]:
    spec = find_spec("searoute")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the searoute package is not installed; it provides the port list")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "ports.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in data["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        out.append(Port(code=p.get("port", ""), name=p.get("name", ""), country=p.get("cty", ""),
                        lat=float(lat), lon=float(lon), major=p.get("t") == 1.0))
    return tuple(out)


@cache
def _coords():
    ps = ports()
    return np.array([p.lat for p in ps]), np.array([p.lon for p in ps]), np.array([p.major for p in ps])


def best_port(pad_lat: float, pad_lon: float, town_lat: float, town_lon: float, *, road_speed: float,
              road_circuity: float, sea_speed: float, sea_circuity: float, major_only: bool = True) -> tuple[Port, float, float]:
    """The port that minimises road time (town → port) plus sea time (port → pad).

    Speeds in m/s; returns (port, road distance [m], sea distance [m]).
    """
    from ..core.geodesy import great_circle

    lat, lon, major = _coords()
    road, _ = great_circle(town_lat, town_lon, lat, lon)
    sea, _ = great_circle(pad_lat, pad_lon, lat, lon)
    cost = road * road_circuity / road_speed + sea * sea_circuity / sea_speed
    if major_only and major.any():
        cost = np.where(major, cost, np.inf)
    i = int(np.argmin(cost))
    return ports()[i], float(road[i] * road_circuity), float(sea[i] * sea_circuity)

"""Where a rocket flies from and to, and how the cargo gets there: offshore pads, landing zones, ports and road
legs (:func:`site_route`).

Rockets of this size launch and land at sea, about 30 km from shore for noise.  The sites come from a curated
preset in ``routes/`` when one matches the route, otherwise by rule: the nearest point at least 30 km from any
land, the cargo port that minimises road and sea time, the road leg and the sea leg (:mod:`.catalog.ports`).
:mod:`rocketship.logistics` plans the delivery between them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .catalog.operations import Operations, load_operations
from .catalog.places import Place
from .catalog.routes import RoutePreset, load_route
from .core.geodesy import great_circle
from .errors import InputError, ModelError

if TYPE_CHECKING:
    from .catalog.ports import SeaLeg


@dataclass
class Siting:
    """Where the rocket flies from and to, and how the cargo gets there (SI floats)."""

    source: str
    launch_pad: Place | None
    landing_zone: Place | None
    origin_port: Place | None
    destination_port: Place | None
    origin_road: tuple[float, float]          #: distance [m], duration [s]
    destination_road: tuple[float, float]
    origin_sea: float                         #: port → pad by sea [m]
    destination_sea: float                    #: landing zone → port by sea [m]
    return_sea_distance: float | None         #: destination port → origin port by sea [m]
    warnings: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    origin_leg: SeaLeg | None = None          #: the port → pad SeaLeg (its track), where it was routed here
    destination_leg: SeaLeg | None = None     #: the port → landing zone SeaLeg, likewise
    #: the passages (searoute's names) the return voyage crosses, destination port → origin port; None: not routed
    return_passages: tuple[str, ...] | None = None
    #: how far offshore [m] the siting keeps its pads (the operations model's figure it placed them by)
    offshore_distance: float = math.nan

    @property
    def return_canals(self) -> tuple[str, ...]:
        """The toll canals (Panama, Suez) the return voyage crosses (none where it was not routed)."""
        from .catalog.ports import CANALS

        return tuple(p for p in (self.return_passages or ()) if p in CANALS)

    @property
    def feasible(self) -> bool:
        return not self.reasons

    def places(self) -> tuple[Place, Place, Place, Place]:
        """(launch pad, landing zone, origin port, destination port) of a siting that placed them (a feasible one)."""
        pad, lz, port_a, port_b = self.launch_pad, self.landing_zone, self.origin_port, self.destination_port
        if pad is None or lz is None or port_a is None or port_b is None:
            why = "; ".join(self.reasons) or "a pad, landing zone or port is missing"
            raise ModelError(f"nothing was sited: {why}")
        return pad, lz, port_a, port_b

def _site_place(preset: RoutePreset, site_id: str) -> Place:
    s = preset.site(site_id)
    return Place(code=s.id, name=s.name, lat=s.lat.quantity().m_as("deg"), lon=s.lon.quantity().m_as("deg"), kind="site")

def find_preset(origin: Place, destination: Place) -> RoutePreset | None:
    """The shipped preset for this pair (files are only fully parsed when their pair matches)."""
    path = _preset_paths().get((origin.code.upper(), destination.code.upper()))
    return None if path is None else load_route(str(path))

@cache
def _preset_paths() -> dict[tuple[str, str], Path]:
    """(ORIGIN, DESTINATION) → the shipped preset that sites that pair (the first by file name): read once a
    process, as a route matrix asks for each of its up to a million pairs."""
    from .catalog.files import cached_parse, data_dir

    found: dict[tuple[str, str], Path] = {}
    for path in sorted(data_dir("routes").glob("*.toml")):
        pair = cached_parse(path, _preset_pair)
        if pair is not None:
            found.setdefault(pair, path)
    return found

def _preset_pair(path) -> tuple[str, str] | None:
    """(ORIGIN, DESTINATION) of a route preset that places both sites, else None (through the disk cache:
    parsing every preset's TOML on each run cost ~10 ms)."""
    from .catalog.files import read_toml

    raw = read_toml(path)
    if not (raw.get("launch_site") and raw.get("landing_site")):
        return None
    return str(raw.get("origin", "")).upper(), str(raw.get("destination", "")).upper()

def _is_pad(place: Place) -> bool:
    """Is *place* a curated launch pad or landing zone (a site of a route preset), so already at sea?"""
    if place.kind != "site":
        return False
    from .catalog.routes import site_index

    found = site_index().get(place.code.lower())
    return found is not None and found[0].role in ("launch_pad", "landing_zone")

def _offshore_spot(place: Place, ops: Operations) -> tuple[float, float] | None:
    """(lat, lon) [deg] of *place*'s pad by rule — *place* itself where it is a curated pad, else the nearest point
    far enough offshore — or None where there is no such sea near enough (:func:`no_sea_reason`)."""
    from .catalog.landmask import nearest_offshore

    if _is_pad(place):
        return place.lat, place.lon
    found = nearest_offshore(place.lat, place.lon, ops.model.offshore_distance.value / 1e3)
    return None if found is None else (found[0], found[1])

def no_sea_reason(place: Place, ops: Operations) -> str:
    """Why *place* gets no pad by rule (the words ``route`` and ``matrix`` both give)."""
    return f"no sea at least {ops.model.offshore_distance.value / 1e3:.0f} km from land within 1,500 km of {place.code}"

def _auto_pad(place: Place, ops: Operations, role: str, spot: tuple[float, float] | None = None) -> Place | None:
    """One end's pad (or landing zone) by rule, at *spot* where it was found already (:func:`_offshore_spot`)."""
    if _is_pad(place):
        return place
    spot = spot or _offshore_spot(place, ops)
    if spot is None:
        return None
    return Place(code=f"{place.code}-{'pad' if role == 'launch' else 'lz'}",
                 name=f"offshore {'pad' if role == 'launch' else 'landing zone'} for {place.code} (placed by rule)",
                 lat=spot[0], lon=spot[1], kind="site")

def _auto_end(place: Place, ops: Operations, role: str):
    """Pad (or landing zone), port, road leg and sea leg for one end, by rule."""
    from .catalog.ports import best_port

    m = ops.model
    pad = _auto_pad(place, ops, role)
    if pad is None:
        return None
    sea_speed = ops.mode("supply").speed.value
    port, road_m, leg = best_port(pad.lat, pad.lon, place.lat, place.lon, road_speed=m.road_speed.value,
                                  road_circuity=m.road_circuity.value, sea_speed=sea_speed,
                                  sea_circuity=m.sea_circuity.value, country=place.country)
    if pad is place:   # an offshore site is its own pad, and the cargo starts (or ends) at its port
        road_m = 0.0
    port_place = Place(code=port.code, name=f"{port.name} ({port.code})", lat=port.lat, lon=port.lon,
                       kind="port", country=port.country)
    return pad, port_place, (road_m, road_m / m.road_speed.value), leg

def _sea_leg_note(port: Place, pad: Place, leg) -> list[str]:
    """A warning when a port–pad leg could not be routed by sea."""
    return [] if leg is None or leg.routed else [f"sea leg {port.code} – {pad.code} estimated as {leg.how}"]

def _sea_distance_by_route(a: Place, b: Place) -> tuple[float, str]:
    """Port-to-port distance by sea [m] and how it was measured (:func:`~.catalog.ports.sea_leg`; searoute is
    imported only here)."""
    from .catalog.ports import sea_leg

    leg = sea_leg(a.lat, a.lon, b.lat, b.lon, fallback_circuity=1.5, to_port=True)
    return leg.distance, leg.how

def site_route(origin: Place, destination: Place, *, route: str | None = None,
               ops: Operations | None = None, status=None) -> Siting:
    """Pads, ports and ground legs for a pair: a preset (explicit or matching), else by rule.

    *status(message)*, if given, is told before a slow first step (building the land grid).
    """
    ops = ops or load_operations()
    m = ops.model
    preset = _named_preset(route, origin, destination) if route else find_preset(origin, destination)
    if preset is not None and preset.launch_site and preset.landing_site:
        siting = _preset_siting(preset, origin, destination, ops)
    else:
        siting = _automatic_siting(origin, destination, ops, status)
        if siting.reasons:
            return siting
    for place, by_road in ((origin, siting.origin_road), (destination, siting.destination_road)):
        if by_road[0] > m.max_inland_road.value:
            siting.warnings.append(f"{place.code} is inland: {by_road[0] / 1e3:,.0f} km by road to the sea pad's port")
    return siting


def _named_preset(route: str, origin: Place, destination: Place) -> RoutePreset:
    """The preset *route*, refused where it is another pair's: its roads, ports and sea legs are its own
    origin's and destination's, and would be reported as this pair's."""
    from .catalog import resolve_place

    preset = load_route(route)
    own = tuple(resolve_place(code).code for code in (preset.origin, preset.destination))
    if own != (origin.code, destination.code):
        raise InputError(f"route preset {preset.id!r} sites {own[0]} -> {own[1]}, not {origin.code} -> "
                         f"{destination.code}; leave the preset out and this pair is sited by rule")
    return preset


def flight_sites(pairs: list[tuple[Place, Place]], ops: Operations | None = None) -> list[tuple[Place, Place]]:
    """The (launch, landing) places :func:`site_route` gives each (origin, destination) pair — a matching preset's
    sites, else pads placed by rule, else (where an end has no sea near enough) the places themselves — without
    the ports and legs a flight does not need (each place's pad is placed once, however many pairs it is in)."""
    ops = ops or load_operations()
    spots: dict[Place, tuple[float, float] | None] = {}

    def pad(place: Place, role: str) -> Place | None:
        if place not in spots:
            spots[place] = _offshore_spot(place, ops)
        spot = spots[place]
        return None if spot is None else _auto_pad(place, ops, role, spot)

    out = []
    for origin, destination in pairs:
        preset = find_preset(origin, destination)
        if preset is not None and preset.launch_site and preset.landing_site:
            out.append((_site_place(preset, preset.launch_site), _site_place(preset, preset.landing_site)))
            continue
        launch, landing = pad(origin, "launch"), pad(destination, "landing")
        out.append((launch, landing) if launch is not None and landing is not None else (origin, destination))
    return out

def sited_coordinates(places: Sequence[Place], origins: np.ndarray, destinations: np.ndarray,
                      ops: Operations | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                             dict[int, str]]:
    """Launch and landing coordinates [deg] of the pairs (*places*[*origins*[k]], *places*[*destinations*[k]]),
    sited as :func:`flight_sites` sites them (so as ``route`` flies them): (lat1, lon1, lat2, lon2, unsited),
    *unsited* mapping the index of each place with no sea near enough to why (:func:`no_sea_reason`) — a pair
    with such an end is flown between the places themselves, as ``route`` flies it, and cannot be sited.  Each
    place's pad is found once, and the presets are matched by code over all pairs at once (a route matrix has up
    to a million)."""
    ops = ops or load_operations()
    spots = [_offshore_spot(p, ops) for p in places]
    unsited = {k: no_sea_reason(p, ops) for k, (p, spot) in enumerate(zip(places, spots)) if spot is None}
    lat = np.array([p.lat for p in places], dtype=float)
    lon = np.array([p.lon for p in places], dtype=float)
    pad_lat = np.array([p.lat if s is None else s[0] for p, s in zip(places, spots)], dtype=float)
    pad_lon = np.array([p.lon if s is None else s[1] for p, s in zip(places, spots)], dtype=float)
    sited = np.array([s is not None for s in spots], dtype=bool)
    o, d = np.asarray(origins, dtype=np.intp), np.asarray(destinations, dtype=np.intp)
    both = sited[o] & sited[d]
    lat1, lon1 = np.where(both, pad_lat[o], lat[o]), np.where(both, pad_lon[o], lon[o])
    lat2, lon2 = np.where(both, pad_lat[d], lat[d]), np.where(both, pad_lon[d], lon[d])
    codes = np.array([p.code.upper() for p in places])
    for (a, b), path in _preset_paths().items():
        preset_pairs = np.isin(o, np.flatnonzero(codes == a)) & np.isin(d, np.flatnonzero(codes == b))
        if preset_pairs.any():
            preset = load_route(str(path))
            launch, landing = _site_place(preset, preset.launch_site), _site_place(preset, preset.landing_site)
            lat1[preset_pairs], lon1[preset_pairs] = launch.lat, launch.lon
            lat2[preset_pairs], lon2[preset_pairs] = landing.lat, landing.lon
    return lat1, lon1, lat2, lon2, unsited

def _preset_siting(preset: RoutePreset, origin: Place, destination: Place, ops: Operations) -> Siting:
    """The sites a preset names, each end's port (the preset's, else the nearest by rule, else the pad itself)
    reached by the preset's road or by road along the great circle, and by its sea distance or searoute's."""
    m = ops.model
    warnings: list[str] = []
    pad, lz = _site_place(preset, preset.launch_site), _site_place(preset, preset.landing_site)
    ends: list[tuple[Place, tuple[float, float], float, SeaLeg | None]] = []
    for place, site_pad, port_id, road, sea in (
            (origin, pad, preset.origin_port, preset.origin_road, preset.origin_sea_distance),
            (destination, lz, preset.destination_port, preset.destination_road, preset.destination_sea_distance)):
        port = _site_place(preset, port_id) if port_id else None
        if port is None:
            auto = _auto_end(place, ops, "launch")
            port = auto[1] if auto else site_pad
            sea = None
        if road is not None:
            road_leg = (road.distance.value, road.duration.value)
        else:
            d, _ = great_circle(place.lat, place.lon, port.lat, port.lon)
            road_leg = (float(d) * m.road_circuity.value, float(d) * m.road_circuity.value / m.road_speed.value)
        if sea is not None:   # the preset's own sea distance (measured by searoute when it was drafted)
            ends.append((port, road_leg, sea.value, None))
        else:
            from .catalog.ports import sea_leg

            leg = sea_leg(port.lat, port.lon, site_pad.lat, site_pad.lon, fallback_circuity=m.sea_circuity.value)
            warnings += _sea_leg_note(port, site_pad, leg)
            ends.append((port, road_leg, leg.distance, leg))
    ret = preset.return_sea_distance.value if preset.return_sea_distance else None
    return Siting(source=f"preset {preset.id}", launch_pad=pad, landing_zone=lz,
                  offshore_distance=m.offshore_distance.value,
                  origin_port=ends[0][0], destination_port=ends[1][0], origin_road=ends[0][1],
                  destination_road=ends[1][1], origin_sea=ends[0][2], destination_sea=ends[1][2],
                  return_sea_distance=ret, warnings=warnings, origin_leg=ends[0][3],
                  destination_leg=ends[1][3],
                  return_passages=None if preset.return_passages is None else tuple(preset.return_passages))


def _automatic_siting(origin: Place, destination: Place, ops: Operations, status) -> Siting:
    """Pads placed by rule offshore of each end, each with its nearest port; with reasons where an end has no
    open sea near enough.  *status* is told before the land grid is first built."""
    from .catalog.landmask import is_built

    m = ops.model
    if status is not None and not is_built():
        status("building the land grid that places offshore pads (first run only, about 15 s)")
    a_end = _auto_end(origin, ops, "launch")
    b_end = _auto_end(destination, ops, "landing")
    reasons = [no_sea_reason(p, ops) for p, e in ((origin, a_end), (destination, b_end)) if e is None]
    if reasons:
        return Siting(source="automatic", launch_pad=None, landing_zone=None, origin_port=None,
                      offshore_distance=m.offshore_distance.value,
                      destination_port=None, origin_road=(math.nan, math.nan), destination_road=(math.nan, math.nan),
                      origin_sea=math.nan, destination_sea=math.nan, return_sea_distance=None, reasons=reasons)
    warnings = _sea_leg_note(a_end[1], a_end[0], a_end[3]) + _sea_leg_note(b_end[1], b_end[0], b_end[3])
    return Siting(source="automatic", launch_pad=a_end[0], landing_zone=b_end[0], origin_port=a_end[1],
                  offshore_distance=m.offshore_distance.value,
                  destination_port=b_end[1], origin_road=a_end[2], destination_road=b_end[2],
                  origin_sea=a_end[3].distance, destination_sea=b_end[3].distance, return_sea_distance=None,
                  warnings=warnings, origin_leg=a_end[3], destination_leg=b_end[3])

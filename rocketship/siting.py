"""Where a rocket flies from and to, and how the cargo gets there: offshore pads, landing zones, ports and road
legs (:func:`site_route`).

Rockets of this size launch and land at sea, about 30 km from shore for noise.  The sites come from a curated
preset in ``routes/`` when one matches the route, otherwise by rule: the nearest point at least 30 km from any
land, the cargo port that minimises road and sea time, the road leg and the sea leg (:mod:`.catalog.ports`).
:mod:`rocketship.logistics` plans the delivery between them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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
    from .catalog.files import cached_parse, data_dir

    pair = (origin.code.upper(), destination.code.upper())
    for path in sorted(data_dir("routes").glob("*.toml")):
        if cached_parse(path, _preset_pair) == pair:
            return load_route(str(path))
    return None

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

def _auto_pad(place: Place, ops: Operations, role: str) -> Place | None:
    """One end's pad (or landing zone) by rule: *place* itself where it is a curated pad, else the nearest point
    far enough offshore; None where there is no such sea near enough."""
    from .catalog.landmask import nearest_offshore

    if _is_pad(place):
        return place
    found = nearest_offshore(place.lat, place.lon, ops.model.offshore_distance.value / 1e3)
    if found is None:
        return None
    return Place(code=f"{place.code}-{'pad' if role == 'launch' else 'lz'}",
                 name=f"offshore {'pad' if role == 'launch' else 'landing zone'} for {place.code} (placed by rule)",
                 lat=found[0], lon=found[1], kind="site")

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
    pads: dict[tuple[Place, str], Place | None] = {}

    def pad(place: Place, role: str) -> Place | None:
        if (place, role) not in pads:
            pads[(place, role)] = _auto_pad(place, ops, role)
        return pads[(place, role)]

    out = []
    for origin, destination in pairs:
        preset = find_preset(origin, destination)
        if preset is not None and preset.launch_site and preset.landing_site:
            out.append((_site_place(preset, preset.launch_site), _site_place(preset, preset.landing_site)))
            continue
        launch, landing = pad(origin, "launch"), pad(destination, "landing")
        out.append((launch, landing) if launch is not None and landing is not None else (origin, destination))
    return out

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
    reasons = [f"no sea at least {m.offshore_distance.value / 1e3:.0f} km from land within 1,500 km of {p.code}"
               for p, e in ((origin, a_end), (destination, b_end)) if e is None]
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

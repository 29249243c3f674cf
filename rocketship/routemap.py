"""Where the cargo goes, as places and lines on the Earth (:func:`route_map`): what a map of one assessed route
draws, every point and line taken from the models' own results — the siting's airports, ports, pads and their
legs, the rocket's ground track with its events, the freighter's sectors and stops.

Lines are densified along great circles (every ~25 km or closer) so that any projection draws them as they lie
on the Earth; :mod:`rocketship.report.mapping` projects and draws them and computes nothing of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .catalog.places import Place
from .core.constants import R_MEAN

RADIUS_KM = R_MEAN / 1e3   #: the sphere the map's lines and rings lie on, and a map is drawn on [km]
STEP_KM = 25.0        #: the longest step [km] between the points of a drawn line
RING_POINTS = 73      #: points on a pad's ring (every 5°)

#: the flight events the map marks, in flight order: the track's names (estimate tier, then 3-DOF) → the words
EVENTS = (("braking burn lit", "braking burn lit"), ("braking burn", "braking burn lit"),
          ("entry interface", "entry interface"), ("air takes hold", "the air takes hold"),
          ("braking burn end", "the air takes hold"))


@dataclass
class MapLine:
    """A line to draw: what it is (``road``, ``sea``, ``rocket``, ``air``), in words, and its points [deg]."""

    kind: str
    label: str
    lat: np.ndarray
    lon: np.ndarray
    routed: bool = True    #: measured along the way it goes (a sea leg's searoute track); False: a straight stand-in
    end: str = ""          #: the end of the route it belongs to: "origin", "destination" or "" (the middle)


@dataclass
class FlightEvent:
    """A flight event on the ground track: its name, where it lies [deg] and its downrange and altitude [m]."""

    name: str
    lat: float
    lon: float
    downrange: float
    altitude: float


@dataclass
class RouteMap:
    """Everything a route map draws (SI floats; latitudes and longitudes in degrees, longitudes in -180..180)."""

    origin: Place
    destination: Place
    centre: tuple[float, float]               #: the midpoint of the origin–destination great circle
    launch_pad: Place | None
    landing_zone: Place | None
    origin_port: Place | None
    destination_port: Place | None
    offshore_distance: float                  #: [m] the pads' distance from shore the siting keeps (the rings)
    rings: list[MapLine] = field(default_factory=list)
    roads: list[MapLine] = field(default_factory=list)
    sea: list[MapLine] = field(default_factory=list)
    rocket: MapLine | None = None             #: the great circle pad → landing zone (None: nothing sited)
    flown: bool = False                       #: the rocket's flight was computed (it has a track and events)
    events: list[FlightEvent] = field(default_factory=list)
    air: list[MapLine] = field(default_factory=list)
    stops: list[Place] = field(default_factory=list)
    road_distances: tuple[float, float] = (math.nan, math.nan)   #: [m] origin → port, port → destination
    sea_distances: tuple[float, float] = (math.nan, math.nan)    #: [m] port → pad, landing zone → port
    siting_source: str = ""
    siting_reasons: list[str] = field(default_factory=list)

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        """Every point of every line and place (lat, lon) [deg]: what the map's extent must hold."""
        places = [p for p in (self.origin, self.destination, self.launch_pad, self.landing_zone, self.origin_port,
                              self.destination_port, *self.stops) if p is not None]
        lines = [*self.rings, *self.roads, *self.sea, *self.air, *([self.rocket] if self.rocket else [])]
        lat = np.concatenate([[p.lat for p in places], *(ln.lat for ln in lines)])
        lon = np.concatenate([[p.lon for p in places], *(ln.lon for ln in lines)])
        return lat, lon


def great_circle_line(points, step_km: float = STEP_KM) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) [deg] along the great circles joining *points* ((lat, lon) pairs), every *step_km* or closer
    (:func:`.catalog.landmask.track_points`, which the sea legs' land checks walk too)."""
    from .catalog.landmask import track_points

    pts = track_points([(float(la), float(lo)) for la, lo in points], step_km)
    return pts[:, 0], pts[:, 1]


def ring(centre: Place, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) [deg] of the circle of *radius* [m] about *centre* (on the mean sphere)."""
    from .core.geodesy import destination

    lat, lon = destination(centre.lat, centre.lon, np.linspace(0.0, 360.0, RING_POINTS), radius)
    return np.asarray(lat, float), np.asarray(lon, float)


def _with_interface(track) -> dict[str, tuple[float, float]]:
    """The track's events, with the entry interface where the track does not name it (a 3-DOF flight's: its
    first point past the apogee at or below the interface's altitude, where the apogee lies above it)."""
    from .core.route import ENTRY_INTERFACE

    marks = dict(track.events)
    alt = np.asarray(track.altitude, float)
    if "entry interface" not in marks and alt.size and float(alt.max()) > ENTRY_INTERFACE:
        down = np.flatnonzero((np.arange(alt.size) > int(np.argmax(alt))) & (alt <= ENTRY_INTERFACE))
        if down.size:   # where the line between that point and the one before crosses the interface
            k = int(down[0])
            share = (alt[k - 1] - ENTRY_INTERFACE) / (alt[k - 1] - alt[k]) if alt[k - 1] > alt[k] else 1.0
            d0, d1 = float(track.downrange[k - 1]), float(track.downrange[k])
            marks["entry interface"] = (d0 + float(share) * (d1 - d0), float(ENTRY_INTERFACE))
    return marks


def ground_track(rocket, plan) -> tuple[MapLine, list[FlightEvent]]:
    """The rocket's ground track — the great circle from the launch site to the landing site — and its events
    (braking burn lit, entry interface, where the air takes hold) where the flight's track
    (:func:`.flight.flight_track_of`) puts them.  Each event sits at the share of the track's downrange to
    touchdown that it falls at: the track's downrange is the arc's own (measured in the non-rotating frame the
    estimate flies its arc in), so the share, not the kilometres, is what carries over to the ground; a flight
    that never flew has the line and no events."""
    from .core.geodesy import along

    launch, landing = plan.launch_site, plan.landing_site
    lat, lon = great_circle_line([(launch.lat, launch.lon), (landing.lat, landing.lon)])
    line = MapLine("rocket", f"rocket: great circle {launch.code} → {landing.code}", lat, lon)
    if plan.time_of_flight is None:
        return line, []
    from .flight import flight_track_of

    track = flight_track_of(rocket, plan)
    end = float(track.downrange[-1])
    if not end > 0:
        return line, []
    marks = _with_interface(track)
    events: list[FlightEvent] = []
    seen: set[str] = set()
    for name, words in EVENTS:
        if name not in marks or words in seen:
            continue
        seen.add(words)
        down, alt = marks[name]
        share = min(max(down / end, 0.0), 1.0)
        la, lo = along(launch.lat, launch.lon, landing.lat, landing.lon, share)
        events.append(FlightEvent(words, float(la), float(lo), float(down), float(alt)))
    events.sort(key=lambda e: e.downrange)
    return line, events


def _air_lines(a) -> tuple[list[MapLine], list[Place]]:
    """The freighter's sectors (great circles) and the places of its technical stops."""
    from .catalog.places import resolve_place

    air: Any = a.air
    if air is None:
        return [], []
    stops = [resolve_place(s) for s in air.stops]
    path = [a.origin, *stops, a.destination]
    lines = []
    for p, q in zip(path, path[1:]):
        lat, lon = great_circle_line([(p.lat, p.lon), (q.lat, q.lon)])
        lines.append(MapLine("air", f"{air.freighter_name}: {p.code} → {q.code}", lat, lon, routed=air.feasible))
    return lines, stops


def _sea_line(port: Place, pad: Place, leg, label: str, end: str) -> MapLine:
    """A port–pad sea leg: its routed track where the siting measured one, else the straight line."""
    if leg is not None and leg.routed and len(leg.track) >= 2:
        lat, lon = great_circle_line(leg.track)
        return MapLine("sea", label, lat, lon, routed=True, end=end)
    lat, lon = great_circle_line([(port.lat, port.lon), (pad.lat, pad.lon)])
    return MapLine("sea", label, lat, lon, routed=False, end=end)


def route_map(a) -> RouteMap:
    """The places and lines of assessment *a* (:class:`rocketship.assessment.Assessment`) for a map."""
    from .core.geodesy import along

    s = a.rocket.siting if a.rocket is not None else None
    clat, clon = along(a.origin.lat, a.origin.lon, a.destination.lat, a.destination.lon, 0.5)
    m = RouteMap(origin=a.origin, destination=a.destination, centre=(float(clat), float(clon)),
                 launch_pad=None, landing_zone=None, origin_port=None, destination_port=None,
                 offshore_distance=math.nan if s is None else s.offshore_distance)
    m.air, m.stops = _air_lines(a)
    if s is None:
        return m
    m.siting_source, m.siting_reasons = s.source, list(s.reasons)
    m.launch_pad, m.landing_zone = s.launch_pad, s.landing_zone
    m.origin_port, m.destination_port = s.origin_port, s.destination_port
    m.road_distances = (s.origin_road[0], s.destination_road[0])
    m.sea_distances = (s.origin_sea, s.destination_sea)
    for pad, end in ((s.launch_pad, "origin"), (s.landing_zone, "destination")):
        if pad is not None and math.isfinite(m.offshore_distance):
            lat, lon = ring(pad, m.offshore_distance)
            m.rings.append(MapLine("ring", f"{m.offshore_distance / 1e3:.0f} km about {pad.code}", lat, lon, end=end))
    for a_end, b_end, label, end in ((a.origin, s.origin_port, "road to the port", "origin"),
                                     (s.destination_port, a.destination, "road from the port", "destination")):
        if a_end is not None and b_end is not None and (a_end.lat, a_end.lon) != (b_end.lat, b_end.lon):
            m.roads.append(MapLine("road", label, np.array([a_end.lat, b_end.lat]), np.array([a_end.lon, b_end.lon]),
                                   routed=False, end=end))
    if s.origin_port is not None and s.launch_pad is not None:
        m.sea.append(_sea_line(s.origin_port, s.launch_pad, s.origin_leg, "sea: port → launch pad", "origin"))
    if s.destination_port is not None and s.landing_zone is not None:
        m.sea.append(_sea_line(s.destination_port, s.landing_zone, s.destination_leg, "sea: landing zone → port",
                               "destination"))
    if a.flight is not None:
        m.rocket, m.events = ground_track(a.vehicle, a.flight)
        m.flown = a.flight.time_of_flight is not None
    return m

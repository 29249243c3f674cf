"""Sea ports and sea legs: the UN/LOCODE port list and the marine network that ship with ``searoute``.

The port list is read straight from the package's data file (the package itself, and its network library, are
imported only when a sea leg is routed: :func:`sea_leg`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np

#: Entries of searoute's list that are not where a ship berths, left out of the ports a cargo may use (reason given).
NOT_A_PORT = {
    "GBLON": "UN/LOCODE's 'London' point (51.508°N, 0.122°W, as searoute's list gives it) is Charing Cross in the "
             "city centre, not a berth; London's cargo terminals are in the list in their own right: Tilbury (GBTIL) "
             "and London Gateway (GBLGP)",
}


@dataclass(frozen=True)
class Port:
    code: str      #: UN/LOCODE
    name: str
    country: str
    lat: float
    lon: float
    major: bool    #: flagged as a terminal (t = 1) in searoute's list
    classified: bool = True   #: carries searoute's terminal flag at all (t = 0 or 1)


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
                        lat=float(lat), lon=float(lon), major=p.get("t") == 1.0, classified=p.get("t") is not None))
    return tuple(out)


@cache
def cargo_ports() -> tuple[Port, ...]:
    """The ports a cargo may use: searoute's classified entries (t = 0 or 1: terminals and other listed seaports,
    1,359 of 3,962), less :data:`NOT_A_PORT`.

    Assumption: the unclassified entries are left out because many are not seaports at all but inland UN/LOCODE
    places at rounded coordinates (Birmingham, Coventry, Croydon and Wembley in England, for example); the classified
    ones include the regional cargo ports that "major" alone missed (Anchorage, Kodiak, Pyeongtaek, Daesan).
    """
    return tuple(p for p in ports() if p.classified and p.code not in NOT_A_PORT)


@cache
def _coords():
    ps = cargo_ports()
    return np.array([p.lat for p in ps]), np.array([p.lon for p in ps])


@dataclass(frozen=True)
class SeaLeg:
    """A leg by sea between two points: its length [m], how it was measured, and its track ((lat, lon) pairs)."""

    distance: float
    how: str
    track: tuple[tuple[float, float], ...]
    #: the named passages of searoute's network the track crosses (``panama``, ``suez``, ``gibraltar`` …), sorted
    passages: tuple[str, ...] = ()

    @property
    def routed(self) -> bool:
        """Measured over water (out of the harbour over the 1 km grid's water, then straight or by searoute), not
        estimated."""
        return self.how in ("searoute", DIRECT)


DIRECT = "over water: the harbour approach on the 1 km grid, then straight over open water"

#: how far [km] from its network node a pad's straight line to that node may meet land: one coarse cell (3.7 km,
#: the grid's own error), as nodes lie near coasts; otherwise the network reaches no water near the pad (an inland
#: sea) and the leg falls back.  An assumption.
MAX_PAD_CONNECTOR_LAND_KM = 4.0


def _rule_key() -> list:
    """What a cached leg was measured under: searoute's version and the approach's own settings."""
    from . import approach

    return [_searoute_version(), approach.HARBOUR_CHANNEL_KM, approach.WINDOW_KM, approach.LAND_PENALTY,
            approach.SIGHT_TRIES, approach.FAR_NODES_TRIED, MAX_PAD_CONNECTOR_LAND_KM, NODES_TRIED, NODES_ROUTED]


def sea_leg(port_lat: float, port_lon: float, pad_lat: float, pad_lon: float, *, fallback_circuity: float,
            to_port: bool = False) -> SeaLeg:
    """:func:`_sea_leg` through the disk cache (:mod:`rocketship.diskcache`): an approach reads the 1 km grid and
    runs Dijkstra over a window of it (~0.2 s), loading searoute's network costs a run about 0.4 s, and the
    automatic siting of a pair routes a few legs."""
    key = ["sea-leg/2", *_rule_key(), float(port_lat), float(port_lon), float(pad_lat), float(pad_lon),
           float(fallback_circuity), bool(to_port)]
    return _through_cache(
        key, lambda: _sea_leg(port_lat, port_lon, pad_lat, pad_lon, fallback_circuity=fallback_circuity,
                              to_port=to_port),
        encode=lambda leg: {"distance": leg.distance, "how": leg.how, "track": [list(p) for p in leg.track],
                            "passages": list(leg.passages)},
        decode=lambda raw: SeaLeg(float(raw["distance"]), str(raw["how"]),
                                  tuple((float(a), float(b)) for a, b in raw["track"]),
                                  tuple(str(p) for p in raw["passages"])))


def _through_cache(key: list, compute, *, encode, decode):
    """*compute*() through the disk cache's ``sealeg`` entries under *key* (JSON-able): an entry that does not
    decode is discarded and computed again."""
    import json

    from .. import diskcache

    text_key = json.dumps(key)
    text = diskcache.read_entry("sealeg", text_key)
    if text is not None:
        try:
            return decode(json.loads(text))
        except (ValueError, KeyError, TypeError):
            diskcache.discard("sealeg", text_key)
    value = compute()
    diskcache.write_entry("sealeg", text_key, json.dumps(encode(value)))
    return value


@cache
def _searoute_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("searoute")
    except PackageNotFoundError:
        return "none"


def _sea_leg(port_lat: float, port_lon: float, pad_lat: float, pad_lon: float, *, fallback_circuity: float,
             to_port: bool = False) -> SeaLeg:
    """The leg between a port and a pad at sea: out of the harbour over water (:mod:`.approach`: the shortest path
    over the 1 km grid's water, crossing land only in the port's channel allowance) and straight to the pad from the
    first point that sees it over open water; where the window round the port holds no such point, searoute's
    shortest path over its marine network from the node the approach reaches, with the pad joined to its network's
    nearest node seen over water (:func:`_water_node`) and the end of the track cut straight to the pad where the pad
    can be seen over open water.

    Where it cannot be routed — a port with no approach (an inland place, a lake, a river port further up than the
    allowance), no node the pad reaches over water (an inland sea), or no path — the leg is the great circle ×
    *fallback_circuity*, and its ``how`` says so.  With *to_port* the second point is a port too (the return voyage):
    each end has its approach to the network.
    """
    from ..core.geodesy import great_circle

    route = _route(port_lat, port_lon, pad_lat, pad_lon, to_port)
    if isinstance(route, SeaLeg):
        return route
    d, _ = great_circle(port_lat, port_lon, pad_lat, pad_lon)
    return SeaLeg(float(d) * fallback_circuity, f"great circle × {fallback_circuity:g} (no sea route: {route})",
                  ((port_lat, port_lon), (pad_lat, pad_lon)))


#: how many nodes of searoute's network near a port (best first by path plus great circle) are routed from, the
#: shortest leg kept: for a pad (short legs, each routed in under a millisecond), and at each end of a voyage
#: between ports (each route ~50 ms)
NODES_ROUTED = {"pad": 6, "port": 2}


def _route(port_lat, port_lon, pad_lat, pad_lon, to_port) -> SeaLeg | str:
    """The routed leg, or why there is none."""
    from .approach import to_network, to_sight

    if not to_port:
        near = to_sight(port_lat, port_lon, pad_lat, pad_lon)
        if near is not None:
            return SeaLeg(near.length, DIRECT, near.track)
    tries = NODES_ROUTED["port" if to_port else "pad"]
    starts = to_network(port_lat, port_lon, pad_lat, pad_lon, _network_nodes(), tries)
    if not starts:
        return "the port has no way out to searoute's network over water"
    if to_port:
        ends = [(node, tuple(reversed(a.track)))
                for a, node in to_network(pad_lat, pad_lon, port_lat, port_lon, _network_nodes(), tries)]
        if not ends:
            return "the other port has no way out to searoute's network over water"
    else:
        node = _water_node(pad_lat, pad_lon, MAX_PAD_CONNECTOR_LAND_KM)
        if node is None:
            return "searoute's network reaches no water near the pad"
        ends = [(node, ((pad_lat, pad_lon),))]
    import searoute

    routed, why = [], "no path"
    for approach, start in starts:
        for end, tail in ends:
            try:
                feature = searoute.searoute([start[1], start[0]], [end[1], end[0]], return_passages=True)
            except Exception as exc:  # searoute raises on some inputs; no route is still an answer
                why = f"searoute failed ({type(exc).__name__})"
                continue
            coords = feature["geometry"]["coordinates"]
            if coords and math.isfinite(float(feature["properties"]["length"])):
                track = approach.track + tuple((float(la), float(lo)) for lo, la in coords) + tail
                passages = tuple(sorted(str(p) for p in feature["properties"].get("traversed_passages") or ()))
                routed.append((_length(track), track, passages))
    best = None
    for _, track, passages in sorted(routed)[:2]:   # the two shortest, each cut straight to the pad where it can be
        track = track if to_port else _straight_to_pad(track)
        leg = SeaLeg(_length(track), "searoute", track, passages)
        best = leg if best is None or leg.distance < best.distance else best
    return why if best is None else best


@cache
def _network_nodes() -> np.ndarray:
    """searoute's marine network nodes as (lat, lon) rows (the network is loaded here, once: about 0.3 s)."""
    import searoute

    return np.array([(lat, lon) for lon, lat in searoute.setup_M().nodes()], dtype=float)


#: how many of the nearest network nodes are tried for a pad before it is taken as off the network
NODES_TRIED = 40


@lru_cache(maxsize=4096)   # keyed by the pads asked for: bounded, as they are the user's
def _water_node(lat: float, lon: float, max_land_km: float):
    """The nearest node of searoute's network that a pad at (lat, lon) reaches by a straight line meeting land
    (coarse grid) only within *max_land_km* of the node, or None.  searoute itself snaps to the nearest node, which
    may lie across a peninsula (Ensenada's is in the Gulf of California, across Baja)."""
    from ..core.geodesy import great_circle

    nodes = _network_nodes()
    d, _ = great_circle(lat, lon, nodes[:, 0], nodes[:, 1])
    for k in np.argsort(d)[:NODES_TRIED]:
        node = (float(nodes[k, 0]), float(nodes[k, 1]))
        if _approach_clear(node, (lat, lon), max_land_km):
            return node
    return None


def _water_run_km(a, b) -> float:
    """The longest stretch [km] of open water (coarse grid) on the straight line from *a* to *b*."""
    from .landmask import is_land, land_run_km

    return land_run_km((a, b), land=lambda lat, lon: ~is_land(lat, lon))


def _approach_clear(a, b, approach_km: float) -> bool:
    """Does the straight line from *a* to *b* meet land (coarse grid) only within its first *approach_km*?"""
    from ..core.geodesy import great_circle
    from .landmask import is_land, track_points

    pts = track_points((a, b))
    on = is_land(pts[:, 0], pts[:, 1])
    if not on.any():
        return True
    d, _ = great_circle(a[0], a[1], pts[on, 0], pts[on, 1])
    return float(d.max()) <= approach_km * 1e3


def _length(track) -> float:
    """Length [m] of a track of (lat, lon) pairs joined by great circles."""
    from ..core.geodesy import great_circle

    la, lo = np.array(track).T
    return float(great_circle(la[:-1], lo[:-1], la[1:], lo[1:])[0].sum())


def _straight_to_pad(track):
    """The track with its end cut short: straight to the pad from the first point of it that sees the pad over open
    water (no land on the coarse grid, which errs towards land).  searoute joins a pad to its network's nearest
    node, which may lie beyond the pad, and the track would run past the pad and back."""
    for k in range(1, len(track) - 1):
        if _approach_clear(track[k], track[-1], 0.0):
            return track[:k + 1] + track[-1:]
    return track


#: the longest stretch [km] of open water that a road leg's straight line may cross (a bridge or causeway: the
#: Seohae Grand Bridge is 7.3 km); further, the port is taken to have no road from the town (Kodiak from Anchorage,
#: Batam from Singapore).  Read on the coarse grid, which errs towards land, so a crossing measures a little short.
#: An assumption.
MAX_ROAD_WATER_KM = 10.0

#: the most ports whose sea legs are routed for one pad before the search gives up on routing (an inland sea)
MAX_PORTS_TRIED = 60


def best_port(pad_lat: float, pad_lon: float, town_lat: float, town_lon: float, *, road_speed: float,
              road_circuity: float, sea_speed: float, sea_circuity: float, country: str = "") -> tuple[Port, float, SeaLeg]:
    """The cargo port that minimises road time (town → port) plus sea time (port → pad by sea route), among those
    the town reaches by road (:data:`MAX_ROAD_WATER_KM`) and, when the town's *country* (ISO 3166 alpha-2) is given,
    in that country where one of its ports will do (an assumption: a land border on the way to the port, with its
    customs and permits, is not modelled — without it Incheon's traffic went by road to Haeju, in North Korea).

    Speeds in m/s; returns (port, road distance [m], sea leg).  The road leg is the great circle × *road_circuity*;
    the sea leg is routed (:func:`sea_leg`, *sea_circuity* only where it falls back).  Ports are tried in order of a
    lower bound on their time (the sea leg at least its great circle), and the search stops when that bound passes
    the best time found, so few legs are routed.  A port whose leg searoute cannot route is passed over; if none of
    the first :data:`MAX_PORTS_TRIED` routes, the best by the bound is taken with :func:`sea_leg`'s fallback.
    """
    from ..core.geodesy import great_circle

    lat, lon = _coords()
    road, _ = great_circle(town_lat, town_lon, lat, lon)
    sea_gc, _ = great_circle(pad_lat, pad_lon, lat, lon)
    road_time = road * road_circuity / road_speed
    bound = road_time + sea_gc / sea_speed
    order = np.argsort(bound, kind="stable")
    home = [i for i in order if cargo_ports()[int(i)].code[:2] == country.upper()] if country else []

    def search(candidates):
        best = None
        for i in candidates[:MAX_PORTS_TRIED]:
            if best is not None and bound[i] >= best[0]:
                break
            p = cargo_ports()[int(i)]
            if _water_run_km((town_lat, town_lon), (p.lat, p.lon)) > MAX_ROAD_WATER_KM:   # no road to it
                continue
            leg = sea_leg(p.lat, p.lon, pad_lat, pad_lon, fallback_circuity=sea_circuity)
            if leg.routed:   # else the port is off the network: not a port for this pad
                t = float(road_time[i]) + leg.distance / sea_speed
                if best is None or t < best[0]:
                    best = (t, p, float(road[i] * road_circuity), leg)
        return None if best is None else best[1:]

    for candidates in ([home] if home else []) + [order]:
        found = search(candidates)
        if found is not None:
            return found
    # nothing routes (an inland sea): the nearest by the bound, its leg as the fallback states
    i = int(order[0])
    p = cargo_ports()[i]
    return p, float(road[i] * road_circuity), sea_leg(p.lat, p.lon, pad_lat, pad_lon, fallback_circuity=sea_circuity)


#: the passages of searoute's network that charge a toll (its network marks the edges through each one)
CANALS = ("panama", "suez")


def sea_passages(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> tuple[str, ...] | None:
    """The named passages (searoute's: ``panama``, ``suez``, ``gibraltar``, ``malacca`` …) that the sea route from
    port *a* to port *b* crosses, sorted — the route :func:`sea_leg` measures for a return voyage, read from
    searoute's ``traversed_passages``.  None where searoute cannot route it."""
    leg = sea_leg(a_lat, a_lon, b_lat, b_lon, fallback_circuity=1.5, to_port=True)
    return leg.passages if leg.how == "searoute" else None

"""Route presets and named sites, one TOML file per route in ``routes/``.

A preset names the airports at either end and the curated places between
them (offshore pads, landing zones, ports), each with a source or an
assumption flag.  Any site id can be used wherever an airport code can.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from ..errors import CatalogError
from .files import locate, read_toml, shipped_ids
from .places import coordinate_problem
from .schema import Figure, Source, _Context, build, identifier, quantity, read_sources, section, sections, text

SITE_ROLES = ("launch_pad", "landing_zone", "pad", "port", "city", "airport")


@dataclass(frozen=True, kw_only=True)
class Site:
    id: str = identifier(doc="short id, unique across routes/, e.g. 'bohai-pad'")
    name: str = text()
    role: str = text(choices=SITE_ROLES)
    lat: Figure = quantity("angle", signed=True, doc="latitude, e.g. '38.80 deg'")
    lon: Figure = quantity("angle", signed=True, doc="longitude east, e.g. '118.20 deg'")


@dataclass(frozen=True, kw_only=True)
class RoadLeg:
    """A curated road leg between a place and its port."""

    distance: Figure = quantity("length", positive=True)
    duration: Figure = quantity("time", positive=True)


@dataclass(frozen=True, kw_only=True)
class RoutePreset:
    id: str = identifier()
    name: str = text()
    description: str = text(required=False)
    source: str = text(required=False, doc="the file's principal reference, in words; every figure names its own")
    origin: str = text(doc="airport code or site id where the cargo starts")
    destination: str = text(doc="airport code or site id where the cargo ends")
    launch_site: str = text(required=False, doc="site id of the launch pad")
    landing_site: str = text(required=False, doc="site id of the landing zone")
    origin_port: str = text(required=False, doc="site id of the port that serves the launch pad")
    destination_port: str = text(required=False, doc="site id of the port that serves the landing zone")
    origin_road: RoadLeg | None = section(RoadLeg, required=False, doc="origin → origin port by road")
    destination_road: RoadLeg | None = section(RoadLeg, required=False, doc="destination port → destination by road")
    origin_sea_distance: Figure | None = quantity("length", required=False, positive=True,
                                          doc="sea route from the origin port to the launch pad (else routed when run)")
    destination_sea_distance: Figure | None = quantity("length", required=False, positive=True,
                                               doc="sea route from the destination port to the landing zone (else routed "
                                                   "when run)")
    return_sea_distance: Figure | None = quantity("length", required=False, positive=True,
                                          doc="sea route from the destination port back to the origin port")
    #: the passages (searoute's names) that route crosses — a canal among them charges its toll; stored with the
    #: distance, so that a preset's voyage home needs no routing when run (None: not stored, routed when run)
    return_passages: tuple[str, ...] | None = field(default=None, metadata={
        "kind": "texts", "doc": "the passages (searoute's names: panama, suez, …) the route home crosses"})
    sites: tuple[Site, ...] = sections(Site, minimum=0)
    sources: dict[str, Source] | None = None  # filled by the loader
    path: Path | None = None

    def site(self, site_id: str) -> Site:
        for s in self.sites:
            if s.id == site_id:
                return s
        raise KeyError(site_id)


def parse_route(path: Path) -> RoutePreset:
    raw = read_toml(path)
    file = str(path)
    ctx = _Context(file, read_sources(raw.get("sources"), file))
    raw.setdefault("sites", [])
    route: RoutePreset = build(RoutePreset, raw, "", ctx)
    ids = [s.id for s in route.sites]
    for key in ("launch_site", "landing_site", "origin_port", "destination_port"):
        ref = getattr(route, key)
        if ref and ref not in ids:
            raise CatalogError(file, key, f"{ref!r} is not one of this file's sites ({', '.join(ids) or 'none'})")
    for i, s in enumerate(route.sites):
        lat, lon = s.lat.quantity().m_as("deg"), s.lon.quantity().m_as("deg")
        problem = coordinate_problem(lat, lon)
        if problem:
            raise CatalogError(file, f"sites[{i}].{'lat' if 'latitude' in problem else 'lon'}", problem)
    object.__setattr__(route, "sources", ctx.sources)
    object.__setattr__(route, "path", path)
    return route


@lru_cache(maxsize=256)   # a file at each of its versions: bounded, as a long session may edit one often
def _load_cached(path: str, mtime: float) -> RoutePreset:
    from .files import cached_parse

    return cached_parse(Path(path), parse_route)


def load_route(name: str | Path) -> RoutePreset:
    """A route preset by id (``"pek-jfk"``) or by path to the user's own TOML file."""
    path = locate("routes", name, "route")
    return _load_cached(str(path.resolve()), path.stat().st_mtime)


def available_routes() -> list[RoutePreset]:
    return [load_route(i) for i in shipped_ids("routes")]


@cache
def site_index() -> dict[str, tuple[Site, RoutePreset]]:
    """Every named site in the shipped presets, by id."""
    index: dict[str, tuple[Site, RoutePreset]] = {}
    for route in available_routes():
        for s in route.sites:
            if s.id in index and index[s.id][0] != s:
                raise CatalogError(str(route.path), f"sites.{s.id}", f"site id also defined differently in {index[s.id][1].path}")
            index[s.id] = (s, route)
    return index

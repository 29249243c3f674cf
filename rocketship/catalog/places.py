"""Places: airports by IATA or ICAO code, named sites, and ``LAT,LON`` literals.

Airport data come from the maintained ``airportsdata`` package (loaded once,
lazily, only for the code type asked for).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from collections.abc import Mapping
from numbers import Real
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, cast

from ..encode import encode_object, json_meta
from ..errors import InputError, UnknownNameError, close_matches

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from pathlib import Path

    from airportsdata import Airport

    from .routes import RoutePreset, Site

#: airportsdata's keys for its table
CodeType: TypeAlias = Literal["ICAO", "IATA", "LID"]
#: one airport's record: airportsdata's (numbers as numbers) or a line of its CSV (all text)
AirportRecord: TypeAlias = Mapping[str, Any]

_LATLON = re.compile(r"^\s*([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*[, ]\s*([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*$")


def coordinate_problem(lat: float, lon: float) -> str | None:
    """What is wrong with (*lat*, *lon*) as a point in degrees, or None.  Longitudes up to 360 are
    accepted (and read as east of 180 going round)."""
    for name, value in (("latitude", lat), ("longitude", lon)):
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            return f"the {name} must be a finite number of degrees (got {value!r})"
    if not -90.0 <= lat <= 90.0:
        return f"latitude {lat} is outside -90..90 degrees"
    if not -180.0 <= lon <= 360.0:
        return f"longitude {lon} is outside -180..360 degrees"
    return None


def east_of_180(lon: Any) -> Any:
    """A longitude [deg] of -180..360 as its -180..180 equal: past 180 read going round east, the rest as
    given (a float, or elementwise on an array)."""
    wrapped = ((lon + 180.0) % 360.0) - 180.0
    if isinstance(lon, (float, int)):
        return wrapped if lon > 180.0 else lon
    import numpy as np

    return np.where(lon > 180.0, wrapped, lon)


@dataclass(frozen=True)
class Place:
    """A point on the Earth with a name.  Latitude and longitude in degrees (WGS-84), checked when made
    (:class:`InputError` otherwise); a longitude beyond 180 is brought into -180..180."""

    code: str
    name: str
    lat: float = field(metadata=json_meta(unit="deg", after="country"))
    lon: float = field(metadata=json_meta(unit="deg", after="lat"))
    kind: str = field(metadata=json_meta(after="name"))   # "airport" | "site" | "coordinates"
    city: str = field(default="", metadata=json_meta(omit="empty"))
    country: str = field(default="", metadata=json_meta(omit="empty"))
    iata: str = field(default="", metadata=json_meta(exclude=True))
    icao: str = field(default="", metadata=json_meta(exclude=True))
    #: how a typed name was read (a city → its main cargo airport), else empty
    note: str = field(default="", metadata=json_meta(omit="empty"))

    def __post_init__(self) -> None:
        problem = coordinate_problem(self.lat, self.lon)
        if problem:
            raise InputError(f"place {self.code!r}: {problem}")
        if not isinstance(self.code, str) or not self.code:
            raise InputError(f"a place needs a code, such as 'PEK' (got {self.code!r})")
        lon = float(self.lon)
        object.__setattr__(self, "lat", float(self.lat))
        object.__setattr__(self, "lon", east_of_180(lon))

    def as_dict(self) -> dict[str, Any]:
        """The place in the JSON contract's one shape for a place, wherever one is written (an airport, a
        port, a pad): code, name, kind, its city, country and note where it has them, lat and lon."""
        return encode_object(self)


def same_place(a: Place, b: Place) -> bool:
    """*a* and *b* are one point (one airport by two codes, or a place named twice): no route joins them and no
    bearing leads from one to the other."""
    return abs(a.lat - b.lat) < 1e-9 and abs(((a.lon - b.lon + 180) % 360) - 180) < 1e-9


def resolve_route_ends(origin: str | Place, destination: str | Place) -> tuple[Place, Place]:
    """The origin and destination of a route resolved (every unknown one reported), refused where they are the
    same point."""
    a, b = resolve_places(origin, destination)
    if same_place(a, b):
        raise InputError(f"origin and destination are the same place ({a.code}); give two different places")
    return a, b


#: [km] how far from a site or coordinates the nearest airport may be to lend them its country
COUNTRY_REACH_KM = 300.0


def country_of(place: Place) -> str:
    """*place*'s country: its own; for a site or coordinates (which carry none), that of the nearest airport
    with an IATA code within COUNTRY_REACH_KM — the market its air freight is booked in (Beijing Capital's own
    coordinates are China's lane, not the global average's); '' beyond."""
    if place.country or place.kind == "airport":
        return place.country
    import numpy as np

    from ..core.constants import R_MEAN
    from ..core.geodesy import central_angle

    lat, lon, countries = _iata_points()
    angle = central_angle(place.lat, place.lon, lat, lon)
    i = int(np.argmin(angle))
    return countries[i] if float(angle[i]) * R_MEAN / 1e3 <= COUNTRY_REACH_KM else ""


@cache
def _iata_points() -> tuple[Any, Any, tuple[str, ...]]:
    """Latitudes and longitudes [deg] (arrays) and countries of airportsdata's airports with an IATA code."""
    import numpy as np

    table = _airports("IATA")
    return (np.array([a["lat"] for a in table.values()], float), np.array([a["lon"] for a in table.values()], float),
            tuple(a["country"] for a in table.values()))


@cache
def _airports(code_type: CodeType) -> dict[str, Airport]:
    """The whole airportsdata table keyed by *code_type* (≈0.1-0.2 s: only for suggestions and sweeps)."""
    import airportsdata

    return airportsdata.load(code_type)


@cache
def _airports_csv_path() -> Path:
    from importlib.util import find_spec
    from pathlib import Path

    spec = cast("ModuleSpec", find_spec("airportsdata"))   # a dependency, and a package: found, with a folder
    return Path(list(cast("list[str]", spec.submodule_search_locations))[0]) / "airports.csv"


@cache
def _airports_csv() -> bytes:
    """airportsdata's CSV as bytes: searching bytes skips decoding 3 MB of text (~20 ms) for one lookup."""
    return _airports_csv_path().read_bytes()


_FIELDS = ("icao", "iata", "name", "city", "subd", "country", "elevation", "lat", "lon", "tz", "lid")


def _index_iata(path: Path) -> dict[str, int]:
    """IATA code → byte offset of that airport's CSV line, the first line where the same code appears
    twice (as a scan of the file finds it)."""
    index: dict[str, int] = {}
    data = path.read_bytes()
    offset = data.index(b"\n") + 1
    while offset < len(data):
        end = data.find(b"\n", offset)
        end = len(data) if end < 0 else end
        line = data[offset:end]
        if line.count(b'"') >= 4:
            code = line.split(b",", 2)[1].strip(b'"').decode("utf-8")
            if code:
                index.setdefault(code, offset)
        offset = end + 1
    return index


@cache
def _iata_index() -> dict[str, int]:
    """The IATA index, through the disk cache: ~1 ms to load where reading and searching the 3 MB CSV
    for the ten airports of a route report (ends, hubs, ports) took ~30 ms."""
    from .files import cached_parse

    return cached_parse(_airports_csv_path(), _index_iata)


def _iata_line(code: str) -> str | None:
    """The CSV line of one IATA code, read at its indexed offset."""
    offset = _iata_index().get(code)
    if offset is None:
        return None
    with open(_airports_csv_path(), "rb") as fh:
        fh.seek(offset)
        return fh.readline().rstrip(b"\r\n").decode("utf-8")


def _parse_line(line: str) -> dict[str, str]:
    import csv

    return dict(zip(_FIELDS, next(csv.reader([line]))))


def _lookup(code: str, code_type: CodeType) -> AirportRecord | None:
    """One airport by exact code, found without parsing all 28,000 rows of airportsdata's CSV."""
    if _airports.cache_info().currsize:   # the full table is loaded already
        return _airports(code_type).get(code)
    if code_type == "IATA":
        line = _iata_line(code)
        return None if line is None else _parse_line(line)
    return _scan_csv(code, code_type)


def _scan_csv(code: str, code_type: CodeType) -> dict[str, str] | None:
    data = _airports_csv()
    needle = (f'\n"{code}",' if code_type == "ICAO" else f'","{code}",').encode("utf-8")
    i = data.find(needle)
    while i >= 0:
        start = data.rfind(b"\n", 0, i + 1) + 1
        end = data.find(b"\n", i + 1)
        rec = _parse_line(data[start:end].decode("utf-8"))
        if rec.get("iata" if code_type == "IATA" else "icao") == code:
            return rec
        i = data.find(needle, i + 1)
    return None


def _from_airport(rec: AirportRecord) -> Place:
    code = rec["iata"] or rec["icao"]
    return Place(code=code, name=rec["name"], lat=float(rec["lat"]), lon=float(rec["lon"]), kind="airport",
                 city=rec.get("city", ""), country=rec.get("country", ""), iata=rec["iata"], icao=rec["icao"])


def parse_latlon(text: str) -> Place | None:
    """``"40.08,116.58"`` → a Place; None when *text* is not a coordinate pair."""
    m = _LATLON.match(text)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    problem = coordinate_problem(lat, lon)
    if problem:
        raise InputError(f"{problem} in {text!r} (write LAT,LON)")
    lon = east_of_180(lon)
    return Place(code=f"{lat:.4f},{lon:.4f}", name=f"{abs(lat):.4f}°{'N' if lat >= 0 else 'S'} "
                 f"{abs(lon):.4f}°{'E' if lon >= 0 else 'W'}", lat=lat, lon=lon, kind="coordinates")


ROUTE_SEPARATOR = ":"


def parse_route_pair(text: object) -> tuple[str, str]:
    """``"PEK:JFK"`` → ("PEK", "JFK").

    ``:`` separates the two ends; it appears in no code, site id or coordinate, so
    ``-33.9,151.2:PVG`` keeps its minus sign.  The older ``PEK-JFK`` is read where it cannot be
    mistaken: exactly one ``-`` with text on both sides.  Anything else with a ``-`` (a negative
    coordinate, a hyphenated site id such as ``bohai-pad``) is refused with the form to write instead.
    """
    if not isinstance(text, str):
        raise InputError(f"a route is text such as 'PEK:JFK' or a pair ('PEK', 'JFK') (got {text!r})")
    raw = text.strip()
    example = "e.g. PEK:JFK or -33.9,151.2:PVG"
    if ROUTE_SEPARATOR in raw:
        parts = [p.strip() for p in raw.split(ROUTE_SEPARATOR)]
        if len(parts) != 2 or not all(parts):
            raise InputError(f"cannot read route {text!r}: write ORIGIN:DESTINATION with one ':', {example}")
        return parts[0], parts[1]
    parts = [p.strip() for p in raw.split("-")]
    if len(parts) == 2 and all(parts):
        return parts[0], parts[1]
    if len(parts) > 2:
        raise InputError(f"cannot read route {text!r}: with a '-' inside a place (a minus sign, a site id such as "
                         f"bohai-pad) the '-' between the ends is ambiguous; write ORIGIN:DESTINATION, {example}")
    raise InputError(f"cannot read route {text!r}: write ORIGIN:DESTINATION, {example}")


def format_route_pair(origin: str, destination: str) -> str:
    """The route as text that :func:`parse_route_pair` reads back: ``PEK-JFK`` where that is unambiguous,
    else ``ORIGIN:DESTINATION``."""
    dashed = f"{origin}-{destination}"
    return dashed if dashed.count("-") == 1 else f"{origin}{ROUTE_SEPARATOR}{destination}"


def resolve_place(text: str | Place) -> Place:
    """An IATA code, ICAO code, site id from ``routes/`` or ``LAT,LON`` → :class:`Place` (cached per text).

    Raises :class:`UnknownNameError` (with close matches) for an unknown
    code, and :class:`InputError` for an empty or malformed entry.
    """
    if isinstance(text, Place):
        return text
    if isinstance(text, str):
        return _resolve_text(text)
    raise InputError(f"a place must be text such as 'PEK', 'ZBAA', a site id or 'LAT,LON' (got {text!r})")


#: bounded: a study of many coordinate texts would otherwise keep a Place for every one it read
@lru_cache(maxsize=4096)
def _resolve_text(text: str) -> Place:
    if not isinstance(text, str):
        raise InputError(f"a place must be text such as 'PEK', 'ZBAA', a site id or 'LAT,LON' (got {text!r})")
    raw = text.strip()
    if not raw:
        raise InputError("a place is empty; give an airport code such as 'PEK', a site id, or 'LAT,LON'")
    place = parse_latlon(raw)
    if place is not None:
        return place
    if any(c in raw for c in ",;") or raw.count(" ") > 3:
        raise InputError(f"cannot read {raw!r} as a place; write an airport code such as 'PEK' or 'LAT,LON' in decimal degrees")
    upper = raw.upper()
    if len(upper) == 3 and upper.isalpha():
        rec = _lookup(upper, "IATA")
        if rec:
            return _from_airport(rec)
    if len(upper) == 4 and upper.isalnum():
        rec = _lookup(upper, "ICAO")
        if rec:
            return _from_airport(rec)
    from .routes import site_index

    sites = site_index()
    if raw.lower() in sites:
        site, route = sites[raw.lower()]
        return Place(code=site.id, name=site.name, lat=site.lat.quantity().m_as("deg"),
                     lon=site.lon.quantity().m_as("deg"), kind="site")
    city = _city_airport(raw)
    if city is not None:
        return city
    raise UnknownNameError("place", raw, _suggest(raw, sites))


class UnknownPlacesError(UnknownNameError):
    """Several places are unknown: one message with each one's suggestions (exit 3)."""

    def __init__(self, errors: list[UnknownNameError]):
        self.errors = list(errors)
        super().__init__("place", self.errors[0].name, self.errors[0].suggestions)
        self.args = ("; ".join(str(e) for e in self.errors),)


def resolve_places(*texts: str | Place) -> list[Place]:
    """Each of *texts* as a Place; every unknown one is reported, each with its suggestions."""
    places: list[Place] = []
    unknown: list[UnknownNameError] = []
    for text in texts:
        try:
            places.append(resolve_place(text))
        except UnknownNameError as exc:
            unknown.append(exc)
    if len(unknown) > 1:
        raise UnknownPlacesError(unknown)
    if unknown:
        raise unknown[0]
    return places


@cache
def cargo_airports() -> tuple[str, ...]:
    """IATA codes of the busiest cargo airports, busiest first (``routes/markets/cargo-airports.toml``)."""
    from .files import data_dir, read_toml

    return tuple(a["code"] for a in read_toml(data_dir("routes") / "markets" / "cargo-airports.toml")["airports"])


def _city_names(city: str) -> set[str]:
    """The ways a person may type the city of an airport: ``'Arnavutköy, Istanbul'`` → both parts."""
    return {part.strip().lower() for part in city.split(",") if part.strip()}


def _city_airport(raw: str) -> Place | None:
    """A city name read as its main cargo airport (the busiest on the cargo list), or as its one
    international airport; None when the name is no city, or the city has no clear choice."""
    word = " ".join(raw.lower().split())
    if len(word) < 3:
        return None
    table = _airports("IATA")

    def matches(rec: Airport) -> bool:
        names = _city_names(rec.get("city", ""))
        return word in names or (len(word) >= 4 and any(n.startswith(word + " ") for n in names))

    found = [code for code, rec in table.items() if matches(rec)]
    cargo = [code for code in cargo_airports() if code in found]
    if cargo:
        code, why = cargo[0], "the city's main cargo airport"
    else:
        international = [c for c in found if "international" in table[c]["name"].lower()]
        if len(international) != 1:
            return None
        code, why = international[0], "the city's international airport"
    place = _from_airport(table[code])
    return replace(place, note=f"{raw.strip()!r} read as {code} ({place.name}), {why}")


def _suggest(raw: str, sites: Mapping[str, tuple[Site, RoutePreset]]) -> list[str]:
    upper = raw.upper()
    out: list[str] = []
    if len(upper) <= 4:
        pool = _airports("IATA") if len(upper) <= 3 else _airports("ICAO")
        out += close_matches(upper, pool, n=4, cutoff=0.6)
    # a city or airport name typed instead of a code
    if len(raw) >= 4:
        word = raw.lower()
        named = [c for c, rec in _airports("IATA").items()
                 if word == rec["city"].lower() or (len(word) >= 5 and word in rec["name"].lower())]
        out += sorted(named)[:6]
    if len(raw) >= 4:   # a city name misspelt: suggest the city, which resolves to its cargo airport
        cities = {name: rec["city"] for rec in _airports("IATA").values() for name in _city_names(rec.get("city", ""))}
        out += [cities[c].split(",")[-1].strip() for c in close_matches(raw.lower(), cities, n=3, cutoff=0.8)]
    out += close_matches(raw.lower(), sites, n=3, cutoff=0.5)
    seen: list[str] = []
    for x in out:
        if x not in seen:
            seen.append(x)
    return seen[:6]

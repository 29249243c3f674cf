"""Many routes, many vehicles: comparison tables and route matrices.

* :func:`compare` runs the full :func:`~rocketship.assess` for every route ×
  vehicle, so each row says exactly what ``rocketship route`` says.
* :func:`route_matrix` runs the vectorised estimate tier over every ordered
  pair of a list of airports in one pass (flight feasibility, time, Δv
  margin and maximum payload), for studies too big for one-by-one assessment.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias
from pathlib import Path

import numpy as np

from .catalog.lists import read_routes_csv
from .catalog.places import Place, format_route_pair, parse_route_pair
from .catalog.vehicles import RocketLike
from .encode import computed, encode_object, json_meta
from .cluster import map_arrays
from .errors import InputError
from .units import Q_, Quantity, QuantityLike

__all__ = ["COLUMNS", "IF_IT_COULD_FLY", "Comparison", "RouteMatrix", "compare", "format_route_pair",
           "parse_route_pair", "read_comparison_csv", "read_routes_csv", "route_matrix", "spreadsheet_safe",
           "summarise"]

if TYPE_CHECKING:
    from .assessment import Assessment
    from .cluster import ClientLike
    from .core.rocket import VehicleParams
    from .sizing import Sizing

#: one row of a comparison: column key → a Quantity, a number, a bool, text or None
Row: TypeAlias = dict[str, Any]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [  # (key, unit or None, what)
    ("route", None, "ORIGIN-DESTINATION, or ORIGIN:DESTINATION where a '-' would be ambiguous"),
    ("vehicle", None, "rocket id"),
    ("feasible", None, "can the rocket fly it with this cargo (false: the economics columns are left empty)"),
    ("reason", None, "why not, when it cannot"),
    ("payload", "t", "cargo assessed"),
    ("max_payload", "t", "largest cargo on this route"),
    ("flight_time", "min", "lift-off to touchdown"),
    ("rocket_door_to_door_express", "h", "expected, with weather, with the express service's ground legs"),
    ("rocket_door_to_door_general", "h", "expected, with weather, with the general service's ground legs"),
    ("air_express_door_to_door", "h", ""),
    ("air_general_door_to_door", "h", ""),
    ("time_saved_versus_express", "h", "signed: negative when the rocket is slower (same ground legs)"),
    ("time_saved_versus_general", "h", "signed: negative when the rocket is slower (same ground legs)"),
    ("cost_per_kg", "USD/kg", "rocket"),
    ("cost_per_parcel", "USD", "rocket"),
    ("air_express_cost_per_kg", "USD/kg", ""),
    ("air_general_cost_per_kg", "USD/kg", ""),
    ("premium_versus_express", "", "rocket cost / air express cost"),
    ("premium_versus_general", "", "rocket cost / air general cost"),
    ("break_even_versus_express", "USD/kg/h", "empty where the rocket is not faster"),
    ("break_even_versus_general", "USD/kg/h", "empty where the rocket is not faster"),
]
#: the column ``compare(stack_needed=True)`` adds (key, unit, what), after COLUMNS
STACK_COLUMNS = [("stack_needed", "", "the smallest stack of the vehicle's family that flies it, × the vehicle "
                                      "(empty: none up to 20 ×)"),
                 ("stack_binding", None, "what binds that stack (the bay, Δv, heat flux, cargo g …)")]


#: figures that describe a delivery by rocket: withheld from the CSV of a route it cannot fly
IF_IT_COULD_FLY = ("time_saved_versus_express", "time_saved_versus_general", "cost_per_kg", "cost_per_parcel",
                   "premium_versus_express", "premium_versus_general", "break_even_versus_express",
                   "break_even_versus_general")


def spreadsheet_safe(text: str) -> str:
    """*text* for a CSV cell that a spreadsheet shows as text: a leading ``= + - @`` (or tab, CR) would
    start a formula, so such a cell gets a leading apostrophe (the OWASP "CSV injection" advice)."""
    return "'" + text if text[:1] in FORMULA_PREFIXES else text


def _from_spreadsheet(cell: str) -> str:
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_PREFIXES else cell


@dataclass
class Comparison:
    """Rows of headline figures, one per route × vehicle (values are Quantities, bools or text)."""

    json_schema = "rocketship.compare/1"

    rows: list[Row]
    assessments: list[Assessment] = field(default_factory=list, repr=False, metadata=json_meta(exclude=True))

    def to_dict(self) -> dict[str, Any]:
        return encode_object(self)

    def to_csv(self) -> str:
        """CSV text with the unit of every column in its header, e.g. ``max_payload [t]``; a route the
        rocket cannot fly has its economics cells empty and the reason in ``reason``."""
        buf = io.StringIO()
        w = csv.writer(buf)
        columns = COLUMNS + (STACK_COLUMNS if any("stack_needed" in r for r in self.rows) else [])
        w.writerow([f"{k} [{u}]" if u else k for k, u, _ in columns])
        for r in self.rows:
            out = []
            for k, u, _ in columns:
                v = None if (k in IF_IT_COULD_FLY and not r["feasible"]) else r.get(k)
                if v is not None and hasattr(v, "magnitude"):
                    m = float(v.m_as(u)) if u else float(v.magnitude)
                    out.append("" if not math.isfinite(m) else f"{m:.6g}")
                elif isinstance(v, float):
                    out.append("" if not math.isfinite(v) else f"{v:.6g}")
                elif isinstance(v, str):
                    out.append(spreadsheet_safe(v))
                else:
                    out.append("" if v is None else v)
            w.writerow(out)
        return buf.getvalue()


#: the columns that hold text (every other is a number, with its unit in the header)
_TEXT_COLUMNS = tuple(k for k, unit, _ in COLUMNS + STACK_COLUMNS if unit is None and k != "feasible")


def read_comparison_csv(text: str) -> list[Row]:
    """Parse :meth:`Comparison.to_csv` output back into rows of Quantities (for round trips)."""
    rows = []
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    keys = []
    for h in header:
        name, _, unit = h.partition(" [")
        keys.append((name, unit.rstrip("]") or None))
    for line in reader:
        row: dict[str, object] = {}
        for (k, u), cell in zip(keys, line):
            if k in _TEXT_COLUMNS:
                row[k] = _from_spreadsheet(cell)
            elif k == "feasible":
                row[k] = cell == "True"
            elif cell == "":
                row[k] = None
            else:
                row[k] = Q_(float(cell), u) if u else float(cell)
        rows.append(row)
    return rows


def summarise(a: Assessment) -> Row:
    """The headline row of one Assessment: both pairings, each over the same ground legs."""
    e, flight = a.economics, a.flight
    # assess answers every route it is given with a flight and its economics (feasible or not)
    assert e is not None and flight is not None and flight.max_payload is not None
    row = {
        "route": format_route_pair(a.origin.code, a.destination.code), "vehicle": a.vehicle.id,
        "feasible": e.flies, "reason": e.why_not or "",
        "payload": a.inputs["payload"].to("t"), "max_payload": flight.max_payload.to("t"),
        "flight_time": None if flight.time_of_flight is None else flight.time_of_flight.to("min"),
        "cost_per_kg": e.cost_per_kg.to("USD/kg"), "cost_per_parcel": e.cost_per_parcel.to("USD"),
        # the single-valued figures repeat exactly the pairing named (as in the route JSON)
        "pairing": e.pairing, "time_saved": e.time_saved.to("h"), "premium_ratio": e.premium_ratio,
    }
    for sid, p in e.versus.items():
        row.update({
            f"rocket_door_to_door_{sid}": p.rocket_door_to_door.to("h"), f"air_{sid}_door_to_door": p.air_door_to_door.to("h"),
            f"time_saved_versus_{sid}": p.time_saved.to("h"), f"air_{sid}_cost_per_kg": p.air_cost_per_kg.to("USD/kg"),
            f"premium_versus_{sid}": p.premium_ratio,
            f"break_even_versus_{sid}": None if p.break_even_value_of_time is None else p.break_even_value_of_time.to("USD/kg/h"),
        })
    return row


def compare(routes: str | Iterable[str | tuple[str | Place, str | Place]],
            vehicles: RocketLike | Iterable[RocketLike] = ("xzy-1",), *,
            progress: Callable[[int, int], None] | None = None, stack_needed: bool = False,
            **assess_kwargs: Any) -> Comparison:
    """Assess every route × vehicle and tabulate the headline figures.

    *routes*: iterable of (origin, destination) pairs or ``"ORIGIN:DESTINATION"`` strings (``"PEK-JFK"``
    where unambiguous).  *stack_needed*: add each row's ``stack_needed`` — the smallest stack of the vehicle's
    family that flies the route with the cargo, as a multiple of the vehicle (None: none up to 20 ×;
    :func:`rocketship.sizing.size_many`, one vectorised search per vehicle) — and ``stack_binding``, what
    binds it.  Other keyword arguments go to :func:`rocketship.assess` for every row.
    """
    from .assessment import assess

    if isinstance(routes, str):
        routes = [routes]
    if isinstance(vehicles, (str, Path)) or not isinstance(vehicles, Iterable):
        vehicles = [vehicles]
    if not isinstance(routes, Iterable):
        raise InputError(f"routes must be a list of 'ORIGIN:DESTINATION' texts or (origin, destination) pairs "
                         f"(got {type(routes).__name__})")
    pairs = [_route_pair(r) for r in routes]
    vehicles = list(vehicles)
    if not pairs or not vehicles:
        raise InputError("compare needs at least one route and one vehicle")
    rows, kept = [], []
    total = len(pairs) * len(vehicles)
    for i, ((o, d), v) in enumerate((p, v) for p in pairs for v in vehicles):
        a = assess(o, d, vehicle=v, **assess_kwargs)
        rows.append(summarise(a))
        kept.append(a)
        if progress:
            progress(i + 1, total)
    if stack_needed:
        _add_stack_needed(rows, kept, pairs, vehicles, assess_kwargs)
    return Comparison(rows=rows, assessments=kept)


def _add_stack_needed(rows: list[Row], assessments: list[Assessment], pairs: list[tuple[str | Place, str | Place]],
                      vehicles: list[RocketLike], assess_kwargs: dict[str, Any]) -> None:
    """Each row's stack needed and what binds it (rows are route-major, vehicles within a route), flown between
    the pads each row's assessment sited."""
    from .sizing import size_many

    cargo = {k: assess_kwargs.get(k) for k in ("payload", "volume", "g_limit")}
    for j, vehicle in enumerate(vehicles):
        flights = [assessments[i * len(vehicles) + j].flight for i in range(len(pairs))]
        sites = [(f.launch_site, f.landing_site) for f in flights if f is not None]
        for i, s in enumerate(size_many(pairs, vehicle, **cargo, sites=sites if len(sites) == len(pairs) else None)):
            row = rows[i * len(vehicles) + j]
            row["stack_needed"] = s.scale
            row["stack_binding"] = "" if s.binding is None else s.binding.words


def _route_pair(route: object) -> tuple[str | Place, str | Place]:
    if isinstance(route, str):
        return parse_route_pair(route)
    if isinstance(route, (tuple, list)) and len(route) == 2:
        return tuple(route)
    raise InputError(f"each route must be 'ORIGIN:DESTINATION' or a pair (origin, destination) (got {route!r})")


@dataclass
class RouteMatrix:
    """Ordered pairs of airports: arrays (n × n) of Quantities, NaN on the diagonal and for skipped pairs.

    *skipped*: (i, j, why) for each ordered pair of different entries that was not flown because the two
    places, or their sites, coincide or lie closer than a hop the models cover; such a pair is never counted
    feasible.  *unsited*: (i, why) for each place with no sea near enough for a pad.
    *sizings*: with ``route_matrix(stack_needed=True)``, each flown pair's (i, j) :class:`~rocketship.sizing.Sizing`
    (what ``rocketship size`` answers for it); None when not asked.
    """

    json_schema = "rocketship.matrix/1"
    json_computed = (computed("skipped", lambda m: m.skipped_pairs()),
                     computed("unsited", lambda m: [{"place": m.codes[k], "reason": why} for k, why in m.unsited]),
                     computed("stack_needed", lambda m: m.stack_needed_squares(), omit="none"))

    codes: list[str] = field(metadata=json_meta(after="vehicle"))
    vehicle: str
    payload: Quantity = field(metadata=json_meta(unit="t"))
    range: Quantity
    time_of_flight: Quantity
    delta_v_margin: Quantity
    max_payload: Quantity
    feasible: np.ndarray
    skipped: list[tuple[int, int, str]] = field(default_factory=list, metadata=json_meta(exclude=True))
    #: (index, why) of each place with no sea near enough for a pad: its pairs are flown between the places,
    #: as ``route`` flies them, carry nothing and are never feasible (``unsited`` in the JSON, by code)
    unsited: list[tuple[int, str]] = field(default_factory=list, metadata=json_meta(exclude=True))
    #: written as ``stack_needed`` (:meth:`stack_needed_squares`), only when asked for
    sizings: dict[tuple[int, int], Sizing] | None = field(default=None, repr=False, metadata=json_meta(exclude=True))

    def skipped_pairs(self) -> list[dict[str, str]]:
        """*skipped* by the places' codes: ``{"origin", "destination", "reason"}`` for each."""
        return [{"origin": self.codes[i], "destination": self.codes[j], "reason": why} for i, j, why in self.skipped]

    @property
    def stack_needed(self) -> np.ndarray | None:
        """n × n: each flown pair's smallest stack of the vehicle's family, × the vehicle (NaN on the diagonal, for
        a pair not flown, and where no stack in the searched range flies); None without ``stack_needed=True``."""
        if self.sizings is None:
            return None
        out = np.full(self.feasible.shape, np.nan)
        for (i, j), s in self.sizings.items():
            out[i, j] = np.nan if s.scale is None else s.scale
        return out

    def stack_needed_squares(self) -> dict[str, Any] | None:
        """``stack_needed`` of the JSON: n × n scale, binding constraint and (no stack flying) reason, null where
        the pair was not flown; None without ``stack_needed=True``."""
        if self.sizings is None:
            return None
        n = len(self.codes)
        square: dict[str, list[list[Any]]] = {k: [[None] * n for _ in range(n)]
                                              for k in ("scale", "binding_constraint", "reason")}
        searched: tuple[float, float] | None = None
        for (i, j), s in self.sizings.items():
            square["scale"][i][j] = s.scale
            square["binding_constraint"][i][j] = None if s.binding is None else s.binding.value
            square["reason"][i][j] = None if s.feasible else "; ".join(s.reasons) or None
            searched = s.searched
        return {"searched": None if searched is None else list(searched), **square}

    def to_dict(self) -> dict[str, Any]:
        return encode_object(self)

    def to_csv(self) -> str:
        """Every ordered pair of different entries; a skipped pair has empty figures and says why in ``note``."""
        buf = io.StringIO()
        w = csv.writer(buf)
        sized = self.sizings is not None
        w.writerow(["origin", "destination", "range [km]", "time_of_flight [min]", "delta_v_margin [km/s]",
                    "max_payload [t]", "feasible", "note"] + ["stack_needed", "stack_binding"] * sized)
        why = {(i, j): reason for i, j, reason in self.skipped}
        no_pad = dict(self.unsited)
        columns = (self.range.m_as("km"), self.time_of_flight.m_as("min"), self.delta_v_margin.m_as("km/s"),
                   self.max_payload.m_as("t"))
        n = len(self.codes)
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                figures = ["" if not math.isfinite(c[i, j]) else f"{c[i, j]:.6g}" for c in columns]
                stack = []
                if self.sizings is not None:
                    s = self.sizings.get((i, j))
                    stack = ["" if s is None or s.scale is None else f"{s.scale:.6g}",
                             "" if s is None or s.binding is None else s.binding.words]
                w.writerow([spreadsheet_safe(self.codes[i]), spreadsheet_safe(self.codes[j]), *figures,
                            bool(self.feasible[i, j]),
                            why.get((i, j)) or "; ".join(no_pad[k] for k in (i, j) if k in no_pad), *stack])
        return buf.getvalue()


def route_matrix(airports: Iterable[str | Place], vehicle: RocketLike = "xzy-1", *,
                 payload: QuantityLike | None = None, g_limit: QuantityLike | None = None,
                 progress: Callable[[int, int], None] | None = None, chunk: int = 4096, stack_needed: bool = False,
                 status: Callable[[str], None] | None = None, client: ClientLike = None) -> RouteMatrix:
    """Estimate-tier flights between every ordered pair of *airports* (codes or places), vectorised.

    Flies each pair between the sites ``rocketship route`` flies it between (a preset's, else the offshore
    pads placed by rule, :func:`~rocketship.siting.sited_coordinates`), each pair's ``best`` flight under the
    cargo's g limit (*g_limit*, default the default cargo class's) and the heat shield's; max payload as
    ``route`` finds it (the full bay where the flight flown carries it, else every candidate searched, the flight
    flown beside them), capped at the bay rating; *progress(done, total)* is called per *chunk* of pairs (4,096:
    each chunk's searches end on a few routes each, whose numpy calls cost the same as a full chunk's, ~1 s a
    chunk on this kind of machine — a 100-airport matrix took 4 × longer in chunks of 256).  Pairs closer
    than :data:`~rocketship.assessment.SHORTEST_HOP` (the same airport by two codes, or listed twice), or
    whose sites are, are skipped and listed in ``skipped``; a place with no sea near enough for a pad is
    listed in ``unsited``, and its pairs are flown between the places and count as carrying nothing.
    *client*: fly the chunks on a Dask cluster (a
    ``distributed.Client``, or a scheduler's address; :mod:`rocketship.cluster`) — the same kernel over the
    same chunks, so the same matrix to the bit.

    *stack_needed*: also size every flown pair — the smallest stack of the vehicle's family that flies it with
    the cargo, in ``sizings`` and ``stack_needed`` — in one vectorised search
    (:func:`rocketship.sizing.size_many`): each pair gets what :func:`rocketship.size` gives it alone, flown
    between the same sites.  Slow: about a minute for the 28 default airports; *status(message)* is told
    how far the search has got.
    """
    from .catalog.vehicles import load_rocket
    from .flight import cargo_g_limit, flight_params
    from .siting import sited_coordinates
    from .units import as_quantity

    rocket = load_rocket(vehicle)
    vp = flight_params(rocket, cargo_g_limit(g_limit))
    given, places = _matrix_places(airports)
    n = len(places)
    lat = np.array([p.lat for p in places])
    lon = np.array([p.lon for p in places])
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    lat1, lon1, lat2, lon2, unsited = sited_coordinates(places, i, j)
    i, j, (lat1, lon1, lat2, lon2), skipped = _sites_far_enough(i, j, lat, lon, lat1, lon1, lat2, lon2)
    rated = rocket.bay.payload.value
    m = rated if payload is None else as_quantity(payload, "mass", name="payload", nonnegative=True,
                                                  scalar=True).m_as("kg")
    if stack_needed and payload is not None:   # refused now, as size refuses it, not after the flights
        as_quantity(payload, "mass", name="payload", positive=True)
    out = {k: np.full((n, n), np.nan) for k in ("range", "tof", "margin", "max_payload")}
    feasible = np.zeros((n, n), dtype=bool)
    if len(i):
        flown = map_arrays(partial(_fly_pairs, vp, m, rated), (lat1, lon1, lat2, lon2), chunk=chunk,
                           client=client, progress=progress)
        # an end with no sea near enough is flown between the places, as `route` flies it, and carries nothing
        sited = ~(np.isin(i, list(unsited)) | np.isin(j, list(unsited)))
        flown["max_payload"] = np.where(sited, flown["max_payload"], 0.0)
        for k, matrix in out.items():
            matrix[i, j] = flown[k]
        feasible[i, j] = flown["feasible"] & sited
    sizings = _size_pairs(places, i, j, rocket, payload, g_limit, status) if stack_needed else None
    return RouteMatrix(codes=_labels(given, places), vehicle=rocket.id, payload=Q_(m, "kg").to("t"),
                       range=Q_(out["range"], "m").to("km"), time_of_flight=Q_(out["tof"], "s").to("min"),
                       delta_v_margin=Q_(out["margin"], "m/s").to("km/s"), max_payload=Q_(out["max_payload"], "kg").to("t"),
                       feasible=feasible, skipped=skipped, unsited=sorted(unsited.items()), sizings=sizings)


def _size_pairs(places: list[Place], i: np.ndarray, j: np.ndarray, rocket: RocketLike,
                payload: QuantityLike | None, g_limit: QuantityLike | None, status: Callable[[str], None] | None) -> dict[tuple[int, int], Sizing]:
    """The :class:`~rocketship.sizing.Sizing` of each pair (*places*[*i*[k]], *places*[*j*[k]]), sited as ``size``
    sites it, searched together; *status(message)* is told as the stacks are flown."""
    from .sizing import size_many

    def told(done: int, total: int) -> None:
        if status:
            status(f"Stack needed: step {done} of at most {total} of the search over {len(i):,} pairs")

    if not len(i):
        return {}
    if status:
        status(f"Stack needed: placing the pads of {len(i):,} pairs")
    found = size_many([(places[a], places[b]) for a, b in zip(i, j)], rocket, payload=payload, g_limit=g_limit,
                      progress=told)
    return {(int(a), int(b)): s for a, b, s in zip(i, j, found)}


def _matrix_places(airports: Iterable[str | Place]) -> tuple[list[str | Place], list[Place]]:
    """(*airports* as given, listed; each resolved): refused unless a list of at least two."""
    from .catalog.places import resolve_place

    if isinstance(airports, str) or not isinstance(airports, Iterable):
        raise InputError(f"a route matrix needs a list of places (got {type(airports).__name__})")
    given = list(airports)
    places = [resolve_place(a) for a in given]
    if len(places) < 2:
        raise InputError("a route matrix needs at least two places")
    return given, places


def _labels(airports: list[str | Place], places: list[Place]) -> list[str]:
    """Each place's label in the matrix: its own code, but where two places share one (ZBAA is PEK) each of
    them as it was written, so that the grid and the note on the pair say which is which."""
    codes = [p.code for p in places]
    shared = {c for c in codes if codes.count(c) > 1}
    return [a.strip().upper() if c in shared and isinstance(a, str) and a.strip() else c
            for a, c in zip(airports, codes)]


def _sites_far_enough(i: np.ndarray, j: np.ndarray, lat: np.ndarray, lon: np.ndarray, *sites: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...], list[tuple[int, int, str]]]:
    """The pairs (*i*, *j*) of the places at *lat*, *lon* [deg] whose launch and landing sites (*sites*: lat1,
    lon1, lat2, lon2 [deg], a pair each) lie at least SHORTEST_HOP apart — the rule `route` refuses a pair by —
    with their *sites*, and the rest as skipped, each (origin, destination, why)."""
    from .assessment import short_hops
    from .core.geodesy import great_circle

    short, why = short_hops(*sites)
    a, b = i[short], j[short]
    place_gap, _ = great_circle(lat[a], lon[a], lat[b], lon[b])
    skipped = [(int(x), int(y), "the same place, listed twice or under two codes" if gap < 1.0
                else "they share one offshore site" if w.startswith("the same place") else f"their sites are {w}")
               for x, y, w, gap in zip(a, b, why, np.atleast_1d(place_gap))]
    return i[~short], j[~short], tuple(c[~short] for c in sites), skipped


def _fly_pairs(vp: VehicleParams, m: float, rated: float, lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray,
               lon2: np.ndarray) -> dict[str, np.ndarray]:
    """Fly the pairs of sites (*lat1*, *lon1*) → (*lat2*, *lon2*) [deg] with *m* [kg] aboard: their range [m],
    time of flight [s], Δv margin [m/s], max payload [kg] and whether they fly (the kernel a route matrix maps
    over its chunks of pairs)."""
    from .core import estimate as est
    from .core import trajectory as tr

    # arcs aimed with the rated payload, as plan_flight aims them: the same pair gives the same flight
    c = tr.choose_many(vp, lat1, lon1, lat2, lon2, m, aim_payload=rated)
    f = c.estimate
    phi, bank = np.asarray(c.flight_path_angle, float), np.asarray(c.bank, float)
    # its max payload as `route` finds it, so that both give a pair one figure: the full bay where the arc flown
    # carries it, else searched over every candidate, the flight flown beside them
    mp = np.zeros(len(phi))
    carried = c.flies & (m <= rated * (1 + 1e-9))   # a cargo over the bay's rating is not carried, as in `route`
    flew = np.flatnonzero(carried)
    if flew.size:
        arc = est.route(vp, lat1[flew], lon1[flew], lat2[flew], lon2[flew], "fpa", phi[flew], payload=rated,
                        bank=bank[flew])
        mp[flew[np.asarray(est.evaluate(vp, arc, rated).flies(), bool)]] = rated
    short = np.flatnonzero(mp < rated)
    if short.size:
        mp[short], _, _ = tr.max_payload_many(vp, lat1[short], lon1[short], lat2[short], lon2[short],
                                              aim_payload=rated, also=(phi[short, None], bank[short, None]),
                                              ceiling=rated)
    # and never less than the cargo the flight flown carries (as `route`: a search can settle on a lower crossing)
    mp = np.maximum(mp, np.where(carried, m, 0.0))
    return {"range": f.ground_range, "tof": f.time_of_flight, "margin": f.margin,
            "max_payload": np.minimum(mp, rated), "feasible": f.flies() & (m <= rated * (1 + 1e-9))}

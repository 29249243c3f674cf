"""Studies over many flights at once: the estimate tier over arrays of routes or parameters (:func:`study`),
and the largest payload against range along a bearing (:func:`payload_range`) — each with a typed result
that holds Quantities and is written in the JSON contract's shapes by :mod:`rocketship.encode`
(:meth:`Study.to_dict`, :meth:`PayloadRange.to_dict`)."""

from __future__ import annotations

import math

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from numbers import Integral
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .cluster import ClientLike
    from .core.rocket import VehicleParams

from .catalog.places import Place, coordinate_problem, east_of_180, resolve_place, same_place
from .catalog.vehicles import RocketLike, load_rocket
from .cluster import map_arrays
from .core import estimate as est
from .encode import computed, encode_object, json_meta
from .errors import InputError
from .flight import HALF_CIRCUMFERENCE, cargo_g_limit, failures, flight_params, initial_bearing, parse_trajectory
from .flightplan import Binding, Reason
from .units import Q_, Quantity, QuantityLike, as_quantity

#: one place or several (codes, site ids, "LAT,LON" or Places), as a study broadcasts them; or coordinates as
#: numbers, an array [deg] whose last axis is (latitude, longitude)
Places: TypeAlias = "str | Place | Iterable[str | Place] | NDArray[np.floating[Any]] | Iterable[tuple[float, float]]"


@dataclass(frozen=True)
class Study:
    """Estimate-tier flights over the broadcast shape of a study's routes and parameters: arrays of
    Quantities, and *feasible* (bool array: the flight flies and the payload fits the bay).

    *skipped*: (index in the broadcast shape, why) for each route not flown because its ends coincide or lie
    closer than a hop the models cover (as :func:`~rocketship.route_matrix` skips them): its figures are NaN
    and it is never feasible.
    """

    range: Quantity                   #: ground range, launch to landing [km]
    time_of_flight: Quantity          #: lift-off to touchdown [min]
    burnout_speed_relative: Quantity  #: [km/s]
    delta_v_required: Quantity        #: [km/s]
    delta_v_available: Quantity       #: [km/s]
    delta_v_margin: Quantity          #: [km/s]
    peak_deceleration: Quantity       #: the entry's, as flown [g₀]
    peak_heat_flux: Quantity          #: [kW/m²]
    heat_load: Quantity               #: [MJ/m²]
    entry_range: Quantity             #: [km]
    apogee: Quantity                  #: [km]
    feasible: NDArray[np.bool_]
    skipped: list[tuple[tuple[int, ...], str]] = field(default_factory=list, metadata=json_meta(exclude=True))

    json_schema = "rocketship.study/1"
    json_computed = (computed("skipped", lambda s: [{"index": list(i), "reason": why} for i, why in s.skipped]),)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"schema": "rocketship.study/1", <figure>: {"value": [...], "unit": ...}, "feasible": [...]}``."""
        return encode_object(self)


@dataclass(frozen=True)
class PayloadRange:
    """The largest payload against ground range along a bearing (arrays over the ranges)."""

    json_schema = "rocketship.payload_range/1"

    vehicle: str
    origin: Place = field(metadata=json_meta(via=lambda p: p.code))
    towards: Place = field(metadata=json_meta(via=lambda p: p.code))
    bearing: Quantity             #: initial bearing from *origin* towards *towards* [deg]
    range: Quantity               #: [km]
    max_payload: Quantity         #: capped at the bay's rated payload [t]
    time_of_flight: Quantity      #: of the flight that carries it [min]
    flies: NDArray[np.bool_]    #: bool: some flight carries something
    limited_by: list[Binding]   #: what stops the best flight carrying more, per range

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, schema ``rocketship.payload_range/1`` (origin and destination by their codes)."""
        return encode_object(self)


_PLACES_ARE = "a study's origins and destinations are a place, a list of places or coordinates as numbers, (lat, lon) pairs"


def _coords(places: Places) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Latitudes and longitudes [deg] of *places*: numbers taken as they are (no text read), names each
    resolved once however often they are listed (a study of many routes names the same few places again and
    again: 1e5 routes between ten airports read ten names, not 1e5)."""
    items: Any = [places] if isinstance(places, (str, Place)) else places
    if not isinstance(items, np.ndarray):
        try:
            items = list(items)
        except TypeError:   # a lone number, None: neither a place nor a sequence of them
            raise InputError(f"{_PLACES_ARE} (got {places!r})") from None
    if _numeric(items):
        return _numeric_coords(items)
    if isinstance(items, np.ndarray) and items.ndim != 1:
        raise InputError(f"{_PLACES_ARE}: names in a list of one axis, numbers in an array of any shape whose "
                         f"last axis is the pair (got names in an array of shape {items.shape})")
    for p in items:
        if not isinstance(p, (str, Place)):
            resolve_place(p)   # refuses it in its own words, before dict.fromkeys meets one it cannot hash
    distinct = {p: resolve_place(p) for p in dict.fromkeys(items)}
    return np.array([distinct[p].lat for p in items], float), np.array([distinct[p].lon for p in items], float)


def _numeric(items: Any) -> bool:
    """*items* are coordinates as numbers — an array that holds no text or objects, (lat, lon) pairs, or one
    pair as a list of two numbers — not places."""
    if isinstance(items, np.ndarray):
        if items.dtype.kind == "O":   # an object array: numbers in it, or places
            return not any(isinstance(p, (str, Place)) for p in items.ravel())
        return items.dtype.kind not in "US"
    pairs = all(isinstance(p, (tuple, list, np.ndarray)) for p in items)
    numbers = all(isinstance(p, (int, float, np.number)) and not isinstance(p, bool) for p in items)
    return bool(items) and (pairs or numbers)


def _numeric_coords(items: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(latitudes, longitudes) [deg] from *items*, whose last axis is (lat, lon), in the shape of the axes
    before it; checked as a LAT,LON text is (:func:`~rocketship.catalog.places.coordinate_problem`), east
    longitudes past 180 read going round."""
    try:
        given = np.asarray(items)
        if given.dtype.kind == "O":   # numbers held as objects: as the numbers they are
            given = np.asarray(given.tolist())
    except ValueError as exc:   # ragged: pairs of other lengths among them
        raise InputError(f"coordinates as numbers must be (latitude, longitude) pairs in degrees ({exc})") from None
    if given.dtype.kind not in "iuf":
        raise InputError(f"coordinates as numbers must be real numbers of degrees (got {given.dtype} values)")
    if given.ndim == 0 or given.shape[-1] != 2:
        raise InputError(f"coordinates as numbers need a last axis of two, (latitude, longitude) in degrees "
                         f"(got shape {given.shape})")
    pairs = given.astype(float)
    lat, lon = pairs[..., 0], pairs[..., 1]
    bad = ~np.isfinite(lat) | ~np.isfinite(lon) | (np.abs(lat) > 90.0) | (lon < -180.0) | (lon > 360.0)
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        raise InputError(f"{coordinate_problem(float(lat.flat[i]), float(lon.flat[i]))} (coordinate pair {i}; "
                         f"{int(np.count_nonzero(bad))} of {lat.size} are off the Earth)")
    return lat, east_of_180(lon)


def study(origins: Places, destinations: Places, vehicle: RocketLike = "xzy-1", *, payload: QuantityLike | None = None,
          trajectory: str = "best", flight_path_angle: QuantityLike | None = None,
          g_limit: QuantityLike | None = None, client: ClientLike = None, chunk: int = est.CHUNK,
          progress: Callable[[int, int], None] | None = None) -> Study:
    """Vectorised flights over arrays of routes and/or parameters.

    Parameters
    ----------
    origins, destinations : place or list of places (codes, site ids, "LAT,LON"; one axis), or coordinates
        An array [deg] whose last axis is (latitude, longitude), or a list of (lat, lon) pairs, is taken as
        numbers with no text read (the fast way in for many routes).  Broadcast against each other and
        against *payload* / *flight_path_angle*.
    payload : mass Quantity (scalar or array), optional
        Defaults to the vehicle's rated payload.
    trajectory : str
        As for :func:`plan_flight` (``best`` and ``fastest`` search each route's candidates); ignored when
        *flight_path_angle* is given.
    flight_path_angle : angle Quantity (scalar or array), optional
        Sweep the burnout flight-path angle instead.
    g_limit : acceleration, optional
        The cargo's limit (default: the default cargo class's).
    client : distributed.Client or str, optional
        Fly the study on a Dask cluster (a client, or a scheduler's address: :mod:`rocketship.cluster`); the
        same kernel over the same chunks as here, so the same figures to the bit.
    chunk : int
        Flights per call of the kernel (a study of at most this many is one call; the default is the estimate
        tier's own block, :data:`rocketship.core.estimate.CHUNK`).
    progress : callable, optional
        ``progress(done, total)`` in flights, as each chunk comes back.

    Returns
    -------
    Study
        Arrays of Quantities in the broadcast shape, and *feasible*; a route whose ends lie closer than
        :data:`~rocketship.assessment.SHORTEST_HOP` (the same place twice) is not flown: NaN, never feasible,
        and listed in *skipped*, as :func:`~rocketship.route_matrix` lists such a pair.
    """
    # Long for its docstring (each of a public entry point's parameters) and its inputs' checks; the flights
    # themselves are one kernel (_study_flights) mapped over chunks.
    rocket = load_rocket(vehicle)
    vp = flight_params(rocket, cargo_g_limit(g_limit))
    lat1, lon1 = _coords(origins)
    lat2, lon2 = _coords(destinations)
    m = rocket.bay.payload.value if payload is None else as_quantity(payload, "mass", name="payload",
                                                                      nonnegative=True).m_as("kg")
    if flight_path_angle is not None:
        phi = as_quantity(flight_path_angle, "angle", name="flight-path angle").m_as("rad")
        if np.any((phi <= 0) | (phi >= np.pi / 2)):
            raise InputError("flight-path angles must lie strictly between 0 and 90 degrees")
        mode, value = "fpa", phi
    else:
        mode, value = parse_trajectory(trajectory)
    try:
        shape = np.broadcast_shapes(*(np.shape(x) for x in (lat1, lat2, m, value) if x is not None))
    except ValueError:
        raise InputError(f"origins {np.shape(lat1)}, destinations {np.shape(lat2)} and payload {np.shape(m)}"
                         + ("" if value is None else f" and flight-path angle {np.shape(value)}")
                         + " do not broadcast against each other (numpy's rule: each axis equal, or 1)") from None
    if math.prod(shape) == 0:   # no route at all: an empty answer, whatever the trajectory (nothing to choose)
        mode, value = "min-energy", None
    kernel = partial(_study_flights, vp, rocket.bay.payload.value, mode)
    f = map_arrays(kernel, (lat1, lon1, lat2, lon2, m, value), chunk=chunk, client=client, progress=progress)
    from .assessment import short_hops

    short, why = short_hops(*(np.broadcast_to(x, shape) for x in (lat1, lon1, lat2, lon2)))
    if np.any(short):   # flown with the rest (the kernel's arrays keep their shape), and their figures withheld
        f = {k: (v & ~short) if k == "feasible" else np.where(short, np.nan, v) for k, v in f.items()}
    return Study(
        range=Q_(f["range"], "m").to("km"),
        time_of_flight=Q_(f["time_of_flight"], "s").to("min"),
        burnout_speed_relative=Q_(f["burnout_speed_relative"], "m/s").to("km/s"),
        delta_v_required=Q_(f["delta_v_required"], "m/s").to("km/s"),
        delta_v_available=Q_(f["delta_v_available"], "m/s").to("km/s"),
        delta_v_margin=Q_(f["delta_v_margin"], "m/s").to("km/s"),
        peak_deceleration=Q_(f["peak_deceleration"], "m/s**2").to("g_0"),
        peak_heat_flux=Q_(f["peak_heat_flux"], "W/m**2").to("kW/m**2"),
        heat_load=Q_(f["heat_load"], "J/m**2").to("MJ/m**2"),
        entry_range=Q_(f["entry_range"], "m").to("km"),
        apogee=Q_(f["apogee"], "m").to("km"),
        feasible=np.asarray(f["feasible"], bool),
        skipped=[(tuple(int(k) for k in index), w) for index, w in zip(np.argwhere(short), why)],
    )


def _study_flights(vp: VehicleParams, rated: float, mode: str, lat1: Any, lon1: Any, lat2: Any, lon2: Any, m: Any,
                   value: Any) -> dict[str, Any]:
    """The estimate-tier flights of a study (its kernel, which :func:`study` maps over chunks): SI figures by
    :class:`Study`'s names, and *feasible*, in the broadcast shape of the arguments."""
    from .core import trajectory as tr

    if mode in tr.OBJECTIVES:
        a, b, c, d, mm = np.broadcast_arrays(lat1, lon1, lat2, lon2, np.asarray(m, float))
        f = tr.choose_many(vp, a.ravel(), b.ravel(), c.ravel(), d.ravel(), mm.ravel(), objective=mode).estimate
        f = est.reshape(f, a.shape)
    else:
        f = est.estimate_flight(vp, lat1, lon1, lat2, lon2, m, trajectory=mode, value=value)
    return {"range": f.ground_range, "time_of_flight": f.time_of_flight,
            "burnout_speed_relative": f.burnout_speed_relative, "delta_v_required": f.delta_v_required,
            "delta_v_available": f.delta_v_available, "delta_v_margin": f.margin,
            "peak_deceleration": f.peak_deceleration, "peak_heat_flux": f.peak_heat_flux, "heat_load": f.heat_load,
            "entry_range": f.entry_range, "apogee": f.apogee,
            # the same tests as plan_flight's reasons, bar volume (study takes none)
            "feasible": f.flies() & (np.asarray(m) <= rated * (1 + 1e-9))}


MAX_POINTS = 500   #: ranges a payload-range curve tabulates at most (each is a max-payload search)


def checked_points(points: object) -> int:
    """*points*, the number of ranges a payload-range curve spans, as an int: a whole number from 2 (a curve)
    to :data:`MAX_POINTS` (bounded work), else an :class:`InputError` (the CLI's ``--points`` too)."""
    if not isinstance(points, Integral) or isinstance(points, bool) or not 2 <= int(points) <= MAX_POINTS:
        raise InputError(f"points must be a whole number between 2 and {MAX_POINTS} (got {points!r})")
    return int(points)


def payload_range(vehicle: RocketLike = "xzy-1", *, origin: str | Place = "PEK", towards: str | Place = "JFK",
                  ranges: QuantityLike | None = None, points: int = 40,
                  g_limit: QuantityLike | None = None) -> PayloadRange:
    """Max payload against ground range along the bearing from *origin* towards *towards*, over the candidate
    flights of each range (as the ``best`` trajectory searches them).  Without *ranges*, *points* ranges span
    where the vehicle can fly: up to a fifth beyond the empty vehicle's reach on this bearing.  Refused where
    *towards* is *origin* (the same airport by two codes too): a place has no bearing to itself.

    Returns a :class:`PayloadRange`: arrays of Quantities over the ranges — max_payload (capped at the rated
    payload), time_of_flight of the flight that carries it —, flies (bool: some flight carries something),
    and limited_by (a :class:`.flightplan.Binding` per range: what stops the best flight carrying more — the
    bay, or the first failure of the flight nearest to carrying more).
    """
    from .core import trajectory as tr
    from .core.geodesy import destination

    points = checked_points(points)
    rocket = load_rocket(vehicle)
    vp = flight_params(rocket, cargo_g_limit(g_limit))
    a, b = resolve_place(origin), resolve_place(towards)
    if same_place(a, b):
        raise InputError(f"origin and towards are the same place ({a.code}): a place has no bearing to itself; "
                         "give two different places")
    bearing = initial_bearing(a, b)
    rated = rocket.bay.payload.value
    if ranges is None:
        reach = tr.max_range(vp, a.lat, a.lon, bearing, 0.0)
        top = min(HALF_CIRCUMFERENCE, max(1.2 * reach, 1_000e3))
        r = np.linspace(top / points, top, points)
    else:
        r = as_quantity(ranges, "length", name="range", positive=True).m_as("m")
    r = np.atleast_1d(np.asarray(r, dtype=float))
    if r.size == 0:
        raise InputError("range: no ranges given; a payload-range curve needs at least one, e.g. '500 km'")
    if np.any(r > HALF_CIRCUMFERENCE):
        raise InputError(f"range cannot exceed half the Earth's circumference ({HALF_CIRCUMFERENCE / 1e3:,.0f} km): "
                         f"beyond it the shorter way round is the other way")
    lat2, lon2 = destination(a.lat, a.lon, bearing, r)
    lat1, lon1 = np.full(r.shape, a.lat), np.full(r.shape, a.lon)
    mp, phi, bank = tr.max_payload_many(vp, lat1, lon1, lat2, lon2, aim_payload=rated, ceiling=rated)
    route = est.route(vp, lat1, lon1, lat2, lon2, "fpa", phi, payload=rated, bank=bank)
    f = est.evaluate(vp, route, mp)
    more = mp + np.maximum(100.0, 0.02 * mp)
    nearest = tr.choose_many(vp, lat1, lon1, lat2, lon2, more, aim_payload=rated).estimate
    limited_by = [Binding.BAY_MASS if mp[i] >= rated * (1 - 1e-6) else
                  next(iter(failures(vp, est.pick(nearest, i), rocket, float(more[i]), 0.0)),
                       Reason(Binding.DELTA_V, "")).code for i in range(len(r))]
    return PayloadRange(vehicle=rocket.id, origin=a, towards=b, bearing=Q_(bearing % 360, "deg"),
                        range=Q_(r, "m").to("km"), max_payload=Q_(mp, "kg").to("t"),
                        time_of_flight=Q_(f.time_of_flight, "s").to("min"), flies=mp > 0, limited_by=limited_by)

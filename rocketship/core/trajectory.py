"""Choosing the flight: the burnout flight-path angle and the entry's bank, under the cargo's and the heat
shield's limits (vectorised over routes and their candidate flights).

"Minimum energy" — the least burnout speed — is not the least-Δv flight once the entry is paid for: that
arc enters steeply, and the steeper the entry the harder the cargo is loaded and the more braking it
needs.  A flatter arc costs a little more at burnout and far less at entry, and a shallow arc flown with
lift holds the cargo to a few g with no braking at all (at the price of a longer glide and a larger heat
load).  So the choice is a search:

* ``best`` — the least total Δv (ascent, braking, landing) among the candidates that fly: within the
  cargo's g limit, the heat flux and heat load limits, an entry that stays in the air, Δv to spare.
* ``fastest`` — the shortest time of flight among the candidates that fly.

The candidates are a grid of flight-path angles, as shares of the minimum-energy angle (flatter arcs down
to the edge of the air, and a little steeper) and the arcs that peak at a ladder of low apogees (the
flattest flights that still clear the air), each flown at the bank angles the stage allows; the best
cell is refined once by halving the angle step about it.  Where nothing flies, the candidate nearest to
flying (:func:`.limits.flight_shortfall`) is reported, so the answer names what binds.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import cast

import numpy as np

from .xp import FloatOrArray

from . import estimate as est
from . import limits
from .ballistic import solve_arcs
from .constants import OMEGA_EARTH, R_MEAN
from .rocket import VehicleParams
from .route import Route

#: flight-path angles tried, as shares of the minimum-energy angle
ANGLE_SHARES = (0.12, 0.2, 0.28, 0.36, 0.45, 0.55, 0.67, 0.8, 1.0, 1.2)
#: ...and the arcs that peak at these altitudes [m]: the flattest flights, whose entry starts at the apogee
#: in thin air, lie in a window of a few tenths of a degree that a grid of shares steps over at long range
APOGEE_LADDER = (100e3, 105e3, 110e3, 125e3, 150e3)
#: bank angles tried, as shares of the stage's largest bank (lift up first)
BANK_SHARES = (0.0, 0.6, 1.0)
OBJECTIVES = ("best", "fastest")


@dataclass
class Choice:
    """The chosen flight of each route (SI; floats for one route, arrays for many)."""

    flight_path_angle: FloatOrArray   #: inertial burnout flight-path angle [rad]
    bank: FloatOrArray                #: [rad]
    estimate: est.FlightEstimate
    flies: FloatOrArray               #: bool


def banks(v: VehicleParams) -> tuple[float, ...]:
    """The bank angles [rad] a stage's entry is tried at (lift up only for a stage without lift)."""
    cargo = v.stages[-1]
    if not np.all(np.asarray(cargo.lift_to_drag) > 0) or not np.all(np.asarray(cargo.max_bank) > 0):
        return (0.0,)
    return tuple(share * float(np.min(cargo.max_bank)) for share in BANK_SHARES)


def min_energy_angle(lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
                     omega: float = OMEGA_EARTH, radius: float = R_MEAN) -> FloatOrArray:
    """The burnout flight-path angle [rad] of the minimum-energy arc between the points (no entry aim)."""
    return solve_arcs(lat1, lon1, lat2, lon2, r=radius, trajectory="min-energy", omega=omega).phi


#: the candidates' routes aimed within :func:`aiming_once`, by what aimed them (None outside it)
_AIMED: ContextVar[dict[tuple[object, ...], Route] | None] = ContextVar("aimed", default=None)


@contextmanager
def aiming_once() -> Iterator[None]:
    """Within it, candidates' routes (:func:`_routes`) asked for again with the same ends, angles, banks and
    aim are handed back as aimed before, not aimed again: one route's plan asks for its candidates to choose
    its flight, for its max payload and for the relaxed limit's, each aimed with the bay's payload.  A route
    is aimed from the vehicle's stack and its cargo stage's shape, never from the cargo's g limit or the heat
    shield's limits (:func:`_aiming`), so relaxing those aims nothing anew.  The routes handed back are shared:
    read them only (nothing that flies a route writes to it)."""
    token = _AIMED.set({})
    try:
        yield
    finally:
        _AIMED.reset(token)


def _aiming(v: VehicleParams) -> VehicleParams:
    """*v* as far as aiming a route reads it: its limits, which only the flight's judgement reads, set aside."""
    return replace(v, g_limit=0.0, stages=tuple(replace(s, heat_flux_limit=0.0, heat_load_limit=0.0)
                                                for s in v.stages))


def _routes(v: VehicleParams, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
            phis: np.ndarray, bank: np.ndarray, payload: FloatOrArray, omega: float, radius: float,
            one_by_one: int = 0) -> Route:
    """Routes (n, k) for the candidates *phis*, *bank* (n, k) of n routes (*one_by_one*: as
    :func:`.estimate.route`'s); within :func:`aiming_once`, each set aimed once."""
    shape = np.shape(phis)
    a1, o1, a2, o2 = (np.broadcast_to(np.asarray(x, float).reshape(-1, 1), shape) for x in (lat1, lon1, lat2, lon2))
    aimed, key = _AIMED.get(), None
    if aimed is not None:
        try:   # a vehicle drawn per route (a Monte Carlo's) holds arrays and is not remembered
            key = (_aiming(v), omega, radius, one_by_one, shape,
                   *(np.broadcast_to(np.asarray(x, float), shape).tobytes() for x in (a1, o1, a2, o2, phis, bank,
                                                                                       payload)))
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in aimed:
            return aimed[key]
    route = est.route(v, a1, o1, a2, o2, "fpa", phis, payload=payload, bank=bank, omega=omega, radius=radius,
                      one_by_one=one_by_one)
    if aimed is not None and key is not None:
        aimed[key] = route
    return route


def candidate_angles(lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
                     omega: float = OMEGA_EARTH, radius: float = R_MEAN) -> np.ndarray:
    """The burnout flight-path angles [rad] tried on each of n routes, (n, k) ascending: ANGLE_SHARES of the
    minimum-energy angle and the arcs peaking on APOGEE_LADDER.  (One plan asks for the same routes' angles
    to choose the flight, for its max payload and for the relaxed limit's: solved once, kept for the
    next few asks.)"""
    ends = np.stack(np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, float)) for x in (lat1, lon1, lat2, lon2))))
    return _candidate_angles(ends.tobytes(), ends.shape, float(omega), float(radius)).copy()


@functools.lru_cache(maxsize=8)
def _candidate_angles(key: bytes, shape: tuple[int, ...], omega: float, radius: float) -> np.ndarray:
    lat1, lon1, lat2, lon2 = np.frombuffer(key, np.float64).reshape(shape)
    phi_me = np.asarray(min_energy_angle(lat1, lon1, lat2, lon2, omega, radius), np.float64)
    # every rung of the ladder in one search, (n, rungs): a route's arc never depends on the arcs solved beside
    # it, so this is the rung-by-rung answer to the bit, in a quarter of the time (the regula falsi's cost is
    # its sequential steps, not its width)
    arc = solve_arcs(lat1[:, None], lon1[:, None], lat2[:, None], lon2[:, None], r=radius, trajectory="apogee",
                     value=np.array(APOGEE_LADDER)[None, :], omega=omega)
    # an arc that cannot peak so low (or did not settle) is the minimum-energy one again
    ladder = np.where(np.asarray(arc.converged, bool), np.asarray(arc.phi, float), np.nan)
    angles = np.concatenate([phi_me[:, None] * np.array(ANGLE_SHARES)[None, :], ladder], axis=1)
    angles = np.where(np.isfinite(angles) & (angles > 0), angles, phi_me[:, None])
    return np.sort(angles, axis=1)


def candidates(v: VehicleParams, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
               omega: float = OMEGA_EARTH, radius: float = R_MEAN) -> tuple[np.ndarray, np.ndarray]:
    """The coarse candidates of n routes: flight-path angles and banks [rad], each (n, k), angle by angle
    (ascending), each at every bank of :func:`banks`."""
    angles = candidate_angles(lat1, lon1, lat2, lon2, omega, radius)
    tried = np.array(banks(v))
    shape = (angles.shape[0], angles.shape[1], len(tried))
    phis = np.broadcast_to(angles[:, :, None], shape).reshape(angles.shape[0], -1)
    bank = np.broadcast_to(tried[None, None, :], shape).reshape(angles.shape[0], -1)
    return phis, bank


def _scores(v: VehicleParams, f: est.FlightEstimate, objective: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(flies, value to minimise, shortfall) of each candidate."""
    ok = np.asarray(f.flies(), bool)
    value = np.asarray(f.delta_v_required if objective == "best" else f.time_of_flight, float)
    return ok, np.where(np.isfinite(value), value, math.inf), np.asarray(limits.flight_shortfall(v, f), float)


def _rank(v: VehicleParams, f: est.FlightEstimate, objective: str) -> np.ndarray:
    """A key per candidate, lowest best: those that fly by their value; after them, the others by how near
    they come to flying — a failure of the vehicle (no braking holds the limit, no landing) before a failure
    of the arc itself (it skims the air, its glide overshoots, it did not converge) —, then by their value.
    Among entries no braking holds to the cargo's limit, the nearest is the one whose unbraked peak passes
    the limit least (so that the answer's "the entry peaks at N g" is the gentlest entry any candidate
    flies, not the one that happens to need the least Δv)."""
    ok, value, short = _scores(v, f, objective)
    arc_fails = np.asarray(f.grazing | f.overshoots | np.logical_not(f.converged), bool)
    severity = np.where(arc_fails, 2.0, np.where(np.isfinite(short), 0.0, 1.0))
    over_g = np.asarray(f.peak_deceleration_unbraked, float) / v.g_limit - 1.0
    short = np.where(np.isfinite(short) | ~np.asarray(f.g_limited, bool) | ~np.isfinite(over_g), short,
                     np.minimum(np.maximum(over_g, 0.0), 1e5))
    return np.where(ok, value, 1e12 * (1.0 + severity) + np.minimum(short, 1e6) * 1e5 + np.minimum(value, 1e9) * 1e-6)


def _refined(v: VehicleParams, phis: np.ndarray, bank: np.ndarray, best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The candidates halfway from the *best* (index per route) to its neighbouring angles, at its bank:
    angles and banks, each (n, 2)."""
    rows = np.arange(phis.shape[0])
    n_banks = len(banks(v))
    angles = phis[:, ::n_banks]
    i = best // n_banks
    last = angles.shape[1] - 1
    here = angles[rows, i]
    lower = np.where(i > 0, angles[rows, np.maximum(i - 1, 0)], 0.5 * angles[:, 0])
    upper = np.where(i < last, angles[rows, np.minimum(i + 1, last)], 1.2 * angles[:, last])
    fine = np.stack([0.5 * (lower + here), 0.5 * (here + upper)], axis=1)
    return fine, np.repeat(bank[rows, best][:, None], 2, axis=1)


#: the most candidate flights :func:`choose_many` flies at once: its routes go in blocks of this many over the
#: number of candidates (1,456 routes of 45).  Blocks of 1,024 Starship routes (46,080 flights) ran as fast
#: as blocks of 4,096 and held 272 MB at their peak against 801 MB; blocks of 128 ran 1.7 x slower (numpy's
#: cost per call).  A route's flight never depends on the routes searched beside it, so the blocks do not
#: change it.
SEARCH_FLIGHTS = 65_536


def choose_many(v: VehicleParams, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
                payload: FloatOrArray, *, objective: str = "best", aim_payload: FloatOrArray | None = None,
                one_by_one: int = 0, omega: float = OMEGA_EARTH, radius: float = R_MEAN) -> Choice:
    """The *objective* flight of each of n routes (arrays of n) with *payload* [kg] (a number or n), the
    candidates' arcs aimed with *aim_payload* [kg] (default: the payload; give the one :func:`max_payload_many`
    aims with for the two to see the same candidate flights).  *one_by_one*: as :func:`.estimate.evaluate`'s
    (one route's: :data:`.estimate.FEW`).  Many routes are searched a block at a time (:data:`SEARCH_FLIGHTS`)."""
    lat1, lon1, lat2, lon2 = (np.atleast_1d(np.asarray(x, float)) for x in (lat1, lon1, lat2, lon2))
    n = len(lat1)
    payload = np.broadcast_to(np.asarray(payload, float), (n,))
    aim = None if aim_payload is None else np.broadcast_to(np.asarray(aim_payload, float), (n,))
    block = max(1, SEARCH_FLIGHTS // ((len(ANGLE_SHARES) + len(APOGEE_LADDER)) * len(banks(v))))
    if n <= block:
        return _choose_block(v, lat1, lon1, lat2, lon2, payload, objective, aim, one_by_one, omega, radius)
    chosen: list[Choice] = []

    def fly(k: slice) -> est.FlightEstimate:
        chosen.append(_choose_block(v, lat1[k], lon1[k], lat2[k], lon2[k], payload[k], objective,
                                    None if aim is None else aim[k], one_by_one, omega, radius))
        return chosen[-1].estimate

    flights = est.in_blocks(fly, n, block)
    return Choice(flight_path_angle=np.concatenate([c.flight_path_angle for c in chosen]),
                  bank=np.concatenate([c.bank for c in chosen]), estimate=flights,
                  flies=np.concatenate([c.flies for c in chosen]))


def _choose_block(v: VehicleParams, lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray,
                  payload: np.ndarray, objective: str, aim_payload: np.ndarray | None, one_by_one: int, omega: float,
                  radius: float) -> Choice:
    """:func:`choose_many` on one block of n routes (arrays of n; *aim_payload* None: the payload)."""
    n = len(lat1)
    phis, bank = candidates(v, lat1, lon1, lat2, lon2, omega, radius)
    pay = np.broadcast_to(payload[:, None], phis.shape)
    aim = pay if aim_payload is None else np.broadcast_to(aim_payload[:, None], pay.shape)
    f = est.evaluate(v, _routes(v, lat1, lon1, lat2, lon2, phis, bank, aim, omega, radius, one_by_one), pay,
                     one_by_one=one_by_one)
    key = _rank(v, f, objective)
    best = np.argmin(key, axis=1)
    rows = np.arange(n)
    fine, fine_bank = _refined(v, phis, bank, best)
    pay2 = np.broadcast_to(payload[:, None], fine.shape)
    aim2 = pay2 if aim_payload is None else np.broadcast_to(aim_payload[:, None], pay2.shape)
    f2 = est.evaluate(v, _routes(v, lat1, lon1, lat2, lon2, fine, fine_bank, aim2, omega, radius, one_by_one),
                      pay2, one_by_one=one_by_one)
    key2 = _rank(v, f2, objective)
    best2 = np.argmin(key2, axis=1)
    use_fine = key2[rows, best2] < key[rows, best]
    chosen = est.pick(f, (rows, best))
    refined = est.pick(f2, (rows, best2))
    out = est.merge(use_fine, refined, chosen)
    phi = np.where(use_fine, fine[rows, best2], phis[rows, best])
    b = np.where(use_fine, fine_bank[rows, best2], bank[rows, best])
    # the minimum-energy arc itself (aimed as the others, lift up) is a candidate too, so that the least-Δv
    # flight is never worse than it where it flies
    me_aim = payload if aim_payload is None else aim_payload
    me_route = est.route(v, lat1, lon1, lat2, lon2, "min-energy", payload=me_aim, omega=omega, radius=radius,
                         one_by_one=one_by_one)
    me = est.evaluate(v, me_route, payload, one_by_one=one_by_one)
    key_me = _rank(v, me, objective)
    use_me = key_me < np.minimum(key2[rows, best2], key[rows, best])
    out = est.merge(use_me, me, out)
    phi = np.where(use_me, np.asarray(me_route.arc.phi, float), phi)
    b = np.where(use_me, 0.0, b)
    return Choice(flight_path_angle=phi, bank=b, estimate=out, flies=np.asarray(out.flies(), bool))


def choose(v: VehicleParams, lat1: float, lon1: float, lat2: float, lon2: float, payload: float, *,
           objective: str = "best", aim_payload: FloatOrArray | None = None, omega: float = OMEGA_EARTH,
           radius: float = R_MEAN) -> Choice:
    """The *objective* flight of *v* from (lat1, lon1) to (lat2, lon2) [deg] with *payload* [kg] (one route;
    floats out)."""
    c = choose_many(v, lat1, lon1, lat2, lon2, payload, objective=objective, aim_payload=aim_payload,
                    one_by_one=est.FEW, omega=omega, radius=radius)
    return Choice(flight_path_angle=float(c.flight_path_angle[0]), bank=float(c.bank[0]),
                  estimate=est.pick(c.estimate, 0), flies=bool(c.flies[0]))


def max_payload_many(v: VehicleParams, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray,
                     lon2: FloatOrArray, *, aim_payload: FloatOrArray,
                     also: tuple[FloatOrArray, FloatOrArray] | None = None, ceiling: float | None = None,
                     one_by_one: int = 0, omega: float = OMEGA_EARTH,
                     radius: float = R_MEAN) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The largest payload [kg] any candidate flight carries on each of n routes, no more than *ceiling* [kg]
    (the bay's, say), with the flight-path angle [rad] and bank [rad] that carry it (routes aimed with
    *aim_payload* [kg]).  *also*: (angles, banks), each (n, j), tried beside the candidates (the flight
    :func:`choose_many` refined, say, so that the largest payload is never less than the payload that
    flight carries).  *one_by_one*: as :func:`.estimate.evaluate`'s (one route's: :data:`.estimate.FEW`).

    Where several candidates carry the ceiling, the one that carries it with the most to spare (least
    :func:`.limits.flight_shortfall` there) is the answer and is refined — the flight an uncapped search
    would most likely have found carrying the most."""
    lat1, lon1, lat2, lon2 = (np.atleast_1d(np.asarray(x, float)) for x in (lat1, lon1, lat2, lon2))
    rows = np.arange(len(lat1))

    def most(phis: np.ndarray, bank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The most each candidate carries, and what it has to spare carrying the ceiling."""
        routes = _routes(v, lat1, lon1, lat2, lon2, phis, bank, aim_payload, omega, radius, one_by_one)
        m, spare = limits.max_payload_and_spare(v, routes, ceiling=ceiling, one_by_one=one_by_one,
                                                most_along_last=True)
        return np.asarray(m, float), np.asarray(spare, float)

    def heaviest(m: np.ndarray, spare: np.ndarray) -> np.ndarray:
        """Index per route of the candidate carrying the most (ties at the ceiling broken as above)."""
        if ceiling is None:
            return cast(np.ndarray, np.argmax(m, axis=1))   # (numpy's stubs: Any for a reduction along an axis)
        full = m >= ceiling
        return cast(np.ndarray, np.where(np.any(full, axis=1), np.argmax(np.where(full, spare, -np.inf), axis=1),
                                         np.argmax(m, axis=1)))

    phis, bank = candidates(v, lat1, lon1, lat2, lon2, omega, radius)
    m, spare = most(phis, bank)
    # refined as choose_many refines: halfway to the neighbouring angles of the best candidate
    fine, fine_bank = _refined(v, phis, bank, heaviest(m, spare))
    if also is not None:
        extra_phis, extra_banks = (np.asarray(x, float).reshape(len(lat1), -1) for x in also)
        fine, fine_bank = np.concatenate([fine, extra_phis], axis=1), np.concatenate([fine_bank, extra_banks], axis=1)
    phis, bank = np.concatenate([phis, fine], axis=1), np.concatenate([bank, fine_bank], axis=1)
    m_fine, spare_fine = most(fine, fine_bank)
    m, spare = np.concatenate([m, m_fine], axis=1), np.concatenate([spare, spare_fine], axis=1)
    k = heaviest(m, spare)
    return m[rows, k], phis[rows, k], bank[rows, k]


def max_payload(v: VehicleParams, lat1: float, lon1: float, lat2: float, lon2: float, *, aim_payload: float,
                also: tuple[float, float] | None = None, ceiling: float | None = None, omega: float = OMEGA_EARTH,
                radius: float = R_MEAN) -> tuple[float, float, float]:
    """:func:`max_payload_many` for one route (floats; *also*: (angle, bank) of one more flight to try)."""
    m, phi, bank = max_payload_many(v, lat1, lon1, lat2, lon2, aim_payload=aim_payload, also=also, ceiling=ceiling,
                                    one_by_one=est.FEW, omega=omega, radius=radius)
    return float(m[0]), float(phi[0]), float(bank[0])


def flies_along(v: VehicleParams, lat1: float, lon1: float, lat2: FloatOrArray, lon2: FloatOrArray,
                payload: float, *, omega: float = OMEGA_EARTH, radius: float = R_MEAN) -> np.ndarray:
    """bool array: some candidate flight flies each route from (lat1, lon1) to the arrays (lat2, lon2)."""
    return cast(np.ndarray, np.any(_candidates_fly(v, lat1, lon1, lat2, lon2, payload, None, omega, radius), axis=1))


def _candidates_fly(v: VehicleParams, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
                    payload: float, tried: np.ndarray | None, omega: float, radius: float) -> np.ndarray:
    """bool (n, k): which of the k candidates (:func:`candidates`) fly each route from (lat1, lon1) to the arrays
    (lat2, lon2); *tried* (bool, k): only those candidates are flown (the others read False), None: all."""
    lat2, lon2 = np.atleast_1d(lat2), np.atleast_1d(lon2)
    lat1, lon1 = np.full(lat2.shape, float(lat1)), np.full(lat2.shape, float(lon1))
    phis, bank = candidates(v, lat1, lon1, lat2, lon2, omega, radius)
    out = np.zeros(phis.shape, bool)
    cols = slice(None) if tried is None else np.flatnonzero(tried)
    phis, bank = phis[:, cols], bank[:, cols]
    if phis.size:
        pay = np.full(phis.shape, float(payload))
        f = est.evaluate(v, _routes(v, lat1, lon1, lat2, lon2, phis, bank, pay, omega, radius), pay)
        out[:, cols] = np.asarray(f.flies(), bool)
    return out


def max_range(v: VehicleParams, lat1: float, lon1: float, azimuth_deg: float, payload: float, *,
              max_range_m: float = 20_000e3, points: int = 24, passes: int = 2, omega: float = OMEGA_EARTH,
              radius: float = R_MEAN, shortest: float = 100e3) -> float:
    """Longest ground range [m] some candidate flight flies along initial bearing *azimuth_deg* [deg] with
    *payload* [kg] (0: none flies), as :func:`.limits.longest_range` finds it: each pass flies a grid of
    *points* ranges (none under *shortest* [m]) and narrows to the cell where flights stop.

    Every pass after the first flies only the candidates that flew at the cell's near end: the search, like
    the grid itself, takes the flights that stop within a cell to be the ones flying at its start (a
    candidate that starts to fly within one cell and stops within the same would be missed by the grid's
    points anyway).  The first pass flies all of them; the second then costs a few candidates, not all 45
    (two fifths of the longest-range search, the largest part of one route's plan)."""
    tried: np.ndarray | None = None

    def flies(lat2: FloatOrArray, lon2: FloatOrArray) -> np.ndarray:
        nonlocal tried
        each = _candidates_fly(v, lat1, lon1, lat2, lon2, payload, tried, omega, radius)
        ok: np.ndarray = np.any(each, axis=1)
        if np.any(ok):   # the next pass narrows to the cell after the last range that flies
            tried = each[int(np.nonzero(ok)[0][-1])]
        return ok

    return limits.longest_range(flies, lat1, lon1, azimuth_deg, max_range=max_range_m, points=points, passes=passes,
                                shortest=shortest, radius=radius)

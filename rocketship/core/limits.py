"""The most a vehicle carries and the furthest it flies, on the estimate tier (vectorised over routes): the
largest payload a flight on a route carries (:func:`max_payload`), by how far a flight is from flying
(:func:`flight_shortfall`), and the longest range along a bearing (:func:`longest_range`,
:func:`max_range_along`).  The flights themselves are :mod:`.estimate`'s."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import xp
from .constants import OMEGA_EARTH, R_MEAN
from .estimate import FEW, FlightEstimate, estimate_flight, evaluate
from .rocket import VehicleParams
from .roots import illinois
from .route import Route
from .xp import FloatOrArray


#: payloads tried before the search, as shares of half the lift-off mass: whether a flight flies need not be
#: monotonic in payload (a denser stage may brake lower down and hold a limit a lighter one cannot), so the
#: search starts from the heaviest of these that flies
PAYLOAD_GRID = (0.0, 1 / 128, 1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0)

def max_payload(v: VehicleParams, route: Route, *, tolerance: float = 10.0,
                ceiling: float | None = None) -> FloatOrArray:
    """Largest payload [kg] that flies *route* (0 where none of PAYLOAD_GRID does), to *tolerance* [kg], and
    no more than *ceiling* [kg] (the bay's rated payload, say: a search above what the bay holds narrows a
    figure every caller caps — three quarters of a short hop's plan).

    The heaviest payload of PAYLOAD_GRID (below the ceiling, and the ceiling itself) that flies and the next
    one up bracket the answer; vectorised regula falsi (Illinois, :func:`.roots.illinois`) on how far the
    flight is from flying (:func:`flight_shortfall`) closes it, each step flying only the routes it has not
    yet settled.  Routes where nothing on the grid flies are settled at once.
    """
    if route.single:   # one route: the array search on an array of one, the answer a float
        many = route.take(np.True_) if not route.floats else route.as_arrays().take(np.True_)
        many.single = False
        return float(max_payload_and_spare(v, many, tolerance=tolerance, ceiling=ceiling, one_by_one=FEW)[0][0])
    return max_payload_and_spare(v, route, tolerance=tolerance, ceiling=ceiling)[0]

def max_payload_and_spare(v: VehicleParams, route: Route, *, tolerance: float = 10.0, ceiling: float | None = None,
                          one_by_one: int = 0, most_along_last: bool = False,
                          empty_first: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`max_payload` on arrays of routes, and how far each flight carrying the top of the search (the
    ceiling, or half the lift-off mass) is from failing: −:func:`flight_shortfall` there (−inf where the arc
    itself does not fly; −inf too, or the figure, where it is short of Δv empty) — what tells apart flights that
    all carry a full bay.  *one_by_one*: as for :func:`evaluate` (one route's candidates: :data:`FEW`).
    *most_along_last*: only the most along the last axis is asked for (one route's candidate flights): a
    candidate that carries less than another by the payload grid alone gets that grid payload, a floor, and is
    not searched further; the most, and which candidate carries it, are as without.  *empty_first*: fly the
    empty flights first and drop those short of Δv from the rest of the grid (default: for many routes, where
    *one_by_one* is 0); the answers are the same either way."""
    shape = np.shape(route.arc.v)
    top = 0.5 * v.stack_mass(0, 0.0)
    grounded = np.broadcast_to(np.asarray(route.grazing | route.overshoots | ~np.asarray(route.arc.converged)), shape)
    grid = [share * top for share in PAYLOAD_GRID]
    if ceiling is not None and ceiling < top:
        top = float(ceiling)
        grid = [m for m in grid if m < top] + [top]
    out = np.zeros(shape)
    live = ~grounded                        # routes whose arc flies at all (skims, overshoots: no payload)
    if not np.any(live):
        return out, np.full(shape, -np.inf)
    stack = np.full((len(grid),) + shape, np.inf)
    laden = live
    if empty_first is None:
        empty_first = not one_by_one
    if empty_first:
        # many routes: the empty flight first.  One short of Δv empty is short with any cargo (the stack gives
        # less and the entry asks no less), as most candidates of a long route are — only the rest are flown
        # over the rest of the grid.  (Not any failure: an empty stage can be g-limited where a laden one is
        # not, its engines' least throttle too much for so light a stage.)  One route's few candidates are
        # quicker flown over the whole grid in one call.
        empty = evaluate(v, route.take(live), grid[0], one_by_one=one_by_one)
        stack[0, live] = np.asarray(flight_shortfall(v, empty), float)
        laden = live.copy()
        laden[live] = ~(np.asarray(empty.margin, float) < 0.0)
        grid_left = slice(1, None)
    else:
        grid_left = slice(0, None)
    if np.any(laden) and len(grid[grid_left]):
        payloads = np.array(grid[grid_left])[:, None] * np.ones(int(np.count_nonzero(laden)))
        stack[grid_left, laden] = np.asarray(flight_shortfall(v, evaluate(v, route.take(laden), payloads,
                                                                          one_by_one=one_by_one)), float)
    spare = -stack[-1]
    flies = (stack <= 0) & ~grounded
    active = np.any(flies, axis=0)
    if not np.any(active):
        return out, spare
    k = len(grid) - 1 - np.argmax(flies[::-1], axis=0)             # the heaviest grid payload that flies
    if most_along_last:
        # a candidate whose bracket ends at or below another's floor carries less than it: not searched
        floor = np.where(active, k, -1)
        below = active & (floor < floor.max(axis=-1, keepdims=True))
        out[below] = np.take(grid, k[below])
        active &= ~below
    at_top = k == len(grid) - 1
    out[active & at_top] = top
    active &= ~at_top
    if not np.any(active):
        return out, spare
    rows = np.nonzero(active)
    k_lo = k[rows]
    sub = route.take(active)

    def f(m: np.ndarray, unsettled: np.ndarray) -> FloatOrArray:
        return flight_shortfall(v, evaluate(v, sub.take(unsettled), m, one_by_one=one_by_one))

    lo_m, hi_m = np.take(grid, k_lo), np.take(grid, k_lo + 1)
    f_lo = stack[(k_lo,) + rows]
    f_hi = stack[(k_lo + 1,) + rows]
    found, _, _, _ = illinois(f, lo_m, hi_m, f_lo, f_hi, iterations=60, live_only=True,
                              done=lambda lo, hi, x, fx: (hi - lo) < tolerance)
    out[active] = found
    return out, spare

def flight_shortfall(v: VehicleParams, f: FlightEstimate) -> FloatOrArray:
    """How far a flight of *v* is from flying, one number that rises with payload (≤ 0: it flies, bar the
    route's own flags): the largest of the Δv shortfall per km/s and the heat flux and load over the cargo
    stage's limits (as shares); +inf where no braking holds the cargo's limit, the entry skips out, the
    braking burn would be lit before burnout, the landing engines cannot hold the stage up, or the route
    itself fails (an arc that skims the air, a glide longer than the route, no converged arc)."""
    cargo = v.stages[-1]
    heat = xp.maximum(f.peak_heat_flux / cargo.heat_flux_limit, f.heat_load / cargo.heat_load_limit) - 1.0
    s = xp.maximum(-f.margin / 1000.0, heat)
    hard = (f.g_limited | f.skips | f.braking_too_long | f.landing_impossible | f.grazing | f.overshoots
            | xp.logical_not(f.converged) | xp.isnan(s))
    return xp.where(hard, xp.inf, s)

def longest_range(flies: Callable[[FloatOrArray, FloatOrArray], FloatOrArray], lat1: float, lon1: float,
                  azimuth_deg: float, *, max_range: float = 20_000e3, points: int = 64,
                  passes: int = 2, shortest: float = 1e3, radius: float = R_MEAN) -> float:
    """Longest ground range [m] along initial bearing *azimuth_deg* [deg] from (lat1, lon1) where
    *flies(lat2, lon2)* (bool array over destination arrays) says a flight flies: each pass evaluates a
    grid of *points* ranges (none under *shortest* [m]) in one vectorised call and narrows to the cell
    where flights stop; 0 when not even the shortest range on the grid flies."""
    from .geodesy import destination

    lo, hi, best = 0.0, max_range, 0.0
    for _ in range(passes):
        r = np.maximum(np.linspace(lo, hi, points + 1)[1:], shortest)
        lat2, lon2 = destination(lat1, lon1, azimuth_deg, r, radius)
        ok = np.asarray(flies(lat2, lon2), bool)
        if not np.any(ok):
            hi = r[0]
            continue
        last = int(np.nonzero(ok)[0][-1])
        best = max(best, float(r[last]))
        lo, hi = float(r[last]), float(r[last + 1]) if last + 1 < len(r) else float(r[last])
        if hi <= lo:
            break
    return best


def max_range_along(v: VehicleParams, lat1: float, lon1: float, azimuth_deg: float, payload: float, *,
                    max_range: float = 20_000e3,
                    omega: float = OMEGA_EARTH, radius: float = R_MEAN, points: int = 64, passes: int = 2,
                    bank: float = 0.0) -> float:
    """Longest ground range [m] flown along initial bearing *azimuth_deg* [deg] with *payload* [kg] on the
    named arc (:func:`longest_range`: two passes of 64 points resolve 20,000 km to about 5 km)."""
    def flies(lat2: FloatOrArray, lon2: FloatOrArray) -> FloatOrArray:
        return estimate_flight(v, lat1, lon1, lat2, lon2, payload, omega=omega, radius=radius, bank=bank).flies()

    return longest_range(flies, lat1, lon1, azimuth_deg, max_range=max_range, points=points, passes=passes,
                         radius=radius)

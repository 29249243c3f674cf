"""The inverse question: how large a stack of the same technology must be to fly a route with a cargo.

A vehicle is scaled as one family (photographic scaling of the whole stack by its mass, factor k):

* each stage's propellant and dry mass by k — its structural ratio dry / (dry + propellant) is kept;
* its thrust (ascent, vacuum and landing) by k — the thrust-to-weight ratio is kept (more or larger engines
  of the same kind: the same specific impulse);
* its lengths by k^(1/3), so reference areas by k^(2/3) and the nose radius by k^(1/3) — the same shapes,
  so the same drag and lift coefficients and hypersonic L/D, and the same recovery modes.

What that keeps and what it does not is the physics of scale: the ideal Δv of every stage is unchanged
(the rocket equation sees only mass ratios); the drag loss falls as the lift-off ballistic coefficient,
m/(C_D A) ∝ k^(1/3), rises; the cargo stage's entry ballistic coefficient rises as k^(1/3) too, so a
larger stage meets the air lower and faster — a higher peak load and heat flux (Sutton–Graves falls only
as the nose radius's −½ power, k^(−1/6)) — which is why a larger stack does not always fly where a smaller
one does not, and why some routes fly at no size at all (the cargo's g limit on a steep entry).  The heat
shield's limits are those of its material and stay as they are; the cargo's g limit is the cargo's.

This is the sizing an engineer does first when judging a claim (Humble, Henry & Larson, *Space Propulsion
Analysis and Design*, McGraw-Hill 1995, §1.3 and ch. 5: stage sizing at fixed structural ratio and specific
impulse); it says nothing about whether such a stage can be built, only what flying the route asks of one.

:func:`smallest_scale` searches k for the smallest stack that passes a test (the route flown with the
cargo, or a payload carried to orbit); the shells state which.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from .rocket import StageParams, VehicleParams

#: the smallest and largest scale searched [-] (a twentieth of the vehicle to twenty times it: beyond that
#: "the same technology" no longer means anything — engines, structures and sea pads of another kind)
SCALE_RANGE = (0.05, 20.0)
#: the coarse scan's step [-]: scales k, k·1.25, …; whether a stack flies need not be monotonic in its size
#: (a larger cargo stage meets the air harder), so the smallest that flies is found by a scan, then bisection
SCAN_FACTOR = 1.25
#: bisection steps within the scan's step: 1.25^(1/2^7) − 1 ≈ 0.17 % of the scale
BISECTIONS = 7


def scaled_stage(s: StageParams, k: float) -> StageParams:
    """Stage *s* scaled by mass factor *k* (see the module doc)."""
    area = k ** (2.0 / 3.0)
    return replace(s, dry=s.dry * k, propellant=s.propellant * k, thrust_sl=s.thrust_sl * k,
                   thrust_vac=s.thrust_vac * k, landing_thrust=s.landing_thrust * k,
                   descent_area=s.descent_area * area)


def scaled_vehicle(v: VehicleParams, k: float) -> VehicleParams:
    """Vehicle *v* scaled by mass factor *k*: every stage (:func:`scaled_stage`), its ascent reference area
    (k^(2/3)) and its nose radius (k^(1/3)); the cargo's g limit as it is."""
    return replace(v, stages=tuple(scaled_stage(s, k) for s in v.stages), reference_area=v.reference_area * k ** (2.0 / 3.0),
                   nose_radius=v.nose_radius * k ** (1.0 / 3.0))


@dataclass(frozen=True)
class ScaleSearch:
    """What :func:`smallest_scale` found: the smallest scale [-] that passes (None: none in the range), and
    the largest scale tried below it that does not (None: the search's floor passes), each to the
    bisection's resolution."""

    scale: float | None
    below: float | None
    tried: int     #: scales tested


def scan_scales(floor: float, ceiling: float) -> list[float]:
    """The scales the search's scan tries [-]: *floor*, the powers of SCAN_FACTOR above it — the vehicle as it
    is (k = 1) among them, so that a vehicle that passes is never sized larger than itself — and *ceiling*."""
    floor, ceiling = float(floor), float(ceiling)
    if not 0.0 < floor <= ceiling:
        raise ValueError(f"scale floor {floor} and ceiling {ceiling}: need 0 < floor <= ceiling")
    first = math.floor(math.log(floor) / math.log(SCAN_FACTOR)) + 1
    last = math.floor(math.log(ceiling) / math.log(SCAN_FACTOR) + 1e-12)
    scan = [floor, *(SCAN_FACTOR ** j for j in range(first, last + 1) if SCAN_FACTOR ** j > floor * (1 + 1e-12))]
    if scan[-1] < ceiling * (1 - 1e-12):
        scan.append(ceiling)
    return scan


@dataclass(frozen=True)
class ScaleSearches:
    """What :func:`smallest_scales` found for each of n routes: the smallest scale that passes (nan: none in
    the range) and the largest tried below it that does not (nan: the floor passes) [-], and the scales each
    route was tested at (what its passes were asked, in order)."""

    scale: np.ndarray
    below: np.ndarray
    tested: list[list[float]]


def smallest_scales(passes: Callable[[float, np.ndarray], np.ndarray], n: int, floor: float = SCALE_RANGE[0],
                    ceiling: float = SCALE_RANGE[1],
                    progress: Callable[[int, int], None] | None = None) -> ScaleSearches:
    """The smallest scale k in [*floor*, *ceiling*] for which each of *n* routes passes: *passes(k, rows)*
    says (bool array) which of the routes at positions *rows* pass at scale k.  A scan up
    :func:`scan_scales`, each route leaving it at the first scale it passes, then BISECTIONS halvings (in log
    k) between that scale and the one before, each keeping a scale that passes.  Routes whose brackets are
    the same are tested together (their midpoints are too), so each route is tested at exactly the scales a
    search of it alone would test.  *progress(done, total)* is told after each step of the scan and each round
    of halvings (a round tests every bracket's midpoint, one call of *passes* per distinct midpoint); the total,
    the scan's length plus BISECTIONS, is an upper bound (the search ends early once every route is settled)."""
    scan = scan_scales(floor, ceiling)
    total, steps = len(scan) + BISECTIONS, 0
    scale, below = np.full(n, np.nan), np.full(n, np.nan)
    tested: list[list[float]] = [[] for _ in range(n)]

    def test(k: float, rows: np.ndarray) -> np.ndarray:
        ok = np.asarray(passes(k, rows), bool)
        for row in rows:
            tested[row].append(k)
        return ok

    def stepped() -> None:
        nonlocal steps
        steps += 1
        if progress is not None:
            progress(steps, total)

    open_rows, previous = np.arange(n), math.nan
    for k in scan:
        if not open_rows.size:
            break
        ok = test(k, open_rows)
        scale[open_rows[ok]], below[open_rows[ok]] = k, previous
        open_rows, previous = open_rows[~ok], k
        stepped()
    below[open_rows] = previous
    for _ in range(BISECTIONS):
        live = np.flatnonzero(np.isfinite(scale) & np.isfinite(below))
        if not live.size:
            break
        mids = np.sqrt(below[live] * scale[live])
        for mid in np.unique(mids):
            rows = live[mids == mid]
            ok = test(float(mid), rows)
            scale[rows[ok]], below[rows[~ok]] = mid, mid
        stepped()
    return ScaleSearches(scale, below, tested)


def smallest_scale(passes: Callable[[float], bool], floor: float = SCALE_RANGE[0],
                   ceiling: float = SCALE_RANGE[1], progress: Callable[[int, int], None] | None = None) -> ScaleSearch:
    """:func:`smallest_scales` for one route: *passes(k)* says whether it passes at scale k."""
    found = smallest_scales(lambda k, rows: np.array([passes(k)]), 1, floor, ceiling, progress)
    scale, below = float(found.scale[0]), float(found.below[0])
    return ScaleSearch(scale if math.isfinite(scale) else None, below if math.isfinite(below) else None,
                       len(found.tested[0]))

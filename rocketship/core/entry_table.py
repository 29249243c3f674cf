"""Tabulated entries: :func:`.entry.integrate_entry` flown once over a grid of start states and read back
by multilinear interpolation, so that a million routes cost table reads rather than integrations.

An entry is told by five numbers where the air begins to act on it — where drag reaches
:data:`START_DRAG` (1 % of g₀): the speed V and the flight-path angle γ there, the ballistic coefficient
β = m/(C_D A), the vertical share of the lift-to-drag ratio, (L/D)·cos σ, and the turning ground's speed
along the heading, w = ω R cos φ sin A, which sets the Coriolis term (:mod:`.entry`).  Above that altitude the
stage is in vacuum to within 1 % of g₀, so any state higher up is carried down to it on its Keplerian
conic (energy and angular momentum) before the table is read.  Each node holds what the integration
found from there to the ground: the peak drag deceleration, the peak and the integral of √ρ V³
(Sutton–Graves heating without its constant), the range (as its decay, below), the time, and the speed on
meeting the ground
as a multiple of the sea-level terminal velocity (1 for a stage that settled into its terminal fall),
and whether the entry skipped back out of the atmosphere.

The grid is uniform in transformed coordinates, so a cell is found by arithmetic: u_V = ln V − ln(1 −
(V/8.4 km/s)²), which crowds the nodes where glides lengthen toward orbital speed; u_γ = (γ/90°)^(1/3),
which crowds them at shallow angles; ln β; L/D·cos σ and w themselves.  Quantities that vary as powers
(peaks, heat load, time, the speed ratio) are interpolated in their logarithms.  The range s is held as
its *decay* exp(−s/A), A = (R/2)·(L/D)·cos σ: an equilibrium glide covers A ln[1/(1 − V²/gR)] (Eggers,
Allen & Neice, NACA Report 1382, 1958), so its decay is 1 − V²/gR, linear in V² and in the Coriolis
term and nearly so in the entry angle — where the range itself grows without bound toward orbital speed
(a 4,400 km glide read 6 % long from a table of ranges, 0.1 % from one of decays).  The interpolation
error against direct integration is measured in tests/reference/test_entry.py.

The table ships with the package (``entry_table.npz``, written by ``scripts/build_entry_table.py``); it
records the constants it was built with, and reading a table built with other constants is refused, so
a change to the entry model cannot silently keep an old table.  Reading a data file that is part of the
package is the one I/O the float core does.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache
from typing import Any, TypeAlias

import numpy as np

from . import entry, xp
from .atmosphere import altitude_of_density
from .constants import G0, R_MEAN
from .xp import FloatOrArray

START_DRAG = 0.1            #: [m/s²] the table's entries start where drag reaches this (≈ 1 % of g₀)
SPEED_SCALE = 8_400.0       #: [m/s] the pole of u_V
SPEED_RANGE = (100.0, 8_100.0)      #: [m/s]
BETA_RANGE = (25.0, 25_600.0)       #: [kg/m²]
LIFT_RANGE = (0.0, 1.0)             #: (L/D)·cos σ [-]
ROTATION_RANGE = (-470.0, 470.0)    #: w = ω R cos φ sin A [m/s] (ω R = 464.6 m/s)
SHAPE = (28, 24, 16, 9, 5)          #: nodes in V, γ, β, L/D·cos σ, w
NDIM = len(SHAPE)
LIFT_AXIS = 3
CORNERS = 1 << NDIM
FIELDS = ("log_peak_drag", "log_peak_heating", "log_heating_integral", "range_decay", "log_time",
          "log_ground_ratio", "skip")
RANGE_LIFT_FLOOR = 0.1      #: the range scale's (L/D)·cos σ is held at least this (ballistic entries)
SMALLEST_DECAY = 1e-30      #: decays are held above this (float32), ranges read under 69 A
FILE = "entry_table.npz"

#: what :meth:`EntryTable.cell` finds: the corners' flat indices and weights (Python numbers for one entry,
#: arrays for many), the off-grid flag, and the range scales of the cell's two lift levels with the share of
#: the way from the first to the second
Cell: TypeAlias = tuple[list[FloatOrArray], list[FloatOrArray], FloatOrArray,
                        tuple[FloatOrArray, FloatOrArray, FloatOrArray]]


def _u_speed(v: FloatOrArray) -> FloatOrArray:
    v = xp.asfloat(v)
    ratio = v * (1.0 / SPEED_SCALE)
    return xp.log(v) - xp.log1p(-ratio * ratio)


def _u_angle(gamma: FloatOrArray) -> FloatOrArray:
    return xp.cbrt(xp.clip(xp.asfloat(gamma), 0.0, 0.5 * math.pi) * (2.0 / math.pi))


_U0 = (float(_u_speed(SPEED_RANGE[0])), 0.0, math.log(BETA_RANGE[0]), LIFT_RANGE[0], ROTATION_RANGE[0])
_U1 = (float(_u_speed(SPEED_RANGE[1])), 1.0, math.log(BETA_RANGE[1]), LIFT_RANGE[1], ROTATION_RANGE[1])
_DU = tuple((b - a) / (n - 1) for a, b, n in zip(_U0, _U1, SHAPE))


def spec() -> str:
    """The constants a table is built with; a table stamped otherwise is stale."""
    return (f"entry-table/3 range-decay={RANGE_LIFT_FLOOR}/{SMALLEST_DECAY} shape={SHAPE} "
            f"speed={SPEED_RANGE}/{SPEED_SCALE} beta={BETA_RANGE} lift={LIFT_RANGE} "
            f"rotation={ROTATION_RANGE} "
            f"start_drag={START_DRAG} step_share={entry.STEP_SHARE} max_step={entry.MAX_STEP} "
            f"lift_speeds={entry.LIFT_FULL_SPEED}/{entry.LIFT_END_SPEED} terminal={entry.TERMINAL_STEEPNESS}/"
            f"{entry.TERMINAL_MATCH}/{entry.TERMINAL_SPEED_MAX} skip={entry.SKIP_ALTITUDE} max_time={entry.MAX_TIME}")


def start_altitude(speed: FloatOrArray, beta: FloatOrArray) -> FloatOrArray:
    """Altitude [m] where drag on a stage of ballistic coefficient *beta* [kg/m²] at *speed* [m/s] is START_DRAG:
    ρ = 2 β a / V²."""
    v = xp.maximum(xp.asfloat(speed), 1.0)
    return altitude_of_density(2.0 * xp.asfloat(beta) * START_DRAG / (v * v))


def range_scale(lift_up: FloatOrArray) -> FloatOrArray:
    """A = (R/2)·max((L/D)·cos σ, RANGE_LIFT_FLOOR) [m]: the range scale of an equilibrium glide."""
    return (0.5 * R_MEAN) * xp.maximum(xp.asfloat(lift_up), RANGE_LIFT_FLOOR)


def sea_level_terminal_speed(beta: FloatOrArray) -> FloatOrArray:
    """√(2 β g₀ / ρ₀) [m/s]: the terminal velocity at sea level."""
    return xp.sqrt(2.0 * G0 / 1.225 * xp.asfloat(beta))


def nodes() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The grid's node values: speed [m/s], angle below the horizontal [rad], β [kg/m²], (L/D)·cos σ [-],
    w [m/s]."""
    u = [np.linspace(a, b, n) for a, b, n in zip(_U0, _U1, SHAPE)]
    lo, hi = np.full(SHAPE[0], 1.0), np.full(SHAPE[0], SPEED_SCALE * (1 - 1e-12))
    for _ in range(80):   # invert u_V (monotonic) by bisection
        mid = 0.5 * (lo + hi)
        above = _u_speed(mid) > u[0]
        hi, lo = np.where(above, mid, hi), np.where(above, lo, mid)
    return 0.5 * (lo + hi), u[1] ** 3 * (0.5 * math.pi), np.exp(u[2]), u[3], u[4]


def build(step_share: float = entry.STEP_SHARE) -> dict[str, np.ndarray]:
    """Fly every node of the grid (about 480,000 entries; ~90 s on one core) and return the FIELDS."""
    v, g, b, ld, w = np.meshgrid(*nodes(), indexing="ij")
    path = entry.integrate_entry(v, g, start_altitude(v, b), b, ld, rotation_speed=w, step_share=step_share)
    ratio = path.ground_speed / sea_level_terminal_speed(b)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {
            "log_peak_drag": np.log(np.maximum(path.peak_drag, 1e-12)),
            "log_peak_heating": np.log(np.maximum(path.peak_heating, 1e-12)),
            "log_heating_integral": np.log(np.maximum(path.heating_integral, 1e-12)),
            "range_decay": np.maximum(np.exp(-path.range / range_scale(ld)), SMALLEST_DECAY),
            "log_time": np.log(np.maximum(path.time, 1e-3)),
            "log_ground_ratio": np.log(np.where(np.isfinite(ratio) & (ratio > 0), ratio, 1.0)),
            "skip": (path.skipped | path.timed_out).astype(float),
        }
    return out


class EntryTable:
    """The tabulated entries and their multilinear reader (floats for one entry, arrays for many)."""

    def __init__(self, fields: dict[str, np.ndarray]) -> None:
        self.fields = {k: np.ascontiguousarray(fields[k], dtype=float).reshape(-1) for k in FIELDS}
        # the float path reads single values: a memoryview hands them out as Python floats, as a list would,
        # without building 3.4 million of them first (~0.3 s and ~100 MB in every process that flies once)
        self.lists = {k: a.data for k, a in self.fields.items()}
        strides = tuple(int(np.prod(SHAPE[d + 1:])) for d in range(NDIM))
        self.strides = strides
        self.offsets = [sum(((c >> d) & 1) * strides[d] for d in range(NDIM)) for c in range(CORNERS)]
        self.offset_array = np.array(self.offsets, dtype=np.intp)

    def cell(self, speed: FloatOrArray, gamma: FloatOrArray, beta: FloatOrArray, lift_up: FloatOrArray,
             rotation_speed: FloatOrArray = 0.0) -> Cell:
        """(corner indices, corner weights, outside, range scales) of each entry state (*rotation_speed*: w
        [m/s]); the range scales are those of the cell's two (L/D)·cos σ nodes and the share of the way
        from the first to the second (see :meth:`range`);
        *outside* flags a state beyond the grid in speed, β or lift, or climbing (*gamma*, the angle below
        the horizontal, under 0): the grid's edge is read instead, and the flag says so
        (estimate.FlightEstimate.off_table)."""
        us: tuple[FloatOrArray, ...]
        base: FloatOrArray
        frac: list[FloatOrArray]
        x: FloatOrArray
        i: FloatOrArray
        lift_node: FloatOrArray
        weights: list[FloatOrArray]
        outside: FloatOrArray
        # (a speed past the grid is read at its edge, and flagged: past SPEED_SCALE u_V is not even defined)
        us = (_u_speed(xp.clip(xp.asfloat(speed), SPEED_RANGE[0] * 0.5, SPEED_RANGE[1])), _u_angle(gamma),
              xp.log(xp.asfloat(beta)), xp.asfloat(lift_up), xp.asfloat(rotation_speed))
        if all(type(u) is float for u in us):
            base, frac = 0, []
            for d, u in enumerate(us):
                x = min(max((u - _U0[d]) / _DU[d], 0.0), SHAPE[d] - 1.0)
                i = min(int(x), SHAPE[d] - 2)
                base += i * self.strides[d]
                frac.append(x - i)
                if d == LIFT_AXIS:
                    lift_node = _U0[d] + i * _DU[d]
            weights = [1.0 - frac[0], frac[0]]
            for d in range(1, NDIM):   # corner c's weight: the product over d of frac[d] or 1 − frac[d] by bit d
                f = frac[d]
                g = 1.0 - f
                weights = [w * g for w in weights] + [w * f for w in weights]
            outside = (speed > SPEED_RANGE[1] * 1.001 or not BETA_RANGE[0] * 0.999 <= beta <= BETA_RANGE[1] * 1.001
                       or lift_up > LIFT_RANGE[1] + 1e-9 or gamma < 0.0)
            scales = (range_scale(lift_node), range_scale(lift_node + _DU[LIFT_AXIS]), frac[LIFT_AXIS])
            return [base + o for o in self.offsets], weights, outside, scales
        us = np.broadcast_arrays(*(np.asarray(u, float) for u in us))
        base = np.zeros(us[0].shape, np.intp)
        frac = []
        for d, u in enumerate(us):
            x = np.clip((u - _U0[d]) / _DU[d], 0.0, SHAPE[d] - 1.0)
            x = np.where(np.isnan(x), 0.0, x)
            i = np.minimum(x.astype(np.intp), SHAPE[d] - 2)
            base += i * self.strides[d]
            frac.append(x - i)
            if d == LIFT_AXIS:
                lift_node = _U0[d] + i * _DU[d]
        lo = [1.0 - f for f in frac]
        # each corner's weight multiplied in the same order as on floats, so one route and many agree to the bit
        weights = [lo[0], frac[0]]
        for d in range(1, NDIM):
            weights = [w * lo[d] for w in weights] + [w * frac[d] for w in weights]
        speed, beta, lift_up, gamma = (np.broadcast_to(np.asarray(x, float), base.shape)
                                       for x in (speed, beta, lift_up, gamma))
        outside = (speed > SPEED_RANGE[1] * 1.001) | (beta < BETA_RANGE[0] * 0.999) | (beta > BETA_RANGE[1] * 1.001) \
            | (lift_up > LIFT_RANGE[1] + 1e-9) | (gamma < 0.0)
        scales = (range_scale(lift_node), range_scale(lift_node + _DU[LIFT_AXIS]), frac[LIFT_AXIS])
        return [base + o for o in self.offsets], weights, outside, scales

    def read(self, name: str, cell: Cell) -> FloatOrArray:
        """The field *name* interpolated at *cell* (from :meth:`cell`)."""
        index, weights = cell[0], cell[1]
        if type(weights[0]) is float:
            values = self.lists[name]
            return sum(w * values[i] for i, w in zip(index, weights))
        array = self.fields[name]
        out = weights[0] * array.take(index[0])
        for w, i in zip(weights[1:], index[1:]):   # in the float path's order (see cell)
            out = out + w * array.take(i)
        return out


    def range(self, cell: Cell) -> FloatOrArray:
        """The ground range [m] of the entries at *cell*.  Each (L/D)·cos σ node's decays are held at that
        node's range scale: on each of the cell's two lift levels the decay is interpolated over the other
        axes and unwound at its own scale, and the two ranges are interpolated in lift."""
        index, weights, _, (scale_lo, scale_hi, share) = cell
        low = [k for k in range(CORNERS) if not (k >> LIFT_AXIS) & 1]
        high = [k for k in range(CORNERS) if (k >> LIFT_AXIS) & 1]
        values: memoryview | np.ndarray
        on_low: FloatOrArray
        on_high: FloatOrArray
        if type(weights[0]) is float:
            values = self.lists["range_decay"]
            on_low = sum(weights[k] * values[index[k]] for k in low)
            on_high = sum(weights[k] * values[index[k]] for k in high)
        else:
            values = self.fields["range_decay"]
            on_low = on_high = 0.0
            for k in low:
                on_low = on_low + weights[k] * values.take(index[k])
            for k in high:
                on_high = on_high + weights[k] * values.take(index[k])
        # each level's weights sum to its share of the lift interval (1 − share and share)
        decay_low = on_low / xp.maximum(1.0 - share, 1e-12)
        decay_high = on_high / xp.maximum(share, 1e-12)
        return -((1.0 - share) * scale_lo * xp.log(xp.maximum(decay_low, SMALLEST_DECAY))
                 + share * scale_hi * xp.log(xp.maximum(decay_high, SMALLEST_DECAY)))


@lru_cache(maxsize=1)
def table() -> EntryTable:
    """The shipped table (read once per process)."""
    from importlib import resources

    with resources.files(__package__).joinpath(FILE).open("rb") as fh:
        data = np.load(fh, allow_pickle=False)
        stamp = str(data["spec"])
        if stamp != spec():
            raise RuntimeError(f"{FILE} was built with other constants ({stamp!r}); rebuild it with "
                               f"'python scripts/build_entry_table.py'")
        return EntryTable({k: data[k] for k in FIELDS})


def save(path: str | os.PathLike[str], fields: dict[str, np.ndarray]) -> None:
    """Write a table (float32 fields and the spec stamp) for :func:`table` to read."""
    arrays: dict[str, Any] = {k: np.asarray(v, np.float32) for k, v in fields.items()}
    np.savez(path, spec=np.array(spec()), **arrays)

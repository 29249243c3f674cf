"""Bracketed root finding, vectorised over routes: floats or arrays through :mod:`.xp`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import numpy as np

from . import xp
from .xp import FloatOrArray

#: *done(lo, hi, x, fx)*: elementwise, which routes have their answer
_Done: TypeAlias = Callable[[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray], FloatOrArray]


def illinois(f: Callable[..., FloatOrArray], lo: FloatOrArray, hi: FloatOrArray, f_lo: FloatOrArray,
             f_hi: FloatOrArray, *, iterations: int, done: _Done, live_only: bool = False,
             settled: FloatOrArray = False) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]:
    """Regula falsi with the Illinois modification on an increasing *f*, root bracketed by [lo, hi]
    (f_lo ≤ 0 < f_hi), each route on its own.

    Where the secant cannot be drawn (an infinite or repeated end value) the step bisects; the trial
    point is kept within the bracket.  An end that stays put twice running has its value halved, so
    the bracket closes from both sides.  *done(lo, hi, x, fx)* — elementwise — says which routes have
    their answer: on arrays those stop (their bracket and trial point are kept as they were), so that a
    route's answer never depends on the other routes searched beside it; the search ends when all are
    done.  Returns (lo, hi, x, fx): the last bracket and the last trial point with its value.

    *live_only*: *f* is called as f(x, rows) with the trial points of the routes not yet done, flattened,
    and their flat positions *rows* in the routes' shape (None on floats: the one route), so that a route
    done costs nothing more — a search whose routes settle unevenly would otherwise evaluate them all to
    the last step.  A route searched comes back with the point it was last evaluated at, so what *f*
    works out beside its value there can be kept by rows rather than computed again.

    *settled* (elementwise): routes whose search the caller knows to be in vain; they are not searched,
    and come back with x = lo and fx = f_lo.
    """
    if not xp.is_scalar(lo) and not isinstance(lo, float):
        return _illinois_arrays(f, lo, hi, f_lo, f_hi, iterations, done, live_only, settled)
    side = xp.zeros_like(lo)
    x, fx = lo, f_lo
    for _ in range(0 if settled else iterations):
        secant = xp.isfinite(f_lo) & xp.isfinite(f_hi) & (f_hi != f_lo)
        with np.errstate(invalid="ignore"):
            x = xp.where(secant, hi - f_hi * (hi - lo) / xp.where(secant, f_hi - f_lo, 1.0), 0.5 * (lo + hi))
        x = xp.minimum(xp.maximum(xp.where(xp.isfinite(x), x, 0.5 * (lo + hi)), lo), hi)
        fx = f(x, None) if live_only else f(x)
        up = fx > 0
        hi, f_hi = xp.where(up, x, hi), xp.where(up, fx, f_hi)
        lo, f_lo = xp.where(up, lo, x), xp.where(up, f_lo, fx)
        f_lo = xp.where(up & (side == 1), f_lo / 2, f_lo)
        f_hi = xp.where(xp.logical_not(up) & (side == -1), f_hi / 2, f_hi)
        side = xp.where(up, 1.0, -1.0)
        if xp.all_(done(lo, hi, x, fx)):
            break
    return lo, hi, x, fx


def _illinois_arrays(f: Callable[..., FloatOrArray], lo: FloatOrArray, hi: FloatOrArray, f_lo: FloatOrArray,
                     f_hi: FloatOrArray, iterations: int, done: _Done, live_only: bool,
                     settled: FloatOrArray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`illinois` on arrays, each route frozen once *done* says it is."""
    lo, hi, f_lo, f_hi = (np.array(np.broadcast_to(np.asarray(a, float), np.shape(lo)), copy=True)
                          for a in (lo, hi, f_lo, f_hi))
    side = np.zeros_like(lo)
    x, fx = lo.copy(), f_lo.copy()
    frozen = np.array(np.broadcast_to(settled, lo.shape), bool)
    for _ in range(iterations):
        if np.all(frozen):
            break
        secant = np.isfinite(f_lo) & np.isfinite(f_hi) & (f_hi != f_lo)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            trial = np.where(secant, hi - f_hi * (hi - lo) / np.where(secant, f_hi - f_lo, 1.0), 0.5 * (lo + hi))
        trial = np.minimum(np.maximum(np.where(np.isfinite(trial), trial, 0.5 * (lo + hi)), lo), hi)
        live = ~frozen
        if live_only:
            rows = np.flatnonzero(live)
            f_trial = fx.copy()
            f_trial.reshape(-1)[rows] = f(trial.reshape(-1)[rows], rows)
        else:
            f_trial = np.asarray(f(np.where(frozen, x, trial)), float)
        x = np.where(live, trial, x)
        fx = np.where(live, f_trial, fx)
        up = live & (fx > 0)
        down = live & ~(fx > 0)
        hi, f_hi = np.where(up, x, hi), np.where(up, fx, f_hi)
        lo, f_lo = np.where(down, x, lo), np.where(down, fx, f_lo)
        f_lo = np.where(up & (side == 1), f_lo / 2, f_lo)
        f_hi = np.where(down & (side == -1), f_hi / 2, f_hi)
        side = np.where(up, 1.0, np.where(down, -1.0, side))
        frozen |= np.asarray(done(lo, hi, x, fx), bool)
    return lo, hi, x, fx

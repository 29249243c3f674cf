"""Bracketed root finding, vectorised over routes: floats or arrays through :mod:`.xp`."""

from __future__ import annotations

import numpy as np

from . import xp


def illinois(f, lo, hi, f_lo, f_hi, *, iterations: int, done):
    """Regula falsi with the Illinois modification on an increasing *f*, root bracketed by [lo, hi]
    (f_lo ≤ 0 < f_hi), each route on its own.

    Where the secant cannot be drawn (an infinite or repeated end value) the step bisects; the trial
    point is kept within the bracket.  An end that stays put twice running has its value halved, so
    the bracket closes from both sides.  *done(lo, hi, x, fx)* ends the search early.  Returns
    (lo, hi, x, fx): the last bracket and the last trial point with its value.
    """
    side = xp.zeros_like(lo)
    x, fx = lo, f_lo
    for _ in range(iterations):
        secant = xp.isfinite(f_lo) & xp.isfinite(f_hi) & (f_hi != f_lo)
        with np.errstate(invalid="ignore"):
            x = xp.where(secant, hi - f_hi * (hi - lo) / xp.where(secant, f_hi - f_lo, 1.0), 0.5 * (lo + hi))
        x = xp.minimum(xp.maximum(xp.where(xp.isfinite(x), x, 0.5 * (lo + hi)), lo), hi)
        fx = f(x)
        up = fx > 0
        hi, f_hi = xp.where(up, x, hi), xp.where(up, fx, f_hi)
        lo, f_lo = xp.where(up, lo, x), xp.where(up, f_lo, fx)
        f_lo = xp.where(up & (side == 1), f_lo / 2, f_lo)
        f_hi = xp.where(xp.logical_not(up) & (side == -1), f_hi / 2, f_hi)
        side = xp.where(up, 1.0, -1.0)
        if done(lo, hi, x, fx):
            break
    return lo, hi, x, fx

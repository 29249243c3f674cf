"""Dormand–Prince 5(4) with events, on Python floats: scipy's ``solve_ivp(method="RK45")``, lean.

The 3-DOF flight integrates an 8-vector a few thousand steps at a time, many
times over while it is guided.  ``solve_ivp`` spends most of each step in
numpy's per-call overhead on arrays of eight (~20 calls at ~1-5 µs), several
times what the right-hand side itself costs.  This module takes the same steps
on lists of floats: the same Butcher tableau, error estimate (RMS norm), step
control (safety 0.9, factors 0.2-10, no growth after a rejection), initial
step (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.4), 4th-order dense
output and event location (Brent's method on the dense output to 4 ε), so
that it takes ``solve_ivp``'s RK45 steps (tests/reference/test_integrate.py).
Not to the bit: the error estimate is a difference of nearly equal stage
sums, so the order numpy sums them in moves step sizes by ~1e-9, and where
the right-hand side has kinks (table lookups) those steps part a little.

Coefficients: J. R. Dormand and P. J. Prince, "A family of embedded
Runge-Kutta formulae", J. Comput. Appl. Math. 6 (1980) 19-26; the dense
output's are L. F. Shampine's ("Some practical Runge-Kutta formulas",
Math. Comp. 46 (1986) 135-150), as scipy has them.

Forward in time only; *fun(t, y)* takes and returns sequences of floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from collections.abc import Callable, Sequence
from typing import TypeAlias, TypeVar

#: a right-hand side: the derivative dy/dt of a state *y* at time *t* [s], f(t, y)
Rhs: TypeAlias = Callable[[float, Sequence[float]], list[float]]
#: an integration event: a function of (t, y) whose zero the integration finds (:func:`event`)
Event: TypeAlias = Callable[[float, Sequence[float]], float]
_E = TypeVar("_E", bound=Event)
#: a step's dense output: the state at a time [s] within the step
_Interpolant: TypeAlias = Callable[[float], list[float]]

SAFETY = 0.9
MIN_FACTOR = 0.2
MAX_FACTOR = 10.0
_EXPONENT = -1.0 / 5.0          #: the error estimator is of order 4
_EPS = 2.220446049250313e-16

A21 = 1 / 5
A31, A32 = 3 / 40, 9 / 40
A41, A42, A43 = 44 / 45, -56 / 15, 32 / 9
A51, A52, A53, A54 = 19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729
A61, A62, A63, A64, A65 = 9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656
C2, C3, C4, C5 = 1 / 5, 3 / 10, 4 / 5, 8 / 9
B1, B3, B4, B5, B6 = 35 / 384, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84
E1, E3, E4, E5, E6, E7 = -71 / 57600, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40
#: dense output: y(t_old + x h) = y_old + h Σ_k Q_k x^(k+1), Q_k = Σ_j P[j][k] K_j (stage 2's row is zero)
P = ((1.0, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432),
     (0.0, 0.0, 0.0, 0.0),
     (0.0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799),
     (0.0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072),
     (0.0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632),
     (0.0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844),
     (0.0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423))


@dataclass
class Solution:
    """What :func:`dopri5` returns: the points it stepped to and their derivatives (SI as given)."""

    t: list[float]                       #: the start, every accepted step, and a terminal event's time
    y: list[list[float]]                 #: the state at each of *t*
    f: list[list[float] | None]          #: fun(t, y) at each of *t*, as the method computed it (None: not computed)
    status: int = 0                      #: 0: reached t_end; 1: a terminal event; -1: the step fell below 10 ulp
    t_events: list[list[float]] = field(default_factory=list)   #: each event's zeros, in time order


def _rms(values: Sequence[float]) -> float:
    return math.sqrt(math.fsum(v * v for v in values) / len(values))


def _initial_step(fun: Rhs, t0: float, y0: Sequence[float], f0: Sequence[float], t_end: float, max_step: float,
                  rtol: float, atol: Sequence[float]) -> float:
    """The first step [s]: scipy's ``select_initial_step`` for an error estimator of order 4."""
    interval = abs(t_end - t0)
    if interval == 0.0:
        return 0.0
    scale = [a + abs(y) * rtol for y, a in zip(y0, atol)]
    d0 = _rms([y / s for y, s in zip(y0, scale)])
    d1 = _rms([f / s for f, s in zip(f0, scale)])
    h0 = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
    h0 = min(h0, interval)
    f1 = fun(t0 + h0, [y + h0 * f for y, f in zip(y0, f0)])
    d2 = _rms([(b - a) / s for a, b, s in zip(f0, f1, scale)]) / h0
    if d1 <= 1e-15 and d2 <= 1e-15:
        h1 = max(1e-6, h0 * 1e-3)
    else:
        h1 = (0.01 / max(d1, d2)) ** (1 / 5)
    return min(100 * h0, h1, interval, max_step)


def brent(f: Callable[[float], float], a: float, b: float, xtol: float = 4 * _EPS, rtol: float = 4 * _EPS,
          iterations: int = 100) -> float:
    """A zero of *f* between *a* and *b* (where it changes sign): Brent's method as scipy's ``brentq``
    takes it (its C code, step for step), to within ``xtol + rtol·|x|``."""
    xpre, xcur = a, b
    fpre, fcur = f(xpre), f(xcur)
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1, fpre) == math.copysign(1, fcur):
        # no sign change between the ends (the interpolant's end and the step's differ in the last bits
        # where the function grazes zero there): the end nearer zero (brentq raises instead)
        return xpre if abs(fpre) < abs(fcur) else xcur
    xblk = fblk = spre = scur = 0.0
    for _ in range(iterations):
        if fpre != 0 and fcur != 0 and (math.copysign(1, fpre) != math.copysign(1, fcur)):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:     # secant
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            else:                # inverse quadratic
                dpre = (fpre - fcur) / (xpre - xcur)
                dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):
                spre, scur = scur, stry
            else:
                spre = scur = sbis
        else:
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = f(xcur)
    return xcur


def _dense(t_old: float, h: float, y_old: Sequence[float], ks: Sequence[Sequence[float]]) -> _Interpolant:
    """The step's 4th-order interpolant y(t) on [t_old, t_old + h] from its seven stages *ks*."""
    q = [[sum(P[j][k] * kj[i] for j, kj in enumerate(ks) if P[j][k]) for k in range(4)] for i in range(len(y_old))]

    def y(t: float) -> list[float]:
        x = (t - t_old) / h
        x2 = x * x
        return [yo + h * (qi[0] * x + qi[1] * x2 + qi[2] * x2 * x + qi[3] * x2 * x2) for yo, qi in zip(y_old, q)]
    return y



def _on_the_step(e: Event, sol: _Interpolant) -> Callable[[float], float]:
    """Event *e* (t, y) as a function of time alone along the step's dense output *sol*."""
    return lambda tt: e(tt, sol(tt))


def _locate_events(events: Sequence[Event], terminal: list[bool], active: list[int], sol: _Interpolant,
                   t_old: float, t: float, t_events: list[list[float]]) -> float | None:
    """The zeros [s] on the step [*t_old*, *t*] of the *active* events (indices into *events*, each crossed on
    the step in its direction), found by :func:`brent` on the step's dense output *sol*, appended in time order
    to *t_events* up to the first of a *terminal* event; returns that one's time (None: none terminal)."""
    roots = sorted((brent(_on_the_step(events[i], sol), t_old, t), i) for i in active)
    stop = next((k for k, (_, i) in enumerate(roots) if terminal[i]), None)
    for root, i in roots[:None if stop is None else stop + 1]:
        t_events[i].append(root)
    return None if stop is None else roots[stop][0]


def event(fun: _E, *, terminal: bool = True, direction: int = 0) -> _E:
    """Mark *fun* (t, y) → float an integration event, solve_ivp's way (:func:`dopri5` reads the same marks): the
    integration stops at its zero if *terminal*, and counts only zeros crossed rising (*direction* +1) or
    falling (−1); 0: both.  Returns *fun*."""
    # marks on the function object itself, as solve_ivp reads them (no type of a function declares them)
    fun.terminal, fun.direction = terminal, direction   # type: ignore[attr-defined]
    return fun


def dopri5(fun: Rhs, t0: float, y0: Sequence[float], t_end: float, *, rtol: float, atol: Sequence[float],
           max_step: float = math.inf, events: Sequence[Event] = ()) -> Solution:
    """Integrate dy/dt = *fun(t, y)* from *t0* to *t_end* (> *t0*) from *y0*, each step's error within
    ``atol[i] + rtol·|y[i]|`` in the RMS norm, no step longer than *max_step*.

    *events*: functions g(t, y) whose zeros are found on each step's dense output, as ``solve_ivp``'s
    are (their ``terminal`` and ``direction`` attributes honoured: +1 only rising through zero, −1 only
    falling); a terminal one ends the integration at its zero, with the state there as the last point.
    """
    # One loop, not helpers (issue #19): a step is seven calls of *fun* and list arithmetic on Python floats
    # around them, its state in locals; a helper for the stages or the error norm would add a call and its
    # arguments' packing to every attempt.  Only the rare branch, an event crossed, is a helper.
    y = [float(v) for v in y0]
    t, t_end = float(t0), float(t_end)
    atol = [float(a) for a in atol]
    f = fun(t, y)
    fs: list[list[float] | None]
    ts, ys, fs = [t], [y], [f]
    h_abs = _initial_step(fun, t, y, f, t_end, max_step, rtol, atol)
    directions = [getattr(e, "direction", 0) for e in events]
    terminal = [bool(getattr(e, "terminal", False)) for e in events]
    t_events: list[list[float]] = [[] for _ in events]
    g = [e(t, y) for e in events]
    n = len(y)
    while t < t_end:
        min_step = 10 * (math.nextafter(t, math.inf) - t)
        h_abs = max_step if h_abs > max_step else (min_step if h_abs < min_step else h_abs)
        rejected = False
        while True:
            if h_abs < min_step:
                return Solution(ts, ys, fs, -1, t_events)
            t_new = t + h_abs
            if t_new > t_end:
                t_new = t_end
            h = t_new - t
            h_abs = abs(h)
            k1 = f
            k2 = fun(t + C2 * h, [yi + h * (A21 * a) for yi, a in zip(y, k1)])
            k3 = fun(t + C3 * h, [yi + h * (A31 * a + A32 * b) for yi, a, b in zip(y, k1, k2)])
            k4 = fun(t + C4 * h, [yi + h * (A41 * a + A42 * b + A43 * c) for yi, a, b, c in zip(y, k1, k2, k3)])
            k5 = fun(t + C5 * h, [yi + h * (A51 * a + A52 * b + A53 * c + A54 * d)
                                  for yi, a, b, c, d in zip(y, k1, k2, k3, k4)])
            k6 = fun(t + h, [yi + h * (A61 * a + A62 * b + A63 * c + A64 * d + A65 * e)
                             for yi, a, b, c, d, e in zip(y, k1, k2, k3, k4, k5)])
            y_new = [yi + h * (B1 * a + B3 * c + B4 * d + B5 * e + B6 * ff)
                     for yi, a, c, d, e, ff in zip(y, k1, k3, k4, k5, k6)]
            f_new = fun(t + h, y_new)
            s = 0.0
            for i in range(n):
                err = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * f_new[i])
                a, b = abs(y[i]), abs(y_new[i])
                err /= atol[i] + (a if a > b else b) * rtol
                s += err * err
            error_norm = math.sqrt(s / n)
            if error_norm < 1:
                factor = MAX_FACTOR if error_norm == 0 else min(MAX_FACTOR, SAFETY * error_norm ** _EXPONENT)
                if rejected:
                    factor = min(1.0, factor)
                h_abs *= factor
                break
            h_abs *= max(MIN_FACTOR, SAFETY * error_norm ** _EXPONENT)
            rejected = True
        t_old, y_old = t, y
        t, y, f = t_new, y_new, f_new
        if events:
            g_new = [e(t, y) for e in events]
            active = [i for i, (a, b, d) in enumerate(zip(g, g_new, directions))
                      if (d >= 0 and a <= 0 <= b) or (d <= 0 and a >= 0 >= b)]
            if active:      # an event crossed on this step (rare): found on its dense output
                sol = _dense(t_old, h, y_old, (k1, k2, k3, k4, k5, k6, f_new))
                t_stop = _locate_events(events, terminal, active, sol, t_old, t, t_events)
                if t_stop is not None:
                    ts.append(t_stop)
                    ys.append(sol(t_stop))
                    fs.append(None)
                    return Solution(ts, ys, fs, 1, t_events)
            g = g_new
        ts.append(t)
        ys.append(y)
        fs.append(f)
    return Solution(ts, ys, fs, 0, t_events)

"""Bank guidance for the simulated glide: a numerical predictor–corrector on the bank's magnitude.

The simulate tier's entry is a point mass whose lift is (L/D)·cos σ of the drag in the vertical plane
(:func:`.flight3dof.rhs`); the sideways part is taken as cancelled by bank reversals.  Its downrange is
then steered by one number, u = cos σ, the share of the lift that holds the stage up: the more of it,
the longer the glide.  This module chooses u as P. Lu's fully numerical predictor–corrector entry
guidance does (Lu, "Entry guidance: a unified method", J. Guid. Control Dyn. 37(3), 2014,
doi:10.2514/1.62605): the *predictor* integrates the rest of the descent, to touchdown, with the very
equations and integrator the flight uses (:func:`.flight3dof.simulate`'s lean Dormand–Prince), for a
trial bank profile; the *corrector* moves the profile's one parameter by secant steps on the predicted
downrange error at the landing zone until it is within a tolerance.  Lu's profile is linear in energy,
from σ₀ at the start to a final bank; here the final bank is σ₀ too — a constant bank, the profile the
estimate tier plans with — so the one parameter is σ itself, searched in u = cos σ, in which the glide's
range is nearly linear: an equilibrium glide covers (R/2)·(L/D)·cos σ·ln[1/(1 − V²/gR)] (Eggers, Allen &
Neice, NACA Report 1382, 1958), which gives the corrector its first step.

The cargo's g limit is a path constraint.  Lu holds such constraints by feedback on the altitude rate;
here, where each prediction carries the whole remaining glide, they are held in the search itself: a
bank that steepens the glide raises its peak load, every prediction reports its peak sensed
acceleration, and a bank whose prediction passes the limit (or, where the planned bank already passes
it, that bank's own peak) is never flown — the search is held to the side of it that meets the limit.
Where the landing zone is out of the bank's reach (or the limit stops it), the bank that comes nearest
is flown and the shortfall is left to the ascent's targeting.

One solution is made where the guidance takes over (the entry interface, or the end of a braking burn)
and the bank is then held to touchdown: Lu solves again every guidance cycle to absorb what the
predictor's model gets wrong, but here the predictor *is* the flight's model, so a solution later in the
glide would find the same bank to within the integrator's tolerance.  Bank reversals, and with them the
cross-track, are not guided (the ascent's heading takes the cross-track miss).

Pure functions of a ``predict`` callable: no flight is flown here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

#: at most this many predictions a guidance solution
ITERATIONS = 6
#: a landing zone further than this multiple of the equilibrium-glide model's reach is taken as out of reach
#: without predicting the bank's bound (the model, the whole remaining range proportional to cos σ,
#: overstates the reach: part of every glide is flown at speeds where the lift has faded)
REACH_MARGIN = 1.5


class BankStatus(StrEnum):
    """Why the corrector stopped (its value is what the JSON says)."""

    ON_TARGET = "on target"          #: the predicted error is within the tolerance
    OUT_OF_WINDOW = "out of window"  #: the error is larger than the glide is asked to take off
    OUT_OF_REACH = "out of reach"    #: no bank within the stage's bounds reaches the landing zone
    G_LIMIT = "g limit"              #: the bank that would reach it passes the cargo's g limit
    ITERATIONS = "iterations"        #: it ran out of predictions


@dataclass
class BankSolution:
    """What the corrector chose: the bank's cosine u and why it stopped."""

    u: float                         #: cos σ chosen [-]
    miss: float                      #: its predicted downrange error [m] (+: beyond the landing zone)
    planned_miss: float              #: the planned bank's predicted downrange error [m]
    status: BankStatus
    #: (u, miss [m], peak [m/s²]) of every prediction, in order
    tried: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def slope(self) -> float | None:
        """d(miss)/du [m] through the two predictions nearest the landing zone (None: fewer than two)."""
        near = sorted(self.tried, key=lambda t: abs(t[1]))[:2]
        if len(near) < 2 or near[0][0] == near[1][0] or (near[0][1] - near[1][1]) * (near[0][0] - near[1][0]) <= 0:
            return None
        return (near[0][1] - near[1][1]) / (near[0][0] - near[1][0])


def correct(predict: Callable[[float], tuple[float, float]], u_plan: float, u_low: float, u_high: float, *,
            remaining: float, tolerance: float, g_limit: float, window: float = float("inf"),
            iterations: int = ITERATIONS, u_first: float | None = None, slope: float | None = None) -> BankSolution:
    """The bank cosine u in [*u_low*, *u_high*] whose predicted downrange error is within *tolerance* [m].

    *predict(u)* → (downrange error [m], peak sensed acceleration [m/s²]) of the descent flown at cos σ = u;
    the error grows with u (more lift up, a longer glide).  *u_plan*: the planned bank's cosine, predicted
    first (a planned bank already on target is flown as planned).  *remaining* [m]: the ground distance
    still to fly, for the first step (range ∝ u).  *g_limit* [m/s²]: no bank whose peak passes it — or
    passes the planned bank's own peak, where that is higher — is chosen.

    Steps are secant steps through the last two predictions, or Illinois false-position steps once the
    zero is bracketed, kept inside the interval still open; a step onto a bank that passes the limit
    closes the interval there.  Returns the prediction nearest the landing zone among those within the
    limit (the planned bank's at worst).  A planned bank whose error is over *window* [m] is flown as planned
    ("out of window": the error is left to whoever aimed the descent).

    *u_first*: predict this bank first instead of the plan's (a bank an earlier solution found for nearly
    the same descent: most often it is on target at once); the plan's error is then not known (nan), and
    the limit is *g_limit* or this bank's own peak.  *slope*: d(miss)/du [m] an earlier solution measured
    (:attr:`BankSolution.slope`), for the first step in place of the equilibrium glide's.
    """
    tried: list[tuple[float, float, float]] = []

    def at(u: float) -> tuple[float, float]:
        miss, peak = predict(u)
        tried.append((u, miss, peak))
        return miss, peak

    if u_first is not None:
        u_plan = min(max(u_first, u_low), u_high)
    miss0, peak0 = at(u_plan)
    allowed = max(g_limit, peak0)
    best = (u_plan, miss0)

    def done(status: BankStatus) -> BankSolution:
        return BankSolution(best[0], best[1], miss0 if u_first is None else float("nan"), status, tried)

    # the side of the plan to search: less lift up if long, more if short
    side = _Bracket(u_low, u_plan, f_hi=miss0) if miss0 > 0 else _Bracket(u_plan, u_high, f_lo=miss0)
    stop = _stop_at_plan(miss0, u_plan, side, remaining=remaining, tolerance=tolerance, window=window)
    if stop is not None:
        return done(stop)
    status, best = _search(at, side, _first_step(u_plan, miss0, remaining, slope), (u_plan, miss0), best,
                           allowed=allowed, tolerance=tolerance, iterations=iterations - 1, tried=tried)
    return done(status)


def _search(at: Callable[[float], tuple[float, float]], side: _Bracket, u: float, last: tuple[float, float],
            best: tuple[float, float], *, allowed: float, tolerance: float, iterations: int,
            tried: list[tuple[float, float, float]]) -> tuple[BankStatus, tuple[float, float]]:
    """:func:`correct`'s steps from u = *u*: at most *iterations* predictions *at(u)* → (miss [m], peak [m/s²])
    within the interval *side* still open, *last* the prediction (u, miss) before (the plan's), *best* the
    nearest yet; a prediction whose peak passes *allowed* [m/s²] closes the interval there.  *tried*: every
    prediction so far, (u, miss, peak).  Returns why it stopped and the prediction (u, miss) nearest the zone."""
    limited = False
    for _ in range(iterations):
        u = min(max(u, side.lo), side.hi)
        miss, peak = at(u)
        if peak > allowed:                  # more bank than this steepens the glide past the limit
            limited = True
            side.lo, side.f_lo = u, None
            u = 0.5 * (u + side.hi)
            continue
        if abs(miss) < abs(best[1]):
            best = (u, miss)
        if abs(miss) <= tolerance:
            return BankStatus.ON_TARGET, best
        side.narrow(u, miss)
        if side.closed:
            break
        step = side.next_step(u, miss, last)
        last = (u, miss)
        if not side.lo < step < side.hi:
            # beyond what is still open: to the bound itself, once (is the zone within reach at all?)
            bound = side.lo if miss > 0 else side.hi
            if any(abs(t[0] - bound) <= 1e-12 for t in tried):
                return (BankStatus.G_LIMIT if limited else BankStatus.OUT_OF_REACH), best
            step = bound
        u = step
    return (BankStatus.G_LIMIT if limited else
            (BankStatus.OUT_OF_REACH if side.closed else BankStatus.ITERATIONS)), best


@dataclass
class _Bracket:
    """The interval [*lo*, *hi*] of bank cosines u [-] still open to the search, and the downrange errors
    [m] predicted at its ends (None where not predicted)."""

    lo: float
    hi: float
    f_lo: float | None = None
    f_hi: float | None = None
    side: int = 0          #: Illinois: the end kept twice in a row has its value halved (+1: hi moved last)

    @property
    def closed(self) -> bool:
        """Is nothing left open (the interval under 1e-9 wide)?"""
        return self.hi - self.lo <= 1e-9

    def narrow(self, u: float, miss: float) -> None:
        """Close the interval at *u*, whose prediction missed by *miss* [m]: from above if long, from below
        if short; the Illinois variant of false position halves the value at the end kept twice in a row
        (M. Dowell, P. Jarratt, BIT 11 (1971) 168-174)."""
        if miss > 0:
            self.hi, self.f_hi = u, miss
            if self.side == 1 and self.f_lo is not None:
                self.f_lo *= 0.5
            self.side = 1
        else:
            self.lo, self.f_lo = u, miss
            if self.side == -1 and self.f_hi is not None:
                self.f_hi *= 0.5
            self.side = -1

    def next_step(self, u: float, miss: float, last: tuple[float, float]) -> float:
        """The next u to predict: false position within the bracket once both ends are predicted, else the
        secant through the last two predictions (*last*: the one before (*u*, *miss*)), else the middle."""
        if self.f_lo is not None and self.f_hi is not None:
            return self.lo - self.f_lo * (self.hi - self.lo) / (self.f_hi - self.f_lo)
        if miss != last[1]:
            return u - miss * (u - last[0]) / (miss - last[1])
        return 0.5 * (self.lo + self.hi)


def _stop_at_plan(miss0: float, u_plan: float, side: _Bracket, *, remaining: float, tolerance: float,
                  window: float) -> BankStatus | None:
    """Why the corrector stops at its first prediction, a miss of *miss0* [m] at u = *u_plan*, with *side*
    the interval it would search and *remaining* [m] still to fly; None if it goes on.  Out of reach where
    the equilibrium glide's range, proportional to u, cannot take off REACH_MARGIN times the miss."""
    if abs(miss0) <= tolerance:
        return BankStatus.ON_TARGET
    if abs(miss0) > window:
        return BankStatus.OUT_OF_WINDOW
    if side.closed:
        return BankStatus.OUT_OF_REACH
    reach = remaining * (u_plan - side.lo if miss0 > 0 else side.hi - u_plan) / max(u_plan, 1e-3)
    if abs(miss0) > REACH_MARGIN * reach:
        return BankStatus.OUT_OF_REACH
    return None


def _first_step(u_plan: float, miss0: float, remaining: float, slope: float | None) -> float:
    """The first u to try after the plan's miss *miss0* [m]: along an earlier solution's measured *slope*
    d(miss)/du [m] where there is one, else the equilibrium glide's, whose range over the *remaining* [m]
    is proportional to u (Eggers, Allen & Neice, NACA Report 1382, 1958)."""
    if slope is not None and slope > 0.0:
        return u_plan - miss0 / slope
    return u_plan - miss0 / max(remaining, 1.0) * max(u_plan, 1e-3)

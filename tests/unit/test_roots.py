"""Bracketed root finding (rocketship/core/roots.py), which max_payload and the lofted arcs share."""

import math

import numpy as np
import pytest

from rocketship.core.roots import illinois


def test_illinois_finds_each_root_on_its_own():
    """x³ − c on [0, 2] for several c at once, and for one c on floats: the cube roots to 1e-12, and
    far fewer evaluations than bisection would take (Illinois converges superlinearly)."""
    c = np.array([0.5, 1.0, 2.0, 7.9])
    calls = []

    def f(x):
        calls.append(1)
        return x ** 3 - c

    lo, hi = np.zeros(4), np.full(4, 2.0)
    _, _, x, fx = illinois(f, lo, hi, f(lo), f(hi), iterations=60, done=lambda lo, hi, x, fx: np.all(abs(fx) < 1e-13))
    assert x == pytest.approx(np.cbrt(c), abs=1e-12)
    assert len(calls) < 20
    _, _, x1, _ = illinois(lambda x: x ** 3 - 2.0, 0.0, 2.0, -2.0, 6.0, iterations=60,
                           done=lambda lo, hi, x, fx: abs(fx) < 1e-13)
    assert type(x1) is float and x1 == pytest.approx(2 ** (1 / 3), abs=1e-12)


def test_illinois_bisects_where_the_secant_cannot_be_drawn():
    """An infinite end value (max_payload's 'the stage cannot land') makes the step bisect; the bracket
    still closes on the root."""
    def f(x):
        return np.where(x > 1.5, np.inf, x - 1.0)

    lo, hi = np.array([0.0]), np.array([4.0])
    lo, hi, x, _ = illinois(f, lo, hi, f(lo), f(hi), iterations=80, done=lambda lo, hi, x, fx: np.all(hi - lo < 1e-9))
    assert float(x[0]) == pytest.approx(1.0, abs=1e-9) and math.isfinite(float(hi[0]))


def test_live_only_evaluates_the_routes_not_yet_done_and_answers_alike():
    """With live_only the function sees only the routes still searching (flattened, with their flat
    positions), and every route's answer is the one the search over all of them gives, bit for bit."""
    c = np.array([[0.5, 1.0, 2.0], [7.9, 3.0, 0.1]])
    seen = []

    def f(x, rows):
        seen.append(rows)
        return x ** 3 - c.reshape(-1)[rows]

    def done(lo, hi, x, fx):
        return abs(fx) < 1e-6

    lo, hi = np.zeros(c.shape), np.full(c.shape, 2.0)
    every = illinois(lambda x: x ** 3 - c, lo, hi, -c, 8.0 - c, iterations=60, done=done)
    live = illinois(f, lo, hi, -c, 8.0 - c, iterations=60, done=done, live_only=True)
    for a, b in zip(every, live):
        assert np.array_equal(a, b)
    assert list(seen[0]) == list(range(6)) and 0 < len(seen[-1]) < 6
    assert all(set(later) <= set(earlier) for earlier, later in zip(seen, seen[1:]))
    _, _, x1, _ = illinois(lambda x, rows: x ** 3 - 2.0 if rows is None else math.nan, 0.0, 2.0, -2.0, 6.0,
                           iterations=60, done=lambda lo, hi, x, fx: abs(fx) < 1e-13, live_only=True)
    assert type(x1) is float and x1 == pytest.approx(2 ** (1 / 3), abs=1e-12)


def test_settled_routes_are_not_searched():
    """Routes the caller settles come back at lo with f_lo, never evaluated; the others are searched as ever."""
    c = np.array([0.5, 1.0, 2.0])
    seen = []

    def f(x, rows):
        seen.extend(rows)
        return x ** 3 - c[rows]

    lo, hi = np.zeros(3), np.full(3, 2.0)
    settled = np.array([False, True, False])
    _, _, x, fx = illinois(f, lo, hi, -c, 8.0 - c, iterations=60, done=lambda lo, hi, x, fx: abs(fx) < 1e-13,
                           live_only=True, settled=settled)
    assert 1 not in seen and x[1] == 0.0 and fx[1] == -1.0
    assert x[[0, 2]] == pytest.approx(np.cbrt(c[[0, 2]]), abs=1e-12)
    assert illinois(lambda x: x - 1.0, 0.0, 2.0, -1.0, 1.0, iterations=60, done=lambda lo, hi, x, fx: False,
                    settled=True) == (0.0, 2.0, 0.0, -1.0)

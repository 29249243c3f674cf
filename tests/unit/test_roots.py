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

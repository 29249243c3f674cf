"""The float/array maths layer (rocketship/core/xp.py): its fast sine and cosine.

``xp.sincos`` takes both from one tan(x/2) instead of numpy's float64 sin and cos (about three times
slower on this machine kind).  Against numpy's own sin and cos it must agree to 2 ulp: absolute
4.5e-16 where |sin|, |cos| ≤ 1 (the half-angle forms round three or four times), and relative 4.5e-16
for small angles, where sin x ≈ x; these bounds are what every caller in the core relies on.
"""

import math

import numpy as np
import pytest

from rocketship.core import xp


def test_sincos_agrees_with_numpy_to_two_ulp():
    x = np.random.default_rng(7).uniform(-2 * math.pi, 2 * math.pi, 1_000_000)
    s, c = xp.sincos(x)
    assert np.max(np.abs(s - np.sin(x))) <= 4.5e-16
    assert np.max(np.abs(c - np.cos(x))) <= 4.5e-16
    small = np.logspace(-15, -1, 2_000)
    assert np.max(np.abs(xp.sincos(small)[0] / np.sin(small) - 1)) <= 4.5e-16
    near_pi = math.pi - small
    assert np.max(np.abs(xp.sincos(near_pi)[0] / np.sin(near_pi) - 1)) <= 1e-15


def test_sincos_on_floats_takes_the_same_formula():
    """One route (floats, math.tan) and many (numpy's tan) evaluate the same formula, so they part only
    where the two tangents differ in the last bit."""
    for x in (0.0, 0.3, 1.2, -2.9, 3.1):
        s, c = xp.sincos(x)
        assert type(s) is float and type(c) is float
        assert (s, c) == pytest.approx(tuple(float(a[0]) for a in xp.sincos(np.array([x]))), abs=4.5e-16)
        assert (s, c) == pytest.approx((math.sin(x), math.cos(x)), abs=4.5e-16)


def test_sincos_edges():
    with np.errstate(invalid="ignore"):   # numpy's own tan warns at ±inf, as its sin does
        s, c = xp.sincos(np.array([np.nan, np.inf, -np.inf, math.pi, 0.0]))
    assert np.isnan(s[:3]).all() and np.isnan(c[:3]).all()
    assert abs(s[3]) < 1e-15 and c[3] == -1.0 and s[4] == 0.0 and c[4] == 1.0
    with pytest.raises(ValueError):   # the float path's rule: what numpy answers with nan, floats raise
        xp.sincos(math.inf)

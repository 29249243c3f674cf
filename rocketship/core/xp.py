"""One formula, two speeds: the core's elementwise maths on floats or on arrays.

numpy charges about a microsecond per call whatever the size of its operands,
so one route evaluated on 0-d arrays spends nearly all its time in call
overhead (a whole estimate-tier flight took ~2-3 ms that way).  Each function
here sends Python floats to :mod:`math` (~50 ns) and anything else to numpy,
so the same model code serves a single route and a million of them.  A numpy
scalar (what 0-d arrays decay to in arithmetic) takes numpy's path, so that a
route re-run on 0-d arrays keeps numpy's answers all the way through.

On floats, an operation that numpy answers with nan or inf (the square root of
a negative number, a division by zero, an overflow) raises instead.
:data:`SCALAR_FAILURES` names those exceptions: a caller that took the float
path catches them and runs the same inputs again as arrays, so that the
answers at the edges are numpy's, never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeAlias

import numpy as np

#: what the float path raises where numpy would return nan or inf
SCALAR_FAILURES = (ArithmeticError, ValueError)

pi = math.pi
inf = math.inf
nan = math.nan
_REAL = (float, int)
#: a float for one route, an array for many: the dispatch this module makes, which numpy's type stubs cannot
#: express (a float in, a float out), so the core's results are typed by what they hold, not by their class
FloatOrArray: TypeAlias = Any


def is_scalar(*xs: FloatOrArray) -> bool:
    """True when every argument is a real number rather than an array (floats, ints, numpy scalars)."""
    return all(isinstance(x, (float, int)) and not isinstance(x, bool) for x in xs)


def asfloat(x: FloatOrArray) -> FloatOrArray:
    """A Python float for a Python number, a float array (0-d for a numpy scalar) for anything else."""
    if type(x) is float:
        return x
    if type(x) is int:
        return float(x)
    return np.asarray(x, dtype=float)


def _unary(scalar: Callable[[float], Any], array: np.ufunc) -> Callable[[FloatOrArray], FloatOrArray]:
    """An elementwise function: *scalar* (from math) for a float, *array* (a numpy ufunc) otherwise."""
    def f(x: FloatOrArray) -> FloatOrArray:
        return scalar(x) if type(x) is float else array(x)
    f.__name__ = f.__qualname__ = array.__name__
    f.__doc__ = f"math.{scalar.__name__} for a float, numpy.{array.__name__} otherwise."
    return f


def sincos(x: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
    """(sin x, cos x) from one t = tan(x/2): 2t / (1 + t²) and (1 − t²) / (1 + t²).

    numpy's float64 sin and cos take 8-11 ns an element on this machine kind and its tan 1.5 ns
    (SIMD), so the pair costs ~6 ns instead of ~19; both agree with np.sin and np.cos to 2 ulp
    (tests/unit/test_xp.py).  Floats take the same formula through :func:`math.tan`, so that one
    route and many agree as they do elsewhere (numpy's tan and libm's part in the last bit for
    ~0.5 % of arguments).  :func:`sin` and :func:`cos` stay libm's, bit for bit on both paths, for the
    spherical geometry whose arc cosines magnify the last bit (coincident and antipodal points).
    """
    if type(x) is float:
        return sincos_float(x)
    t = np.tan(0.5 * np.asarray(x))
    t2 = t * t
    d = 1.0 / (1.0 + t2)
    return 2.0 * t * d, (1.0 - t2) * d


def sincos_float(x: float) -> tuple[float, float]:
    """:func:`sincos` of a Python float, without its dispatch: the float paths' hottest loops (Kepler's
    equation, ~260 sines and cosines a flight) call it directly."""
    t = math.tan(0.5 * x)
    t2 = t * t
    d = 1.0 / (1.0 + t2)
    return 2.0 * t * d, (1.0 - t2) * d


sqrt = _unary(math.sqrt, np.sqrt)
sin = _unary(math.sin, np.sin)
cos = _unary(math.cos, np.cos)
arcsin = _unary(math.asin, np.arcsin)
arccos = _unary(math.acos, np.arccos)
exp = _unary(math.exp, np.exp)
expm1 = _unary(math.expm1, np.expm1)
log = _unary(math.log, np.log)
log1p = _unary(math.log1p, np.log1p)
cbrt = _unary(math.cbrt, np.cbrt)
radians = _unary(math.radians, np.radians)
degrees = _unary(math.degrees, np.degrees)
isfinite = _unary(math.isfinite, np.isfinite)
floor = _unary(lambda x: float(math.floor(x)), np.floor)
abs = _unary(math.fabs, np.abs)   # noqa: A001 (the elementwise absolute value, as numpy names it)


def arctan2(y: FloatOrArray, x: FloatOrArray) -> FloatOrArray:
    return math.atan2(y, x) if type(y) is float and type(x) is float else np.arctan2(y, x)


def maximum(a: FloatOrArray, b: FloatOrArray) -> FloatOrArray:
    """Elementwise larger of a and b; nan if either is nan (as numpy)."""
    if a.__class__ in _REAL and b.__class__ in _REAL:
        if a != a or b != b:
            return nan
        return a if a >= b else b
    return np.maximum(a, b)


def minimum(a: FloatOrArray, b: FloatOrArray) -> FloatOrArray:
    """Elementwise smaller of a and b; nan if either is nan (as numpy)."""
    if a.__class__ in _REAL and b.__class__ in _REAL:
        if a != a or b != b:
            return nan
        return a if a <= b else b
    return np.minimum(a, b)


def clip(x: FloatOrArray, lo: FloatOrArray, hi: FloatOrArray) -> FloatOrArray:
    """min(max(x, lo), hi); two ufuncs, which beat ``np.clip``'s dispatch on small arrays too."""
    return minimum(maximum(x, lo), hi)


def where(cond: FloatOrArray, a: FloatOrArray, b: FloatOrArray) -> FloatOrArray:
    """*a* where *cond* holds, else *b*.  On floats only the chosen branch is returned."""
    if cond.__class__ is bool and isinstance(a, _REAL) and isinstance(b, _REAL):
        return a if cond else b
    return np.where(cond, a, b)


def sign(x: FloatOrArray) -> FloatOrArray:
    if type(x) is float:
        return float((x > 0) - (x < 0)) if x == x else nan
    return np.sign(x)


def isnan(x: FloatOrArray) -> FloatOrArray:
    return x != x if isinstance(x, float) else np.isnan(x)


def logical_not(x: FloatOrArray) -> FloatOrArray:
    return not x if x.__class__ is bool else np.logical_not(x)


def any_(x: FloatOrArray) -> bool:
    return bool(x) if x.__class__ is bool else bool(np.any(x))


def all_(x: FloatOrArray) -> bool:
    return bool(x) if x.__class__ is bool else bool(np.all(x))


def table_cell(x: FloatOrArray, size: int) -> tuple[FloatOrArray, FloatOrArray]:
    """Cell index, and the position in it, of *x* (measured in steps) in a uniform table of *size* nodes:
    the cell by arithmetic, the end cells carried on beyond the table's ends.  On a float nan raises
    (:data:`SCALAR_FAILURES`); on an array nan lands in cell 0 at a nan position, so it reads nan."""
    i: FloatOrArray
    if type(x) is float:
        i = min(max(int(math.floor(x)), 0), size - 2)
    else:
        i = np.clip(np.where(x == x, x, 0.0), 0, size - 2).astype(np.intp)
    return i, x - i


def full_like(x: FloatOrArray, value: float) -> FloatOrArray:
    """*value* [float] in the shape of *x*: a float for a float."""
    return float(value) if type(x) is float else np.full_like(x, value, dtype=float)


def zeros_like(x: FloatOrArray) -> FloatOrArray:
    return full_like(x, 0.0)


def element_of(x: FloatOrArray, i: int, shape: tuple[int, ...]) -> float:
    """Flat position *i* of *x* broadcast to *shape*, as a Python float (a number, one for all, as itself)."""
    if np.ndim(x) == 0:
        return float(x)
    return float(np.broadcast_to(x, shape).reshape(-1)[i])


def rows_of(x: FloatOrArray, rows: FloatOrArray, shape: tuple[int, ...] | None = None) -> FloatOrArray:
    """*x* broadcast to *shape* (default: its own) and flattened, at *rows* (flat positions, or a slice); a
    number, one for all, stays one.  (What a search over many routes hands on of those not yet settled.)"""
    if np.ndim(x) == 0:
        return x
    return np.broadcast_to(x, np.shape(x) if shape is None else shape).reshape(-1)[rows]

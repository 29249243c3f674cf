"""The 3-DOF's frames, gravity and air, on Python floats (each runs at every step of a flight).

Earth-centred inertial ↔ Earth-fixed is a rotation at ω⊕ (the frames aligned at lift-off); WGS-84 geodetic ↔
Earth-fixed by Bowring's one-step formula; the height above the ellipsoid to first order in the flattening;
gravity as μ/r² with the J2 term; the US 1976 atmosphere (the scalar twin of :func:`.atmosphere.us76`); the
air-relative velocity of a state (the air turns with the Earth); and where a vacuum coast comes down (the
event function of every climb).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np

from .atmosphere import _H_BASE, _LAPSE, _P_BASE, _T_BASE, _UPPER, GMR, R0_GEOPOT, R_AIR
from .constants import J2, MU_EARTH, OMEGA_EARTH, R_MEAN, WGS84_A, WGS84_F

#: a 3-vector (or a state whose first entries are read) as plain floats or a float array
Vec: TypeAlias = Sequence[float] | np.ndarray


_LN_UPPER = [(z, t, math.log(p), math.log(r)) for z, t, p, r in _UPPER]


#: the US76 layers below 86 km as Python floats (base geopotential height, T, p, lapse rate)
_LAYERS = [(float(hb), float(tb), float(pb), float(lp)) for hb, tb, pb, lp in zip(_H_BASE, _T_BASE, _P_BASE, _LAPSE)]


def atmosphere(z: float) -> tuple[float, float, float]:
    """US76 (T [K], p [Pa], ρ [kg/m³]) at geometric altitude z [m] — scalar twin of :func:`.atmosphere.us76`."""
    if z < 0.0:
        z = 0.0
    if z <= 86_000.0:
        h = R0_GEOPOT * z / (R0_GEOPOT + z)
        i = 0
        while i < 6 and h >= _LAYERS[i + 1][0]:
            i += 1
        hb, tb, pb, lapse = _LAYERS[i]
        t = tb + lapse * (h - hb)
        p = pb * math.exp(-GMR * (h - hb) / tb) if lapse == 0.0 else pb * (tb / t) ** (GMR / lapse)
        return t, p, p / (R_AIR * t)
    if z >= _LN_UPPER[-1][0]:
        (z0, t0, lp0, lr0), (z1, t1, lp1, lr1) = _LN_UPPER[-2], _LN_UPPER[-1]
    else:
        k = 0
        while _LN_UPPER[k + 1][0] < z:
            k += 1
        (z0, t0, lp0, lr0), (z1, t1, lp1, lr1) = _LN_UPPER[k], _LN_UPPER[k + 1]
    w = (z - z0) / (z1 - z0)
    return t0 + w * (t1 - t0) if z <= z1 else t1, math.exp(lp0 + w * (lp1 - lp0)), math.exp(lr0 + w * (lr1 - lr0))


def altitude(x: float, y: float, z: float) -> float:
    """Height above the WGS-84 ellipsoid [m], to first order in the flattening."""
    r = math.sqrt(x * x + y * y + z * z)
    s2 = (z / r) ** 2
    return r - WGS84_A * (1.0 - WGS84_F * s2)


def gravity(x: float, y: float, z: float) -> tuple[float, float, float]:
    """Point mass plus J2 [m/s²]."""
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    k = -MU_EARTH / (r2 * r)
    c = 1.5 * J2 * (WGS84_A * WGS84_A / r2)
    zz = 5.0 * z * z / r2
    return k * x * (1 + c * (1 - zz)), k * y * (1 + c * (1 - zz)), k * z * (1 + c * (3 - zz))


def cross3(a: Vec, b: Vec) -> tuple[float, float, float]:
    """3-vector cross product on plain floats (np.cross costs ~80 µs a call in event functions)."""
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def dot3(a: Vec, b: Vec) -> float:
    return float(a[0] * b[0] + a[1] * b[1] + a[2] * b[2])


def air_velocity(y: Vec) -> tuple[float, float, float]:
    """Air-relative velocity of state y = [x, y, z, vx, vy, vz, …]: v − ω × r (the air turns with the Earth)."""
    return y[3] + OMEGA_EARTH * y[1], y[4] - OMEGA_EARTH * y[0], y[5]


def descent_rate(y: Vec) -> float:
    """Downward component [m/s] of the air-relative velocity (0 while climbing)."""
    ux, uy, uz = air_velocity(y)
    x, yy, z = y[0], y[1], y[2]
    return max(-(ux * x + uy * yy + uz * z) / math.sqrt(x * x + yy * yy + z * z), 0.0)


def air_speed(y: Vec) -> float:
    """Air-relative speed of state y = [x, y, z, vx, vy, vz, …]."""
    ux, uy, uz = air_velocity(y)
    return math.sqrt(ux * ux + uy * uy + uz * uz)


def ecef_to_eci(v: Vec, t: float) -> np.ndarray:
    c, s = math.cos(OMEGA_EARTH * t), math.sin(OMEGA_EARTH * t)
    return np.array([c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]])


def eci_to_ecef(v: Vec, t: float) -> np.ndarray:
    c, s = math.cos(OMEGA_EARTH * t), math.sin(OMEGA_EARTH * t)
    return np.array([c * v[0] + s * v[1], -s * v[0] + c * v[1], v[2]])


def geodetic_to_ecef(lat: float, lon: float, h: float = 0.0) -> np.ndarray:
    """Geodetic (deg) to Earth-fixed position [m] on WGS-84."""
    p, lam = math.radians(lat), math.radians(lon)
    e2 = WGS84_F * (2 - WGS84_F)
    n = WGS84_A / math.sqrt(1 - e2 * math.sin(p) ** 2)
    return np.array([(n + h) * math.cos(p) * math.cos(lam), (n + h) * math.cos(p) * math.sin(lam),
                     (n * (1 - e2) + h) * math.sin(p)])


def ecef_to_geodetic(r: Vec) -> tuple[float, float]:
    """Earth-fixed position → geodetic latitude and longitude [deg] (Bowring's one-step formula)."""
    x, y, z = r
    e2 = WGS84_F * (2 - WGS84_F)
    b = WGS84_A * (1 - WGS84_F)
    ep2 = (WGS84_A ** 2 - b ** 2) / b ** 2
    p = math.hypot(x, y)
    th = math.atan2(z * WGS84_A, p * b)
    lat = math.atan2(z + ep2 * b * math.sin(th) ** 3, p - e2 * WGS84_A * math.cos(th) ** 3)
    return math.degrees(lat), math.degrees(math.atan2(y, x))


def surface_distance(r1: Vec, r2: Vec) -> float:
    """Great-circle distance between two Earth-fixed points [m] (mean radius)."""
    c = float(np.dot(r1, r2) / (np.linalg.norm(r1) * np.linalg.norm(r2)))
    return R_MEAN * math.acos(max(-1.0, min(1.0, c)))


def vacuum_impact(r: Vec, v: Vec, r_impact: float) -> tuple[tuple[float, float, float], float] | None:
    """Where and when a vacuum coast from (r, v) [ECI] next crosses radius *r_impact*: (position, dt) or None.

    Plain floats throughout (it runs as an event function at every step of a climb)."""
    rn = math.sqrt(dot3(r, r))
    h = cross3(r, v)
    hn = math.sqrt(dot3(h, h))
    vv = dot3(v, v)
    energy = vv / 2 - MU_EARTH / rn
    if energy >= 0 or hn == 0:
        return None
    a = -MU_EARTH / (2 * energy)
    kr, kv = (vv - MU_EARTH / rn) / MU_EARTH, dot3(r, v) / MU_EARTH
    e_vec = (kr * r[0] - kv * v[0], kr * r[1] - kv * v[1], kr * r[2] - kv * v[2])
    e = math.sqrt(dot3(e_vec, e_vec))
    p = hn * hn / MU_EARTH
    if e < 1e-12 or e >= 1.0 or a * (1 - e) > r_impact:
        return None
    cos_nu = max(-1.0, min(1.0, (p / r_impact - 1) / e))
    nu_imp = 2 * math.pi - math.acos(cos_nu)                       # descending crossing
    nu0 = math.atan2(dot3(cross3(e_vec, r), h) / hn, dot3(e_vec, r))
    nu0 %= 2 * math.pi
    if nu_imp <= nu0:
        nu_imp += 2 * math.pi if nu0 - nu_imp > 1e-9 else 0.0

    def mean(nu: float) -> float:
        big = 2 * math.atan2(math.sqrt(1 - e) * math.sin(nu / 2), math.sqrt(1 + e) * math.cos(nu / 2))
        return big - e * math.sin(big)

    n = math.sqrt(MU_EARTH / a ** 3)
    dm = mean(nu_imp) - mean(nu0)
    while dm < 0:
        dm += 2 * math.pi
    dnu = nu_imp - nu0
    rhat = (r[0] / rn, r[1] / rn, r[2] / rn)
    that = cross3((h[0] / hn, h[1] / hn, h[2] / hn), rhat)
    cd, sd = math.cos(dnu) * r_impact, math.sin(dnu) * r_impact
    return (cd * rhat[0] + sd * that[0], cd * rhat[1] + sd * that[1], cd * rhat[2] + sd * that[2]), dm / n

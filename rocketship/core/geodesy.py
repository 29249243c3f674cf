"""Distances and azimuths on the Earth.

Single routes use Karney's exact ellipsoidal geodesic (geographiclib) on
WGS-84; arrays of routes use a vectorised spherical great circle (haversine),
whose error against WGS-84 is at most ~0.56 % (median 0.13 %).

References
----------
.. [1] C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87, 43-55 (2013),
       doi:10.1007/s00190-012-0578-z.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .constants import R_MEAN, WGS84_A, WGS84_F
from .xp import FloatOrArray


def geodesic_inverse(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float, float]:
    """WGS-84 geodesic between two points.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : float
        Geodetic latitude and longitude [deg].

    Returns
    -------
    distance [m], initial azimuth [deg from north, clockwise], final azimuth [deg].
    """
    from geographiclib.geodesic import Geodesic

    g = _wgs84().Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE | Geodesic.AZIMUTH)
    return g["s12"], g["azi1"], g["azi2"]


#: geographiclib's Geodesic on WGS-84 (geographiclib ships no type information: Any)
_GEOD: Any = None


def _wgs84() -> Any:
    global _GEOD
    if _GEOD is None:
        from geographiclib.geodesic import Geodesic

        _GEOD = Geodesic(WGS84_A, WGS84_F)
    return _GEOD


def great_circle(lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
                 radius: float = R_MEAN) -> tuple[FloatOrArray, FloatOrArray]:
    """Vectorised spherical great circle: distance [m] and initial azimuth [deg].

    Inputs in degrees, any broadcastable shapes.  The haversine form is used
    for the central angle (well conditioned for short distances) and atan2
    for the azimuth.
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    angle = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    az = np.degrees(np.arctan2(np.sin(dl) * np.cos(p2), np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl)))
    return radius * angle, az


def central_angle(lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray) -> FloatOrArray:
    """Great-circle central angle [rad] between points given in degrees (vectorised)."""
    d, _ = great_circle(lat1, lon1, lat2, lon2, radius=1.0)
    return d


def destination(lat: FloatOrArray, lon: FloatOrArray, azimuth_deg: FloatOrArray, distance: FloatOrArray,
                radius: float = R_MEAN) -> tuple[FloatOrArray, FloatOrArray]:
    """Point reached from (lat, lon) [deg] along initial bearing *azimuth_deg* over *distance* [m] (sphere)."""
    p, lam, az = np.radians(lat), np.radians(lon), np.radians(azimuth_deg)
    d = np.asarray(distance, dtype=float) / radius
    p2 = np.arcsin(np.sin(p) * np.cos(d) + np.cos(p) * np.sin(d) * np.cos(az))
    lam2 = lam + np.arctan2(np.sin(az) * np.sin(d) * np.cos(p), np.cos(d) - np.sin(p) * np.sin(p2))
    return np.degrees(p2), (np.degrees(lam2) + 180.0) % 360.0 - 180.0


def along(lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
          fraction: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
    """The point *fraction* of the way from (lat1, lon1) to (lat2, lon2) [deg] along their great circle
    (spherical interpolation; beyond 1 it carries on past the second point, below 0 behind the first).
    Floats in, floats out (:mod:`.xp`); arrays broadcast."""
    from . import xp

    p1, l1, p2, l2 = (xp.radians(xp.asfloat(x)) for x in (lat1, lon1, lat2, lon2))
    x1, y1, z1 = xp.cos(p1) * xp.cos(l1), xp.cos(p1) * xp.sin(l1), xp.sin(p1)
    x2, y2, z2 = xp.cos(p2) * xp.cos(l2), xp.cos(p2) * xp.sin(l2), xp.sin(p2)
    cos_psi = xp.clip(x1 * x2 + y1 * y2 + z1 * z2, -1.0, 1.0)
    psi = xp.arccos(cos_psi)
    s = xp.maximum(xp.sin(psi), 1e-12)
    f = xp.asfloat(fraction)
    a, b = xp.sin((1.0 - f) * psi) / s, xp.sin(f * psi) / s
    x, y, z = a * x1 + b * x2, a * y1 + b * y2, a * z1 + b * z2
    return xp.degrees(xp.arctan2(z, xp.sqrt(x * x + y * y))), xp.degrees(xp.arctan2(y, x))

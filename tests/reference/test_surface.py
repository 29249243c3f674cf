"""The ground under an entry (rocketship/core/route.py: surface_before; braking.Surface.to_air), each figure
checked by another construction: the WGS-84 ellipsoid in closed form, finite differences along the track,
and the Earth's turn as explicit 3-vectors (NIMA TR8350.2, WGS-84, 3rd ed. 2000, for a, f and ω)."""

import math

import numpy as np
import pytest

from rocketship.core.constants import OMEGA_EARTH, R_MEAN, WGS84_A, WGS84_F
from rocketship.core.route import surface_before

B = WGS84_A * (1 - WGS84_F)


def _exact_radius(sin_lat):
    """Geocentric radius of the ellipsoid at geocentric latitude asin(sin_lat): ab / √((b cos)² + (a sin)²)."""
    cos2 = 1 - sin_lat ** 2
    return WGS84_A * B / np.sqrt(B ** 2 * cos2 + WGS84_A ** 2 * sin_lat ** 2)


def _unit(lat, lon):
    p, lam = math.radians(lat), math.radians(lon)
    return np.array([math.cos(p) * math.cos(lam), math.cos(p) * math.sin(lam), math.sin(p)])


def _walk_back(lat2, lon2, heading, distance):
    """Position and travel direction (unit 3-vectors) *distance* [m] back along the great circle that
    arrives at (lat2, lon2) heading *heading* [deg], by rotating about the circle's pole (Rodrigues)."""
    end = _unit(lat2, lon2)
    east = np.cross([0.0, 0.0, 1.0], end)
    east /= np.linalg.norm(east)
    north = np.cross(end, east)
    a = math.radians(heading)
    t = north * math.cos(a) + east * math.sin(a)
    pole = np.cross(end, t)
    angle = -distance / R_MEAN
    rot = lambda v: (v * math.cos(angle) + np.cross(pole, v) * math.sin(angle)  # noqa: E731
                     + pole * (pole @ v) * (1 - math.cos(angle)))
    return rot(end), rot(t)


CASES = [(40.6, -73.8, 170.0, 4_000e3), (31.1, 121.8, 200.0, 3_600e3), (0.0, 30.0, 90.0, 2_000e3),
         (-33.9, 151.2, 300.0, 5_000e3), (60.0, 10.0, 0.0, 1_000e3)]


@pytest.mark.parametrize("lat2, lon2, heading, distance", CASES)
def test_the_radius_is_the_ellipsoids_to_first_order(lat2, lon2, heading, distance):
    """a(1 − f sin²φ) against the ellipsoid's exact radius: they differ at second order in the flattening,
    ~a f² = 72 m at most; 100 m."""
    s = surface_before(lat2, lon2, math.radians(heading), 7_600.0, distance)
    p, _ = _walk_back(lat2, lon2, heading, distance)
    assert s.radius == pytest.approx(float(_exact_radius(p[2])), abs=100.0)


@pytest.mark.parametrize("lat2, lon2, heading, distance", CASES)
def test_the_slope_is_the_ellipsoids_rise_along_the_track(lat2, lon2, heading, distance):
    """On a non-turning Earth (the track is the great circle itself), the slope is the rise of the
    ellipsoid's exact radius per metre along the circle, by central differences over ±2 km: within 2 %
    (first order in f) or 1e-6 rad where the rise vanishes."""
    s = surface_before(lat2, lon2, math.radians(heading), 7_600.0, distance, omega=0.0)
    ahead, _ = _walk_back(lat2, lon2, heading, distance - 2e3)
    behind, _ = _walk_back(lat2, lon2, heading, distance + 2e3)
    rise = (_exact_radius(ahead[2]) - _exact_radius(behind[2])) / 4e3
    assert s.slope == pytest.approx(float(rise), rel=0.02, abs=1e-6)


@pytest.mark.parametrize("lat2, lon2, heading, distance", CASES)
def test_the_rotation_speed_and_the_air_relative_state(lat2, lon2, heading, distance):
    """The ground's velocity ω ẑ × r and the stage's inertial velocity as 3-vectors: w is the ground's speed
    along the air-relative heading, and Surface.to_air gives the air-relative speed and angle of an
    inertial (7.6 km/s, 1.5° down) state — to 1e-6."""
    speed, angle = 7_600.0, math.radians(1.5)
    s = surface_before(lat2, lon2, math.radians(heading), speed * math.cos(angle), distance)
    p, t = _walk_back(lat2, lon2, heading, distance)
    ground = OMEGA_EARTH * R_MEAN * np.cross([0.0, 0.0, 1.0], p)
    inertial = speed * (math.cos(angle) * t - math.sin(angle) * p)
    air = inertial - ground
    horizontal = air - (air @ p) * p
    assert s.rotation_speed == pytest.approx(float(ground @ horizontal / np.linalg.norm(horizontal)), abs=1e-6)
    v_rel, g_rel = s.to_air(speed, angle)
    assert v_rel == pytest.approx(float(np.linalg.norm(air)), rel=1e-9)
    assert g_rel == pytest.approx(math.asin(-(air @ p) / np.linalg.norm(air)), abs=1e-9)


def test_the_turning_ground_under_simple_headings():
    """Due east on the equator the ground moves ωR = 465 m/s along; due west, −465; inertially due north,
    the air streams from the east, so the air-relative heading turns west of north and w is −(ωR)²/|v_rel|."""
    omega_r = OMEGA_EARTH * R_MEAN
    assert surface_before(0.0, 0.0, math.radians(90.0), 7_600.0, 0.0).rotation_speed == pytest.approx(omega_r)
    assert surface_before(0.0, 0.0, math.radians(270.0), 7_600.0, 0.0).rotation_speed == pytest.approx(-omega_r)
    north = surface_before(0.0, 0.0, 0.0, 7_600.0, 0.0).rotation_speed
    assert north == pytest.approx(-omega_r ** 2 / math.hypot(7_600.0, omega_r), rel=1e-9)

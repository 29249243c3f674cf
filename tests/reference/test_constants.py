"""The core's constants cross-checked against astropy (IAU/IERS/WGS-84 values)."""

import pytest
from astropy import constants as ac

from rocketship.core import constants as c


def test_gm_earth():
    """GM⊕: WGS-84 3.986004418e14 m³/s² vs astropy's IAU 2015 nominal 3.986004e14 (difference 1e-7)."""
    assert c.MU_EARTH == pytest.approx(ac.GM_earth.si.value, rel=2e-7)


def test_wgs84_ellipsoid():
    """WGS-84 a and f as astropy's ERFA has them (erfa.eform(WGS84))."""
    import erfa

    a, f = erfa.eform(1)  # 1 = WGS84 in ERFA's numbering
    assert c.WGS84_A == a and c.WGS84_F == pytest.approx(f, rel=1e-15)
    assert c.WGS84_A == pytest.approx(ac.R_earth.si.value, rel=1e-5)  # IAU nominal 6,378.1 km


def test_g0():
    assert c.G0 == pytest.approx(ac.g0.si.value, rel=1e-12)


def test_rotation_rate():
    """ω⊕ = 2π / sidereal day (86164.0905 s) within 1e-6."""
    import math

    assert c.OMEGA_EARTH == pytest.approx(2 * math.pi / 86164.0905, rel=1e-6)

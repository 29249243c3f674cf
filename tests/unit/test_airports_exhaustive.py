"""Every IATA airport in the database resolves to a finite place (exhaustive; slow suite)."""

import math

import pytest

from rocketship.catalog.places import _airports, resolve_place


@pytest.mark.slow
def test_every_iata_code_resolves():
    codes = list(_airports("IATA"))
    assert len(codes) > 7000
    for code in codes:
        p = resolve_place(code)
        assert p.code == code and math.isfinite(p.lat) and math.isfinite(p.lon)
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180

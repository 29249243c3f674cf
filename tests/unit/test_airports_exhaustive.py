"""Every IATA airport in the database resolves to a finite place (exhaustive; slow suite).

The CLI finds one airport by scanning airportsdata's CSV as bytes instead of
loading the whole table; the scan must return exactly the table's record.
"""

import math

import pytest

from rocketship.catalog.places import _airports, _scan_csv, resolve_place


@pytest.mark.slow
def test_every_iata_code_resolves():
    codes = list(_airports("IATA"))
    assert len(codes) > 7000
    for code in codes:
        p = resolve_place(code)
        assert p.code == code and math.isfinite(p.lat) and math.isfinite(p.lon)
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180


@pytest.mark.slow
@pytest.mark.parametrize("code_type, step", [("IATA", 1), ("ICAO", 25)])
def test_the_csv_scan_finds_the_same_record_as_the_table(code_type, step):
    table = _airports(code_type)
    for code in list(table)[::step]:
        rec = _scan_csv(code, code_type)
        assert rec is not None, code
        want = table[code]
        assert (rec["name"], rec["iata"], rec["icao"]) == (want["name"], want["iata"], want["icao"]), code
        assert float(rec["lat"]) == want["lat"] and float(rec["lon"]) == want["lon"], code
    assert _scan_csv("QQQ" if code_type == "IATA" else "QQQQ", code_type) is None

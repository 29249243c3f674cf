"""Every IATA airport in the database resolves to a finite place (exhaustive; the full scans are slow).

The CLI finds an airport through an IATA index (built once, kept in the disk
cache) or, for ICAO codes, by scanning airportsdata's CSV as bytes, instead of
loading the whole table; both must return exactly the table's record.
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


def test_the_iata_index_holds_the_table_record_for_every_code():
    """The disk-cached index the CLI reads (code → offset of its CSV line) against airportsdata.load:
    same codes, and for each the same name, codes and coordinates (exact: both read the same text)."""
    from rocketship.catalog.places import _airports_csv_path, _iata_line, _index_iata, _parse_line

    table = _airports("IATA")
    index = _index_iata(_airports_csv_path())
    assert index.keys() == table.keys()
    for code in index:
        rec, want = _parse_line(_iata_line(code)), table[code]
        assert (rec["name"], rec["iata"], rec["icao"]) == (want["name"], want["iata"], want["icao"]), code
        assert float(rec["lat"]) == want["lat"] and float(rec["lon"]) == want["lon"], code

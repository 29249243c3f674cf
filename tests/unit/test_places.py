"""Places: airport codes, site ids and LAT,LON literals."""

import pytest

from rocketship.catalog.places import resolve_place
from rocketship.errors import InputError, UnknownNameError


def test_iata_and_icao_agree():
    a, b = resolve_place("PEK"), resolve_place("ZBAA")
    assert a.code == b.code == "PEK" and a.kind == "airport"
    assert a.lat == pytest.approx(40.08, abs=0.01) and a.lon == pytest.approx(116.58, abs=0.01)
    assert resolve_place("jfk").icao == "KJFK"


def test_site_ids_resolve():
    p = resolve_place("bohai-pad")
    assert p.kind == "site" and 38 < p.lat < 40


def test_latlon_literals():
    p = resolve_place("40.0, -73.5")
    assert (p.lat, p.lon, p.kind) == (40.0, -73.5, "coordinates")
    assert resolve_place("10,190").lon == pytest.approx(-170)
    with pytest.raises(InputError, match="outside -90..90"):
        resolve_place("91,0")


def test_unknown_code_suggests_close_matches():
    with pytest.raises(UnknownNameError) as exc:
        resolve_place("JFKK")
    assert exc.value.exit_code == 3
    with pytest.raises(UnknownNameError) as exc:
        resolve_place("Bejing")
    assert "Beijing" in exc.value.suggestions     # a misspelt city: the city, which resolves


@pytest.mark.parametrize("name, code", [("Beijing", "PEK"), ("new york", "JFK"), ("Seoul", "ICN"), ("Shanghai", "PVG"),
                                        ("Tokyo", "NRT"), ("Istanbul", "IST"), ("Frankfurt", "FRA")])
def test_a_city_is_read_as_its_main_cargo_airport_with_a_note(name, code):
    p = resolve_place(name)
    assert p.code == code and "main cargo airport" in p.note and code in p.note


@pytest.mark.parametrize("bad", ["", "   ", "PEK,JFK", None, 42])
def test_malformed_places(bad):
    with pytest.raises((InputError, UnknownNameError)):
        resolve_place(bad)

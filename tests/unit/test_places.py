"""Places: airport codes, site ids and LAT,LON literals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rocketship.catalog.places import format_route_pair, parse_route_pair, resolve_place
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


@given(st.sampled_from(["PEK", "JFK", "bohai-pad", "ny-bight-lz", "ZBAA"]) | st.builds(
    lambda lat, lon: resolve_place(f"{lat:.4f},{lon:.4f}").code,
    st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)), st.sampled_from(
    ["PEK", "JFK", "icn-lz", "-33.9000,151.2000", "0.0000,-0.5000", "-1.0000,-1.0000"]))
def test_a_route_written_out_reads_back_the_same(origin, destination):
    """format_route_pair writes 'PEK-JFK' where that is unambiguous and 'A:B' otherwise; either way
    parse_route_pair gives back both ends with their signs (the old split on '-' dropped them)."""
    text = format_route_pair(origin, destination)
    assert parse_route_pair(text) == (origin, destination)
    assert ("-" in text and text.count("-") == 1) or ":" in text


@pytest.mark.parametrize("text, pair", [("PEK:JFK", ("PEK", "JFK")), (" PEK : JFK ", ("PEK", "JFK")),
                                        ("PEK-JFK", ("PEK", "JFK")), ("0,0-10,10", ("0,0", "10,10")),
                                        ("-33.9,151.2:PVG", ("-33.9,151.2", "PVG")),
                                        ("0,0:-10,-10", ("0,0", "-10,-10"))])
def test_route_pairs(text, pair):
    assert parse_route_pair(text) == pair


@pytest.mark.parametrize("text", ["0,0--10,10", "-33.9,151.2-PVG", "bohai-pad-ny-bight-lz", "PEK", "PEK-", "-PEK",
                                  "PEK::JFK", ":", "", "A:B:C"])
def test_ambiguous_or_broken_route_pairs_are_refused(text):
    with pytest.raises(InputError, match="ORIGIN:DESTINATION"):
        parse_route_pair(text)


def test_a_site_or_coordinates_book_air_freight_in_the_nearest_airports_market():
    """Coordinates and sites carry no country: the air lane is read from the nearest airport with an IATA code
    within COUNTRY_REACH_KM (Beijing Capital's own coordinates priced air at the global average, 2.50 USD/kg,
    against PEK's 4.50 on the China–North America lane); mid-ocean, none lends one."""
    from rocketship.catalog.places import country_of
    from rocketship.airfreight import plan_air

    assert country_of(resolve_place("40.08,116.58")) == "CN"
    assert country_of(resolve_place("bohai-pad")) == "CN"
    assert country_of(resolve_place("PEK")) == "CN"
    assert country_of(resolve_place("-40,-130")) == ""          # the South Pacific
    coords, code = (plan_air(a, "JFK", "10 t", "120 m**3") for a in ("40.08,116.58", "PEK"))
    assert coords.lane == code.lane and coords.cost.m_as("USD") == pytest.approx(code.cost.m_as("USD"))

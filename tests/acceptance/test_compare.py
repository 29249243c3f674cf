"""compare agrees with route; CSV and JSON round-trip with units; route matrix; safe writes."""

import json

import numpy as np
import pytest

from rocketship import assess
from rocketship.comparison import compare, read_comparison_csv, route_matrix, summarise
from rocketship.errors import InputError


@pytest.fixture(scope="module")
def result():
    return compare(["PEK-JFK", "PVG-ICN"], ["xzy-1", "starship"])


def test_rows_agree_with_route(result):
    for row in result.rows:
        o, d = row["route"].split("-")
        single = summarise(assess(o, d, vehicle=row["vehicle"]))
        for k, v in row.items():
            if hasattr(v, "magnitude"):
                assert v.magnitude == pytest.approx(single[k].m_as(v.units), rel=1e-9), k
            else:
                assert v == single[k], k


def test_csv_round_trip(result):
    rows = read_comparison_csv(result.to_csv())
    assert len(rows) == 4
    for orig, back in zip(result.rows, rows):
        assert back["route"] == orig["route"] and back["feasible"] == orig["feasible"]
        for sid in ("general", "express"):
            key = f"rocket_door_to_door_{sid}"
            assert back[key].m_as("h") == pytest.approx(orig[key].m_as("h"), rel=1e-5)
        if orig["feasible"]:
            assert back["cost_per_kg"].m_as("USD/kg") == pytest.approx(orig["cost_per_kg"].m_as("USD/kg"), rel=1e-5)
            assert back["reason"] == ""


def test_csv_withholds_the_economics_of_a_route_the_rocket_cannot_fly(result):
    """A script averaging cost per kg over the CSV must not pick up figures for flights that cannot
    happen: their economics cells are empty and the reason says why."""
    from rocketship.compare import IF_IT_COULD_FLY

    rows = read_comparison_csv(result.to_csv())
    grounded = [r for r in rows if not r["feasible"]]
    assert grounded, "PEK-JFK cannot be flown by either vehicle"
    for r in grounded:
        assert r["reason"]
        assert all(r[k] is None for k in IF_IT_COULD_FLY)


def test_json_has_units(result):
    data = json.loads(json.dumps(result.to_dict()))
    row = data["rows"][0]
    assert row["max_payload"]["unit"] == "t" and row["cost_per_kg"]["unit"] == "USD / kg"


def test_route_matrix_gives_each_pair_its_route_answer():
    """A pair of the matrix is the pair `rocketship route` answers: flown between the same sites (the preset's,
    else pads by rule), the same flight, the same max payload and verdict.  (It used to fly airport to airport
    and screen max payload on one flight: PVG→PEK read 0.9 t where `route` finds 8.8 t.)  The matrix flies
    arrays where `route` flies floats, so figures agree to rounding; max payload to its search's 10 kg."""

    places = ["PEK", "ICN", "PVG", "URC", "TSN"]
    m = route_matrix(places, "xzy-1")
    assert m.feasible.shape == (5, 5) and not m.feasible[0, 0]
    for a, b in [(0, 1), (1, 2), (2, 0), (0, 2)]:
        r = assess(places[a], places[b])
        assert m.time_of_flight.m_as("min")[a, b] == pytest.approx(r.flight.time_of_flight.m_as("min"), rel=1e-6)
        assert m.range.m_as("km")[a, b] == pytest.approx(r.flight.range.m_as("km"), rel=1e-6)
        assert m.max_payload.m_as("t")[a, b] == pytest.approx(r.flight.max_payload.m_as("t"), abs=0.011)
        assert m.feasible[a, b] == r.flight.feasible
    # Urumqi has no open sea within 1,500 km: `route` says so and carries nothing; so does the matrix
    r = assess("URC", "PEK")
    assert not r.rocket.feasible and any(why in r.rocket.reasons for _, why in m.unsited)
    assert [m.codes[k] for k, _ in m.unsited] == ["URC"]
    assert not m.feasible[3].any() and np.all(m.max_payload.m_as("t")[3, [0, 1, 2, 4]] == 0)
    # Tianjin's pad and Beijing's lie within a hop the models cover: `route` refuses the pair, the matrix skips it
    with pytest.raises(InputError, match="apart"):
        assess("PEK", "TSN")
    assert (0, 4) in [(i, j) for i, j, _ in m.skipped] and not m.feasible[0, 4]
    # a pair's figures never depend on the pairs searched beside it: in chunks of two, the same matrix
    seen = []
    small = route_matrix(places, "xzy-1", chunk=2, progress=lambda done, total: seen.append(done))
    assert seen == list(range(2, 2 * len(seen) + 1, 2)) and seen[-1] == 20 - len(m.skipped)
    for field in ("range", "time_of_flight", "delta_v_margin", "max_payload"):
        np.testing.assert_array_equal(getattr(small, field).magnitude, getattr(m, field).magnitude)
    np.testing.assert_array_equal(small.feasible, m.feasible)


def test_cli_compare_csv_and_no_overwrite(cli, tmp_path):
    out = tmp_path / "cmp.csv"
    code, text, err = cli("compare", "PVG-ICN", "--vehicles", "xzy-1", "--csv", str(out))
    assert code == 0 and out.read_text().startswith("route,vehicle,feasible")
    code, _, err = cli("compare", "PVG-ICN", "--csv", str(out))
    assert code == 2 and "--force" in err
    code, _, _ = cli("compare", "PVG-ICN", "--csv", str(out), "--force")
    assert code == 0


def test_cli_compare_routes_file(cli, tmp_path):
    f = tmp_path / "routes.csv"
    f.write_text("origin,destination\nPVG,ICN\nbohai-pad,ny-bight-lz\n")
    code, out, err = cli("compare", "--routes", str(f), "--json")
    assert code == 0, err
    assert [r["route"] for r in json.loads(out)["rows"]] == ["PVG-ICN", "bohai-pad:ny-bight-lz"]   # ":" where a "-" would be ambiguous


def test_cli_matrix(cli):
    code, out, _ = cli("matrix", "PEK", "ICN", "PVG", "--json")
    data = json.loads(out)
    assert code == 0 and data["codes"] == ["PEK", "ICN", "PVG"] and data["max_payload"]["unit"] == "t"


def test_matrix_labels_a_place_given_under_two_codes_as_written(cli):
    # ZBAA is PEK's ICAO code: both resolve to Beijing Capital, and both used to be labelled PEK
    m = route_matrix(["PEK", "zbaa", "ICN"], "xzy-1")
    assert m.codes == ["PEK", "ZBAA", "ICN"] and m.skipped[0][:2] == (0, 1)
    code, out, _ = cli("matrix", "PEK", "ZBAA", "ICN")
    assert code == 0 and "PEK and ZBAA: the same place" in out.replace("\n", " ")


def test_matrix_grid_rounds_limits_down_and_needs_up():
    from rocketship.report.compare import rounded_down, rounded_up

    # a max payload is a limit: 49.5 t that misses a 50 t cargo must not read 50; a stack of 1.007 x the
    # vehicle is a need: it must not read 1.0, the vehicle itself, which does not fly the pair
    assert [rounded_down(x) for x in (49.5, 49.99, 10.0, 9.96, 0.04, 220.46)] == ["49", "49", "10", "9.9", "0.0", "220"]
    assert [rounded_up(x) for x in (1.007, 1.0, 0.6, 9.999, 12.2)] == ["1.01", "1.00", "0.60", "10.00", "13"]


def test_matrix_grid_in_the_unit_system_asked_for(cli):
    code, out, _ = cli("matrix", "PVG", "ICN", "--vehicle", "starship", "--units", "imperial")
    grid = out.splitlines()[-2:]
    # the bay's 100 t is 220.46 thousand pounds: the headline says lb, the grid klb (not t)
    assert code == 0 and "(klb, rounded down;" in out.replace("\n", " ") and "220" in grid[0] and "100" not in grid[0]


def test_a_cargo_over_the_bay_gets_routes_max_payload_in_the_matrix():
    """Asked for more than the bay's rating, `route` does not count the flight with that cargo towards the max
    payload (the cargo is refused by the bay); the matrix read a full bay there (CDG→LHR, XZY-1 with 10.01 t:
    10 t against `route`'s figure).  Both give the pair one figure, to the search's 10 kg."""
    m = route_matrix(["CDG", "LHR"], "xzy-1", payload="10.01 t")
    r = assess("CDG", "LHR", payload="10.01 t")
    assert m.max_payload.m_as("t")[0, 1] == pytest.approx(r.flight.max_payload.m_as("t"), abs=0.011)
    assert not m.feasible[0, 1] and not r.flight.feasible

"""`rocketship size`: the smallest stack of a vehicle's family that flies a route (rocketship/sizing.py) — a
published case recovered from a vehicle's own masses, and the properties the answer must have."""


import rocketship as rs
from rocketship.catalog import load_vehicle
from rocketship.core import sizing
from rocketship.core.estimate import orbit_payload
from rocketship.flight import vehicle_params
from rocketship.flightplan import Binding


def test_falcon9_sized_for_its_published_leo_payload_is_falcon9():
    """Falcon 9 Full Thrust, expendable: 22.8 t to a 200 km orbit from 28.5° (the old SpaceX site, via
    spaceflightinsider.com/hangar/falcon/).  The stack of its own technology sized to carry that must come out as
    Falcon 9 itself, within the band the estimate tier holds that payload to (−15 %/+17 %, the spread of J.
    Schilling's Silverbird method, silverbirdastronautics.com/LVperform.html; tests/reference/test_ascent.py):
    payload scales about as the stack (ideal Δv is scale-free), so the scale lies within 1/1.17 to 1/0.85."""
    f9 = vehicle_params(load_vehicle("falcon-9"))
    found = sizing.smallest_scale(
        lambda k: orbit_payload(sizing.scaled_vehicle(f9, k), 200e3, 28.5, recover_boosters=False) >= 22.8e3)
    assert found.scale is not None and 1 / 1.17 <= found.scale <= 1 / 0.85


def test_payload_to_orbit_grows_a_little_faster_than_the_stack():
    """Twice the stack carries twice the payload and a little more: the same ideal Δv, and a drag loss 2^(−1/3)
    of the original's (~80 of ~100 m/s for Falcon 9) — a few per cent more payload, not tens."""
    f9 = vehicle_params(load_vehicle("falcon-9"))
    one = orbit_payload(f9, 200e3, 28.5, recover_boosters=False)
    two = orbit_payload(sizing.scaled_vehicle(f9, 2.0), 200e3, 28.5, recover_boosters=False)
    assert 2.0 <= two / one <= 2.1


def test_a_vehicle_that_flies_the_route_is_never_sized_larger():
    """Starship flies PVG→ICN with 100 t as it is (`rocketship route PVG ICN --vehicle starship --payload 100t`):
    its family's smallest stack for that is no larger; its bay, rated 100 t, is what sets it."""
    s = rs.size("PVG", "ICN", "starship", payload="100 t")
    assert s.feasible and s.scale <= 1.0
    assert s.binding == Binding.BAY_MASS
    assert s.flight_scale is not None and s.flight_scale <= s.scale


def test_larger_cargo_never_needs_a_smaller_stack():
    light = rs.size("PVG", "NRT", "starship", payload="10 t")
    heavy = rs.size("PVG", "NRT", "starship", payload="30 t")
    assert light.feasible and heavy.feasible
    assert light.scale <= heavy.scale
    assert heavy.lift_off_mass > light.lift_off_mass


def test_longer_routes_never_need_a_smaller_stack_where_delta_v_binds():
    """Along one bearing, ranges where Δv is what binds (short hops, no braking to speak of): the longer the
    route, the more Δv, so the stack is no smaller."""
    from rocketship.core.geodesy import destination
    from rocketship.flight import initial_bearing

    pvg, nrt = rs.resolve_place("PVG"), rs.resolve_place("NRT")
    bearing = initial_bearing(pvg, nrt)
    scales = []
    for km in (900.0, 1500.0, 2100.0):
        lat, lon = destination(pvg.lat, pvg.lon, bearing, km * 1e3)
        s = rs.size("PVG", f"{float(lat):.4f},{float(lon):.4f}", "starship", payload="10 t")
        assert s.feasible
        scales.append(s.flight_scale)
    assert scales == sorted(scales)


def test_a_route_no_stack_of_the_family_flies_is_an_answer_with_its_reason():
    """XZY-1 with 10 t from Beijing to New York: every candidate entry passes the cargo's 4 g unbraked, and no
    braking burn holds it, at any size searched (a larger stage's entry is no gentler)."""
    s = rs.size("PEK", "JFK")
    assert not s.feasible and s.scale is None and s.lift_off_mass is None and not s.stages
    assert s.binding == Binding.CARGO_G
    assert s.reasons and s.nearest is not None
    data = s.to_dict()
    assert data["feasible"] is False and data["binding_constraint"] == "cargo_g"


def test_the_answer_in_words_and_in_80_columns(capsys):
    from rocketship.cli import main

    assert main(["size", "PEK", "JFK", "--vehicle", "starship", "--payload", "10t"]) == 0
    out = capsys.readouterr().out
    first = out.split("\n\n")[0]
    assert "would need to be" in first and "its 4,970 t" in first
    assert max(len(line) for line in out.splitlines()) <= 80


def test_compare_adds_the_stack_each_row_needs():
    """`compare --stack-needed`: one vectorised search per vehicle (size_many) gives every row what `size` gives
    that route alone — the same scales tested, the same answer."""
    from rocketship.comparison import read_comparison_csv

    table = rs.compare(["PVG:NRT", "PEK:JFK"], vehicles=["starship"], payload="10 t", stack_needed=True)
    for row, (a, b) in zip(table.rows, [("PVG", "NRT"), ("PEK", "JFK")]):
        alone = rs.size(a, b, "starship", payload="10 t")
        assert row["stack_needed"] == alone.scale
        assert row["stack_binding"] == alone.binding.words
    csv_rows = read_comparison_csv(table.to_csv())
    assert "stack_needed" in table.to_csv().splitlines()[0]
    assert len(csv_rows) == 2
    data = table.to_dict()
    assert [r["stack_needed"] for r in data["rows"]] == [r["stack_needed"] for r in table.rows]


def test_matrix_adds_the_stack_each_pair_needs():
    """`matrix --stack-needed`: every flown pair sized in one vectorised search (size_many), each what `size` gives
    that pair alone — one the bay sets (PVG→ICN), one the heat shield binds (PVG→JFK), one no stack flies
    (JFK→PVG) — and nothing for a pair not flown (PEK and ZBAA are one airport)."""
    import math

    from rocketship.comparison import route_matrix

    m = route_matrix(["PVG", "ICN", "JFK", "ZBAA", "PEK"], "starship", payload="10 t", stack_needed=True)
    for a, b in [("PVG", "ICN"), ("PVG", "JFK"), ("JFK", "PVG")]:
        i, j = m.codes.index(a), m.codes.index(b)
        alone = rs.size(a, b, "starship", payload="10 t")
        assert m.sizings[(i, j)].to_dict() == alone.to_dict()
        assert (m.stack_needed[i, j] == alone.scale) if alone.feasible else math.isnan(m.stack_needed[i, j])
    assert {m.sizings[(0, 1)].binding, m.sizings[(0, 2)].binding} == {Binding.BAY_MASS, Binding.HEAT_FLUX}
    assert not m.sizings[(2, 0)].feasible
    assert (3, 4) not in m.sizings and math.isnan(m.stack_needed[3, 4])
    assert len(m.sizings) == 5 * 4 - 2
    data = m.to_dict()["stack_needed"]
    assert data["scale"][0][1] == m.sizings[(0, 1)].scale and data["binding_constraint"][0][2] == "heat_flux"
    assert data["scale"][2][0] is None and "heat flux" in data["reason"][2][0]
    assert data["scale"][3][4] is None and data["binding_constraint"][3][4] is None and data["reason"][3][4] is None
    header, *rows = m.to_csv().splitlines()
    assert header.endswith(",note,stack_needed,stack_binding")
    assert rows[0].startswith("PVG,ICN,") and rows[0].endswith(f",{m.sizings[(0, 1)].scale:.6g},bay's rated payload")
    assert "stack_needed" not in route_matrix(["PVG", "ICN"], "starship").to_dict()


def test_matrix_stack_needed_in_80_columns(capsys, monkeypatch):
    from rocketship.catalog.places import cargo_airports
    from rocketship.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    assert main(["matrix", *list(cargo_airports())[:5], "--stack-needed"]) == 0
    out = capsys.readouterr().out
    assert "Stack needed" in out and "what binds (pairs)" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    grids = [ln.split() for ln in out.splitlines() if ln.startswith("    HKG")]
    assert len(grids) == 2 and grids[0] == grids[1]   # the same places (the stack grid's cells are wider)

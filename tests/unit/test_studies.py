"""The studies' typed results (rocketship/studies.py): what they hold and the JSON they write."""

import json

import numpy as np

import rocketship as rs
from rocketship.flightplan import Binding


def test_a_study_holds_quantities_in_the_broadcast_shape_and_writes_strict_json():
    s = rs.study(["PEK", "PVG"], ["ICN", "NRT"], "xzy-1", payload=rs.Q_([5, 10], "t"))
    assert isinstance(s, rs.Study) and s.feasible.shape == (2,) and s.feasible.dtype == bool
    assert s.time_of_flight.units == rs.ureg.minute and s.time_of_flight.shape == (2,)
    data = json.loads(json.dumps(s.to_dict(), allow_nan=False))
    assert data["schema"] == "rocketship.study/1"
    assert data["range"]["unit"] == "km" and len(data["range"]["value"]) == 2
    assert data["feasible"] == s.feasible.tolist()
    np.testing.assert_allclose(data["time_of_flight"]["value"], s.time_of_flight.m_as("min"))


def test_payload_range_writes_what_the_command_line_prints(capsys):
    from rocketship.cli import main

    ranges = rs.Q_(np.linspace(500.0, 1500.0, 3), "km")     # what --max-range 1500 km --points 3 asks
    pr = rs.payload_range("xzy-1", origin="PVG", towards="ICN", ranges=ranges)
    assert isinstance(pr, rs.PayloadRange) and all(isinstance(b, Binding) for b in pr.limited_by)
    assert pr.max_payload.m_as("t").shape == (3,) and pr.origin.code == "PVG" and pr.towards.code == "ICN"
    code = main(["payload-range", "--vehicle", "xzy-1", "--origin", "PVG", "--towards", "ICN",
                 "--max-range", "1500 km", "--points", "3", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(pr.to_dict(), allow_nan=False))


def test_a_study_takes_coordinates_as_numbers_and_flies_them_as_the_named_places():
    # the same routes named by code and given as (lat, lon) numbers: the same flights, to the bit (the numbers
    # are the places' own coordinates, so the kernel sees the same floats)
    names = (["PEK", "PVG", "LAX"], ["ICN", "NRT", "JFK"])
    a, b = ([rs.resolve_place(c) for c in side] for side in names)
    by_name = rs.study(*names, "xzy-1", payload="5 t", trajectory="min-energy")
    as_array = rs.study(np.array([[p.lat, p.lon] for p in a]), np.array([[p.lat, p.lon] for p in b]), "xzy-1",
                        payload="5 t", trajectory="min-energy")
    as_pairs = rs.study([(p.lat, p.lon) for p in a], [(p.lat, p.lon) for p in b], "xzy-1", payload="5 t",
                        trajectory="min-energy")
    for other in (as_array, as_pairs):
        assert json.dumps(other.to_dict()) == json.dumps(by_name.to_dict())


def test_coordinates_as_numbers_are_checked_as_a_lat_lon_text_is():
    import pytest

    from rocketship.errors import InputError

    for bad, said in ((np.array([[95.0, 10.0]]), "latitude 95.0 is outside"),
                      (np.array([[10.0, np.nan]]), "longitude must be a finite number"),
                      (np.array([1.0, 2.0, 3.0]), "last axis of two"),
                      (np.array([[True, False]]), "real numbers of degrees"),
                      (np.array([[1 + 1j, 2.0]]), "real numbers of degrees"),
                      ([(1.0, 2.0), (1.0, 2.0, 3.0)], "must be .latitude, longitude. pairs"),
                      ([None], "a place must be text")):
        with pytest.raises(InputError, match=said):
            rs.study(bad, "ICN", "xzy-1")
    # east of 180 read going round, as "LAT,LON" text is
    wrapped = rs.study(np.array([[-34.6, 301.6]]), "JNB", "xzy-1", trajectory="min-energy")
    plain = rs.study("-34.6,301.6", "JNB", "xzy-1", trajectory="min-energy")
    assert wrapped.range.m_as("km")[0] == plain.range.m_as("km")[0]
    # a grid of points keeps its shape (the axes before the last), and broadcasts as any array does
    grid = rs.study(np.zeros((2, 3, 2)) + [31.2, 121.5], "ICN", "xzy-1", trajectory="min-energy")
    assert grid.range.shape == (2, 3) and np.all(grid.range == grid.range[0, 0])


def test_a_study_reads_each_name_once_and_the_place_cache_stays_bounded(monkeypatch):
    import rocketship.studies as studies
    from rocketship.catalog.places import _resolve_text

    read: list[object] = []
    real = studies.resolve_place
    monkeypatch.setattr(studies, "resolve_place", lambda p: read.append(p) or real(p))
    rs.study(["PEK", "PVG"] * 50, ["ICN"] * 100, "xzy-1", trajectory="min-energy")
    assert sorted(read) == ["ICN", "PEK", "PVG"]
    # thousands of distinct coordinate texts (a study of random points) keep no more than the cache's bound
    for i in range(5000):
        rs.resolve_place(f"{(i % 170) - 85}.{i:04d},10.5")
    assert _resolve_text.cache_info().currsize <= 4096


def test_a_study_answers_empty_input_and_refuses_what_is_neither_places_nor_numbers():
    """From a hostile run: an empty list gave numpy's reshape error under ``best``, a lone number or None a
    TypeError, an object array of pairs an unhashable-type error, and shapes that do not broadcast numpy's
    own message.  Now: an empty study is an empty answer, whatever the trajectory; the rest are InputErrors."""
    import pytest

    from rocketship.errors import InputError

    for empty in ([], np.zeros((0, 2))):
        assert rs.study(empty, "ICN", "xzy-1").range.shape == (0,)
    pairs = [(40.1, 116.6), (31.1, 121.8)]
    as_objects = rs.study(np.array(pairs, dtype=object), "ICN", "xzy-1", trajectory="min-energy")
    assert json.dumps(as_objects.to_dict()) == json.dumps(rs.study(pairs, "ICN", "xzy-1",
                                                                   trajectory="min-energy").to_dict())
    for lone in (3.0, None, np.float64(3.0)):
        with pytest.raises(InputError, match="a place, a list of places or coordinates"):
            rs.study(lone, "ICN", "xzy-1")
    with pytest.raises(InputError, match=r"origins \(3,\), destinations \(4,\) .* do not broadcast"):
        rs.study(np.zeros((3, 2)) + [31, 121], np.zeros((4, 2)) + [37, 126], "xzy-1")
    with pytest.raises(InputError, match=r"payload \(4,\) do not broadcast"):
        rs.study(np.zeros((3, 2)) + [31, 121], "ICN", "xzy-1", payload=rs.Q_([1, 5, 10, 20], "t"))


def test_a_study_does_not_fly_the_same_place_twice_as_route_matrix_does_not():
    """From a hostile run: ``study(["PEK"], ["ZBAA"])`` (one airport by two codes) and equal coordinates flew a
    0 km route, 2.4 min, with no word, where ``route`` refuses the pair and ``route_matrix`` skips it.  Such a
    route is now not flown, by route_matrix's rule: NaN figures, never feasible, listed in ``skipped``."""
    s = rs.study(["PEK", "PVG"], ["ZBAA", "ICN"], "xzy-1", payload=rs.Q_([[5], [10]], "t"), trajectory="min-energy")
    assert s.range.shape == (2, 2)
    for figure in (s.range, s.time_of_flight, s.delta_v_required, s.delta_v_margin, s.apogee):
        assert np.all(np.isnan(figure.magnitude[:, 0])) and np.all(np.isfinite(figure.magnitude[:, 1]))
    assert not s.feasible[:, 0].any()
    matrix = rs.route_matrix(["PEK", "ZBAA"], "xzy-1")
    assert s.skipped == [((0, 0), matrix.skipped[0][2]), ((1, 0), matrix.skipped[0][2])]
    data = json.loads(json.dumps(s.to_dict(), allow_nan=False))
    assert data["skipped"] == [{"index": [0, 0], "reason": "the same place, listed twice or under two codes"},
                               {"index": [1, 0], "reason": "the same place, listed twice or under two codes"}]
    assert data["time_of_flight"]["value"][0][0] is None

    numbers = rs.study(np.array([[10.0, 10.0], [10.0, 10.5]]), np.array([[10.0, 10.0], [10.0, 10.0]]), "xzy-1")
    assert np.all(np.isnan(numbers.time_of_flight.magnitude)) and not numbers.feasible.any()
    assert [why for _, why in numbers.skipped] == ["the same place, listed twice or under two codes",
                                                   "55 km apart: hops under 100 km are not modelled"]
    assert rs.study(["PEK"], ["ICN"], "xzy-1").skipped == []

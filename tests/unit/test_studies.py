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

"""Every --json output validates against its JSON Schema (rocketship/schemas/, draft 2020-12), and the
schemas are strict enough to fail: a quantity without its unit, a place without its code, a leg of an
unknown mode."""

import copy
import json

import numpy as np
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

import rocketship as rs
from rocketship import schemas
from rocketship.cli import main

REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema))
    for schema in (schemas.load(name) for name in [schemas.COMMON, *schemas.FILES.values()]))


def _validator(data) -> Draft202012Validator:
    return Draft202012Validator(schemas.for_output(data), registry=REGISTRY)


def _run(capsys, *argv) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_schemas_are_schemas():
    for name in [schemas.COMMON, *schemas.FILES.values()]:
        Draft202012Validator.check_schema(schemas.load(name))


@pytest.mark.parametrize("argv", [
    ("route", "PEK", "JFK"),
    ("route", "PVG", "ICN", "--vehicle", "starship", "--payload", "100 t", "--samples", "200", "--seed", "1"),
    ("route", "PVG", "ICN", "--vehicle", "starship", "--fidelity", "simulate"),
    ("compare", "PEK:JFK", "PVG:ICN", "--vehicles", "xzy-1,starship"),
    ("matrix", "PEK", "ICN", "PVG"),
    ("matrix", "PEK", "ZBAA", "PVG", "--stack-needed"),
    ("payload-range", "--vehicle", "xzy-1", "--origin", "PVG", "--towards", "ICN", "--max-range", "2000 km",
     "--points", "3"),
    ("size", "PVG", "ICN", "--vehicle", "starship", "--payload", "20 t"),
    ("size", "PEK", "JFK"),
    ("route", "URC", "PEK"),
    ("matrix", "PEK", "URC", "TSN"),
], ids=["route", "route-monte-carlo", "route-simulate", "compare", "matrix", "matrix-stack-needed", "payload-range", "size",
        "size-none", "route-no-pad", "matrix-no-pad"])
def test_real_outputs_validate(capsys, argv):
    data = _run(capsys, *argv)
    errors = sorted(_validator(data).iter_errors(data), key=str)
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]]


def test_a_study_validates():
    data = json.loads(json.dumps(rs.study(["PEK", "PVG", "PEK"], ["ICN", "NRT", "ZBAA"], "xzy-1").to_dict()))
    assert data["skipped"] and not list(_validator(data).iter_errors(data))


def test_the_schemas_catch_a_broken_output(capsys):
    """Each mutation breaks the contract in a way a script reading the JSON would trip on."""
    good = _run(capsys, "route", "PEK", "JFK")

    route = Draft202012Validator(schemas.load(schemas.FILES["rocketship.route/1"]), registry=REGISTRY)

    def broken(edit):
        data = copy.deepcopy(good)
        edit(data)
        return list(route.iter_errors(data))

    assert broken(lambda d: d["flight"]["time_of_flight"].pop("unit"))
    assert broken(lambda d: d["flight"]["launch_site"].pop("code"))
    assert broken(lambda d: d["rocket"]["legs"][0].update(mode="teleport"))
    assert broken(lambda d: d["economics"]["versus"].pop("express"))
    assert broken(lambda d: d.update(schema="rocketship.route/2"))
    assert broken(lambda d: d["distance"].update(value="11,004 km"))
    assert not broken(lambda d: d["flight"].update(something_new={"value": np.pi, "unit": "rad"}))   # more is welcome

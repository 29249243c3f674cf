"""JSON Schemas (draft 2020-12) of the JSON the tool writes: ``rocketship.route/1`` (``route --json``),
``rocketship.compare/1``, ``rocketship.matrix/1``, ``rocketship.payload_range/1``, ``rocketship.study/1`` and
``rocketship.size/1``,
with the shapes they share (a quantity, a place, a leg) in ``common.json``.  They state the minimum of
docs/CONTRACT.md — more keys are welcome — and the tests validate real outputs against them.

    from rocketship import schemas
    schemas.load(schemas.FILES["rocketship.route/1"])    # a dict, for jsonschema or any validator
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

#: each output's ``schema`` key and the file that describes it
FILES = {
    "rocketship.route/1": "route.json",
    "rocketship.compare/1": "compare.json",
    "rocketship.matrix/1": "matrix.json",
    "rocketship.payload_range/1": "payload_range.json",
    "rocketship.study/1": "study.json",
    "rocketship.size/1": "size.json",
}
COMMON = "common.json"


@cache
def load(name: str) -> dict:
    """The schema in file *name* of this package (a fresh dict per name, read once)."""
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def for_output(data: dict) -> dict:
    """The schema of an output, by its own ``schema`` key."""
    return load(FILES[data["schema"]])

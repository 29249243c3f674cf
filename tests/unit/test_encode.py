"""rocketship.encode: the one JSON encoder, driven by dataclass field metadata."""

import enum
import json
import math
from dataclasses import dataclass, field

import numpy as np
import pytest

from rocketship.encode import computed, encode, json_meta
from rocketship.units import Q_


class Colour(str, enum.Enum):
    RED = "red"


class Tag(str):
    """A str subclass (as flightplan.Reason is)."""


def test_nan_and_inf_become_null_wherever_they_sit():
    data = {"bare": math.nan, "inf": -math.inf, "numpy": np.float64("nan"), "list": [1.0, math.inf],
            "tuple": (math.nan,), "array": np.array([[1.0, np.nan], [np.inf, 2.0]]),
            "quantity": Q_(math.nan, "s"), "quantities": Q_(np.array([np.inf, 3.0]), "km")}
    assert encode(data) == {"bare": None, "inf": None, "numpy": None, "list": [1.0, None], "tuple": [None],
                            "array": [[1.0, None], [None, 2.0]], "quantity": {"value": None, "unit": "s"},
                            "quantities": {"value": [None, 3.0], "unit": "km"}}
    json.dumps(encode(data), allow_nan=False)   # strict JSON: raises on a NaN left behind


def test_plain_values_come_out_as_json_types():
    out = encode([np.float64(1.5), np.int64(3), np.bool_(True), np.array(2.0), np.array([True, False]),
                  Colour.RED, Tag("why"), None, "text", 7, False])
    assert out == [1.5, 3, True, 2.0, [True, False], "red", "why", None, "text", 7, False]
    assert [type(x) for x in out[:3]] == [float, int, bool]
    assert type(out[6]) is str


def test_what_it_cannot_write_it_refuses():
    with pytest.raises(TypeError, match="object"):
        encode({"x": object()})


@dataclass
class Leg:
    name: str
    duration: object = field(metadata=json_meta(unit="h"))
    hops: int = field(default=1, metadata=json_meta(key="stops"))
    secret: str = field(default="s", metadata=json_meta(exclude=True))
    distance: object = field(default=None, metadata=json_meta(unit="km", omit="none"))
    note: str = field(default="", metadata=json_meta(omit="empty"))
    maybe: object = None


def test_rename_exclude_unit_and_omission():
    out = encode(Leg("a", Q_(90.0, "min")))
    assert out == {"name": "a", "duration": {"value": 1.5, "unit": "h"}, "stops": 1, "maybe": None}
    out = encode(Leg("b", 2.0, distance=Q_(1500.0, "m"), note="n", maybe=math.nan))
    assert out["duration"] == {"value": 2.0, "unit": "h"}   # a plain number is taken to be in the unit
    assert out["distance"] == {"value": 1.5, "unit": "km"}
    assert list(out) == ["name", "duration", "stops", "distance", "note", "maybe"]
    assert out["note"] == "n" and out["maybe"] is None


@dataclass
class Trip:
    json_schema = "test.trip/1"

    legs: list[Leg]
    pair: tuple[Leg, ...]
    code: object = field(metadata=json_meta(via=lambda c: c.upper()))


def test_nested_dataclasses_lists_and_tuples():
    trip = Trip([Leg("a", Q_(1.0, "h"))], (Leg("b", Q_(2.0, "h")),), "pek")
    out = encode(trip)
    assert list(out) == ["schema", "legs", "pair", "code"]
    assert out["schema"] == "test.trip/1" and out["code"] == "PEK"
    assert out["legs"][0]["duration"] == {"value": 1.0, "unit": "h"}
    assert out["pair"] == [encode(trip.pair[0])]


@dataclass
class Fleet:
    json_computed = (computed("total", lambda f: f.a + f.b, group="sums", after="b"),
                     computed("first", lambda f: "one", group="sums", after="a"),
                     computed("second", lambda f: "two", group="sums", after="a"),
                     computed("third", lambda f: "three", after="second"))

    a: int = field(metadata=json_meta(group="sums"))
    b: int = field(metadata=json_meta(group="sums"))
    c: int = field(metadata=json_meta(after="a"))
    d: int = 0


def test_groups_computed_members_and_order():
    out = encode(Fleet(1, 2, 3))
    # members in order: a, c, first, second (those after a, as declared), third (after second), b, total, d;
    # the group's object stands where its first member is written
    assert list(out) == ["sums", "c", "third", "d"]
    assert list(out["sums"]) == ["a", "first", "second", "b", "total"]
    assert out["sums"]["total"] == 3 and out["c"] == 3 and out["third"] == "three"


@dataclass
class Lost:
    json_computed = (computed("x", lambda o: 1, after="nowhere"),)

    a: int = 0


def test_after_a_key_never_written_is_refused():
    with pytest.raises(TypeError, match="nowhere"):
        encode(Lost())


@dataclass
class Check:
    id: str
    published: float
    high: float
    why: str = field(default="", metadata=json_meta(key="reason"))


@dataclass
class Row:
    check: Check = field(metadata=json_meta(flatten=True))
    computed: float = field(metadata=json_meta(after="published"))
    passed: bool = field(metadata=json_meta(after="high"))


def test_flatten_writes_the_inner_members_in_the_owners_object():
    out = encode(Row(Check("g", 1.0, 2.0, "why"), math.inf, True))
    assert out == {"id": "g", "published": 1.0, "computed": None, "high": 2.0, "passed": True, "reason": "why"}
    assert list(out) == ["id", "published", "computed", "high", "passed", "reason"]


@dataclass
class Hooked:
    value: float

    def json_hook(self, out):
        out["doubled"] = 2 * self.value
        return out


def test_a_hook_has_the_last_word():
    assert encode(Hooked(2.0)) == {"value": 2.0, "doubled": 4.0}
    assert encode([Hooked(math.inf)]) == [{"value": None, "doubled": None}]   # what it adds: the same policy

"""The unit boundary: parsing, dimension errors, and unit-invariance."""

from decimal import Decimal
from fractions import Fraction

import astropy.units as au
import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rocketship.errors import InputError
from rocketship.units import Q_, as_quantity, display, to_si, ureg


@pytest.mark.parametrize("text, kg", [("10 t", 10_000), ("10t", 10_000), ("8000 kg", 8000),
                                      ("22000 lb", 22000 * 0.45359237), ("0.5 kg", 0.5)])
def test_mass_strings_parse(text, kg):
    assert to_si(text, "mass") == pytest.approx(kg)


def test_accepts_pint_astropy_and_other_registries():
    assert to_si(Q_(10, "t"), "mass") == pytest.approx(1e4)
    assert to_si(10 * au.t, "mass") == pytest.approx(1e4)
    assert to_si(120 * au.m**3, "volume") == pytest.approx(120)
    other = pint.UnitRegistry()
    assert to_si(other.Quantity(3, "km"), "length") == pytest.approx(3000)


@pytest.mark.parametrize("value, words", [
    (10, "bare number"), (10.0, "bare number"), ("10", "bare number"),
    ("5 m", "not a mass"), ("", "empty"), ("ten tonnes", "cannot read"),
    ("nan kg", "not a finite number"), ("inf t", "not a finite number"), ([1, 2], "bare number"),
    ("kg", "has no number"), ("t", "has no number"), (" lb ", "has no number"), ("kg**2/kg", "has no number"),
])
def test_mass_errors_name_the_dimension(value, words):
    with pytest.raises(InputError) as exc:
        as_quantity(value, "mass", name="payload")
    msg = str(exc.value)
    assert words in msg and "mass" in msg and "'10 t'" in msg


@pytest.mark.parametrize("text, dimension", [("m**3", "volume"), ("g_0", "acceleration"), ("km/s**2", "acceleration"),
                                             ("%", "fraction"), ("t/day", "mass_flow"), ("deg", "angle")])
def test_a_unit_without_a_number_is_refused(text, dimension):
    """pint reads a unit alone as one of it ("kg" is 1 kg): nobody who wrote a unit alone meant that."""
    with pytest.raises(InputError, match="has no number: write a number and a unit"):
        as_quantity(text, dimension, name="x")


@pytest.mark.parametrize("text, dimension, si", [("1 * kg", "mass", 1.0), ("2**3 kg", "mass", 8.0),
                                                 ("4 g_0", "acceleration", 4 * 9.80665), ("10 m**3", "volume", 10.0),
                                                 (".5 t", "mass", 500.0)])
def test_numbers_beside_unit_names_and_powers_still_count(text, dimension, si):
    assert to_si(text, dimension) == pytest.approx(si)


@pytest.mark.parametrize("magnitude", [Decimal("10.5"), Fraction(21, 2), np.float32(10.5), np.int64(10)])
def test_a_quantity_comes_back_in_floats_whatever_numbers_it_was_given_in(magnitude):
    q = as_quantity(Q_(magnitude, "t"), "mass")
    assert type(q.magnitude) is float and q.magnitude == float(magnitude)
    array = as_quantity(Q_(np.array([magnitude, magnitude]), "t"), "mass")
    assert array.magnitude.dtype == np.float64


def test_negative_rejected_when_asked():
    with pytest.raises(InputError, match="cannot be negative"):
        as_quantity("-3 t", "mass", nonnegative=True)
    with pytest.raises(InputError, match="greater than zero"):
        as_quantity("0 kg", "mass", positive=True)


def test_currency_is_a_dimension():
    q = Q_(4.5, "USD/kg")
    assert q.check("[currency]/[mass]")
    with pytest.raises(pint.DimensionalityError):
        (Q_(1, "USD") + Q_(1, "kg"))
    assert to_si("20000 USD/t", "cost_per_mass") == pytest.approx(20.0)
    assert ureg.Quantity("3 MUSD").to("USD").magnitude == pytest.approx(3e6)


@pytest.mark.parametrize("system, unit", [("si", "km"), ("imperial", "mi"), ("aviation", "nmi")])
def test_display_systems(system, unit):
    q = display(Q_(1852, "m"), "distance", system)
    assert str(q.units) in {"kilometer": "km", "mile": "mi", "nautical_mile": "nmi"} or format(q.units, "~") == unit


mass_units = st.sampled_from(["kg", "t", "lb", "g", "oz", "short_ton"])


@given(st.floats(min_value=1e-3, max_value=1e7), mass_units, mass_units)
def test_mass_invariant_to_input_unit(value_kg, u1, u2):
    """The same mass written in two units gives the same SI value (the practice: unit invariance — one mission in other units gives identical SI results)."""
    a = Q_(value_kg, "kg").to(u1)
    b = Q_(value_kg, "kg").to(u2)
    assert to_si(a, "mass") == pytest.approx(to_si(b, "mass"), rel=1e-12)
    assert to_si(f"{a.magnitude!r} {u1}", "mass") == pytest.approx(value_kg, rel=1e-9)


def test_arrays_pass_through():
    out = to_si(Q_(np.array([1.0, 2.0]), "t"), "mass")
    np.testing.assert_allclose(out, [1000, 2000])


def test_each_unit_string_is_parsed_once(monkeypatch):
    """pint 0.25 re-parses symbol and compound units on every Q_(x, "km/s") and .to("t") (pint issue
    #2320); rocketship's registry remembers them.  Counting pint's parser calls: none the second time,
    and the answers are the same."""
    from pint.util import ParserHelper

    calls = []
    original = ParserHelper.from_string.__func__

    def counting(cls, *args, **kwargs):
        calls.append(args[0])
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(ParserHelper, "from_string", classmethod(counting))
    fresh = "Mm/min**2"   # a spelling nothing else in the suite uses
    first = Q_(3.0, fresh).to("km/s**2").magnitude
    parsed = len(calls)
    second = Q_(3.0, fresh).to("km/s**2").magnitude
    assert parsed >= 1 and len(calls) == parsed
    assert first == second == pytest.approx(3e3 / 3600)
    with pytest.raises(pint.errors.UndefinedUnitError):   # errors are not remembered as answers
        Q_(1.0, "furlongz")
    with pytest.raises(pint.errors.UndefinedUnitError):
        Q_(1.0, "furlongz")


def test_quantity_json_is_the_contracts_one_shape():
    """{"value", "unit"} with the value a number (nested lists for an array), NaN and ±inf as null —
    strict JSON has neither — and a conversion on the way when a unit is asked for."""
    import json
    import math

    import numpy as np

    from rocketship.units import Q_, quantity_json

    assert quantity_json(None) is None
    assert quantity_json(Q_(1500.0, "m"), "km") == {"value": 1.5, "unit": "km"}
    assert quantity_json(Q_(math.nan, "s")) == {"value": None, "unit": "s"}
    grid = quantity_json(Q_(np.array([[1.0, np.inf], [np.nan, 2.0]]), "t"))
    assert grid == {"value": [[1.0, None], [None, 2.0]], "unit": "t"}
    assert type(quantity_json(Q_(np.float64(3.0), "h"))["value"]) is float
    json.dumps(grid, allow_nan=False)   # strict JSON: no NaN token anywhere

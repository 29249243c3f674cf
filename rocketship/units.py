"""The one unit registry, and the boundary where user input becomes SI floats.

Everything public in rocketship takes a pint Quantity, an astropy Quantity or a
string such as ``"10 t"`` and converts it *once* to an SI float for the core;
results go back out as pint Quantities of :data:`ureg`.  Money is a dimension
(``USD``) so that a cost per kilogram is dimension-checked; exchange rates are
out of scope.

References: pint documentation, "Using pint in your projects" and "Currency
conversions"; pint issue #1742 on registry start-up time (why the registry is
cached, by :mod:`rocketship.unit_registry`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Sequence
from numbers import Number
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias, cast

import numpy as np
import pint

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from pint.facets.plain import PlainUnit
    from pint.util import UnitsContainer

from .errors import InputError
from .unit_registry import build_registry

ureg = build_registry()
ureg.define("USD = [currency] = USD = usd")
ureg.define("kUSD = 1e3 * USD")
ureg.define("MUSD = 1e6 * USD")
ureg.define("parcel = [parcel] = parcels")
pint.set_application_registry(ureg)
Q_ = ureg.Quantity
if TYPE_CHECKING:
    #: the type of every physical value the shells hand out (a pint Quantity of this registry)
    Quantity: TypeAlias = pint.Quantity[Any]
    #: what a public input of a physical value may be: a pint Quantity, text such as ``"10 t"``, an astropy
    #: Quantity (an ndarray subclass), or, where the dimension is a plain number, a number or array of them
    QuantityLike: TypeAlias = Quantity | str | float | Sequence[float] | NDArray[Any]
else:   # the same names at run time, unsubscripted (pint's Quantity is generic only to a type checker)
    Quantity = pint.Quantity
    QuantityLike = pint.Quantity | str | float | Sequence | np.ndarray


def _remember_parsed_units(registry: pint.UnitRegistry[Any]) -> None:
    """Parse each unit string once per process instead of on every ``Q_(x, "km/s")`` and ``.to("t")``.

    pint 0.25 fills its parse cache but only reads it back for a string that is
    itself a unit's canonical name ("kilogram"); symbols, prefixes and compound
    units ("kg", "km/s", "USD/kg") are parsed again each time (pint issue #2320,
    fixed by pint PR #2323 after the 0.25.3 release).  A warm assessment spent
    two thirds of its time there.  The registry is complete once this module
    has run and rocketship defines no contexts, so a parsed string's
    UnitsContainer (immutable) can never go stale.  Errors are not cached.
    """
    parse = registry.parse_units_as_container
    # a method replaced on this one registry instance, on purpose (above)
    registry.parse_units_as_container = lru_cache(maxsize=4096)(parse)  # type: ignore[method-assign]


_remember_parsed_units(ureg)


@dataclass(frozen=True)
class Dimension:
    """A physical dimension as rocketship names it, with its SI unit and an example."""

    name: str
    pint: str
    si: str
    example: str


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        Dimension("mass", "[mass]", "kg", "10 t"),
        Dimension("length", "[length]", "m", "500 km"),
        Dimension("area", "[length]**2", "m**2", "13.9 m**2"),
        Dimension("volume", "[length]**3", "m**3", "120 m**3"),
        Dimension("time", "[time]", "s", "45 min"),
        Dimension("speed", "[length]/[time]", "m/s", "7.2 km/s"),
        Dimension("acceleration", "[length]/[time]**2", "m/s**2", "6 g_0"),
        Dimension("force", "[mass]*[length]/[time]**2", "N", "2.26 MN"),
        Dimension("mass_flow", "[mass]/[time]", "kg/s", "650 kg/s"),
        Dimension("density", "[mass]/[length]**3", "kg/m**3", "167 kg/m**3"),
        Dimension("specific_volume", "[length]**3/[mass]", "m**3/kg", "6000 cm**3/kg"),
        Dimension("angle", "", "rad", "30 deg"),
        Dimension("fraction", "", "", "75 %"),
        Dimension("count", "", "", "20"),
        Dimension("cost", "[currency]", "USD", "15e6 USD"),
        Dimension("cost_per_mass", "[currency]/[mass]", "USD/kg", "4.5 USD/kg"),
        Dimension("cost_per_time", "[currency]/[time]", "USD/s", "20000 USD/day"),
        Dimension("cost_per_mass_time", "[currency]/[mass]/[time]", "USD/kg/s", "2 USD/kg/h"),
        Dimension("specific_impulse", "[time]", "s", "327 s"),
        Dimension("heat_flux", "[mass]/[time]**3", "W/m**2", "270 kW/m**2"),
        Dimension("heat_load", "[mass]/[time]**2", "J/m**2", "130 MJ/m**2"),
    )
}


def _a(noun: str) -> str:
    """*noun* with its indefinite article ("an acceleration", "a mass")."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _dimensionality(dim: Dimension) -> UnitsContainer:
    return ureg.get_dimensionality(dim.pint) if dim.pint else ureg.get_dimensionality("")


def _from_foreign(value: Any) -> Quantity | None:
    """A Quantity from an astropy Quantity or another pint registry, else None."""
    module = type(value).__module__
    if module.startswith("astropy") and hasattr(value, "unit") and hasattr(value, "value"):
        si = value.si
        unit = ureg.Quantity(float(si.unit.scale), "")
        for base, power in zip(si.unit.bases, si.unit.powers):
            unit = unit * ureg.Quantity(1.0, base.name) ** float(power)
        mag = np.asarray(si.value) if np.ndim(si.value) else float(si.value)
        return cast(Quantity, mag * unit)   # numpy's stubs type an array times a Quantity as an array
    if isinstance(value, pint.Quantity) and not isinstance(value, ureg.Quantity):
        return Q_(value.magnitude, str(value.units))
    return None


MAX_TEXT = 100          #: characters in a quantity written as text
MAX_MAGNITUDE = 1e30    #: an input whose SI magnitude is larger is refused as absurd
_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_DIGIT_GROUPS = re.compile(r"\d[\s_'’]+\d")
_POWER = re.compile(r"\*\*|\^")
_EXPONENT = re.compile(r"\s*[-+]?\d{1,2}(?:\.\d{1,3})?")
_AFTER_EXPONENT = re.compile(r"\s*(?:\*\*|\^|[\d.(])")
_WORD = re.compile(r"[^\W\d]\w*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WRITTEN_POWER = re.compile(r"(?:\*\*|\^)\s*[-+]?[\d.]+")
_NOT_FINITE = re.compile(r"nan|inf(?:inity)?", re.IGNORECASE)
#: unit names that mean different things to different readers (pint's meaning first), and what to write
AMBIGUOUS_UNITS = {
    "ton": "a US short ton (907 kg) to pint, a tonne (1000 kg) to most readers: write t (or tonne), short_ton "
           "or long_ton",
    "hundredweight": "100 lb in the US, 112 lb in the UK: write short_hundredweight or long_hundredweight",
    "cwt": "100 lb in the US, 112 lb in the UK: write short_hundredweight or long_hundredweight",
    "gallon": "a US gallon (3.79 L) to pint, an imperial gallon (4.55 L) in the UK: write US_liquid_gallon, "
              "imperial_gallon or L",
    "gal": "a US gallon (3.79 L) to pint, an imperial gallon (4.55 L) in the UK: write US_liquid_gallon, "
           "imperial_gallon or L",
    "quart": "US or imperial: write US_liquid_quart, imperial_quart or L",
    "qt": "US or imperial: write US_liquid_quart, imperial_quart or L",
    "pint": "US or imperial: write US_pint, imperial_pint or L",
    "pt": "a US pint to pint (the library), a typographic point elsewhere: write US_pint, imperial_pint or L",
    "fluid_ounce": "US or imperial: write US_fluid_ounce or imperial_fluid_ounce",
    "floz": "US or imperial: write US_fluid_ounce or imperial_fluid_ounce",
    "barrel": "31.5 US gallons to pint, 42 for oil: write oil_barrel or m**3",
    "bbl": "31.5 US gallons to pint, 42 for oil: write oil_barrel or m**3",
}


def _screen(text: str, value: object, name: str, hint: str) -> None:
    """Refuse, before pint evaluates anything, text that pint would read wrongly (a decimal comma, digit
    groups, an ambiguous unit) or slowly (a tower of powers: ``9**9**9`` is a number with 370 million
    digits), with the reason."""
    def refuse(why: str) -> NoReturn:
        raise InputError(f"{name}: {value!r} {why}; {hint}")

    if len(text) > MAX_TEXT:
        refuse(f"is {len(text):,} characters long; a quantity is a number and a unit")
    if _CONTROL.search(text):
        refuse("holds a control character")
    if "," in text:
        refuse("has a comma: write a decimal point (10.5 t) and no thousands separators (10500 kg)")
    if _DIGIT_GROUPS.search(text):
        refuse("has a space or separator inside a number: write it without one (10500 kg)")
    for power in _POWER.finditer(text):
        exponent = _EXPONENT.match(text, power.end())
        if exponent is None or _AFTER_EXPONENT.match(text, exponent.end()):
            refuse(f"raises to a power of more than a plain number of one or two digits ({power.group()} at "
                   f"character {power.start() + 1}), which rocketship does not evaluate")
    for word in _WORD.findall(_NUMBER.sub(" ", text)):
        for candidate in (word, word[:-1] if word.endswith("s") else None, word.lower()):
            if candidate in AMBIGUOUS_UNITS:
                refuse(f"uses '{word}', which is ambiguous: {AMBIGUOUS_UNITS[candidate]}")


_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z%_][^\s].*?|[A-Za-z%_])\s*$")


@lru_cache(maxsize=1024)
def _unit_of(text: str) -> tuple[PlainUnit, UnitsContainer]:
    """(units, dimensionality) of a unit string, parsed by pint once per distinct string."""
    q = ureg.Quantity(1.0, text)
    return q.units, q.dimensionality


@lru_cache(maxsize=1024)
def _factor(units: PlainUnit, si: str) -> float:
    return float(ureg.Quantity(1.0, units).to(si).magnitude) if si else float(ureg.Quantity(1.0, units).to("").magnitude)


def _fast_parse(text: str) -> Quantity | None:
    """``"25600 kg"`` → Quantity without pint's expression parser (catalogues hold hundreds of these)."""
    m = _NUMBER_UNIT.match(text)
    if not m:
        return None
    try:
        units, _ = _unit_of(m.group(2))
    except Exception:
        return None
    return Q_(float(m.group(1)), units)


@lru_cache(maxsize=4096)
def units_written(text: str) -> PlainUnit:
    """The units of a quantity as a catalogue wrote it (``"10 t"`` → tonne), parsed once per text."""
    q = _fast_parse(text)
    return (q if q is not None else ureg.Quantity(text)).units


def as_quantity(value: QuantityLike, dimension: str, *, name: str = "value", nonnegative: bool = False,
                positive: bool = False, scalar: bool = False) -> Quantity:
    """Read *value* as a Quantity of *dimension* (a key of :data:`DIMENSIONS`).

    Accepts a pint Quantity, an astropy Quantity or a string (``"10 t"``,
    ``"22000 lb"``).  A bare number is accepted only for dimensionless
    dimensions ("fraction", and "angle" where it means radians is *not*
    assumed: angles need a unit too).  With *scalar*, an array is refused.  The Quantity returned holds float(s),
    whatever numbers it was given in (an int, a Decimal, a numpy scalar).
    Raises :class:`InputError` naming the expected dimension and giving an
    example.
    """
    dim = DIMENSIONS[dimension]
    hint = f"{name} needs {_a(dim.name)}, e.g. '{dim.example}'"
    if isinstance(value, ureg.Quantity):
        q = value
    elif isinstance(value, str):
        q = _quantity_from_text(value, dim, name, hint)
    else:
        q = _quantity_from_object(value, dim, name, hint)
    _check_quantity(q, value, dim, name, hint, nonnegative=nonnegative, positive=positive, scalar=scalar)
    return _in_floats(q)


def _in_floats(q: Quantity) -> Quantity:
    """*q* with a magnitude of float(s): a Decimal, an int or a numpy scalar goes only as far in pint's arithmetic
    as its own type does (a Decimal times a float raises), and every model computes in floats."""
    mag = q.magnitude
    if isinstance(mag, float) or (isinstance(mag, np.ndarray) and mag.dtype == np.float64):
        return q
    floats = np.asarray(mag, dtype=float)
    return Q_(floats if floats.ndim else float(floats), q.units)


def _quantity_from_text(value: str, dim: Dimension, name: str, hint: str) -> Quantity:
    """*value* as written (``"10 t"``), screened and parsed; a bare number only where *dim* is a plain number."""
    text = value.strip()
    if not text:
        raise InputError(f"{name} is empty; {hint}")
    _screen(text, value, name, hint)
    q = _fast_parse(text)
    try:
        q = q if q is not None else ureg.Quantity(text)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as exc:
        raise InputError(f"{name}: cannot read {value!r} as a quantity ({exc}); {hint}") from None
    except Exception:  # pint's tokenizer raises assorted errors on garbage
        raise InputError(f"{name}: cannot read {value!r} as a quantity; {hint}") from None
    if not _has_number(text):
        raise InputError(f"{name}: {value!r} has no number: write a number and a unit; {hint}")
    if not isinstance(q, ureg.Quantity) or (q.dimensionless and q.units == ureg.dimensionless):
        if dim.name not in ("fraction", "count"):
            raise InputError(f"{name} was given as a bare number ({value!r}) without a unit; {hint}")
        q = Q_(float(q.magnitude if isinstance(q, ureg.Quantity) else q), "")
    return q


def _has_number(text: str) -> bool:
    """*text* writes a number other than in a unit's name (``g_0``) or power (``m**3``): pint reads a unit alone
    (``"kg"``) as one of it, which is not what someone who left the number out meant.  NaN and infinity count
    as numbers here, so that they are refused as what they are (not finite)."""
    return (re.search(r"\d", _WRITTEN_POWER.sub(" ", _WORD.sub(" ", text))) is not None
            or any(_NOT_FINITE.fullmatch(word) for word in _WORD.findall(text)))


def _quantity_from_object(value: object, dim: Dimension, name: str, hint: str) -> Quantity:
    """*value* that is neither a pint Quantity nor text: an astropy Quantity, or a bare number (or array of them)
    where *dim* is a plain number."""
    q = _from_foreign(value)
    if q is not None:
        return q
    if not isinstance(value, (Number, np.ndarray, list, tuple)) or isinstance(value, bool):
        raise InputError(f"{name}: cannot use a {type(value).__name__} as a quantity; {hint}")
    if dim.name not in ("fraction", "count"):
        raise InputError(f"{name} was given as a bare number ({value!r}) without a unit; {hint}")
    magnitude = np.asarray(value, dtype=float)
    return Q_(magnitude if magnitude.ndim else float(magnitude), "")


def _check_quantity(q: Quantity, value: object, dim: Dimension, name: str, hint: str, *, nonnegative: bool,
                    positive: bool, scalar: bool) -> None:
    """Refuse *q* (read from *value*) unless it is of *dim*, finite, not absurdly large in SI, and as
    *scalar*, *positive* and *nonnegative* ask."""
    if q.dimensionality != _dimensionality(dim):
        got = str(q.dimensionality) if str(q.dimensionality) != "dimensionless" else "a plain number"
        raise InputError(f"{name}: {value!r} is {got}, not {_a(dim.name)}; {hint}")
    try:
        mag = np.asarray(q.magnitude, dtype=float) * _factor(q.units, dim.si)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{name}: {value!r} is not a number or an array of numbers; {hint}") from None
    if scalar and mag.ndim:
        raise InputError(f"{name} needs one {dim.name}, not an array of {mag.size}; {hint}")
    if not np.all(np.isfinite(mag)):
        raise InputError(f"{name}: {value!r} is not a finite number; {hint}")
    if np.any(np.abs(mag) > MAX_MAGNITUDE):
        raise InputError(f"{name}: {value!r} is absurdly large (more than {MAX_MAGNITUDE:g} {dim.si or ''}".rstrip()
                         + "); " + hint)
    if positive and np.any(mag <= 0):
        raise InputError(f"{name}: {value!r} must be greater than zero")
    if nonnegative and np.any(mag < 0):
        raise InputError(f"{name}: {value!r} cannot be negative")


def to_si(value: QuantityLike, dimension: str, **kwargs: Any) -> float | NDArray[np.float64]:
    """Read *value* (see :func:`as_quantity`) and return its SI magnitude as float(s)."""
    dim = DIMENSIONS[dimension]
    q = as_quantity(value, dimension, **kwargs)
    mag = np.asarray(q.magnitude, dtype=float) * _factor(q.units, dim.si)
    return float(mag) if np.ndim(mag) == 0 else mag


def unit_string(q: Quantity) -> str:
    """The compact, pint-parsable unit string used in JSON (``"km"``, ``"m ** 3"``)."""
    text = format(q.units, "~")
    return text if text else "dimensionless"


def quantity_json(q: Quantity | None, unit: str | None = None) -> dict[str, Any] | None:
    """*q* (in *unit*, if given) in the JSON contract's one shape for a physical value,
    ``{"value": …, "unit": …}``: the value a number, or nested lists of them for an array, NaN and ±inf as
    None (strict JSON has neither); None for no quantity.  The encoder (:mod:`rocketship.encode`) writes every
    value through this, so that a value reads the same wherever it is written."""
    if q is None:
        return None
    if unit is not None:
        q = q.to(unit)
    return {"value": json_number(q.magnitude), "unit": unit_string(q)}


def json_number(x: Any) -> Any:
    """*x* (a number or an array of them) for strict JSON: floats, nested lists for an array, None for NaN
    and ±inf; anything else (text, a bool, None) as it is."""
    if isinstance(x, np.ndarray):
        return json_number(x.item()) if x.ndim == 0 else [json_number(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


# Display-only unit systems.  The core is SI throughout; these only choose how a
# report prints a value of a given *role* (a role is finer than a dimension: an
# altitude and a range are both lengths, but aviation shows one in ft and the
# other in nmi).
DISPLAY_UNITS: dict[str, dict[str, str]] = {
    "si": {
        "distance": "km", "altitude": "km", "speed": "km/s", "mass": "t", "volume": "m**3",
        "duration": "min", "long_duration": "h", "acceleration": "g_0", "angle": "deg",
        "delta_v": "km/s", "cost": "USD", "cost_per_mass": "USD/kg", "force": "kN",
        "area": "m**2", "density": "kg/m**3", "cost_per_volume": "USD/m**3", "value_of_time": "USD/kg/h",
        "small_mass": "kg",
    },
    "imperial": {
        "distance": "mi", "altitude": "mi", "speed": "mph", "mass": "lb", "volume": "ft**3",
        "duration": "min", "long_duration": "h", "acceleration": "g_0", "angle": "deg",
        "delta_v": "ft/s", "cost": "USD", "cost_per_mass": "USD/lb", "force": "lbf",
        "area": "ft**2", "density": "lb/ft**3", "cost_per_volume": "USD/ft**3", "value_of_time": "USD/lb/h",
        "small_mass": "lb",
    },
    "aviation": {
        "distance": "nmi", "altitude": "ft", "speed": "kt", "mass": "lb", "volume": "ft**3",
        "duration": "min", "long_duration": "h", "acceleration": "g_0", "angle": "deg",
        "delta_v": "ft/s", "cost": "USD", "cost_per_mass": "USD/lb", "force": "lbf",
        "area": "ft**2", "density": "lb/ft**3", "cost_per_volume": "USD/ft**3", "value_of_time": "USD/lb/h",
        "small_mass": "lb",
    },
}


def display(q: Quantity, role: str, system: str = "si") -> Quantity:
    """*q* converted to the unit that *system* uses for *role* (display only)."""
    try:
        return q.to(DISPLAY_UNITS[system][role])
    except KeyError:
        raise InputError(f"unknown unit system {system!r}; use one of: {', '.join(DISPLAY_UNITS)}") from None


"""The one JSON encoder: result dataclasses written in the JSON contract's shapes, driven by field metadata.

:func:`encode` walks a value and returns it ready for :func:`json.dumps`:

* a pint Quantity becomes ``{"value": …, "unit": …}`` (:func:`rocketship.units.quantity_json`);
* a float that is NaN or ±inf becomes None (strict JSON has neither) — the one NaN policy, wherever the
  number sits: bare, in a Quantity, in an array (:func:`rocketship.units.json_number`);
* a numpy scalar becomes its Python number, an array nested lists, a tuple a list, an Enum its value, a
  ``str`` subclass plain text; a dict and a list are walked;
* a dataclass instance becomes an object of its fields, in declaration order, each written as its metadata
  says (below); anything else is refused (TypeError), never written by ``str()``.

What a field says, under the metadata key :data:`JSON` (written ``field(metadata=json_meta(…))``, see
:func:`json_meta`; a field without it is written under its own name, as it is):

``key``
    The JSON key it is written under (default: the field's name).
``exclude``
    Never written (a working value, a catalogue Figure kept for the Monte Carlo, a duplicate).
``unit``
    The unit it is written in: a Quantity is converted to it, a plain number is taken to be in it; either is
    written ``{"value", "unit"}``.
``via``
    A function of the value that gives what is written instead (a place by its code, a summary); its answer
    is encoded in turn.
``omit``
    ``"none"``: the key is left out when the value is None; ``"empty"``: when it is None or empty (``""``,
    ``[]``, ``{}``) — else a None is written as null.
``group``
    Written inside the object of this key (made where the group's first member is written), for a JSON
    shape that groups what the class keeps flat.
``after``
    Written right after the member with this JSON key, instead of in declaration order (for a figure the
    JSON places elsewhere than the class declares it; several after one key keep their declaration order).
``flatten``
    The field's value (a dataclass, of the type the field is annotated with) has its members written in
    the owner's object, where the field stands, rather than as an object of their own (its ``json_schema``
    and ``json_hook`` are not used); the owner's ``after`` can name them.

What a class may declare (each optional):

``json_schema`` (a ClassVar str)
    Written first, as ``"schema"``: the contract's name and version (``"rocketship.route/1"``).
``json_computed`` (a ClassVar tuple of :func:`computed`)
    Members that are not fields: each a key and a function of the object (a property, a figure derived
    from several fields), with the same metadata as a field's (``after`` to place it).
``json_hook(self, out) -> dict``
    The class's last word on its encoded object *out*, for a shape that metadata cannot say without
    contortion (what it returns is encoded again, so that what it adds keeps the same policy); a class that
    declares one says why beside it.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

#: the dataclass field metadata key that holds a field's :class:`Spec`
JSON = "json"

Omit = Literal["none", "empty"]


@dataclass(frozen=True)
class Spec:
    """How one member of a dataclass is written (the keys are described in this module's docstring)."""

    key: str | None = None
    exclude: bool = False
    unit: str | None = None
    via: Callable[[Any], Any] | None = None
    omit: Omit | None = None
    group: str | None = None
    after: str | None = None
    flatten: bool = False


@dataclass(frozen=True)
class Computed:
    """A member that is not a field: *key*, written from *read(obj)*, as *spec* says."""

    key: str
    read: Callable[[Any], Any]
    spec: Spec = Spec()


def json_meta(*, key: str | None = None, exclude: bool = False, unit: str | None = None,
              via: Callable[[Any], Any] | None = None, omit: Omit | None = None, group: str | None = None,
              after: str | None = None, flatten: bool = False) -> dict[str, Spec]:
    """A field's metadata that says how it is written: ``field(metadata=json_meta(key="from"))``."""
    return {JSON: Spec(key=key, exclude=exclude, unit=unit, via=via, omit=omit, group=group, after=after,
                       flatten=flatten)}


def computed(key: str, read: Callable[[Any], Any], *, unit: str | None = None, via: Callable[[Any], Any] | None = None,
             omit: Omit | None = None, group: str | None = None, after: str | None = None) -> Computed:
    """A member of a class's ``json_computed``: *key* written from *read(obj)*."""
    return Computed(key, read, Spec(key=key, unit=unit, via=via, omit=omit, group=group, after=after))


@dataclass(frozen=True)
class _Member:
    key: str
    read: Callable[[Any], Any]
    spec: Spec


def _field_reader(name: str, then: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    """What reads field *name* of an object (and *then* reads that value, for a flattened field's members)."""
    if then is None:
        return lambda obj: getattr(obj, name)
    return lambda obj: then(getattr(obj, name))


def _field_members(cls: type) -> list[_Member]:
    """*cls*'s fields as members, less the excluded, a flattened field's members in its place."""
    members = []
    for f in dataclasses.fields(cls):
        spec = f.metadata.get(JSON, Spec())
        if spec.exclude:
            continue
        if spec.flatten:
            inner = typing.get_type_hints(cls)[f.name]
            members += [_Member(m.key, _field_reader(f.name, m.read), dataclasses.replace(m.spec, after=None))
                        for m in _members(inner)]
        else:
            members.append(_Member(spec.key or f.name, _field_reader(f.name), spec))
    return members


@cache
def _members(cls: type) -> tuple[_Member, ...]:
    """The members *cls* writes, in the order it writes them: fields (less the excluded) and computed members in
    declaration order, then each with ``after`` moved behind the member it names."""
    members = _field_members(cls)
    members += [_Member(c.key, c.read, c.spec) for c in getattr(cls, "json_computed", ())]
    placed = [m for m in members if m.spec.after is None]
    pending = [m for m in members if m.spec.after is not None]
    while pending:   # each pass places those whose key is placed (one may follow another that moved)
        keys = [p.key for p in placed]
        ready = [m for m in pending if m.spec.after in keys]
        if not ready:
            raise TypeError(f"{cls.__name__}: {', '.join(m.key for m in pending)} written after keys it does not "
                            f"write ({', '.join(str(m.spec.after) for m in pending)})")
        for m in ready:
            at = [p.key for p in placed].index(str(m.spec.after)) + 1
            while at < len(placed) and placed[at].spec.after == m.spec.after:   # several after one key: in order
                at += 1
            placed.insert(at, m)
        pending = [m for m in pending if m not in ready]
    return tuple(placed)


def _omitted(value: Any, omit: Omit | None) -> bool:
    if omit is None:
        return False
    if value is None:
        return True
    return omit == "empty" and isinstance(value, (str, list, tuple, dict)) and not value


def _dataclass(obj: Any) -> dict[str, Any]:
    cls: type = type(obj)
    out: dict[str, Any] = {}
    schema = getattr(cls, "json_schema", None)
    if schema is not None:
        out["schema"] = schema
    for m in _members(cls):
        value = m.read(obj)
        if _omitted(value, m.spec.omit):
            continue
        if m.spec.via is not None:
            value = m.spec.via(value)
        if m.spec.unit is not None and value is not None:
            value = _in_unit(value, m.spec.unit)
        target = out if m.spec.group is None else out.setdefault(m.spec.group, {})
        target[m.key] = encode(value)
    hook = getattr(obj, "json_hook", None)
    if hook is None:
        return out
    return {k: encode(v) for k, v in hook(out).items()}   # what the hook added, held to the same policy


def _in_unit(value: Any, unit: str) -> Any:
    """*value* as a Quantity in *unit*: a Quantity converted, a number (or array) taken to be in it."""
    from .units import Q_, Quantity

    return value.to(unit) if isinstance(value, Quantity) else Q_(value, unit)


def encode_object(obj: Any) -> dict[str, Any]:
    """A dataclass instance as its JSON object (:func:`encode`, typed for a ``to_dict``)."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        raise TypeError(f"encode_object writes a dataclass instance, not a {type(obj).__name__}")
    return _dataclass(obj)


def encode(obj: Any) -> Any:
    """*obj* ready for :func:`json.dumps` (strict: no NaN), as this module's docstring describes."""
    if obj is None or isinstance(obj, (bool, int)) and not isinstance(obj, enum.Enum):
        return obj
    if isinstance(obj, float):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, enum.Enum):
        return encode(obj.value)
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, Mapping):
        return {k: encode(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [encode(v) for v in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _dataclass(obj)
    # pint and numpy only now (a model that declares its JSON, a Place, stays light to import until it writes)
    import numpy as np

    from .units import Quantity, json_number, quantity_json

    if isinstance(obj, Quantity):
        return quantity_json(obj)
    if isinstance(obj, (np.ndarray, np.generic)):
        return json_number(obj)
    raise TypeError(f"cannot write a {type(obj).__name__} as JSON")

"""Dataclasses to JSON-ready data and back, for caches that hold data and never code.

A cache read back through :mod:`pickle` runs whatever the file says; a cache
read back through a :class:`DataCodec` can only build the dataclasses of the
modules it was told to trust, with the plain values JSON holds (text,
numbers, booleans, null) in tuples, lists, sets and dicts.  Anything else in
the data is a :class:`DecodeError`.

:meth:`DataCodec.dumps` checks its own work: it decodes what it produced
and returns None unless that equals the original, so a type the codec does
not know (or a value such as NaN that never equals itself) means "do not
cache this", never a wrong answer later.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any


class DecodeError(ValueError):
    """Data that this codec did not write, or that names a class it does not trust."""


class _Unencodable(TypeError):
    pass


#: a codec for one extra type: (tag, type, to JSON-ready data, from decoded data)
Special = tuple[str, type, Callable[[Any], Any], Callable[[Any], Any]]


class DataCodec:
    """Encode dataclasses of trusted modules (and *specials*) as JSON-ready data, and decode them again.

    *trusted_modules*: module-name prefixes (``"rocketship.catalog."``) whose dataclasses may be built
    when decoding; a class is looked up only among modules already imported.
    """

    def __init__(self, trusted_modules: Iterable[str], specials: Iterable[Special] = ()):
        self.trusted = tuple(trusted_modules)
        self.specials = list(specials)
        self._by_tag = {tag: decode for tag, _, _, decode in self.specials}
        self._classes: dict[str, tuple] = {}   # "module:Class" -> (class, __init__ fields, fields set later)

    # -- encoding ------------------------------------------------------------------------------

    def dumps(self, obj: Any) -> str | None:
        """*obj* as JSON text, or None when it cannot be written so that it reads back equal."""
        try:
            text = json.dumps(self._encode(obj), separators=(",", ":"))
            return text if self.loads(text) == obj else None
        except (_Unencodable, DecodeError, ValueError, RecursionError):
            return None

    def _encode(self, x: Any) -> Any:
        if x is None or isinstance(x, (bool, int, float, str)):
            return x
        for tag, kind, to_data, _ in self.specials:
            if type(x) is kind:
                return {"$" + tag: self._encode(to_data(x))}
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            cls = type(x)
            if not self._trusts(cls):
                raise _Unencodable(cls)
            fields = {f.name: self._encode(getattr(x, f.name)) for f in dataclasses.fields(x)}
            return {"$dataclass": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
        if isinstance(x, tuple) and type(x) is tuple:
            return {"$tuple": [self._encode(i) for i in x]}
        if type(x) in (set, frozenset):
            return {"$" + type(x).__name__: [self._encode(i) for i in sorted(x, key=repr)]}
        if type(x) is list:
            return [self._encode(i) for i in x]
        if type(x) is dict:
            if all(isinstance(k, str) and not k.startswith("$") for k in x):
                return {k: self._encode(v) for k, v in x.items()}
            return {"$dict": [[self._encode(k), self._encode(v)] for k, v in x.items()]}
        if isinstance(x, PurePosixPath) or isinstance(x, Path):
            return {"$path": str(x)}
        raise _Unencodable(type(x))

    # -- decoding ------------------------------------------------------------------------------

    def loads(self, text: str | bytes) -> Any:
        """The object that :meth:`dumps` wrote as *text*; :class:`DecodeError` for anything else."""
        try:
            return json.loads(text, object_hook=self._hook)
        except (ValueError, TypeError, RecursionError) as exc:   # DecodeError is a ValueError
            raise DecodeError(str(exc)) from None

    def _hook(self, data: dict) -> Any:
        """One JSON object, its insides already decoded (json calls this bottom-up).  The encoder writes
        a tag as an object's first key, and never a plain dict with a key that starts with '$'."""
        tag = next(iter(data), "")
        if tag[:1] != "$":
            return data
        if tag == "$dataclass":
            return self._build(data)
        if len(data) != 1:
            raise DecodeError(f"malformed {tag}")
        value = data[tag]
        if tag == "$tuple":
            return tuple(_list(value))
        if tag == "$dict":
            return dict(_pair(p) for p in _list(value))
        if tag == "$set":
            return set(_list(value))
        if tag == "$frozenset":
            return frozenset(_list(value))
        if tag == "$path":
            if not isinstance(value, str):
                raise DecodeError("a path must be text")
            return Path(value)
        if tag[1:] in self._by_tag:
            return self._by_tag[tag[1:]](value)
        raise DecodeError(f"unknown tag {tag}")

    def _build(self, data: dict) -> Any:
        name, fields = data.get("$dataclass"), data.get("fields")
        if not isinstance(name, str) or not isinstance(fields, dict) or len(data) != 2:
            raise DecodeError("malformed dataclass")
        cls, init_names, late_names = self._classes.get(name) or self._resolve(name)
        if not fields.keys() <= init_names | late_names:
            raise DecodeError(f"{name}: unknown fields {sorted(fields.keys() - init_names - late_names)}")
        try:
            obj = cls(**{k: v for k, v in fields.items() if k in init_names})
        except TypeError as exc:
            raise DecodeError(f"{name}: {exc}") from None
        for k in late_names & fields.keys():   # fields set after construction (where a parsed line was, say)
            object.__setattr__(obj, k, fields[k])
        return obj

    def _resolve(self, name: str) -> tuple:
        module, _, qualname = name.partition(":")
        cls = getattr(sys.modules.get(module), qualname, None) if "." not in qualname else None
        if cls is None or not isinstance(cls, type) or not dataclasses.is_dataclass(cls) or not self._trusts(cls):
            raise DecodeError(f"{name} is not a class this cache may build")
        fields = dataclasses.fields(cls)
        entry = (cls, frozenset(f.name for f in fields if f.init), frozenset(f.name for f in fields if not f.init))
        self._classes[name] = entry
        return entry

    def _trusts(self, cls: type) -> bool:
        return cls.__module__.startswith(self.trusted)


def _list(value) -> list:
    if not isinstance(value, list):
        raise DecodeError("expected a list")
    return value


def _pair(value) -> list:
    if not isinstance(value, list) or len(value) != 2:
        raise DecodeError("expected a key-value pair")
    return value

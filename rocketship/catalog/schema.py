"""The catalogue schema: dataclasses that say which fields a file may hold.

A catalogue file is TOML.  Every number is written with its unit and its
provenance, as an inline table::

    dry_mass = { value = "25.6 t", source = "sfi", confidence = "B" }
    build_cost = { low = "20e6 USD", mode = "30e6 USD", high = "45e6 USD",
                   source = "assumption", confidence = "C", assumption = true,
                   note = "why we think so" }

``source`` names an entry of the file's ``[sources]`` table (title, url,
retrieved date).  ``confidence`` is A (textbook/standard), B (primary
statement), C (secondary), D (derived by us from sourced figures, formula in
the note) or M (marketing target).  A value that is ours says
``assumption = true`` and gives its reasoning in ``note``.

The dataclasses below *are* the schema: :func:`build` walks their fields,
so a field documented here is a field the loader checks, and an unknown key
in a file is an error that suggests the nearest known one.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from ..units import Quantity

from ..errors import CatalogError, close_matches

CONFIDENCE = {
    "A": "textbook or standard",
    "B": "primary statement (manufacturer, operator, agency)",
    "C": "secondary (press, wiki, forum, third-party estimate)",
    "D": "derived by us from sourced figures",
    "M": "marketing claim or target",
}


@dataclass(frozen=True)
class Source:
    """Where a figure comes from."""

    key: str
    title: str
    url: str = ""
    retrieved: str = ""
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """One catalogue number: SI value, optional low/high range, and provenance.

    ``value`` is the mode (most likely value) in SI units (``si_unit``);
    ``written`` is the text as the file wrote it, kept for display.
    """

    path: str
    value: float
    si_unit: str
    written: str
    source: Source
    confidence: str
    low: float | None = None
    high: float | None = None
    assumption: bool = False
    note: str = ""

    @property
    def ranged(self) -> bool:
        return self.low is not None

    def quantity(self) -> Quantity:
        """The value as a pint Quantity in the unit the file used."""
        from ..units import Q_, units_written

        return Q_(self.value, self.si_unit).to(units_written(self.written) if self.written else self.si_unit)


@dataclass(frozen=True)
class Table:
    """A numeric table (e.g. drag coefficient against Mach) with provenance."""

    path: str
    columns: dict[str, tuple[float, ...]]
    source: Source
    confidence: str
    assumption: bool = False
    note: str = ""


# --- bounds on what a file may hold ---------------------------------------------

MAX_TEXT = 2000        #: characters in a text field (a description, a note, a title)
MAX_ID = 64            #: characters in an id
MAX_ENTRIES = 200      #: entries in a list ([[sites]], [[hubs]], a drag table's column, ...) unless declared
MAX_STAGES = 8         #: stages of a rocket
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # tab and newline are text; ESC, bell, ... are not


def text_problem(value: str, limit: int = MAX_TEXT) -> str | None:
    """What is wrong with *value* as catalogue text (too long, a control character), or None."""
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    bad = _CONTROL.search(value)
    if bad:
        return f"holds a control character (U+{ord(bad.group()):04X}); text may not hold terminal or control codes"
    return None


# --- field declarations -----------------------------------------------------

def quantity(dimension: str, *, required: bool = True, positive: bool = False, signed: bool = False,
             minimum: float | None = None, maximum: float | None = None, doc: str = ""):
    """Declare a field holding a :class:`Figure` of *dimension* (not negative unless *signed*), within
    *minimum* and *maximum* (SI) where given."""
    meta = {"kind": "quantity", "dim": dimension, "positive": positive, "signed": signed, "min": minimum,
            "max": maximum, "doc": doc}
    return field(default=None, metadata=meta) if not required else field(metadata=meta)


def text(*, choices: tuple[str, ...] | None = None, required: bool = True, default: str = "", doc: str = ""):
    meta = {"kind": "text", "choices": choices, "doc": doc}
    return field(metadata=meta) if required else field(default=default, metadata=meta)


def identifier(*, doc: str = ""):
    """Declare an id: lower-case letters, digits, '.', '_' and '-', at most MAX_ID characters."""
    return field(metadata={"kind": "text", "choices": None, "id": True, "doc": doc})


def texts(*, required: bool = True, doc: str = ""):
    """Declare a field holding a list of strings."""
    meta = {"kind": "texts", "doc": doc}
    return field(metadata=meta) if required else field(default=(), metadata=meta)


def section(cls, *, required: bool = True, doc: str = ""):
    meta = {"kind": "section", "cls": cls, "doc": doc}
    return field(metadata=meta) if required else field(default=None, metadata=meta)


def sections(cls, *, minimum: int = 1, maximum: int = MAX_ENTRIES, doc: str = ""):
    meta = {"kind": "list", "cls": cls, "min": minimum, "max": maximum, "doc": doc}
    return field(metadata=meta)


def table(columns: dict[str, str], *, required: bool = True, signed: bool = False, doc: str = ""):
    """Declare a numeric table; *columns* maps column name to dimension (negative numbers only if *signed*)."""
    meta = {"kind": "table", "columns": columns, "signed": signed, "doc": doc}
    return field(metadata=meta) if required else field(default=None, metadata=meta)


# --- the builder --------------------------------------------------------------

_PROVENANCE_KEYS = {"source", "confidence", "assumption", "note"}


class _Context:
    def __init__(self, file: str, sources: dict[str, Source]):
        self.file = file
        self.sources = sources

    def fail(self, path: str | None, problem: str) -> NoReturn:
        raise CatalogError(self.file, path, problem)


def read_sources(raw: Any, file: str) -> dict[str, Source]:
    """Parse the ``[sources]`` table: ``key = { title, url, retrieved, note }``."""
    if raw is None:
        raise CatalogError(file, "sources", "missing: every file needs a [sources] table that its figures cite")
    if not isinstance(raw, dict) or not raw:
        raise CatalogError(file, "sources", "must be a table of named sources, e.g. [sources.boeing] title = \"...\"")
    if len(raw) > MAX_ENTRIES:
        raise CatalogError(file, "sources", f"has {len(raw):,} entries; at most {MAX_ENTRIES} are allowed")
    out = {}
    for key, entry in raw.items():
        where = f"sources.{key}"
        if len(key) > MAX_ID or text_problem(key):
            raise CatalogError(file, "sources", f"a source key must be a short name (at most {MAX_ID} characters)")
        if not isinstance(entry, dict):
            raise CatalogError(file, where, "must be a table with at least a title")
        unknown = set(entry) - {"title", "url", "retrieved", "note"}
        if unknown:
            raise CatalogError(file, f"{where}.{sorted(unknown)[0]}", "unknown key; use title, url, retrieved, note")
        if not isinstance(entry.get("title"), str) or not entry["title"].strip():
            raise CatalogError(file, f"{where}.title", "missing: say what the source is")
        for k, v in entry.items():
            problem = text_problem(str(v))
            if problem:
                raise CatalogError(file, f"{where}.{k}", problem)
        out[key] = Source(key=key, **{k: str(v) for k, v in entry.items()})
    return out


def _provenance(raw: dict, path: str, ctx: _Context) -> dict:
    src = raw.get("source")
    if src is None:
        ctx.fail(path, "no source: every number needs source = \"<key of [sources]>\"")
    if src not in ctx.sources:
        hint = close_matches(str(src), ctx.sources)
        ctx.fail(f"{path}.source", f"{src!r} is not in [sources]" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    conf = raw.get("confidence")
    if conf not in CONFIDENCE:
        ctx.fail(f"{path}.confidence", f"must be one of {', '.join(CONFIDENCE)} (got {_shown(conf)})")
    assumption = raw.get("assumption", False)
    if not isinstance(assumption, bool):
        ctx.fail(f"{path}.assumption", "must be true or false")
    note = raw.get("note", "")
    problem = text_problem(note) if isinstance(note, str) else "must be text"
    if problem:
        ctx.fail(f"{path}.note", problem)
    if assumption and not str(note).strip():
        ctx.fail(f"{path}.note", "an assumption must say its reasoning in note = \"...\"")
    return {"source": ctx.sources[src], "confidence": conf, "assumption": assumption, "note": str(note)}


def _parse_figure(raw: Any, path: str, meta: Mapping[str, Any], ctx: _Context) -> Figure:
    from ..errors import InputError
    from ..units import DIMENSIONS, as_quantity

    dim = DIMENSIONS[meta["dim"]]
    if not isinstance(raw, dict):
        ctx.fail(path, f"must be a table like {{ value = \"{dim.example}\", source = \"...\", confidence = \"B\" }}")
    unknown = set(raw) - _PROVENANCE_KEYS - {"value", "low", "mode", "high"}
    if unknown:
        key = sorted(unknown)[0]
        hint = close_matches(key, ["value", "low", "mode", "high", *_PROVENANCE_KEYS])
        ctx.fail(f"{path}.{key}", "unknown key" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    ranged = "mode" in raw or "low" in raw or "high" in raw
    if ranged and "value" in raw:
        ctx.fail(path, "give either value, or low/mode/high, not both")
    if ranged and not all(k in raw for k in ("low", "mode", "high")):
        ctx.fail(path, "a range needs all three of low, mode and high")
    if not ranged and "value" not in raw:
        ctx.fail(f"{path}.value", f"missing: give value = \"{dim.example}\" (a number with its unit)")
    keys = ("low", "mode", "high") if ranged else ("value",)
    si = {}
    for key in keys:
        written = raw[key]
        if not isinstance(written, str):
            ctx.fail(f"{path}.{key}", f"write the unit in the value as a string, e.g. \"{dim.example}\" (got {_shown(written)})")
        try:
            q = as_quantity(written, dim.name, name=f"{path}.{key}", nonnegative=not meta.get("signed"))
        except InputError as exc:
            msg = str(exc).split(": ", 1)[-1]
            ctx.fail(f"{path}.{key}", msg)
        from ..units import _factor

        si[key] = float(q.magnitude) * _factor(q.units, dim.si)
        if meta.get("positive") and si[key] <= 0:
            ctx.fail(f"{path}.{key}", f"must be greater than zero (got {_shown(written)})")
        unit = f" {dim.si}" if dim.si else ""
        if meta.get("min") is not None and si[key] < meta["min"]:
            ctx.fail(f"{path}.{key}", f"must be at least {meta['min']:g}{unit} (got {_shown(written)})")
        if meta.get("max") is not None and si[key] > meta["max"]:
            ctx.fail(f"{path}.{key}", f"must not exceed {meta['max']:g}{unit} (got {_shown(written)})")
    if ranged and not si["low"] <= si["mode"] <= si["high"]:
        ctx.fail(path, "low <= mode <= high must hold")
    mode_key = "mode" if ranged else "value"
    return Figure(path=path, value=si[mode_key], si_unit=dim.si, written=raw[mode_key],
                  low=si.get("low"), high=si.get("high"), **_provenance(raw, path, ctx))


def _parse_table(raw: Any, path: str, meta: Mapping[str, Any], ctx: _Context) -> Table:
    from ..units import DIMENSIONS, Q_

    cols: dict[str, str] = meta["columns"]
    if not isinstance(raw, dict):
        ctx.fail(path, f"must be a table with columns {', '.join(cols)} and a source")
    unknown = set(raw) - _PROVENANCE_KEYS - set(cols) - {"units"}
    if unknown:
        ctx.fail(f"{path}.{sorted(unknown)[0]}", f"unknown key; columns are {', '.join(cols)}")
    units = raw.get("units", {})
    if not isinstance(units, dict):
        ctx.fail(f"{path}.units", "must map column name to unit string")
    values: dict[str, tuple[float, ...]] = {}
    n = None
    for col, dim_name in cols.items():
        data = raw.get(col)
        if not isinstance(data, list) or not data or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in data):
            ctx.fail(f"{path}.{col}", "must be a non-empty list of numbers")
        if len(data) > MAX_ENTRIES:
            ctx.fail(f"{path}.{col}", f"has {len(data):,} entries; at most {MAX_ENTRIES} are allowed")
        if not all(math.isfinite(x) and (meta.get("signed") or x >= 0) for x in data):
            ctx.fail(f"{path}.{col}", "numbers must be finite" + ("" if meta.get("signed") else " and not negative"))
        if n is not None and len(data) != n:
            ctx.fail(f"{path}.{col}", f"has {len(data)} entries; the other columns have {n}")
        n = len(data)
        dim = DIMENSIONS[dim_name]
        unit = units.get(col, "" if dim.name in ("fraction", "angle") and not dim.si else None)
        if unit is None:
            ctx.fail(f"{path}.units.{col}", f"missing: say the unit of column {col!r}, e.g. units = {{ {col} = \"{dim.si}\" }}")
        try:
            factor = Q_(1.0, unit).to(dim.si if dim.si else "").magnitude
        except Exception:
            ctx.fail(f"{path}.units.{col}", f"{unit!r} is not a unit of {dim.name}")
        values[col] = tuple(float(x) * factor for x in data)
    first = next(iter(cols))
    if any(b <= a for a, b in zip(values[first], values[first][1:])):
        ctx.fail(f"{path}.{first}", "must be strictly increasing")
    return Table(path=path, columns=values, **_provenance(raw, path, ctx))


def build(cls: Any, raw: Any, path: str, ctx: _Context) -> Any:
    """Build dataclass *cls* from the TOML table *raw*, validating every field."""
    if not isinstance(raw, dict):
        ctx.fail(path or None, "must be a table")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.metadata}
    unknown = set(raw) - set(fields) - {"sources", "schema"}
    if unknown:
        key = sorted(unknown)[0]
        hint = close_matches(key, fields)
        ctx.fail(_join(path, key), "unknown field" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    values: dict[str, Any] = {}
    for name, f in fields.items():
        meta = f.metadata
        where = _join(path, name)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if name not in raw:
            if required:
                ctx.fail(where, "missing" + (f": {meta['doc']}" if meta.get("doc") else ""))
            continue
        item = raw[name]
        kind = meta["kind"]
        if kind == "quantity":
            values[name] = _parse_figure(item, where, meta, ctx)
        elif kind == "table":
            values[name] = _parse_table(item, where, meta, ctx)
        elif kind == "text":
            values[name] = _text(item, where, meta, ctx)
        elif kind == "texts":
            if not isinstance(item, list) or not all(isinstance(x, str) for x in item):
                ctx.fail(where, f"must be a list of text (got {_shown(item)})")
            if len(item) > MAX_ENTRIES:
                ctx.fail(where, f"has {len(item):,} entries; at most {MAX_ENTRIES} are allowed")
            values[name] = tuple(_text(x, f"{where}[{i}]", {"choices": None}, ctx) for i, x in enumerate(item))
        elif kind == "section":
            values[name] = build(meta["cls"], item, where, ctx)
        elif kind == "list":
            if not isinstance(item, list) or len(item) < meta["min"]:
                ctx.fail(where, f"needs at least {meta['min']} entr{'y' if meta['min'] == 1 else 'ies'} ([[{name}]] tables)")
            if len(item) > meta["max"]:
                ctx.fail(where, f"has {len(item):,} entries; at most {meta['max']} are allowed")
            values[name] = tuple(build(meta["cls"], x, f"{where}[{i}]", ctx) for i, x in enumerate(item))
    return cls(**values)


def _text(item: Any, where: str, meta: Mapping[str, Any], ctx: _Context) -> str:
    if not isinstance(item, str):
        ctx.fail(where, f"must be text (got {_shown(item)})")
    if meta.get("id"):
        if len(item) > MAX_ID or not ID_PATTERN.match(item):
            ctx.fail(where, f"must be an id of at most {MAX_ID} lower-case letters, digits, '.', '_' or '-', "
                            f"starting with a letter or digit (got {_shown(item)})")
    elif (problem := text_problem(item)) is not None:
        ctx.fail(where, problem)
    if meta["choices"] and item not in meta["choices"]:
        ctx.fail(where, f"must be one of {', '.join(meta['choices'])} (got {_shown(item)})")
    return item


def _shown(value: Any, limit: int = 60) -> str:
    """*value* as it may appear in a one-line message: repr, control codes escaped, cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def figures(obj: object) -> Iterator[Figure | Table]:
    """Yield every :class:`Figure` and :class:`Table` inside a built catalogue object."""
    if isinstance(obj, (Figure, Table)):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from figures(getattr(obj, f.name))
    elif isinstance(obj, tuple):
        for x in obj:
            yield from figures(x)


def parse_file(cls, path, validate=None):
    """Read a TOML catalogue file into dataclass *cls*: sources, fields, then *validate(obj, file)*.

    The built object gets its ``sources`` table and ``path`` attached.
    """
    from .files import read_toml

    raw = read_toml(path)
    file = str(path)
    ctx = _Context(file, read_sources(raw.get("sources"), file))
    obj = build(cls, raw, "", ctx)
    if validate is not None:
        validate(obj, file, ctx)
    object.__setattr__(obj, "sources", ctx.sources)
    object.__setattr__(obj, "path", path)
    return obj

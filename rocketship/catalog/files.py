"""Finding and reading catalogue files: shipped ones by id, or a user's path."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from ..errors import CatalogError, UnknownNameError, close_matches

_T = TypeVar("_T")

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def data_dir(kind: str) -> Path:
    """The folder of shipped ``vehicles`` or ``routes``.

    In a built wheel they sit inside the package (``rocketship/_data``); in a
    checkout or an editable install they are the top-level folders.
    """
    for candidate in (_PACKAGE / "_data" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise CatalogError(str(_PACKAGE / "_data" / kind), None, f"the shipped {kind} catalogue is missing from this installation")


def shipped_ids(kind: str) -> list[str]:
    return sorted(p.stem for p in data_dir(kind).glob("*.toml"))


def looks_like_path(name: str) -> bool:
    return name.endswith(".toml") or "/" in name or "\\" in name


def locate(kind: str, name: object, what: str) -> Path:
    """Path of the shipped file *name* in *kind*, or the user's own file path."""
    if not isinstance(name, (str, Path)) or not str(name).strip():
        from ..errors import InputError

        raise InputError(f"{what} must be an id such as {shipped_ids(kind)[0]!r} or a path to a .toml file")
    name = str(name)
    if looks_like_path(name):
        path = Path(name).expanduser()
        try:
            found = path.is_file()
        except OSError as exc:   # a name too long for the file system, say
            raise CatalogError(name, None, f"cannot read: {exc.strerror}") from None
        if not found:
            raise CatalogError(name, None, "no such file")
        return path
    from .schema import ID_PATTERN, MAX_ID

    path = data_dir(kind) / f"{name.lower()}.toml"
    if len(name) > MAX_ID or not ID_PATTERN.match(name.lower()) or not path.is_file():
        raise UnknownNameError(what, name[:MAX_ID] + ("…" if len(name) > MAX_ID else ""),
                               close_matches(name.lower()[:MAX_ID], shipped_ids(kind), cutoff=0.4))
    return path


MAX_FILE_BYTES = 1024 * 1024   #: the largest catalogue or user file read (the biggest shipped one is ~20 kB)
MAX_DEPTH = 12                  #: tables and arrays nested deeper than this are refused


def read_bytes(path: Path, what: str = "file") -> bytes:
    """The bytes of a user's or the catalogue's *path*, refusing what is not a readable file of at most
    MAX_FILE_BYTES (:class:`CatalogError`, exit 4)."""
    if os.path.exists(path) and not os.path.isfile(path):   # a folder, or a pipe or device that may never end
        article = "an" if what[:1].lower() in "aeiou" else "a"
        raise CatalogError(str(path), None, f"not {article} {what}: it is a folder, a pipe or a device")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CatalogError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise CatalogError(str(path), None, f"larger than the {MAX_FILE_BYTES // 1024:,} kB a {what} may be")
    return data


def read_toml(path: Path) -> dict:
    data = read_bytes(path, "catalogue file")
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise CatalogError(str(path), None, "not a UTF-8 text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(str(path), None, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise CatalogError(str(path), None, f"nested deeper than {MAX_DEPTH} levels") from None
    where = _too_deep(doc)
    if where is not None:
        raise CatalogError(str(path), where, f"nested deeper than {MAX_DEPTH} levels")
    return doc


def _too_deep(doc: dict) -> str | None:
    """The path of the first value nested deeper than MAX_DEPTH, or None (walked without recursion)."""
    stack: list[tuple[dict | list, str, int]] = [(doc, "", 0)]
    while stack:
        node, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            return where or None
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append((value, f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}".lstrip("."),
                              depth + 1))
    return None


@cache
def _schema_stamp() -> str:
    """Sizes and times of the catalogue's own code: a changed schema never meets an old cache entry."""
    here = Path(__file__).resolve().parent
    parts = [here.parent / "units.py", *sorted(here.glob("*.py"))]
    return ";".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in parts)


@cache
def _codec():
    """The catalogue's own dataclasses, and nothing else, may come back out of the disk cache."""
    from ..datacodec import DataCodec

    return DataCodec(("rocketship.catalog.",))


def cached_parse(path: Path, parser: Callable[[Path], _T]) -> _T:
    """``parser(path)``, memoised in rocketship's cache folder (:mod:`rocketship.diskcache`) as data,
    keyed by the file's path, size, modification time, the package version and the schema's code —
    parsing hundreds of quantities costs ~50 ms a run, reading the entry back a few.  Any trouble
    with the cache means a plain parse."""
    from .. import __version__
    from ..diskcache import discard, read_entry, write_entry

    try:
        st = path.stat()
        key = (f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{__version__}|{parser.__module__}.{parser.__name__}|"
               f"{_schema_stamp()}")
    except OSError:
        return parser(path)
    text = read_entry("catalog", key)
    if text is not None:
        try:
            return _codec().loads(text)
        except ValueError:
            discard("catalog", key)
    obj = parser(path)
    text = _codec().dumps(obj)
    if text is not None:
        write_entry("catalog", key, text)
    return obj


def load_market(file: str, parser, path: str | None = None):
    """The shipped ``routes/markets/<file>`` catalogue, or the user's *path* in its place, parsed by
    *parser* through the disk cache."""
    return cached_parse(Path(path) if path else data_dir("routes") / "markets" / file, parser)

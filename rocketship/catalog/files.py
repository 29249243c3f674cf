"""Finding and reading catalogue files: shipped ones by id, or a user's path."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from ..errors import CatalogError, UnknownNameError, close_matches

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


def locate(kind: str, name: str, what: str) -> Path:
    """Path of the shipped file *name* in *kind*, or the user's own file path."""
    if not isinstance(name, (str, Path)) or not str(name).strip():
        from ..errors import InputError

        raise InputError(f"{what} must be an id such as {shipped_ids(kind)[0]!r} or a path to a .toml file")
    name = str(name)
    if looks_like_path(name):
        path = Path(name).expanduser()
        if not path.is_file():
            raise CatalogError(name, None, "no such file")
        return path
    path = data_dir(kind) / f"{name.lower()}.toml"
    if not path.is_file():
        raise UnknownNameError(what, name, close_matches(name.lower(), shipped_ids(kind), cutoff=0.4))
    return path


def read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(str(path), None, f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise CatalogError(str(path), None, f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CatalogError(str(path), None, "not a UTF-8 text file") from None


@cache
def _schema_stamp() -> str:
    """Sizes and times of the catalogue's own code: a changed schema never meets an old cache entry."""
    here = Path(__file__).resolve().parent
    parts = [here.parent / "units.py", *sorted(here.glob("*.py"))]
    return ";".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in parts)


def cached_parse(path: Path, parser):
    """``parser(path)``, memoised on disk in the user's cache folder, keyed by the file's path, size,
    modification time and the package version — parsing hundreds of quantities costs ~50 ms a run,
    unpickling the result ~1 ms.  Any trouble with the cache means a plain parse."""
    import hashlib
    import os
    import pickle
    import tempfile

    from .. import __version__
    from .cache import cache_dir

    try:
        st = path.stat()
        key = (f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{__version__}|{parser.__module__}.{parser.__name__}|"
               f"{_schema_stamp()}")
        target = cache_dir() / "catalog" / (hashlib.sha1(key.encode()).hexdigest() + ".pkl")
        if target.is_file():
            with open(target, "rb") as fh:
                return pickle.load(fh)
    except Exception:
        target = None
    obj = parser(path)
    if target is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except Exception:
            pass
    return obj


def load_market(file: str, parser, path: str | None = None):
    """The shipped ``routes/markets/<file>`` catalogue, or the user's *path* in its place, parsed by
    *parser* through the disk cache."""
    return cached_parse(Path(path) if path else data_dir("routes") / "markets" / file, parser)

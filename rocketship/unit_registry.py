"""pint's default unit registry, built without pint's own disk cache.

pint's ``cache_folder=":auto:"`` pickles its parsed definitions into
``~/.cache/pint``, written in place: a full disk leaves a truncated pickle
that breaks every later run, two first runs at once can read half a file,
no writable home breaks ``import``, and a pickle planted there runs code.
Without any cache, parsing ``default_en.txt`` and deriving pint's tables
costs ~130 ms on every start.

So rocketship keeps the same two things — the parsed definitions and the
derived tables (pint's ``RegistryCache``) — as *data* in its own cache
folder (:mod:`rocketship.diskcache`: private, atomic, never an error),
encoded by a :class:`~rocketship.datacodec.DataCodec` that can build only
pint's own definition dataclasses.  The entry is keyed by pint's version and
its definition files, and is written only if it reads back equal to what
pint built.  Any trouble means pint parses its files as usual.

This leans on three pint internals (``_helper_dispatch_adder``, ``_cache``
and ``_caches``); tests/unit/test_unit_registry.py checks that a registry
built from the cache equals one pint builds itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .datacodec import DataCodec
from .diskcache import discard, read_entry, write_entry

# pint imports dask at its own import whenever Dask is installed (pint.compat's HAS_DASK, for Quantities of Dask
# arrays, which rocketship never makes): ~80 ms and Dask's config files on every command, for nothing.  So pint
# is imported with Dask hidden from that probe (importlib's find_spec answers None for a name held as None in
# sys.modules) unless Dask is imported already; rocketship.cluster imports Dask itself when given a cluster.
_HIDE_DASK = "dask" not in sys.modules
if _HIDE_DASK:
    sys.modules["dask"] = None  # type: ignore[assignment]
try:
    import pint
    from pint.facets.plain.registry import RegistryCache
    from pint.util import ParserHelper, UnitsContainer
finally:
    if _HIDE_DASK:
        del sys.modules["dask"]

_KIND = "units"
_CODEC_VERSION = "1"


def _container_data(uc: UnitsContainer) -> dict:
    return dict(uc._d)


def _helper_data(ph: ParserHelper) -> dict:
    return {"scale": ph.scale, "units": dict(ph._d)}


def _cache_data(cache: RegistryCache) -> dict:
    return dict(vars(cache))


def _cache_from(data: dict) -> RegistryCache:
    cache = RegistryCache()
    if set(data) != set(vars(cache)):
        raise ValueError("a RegistryCache of another pint")
    for name, value in data.items():
        setattr(cache, name, value)
    return cache


CODEC = DataCodec(("pint.",), specials=[
    ("units", UnitsContainer, _container_data, lambda d: UnitsContainer(d)),
    ("parser_helper", ParserHelper, _helper_data, lambda d: ParserHelper(d["scale"], d["units"])),
    ("registry_cache", RegistryCache, _cache_data, _cache_from),
])


def _key(path: Path) -> str:
    """pint's version, the Python that built the entry, and the size and time of every definition file."""
    files = sorted(Path(path).parent.glob("*.txt"))
    stamps = ";".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
    return f"pint {pint.__version__}|python {sys.version_info[:2]}|codec {_CODEC_VERSION}|{stamps}"


def _stored(key: str) -> list | None:
    """[definitions, tables] from the cache, or None."""
    text = read_entry(_KIND, key)
    if text is None:
        return None
    try:
        state = CODEC.loads(text)
    except ValueError:
        state = None
    if isinstance(state, list) and len(state) == 2 and isinstance(state[0], list) and isinstance(state[1], RegistryCache):
        return state
    discard(_KIND, key)
    return None


class _CachedRegistry(pint.UnitRegistry):
    """A pint UnitRegistry whose default definitions and derived tables come from rocketship's cache."""

    def load_definitions(self, file, is_resource: bool = False):
        if not is_resource:   # a user's own definitions: pint as usual
            return super().load_definitions(file, is_resource)
        key = _key(file)
        state = _stored(key)
        if state is None:
            parser = self._def_parser
            assert parser is not None   # pint's __init__ makes it before it loads any definitions
            definitions = list(parser.iter_parsed_project(parser.parse_file(file)))
            self._pending = (key, definitions)
        else:
            definitions, self._stored_tables = state
        for definition in definitions:
            self._helper_dispatch_adder(definition)
        return None

    def _build_cache(self, loaded_files=None) -> None:
        stored = self.__dict__.pop("_stored_tables", None)
        if stored is None:
            super()._build_cache(loaded_files)
            pending = self.__dict__.pop("_pending", None)
            if pending is not None:
                text = CODEC.dumps([pending[1], self._cache])
                if text is not None:
                    write_entry(_KIND, pending[0], text)
            return
        # what pint's own build ends with: the tables, also as the tables of "no active context"
        self._cache = stored
        self._caches[()] = stored


def build_registry() -> pint.UnitRegistry:
    """pint's default registry (see the module doc); never touches ``~/.cache/pint``."""
    try:
        return _CachedRegistry(cache_folder=None)
    except Exception:   # a cache entry pint cannot take (another pint, a damaged file): build it plainly
        return pint.UnitRegistry(cache_folder=None)

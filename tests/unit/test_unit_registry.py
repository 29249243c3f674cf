"""The unit registry rocketship builds from its own (data-only) cache equals the one pint builds itself."""

import pint
import pytest

from rocketship import diskcache
from rocketship.unit_registry import _CachedRegistry, build_registry


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "rocketship"


def _tables(reg):
    import copy

    return copy.deepcopy(vars(reg._cache)), reg._caches[()] is reg._cache


def _definitions(reg):
    return (dict(reg._units), dict(reg._prefixes), dict(reg._dimensions), set(reg._groups), set(reg._systems),
            set(reg._contexts), reg._defaults)


def test_a_registry_from_the_cache_equals_pints_own(fresh_cache):
    reference = pint.UnitRegistry(cache_folder=None)
    first = build_registry()                       # parses, and writes the entry
    assert [p.name.split("-")[0] for p in diskcache.files()] == ["units"]
    second = build_registry()                      # reads the entry
    assert isinstance(second, _CachedRegistry)
    assert _tables(first) == _tables(reference) == _tables(second)
    # pint's own build also files the prefixed units it met on the way (decimeter, ...); a registry read
    # from the cache files them when first used, as pint's does from its own cache
    for reg in (first, second):
        for name in set(reference._units) - set(reg._units):
            reg.parse_units(name)
    assert _definitions(first) == _definitions(reference) == _definitions(second)
    for text, unit, value in (("10 t", "kg", 1e4), ("22000 lb", "kg", 22000 * 0.45359237), ("1 kWh", "J", 3.6e6),
                              ("1 nmi", "m", 1852.0), ("100 km/h", "m/s", 100 / 3.6)):
        assert second.Quantity(text).to(unit).magnitude == pytest.approx(value)
    with second.context("sp"):
        assert second.Quantity(500, "nm").to("THz").magnitude == pytest.approx(599.584916)


def test_pints_own_disk_cache_is_never_used(fresh_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    build_registry()
    assert not (tmp_path / "home" / ".cache" / "pint").exists()


def test_a_damaged_or_foreign_entry_means_a_plain_build(fresh_cache):
    build_registry()
    (entry,) = diskcache.files()
    header = entry.read_bytes().split(b"\n", 1)[0]
    for body in (b"", b"[1, 2]", b'{"$dataclass": "os:system", "fields": {}}', b'[[{"$dataclass": '
                 b'"rocketship.units:Dimension", "fields": {}}], 1]'):
        entry.write_bytes(header + b"\n" + body)
        reg = build_registry()
        assert reg.Quantity("10 t").to("kg").magnitude == 1e4
    assert len(diskcache.files()) == 1   # rewritten whole


def test_no_usable_cache_still_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("not a folder")
    assert build_registry().Quantity("1 t").to("kg").magnitude == 1000

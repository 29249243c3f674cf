"""Catalogues: every shipped file loads with full provenance; broken files fail clearly."""

from pathlib import Path

import pytest

from rocketship.catalog import available_routes, load_vehicle
from rocketship.catalog.files import data_dir, shipped_ids
from rocketship.catalog.schema import CONFIDENCE, Figure, figures
from rocketship.catalog.vehicles import parse_vehicle
from rocketship.errors import CatalogError, InputError, UnknownNameError

from ..conftest import DATA

BAD = sorted((DATA / "catalog_bad").glob("*.toml"))


def test_required_vehicles_are_shipped():
    ids = set(shipped_ids("vehicles"))
    assert {"xzy-1", "falcon-9", "starship", "boeing-777f", "boeing-747-8f", "airbus-a350f"} <= ids


@pytest.mark.parametrize("vid", shipped_ids("vehicles"))
def test_every_figure_has_source_and_confidence(vid):
    v = load_vehicle(vid)
    figs = list(figures(v))
    assert len(figs) > 8
    for f in figs:
        assert f.source.title.strip(), f.path
        assert f.confidence in CONFIDENCE, f.path
        if f.assumption:
            assert f.note.strip(), f"{vid} {f.path}: an assumption must explain itself"
        if isinstance(f, Figure):
            assert f.written, f"{vid} {f.path}: the unit must be written in the value"


def test_every_route_preset_loads_with_provenance():
    routes = available_routes()
    assert {"pek-jfk", "haiyang"} <= {r.id for r in routes}
    for r in routes:
        for s in r.sites:
            for f in (s.lat, s.lon):
                assert f.source.title and f.confidence in CONFIDENCE


def test_xzy1_published_figures():
    """The XZY-1 file keeps the published 575 t lift-off mass (HK01 and ETtoday, 8 Jan 2026) and the 10 t / 120 m³
    bay (Reuters, 1 Apr 2024)."""
    v = load_vehicle("xzy-1")
    assert v.liftoff_mass == pytest.approx(575_000, rel=1e-3)
    assert v.bay.payload.value == 10_000 and v.bay.volume.value == pytest.approx(120)
    assert [s.propellant for s in v.stages] == ["methalox", "methalox"]


def test_falcon9_published_masses():
    """Falcon 9 FT stage masses as on the old SpaceX site (spaceflightinsider.com/hangar/falcon/)."""
    v = load_vehicle("falcon-9")
    s1, s2 = v.stages
    assert (s1.dry_mass.value, s1.propellant_mass.value) == (25600, 395700)
    assert (s2.dry_mass.value, s2.propellant_mass.value) == (3900, 92670)


def test_good_control_file_loads():
    v = parse_vehicle(DATA / "good_rocket.toml")
    assert v.id == "bad" and v.stages[0].dry_mass.value == 10_000


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_broken_files_fail_with_their_message(path: Path):
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(CatalogError) as exc:
        parse_vehicle(path)
    msg = str(exc.value)
    assert str(path) in msg, "the message names the file"
    assert expected in msg
    assert exc.value.exit_code == 4


def test_user_path_and_unknown_id():
    v = load_vehicle(str(DATA / "good_rocket.toml"))
    assert v.name == "Bad rocket"
    with pytest.raises(UnknownNameError) as exc:
        load_vehicle("xzy1")
    assert "xzy-1" in str(exc.value)
    with pytest.raises(CatalogError, match="no such file"):
        load_vehicle("does/not/exist.toml")
    with pytest.raises(InputError, match="not a rocket"):
        load_vehicle("boeing-777f", kind="rocket")


def test_data_dir_found():
    assert (data_dir("vehicles") / "xzy-1.toml").is_file()


BAD_ROUTES = sorted((DATA / "routes_bad").glob("*.toml"))


@pytest.mark.parametrize("path", BAD_ROUTES, ids=[p.stem for p in BAD_ROUTES])
def test_broken_route_files_fail_with_their_message(path, cli):
    from rocketship.catalog.routes import parse_route

    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(CatalogError) as exc:
        parse_route(path)
    assert str(path) in str(exc.value) and expected in str(exc.value)
    code, _, err = cli("routes", str(path))
    assert code == 4 and err.count("\n") == 1


def test_a_bay_denser_than_any_matter_is_refused(tmp_path):
    """10 t in 0.0001 m³ is 100,000 kg/m³, over four times osmium's 22,590 kg/m³ (the densest element, CRC
    Handbook): a typo in the file, refused when it is read (it flew, and the air freight was priced on it)."""
    text = (data_dir("vehicles") / "xzy-1.toml").read_text(encoding="utf-8")
    bad = tmp_path / "dense.toml"
    bad.write_text(text.replace('volume = { value = "120 m**3"', 'volume = { value = "0.0001 m**3"'), encoding="utf-8")
    with pytest.raises(CatalogError, match="denser than any matter"):
        load_vehicle(str(bad))

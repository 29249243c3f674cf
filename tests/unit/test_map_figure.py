"""The route map (``plot --kind map``): written in every format for short, polar and dateline routes, never over
a file without --force, drawn for a route that cannot fly or has no pads, its projection contiguous across the
dateline, and its renderer computing nothing of its own."""

import ast
from pathlib import Path

import numpy as np
import pytest

from rocketship.assessment import assess
from rocketship.core.geodesy import great_circle
from rocketship.report.mapping import extent, project, unproject
from rocketship.routemap import great_circle_line, route_map

ROOT = Path(__file__).resolve().parents[2]
SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF"}


@pytest.fixture(scope="module")
def routes():
    return {pair: assess(*pair) for pair in (("PEK", "JFK"), ("PVG", "ICN"), ("PVG", "LAX"))}


def _texts(monkeypatch, a) -> str:
    """Every text of the map of *a*, as drawn (the file is not written)."""
    pytest.importorskip("matplotlib")
    import matplotlib.text

    from rocketship.report import mapping

    seen = {}

    def keep(fig, path, force):
        seen["text"] = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
        mapping._plt().close(fig)

    monkeypatch.setattr(mapping, "_save", keep)
    mapping.map_figure(a, "unused.png")
    return seen["text"]


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
@pytest.mark.parametrize("pair", [("PEK", "JFK"), ("PVG", "ICN"), ("PVG", "LAX")])
def test_the_map_is_written_in_each_format(routes, tmp_path, pair, fmt):
    pytest.importorskip("matplotlib")
    from rocketship.report.plots import KINDS

    out = tmp_path / f"map.{fmt}"
    KINDS["map"](routes[pair], out)
    data = out.read_bytes()
    assert data.startswith(SIGNATURES[fmt]) and len(data) > 20_000


def test_the_cli_draws_a_map_and_never_over_a_file_without_force(cli, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "map.png"
    code, _, err = cli("plot", "PVG", "ICN", "--kind", "map", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(SIGNATURES["png"])
    out.write_bytes(b"the user's own file")
    code, _, err = cli("plot", "PVG", "ICN", "--kind", "map", "--out", str(out))
    assert code == 2 and "--force" in err and out.read_bytes() == b"the user's own file"
    code, _, err = cli("plot", "PVG", "ICN", "--kind", "map", "--out", str(out), "--force")
    assert code == 0 and out.read_bytes().startswith(SIGNATURES["png"])


def test_the_title_states_the_verdict_in_words(routes, monkeypatch):
    text = _texts(monkeypatch, routes[("PEK", "JFK")])
    assert "PEK→JFK" in text and "does not fly (cargo g limit)" in text
    assert "door to door if it could: rocket" in text and "air express" in text and "air general" in text
    assert "cannot fly: no braking burn" in text
    text = _texts(monkeypatch, assess("PVG", "ICN", vehicle="starship", payload="100t"))
    assert ": flies (" in text and "if it could" not in text and "cannot fly" not in text
    assert "Azimuthal equidistant" in text


def test_a_route_with_no_flight_still_gives_a_map(monkeypatch, tmp_path):
    a = assess("PEK", "JFK", fidelity="simulate")
    assert a.flight.time_of_flight is None
    m = route_map(a)
    assert m.rocket is not None and not m.flown and not m.events and m.launch_pad is not None
    assert ": no flight" in _texts(monkeypatch, a)


def test_a_route_with_no_pads_still_gives_a_map(monkeypatch):
    a = assess("URC", "PEK")
    m = route_map(a)
    assert m.siting_reasons and m.launch_pad is None and not m.rings and not m.sea and m.air
    text = _texts(monkeypatch, a)
    assert "no pads sited" in text and "no sea at least 30 km from land" in text


def test_the_map_draws_what_the_models_computed(routes):
    a = routes[("PVG", "ICN")]
    s, m = a.rocket.siting, route_map(a)
    assert (m.launch_pad, m.landing_zone, m.origin_port, m.destination_port) == s.places()
    for ring_line, pad in zip(m.rings, (s.launch_pad, s.landing_zone)):    # the siting's own offshore distance
        d, _ = great_circle(pad.lat, pad.lon, ring_line.lat, ring_line.lon)
        assert np.allclose(d, s.offshore_distance, rtol=1e-9) and s.offshore_distance == pytest.approx(30e3)
    assert (m.rocket.lat[0], m.rocket.lon[0]) == pytest.approx((s.launch_pad.lat, s.launch_pad.lon))
    assert (m.rocket.lat[-1], m.rocket.lon[-1]) == pytest.approx((s.landing_zone.lat, s.landing_zone.lon))
    names = [e.name for e in m.events]
    assert names == ["braking burn lit", "entry interface", "the air takes hold"]   # in flight order, on the way
    d_all, _ = great_circle(s.launch_pad.lat, s.launch_pad.lon, s.landing_zone.lat, s.landing_zone.lon)
    along = [float(great_circle(s.launch_pad.lat, s.launch_pad.lon, e.lat, e.lon)[0]) for e in m.events]
    assert along == sorted(along) and 0 < along[0] and along[-1] <= d_all * (1 + 1e-9)
    assert [len(line.lat) for line in m.roads] == [2, 2] and len(m.air) == len(a.air.stops) + 1
    for lines in (m.roads, m.sea, m.rings):                                 # each end's lines know their end
        assert [line.end for line in lines] == ["origin", "destination"]


def test_the_projection_keeps_a_dateline_route_in_one_piece():
    lat, lon = great_circle_line([(31.14, 121.81), (33.94, -118.41)])     # PVG → LAX, across 180°
    assert lon.max() > 170 and lon.min() < -110                         # it does cross the dateline
    c_lat, c_lon = lat[len(lat) // 2], lon[len(lon) // 2]
    x, y = project(lat, lon, c_lat, c_lon)
    steps = np.hypot(np.diff(x), np.diff(y))
    assert steps.max() < 30.0                                            # no jump: every step under 30 km
    # the two sides of the dateline meet; and the inverse is the inverse
    assert np.allclose(project(50.0, 179.999, 50.0, 180.0), project(50.0, -179.999, 50.0, 180.0), atol=0.3)
    back_lat, back_lon = unproject(x, y, c_lat, c_lon)
    assert np.allclose(back_lat, lat, atol=1e-7)
    assert np.allclose((back_lon - lon + 180) % 360 - 180, 0.0, atol=1e-7)
    assert np.allclose(project(c_lat, c_lon, c_lat, c_lon), 0.0)
    x0, x1, y0, y1 = extent(x, y)
    assert x0 < x.min() and x1 > x.max() and y0 < y.min() and y1 > y.max()
    assert 0.45 <= (y1 - y0) / (x1 - x0) <= 0.95


def test_the_projection_is_equidistant_from_its_centre():
    lat = np.array([10.0, 60.0, -40.0, 85.0])
    lon = np.array([30.0, -150.0, 170.0, 0.0])
    x, y = project(lat, lon, 35.0, 120.0)
    d, _ = great_circle(35.0, 120.0, lat, lon, radius=6371.0088)
    assert np.allclose(np.hypot(x, y), d, rtol=1e-9)


def test_land_share_reads_the_land_grid():
    from rocketship.catalog.landmask import land_share

    sahara, pacific = (23.0, 12.0), (0.0, -150.0)
    for block in (1, 6, 15):
        share = land_share([sahara[0], pacific[0]], [sahara[1], pacific[1]], block)
        assert share[0] == pytest.approx(1.0) and share[1] == pytest.approx(0.0)
    assert land_share(23.0, 12.0 + 360.0, 6) == pytest.approx(1.0)       # any longitude
    with pytest.raises(ValueError):
        land_share(0.0, 0.0, 4)


def test_the_renderer_imports_no_physics():
    """report/mapping.py draws what routemap computed: it imports nothing from rocketship.core (lint-imports
    holds all of rocketship.report to that; this names the file)."""
    tree = ast.parse((ROOT / "rocketship" / "report" / "mapping.py").read_text())
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert imported and not any("core" in name.split(".") for name in imported)
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'source_modules = ["rocketship.report"]\nforbidden_modules = ["rocketship.core"]' in pyproject


def test_plot_kinds_are_defined_once():
    from rocketship.choices import PLOT_KINDS
    from rocketship.report.plots import KINDS

    assert tuple(KINDS) == PLOT_KINDS and "map" in PLOT_KINDS


def test_a_simulated_track_gets_its_entry_interface_where_it_crosses_120_km():
    from rocketship.core.track import FlightTrack
    from rocketship.routemap import _with_interface

    alt = np.array([0.0, 100e3, 160e3, 130e3, 110e3, 50e3, 0.0])
    down = np.array([0.0, 100e3, 300e3, 400e3, 500e3, 600e3, 700e3])
    track = FlightTrack(downrange=down, altitude=alt, time=np.arange(7.0), phase=np.array(["arc"] * 7),
                        sensed=np.zeros(7), events={"braking burn": (350e3, 150e3)}, simulated=True)
    marks = _with_interface(track)
    assert marks["entry interface"] == pytest.approx((450e3, 120e3)) and marks["braking burn"] == (350e3, 150e3)
    low = FlightTrack(downrange=down, altitude=alt * 0.7, time=np.arange(7.0), phase=np.array(["arc"] * 7),
                      sensed=np.zeros(7), events={}, simulated=True)
    assert "entry interface" not in _with_interface(low)        # an arc that never leaves the air has none


class _Axes:
    """Stands in for matplotlib's axes: keeps the lines drawn (the graticule needs no matplotlib to test)."""

    def __init__(self):
        self.lines = []

    def plot(self, x, y, **style):
        self.lines.append((np.asarray(x), np.asarray(y)))


@pytest.mark.parametrize("across_deg", [0.5, 50, 299, 302.5, 311.3, 360, 450])
def test_the_graticule_covers_any_map_up_to_the_whole_globe(across_deg):
    """The spacing was picked from 1-30° for about ten lines across, and no spacing was left for a map over 300°
    of arc wide: plotting 90,0 -90,0 (311°) or 89,0 -89,0 (302°) ended in StopIteration.  A map that wide, up to
    the whole globe and beyond, is drawn every 30°: 12 meridians, 5 parallels, some of them on the map."""
    from rocketship.report.mapping import GRATICULE_STEPS, KM_PER_DEG, _graticule

    half = across_deg * KM_PER_DEG / 2
    ax = _Axes()
    _graticule(ax, (-half, half, -0.6 * half, 0.6 * half), (0.0, 0.0))
    meridians = [x for x, y in ax.lines if x.size == 721]
    parallels = [x for x, y in ax.lines if x.size == 1441]
    step = 360 // len(meridians)
    assert step in GRATICULE_STEPS and len(parallels) == 180 // step - 1
    assert (step == 30) if across_deg > 300 else (across_deg / step <= 10)
    assert any(np.isfinite(x).any() for x, y in ax.lines)


def test_a_pole_to_pole_route_gets_a_map(cli, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "poles.png"
    code, _, err = cli("plot", "90,0", "-90,0", "--kind", "map", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(SIGNATURES["png"])

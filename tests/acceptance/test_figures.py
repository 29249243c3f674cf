"""Figures are real PNGs of sensible size, and no file is overwritten without --force."""

import struct

import pytest

pytest.importorskip("matplotlib")


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return len(data), width, height


@pytest.mark.parametrize("kind, extra", [("trajectory", []), ("timeline", []), ("cost", []),
                                         ("tornado", ["--samples", "500", "--seed", "1"]),
                                         ("histogram", ["--samples", "500", "--seed", "1"])])
def test_plot_kinds(cli, tmp_path, kind, extra):
    out = tmp_path / f"{kind}.png"
    code, _, err = cli("plot", "PVG", "ICN", "--kind", kind, "--out", str(out), *extra)
    assert code == 0, err
    size, w, h = _png_size(out)
    assert size > 10_000 and 600 <= w <= 4000 and 300 <= h <= 4000


def test_plot_a_simulated_flight(cli, tmp_path):
    """The 3-DOF flight is drawn from its own time history (it once failed with a NameError)."""
    out = tmp_path / "sim.png"
    code, _, err = cli("plot", "PVG", "ICN", "--vehicle", "starship", "--fidelity", "simulate", "--out", str(out))
    assert code == 0, err
    assert _png_size(out)[0] > 10_000


def test_plot_refuses_to_overwrite(cli, tmp_path):
    out = tmp_path / "t.png"
    out.write_bytes(b"the user's own file")
    code, _, err = cli("plot", "PVG", "ICN", "--out", str(out))
    assert code == 2 and "--force" in err and out.read_bytes() == b"the user's own file"
    code, _, _ = cli("plot", "PVG", "ICN", "--out", str(out), "--force")
    assert code == 0 and _png_size(out)[0] > 10_000


def test_tornado_needs_samples(cli, tmp_path):
    code, _, err = cli("plot", "PVG", "ICN", "--kind", "tornado", "--out", str(tmp_path / "x.png"))
    assert code == 2 and "--samples" in err


def test_payload_range_and_matrix_figures(cli, tmp_path):
    code, _, _ = cli("payload-range", "--points", "6", "--plot", str(tmp_path / "pr.png"))
    assert code == 0 and _png_size(tmp_path / "pr.png")[0] > 10_000
    code, _, _ = cli("matrix", "PEK", "ICN", "PVG", "HKG", "--plot", str(tmp_path / "m.png"))
    assert code == 0 and _png_size(tmp_path / "m.png")[0] > 5_000


def test_the_tornado_says_when_its_ranking_read_a_subsample(tmp_path, monkeypatch):
    """Past 20,000 draws the ranking reads a seeded subsample; the figure's title says so, as the text does."""
    import rocketship as rs
    from rocketship.report import plots

    titles = []
    monkeypatch.setattr(plots, "_save", lambda fig, path, force=False: titles.append(fig.axes[0].get_title()))
    plots.tornado_figure(rs.assess("PVG", "ICN", samples=20_001, seed=1), tmp_path / "t.png")
    plots.tornado_figure(rs.assess("PVG", "ICN", samples=500, seed=1), tmp_path / "u.png")
    assert titles == ["What moves the cost per kg (a random 20,000 of the 20,001 samples, seeded)",
                      "What moves the cost per kg (500 samples)"]

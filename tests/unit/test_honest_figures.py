"""Honest headline figures, and no answer fabricated for a flight that cannot fly.

With Monte Carlo samples the headline is the median with its p10-p90 beside it (once, the point values
sat at the catalogue modes, at or below p10 for right-skewed ranges); without, the report says once
that the figures are the most-likely values.  A flight that cannot fly gets no finding: its economics
are marked "if it could fly", its cargo-class verdicts are withheld, and the simulate tier reports no
flight rather than zeros and NaNs.
"""

import json
import math

import pytest

from rocketship import Q_, assess
from rocketship.economics import Basis

from ..conftest import DATA


def _bands(e):
    """(name, value as a float in the band's unit, band) for every headline figure that has a band."""
    out = []
    for key, band in e.bands.items():
        q = getattr(e, key, None)
        if q is not None:
            out.append((key, q.m_as(band.unit) if hasattr(q, "m_as") else q, band))
    for sid, p in e.versus.items():
        for key, band in p.bands.items():
            q = getattr(p, key)
            value = math.inf if q is None else (q.m_as(band.unit) if hasattr(q, "m_as") else q)
            out.append((f"{sid}.{key}", value, band))
    return out


@pytest.mark.parametrize("route, vehicle, seed, g_limit", [(("PVG", "ICN"), "starship", 1, None),
                                                            (("PVG", "ICN"), "xzy-1", 2, None),
                                                            (("PEK", "JFK"), "xzy-1", 3, None),
                                                            (("JFK", "SIN"), str(DATA / "capable_rocket.toml"), 4,
                                                             "80 g0")])
def test_with_samples_every_headline_figure_lies_in_its_own_band(route, vehicle, seed, g_limit):
    a = assess(*route, vehicle=vehicle, samples=1500, seed=seed, g_limit=g_limit)
    e = a.economics
    assert e.basis is Basis.MEDIAN and e.samples == 1500
    checked = _bands(e)
    assert len(checked) >= 5 + 2 * 7
    for name, value, band in checked:
        assert band.p10 <= value <= band.p90, (name, value, band)
    # the JSON carries the same: value, with p10 and p90 beside it (null: +inf, the rocket never faster)
    data = json.loads(json.dumps(a.to_dict()["economics"], default=str))

    def walk(node):
        if isinstance(node, dict):
            if {"value", "p10", "p90"} <= set(node):
                v = math.inf if node["value"] is None else node["value"]
                lo = math.inf if node["p10"] is None else node["p10"]
                hi = math.inf if node["p90"] is None else node["p90"]
                assert lo <= v <= hi, node
                yield node
            for child in node.values():
                yield from walk(child)

    assert len(list(walk(data))) >= 5


def test_the_headline_is_the_median_in_text_too(cli):
    code, out, _ = cli("route", "PVG", "ICN", "--vehicle", "starship", "--samples", "1000", "--seed", "5", "--brief")
    a = assess("PVG", "ICN", vehicle="starship", samples=1000, seed=5)
    assert code == 0 and "medians of 1,000 draws" in out
    from rocketship.report.text import fmt

    # the median, written as the report writes a cost per kg (one decimal under 100, none from 100 up)
    assert f"rocket {fmt(a.economics.cost_per_kg, 'cost_per_mass')} [" in " ".join(out.split())


def test_without_samples_the_report_says_once_that_these_are_the_most_likely_values(cli):
    code, out, _ = cli("route", "PVG", "ICN")
    assert code == 0 and " ".join(out.split()).count("most-likely values") == 1


@pytest.fixture(scope="module")
def grounded():
    return assess("PEK", "JFK")


def test_no_finding_for_a_flight_that_cannot_fly(grounded):
    e = grounded.economics
    assert not grounded.flight.feasible
    assert not e.flies and e.why_not == grounded.flight.reasons[0]
    assert all(c.clears == {"general": None, "express": None} for c in e.cargo_classes)
    d = grounded.to_dict()["economics"]
    assert d["flies"] is False and d["caveat"].startswith("if it could fly: ")
    assert all(c["clears_break_even"] is None for c in d["cargo_classes"])


def test_the_text_marks_every_figure_of_a_flight_that_cannot_fly(cli):
    code, out, _ = cli("route", "PEK", "JFK")
    text = " ".join(out.split())
    assert code == 0
    assert "flies? no — no braking burn holds the cargo" in text      # the binding reason, in words
    assert text.count("if it could fly") >= 5          # verdict rows, fleet, economics, the comparison
    assert "not assessed" in text and "pays vs" not in text
    assert "nan" not in out.lower().split() and "flight.reasons" not in out


def test_the_verdict_says_when_the_air_service_it_compares_with_cannot_fly_either(cli):
    """Pole to pole, the freighter cannot fly the cargo even with two stops: the verdict, which compares
    the rocket with it, says so before the comparison (an air time and cost with nothing said would read as
    an air service that flies), and not on a route the freighter flies."""
    code, out, _ = cli("route", "90,0", "-90,0", "--brief")
    text = " ".join(out.split())
    assert code == 0
    assert "air flies? no — the Boeing 777 Freighter cannot fly" in text and "as if it could" in text
    assert text.index("air flies?") < text.index("vs air express")
    code, out, _ = cli("route", "PEK", "JFK", "--brief")
    assert code == 0 and "air flies?" not in out


def test_a_flight_that_can_fly_is_not_marked(cli):
    code, out, _ = cli("route", "PVG", "ICN", "--vehicle", "starship")
    assert code == 0 and "if it could fly" not in out and "pays vs general" in out


def test_simulate_tier_reports_no_flight_without_zeros_or_nan(cli):
    code, out, _ = cli("route", "PEK", "JFK", "--fidelity", "simulate")
    assert code == 0
    flight = out[out.index("Flight —"):out.index("Air freight")]
    assert "nan" not in flight.lower() and "0.0 min" not in flight and "-0.0" not in flight
    assert "apogee" not in flight and "time of flight" not in flight
    assert "no flight:" in flight and "estimate tier: no braking burn holds" in flight   # why, from both tiers
    code, out, _ = cli("route", "PEK", "JFK", "--fidelity", "simulate", "--json")
    f = json.loads(out)["flight"]
    assert f["time_of_flight"] is None and f["apogee"] is None and f["peak_deceleration"] is None
    assert f["reasons"][0].startswith("no flight:") and f["feasible"] is False


@pytest.mark.parametrize("kind", ["trajectory", "timeline", "cost", "histogram"])
def test_figures_mark_a_flight_that_cannot_fly(tmp_path, kind, monkeypatch):
    pytest.importorskip("matplotlib")
    import matplotlib.text

    from rocketship.report import plots

    texts = {}

    def keep(fig, path, force):
        texts[kind] = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
        plots._plt().close(fig)

    monkeypatch.setattr(plots, "_save", keep)
    for vehicle, flies in (("xzy-1", False), ("starship", True)):
        origin, destination = ("PEK", "JFK") if not flies else ("PVG", "ICN")
        plots.KINDS[kind](assess(origin, destination, vehicle=vehicle, samples=200, seed=1), tmp_path / "f.png")
        marked = "NOT FEASIBLE" in texts[kind] or "CANNOT FLY" in texts[kind]
        assert marked != flies, (kind, vehicle)


def test_imperial_units_convert_costs_per_mass(cli):
    """--units imperial converts cost per mass and value of time too."""
    code, out, _ = cli("route", "PEK", "JFK", "--units", "imperial")
    tables = out[:out.index("Assumptions:")]
    assert code == 0 and "USD/lb" in tables and "USD/kg" not in tables
    # and the labels over them say per lb ("cost per kg" sat over 344 USD/lb)
    words = " ".join(tables.split())
    assert "per kg" not in words and "cost per lb (actual / chargeable)" in words and "rate per lb" in words
    assert Q_(1, "USD/kg").m_as("USD/lb") == pytest.approx(0.45359237)


def test_no_time_history_for_a_flight_that_never_left(cli, tmp_path):
    out = tmp_path / "h.csv"
    code, _, err = cli("route", "PEK", "JFK", "--fidelity", "simulate", "--history", str(out))
    assert code == 0 and not out.exists() and "nothing was flown" in err

"""Every command's text fits an 80- and a 120-column terminal, with codes and numbers intact.

A line wider than the terminal wraps or is cut by it; a cell too narrow for its content is cut with
an ellipsis (``PEK-J…``) or folded mid-number.  These tests run the commands at both widths (through
COLUMNS, which piped output honours) and check every line's width, that nothing was cut, and that the
route codes and the figures the models computed appear whole.
"""

import json
import re
import unicodedata

import pytest

from rocketship import assess
from rocketship.compare import compare
from rocketship.report.layout import number

WIDTHS = (80, 120)
ROUTES = ("PEK-JFK", "PVG-ICN", "LHR-JFK")
VEHICLES = ("xzy-1", "starship", "falcon-9")


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def run_at(cli, monkeypatch, width, *args):
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = cli(*args)
    assert code in (0, 1), err          # validate exits 1 only if a row fails
    lines = out.splitlines()
    assert lines, "no output"
    wide = [(cells(ln), ln) for ln in lines if cells(ln) > width]
    assert not wide, f"{len(wide)} lines wider than {width}: {wide[:2]}"
    assert "…" not in out, [ln for ln in lines if "…" in ln][:2]
    return out


def tokens(out: str) -> set[str]:
    """Every whitespace-separated word, with brackets and trailing punctuation stripped."""
    return {w.strip("()[],;:×") for w in out.split()}


@pytest.fixture(scope="module")
def comparison():
    return compare(list(ROUTES), list(VEHICLES))


@pytest.mark.parametrize("width", WIDTHS)
def test_route(cli, monkeypatch, width):
    out = run_at(cli, monkeypatch, width, "route", "PEK", "JFK")
    a = assess("PEK", "JFK")
    words = tokens(out)
    for code in ("PEK", "JFK", "bohai-pad", "ny-bight-lz", *a.air.stops):   # the freighter's stops, if any (#18: none)
        assert code in words or f"{code}" in out.split(), code
    for p in a.economics.versus.values():
        for q in (p.rocket_door_to_door, p.air_door_to_door):
            assert f"{q.m_as('h'):,.1f}" in words
    assert f"{a.distance.m_as('km'):,.0f}" in words
    assert f"{a.economics.cost_per_kg.m_as('USD/kg'):,.0f}" in words


@pytest.mark.parametrize("width", (40, 56))
def test_route_on_a_narrow_terminal_changes_layout_rather_than_lose_a_figure(cli, monkeypatch, width):
    """Down to the narrowest terminal COLUMNS is honoured for (layout.MIN_WIDTH), a label and its value that do
    not fit side by side are stacked, and the timeline drops its bars before it folds the legs' names: every
    line fits, nothing is cut, and the figures the models computed are there whole — Starship PEK-JFK, whose
    tables at 40 columns once printed their labels alone (the values' column squeezed to nothing)."""
    out = run_at(cli, monkeypatch, width, "route", "PEK", "JFK", "--vehicle", "starship")
    a = assess("PEK", "JFK", vehicle="starship")
    words = tokens(out)
    assert f"{a.flight.time_of_flight.m_as('min'):,.1f}" in words
    assert "1,000" in words and "m³" in words                    # the bay's volume, not folded to "1,00" / "0"
    for p in a.economics.versus.values():
        assert f"{p.rocket_door_to_door.m_as('h'):,.1f}" in words
    assert f"{a.economics.cost_per_kg.m_as('USD/kg'):,.1f}" in words
    legs = [ln.split()[0] for ln in out.splitlines() if ln.startswith(" ") and ln.split()[-1:] == ["24.0"]]
    assert "pickup" in legs                                     # the legs' names whole, not folded to "pick"


@pytest.mark.parametrize("width", (40, 50))
def test_the_cargo_table_on_a_narrow_terminal_lists_each_class_with_its_figures_whole(cli, monkeypatch, width):
    """The table of which cargo pays (a flight that flies: Starship PVG-ICN) has four columns that do not wrap;
    too narrow for them, it lists each class with its value of time and verdicts under it, rather than cut them to
    "0.05 US…" and "no (slowe…"."""
    out = run_at(cli, monkeypatch, width, "route", "PVG", "ICN", "--vehicle", "starship")
    a = assess("PVG", "ICN", vehicle="starship")
    words = tokens(out)
    for c in a.economics.cargo_classes:
        assert c.name.split()[0] in words
        assert f"{c.value_of_time.m_as('USD/kg/h'):,.2f}" in words or f"{c.value_of_time.m_as('USD/kg/h'):,.0f}" in words


@pytest.mark.parametrize("width", WIDTHS)
def test_route_brief_is_the_verdict_alone(cli, monkeypatch, width):
    out = run_at(cli, monkeypatch, width, "route", "PVG", "ICN", "--vehicle", "starship", "--brief")
    assert "Verdict" in out and "Flight —" not in out and "Assumptions" not in out
    assert len(out.splitlines()) <= (16 if width == 80 else 12)


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_three_routes_by_three_vehicles(cli, monkeypatch, width, comparison):
    out = run_at(cli, monkeypatch, width, "compare", *ROUTES, "--vehicles", ",".join(VEHICLES))
    words = tokens(out)
    for route in ROUTES:
        assert route in words
    for vid in VEHICLES:
        assert vid in words
    for r in comparison.rows:
        for sid in ("general", "express"):
            assert f"{r[f'rocket_door_to_door_{sid}'].m_as('h'):,.1f}" in words
            assert f"{r[f'time_saved_versus_{sid}'].m_as('h'):+,.1f}" in words
            assert f"{r[f'air_{sid}_door_to_door'].m_as('h'):,.1f}" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_matrix_keeps_every_code_whole(cli, monkeypatch, width):
    from rocketship.catalog.places import cargo_airports

    out = run_at(cli, monkeypatch, width, "matrix", *list(cargo_airports())[:13])
    rows = [ln.split()[0] for ln in out.splitlines() if re.match(r"^[A-Z]{3}\s", ln)]
    header = next(ln for ln in out.splitlines() if ln.strip().startswith("HKG"))
    assert len(rows) >= 12 and all(len(c) == 3 for c in rows)
    assert header.split() == rows


@pytest.mark.parametrize("width", WIDTHS)
def test_validate_numbers_are_whole(cli, monkeypatch, width):
    from rocketship.validation import run

    out = run_at(cli, monkeypatch, width, "validate")
    words = tokens(out)
    assert "e+" not in out
    for r in run():
        assert number(r.check.published) in words, r.check.id
        assert number(r.computed) in words, r.check.id


@pytest.mark.parametrize("width", WIDTHS)
def test_vehicles(cli, monkeypatch, width):
    from rocketship.catalog.vehicles import available_vehicles

    out = run_at(cli, monkeypatch, width, "vehicles")
    words = tokens(out)
    for v in available_vehicles():
        assert v.id in words


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [("vehicles", "starship"), ("routes",), ("routes", "pek-jfk"), ("payload-range",),
                                  ("route", "PVG", "ICN", "--samples", "300", "--seed", "1"),
                                  ("route", "PEK", "JFK", "--units", "imperial")])
def test_the_other_commands_fit_too(cli, monkeypatch, width, args):
    run_at(cli, monkeypatch, width, *args)


@pytest.mark.parametrize("width", (40, *WIDTHS))
def test_cache_puts_its_folder_on_a_line_of_its_own_when_the_line_is_too_wide(cli, monkeypatch, width):
    """`rocketship cache` printed its folder and what it holds on one line at any width (here 46 columns at
    COLUMNS=40): now the folder goes on a line of its own when the whole does not fit."""
    monkeypatch.setenv("XDG_CACHE_HOME", "/nonexistent/c")   # short, and nothing there: 0 files
    out = run_at(cli, monkeypatch, width, "cache")
    assert out.splitlines() == (["/nonexistent/c/rocketship holds 0 files (0 kB)"] if width >= 46
                                else ["/nonexistent/c/rocketship", "holds 0 files (0 kB)"])


def test_a_cache_folder_wider_than_the_terminal_is_left_whole(cli, monkeypatch, tmp_path):
    """A folder's name is never broken to fit: it stays whole on its own line, to be copied."""
    where = tmp_path / ("deep" * 12)
    monkeypatch.setenv("XDG_CACHE_HOME", str(where))
    monkeypatch.setenv("COLUMNS", "40")
    code, out, _ = cli("cache", "clear")
    assert code == 0 and out.splitlines() == [str(where / "rocketship"), "removed 0 files (0 kB)"]


def test_piped_output_without_columns_has_a_fixed_width(cli, monkeypatch):
    from rocketship.report.layout import PIPED_WIDTH

    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _ = cli("compare", *ROUTES, "--vehicles", ",".join(VEHICLES))
    assert code == 0 and max(cells(ln) for ln in out.splitlines()) <= PIPED_WIDTH


def test_large_numbers_are_written_as_people_write_them(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    _, out, _ = cli("vehicles", "starship")
    assert "e+" not in out and "60 M USD" in out
    _, out, _ = cli("route", "PEK", "JFK")
    _, js, _ = cli("route", "PEK", "JFK", "--json")
    per_flight = json.loads(js)["economics"]["cost_per_flight"]["value"]   # ~8 M USD
    assert f"{per_flight / 1e6:.2f} M USD" in out and "e+" not in out


class _Terminal:
    """A stderr that says it is a terminal, and keeps what is written to it."""

    def __init__(self):
        import io

        self.buf = io.StringIO()

    def isatty(self):
        return True

    def write(self, text):
        return self.buf.write(text)

    def flush(self):
        pass

    def fileno(self):
        raise OSError("not a real terminal")


@pytest.mark.parametrize("args, words", [(("route", "SIN", "HKG"), "land grid"),
                                         (("route", "PVG", "ICN", "--fidelity", "simulate"), "simulating")])
def test_slow_first_steps_say_so_on_a_terminal_and_nothing_when_piped(cli, monkeypatch, args, words):
    """Building the land grid (first route without a preset) and a 3-DOF simulation take seconds: a
    terminal is told what it waits for; piped stderr stays silent."""
    import contextlib
    import io

    from rocketship.catalog import landmask
    from rocketship.cli import main

    monkeypatch.setattr(landmask, "is_built", lambda: False)   # as on a first run (the grid itself stays cached)
    code, _, err = cli(*args)
    assert code == 0 and err == ""
    term = _Terminal()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(term):
        assert main(list(args)) == 0
    assert words in term.buf.getvalue()

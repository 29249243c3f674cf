"""Fuzzing the commands that write files: matrix, compare, plot and payload-range.

Random codes, vehicles, quantities, input files and output paths (existing
files, directories, missing parents, odd suffixes).  The contract
(docs/CONTRACT.md, exit codes): never exit 1, never a traceback, one line on
stderr for an error; a file the user already has is never overwritten
without --force; a command that succeeds leaves the file it was asked for.
Examples are bounded by the profile in tests/conftest.py.
"""

import contextlib
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rocketship.choices import PLOT_KINDS
from rocketship.cli import main

from .test_fuzz import _check

# at least one code: the default list (every busy cargo airport) is the widths tests' to run, not a fuzzer's
CODES = st.lists(st.sampled_from(["PEK", "JFK", "ICN", "NRT", "ZBAA", "XQXQ", "", "0,0", "☃", "pek", "-"]),
                 min_size=1, max_size=4)
VEHICLES = st.sampled_from(["xzy-1", "starship", "falcon-9", "boeing-777f", "nope", "", "tests/none.toml"])
PAYLOADS = st.sampled_from([None, "10 t", "0 kg", "-1 t", "nan t", "5 m", "1e12 kg", "☃"])
OUT_NAMES = st.sampled_from(["out.csv", "out.png", "out.svg", "out.pdf", "out.txt", "out", "exists.csv",
                             "exists.png", "adir", "missing/dir/out.png", "☃.png", ".png"])
MINE = "the user's own file\n"


def _run(argv):
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except SystemExit as exc:     # argparse rejects a malformed option: exit 2 through SystemExit
        code = exc.code
    return code, err.getvalue()


@contextlib.contextmanager
def _workdir():
    """A directory holding files and a folder the user already has."""
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        for name in ("exists.csv", "exists.png"):
            (d / name).write_text(MINE)
        (d / "adir").mkdir()
        yield d


def _assert_outputs(d: Path, target: Path, code: int, force: bool):
    for name in ("exists.csv", "exists.png"):
        if not force or (d / name) != target:
            assert (d / name).read_text() == MINE, f"{name} was overwritten"
    assert (d / "adir").is_dir()
    if code == 0:
        assert target.is_file() and target.stat().st_size > 0
    assert not any(p.name.startswith(".") and p.name != ".png" for p in d.iterdir()), "a temporary file was left"


@settings(max_examples=25)
@given(CODES, VEHICLES, PAYLOADS, OUT_NAMES, st.booleans(), st.booleans())
def test_matrix_csv(codes, vehicle, payload, out_name, force, as_json):
    with _workdir() as d:
        target = d / out_name
        argv = ["matrix", *codes, "--vehicle", vehicle, "--csv", str(target)]
        argv += ["--payload", payload] if payload is not None else []
        argv += ["--force"] * force + ["--json"] * as_json
        code, err = _run(argv)
        _check(code, err)
        _assert_outputs(d, target, code, force)


@settings(max_examples=20)
@given(st.lists(st.sampled_from(["PEK", "JFK", "# a comment", "", "XQXQ", "ICN ", "☃", "PEK,JFK", "\x00"]),
                max_size=6), VEHICLES)
def test_matrix_airports_file(lines, vehicle):
    with _workdir() as d:
        f = d / "airports.txt"
        f.write_text("\n".join(lines), encoding="utf-8")
        code, err = _run(["matrix", "--airports", str(f), "--vehicle", vehicle])
        _check(code, err)


@settings(max_examples=20)
@given(st.lists(st.sampled_from(["PEK-ICN", "PVG-ICN", "PEK", "PEK-XQXQ", "-", "ICN-PEK-JFK", ""]), max_size=2),
       st.sampled_from(["xzy-1", "xzy-1,starship", ",,", "nope", ""]), OUT_NAMES, st.booleans())
def test_compare_csv(routes, vehicles, out_name, force):
    with _workdir() as d:
        target = d / out_name
        code, err = _run(["compare", *routes, "--vehicles", vehicles, "--csv", str(target)] + ["--force"] * force)
        _check(code, err)
        _assert_outputs(d, target, code, force)


@settings(max_examples=12)
@given(st.sampled_from(["PEK", "ICN", "XQXQ", "0,0", ""]), st.sampled_from(["PVG", "NRT", "PEK", "☃"]),
       st.sampled_from(PLOT_KINDS), OUT_NAMES,
       st.sampled_from([[], ["--samples", "40", "--seed", "1"], ["--samples", "0"], ["--payload", "-3 t"],
                        ["--trajectory", "fpa:95"], ["--vehicle", "nope"]]),
       st.booleans())
def test_plot(origin, destination, kind, out_name, extra, force):
    pytest.importorskip("matplotlib")
    with _workdir() as d:
        target = d / out_name
        code, err = _run(["plot", origin, destination, "--kind", kind, "--out", str(target), *extra]
                         + ["--force"] * force)
        _check(code, err)
        _assert_outputs(d, target, code, force)


@settings(max_examples=12)
@given(VEHICLES, st.sampled_from([[], ["--origin", "PEK", "--towards", "JFK"], ["--origin", "XQXQ"],
                                  ["--towards", "☃"], ["--max-range", "3000 km"], ["--max-range", "-1 km"],
                                  ["--max-range", "30000 km"], ["--max-range", "5 kg"], ["--points", "0"],
                                  ["--points", "7"], ["--points", "x"]]),
       st.sampled_from([None, "out.png", "exists.png", "adir", "out.txt"]), st.booleans())
def test_payload_range(vehicle, extra, out_name, force):
    with _workdir() as d:
        argv = ["payload-range", "--vehicle", vehicle, *extra]
        target = d / (out_name or "none")
        if out_name:
            pytest.importorskip("matplotlib")
            argv += ["--plot", str(target)]
        code, err = _run(argv + ["--force"] * force)
        _check(code, err)
        if out_name:
            _assert_outputs(d, target, code, force)


def test_the_fuzzed_commands_can_succeed(tmp_path):
    """The strategies above reach the success path too: one plain call of each writes its file."""
    pytest.importorskip("matplotlib")
    for argv, name in ((["matrix", "PEK", "ICN", "NRT", "--csv"], "m.csv"),
                       (["compare", "PEK-ICN", "--csv"], "c.csv"),
                       (["plot", "PEK", "PVG", "--kind", "timeline", "--out"], "t.png"),
                       (["payload-range", "--vehicle", "starship", "--points", "7", "--plot"], "p.png")):
        code, err = _run([*argv, str(tmp_path / name)])
        assert code == 0, err
        assert (tmp_path / name).stat().st_size > 0


@pytest.mark.parametrize("argv", [["plot", "PEK", "PVG", "--out"], ["matrix", "PEK", "ICN", "--plot"],
                                  ["payload-range", "--plot"]], ids=["plot", "matrix", "payload-range"])
def test_a_figure_name_must_say_its_format(tmp_path, argv):
    """A figure called out.txt is refused before anything runs (it used to be written as PNG bytes)."""
    code, err = _run([*argv, str(tmp_path / "out.txt")])
    assert code == 2 and "end the name in .png, .pdf or .svg" in err
    assert not (tmp_path / "out.txt").exists()

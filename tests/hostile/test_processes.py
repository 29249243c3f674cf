"""The hostile cases that need a process of their own: closed and broken streams, narrow encodings,
a broken MPLBACKEND, warnings, concurrent cold starts, a read-only home and a full disk.

A read-only folder and a full disk need a mount where the tests run as root (root writes through
permission bits): those tests mount inside a private user and mount namespace (``unshare -rm``) and
are skipped, with the reason, where the machine does not allow one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rocketship import diskcache

ROOT = Path(__file__).resolve().parent.parent.parent
PY = [sys.executable, "-m", "rocketship"]


def _env(**extra) -> dict:
    return {**os.environ, "NO_COLOR": "1", **{k: str(v) for k, v in extra.items()}}


def _run(args, timeout=120, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("env", _env())
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=timeout, **kw)


# --- streams ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["route", "PEK", "JFK"], ["route", "PEK", "JFK", "--json"], ["vehicles"]],
                         ids=["text", "json", "listing"])
def test_a_closed_stdout_ends_quietly(args):
    p = _run(["sh", "-c", 'exec "$@" >&-', "sh", *PY, *args])
    assert (p.returncode, p.stderr) == (0, "")


@pytest.mark.parametrize("args", [["route", "PEK", "JFK"], ["route", "PEK", "JFK", "--json"], ["vehicles"],
                                  ["matrix", "PEK", "JFK", "PVG", "ICN", "LHR", "--json"]],
                         ids=["text", "json", "listing", "matrix"])
def test_a_reader_that_goes_away_ends_quietly(args):
    """The pipe is closed before rocketship writes a byte: every write meets EPIPE (rich's own
    handler exited 1; a flush at exit printed 'Exception ignored ... BrokenPipeError')."""
    p = subprocess.Popen([*PY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=_env())
    p.stdout.close()
    _, err = p.communicate(timeout=120)
    assert (p.returncode, err.decode()) == (0, "")


def test_head_with_pipefail_is_a_success():
    p = _run(["bash", "-c", 'set -o pipefail; "$@" | head -1', "bash", *PY, "matrix", "PEK", "JFK", "PVG", "ICN",
              "LHR", "--json"])
    assert (p.returncode, p.stdout, p.stderr) == (0, "{\n", "")


def test_a_full_stdout_is_an_error_in_its_class():
    p = _run(["sh", "-c", 'exec "$@" > /dev/full', "sh", *PY, "route", "PEK", "JFK", "--json"])
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "no space left" in p.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", [["route", "PEK", "JFK", "--json"], ["route", "PEK", "JFK"], ["vehicles", "xzy-1"],
                                  ["route", "PEK", "XQXQ"]], ids=["json", "text", "vehicle", "error"])
def test_a_narrow_terminal_encoding_never_fails(encoding, args):
    p = _run([*PY, *args], env=_env(PYTHONIOENCODING=encoding), encoding=encoding)
    assert p.returncode == (3 if "XQXQ" in args else 0), p.stderr
    assert "Traceback" not in p.stderr and "UnicodeEncodeError" not in p.stderr
    if "--json" in args:
        assert p.stdout.isascii() and json.loads(p.stdout)["schema"] == "rocketship.route/1"


def test_a_nonsense_mplbackend_does_not_stop_a_figure(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "f.png"
    p = _run([*PY, "plot", "PVG", "ICN", "--kind", "timeline", "--out", str(out)], env=_env(MPLBACKEND="nonsense"))
    assert (p.returncode, p.stderr) == (0, "") and out.stat().st_size > 0


def test_warnings_are_one_line_and_numerical_noise_is_not_shown(cli, monkeypatch):
    """A RuntimeWarning (an overflow on the way to an infeasible answer) used to reach stderr with its
    source file and line; other warnings are one line."""
    import rocketship.assessment as assessment

    real = assessment.assess

    def noisy(*args, **kwargs):
        warnings.warn("overflow encountered in expm1", RuntimeWarning, stacklevel=2)
        warnings.warn("a glyph is missing from the font", UserWarning, stacklevel=2)
        return real(*args, **kwargs)

    monkeypatch.setattr(assessment, "assess", noisy)
    code, _, err = cli("route", "PVG", "ICN")
    assert code == 0 and err == "rocketship: warning: a glyph is missing from the font\n"
    code, _, err = cli("route", "PVG", "ICN", "--traceback")
    assert code == 0 and "rocketship: warning: overflow encountered in expm1" in err and ".py:" not in err


# --- caches under pressure ----------------------------------------------------------------------------

def _cold_round(cache: Path, args: list[str], processes: int = 4) -> list[str]:
    env = _env(XDG_CACHE_HOME=cache, HOME=cache)
    with ThreadPoolExecutor(processes) as pool:
        runs = list(pool.map(lambda _: _run([*PY, *args], env=env), range(processes)))
    for p in runs:
        assert (p.returncode, p.stderr) == (0, ""), p.stderr
    return [p.stdout for p in runs]


def _assert_whole_entries(cache: Path):
    root = cache / "rocketship"
    names = sorted(p.name for p in root.iterdir())
    assert names and all(diskcache.OWN_NAMES.match(n) and not n.startswith(".tmp-") for n in names), names


@pytest.mark.parametrize("args", [["route", "PEK", "JFK", "--json"]], ids=["preset-route"])
def test_concurrent_cold_starts_agree(tmp_path, args):
    """4 processes at once on an empty cache, 3 rounds: every run answers, all answers are identical,
    and what is left in the cache is whole entries only (pint's own cache crashed 2-3 % of such runs;
    HOME is the round's own, so that pint's cache, were it used, would start empty too)."""
    outputs = []
    for round_ in range(3):
        cache = tmp_path / f"round{round_}"
        outputs += _cold_round(cache, args)
        _assert_whole_entries(cache)
    outputs += _cold_round(tmp_path / "round0", args, processes=1)   # and a warm run reads what they wrote
    assert len(set(outputs)) == 1


@pytest.mark.slow
def test_concurrent_cold_starts_agree_while_the_land_grid_is_built(tmp_path):
    outputs = []
    for round_ in range(3):
        cache = tmp_path / f"round{round_}"
        outputs += _cold_round(cache, ["route", "37.5,126.9", "31.1,121.8", "--json"])
        _assert_whole_entries(cache)
    assert len(set(outputs)) == 1


# --- a read-only home and a full disk ----------------------------------------------------------------

@contextlib.contextmanager
def _namespace_or_skip():
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to mount a read-only or full file system")
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt 2>/dev/null || "
                            "mount -t tmpfs tmpfs /tmp"], capture_output=True)
    if probe.returncode:
        pytest.skip("this machine allows no private mount namespace (unshare -rm): cannot make a read-only "
                    "or full file system without root")
    yield


def _in_namespace(script: str, *args, env=None, timeout=300) -> subprocess.CompletedProcess:
    """Run *script* (sh) as root of a private user and mount namespace: its mounts vanish with it."""
    return _run(["unshare", "-rm", "sh", "-c", script, "sh", *map(str, args)], env=env or _env(), timeout=timeout)


def _read_only(folder: Path, *command: str, env) -> subprocess.CompletedProcess:
    """Run rocketship with *folder* read-only (a bind mount where we are root, plain modes where not)."""
    if os.geteuid() != 0:
        for p in [folder, *folder.rglob("*")]:
            if p.is_dir():
                p.chmod(0o555)
        try:
            return _run([*PY, *command], env=env)
        finally:
            for p in [folder, *folder.rglob("*")]:
                if p.is_dir():
                    p.chmod(0o755)
    with _namespace_or_skip():
        p = _in_namespace('d="$1"; shift; mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" || exit 90; '
                          'touch "$d/.probe" 2>/dev/null && exit 91; exec "$@"', folder, *PY, *command, env=env)
        if p.returncode == 90:
            pytest.skip("could not mount a read-only folder in the namespace")
        assert p.returncode != 91, "the folder was not read-only"
        return p


@pytest.mark.parametrize("warm", [False, True], ids=["never-written", "written-before"])
def test_a_read_only_home_means_no_cache_not_an_error(tmp_path, warm):
    """HOME and XDG_CACHE_HOME on a read-only folder: every command answers as usual (with pint's own
    cache, even `import rocketship.units` failed)."""
    home = tmp_path / "home"
    (home / ".cache").mkdir(parents=True)
    env = _env(HOME=home, XDG_CACHE_HOME=home / ".cache")
    expected = _run([*PY, "route", "PEK", "ICN", "--json"], env=_env(XDG_CACHE_HOME=tmp_path / "elsewhere")).stdout
    if warm:
        assert _run([*PY, "route", "PEK", "ICN", "--json"], env=env).returncode == 0
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    for command, code in ((["route", "PEK", "ICN", "--json"], 0), (["cache", "--json"], 0), (["cache", "clear"], 0)):
        p = _read_only(home, *command, env=env)
        assert (p.returncode, p.stderr) == (code, ""), p.stderr
        if command[0] == "route":
            assert p.stdout == expected
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before


def test_a_disk_that_fills_up_never_leaves_a_broken_cache_or_a_partial_output(tmp_path):
    """The cache on a 200 kB file system: pint's definitions (~350 kB) do not fit, the first write fails
    part-way, and the next runs must still answer, the same (pint's own cache left a truncated pickle
    that broke every later run).  Then the disk is filled: an output that cannot be written is exit 2
    with the reason, and leaves no partial file."""
    with _namespace_or_skip():
        disk = tmp_path / "disk"
        disk.mkdir()
        expected = _run([*PY, "route", "PEK", "ICN", "--json"], env=_env(XDG_CACHE_HOME=tmp_path / "ok")).stdout
        script = r'''
            d="$1"; shift
            mount -t tmpfs -o size=200k tmpfs "$d" || exit 90
            mkdir -p "$d/home"
            export HOME="$d/home" XDG_CACHE_HOME="$d/cache"
            for i in 1 2 3; do "$@" route PEK ICN --json > "$d/../out$i.json" || exit 9$i; done
            ls -a "$d/cache/rocketship" > "$d/../listing.txt"
            head -c 10000000 /dev/zero > "$d/filler" 2>/dev/null
            "$@" compare PVG-ICN --csv "$d/table.csv" 2> "$d/../csv-error.txt"; echo "$?" > "$d/../csv-code.txt"
            ls -a "$d" > "$d/../after-fill.txt"
        '''
        p = _in_namespace(script, disk, *PY)
        if p.returncode == 90:
            pytest.skip("could not mount a small tmpfs in the namespace")
        assert p.returncode == 0, p.stderr
        for i in (1, 2, 3):
            assert (tmp_path / f"out{i}.json").read_text() == expected
        listing = (tmp_path / "listing.txt").read_text().split()
        assert not any(n.startswith(".tmp-") for n in listing) and not any(n.startswith("units-") for n in listing)
        assert (tmp_path / "csv-code.txt").read_text().strip() == "2"
        err = (tmp_path / "csv-error.txt").read_text()
        assert err.count("\n") == 1 and "no space left on the device" in err and "table.csv" in err
        left = (tmp_path / "after-fill.txt").read_text().split()
        assert "table.csv" not in left and not any(n.startswith(".rs-") for n in left)


def test_the_cli_module_reads_no_cache_at_import(tmp_path):
    """`rocketship --help` must stay instant and harmless: no cache folder is even made."""
    p = _run([*PY, "--help"], env=_env(XDG_CACHE_HOME=tmp_path / "xdg"))
    assert p.returncode == 0 and not (tmp_path / "xdg").exists()


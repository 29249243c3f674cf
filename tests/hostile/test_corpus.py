"""The hostile-input corpus (cases.toml), run in-process through the CLI's main function.

Each case gives the exit code and a fragment of the message; every case also checks what holds for
all of them: no traceback, no escape character on either stream, an error as one line.
"""

from __future__ import annotations

import contextlib
import io
import signal
import tomllib
from pathlib import Path

import pytest

from rocketship.cli import main

from .files import HERE, build

CASES = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]
CATEGORIES = {"parsing", "bounded", "files", "names", "input", "outputs", "sanitising", "caches"}


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("hostile-files"))


class _TooSlow(BaseException):
    """Raised by the alarm: a BaseException, so that main()'s handlers cannot take it for an answer."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    def expire(signum, frame):
        raise _TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_case(case: dict, files: Path, out: Path, monkeypatch) -> tuple[int, str, str]:
    """Set up, run and return (exit code, stdout, stderr) of one case."""
    def expand(text: str) -> str:
        return text.replace("{files}", str(files)).replace("{out}", str(out))

    for name, text in case.get("setup", {}).items():
        target = out / name
        if name.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for name, points_to in case.get("links", {}).items():
        (out / name).symlink_to(expand(points_to))
    for key, value in case.get("env", {}).items():
        monkeypatch.setenv(key, expand(value))
    monkeypatch.chdir(out)
    stdout, stderr = io.StringIO(), io.StringIO()
    with _time_limit(case.get("seconds", 60)), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main([expand(a) for a in case["argv"]])
    return code, stdout.getvalue(), stderr.getvalue()


def test_the_corpus_is_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids are unique"
    for c in CASES:
        assert c["category"] in CATEGORIES, c["id"]
        assert c["exit"] in (0, 2, 3, 4), c["id"]   # 1 is a bug: never an expected answer
        assert c["says"], c["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case, hostile_files, tmp_path, monkeypatch):
    code, out, err = run_case(case, hostile_files, tmp_path, monkeypatch)
    assert code == case["exit"], err or out[-500:]
    assert "Traceback" not in err and "\x1b" not in err and "\x1b" not in out
    if code:
        assert err.count("\n") == 1 and err.startswith("rocketship: error:"), err
        assert case["says"] in err
    else:
        assert err == "", err
        assert case["says"] in out
    for name in case.get("creates", []):
        assert (tmp_path / name).is_file(), name
    for name in case.get("not_created", []):
        assert not (tmp_path / name).exists(), name
    if "file_says" in case:
        name, fragment = case["file_says"]
        assert fragment in (tmp_path / name).read_text(encoding="utf-8")
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".rs-")]
    assert not leftovers, "a temporary output file was left behind"

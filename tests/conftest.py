"""Shared fixtures and test settings."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# Bounded property tests keep the default run quick; CI's slow job raises it.
settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=600, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


_USERS_CACHE = os.environ.get("XDG_CACHE_HOME")
_RUN_CACHE = tempfile.TemporaryDirectory(prefix="rocketship-test-cache-")


def pytest_configure(config):
    """Point XDG_CACHE_HOME at a folder of this run's own before anything is collected: collecting
    imports rocketship.units (which reads and writes the unit-definitions entry) and some modules
    parse catalogues for their parameters."""
    os.environ["XDG_CACHE_HOME"] = _RUN_CACHE.name


def pytest_unconfigure(config):
    if _USERS_CACHE is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = _USERS_CACHE
    _RUN_CACHE.cleanup()


@pytest.fixture(scope="session", autouse=True)
def private_cache_folder():
    """The whole run (and every process it starts) caches in a folder of its own, never in the user's:
    shared within the run, so that the land grid and the catalogues are built once.  A test that
    changed XDG_CACHE_HOME and did not put it back fails the run here."""
    folder = Path(_RUN_CACHE.name)
    yield folder
    assert os.environ.get("XDG_CACHE_HOME") == str(folder), "a test left XDG_CACHE_HOME changed"


@pytest.fixture
def run_cli():
    """Run the real console entry point in a fresh process: (exit code, stdout, stderr)."""

    def run(*args, env=None, timeout=60):
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        p = subprocess.run([sys.executable, "-m", "rocketship", *args], capture_output=True, text=True,
                           env=full_env, timeout=timeout, cwd=ROOT)
        return p.returncode, p.stdout, p.stderr

    return run


@pytest.fixture
def cli():
    """Run ``rocketship.cli.main`` in-process (fast): (exit code, stdout, stderr)."""
    import contextlib
    import io

    from rocketship.cli import main

    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
        return code, out.getvalue(), err.getvalue()

    return run

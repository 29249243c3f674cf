"""Every teaching example runs, top to bottom, and saves its figure into the folder it is given."""

import subprocess
import sys

import pytest

from ..conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("0*.py"))


def test_there_are_eight_examples():
    assert len(EXAMPLES) == 8


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(script, tmp_path):
    p = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=120,
                       cwd=script.parent)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.strip(), "an example explains itself as it runs"
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    if "saved" in p.stdout:
        assert any(tmp_path.glob("*.png"))

"""The house rules of docs/ARCHITECTURE.md, checked mechanically."""

import shutil
import subprocess
import sys

import pytest

from ..conftest import ROOT


def test_import_contracts_hold():
    """import-linter: the float core imports no pint/rich/astropy/catalogue; models do not render."""
    exe = shutil.which("lint-imports") or str(__import__("pathlib").Path(sys.executable).with_name("lint-imports"))
    p = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stdout + p.stderr


def test_ruff_is_clean():
    """ruff with the rule set in pyproject.toml ([tool.ruff]) over the package, tests, benchmarks, examples and
    scripts: unused and undefined names (one once hid a figure that could not be drawn), bugbear's traps."""
    exe = shutil.which("ruff") or str(__import__("pathlib").Path(sys.executable).with_name("ruff"))
    p = subprocess.run([exe, "check", "rocketship", "tests", "benchmarks", "examples", "scripts"],
                       capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stdout + p.stderr


@pytest.mark.parametrize("module, banned", [
    ("rocketship", ["pint", "numpy", "rich", "scipy", "astropy"]),
    ("rocketship.cli", ["pint", "numpy", "rich", "scipy", "astropy"]),
])
def test_light_imports(module, banned):
    """`import rocketship` and the CLI module load nothing heavy (the practice: no I/O at import, heavy libraries loaded lazily by the command that needs them)."""
    code = f"import sys, {module}; print(','.join(m for m in {banned!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


HEAVY = ["scipy.integrate", "scipy.optimize", "scipy.interpolate", "scipy.stats", "astropy", "matplotlib"]


def test_route_path_keeps_heavy_libraries_off():
    """`rocketship route` must not load scipy's solvers, astropy or matplotlib.

    (pint itself does a bare ``import scipy`` to probe for it; that top-level
    package costs ~10 ms and is not what this guards against.)
    """
    code = ("import sys, io, contextlib\nfrom rocketship.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['route','PEK','JFK'])\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_the_command_line_keeps_dask_out_of_pint():
    """Where dask is installed (the ``dask`` extra), pint imports ``dask.base`` at its own import, ~0.2-0.4 s of
    every cold start; the command line imports pint with dask out of its sight
    (rocketship.process.import_pint_without_dask), and yet a command can still import dask itself after."""
    from importlib.util import find_spec

    if find_spec("dask") is None:
        pytest.skip("dask is not installed: pint has nothing to import")
    code = ("import sys, io, contextlib\nfrom rocketship.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['route','PEK','JFK','--json'])\n"
            "before = 'dask' in sys.modules\nimport dask\nprint(before, 'dask' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False True"


def test_one_encoder_writes_every_value_and_place():
    """A physical value in the JSON is written by rocketship.units.quantity_json (through rocketship.encode),
    nowhere else: nine hand-written encoders had drifted into three shapes of a place and two ways of writing
    NaN.  A ``{"value": …}`` literal anywhere else in the package is a new one."""
    import re

    pattern = re.compile(r"""\{\s*["']value["']\s*:""")
    allowed = {"rocketship/units.py"}
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "rocketship").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line) and not line.lstrip().startswith(("#", '"""')) and
             str(path.relative_to(ROOT)) not in allowed and '``{"value"' not in line]
    assert not found, found


def test_every_to_dict_is_the_encoder():
    """Issue #19: a result's JSON is declared on its dataclass (field metadata, rocketship.encode) and written by
    the one encoder; ``to_dict`` stays as public API, and is a call of :func:`rocketship.encode.encode` and
    nothing else — a hand-written body is a second encoder."""
    import ast

    found, written = [], []
    for path in sorted((ROOT / "rocketship").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name in ("to_dict", "_to_dict", "as_dict"):
                body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
                found.append(f"{path.relative_to(ROOT)}:{node.name}")
                calls = [n.func.id for n in ast.walk(body[0])
                         if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
                if len(body) != 1 or not isinstance(body[0], ast.Return) or not any(c.startswith("encode")
                                                                                   for c in calls):
                    written.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert len(found) >= 13 and not written, written

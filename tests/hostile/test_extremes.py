"""Every figure of a vehicle file at an extreme (zero, vanishing, enormous), through both tiers: an
answer, a refusal of the file (exit 4) or, in the simulate tier, a clear "cannot fly this vehicle"
(exit 2) — never an internal error, a hang or a source line on stderr.  A sample runs by default; the
whole sweep with ``pytest -m slow``."""

from __future__ import annotations

import re

import pytest

from .files import XZY, _figure
from .test_corpus import run_case

FIELDS = sorted(set(re.findall(r"^\s*(\w+) = \{ (?:value|low) = ", XZY, flags=re.M)))
EXTREMES = {"zero": "0", "vanishing": "1e-9", "enormous": "1e12"}


def _unit(field: str) -> str:
    written = re.search(rf'^\s*{field} = \{{ (?:value|low) = "([^"]*)"', XZY, flags=re.M).group(1)
    return written.split(" ", 1)[1] if " " in written else ""


SWEEP = [(f, e, fid) for f in FIELDS for e in EXTREMES for fid in ("estimate", "simulate")]
SAMPLE = [("reference_area", "vanishing", "estimate"), ("thrust_vacuum", "enormous", "simulate"),
          ("landing_thrust", "vanishing", "simulate"),
          ("axial_g_limit", "vanishing", "simulate"), ("dry_mass", "zero", "estimate"),
          ("isp_sea_level", "vanishing", "estimate")]


def _check(field, extreme, fidelity, tmp_path, monkeypatch):
    vehicle = tmp_path / "vehicle.toml"
    vehicle.write_text(_figure(field, f"{EXTREMES[extreme]} {_unit(field)}".strip()), encoding="utf-8")
    case = {"argv": ["route", "PVG", "ICN", "--vehicle", str(vehicle), "--fidelity", fidelity], "seconds": 120}
    code, _, err = run_case(case, tmp_path, tmp_path, monkeypatch)
    assert code in ((0, 2, 4) if fidelity == "simulate" else (0, 4)), err
    assert "Traceback" not in err and ".py:" not in err
    if code:
        assert err.count("\n") == 1
        assert (str(vehicle) in err) if code == 4 else ("the simulate tier cannot fly this vehicle" in err)


@pytest.mark.parametrize("field, extreme, fidelity", SAMPLE, ids=["-".join(s) for s in SAMPLE])
def test_a_vehicle_at_an_extreme(field, extreme, fidelity, tmp_path, monkeypatch):
    _check(field, extreme, fidelity, tmp_path, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("field, extreme, fidelity", SWEEP, ids=["-".join(s) for s in SWEEP])
def test_every_vehicle_figure_at_every_extreme(field, extreme, fidelity, tmp_path, monkeypatch):
    _check(field, extreme, fidelity, tmp_path, monkeypatch)

"""The scoreboard is the reference table: every row must pass, and a perturbed row must fail."""

import dataclasses
import json

import pytest

from rocketship.validation import CHECKS, run


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_every_published_figure_is_reproduced(check):
    (result,) = run([check])
    assert result.passed, f"{check.what}: computed {result.computed} outside {check.low}..{check.high} ({check.source})"


def test_a_perturbed_reference_fails():
    c = CHECKS[0]
    width = c.high - c.low
    moved = dataclasses.replace(c, low=c.low + 10 * width, high=c.high + 10 * width)
    (result,) = run([moved])
    assert not result.passed


def test_validate_command_exit_codes(cli, monkeypatch):
    code, out, err = cli("validate", "--json")
    data = json.loads(out)
    assert code == 0 and data["failed"] == 0 and data["passed"] == len(CHECKS)
    import rocketship.validation as v

    bad = dataclasses.replace(CHECKS[2], low=100.0, high=101.0)
    monkeypatch.setattr(v, "CHECKS", [bad, *CHECKS[3:5]])
    code, out, err = cli("validate")
    assert code == 1 and "1 of 3 checks failed" in err and err.count("\n") == 1

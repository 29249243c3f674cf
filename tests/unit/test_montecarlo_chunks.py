"""A Monte Carlo run a chunk of draws at a time (rocketship/montecarlo.py): the same figures as at once, and
its sensitivity ranking on a stated, seeded subsample past SENSITIVITY_SAMPLES draws.  The thresholds are
lowered here so that a few thousand draws cross them (the code paths are the ones 1e6 draws take)."""

import json

import numpy as np
import pytest

from rocketship import montecarlo, uncertainty
from rocketship.cli import main
from tests.unit.test_schemas import _validator


def _route(capsys, samples: int, *extra: str) -> str:
    assert main(["route", "PEK", "JFK", "--samples", str(samples), "--seed", "4", *extra]) == 0
    return capsys.readouterr().out


def test_in_chunks_the_figures_are_those_of_every_draw_at_once(monkeypatch):
    """2,500 draws at once and in chunks of 600 (the last one short): the same figures to the bit — every
    percentile, probability and ρ — and the same cost per kg draw by draw (what the histogram draws)."""
    from rocketship import assess

    whole = assess("PEK", "JFK", samples=2_500, seed=4)
    monkeypatch.setattr(montecarlo, "CHUNK", 600)
    chunked = assess("PEK", "JFK", samples=2_500, seed=4)
    assert json.dumps(chunked.uncertainty) == json.dumps(whole.uncertainty)   # (NaN equal to NaN, as text)
    assert chunked.sensitivity == whole.sensitivity
    assert json.dumps(chunked.economics.to_dict(), default=str) == json.dumps(whole.economics.to_dict(), default=str)
    assert np.array_equal(chunked.uncertainty_samples["cost_per_kg"], whole.uncertainty_samples["cost_per_kg"])
    assert set(chunked.uncertainty_samples) == set(montecarlo.KEPT_SAMPLES)


@pytest.mark.parametrize("samples, subsampled", [(1_000, False), (1_001, True), (3_000, True)])
def test_the_report_says_when_the_ranking_read_a_subsample(monkeypatch, capsys, samples, subsampled):
    """Past SENSITIVITY_SAMPLES (lowered to 1,000) the JSON carries sensitivity_subsample (how many rows, of
    how many draws, by which seed) and the text's sensitivity table says so; at or below it, neither."""
    monkeypatch.setattr(uncertainty, "SENSITIVITY_SAMPLES", 1_000)
    monkeypatch.setattr(montecarlo, "CHUNK", 1_500)
    data = json.loads(_route(capsys, samples, "--json"))
    text = _route(capsys, samples)
    assert len(data["sensitivity"]) == 10
    if subsampled:
        assert data["sensitivity_subsample"] == {"samples": 1_000, "of": samples, "seed": 4}
        _validator(data).validate(data)                         # the schema knows the field
        broken = {**data, "sensitivity_subsample": {"samples": "1000", "of": samples, "seed": 4}}
        assert not _validator(broken).is_valid(broken)
        assert f"over a random 1,000 of the {samples:,} draws" in " ".join(text.split())
    else:
        assert "sensitivity_subsample" not in data
        assert "over a random" not in text

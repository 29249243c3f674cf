"""The sensitivity ranking of a Monte Carlo run (rocketship/uncertainty.py)."""

from types import SimpleNamespace

import numpy as np

from rocketship import uncertainty
from rocketship.uncertainty import Sampler, sensitivity, spearman


def _sampler(n: int, seed: int = 3) -> tuple[Sampler, np.ndarray]:
    """Four triangular inputs and an output that leans on two of them (and has gaps: NaN where a flight
    would not fly)."""
    s = Sampler(n, seed)
    figs = [SimpleNamespace(ranged=True, low=lo, value=mode, high=hi, path=f"x{i}")
            for i, (lo, mode, hi) in enumerate([(0, 1, 2), (5, 6, 9), (-1, 0, 1), (10, 10, 10.5)])]
    a, b, c, d = (s(f) for f in figs)
    out = 3.0 * a - b + 0.1 * np.sin(c) + 0.0 * d
    out[::97] = np.nan
    return s, out


def test_the_ranking_is_spearman_input_by_input():
    """The output ranked once and each input over the same samples gives the same ρ as Spearman's
    coefficient computed pair by pair (the definition), to rounding."""
    s, out = _sampler(5_000)
    got = dict(sensitivity(s, out, top=10))
    for label, _, draws in s.draws.values():
        assert abs(got[label] - spearman(draws, out)) < 1e-12, label
    assert list(got)[:2] == ["x0", "x1"]          # strongest first: the two the output leans on


def test_a_large_run_is_ranked_on_a_stated_subsample(monkeypatch):
    """Past SENSITIVITY_SAMPLES the ranking reads every k-th finite sample: ρ from n samples has a standard
    error of about 1/√n, so at a cap of 2,000 it is held to three of them, 3/√2000 ≈ 0.067 — and the
    inputs that matter keep their order."""
    s, out = _sampler(20_000)
    full = dict(sensitivity(s, out, top=10))
    monkeypatch.setattr(uncertainty, "SENSITIVITY_SAMPLES", 2_000)
    sub = dict(sensitivity(s, out, top=10))
    assert set(sub) == set(full)
    for label in full:
        assert abs(sub[label] - full[label]) <= 3 / np.sqrt(2_000), (label, sub[label], full[label])
    assert list(sub)[:2] == list(full)[:2] == ["x0", "x1"]

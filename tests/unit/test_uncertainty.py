"""The sensitivity ranking of a Monte Carlo run, its draws a chunk at a time and its percentiles over chunks
(rocketship/uncertainty.py)."""

from types import SimpleNamespace

import numpy as np
import pytest

from rocketship import uncertainty
from rocketship.uncertainty import Sampler, StreamedPercentiles, percentiles, sensitivity, spearman


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
    """Past SENSITIVITY_SAMPLES the ranking reads a seeded random subsample of the rows: ρ from n samples has a
    standard error of about 1/√n, so at a cap of 2,000 it is held to three of them, 3/√2000 ≈ 0.067 — and the
    inputs that matter keep their order.  The same seed picks the same rows."""
    s, out = _sampler(20_000)
    full = dict(sensitivity(s, out, top=10))
    monkeypatch.setattr(uncertainty, "SENSITIVITY_SAMPLES", 2_000)
    sub = dict(sensitivity(s, out, top=10))
    assert set(sub) == set(full)
    for label in full:
        assert abs(sub[label] - full[label]) <= 3 / np.sqrt(2_000), (label, sub[label], full[label])
    assert list(sub)[:2] == list(full)[:2] == ["x0", "x1"]
    rows = uncertainty.ranked_rows(20_000, s)
    assert rows is not None and rows.size == 2_000 and np.all(np.diff(rows) > 0)
    assert np.array_equal(rows, uncertainty.ranked_rows(20_000, _sampler(20_000)[0]))
    assert uncertainty.ranked_rows(2_000, s) is None


def test_spearman_against_scipy_with_ties():
    """Against scipy.stats.spearmanr (its own ranking: average ranks from 1, then Pearson) on draws with many
    ties: the same coefficient to 1e-12 (the same arithmetic on ranks shifted by one, so rounding only), by
    pair and in the ranking; the ranks themselves are scipy's average ranks less one, exactly."""
    from scipy.stats import rankdata, spearmanr

    rng = np.random.default_rng(11)
    y = np.round(rng.normal(size=3_000), 1)                   # ~60 distinct values: ties everywhere
    xs = [np.round(y + rng.normal(scale=s, size=y.size), d) for s, d in ((0.3, 1), (1.0, 0), (3.0, 2))]
    xs.append(rng.integers(0, 4, size=y.size).astype(float))    # four values only
    assert np.array_equal(uncertainty._ranks(y), rankdata(y) - 1)
    got = dict(uncertainty.ranking([(f"x{i}", x) for i, x in enumerate(xs)], y, top=10))
    for i, x in enumerate(xs):
        expected = spearmanr(x, y).statistic
        assert abs(spearman(x, y) - expected) < 1e-12
        assert abs(got[f"x{i}"] - expected) < 1e-12


def test_a_sampler_over_some_rows_draws_what_the_whole_run_draws():
    """Sampler.rows(a, b) draws rows a..b of every figure exactly as the whole run draws them (the stream
    advanced to them), in whatever order the chunks ask."""
    figs = [SimpleNamespace(ranged=True, low=lo, value=mode, high=hi, path=f"x{i}")
            for i, (lo, mode, hi) in enumerate([(0, 1, 2), (5, 6, 9), (-1, 0, 1)])]
    whole = Sampler(1_000, 8)
    drawn = [whole(f) for f in figs]
    parts = Sampler(1_000, 8)
    for a, b in ((600, 1_000), (0, 250), (250, 600)):
        part = parts.rows(a, b)
        for f, x in zip(figs, drawn):
            assert np.array_equal(part(f), x[a:b])


def _chunks(x: np.ndarray, size: int):
    return [x[i:i + size] for i in range(0, x.size, size)]


@pytest.mark.parametrize("case", ["smooth", "ties", "gaps", "infinite", "constant"])
def test_streamed_percentiles_equal_those_of_every_draw(case):
    """StreamedPercentiles over chunks gives percentiles() of all the draws at once, to the bit: smooth draws,
    heavy ties, NaN gaps, infinite draws (inverted_cdf) and a constant."""
    rng = np.random.default_rng(2)
    x = rng.triangular(0.0, 1.0, 5.0, 50_000)
    if case == "ties":
        x = np.round(x, 1)
    elif case == "gaps":
        x[rng.random(x.size) < 0.3] = np.nan
    elif case == "infinite":
        x[rng.random(x.size) < 0.2] = np.inf
    elif case == "constant":
        x = np.full(x.size, 4.25)
    chunks = _chunks(x, 3_000)
    sp = StreamedPercentiles(chunks[0])
    for c in chunks:
        sp.add(c)
    assert sp.result() == percentiles(x)
    assert sum(a.size for a in sp.kept) < 0.3 * x.size          # only the draws about each percentile are held


def test_a_pilot_far_off_takes_a_second_pass():
    """A pilot unlike the run (here the run's lowest draws) keeps the wrong draws: result() says so (None),
    keeps the bins the percentiles fell in, and a second pass over the same draws gives them exactly."""
    x = np.random.default_rng(4).normal(size=40_000)
    sp = StreamedPercentiles(np.sort(x)[:2_000])
    for c in _chunks(x, 4_000):
        sp.add(c)
    assert sp.result() is None
    for c in _chunks(x, 4_000):
        sp.add(c)
    assert sp.result() == percentiles(x)


def test_a_figure_and_its_copy_draw_one_run_as_a_pickled_model_needs():
    """A figure is known by what it is, not by the object: a copy (what a model pickled to a Dask worker holds)
    draws the original's numbers, and the figures after it keep their runs.  Keyed by id, a copy drew a run
    of its own and shifted every later figure's: a pickled model's costs came out different."""
    import pickle

    from rocketship.catalog.schema import Figure, Source
    from rocketship.uncertainty import Sampler

    src = Source(key="test", title="a test figure")
    first = Figure(path="a", value=2.0, si_unit="kg", written="2 kg", source=src, confidence="medium", low=1.0, high=3.0)
    second = Figure(path="b", value=5.0, si_unit="kg", written="5 kg", source=src, confidence="low", low=4.0, high=9.0)
    whole = Sampler(100, seed=7)
    a, b = whole(first), whole(second)
    assert whole(pickle.loads(pickle.dumps(first))) is a and len(whole.draws) == 2
    # the rows of another process's sampler, over copies met in another order, draw the same numbers
    part = pickle.loads(pickle.dumps(whole)).rows(10, 20)
    assert np.array_equal(part(pickle.loads(pickle.dumps(first))), a[10:20])
    assert np.array_equal(part(pickle.loads(pickle.dumps(second))), b[10:20])

"""Monte Carlo over the catalogue's ranged figures.

Every figure written with ``low``/``mode``/``high`` is uncertain; a
:class:`Sampler` draws it from a triangular distribution on those three
values (the mode is the catalogue's point value).  The same figure gets the
same draws wherever it is used, so that correlations through shared inputs
survive, and the sampler keeps every draw for the sensitivity ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np


def point(fig, owner: str = ""):
    """The most-likely value of a catalogue figure: the draw of a point estimate (None stays None)."""
    return None if fig is None else fig.value


class Sampler:
    """Callable: ``draw(figure)`` → its point value (n = 0) or an array of n triangular draws.

    The k-th figure drawn takes the k-th run of n numbers from the seeded stream; :meth:`rows` gives a
    sampler over some of those rows that draws exactly those numbers (the stream advanced to them), so that
    a run made a chunk of rows at a time draws what the whole run draws, to the bit."""

    def __init__(self, n: int = 0, seed: int | None = None):
        if n < 0:
            raise ValueError("the number of samples cannot be negative")
        self.n = int(n)
        self.rng = np.random.default_rng(seed)
        self.draws: dict[Any, tuple[str, object, np.ndarray]] = {}   # figure → (label, figure, its draws)
        self._origin = self.rng.bit_generator.state   # where every figure's run of draws is counted from
        self._order: dict[Any, int] = {}              # figure → k: it draws the k-th run of n numbers
        self._first, self._total = 0, self.n          # this sampler's rows start at _first of _total
        self._streamed = True                         # draws straight from rng, figure after figure

    def rows(self, start: int, stop: int) -> Sampler:
        """A sampler over rows *start* to *stop* of this one's draws (the same figures draw the same numbers)."""
        part = Sampler(stop - start)
        part.rng, part._origin, part._order = self.rng, self._origin, self._order
        part._first, part._total, part._streamed = self._first + start, self._total, False
        return part

    def __call__(self, fig, owner: str = ""):
        """Draws of *fig*; *owner* (e.g. ``"xzy-1"``) names where it lives, for the sensitivity table."""
        if fig is None:
            return None
        if self.n == 0 or not getattr(fig, "ranged", False) or fig.high == fig.low:
            return fig.value
        # a figure is known by what it is (Figure is a frozen dataclass), not by the object holding it: a model
        # pickled to another process (a Dask worker) holds copies of the catalogue's figures, and keyed by id
        # a copy would draw a run of its own, apart from the original's, and every later figure's run would shift
        key: Any = fig if type(fig).__hash__ is not None else id(fig)   # (a mutable stand-in: by the object)
        if key not in self.draws:
            label = f"{owner} {fig.path}".strip()
            self.draws[key] = (label, fig, self._triangular(fig, self._order.setdefault(key, len(self._order))))
        return self.draws[key][2]

    def _triangular(self, fig, k: int) -> np.ndarray:
        if self._streamed:   # the whole run: its figures drawn in turn, straight from the stream
            return self.rng.triangular(fig.low, fig.value, fig.high, self.n)
        bits = np.random.PCG64()   # default_rng's generator
        bits.state = cast(Any, self._origin)
        bits.advance(k * self._total + self._first)   # one number of the stream a draw
        return np.random.Generator(bits).triangular(fig.low, fig.value, fig.high, self.n)

    def subsample(self, size: int) -> np.ndarray:
        """*size* of this run's rows (sorted), drawn without replacement by a generator of their own seeded
        from the run's seed: the same rows every time the same seed is run, whatever the chunks."""
        seq = self.rng.bit_generator.seed_seq
        assert isinstance(seq, np.random.SeedSequence)
        own = np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, SUBSAMPLE_STREAM))
        return np.sort(np.random.default_rng(own).choice(self._total, size=size, replace=False))


#: the spawn key of the generator that picks a sensitivity subsample (a stream of its own, apart from the draws')
SUBSAMPLE_STREAM = 1


def percentiles(x, qs=(10, 50, 90)) -> dict:
    """p10/p50/p90 of *x*, NaNs left out (NaN where nothing is left).

    An infinite draw counts (a break-even of +inf is a draw in which the rocket is not faster): with
    any present, each percentile is a draw itself (no interpolation towards infinity).
    """
    arr = np.asarray(x, dtype=float).ravel()
    arr = arr[~np.isnan(arr)]
    return _percentiles(arr, bool(np.all(np.isfinite(arr))), qs)


def _percentiles(arr: np.ndarray, finite: bool, qs=(10, 50, 90)) -> dict:
    """:func:`percentiles` of *arr* (no NaN), interpolated only where every draw is *finite*."""
    if arr.size == 0:
        return {f"p{q}": float("nan") for q in qs}
    vals = np.percentile(arr, qs, method="linear" if finite else "inverted_cdf")
    return {f"p{q}": float(v) for q, v in zip(qs, vals)}


#: how wide :class:`StreamedPercentiles` keeps the draws about each percentile of its pilot: this many standard
#: errors of a quantile from the pilot's draws (a percentile outside is found by a second pass, never guessed)
WINDOW_SE = 6.0


class StreamedPercentiles:
    """:func:`percentiles` of an output that comes a chunk of draws at a time, equal to those of all its draws
    at once, holding only the draws near each percentile.

    The *pilot* (the first chunk's draws) places a window about each percentile, WINDOW_SE standard errors
    wide.  Every chunk is counted into the bins that the windows' edges cut (the draws between two edges,
    and the draws equal to each edge), and only the draws of the bins within a window are kept.  The
    percentiles are then read from an array of the run's length that holds each kept draw in its sorted
    place and, in each bin not kept, an edge of it (the one below; in the lowest bin, the one above): the
    draws numpy reads (those at and next to each percentile's rank) are the run's own, so the figures are the
    same to the bit.  Where a percentile's rank falls in a bin not kept (a pilot far off), :meth:`result`
    says so and keeps that bin: a second pass over the same draws then finds it.
    """

    def __init__(self, pilot, qs=(10, 50, 90)):
        v = np.sort(np.asarray(pilot, dtype=float).ravel())
        v = v[~np.isnan(v)]
        self.qs = qs
        windows = []
        if v.size:
            last = v.size - 1
            for q in qs:
                p = q / 100
                d = WINDOW_SE * np.sqrt(p * (1 - p) / v.size) + 2 / v.size
                windows.append((v[max(0, int(np.floor((p - d) * last)))], v[min(last, int(np.ceil((p + d) * last)))]))
        self.edges = np.unique(np.array(windows, dtype=float).ravel())
        k = self.edges.size
        # bins: 2i holds the draws strictly between edges i-1 and i, 2i+1 those equal to edge i
        self.keep = np.zeros(2 * k + 1, dtype=bool)
        for lo, hi in windows:
            a, b = np.searchsorted(self.edges, [lo, hi])
            self.keep[2 * a + 2:2 * b + 1:2] = True
        self._restart()

    def _restart(self) -> None:
        self.counts = np.zeros(self.keep.size, dtype=np.int64)
        self.kept: list[np.ndarray] = []
        self.finite = True

    def add(self, x) -> None:
        """Count in a chunk of draws (NaNs left out, as :func:`percentiles` leaves them)."""
        x = np.asarray(x, dtype=float).ravel()
        x = x[~np.isnan(x)]
        self.finite = self.finite and bool(np.all(np.isfinite(x)))
        i = np.searchsorted(self.edges, x)
        bins = 2 * i
        if self.edges.size:
            bins += self.edges[np.minimum(i, self.edges.size - 1)] == x
        self.counts += np.bincount(bins, minlength=self.keep.size)
        held = self.keep[bins]
        if held.any():
            self.kept.append(x[held])

    def result(self) -> dict | None:
        """The percentiles, or None where one fell in a bin not kept: then the bin is kept from now on and
        the draws must be added again, every one (a second pass)."""
        n = int(self.counts.sum())
        if n == 0:
            return _percentiles(np.empty(0), True, self.qs)
        ranks: set[int] = set()
        for q in self.qs:
            for at in ((n - 1) * q / 100, n * q / 100 - 1):   # numpy's linear and inverted_cdf ranks, and beside
                ranks.update(range(int(np.floor(at)) - 1, int(np.ceil(at)) + 2))
        ends = np.cumsum(self.counts)
        bins = np.searchsorted(ends, np.array(sorted(r for r in ranks if 0 <= r < n)), side="right")
        missing = [int(b) for b in bins if b % 2 == 0 and not self.keep[b]]
        if missing:
            self.keep[missing] = True
            self._restart()
            return None
        arr = np.empty(n)
        kept = np.sort(np.concatenate(self.kept)) if self.kept else np.empty(0)
        at = taken = 0
        for b, c in enumerate(self.counts.tolist()):
            if b % 2:
                arr[at:at + c] = self.edges[b // 2]
            elif self.keep[b]:
                arr[at:at + c] = kept[taken:taken + c]
                taken += c
            elif c:
                arr[at:at + c] = self.edges[max(b // 2 - 1, 0)]
            at += c
        return _percentiles(arr, self.finite, self.qs)


@dataclass(frozen=True)
class Band:
    """The 10th, 50th and 90th percentiles of one output over the Monte Carlo draws, in *unit*."""

    p10: float
    p50: float
    p90: float
    unit: str

    @classmethod
    def of(cls, summary: dict) -> Band:
        """From a summary entry ``{"unit": …, "p10": …, "p50": …, "p90": …}``."""
        return cls(summary["p10"], summary["p50"], summary["p90"], summary["unit"])

    def contains(self, x: float) -> bool:
        return self.p10 <= x <= self.p90


def _ranks(x: np.ndarray) -> np.ndarray:
    """Ranks from 0; tied values share the mean of the ranks they span (so any sort gives the same ranks)."""
    order = np.argsort(x)
    r = np.empty(len(x), dtype=float)
    xs = x[order]
    starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])
    if starts.size == len(x):
        r[order] = np.arange(len(x), dtype=float)
    else:
        ends = np.r_[starts[1:], len(x)]
        r[order] = np.repeat((starts + ends - 1) / 2, ends - starts)
    return r


def spearman(x, y) -> float:
    """Spearman rank correlation of two equal-length samples (finite pairs only)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 3 or np.ptp(x[ok]) == 0 or np.ptp(y[ok]) == 0:
        return 0.0
    return float(np.corrcoef(_ranks(x[ok]), _ranks(y[ok]))[0, 1])


#: the most draws a sensitivity ranking reads: past this, a subsample of this many (:meth:`Sampler.subsample`,
#: seeded by the run's seed, stated in the report).  Spearman's ρ from n draws is good to about 1/√n, ±0.007
#: here, finer than the two decimals the ranking is printed to and than the gaps between the inputs that lead it;
#: ranking 45 inputs over it takes ~0.1 s, where 1e6 draws took 20 × that and 8 MB a figure kept
SENSITIVITY_SAMPLES = 20_000


def ranked_rows(n: int, sampler: Sampler) -> np.ndarray | None:
    """The rows of an *n*-draw run that its sensitivity ranking reads: None for all of them, up to
    SENSITIVITY_SAMPLES, else the run's seeded subsample of that many."""
    return None if n <= SENSITIVITY_SAMPLES else sampler.subsample(SENSITIVITY_SAMPLES)


def sensitivity(sampler: Sampler, output, top: int = 10) -> list[tuple[str, float]]:
    """Inputs ranked by the size of their Spearman ρ with *output*; (label, ρ) pairs, strongest first, over
    the rows :func:`ranked_rows` picks."""
    rows = ranked_rows(len(output), sampler)
    pick = (lambda x: x) if rows is None else (lambda x: x[rows])
    return ranking([(label, pick(np.asarray(draws, float))) for label, _, draws in sampler.draws.values()],
                   pick(np.asarray(output, float)), top)


def ranking(inputs: list[tuple[str, np.ndarray]], output: np.ndarray, top: int = 10) -> list[tuple[str, float]]:
    """(label, Spearman ρ with *output*) of each of *inputs*, strongest first: the output ranked once over its
    finite draws, and each input once over the same draws — the same ρ as :func:`spearman` pair by pair."""
    y = np.asarray(output, float)
    rows_at = np.flatnonzero(np.isfinite(y))
    y = y[rows_at]
    ranked = _ranks(y) if rows_at.size >= 3 and np.ptp(y) > 0 else None
    rows = []
    for label, draws in inputs:
        x = np.asarray(draws, float)[rows_at]
        if ranked is None:
            rho = 0.0
        elif not np.all(np.isfinite(x)):       # an input with gaps of its own: pair by pair
            rho = spearman(x, y)
        else:
            rho = 0.0 if np.ptp(x) == 0 else float(np.corrcoef(_ranks(x), ranked)[0, 1])
        rows.append((label, rho))
    rows.sort(key=lambda r: -abs(r[1]))
    return rows[:top]

"""Monte Carlo over the catalogue's ranged figures.

Every figure written with ``low``/``mode``/``high`` is uncertain; a
:class:`Sampler` draws it from a triangular distribution on those three
values (the mode is the catalogue's point value).  The same figure gets the
same draws wherever it is used, so that correlations through shared inputs
survive, and the sampler keeps every draw for the sensitivity ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def point(fig, owner: str = ""):
    """The most-likely value of a catalogue figure: the draw of a point estimate (None stays None)."""
    return None if fig is None else fig.value


class Sampler:
    """Callable: ``draw(figure)`` → its point value (n = 0) or an array of n triangular draws."""

    def __init__(self, n: int = 0, seed: int | None = None):
        if n < 0:
            raise ValueError("the number of samples cannot be negative")
        self.n = int(n)
        self.rng = np.random.default_rng(seed)
        self.draws: dict[int, tuple[str, object, np.ndarray]] = {}

    def __call__(self, fig, owner: str = ""):
        """Draws of *fig*; *owner* (e.g. ``"xzy-1"``) names where it lives, for the sensitivity table."""
        if fig is None:
            return None
        if self.n == 0 or not getattr(fig, "ranged", False) or fig.high == fig.low:
            return fig.value
        key = id(fig)
        if key not in self.draws:
            label = f"{owner} {fig.path}".strip()
            self.draws[key] = (label, fig, self.rng.triangular(fig.low, fig.value, fig.high, self.n))
        return self.draws[key][2]


def percentiles(x, qs=(10, 50, 90)) -> dict:
    """p10/p50/p90 of *x*, NaNs left out (NaN where nothing is left).

    An infinite draw counts (a break-even of +inf is a draw in which the rocket is not faster): with
    any present, each percentile is a draw itself (no interpolation towards infinity).
    """
    arr = np.asarray(x, dtype=float).ravel()
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        return {f"p{q}": float("nan") for q in qs}
    vals = np.percentile(arr, qs, method="linear" if np.all(np.isfinite(arr)) else "inverted_cdf")
    return {f"p{q}": float(v) for q, v in zip(qs, vals)}


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
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x), dtype=float)
    r[order] = np.arange(len(x), dtype=float)
    return r


def spearman(x, y) -> float:
    """Spearman rank correlation of two equal-length samples (finite pairs only)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 3 or np.ptp(x[ok]) == 0 or np.ptp(y[ok]) == 0:
        return 0.0
    return float(np.corrcoef(_ranks(x[ok]), _ranks(y[ok]))[0, 1])


#: the most samples a sensitivity ranking reads: past this every k-th finite sample (a fixed stride, so the
#: same run ranks the same way); Spearman's ρ from n samples is good to about 1/√n (±0.004 at 50,000), far
#: finer than the ranking needs
SENSITIVITY_SAMPLES = 50_000


def sensitivity(sampler: Sampler, output, top: int = 10) -> list[tuple[str, float]]:
    """Inputs ranked by the size of their Spearman ρ with *output*; (label, ρ) pairs, strongest first.

    The output is ranked once, over its finite samples (at most SENSITIVITY_SAMPLES of them), and each input
    over the same samples — the same ρ as :func:`spearman` pair by pair, without ranking the output again for
    every input."""
    y = np.asarray(output, float)
    rows_at = np.flatnonzero(np.isfinite(y))
    if rows_at.size > SENSITIVITY_SAMPLES:
        rows_at = rows_at[::-(-rows_at.size // SENSITIVITY_SAMPLES)]
    y = y[rows_at]
    ranked = _ranks(y) if rows_at.size >= 3 and np.ptp(y) > 0 else None
    rows = []
    for label, _, draws in sampler.draws.values():
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

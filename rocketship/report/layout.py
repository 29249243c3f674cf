"""Fitting the terminal: how wide the output is, which layout fits, and numbers as people write them.

A report is readable at 80 and at 120 columns: ``COLUMNS`` sets the width
(also when the output is piped), a terminal reports its own, and piped output
without ``COLUMNS`` is :data:`PIPED_WIDTH` wide.  A table that would be wider
than that is swapped for a narrower layout of the same figures (see
:func:`first_that_fits`) rather than truncated: codes and numbers are never cut.
"""

from __future__ import annotations

import math
import os

PIPED_WIDTH = 80      #: columns of output that goes to a file or a pipe when COLUMNS is not set
MIN_WIDTH = 40        #: narrower than this, COLUMNS is ignored (no table could be read)


def output_width(file) -> int | None:
    """Columns to lay out for: COLUMNS if set, None (the terminal's own) on a terminal, else PIPED_WIDTH."""
    cols = os.environ.get("COLUMNS", "").strip()
    if cols.isdigit() and int(cols) >= MIN_WIDTH:
        return int(cols)
    isatty = getattr(file, "isatty", None)
    return None if isatty is not None and isatty() else PIPED_WIDTH


def least_width(console, renderable) -> int:
    """The fewest columns *renderable* can take with its prose wrapped at spaces and nothing else
    broken (a no-wrap column keeps its widest cell; a wrapping one its longest word)."""
    return console.measure(renderable, options=console.options.update(width=10_000)).minimum


def fits(console, renderable) -> bool:
    """Does *renderable* fit the console without cutting a code or a number?"""
    return least_width(console, renderable) <= console.width


def first_that_fits(console, builders):
    """The renderable of the first builder whose output fits the console without wrapping a cell;
    the last builder's (a layout that wraps only at spaces) when none does."""
    built = None
    for build in builders:
        built = build()
        if fits(console, built):
            return built
    return built


def number(x: float, sig: int = 6) -> str:
    """*x* as a person writes it: thousands separated, no exponent, up to *sig* significant digits
    (``5,853,226``, ``7.19808``, ``0.00142753``)."""
    if x is None or not math.isfinite(x):
        return "—"
    a = abs(x)
    if a == 0:
        return "0"
    if a >= 10 ** (sig - 1):
        return f"{x:,.0f}"
    decimals = max(0, sig - 1 - math.floor(math.log10(a)))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(x: float, unit: str = "USD", digits: int = 0) -> str:
    """An amount of money as people write it: ``90,000 USD``, ``7.81 M USD``, ``1.2 bn USD``."""
    if x is None or not math.isfinite(x):
        return "—"
    a = abs(x)
    if a >= 1e9:
        return f"{x / 1e9:,.3g} bn {unit}".strip()
    if a >= 1e6:
        return f"{x / 1e6:,.3g} M {unit}".strip()
    return f"{x:,.{digits}f} {unit}".strip()


def short(x: float) -> str:
    """A large count or amount in few characters (``37 M``, ``1.2 bn``, ``12,345``, ``0.5``)."""
    if x is None or not math.isfinite(x):
        return "—"
    a = abs(x)
    if a >= 1e9:
        return f"{x / 1e9:.3g} bn"
    if a >= 1e6:
        return f"{x / 1e6:.3g} M"
    if a >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"

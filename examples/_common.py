"""Helpers shared by the teaching examples: where to save figures, and matplotlib if it is there."""

import sys
from pathlib import Path


def out_dir() -> Path:
    """The folder given as the first argument (default: ./figures), created if needed."""
    d = Path(sys.argv[1] if len(sys.argv) > 1 else "figures")
    d.mkdir(parents=True, exist_ok=True)
    return d


def pyplot():
    """matplotlib.pyplot with a file backend, or None when the plot extra is not installed."""
    try:
        import matplotlib
    except ImportError:
        print("(matplotlib not installed: pip install 'rocketship[plot]' for the figures)")
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt

"""The user's cache folder: parsed catalogues and the land grid, each rebuilt on demand.

``$XDG_CACHE_HOME/rocketship`` or ``~/.cache/rocketship``.  Only files this
package writes are listed or removed here; anything else a user keeps in the
folder is left alone.
"""

from __future__ import annotations

import os
from pathlib import Path

#: what rocketship writes, relative to the cache folder (temporary files of an interrupted write included)
OWN_PATTERNS = ("catalog/*.pkl", "catalog/*.tmp", "landmask-*.npy", "*.npy.tmp")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "rocketship"


def cache_files() -> list[Path]:
    """Files in the cache folder that rocketship wrote."""
    root = cache_dir()
    return sorted({p for pattern in OWN_PATTERNS for p in root.glob(pattern) if p.is_file()})


def clear_cache() -> tuple[int, int]:
    """Remove rocketship's cache files; returns how many files and bytes went."""
    count = size = 0
    for p in cache_files():
        try:
            n = p.stat().st_size
            p.unlink()
        except FileNotFoundError:   # another process cleared it first
            continue
        count, size = count + 1, size + n
    for folder in (cache_dir() / "catalog", cache_dir()):
        try:
            folder.rmdir()          # only when empty: a user's own files keep it
        except OSError:
            pass
    return count, size

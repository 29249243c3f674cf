"""Land or sea?  A conservative coarse land mask, and the search for offshore pads.

The source is the maintained ``global-land-mask`` package (GLOBE 1 km
elevation data; lakes count as land).  Decompressing its 1 km grid takes
about 3 s, so the first use builds a 1/30° (≈ 3.7 km) grid in which a cell is
land when *any* of its sixteen 1 km cells is land — erring towards land, so
that a pad judged at sea is at sea — and caches it bit-packed (7 MB) in the
user's cache folder (``$XDG_CACHE_HOME/rocketship`` or ``~/.cache/rocketship``).
Nothing is downloaded.
"""

from __future__ import annotations

from functools import cache

import numpy as np

BLOCK = 4                       #: 1 km cells per coarse cell side
CELLS_PER_DEG = 120 // BLOCK    #: coarse cells per degree (30)
NLAT, NLON = 180 * CELLS_PER_DEG, 360 * CELLS_PER_DEG
_VERSION = "v1"


def _build() -> np.ndarray:
    from global_land_mask import globe

    water = globe._mask                       # (21600, 43200), True = water, row 0 at 90°N
    land = ~water.reshape(NLAT, BLOCK, NLON, BLOCK).all(axis=(1, 3))
    return land


GRID_NAME = f"landmask-{CELLS_PER_DEG}perdeg-{_VERSION}.npy"


def is_built() -> bool:
    """Is the coarse grid ready (in memory or in the cache folder), so that using it costs no build?"""
    from ..diskcache import folder

    if packed_land.cache_info().currsize:
        return True
    root = folder()
    return root is not None and (root / GRID_NAME).is_file()


@cache
def packed_land() -> np.ndarray:
    """(NLAT, NLON/8) uint8 grid, bit-packed along longitude: a bit is 1 where any land lies in the cell.

    Row 0 at 90°N, column 0 at 180°W.  Built on first use and kept in rocketship's cache folder
    (:mod:`rocketship.diskcache`); a damaged or missing copy is built again.
    """
    from ..diskcache import read_array, write_array

    name = GRID_NAME
    packed = read_array(name)
    if packed is not None and packed.shape == (NLAT, NLON // 8) and packed.dtype == np.uint8:
        return packed
    packed = np.packbits(_build(), axis=1)
    write_array(name, packed)
    return packed


def is_land(lat, lon) -> np.ndarray:
    """Conservative land test [deg in]; vectorised."""
    lat = np.clip(np.asarray(lat, dtype=float), -90.0, 90.0)
    lon = (np.asarray(lon, dtype=float) + 180.0) % 360.0 - 180.0
    i = np.clip(((90.0 - lat) * CELLS_PER_DEG).astype(int), 0, NLAT - 1)
    j = np.clip(((lon + 180.0) * CELLS_PER_DEG).astype(int), 0, NLON - 1)
    return ((packed_land()[i, j >> 3] >> (7 - (j & 7))) & 1).astype(bool)


def _destination(lat, lon, bearing_deg, dist_km):
    from ..core.constants import R_MEAN
    from ..core.geodesy import destination

    return destination(lat, lon, bearing_deg, np.asarray(dist_km) * 1e3, R_MEAN)


def clear_of_land(lat, lon, radius_km: float, rings: tuple[float, ...] = (1.0, 0.75, 0.5, 0.25), points: int = 24):
    """True where the point and rings of points around it out to *radius_km* are all at sea."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    ok = ~is_land(lat, lon)
    bearings = np.arange(points) * (360.0 / points)
    for frac in rings:
        la, lo = _destination(lat[..., None], lon[..., None], bearings, radius_km * frac)
        ok &= ~is_land(la, lo).any(axis=-1)
    return ok


def nearest_offshore(lat: float, lon: float, offshore_km: float = 30.0, max_km: float = 1500.0,
                     step_km: float = 5.0, bearings: int = 72):
    """The nearest point at least *offshore_km* from any land, searched out to *max_km*.

    Returns (lat, lon, distance_km) or None.  Candidates lie on a polar grid
    around the start (every 5 km and 5°); each is checked on rings out to
    the offshore distance.
    """
    dists = np.arange(offshore_km, max_km + step_km, step_km)
    brg = np.arange(bearings) * (360.0 / bearings)
    d, b = np.meshgrid(dists, brg, indexing="ij")
    la, lo = _destination(lat, lon, b.ravel(), d.ravel())
    sea = ~is_land(la, lo)
    idx = np.nonzero(sea)[0]
    if idx.size == 0:
        return None
    # candidates are ordered by distance: check them in batches, nearest first
    for start in range(0, idx.size, 2048):
        batch = idx[start:start + 2048]
        ok = clear_of_land(la[batch], lo[batch], offshore_km)
        if np.any(ok):
            k = batch[np.argmax(ok)]
            return float(la[k]), float(lo[k]), float(d.ravel()[k])
    return None

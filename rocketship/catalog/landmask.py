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
from itertools import pairwise

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


# --- the full 1 km grid, in tiles ------------------------------------------------------------------------------
#
# Decompressing global-land-mask's own grid takes 3-10 s and 0.9 GB; a harbour approach reads a window of it a few
# hundred cells across.  So the grid is kept in half-degree tiles: those wholly water or wholly land by an index
# (360 × 720), the 16,322 mixed ones (the coasts) bit-packed, 7.8 MB in all, cached beside the coarse grid.

FINE_PER_DEG = 120                     #: global-land-mask's cells per degree (1/120°, about 0.93 km)
TILE = 60                              #: fine cells per tile side (half a degree)
FINE_TILES_NAME = f"landmask-{FINE_PER_DEG}perdeg-tiles-{_VERSION}.npy"
FINE_INDEX_NAME = f"landmask-{FINE_PER_DEG}perdeg-index-{_VERSION}.npy"
_ALL_WATER, _ALL_LAND = -1, -2


def _build_fine(water: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index, tiles) of the full grid *water* (True = water): index[ti, tj] is -1 (all water), -2 (all land) or
    the row of *tiles* ((n, TILE, 8) uint8, land bits packed along longitude) that holds the tile."""
    nti, ntj = water.shape[0] // TILE, water.shape[1] // TILE
    view = water.reshape(nti, TILE, ntj, TILE)
    all_water, any_water = view.all(axis=(1, 3)), view.any(axis=(1, 3))
    index = np.where(all_water, _ALL_WATER, _ALL_LAND).astype(np.int32)
    ti, tj = np.nonzero(any_water & ~all_water)
    index[ti, tj] = np.arange(ti.size, dtype=np.int32)
    tiles = np.empty((ti.size, TILE, 8), dtype=np.uint8)
    for k, (a, b) in enumerate(zip(ti, tj)):
        tiles[k] = np.packbits(~water[a * TILE:(a + 1) * TILE, b * TILE:(b + 1) * TILE], axis=1)
    return index, tiles


def _store_fine(water: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from ..diskcache import write_array

    index, tiles = _build_fine(water)
    write_array(FINE_TILES_NAME, tiles)
    write_array(FINE_INDEX_NAME, index)
    return index, tiles


@cache
def _fine_store() -> tuple[np.ndarray, np.ndarray]:
    """The tiled full grid, from the cache folder, or built (and cached) from global-land-mask; a damaged or
    mismatched pair of files is built again."""
    from ..diskcache import read_array

    index, tiles = read_array(FINE_INDEX_NAME), read_array(FINE_TILES_NAME)
    if (index is not None and tiles is not None and index.shape == (180 * FINE_PER_DEG // TILE, 360 * FINE_PER_DEG // TILE)
            and index.dtype == np.int32 and tiles.dtype == np.uint8 and tiles.ndim == 3
            and tiles.shape[1:] == (TILE, 8) and int(index.max()) == tiles.shape[0] - 1 and int(index.min()) >= _ALL_LAND):
        return index, tiles
    from global_land_mask import globe

    return _store_fine(globe._mask)


def fine_land(rows, cols) -> np.ndarray:
    """Land (True) or water of the full 1 km grid's cells at *rows* × *cols* (row 0 at 90°N, column 0 at 180°W,
    1/120° each): a (len(rows), len(cols)) array."""
    index, tiles = _fine_store()
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    k = index[(rows // TILE)[:, None], (cols // TILE)[None, :]]
    out = k == _ALL_LAND
    mixed = k >= 0
    r = np.broadcast_to((rows % TILE)[:, None], k.shape)[mixed]
    c = np.broadcast_to((cols % TILE)[None, :], k.shape)[mixed]
    out[mixed] = ((tiles[k[mixed], r, c >> 3] >> (7 - (c & 7))) & 1).astype(bool)
    return out


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
    if not _fine_store.cache_info().currsize:   # the full grid is loaded now: tile it for the harbour approaches
        from global_land_mask import globe

        _store_fine(globe._mask)
    return packed


def is_land(lat, lon) -> np.ndarray:
    """Conservative land test [deg in]; vectorised."""
    i, j = _cell(lat, lon)
    return ((packed_land()[i, j >> 3] >> (7 - (j & 7))) & 1).astype(bool)


def _cell(lat, lon):
    """Row and column of the coarse cell holding each point [deg in]."""
    lat = np.clip(np.asarray(lat, dtype=float), -90.0, 90.0)
    lon = (np.asarray(lon, dtype=float) + 180.0) % 360.0 - 180.0
    i = np.clip(((90.0 - lat) * CELLS_PER_DEG).astype(int), 0, NLAT - 1)
    j = np.clip(((lon + 180.0) * CELLS_PER_DEG).astype(int), 0, NLON - 1)
    return i, j


def _destination(lat, lon, bearing_deg, dist_km):
    from ..core.constants import R_MEAN
    from ..core.geodesy import destination

    return destination(lat, lon, bearing_deg, np.asarray(dist_km) * 1e3, R_MEAN)


# --- distance to land -------------------------------------------------------------------------------------------
#
# Every distance below is measured on a sphere of radius R_LOW, the WGS-84 meridian radius of curvature at the
# equator, a(1 - e²) = 6,335,439 m: the smallest radius of curvature anywhere on the ellipsoid (NIMA TR8350.2,
# 3rd ed., §3 and §7, from a = 6,378,137 m and 1/f = 298.257223563).  Since the ellipsoid's line element is
# everywhere at least R_LOW times the unit sphere's in the same latitude and longitude, a distance on this sphere
# never exceeds the true (ellipsoidal) one: a point found at least 30 km from land here is at least 30 km out.

def _r_low() -> float:
    from ..core.constants import WGS84_A, WGS84_F

    return WGS84_A * (1.0 - WGS84_F * (2.0 - WGS84_F))


def _hav(x):
    return np.sin(np.asarray(x) / 2.0) ** 2


def _cell_bound_hav(gap_lat, gap_lon, cos_product):
    """hav of a lower bound on the angular distance between two latitude-longitude boxes (or a point and a box)
    whose latitudes are *gap_lat* apart and longitudes *gap_lon* apart [rad], where *cos_product* is at most the
    product of the cosines of any two of their latitudes: hav d = hav Δφ + cos φ₁ cos φ₂ hav Δλ, each term at
    its least."""
    return _hav(gap_lat) + cos_product * _hav(gap_lon)


def _row_edges(cells_per_deg: int, rows):
    """Northern and southern edge of grid rows [deg] (row 0 at 90°N)."""
    top = 90.0 - np.asarray(rows) / cells_per_deg
    return top, top - 1.0 / cells_per_deg


def _poleward_cos(cells_per_deg: int, rows):
    """cos of the latitude of each row's poleward edge: the least cosine over the row."""
    top, bottom = _row_edges(cells_per_deg, rows)
    return np.cos(np.radians(np.maximum(np.abs(top), np.abs(bottom))))


def _reach_rows(offshore_m: float) -> int:
    """Rows of the coarse grid within which land can lie *offshore_m* from a cell."""
    return int(np.ceil(offshore_m / _r_low() / np.radians(1.0 / CELLS_PER_DEG))) + 1


def _offshore_rows(i0: int, i1: int, offshore_m: float, cols: np.ndarray | None = None) -> np.ndarray:
    """Rows *i0*..*i1* of the coarse grid, at the columns *cols* (default all longitudes): True where every point
    of the cell lies at least *offshore_m* from every land cell of the coarse land grid — in which a cell is land
    when any of its full-resolution cells is, so this holds against the full grid too.

    Two cells *di* rows and *dj* columns apart are at least (|di|-1) cell heights apart in latitude and (|dj|-1)
    cell widths in longitude; with the poleward cosines of both rows, :func:`_cell_bound_hav` bounds their distance
    from below.  So a cell is near land when, for some *di*, the row *di* away holds land within the *dj* that bound
    allows: the land grid dilated along each row by a width that depends on both rows' latitudes (cells shrink in
    longitude towards the poles), read off one running count of each row's land.  Land beyond a pole is not looked for
    (none lies within 30 km of the North Pole, and the South Pole is on land).  *cols* (consecutive, wrapping
    round in longitude, as :func:`_window` gives them) dilates only the land those columns can see — the same
    cells as the whole rows, a pad's window a few hundred times quicker; a band of 100 whole rows takes ~15 ms.
    """
    reach = _reach_rows(offshore_m)
    lo, hi = max(0, i0 - reach), min(NLAT - 1, i1 + reach)
    land = np.unpackbits(packed_land()[lo:hi + 1], axis=1).astype(bool)
    h = np.radians(1.0 / CELLS_PER_DEG)
    hav_t = float(_hav(offshore_m / _r_low()))
    target = np.arange(i0, i1 + 1)
    spans = []                       # (rows out, rows of *land* in, dilation width) for each row offset
    for di in range(-reach, reach + 1):
        hav_lat = float(_hav(max(0, abs(di) - 1) * h))
        source = target + di
        ok = (source >= 0) & (source < NLAT)
        if hav_lat >= hav_t or not ok.any():
            continue
        c = _poleward_cos(CELLS_PER_DEG, target[ok]) * _poleward_cos(CELLS_PER_DEG, source[ok])
        with np.errstate(divide="ignore"):
            ratio = np.where(c > 0, (hav_t - hav_lat) / np.where(c > 0, c, 1.0), np.inf)
        gap = 2.0 * np.arcsin(np.sqrt(np.minimum(ratio, 1.0)))
        width = np.where(ratio >= 1.0, NLON // 2, np.minimum(np.floor(gap / h).astype(int) + 1, NLON // 2))
        spans.append((np.nonzero(ok)[0], source[ok] - lo, width))
    whole = max((int(w[w < NLON // 2].max()) for _, _, w in spans if np.any(w < NLON // 2)), default=0)
    if cols is None or len(cols) + 2 * whole >= NLON:
        start, out_cols = -whole, NLON                # whole rows, wrapping round
    else:
        start, out_cols = int(cols[0]) - whole, len(cols)
    # each row's running count of land once, over the columns it is seen from (a margin of *whole* each side):
    # a row dilated by w is then two reads of it, for every row offset and width alike
    seen = land[:, (start + np.arange(out_cols + 2 * whole)) % NLON]
    counts = np.zeros((seen.shape[0], seen.shape[1] + 1), dtype=np.int16)   # at most 2 × NLON: fits
    np.cumsum(seen, axis=1, dtype=np.int16, out=counts[:, 1:])
    near = np.zeros((target.size, out_cols), dtype=bool)
    for rows_out, rows_in, width in spans:
        for w in np.unique(width):
            sel = width == w
            if w >= NLON // 2:
                near[rows_out[sel]] |= land[rows_in[sel]].any(axis=1, keepdims=True)
            else:
                c = counts[rows_in[sel]]
                near[rows_out[sel]] |= (c[:, whole + w + 1:whole + w + 1 + out_cols]
                                        > c[:, whole - w:whole - w + out_cols])
    if out_cols == NLON and cols is not None:
        near = near[:, np.asarray(cols)]
    return ~near


def is_offshore(lat, lon, offshore_km: float = 30.0) -> np.ndarray:
    """True where the point's whole coarse cell is at least *offshore_km* from every land cell of the
    full-resolution grid [deg in]; vectorised (over the band of rows the points span).  Conservative: a point a
    little further out than that may still read False."""
    i, j = _cell(lat, lon)
    if i.size == 0:
        return np.zeros(i.shape, dtype=bool)
    band = _offshore_rows(int(i.min()), int(i.max()), offshore_km * 1e3)
    return band[i - int(i.min()), j]


def _window(lat: float, lon: float, radius_km: float, cells_per_deg: int):
    """Rows and (wrapped) columns of a grid that hold every point within *radius_km* of (lat, lon)."""
    nlat, nlon = 180 * cells_per_deg, 360 * cells_per_deg
    dlat = np.degrees(radius_km * 1e3 / _r_low()) + 1.0 / cells_per_deg
    i0 = max(0, int((90.0 - min(90.0, lat + dlat)) * cells_per_deg))
    i1 = min(nlat - 1, int((90.0 - max(-90.0, lat - dlat)) * cells_per_deg))
    far = abs(lat) + dlat
    dlon = 180.0 if far >= 89.0 else dlat / np.cos(np.radians(far))
    if dlon >= 179.0:
        return np.arange(i0, i1 + 1), np.arange(nlon)
    j0 = int(np.floor((lon - dlon + 180.0) * cells_per_deg))
    return np.arange(i0, i1 + 1), np.arange(j0, j0 + int(np.ceil(2 * dlon * cells_per_deg)) + 2) % nlon


def _distance_to_cells(lat: float, lon: float, rows, cols, cells_per_deg: int) -> np.ndarray:
    """Lower bound on the distance [m] from (lat, lon) to every point of each cell (rows[k], cols[k])."""
    top, bottom = _row_edges(cells_per_deg, rows)
    west = -180.0 + np.asarray(cols) / cells_per_deg
    gap_lat = np.radians(np.maximum(0.0, np.maximum(bottom - lat, lat - top)))
    dlon = (west - lon + 180.0) % 360.0 - 180.0          # from the point to the cell's western edge
    size = 1.0 / cells_per_deg
    gap_lon = np.radians(np.where((dlon <= 0) & (dlon + size >= 0), 0.0,
                                  np.minimum(np.abs(dlon), np.abs(dlon + size))))
    cos_p = np.cos(np.radians(lat)) * np.cos(np.radians(np.maximum(np.abs(top), np.abs(bottom))))
    hav_d = np.minimum(_cell_bound_hav(gap_lat, np.minimum(gap_lon, np.pi), cos_p), 1.0)
    return 2.0 * np.arcsin(np.sqrt(hav_d)) * _r_low()


def distance_to_land(lat: float, lon: float, *, full_resolution: bool = False, search_km: float = 300.0) -> float:
    """Distance [km] from (lat, lon) to the nearest point of any land cell, a lower bound (see :func:`_r_low`):
    on the coarse grid (cached), or with *full_resolution* on global-land-mask's own 1 km grid (loading it takes
    about 3 s).  ``inf`` when no land lies within *search_km*; 0 on land."""
    if full_resolution:
        from global_land_mask import globe

        cpd, grid = 120, None
        water = globe._mask
    else:
        cpd, grid = CELLS_PER_DEG, packed_land()
    rows, cols = _window(lat, lon, search_km, cpd)
    block = ~water[np.ix_(rows, cols)] if grid is None else np.unpackbits(grid[rows], axis=1)[:, cols].astype(bool)
    ii, jj = np.nonzero(block)
    if ii.size == 0:
        return float("inf")
    d = _distance_to_cells(lat, lon, rows[ii], cols[jj], cpd)
    best = float(d.min()) / 1e3
    return best if best <= search_km else float("inf")


def nearest_offshore(lat: float, lon: float, offshore_km: float = 30.0, max_km: float = 1500.0):
    """The nearest point at least *offshore_km* from any land (islands included), searched out to *max_km*.

    Returns (lat, lon, distance_km from the start) or None.  The point is the centre of the nearest coarse cell
    every point of which is that far from every land cell of the full-resolution grid (:func:`_offshore_rows`); the
    coarse grid errs towards land, so the point lies between *offshore_km* and about 6 km further out.
    """
    from ..core.geodesy import great_circle

    for radius in sorted({min(r, max_km) for r in (100.0, 200.0, 600.0, max_km)}):   # most coasts: the first
        rows, cols = _window(lat, lon, radius, CELLS_PER_DEG)
        block = _offshore_rows(int(rows[0]), int(rows[-1]), offshore_km * 1e3, cols)
        ii, jj = np.nonzero(block)
        if ii.size == 0:
            continue
        clat = 90.0 - (rows[ii] + 0.5) / CELLS_PER_DEG
        clon = -180.0 + (cols[jj] + 0.5) / CELLS_PER_DEG
        d, _ = great_circle(lat, lon, clat, clon)
        k = int(np.argmin(d))
        if d[k] / 1e3 <= radius:
            return float(clat[k]), float(clon[k]), float(d[k]) / 1e3
    return None


def track_points(track, step_km: float = 0.5) -> np.ndarray:
    """Points every *step_km* or closer along a track of (lat, lon) pairs joined by great circles: (n, 2) [deg]."""
    from ..core.geodesy import along, great_circle

    out = []
    for (la1, lo1), (la2, lo2) in pairwise(track):
        d, _ = great_circle(la1, lo1, la2, lo2)
        n = max(1, int(np.ceil(float(d) / 1e3 / step_km)))
        la, lo = along(la1, lo1, la2, lo2, np.arange(n) / n)
        out.append(np.column_stack([np.atleast_1d(la), np.atleast_1d(lo)]))
    out.append(np.array([track[-1]], dtype=float))
    return np.concatenate(out)


def land_run_km(track, step_km: float = 0.5, land=None) -> float:
    """The longest stretch [km] of a track over land (on the coarse grid, or on *land(lat, lon)*), sampled every
    *step_km*."""
    pts = track_points(track, step_km)
    on = (is_land if land is None else land)(pts[:, 0], pts[:, 1])
    from ..core.geodesy import great_circle

    seg, _ = great_circle(pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1])
    best = run = 0.0
    for k in range(len(seg)):
        run = run + float(seg[k]) / 1e3 if (on[k] and on[k + 1]) else 0.0
        best = max(best, run)
    return best


# --- the land's share of a cell, for drawing coastlines ----------------------------------------------------------

#: blocks of coarse cells a drawing may ask the land's share over (divisors of CELLS_PER_DEG, up to half a degree;
#: a block's count of land cells fits a byte)
SHARE_BLOCKS = (1, 2, 3, 5, 6, 10, 15)


@cache
def _share_counts(block: int) -> np.ndarray:
    """(NLAT // block, NLON // block) uint8: land cells of the coarse grid in each block × block block (kept in
    memory only)."""
    rows = []
    for i in range(0, NLAT, 600):   # a band at a time: the unpacked grid whole is 58 MB
        land = np.unpackbits(packed_land()[i:i + 600], axis=1)
        by_col = land.reshape(land.shape[0], NLON // block, block).sum(axis=2, dtype=np.uint16)
        rows.append(by_col.reshape(land.shape[0] // block, block, NLON // block).sum(axis=1, dtype=np.uint16))
    return np.concatenate(rows).astype(np.uint8)


def land_share(lat, lon, block: int = 1) -> np.ndarray:
    """The share of land (0 to 1) about each point [deg in; any longitude], interpolated bilinearly between the
    centres of blocks of *block* × *block* cells of the coarse grid (one of :data:`SHARE_BLOCKS`; 1: the coarse
    grid itself, 1/30°): what a map contours at one half for its coastline, at a block near its pixel's size.
    Vectorised; the grid wraps round in longitude."""
    if block not in SHARE_BLOCKS:
        raise ValueError(f"block must be one of {SHARE_BLOCKS} (got {block})")
    lat = np.clip(np.asarray(lat, dtype=float), -90.0, 90.0)
    lon = np.asarray(lon, dtype=float)
    per_deg = CELLS_PER_DEG / block
    nlat, nlon = NLAT // block, NLON // block
    y = (90.0 - lat) * per_deg - 0.5                    # fractional row, 0 at the first row's centre
    x = (((lon + 180.0) % 360.0) * per_deg - 0.5) % nlon
    i0 = np.clip(np.floor(y).astype(np.int64), 0, nlat - 2)
    j0 = np.floor(x).astype(np.int64) % nlon
    j1 = (j0 + 1) % nlon
    fy, fx = np.clip(y - i0, 0.0, 1.0), x - np.floor(x)
    if block == 1:
        grid = packed_land()

        def at(i, j):
            return ((grid[i, j >> 3] >> (7 - (j & 7))) & 1).astype(float)
        scale = 1.0
    else:
        counts = _share_counts(block)

        def at(i, j):
            return counts[i, j].astype(float)
        scale = 1.0 / (block * block)
    top = at(i0, j0) * (1 - fx) + at(i0, j1) * fx
    bottom = at(i0 + 1, j0) * (1 - fx) + at(i0 + 1, j1) * fx
    return (top * (1 - fy) + bottom * fy) * scale

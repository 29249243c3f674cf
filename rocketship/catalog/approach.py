"""Harbour approaches over water: the way from a port out to where a ship sees open water, on the full 1 km grid.

searoute's network starts and ends in open water; a port at the head of a bay or up an estuary (Newark behind
Staten Island, Hamburg up the Elbe, Houston up its ship channel) is joined to it here by the shortest path over
the water cells of global-land-mask's 1 km grid (:func:`~.landmask.fine_land`) in a window around the port:
Dijkstra's algorithm (``scipy.sparse.csgraph``) over each cell's 16 neighbours (the eight next to it and the eight
a knight's move away, so that a path is at most 2.7 % longer than the straight line it stands for, against 8.2 %
with eight).  A land cell costs :data:`LAND_PENALTY` times its length, so the path takes the least land there
is — the narrow channels (Kill van Kull, the Nieuwe Waterweg, the Huangpu) the 1 km grid reads as land — and it
may cross land only in its first :data:`HARBOUR_CHANNEL_KM` from the port.  The path is then drawn straight
between the points of it that see each other over water, and ends where the far end (a pad, or a node of the
network) is reached by a straight line over open water (on the coarse grid, which errs towards land).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..core.constants import R_MEAN

#: how far [km] along its path from the port a harbour approach may run over cells the 1 km grid reads as land:
#: the port's own quays and basins and the channels narrower than a cell (about 1 km) that lead out to water the
#: grid resolves.  Houston's ship channel is the yardstick: 52 nmi from the Gulf to the Turning Basin, about 22 nmi
#: of it across Galveston Bay and some 5 nmi through Bolivar Roads and its jetties (globalsecurity.org, 'Port of
#: Houston', from the Port of Houston Authority 1996), so about 25 nmi (46 km) up the San Jacinto River and Buffalo
#: Bayou, 160 m wide; the grid sees part of it, and the approach crosses about 30 km of land.  Measured the same way over
#: searoute's 1,339 classified ports (the least land on the way to a node of its network): 661 need none, 288 up
#: to 5 km, 98 from 5 to 25 km (Newark 7, Hamburg 9, Rotterdam 18, Antwerp 18), 40 from 25 to 50 km (Houston 28-30,
#: Bremen 37, Ho Chi Minh City 39, Rouen 43, Kolkata 44), 21 more (Orlando 57, Matadi 56, Seville 76, Vancouver WA
#: 91), and 231 reach no water within the window (inland places, lakes).  50 km takes Houston's whole channel and
#: the estuary ports after it; those further up (Seville's 80 km of the Guadalquivir, Matadi's of the Congo) are
#: left out, and a few inland UN/LOCODE points within 50 km of the sea by their least-land way (Faenza 37 km,
#: Kouvola 38 km) are let in — the port search takes them only where no real port is quicker.  An assumption.
HARBOUR_CHANNEL_KM = 50.0
#: the window [km either way of the port] searched for the approach: the channel allowance and room beyond it to
#: reach open water or a node of searoute's network
WINDOW_KM = 90.0
#: cost of a land cell over a water cell of the same length: a kilometre of land is worth this many of water, so
#: the path goes round by water wherever the window allows it
LAND_PENALTY = 100.0
#: how many of the water cells (of every other row and column) in order of path plus straight line length are tried
#: for a clear sight of the far end
SIGHT_TRIES = 1024



@dataclass(frozen=True)
class Approach:
    """A port's approach: its path (lat, lon pairs from the port), its length [m] and how far along it [m] the last
    land cell lies (0 where it runs over water alone)."""

    track: tuple[tuple[float, float], ...]
    length: float
    land_until: float


@dataclass(frozen=True)
class _Tree:
    """Shortest paths from one port over a window of the 1 km grid."""

    lat: np.ndarray        #: cell-centre latitude of each row [deg]
    lon: np.ndarray        #: cell-centre longitude of each column [deg]
    land: np.ndarray       #: (rows, cols) bool
    pred: np.ndarray       #: predecessor of each cell on its path (flat index; -9999 at the root or unreached)
    length: np.ndarray     #: path length to each cell [m] (inf unreached)
    land_until: np.ndarray  #: path distance [m] of the last land cell on each cell's path (-1: none)
    root: int

    def admissible(self) -> np.ndarray:
        """Water cells reached with land only within the channel allowance (flat mask)."""
        return (~self.land.ravel() & np.isfinite(self.length)
                & (self.land_until <= HARBOUR_CHANNEL_KM * 1e3))

    def cell_points(self, flat) -> np.ndarray:
        flat = np.asarray(flat, dtype=np.int64)
        nc = self.lon.size
        return np.column_stack([self.lat[flat // nc], self.lon[flat % nc]])

    def path(self, flat: int) -> list[int]:
        out = [int(flat)]
        while out[-1] != self.root:
            out.append(int(self.pred[out[-1]]))
        return out[::-1]


def _offsets():
    king = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1) if (di, dj) != (0, 0)]
    knight = [(di, dj) for di in (-2, -1, 1, 2) for dj in (-2, -1, 1, 2) if abs(di) != abs(dj)]
    return king + knight


def _between(di: int, dj: int) -> list[tuple[int, int]]:
    """The cells a step passes through or touches besides its ends, relative to its start: a knight's move's two,
    a diagonal step's two corner neighbours (its line runs through their shared corner), none for a straight
    step."""
    si, sj = int(np.sign(di)), int(np.sign(dj))
    if abs(dj) == 2:
        return [(0, sj), (di, sj)]
    if abs(di) == 2:
        return [(si, 0), (si, dj)]
    return [(di, 0), (0, dj)] if di and dj else []


@lru_cache(maxsize=16)
def _tree(port_lat: float, port_lon: float) -> _Tree | None:
    """Dijkstra from the port's cell over the window; None where the window holds no water at all."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    from .landmask import FINE_PER_DEG, _window, fine_land

    rows, cols = _window(port_lat, port_lon, WINDOW_KM, FINE_PER_DEG)
    land = fine_land(rows, cols)
    if land.all():
        return None
    nr, nc = land.shape
    lat = 90.0 - (rows + 0.5) / FINE_PER_DEG
    lon = -180.0 + (cols + 0.5) / FINE_PER_DEG
    lon = np.degrees(np.unwrap(np.radians(lon)))          # continuous across the antimeridian
    h = np.radians(1.0 / FINE_PER_DEG) * R_MEAN                # a cell's height [m]
    cost = np.where(land, LAND_PENALTY, 1.0)
    idx = np.arange(nr * nc).reshape(nr, nc)
    src, dst, w = [], [], []
    for di, dj in _offsets():
        r0, r1, c0, c1 = max(0, -di), nr - max(0, di), max(0, -dj), nc - max(0, dj)
        if r1 <= r0 or c1 <= c0:
            continue

        def block(mi, mj, r0=r0, r1=r1, c0=c0, c1=c1):   # the cells (mi, mj) from each source cell
            return cost[r0 + mi:r1 + mi, c0 + mj:c1 + mj]

        width = h * np.cos(np.radians((lat[r0:r1] + lat[r0 + di:r1 + di]) / 2))
        length = np.hypot(di * h, dj * width)[:, None]
        cells = [block(0, 0), block(di, dj)] + [block(mi, mj) for mi, mj in _between(di, dj)]
        src.append(idx[r0:r1, c0:c1].ravel())
        dst.append(idx[r0 + di:r1 + di, c0 + dj:c1 + dj].ravel())
        w.append((length * (sum(cells) / len(cells))).ravel())
    graph = csr_matrix((np.concatenate(w), (np.concatenate(src), np.concatenate(dst))), shape=(nr * nc,) * 2)
    i0 = int(np.argmin(np.abs(lat - port_lat)))
    j0 = int(np.argmin(np.abs(lon - (port_lon + 360.0 * np.round((lon[0] - port_lon) / 360.0)))))
    root = i0 * nc + j0
    _, pred = dijkstra(graph, directed=True, indices=root, return_predecessors=True)
    length, land_until = _along_tree(pred, root, lat, nc, land.ravel(), h)
    return _Tree(lat, lon, land, pred, length, land_until, root)


def _along_tree(pred, root, lat, nc, land_flat, h):
    """Path length [m] from the root to every cell, and the path distance of the last land on each path (-1: none),
    by pointer jumping up the tree of predecessors (log₂ of the deepest path's cells steps).  A step counts as over
    land where it ends on land, or where it is a knight's move through a land cell."""
    n = pred.size
    idx = np.arange(n)
    reached = (pred >= 0) | (idx == root)
    parent = np.where(pred >= 0, pred, idx)
    pi, pj = parent // nc, parent % nc
    di, dj = idx // nc - pi, idx % nc - pj
    width = h * np.cos(np.radians((lat[idx // nc] + lat[pi]) / 2))
    total, anc = np.hypot(di * h, dj * width), parent.copy()
    while True:   # total[c]: length from c up to anc[c]
        nxt = anc[anc]
        if np.array_equal(nxt, anc):
            break
        total, anc = total + total[anc], nxt
    length = np.where(reached, total, np.inf)
    over_land = land_flat.copy()
    for step in {(a, b) for a, b in zip(di.tolist(), dj.tolist())}:
        k = np.nonzero((di == step[0]) & (dj == step[1]))[0]
        for mi, mj in _between(*step):
            over_land[k] |= land_flat[(pi[k] + mi) * nc + pj[k] + mj]
    last, anc = np.where(over_land & reached, length, -1.0), parent.copy()
    while True:   # last[c]: the furthest land on the path from anc[c] down to c
        nxt = anc[anc]
        last = np.maximum(last, last[anc])
        if np.array_equal(nxt, anc):
            break
        anc = nxt
    return length, last


#: a straight line is judged by points at most an eighth of a cell apart, each standing for the cells within an
#: eighth of a cell of it (either way in latitude and longitude): so a line that only clips a land cell's corner
#: between two points is caught, and no point of a line passed as water lies on land
SUB = 8


def _box(la, lo, per_deg: int):
    """The four corners of the box SUB-th of a cell either way of each point [deg]."""
    e = 1.0 / (SUB * per_deg)
    return [(la + a, lo + b) for a in (-e, e) for b in (-e, e)]


def _samples(p_lat, p_lon, q_lat, q_lon, per_deg: int, sub: int = SUB):
    """Points along the great circles from p to q (arrays broadcast), at most 1/*sub* of a cell of *per_deg*
    apart: (lat, lon) arrays with the samples along the last axis."""
    from ..core.geodesy import along

    span = np.max(np.maximum(np.abs(np.asarray(q_lat) - p_lat),
                             np.abs((np.asarray(q_lon) - p_lon + 180.0) % 360.0 - 180.0)))
    f = np.linspace(0.0, 1.0, int(np.ceil(float(span) * per_deg * sub)) + 2)
    return along(np.asarray(p_lat)[..., None], np.asarray(p_lon)[..., None], np.asarray(q_lat)[..., None],
                 np.asarray(q_lon)[..., None], f)


def _sees(a, b) -> np.ndarray:
    """Does each point of *a* ((n, 2) [deg]) see *b* (lat, lon) over open water on the coarse grid (which errs
    towards land)?  A first pass, a sample every half cell, throws out the lines that plainly meet land; the rest
    are judged in full (:data:`SUB`)."""
    from .landmask import CELLS_PER_DEG, is_land

    a = np.atleast_2d(a)
    la, lo = _samples(a[:, 0], a[:, 1], b[0], b[1], CELLS_PER_DEG, sub=2)
    out = ~np.any(is_land(la, lo), axis=1)
    keep = np.nonzero(out)[0]
    if keep.size:
        la, lo = _samples(a[keep, 0], a[keep, 1], b[0], b[1], CELLS_PER_DEG)
        land = np.zeros(la.shape, dtype=bool)
        for x, y in _box(la, lo, CELLS_PER_DEG):
            land |= is_land(np.clip(x, -90.0, 90.0), y)
        out[keep] = ~land.any(axis=1)
    return out


def _clear_on_grid(tree: _Tree, p, q) -> bool:
    """Is the great circle between two window points water all along on the 1 km grid?"""
    from .landmask import FINE_PER_DEG

    la, lo = _samples(p[0], p[1], q[0], q[1], FINE_PER_DEG)
    for x, y in _box(la, lo, FINE_PER_DEG):
        y = y + 360.0 * np.round((tree.lon[0] - y) / 360.0)
        i = np.floor((tree.lat[0] + 0.5 / FINE_PER_DEG - x) * FINE_PER_DEG).astype(int)
        j = np.floor((y - tree.lon[0] + 0.5 / FINE_PER_DEG) * FINE_PER_DEG).astype(int)
        inside = (i >= 0) & (i < tree.lat.size) & (j >= 0) & (j < tree.lon.size)
        if not inside.all() or tree.land[i, j].any():
            return False
    return True


def _straighten(tree: _Tree, cells: list[int]) -> list[int]:
    """The path's cells with every run that a straight line over water can replace replaced by it (greedy: from
    each kept cell, the furthest later cell it sees, found by doubling and then halving the step)."""
    pts = tree.cell_points(cells)
    land = tree.land.ravel()[cells]
    keep, k, n = [0], 0, len(cells)
    while k < n - 1:
        if land[k] or land[k + 1]:
            k += 1
        else:
            step = 1
            while k + 2 * step < n and _clear_on_grid(tree, pts[k], pts[k + 2 * step]):
                step *= 2
            lo_, hi_ = k + step, min(n - 1, k + 2 * step)
            while hi_ - lo_ > 1:
                mid = (lo_ + hi_) // 2
                if _clear_on_grid(tree, pts[k], pts[mid]):
                    lo_ = mid
                else:
                    hi_ = mid
            k = hi_ if _clear_on_grid(tree, pts[k], pts[hi_]) else lo_
        keep.append(k)
    return [cells[i] for i in keep]


def _approach(tree: _Tree, port, flat: int, end) -> Approach:
    from .ports import _length

    cells = _straighten(tree, tree.path(flat))
    track = ((float(port[0]), float(port[1])),) + tuple((float(a), float(b)) for a, b in tree.cell_points(cells[1:]))
    track += ((float(end[0]), float(end[1])),)
    return Approach(track, _length(track), float(max(0.0, tree.land_until[flat])))


def to_sight(port_lat: float, port_lon: float, end_lat: float, end_lon: float) -> Approach | None:
    """The shortest approach from the port that ends in a straight line over open water to (end_lat, end_lon) — the
    whole way there when the end is in sight of the window's water — or None.  The straight line leaves from a cell
    of every other row and column of the window (a quarter of the cells to try, for at most a cell's diagonal,
    1.3 km, more path), tried in order of path plus great circle, at most :data:`SIGHT_TRIES` of them."""
    from ..core.geodesy import great_circle

    tree = _tree(float(port_lat), float(port_lon))
    if tree is None:
        return None
    nc = tree.lon.size
    ok = np.nonzero(tree.admissible())[0]
    if ok.size == 0:
        return None
    lattice = ok[(ok // nc % 2 == 0) & (ok % nc % 2 == 0)]
    ok = lattice if lattice.size else ok
    pts = tree.cell_points(ok)
    gc, _ = great_circle(pts[:, 0], pts[:, 1], end_lat, end_lon)
    order = np.argsort(tree.length[ok] + gc)[:SIGHT_TRIES]
    for start in range(0, order.size, 256):
        batch = order[start:start + 256]
        seen = np.nonzero(_sees(pts[batch], (end_lat, end_lon)))[0]
        if seen.size:
            return _approach(tree, (port_lat, port_lon), int(ok[batch[seen[0]]]), (end_lat, end_lon))
    return None


#: how many of the network's nodes nearest a port are tried, by sight from the window's water, where no node lies
#: in the window (searoute's network is sparse off open coasts: Ensenada's nearest node is 100 km out)
FAR_NODES_TRIED = 10


def to_network(port_lat: float, port_lon: float, toward_lat: float, toward_lon: float, nodes: np.ndarray,
               tries: int = 1) -> list:
    """The approaches from the port to the *tries* nodes of searoute's network (*nodes*: (n, 2) lat, lon) that it
    reaches over water and that are nearest the far end (*toward*) by path plus great circle, nearest first:
    [(approach, node), …], empty where there are none.  Nodes in the window are reached over its water; where it
    holds none, the nodes nearest the port are tried for a clear sight from the window's water (:func:`to_sight`).
    The great circle from a node in a bay may cross the land the network goes round (from Tokyo Bay's east shore
    to the Pacific across the Bōsō peninsula), so the caller routes each and keeps the shortest."""
    from ..core.geodesy import great_circle

    tree = _tree(float(port_lat), float(port_lon))
    if tree is None:
        return []
    from .landmask import FINE_PER_DEG

    i = np.round((tree.lat[0] - nodes[:, 0]) * FINE_PER_DEG).astype(int)
    lon = nodes[:, 1] + 360.0 * np.round((tree.lon[0] - nodes[:, 1]) / 360.0)
    j = np.round((lon - tree.lon[0]) * FINE_PER_DEG).astype(int)
    inside = (i >= 0) & (i < tree.lat.size) & (j >= 0) & (j < tree.lon.size)
    k = np.nonzero(inside)[0]
    flat = i[k] * tree.lon.size + j[k]
    ok = tree.admissible()[flat]
    k, flat = k[ok], flat[ok]
    out = []
    if k.size:
        gc, _ = great_circle(nodes[k, 0], nodes[k, 1], toward_lat, toward_lon)
        for best in np.argsort(tree.length[flat] + gc, kind="stable")[:tries]:
            node = (float(nodes[k[best], 0]), float(nodes[k[best], 1]))
            out.append((_approach(tree, (port_lat, port_lon), int(flat[best]), node), node))
        return out
    near, _ = great_circle(port_lat, port_lon, nodes[:, 0], nodes[:, 1])
    for n in np.argsort(near, kind="stable")[:FAR_NODES_TRIED]:
        node = (float(nodes[n, 0]), float(nodes[n, 1]))
        found = to_sight(port_lat, port_lon, *node)
        if found is not None:
            out.append((found, node))
    out.sort(key=lambda an: an[0].length + float(great_circle(an[1][0], an[1][1], toward_lat, toward_lon)[0]))
    return out[:tries]

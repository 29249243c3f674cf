"""US Standard Atmosphere 1976, vectorised.

0-86 km geometric: the seven-layer US76 model on geopotential altitude
(hydrostatic, exact as published).  Above 86 km: log-linear interpolation of
the published US76 tables, exponential beyond the last point.

References
----------
.. [1] NOAA/NASA/USAF, "U.S. Standard Atmosphere, 1976", NOAA-S/T 76-1562 (1976).
.. [2] R. Carmichael, PDAS "Properties of the U.S. Standard Atmosphere 1976" tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import xp
from .xp import FloatOrArray
from .constants import G0

R_STAR = 8.31432          #: US76 universal gas constant [J/(mol K)]
M0 = 0.0289644            #: sea-level mean molar mass of air [kg/mol]
R_AIR = R_STAR / M0       #: specific gas constant of air [J/(kg K)]
R0_GEOPOT = 6356766.0     #: US76 radius for geopotential altitude [m]
GAMMA_AIR = 1.4
GMR = G0 * M0 / R_STAR    #: hydrostatic constant [K/m]

#: layer bases: geopotential altitude [m], temperature lapse rate [K/m]
_H_BASE = np.array([0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0, 84_852.0])
_LAPSE = np.array([-6.5e-3, 0.0, 1.0e-3, 2.8e-3, 0.0, -2.8e-3, -2.0e-3])


def _layer_bases() -> tuple[np.ndarray, np.ndarray]:
    t = [288.15]
    p = [101_325.0]
    for i, lapse in enumerate(_LAPSE):
        dh = _H_BASE[i + 1] - _H_BASE[i]
        t_next = t[i] + lapse * dh
        if lapse == 0.0:
            p_next = p[i] * np.exp(-GMR * dh / t[i])
        else:
            p_next = p[i] * (t[i] / t_next) ** (GMR / lapse)
        t.append(t_next)
        p.append(p_next)
    return np.array(t), np.array(p)


_T_BASE, _P_BASE = _layer_bases()

# US76 tabulated values above 86 km geometric [1]: z [m], T [K], p [Pa], rho [kg/m^3]
_UPPER = np.array([
    [86_000.0, 186.87, 3.7338e-1, 6.958e-6],
    [90_000.0, 186.87, 1.8359e-1, 3.416e-6],
    [100_000.0, 195.08, 3.2011e-2, 5.604e-7],
    [110_000.0, 240.00, 7.1042e-3, 9.708e-8],
    [120_000.0, 360.00, 2.5382e-3, 2.222e-8],
    [150_000.0, 634.39, 4.5422e-4, 2.076e-9],
    [200_000.0, 854.56, 8.4736e-5, 2.541e-10],
    [300_000.0, 976.01, 8.7704e-6, 1.916e-11],
    [500_000.0, 999.24, 3.0236e-7, 5.215e-13],
])


def geopotential(z: FloatOrArray) -> FloatOrArray:
    """Geopotential altitude [m] from geometric altitude z [m]."""
    z = np.asarray(z, dtype=float)
    return R0_GEOPOT * z / (R0_GEOPOT + z)


def geometric(h: FloatOrArray) -> FloatOrArray:
    """Geometric altitude [m] from geopotential altitude h [m]."""
    h = np.asarray(h, dtype=float)
    return R0_GEOPOT * h / (R0_GEOPOT - h)


def _lower_geopotential(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Temperature [K] and pressure [Pa] for geopotential altitude 0 <= h <= 84,852 m."""
    i = np.clip(np.searchsorted(_H_BASE, h, side="right") - 1, 0, len(_LAPSE) - 1)
    tb, pb, hb, lapse = _T_BASE[i], _P_BASE[i], _H_BASE[i], _LAPSE[i]
    t = tb + lapse * (h - hb)
    iso = lapse == 0.0
    safe_lapse = np.where(iso, 1.0, lapse)
    p = np.where(iso, pb * np.exp(-GMR * (h - hb) / tb), pb * (tb / t) ** (GMR / safe_lapse))
    return t, p


def us76(z: FloatOrArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Temperature [K], pressure [Pa] and density [kg/m³] at geometric altitude z [m].

    Vectorised over z.  Below sea level the sea-level gradient layer is
    extended (down to -5 km); above 86 km the published table is
    interpolated log-linearly and extrapolated exponentially.
    """
    z = np.asarray(z, dtype=float)
    zc = np.maximum(z, -5_000.0)
    low = zc <= 86_000.0
    h = geopotential(np.minimum(zc, 86_000.0))
    t_low, p_low = _lower_geopotential(np.minimum(h, _H_BASE[-1]))
    rho_low = p_low / (R_AIR * t_low)
    zu = _UPPER[:, 0]
    zz = np.maximum(zc, 86_000.0)
    t_up = np.interp(zz, zu, _UPPER[:, 1])
    # log-linear interpolation; beyond the table, the last segment's scale height
    lp = np.interp(zz, zu, np.log(_UPPER[:, 2]), right=np.nan)
    lr = np.interp(zz, zu, np.log(_UPPER[:, 3]), right=np.nan)
    beyond = zz > zu[-1]
    if np.any(beyond):
        sp = (np.log(_UPPER[-1, 2]) - np.log(_UPPER[-2, 2])) / (zu[-1] - zu[-2])
        sr = (np.log(_UPPER[-1, 3]) - np.log(_UPPER[-2, 3])) / (zu[-1] - zu[-2])
        lp = np.where(beyond, np.log(_UPPER[-1, 2]) + sp * (zz - zu[-1]), lp)
        lr = np.where(beyond, np.log(_UPPER[-1, 3]) + sr * (zz - zu[-1]), lr)
    t = np.where(low, t_low, t_up)
    p = np.where(low, p_low, np.exp(lp))
    rho = np.where(low, rho_low, np.exp(lr))
    return t, p, rho


SEA_LEVEL_DENSITY = 1.225   #: [kg/m³] US76 at z = 0

_TABLE_STEP = 20.0          #: [m] spacing of the tabulated US76 figures
_TABLE_TOP = 200_000.0      #: [m] top of the tables


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray, list[float], list[float]]:
    """ln ρ and ∫₀^z √ρ dz on a 20 m grid from the ground to 200 km, as arrays and as lists (the float path)."""
    z = np.arange(0.0, _TABLE_TOP + _TABLE_STEP / 2, _TABLE_STEP)
    log_rho = np.log(us76(z)[2])
    root = np.sqrt(np.exp(log_rho))
    root_integral = np.concatenate([[0.0], np.cumsum(0.5 * _TABLE_STEP * (root[1:] + root[:-1]))])
    return log_rho, root_integral, log_rho.tolist(), root_integral.tolist()


def log_density(z: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
    """ln of US76 density [ln(kg/m³)] and its slope d ln ρ / dz [1/m] at geometric altitude z [m], from the
    20 m log-linear table (within 1e-4 of :func:`us76` in ρ from the ground to 200 km,
    tests/reference/test_atmosphere.py); beyond the ends, the end cells' slopes carry on."""
    one = type(z) is float
    log_rho = _tables()[2 if one else 0]
    i, t = xp.table_cell(z * (1.0 / _TABLE_STEP) if one else np.asarray(z, float) * (1.0 / _TABLE_STEP), len(log_rho))
    lo = log_rho[i]
    slope = log_rho[i + 1] - lo
    return lo + t * slope, slope * (1.0 / _TABLE_STEP)


def root_density_integral(z: FloatOrArray) -> FloatOrArray:
    """∫₀^z √ρ(z') dz' [kg^0.5 m^-0.5] through US76, z [m] clipped to the ground and 200 km (tabulated).

    A body of ballistic coefficient β [kg/m²] falling at its terminal velocity √(2βg/ρ) from z to the
    ground takes this divided by √(2βg) [s].
    """
    one = type(z) is float
    table = _tables()[3 if one else 1]
    top = float(len(table) - 1)
    x: FloatOrArray
    if one:
        x = min(max(z * (1.0 / _TABLE_STEP), 0.0), top)
    else:
        x = np.minimum(np.maximum(np.asarray(z, float) * (1.0 / _TABLE_STEP), 0.0), top)
    i, t = xp.table_cell(x, len(table))
    lo = table[i]
    return lo + t * (table[i + 1] - lo)


def altitude_of_density(rho: FloatOrArray) -> FloatOrArray:
    """Geometric altitude [m] where the US76 density (the 20 m log-linear table of :func:`log_density`) is
    *rho* [kg/m³]: that table inverted exactly — ln ρ falls monotonically from node to node, so the cell
    that holds it is read off an index over ln ρ and the altitude within it from the cell's straight line
    (beyond the table's ends, its end cells carried on, as :func:`log_density` carries them); nan where ρ is
    0 or infinite (on a float: the ValueError or OverflowError of :data:`.xp.SCALAR_FAILURES`)."""
    target = xp.log(xp.asfloat(rho))
    inv = _inverse_table()
    n = inv.nodes
    j: FloatOrArray
    k: FloatOrArray
    rising: list[float] | np.ndarray
    if type(target) is float:
        j = min(max(int((target - inv.lowest) * inv.per_step), 0), inv.last)
        k = inv.index_list[j]
        rising = inv.rising_list
        if k < n and rising[k] <= target:     # the index's step holds at most one node
            k += 1
        k = min(max(k, 1), n - 1)
    else:
        steps = (target - inv.lowest) * inv.per_step
        j = np.clip(np.where(np.isfinite(steps), steps, 0.0), 0, inv.last).astype(np.intp)   # nan reads nan
        k = inv.index[j]
        rising = inv.rising
        k = np.clip(k + (rising[np.minimum(k, n - 1)] <= target) * (k < n), 1, n - 1)
    above, below = rising[k - 1], rising[k]
    # rising[k] is the node n − 1 − k steps up: the cell runs from node n − k (above) down to n − 1 − k
    z = (n - k - (target - above) / (below - above)) * _TABLE_STEP
    # no density, or an infinite one (a stage of infinite mass): no altitude, nan (a flag downstream reads it)
    return z if type(z) is float else np.where(np.isfinite(target), z, np.nan)


@dataclass(frozen=True)
class _Inverse:
    """The 20 m table's ln ρ from its top down (*rising*, as an array and a list) and an index over ln ρ:
    index[j] counts the nodes at or below lowest + j / per_step, in steps finer than any cell's fall."""

    rising: np.ndarray
    rising_list: list[float]
    index: np.ndarray
    index_list: list[int]
    lowest: float
    per_step: float
    nodes: int
    last: int


@lru_cache(maxsize=1)
def _inverse_table() -> _Inverse:
    rising = _tables()[0][::-1].copy()
    step = 0.5 * float(np.min(np.diff(rising)))
    grid = rising[0] + step * np.arange(int(math.ceil((rising[-1] - rising[0]) / step)) + 2)
    index = np.searchsorted(rising, grid, side="right")
    return _Inverse(rising, rising.tolist(), index, index.tolist(), float(rising[0]), 1.0 / step, len(rising),
                    len(index) - 1)


def density(z: FloatOrArray) -> FloatOrArray:
    """Air density [kg/m³] at geometric altitude z [m] (a float for a number, memoised)."""
    if xp.is_scalar(z):
        return _density_at(float(z))
    return us76(z)[2]


@lru_cache(maxsize=256)
def _density_at(z: float) -> float:
    return float(us76(z)[2])


def pressure(z: FloatOrArray) -> np.ndarray:
    """Air pressure [Pa] at geometric altitude z [m]."""
    return us76(z)[1]


def speed_of_sound(z: FloatOrArray) -> np.ndarray:
    """Speed of sound [m/s] at geometric altitude z [m] (ideal gas, γ = 1.4)."""
    return np.sqrt(GAMMA_AIR * R_AIR * us76(z)[0])


#: Scale height [m] of the exponential fit used by the Allen-Eggers entry model;
#: 7.2 km is the scale height of the Allen–Eggers check (NACA Report 1381: V_E = 7.2 km/s at 22.5° peaks at
#: V_E² sin γ / (2 e H) = 51.7 g₀; tests/reference/test_reentry.py).
ENTRY_SCALE_HEIGHT = 7200.0

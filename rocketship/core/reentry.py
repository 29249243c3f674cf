"""Re-entry, descent and landing of a ballistic cargo stage.

Peak deceleration and heating follow Allen & Eggers' straight-line ballistic
entry in an exponential atmosphere; the subsonic descent falls at terminal
velocity through the US76 atmosphere; the landing burn brakes from terminal
velocity at a stated throttle, with a hover margin.

References
----------
.. [1] H. J. Allen, A. J. Eggers, "A study of the motion and aerodynamic heating of
       ballistic missiles entering the Earth's atmosphere at high supersonic speeds",
       NACA Report 1381 (1958).
.. [2] Fortescue & Stark, *Spacecraft Systems Engineering*, eq. 7.19.
.. [3] K. Sutton, R. A. Graves, "A general stagnation-point convective heating
       equation for arbitrary gas mixtures", NASA TR R-376 (1971): k = 1.7415e-4 for air.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from . import xp
from .atmosphere import ENTRY_SCALE_HEIGHT, density, density_tabulated
from .constants import G0

E = math.e
SUTTON_GRAVES_K = 1.7415e-4     #: [kg^0.5 / m] for Earth air [3]
SEA_LEVEL_DENSITY = 1.225       #: [kg/m³] (US76)
#: Allen–Eggers assumes a straight, constant-angle path, fair above ~5° (physics.md §4);
#: shallower entries are taken at 5°, which errs on the high side of the peak load.
MIN_ENTRY_ANGLE = math.radians(5.0)
LANDING_THROTTLE = 0.7          #: landing burn at 70 % of sea-level thrust (assumption)
HOVER_MARGIN_S = 5.0            #: propellant for 5 s of hover/divert at the end (assumption)
#: the entry state for Allen–Eggers is taken where drag has taken this share of the speed (modelling
#: choice; with it the estimate tier's peaks match the 3-DOF simulation, tests/reference/test_simulate.py)
EFFECTIVE_ENTRY_SPEED_SHARE = 0.05


def peak_deceleration(v_entry, gamma_entry, scale_height: float = ENTRY_SCALE_HEIGHT):
    """Allen–Eggers peak deceleration [m/s²]: V_E² sin γ_E / (2 e H); independent of mass and β.

    gamma_entry is the flight-path angle below the horizontal [rad]; angles
    below MIN_ENTRY_ANGLE are taken at that floor.
    """
    return xp.asfloat(v_entry) ** 2 * xp.sin(xp.maximum(gamma_entry, MIN_ENTRY_ANGLE)) / (2 * E * scale_height)


def effective_entry_altitude(beta, gamma_entry, speed_share: float = EFFECTIVE_ENTRY_SPEED_SHARE,
                             scale_height: float = ENTRY_SCALE_HEIGHT):
    """Altitude [m] at which Allen–Eggers drag has taken *speed_share* of the entry speed (0 if never).

    V/V_E = exp(−ρ H / (2 β sin γ)) in the exponential atmosphere gives
    ρ = −2 β sin γ ln(1 − share) / H.  Above it the stage flies its vacuum arc;
    taking the entry state there, rather than at the 120 km interface, counts
    the speed a slow, steep entry gains falling into the air, which Allen–Eggers
    (no gravity) leaves out.  β = m / (C_D A) [kg/m²].
    """
    rho = -2 * xp.asfloat(beta) * xp.sin(xp.maximum(gamma_entry, MIN_ENTRY_ANGLE)) * math.log1p(-speed_share) / scale_height
    return xp.maximum(scale_height * xp.log(xp.maximum(SEA_LEVEL_DENSITY / rho, 1e-300)), 0.0)


def speed_at_peak_deceleration(v_entry):
    """V = V_E e^(−1/2) ≈ 0.6065 V_E [m/s]."""
    return xp.asfloat(v_entry) * xp.exp(-0.5)


def speed_at_peak_heating(v_entry):
    """V = V_E e^(−1/6) ≈ 0.8465 V_E [m/s] (for heating ∝ √ρ V³)."""
    return xp.asfloat(v_entry) * xp.exp(-1.0 / 6.0)


def max_entry_speed(g_limit, gamma_entry, scale_height: float = ENTRY_SCALE_HEIGHT):
    """Largest entry speed [m/s] whose Allen–Eggers peak stays within g_limit [m/s²]."""
    return xp.sqrt(2 * E * scale_height * xp.asfloat(g_limit) / xp.sin(xp.maximum(gamma_entry, MIN_ENTRY_ANGLE)))


def braking_delta_v(v_entry, gamma_entry, g_limit, scale_height: float = ENTRY_SCALE_HEIGHT):
    """Retrograde burn before entry [m/s] that brings the peak deceleration down to g_limit."""
    return xp.maximum(xp.asfloat(v_entry) - max_entry_speed(g_limit, gamma_entry, scale_height), 0.0)


def peak_heat_flux(v_entry, gamma_entry, beta, nose_radius, scale_height: float = ENTRY_SCALE_HEIGHT):
    """Sutton–Graves stagnation heat flux [W/m²] at the Allen–Eggers heating peak.

    ρ* = β sin γ / (3 H) (exponential atmosphere), V* = V_E e^(−1/6);
    q = k √(ρ*/r_n) V*³.  β = m / (C_D A) [kg/m²].
    """
    rho = xp.asfloat(beta) * xp.sin(xp.maximum(gamma_entry, MIN_ENTRY_ANGLE)) / (3 * scale_height)
    rho = xp.minimum(rho, SEA_LEVEL_DENSITY)
    return SUTTON_GRAVES_K * xp.sqrt(rho / nose_radius) * speed_at_peak_heating(v_entry) ** 3


def terminal_velocity(beta, altitude=0.0):
    """Terminal velocity [m/s] of a body of ballistic coefficient β [kg/m²] at altitude [m]."""
    return xp.sqrt(2 * xp.asfloat(beta) * G0 / density(altitude))


def landing_burn(v_terminal, thrust, mass):
    """Landing burn from terminal velocity: Δv [m/s] and duration [s].

    Constant deceleration at LANDING_THROTTLE of *thrust* [N] for a stage of
    *mass* [kg]; gravity loss during the burn and HOVER_MARGIN_S of hover.
    Returns inf where the thrust cannot hold the stage up.
    """
    accel = LANDING_THROTTLE * xp.asfloat(thrust) / xp.asfloat(mass) - G0
    ok = accel > 0.5
    t_burn = xp.where(ok, v_terminal / xp.where(ok, accel, 1.0), xp.inf)
    dv = v_terminal + G0 * t_burn + G0 * HOVER_MARGIN_S
    return dv, t_burn + HOVER_MARGIN_S


def descent_time(v_entry, gamma_entry, beta, h_entry, nodes: int = 48):
    """Time [s] from the entry interface (altitude h_entry [m]) down to the landing burn.

    Hypersonic leg: straight line at γ_E with Allen–Eggers speed
    V(h) = V_E exp(−ρ(h) H / (2 β sin γ_E)) (exponential atmosphere, H = 7.2 km),
    until V falls to the local terminal velocity.  Then a vertical fall at
    terminal velocity through the US76 atmosphere to the ground.  Vectorised
    over routes; the altitude grid has *nodes* points.
    """
    one = xp.is_scalar(v_entry, gamma_entry, beta, h_entry)
    v_entry, gamma_entry, beta, h_entry = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (v_entry, gamma_entry, beta, h_entry)))
    if v_entry.size > _DESCENT_CHUNK:   # a routes × nodes grid at a time that stays in cache
        flat = [x.reshape(-1) for x in (v_entry, gamma_entry, beta, h_entry)]
        parts = [descent_time(*(x[i:i + _DESCENT_CHUNK] for x in flat), nodes=nodes)
                 for i in range(0, flat[0].size, _DESCENT_CHUNK)]
        return np.concatenate(parts).reshape(v_entry.shape)
    if one:   # one route: the atmosphere on its grid is the same at every call
        rho_exp, rho_std = _altitude_grid(float(h_entry), nodes)
    else:
        rho_exp, rho_std = _grid_atmosphere(h_entry[..., None] * np.linspace(1.0, 0.0, nodes))
    sg = np.sin(np.maximum(gamma_entry, MIN_ENTRY_ANGLE))[..., None]
    b = beta[..., None]
    v_ae = v_entry[..., None] * np.exp(-rho_exp * ENTRY_SCALE_HEIGHT / (2 * b * sg))
    v_term = np.sqrt(2 * b * G0 / rho_std)
    hyper = v_ae > v_term
    # on each altitude step: hypersonic along the slant path, else vertical at terminal speed
    rate = np.where(hyper, v_ae * sg, v_term)                                      # descent rate [m/s]
    dh = h_entry / (nodes - 1)
    inv = 1.0 / np.maximum(rate, 1e-3)
    t = dh * (0.5 * (inv[..., :-1] + inv[..., 1:])).sum(axis=-1)
    return float(t) if one else t


_DESCENT_CHUNK = 4096   #: routes per block of the descent grid (4096 × 48 altitudes ≈ 1.5 MB an array)


def _grid_atmosphere(h):
    """The exponential (Allen–Eggers) and US76 densities [kg/m³] on an altitude grid h [m]
    (US76 from its 20 m table: a grid of 48 altitudes per route is large for many routes)."""
    return SEA_LEVEL_DENSITY * np.exp(-h / ENTRY_SCALE_HEIGHT), density_tabulated(h)


@lru_cache(maxsize=64)
def _altitude_grid(h_entry: float, nodes: int):
    return _grid_atmosphere(h_entry * np.linspace(1.0, 0.0, nodes))

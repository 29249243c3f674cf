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
from .atmosphere import ENTRY_SCALE_HEIGHT, density, log_density, root_density_integral
from .constants import G0, MU_EARTH, R_MEAN
from .xp import FloatOrArray

E = math.e
SUTTON_GRAVES_K = 1.7415e-4     #: [kg^0.5 / m] for Earth air [3]
SEA_LEVEL_DENSITY = 1.225       #: [kg/m³] (US76)
#: Allen–Eggers (NACA Report 1381, 1958) neglects gravity beside drag, so the path is straight at its entry
#: angle — fair above ~5°, below which gravity bends the path; shallower entries are taken at 5°, which errs on
#: the high side of the peak load.
MIN_ENTRY_ANGLE = math.radians(5.0)
LANDING_THROTTLE = 0.7          #: landing burn at 70 % of sea-level thrust (assumption)
HOVER_MARGIN_S = 5.0            #: propellant for 5 s of hover/divert at the end (assumption)
#: the entry state for Allen–Eggers is taken where drag has taken this share of the speed (modelling
#: choice; with it the estimate tier's peaks match the 3-DOF simulation, tests/reference/test_simulate.py)
EFFECTIVE_ENTRY_SPEED_SHARE = 0.05


def _sin_floored(gamma_entry: FloatOrArray) -> FloatOrArray:
    """sin of the entry angle [rad], taken at MIN_ENTRY_ANGLE where shallower."""
    return xp.sincos(xp.maximum(gamma_entry, MIN_ENTRY_ANGLE))[0]


def peak_deceleration(v_entry: FloatOrArray, gamma_entry: FloatOrArray,
                      scale_height: float = ENTRY_SCALE_HEIGHT) -> FloatOrArray:
    """Allen–Eggers peak deceleration [m/s²]: V_E² sin γ_E / (2 e H); independent of mass and β.

    gamma_entry is the flight-path angle below the horizontal [rad]; angles
    below MIN_ENTRY_ANGLE are taken at that floor.
    """
    return xp.asfloat(v_entry) ** 2 * _sin_floored(gamma_entry) / (2 * E * scale_height)


def effective_entry_altitude(beta: FloatOrArray, gamma_entry: FloatOrArray,
                             speed_share: float = EFFECTIVE_ENTRY_SPEED_SHARE,
                             scale_height: float = ENTRY_SCALE_HEIGHT) -> FloatOrArray:
    """Altitude [m] at which Allen–Eggers drag has taken *speed_share* of the entry speed (0 if never).

    V/V_E = exp(−ρ H / (2 β sin γ)) in the exponential atmosphere gives
    ρ = −2 β sin γ ln(1 − share) / H.  Above it the stage flies its vacuum arc;
    taking the entry state there, rather than at the 120 km interface, counts
    the speed a slow, steep entry gains falling into the air, which Allen–Eggers
    (no gravity) leaves out.  β = m / (C_D A) [kg/m²].
    """
    rho = -2 * xp.asfloat(beta) * _sin_floored(gamma_entry) * math.log1p(-speed_share) / scale_height
    return xp.maximum(scale_height * xp.log(xp.maximum(SEA_LEVEL_DENSITY / rho, 1e-300)), 0.0)


def speed_at_peak_deceleration(v_entry: FloatOrArray) -> FloatOrArray:
    """V = V_E e^(−1/2) ≈ 0.6065 V_E [m/s]."""
    return xp.asfloat(v_entry) * xp.exp(-0.5)


def speed_at_peak_heating(v_entry: FloatOrArray) -> FloatOrArray:
    """V = V_E e^(−1/6) ≈ 0.8465 V_E [m/s] (for heating ∝ √ρ V³)."""
    return xp.asfloat(v_entry) * xp.exp(-1.0 / 6.0)


def max_entry_speed(g_limit: FloatOrArray, gamma_entry: FloatOrArray,
                    scale_height: float = ENTRY_SCALE_HEIGHT) -> FloatOrArray:
    """Largest entry speed [m/s] whose Allen–Eggers peak stays within g_limit [m/s²]."""
    return xp.sqrt(2 * E * scale_height * xp.asfloat(g_limit) / _sin_floored(gamma_entry))


def braking_delta_v(v_entry: FloatOrArray, gamma_entry: FloatOrArray, g_limit: FloatOrArray,
                    scale_height: float = ENTRY_SCALE_HEIGHT) -> FloatOrArray:
    """Retrograde burn before entry [m/s] that brings the peak deceleration down to g_limit."""
    return xp.maximum(xp.asfloat(v_entry) - max_entry_speed(g_limit, gamma_entry, scale_height), 0.0)


def peak_heat_flux(v_entry: FloatOrArray, gamma_entry: FloatOrArray, beta: FloatOrArray, nose_radius: FloatOrArray,
                   scale_height: float = ENTRY_SCALE_HEIGHT) -> FloatOrArray:
    """Sutton–Graves stagnation heat flux [W/m²] at the Allen–Eggers heating peak.

    ρ* = β sin γ / (3 H) (exponential atmosphere), V* = V_E e^(−1/6);
    q = k √(ρ*/r_n) V*³.  β = m / (C_D A) [kg/m²].
    """
    rho = xp.asfloat(beta) * _sin_floored(gamma_entry) / (3 * scale_height)
    rho = xp.minimum(rho, SEA_LEVEL_DENSITY)
    return SUTTON_GRAVES_K * xp.sqrt(rho / nose_radius) * speed_at_peak_heating(v_entry) ** 3


def terminal_velocity(beta: FloatOrArray, altitude: FloatOrArray = 0.0) -> FloatOrArray:
    """Terminal velocity [m/s] of a body of ballistic coefficient β [kg/m²] at altitude [m]."""
    return xp.sqrt(2 * xp.asfloat(beta) * G0 / density(altitude))


def landing_burn(v_terminal: FloatOrArray, thrust: FloatOrArray,
                 mass: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
    """Landing burn from speed *v_terminal* [m/s] (terminal velocity, or faster): Δv [m/s] and duration [s].

    Constant deceleration at LANDING_THROTTLE of *thrust* [N] for a stage of
    *mass* [kg]; gravity loss during the burn and HOVER_MARGIN_S of hover.
    Returns inf where the thrust cannot hold the stage up.
    """
    accel = LANDING_THROTTLE * xp.asfloat(thrust) / xp.asfloat(mass) - G0
    ok = accel > 0.5
    t_burn = xp.where(ok, v_terminal / xp.where(ok, accel, 1.0), xp.inf)
    dv = v_terminal + G0 * t_burn + G0 * HOVER_MARGIN_S
    return dv, t_burn + HOVER_MARGIN_S


def descent_time(v_entry: FloatOrArray, gamma_entry: FloatOrArray, beta: FloatOrArray,
                 h_entry: FloatOrArray) -> FloatOrArray:
    """Time [s] from the entry interface (altitude h_entry [m]) down to the landing burn, in closed form.

    Three legs, for a stage of ballistic coefficient β [kg/m²] crossing the interface at
    speed v_entry [m/s] relative to the air and gamma_entry [rad] below the horizontal:

    1. **Vacuum** down to where the air starts to brake it (:func:`effective_entry_altitude`,
       refined once with the angle found there): the vertical speed grows under gravity less the
       centrifugal term u²/r of the horizontal speed u, which is held.
    2. **Hypersonic**, Allen–Eggers along a straight path at that angle (exponential atmosphere,
       H = 7.2 km): V(h) = V_E exp(−x), x = ρ(h) H / (2 β sin γ).  With dh = −H dx / x the time
       is H/(V_E sin γ) · [Ei(x*) − Ei(x_s)], read from a table of Ei(x) − ln x − γ_Euler,
       down to the lowest altitude h* where V meets the local US76 terminal velocity.
    3. **Terminal**, a vertical fall at √(2βg/ρ) through US76 from h* to the ground:
       ∫ √(ρ/(2βg)) dh (:func:`.atmosphere.root_density_integral`).

    The legs leave out gravity along the hypersonic path and its bending of the path; against an
    integration of the planar equations of motion the time is within −4/+14 % over 14 entry states
    (tests/reference/test_reentry.py, band −6/+16 %).  Floats in, a float out; arrays broadcast.
    """
    v_entry, gamma_entry, beta, h_entry = (xp.asfloat(x) for x in (v_entry, gamma_entry, beta, h_entry))
    # --- 1. vacuum fall to where the air starts to act
    r = R_MEAN + h_entry
    sin_g, cos_g = xp.sincos(gamma_entry)
    u = v_entry * cos_g
    w0 = xp.maximum(v_entry * sin_g, 0.0)
    fall_accel = xp.maximum(MU_EARTH / (r * r) - u * u / r, 0.0)
    h_s = h_entry
    w_s = w0
    for angle in (gamma_entry, None):   # the second pass takes the angle found at the first altitude
        if angle is None:
            angle = xp.arctan2(w_s, u)
        h_s = xp.minimum(effective_entry_altitude(beta, angle), h_entry)
        w_s = xp.sqrt(w0 * w0 + 2 * fall_accel * (h_entry - h_s))
    t_vacuum = 2 * (h_entry - h_s) / xp.maximum(w0 + w_s, 1e-3)
    v_s = xp.sqrt(u * u + w_s * w_s)
    # --- 2. Allen–Eggers from h_s: V = V_E e^(−x), with V_E chosen so that V(h_s) = v_s
    sg = xp.maximum(w_s / xp.maximum(v_s, 1e-9), math.sin(MIN_ENTRY_ANGLE))
    k = xp.maximum(SEA_LEVEL_DENSITY * ENTRY_SCALE_HEIGHT / (2 * beta * sg), 1e-300)   # x at sea level
    x_s = k * xp.exp(-h_s / ENTRY_SCALE_HEIGHT)
    log_ve = xp.log(xp.maximum(v_s, 1e-9)) + x_s
    h_star = xp.minimum(xp.maximum(_terminal_crossing(log_ve, k, beta, sg), 0.0), h_s)
    x_star = k * xp.exp(-h_star / ENTRY_SCALE_HEIGHT)
    t_hyper = ((h_s - h_star) + ENTRY_SCALE_HEIGHT * (_ei_excess(x_star) - _ei_excess(x_s))) \
        * xp.exp(-log_ve) / sg
    # --- 3. terminal fall
    t_terminal = root_density_integral(h_star) / xp.sqrt(2 * G0 * beta)
    return t_vacuum + t_hyper + t_terminal


def _terminal_crossing(log_ve: FloatOrArray, k: FloatOrArray, beta: FloatOrArray, sg: FloatOrArray,
                       refinements: int = 3) -> FloatOrArray:
    """The lowest altitude [m] where the Allen–Eggers speed exp(log_ve − x) meets the US76 terminal
    velocity √(2βg/ρ): F(h) = log_ve − k e^(−h/H) − ½ ln(2βg) + ½ ln ρ(h) = 0 on its rising side.

    In the exponential atmosphere (ρ = 2β sin γ x / H) the condition is x − ½ ln x = c with
    c = log_ve − ½ ln(gH / sin γ), whose larger root Newton finds from the right (φ is convex there);
    Newton on F with the US76 table then refines it.  Where the stage never outruns its terminal
    velocity (c below the minimum of x − ½ ln x, at x = ½) the crossing is taken at x = ½.
    """
    H = ENTRY_SCALE_HEIGHT
    c = xp.maximum(log_ve - 0.5 * xp.log(G0 * H / sg), _C_MIN)
    x = c + 0.5 * xp.log(c) + 1.0
    for _ in range(6):
        x = x - (x - 0.5 * xp.log(x) - c) / (1.0 - 0.5 / x)
    x = xp.maximum(x, 0.5)
    h = xp.clip(H * xp.log(k / x), -H, CROSSING_TOP)   # a crossing outside the air is clamped by the caller
    half_log_2bg = 0.5 * xp.log(2 * G0 * beta)
    for _ in range(refinements):
        log_rho, slope = log_density(h)
        x = k * xp.exp(-h / H)
        f = log_ve - x - half_log_2bg + 0.5 * log_rho
        fp = x / H + 0.5 * slope
        h = xp.clip(h - f / xp.where(fp > 1e-7, fp, 1e-7), -H, CROSSING_TOP)
    return h


CROSSING_TOP = 200_000.0              #: [m] no terminal-velocity crossing is sought above this
_C_MIN = 0.5 - 0.5 * math.log(0.5)    #: min of x − ½ ln x (at x = ½)
_EI_STEP = 1.0 / 256                  #: [-] spacing of the Ei table
_EI_TOP = 64.0                        #: table top; x beyond it would be a speed ratio of e^64


@lru_cache(maxsize=1)
def _ei_table() -> tuple[np.ndarray, list[float]]:
    """(Ei(x) − ln x − γ_Euler) e^(−x) = e^(−x) Σ xⁿ/(n n!) on [0, 64] (positive terms: no cancellation).

    Built on the route command's path, so the sum stops once every term has fallen below half an ulp of
    its total (past n = 64 the terms only shrink): n = 140 instead of 400, the same table to the bit.
    """
    x = np.arange(0.0, _EI_TOP + _EI_STEP / 2, _EI_STEP)
    term = x.copy()
    total = x.copy()
    for n in range(2, 400):
        term = term * x * (n - 1) / (n * n)
        total += term
        if n > _EI_TOP and not np.any(term > total * 2.0 ** -54):
            break
    scaled = total * np.exp(-x)
    return scaled, scaled.tolist()


def _ei_excess_scaled(x: FloatOrArray) -> FloatOrArray:
    """(Ei(x) − ln x − γ_Euler) e^(−x) for x ≥ 0: linear in its table up to 64, and beyond it the
    asymptotic series (1/x)(1 + 1/x + 2/x² + 6/x³), within 2e-5 there and closer further out."""
    table = _ei_table()[1 if type(x) is float else 0]
    i, t = xp.table_cell(xp.clip(x, 0.0, _EI_TOP) * (1.0 / _EI_STEP), len(table))
    lo = table[i]
    inside = lo + t * (table[i + 1] - lo)
    w = 1.0 / xp.maximum(x, _EI_TOP)
    return xp.where(x > _EI_TOP, w * (1.0 + w * (1.0 + w * (2.0 + 6.0 * w))), inside)


def _ei_excess(x: FloatOrArray) -> FloatOrArray:
    """Ei(x) − ln x − γ_Euler for 0 ≤ x ≤ 64."""
    return _ei_excess_scaled(x) * xp.exp(xp.minimum(x, _EI_TOP))


def fall_speed_at_ground(v_start: FloatOrArray, gamma: FloatOrArray, beta: FloatOrArray,
                         h_start: FloatOrArray) -> FloatOrArray:
    """Speed [m/s] at which a stage of ballistic coefficient β [kg/m²], unpowered, meets the ground after
    falling from altitude h_start [m] at speed v_start [m/s] along a straight path gamma [rad] below the
    horizontal, with drag in the exponential atmosphere (H = 7.2 km) and gravity.

    Along the path d(v²)/dh = −2g + (y/H) v², y = ρ(h) H / (β sin γ); with dh = −H dy / y this is
    linear in v², and v² e^y = C + 2gH Ei(y):
    v₀² = e^(y_s−y₀) v_s² + 2g [h_s e^(−y₀) + H (S(y₀) − e^(y_s−y₀) S(y_s))], S(y) = e^(−y) (Ei(y) − ln y − γ_Euler).
    Without air it is the free fall v_s² + 2g h_s; in thick air it tends to the terminal speed along the
    path, √(2βg sin γ / ρ₀), which a path bending to the vertical exceeds: callers take the larger of this
    and the terminal velocity.  Against the same equations integrated through US76 it runs high by up to
    ~25 % for steep, dense stages (the exponential fit has less air low down; tests/reference/test_reentry.py).
    """
    v_start, beta, h_start = (xp.asfloat(x) for x in (v_start, beta, h_start))
    sg = _sin_floored(gamma)
    y0 = SEA_LEVEL_DENSITY * ENTRY_SCALE_HEIGHT / (beta * sg)
    y_s = y0 * xp.exp(-h_start / ENTRY_SCALE_HEIGHT)
    fade = xp.exp(y_s - y0)                                   # what the air leaves of v_s², at the ground
    v2 = fade * v_start * v_start + 2 * G0 * (h_start * xp.exp(-y0) + ENTRY_SCALE_HEIGHT * (
        _ei_excess_scaled(y0) - fade * _ei_excess_scaled(y_s)))
    return xp.sqrt(xp.maximum(v2, 0.0))

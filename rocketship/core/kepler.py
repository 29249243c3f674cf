"""Ballistic (Keplerian) arcs between two points at the same radius, non-rotating.

Notation (Bate, Mueller & White ch. 6): ``psi`` free-flight range angle
[rad], ``phi`` flight-path angle above the local horizontal at burnout [rad],
``Q = v² r / μ`` [-].  Every function is vectorised over its inputs.

References
----------
.. [1] R. R. Bate, D. D. Mueller, J. E. White, *Fundamentals of Astrodynamics*,
       Dover (1971), ch. 6, eqs. 6.2-3 to 6.2-21.
"""

from __future__ import annotations

from . import xp
from .constants import MU_EARTH


def q_min_energy(psi):
    """Q of the minimum-energy arc for range angle psi (BMW eq. 6.2-20)."""
    s = xp.sin(xp.asfloat(psi) / 2)
    return 2 * s / (1 + s)


def phi_min_energy(psi):
    """Burnout flight-path angle of the minimum-energy arc, (π − psi)/4 (BMW eq. 6.2-18)."""
    return (xp.pi - xp.asfloat(psi)) / 4


def q_for_fpa(psi, phi):
    """Q of the symmetric arc spanning psi when flown at flight-path angle phi.

    Q = sin(psi/2) / (cos phi · sin(phi + psi/2)); reduces to BMW 6.2-20 at the
    minimum-energy angle.  Q >= 2 means the arc is not an ellipse.
    """
    psi = xp.asfloat(psi)
    phi = xp.asfloat(phi)
    return xp.sin(psi / 2) / (xp.cos(phi) * xp.sin(phi + psi / 2))


def free_flight_range(q, phi):
    """Free-flight range angle psi [rad] for burnout Q and phi (BMW general range equation).

    cos(psi/2) = (1 − Q cos² phi) / sqrt(1 + Q (Q − 2) cos² phi)
    """
    q = xp.asfloat(q)
    c2 = xp.cos(phi) ** 2
    return 2 * xp.arccos(xp.clip((1 - q * c2) / xp.sqrt(1 + q * (q - 2) * c2), -1.0, 1.0))


def conic(q, phi, r):
    """Semi-major axis a [m], eccentricity e, semi-latus rectum p [m] of the arc."""
    q = xp.asfloat(q)
    c2 = xp.cos(phi) ** 2
    a = r / (2 - q)
    e = xp.sqrt(xp.maximum(1 + q * (q - 2) * c2, 0.0))
    p = r * q * c2
    return a, e, p


def apogee_radius(q, phi, r):
    """Apogee radius [m] of the arc."""
    a, e, _ = conic(q, phi, r)
    return a * (1 + e)


def phi_from_apogee(q, r, r_apogee):
    """Burnout flight-path angle [rad] from Q, burnout radius and apogee radius (BMW §6.2)."""
    a = r / (2 - xp.asfloat(q))
    e = r_apogee / a - 1
    c2 = (e ** 2 - 1) / (q * (q - 2))
    return xp.arccos(xp.sqrt(xp.clip(c2, 0.0, 1.0)))


def _mean_anomaly(nu, e):
    big_e = 2 * xp.arctan2(xp.sqrt(xp.maximum(1 - e, 0.0)) * xp.sin(nu / 2), xp.sqrt(1 + e) * xp.cos(nu / 2))
    return big_e - e * xp.sin(big_e)


def time_of_flight(psi, phi, r, mu: float = MU_EARTH):
    """Time [s] to fly the symmetric arc spanning psi at flight-path angle phi from radius r.

    Apogee sits at true anomaly π; burnout at π − psi/2.
    """
    psi = xp.asfloat(psi)
    q = q_for_fpa(psi, phi)
    a, e, _ = conic(q, phi, r)
    n = xp.sqrt(mu / a ** 3)
    m_bo = _mean_anomaly(xp.pi - psi / 2, e)
    return 2 * (xp.pi - m_bo) / n


def time_between_radii(q, phi, r, r_hi, mu: float = MU_EARTH):
    """Time [s] to climb from radius r (burnout, flight-path angle phi) to r_hi on the same arc.

    r_hi is clipped to the apogee; the result is the time on the ascending branch.
    """
    q = xp.asfloat(q)
    a, e, p = conic(q, phi, r)
    n = xp.sqrt(mu / a ** 3)
    ra = a * (1 + e)
    r_hi = xp.minimum(r_hi, ra)
    e_safe = xp.maximum(e, 1e-12)
    cos_lo = xp.clip((p / r - 1) / e_safe, -1, 1)
    cos_hi = xp.clip((p / r_hi - 1) / e_safe, -1, 1)
    nu_lo, nu_hi = xp.arccos(cos_lo), xp.arccos(cos_hi)
    return (_mean_anomaly(nu_hi, e) - _mean_anomaly(nu_lo, e)) / n


def min_energy_arc(psi, r, mu: float = MU_EARTH):
    """The minimum-energy arc spanning psi from radius r.

    Returns burnout speed [m/s], flight-path angle [rad], time of flight [s]
    and apogee radius [m].
    """
    q = q_min_energy(psi)
    phi = phi_min_energy(psi)
    v = xp.sqrt(q * mu / r)
    return v, phi, time_of_flight(psi, phi, r, mu), apogee_radius(q, phi, r)


def vertical_launch_speed(height, r: float, mu: float = MU_EARTH):
    """Impulsive speed [m/s] to coast straight up from radius r to r + height (non-rotating)."""
    return xp.sqrt(2 * mu * (1 / r - 1 / (r + xp.asfloat(height))))


def surface_impulse_to_circular(height, r: float, mu: float = MU_EARTH):
    """Ideal two-impulse Δv [m/s] from rest at the surface (radius r) to a circular orbit at r + height.

    A Hohmann transfer whose perigee is the launch point: the surface impulse
    plus the circularisation burn at apogee.
    """
    ra = r + xp.asfloat(height)
    v_peri = xp.sqrt(mu / r) * xp.sqrt(2 * ra / (r + ra))
    v_apo = v_peri * r / ra
    return v_peri + (xp.sqrt(mu / ra) - v_apo)

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

import math

from . import xp
from .constants import MU_EARTH
from .xp import FloatOrArray


def q_min_energy(psi: FloatOrArray) -> FloatOrArray:
    """Q of the minimum-energy arc for range angle psi (BMW eq. 6.2-20)."""
    s = xp.sin(xp.asfloat(psi) / 2)
    return 2 * s / (1 + s)


def phi_min_energy(psi: FloatOrArray) -> FloatOrArray:
    """Burnout flight-path angle of the minimum-energy arc, (π − psi)/4 (BMW eq. 6.2-18)."""
    return (xp.pi - xp.asfloat(psi)) / 4


def q_for_fpa(psi: FloatOrArray, phi: FloatOrArray) -> FloatOrArray:
    """Q of the symmetric arc spanning psi when flown at flight-path angle phi.

    Q = sin(psi/2) / (cos phi · sin(phi + psi/2)); reduces to BMW 6.2-20 at the
    minimum-energy angle.  Q >= 2 means the arc is not an ellipse.
    """
    sh, ch = xp.sincos(0.5 * xp.asfloat(psi))
    sp, cp = xp.sincos(xp.asfloat(phi))
    return sh / (cp * (sp * ch + cp * sh))


def free_flight_range(q: FloatOrArray, phi: FloatOrArray) -> FloatOrArray:
    """Free-flight range angle psi [rad] for burnout Q and phi (BMW general range equation).

    cos(psi/2) = (1 − Q cos² phi) / sqrt(1 + Q (Q − 2) cos² phi)
    """
    q = xp.asfloat(q)
    c2 = xp.cos(phi) ** 2
    return 2 * xp.arccos(xp.clip((1 - q * c2) / xp.sqrt(1 + q * (q - 2) * c2), -1.0, 1.0))


def conic(q: FloatOrArray, phi: FloatOrArray, r: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
    """Semi-major axis a [m], eccentricity e, semi-latus rectum p [m] of the arc."""
    q = xp.asfloat(q)
    c = xp.sincos(xp.asfloat(phi))[1]
    c2 = c * c
    a = r / (2 - q)
    e = xp.sqrt(xp.maximum(1 + q * (q - 2) * c2, 0.0))
    p = r * q * c2
    return a, e, p


def apogee_radius(q: FloatOrArray, phi: FloatOrArray, r: FloatOrArray) -> FloatOrArray:
    """Apogee radius [m] of the arc."""
    a, e, _ = conic(q, phi, r)
    return a * (1 + e)


def phi_from_apogee(q: FloatOrArray, r: FloatOrArray, r_apogee: FloatOrArray) -> FloatOrArray:
    """Burnout flight-path angle [rad] from Q, burnout radius and apogee radius (BMW §6.2)."""
    a = r / (2 - xp.asfloat(q))
    e = r_apogee / a - 1
    c2 = (e ** 2 - 1) / (q * (q - 2))
    return xp.arccos(xp.sqrt(xp.clip(c2, 0.0, 1.0)))


def eccentric_anomaly(e: FloatOrArray, sin_half_nu: FloatOrArray,
                      cos_half_nu: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
    """E, sin E and cos E at the true anomaly ν whose half angle's sine and cosine are given:
    tan(E/2) = √((1−e)/(1+e)) tan(ν/2), and sin E, cos E from E/2's sine and cosine (no more trig)."""
    ys = xp.sqrt(xp.maximum(1 - e, 0.0)) * sin_half_nu
    xs = xp.sqrt(1 + e) * cos_half_nu
    n2 = xp.maximum(ys * ys + xs * xs, 1e-300)   # 0 only on a degenerate (radial) arc at apogee: sin E = 0
    return 2 * xp.arctan2(ys, xs), 2 * ys * xs / n2, (xs * xs - ys * ys) / n2


def _mean_anomaly_half(e: FloatOrArray, sin_half_nu: FloatOrArray, cos_half_nu: FloatOrArray) -> FloatOrArray:
    """Mean anomaly M = E − e sin E from the half true anomaly's sine and cosine."""
    big_e, se, _ = eccentric_anomaly(e, sin_half_nu, cos_half_nu)
    return big_e - e * se


def time_of_flight(psi: FloatOrArray, phi: FloatOrArray, r: FloatOrArray, mu: float = MU_EARTH) -> FloatOrArray:
    """Time [s] to fly the symmetric arc spanning psi at flight-path angle phi from radius r.

    Apogee sits at true anomaly π; burnout at π − psi/2.
    """
    psi = xp.asfloat(psi)
    q = q_for_fpa(psi, phi)
    a, e, _ = conic(q, phi, r)
    n = xp.sqrt(mu / a ** 3)
    m_bo = _mean_anomaly_half(e, *xp.sincos(0.5 * (xp.pi - 0.5 * psi)))
    return 2 * (xp.pi - m_bo) / n


def time_between_radii(q: FloatOrArray, phi: FloatOrArray, r: FloatOrArray, r_hi: FloatOrArray,
                       mu: float = MU_EARTH) -> FloatOrArray:
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
    # ν in [0, π] on the ascending branch: its half angle's sine and cosine from cos ν
    m_hi = _mean_anomaly_half(e, xp.sqrt(0.5 * (1 - cos_hi)), xp.sqrt(0.5 * (1 + cos_hi)))
    m_lo = _mean_anomaly_half(e, xp.sqrt(0.5 * (1 - cos_lo)), xp.sqrt(0.5 * (1 + cos_lo)))
    return (m_hi - m_lo) / n


def min_energy_arc(psi: FloatOrArray, r: FloatOrArray,
                   mu: float = MU_EARTH) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]:
    """The minimum-energy arc spanning psi from radius r.

    Returns burnout speed [m/s], flight-path angle [rad], time of flight [s]
    and apogee radius [m].
    """
    q = q_min_energy(psi)
    phi = phi_min_energy(psi)
    v = xp.sqrt(q * mu / r)
    return v, phi, time_of_flight(psi, phi, r, mu), apogee_radius(q, phi, r)


def vertical_launch_speed(height: FloatOrArray, r: float, mu: float = MU_EARTH) -> FloatOrArray:
    """Impulsive speed [m/s] to coast straight up from radius r to r + height (non-rotating)."""
    return xp.sqrt(2 * mu * (1 / r - 1 / (r + xp.asfloat(height))))


def surface_impulse_to_circular(height: FloatOrArray, r: float, mu: float = MU_EARTH) -> FloatOrArray:
    """Ideal two-impulse Δv [m/s] from rest at the surface (radius r) to a circular orbit at r + height.

    A Hohmann transfer whose perigee is the launch point: the surface impulse
    plus the circularisation burn at apogee.
    """
    ra = r + xp.asfloat(height)
    v_peri = xp.sqrt(mu / r) * xp.sqrt(2 * ra / (r + ra))
    v_apo = v_peri * r / ra
    return v_peri + (xp.sqrt(mu / ra) - v_apo)


class Conic:
    """The Keplerian conic through a planar state, robust down to a radial fall (vectorised).

    State: radius r [m], speed v [m/s] and flight-path angle *gamma* [rad] **below** the horizontal
    (positive descending).  Points on the conic are told by an eccentric anomaly E kept continuous
    (unwrapped) along the flight: e cos E = 1 − r/a and e sin E = r v_r / √(μa) hold as the angular
    momentum vanishes, and the true anomaly 2 atan2(√(1+e) sin ½E, √(1−e) cos ½E) is continuous in E
    through the apogee (Battin 1999, §4.4).  Elliptic (suborbital) conics only.
    """

    mu: float
    a: FloatOrArray          #: semi-major axis [m]
    h: FloatOrArray          #: specific angular momentum [m²/s]
    e: FloatOrArray          #: eccentricity [-]
    n: FloatOrArray          #: mean motion [rad/s]
    big_e: FloatOrArray      #: the state's eccentric anomaly [rad]
    mean: FloatOrArray       #: its mean anomaly [rad]

    def __init__(self, r: FloatOrArray, v: FloatOrArray, gamma: FloatOrArray, mu: float = MU_EARTH) -> None:
        r, v, gamma = xp.asfloat(r), xp.asfloat(v), xp.asfloat(gamma)
        self.mu = mu
        if type(r) is float and type(v) is float and type(gamma) is float:
            self._set_floats(r, v, gamma, mu)
            return
        sin_g, cos_g = xp.sincos(gamma)
        self.a = 1.0 / (2.0 / r - v * v / mu)
        self.h = r * v * cos_g                                  # specific angular momentum [m²/s]
        ecos = 1.0 - r / self.a
        esin = -r * v * sin_g / xp.sqrt(mu * self.a)
        self.e = xp.minimum(xp.sqrt(ecos * ecos + esin * esin), 1.0)
        self.n = xp.sqrt(mu / (self.a * self.a * self.a))
        self.big_e = xp.arctan2(esin, ecos)                     # in (−π, π]: negative while descending
        self.mean = self.big_e - esin

    def _set_floats(self, r: float, v: float, gamma: float, mu: float) -> None:
        # __init__ on one state, as Python floats: the same operations as the array path, without the
        # dispatch of :mod:`.xp` (a flight builds dozens of conics; see the module doc of :mod:`.xp`)
        sin_g, cos_g = xp.sincos_float(gamma)
        a = self.a = 1.0 / (2.0 / r - v * v / mu)
        self.h = r * v * cos_g
        ecos = 1.0 - r / a
        esin = -r * v * sin_g / math.sqrt(mu * a)
        e = math.sqrt(ecos * ecos + esin * esin)
        self.e = 1.0 if e > 1.0 else e          # (nan stays nan, as numpy's minimum)
        self.n = math.sqrt(mu / (a * a * a))
        self.big_e = math.atan2(esin, ecos)
        self.mean = self.big_e - esin

    def take(self, rows: FloatOrArray, shape: tuple[int, ...] | None = None) -> Conic:
        """The conics at *rows* (flat positions, or a slice) of these, their arrays broadcast to *shape* (default:
        their own) and flattened, as a Conic of their own; what is one number for all stays one.  (A search
        over routes carries on with those not yet settled, and a conic met by many burns is broadcast to them.)"""
        out = object.__new__(Conic)
        out.__dict__.update({name: xp.rows_of(x, rows, shape) for name, x in vars(self).items()})
        return out

    def element(self, i: int, shape: tuple[int, ...]) -> Conic:
        """The conic at flat position *i* of these broadcast to *shape*, held as Python floats (the fast path
        of :mod:`.xp` for a search left with a few of many routes)."""
        out = object.__new__(Conic)
        out.__dict__.update({name: xp.element_of(x, i, shape) for name, x in vars(self).items()})
        return out

    def descending_anomaly(self, r: FloatOrArray) -> FloatOrArray:
        """Eccentric anomaly where the conic next comes down through radius *r* (at the apogee if it never
        rises so high); its own point if it is already coming down below *r*."""
        r = xp.asfloat(r)
        if type(r) is float and type(self.e) is float:   # as below, without :mod:`.xp`'s dispatch
            c = (1.0 - r / self.a) / (1e-15 if self.e < 1e-15 else self.e)
            big_e = -math.acos(-1.0 if c < -1.0 else (1.0 if c > 1.0 else c))
            return big_e if big_e >= self.big_e else (big_e + 2 * math.pi if self.big_e > 0 else self.big_e)
        c = xp.clip((1.0 - xp.asfloat(r) / self.a) / xp.maximum(self.e, 1e-15), -1.0, 1.0)
        big_e = -xp.arccos(c)
        ascending = self.big_e > 0
        return xp.where(big_e >= self.big_e, big_e, xp.where(ascending, big_e + 2 * xp.pi, self.big_e))

    def time_to(self, big_e: FloatOrArray) -> FloatOrArray:
        """Time [s] from the conic's own point to the (unwrapped) eccentric anomaly *big_e*; negative before it."""
        return (big_e - self.e * xp.sincos(big_e)[0] - self.mean) / self.n

    def anomaly_after(self, dt: FloatOrArray, iterations: int = 5) -> FloatOrArray:
        """Eccentric anomaly *dt* seconds after the conic's own point (before it for dt < 0): Newton on
        Kepler's equation from the guess E₀ + n dt/(1 − e cos E₀) (exact to first order in dt), which five
        steps settle to well under a microradian on these suborbital conics (tests/reference/test_kepler_conic.py)."""
        dt = xp.asfloat(dt)
        if type(dt) is float and type(self.e) is float:
            return self._anomaly_after_float(dt, iterations)
        m = self.mean + self.n * dt
        s0, c0 = xp.sincos(self.big_e)
        big_e = self.big_e + self.n * dt / xp.maximum(1.0 - self.e * c0, 1e-3)
        for _ in range(iterations):
            s, c = xp.sincos(big_e)
            big_e = big_e - (big_e - self.e * s - m) / xp.maximum(1.0 - self.e * c, 1e-12)
        return big_e

    def _anomaly_after_float(self, dt: float, iterations: int) -> float:
        # anomaly_after on floats: the same steps, without :mod:`.xp`'s dispatch (the hottest loop of a flight
        # on floats)
        e = self.e
        m = self.mean + self.n * dt
        fall = 1.0 - e * xp.sincos_float(self.big_e)[1]
        big_e: float = self.big_e + self.n * dt / (1e-3 if fall < 1e-3 else fall)
        for _ in range(iterations):
            s, c = xp.sincos_float(big_e)
            slope = 1.0 - e * c
            big_e = big_e - (big_e - e * s - m) / (1e-12 if slope < 1e-12 else slope)
        return big_e

    def true_anomaly(self, big_e: FloatOrArray) -> FloatOrArray:
        """True anomaly [rad], continuous in *big_e*."""
        if type(big_e) is float and type(self.e) is float:   # as below, without :mod:`.xp`'s dispatch
            s, c = xp.sincos_float(0.5 * big_e)
            return 2.0 * math.atan2(math.sqrt(1.0 + self.e) * s, math.sqrt(1.0 - self.e) * c)
        s, c = xp.sincos(0.5 * big_e)
        return 2.0 * xp.arctan2(xp.sqrt(1.0 + self.e) * s, xp.sqrt(1.0 - self.e) * c)

    def state_at(self, big_e: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
        """Radius [m], speed [m/s] and flight-path angle below the horizontal [rad] at *big_e*."""
        if type(big_e) is float and type(self.e) is float:
            return self._state_at_float(big_e)
        s, c = xp.sincos(big_e)
        r = self.a * (1.0 - self.e * c)
        v = xp.sqrt(xp.maximum(self.mu * (2.0 / r - 1.0 / self.a), 0.0))
        v_r = xp.sqrt(self.mu * self.a) * self.e * s / r
        return r, v, xp.arcsin(xp.clip(-v_r / xp.maximum(v, 1e-9), -1.0, 1.0))

    def _state_at_float(self, big_e: float) -> tuple[float, float, float]:
        # state_at on floats: the same operations (nan carried as numpy's maximum and clip carry it)
        s, c = xp.sincos_float(big_e)
        a, e, mu = self.a, self.e, self.mu
        r = a * (1.0 - e * c)
        w = mu * (2.0 / r - 1.0 / a)
        v = math.sqrt(0.0 if w < 0.0 else w)
        v_r = math.sqrt(mu * a) * e * s / r
        x = -v_r / (1e-9 if v < 1e-9 else v)
        return r, v, math.asin(-1.0 if x < -1.0 else (1.0 if x > 1.0 else x))

"""Ballistic arcs between two points on a rotating Earth, vectorised over routes.

The free flight is Keplerian in the inertial frame (aligned with the
Earth-fixed frame at lift-off) while the target turns with the Earth: it sits
at longitude ``lon2 + ω T`` when the vehicle arrives after ``T`` seconds.  The
launch site lends its own eastward speed ``ω r cos(lat1)``, so the speed a
vehicle must reach *relative to the ground* is

    v_rel² = v² − 2 v cos(φ) sin(Az) · ω r cos(lat1) + (ω r cos(lat1))²

with ``v`` and ``φ`` the inertial burnout speed and flight-path angle and
``Az`` the inertial launch azimuth.  "Minimum energy" on a rotating Earth
means minimum ``v_rel``: it is found by Newton iteration on ``φ`` with the
time of flight (and so the target's position) settled by fixed-point
iteration at every trial angle.

Arcs are symmetric, between two points at radius ``r`` (the surface, for the
equivalent-impulse arcs the estimate tier uses).  Results that did not
converge are flagged in ``Arc.converged``; nothing fails silently.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple, TypeAlias, cast

import numpy as np

from . import xp
from .constants import MU_EARTH, OMEGA_EARTH
from .kepler import apogee_radius, eccentric_anomaly, q_for_fpa, time_of_flight
from .roots import illinois
from .xp import FloatOrArray

TOF_SETTLE = 0.1   #: the min-energy iteration stops when the time of flight moves by less than this [s]

#: the coupling term of a Newton step on φ: (Q, √Q cos φ, sin(φ + ψ/2), cos(φ + ψ/2)) → its part of f′(φ)
_Coupling: TypeAlias = Callable[[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray], FloatOrArray]
#: φ, time of flight, ψ, sin and cos of the azimuth, converged: what the φ searches return
_Solution: TypeAlias = tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]


class Arc(NamedTuple):
    """One arc per route; every field is an array of the broadcast route shape (SI units)."""

    psi: np.ndarray          #: inertial free-flight range angle [rad]
    psi_ground: np.ndarray   #: Earth-fixed central angle between the two points [rad]
    phi: np.ndarray          #: inertial burnout flight-path angle [rad]
    v: np.ndarray            #: inertial burnout speed [m/s]
    tof: np.ndarray          #: free-flight time, burnout to impact at radius r [s]
    azimuth: np.ndarray      #: inertial launch azimuth [rad from north]
    v_rel: np.ndarray        #: burnout speed relative to the rotating ground [m/s]
    phi_rel: np.ndarray      #: ground-relative burnout flight-path angle [rad]
    arrival_azimuth: np.ndarray  #: inertial heading at the target [rad from north]
    apogee: np.ndarray       #: apogee radius [m]
    q: np.ndarray            #: v² r / μ [-]
    converged: np.ndarray    #: bool: the iteration met its tolerance


class _Geometry:
    """Precomputed spherical terms of each route (degrees in, radians inside)."""

    def __init__(self, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray, r: float,
                 omega: float, shorten: FloatOrArray = 0.0) -> None:
        p1, p2 = xp.radians(lat1), xp.radians(lat2)
        # the arc is aimed short of the target by *shorten* [rad] along its own track: its range angle is
        # the true one less that, its plane and azimuth the true ones
        self.ss, self.cs = xp.sincos(xp.asfloat(shorten))
        self.shortened = not (xp.is_scalar(shorten) and shorten == 0.0)
        self.sp1, self.cp1 = xp.sin(p1), xp.cos(p1)
        self.sp2, self.cp2 = xp.sin(p2), xp.cos(p2)
        self.dlon = xp.radians(xp.asfloat(lon2) - xp.asfloat(lon1))
        self.sdl0, self.cdl0 = xp.sin(self.dlon), xp.cos(self.dlon)
        self.omega = omega
        self.u1 = omega * r * self.cp1          # launch-site eastward speed [m/s]
        self.r = r

    def at(self, tof: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
        """Inertial range angle, sin and cos of launch azimuth, for arrival after *tof* seconds."""
        cpsi, sin_az, cos_az = self.cos_at(tof)
        return xp.arccos(cpsi), sin_az, cos_az

    def cos_at(self, tof: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
        """As :meth:`at`, but the cosine of the range angle (saves the arccos in inner loops)."""
        return self._cos_at(tof)[:3]

    def _cos_at(self, tof: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]:
        sw, cw = xp.sincos(self.omega * tof)   # the Earth's turn during the flight
        sdl = self.sdl0 * cw + self.cdl0 * sw
        cdl = self.cdl0 * cw - self.sdl0 * sw
        cpsi = xp.clip(self.sp1 * self.sp2 + self.cp1 * self.cp2 * cdl, -1.0, 1.0)
        if self.shortened:   # cos(ψ − s)
            cpsi = xp.clip(cpsi * self.cs + xp.sqrt(xp.maximum(1.0 - cpsi * cpsi, 0.0)) * self.ss, -1.0, 1.0)
        y = sdl * self.cp2
        x = self.cp1 * self.sp2 - self.sp1 * self.cp2 * cdl
        h = xp.sqrt(x * x + y * y)
        h = xp.where(h > 1e-15, h, xp.inf)   # coincident or antipodal: azimuth undefined, taken as north
        return cpsi, y / h, xp.where(h == xp.inf, 1.0, x / h), cdl

    def rates(self, cpsi: FloatOrArray, sin_az: FloatOrArray, cos_az: FloatOrArray,
              cdl: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
        """d psi/dT [rad/s] and d(u1·sin Az)/dT [m/s²]: how the target's motion moves the arc.

        The target drifts east at ω cos(lat2); its along-track part stretches
        the range (Clairaut: ω cos(lat1) sin Az1), its cross-track part turns
        the launch azimuth by ω cos(lat2) cos(Az2) / sin psi.
        """
        s2 = xp.maximum(1 - cpsi * cpsi, 1e-12)
        x2 = self.sp2 * self.cp1 * cdl - self.cp2 * self.sp1      # sin psi · cos Az2
        dpsi = self.omega * self.cp1 * sin_az
        du = self.u1 * cos_az * self.omega * self.cp2 * x2 / s2
        return dpsi, du

    def arrival_azimuth(self, tof: FloatOrArray) -> FloatOrArray:
        sdl, cdl = xp.sincos(self.dlon + self.omega * tof)
        return xp.arctan2(sdl * self.cp1, -self.cp2 * self.sp1 + self.sp2 * self.cp1 * cdl)


def _settle(geo: _Geometry, phi: FloatOrArray, tof: FloatOrArray, iterations: int,
            mu: float) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]:
    """Fixed-point iteration T ← tof(psi(T), phi); returns T, psi, sin Az, cos Az."""
    for _ in range(iterations):
        psi, _, _ = geo.at(tof)
        tof = time_of_flight(psi, phi, geo.r, mu)
    psi, s, c = geo.at(tof)
    return tof, psi, s, c


def _v_rel_sq(geo: _Geometry, phi: FloatOrArray, psi: FloatOrArray, sin_az: FloatOrArray, mu: float) -> FloatOrArray:
    q = q_for_fpa(psi, phi)
    v2 = q * mu / geo.r
    return v2 - 2 * xp.sqrt(v2) * xp.cos(phi) * sin_az * geo.u1 + geo.u1 ** 2


def solve_arcs(lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray, *, r: float,
               trajectory: str = "min-energy", value: FloatOrArray | None = None, omega: float = OMEGA_EARTH,
               mu: float = MU_EARTH, shorten: FloatOrArray | None = None) -> Arc:
    """Arcs from (lat1, lon1) to (lat2, lon2) [deg], vectorised over any broadcast shape.

    Parameters
    ----------
    r : float
        Radius of both end points [m].
    trajectory : {"min-energy", "fpa", "tof", "apogee"}
        ``min-energy``: least ground-relative burnout speed.  ``fpa``: inertial
        burnout flight-path angle *value* [rad].  ``tof``: free-flight time
        *value* [s] (a symmetric Lambert problem, solved by bisection on φ).
        ``apogee``: the flattest arc that reaches apogee altitude *value* [m]
        (regula falsi on φ), which lofts a near-antipodal arc clear of the air.
    omega : float
        Earth rotation rate [rad/s]; 0 for a non-rotating Earth.
    shorten : float or array, optional
        Aim the arc this central angle [rad] short of the target, along its own track (the range an entry
        flies on past the arc's end); ``psi_ground`` stays the whole route's.
    """
    one = xp.is_scalar(lat1, lon1, lat2, lon2) and (value is None or xp.is_scalar(value)) and \
        (shorten is None or xp.is_scalar(shorten))
    if one:
        try:   # one route: on floats, ~20x faster than on 0-d arrays (see core.xp)
            return _solve_floats(float(lat1), float(lon1), float(lat2), float(lon2), r, trajectory,
                                 None if value is None else float(value), omega, mu,
                                 0.0 if shorten is None else float(shorten))
        except xp.SCALAR_FAILURES:
            pass   # an edge numpy answers with nan or inf: take the array path below
    given = [np.asarray(x, dtype=float) for x in (lat1, lon1, lat2, lon2)]
    given.append(np.asarray(0.0 if shorten is None else shorten, dtype=float))
    if value is not None:
        given.append(np.asarray(value, dtype=float))
    arrays = np.broadcast_arrays(*given)
    shape = arrays[0].shape
    lat1, lon1, lat2, lon2, cut = (x.reshape(-1) for x in arrays[:5])
    if value is not None:
        value = arrays[5].reshape(-1)
    psi0, _, _ = _Geometry(lat1, lon1, lat2, lon2, r, omega).at(np.zeros_like(lat1))   # the Earth-fixed angle
    geo = _Geometry(lat1, lon1, lat2, lon2, r, omega, cut if shorten is not None else 0.0)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        arc = _solve(geo, psi0, r, trajectory, value, mu)
    if one:   # one route handed over to numpy: floats all the same
        return Arc(*(np.reshape(x, ()).item() for x in arc))
    return Arc(*(np.reshape(x, shape) for x in arc))


def _solve_floats(lat1: float, lon1: float, lat2: float, lon2: float, r: float, trajectory: str, value: float | None,
                  omega: float, mu: float, shorten: float = 0.0) -> Arc:
    psi0, _, _ = _Geometry(lat1, lon1, lat2, lon2, r, omega).at(0.0)   # the Earth-fixed angle
    geo = _Geometry(lat1, lon1, lat2, lon2, r, omega, shorten)
    return _solve(geo, psi0, r, trajectory, value, mu)


def _solve(geo: _Geometry, psi0: FloatOrArray, r: float, trajectory: str, value: FloatOrArray, mu: float) -> Arc:
    if trajectory == "tof":
        tof = value
        psi, sin_az, cos_az = geo.at(tof)
        phi, converged = _phi_for_tof(psi, tof, r, mu)
    elif trajectory == "fpa":
        phi = value
        tof = time_of_flight(psi0, phi, r, mu)
        tof, psi, sin_az, cos_az = _settle(geo, phi, tof, 8, mu)
        converged = abs(time_of_flight(psi, phi, r, mu) - tof) < 1e-3
    elif trajectory == "min-energy":
        phi, tof, psi, sin_az, cos_az, converged = _min_energy(geo, psi0, mu)
    elif trajectory == "apogee":
        phi, tof, psi, sin_az, cos_az, converged = _phi_for_apogee(geo, psi0, r + value, r, mu)
    else:
        raise ValueError(f"unknown trajectory {trajectory!r}")
    q = q_for_fpa(psi, phi)
    v = xp.sqrt(q * mu / r)
    sp, cp = xp.sincos(phi)
    vh_e = v * cp * sin_az - geo.u1     # ground-relative east component
    vh_n = v * cp * cos_az
    vz = v * sp
    v_rel = xp.sqrt(vh_e ** 2 + vh_n ** 2 + vz ** 2)
    converged = converged & xp.isfinite(v_rel) & (q < 2)
    return Arc(psi=psi, psi_ground=psi0, phi=phi, v=v, tof=tof, azimuth=xp.arctan2(sin_az, cos_az) % (2 * xp.pi),
               v_rel=v_rel, phi_rel=xp.arcsin(xp.clip(vz / v_rel, -1.0, 1.0)),
               arrival_azimuth=geo.arrival_azimuth(tof) % (2 * xp.pi), apogee=apogee_radius(q, phi, r),
               q=q, converged=converged)


def _half_angles(cpsi: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]:
    """sin and cos of ψ/2 and ψ/4 from cos ψ (square roots are cheaper than trig)."""
    sh = xp.sqrt(xp.maximum(0.5 * (1 - cpsi), 0.0))
    ch = xp.sqrt(xp.maximum(0.5 * (1 + cpsi), 0.0))
    sq = xp.sqrt(xp.maximum(0.5 * (1 - ch), 0.0))
    cq = xp.sqrt(0.5 * (1 + ch))
    return sh, ch, sq, cq


def _tof_fast(sh: FloatOrArray, sq: FloatOrArray, cq: FloatOrArray, sphi: FloatOrArray, cphi: FloatOrArray, r: float,
              mu: float) -> FloatOrArray:
    """:func:`~rocketship.core.kepler.time_of_flight` from precomputed half-angle terms (same formula)."""
    s = sphi * xp.sqrt(1 - sh * sh) + cphi * sh          # sin(φ + ψ/2)
    q = sh / (cphi * s)
    e = xp.sqrt(xp.maximum(1 + q * (q - 2) * cphi * cphi, 0.0))
    a = r / (2 - q)
    big_e, se, _ = eccentric_anomaly(e, cq, sq)   # ν = π − ψ/2: sin(ν/2) = cos(ψ/4)
    return 2 * (xp.pi - (big_e - e * se)) * xp.sqrt(a * a * a / mu)


def _tof_partials(sh: FloatOrArray, ch: FloatOrArray, sq: FloatOrArray, cq: FloatOrArray, sp: FloatOrArray,
                  cp: FloatOrArray, r: float, mu: float) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
    """Time of flight and its analytic partial derivatives ∂T/∂φ and ∂T/∂psi [s/rad].

    T = 2 (π − M) √(a³/μ), M = E − e sin E at true anomaly ν = π − psi/2, with
    dE/dν = √(1 − e²)/(1 + e cos ν) and dE/de = −sin E / (1 − e²) at fixed ν.
    """
    s = sp * ch + cp * sh                      # sin(φ + psi/2)
    cs = cp * ch - sp * sh                     # cos(φ + psi/2)
    c2 = cp * cp
    q = sh / (cp * s)
    e2 = xp.maximum(1 + q * (q - 2) * c2, 1e-300)
    e = xp.sqrt(e2)
    a = r / (2 - q)
    big_e, se, ce = eccentric_anomaly(e, cq, sq)
    m = big_e - e * se
    root = xp.sqrt(a * a * a / mu)
    t = 2 * (xp.pi - m) * root
    one_m_e2 = xp.maximum(1 - e2, 1e-300)
    dm_de = -se * (1 - e * ce) / one_m_e2 - se
    dm_dnu = (1 - e * ce) * xp.sqrt(one_m_e2) / (1 - e * ch)          # cos ν = −cos(psi/2)
    q_phi = q * (sp / cp - cs / s)
    q_psi = q * (0.5 * ch / xp.maximum(sh, 1e-300) - 0.5 * cs / s)
    e_phi = ((2 * q - 2) * q_phi * c2 - 2 * q * (q - 2) * sp * cp) / (2 * e)
    e_psi = (2 * q - 2) * q_psi * c2 / (2 * e)
    droot = 1.5 * root / a * r / (2 - q) ** 2                         # d√(a³/μ)/dQ
    t_phi = -2 * root * dm_de * e_phi + 2 * (xp.pi - m) * droot * q_phi
    t_psi = -2 * root * (dm_de * e_psi - 0.5 * dm_dnu) + 2 * (xp.pi - m) * droot * q_psi
    return t, t_phi, t_psi


def _newton_phi(phi: FloatOrArray, sp: FloatOrArray, cp: FloatOrArray, sh: FloatOrArray, ch: FloatOrArray,
                u: FloatOrArray, k1: FloatOrArray, k2: FloatOrArray, steps: int,
                coupling: _Coupling | None = None) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
    """Newton steps on φ minimising v_rel² at fixed range angle and eastward assist u.

    f(φ) = k1·Q(φ) − 2·k2·u·√Q(φ)·cos φ (+ const), with Q from :func:`q_for_fpa`;
    the derivatives are analytic: Q'/Q = tan φ − cot(φ + ψ/2).  Takes sin φ
    and cos φ of the starting angle and returns the new φ with its sin and cos.
    """
    for _ in range(steps):
        t = sp / cp
        ss = sp * ch + cp * sh
        cs = cp * ch - sp * sh
        q = sh / (cp * ss)
        a = t - cs / ss
        da = 1 + t * t + 1 / (ss * ss)
        b = a / 2 - t
        db = da / 2 - (1 + t * t)
        w = xp.sqrt(q) * cp
        f1 = k1 * q * a - 2 * k2 * u * w * b
        f2 = k1 * q * (a * a + da) - 2 * k2 * u * w * (b * b + db)
        if coupling is not None:
            f1 = f1 + coupling(q, w, ss, cs)
        ok = f2 > 0
        step = xp.where(ok, -f1 / xp.where(ok, f2, 1.0), -xp.sign(f1) * 0.05)
        phi = xp.clip(phi + xp.clip(step, -0.2, 0.2), 1e-6, xp.pi / 2 - 1e-6)
        sp, cp = xp.sincos(phi)
    return phi, sp, cp


def _coupling(geo: _Geometry, cpsi: FloatOrArray, s: FloatOrArray, c: FloatOrArray, cdl: FloatOrArray,
              sh: FloatOrArray, ch: FloatOrArray, sq: FloatOrArray, cq: FloatOrArray, sp: FloatOrArray,
              cp: FloatOrArray, k1: FloatOrArray, k2: FloatOrArray, mu: float) -> _Coupling:
    """The part of dv_rel²/dφ that comes through the target's motion: φ → T → (psi, u).

    (∂f/∂psi · dpsi/dT + ∂f/∂u · du/dT) · dT/dφ, with dT/dφ the total
    derivative of the settled time of flight, T_φ / (1 − T_psi · dpsi/dT),
    with T_φ and T_psi from :func:`_tof_partials`.
    Returned as a function of the Newton step's own Q, √Q·cos φ and φ + psi/2 terms.
    """
    dpsi, du = geo.rates(cpsi, s, c, cdl)
    u = geo.u1 * s
    _, t_phi, t_psi = _tof_partials(sh, ch, sq, cq, sp, cp, geo.r, mu)
    dT = t_phi / (1 - t_psi * dpsi)

    def term(q: FloatOrArray, w: FloatOrArray, ss: FloatOrArray, cs: FloatOrArray) -> FloatOrArray:
        dlnq = 0.5 * ch / xp.maximum(sh, 1e-12) - 0.5 * cs / ss
        f_psi = k1 * q * dlnq - 2 * k2 * u * w * 0.5 * dlnq
        f_u = -2 * k2 * w
        return (f_psi * dpsi + f_u * du) * dT

    return term


def _min_energy(geo: _Geometry, psi0: FloatOrArray, mu: float, outer: int = 4, extra: int = 30,
                chunk: int = 16384) -> _Solution:
    """Least ground-relative burnout speed.

    Alternates (i) the target's position after the current time of flight and
    (ii) a Newton step on φ whose gradient includes the way φ moves the target
    through the time of flight (:func:`_coupling`).  Against a dense scan of
    fully settled arcs the result is within 0.1 m/s of the true minimum
    (tests/reference/test_ballistic.py).  Routes whose time of flight has not
    settled to 0.1 s after *outer* rounds get up to *extra* more rounds.
    Large inputs are processed in chunks that fit the CPU cache.
    """
    if not isinstance(psi0, float) and psi0.size > chunk:
        parts = [_min_energy(_slice(geo, sl), psi0.reshape(-1)[sl], mu, outer, extra, chunk)
                 for sl in (slice(i, i + chunk) for i in range(0, psi0.size, chunk))]
        return cast(_Solution, tuple(np.concatenate(p).reshape(psi0.shape) for p in zip(*parts)))
    k1 = mu / geo.r
    k2 = xp.sqrt(k1)
    phi = (xp.pi - psi0) / 4
    sp, cp = xp.sincos(phi)
    tof = time_of_flight(psi0, phi, geo.r, mu)
    for i in range(outer):
        tof_prev = tof
        phi, sp, cp, tof = _round(geo, phi, sp, cp, tof, k1, k2, mu, steps=2 if i == 0 else 1)
    todo = abs(tof - tof_prev) >= TOF_SETTLE
    if xp.any_(todo):  # rare: iterate only the routes that need it
        one = isinstance(todo, bool)
        sub = geo if one else _slice(geo, todo)
        p, ps, pc, t = (phi, sp, cp, tof) if one else (phi[todo], sp[todo], cp[todo], tof[todo])
        done = False if one else np.zeros(t.shape, bool)
        for _ in range(extra):
            t_old = t
            step = _round(sub, p, ps, pc, t, k1, k2, mu, steps=1)
            # a settled route keeps its arc while the rest go on: its answer never depends on its company
            p, ps, pc, t = step if one else (np.where(done, a, b) for a, b in zip((p, ps, pc, t), step))
            done = done | (abs(t - t_old) < TOF_SETTLE)
            if xp.all_(done):
                break
        if one:
            phi, sp, cp, tof, tof_prev = p, ps, pc, t, (t if done else xp.inf)
        else:
            phi[todo], tof[todo] = p, t
            sp[todo], cp[todo] = ps, pc
            tof_prev[todo] = xp.where(done, t, xp.inf)
    cpsi, s, c = geo.cos_at(tof)
    converged = abs(tof - tof_prev) < TOF_SETTLE
    # make the reported arc self-consistent: its time is the Kepler time of its own range angle
    sh, ch, sq, cq = _half_angles(cpsi)
    tof = _tof_fast(sh, sq, cq, sp, cp, geo.r, mu)
    return phi, tof, xp.arccos(cpsi), s, c, converged


def _round(geo: _Geometry, phi: FloatOrArray, sp: FloatOrArray, cp: FloatOrArray, tof: FloatOrArray, k1: FloatOrArray,
           k2: FloatOrArray, mu: float, steps: int) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]:
    """One round of :func:`_min_energy`: the target after *tof*, Newton on φ, the new time of flight."""
    cpsi, s, c, cdl = geo._cos_at(tof)
    sh, ch, sq, cq = _half_angles(cpsi)
    coupling = _coupling(geo, cpsi, s, c, cdl, sh, ch, sq, cq, sp, cp, k1, k2, mu)
    phi, sp, cp = _newton_phi(phi, sp, cp, sh, ch, geo.u1 * s, k1, k2, steps=steps, coupling=coupling)
    return phi, sp, cp, _tof_fast(sh, sq, cq, sp, cp, geo.r, mu)


def _slice(geo: _Geometry, index: FloatOrArray) -> _Geometry:
    out = object.__new__(_Geometry)
    for name in ("sp1", "cp1", "sp2", "cp2", "dlon", "u1", "sdl0", "cdl0", "ss", "cs"):
        out.__dict__[name] = np.broadcast_to(getattr(geo, name), geo.dlon.shape).reshape(-1)[index] \
            if isinstance(index, slice) else np.broadcast_to(getattr(geo, name), geo.dlon.shape)[index]
    out.omega, out.r, out.shortened = geo.omega, geo.r, geo.shortened
    return out


def _phi_for_apogee(geo: _Geometry, psi0: FloatOrArray, r_apogee: FloatOrArray, r: float, mu: float,
                    iterations: int = 30, tolerance: float = 0.5) -> _Solution:
    """Flight-path angle whose settled arc (the target turned with the Earth) peaks at radius *r_apogee*
    [m]: regula falsi (:func:`.roots.illinois`) on the apogee, which rises with φ at a given range,
    bracketed by [1e-6, 0.35] rad — the bracket of the near-antipodal arcs this lofts (at 20° they peak
    thousands of km up) — or, where 20° does not reach so high (a short hop), by [0.35, 1.4] rad; to
    *tolerance* [m].  Returns φ, the time of flight, ψ, sin and cos of the
    azimuth, and whether both the apogee and the time settled."""
    def excess(phi: FloatOrArray) -> FloatOrArray:
        tof, psi, _, _ = _settle(geo, phi, time_of_flight(psi0, phi, r, mu), 4, mu)
        q = xp.minimum(q_for_fpa(psi, phi), 1.999999)
        return apogee_radius(q, phi, r) - r_apogee

    lo, mid, hi = xp.full_like(psi0, 1e-6), xp.full_like(psi0, 0.35), xp.full_like(psi0, 1.4)
    f_lo, f_mid = excess(lo), excess(mid)
    low = f_mid >= 0
    lo, f_lo = xp.where(low, lo, mid), xp.where(low, f_lo, f_mid)
    hi = xp.where(low, mid, hi)
    _, _, x, fx = illinois(excess, lo, hi, f_lo, xp.where(low, f_mid, excess(hi)), iterations=iterations,
                           done=lambda lo, hi, x, fx: abs(fx) < tolerance)
    tof, psi, s, c = _settle(geo, x, time_of_flight(psi0, x, r, mu), 8, mu)
    return x, tof, psi, s, c, (abs(fx) < tolerance) & (abs(time_of_flight(psi, x, r, mu) - tof) < 1e-3)


def _phi_for_tof(psi: FloatOrArray, tof: FloatOrArray, r: float, mu: float,
                 iterations: int = 60) -> tuple[FloatOrArray, FloatOrArray]:
    """Flight-path angle whose symmetric arc spans psi in time tof (monotone in phi)."""
    lo = xp.full_like(psi, 1e-9)
    hi = xp.full_like(psi, xp.pi / 2 - 1e-9)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        q = q_for_fpa(psi, mid)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = xp.where(q < 2, time_of_flight(psi, mid, r, mu), xp.inf)
        too_long = t > tof
        hi = xp.where(too_long, mid, hi)
        lo = xp.where(too_long, lo, mid)
    phi = 0.5 * (lo + hi)
    with np.errstate(invalid="ignore"):
        converged = abs(time_of_flight(psi, phi, r, mu) - tof) < 1e-2
    return phi, converged


def shortest_tof(psi: FloatOrArray, r: float, mu: float = MU_EARTH) -> FloatOrArray:
    """The free-flight time of the grazing circular arc: no symmetric ellipse spans psi faster [s]."""
    return xp.asfloat(psi) * math.sqrt(r ** 3 / mu)

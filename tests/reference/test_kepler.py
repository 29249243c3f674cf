"""Ballistic arcs against Bate, Mueller & White, *Fundamentals of Astrodynamics* (Dover 1971), ch. 6.

Its worked examples (pp. 290 and 295 of the 1st edition), and its minimum-energy arc — φ = (180° − Ψ)/4
(eq. 6.2-18), Q = v²r/μ = 2 sin(Ψ/2)/(1 + sin(Ψ/2)) (eq. 6.2-20) — evaluated independently for two ranges, with the
time of flight from Kepler's equation and the apogee from the conic.  Conventions of that calculation: spherical
Earth R = 6,371.0 km, μ = 398,600.4418 km³/s², surface-to-surface free flight, non-rotating.
"""

import numpy as np
import pytest

from rocketship.core import kepler
from rocketship.core.constants import MU_EARTH, R_SPHERE

DU = 6378.145e3  # BMW canonical distance unit [m]


@pytest.mark.parametrize("range_km, v_kms, phi_deg, tof_min, apogee_km, tol", [
    # 10,000 km: 7.198 ± 0.005 km/s, 22.52 ± 0.05°, 32.18 ± 0.10 min, apogee 1,320 ± 5 km
    (10_000, 7.198, 22.52, 32.18, 1320, (0.005, 0.05, 0.10, 5)),
    # 1,000 km: 3.016 ± 0.005 km/s, 42.75 ± 0.05°, 7.91 ± 0.05 min, apogee 240 ± 2 km
    (1_000, 3.016, 42.75, 7.91, 240, (0.005, 0.05, 0.05, 2)),
], ids=["min-energy-10000km", "min-energy-1000km"])
def test_min_energy_cases(range_km, v_kms, phi_deg, tof_min, apogee_km, tol):
    """BMW eqs 6.2-18 and 6.2-20 evaluated independently (module docstring); tolerances: the rounding of that calculation."""
    v, phi, tof, ra = kepler.min_energy_arc(range_km * 1e3 / R_SPHERE, R_SPHERE)
    assert v / 1e3 == pytest.approx(v_kms, abs=tol[0])
    assert np.degrees(phi) == pytest.approx(phi_deg, abs=tol[1])
    assert tof / 60 == pytest.approx(tof_min, abs=tol[2])
    assert (ra - R_SPHERE) / 1e3 == pytest.approx(apogee_km, abs=tol[3])


def test_bmw_p290():
    """BMW p.290 (1st ed.; p.243 in the 2nd): r_bo = 1.2 DU, v_bo = 2/3 DU/TU, r_apogee = 1.5 DU
    → φ = 51.32 ± 0.01°, Q = 0.533 ± 0.001, Ψ = 36.4 ± 0.1° (canonical units, μ = 1)."""
    q = (2 / 3) ** 2 * 1.2
    phi = kepler.phi_from_apogee(q, 1.2, 1.5)
    assert q == pytest.approx(0.533, abs=0.001)
    assert np.degrees(phi) == pytest.approx(51.32, abs=0.01)
    assert np.degrees(kepler.free_flight_range(q, phi)) == pytest.approx(36.4, abs=0.1)


def test_bmw_p295():
    """BMW p.295: Ψ = 8000 nm over DU = 6378.145 km, h_bo = 344 nm, minimum energy
    → Q = 0.957 ± 0.002, v_bo = 0.933 ± 0.002 DU/TU."""
    psi = 8000 * 1852 / DU
    r = (DU + 344 * 1852) / DU
    q = kepler.q_min_energy(psi)
    assert q == pytest.approx(0.957, abs=0.002)
    assert np.sqrt(q / r) == pytest.approx(0.933, abs=0.002)


def test_min_energy_forms_agree():
    """BMW 6.2-20 and the given-φ form Q(ψ, φ) agree at φ = (π − ψ)/4, and a = (r1 + r2 + c)/4."""
    psi = np.linspace(0.01, 3.1, 50)
    q1 = kepler.q_min_energy(psi)
    q2 = kepler.q_for_fpa(psi, kepler.phi_min_energy(psi))
    np.testing.assert_allclose(q1, q2, rtol=1e-12)
    a = R_SPHERE / (2 - q1)
    chord = 2 * R_SPHERE * np.sin(psi / 2)
    np.testing.assert_allclose(a, (2 * R_SPHERE + chord) / 4, rtol=1e-12)


def test_range_equation_inverts_q_for_fpa():
    rng = np.random.default_rng(1)
    psi = rng.uniform(0.05, 3.0, 200)
    phi = rng.uniform(0.05, 1.2, 200)
    q = kepler.q_for_fpa(psi, phi)
    ok = q < 2
    np.testing.assert_allclose(kepler.free_flight_range(q[ok], phi[ok]), psi[ok], rtol=1e-9)


def test_energetics():
    """Energy conservation and vis-viva (BMW ch. 1), evaluated independently: a vertical hop to 100 km needs
    √(2μ(1/R − 1/(R + h))) = 1.391 km/s (±0.5 m/s, rounding); the ideal surface-impulse Δv to a 300 km circular
    orbit — a Hohmann transfer from the surface, then circularisation — is 8.09 ± 0.02 km/s."""
    assert kepler.vertical_launch_speed(100e3, R_SPHERE) / 1e3 == pytest.approx(1.391, abs=0.0005)
    assert kepler.surface_impulse_to_circular(300e3, R_SPHERE) / 1e3 == pytest.approx(8.09, abs=0.02)


def test_tof_numerically_integrated():
    """The closed-form time of flight matches an RK4 integration of the two-body problem (to 0.1 s)."""
    psi, phi = 1.2, 0.5
    q = kepler.q_for_fpa(psi, phi)
    v = np.sqrt(q * MU_EARTH / R_SPHERE)
    r = np.array([R_SPHERE, 0.0])
    vel = np.array([v * np.sin(phi), v * np.cos(phi)])

    def acc(p):
        return -MU_EARTH * p / np.linalg.norm(p) ** 3

    t, dt = 0.0, 0.5
    while True:
        k1v, k1r = acc(r), vel
        k2v, k2r = acc(r + dt / 2 * k1r), vel + dt / 2 * k1v
        k3v, k3r = acc(r + dt / 2 * k2r), vel + dt / 2 * k2v
        k4v, k4r = acc(r + dt * k3r), vel + dt * k3v
        r_new = r + dt / 6 * (k1r + 2 * k2r + 2 * k3r + k4r)
        vel = vel + dt / 6 * (k1v + 2 * k2v + 2 * k3v + k4v)
        t += dt
        if np.linalg.norm(r_new) < R_SPHERE and t > 10:
            # interpolate the crossing
            frac = (np.linalg.norm(r) - R_SPHERE) / (np.linalg.norm(r) - np.linalg.norm(r_new))
            t = t - dt + frac * dt
            r = r + frac * (r_new - r)
            break
        r = r_new
    assert t == pytest.approx(kepler.time_of_flight(psi, phi, R_SPHERE), abs=0.1)
    assert np.arctan2(r[1], r[0]) == pytest.approx(psi, abs=1e-5)

"""US Standard Atmosphere 1976 (NOAA-S/T 76-1562) against its published tables, as transcribed at
av8n.com/physics/altimetry.htm (layer bases, geopotential) and in R. Carmichael's PDAS tables "Properties of the
U.S. Standard Atmosphere 1976" (geometric altitudes)."""

import math

import numpy as np
import pytest

from rocketship.core.atmosphere import geometric, speed_of_sound, us76

# geopotential H [m], T [K], p [Pa], rho [kg/m^3]  (av8n.com/physics/altimetry.htm; tolerance ±0.05 %)
LAYER_BASES = [
    (11_000, 216.65, 22_632, 0.36392),
    (20_000, 216.65, 5_474.9, 0.088035),
    (32_000, 228.65, 868.02, 0.013225),
    (47_000, 270.65, 110.91, 0.0014275),
    (51_000, 270.65, 66.939, 8.616e-4),
    (71_000, 214.65, 3.9564, 6.421e-5),
]


@pytest.mark.parametrize("h, t, p, rho", LAYER_BASES)
def test_layer_bases(h, t, p, rho):
    tt, pp, rr = us76(geometric(h))
    assert tt == pytest.approx(t, rel=5e-4)
    assert pp == pytest.approx(p, rel=5e-4)
    assert rr == pytest.approx(rho, rel=5e-4)


def test_sea_level():
    t, p, rho = us76(0.0)
    assert (t, p) == (pytest.approx(288.15), pytest.approx(101_325))
    assert rho == pytest.approx(1.225, rel=1e-4)
    assert speed_of_sound(0.0) == pytest.approx(340.29, abs=0.05)


def test_86_km_geometric():
    """86 km geometric (84.852 km geopotential): 0.3734 Pa, 6.958e-6 kg/m³ (PDAS table; ±0.2 %)."""
    _, p, rho = us76(86_000.0)
    assert p == pytest.approx(0.3734, rel=2e-3)
    assert rho == pytest.approx(6.958e-6, rel=2e-3)


@pytest.mark.parametrize("z, t, p, rho", [
    (10e3, 223.3, 2.650e4, 4.135e-1), (20e3, 216.6, 5.529e3, 8.891e-2), (32e3, 228.5, 8.890e2, 1.355e-2),
    (50e3, 270.6, 7.977e1, 1.027e-3), (80e3, 198.6, 1.052, 1.845e-5)])
def test_pdas_geometric_checks(z, t, p, rho):
    """PDAS geometric-altitude table to its 4 significant figures (±0.1 %)."""
    tt, pp, rr = us76(z)
    assert tt == pytest.approx(t, abs=0.1)
    assert pp == pytest.approx(p, rel=1e-3)
    assert rr == pytest.approx(rho, rel=1e-3)


def test_vectorised_monotone_and_finite():
    z = np.linspace(-1e3, 600e3, 5001)
    t, p, rho = us76(z)
    assert np.all(np.isfinite(t)) and np.all(np.diff(p) < 0) and np.all(np.diff(rho) < 0)


def test_the_tabulated_density_stays_within_1e4_of_us76():
    """The entry's descent reads ln ρ from a 20 m log-linear table; against the model itself the density
    keeps within 1e-4 everywhere from the ground to 200 km, sampled every 0.73 m (the worst point, 5e-5,
    sits in the cell holding the 47 km layer boundary, where the lapse rate jumps).  Floats read the
    same table as arrays; nan in gives nan out on arrays and raises on a float (the float path's rule)."""
    from rocketship.core.atmosphere import log_density, us76

    z = np.arange(0.0, 200_000.0, 0.73)
    log_rho, slope = log_density(z)
    rel = np.abs(np.exp(log_rho) / us76(z)[2] - 1)
    assert rel.max() < 1e-4
    assert rel[z >= 86_020].max() < 1e-12   # above 86 km the model is itself log-linear between 20 m-aligned nodes
    # the slope is the cell's: a centred difference of the model over the same 20 m cell
    cell = np.array([1_010.0, 33_330.0, 99_990.0])
    assert slope_of(log_density, cell) == pytest.approx(
        (np.log(us76(cell + 10)[2]) - np.log(us76(cell - 10)[2])) / 20, rel=1e-6)
    assert [log_density(float(x)) for x in z[::9000]] == [tuple(map(float, p)) for p in zip(*log_density(z[::9000]))]
    assert np.isnan(log_density(np.array([np.nan, 1_000.0]))[0][0])
    with pytest.raises(ValueError):
        log_density(math.nan)


def slope_of(f, z):
    return f(z)[1]


def test_root_density_integral_against_quadrature():
    """∫₀^z √ρ dz (the terminal-velocity fall time × √(2βg)) against a 0.5 m trapezoid rule over the
    model itself: the 20 m table integrates √ρ by the trapezoid rule on each cell and interpolates
    linearly between nodes, which keeps within 1e-6 of the integral from 1 km up and within 0.01 below
    (inside a cell the integrand's curvature; 0.01 is under a millisecond of fall for β ≥ 5 kg/m²);
    clipped to the ground and 200 km."""
    from rocketship.core.atmosphere import root_density_integral, us76

    fine = np.arange(0.0, 150_000.0 + 0.25, 0.5)
    root = np.sqrt(us76(fine)[2])
    cumulative = np.concatenate([[0.0], np.cumsum(0.25 * (root[1:] + root[:-1]))])
    at = np.array([7.3, 1_000.0, 10_990.0, 47_001.0, 86_000.0, 120_000.0, 150_000.0])
    expected = np.interp(at, fine, cumulative)
    assert root_density_integral(at) == pytest.approx(expected, rel=1e-6, abs=0.01)
    assert root_density_integral(at[1:]) == pytest.approx(expected[1:], rel=1e-6)
    assert root_density_integral(float(at[3])) == root_density_integral(at[3:4])[0]
    assert root_density_integral(np.array([-50.0, 250_000.0])).tolist() == [0.0, root_density_integral(200_000.0)]


def test_altitude_of_density_inverts_us76():
    """The altitude where US76 has a given density, against US76 itself (COESA 1976, computed by :func:`us76`
    at 997 m steps, off the table's 20 m nodes, from the ground to 200 km): within 0.1 m, the 20 m log-linear
    table's own error (≤ 1e-4 in ρ, tested above, is ≤ 1 m at an 8 km scale height; the log-linear cells
    are exact where the temperature is constant and ~1 mm off elsewhere); floats and arrays give the same
    altitude, and a density with no altitude (0, infinite, nan) reads nan."""
    from rocketship.core.atmosphere import altitude_of_density

    z = np.arange(7.0, 200_000.0, 997.0)
    rho = us76(z)[2]
    back = np.asarray(altitude_of_density(rho))
    assert np.all(np.abs(back - z) <= 0.1)
    assert [altitude_of_density(float(r)) for r in rho] == pytest.approx(back.tolist(), rel=1e-15, abs=1e-9)
    with np.errstate(divide="ignore"):
        edges = np.asarray(altitude_of_density(np.array([0.0, np.inf, np.nan])))
    assert np.all(np.isnan(edges))

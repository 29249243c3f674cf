"""Allen–Eggers ballistic entry against reference/physics.md case 7."""

import math

import numpy as np
import pytest

from rocketship.core import reentry
from rocketship.core.constants import G0


def test_case7_peak_deceleration():
    """V_E = 7.2 km/s, γ = 22.5°, H = 7.2 km → 51.7 ± 0.5 g₀ (case 7; rounding of the published figure)."""
    a = reentry.peak_deceleration(7200.0, np.radians(22.5), 7200.0)
    assert a / G0 == pytest.approx(51.7, abs=0.5)


def test_case7_speeds_at_peaks():
    """Peak deceleration at 0.6065 V_E; peak heating at 0.8465 V_E (Allen–Eggers)."""
    assert reentry.speed_at_peak_deceleration(1.0) == pytest.approx(0.6065, abs=1e-4)
    assert reentry.speed_at_peak_heating(1.0) == pytest.approx(0.8465, abs=1e-4)


def test_shallow_entry():
    """7.5 km/s at 5° gives 12.8 g₀ (physics.md §4, independent calculation), ±0.1 g₀."""
    assert reentry.peak_deceleration(7500.0, np.radians(5.0), 7200.0) / G0 == pytest.approx(12.8, abs=0.1)


def test_braking_brings_peak_to_the_limit():
    v, g = 7200.0, np.radians(22.5)
    dv = reentry.braking_delta_v(v, g, 6 * G0)
    assert reentry.peak_deceleration(v - dv, g) == pytest.approx(6 * G0, rel=1e-9)
    assert reentry.braking_delta_v(2000.0, g, 6 * G0) == 0.0


def test_peak_independent_of_mass():
    """The Allen–Eggers peak does not depend on the ballistic coefficient; the heating does."""
    q_light = reentry.peak_heat_flux(7000.0, 0.3, 500.0, 1.0)
    q_heavy = reentry.peak_heat_flux(7000.0, 0.3, 5000.0, 1.0)
    assert q_heavy == pytest.approx(q_light * np.sqrt(10), rel=1e-9)


def test_descent_time_sane():
    """A 2,000 kg/m² stage entering at 7 km/s, 20°, takes minutes (not seconds, not hours) to reach the ground."""
    t = reentry.descent_time(7000.0, np.radians(20), 2000.0, 120e3)
    assert 60 < t < 900


@pytest.mark.parametrize("beta, gamma_deg", [(100.0, 10.0), (300.0, 30.0), (3000.0, 60.0)])
def test_effective_entry_altitude_is_where_drag_has_taken_five_percent(beta, gamma_deg):
    """Allen & Eggers (NACA 1381) in the exponential atmosphere: V/V_E = exp(−ρ H / (2 β sin γ)).
    At the altitude returned the speed ratio is 0.95 to rounding (closed form, so 1e-12)."""
    from rocketship.core.reentry import (ENTRY_SCALE_HEIGHT, SEA_LEVEL_DENSITY, effective_entry_altitude)

    g = math.radians(gamma_deg)
    h = effective_entry_altitude(beta, g)
    rho = SEA_LEVEL_DENSITY * math.exp(-h / ENTRY_SCALE_HEIGHT)
    assert math.exp(-rho * ENTRY_SCALE_HEIGHT / (2 * beta * math.sin(g))) == pytest.approx(0.95, rel=1e-12)
    assert effective_entry_altitude(1e9, g) == 0.0        # so heavy the air never slows it above the ground

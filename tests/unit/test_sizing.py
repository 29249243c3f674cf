"""The stack's scaling and the search for the smallest that passes (rocketship/core/sizing.py).

The scaling is checked against what photographic scaling must keep and change, each in closed form: the
rocket equation's ideal Δv depends on mass ratios only (Humble, Henry & Larson, *Space Propulsion Analysis and
Design*, 1995, eq. 1.15 ff.), so a stack k times heavier carrying k times the payload has the same ideal Δv, to
rounding; the ascent model's drag loss is DRAG_LOSS_K / β₀ with β₀ = m₀ / (C_D A) (rocketship/core/rocket.py),
so with m₀ ∝ k and A ∝ k^(2/3) it falls as k^(−1/3), to rounding; the entry's ballistic coefficient rises as
k^(1/3).  The search is checked on predicates whose answer is known exactly."""

import math

import pytest

from rocketship.catalog import load_vehicle
from rocketship.core import sizing
from rocketship.core.estimate import cargo_entry
from rocketship.core.rocket import ascent
from rocketship.flight import vehicle_params


@pytest.fixture(scope="module")
def starship():
    return vehicle_params(load_vehicle("starship"))


@pytest.mark.parametrize("k", [0.3, 1.0, 2.5, 12.0])
def test_scaling_keeps_structural_ratio_thrust_to_weight_and_isp(starship, k):
    big = sizing.scaled_vehicle(starship, k)
    for s, b in zip(starship.stages, big.stages):
        assert b.dry / (b.dry + b.propellant) == pytest.approx(s.dry / (s.dry + s.propellant), rel=1e-12)
        assert b.thrust_vac / (b.dry + b.propellant) == pytest.approx(s.thrust_vac / (s.dry + s.propellant), rel=1e-12)
        assert (b.isp_sl, b.isp_vac, b.lift_to_drag, b.descent_cd, b.recovery) == \
            (s.isp_sl, s.isp_vac, s.lift_to_drag, s.descent_cd, s.recovery)
        assert b.descent_area == pytest.approx(s.descent_area * k ** (2 / 3), rel=1e-12)
    assert big.nose_radius == pytest.approx(starship.nose_radius * k ** (1 / 3), rel=1e-12)
    assert big.g_limit == starship.g_limit   # the cargo's, not the stack's


@pytest.mark.parametrize("k", [0.2, 3.0])
def test_ideal_delta_v_is_scale_free_and_drag_loss_falls_as_the_cube_root(starship, k):
    """The same flight (burnout state) with the payload scaled as the stack: ideal Δv equal, drag loss × k^(−1/3)."""
    payload = 50e3
    one = ascent(starship, payload, 7000.0, 0.1, [0.0, 0.0])
    big = ascent(sizing.scaled_vehicle(starship, k), payload * k, 7000.0, 0.1, [0.0, 0.0])
    assert float(big.dv_available) == pytest.approx(float(one.dv_available), rel=1e-9)
    assert float(big.drag_loss) == pytest.approx(float(one.drag_loss) * k ** (-1 / 3), rel=1e-9)


def test_the_entry_ballistic_coefficient_rises_as_the_cube_root(starship):
    beta, _ = cargo_entry(starship, 20e3)
    big, _ = cargo_entry(sizing.scaled_vehicle(starship, 8.0), 160e3)
    assert big == pytest.approx(beta * 2.0, rel=1e-12)


@pytest.mark.parametrize("threshold", [0.0731, 0.3, 1.0, 1.0004, 7.3, 19.9])
def test_the_search_finds_a_known_threshold_to_its_resolution(threshold):
    found = sizing.smallest_scale(lambda k: k >= threshold)
    resolution = sizing.SCAN_FACTOR ** (1 / 2 ** sizing.BISECTIONS)
    assert found.scale is not None and threshold <= found.scale <= threshold * resolution
    assert found.below is not None and found.below < threshold


def test_a_vehicle_that_passes_as_it_is_is_never_sized_larger():
    """1 is on the scan, so a predicate that holds at 1 (however it behaves elsewhere) returns no more than 1."""
    found = sizing.smallest_scale(lambda k: 0.95 <= k <= 1.0 or k > 3.0)
    assert found.scale is not None and found.scale <= 1.0


def test_nothing_passes_and_the_floor_passes():
    assert sizing.smallest_scale(lambda k: False).scale is None
    floor = sizing.smallest_scale(lambda k: True, floor=0.4)
    assert floor.scale == 0.4 and floor.below is None and floor.tried == 1
    with pytest.raises(ValueError):
        sizing.smallest_scale(lambda k: True, floor=2.0, ceiling=1.0)
    assert math.isfinite(sizing.SCALE_RANGE[1])


def test_the_search_of_many_routes_tells_its_progress_within_its_total():
    """Routes whose brackets part are halved at several midpoints a round: the progress counts rounds, so
    it never passes the total it states (it once told "240 of 22"), rises step by step and, for routes
    that all settle, reaches no further than the total."""
    import numpy as np

    thresholds = np.array([0.0731, 0.3, 0.61, 1.0004, 2.2, 7.3, 19.9, 25.0])
    told: list[tuple[int, int]] = []
    found = sizing.smallest_scales(lambda k, rows: k >= thresholds[rows], thresholds.size,
                                   progress=lambda done, total: told.append((done, total)))
    assert told and all(done <= total for done, total in told)
    assert [done for done, _ in told] == list(range(1, len(told) + 1))
    assert len({total for _, total in told}) == 1
    # each route as its search alone finds it (the last passes at no scale of the range)
    alone = [sizing.smallest_scale(lambda k, t=t: k >= t).scale for t in thresholds]
    assert [None if not np.isfinite(s) else float(s) for s in found.scale] == alone

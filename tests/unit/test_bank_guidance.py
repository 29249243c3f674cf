"""The bank guidance's corrector (rocketship.core.bank_guidance.correct) on predictors known in closed form.

The predictor stands in for a glide: its downrange error grows with u = cos σ as an equilibrium glide's
range does — in proportion to (L/D)·cos σ (Eggers, Allen & Neice, NACA Report 1382, 1958) — bent into
u² so that a secant cannot land on the root in one step (the 3-DOF glides' error is nearly linear in u:
Starship PVG→ICN's slope changes by ~1.5× between lift up and 70°, u²'s by 3×); its peak load grows as
the bank steepens the glide.  The root and the bank where the load meets a limit are then known exactly, and the corrector
must find them (or stop where the limit or the bank's interval stops it) within its tolerance.
"""

import math

import pytest

from rocketship.core.bank_guidance import ITERATIONS, correct

SPAN = 200e3          #: the glide's downrange [m] per unit of u²
PEAK = 30.0           #: peak load at lift up [m/s²]


def glide(u_target: float, calls: list):
    def predict(u):
        calls.append(u)
        return SPAN * (u * u - u_target * u_target), PEAK * (1 + 0.3 * (1 - u) ** 2)
    return predict


def root_tolerance(u: float, tolerance: float) -> float:
    """How far in u a miss of *tolerance* [m] lies from the root: tolerance / (dmiss/du)."""
    return tolerance / (SPAN * 2 * u)


@pytest.mark.parametrize("u_target", [math.cos(math.radians(a)) for a in (5.0, 27.0, 48.0, 66.0)])
def test_the_corrector_finds_the_bank_that_lands_on_the_zone(u_target):
    """From lift up (the plan), a landing zone short of the lift-up glide is met by banking: the bank whose
    predicted error is within the tolerance (100 m), in at most ITERATIONS predictions, at the root to
    within what 100 m of error is in u."""
    calls = []
    found = correct(glide(u_target, calls), 1.0, math.cos(math.radians(70)), 1.0, remaining=SPAN,
                    tolerance=100.0, g_limit=math.inf)
    assert found.status == "on target" and abs(found.miss) <= 100.0
    assert found.u == pytest.approx(u_target, abs=root_tolerance(u_target, 100.0))
    assert len(calls) <= ITERATIONS and calls[0] == 1.0
    assert found.planned_miss == pytest.approx(SPAN * (1.0 - u_target ** 2))


def test_a_zone_beyond_the_lift_up_glide_is_out_of_reach():
    """A planned bank of zero (lift up) cannot stretch the glide: a zone beyond it is left to the ascent,
    and the plan is flown, after one prediction."""
    calls = []
    found = correct(glide(1.2, calls), 1.0, math.cos(math.radians(70)), 1.0, remaining=SPAN,
                    tolerance=100.0, g_limit=math.inf)
    assert found.status == "out of reach" and found.u == 1.0 and len(calls) == 1


def test_a_zone_short_of_the_steepest_glide_takes_the_steepest_bank():
    """A zone short of even the 70° glide: the corrector ends at the bound, 70°, the nearest it can come."""
    calls = []
    u_low = math.cos(math.radians(70))
    found = correct(glide(0.8 * u_low, calls), 1.0, u_low, 1.0, remaining=SPAN, tolerance=100.0,
                    g_limit=math.inf)
    assert found.status == "out of reach" and found.u == pytest.approx(u_low)
    assert found.miss == pytest.approx(SPAN * (u_low ** 2 - (0.8 * u_low) ** 2))


def test_the_cargo_limit_stops_the_bank():
    """The load grows as the bank steepens the glide: with a limit that the root's bank would pass, the
    bank flown meets the limit (its load within it) and is at most the bank where the load reaches it,
    u_g = 1 − √((limit/PEAK − 1)/0.3), to within what one secant-bisection step leaves of the interval."""
    calls = []
    limit = PEAK * 1.05
    u_g = 1 - math.sqrt((limit / PEAK - 1) / 0.3)
    u_target = u_g - 0.15                     # the zone needs more bank than the limit allows
    found = correct(glide(u_target, calls), 1.0, math.cos(math.radians(70)), 1.0, remaining=SPAN,
                    tolerance=100.0, g_limit=limit)
    assert found.status == "g limit"
    assert found.u >= u_g                     # never a bank past the limit
    assert PEAK * (1 + 0.3 * (1 - found.u) ** 2) <= limit
    assert found.u - u_g < 0.5 * (1.0 - u_g)  # and nearer the limit than the plan
    assert len(calls) <= ITERATIONS


def test_a_planned_bank_over_the_limit_is_not_steepened():
    """Where the planned bank's own load already passes the limit, no bank that loads the cargo more is
    flown: the search is held to the plan's side."""
    calls = []
    found = correct(glide(0.6, calls), 1.0, math.cos(math.radians(70)), 1.0, remaining=SPAN,
                    tolerance=100.0, g_limit=0.5 * PEAK)
    assert found.u == 1.0 and found.status == "g limit"


def test_an_error_over_the_window_is_left_to_the_ascent():
    """The guidance takes on only errors within its window: a larger one flies the plan, one prediction."""
    calls = []
    found = correct(glide(0.99, calls), 1.0, math.cos(math.radians(70)), 1.0, remaining=SPAN,
                    tolerance=100.0, g_limit=math.inf, window=3000.0)    # the plan's error: 3,980 m
    assert found.status == "out of window" and found.u == 1.0 and len(calls) == 1


def test_a_first_guess_on_target_is_one_prediction():
    """A guess from an earlier solution that is on target costs one prediction; the plan's error is then
    not known (nan)."""
    calls = []
    u_target = math.cos(math.radians(30))
    found = correct(glide(u_target, calls), 1.0, math.cos(math.radians(70)), 1.0, remaining=SPAN,
                    tolerance=100.0, g_limit=math.inf, u_first=u_target + 1e-7)
    assert found.status == "on target" and len(calls) == 1 and math.isnan(found.planned_miss)

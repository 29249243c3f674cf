"""One door-to-door model: the timeline the report shows is the one the economics and the Monte Carlo sum.

Once ``economics`` recomputed the rocket's hours itself, found the weather leg by its label and read the
catalogue's pad availability: with ``--pad-availability 30 %`` the rocket's total moved and the time
saved and the Monte Carlo did not.  Here every override (pad availability, sea mode, ground service)
is checked to reach every consumer, and legs are told apart by their kind, never their label.
"""

import dataclasses
import itertools

import numpy as np
import pytest

from rocketship import assess
from rocketship.timeline import LegKind, Timeline
from rocketship.uncertainty import Sampler

OVERRIDES = list(itertools.product([None, "30 %", "60 %", "95 %"], ["supply", "ctv", "helicopter"],
                                   ["general", "express"]))


@pytest.mark.parametrize("pad, sea_mode, ground", OVERRIDES)
def test_report_economics_and_monte_carlo_read_one_timeline(pad, sea_mode, ground):
    a = assess("PVG", "ICN", pad_availability=pad, sea_mode=sea_mode, ground_service=ground, air_service=ground,
               samples=400, seed=3)
    d = a.rocket
    wait = d.timeline.of_kind(LegKind.WEATHER_WAIT)
    assert len(wait) == 1
    assert wait[0].duration.m_as("h") == pytest.approx(float(d.weather.wait_hours()))
    # the shown total is the sum of the legs, and the same model summed at the most-likely values
    assert d.total.m_as("h") == pytest.approx(sum(leg.duration.m_as("h") for leg in d.legs))
    assert d.total.m_as("h") == pytest.approx(float(d.timeline.hours()))
    # the Monte Carlo draws the same timeline: its draws sit around the same model, with the override
    draws = a.uncertainty_samples["rocket_door_to_door_versus_" + ground]
    expected = d.timeline.hours(_replay(a))
    assert np.allclose(draws, expected)
    # what the user set for the pad reaches the weather model itself
    per_end = float(d.weather.per_end())
    transfer = d.weather.transfer.value
    if pad is None:
        assert per_end == pytest.approx(min(0.75, transfer))
    else:
        assert per_end == pytest.approx(min(float(pad.split()[0]) / 100, transfer))


def _replay(a):
    """A sampler that gives back the draws the assessment's Monte Carlo made (same seed, same order)."""
    from rocketship.costmodel import cost_model

    s = Sampler(a.inputs["samples"], a.inputs["seed"])
    cost_model(a.vehicle, a.rocket, a.air_services, a.inputs["payload"].m_as("kg"), a.inputs["volume"].m_as("m**3"),
               a.inputs["parcel_mass"].m_as("kg"), draw=s, range_m=a.distance.m_as("m"))
    return s


def test_pad_availability_moves_the_total_the_saving_and_the_monte_carlo_alike():
    base = assess("PEK", "JFK", samples=500, seed=1)
    low = assess("PEK", "JFK", pad_availability="30 %", samples=500, seed=1)
    for sid in ("general", "express"):
        dt = (low.rocket.timelines[sid].total - base.rocket.timelines[sid].total).m_as("h")
        assert dt > 5
        def saved(a, sid=sid):
            return assess("PEK", "JFK", pad_availability=a).economics.versus[sid].time_saved

        assert (saved("75 %") - saved("30 %")).m_as("h") == pytest.approx(dt)
        key = f"rocket_door_to_door_versus_{sid}"
        assert low.uncertainty[key]["p50"] > base.uncertainty[key]["p50"] + 0.5 * dt


def test_a_capped_override_says_why():
    a = assess("PVG", "ICN", pad_availability="95 %")
    notes = [w for w in a.rocket.warnings if "capped" in w]
    assert len(notes) == 1 and "95%" in notes[0] and "75%" in notes[0] and "platform supply vessel" in notes[0]
    assert a.rocket.to_dict()["weather"]["capped"] == notes[0]
    assert not [w for w in assess("PVG", "ICN", pad_availability="60 %").rocket.warnings if "capped" in w]


def test_legs_are_told_apart_by_kind_not_label():
    a = assess("PVG", "ICN")
    t = a.rocket.timeline
    assert all(isinstance(leg.kind, LegKind) for leg in t.legs)
    renamed = Timeline(tuple(dataclasses.replace(leg, name=f"leg {i}") for i, leg in enumerate(t.legs)), t.weather)
    s = Sampler(300, 5)
    assert np.allclose(renamed.hours(Sampler(300, 5)), t.hours(s))
    assert renamed.hours() == pytest.approx(t.hours())
    assert a.rocket.to_dict()["legs"][0]["kind"] == "collection"

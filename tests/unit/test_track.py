"""A 3-DOF flight's time history as a track to draw (core.track.simulated_track)."""

import math

import numpy as np

from rocketship.core.constants import R_MEAN
from rocketship.core.track import simulated_track


def _history(braked: bool):
    """A made-up flight due east along the equator: up to 300 km and down over 600 s, 1,000 km long."""
    t = np.linspace(0.0, 600.0, 601)
    altitude = 300e3 * np.sin(math.pi * t / 600.0)
    lon = np.degrees(1_000e3 * t / 600.0 / R_MEAN)
    events = {"cut-off": 100.0, "touchdown": 600.0}
    if braked:
        events |= {"braking burn": 380.0, "braking burn end": 420.0}
    history = {"t": t, "lat": np.zeros_like(t), "lon": lon, "altitude": altitude,
               "acceleration": np.where(t > 420.0, 30.0, 0.0)}
    return history, events


def test_phases_follow_the_events_and_the_interface():
    """Braked: "braking" exactly between the burn's events, "entry" from its end.  Unbraked: "entry" from the
    first point at or under the 120 km interface after the apogee (t = 300 s), arcsin(0.4)·600/π ≈ 521.4 s
    on the way down — not the climb's crossing at ~78.6 s."""
    history, events = _history(braked=True)
    tr = simulated_track(history, events, 0.0, 0.0)
    t = history["t"]
    assert np.all(tr.phase[(t >= 380.0) & (t < 420.0)] == "braking")
    assert np.all(tr.phase[t >= 420.0] == "entry") and np.all(tr.phase[t < 380.0] == "arc")
    history, events = _history(braked=False)
    tr = simulated_track(history, events, 0.0, 0.0)
    first_entry = t[np.argmax(tr.phase == "entry")]
    assert first_entry == math.ceil(600.0 - 600.0 / math.pi * math.asin(0.4))
    assert not np.any(tr.phase == "braking") and tr.simulated


def test_downrange_and_events_sit_on_the_track():
    """Downrange is the great-circle distance from the launch point (1,000 km at the end, to 1 mm), and each
    event is marked where the history is at its time (the apogee at 500 km downrange, 300 km up)."""
    history, events = _history(braked=True)
    events["apogee"] = 300.0
    tr = simulated_track(history, events, 0.0, 0.0)
    assert abs(tr.downrange[-1] - 1_000e3) < 1e-3 and np.all(np.diff(tr.downrange) > 0)
    x, y = tr.events["apogee"]
    assert abs(x - 500e3) < 1e-3 and abs(y - 300e3) < 1e-3
    assert tr.sensed[-1] == 30.0

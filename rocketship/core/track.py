"""A flight as a track to draw: the free-flight arc, the braking burn, and the entry integrated point by
point (the figures draw this; they compute nothing) — for the estimate tier (:func:`flight_track`) and for
a 3-DOF flight's time history (:func:`simulated_track`).

The arc is the equivalent-impulse conic from the launch point to the entry interface (sampled through
its eccentric anomaly); the braking burn is marked from its ignition on that conic to where the air
takes hold of the braked stage; the entry from there to the ground is :func:`.entry.integrate_entry`
with the flight's own state, ballistic coefficient, lift and bank (the tabulated entry the estimate read
is this integration, interpolated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .constants import R_MEAN
from .entry import integrate_entry
from .geodesy import central_angle
from .kepler import Conic
from .route import ENTRY_INTERFACE, Route

if TYPE_CHECKING:
    from .estimate import FlightEstimate


@dataclass
class FlightTrack:
    """Points of one flight (SI arrays) and where its events fall."""

    downrange: np.ndarray        #: [m] from the launch point, along the route
    altitude: np.ndarray         #: [m]
    time: np.ndarray             #: [s] from the arc's surface start (lift-off, to the arc's approximation)
    phase: np.ndarray            #: per point: "arc", "braking" or "entry"
    sensed: np.ndarray           #: sensed acceleration [m/s²] (0 on the estimate's arc)
    events: dict[str, tuple[float, float]]   #: name → (downrange [m], altitude [m])
    simulated: bool = False      #: the points are a 3-DOF flight's (the climb flown, not an equivalent arc)


def flight_track(route: Route, f: FlightEstimate, samples: int = 160) -> FlightTrack:
    """The track of flight *f* (a float :class:`.estimate.FlightEstimate`) on *route* (one route)."""
    a, r0 = route.arc, route.radius
    arc = Conic(r0, float(a.v), -float(a.phi))                 # ascending from the surface
    e_end = float(arc.descending_anomaly(r0 + float(route.h_ei)))
    e = np.linspace(float(arc.big_e), e_end, samples)
    r, _, _ = arc.state_at(e)
    down = r0 * (arc.true_anomaly(e) - arc.true_anomaly(arc.big_e))
    t = arc.time_to(e)
    braked = float(f.braking_delta_v) > 0
    lead = float(f.braking_lead) if braked else 0.0
    t_interface = float(t[-1])
    phase = np.where(braked & (t >= t_interface - lead), "braking", "arc")
    events = {"burnout": _at(down, r - r0, t, _climb_time(arc, r0 + float(f.burnout_altitude))),
              "apogee": (float(down[np.argmax(r)]), float(np.max(r) - r0)),
              "entry interface": (float(down[-1]), float(route.h_ei))}
    if braked:
        events["braking burn lit"] = _at(down, r - r0, t, t_interface - lead)
    # from the interface to where the air takes hold: a straight stroke (a vacuum coast, or the burn's end)
    start_down = float(down[-1]) + r0 * float(_air_angle(route, f))
    path = integrate_entry(float(f.air_speed), float(f.air_flight_path_angle), float(f.air_altitude),
                           float(f.ballistic_coefficient), float(f.lift_to_drag), float(f.bank_angle), record=True)
    tr = path.track
    assert tr is not None   # recorded: record=True
    t_air = t_interface + float(f.descent_time) - float(f.time_in_atmosphere)
    events["air takes hold"] = (start_down, float(f.air_altitude))
    k = int(np.argmax(tr["sensed"])) if len(tr["sensed"]) else 0
    entry_down = start_down + tr["s"]
    if len(tr["h"]):
        events["peak load"] = (float(entry_down[k]), float(tr["h"][k]))
    return FlightTrack(
        downrange=np.concatenate([down, [start_down], entry_down]),
        altitude=np.concatenate([r - r0, [float(f.air_altitude)], tr["h"]]),
        time=np.concatenate([t, [t_air], t_air + tr["t"]]),
        phase=np.concatenate([phase, ["braking" if braked else "arc"], np.full(len(tr["h"]), "entry")]),
        sensed=np.concatenate([np.zeros(len(down) + 1), tr["sensed"]]),
        events=events)


def _climb_time(arc: Conic, r_bo: float) -> float:
    """Time [s] from the arc's start up to radius *r_bo* (the burnout point on the ascending branch)."""
    c = min(max((1.0 - r_bo / arc.a) / max(arc.e, 1e-15), -1.0), 1.0)
    return float(arc.time_to(np.arccos(c)))


def _at(down: np.ndarray, alt: np.ndarray, t: np.ndarray, when: float) -> tuple[float, float]:
    """(downrange, altitude) at time *when* on the sampled arc."""
    return float(np.interp(when, t, down)), float(np.interp(when, t, alt))


def _air_angle(route: Route, f: FlightEstimate) -> float:
    """Central angle [rad] from the interface crossing to where the air takes hold."""
    return (float(f.descent_range) - float(f.entry_range)) / route.radius


def simulated_track(history: dict[str, Any], events: dict[str, float], launch_lat: float, launch_lon: float,
                    radius: float = R_MEAN) -> FlightTrack:
    """The track of a 3-DOF flight from its time *history* (t [s], lat and lon [deg], altitude [m],
    acceleration: sensed [m/s²]) and its *events* (name → time [s]), launched from (*launch_lat*,
    *launch_lon*) [deg]: downrange along the great circle from the launch point on the sphere of *radius*
    [m]; "arc" up to the braking burn, "braking" through it, "entry" from its end — or, unbraked, from
    the entry interface on the way down."""
    t = np.asarray(history["t"], float)
    altitude = np.asarray(history["altitude"], float)
    down = radius * np.asarray(central_angle(launch_lat, launch_lon, np.asarray(history["lat"], float),
                                             np.asarray(history["lon"], float)), float)
    apogee = t[int(np.argmax(altitude))]
    falling_into_air = np.flatnonzero((t > apogee) & (altitude <= ENTRY_INTERFACE))
    entry_start = events.get("braking burn end", t[falling_into_air[0]] if falling_into_air.size else np.inf)
    braking = (t >= events.get("braking burn", np.inf)) & (t < entry_start)
    phase = np.where(t >= entry_start, "entry", np.where(braking, "braking", "arc"))
    marks = {name: (float(np.interp(when, t, down)), float(np.interp(when, t, altitude)))
             for name, when in events.items()}
    return FlightTrack(downrange=down, altitude=altitude, time=t, phase=phase,
                       sensed=np.asarray(history["acceleration"], float), events=marks, simulated=True)

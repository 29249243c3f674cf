"""Freighter aircraft on floats: payload-range, fuel, block time.

Payload-range follows the Breguet range equation with a constant range
factor K = V (L/D) / (g c) [m]:

    R = K ln(W_start / W_end),    W_end = ZFW (1 + r)

where ZFW = OEW + payload and r is the reserve fuel as a share of the zero-fuel
weight (a stated assumption).  K is fitted per aircraft so that the published
corner point — maximum payload at its range — is reproduced exactly; the rest
of the curve (the maximum-fuel point, the ferry range) follows.  Take-off
weight is limited by MTOW and the fuel by the tank capacity.

References
----------
.. [1] E. Torenbeek, *Synthesis of Subsonic Airplane Design*, Delft UP (1982), §5.
.. [2] Boeing 777F / 747-8F, Airbus A350F published payload-range corner points
       (see the vehicles/ catalogue for each source).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .xp import FloatOrArray


@dataclass(frozen=True)
class AircraftParams:
    """One freighter in SI units [kg, m, m/s, kg/s]."""

    mtow: float
    oew: float
    max_payload: float
    max_fuel: float
    cruise_speed: float
    range_factor: float     #: Breguet K [m]
    reserve_fraction: float  #: reserve fuel / zero-fuel weight [-]

    def max_range(self, payload: FloatOrArray) -> np.ndarray:
        """Longest still-air range [m] with *payload* [kg] (0 where payload exceeds the structural limit)."""
        p = np.asarray(payload, dtype=float)
        zfw = self.oew + p
        fuel = np.minimum(self.max_fuel, self.mtow - zfw)
        w_start = zfw + fuel
        w_end = zfw * (1 + self.reserve_fraction)
        r = self.range_factor * np.log(np.maximum(w_start / w_end, 1.0))
        return np.where(p <= self.max_payload * (1 + 1e-9), r, 0.0)

    def trip_fuel(self, distance: FloatOrArray, payload: FloatOrArray) -> np.ndarray:
        """Fuel burnt over still-air *distance* [m] with *payload* [kg], reserves excluded [kg]."""
        zfw = self.oew + np.asarray(payload, dtype=float)
        w_end = zfw * (1 + self.reserve_fraction)
        return w_end * np.expm1(np.asarray(distance, dtype=float) / self.range_factor)

    def can_fly(self, distance: FloatOrArray, payload: FloatOrArray) -> np.ndarray:
        return np.asarray(distance) <= self.max_range(payload)


def fit_breguet(mtow: float, oew: float, max_fuel: float, payload: float, range_: float, cruise_speed: float,
                max_payload: float, reserve_fraction: float) -> AircraftParams:
    """Fit the Breguet range factor K so that (*payload*, ``range_``) — maximum payload at its
    published range, taking off at MTOW — is flown exactly with the stated reserve share."""
    zfw = oew + payload
    fuel = min(max_fuel, mtow - zfw)
    k = range_ / np.log((zfw + fuel) / (zfw * (1 + reserve_fraction)))
    return AircraftParams(mtow=mtow, oew=oew, max_payload=max_payload, max_fuel=max_fuel,
                          cruise_speed=cruise_speed, range_factor=float(k), reserve_fraction=float(reserve_fraction))


def block_time(distance: FloatOrArray, cruise_speed: float, *, detour: float, taxi: float, climb_descent: float,
               wind_factor: FloatOrArray = 1.0) -> FloatOrArray:
    """Gate-to-gate time [s] for great-circle *distance* [m]: taxi + climb/descent allowance + cruise.

    The cruise covers the distance lengthened by *detour* (the airways' share: routes are not great circles)
    at *cruise_speed* [m/s] through the air, times *wind_factor* (:func:`wind_factor`: still-air distance
    over ground distance under the mean wind along the track; 1 in still air).
    """
    return taxi + climb_descent + np.asarray(distance) * (1 + detour) * np.asarray(wind_factor) / cruise_speed


def wind_factor(lat1: float, lon1: float, lat2: float, lon2: float, cruise_speed: float, wind_lat: np.ndarray,
                wind_u: np.ndarray, samples: int = 48) -> float:
    """Still-air distance over ground distance for a cruise along the great circle (*lat1*, *lon1*) →
    (*lat2*, *lon2*) [rad] at true airspeed *cruise_speed* [m/s] through a zonal (west-to-east) wind
    *wind_u* [m/s] that depends on latitude only, tabulated at *wind_lat* [rad, increasing].

    At each of *samples* equal steps of the track the wind splits into a component along the track
    (u sin ψ, ψ the heading from north) and one across it (u cos ψ), which the aircraft crabs into, so its
    ground speed is √(V² − (u cos ψ)²) + u sin ψ; the cruise time over the ground distance s is
    s · mean(1/ground speed) and the still-air distance flown is V times that.  So > 1 against a headwind,
    < 1 with a tailwind, 1 in still air or on a meridian; a crosswind alone costs a little (the crab).
    """
    p1 = _unit(lat1, lon1)
    p2 = _unit(lat2, lon2)
    omega = math.acos(max(-1.0, min(1.0, float(np.dot(p1, p2)))))
    if omega < 1e-9 or math.pi - omega < 1e-6:   # no track, or antipodes (no one great circle): still air
        return 1.0
    f = (np.arange(samples) + 0.5) / samples
    a, b = np.sin((1 - f) * omega), np.sin(f * omega)
    pts = (np.outer(a, p1) + np.outer(b, p2)) / math.sin(omega)
    tangent = (np.outer(-np.cos((1 - f) * omega), p1) + np.outer(np.cos(f * omega), p2))
    tangent /= np.linalg.norm(tangent, axis=1)[:, None]
    lat = np.arcsin(np.clip(pts[:, 2], -1.0, 1.0))
    lon = np.arctan2(pts[:, 1], pts[:, 0])
    east_along = tangent[:, 0] * -np.sin(lon) + tangent[:, 1] * np.cos(lon)   # sin ψ
    u = np.interp(lat, wind_lat, wind_u)
    along = u * east_along
    across2 = np.maximum(u * u - along * along, 0.0)
    ground = np.sqrt(np.maximum(cruise_speed ** 2 - across2, 0.0)) + along
    ground = np.maximum(ground, 0.05 * cruise_speed)   # a wind near the airspeed: crawl, never stop or reverse
    return float(cruise_speed * np.mean(1.0 / ground))


def _unit(lat: float, lon: float) -> np.ndarray:
    c = math.cos(lat)
    return np.array([c * math.cos(lon), c * math.sin(lon), math.sin(lat)])

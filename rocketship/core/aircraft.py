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

from dataclasses import dataclass

import numpy as np


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

    def max_range(self, payload):
        """Longest still-air range [m] with *payload* [kg] (0 where payload exceeds the structural limit)."""
        p = np.asarray(payload, dtype=float)
        zfw = self.oew + p
        fuel = np.minimum(self.max_fuel, self.mtow - zfw)
        w_start = zfw + fuel
        w_end = zfw * (1 + self.reserve_fraction)
        r = self.range_factor * np.log(np.maximum(w_start / w_end, 1.0))
        return np.where(p <= self.max_payload * (1 + 1e-9), r, 0.0)

    def trip_fuel(self, distance, payload):
        """Fuel burnt over still-air *distance* [m] with *payload* [kg], reserves excluded [kg]."""
        zfw = self.oew + np.asarray(payload, dtype=float)
        w_end = zfw * (1 + self.reserve_fraction)
        return w_end * np.expm1(np.asarray(distance, dtype=float) / self.range_factor)

    def can_fly(self, distance, payload):
        return np.asarray(distance) <= self.max_range(payload)


def fit_breguet(mtow, oew, max_fuel, payload, range_, cruise_speed, max_payload, reserve_fraction) -> AircraftParams:
    """Fit the Breguet range factor K so that (*payload*, ``range_``) — maximum payload at its
    published range, taking off at MTOW — is flown exactly with the stated reserve share."""
    zfw = oew + payload
    fuel = min(max_fuel, mtow - zfw)
    k = range_ / np.log((zfw + fuel) / (zfw * (1 + reserve_fraction)))
    return AircraftParams(mtow=mtow, oew=oew, max_payload=max_payload, max_fuel=max_fuel,
                          cruise_speed=cruise_speed, range_factor=float(k), reserve_fraction=float(reserve_fraction))


def block_time(distance, cruise_speed, *, detour: float, taxi: float, climb_descent: float):
    """Gate-to-gate time [s] for great-circle *distance* [m]: taxi + climb/descent allowance + cruise.

    The cruise covers the distance lengthened by *detour* (airways and mean
    winds, a share) at *cruise_speed* [m/s].
    """
    return taxi + climb_descent + np.asarray(distance) * (1 + detour) / cruise_speed

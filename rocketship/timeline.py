"""Door-to-door timelines: a list of legs, each with a mode, a duration and maybe a distance."""

from __future__ import annotations

from dataclasses import dataclass

from .units import Q_, unit_string

MODES = ("road", "sea", "air", "rocket", "handling", "wait")


@dataclass(frozen=True)
class Leg:
    """One step of a delivery.  duration and distance are pint Quantities (distance may be None)."""

    name: str
    mode: str
    duration: object
    distance: object = None
    figure: object = None   #: the catalogue Figure the duration came from, for Monte Carlo draws

    def to_dict(self) -> dict:
        out = {"name": self.name, "mode": self.mode,
               "duration": {"value": float(self.duration.m_as("h")), "unit": "h"}}
        if self.distance is not None:
            out["distance"] = {"value": float(self.distance.m_as("km")), "unit": "km"}
        return out


def total(legs) -> object:
    """Sum of the legs' durations [h]."""
    return Q_(sum(float(leg.duration.m_as("h")) for leg in legs), "h")


def legs_dict(legs) -> list[dict]:
    return [leg.to_dict() for leg in legs]


__all__ = ["Leg", "MODES", "total", "legs_dict", "unit_string"]

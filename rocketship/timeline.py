"""Door-to-door timelines: the one model of how long a delivery takes, for every consumer.

A :class:`Timeline` is a list of :class:`Leg` s, each with a :class:`LegKind`
(what the leg *is*, never read from its label), a mode, a duration and maybe
a distance, plus the :class:`Weather` that sets the wait for a workable sea
state.  :meth:`Timeline.hours` sums it with any *draw* — the catalogue's
most-likely values for the report, or arrays of Monte Carlo draws — so the
rocket's total, the economics and the uncertainty all read the same
computation, with the same overrides.
"""

from __future__ import annotations

import math

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from .encode import encode_object, json_meta
from .uncertainty import point
from .units import Q_, Quantity, unit_string

if TYPE_CHECKING:
    from .catalog.schema import Figure

MODES = ("road", "sea", "air", "rocket", "handling", "wait")


class LegKind(str, Enum):
    """What a leg is for.  COLLECTION and DELIVERY are the shipper's and consignee's side, which the
    rocket and the air service of the same name share; the rest belong to one mode."""

    COLLECTION = "collection"                   #: pickup, sort and export clearance
    DEPARTURE_WAIT = "departure_wait"           #: air: the wait for the next scheduled departure
    AIR_FLIGHT = "air_flight"
    TECHNICAL_STOP = "technical_stop"
    ROAD_TO_PORT = "road_to_port"
    PORT_HANDLING = "port_handling"
    TRANSFER_TO_PAD = "transfer_to_pad"         #: port → launch pad, by vessel or helicopter
    PAD_PREPARATION = "pad_preparation"         #: integration, propellant loading and countdown
    WEATHER_WAIT = "weather_wait"               #: the expected wait for a workable sea state at both ends
    ROCKET_FLIGHT = "rocket_flight"
    SAFING_AND_OFFLOAD = "safing_and_offload"
    TRANSFER_FROM_LANDING = "transfer_from_landing"
    ROAD_FROM_PORT = "road_from_port"
    DELIVERY = "delivery"                       #: import clearance, sort and the last mile


SHARED_KINDS = (LegKind.COLLECTION, LegKind.DELIVERY)


@dataclass(frozen=True)
class Leg:
    """One step of a delivery.  duration and distance are pint Quantities (distance may be None)."""

    name: str
    kind: LegKind
    mode: str
    duration: Quantity = field(metadata=json_meta(unit="h"))
    distance: Quantity | None = field(default=None, metadata=json_meta(unit="km", omit="none"))
    #: the catalogue Figure the duration came from, for Monte Carlo draws
    figure: Figure | None = field(default=None, metadata=json_meta(exclude=True))

    def to_dict(self) -> dict:
        return encode_object(self)


@dataclass(frozen=True)
class Weather:
    """Launch and landing both need a workable sea state at the pad *and* for the transfer to it.

    Each end is workable a share ``min(pad, transfer)`` of the time, independently; an unworkable
    spell lasts *spell* on average, so the expected wait is ``(1 - p²) × spell``.  *pad* is a
    catalogue Figure, or the user's own share (a float) when they set one.
    """

    pad: Figure | float
    transfer: Figure
    transfer_name: str
    spell: Figure

    def per_end(self, draw=point):
        """Share of time one end is workable (float, or an array of draws)."""
        import numpy as np

        pad = self.pad if isinstance(self.pad, float) else draw(self.pad, "operations")
        return np.minimum(pad, draw(self.transfer, "operations"))

    def both_ends(self, draw=point):
        return self.per_end(draw) ** 2

    def spell_hours(self, draw=point):
        return draw(self.spell, "operations") / 3600.0

    def wait_hours(self, draw=point):
        """Expected wait for weather [h]."""
        return (1.0 - self.both_ends(draw)) * self.spell_hours(draw)

    @property
    def capped(self) -> bool:
        """The user's pad availability is above what the transfer itself allows."""
        return isinstance(self.pad, float) and self.pad > self.transfer.value

    def cap_note(self) -> str | None:
        """Why a pad availability the user set does not count in full, or None."""
        if not self.capped:
            return None
        return (f"pad availability {self.pad:.0%} is capped at {self.transfer.value:.0%}: the cargo reaches the pad "
                f"only when the {self.transfer_name} can also work, and it can {self.transfer.value:.0%} of the time")


@dataclass(frozen=True)
class Timeline:
    """A door-to-door sequence of legs and the weather model its weather wait comes from."""

    legs: tuple[Leg, ...]
    weather: Weather | None = None

    def hours(self, draw=point):
        """Door to door [h]: every leg that came from a ranged figure, and the weather wait, drawn by
        *draw* (most-likely values by default; arrays of draws from a Monte Carlo sampler); NaN for a timeline
        with no legs (nothing could be sited: no time is known, and none is zero)."""
        if not self.legs:
            return math.nan
        h = 0.0
        for leg in self.legs:
            if leg.kind is LegKind.WEATHER_WAIT and self.weather is not None:
                h = h + self.weather.wait_hours(draw)
            elif leg.figure is not None:
                h = h + draw(leg.figure, "legs") / 3600.0
            else:
                h = h + leg.duration.m_as("h")
        return h

    @property
    def total(self):
        """Door to door at the most-likely values [h]: the sum of the legs as listed (NaN with none, as
        :meth:`hours`)."""
        return total(self.legs) if self.legs else Q_(math.nan, "h")

    def of_kind(self, *kinds: LegKind) -> list[Leg]:
        return [leg for leg in self.legs if leg.kind in kinds]


def service_legs(service, *, departure_wait: bool = True) -> tuple[list[Leg], list[Leg]]:
    """The shipper's-side and consignee's-side legs of an air service from the market catalogue
    (*service* is its ``Service`` entry): (legs before the line haul, legs after it).

    A leg written with mode ``wait`` before the line haul is the wait for a scheduled departure; the
    rocket, which waits for weather instead, leaves it out (``departure_wait=False``).
    """
    before = []
    for x in service.before:
        if x.mode == "wait":
            if departure_wait:
                before.append(Leg(x.name, LegKind.DEPARTURE_WAIT, x.mode, x.duration.quantity().to("h"), figure=x.duration))
        else:
            before.append(Leg(x.name, LegKind.COLLECTION, x.mode, x.duration.quantity().to("h"), figure=x.duration))
    after = [Leg(x.name, LegKind.DELIVERY, x.mode, x.duration.quantity().to("h"), figure=x.duration) for x in service.after]
    return before, after


def total(legs) -> Quantity:
    """Sum of the legs' durations [h]."""
    return Q_(sum(float(leg.duration.m_as("h")) for leg in legs), "h")


__all__ = ["Leg", "LegKind", "MODES", "SHARED_KINDS", "Timeline", "Weather", "service_legs", "total",
           "unit_string"]

"""The answer of the flight tiers: a :class:`FlightPlan` — the flight flown, its figures as Quantities, whether it
flies and why not (:class:`Reason`, each with its :class:`Binding`), what limits it and what relaxing that would
buy (:class:`Relaxation`) — and its JSON (``route --json``'s ``flight``).  :mod:`rocketship.flight` plans it from
the estimate tier, :mod:`rocketship.simulation` from the 3-DOF."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .catalog.places import Place
from .encode import computed, encode_object, json_meta
from .units import Quantity

if TYPE_CHECKING:
    from .core.track import FlightTrack


class Binding(str, enum.Enum):
    """What limits a flight: what stops it flying, or, for a flight that flies, what caps its payload."""

    DELTA_V = "delta_v"
    CARGO_G = "cargo_g"
    HEAT_FLUX = "heat_flux"
    HEAT_LOAD = "heat_load"
    SKIP = "skip"
    GLIDE = "glide_too_long"
    BRAKING_TIME = "braking_time"
    LANDING = "landing"
    GRAZING = "grazing"
    CONVERGENCE = "convergence"
    BAY_MASS = "bay_mass"
    BAY_VOLUME = "bay_volume"

    @property
    def words(self) -> str:
        return _BINDING_WORDS[self]


_BINDING_WORDS = {
    Binding.DELTA_V: "Δv", Binding.CARGO_G: "cargo g limit", Binding.HEAT_FLUX: "heat flux",
    Binding.HEAT_LOAD: "heat load", Binding.SKIP: "entry skips out", Binding.GLIDE: "glide longer than the route",
    Binding.BRAKING_TIME: "braking burn longer than the coast", Binding.LANDING: "landing thrust",
    Binding.GRAZING: "arc skims the air", Binding.CONVERGENCE: "solver did not converge",
    Binding.BAY_MASS: "bay's rated payload", Binding.BAY_VOLUME: "bay volume",
}


class Reason(str):
    """A reason a flight does not fly: its text, with the :class:`Binding` it comes from as ``code``."""

    code: Binding

    def __new__(cls, code: Binding, text: str) -> Reason:
        obj = super().__new__(cls, text)
        obj.code = code
        return obj


@dataclass
class Relaxation:
    """What relaxing the binding limit would buy: the max payload with *limit* raised to *to*."""

    limit: Binding
    to: Quantity        #: the relaxed value
    max_payload: Quantity | None   #: None where the model has no finite answer


@dataclass
class FlightPlan:
    """The flight of one rocket on one route (pint Quantities)."""

    fidelity: str
    trajectory: str                 #: as asked for (best, fastest, min-energy, fpa:DEG, tof:MIN)
    trajectory_flown: str           #: what was flown: its burnout angle and bank, in words
    #: the inertial burnout flight-path angle of the arc flown (the plan's key)
    arc_flight_path_angle: Quantity | None = field(metadata=json_meta(after="braking_time"))
    launch_site: Place
    landing_site: Place
    payload: Quantity | None
    volume: Quantity | None
    range: Quantity | None
    free_flight_range: Quantity | None
    time_of_flight: Quantity | None
    boost_time: Quantity | None
    free_flight_time: Quantity | None
    braking_time: Quantity | None
    descent_time: Quantity | None
    time_in_atmosphere: Quantity | None
    burnout_speed: Quantity | None
    burnout_speed_relative: Quantity | None
    burnout_flight_path_angle: Quantity | None
    burnout_altitude: Quantity | None
    launch_azimuth: Quantity | None
    apogee: Quantity | None
    entry_interface: Quantity | None
    entry_speed: Quantity | None
    entry_flight_path_angle: Quantity | None
    ballistic_coefficient: Quantity | None
    lift_to_drag: Quantity | None
    bank_angle: Quantity | None
    peak_deceleration: Quantity | None
    peak_deceleration_unbraked: Quantity | None
    g_limit: Quantity | None                 #: the cargo's (or the vehicle's, if lower)
    peak_heat_flux: Quantity | None
    heat_flux_limit: Quantity | None
    heat_load: Quantity | None
    heat_load_limit: Quantity | None
    entry_range: Quantity | None
    braking_delta_v: Quantity | None
    braking_lead: Quantity | None
    landing_delta_v: Quantity | None
    landing_speed: Quantity | None
    gravity_loss: Quantity | None
    drag_loss: Quantity | None
    delta_v_required: Quantity | None
    delta_v_available: Quantity | None
    delta_v_margin: Quantity | None
    max_payload: Quantity | None
    max_range: Quantity | None
    feasible: bool
    binding_constraint: Binding | None = None
    relaxation: Relaxation | None = None
    reasons: list[Reason] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list, metadata=json_meta(exclude=True))
    #: :class:`rocketship.simulation.SimulatedFlight` for the simulate tier (typed Any: the simulate tier sits
    #: above this module, which may not import it)
    simulation: Any = field(default=None, metadata=json_meta(omit="none"))
    track: FlightTrack | None = field(default=None, metadata=json_meta(exclude=True))   #: when asked for (figures)

    _QUANTITIES = ("payload", "volume", "range", "free_flight_range", "time_of_flight", "boost_time",
                   "free_flight_time", "braking_time", "arc_flight_path_angle", "descent_time", "time_in_atmosphere", "burnout_speed",
                   "burnout_speed_relative", "burnout_flight_path_angle", "burnout_altitude", "launch_azimuth",
                   "apogee", "entry_interface", "entry_speed", "entry_flight_path_angle", "ballistic_coefficient",
                   "lift_to_drag", "bank_angle", "peak_deceleration", "peak_deceleration_unbraked", "g_limit",
                   "peak_heat_flux", "heat_flux_limit", "heat_load", "heat_load_limit", "entry_range",
                   "braking_delta_v", "braking_lead", "landing_delta_v", "landing_speed", "gravity_loss",
                   "drag_loss", "delta_v_required", "delta_v_available", "delta_v_margin", "max_payload",
                   "max_range")

    json_computed = (computed("reason_codes", lambda p: reason_codes(p.reasons), after="reasons"),)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``route --json``'s ``flight``."""
        return encode_object(self)


def reason_codes(reasons: Iterable[Reason]) -> list[Binding]:
    """The binding of each reason, in order (the JSON's ``reason_codes`` beside its ``reasons``)."""
    return [r.code for r in reasons]

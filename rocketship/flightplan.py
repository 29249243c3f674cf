"""The answer of the flight tiers: a :class:`FlightPlan` — the flight flown, its figures as Quantities, whether it
flies and why not (:class:`Reason`, each with its :class:`Binding`), what limits it and what relaxing that would
buy (:class:`Relaxation`) — and its JSON (``route --json``'s ``flight``).  :mod:`rocketship.flight` plans it from
the estimate tier, :mod:`rocketship.simulation` from the 3-DOF."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .catalog.places import Place
from .units import Q_, Quantity, quantity_json

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


#: the units of the 3-DOF guidance's figures (its counts, flags and status words are written as they are)
GUIDANCE_UNITS = {"heading": "deg", "kick": "deg", "aim_offset": "m", "cut_energy": "J/kg", "energy_per_metre": "J/kg/m",
                  "bank_deg": "deg", "bank_min_deg": "deg", "bank_max_deg": "deg", "bank_slope": "m", "bank_miss": "m",
                  "planned_bank_miss": "m"}


def _guidance_json(key: str, value: object) -> object:
    """One figure of the simulation's guidance for the JSON: a physical value as {value, unit}, a count as an
    integer, anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if key in GUIDANCE_UNITS:
        return quantity_json(Q_(float(value), GUIDANCE_UNITS[key]))
    return int(value) if float(value).is_integer() else float(value)


@dataclass
class FlightPlan:
    """The flight of one rocket on one route (pint Quantities)."""

    fidelity: str
    trajectory: str                 #: as asked for (best, fastest, min-energy, fpa:DEG, tof:MIN)
    trajectory_flown: str           #: what was flown: its burnout angle and bank, in words
    arc_flight_path_angle: Quantity | None   #: the inertial burnout flight-path angle of the arc flown (the plan's key)
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
    assumptions: list[str] = field(default_factory=list)
    #: :class:`rocketship.simulation.SimulatedFlight` for the simulate tier (typed Any: the simulate tier sits
    #: above this module, which may not import it)
    simulation: Any = None
    track: FlightTrack | None = None   #: when asked for (figures)

    _QUANTITIES = ("payload", "volume", "range", "free_flight_range", "time_of_flight", "boost_time",
                   "free_flight_time", "braking_time", "arc_flight_path_angle", "descent_time", "time_in_atmosphere", "burnout_speed",
                   "burnout_speed_relative", "burnout_flight_path_angle", "burnout_altitude", "launch_azimuth",
                   "apogee", "entry_interface", "entry_speed", "entry_flight_path_angle", "ballistic_coefficient",
                   "lift_to_drag", "bank_angle", "peak_deceleration", "peak_deceleration_unbraked", "g_limit",
                   "peak_heat_flux", "heat_flux_limit", "heat_load", "heat_load_limit", "entry_range",
                   "braking_delta_v", "braking_lead", "landing_delta_v", "landing_speed", "gravity_loss",
                   "drag_loss", "delta_v_required", "delta_v_available", "delta_v_margin", "max_payload",
                   "max_range")

    def to_dict(self) -> dict[str, Any]:
        out = self._to_dict()
        sim = self.simulation
        if sim is not None:
            out["simulation"] = {
                k: quantity_json(getattr(sim, k))
                for k in ("peak_dynamic_pressure", "peak_dynamic_pressure_altitude", "peak_heat_flux", "heat_load",
                          "propellant_at_touchdown", "miss_distance")}
            out["simulation"]["events"] = {k: quantity_json(Q_(float(v), "s")) for k, v in sim.events.items()}
            out["simulation"]["guidance"] = {k: _guidance_json(k, v) for k, v in sim.guidance.items()}
        return out

    def _to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fidelity": self.fidelity, "trajectory": self.trajectory,
                               "trajectory_flown": self.trajectory_flown,
               "launch_site": self.launch_site.as_dict(), "landing_site": self.landing_site.as_dict()}
        for name in self._QUANTITIES:
            out[name] = quantity_json(getattr(self, name))
        out["feasible"] = bool(self.feasible)
        out["binding_constraint"] = None if self.binding_constraint is None else self.binding_constraint.value
        out["relaxation"] = None if self.relaxation is None else {
            "limit": self.relaxation.limit.value, "to": quantity_json(self.relaxation.to),
            "max_payload": quantity_json(self.relaxation.max_payload)}
        out["reasons"] = [str(r) for r in self.reasons]
        out["reason_codes"] = [r.code.value for r in self.reasons]
        return out

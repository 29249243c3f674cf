"""Simulate tier: the 3-DOF flight, guided to the landing zone, as a FlightPlan.

Wraps :mod:`rocketship.core.flight3dof`: builds the simulated vehicle from
the catalogue (with the estimate tier's recovery reserves and braking burn),
chooses the pitch-over that matches the estimate's burnout flight-path
angle, shoots on heading and cut-off until touchdown is within 1 km — the
glide's bank guided onto the landing zone (:mod:`.core.bank_guidance`) — and
reports the same ``flight.*`` keys (``bank_angle``: the bank flown) plus what
only a simulation can tell: peak dynamic pressure and its altitude, peak heat
flux and heat load (the entry's, from the apogee on), propellant at touchdown,
the miss distance, and the guidance (``guidance.bank_*``: the bank, its
status, the predictions it took, the interval it may take).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from .core import estimate as est
from .core.constants import G0
from .core.flight3dof import SimVehicle
from .core.flightlog import history
from .core.geodesy import great_circle
from .core.reentry import SUTTON_GRAVES_K
from .encode import json_meta
from .flight import cargo_g_limit, flight_params, plan_flight
from .flightplan import Binding, FlightPlan, Reason
from .mission import (BRAKING_ROUNDS, LOAD_MARGIN, _entry_peak, _fly, _Mission, _over_the_limit,
                      sim_vehicle)
from .units import Q_, Quantity, QuantityLike

if TYPE_CHECKING:
    from .catalog.places import Place
    from .catalog.vehicles import Rocket
    from .core.flightlog import SimResult
    from .core.rocket import VehicleParams

#: the simulated entry's heat flux and heat load meet the heat shield's limits within this share, as its peak
#: load meets the cargo's (G_LIMIT_SLACK): the history is sampled at most MAX_STEP apart, and the estimate
#: picks its flight on the limit itself — past it, the simulation's own verdict is the heat
HEAT_SLACK = 0.03


@dataclass
class SimulatedFlight:
    """The extras of a simulated flight (Quantities) and its time history (SI arrays)."""

    peak_dynamic_pressure: Quantity
    peak_dynamic_pressure_altitude: Quantity
    peak_heat_flux: Quantity
    heat_load: Quantity
    propellant_at_touchdown: Quantity
    miss_distance: Quantity
    #: the guidance's figures (SI floats), counts, flags and status words
    guidance: dict[str, Any] = field(metadata=json_meta(
        via=lambda g: {k: _guidance_figure(k, v) for k, v in g.items()}, after="events"))
    #: event name → time [s]
    events: dict[str, float] = field(metadata=json_meta(via=lambda e: {k: Q_(float(t), "s") for k, t in e.items()}))
    history: dict[str, np.ndarray] = field(metadata=json_meta(exclude=True))   #: column → SI array over time


#: the units of the 3-DOF guidance's figures (its counts, flags and status words are written as they are)
GUIDANCE_UNITS = {"heading": "deg", "kick": "deg", "aim_offset": "m", "cut_energy": "J/kg", "energy_per_metre": "J/kg/m",
                  "bank_deg": "deg", "bank_min_deg": "deg", "bank_max_deg": "deg", "bank_slope": "m", "bank_miss": "m",
                  "planned_bank_miss": "m"}


def _guidance_figure(key: str, value: object) -> object:
    """One figure of the simulation's guidance as the JSON has it: a physical value as a Quantity, a count as
    an integer, anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if key in GUIDANCE_UNITS:
        return Q_(float(value), GUIDANCE_UNITS[key])
    return int(value) if float(value).is_integer() else float(value)


def simulate_flight(rocket: Rocket, launch: Place, landing: Place, payload: QuantityLike, volume: QuantityLike,
                    trajectory: str = "best", *, g_limit: QuantityLike | None = None,
                    bank: QuantityLike | None = None) -> FlightPlan:
    """A :class:`FlightPlan` from the 3-DOF simulation (``fidelity = "simulate"``), with its ``simulation``
    extras: the flight the estimate tier chose (its arc and bank), flown."""
    from .core.flight3dof import remembering

    with remembering():    # the searches below meet on flights one of them has flown: each is flown once
        return _simulate_flight(rocket, launch, landing, payload, volume, trajectory, g_limit=g_limit, bank=bank)


def _simulate_flight(rocket: Rocket, launch: Place, landing: Place, payload: QuantityLike, volume: QuantityLike,
                     trajectory: str, *, g_limit: QuantityLike | None, bank: QuantityLike | None) -> FlightPlan:
    """:func:`simulate_flight`, within one memory of the flights flown."""
    base = plan_flight(rocket, launch, landing, payload, volume, trajectory, g_limit=g_limit, bank=bank)
    assert base.payload is not None and base.arc_flight_path_angle is not None and base.bank_angle is not None
    m = base.payload.m_as("kg")
    vp = flight_params(rocket, cargo_g_limit(g_limit))
    route = est.route(vp, launch.lat, launch.lon, landing.lat, landing.lon, "fpa", base.arc_flight_path_angle.m_as("rad"),
                      payload=m, bank=base.bank_angle.m_as("rad"))
    fe = est.evaluate(vp, route, m)
    mission = _Mission.aimed(launch, landing, route, fe)
    res, sv, guidance = _fly(mission, sim_vehicle(rocket, m, fe, vp=vp, route=route), vp.g_limit)
    if not _reached_cut_off(res):
        return no_flight(base, res.note, res.ran_dry)
    return _simulated_plan(base, res, sv, guidance, mission.shot, vp, fe)


def _simulated_plan(base: FlightPlan, res: SimResult, sv: SimVehicle, guidance: dict[str, Any], shot: dict[str, Any],
                    vp: VehicleParams, fe: est.FlightEstimate) -> FlightPlan:
    """The :class:`FlightPlan` of a simulated flight that reached cut-off: *base* (the estimate's) with the
    flown figures — times, burnout, apogee, the entry's peak load, Sutton–Graves heating and heat load, the
    glide — its reasons, and the simulation's own record (``simulation``)."""
    h = history(res, sv)
    heat, heat_load = _entry_heating(h, res, vp)
    iq = int(np.argmax(h["dynamic_pressure"]))
    cut = res.events.get("cut-off", res.t[-1])
    apogee = float(np.max(h["altitude"]))
    # the entry's peak (braking burn included), as the estimate tier reports it; the landing burn is judged
    # against the cargo's limit with it (_over_the_limit) but is not the entry's load
    entry = (h["t"] > cut) & (h["t"] < res.events.get("landing burn", math.inf))
    peak_acc = float(np.max(h["acceleration"][entry])) if np.any(entry) else float("nan")
    reasons = _simulated_reasons(base, res, sv, guidance, vp, float(np.max(heat)), heat_load)
    plan = replace(
        base, fidelity="simulate",
        time_of_flight=Q_(float(res.t[-1]), "s").to("min"), boost_time=Q_(float(cut), "s").to("min"),
        free_flight_time=Q_(float(_entry_time(h, cut) - cut), "s").to("min"),
        descent_time=Q_(float(res.t[-1] - _entry_time(h, cut)), "s").to("min"),
        burnout_speed_relative=Q_(float(np.interp(cut, h["t"], h["speed"])), "m/s").to("km/s"),
        burnout_flight_path_angle=Q_(float(np.interp(cut, h["t"], h["flight_path_angle"])), "rad").to("deg"),
        burnout_altitude=Q_(float(np.interp(cut, h["t"], h["altitude"])), "m").to("km"),
        launch_azimuth=Q_(guidance["heading"] % 360, "deg"), apogee=Q_(apogee, "m").to("km"),
        peak_deceleration=Q_(peak_acc, "m/s**2").to("g_0"),
        peak_heat_flux=Q_(float(np.max(heat)), "W/m**2").to("kW/m**2"), heat_load=Q_(heat_load, "J/m**2").to("MJ/m**2"),
        entry_range=Q_(_glide_range(h, cut, res.events), "m").to("km"),
        braking_delta_v=Q_(res.braking_delta_v, "m/s").to("km/s"),
        bank_angle=Q_(res.bank, "rad").to("deg") if math.isfinite(res.bank) else base.bank_angle,
        gravity_loss=None, drag_loss=None,
        delta_v_required=Q_(res.delta_v_used, "m/s").to("km/s"),
        delta_v_available=Q_(_ideal_ascent(sv) + res.braking_delta_v + float(fe.landing_delta_v), "m/s").to("km/s"),
        delta_v_margin=None, feasible=not reasons, reasons=reasons,
        binding_constraint=reasons[0].code if reasons else base.binding_constraint,
        assumptions=[*base.assumptions, _simulate_assumption(shot)],
        simulation=SimulatedFlight(
            peak_dynamic_pressure=Q_(float(h["dynamic_pressure"][iq]), "Pa").to("kPa"),
            peak_dynamic_pressure_altitude=Q_(float(h["altitude"][iq]), "m").to("km"),
            peak_heat_flux=Q_(float(np.max(heat)), "W/m**2").to("kW/m**2"),
            heat_load=Q_(heat_load, "J/m**2").to("MJ/m**2"),
            propellant_at_touchdown=Q_(res.propellant_at_touchdown, "kg").to("t"),
            miss_distance=Q_(res.miss, "m").to("km"), guidance=guidance, events=dict(res.events), history=h),
    )
    return plan


def _entry_heating(h: dict[str, np.ndarray], res: SimResult, vp: VehicleParams) -> tuple[np.ndarray, float]:
    """(Sutton–Graves heat flux [W/m²] along the history *h*, heat load [J/m²]) of the entry alone.

    The entry's is what the heat shield's limits are for, and what the estimate reports — from the apogee, or
    from the braking burn's end where the stage brakes: the climb (nose first, coasting on after cut-off
    through air as dense as at 60-70 km on a short hop) and the burn (tail first, engines into the flow)
    heat other faces of the stage.
    """
    from .core.frames import atmosphere

    rho = np.array([atmosphere(z)[2] if z < 150_000 else 0.0 for z in h["altitude"]])
    entry_t = _heat_shield_time(h, res.events)
    descending = h["t"] >= entry_t
    heat = np.where(descending, SUTTON_GRAVES_K * np.sqrt(rho / vp.nose_radius) * h["speed"] ** 3, 0.0)
    heat_load = float(res.states[-1, 7] - np.interp(entry_t, h["t"], res.states[:, 7]))
    return heat, heat_load


def _ideal_ascent(sv: SimVehicle) -> float:
    """[m/s] The stack's ideal Δv (Tsiolkovsky, vacuum Isp) with its loads as fuelled, reserves kept."""
    return sum(G0 * s.isp_vac * math.log((s.dry + s.burnable + s.reserve + _above(sv, i)) /
                                         (s.dry + s.reserve + _above(sv, i))) for i, s in enumerate(sv.stages))


def _simulate_assumption(shot: dict[str, Any]) -> str:
    """The simulate tier's assumption, naming how the climb was flown (steered onto the estimate's burnout where
    *shot* steers it)."""
    return ("simulate tier: 3-DOF point mass, rotating oblate Earth (J2), US76 atmosphere, drag from the "
            "vehicle's Cd table, " + ("a gravity turn through the first stage, then the last stage steered "
            "(linear tangent) onto the estimate's burnout altitude and angle, " if shot["steer"] else
            "a gravity turn after a pitch-over chosen to match the estimate's entry angle, ") +
            "cut-off on orbital energy, guided to within 1 km, the glide's bank by a numerical predictor–"
            "corrector (Lu 2014) onto the landing zone within the cargo's g limit; the cargo stage fuelled with what its climb "
            f"burns plus {LOAD_MARGIN:.0%} (it enters about as heavy as the estimate's; its Δv is that of "
            "this lighter stack, the estimate's of full tanks); the heat shield's limits read with "
            f"{HEAT_SLACK:.0%} slack, as the cargo's g limit is; max payload and max range still come "
            "from the estimate tier")


def _simulated_reasons(base: FlightPlan, res: SimResult, sv: SimVehicle, guidance: dict[str, Any], vp: VehicleParams,
                       peak_heat_flux: float, heat_load: float) -> list[Reason]:
    """What keeps the simulated flight from flying, the weightiest first (each found is put before those found
    before it): the estimate's reasons bar its Δv (the simulation flies that), then the flight's own —
    convergence, propellant, the landing, the heat shield's flux and load, the cargo's g limit."""
    cargo = vp.stages[-1]
    reasons = [r for r in base.reasons if r.code is not Binding.DELTA_V]
    if not res.ok:
        reasons.insert(0, Reason(Binding.DELTA_V if res.ran_dry else Binding.CONVERGENCE,
                                 f"simulation: {res.note}"))
    elif not guidance["converged"]:
        reasons.insert(0, Reason(Binding.CONVERGENCE, f"guidance missed the landing zone by {res.miss / 1e3:.1f} km "
                                                      f"after {guidance['iterations']} tries"))
    if res.ok and res.propellant_at_touchdown < 0:
        reasons.insert(0, Reason(Binding.DELTA_V, f"lands {-res.propellant_at_touchdown / 1e3:.1f} t of propellant short"))
    if res.ok and sv.lands and res.touchdown_speed > 10.0:
        reasons.insert(0, Reason(Binding.LANDING,
                                 f"touches down at {res.touchdown_speed:.0f} m/s: the landing burn could not stop the stage"
                                 if "landing burn" in res.events else
                                 f"falls faster than its landing engines could ever stop: it meets the ground at "
                                 f"{res.touchdown_speed:.0f} m/s"))
    if res.ok and peak_heat_flux > cargo.heat_flux_limit * (1 + HEAT_SLACK):
        reasons.insert(0, Reason(Binding.HEAT_FLUX, f"the simulated entry's heat flux peaks at "
                                                    f"{peak_heat_flux / 1e3:,.0f} kW/m², over the heat shield's "
                                                    f"{cargo.heat_flux_limit / 1e3:,.0f} kW/m²"))
    if res.ok and heat_load > cargo.heat_load_limit * (1 + HEAT_SLACK):
        reasons.insert(0, Reason(Binding.HEAT_LOAD, f"the simulated entry's heat load is {heat_load / 1e6:,.0f} MJ/m², "
                                                    f"over the heat shield's {cargo.heat_load_limit / 1e6:,.0f} MJ/m²"))
    if _over_the_limit(res, sv, vp.g_limit):
        entry_peak = _entry_peak(res)
        reasons.insert(0, Reason(Binding.CARGO_G, f"the simulated entry peaks at {entry_peak / G0:.1f} g, over the "
                                                  f"cargo limit of {vp.g_limit / G0:.3g} g, even after {BRAKING_ROUNDS} "
                                                  f"larger braking burns"))
    return reasons


def _reached_cut_off(res: SimResult) -> bool:
    """Did the simulated vehicle climb onto its arc (rather than stop on the pad, or run dry on the way up)?
    Short of cut-off nothing was flown to the landing zone, so nothing of it is reported as a flight."""
    return res.cutoff is not None


def no_flight(base: FlightPlan, why: str, ran_dry: bool = False) -> FlightPlan:
    """The report of a simulation that never reached its arc: its reason (*why*; *ran_dry*: the climb ran out
    of propellant, a shortfall of Δv rather than of the simulation), the estimate tier's reasons that lead to it, the route's geometry, the limits and the estimate's payload limits, and no flown figure at
    all (no time of flight, apogee or loads: nothing was flown to the landing zone)."""
    flown: dict[str, Any] = {name: None for name in FlightPlan._QUANTITIES}
    keep = ("payload", "volume", "range", "max_payload", "max_range", "g_limit", "heat_flux_limit",
            "heat_load_limit", "lift_to_drag", "arc_flight_path_angle", "bank_angle")
    flown.update({name: getattr(base, name) for name in keep})
    code = Binding.DELTA_V if ran_dry else Binding.CONVERGENCE
    return replace(base, fidelity="simulate", **flown, feasible=False, binding_constraint=code, relaxation=None,
                   reasons=[Reason(code, f"no flight: {why}"),
                            *(Reason(r.code, f"estimate tier: {r}") for r in base.reasons)],
                   assumptions=[*base.assumptions, "simulate tier: the vehicle never reached its arc's cut-off, so no "
                                "flight is reported; max payload and max range come from the estimate tier"])


def _above(sv: SimVehicle, i: int) -> float:
    return sum(s.dry + s.burnable + s.reserve for s in sv.stages[i + 1:]) + sv.payload


def _glide_range(h: dict[str, np.ndarray], cut: float, events: dict[str, float]) -> float:
    """Ground range [m] from where the air takes hold of the descending stage (drag past the entry table's
    START_DRAG, after the apogee and any braking burn: :func:`_heat_shield_time`) to touchdown: the estimate's
    ``entry_range``, flown.  (From the apogee, not from cut-off: a flat arc that burns out low, with drag past
    1 % of g₀ already as it coasts up, would otherwise count its coast to the apogee as glide — ground the
    estimate counts as its arc.)"""
    from .core.entry_table import START_DRAG

    after = max(cut, _heat_shield_time(h, events))
    held = np.nonzero((h["t"] > after) & (h["acceleration"] >= START_DRAG))[0]
    if not held.size:
        return 0.0
    i = int(held[0])
    return float(great_circle(h["lat"][i], h["lon"][i], h["lat"][-1], h["lon"][-1])[0])


def _heat_shield_time(h: dict[str, np.ndarray], events: dict[str, float]) -> float:
    """Time [s] from which the heat shield meets the flow: the apogee after cut-off (:func:`_apogee_time`), or
    the end of the braking burn where that is later — the estimate tier's entry starts there too, where the
    braked stage's drag reaches 1 % of g₀ (rocketship.core.braking)."""
    start = _apogee_time(h, events.get("cut-off", h["t"][-1]))
    return max(start, float(events.get("braking burn end", start)))


def _apogee_time(h: dict[str, np.ndarray], cut: float) -> float:
    """Time [s] of the flight's apogee after *cut* (cut-off), where the entry's heating is counted from: the
    vertex of the parabola through the highest recorded point and its neighbours (the points are up to MAX_STEP
    apart), or that point itself at either end of the record."""
    t, z = h["t"], h["altitude"]
    after = t >= cut
    if not np.any(after):
        return float(t[-1])
    i = int(np.argmax(np.where(after, z, -np.inf)))
    if i == 0 or i == len(t) - 1 or not after[i - 1]:
        return float(t[i])
    (t0, t1, t2), (z0, z1, z2) = t[i - 1:i + 2], z[i - 1:i + 2]
    # the vertex of the parabola through (t0, z0), (t1, z1), (t2, z2), z1 being the highest
    d0, d2 = (z1 - z0) / (t1 - t0), (z2 - z1) / (t2 - t1)
    curve = (d2 - d0) / (t2 - t0)
    if curve >= 0.0:
        return float(t1)
    vertex = 0.5 * (t0 + t1) - d0 / (2.0 * curve)
    return float(min(max(vertex, t0), t2))


def _entry_time(h: dict[str, np.ndarray], after: float) -> float:
    """First time after *after* that the flight descends through 120 km (or the end)."""
    t, z = h["t"], h["altitude"]
    if len(t) < 3:
        return float(t[-1])
    idx = np.nonzero((t > after) & (z < 120_000.0) & (np.gradient(z) < 0))[0]
    return float(t[idx[0]]) if idx.size else float(t[-1])


HISTORY_COLUMNS = [("t", "s"), ("lat", "deg"), ("lon", "deg"), ("altitude", "m"), ("speed", "m/s"),
                   ("flight_path_angle", "deg"), ("mass", "kg"), ("dynamic_pressure", "Pa"), ("acceleration", "m/s**2")]


def history_csv(h: dict[str, np.ndarray]) -> str:
    """The time history as CSV with the unit of every column in its header."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([f"{k} [{u}]" for k, u in HISTORY_COLUMNS])
    fpa = np.degrees(h["flight_path_angle"])
    for k in range(len(h["t"])):
        w.writerow([f"{h['t'][k]:.3f}", f"{h['lat'][k]:.6f}", f"{h['lon'][k]:.6f}", f"{h['altitude'][k]:.1f}",
                    f"{h['speed'][k]:.2f}", f"{fpa[k]:.4f}", f"{h['mass'][k]:.1f}", f"{h['dynamic_pressure'][k]:.1f}",
                    f"{h['acceleration'][k]:.3f}"])
    return buf.getvalue()

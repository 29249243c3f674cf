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
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .core import estimate as est
from .core.constants import G0, R_MEAN
from .catalog.places import Place
from .core.bank_guidance import BankStatus
from .core.flight3dof import SimVehicle
from .core.flightlog import PLANNING_RTOL, history
from .core.motion import SimStage
from .core.shooting import entry_angle, fly_to_target, pitch_over, steer_to_burnout
from .core.geodesy import great_circle
from .core.reentry import SUTTON_GRAVES_K
from .flight import cargo_g_limit, flight_params, plan_flight, vehicle_params
from .flightplan import Binding, FlightPlan, Reason
from .units import Q_

TOLERANCE_M = 1000.0
#: the glide's bank guidance corrects the reported flight's touchdown to within this, downrange [m] (its
#: predictions are integrated at PLANNING_RTOL: the flight lands within ~10 m of them) ...
BANK_TOLERANCE_M = 100.0
#: ... and a planning shot's to within this, which leaves room within TOLERANCE_M for the cross-track miss [m]
PLANNING_BANK_TOLERANCE_M = 500.0
BRAKING_ROUNDS = 3      #: at most this many re-flights with a larger braking burn
G_LIMIT_SLACK = 0.03    #: an entry peak within 3 % of the cargo limit is taken as meeting it
#: the simulated entry's heat flux and heat load meet the heat shield's limits within this share, as its peak
#: load meets the cargo's (G_LIMIT_SLACK): the history is sampled at most MAX_STEP apart, and the estimate
#: picks its flight on the limit itself — past it, the simulation's own verdict is the heat
HEAT_SLACK = 0.03
#: a gravity turn whose entry comes within this of the estimate's interface angle flies the estimate's entry
#: (pitch_over's own tolerance); past it the last stage is steered onto the estimate's burnout
ENTRY_ANGLE_TOLERANCE = math.radians(0.25)


@dataclass
class SimulatedFlight:
    """The extras of a simulated flight (Quantities) and its time history (SI arrays)."""

    peak_dynamic_pressure: object
    peak_dynamic_pressure_altitude: object
    peak_heat_flux: object
    heat_load: object
    propellant_at_touchdown: object
    miss_distance: object
    guidance: dict
    events: dict
    history: dict


LOAD_MARGIN = 0.01   #: cargo-stage propellant loaded above what the planning flight burnt (assumption)
FUEL_ROUNDS = 6      #: at most this many planning climbs to settle the cargo stage's load
FUEL_TOLERANCE = 0.004  #: ...stopping when it is within this share of what the climb burns, plus margin
RELOAD = 0.05        #: a load the guidance ran dry on is raised by this share and flown again
#: times the stage is fuelled again for the shot its guidance settled on (each brings the load a few per cent
#: nearer the fixed point, as the guided climb burns ~1 % less than the planning one)
REFUEL_ROUNDS = 1


def sim_vehicle(rocket, payload_kg: float, fe, cargo_ascent_load: float | None = None, vp=None,
                route=None) -> SimVehicle:
    """The simulated vehicle.  Boosters fly full; the cargo stage carries its braking and landing
    reserves plus *cargo_ascent_load* for the climb (default: all the rest of its tanks), and times its
    braking burn from *route*'s entry interface (default: 120 km above the mean radius)."""
    vp = vp or vehicle_params(rocket)
    stages = []
    n = len(vp.stages)
    for i, s in enumerate(vp.stages):
        reserve = float(np.asarray(fe.reserves[i]))
        burn = max(float(s.usable) - reserve, 0.0)
        if i == n - 1 and cargo_ascent_load is not None:
            burn = min(burn, cargo_ascent_load)
        stages.append(SimStage(s.dry, burn, reserve + float(s.propellant - s.usable), s.isp_sl, s.isp_vac, s.thrust_sl,
                               s.thrust_vac, s.landing_thrust))
    last = vp.stages[-1]
    return SimVehicle(stages, payload_kg, vp.reference_area, rocket.aero.drag.columns["mach"],
                      rocket.aero.drag.columns["cd"], last.descent_cd, last.descent_area,
                      braking_dv=float(fe.braking_delta_v), lands=rocket.cargo_stage.recovery == "destination",
                      g_limit=vp.g_limit, lift_to_drag=last.lift_to_drag, bank=float(fe.bank_angle),
                      max_bank=max(float(last.max_bank), float(fe.bank_angle)),
                      nose_radius=vp.nose_radius, braking_end=float(fe.braking_end),
                      interface_radius=SimVehicle.interface_radius if route is None else _interface_radius(route))


def _loaded(vehicle: SimVehicle, load: float) -> SimVehicle:
    """*vehicle* with its cargo stage loaded with *load* [kg] for the climb (its reserves kept)."""
    return replace(vehicle, stages=[*vehicle.stages[:-1], replace(vehicle.stages[-1], burnable=load)])


def simulate_flight(rocket, launch, landing, payload, volume, trajectory: str = "best", *, g_limit=None,
                    bank=None) -> FlightPlan:
    """A :class:`FlightPlan` from the 3-DOF simulation (``fidelity = "simulate"``), with its ``simulation``
    extras: the flight the estimate tier chose (its arc and bank), flown."""
    from .core.flight3dof import remembering

    with remembering():    # the searches below meet on flights one of them has flown: each is flown once
        return _simulate_flight(rocket, launch, landing, payload, volume, trajectory, g_limit=g_limit, bank=bank)


def _simulate_flight(rocket, launch, landing, payload, volume, trajectory: str, *, g_limit, bank) -> FlightPlan:
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


@dataclass
class _Mission:
    """A simulated mission as its searches refine it: the launch and landing, the estimate's flight it flies
    (*fe* on *route*), and the *shot* — heading, cut-off energy, the last stage's steering, the glide's bank —
    that each guided flight leaves for the next (:func:`_settle`)."""

    launch: Place
    landing: Place
    route: est.Route
    fe: est.FlightEstimate
    shot: dict
    per_metre: float   #: cut-off energy per metre of range, to start the targeting's secant [J/kg/m]

    @classmethod
    def aimed(cls, launch, landing, route, fe) -> _Mission:
        """The pitch-over that brings the stage down through the entry interface at the estimate's angle, and
        a cut-off at the estimate arc's orbital energy: the entry is then the estimate's (speed and angle at
        the interface), and the two tiers' entries compare like with like.  Guidance then moves the cut-off
        energy and the heading until touchdown is on the landing zone."""
        from .core.constants import MU_EARTH

        _, heading = great_circle(launch.lat, launch.lon, landing.lat, landing.lon)
        energy = 0.5 * float(fe.burnout_speed) ** 2 - MU_EARTH / (route.radius + float(fe.burnout_altitude))
        per_metre = max(float(fe.burnout_speed) * abs(float(route.dv_dpsi)) / route.radius, 1e-3)
        return cls(launch, landing, route, fe, {"heading": float(heading), "cut_energy": energy, "steer": None},
                   per_metre)

    def simulate(self, vehicle, kick, **kw):
        """One flight of *vehicle* on the current shot with pitch-over *kick* [deg] (planning accuracy)."""
        from .core.flight3dof import simulate

        a, b = self.launch, self.landing
        return simulate(vehicle, a.lat, a.lon, b.lat, b.lon, heading_deg=self.shot["heading"], kick_deg=kick,
                        cut_energy=self.shot["cut_energy"], rtol=PLANNING_RTOL, steer=self.shot["steer"], **kw)

    def kick_for(self, vehicle, start=2.0) -> float:
        """The pitch-over whose gravity turn brings the stage down through the interface at the estimate's
        angle; where no gravity turn does (a flat arc: the turn lofts past it), the last stage is steered
        onto the estimate's burnout instead (``shot["steer"]``)."""
        a, b, shot = self.launch, self.landing, self.shot
        shot["steer"] = None
        kick, miss = pitch_over(vehicle, a.lat, a.lon, b.lat, b.lon, heading_deg=shot["heading"],
                                target_fpa=_interface_angle(self.route), cut_energy=shot["cut_energy"],
                                angle=lambda res: entry_angle(res, _interface_radius(self.route) - R_MEAN), start=start)
        if miss is not None and abs(miss) <= ENTRY_ANGLE_TOLERANCE:
            return kick
        steered = self.steer_onto_the_arc(vehicle)
        if steered is None:    # no steered climb reaches it either: the gravity turn, as it flies
            return kick
        shot["steer"] = steered[1]
        return steered[0]

    def steer_onto_the_arc(self, vehicle, **kw):
        """The steered climb that cuts off at the estimate's burnout altitude and flight-path angle."""
        a, b, shot = self.launch, self.landing, self.shot
        return steer_to_burnout(vehicle, a.lat, a.lon, b.lat, b.lon, heading_deg=shot["heading"],
                                cut_energy=shot["cut_energy"], altitude_m=float(self.fe.burnout_altitude),
                                flight_path_angle=float(self.fe.burnout_flight_path_angle), **kw)

    def guide(self, vehicle, kick, rtol=PLANNING_RTOL):
        """The flight of *vehicle* shot onto the landing zone (heading, cut-off, the glide's bank) from the
        current shot: (its result, its guidance)."""
        a, b, shot = self.launch, self.landing, self.shot
        return fly_to_target(vehicle, a.lat, a.lon, b.lat, b.lon, heading_deg=shot["heading"], kick_deg=kick,
                             cut_energy=shot["cut_energy"], energy_per_metre=shot.get("energy_per_metre", self.per_metre),
                             tolerance=TOLERANCE_M, rtol=rtol, steer=shot["steer"], guide_bank=True,
                             bank_guess=shot.get("bank"), bank_slope=shot.get("bank_slope"),
                             bank_tolerance=BANK_TOLERANCE_M if rtol != PLANNING_RTOL else PLANNING_BANK_TOLERANCE_M)

    def fuel(self, vehicle, kick, full):
        """*vehicle* loaded for a climb on the current shot with pitch-over *kick* (the same vehicle when the
        load holds; *full*: the vehicle on full tanks).

        Fuel the cargo stage for the mission, as a flight plan would: what its climb burns, plus LOAD_MARGIN
        for the guidance's trials.  The estimate tier's stage enters with its braking and landing reserves
        alone, so the stage flown must too (like with like: Starship PEK→JFK on full tanks came home with
        44 t unburnt, a ballistic coefficient 29 % over the estimate's and heating 13 % higher).  A lighter
        stack climbs on less — the booster stages it faster — so the load is a fixed point, found by the
        secant method on the gap between what a planning climb burns (+ margin) and what it was loaded with."""
        capacity = full.stages[-1].burnable
        load, tried, good = vehicle.stages[-1].burnable, [], None
        for _ in range(FUEL_ROUNDS):
            plan = self.simulate(vehicle, kick, ascent_only=True)
            if not (plan.ok and len(plan.ascent_propellant) == len(vehicle.stages)):
                if good is None:
                    break
                # the secant overshot into a load too small to climb on: halfway back to the last that did
                load = 0.5 * (load + good[0])
                vehicle = good[1] if load >= good[0] else _loaded(vehicle, load)
                continue
            good = (load, vehicle)
            gap = plan.ascent_propellant[-1] * (1 + LOAD_MARGIN) - load
            if abs(gap) <= FUEL_TOLERANCE * load:
                break
            tried.append((load, gap))
            step = gap
            if len(tried) > 1 and tried[-2][1] != gap:    # the secant through the last two loads
                step = -gap * (load - tried[-2][0]) / (gap - tried[-2][1])
            # never less than LOAD_MARGIN of the tanks: a booster that reaches cut-off alone leaves the
            # cargo stage nothing to burn, and a stage with nothing on board cannot fly the guidance's trials
            load = min(max(load + step, LOAD_MARGIN * capacity), capacity)
            vehicle = full if load >= capacity else _loaded(vehicle, load)
        if good is not None and vehicle is not good[1]:   # rounds ran out on an untried load: the last flown
            vehicle = good[1]
        return vehicle

    def reload(self, vehicle, kick, full, rtol=PLANNING_RTOL):
        """Guide *vehicle*; where its climb runs dry (a load fuelled to within LOAD_MARGIN of a planning
        climb can fall a little short of a later one), RELOAD more each time, up to full tanks (*full*)."""
        capacity = full.stages[-1].burnable
        flown, flown_guidance = self.guide(vehicle, kick, rtol)
        while not flown.ok and flown.ran_dry and vehicle is not full:
            more = (1 + RELOAD) * vehicle.stages[-1].burnable
            vehicle = full if more >= capacity else _loaded(vehicle, more)
            flown, flown_guidance = self.guide(vehicle, kick, rtol)
        return vehicle, flown, flown_guidance


def _fly(mission: _Mission, sv: SimVehicle, limit: float):
    """The mission flown: fuelled for its climb, braked on a probe flight's entry, guided onto the landing
    zone (fuelled again for the shot the guidance settled on, steered again where the last stage is steered,
    braked harder where the guided entry still passes the cargo's *limit* [m/s²]), and flown once more at
    full accuracy.  Returns (the flight, its vehicle, its guidance)."""
    kick = mission.kick_for(sv)
    full, full_kick = sv, kick
    capacity = sv.stages[-1].burnable
    shot = mission.shot
    launch, landing = mission.launch, mission.landing
    sv = mission.fuel(sv, kick, full)
    if sv is not full:   # the lighter stack needs its own pitch-over
        kick = mission.kick_for(sv, start=kick)
    # size the braking burn on the descent of one unguided probe flight, so that the guidance flies it once
    probe = mission.simulate(sv, kick)
    sv = _size_braking(probe, sv, limit, launch, landing, shot, kick)
    # guide and brake on planning flights; the flight reported is the last guidance flown at full accuracy
    res, guidance = mission.guide(sv, kick)
    while not res.ok and res.ran_dry and sv is not full:   # too thin: a little more, then full
        more = min((1 + RELOAD) * sv.stages[-1].burnable, capacity)
        sv = full if more >= capacity else _loaded(sv, more)
        kick = full_kick if sv is full else mission.kick_for(sv, start=kick)
        res, guidance = mission.guide(sv, kick)
    _settle(shot, guidance)
    for _ in range(REFUEL_ROUNDS):
        # the guidance moved the cut-off (its energy, its heading): the load the planning climbs found is
        # then tonnes off the fixed point, which the entry's ballistic coefficient feels — fuel again for
        # the guided shot, and guide once more (from where it stands: a step or two)
        if not res.ok or sv is full or len(res.ascent_propellant) != len(sv.stages):
            break
        if abs(res.ascent_propellant[-1] * (1 + LOAD_MARGIN) - sv.stages[-1].burnable) <= FUEL_TOLERANCE * sv.stages[-1].burnable:
            break
        refuelled = mission.fuel(sv, kick, full)
        if refuelled is sv:
            break
        kept = (kick, shot["steer"])
        # the lighter stack's own climb (on the old pitch-over it lofts): steered again onto the estimate's
        # burnout where it was steered, else its own pitch-over
        steered = mission.steer_onto_the_arc(refuelled, kicks=(kick,), law=shot["steer"]) if shot["steer"] else None
        if steered is not None:
            kick, shot["steer"] = steered[0], steered[1]
        else:
            kick = mission.kick_for(refuelled, start=kick)
        again, again_guidance = mission.guide(refuelled, kick)
        if not again.ok:
            kick, shot["steer"] = kept
            break
        _count_on(again_guidance, guidance)
        sv, res, guidance = refuelled, again, again_guidance
        _settle(shot, guidance)
    if res.ok and shot["steer"]:
        # the guidance moved the cut-off energy, and so where on its steered climb the stage cuts off: steer
        # again for that energy, onto the estimate's burnout altitude and angle, and guide once more
        # (a steered climb that then runs dry — the stage is fuelled for the last one — keeps the last)
        again = mission.steer_onto_the_arc(sv, kicks=(kick,), law=shot["steer"])
        if again is not None:
            law, shot["steer"] = shot["steer"], again[1]
            steered, steered_guidance = mission.guide(sv, kick)
            if steered.ok:
                _count_on(steered_guidance, guidance)
                res, guidance = steered, steered_guidance
                _settle(shot, guidance)
            else:
                shot["steer"] = law
    if _over_the_limit(res, sv, limit):   # the guided flight's entry still passes the limit: brake again
        sv = _size_braking(res, sv, limit, launch, landing, shot, kick)
        sv, res, guidance = mission.reload(sv, kick, full)
        _settle(shot, guidance)
    if res.ok:
        planned = guidance
        sv, res, guidance = mission.reload(sv, kick, full, rtol=1e-8)
        _count_on(guidance, planned)
    return res, sv, guidance


def _simulated_plan(base: FlightPlan, res, sv: SimVehicle, guidance: dict, shot: dict, vp, fe) -> FlightPlan:
    """The :class:`FlightPlan` of a simulated flight that reached cut-off: *base* (the estimate's) with the
    flown figures — times, burnout, apogee, the entry's peak load, Sutton–Graves heating and heat load, the
    glide — its reasons, and the simulation's own record (``simulation``)."""
    from .core.frames import atmosphere

    h = history(res, sv)
    nose = vp.nose_radius
    rho = np.array([atmosphere(z)[2] if z < 150_000 else 0.0 for z in h["altitude"]])
    # the entry's: what the heat shield's limits are for, and what the estimate reports — from the apogee, or
    # from the braking burn's end where the stage brakes: the climb (nose first, coasting on after cut-off
    # through air as dense as at 60-70 km on a short hop) and the burn (tail first, engines into the flow)
    # heat other faces of the stage
    entry_t = _heat_shield_time(h, res.events)
    descending = h["t"] >= entry_t
    heat = np.where(descending, SUTTON_GRAVES_K * np.sqrt(rho / nose) * h["speed"] ** 3, 0.0)
    iq = int(np.argmax(h["dynamic_pressure"]))
    cut = res.events.get("cut-off", res.t[-1])
    apogee = float(np.max(h["altitude"]))
    # the entry's peak (braking burn included), as the estimate tier reports it; the landing burn is judged
    # against the cargo's limit with it (_over_the_limit) but is not the entry's load
    entry = (h["t"] > cut) & (h["t"] < res.events.get("landing burn", math.inf))
    peak_acc = float(np.max(h["acceleration"][entry])) if np.any(entry) else float("nan")
    # the entry's too, from the same start
    heat_load = float(res.states[-1, 7] - np.interp(entry_t, h["t"], res.states[:, 7]))
    reasons = _simulated_reasons(base, res, sv, guidance, vp, float(np.max(heat)), heat_load)
    ideal_ascent = sum(G0 * s.isp_vac * math.log((s.dry + s.burnable + s.reserve + _above(sv, i)) /
                                                   (s.dry + s.reserve + _above(sv, i))) for i, s in enumerate(sv.stages))
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
        delta_v_available=Q_(ideal_ascent + res.braking_delta_v + float(fe.landing_delta_v), "m/s").to("km/s"),
        delta_v_margin=None, feasible=not reasons, reasons=reasons,
        binding_constraint=reasons[0].code if reasons else base.binding_constraint,
        assumptions=[*base.assumptions,
                     "simulate tier: 3-DOF point mass, rotating oblate Earth (J2), US76 atmosphere, drag from the "
                     "vehicle's Cd table, " + ("a gravity turn through the first stage, then the last stage steered "
                     "(linear tangent) onto the estimate's burnout altitude and angle, " if shot["steer"] else
                     "a gravity turn after a pitch-over chosen to match the estimate's entry angle, ") +
                     "cut-off on orbital energy, guided to within 1 km, the glide's bank by a numerical predictor–"
                     "corrector (Lu 2014) onto the landing zone within the cargo's g limit; the cargo stage fuelled with what its climb "
                     f"burns plus {LOAD_MARGIN:.0%} (it enters about as heavy as the estimate's; its Δv is that of "
                     "this lighter stack, the estimate's of full tanks); the heat shield's limits read with "
                     f"{HEAT_SLACK:.0%} slack, as the cargo's g limit is; max payload and max range still come "
                     "from the estimate tier"],
        simulation=SimulatedFlight(
            peak_dynamic_pressure=Q_(float(h["dynamic_pressure"][iq]), "Pa").to("kPa"),
            peak_dynamic_pressure_altitude=Q_(float(h["altitude"][iq]), "m").to("km"),
            peak_heat_flux=Q_(float(np.max(heat)), "W/m**2").to("kW/m**2"),
            heat_load=Q_(heat_load, "J/m**2").to("MJ/m**2"),
            propellant_at_touchdown=Q_(res.propellant_at_touchdown, "kg").to("t"),
            miss_distance=Q_(res.miss, "m").to("km"), guidance=guidance, events=dict(res.events), history=h),
    )
    return plan


def _simulated_reasons(base: FlightPlan, res, sv: SimVehicle, guidance: dict, vp, peak_heat_flux: float,
                       heat_load: float) -> list[Reason]:
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


def _count_on(guidance: dict, before: dict) -> None:
    """Add the shots and the bank guidance's predictions of an earlier guidance, *before*, to *guidance*'s."""
    guidance["iterations"] += before["iterations"]
    if "bank_predictions" in guidance:
        guidance["bank_predictions"] += before.get("bank_predictions", 0)


def _settle(shot: dict, guidance: dict) -> None:
    """Take a guided flight's heading, cut-off energy, the slope its targeting learnt and (where its bank
    guidance hit the landing zone) its bank into *shot*, where the next guidance starts from."""
    shot.update(heading=guidance["heading"], cut_energy=guidance["cut_energy"],
                energy_per_metre=guidance["energy_per_metre"])
    if guidance.get("bank_status") == BankStatus.ON_TARGET:
        shot["bank"] = math.radians(guidance["bank_deg"])
    if "bank_slope" in guidance:
        shot["bank_slope"] = guidance["bank_slope"]


def _interface_angle(route) -> float:
    """The estimate arc's inertial flight-path angle below the horizontal [rad] at its entry interface."""
    return float(route.interface_angle)


def _interface_radius(route) -> float:
    """Geocentric radius [m] of the estimate's entry interface (120 km above the ellipsoid under the entry)."""
    return float(route.surface.radius + route.h_ei)


def _reached_cut_off(res) -> bool:
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


def _entry_peak(res) -> float:
    """Largest acceleration the cargo senses after cut-off [m/s²]: the braking burn (its thrust and the
    drag it meets), the entry and the landing burn; nan if none."""
    start = res.events.get("cut-off")
    if start is None or res.sensed_acceleration is None:
        return float("nan")
    after = res.t > start
    return float(np.max(res.sensed_acceleration[after])) if np.any(after) else float("nan")


def _over_the_limit(res, sv, limit) -> bool:
    """A flight that landed whose entry (braking and landing burns included) passed the cargo's limit by
    more than G_LIMIT_SLACK."""
    return bool(res.ok and sv.lands and _entry_peak(res) > limit * (1 + G_LIMIT_SLACK))


def _size_braking(flown, sv, limit, launch, landing, shot: dict, kick):
    """A larger braking burn while *flown*'s entry exceeds the cargo's g limit; returns the vehicle.

    Only the descent is flown again (from *flown*'s cut-off; the climb is the same): the first step
    takes the peak to scale with the square of the speed after the burn, later ones are secant steps
    on (braking Δv, peak), none past 95 % of the speed at cut-off.  Braking harder can raise the peak
    (the stage falls more steeply into the air): then, or after BRAKING_ROUNDS, the burn with the least
    peak is kept.  The propellant comes out of what the stage carries: a shortfall shows at touchdown.
    (The guidance then puts the braked stage's touchdown back on the landing zone.)
    """
    from .core.flight3dof import simulate

    if flown.cutoff is None:
        return sv
    most = 0.95 * math.sqrt(float(np.dot(flown.cutoff.state[3:6], flown.cutoff.state[3:6])))
    tried, last = [], flown          # (vehicle, its entry peak) of each burn flown
    for _ in range(BRAKING_ROUNDS + 1):
        if not _over_the_limit(last, sv, limit):
            return sv
        tried.append((sv, _entry_peak(last)))
        if len(tried) >= 2 and tried[-1][1] >= tried[-2][1]:
            break                    # braking harder no longer lowers the peak
        if len(tried) >= 2:
            (v0, p0), (v1, p1) = tried[-2], tried[-1]
            dv = v1.braking_dv + (limit - p1) * (v1.braking_dv - v0.braking_dv) / (p1 - p0)
        else:
            dv = sv.braking_dv + _speed_before_entry(last) * (1 - math.sqrt(limit / tried[-1][1]))
        dv = min(max(dv, sv.braking_dv + 1.0), most)
        if dv <= sv.braking_dv or len(tried) > BRAKING_ROUNDS:
            break
        sv = replace(sv, braking_dv=dv)
        last = simulate(sv, launch.lat, launch.lon, landing.lat, landing.lon, heading_deg=shot["heading"],
                        kick_deg=kick, cut_energy=shot["cut_energy"], descent_from=flown.cutoff, rtol=PLANNING_RTOL,
                        steer=shot.get("steer"))
    return min(tried, key=lambda flown_peak: flown_peak[1])[0]


def _glide_range(h: dict, cut: float, events: dict) -> float:
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


def _speed_before_entry(res) -> float:
    """Air-relative speed [m/s] where the descent crosses the entry interface (or the braking burn ends)."""
    from .core.frames import air_speed, altitude
    from .core.route import ENTRY_INTERFACE as BRAKING_ALTITUDE

    t0 = res.events.get("braking burn end", res.events.get("cut-off", res.t[0]))
    for t, y in zip(res.t, res.states):
        if t >= t0 and altitude(*y[:3]) <= BRAKING_ALTITUDE:
            return air_speed(y)
    return 0.0


def _heat_shield_time(h: dict, events: dict) -> float:
    """Time [s] from which the heat shield meets the flow: the apogee after cut-off (:func:`_apogee_time`), or
    the end of the braking burn where that is later — the estimate tier's entry starts there too, where the
    braked stage's drag reaches 1 % of g₀ (rocketship.core.braking)."""
    start = _apogee_time(h, events.get("cut-off", h["t"][-1]))
    return max(start, float(events.get("braking burn end", start)))


def _apogee_time(h: dict, cut: float) -> float:
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


def _entry_time(h: dict, after: float) -> float:
    """First time after *after* that the flight descends through 120 km (or the end)."""
    t, z = h["t"], h["altitude"]
    if len(t) < 3:
        return float(t[-1])
    idx = np.nonzero((t > after) & (z < 120_000.0) & (np.gradient(z) < 0))[0]
    return float(t[idx[0]]) if idx.size else float(t[-1])


HISTORY_COLUMNS = [("t", "s"), ("lat", "deg"), ("lon", "deg"), ("altitude", "m"), ("speed", "m/s"),
                   ("flight_path_angle", "deg"), ("mass", "kg"), ("dynamic_pressure", "Pa"), ("acceleration", "m/s**2")]


def history_csv(h: dict) -> str:
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

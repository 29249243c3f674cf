"""Flying a simulated mission onto its landing zone: the vehicle as the 3-DOF flies it (:func:`sim_vehicle`),
the mission's shot — heading, cut-off energy, the last stage's steering, the glide's bank — and the searches on
it (:class:`_Mission`: the pitch-over, the steered climb, guidance, fuelling the cargo stage for its climb),
the sequence that flies it (:func:`_fly`), and a braking burn sized again where the guided entry still passes
the cargo's limit (:func:`_size_braking`).  :mod:`.simulation` reports the flight it ends with."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .catalog.places import Place
from .core import estimate as est
from .core.bank_guidance import BankStatus
from .core.constants import R_MEAN
from .core.flight3dof import SimVehicle
from .core.flightlog import PLANNING_RTOL
from .core.geodesy import great_circle
from .core.motion import SimStage
from .core.shooting import entry_angle, fly_to_target, pitch_over, steer_to_burnout
from .flight import vehicle_params


TOLERANCE_M = 1000.0
#: the glide's bank guidance corrects the reported flight's touchdown to within this, downrange [m] (its
#: predictions are integrated at PLANNING_RTOL: the flight lands within ~10 m of them) ...
BANK_TOLERANCE_M = 100.0
#: ... and a planning shot's to within this, which leaves room within TOLERANCE_M for the cross-track miss [m]
PLANNING_BANK_TOLERANCE_M = 500.0
BRAKING_ROUNDS = 3      #: at most this many re-flights with a larger braking burn
G_LIMIT_SLACK = 0.03    #: an entry peak within 3 % of the cargo limit is taken as meeting it
#: a gravity turn whose entry comes within this of the estimate's interface angle flies the estimate's entry
#: (pitch_over's own tolerance); past it the last stage is steered onto the estimate's burnout
ENTRY_ANGLE_TOLERANCE = math.radians(0.25)
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


def _speed_before_entry(res) -> float:
    """Air-relative speed [m/s] where the descent crosses the entry interface (or the braking burn ends)."""
    from .core.frames import air_speed, altitude
    from .core.route import ENTRY_INTERFACE as BRAKING_ALTITUDE

    t0 = res.events.get("braking burn end", res.events.get("cut-off", res.t[0]))
    for t, y in zip(res.t, res.states):
        if t >= t0 and altitude(*y[:3]) <= BRAKING_ALTITUDE:
            return air_speed(y)
    return 0.0

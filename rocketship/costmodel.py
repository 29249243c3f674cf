"""The cost model: what one flight costs by rocket, itemised, and the rocket against each air service, on floats.

Cost per flight is itemised (propellant, vehicle amortisation,
refurbishment, recovery at sea, returning the vehicle, ground operations,
insurance, fees), every item from a catalogue figure.  The same function
runs on point values or, through a :class:`~rocketship.uncertainty.Sampler`,
on arrays of Monte Carlo draws — the arithmetic is vectorised, so 10,000
samples cost little more than one.  :mod:`rocketship.economics` turns its
answer into the assessment's Quantities.
"""

from __future__ import annotations

import numpy as np

from .catalog.air import load_air_market
from .catalog.economics import RocketEconomics, load_economics
from .catalog.operations import load_operations
from .uncertainty import point

#: days in the year the catalogue's yearly figures are per (the Julian year, as the unit registry's "year")
DAYS_PER_YEAR = 365.25
DEFAULT_FLIGHTS_PER_YEAR = DAYS_PER_YEAR   #: when no demand is given: one flight a day
FUEL = {"methalox": "methane", "kerolox": "rp1", "hydrolox": "lh2"}


def cost_model(rocket, delivery, airs: dict, payload: float, volume: float, parcel_mass: float, *, draw=None,
               econ: RocketEconomics | None = None, range_m: float = 0.0) -> dict:
    """The cost of one flight, its per-unit figures, and the rocket against each air service
    (floats or arrays of draws; SI, USD, hours).

    Parameters are the assessment's parts: the rocket, its RocketDelivery, the
    AirPlans to compare with by service (``{"general": …, "express": …}``), the
    cargo [kg, m³] and the parcel mass [kg].  ``out["versus"][service]`` pairs
    the rocket with that service over the same ground legs.
    """
    # the items are drawn in this order, which fixes each figure's place in a seeded Monte Carlo stream
    econ = econ or load_economics()
    ops = load_operations()
    d = draw or point
    F = econ.per_flight
    items = {}
    items["propellant"], fuel_mass = _propellant(rocket, econ, d)
    items["vehicle_amortisation"], items["refurbishment"] = _vehicle_wear(rocket, d)
    items.update(_sea_legs(rocket, delivery, ops, econ, d, items["propellant"]))
    items["ground_operations"] = d(F.ground_operations, "economics")
    items.update(_capital(rocket, delivery, econ, d))
    cargo_value = payload * d(econ.parcel.value, "economics") / parcel_mass
    items["insurance"] = d(F.insurance_rate, "economics") * cargo_value
    items["fees"] = d(F.range_and_regulatory_fees, "economics")
    total = sum(items.values())
    out = {"breakdown": items, "cost_per_flight": total, **_per_unit(total, payload, volume, parcel_mass, econ, d)}
    # the same cargo by each air service, over the same ground legs, and what the time saved is worth
    out["versus"] = {sid: _versus(total, delivery.timelines[sid], air, payload, out["parcels_per_flight"], d)
                     for sid, air in airs.items() if sid in delivery.timelines}
    out.update(_co2(fuel_mass, airs, payload, range_m, econ, d))
    return out


def _propellant(rocket, econ: RocketEconomics, d) -> tuple:
    """(cost [USD], fuel burnt [kg] by kind) of the full propellant loads, split by mixture ratio into oxidiser
    and fuel."""
    P = econ.propellant_price
    prop_cost = 0.0
    fuel_mass = {"methane": 0.0, "rp1": 0.0, "lh2": 0.0}
    for s in rocket.stages:
        m = d(s.propellant_mass, rocket.id)
        of = d(s.mixture_ratio, rocket.id)
        fuel = m / (1 + of)
        kind = FUEL[s.propellant]
        fuel_mass[kind] = fuel_mass[kind] + fuel
        prop_cost = prop_cost + (m - fuel) * d(P.lox, "economics") + fuel * d(getattr(P, kind), "economics")
    return prop_cost, fuel_mass


def _vehicle_wear(rocket, d) -> tuple:
    """(amortisation, refurbishment) a flight [USD]: each reusable stage's build cost spread over its reuses and
    its refurbishment; an expended stage is bought every flight."""
    amort, refurb = 0.0, 0.0
    for s in rocket.stages:
        build = d(s.build_cost, rocket.id) if s.build_cost is not None else 0.0
        if s.recovery == "expended":
            amort = amort + build
        else:
            reuses = d(s.design_reuses, rocket.id) if s.design_reuses is not None else 1.0
            amort = amort + build / np.maximum(reuses, 1.0)
            refurb = refurb + (d(s.refurbishment_cost, rocket.id) if s.refurbishment_cost is not None else 0.0)
    return amort, refurb


def _sea_legs(rocket, delivery, ops, econ: RocketEconomics, d, propellant) -> dict:
    """The items at sea [USD]: recovery (the recovery group's days at sea, and a transfer vessel for a day at each
    end) and bringing the cargo stage home (by ship, or flying back on another *propellant* load)."""
    day = 86400.0
    F = econ.per_flight
    items = {"recovery": recovery_cost(_recovery_sea_days(rocket, delivery, ops, econ, d), econ, d)
             + 2.0 * d(F.transfer_vessel_day_rate, "economics") * day}
    voyage = return_voyage(rocket, delivery, econ, d)
    if voyage is not None:
        items["vehicle_return"], items["return_fuel"], items["canal_tolls"] = voyage
    else:
        items["vehicle_return"] = (propellant + d(F.ground_operations, "economics")
                                   if delivery.return_mode == "fly-back" else 0.0)
        items["return_fuel"] = items["canal_tolls"] = 0.0
    return items


def _capital(rocket, delivery, econ: RocketEconomics, d) -> dict:
    """The capital items a flight [USD]: the shore base and the offshore pads depreciated (the pads kept up too),
    the cost of the capital tied up, and the expected loss of a recovered stage, spread over the year's flights."""
    per_year = (delivery.flights_per_day * DAYS_PER_YEAR) if delivery.flights_per_day else DEFAULT_FLIGHTS_PER_YEAR
    year = DAYS_PER_YEAR * 86400.0
    C = econ.capital
    items = {}
    shore_base = d(C.shore_base, "economics")
    items["infrastructure"] = shore_base / d(C.shore_base_life, "economics") * year / per_year
    # offshore platforms at both ends: each depreciated over its life and kept up
    fleet = fleet_in_service(delivery, d)   # each draw's own fleet, counted once for the pads and the capital
    pads = pads_in_service(fleet)
    items["pads"] = pads * (d(C.pad_capital, "economics") / d(C.pad_life, "economics")
                            + d(C.pad_operations, "economics")) * year / per_year
    # the cost of the capital tied up in the fleet (the stages the fleet model needs, those at sea on their way
    # home included), in the pads and in the shore base, at their mean book value
    tied_up = MEAN_BOOK_SHARE * (fleet_build_value(rocket, delivery, fleet, d) + pads * d(C.pad_capital, "economics")
                                 + shore_base)
    items["cost_of_capital"] = d(C.cost_of_capital, "economics") * tied_up / per_year
    # a recovered stage lost forfeits what its build cost has not yet been charged (its mean book value)
    items["expected_vehicle_loss"] = d(C.stage_loss_rate, "economics") * MEAN_BOOK_SHARE * sum(
        _build(s, rocket, d) for s in rocket.stages if s.recovery != "expended")
    return items


def _per_unit(total, payload: float, volume: float, parcel_mass: float, econ: RocketEconomics, d) -> dict:
    """*total* [USD] per kg, per chargeable kg, per m³ and per parcel, and the parcels a flight carries."""
    # chargeable as the air comparator charges its general cargo (the market catalogue's volumetric divisor)
    chargeable = max(payload, volume / load_air_market().model.volumetric_divisor_general.value)
    parcel_volume = d(econ.parcel.volume, "economics")
    parcels = np.floor(np.minimum(payload / parcel_mass, volume / parcel_volume) + 1e-9)
    # a vanishing cargo (a payload of 1e-300 kg takes 1e-302 m³ at the bay's density) costs inf a unit, silently
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return {
            "cost_per_kg": total / payload if payload > 0 else np.inf * np.ones_like(total),
            "cost_per_chargeable_kg": total / chargeable if chargeable > 0 else np.inf,
            "cost_per_m3": total / volume if volume > 0 else np.inf,
            "parcels_per_flight": parcels,
            "parcels_limited_by": np.where(payload / parcel_mass <= volume / parcel_volume, "mass", "volume"),
            "cost_per_parcel": np.where(parcels > 0, total / np.maximum(parcels, 1), np.inf),
        }


def _co2(fuel_mass: dict, airs: dict, payload: float, range_m: float, econ: RocketEconomics, d) -> dict:
    """The rocket's CO2 [kg] from its *fuel_mass* [kg by kind], and the rocket's and the freighter's per tonne-km
    over *range_m* [m]."""
    co2_kg = sum(fuel_mass[k] * d(getattr(econ.co2_per_fuel, k), "economics") for k in fuel_mass)
    tkm = payload / 1e3 * range_m / 1e3
    air = next(iter(airs.values()))   # both services fly the same freighter: the same CO2
    return {"co2": co2_kg, "co2_per_tonne_km_rocket": co2_kg / tkm if tkm > 0 else np.nan,
            "co2_per_tonne_km_air": air.co2.m_as("kg") / tkm if tkm > 0 else np.nan}


#: the mean share of its build cost that a reusable stage (or a pad) still carries on the books: with straight-line
#: amortisation over its design reuses (or life) and a fleet of all ages, half.  Used for the capital it ties up and
#: for what a lost stage forfeits.  Derived, not sourced.
MEAN_BOOK_SHARE = 0.5


def _build(stage, rocket, d):
    return d(stage.build_cost, rocket.id) if stage.build_cost is not None else 0.0


def _recovery_sea_days(rocket, delivery, ops, econ, d):
    """Days a recovery group is at sea for one flight: out to the booster's landing zone and back (its recovery-to-port
    time each way) and out to the cargo stage's landing zone and back (its sea leg at supply-vessel speed), with time
    on station at each."""
    day = 86400.0
    on_station = d(econ.recovery.on_station, "economics") / day
    days = 0.0
    if len(rocket.stages) > 1 and rocket.stages[0].recovery == "downrange_sea":
        days = days + 2.0 * d(ops.turnaround.booster_recovery_to_port, "operations") / day + on_station
    if rocket.cargo_stage.recovery == "destination":
        sea = delivery.siting.destination_sea
        sea = sea if sea is not None and np.isfinite(sea) else 0.0
        days = days + 2.0 * sea / d(ops.mode("supply").speed, "operations") / day + on_station
    return days


def recovery_cost(sea_days, econ: RocketEconomics | None = None, draw=None):
    """What the recovery vessels cost for *sea_days* days at sea [USD]: the group (``vessels_per_recovery``) at its
    crewed day rate, and the gas oil each burns a day at sea."""
    econ = econ or load_economics()
    d = draw or point
    day = 86400.0
    R = econ.recovery
    vessel_day = (d(econ.per_flight.recovery_vessel_day_rate, "economics") * day
                  + d(R.vessel_fuel_per_day, "economics") * day * d(R.marine_gas_oil_price, "economics"))
    return d(R.vessels_per_recovery, "economics") * sea_days * vessel_day


def return_voyage(rocket, delivery, econ: RocketEconomics | None = None, draw=None):
    """A cargo stage's share of its ship home [USD]: (charter and port calls, fuel, canal tolls), or None where the
    stage does not go home by ship.

    The ship sails from the landing end's port to the launch end's laden and back in ballast for the next load: the
    round trip's days at sea, plus loading at one end and unloading at the other, at the charter's day rate; fuel on
    every day at sea; two port calls; every toll canal the route crosses (:attr:`Siting.return_canals`, from
    searoute's traversed passages) both ways.  The voyage is shared by the stages one ship carries
    (the cargo stage's ``stages_per_voyage``, 1 where not given).
    """
    econ = econ or load_economics()
    d = draw or point
    distance = delivery.siting.return_sea_distance
    if not (rocket.cargo_stage.recovery == "destination" and delivery.return_mode == "ship" and distance):
        return None
    day = 86400.0
    ops = load_operations()
    T, F, V = ops.turnaround, econ.per_flight, econ.return_voyage
    spv = rocket.cargo_stage.stages_per_voyage
    n = d(spv, rocket.id) if spv is not None else 1.0
    sea_days = 2.0 * distance / d(T.return_ship_speed, "operations") / day
    # loading at one end and unloading at the other, and waiting at the landing end while the flights bring the
    # load: n stages arrive over (n - 1) / (flights a day) days
    port_days = 2.0 * d(T.return_loading, "operations") / day + _fill_days(n, delivery)
    charter = (sea_days + port_days) * d(F.return_ship_day_rate, "economics") * day \
        + 2.0 * d(V.port_call, "economics")
    fuel = sea_days * d(V.fuel_per_day, "economics") * day * d(V.fuel_price, "economics")
    tolls = 0.0
    for canal in delivery.siting.return_canals:
        tolls = tolls + 2.0 * d(getattr(V, f"{canal}_toll"), "economics")
    return charter / n, fuel / n, tolls / n


def _fill_days(n, delivery):
    """Days a return ship waits at the landing end for its *n* stages, one a flight (none where unsized)."""
    f = delivery.flights_per_day
    return (n - 1.0) / f if f else 0.0


def fleet_in_service(delivery, d=point) -> tuple:
    """(cargo stages, boosters, pads) the route keeps: the fleet model's counts (:mod:`.logistics`), or with a
    Monte Carlo sampler *d* each draw's own — every draw's cycle (refurbishment, the voyage home, the pad's
    occupancy...) sizes its own fleet, as the same draw's door-to-door timeline is its own.  None where the
    fleet model sized none (no demand given, or past any real fleet)."""
    from .logistics import BOOSTER_ENDS, fleet_count

    per_day = delivery.flights_per_day

    def count(n, cycle, ends=1):
        if n is None or cycle is None:
            return n
        return ends * fleet_count(per_day * cycle.seconds(d) / 86400.0)

    return (count(delivery.cargo_stages_needed, delivery.cargo_stage_turnaround),
            count(delivery.boosters_needed, delivery.booster_turnaround, BOOSTER_ENDS.get(delivery.return_mode, 1)),
            count(delivery.pads_needed, delivery.pad_turnaround))


def pads_in_service(fleet: tuple):
    """Offshore platforms the route keeps, of its *fleet* (:func:`fleet_in_service`): the launch pads, and as many
    landing platforms at the other end (an assumption: the same platform, sized for the same flights a day); one
    at each end where unsized."""
    pads = fleet[2]
    return 2 * np.maximum(1 if pads is None else pads, 1)


def fleet_build_value(rocket, delivery, fleet: tuple, d=point):
    """Build cost of the reusable stages of the route's *fleet* (:func:`fleet_in_service`) [USD]: its cargo stages
    and boosters, those on their way home included, and the cargo stages waiting for their ship to fill (an
    unsized fleet counts none)."""
    value = 0.0
    cargo = rocket.cargo_stage
    cargo_n, booster_n, _ = fleet
    if cargo.recovery != "expended" and delivery.cargo_stages_needed:
        stages = cargo_n
        if delivery.return_mode == "ship" and cargo.stages_per_voyage is not None and delivery.flights_per_day:
            # a stage waits at the landing end for the ship to fill: (n - 1) / 2 flights' time on average, so
            # (n - 1) / 2 stages more are tied up than the fleet model's cycle counts
            stages = stages + (d(cargo.stages_per_voyage, rocket.id) - 1.0) / 2.0
        value = value + stages * _build(cargo, rocket, d)
    if len(rocket.stages) > 1 and rocket.stages[0].recovery != "expended" and delivery.boosters_needed:
        value = value + booster_n * _build(rocket.stages[0], rocket, d)
    return value


def _versus(rocket_cost, rocket_timeline, air, payload: float, parcels, d) -> dict:
    """The rocket against one air service over the same ground legs (floats or arrays of draws)."""
    air_cost = air.air_cost(d)   # per kg on chargeable weight, or a freighter charter (the plan says which)
    rocket_h = rocket_timeline.hours(d)
    air_h = air.timeline.hours(d)
    saved = air_h - rocket_h
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "air_cost": air_cost, "air_cost_per_kg": air_cost / payload if payload > 0 else np.inf,
            "air_cost_per_parcel": np.where(parcels > 0, air_cost / np.maximum(parcels, 1), np.inf),
            "premium_ratio": rocket_cost / air_cost, "rocket_door_to_door": rocket_h, "air_door_to_door": air_h,
            "time_saved": saved,
            # [USD per kg per hour]: what an hour saved must be worth to each kilogram to pay the premium;
            # +inf where the rocket is not faster (no value of time pays for being slower)
            "break_even_value_of_time": np.where(saved > 0, (rocket_cost - air_cost) / (payload * saved), np.inf),
        }

COST_UNITS = {"cost_per_flight": "USD", "cost_per_kg": "USD/kg", "cost_per_chargeable_kg": "USD/kg",
              "cost_per_m3": "USD/m**3", "cost_per_parcel": "USD", "co2_per_tonne_km_rocket": "kg/(t*km)",
              "co2_per_tonne_km_air": "kg/(t*km)"}
VERSUS_UNITS = {"air_cost": "USD", "air_cost_per_kg": "USD/kg", "air_cost_per_parcel": "USD", "premium_ratio": "", "rocket_door_to_door": "h",
                "air_door_to_door": "h", "time_saved": "h", "break_even_value_of_time": "USD/kg/h"}


def versus_key(name: str, service: str) -> str:
    """The Monte Carlo output name of *name* in the pairing with *service* (``time_saved_versus_general``)."""
    return f"{name}_versus_{service}"


def named_outputs(r: dict) -> dict[str, tuple[object, str]]:
    """Every numeric output of :func:`cost_model` by its Monte Carlo name: (values, unit)."""
    out = {k: (r[k], u) for k, u in COST_UNITS.items()}
    for sid, v in r["versus"].items():
        out.update({versus_key(k, sid): (v[k], u) for k, u in VERSUS_UNITS.items()})
    return out

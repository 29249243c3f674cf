"""Economics: what a flight, a kilogram and a parcel cost by rocket, against air, and for which goods.

Cost per flight is itemised (propellant, vehicle amortisation,
refurbishment, recovery at sea, returning the vehicle, ground operations,
insurance, fees), every item from a catalogue figure.  The same function
runs on point values or, through a :class:`~rocketship.uncertainty.Sampler`,
on arrays of Monte Carlo draws — the arithmetic is vectorised, so 10,000
samples cost little more than one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

import numpy as np

from .catalog.air import load_air_market
from .catalog.economics import RocketEconomics, load_economics
from .catalog.operations import load_operations
from .uncertainty import Band, point
from .units import Q_, Quantity, quantity_json

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
    econ = econ or load_economics()
    ops = load_operations()
    d = draw or point
    P, F = econ.propellant_price, econ.per_flight
    day = 86400.0
    items = {}
    # propellant: full loads, split by mixture ratio into oxidiser and fuel
    prop_cost = 0.0
    fuel_mass = {"methane": 0.0, "rp1": 0.0, "lh2": 0.0}
    for s in rocket.stages:
        m = d(s.propellant_mass, rocket.id)
        of = d(s.mixture_ratio, rocket.id)
        fuel = m / (1 + of)
        kind = FUEL[s.propellant]
        fuel_mass[kind] = fuel_mass[kind] + fuel
        prop_cost = prop_cost + (m - fuel) * d(P.lox, "economics") + fuel * d(getattr(P, kind), "economics")
    items["propellant"] = prop_cost
    # vehicle: build cost spread over its reuses; an expended stage is bought every flight
    amort, refurb = 0.0, 0.0
    for s in rocket.stages:
        build = d(s.build_cost, rocket.id) if s.build_cost is not None else 0.0
        if s.recovery == "expended":
            amort = amort + build
        else:
            reuses = d(s.design_reuses, rocket.id) if s.design_reuses is not None else 1.0
            amort = amort + build / np.maximum(reuses, 1.0)
            refurb = refurb + (d(s.refurbishment_cost, rocket.id) if s.refurbishment_cost is not None else 0.0)
    items["vehicle_amortisation"] = amort
    items["refurbishment"] = refurb
    # recovery at sea: the recovery group's days at sea, and a transfer vessel for a day at each end
    items["recovery"] = recovery_cost(_recovery_sea_days(rocket, delivery, ops, econ, d), econ, d) \
        + 2.0 * d(F.transfer_vessel_day_rate, "economics") * day
    # bringing the cargo stage home
    voyage = return_voyage(rocket, delivery, econ, d)
    if voyage is not None:
        items["vehicle_return"], items["return_fuel"], items["canal_tolls"] = voyage
    else:
        items["vehicle_return"] = (items["propellant"] + d(F.ground_operations, "economics")
                                   if delivery.return_mode == "fly-back" else 0.0)
        items["return_fuel"] = items["canal_tolls"] = 0.0
    items["ground_operations"] = d(F.ground_operations, "economics")
    per_year = (delivery.flights_per_day * DAYS_PER_YEAR) if delivery.flights_per_day else DEFAULT_FLIGHTS_PER_YEAR
    year = DAYS_PER_YEAR * day
    C = econ.capital
    # the shore base, depreciated over its life and spread over the year's flights
    shore_base = d(C.shore_base, "economics")
    items["infrastructure"] = shore_base / d(C.shore_base_life, "economics") * year / per_year
    # offshore platforms at both ends: each depreciated over its life and kept up, spread over the year's flights
    fleet = fleet_in_service(delivery, d)   # each draw's own fleet, counted once for the pads and the capital
    pads = pads_in_service(fleet)
    items["pads"] = pads * (d(C.pad_capital, "economics") / d(C.pad_life, "economics")
                            + d(C.pad_operations, "economics")) * year / per_year
    # the cost of the capital tied up in the fleet (the stages the fleet model needs, those at sea on their way
    # home included), in the pads and in the shore base, at their mean book value, spread over the year's flights
    tied_up = MEAN_BOOK_SHARE * (fleet_build_value(rocket, delivery, fleet, d) + pads * d(C.pad_capital, "economics")
                                 + shore_base)
    items["cost_of_capital"] = d(C.cost_of_capital, "economics") * tied_up / per_year
    # a recovered stage lost forfeits what its build cost has not yet been charged (its mean book value)
    items["expected_vehicle_loss"] = d(C.stage_loss_rate, "economics") * MEAN_BOOK_SHARE * sum(
        _build(s, rocket, d) for s in rocket.stages if s.recovery != "expended")
    cargo_value = payload * d(econ.parcel.value, "economics") / parcel_mass
    items["insurance"] = d(F.insurance_rate, "economics") * cargo_value
    items["fees"] = d(F.range_and_regulatory_fees, "economics")
    total = sum(items.values())
    # chargeable as the air comparator charges its general cargo (the market catalogue's volumetric divisor)
    chargeable = max(payload, volume / load_air_market().model.volumetric_divisor_general.value)
    parcel_volume = d(econ.parcel.volume, "economics")
    parcels = np.floor(np.minimum(payload / parcel_mass, volume / parcel_volume) + 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {
            "breakdown": items, "cost_per_flight": total,
            "cost_per_kg": total / payload if payload > 0 else np.inf * np.ones_like(total),
            "cost_per_chargeable_kg": total / chargeable if chargeable > 0 else np.inf,
            "cost_per_m3": total / volume if volume > 0 else np.inf,
            "parcels_per_flight": parcels,
            "parcels_limited_by": np.where(payload / parcel_mass <= volume / parcel_volume, "mass", "volume"),
            "cost_per_parcel": np.where(parcels > 0, total / np.maximum(parcels, 1), np.inf),
        }
    # the same cargo by each air service, over the same ground legs, and what the time saved is worth
    out["versus"] = {sid: _versus(total, delivery.timelines[sid], air, payload, parcels, d)
                     for sid, air in airs.items() if sid in delivery.timelines}
    # CO2 per tonne-km
    co2_kg = sum(fuel_mass[k] * d(getattr(econ.co2_per_fuel, k), "economics") for k in fuel_mass)
    tkm = payload / 1e3 * range_m / 1e3
    out["co2"] = co2_kg
    out["co2_per_tonne_km_rocket"] = co2_kg / tkm if tkm > 0 else np.nan
    air = next(iter(airs.values()))   # both services fly the same freighter: the same CO2
    out["co2_per_tonne_km_air"] = air.co2.m_as("kg") / tkm if tkm > 0 else np.nan
    return out


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


class Basis(str, Enum):
    """What the headline figures are."""

    MOST_LIKELY = "most-likely values"                 #: every catalogue figure at its mode
    MEDIAN = "median of the Monte Carlo draws"         #: with p10-p90 beside it


@dataclass(frozen=True)
class Pairing:
    """The rocket against one air service, over the same pickup, clearance and last mile."""

    service: str
    rocket_door_to_door: Quantity
    air_door_to_door: Quantity
    time_saved: Quantity                 #: signed: negative when the rocket is slower
    air_cost: Quantity
    air_cost_per_kg: Quantity
    air_cost_per_parcel: Quantity
    premium_ratio: float
    break_even_value_of_time: Quantity | None   #: None when the rocket is not faster: nothing pays for being slower
    probability_faster: float | None = None   #: share of Monte Carlo draws in which the rocket is faster
    bands: dict = field(default_factory=dict)   #: p10/p50/p90 by field name, with samples

    @property
    def faster(self) -> bool:
        return bool(self.time_saved.m_as("h") > 0)

    def to_dict(self) -> dict:
        return {"service": self.service, "rocket_door_to_door": _j(self.rocket_door_to_door, self.bands, "rocket_door_to_door"),
                "air_door_to_door": _j(self.air_door_to_door, self.bands, "air_door_to_door"),
                "time_saved": _j(self.time_saved, self.bands, "time_saved"), "rocket_faster": self.faster,
                "air_cost": _j(self.air_cost, self.bands, "air_cost"),
                "air_cost_per_kg": _j(self.air_cost_per_kg, self.bands, "air_cost_per_kg"),
                "air_cost_per_parcel": _j(self.air_cost_per_parcel, self.bands, "air_cost_per_parcel"),
                "premium_ratio": _ratio(self.premium_ratio), "premium_ratio_band": _band(self.bands, "premium_ratio"),
                "break_even_value_of_time": _j(self.break_even_value_of_time, self.bands, "break_even_value_of_time"),
                "probability_rocket_faster": self.probability_faster}


@dataclass(frozen=True)
class CargoClass:
    """A class of goods, and whether its value of time pays for the rocket against each air service."""

    name: str
    value_of_time: Quantity
    value_density: Quantity
    clears: dict   #: by air service: True/False, or None where withheld (the flight cannot fly)


@dataclass
class Economics:
    """Economics of one assessment (pint Quantities).

    The headline figures are at the catalogue's most-likely values, or, with Monte Carlo samples,
    the medians of the draws with their p10-p90 in ``bands`` (``basis`` says which).  ``versus``
    pairs the rocket with each air service over the same ground legs; ``time_saved``,
    ``premium_ratio``, ``break_even_value_of_time``, ``air_cost`` and ``air_cost_per_kg`` repeat
    exactly the pairing named by ``pairing``.  With ``flies`` false every figure describes a flight
    that cannot happen ("if it could fly"), and the cargo-class verdicts are withheld.
    """

    cost_per_flight: Quantity
    breakdown: dict
    cost_per_kg: Quantity
    cost_per_chargeable_kg: Quantity
    cost_per_m3: Quantity
    parcels_per_flight: int
    parcels_limited_by: str
    cost_per_parcel: Quantity
    versus: dict
    pairing: str
    co2_per_tonne_km: dict
    cargo_classes: list
    flies: bool = True
    why_not: str | None = None
    basis: Basis = Basis.MOST_LIKELY
    samples: int = 0
    bands: dict = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)

    @property
    def headline(self) -> Pairing:
        return self.versus[self.pairing]

    air_cost = property(lambda self: self.headline.air_cost)
    air_cost_per_kg = property(lambda self: self.headline.air_cost_per_kg)
    premium_ratio = property(lambda self: self.headline.premium_ratio)
    time_saved = property(lambda self: self.headline.time_saved)
    break_even_value_of_time = property(lambda self: self.headline.break_even_value_of_time)

    def to_dict(self) -> dict:
        b = self.bands
        out = {
            "flies": self.flies,
            "caveat": None if self.flies else f"if it could fly: {self.why_not}",
            "basis": self.basis.value, "samples": self.samples,
            "cost_per_flight": _j(self.cost_per_flight, b, "cost_per_flight"),
            "breakdown": {k: _j(v) for k, v in self.breakdown.items()},
            "breakdown_basis": Basis.MOST_LIKELY.value,
            "cost_per_kg": _j(self.cost_per_kg, b, "cost_per_kg"),
            "cost_per_chargeable_kg": _j(self.cost_per_chargeable_kg, b, "cost_per_chargeable_kg"),
            "cost_per_m3": _j(self.cost_per_m3, b, "cost_per_m3"), "parcels_per_flight": self.parcels_per_flight,
            "parcels_limited_by": self.parcels_limited_by, "cost_per_parcel": _j(self.cost_per_parcel, b, "cost_per_parcel"),
            "pairing": self.pairing,
            "versus": {k: p.to_dict() for k, p in self.versus.items()},
            "co2_per_tonne_km": {k: _j(v) for k, v in self.co2_per_tonne_km.items()},
            "cargo_classes": [{"name": c.name, "value_of_time": _j(c.value_of_time),
                               "value_density": _j(c.value_density), "clears_break_even": c.clears.get(self.pairing),
                               "clears_break_even_versus": dict(c.clears)} for c in self.cargo_classes],
        }
        h = self.versus[self.pairing].to_dict()   # the single-valued keys: exactly the pairing named above
        for k in ("air_cost", "air_cost_per_kg", "premium_ratio", "time_saved", "break_even_value_of_time"):
            out[k] = h[k]
        return out


def _j(q, bands: dict | None = None, key: str = ""):
    """``{"value", "unit"}`` (None for no value), with ``p10``/``p90`` beside it when *bands* has *key*."""
    out = quantity_json(q)
    if out is None:
        return None
    band = (bands or {}).get(key)
    if band is not None:
        lo, hi = Q_(band.p10, band.unit).m_as(q.units), Q_(band.p90, band.unit).m_as(q.units)
        out["p10"], out["p90"] = (x if np.isfinite(x) else None for x in (lo, hi))
    return out


def _ratio(x: float):
    return x if np.isfinite(x) else None


def _band(bands: dict, key: str):
    """``{"p10", "p90"}`` of a plain number, or None without samples."""
    band = bands.get(key)
    return None if band is None else {"p10": _ratio(band.p10), "p90": _ratio(band.p90)}


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


def _pairing(sid: str, v: dict) -> Pairing:
    be = float(v["break_even_value_of_time"])
    return Pairing(service=sid, rocket_door_to_door=Q_(float(v["rocket_door_to_door"]), "h"),
                   air_door_to_door=Q_(float(v["air_door_to_door"]), "h"), time_saved=Q_(float(v["time_saved"]), "h"),
                   air_cost=Q_(float(v["air_cost"]), "USD"), air_cost_per_kg=Q_(float(v["air_cost_per_kg"]), "USD/kg"),
                   air_cost_per_parcel=Q_(float(v["air_cost_per_parcel"]), "USD"),
                   premium_ratio=float(v["premium_ratio"]),
                   break_even_value_of_time=Q_(be, "USD/kg/h") if np.isfinite(be) else None)


def _cargo_classes(econ, versus: dict, flies: bool) -> list[CargoClass]:
    out = []
    for c in econ.cargo_classes:
        vot = Q_(c.value_of_time.value * 3600.0, "USD/kg/h")   # SI USD/kg/s → USD/kg/h, the unit of the break-even
        clears = {sid: (None if not flies else bool(p.break_even_value_of_time is not None
                                                     and vot >= p.break_even_value_of_time))
                  for sid, p in versus.items()}
        out.append(CargoClass(c.name, vot, Q_(c.value_density.value, "USD/kg"), clears))
    return out


def economics(rocket, delivery, airs: dict, payload, volume, parcel_mass, *, range_m: float, pairing: str = "general",
              flies: bool = True, why_not: str | None = None, econ=None) -> Economics:
    """Point economics for an assessment, at the catalogue's most-likely values (see :func:`cost_model`).

    *pairing* is the air service the single-valued figures repeat; *flies* false (with *why_not*)
    marks every figure as "if it could fly" and withholds the cargo-class verdicts.
    """
    econ = econ or load_economics()
    r = cost_model(rocket, delivery, airs, payload, volume, parcel_mass, econ=econ, range_m=range_m)
    versus = {sid: _pairing(sid, v) for sid, v in r["versus"].items()}
    return Economics(
        cost_per_flight=Q_(float(r["cost_per_flight"]), "USD"),
        breakdown={k: Q_(float(v), "USD") for k, v in r["breakdown"].items()},
        cost_per_kg=Q_(float(r["cost_per_kg"]), "USD/kg"),
        cost_per_chargeable_kg=Q_(float(r["cost_per_chargeable_kg"]), "USD/kg"),
        cost_per_m3=Q_(float(r["cost_per_m3"]), "USD/m**3"),
        parcels_per_flight=int(r["parcels_per_flight"]), parcels_limited_by=str(r["parcels_limited_by"]),
        cost_per_parcel=Q_(float(r["cost_per_parcel"]), "USD"), versus=versus, pairing=pairing,
        co2_per_tonne_km={"rocket": Q_(float(r["co2_per_tonne_km_rocket"]), "kg/(t*km)"),
                          "air": Q_(float(r["co2_per_tonne_km_air"]), "kg/(t*km)")},
        cargo_classes=_cargo_classes(econ, versus, flies), flies=flies, why_not=why_not,
        assumptions=[
            "economics: build cost spread over design reuses; an expended stage is bought every flight; "
            "infrastructure spread over the flights a year the demand calls for",
            "economics: insurance on the cargo's declared value (parcel value / parcel mass); the operator "
            "self-insures the vehicle: a recovered stage is lost at the catalogue's rate a flight, forfeiting its "
            "mean book value (half its build cost)",
            "economics: recovery vessels at sea from port to port, a group of vessels per recovery, fuel included; "
            "the return ship sails a round trip (home laden, back in ballast), pays each toll canal searoute's "
            "route crosses both ways, waits at the landing end while the flights bring its load, and is shared by the "
            "stages it carries",
            "economics: cost of capital on the fleet the demand needs (stages on their way home or waiting for "
            "their ship included; each Monte Carlo draw sizes its own), on the pads and on the shore base, at half "
            "their build cost; as many landing platforms as launch pads; the shore base serves this route alone",
            "economics: rocket CO2 from burning the full propellant load (methalox 2.75 kg CO2 per kg CH4); "
            "stratospheric black carbon and water not counted — per unit mass its forcing is about 500 × "
            "that of surface and aviation soot (Ryan, Marais et al., Earth's Future 2022)",
            "economics: each air service is compared with the rocket over the same pickup, clearance and last "
            "mile; a break-even value of time exists only where the rocket is faster",
        ],
    )


def at_medians(e: Economics, summary: dict, samples: int, econ=None) -> Economics:
    """*e* with its headline figures replaced by the medians of the Monte Carlo *summary*, and their
    p10-p90 kept beside them (the breakdown stays at the most-likely values, and says so)."""
    econ = econ or load_economics()

    def med(key):
        return Q_(summary[key]["p50"], summary[key]["unit"])

    versus = {}
    for sid, p in e.versus.items():
        keys = {k: versus_key(k, sid) for k in VERSUS_UNITS}
        be = summary[keys["break_even_value_of_time"]]["p50"]
        versus[sid] = replace(
            p, rocket_door_to_door=med(keys["rocket_door_to_door"]), air_door_to_door=med(keys["air_door_to_door"]),
            time_saved=med(keys["time_saved"]), air_cost=med(keys["air_cost"]),
            air_cost_per_kg=med(keys["air_cost_per_kg"]), air_cost_per_parcel=med(keys["air_cost_per_parcel"]),
            premium_ratio=summary[keys["premium_ratio"]]["p50"],
            break_even_value_of_time=Q_(be, "USD/kg/h") if np.isfinite(be) else None,
            probability_faster=summary[f"probability_rocket_faster_versus_{sid}"],
            bands={k: Band.of(summary[name]) for k, name in keys.items()})
    medians = {k: med(k) for k in ("cost_per_flight", "cost_per_kg", "cost_per_chargeable_kg", "cost_per_m3",
                                   "cost_per_parcel")}
    return replace(e, **medians, versus=versus, cargo_classes=_cargo_classes(econ, versus, e.flies),
                   basis=Basis.MEDIAN, samples=samples, bands={k: Band.of(summary[k]) for k in COST_UNITS})

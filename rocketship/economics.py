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

import numpy as np

from .catalog.economics import RocketEconomics, load_economics
from .catalog.operations import load_operations
from .units import Q_, unit_string

IATA_KG_PER_M3 = 1e6 / 6000.0   #: chargeable density of the 6,000 cm³/kg rule [kg/m³]
DEFAULT_FLIGHTS_PER_YEAR = 365.0   #: when no demand is given: one flight a day
FUEL = {"methalox": "methane", "kerolox": "rp1", "hydrolox": "lh2"}


def _point(fig, owner=""):
    return None if fig is None else fig.value


def cost_model(rocket, delivery, air, payload: float, volume: float, parcel_mass: float, *, draw=None,
               econ: RocketEconomics | None = None, range_m: float = 0.0) -> dict:
    """The cost of one flight and its per-unit figures (floats or arrays of draws; SI, USD).

    Parameters are the assessment's parts: the rocket, its RocketDelivery, the
    AirPlan to compare with, the cargo [kg, m³] and the parcel mass [kg].
    """
    econ = econ or load_economics()
    ops = load_operations()
    d = draw or _point
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
    # recovery at sea: the booster's vessel until it is back in port, a vessel at the landing zone,
    # and a transfer vessel for a day at each end
    T = ops.turnaround
    booster_days = 0.0
    if len(rocket.stages) > 1 and rocket.stages[0].recovery == "downrange_sea":
        booster_days = d(T.booster_recovery_to_port, "operations") / day + 1.0
    lz_days = 1.0 if rocket.cargo_stage.recovery == "destination" else 0.0
    items["recovery"] = ((booster_days + lz_days) * d(F.recovery_vessel_day_rate, "economics") * day
                         + 2.0 * d(F.transfer_vessel_day_rate, "economics") * day)
    # bringing the cargo stage home
    if rocket.cargo_stage.recovery == "destination" and delivery.return_mode == "ship" \
            and delivery.siting.return_sea_distance:
        voyage_days = (delivery.siting.return_sea_distance / d(T.return_ship_speed, "operations")
                       + 2 * d(T.return_loading, "operations")) / day
        items["vehicle_return"] = voyage_days * d(F.return_ship_day_rate, "economics") * day
    elif delivery.return_mode == "fly-back":
        items["vehicle_return"] = items["propellant"] + d(F.ground_operations, "economics")
    else:
        items["vehicle_return"] = 0.0
    items["ground_operations"] = d(F.ground_operations, "economics")
    per_year = (delivery.flights_per_day * 365.0) if delivery.flights_per_day else DEFAULT_FLIGHTS_PER_YEAR
    items["infrastructure"] = d(F.infrastructure_per_year, "economics") * 365.25 * day / per_year
    cargo_value = payload * d(econ.parcel.value, "economics") / parcel_mass
    items["insurance"] = d(F.insurance_rate, "economics") * cargo_value
    items["fees"] = d(F.range_and_regulatory_fees, "economics")
    total = sum(items.values())
    chargeable = max(payload, volume * IATA_KG_PER_M3)
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
    # the same cargo by air, and what the time saved is worth
    air_rate = d(air.rate_figure, "air-freight") if air.rate_figure is not None else air.rate.m_as("USD/kg")
    air_cost = air_rate * air.chargeable_mass.m_as("kg")
    out["air_cost"] = air_cost
    out["air_cost_per_kg"] = air_cost / payload if payload > 0 else np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        out["premium_ratio"] = total / air_cost
        rocket_h = _total_hours(delivery.legs, d, delivery, ops)
        air_h = _total_hours(air.legs, d)
        saved = air_h - rocket_h
        out["rocket_door_to_door"] = rocket_h
        out["air_door_to_door"] = air_h
        out["time_saved"] = saved
        # [USD per kg per hour]: what an hour saved must be worth to each kilogram to pay the premium
        out["break_even_value_of_time"] = np.where(saved > 0, (total - air_cost) / (payload * saved), np.nan)
    # CO2 per tonne-km
    co2_kg = sum(fuel_mass[k] * d(getattr(econ.co2_per_fuel, k), "economics") for k in fuel_mass)
    tkm = payload / 1e3 * range_m / 1e3
    out["co2"] = co2_kg
    out["co2_per_tonne_km_rocket"] = co2_kg / tkm if tkm > 0 else np.nan
    out["co2_per_tonne_km_air"] = air.co2.m_as("kg") / tkm if tkm > 0 else np.nan
    return out


def _total_hours(legs, d, delivery=None, ops=None):
    """Door-to-door hours, redrawing every leg that came from a ranged figure (and the weather wait)."""
    h = 0.0
    for leg in legs:
        if leg.name.startswith("expected wait for weather") and delivery is not None:
            w = ops.weather
            mode = ops.mode(delivery.sea_mode)
            avail = np.minimum(d(w.pad_availability, "operations"), d(mode.availability, "operations")) ** 2
            h = h + (1 - avail) * d(w.bad_spell, "operations") / 3600.0
        elif leg.figure is not None:
            h = h + d(leg.figure, "legs") / 3600.0
        else:
            h = h + leg.duration.m_as("h")
    return h


@dataclass
class Economics:
    """Point economics of one assessment (pint Quantities), with optional uncertainty."""

    cost_per_flight: object
    breakdown: dict
    cost_per_kg: object
    cost_per_chargeable_kg: object
    cost_per_m3: object
    parcels_per_flight: int
    parcels_limited_by: str
    cost_per_parcel: object
    air_cost: object
    air_cost_per_kg: object
    premium_ratio: float
    time_saved: object
    break_even_value_of_time: object
    co2_per_tonne_km: dict
    cargo_classes: list[dict]
    uncertainty: dict | None = None
    sensitivity: list | None = None
    assumptions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        def j(q):
            if q is None:
                return None
            v = float(q.magnitude)
            return {"value": v if np.isfinite(v) else None, "unit": unit_string(q)}

        out = {
            "cost_per_flight": j(self.cost_per_flight),
            "breakdown": {k: j(v) for k, v in self.breakdown.items()},
            "cost_per_kg": j(self.cost_per_kg), "cost_per_chargeable_kg": j(self.cost_per_chargeable_kg),
            "cost_per_m3": j(self.cost_per_m3), "parcels_per_flight": self.parcels_per_flight,
            "parcels_limited_by": self.parcels_limited_by, "cost_per_parcel": j(self.cost_per_parcel),
            "air_cost": j(self.air_cost), "air_cost_per_kg": j(self.air_cost_per_kg),
            "premium_ratio": self.premium_ratio if np.isfinite(self.premium_ratio) else None,
            "time_saved": j(self.time_saved), "break_even_value_of_time": j(self.break_even_value_of_time),
            "co2_per_tonne_km": {k: j(v) for k, v in self.co2_per_tonne_km.items()},
            "cargo_classes": [{"name": c["name"], "value_of_time": j(c["value_of_time"]),
                               "value_density": j(c["value_density"]), "clears_break_even": c["clears"]}
                              for c in self.cargo_classes],
        }
        return out


UNITS = {"cost_per_flight": "USD", "cost_per_kg": "USD/kg", "cost_per_chargeable_kg": "USD/kg",
         "cost_per_m3": "USD/m**3", "cost_per_parcel": "USD", "air_cost": "USD", "air_cost_per_kg": "USD/kg",
         "premium_ratio": "", "rocket_door_to_door": "h", "air_door_to_door": "h", "time_saved": "h",
         "break_even_value_of_time": "USD/kg/h", "co2_per_tonne_km_rocket": "kg/(t*km)",
         "co2_per_tonne_km_air": "kg/(t*km)"}


def economics(rocket, delivery, air, payload, volume, parcel_mass, *, range_m: float, econ=None) -> Economics:
    """Point economics for an assessment (see :func:`cost_model`)."""
    econ = econ or load_economics()
    r = cost_model(rocket, delivery, air, payload, volume, parcel_mass, econ=econ, range_m=range_m)
    be = float(r["break_even_value_of_time"])
    classes = []
    for c in econ.cargo_classes:
        vot = c.value_of_time.value * 3600.0          # SI USD/kg/s → USD/kg/h, the unit of the break-even
        classes.append({"name": c.name, "value_of_time": Q_(vot, "USD/kg/h"),
                        "value_density": Q_(c.value_density.value, "USD/kg"),
                        "clears": bool(np.isfinite(be) and vot >= be)})
    return Economics(
        cost_per_flight=Q_(float(r["cost_per_flight"]), "USD"),
        breakdown={k: Q_(float(v), "USD") for k, v in r["breakdown"].items()},
        cost_per_kg=Q_(float(r["cost_per_kg"]), "USD/kg"),
        cost_per_chargeable_kg=Q_(float(r["cost_per_chargeable_kg"]), "USD/kg"),
        cost_per_m3=Q_(float(r["cost_per_m3"]), "USD/m**3"),
        parcels_per_flight=int(r["parcels_per_flight"]), parcels_limited_by=str(r["parcels_limited_by"]),
        cost_per_parcel=Q_(float(r["cost_per_parcel"]), "USD"),
        air_cost=Q_(float(r["air_cost"]), "USD"), air_cost_per_kg=Q_(float(r["air_cost_per_kg"]), "USD/kg"),
        premium_ratio=float(r["premium_ratio"]), time_saved=Q_(float(r["time_saved"]), "h"),
        break_even_value_of_time=None if not np.isfinite(be) else Q_(be, "USD/kg/h"),
        co2_per_tonne_km={"rocket": Q_(float(r["co2_per_tonne_km_rocket"]), "kg/(t*km)"),
                          "air": Q_(float(r["co2_per_tonne_km_air"]), "kg/(t*km)")},
        cargo_classes=classes,
        assumptions=[
            "economics: build cost spread over design reuses; an expended stage is bought every flight; "
            "infrastructure spread over the flights a year the demand calls for",
            "economics: insurance on the cargo's declared value (parcel value / parcel mass); the operator "
            "self-insures the vehicle",
            "economics: rocket CO2 from burning the full propellant load (methalox 2.75 kg CO2 per kg CH4); "
            "stratospheric black carbon and water not counted — per unit mass its forcing is about 500 × "
            "that of surface and aviation soot (Ryan, Marais et al., Earth's Future 2022)",
        ],
    )


def monte_carlo(rocket, delivery, air, payload, volume, parcel_mass, *, range_m: float, samples: int,
                seed: int | None = None, flight_inputs=None, progress=None, chunk: int = 2000) -> tuple[dict, list]:
    """p10/p50/p90 of the key outputs over *samples* triangular draws, and the sensitivity ranking.

    *flight_inputs* = (lat1, lon1, lat2, lon2, flight-path angle [rad], bank [rad], cargo g limit [m/s²])
    adds the flight's Δv margin, feasibility and time of flight — the flight as planned (its arc and bank),
    flown with the vehicle's ranged figures drawn too.  *progress(done, total)* is called as chunks finish.
    """
    from .uncertainty import Sampler, percentiles, sensitivity

    sampler = Sampler(samples, seed)
    r = cost_model(rocket, delivery, air, payload, volume, parcel_mass, draw=sampler, range_m=range_m)
    if progress:
        progress(samples // 3, samples)
    outputs = {k: np.broadcast_to(np.asarray(r[k], float), (samples,)) for k in UNITS}
    if flight_inputs is not None:
        from .core import estimate as est
        from .flight import vehicle_params

        lat1, lon1, lat2, lon2, phi, bank, g_limit = flight_inputs
        vp = vehicle_params(rocket, draw=sampler)
        vp = replace(vp, g_limit=np.minimum(g_limit, vp.g_limit))
        margin = np.empty(samples)
        tof = np.empty(samples)
        ones = np.ones(samples)
        route = est.route(vp, lat1 * ones, lon1 * ones, lat2 * ones, lon2 * ones, "fpa", phi * ones,
                          payload=payload * ones, bank=bank * ones)
        f = est.evaluate(vp, route, payload * ones)
        margin[:] = f.margin
        tof[:] = f.time_of_flight
        outputs["delta_v_margin"] = margin
        outputs["time_of_flight"] = tof / 60.0
        outputs["feasible"] = np.asarray(f.flies(), dtype=float)
    if progress:
        progress(samples, samples)
    units = {**UNITS, "delta_v_margin": "m/s", "time_of_flight": "min", "feasible": ""}
    summary = {}
    for k, v in outputs.items():
        if k == "feasible":
            summary["probability_feasible"] = float(np.mean(v))
            continue
        summary[k] = {"unit": units[k], **percentiles(v)}
    ranking = sensitivity(sampler, outputs["cost_per_kg"])
    summary["_samples"] = {k: np.asarray(v) for k, v in outputs.items()}
    return summary, ranking

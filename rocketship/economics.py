"""Economics: what a flight, a kilogram and a parcel cost by rocket, against air, and for which goods.

The assessment's economics in Quantities: the figures of :func:`~rocketship.costmodel.cost_model` at the
catalogue's most-likely values, or at the medians of its Monte Carlo draws with their p10-p90; the rocket
against each air service; the classes of goods whose value of time pays for it; and their JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

import numpy as np

from .catalog.economics import load_economics
from .costmodel import COST_UNITS, VERSUS_UNITS, cost_model, versus_key
from .uncertainty import Band
from .units import Q_, Quantity, quantity_json


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

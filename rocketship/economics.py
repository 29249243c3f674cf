"""Economics: what a flight, a kilogram and a parcel cost by rocket, against air, and for which goods.

The assessment's economics in Quantities: the figures of :func:`~rocketship.costmodel.cost_model` at the
catalogue's most-likely values, or at the medians of its Monte Carlo draws with their p10-p90; the rocket
against each air service; the classes of goods whose value of time pays for it; and their JSON.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import Enum

import numpy as np

from .catalog.economics import load_economics
from .costmodel import COST_UNITS, VERSUS_UNITS, cost_model, versus_key
from .encode import computed, encode_object, json_meta
from .uncertainty import Band
from .units import Q_, Quantity


class Basis(str, Enum):
    """What the headline figures are."""

    MOST_LIKELY = "most-likely values"                 #: every catalogue figure at its mode
    MEDIAN = "median of the Monte Carlo draws"         #: with p10-p90 beside it


@dataclass(frozen=True)
class Pairing:
    """The rocket against one air service, over the same pickup, clearance and last mile."""

    json_computed = (computed("rocket_faster", lambda p: p.faster if p.timed else None, after="time_saved"),
                     computed("premium_ratio_band", lambda p: _band(p.bands, "premium_ratio"), after="premium_ratio"))

    service: str
    rocket_door_to_door: Quantity
    air_door_to_door: Quantity
    time_saved: Quantity                 #: signed: negative when the rocket is slower
    air_cost: Quantity
    air_cost_per_kg: Quantity
    air_cost_per_parcel: Quantity
    premium_ratio: float
    break_even_value_of_time: Quantity | None   #: None when the rocket is not faster: nothing pays for being slower
    #: share of Monte Carlo draws in which the rocket is faster
    probability_faster: float | None = field(default=None, metadata=json_meta(key="probability_rocket_faster"))
    #: p10/p50/p90 by field name, with samples (written beside each figure by :meth:`json_hook`)
    bands: dict = field(default_factory=dict, metadata=json_meta(exclude=True))

    @property
    def faster(self) -> bool:
        return bool(self.time_saved.m_as("h") > 0)

    @property
    def timed(self) -> bool:
        """Has the rocket a door-to-door time at all?  Not where nothing could be sited (no pad: NaN)."""
        return not math.isnan(self.time_saved.m_as("h"))

    def json_hook(self, out: dict) -> dict:
        """The Monte Carlo p10 and p90 beside each figure that has them (a hook: they sit inside the figure's
        ``{"value", "unit"}``, in its unit, which field metadata does not reach)."""
        return _with_bands(out, self, self.bands)

    def to_dict(self) -> dict:
        return encode_object(self)


@dataclass(frozen=True)
class CargoClass:
    """A class of goods, and whether its value of time pays for the rocket against each air service."""

    name: str
    value_of_time: Quantity
    value_density: Quantity
    #: by air service: True/False, or None where withheld (the flight cannot fly)
    clears: dict = field(metadata=json_meta(key="clears_break_even_versus"))


@dataclass(kw_only=True)
class Economics:
    """Economics of one assessment (pint Quantities).

    The headline figures are at the catalogue's most-likely values, or, with Monte Carlo samples,
    the medians of the draws with their p10-p90 in ``bands`` (``basis`` says which).  ``versus``
    pairs the rocket with each air service over the same ground legs; ``time_saved``,
    ``premium_ratio``, ``break_even_value_of_time``, ``air_cost`` and ``air_cost_per_kg`` repeat
    exactly the pairing named by ``pairing``.  With ``flies`` false every figure describes a flight
    that cannot happen ("if it could fly"), and the cargo-class verdicts are withheld.  The fields are in
    the order the JSON writes them; those it leaves out come last.
    """

    json_computed = (computed("caveat", lambda e: None if e.flies else f"if it could fly: {e.why_not}", after="flies"),
                     computed("breakdown_basis", lambda e: Basis.MOST_LIKELY, after="breakdown"))

    flies: bool = True
    basis: Basis = Basis.MOST_LIKELY
    samples: int = 0
    cost_per_flight: Quantity
    breakdown: dict
    cost_per_kg: Quantity
    cost_per_chargeable_kg: Quantity
    cost_per_m3: Quantity
    parcels_per_flight: int
    parcels_limited_by: str
    cost_per_parcel: Quantity
    pairing: str
    versus: dict
    co2_per_tonne_km: dict
    cargo_classes: list
    why_not: str | None = field(default=None, metadata=json_meta(exclude=True))   #: (written in ``caveat``)
    #: the Monte Carlo p10/p50/p90 by figure (written beside each figure by :meth:`json_hook`)
    bands: dict = field(default_factory=dict, metadata=json_meta(exclude=True))
    assumptions: list[str] = field(default_factory=list, metadata=json_meta(exclude=True))

    @property
    def headline(self) -> Pairing:
        return self.versus[self.pairing]

    air_cost = property(lambda self: self.headline.air_cost)
    air_cost_per_kg = property(lambda self: self.headline.air_cost_per_kg)
    premium_ratio = property(lambda self: self.headline.premium_ratio)
    time_saved = property(lambda self: self.headline.time_saved)
    break_even_value_of_time = property(lambda self: self.headline.break_even_value_of_time)

    def json_hook(self, out: dict) -> dict:
        """A hook, for what reads the pairing named rather than a field: each cargo class's verdict against it
        (``clears_break_even``, before the verdicts against every service), and the single-valued keys that
        repeat it exactly, copied from its object in ``versus``; and, as :meth:`Pairing.json_hook`, the Monte
        Carlo bands beside the figures that have them."""
        for c, written in zip(self.cargo_classes, out["cargo_classes"]):
            versus = written.pop("clears_break_even_versus")
            written.update(clears_break_even=c.clears.get(self.pairing), clears_break_even_versus=versus)
        headline = out["versus"][self.pairing]
        out.update((k, headline[k]) for k in ("air_cost", "air_cost_per_kg", "premium_ratio", "time_saved",
                                              "break_even_value_of_time"))
        return _with_bands(out, self, self.bands)

    def to_dict(self) -> dict:
        return encode_object(self)


def _with_bands(out: dict, owner: object, bands: dict) -> dict:
    """*out* (*owner* encoded) with ``p10``/``p90`` inside each figure written as ``{"value", "unit"}`` that
    *bands* has, in that figure's unit (None where not finite)."""
    for key, band in bands.items():
        written = out.get(key)
        if isinstance(written, dict) and "value" in written:
            unit = getattr(owner, key).units
            written.update(p10=Q_(band.p10, band.unit).m_as(unit), p90=Q_(band.p90, band.unit).m_as(unit))
    return out


def _band(bands: dict, key: str):
    """``{"p10", "p90"}`` of a plain number, or None without samples."""
    band = bands.get(key)
    return None if band is None else {"p10": band.p10, "p90": band.p90}


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

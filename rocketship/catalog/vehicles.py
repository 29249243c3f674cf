"""Vehicles: rockets and freighter aircraft, one TOML file each in ``vehicles/``.

The dataclasses here are the schema (see :mod:`rocketship.catalog.schema`):
each field says its dimension, and the loader checks every file against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeAlias, TypeVar, cast

from ..core.constants import DENSEST_MATTER
from ..errors import CatalogError
from .files import locate, read_toml, shipped_ids
from .schema import (MAX_STAGES, Figure, Source, Table, _Context, build, identifier, quantity, read_sources, section,
                     sections, table, text)

# Physical bounds: beyond these no vehicle has flown or been proposed (the largest rockets weigh ~5,000 t
# at ~75 MN, chemical engines reach ~465 s, cold gas ~70 s; a cargo that cannot take 1 g cannot lift off),
# and outside them the models overflow or the simulate tier's integration runs without end.
MAX_MASS = 1e7           #: kg, per stage, per bay, per aircraft
MAX_THRUST = 1e9         #: N
MIN_ISP, MAX_ISP = 50.0, 600.0      #: s
MIN_AREA, MAX_AREA = 1e-2, 1e3      #: m²
MIN_LENGTH, MAX_LENGTH = 1e-2, 100.0   #: m (nose radius)
MIN_G = 9.80665          #: m/s², the cargo's axial limit
MAX_VOLUME = 1e5         #: m³
MAX_G = 100 * 9.80665    #: m/s², the cargo's axial limit
MAX_SPEED = 1e3          #: m/s, an aircraft's cruise
MAX_FUEL_FLOW = 1e3      #: kg/s, an aircraft's cruise burn

PROPELLANTS = ("methalox", "kerolox", "hydrolox")
RECOVERY_MODES = ("rtls", "downrange_sea", "destination", "expended")
ENTRY_ATTITUDES = ("belly-first", "tail-first", "nose-first", "capsule")
MAX_LIFT_TO_DRAG = 3.0   #: a hypersonic glider's L/D is ~2-3 (the Shuttle's ~1): beyond it no entry vehicle
#: sanity caps on a heat shield's limits, far above any shield flown (a guard against typos in the unit,
#: not a material limit): 1 GW/m² and 10 GJ/m²
MAX_HEAT_FLUX = 1e9      #: W/m²
MAX_HEAT_LOAD = 1e10     #: J/m²
RECOVERY_TEXT = {
    "rtls": "returns to its launch site",
    "downrange_sea": "lands downrange at sea",
    "destination": "lands at the destination",
    "expended": "expended",
}


@dataclass(frozen=True, kw_only=True)
class Stage:
    """One rocket stage, with stage totals for thrust (all engines together)."""

    name: str = text(doc="e.g. 'first stage'")
    engines: str = text(required=False, doc="engine count and type, e.g. '9 × Merlin 1D'")
    dry_mass: Figure = quantity("mass", positive=True, maximum=MAX_MASS, doc="stage mass without propellant [kg]")
    propellant_mass: Figure = quantity("mass", positive=True, maximum=MAX_MASS, doc="usable propellant [kg]")
    propellant: str = text(choices=PROPELLANTS)
    mixture_ratio: Figure = quantity("fraction", positive=True, maximum=20.0, doc="oxidiser/fuel mass ratio")
    isp_sea_level: Figure = quantity("specific_impulse", minimum=MIN_ISP, maximum=MAX_ISP)
    isp_vacuum: Figure = quantity("specific_impulse", minimum=MIN_ISP, maximum=MAX_ISP)
    thrust_sea_level: Figure | None = quantity("force", required=False, maximum=MAX_THRUST, doc="stage total at sea level [N] (not needed for upper stages)")
    thrust_vacuum: Figure = quantity("force", positive=True, maximum=MAX_THRUST, doc="stage total in vacuum [N]")
    throttle_min: Figure = quantity("fraction", positive=True, maximum=1.0, doc="deepest throttle as a fraction of full thrust")
    recovery: str = text(choices=RECOVERY_MODES)
    landing_thrust: Figure | None = quantity("force", required=False, positive=True, maximum=MAX_THRUST,
                                      doc="sea-level thrust of the engines that land the stage (default: thrust_sea_level)")
    descent_cd: Figure | None = quantity("fraction", required=False, minimum=0.1, maximum=10.0,
                                  doc="drag coefficient falling back tail- or belly-first (default 1.0)")
    descent_reference_area: Figure | None = quantity("area", required=False, minimum=MIN_AREA, maximum=MAX_AREA,
                                              doc="area for descent_cd (default: aero.reference_area)")
    entry_attitude: str = text(choices=ENTRY_ATTITUDES, required=False,
                               doc="how the stage meets the air; 'tail-first' has no lifting attitude")
    lift_to_drag: Figure | None = quantity("fraction", required=False, minimum=0.0, maximum=MAX_LIFT_TO_DRAG,
                                    doc="hypersonic trimmed lift-to-drag ratio at the entry attitude (default 0)")
    max_bank: Figure | None = quantity("angle", required=False, minimum=0.0, maximum=1.5707963267948966,
                                doc="largest bank angle the entry is flown at (default 0)")
    heat_flux_limit: Figure | None = quantity("heat_flux", required=False, positive=True, maximum=MAX_HEAT_FLUX,
                                       doc="peak stagnation heat flux the heat shield takes (default: no limit)")
    heat_load_limit: Figure | None = quantity("heat_load", required=False, positive=True, maximum=MAX_HEAT_LOAD,
                                       doc="stagnation heat load the heat shield takes (default: no limit)")
    build_cost: Figure | None = quantity("cost", required=False)
    design_reuses: Figure | None = quantity("count", required=False)
    refurbishment_cost: Figure | None = quantity("cost", required=False, doc="per flight")
    stages_per_voyage: Figure | None = quantity("count", required=False, positive=True,
                                         doc="stages of this kind one return ship carries (1 where not given)")


@dataclass(frozen=True, kw_only=True)
class Bay:
    payload: Figure = quantity("mass", positive=True, maximum=MAX_MASS, doc="rated cargo mass [kg]")
    volume: Figure = quantity("volume", positive=True, maximum=MAX_VOLUME, doc="usable cargo volume [m³]")
    axial_g_limit: Figure = quantity("acceleration", minimum=MIN_G, maximum=MAX_G,
                                     doc="the vehicle's design load for its payload [m/s²]: the cargo's own limit applies "
                                         "when lower")

    def volume_at_its_density(self, mass: float) -> float:
        """[m³] *mass* [kg] of cargo at the bay's density (its volume per kilogram of rated payload): what a cargo
        mass given without a volume takes, in ``route``, ``compare`` and ``size`` alike."""
        return self.volume.value * mass / self.payload.value


@dataclass(frozen=True, kw_only=True)
class Aero:
    reference_area: Figure = quantity("area", minimum=MIN_AREA, maximum=MAX_AREA)
    nose_radius: Figure | None = quantity("length", required=False, minimum=MIN_LENGTH, maximum=MAX_LENGTH)
    drag: Table = table({"mach": "fraction", "cd": "fraction"}, doc="drag coefficient against Mach number")


@dataclass(frozen=True, kw_only=True)
class Rocket:
    """A (partly) reusable rocket for point-to-point cargo."""

    id: str = identifier()
    name: str = text()
    kind: str = text(choices=("rocket",))
    description: str = text(required=False)
    status: str = text(required=False)
    source: str = text(required=False, doc="the file's principal reference, in words; every figure names its own")
    stages: tuple[Stage, ...] = sections(Stage, minimum=1, maximum=MAX_STAGES)
    bay: Bay = section(Bay)
    aero: Aero = section(Aero)
    sources: dict[str, Source] | None = None  # filled by the loader
    path: Path | None = None

    @property
    def cargo_stage(self) -> Stage:
        return self.stages[-1]

    @property
    def liftoff_mass(self) -> float:
        """Fuelled mass with the rated payload [kg]."""
        return sum(s.dry_mass.value + s.propellant_mass.value for s in self.stages) + self.bay.payload.value


@dataclass(frozen=True, kw_only=True)
class PayloadRangePoint:
    payload: Figure = quantity("mass")
    range: Figure = quantity("length", positive=True)


@dataclass(frozen=True, kw_only=True)
class Freighter:
    """A freighter aircraft for the air comparison."""

    id: str = identifier()
    name: str = text()
    kind: str = text(choices=("freighter",))
    description: str = text(required=False)
    status: str = text(required=False)
    source: str = text(required=False, doc="the file's principal reference, in words; every figure names its own")
    mtow: Figure = quantity("mass", positive=True, maximum=MAX_MASS, doc="maximum take-off weight [kg]")
    oew: Figure = quantity("mass", positive=True, maximum=MAX_MASS, doc="operating empty weight [kg]")
    max_structural_payload: Figure = quantity("mass", positive=True, maximum=MAX_MASS)
    max_fuel: Figure = quantity("mass", positive=True, maximum=MAX_MASS)
    cargo_volume: Figure = quantity("volume", positive=True, maximum=MAX_VOLUME)
    cruise_speed: Figure = quantity("speed", positive=True, maximum=MAX_SPEED)
    fuel_burn: Figure = quantity("mass_flow", positive=True, maximum=MAX_FUEL_FLOW, doc="average cruise fuel flow [kg/s]")
    payload_range: tuple[PayloadRangePoint, ...] = sections(PayloadRangePoint, minimum=1)
    sources: dict[str, Source] | None = None  # filled by the loader
    path: Path | None = None


_KINDS = {"rocket": Rocket, "freighter": Freighter}


def parse_vehicle(path: Path) -> Rocket | Freighter:
    """Load and validate one vehicle file (raises :class:`CatalogError`)."""
    raw = read_toml(path)
    file = str(path)
    kind = raw.get("kind")
    if kind not in _KINDS:
        raise CatalogError(file, "kind", f"must be one of {', '.join(_KINDS)} (got {kind!r})")
    ctx = _Context(file, read_sources(raw.get("sources"), file))
    vehicle: Rocket | Freighter = build(_KINDS[kind], raw, "", ctx)
    _check_consistency(vehicle, file)
    object.__setattr__(vehicle, "sources", ctx.sources)
    object.__setattr__(vehicle, "path", path)
    return vehicle


def _check_consistency(v: Rocket | Freighter, file: str) -> None:
    if isinstance(v, Rocket):
        for i, s in enumerate(v.stages):
            if s.isp_vacuum.value < s.isp_sea_level.value:
                raise CatalogError(file, f"stages[{i}].isp_vacuum", "must not be below isp_sea_level")
            if i == 0 and s.thrust_sea_level is None:
                raise CatalogError(file, f"stages[{i}].thrust_sea_level", "missing: the first stage lifts off at sea level")
        if v.stages[-1].recovery in ("rtls", "downrange_sea"):
            raise CatalogError(file, f"stages[{len(v.stages) - 1}].recovery",
                               "the last stage carries the cargo: use 'destination' or 'expended'")
        cargo = v.stages[-1]
        if cargo.entry_attitude == "tail-first" and cargo.lift_to_drag is not None and cargo.lift_to_drag.value > 0:
            raise CatalogError(file, f"stages[{len(v.stages) - 1}].lift_to_drag",
                               "a tail-first stage has no lifting attitude: give 0 or another entry_attitude")
        if any(s.recovery == "destination" for s in v.stages[:-1]):
            raise CatalogError(file, "stages", "only the last (cargo) stage can land at the destination")
        density = v.bay.payload.value / v.bay.volume.value
        if density > DENSEST_MATTER:
            raise CatalogError(file, "bay.volume", f"holds its rated payload at {density:,.3g} kg/m³, denser than any "
                                                  f"matter (osmium, {DENSEST_MATTER:,.0f} kg/m³)")
    else:
        if v.oew.value >= v.mtow.value:
            raise CatalogError(file, "oew", "must be less than mtow")
        for i, p in enumerate(v.payload_range):
            if p.payload.value > v.max_structural_payload.value * 1.0001:
                raise CatalogError(file, f"payload_range[{i}].payload", "exceeds max_structural_payload")


#: a rocket as the public functions take it: a catalogue id, a path to the user's TOML file, or one loaded
RocketLike: TypeAlias = "str | Path | Rocket"
#: a freighter aircraft likewise
FreighterLike: TypeAlias = "str | Path | Freighter"


@lru_cache(maxsize=256)   # a file at each of its versions: bounded, as a long session may edit one often
def _load_cached(path: str, mtime: float) -> Rocket | Freighter:
    from .files import cached_parse

    return cached_parse(Path(path), parse_vehicle)


def load_vehicle(name: str | Path, kind: str | None = None) -> Rocket | Freighter:
    """A vehicle by catalogue id (``"xzy-1"``) or by path to the user's own TOML file."""
    path = locate("vehicles", name, "vehicle")
    vehicle = _load_cached(str(path.resolve()), path.stat().st_mtime)
    if kind is not None and vehicle.kind != kind:
        from ..errors import InputError

        raise InputError(f"{name!r} is a {vehicle.kind}, not a {kind}")
    return vehicle


def load_rocket(vehicle: RocketLike) -> Rocket:
    """A rocket from a catalogue id, a user's TOML path, or a Rocket already loaded."""
    return _load_as(vehicle, Rocket, "rocket")


def load_aircraft(vehicle: FreighterLike) -> Freighter:
    """A freighter aircraft from a catalogue id, a user's TOML path, or a Freighter already loaded."""
    return _load_as(vehicle, Freighter, "freighter")


_V = TypeVar("_V", Rocket, Freighter)


def _load_as(vehicle: str | Path | _V, cls: type[_V], kind: str) -> _V:
    if isinstance(vehicle, cls):
        return vehicle
    # not a _V, so a name or a path (mypy does not narrow by a type[_V])
    loaded = load_vehicle(cast("str | Path", vehicle), kind=kind)
    if not isinstance(loaded, cls):   # load_vehicle has checked the kind; this says so to the type checker
        from ..errors import InputError

        raise InputError(f"{vehicle!r} is a {loaded.kind}, not a {kind}")
    return loaded


def available_vehicles(kind: str | None = None) -> list[Rocket | Freighter]:
    out = [load_vehicle(i) for i in shipped_ids("vehicles")]
    return [v for v in out if kind is None or v.kind == kind]

"""The inverse question, "how big a rocket would this route need?" (:func:`size`): the smallest stack of a
vehicle's own technology — its stages scaled as one family (:mod:`.core.sizing`) — that flies a route with
a cargo under the same limits the route verdict uses (the cargo's g limit, the heat shield's, Δv, landing),
its bay scaled with it.  The answer is the stack's lift-off and stage masses, its ratio to the catalogued
vehicle, and what binds it; a route no stack of the family flies is an answer too, with its reason."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any
from dataclasses import dataclass, field

import numpy as np

from .catalog.places import Place, resolve_route_ends
from .catalog.vehicles import Rocket, RocketLike, load_rocket
from .core import sizing as core
from .core.constants import G0
from .core.rocket import VehicleParams
from .core import estimate as est
from .flight import cargo_g_limit, check_cargo_density, failures, flight_params
from .encode import computed, encode_object, json_meta
from .flightplan import Binding, Reason, reason_codes
from .units import Q_, Quantity, QuantityLike, as_quantity

#: the bay's own reasons: the bay is scaled with the stack, and the scale it must reach is a floor of the search
_BAY = (Binding.BAY_MASS, Binding.BAY_VOLUME)


@dataclass(frozen=True)
class StageSize:
    """One stage of a sized stack."""

    name: str
    dry: Quantity          #: [t]
    propellant: Quantity   #: [t]
    thrust: Quantity       #: vacuum [kN]


@dataclass(frozen=True)
class Sizing:
    """The smallest stack of *vehicle*'s family that flies the route with the cargo (see :func:`size`)."""

    json_schema = "rocketship.size/1"
    json_computed = (computed("feasible", lambda s: s.feasible, after="g_limit"),
                     computed("reason_codes", lambda s: reason_codes(s.reasons), after="reasons"))

    vehicle: str                      #: catalogue id
    vehicle_name: str = field(metadata=json_meta(exclude=True))
    origin: Place = field(metadata=json_meta(via=lambda p: p.code))
    destination: Place = field(metadata=json_meta(via=lambda p: p.code))
    launch_site: Place                #: where the flight starts (the route's sea pad, or the origin)
    landing_site: Place
    payload: Quantity                 #: [t]
    volume: Quantity                  #: [m³]
    g_limit: Quantity                 #: what the cargo is held to: its own, or the vehicle's design load where lower [g₀]
    scale: float | None               #: the stack's mass over the catalogued vehicle's [-]; None: none flies
    searched: tuple[float, float]     #: the scales searched [-]
    bay_scale: float                  #: the least scale whose bay holds the cargo [-]
    flight_scale: float | None        #: the least that flies the route were the bay no limit [-] (None: none)
    #: the scale *reasons* are about: just below *scale*, or the nearest to flying
    nearest: float | None = field(metadata=json_meta(key="reasons_at_scale"))
    catalogued_lift_off_mass: Quantity  #: [t], empty bay
    lift_off_mass: Quantity | None    #: of the stack found, with the cargo [t]
    stages: tuple[StageSize, ...]     #: of the stack found (empty: none flies)
    #: what stops a smaller stack: the bay, or the flight's first failure
    binding: Binding | None = field(metadata=json_meta(key="binding_constraint"))
    reasons: tuple[Reason, ...]       #: why a slightly smaller stack (or, none flying, the nearest) does not fly
    time_of_flight: Quantity | None   #: of the stack found, lift-off to touchdown [min]
    peak_deceleration: Quantity | None  #: its entry's, as flown [g₀]
    tested: int                       #: stacks flown in the search

    @property
    def feasible(self) -> bool:
        """Some stack of the family in the searched range flies the route with the cargo."""
        return self.scale is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, schema ``rocketship.size/1``."""
        return encode_object(self)


def size(origin: str | Place, destination: str | Place, vehicle: RocketLike = "xzy-1", *,
         payload: QuantityLike | None = None, volume: QuantityLike | None = None, g_limit: QuantityLike | None = None,
         progress: Callable[[int, int], None] | None = None) -> Sizing:
    """The smallest stack of *vehicle*'s technology that flies *origin* → *destination* (as ``route`` sites
    it: sea pads where the route has them) with *payload* (mass; default the bay's rated payload) in
    *volume* (default the bay's volume share of the payload), the cargo held to *g_limit* (default: the
    default cargo class's), on the ``best`` trajectory's candidate flights.

    The search (:func:`.core.sizing.smallest_scales`) starts where the scaled bay first holds the cargo and
    goes no further than :data:`.core.sizing.SCALE_RANGE`'s top; *progress(done, total)* is told as the
    stacks are flown.  A vehicle that flies the route with the cargo as it is never comes out larger.
    """
    return size_many([(origin, destination)], vehicle, payload=payload, volume=volume, g_limit=g_limit,
                     progress=progress)[0]


def size_many(pairs: Iterable[tuple[str | Place, str | Place]], vehicle: RocketLike = "xzy-1", *,
              payload: QuantityLike | None = None, volume: QuantityLike | None = None,
              g_limit: QuantityLike | None = None, progress: Callable[[int, int], None] | None = None,
              sites: list[tuple[Place, Place]] | None = None) -> list[Sizing]:
    """:func:`size` for many routes (ORIGIN, DESTINATION pairs) with one vehicle and cargo, the search run on
    all of them at once: each scale flies every route still searching in one vectorised call (30 routes by rule
    from PVG, Starship with 10 t: 36 s, against ~62 s one by one; a handful of routes cost about the same
    either way).  Each route is tested at the scales its search alone would test, and gets the same answer as
    :func:`size` gives it alone (to rounding: numpy's path against one route's floats).  *sites*: each route's
    (launch, landing) places where they are already sited (``compare``'s assessments), instead of siting again."""
    from .siting import flight_sites

    rocket = load_rocket(vehicle)
    ends = [resolve_route_ends(a, b) for a, b in pairs]
    if sites is None:
        sites = flight_sites(ends)
    rated, bay_volume = rocket.bay.payload.value, rocket.bay.volume.value
    m = rated if payload is None else float(as_quantity(payload, "mass", name="payload", positive=True).m_as("kg"))
    vol = (rocket.bay.volume_at_its_density(m) if volume is None
           else float(as_quantity(volume, "volume", name="volume", positive=True).m_as("m**3")))
    check_cargo_density(m, vol)
    g = cargo_g_limit(g_limit)
    search = _Search(flight_params(rocket, g), sites, m, rated)
    low, high = core.SCALE_RANGE
    bay_scale = max(m / rated, vol / bay_volume)
    floor = max(low, bay_scale)
    n = len(sites)
    if floor <= high:
        found = core.smallest_scales(search.flies, n, floor, high, progress)
    else:
        found = core.ScaleSearches(np.full(n, np.nan), np.full(n, np.nan), [[] for _ in range(n)])
    bay_sets = np.isfinite(found.scale) & ~np.isfinite(found.below) & (floor > low)
    flight_scale = found.scale.copy()
    if np.any(bay_sets):   # the bay sets the size: how small a stack would fly the route if its bay held the cargo
        rows = np.flatnonzero(bay_sets)
        alone = core.smallest_scales(lambda k, sub: search.flies(k, rows[sub]), rows.size, low, floor)
        flight_scale[rows] = alone.scale
    empty_stack = search.v.stack_mass(0, 0.0)   # the catalogued stack's lift-off mass, bay empty [kg]
    out = []
    for i, ((a, b), (launch, landing)) in enumerate(zip(ends, sites)):
        k, below = _finite(found.scale[i]), _finite(found.below[i])
        # what stops a stack just below the answer; none flying, the stack that came nearest to flying
        near = below if k is not None else search.nearest(i, found.tested[i])
        reasons: tuple[Reason, ...] = ()
        if near is not None:
            reasons = tuple(r for r in failures(core.scaled_vehicle(search.v, near), search.flight(i, near), rocket,
                                                m, vol) if r.code not in _BAY)
        binding = reasons[0].code if reasons else None
        if bool(bay_sets[i]) or floor > high:
            binding = Binding.BAY_MASS if m / rated >= vol / bay_volume else Binding.BAY_VOLUME
            reasons = (Reason(binding, f"{m / 1e3:,.3g} t in {vol:,.0f} m³ fills {floor:.3g} × the {rocket.name}'s "
                                       + ("bay: a smaller stack's bay would not hold it" if floor <= high else
                                          f"bay, beyond the {high:.3g} × searched")),)
        chosen = None if k is None else search.flight(i, k)
        out.append(Sizing(
            vehicle=rocket.id, vehicle_name=rocket.name, origin=a, destination=b, launch_site=launch,
            landing_site=landing, payload=Q_(m, "kg").to("t"), volume=Q_(vol, "m**3"), g_limit=Q_(search.v.g_limit / G0, "g0"),
            scale=k, searched=(low, high), bay_scale=bay_scale, flight_scale=_finite(flight_scale[i]), nearest=near,
            catalogued_lift_off_mass=Q_(empty_stack, "kg").to("t"),
            lift_off_mass=None if k is None else Q_(k * empty_stack + m, "kg").to("t"),
            stages=() if k is None else _stages(rocket, k), binding=binding, reasons=reasons,
            time_of_flight=None if chosen is None else Q_(float(chosen.time_of_flight), "s").to("min"),
            peak_deceleration=None if chosen is None else Q_(float(chosen.peak_deceleration) / G0, "g0"),
            tested=len(found.tested[i])))
    return out


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


class _Search:
    """The flights of a sizing search: *v*'s family flown between *sites* (launch, landing) with *m* [kg] aboard,
    arcs aimed with the scaled bay's rated payload (*rated* [kg] × k), each flight kept by (route, scale)."""

    def __init__(self, v: VehicleParams, sites: list[tuple[Place, Place]], m: float, rated: float):
        self.v, self.m, self.rated = v, m, rated
        launches, landings = zip(*sites)
        self.lat1, self.lon1 = np.array([p.lat for p in launches]), np.array([p.lon for p in launches])
        self.lat2, self.lon2 = np.array([p.lat for p in landings]), np.array([p.lon for p in landings])
        self.flights: dict[tuple[int, float], est.FlightEstimate] = {}

    def flies(self, k: float, rows: np.ndarray) -> np.ndarray:
        """Whether the stack of scale *k* flies each route at *rows* (one route: on floats)."""
        from .core import trajectory

        c = trajectory.choose_many(core.scaled_vehicle(self.v, k), self.lat1[rows], self.lon1[rows],
                                   self.lat2[rows], self.lon2[rows], self.m, objective="best",
                                   aim_payload=k * self.rated, one_by_one=est.FEW if rows.size == 1 else 0)
        for j, row in enumerate(rows):
            self.flights[(int(row), k)] = est.pick(c.estimate, j)
        return np.asarray(c.flies, bool)

    def flight(self, row: int, k: float) -> est.FlightEstimate:
        return self.flights[(row, k)]

    def nearest(self, row: int, tested: list[float]) -> float | None:
        """The scale whose flight came nearest to flying: the least :func:`.core.limits.flight_shortfall` (Δv,
        heat); after those, flights no braking holds to the cargo's limit, by how far their entry passes it
        unbraked; the largest scale among equals."""
        from .core.limits import flight_shortfall

        def closeness(k: float) -> tuple[int, float, float]:
            f = self.flight(row, k)
            short = float(flight_shortfall(core.scaled_vehicle(self.v, k), f))
            if math.isfinite(short):
                return 0, short, -k
            over = float(f.peak_deceleration_unbraked) / self.v.g_limit - 1.0 if bool(f.g_limited) else math.inf
            return 1, over if math.isfinite(over) else math.inf, -k

        return min(tested, key=closeness) if tested else None


def _stages(rocket: Rocket, k: float) -> tuple[StageSize, ...]:
    return tuple(StageSize(name=s.name, dry=Q_(k * s.dry_mass.value, "kg").to("t"),
                           propellant=Q_(k * s.propellant_mass.value, "kg").to("t"),
                           thrust=Q_(k * s.thrust_vacuum.value, "N").to("kN")) for s in rocket.stages)

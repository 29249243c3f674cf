"""The orchestrator: one route, one vehicle, every model named explicitly.

:func:`assess` resolves the places and the vehicle, converts every input to
SI once, runs the models it is told to run, and returns an
:class:`Assessment` of pint Quantities.  It never prints and never chooses a
model silently: the fidelity tier and the trajectory are inputs, and the
result lists the assumptions and sources it used.

docs/ARCHITECTURE.md calls this module ``assess.py``; it is ``assessment.py`` so that
the submodule never shadows the function ``rocketship.assess`` (importing a
submodule sets the package attribute of the same name).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Integral
from typing import TYPE_CHECKING, Any, TypeAlias, cast

from .catalog.places import Place, resolve_route_ends
from .catalog.vehicles import FreighterLike, Rocket, RocketLike, load_rocket
from .core.geodesy import geodesic_inverse, great_circle
from .encode import computed, encode_object, json_meta
from .errors import InputError
from .units import Q_, Quantity, QuantityLike, as_quantity

if TYPE_CHECKING:
    import numpy as np

    from .airfreight import AirPlan
    from .catalog.schema import Source
    from .cluster import ClientLike
    from .economics import Economics
    from .flightplan import FlightPlan
    from .logistics import RocketDelivery
    from .montecarlo import MonteCarlo
    from .siting import Siting

#: called as the Monte Carlo advances, with (draws done, draws in all)
Progress: TypeAlias = Callable[[int, int], None]
#: told, in words, before a step that may take seconds
Status: TypeAlias = Callable[[str], None]

SCHEMA = "rocketship.route/1"
FIDELITIES = ("estimate", "simulate")
SHORTEST_HOP = 100_000.0   #: pad-to-pad hops shorter than this are not modelled [m]


def short_hops(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> tuple[np.ndarray, list[str]]:
    """Which routes from *lat1*, *lon1* to *lat2*, *lon2* [deg] (broadcast together) are not flown, being closer
    than :data:`SHORTEST_HOP` (the same place twice, or under two codes, or two places nearer than a hop the
    models cover): that mask, and why for each route in it, in the mask's C order.  The one rule of
    :func:`~rocketship.route_matrix` and :func:`~rocketship.study`, and of ``route`` (between its sites)."""
    import numpy as np

    gap, _ = great_circle(lat1, lon1, lat2, lon2)
    short = np.asarray(gap < SHORTEST_HOP)
    why = ["the same place, listed twice or under two codes" if g < 1.0 else
           f"{g / 1e3:.0f} km apart: hops under {SHORTEST_HOP / 1e3:.0f} km are not modelled"
           for g in np.asarray(gap)[short]]
    return short, why


@dataclass
class Assessment:
    """Everything rocketship says about one route with one vehicle."""

    json_schema = SCHEMA
    # air_services and sensitivity are written beside the figures they go with, and only with them: computed
    json_computed = (computed("air_services", lambda a: None if a.air is None else a.air_services,
                              via=lambda services: {k: _air_service_summary(p) for k, p in services.items()},
                              omit="none", after="air"),
                     computed("sensitivity", lambda a: None if a.uncertainty is None else a.sensitivity or [],
                              via=lambda ranked: [{"input": k, "spearman_rho": r} for k, r in ranked],
                              omit="none", after="uncertainty"))

    inputs: dict[str, Any]
    origin: Place
    destination: Place
    distance: Quantity
    azimuth: Quantity = field(metadata=json_meta(key="initial_azimuth"))
    vehicle: Rocket = field(metadata=json_meta(via=lambda v: vehicle_summary(v)))
    flight: FlightPlan | None = field(default=None, metadata=json_meta(omit="none"))
    rocket: RocketDelivery | None = field(default=None, metadata=json_meta(omit="none"))
    air: AirPlan | None = field(default=None, metadata=json_meta(omit="none"))
    air_services: dict[str, AirPlan] = field(default_factory=dict, metadata=json_meta(exclude=True))
    economics: Economics | None = field(default=None, metadata=json_meta(omit="none"))
    #: output name → its percentiles, and probabilities
    uncertainty: dict[str, Any] | None = field(default=None, metadata=json_meta(omit="none"))
    #: (input, Spearman ρ), largest first
    sensitivity: list[tuple[str, float]] | None = field(default=None, metadata=json_meta(exclude=True))
    #: output name → its draws
    uncertainty_samples: dict[str, np.ndarray] | None = field(default=None, metadata=json_meta(exclude=True))
    #: where the sensitivity read a seeded subsample of the draws: {"samples", "of", "seed"} (else None)
    sensitivity_subsample: dict[str, Any] | None = field(default=None, metadata=json_meta(omit="none",
                                                                                        after="sensitivity"))
    notes: list[str] = field(default_factory=list)   #: how the places were read (a city name → its cargo airport)
    assumptions: list[str] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict in the ``rocketship.route/1`` schema (keys listed in README.md)."""
        return encode_object(self)


def _air_service_summary(p: AirPlan) -> dict[str, Any]:
    """One air service as ``air_services`` has it: its door-to-door total, price, and how it is priced."""
    return {"total": p.total, "cost": p.cost, "chargeable_mass": p.chargeable_mass, "rate": p.rate,
            "pricing": p.pricing}


def vehicle_summary(v: Rocket) -> dict[str, Any]:
    """The vehicle as the route JSON has it: its stages, masses and bay (Quantities)."""
    return {
        "id": v.id,
        "name": v.name,
        "status": v.status,
        "stages": [{"name": s.name, "engines": s.engines, "propellant": s.propellant,
                    "recovery": s.recovery, "dry_mass": s.dry_mass.quantity().to("t"),
                    "propellant_mass": s.propellant_mass.quantity().to("t")} for s in v.stages],
        "liftoff_mass": Q_(v.liftoff_mass, "kg").to("t"),
        "rated_payload": v.bay.payload.quantity().to("t"),
        "bay_volume": v.bay.volume.quantity().to("m**3"),
    }


def assess(origin: str | Place, destination: str | Place, *, vehicle: RocketLike = "xzy-1",
           payload: QuantityLike | None = None, volume: QuantityLike | None = None,
           parcel_mass: QuantityLike = "0.5 kg", trajectory: str = "best", fidelity: str = "estimate",
           g_limit: QuantityLike | None = None, bank: QuantityLike | None = None, track: bool = False,
           freighter: FreighterLike = "boeing-777f",
           air_service: str = "general", air_load: QuantityLike | None = None, route: str | None = None,
           sea_mode: str = "supply", ground_service: str | None = None, demand: QuantityLike = "100 t/day",
           return_mode: str = "ship", pad_availability: QuantityLike | None = None, samples: int = 0,
           seed: int | None = None, progress: Progress | None = None, status: Status | None = None,
           client: ClientLike = None) -> Assessment:
    """Assess one route with one rocket.

    Parameters
    ----------
    origin, destination : str or Place
        IATA or ICAO code, a site id from ``routes/``, or ``"LAT,LON"`` [deg].
    vehicle : str, path or Rocket
        Catalogue id (``"xzy-1"``), a path to the user's TOML file, or a loaded Rocket.
    payload : mass, optional
        Cargo mass; defaults to the vehicle's rated payload.
    volume : volume, optional
        Cargo volume, more than zero (cargo takes up room); defaults to the vehicle's bay volume, or, with a
        *payload* given, that payload at the bay's density (the bay's volume per tonne of rated payload).
    parcel_mass : mass
        Mass of one parcel, for per-parcel figures.
    trajectory : {"best", "fastest", "min-energy", "fpa:DEG", "tof:MIN"}
        Which flight: the least Δv under the cargo's and the heat shield's limits, the quickest that flies,
        or a named arc.
    g_limit : acceleration, optional
        The largest sustained acceleration the cargo takes (default: the default cargo class's, 4 g0).
    bank : angle, optional
        The entry's bank angle for a named arc (default lift up; ``best`` and ``fastest`` choose it).
    track : bool
        Sample the flight's track (for the trajectory figure).
    fidelity : {"estimate", "simulate"}
        Physics tier.
    freighter : str, path or Freighter
        Aircraft for the air comparison.
    air_service : {"general", "express"}
        Which air product ``air`` describes, and which pairing the single-valued economics figures
        (``time_saved``, ``premium_ratio``…) repeat; both pairings are always in ``economics.versus``.
    air_load : mass, optional
        The freighter's load for routing (default: a full freighter).
    route : str, optional
        Route preset id from ``routes/`` for pads and ports; default: the preset
        whose origin and destination match, else automatic placement.
    sea_mode : {"supply", "ctv", "helicopter"}
        How cargo moves between port and pad.
    ground_service : {"express", "general"}, optional
        Which of the rocket's two door-to-door timelines ``rocket.legs`` and ``rocket.total`` show:
        with the pickup, clearance and last mile of that air service (default: *air_service*).  The
        comparison always pairs each air service with the rocket over its own ground legs.
    demand : mass per time
        Daily demand that sizes the fleet.
    return_mode : {"ship", "fly-back"}
        How the cargo stage comes home.
    pad_availability : fraction, optional
        Share of time the sea state allows pad operations (default from the catalogue).
    samples, seed : int
        Monte Carlo draws over every ranged catalogue figure (0 = point estimate only), and the seed.
    progress : callable(done, total), optional
        Called as the Monte Carlo advances (the CLI draws a progress bar with it).
    status : callable(message), optional
        Told before a step that may take seconds (the first land-grid build, a 3-DOF simulation),
        so that a terminal can say what it is waiting for.
    client : distributed.Client or str, optional
        Fly the Monte Carlo's chunks of draws on a Dask cluster (the dask extra; a client, or a scheduler's
        address, ``"env"`` for Dask's configured one): the same figures as here (:mod:`rocketship.cluster`).

    Returns
    -------
    Assessment
    """
    # Long only for its docstring, which documents each of the public entry point's twenty parameters; the
    # steps themselves are the helpers below.
    from .airfreight import SERVICES, plan_air
    from .logistics import plan_delivery

    samples, seed = _checked_options(fidelity, air_service, samples, seed)
    ground_service = air_service if ground_service is None else ground_service
    demand_q = as_quantity(demand, "mass_flow", name="demand", positive=True, scalar=True)
    rocket = load_rocket(vehicle)
    a, b = resolve_route_ends(origin, destination)
    payload_q, volume_q, parcel_q = _cargo(rocket, payload, volume, parcel_mass)
    distance_m, azi1, _ = geodesic_inverse(a.lat, a.lon, b.lat, b.lon)
    siting, launch, landing = _sites(a, b, route, status)
    flight = _fly_there(rocket, a, b, launch, landing, payload_q, volume_q, trajectory, fidelity, g_limit, bank,
                        track, status)
    delivery = plan_delivery(siting, flight, rocket, payload_q, sea_mode=sea_mode, service=ground_service,
                             demand=demand_q, return_mode=return_mode, pad_availability=pad_availability,
                             return_flight=_fly_back(rocket, launch, landing, trajectory, g_limit, return_mode))
    air_services = {s: plan_air(a, b, payload_q, volume_q, freighter=freighter, service=s, routing_load=air_load)
                    for s in SERVICES}
    air = air_services[air_service]
    inputs = {
        "origin": a.code, "destination": b.code, "vehicle": rocket.id,
        "payload": payload_q.to("t"), "volume": volume_q.to("m**3"), "parcel_mass": parcel_q.to("kg"),
        # the cargo's limit as given (or its class's); the flight's own g_limit is what it was held to
        "trajectory": trajectory, "fidelity": fidelity, "g_limit": _cargo_limit(g_limit),
        "bank": None if bank is None else flight.bank_angle,
        "freighter": air.freighter, "air_service": air_service, "air_load": air.routing_load,
        "route": siting.source, "sea_mode": sea_mode, "ground_service": ground_service,
        "demand": demand_q.to("t/day"),
        "return_mode": return_mode, "samples": samples, "seed": seed,
    }
    econ, mc = _price(rocket, flight, delivery, air_services, air_service, payload_q, volume_q, parcel_q, distance_m,
                      trajectory, samples, seed, progress, (launch, landing), client=client)
    return Assessment(inputs=inputs, origin=a, destination=b, distance=Q_(distance_m, "m").to("km"),
                      azimuth=Q_(azi1 % 360.0, "deg"), vehicle=rocket, flight=flight,
                      air=air, air_services=air_services, rocket=delivery,
                      economics=econ, uncertainty=None if mc is None else mc.summary,
                      sensitivity=None if mc is None else mc.ranking,
                      uncertainty_samples=None if mc is None else mc.samples,
                      sensitivity_subsample=None if mc is None else mc.ranked_on,
                      assumptions=_assumptions(flight, delivery, air, econ, samples, seed),
                      sources=sources_of(rocket), notes=[p.note for p in (a, b) if p.note])


def _cargo_limit(g_limit: QuantityLike | None) -> Quantity:
    """[g₀] The cargo's g limit as given, or the default cargo class's."""
    from .flight import cargo_g_limit

    return Q_(cargo_g_limit(g_limit), "m/s**2").to("g_0")


def _checked_options(fidelity: str, air_service: str, samples: int, seed: int | None) -> tuple[int, int | None]:
    """(samples, seed) as ints, once the fidelity, the air service and both numbers are known to be valid."""
    from .airfreight import SERVICES

    if fidelity not in FIDELITIES:
        raise InputError(f"fidelity must be one of {', '.join(FIDELITIES)} (got {fidelity!r})")
    if air_service not in SERVICES:
        raise InputError(f"air service must be one of {', '.join(SERVICES)} (got {air_service!r})")
    if not isinstance(samples, Integral) or isinstance(samples, bool) or samples < 0 or samples > 1_000_000:
        raise InputError(f"samples must be a whole number from 0 to 1,000,000 (got {samples!r})")
    if seed is not None and (not isinstance(seed, Integral) or isinstance(seed, bool) or seed < 0):
        raise InputError(f"seed must be a whole number of 0 or more (got {seed!r})")
    if samples and seed is None:   # draws without a seed get one, reported, so that the run can be repeated
        import secrets

        seed = secrets.randbits(32)
    return int(samples), None if seed is None else int(seed)


def _cargo(rocket: Rocket, payload: QuantityLike | None, volume: QuantityLike | None,
           parcel_mass: QuantityLike) -> tuple[Quantity, Quantity, Quantity]:
    """The cargo's mass, volume and parcel mass as Quantities, refused beyond anything a vehicle could carry; a
    volume must be more than zero, as cargo takes up room (a volume of none priced the flight at zero parcels
    and the air freight by its mass alone).

    The mass defaults to the bay's rated payload; the volume to the bay's, or, for a mass given alone, that
    mass at the bay's density (its volume per tonne of rated payload, as ``size`` takes it): 10 t for
    Starship is 100 m³, not its whole 1,000 m³ bay, which priced the same cargo by air at 1,000 m³'s
    chargeable weight, 8 × its mass."""
    payload_q = (rocket.bay.payload.quantity() if payload is None
                 else as_quantity(payload, "mass", name="payload", nonnegative=True, scalar=True))
    if volume is not None:
        volume_q = as_quantity(volume, "volume", name="volume", positive=True, scalar=True)
    elif payload is None or payload_q.m_as("kg") <= 0:
        volume_q = rocket.bay.volume.quantity()
    else:
        volume_q = Q_(rocket.bay.volume_at_its_density(payload_q.m_as("kg")), "m**3")
    parcel_q = as_quantity(parcel_mass, "mass", name="parcel mass", positive=True, scalar=True)
    for q, limit, unit, what in ((payload_q, 1e9, "kg", "payload"), (volume_q, 1e9, "m**3", "volume"),
                                 (parcel_q, 1e6, "kg", "parcel mass")):
        if q.m_as(unit) > limit:
            raise InputError(f"{what} {q:~P} is beyond anything a vehicle could carry (limit {limit:,.0f} {unit})")
    from .flight import check_cargo_density

    check_cargo_density(payload_q.m_as("kg"), volume_q.m_as("m**3"))
    return payload_q, volume_q, parcel_q


def _sites(a: Place, b: Place, route: str | None, status: Status | None) -> tuple[Siting, Place, Place]:
    """(siting, launch site, landing site): the pads where the siting found them, else the places themselves;
    refused where they are closer than :data:`SHORTEST_HOP`."""
    from .siting import site_route

    siting = site_route(a, b, route=route, status=status)
    launch, landing = a, b
    if siting.feasible and siting.launch_pad is not None and siting.landing_zone is not None:   # a feasible siting has both
        launch, landing = siting.launch_pad, siting.landing_zone
    pad_gap = float(great_circle(launch.lat, launch.lon, landing.lat, landing.lon)[0])   # short_hops' measure
    if pad_gap < SHORTEST_HOP:
        raise InputError(f"the launch and landing sites for {a.code} → {b.code} ({launch.code}, {landing.code}) are "
                         f"only {pad_gap / 1e3:.1f} km apart: hops under {SHORTEST_HOP / 1e3:.0f} km are not modelled; "
                         "give places further apart")
    return siting, launch, landing


def _fly_there(rocket: Rocket, a: Place, b: Place, launch: Place, landing: Place, payload_q: Quantity,
               volume_q: Quantity, trajectory: str, fidelity: str, g_limit: QuantityLike | None,
               bank: QuantityLike | None, track: bool, status: Status | None) -> FlightPlan:
    """The cargo flight from *launch* to *landing* at the *fidelity* asked for (the simulate tier's failures
    are the user's to hear about, as input errors that name the estimate tier)."""
    if fidelity != "simulate":
        from .flight import plan_flight

        return plan_flight(rocket, launch, landing, payload_q, volume_q, trajectory, g_limit=g_limit, bank=bank,
                           with_track=track)
    from .core.flight3dof import UnflyableVehicle
    from .core.flightlog import IntegrationBudgetExceeded
    from .simulation import simulate_flight

    if status is not None:
        status(f"simulating the flight {launch.code} → {landing.code} (3-DOF, guided to the landing zone)")
    try:
        return simulate_flight(rocket, launch, landing, payload_q, volume_q, trajectory, g_limit=g_limit, bank=bank)
    except (IntegrationBudgetExceeded, UnflyableVehicle) as exc:
        raise InputError(f"{rocket.id}, {a.code} → {b.code}: {exc}; the simulate tier cannot fly this vehicle "
                         "(--fidelity estimate still answers)") from None


def _fly_back(rocket: Rocket, launch: Place, landing: Place, trajectory: str, g_limit: QuantityLike | None,
              return_mode: str) -> FlightPlan | None:
    """The empty cargo stage's flight home where it flies back, else None."""
    from .flight import plan_flight

    if return_mode != "fly-back":
        return None
    return plan_flight(rocket, landing, launch, "0 kg", "0 m**3", trajectory, g_limit=g_limit, with_max_range=False)


def _assumptions(flight: FlightPlan, delivery: RocketDelivery, air: AirPlan, econ: Economics, samples: int,
                 seed: int | None) -> list[str]:
    """Every model's assumptions, in the order the report lists them, and the Monte Carlo's where it ran."""
    assumptions = [
        "distance is the WGS-84 geodesic between the two points (Karney 2013, geographiclib)",
        *flight.assumptions,
        *delivery.assumptions,
        *air.assumptions,
        *econ.assumptions,
    ]
    if samples:
        assumptions.append(f"uncertainty: {samples:,} triangular draws of every ranged catalogue figure (seed {seed})")
    return assumptions


def _price(rocket: Rocket, flight: FlightPlan, delivery: RocketDelivery, air_services: dict[str, AirPlan],
           air_service: str, payload_q: Quantity, volume_q: Quantity, parcel_q: Quantity, distance_m: float,
           trajectory: str, samples: int, seed: int | None, progress: Progress | None,
           sites: tuple[Place, Place], *, client: ClientLike = None) -> tuple[Economics, MonteCarlo | None]:
    """The economics (at the most-likely values, or the Monte Carlo medians with their bands) and the Monte
    Carlo run (None without samples)."""
    from .economics import at_medians, economics as cost_of

    payload_kg, volume_m3, parcel_kg = payload_q.m_as("kg"), volume_q.m_as("m**3"), parcel_q.m_as("kg")
    flies = bool(flight.feasible and delivery.feasible)
    # a place with no pad is the first thing to say: no flight of any kind starts or ends there
    why_not = None if flies else (delivery.siting.reasons or flight.reasons or delivery.reasons
                                  or ["the flight cannot be flown"])[0]
    econ = cost_of(rocket, delivery, air_services, payload_kg, volume_m3, parcel_kg, range_m=distance_m,
                   pairing=air_service, flies=flies, why_not=why_not)
    if not samples:
        return econ, None
    from .montecarlo import monte_carlo   # (here: a point estimate never loads the Monte Carlo driver)

    launch, landing = sites
    mc = monte_carlo(rocket, delivery, air_services, payload_kg, volume_m3, parcel_kg, range_m=distance_m,
                     samples=samples, seed=seed, progress=progress, flight_inputs=_flight_inputs(flight, launch, landing),
                     client=client)
    return at_medians(econ, mc.summary, samples), mc


def _flight_inputs(flight: FlightPlan, launch: Place,
                   landing: Place) -> tuple[float, float, float, float, float, float, float] | None:
    """What the Monte Carlo flies again with the vehicle's figures drawn: the flight as planned — its arc
    and bank — or None where the plan flew nothing (a simulated flight that never left the pad)."""
    if flight.arc_flight_path_angle is None or flight.bank_angle is None or flight.g_limit is None:
        return None
    return (launch.lat, launch.lon, landing.lat, landing.lon, flight.arc_flight_path_angle.m_as("rad"),
            flight.bank_angle.m_as("rad"), flight.g_limit.m_as("m/s**2"))


def sources_of(v: Rocket) -> list[dict[str, str]]:
    """Every source a vehicle file cites, with the confidence of the figures that use it."""
    from .catalog.schema import figures

    used: dict[str, set[str]] = {}
    for f in figures(v):
        used.setdefault(f.source.key, set()).add(f.confidence)
    return [{"what": f"{v.id}: {s.title}", "source": s.url or s.title, "retrieved": s.retrieved,
             "confidence": "".join(sorted(used.get(k, set())))}
            for k, s in cast("dict[str, Source]", v.sources).items() if k in used]   # the loader sets sources

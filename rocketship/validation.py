"""The published-versus-computed scoreboard (``rocketship validate``).

Every row is a published figure, the band it must fall in (with the reason for
the tolerance), its primary source and confidence, and a function that computes
the same figure with rocketship's models.  A textbook figure names its book,
equation or page; a published one its report, page or address and date; a
derived one (confidence D) the calculation that gives it.  tests/acceptance/test_validate.py runs this
very table, so the numbers a user sees here and the numbers the tests hold
cannot drift apart.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from collections.abc import Callable

from .core.constants import R_SPHERE
from .encode import encode_object, json_meta

PEK = (40.0801, 116.5846)
JFK = (40.6398, -73.7789)
R = R_SPHERE   # the reference cases' 6,371 km sphere
DU = 6378.145e3


@dataclass(frozen=True)
class Check:
    id: str
    what: str
    published: float
    unit: str
    low: float
    high: float
    source: str
    confidence: str
    compute: Callable[[], float] = field(metadata=json_meta(exclude=True))
    why: str = field(default="", metadata=json_meta(key="tolerance_reason"))


@dataclass(frozen=True)
class Result:
    """One row of the scoreboard: the check, with what the models computed beside the published figure."""

    check: Check = field(metadata=json_meta(flatten=True))
    computed: float = field(metadata=json_meta(after="published"))
    passed: bool = field(metadata=json_meta(after="high"))

    def to_dict(self) -> dict:
        return encode_object(self)


def _band(value: float, tol: float) -> tuple[float, float]:
    return value - tol, value + tol


def _geodesic():
    from .core.geodesy import geodesic_inverse

    return geodesic_inverse(*PEK, *JFK)[0] / 1e3


def _karney():
    from .core.geodesy import geodesic_inverse

    return geodesic_inverse(40.6, -73.8, 49 + 1 / 60, 2.55)[0]


def _me(range_km, what):
    from .core.kepler import min_energy_arc

    v, phi, tof, ra = min_energy_arc(range_km * 1e3 / R, R)
    return {"v": float(v) / 1e3, "phi": math.degrees(float(phi)), "tof": float(tof) / 60, "apogee": (float(ra) - R) / 1e3}[what]


def _bmw290(what):
    from .core.kepler import free_flight_range, phi_from_apogee

    q = (2 / 3) ** 2 * 1.2
    phi = float(phi_from_apogee(q, 1.2, 1.5))
    return {"phi": math.degrees(phi), "q": q, "psi": math.degrees(float(free_flight_range(q, phi)))}[what]


def _bmw295(what):
    from .core.kepler import q_min_energy

    psi = 8000 * 1852 / DU
    r = (DU + 344 * 1852) / DU
    q = float(q_min_energy(psi))
    return {"q": q, "v": math.sqrt(q / r)}[what]


def _us76(h_km, what):
    from .core.atmosphere import geometric, us76

    t, p, rho = us76(geometric(h_km * 1e3))
    return float({"p": p, "rho": rho}[what])


def _allen_eggers():
    from .core.constants import G0
    from .core.reentry import peak_deceleration

    return float(peak_deceleration(7200.0, math.radians(22.5), 7200.0)) / G0


def _vertical():
    from .core.kepler import vertical_launch_speed

    return float(vertical_launch_speed(100e3, R)) / 1e3


def _leo300():
    from .core.kepler import surface_impulse_to_circular

    return float(surface_impulse_to_circular(300e3, R)) / 1e3


def _f9(what):
    import numpy as np

    from .catalog import load_vehicle
    from .core.constants import MU_EARTH, OMEGA_EARTH, R_MEAN
    from .core.estimate import orbit_payload
    from .core.rocket import ascent
    from .flight import vehicle_params

    vp = vehicle_params(load_vehicle("falcon-9"))
    if what == "drone":
        return orbit_payload(vp, 200e3, 28.5, recover_boosters=True) / 1e3
    p = orbit_payload(vp, 200e3, 28.5, recover_boosters=False)
    if what == "payload":
        return p / 1e3
    r = R_MEAN + 200e3
    v = np.sqrt(MU_EARTH / r) - OMEGA_EARTH * r * np.cos(np.radians(28.5))
    a = ascent(vp, p, v, 0.0, [0.0, 0.0])
    return float(a.gravity_loss + a.drag_loss) / 1e3


def _corner(fid):
    from .airroute import aircraft_params, published_range
    from .catalog import load_vehicle
    from .catalog.air import load_air_market

    f = load_vehicle(fid)
    corner = max(f.payload_range, key=lambda p: p.payload.value)
    market = load_air_market()
    return published_range(aircraft_params(f, market), market, corner.payload.value) / 1e3


def _air(what):
    from .airfreight import plan_air

    if what == "block":
        return plan_air("PEK", "JFK", "10 t", "120 m**3", routing_load="30 t").block_time.m_as("h")
    if what == "anc":
        p = plan_air("PEK", "JFK", "10 t", "120 m**3", routing_load="102.01 t")
        return sum(f.distance for f in p.flights) / 1e3 - _geodesic()
    if what == "co2":
        return plan_air("PEK", "JFK", "10 t", "120 m**3", routing_load="102.01 t").co2_per_tonne_km.m_as("kg/(t*km)")
    if what == "glec":
        return plan_air("PEK", "JFK", "10 t", "120 m**3").co2_per_tonne_km_average_load.m_as("kg/(t*km)")
    if what == "general":
        return plan_air("PEK", "JFK", "10 t", "120 m**3", service="general").total.m_as("day")
    if what == "express":
        return plan_air("PEK", "JFK", "10 t", "120 m**3", service="express").total.m_as("day")
    raise KeyError(what)


def _block(origin, destination):
    """The 777F's gate-to-gate block time of one sector, through the mean wind [h]."""
    from .airroute import sector_block_time

    return sector_block_time(origin, destination).m_as("h")


#: published block times both ways (from, to, hours, source, confidence); the tests cite each in full
#: (tests/reference/test_air_winds.py)
SCHEDULES = [
    ("PEK", "JFK", 13.5, "Air China CA981, Feb 2020 schedule (businesstraveller.com)", "B"),
    ("JFK", "PEK", 14 + 5 / 60, "Air China CA982, Feb 2020 schedule (businesstraveller.com)", "B"),
    ("HKG", "LAX", 13 + 10 / 60, "Cathay Pacific, average HKG→LAX (cathaypacific.com, 'When the long way home is faster')", "B"),
    ("LAX", "HKG", 15.5, "Cathay Pacific, average LAX→HKG (cathaypacific.com)", "B"),
    ("HND", "LAX", 9 + 40 / 60, "American AA26, winter 2016 (traicy.com)", "B"),
    ("LAX", "HND", 12.25, "American AA27, winter 2016 (traicy.com)", "B"),
    ("JFK", "LHR", 7.0, "Rodrigue, The Geography of Transport Systems: New York→London gate to gate", "C"),
    ("LHR", "JFK", 7.75, "Rodrigue, The Geography of Transport Systems: London→New York gate to gate", "C"),
    ("DXB", "JFK", 13 + 55 / 60, "Emirates EK201, Aug 2021 (ihaviationandtravel.com)", "B"),
    ("JFK", "DXB", 12.75, "Emirates EK202, Aug 2021 (ihaviationandtravel.com)", "B"),
    ("SIN", "JFK", 18 + 5 / 60, "Singapore Airlines SQ24, Nov 2020 (The Telegraph)", "B"),
    ("JFK", "SIN", 18 + 40 / 60, "Singapore Airlines SQ23, Nov 2020 (The Telegraph)", "B"),
    ("SIN", "EWR", 18 + 25 / 60, "Singapore Airlines SQ22, Oct 2018 (AFP via dawn.com)", "B"),
    ("EWR", "SIN", 18.75, "Singapore Airlines SQ21, Oct 2018 (AFP via dawn.com)", "B"),
    ("SIN", "LAX", 15.25, "United UA38, Oct 2017 (channelnewsasia.com)", "B"),
    ("LAX", "SIN", 17 + 55 / 60, "United UA37, Oct 2017 (channelnewsasia.com)", "B"),
]
_SCHEDULE_WHY = ("±6 %: a schedule's padding and taxi against the model's 25 min (±3 %), and its season against the "
                 "annual-mean wind (±3 %); passenger widebodies on the freighters' city pairs")


def _starship_propellant():
    from .catalog import load_vehicle
    from .catalog.economics import load_economics

    r = load_vehicle("starship")
    p = load_economics().propellant_price
    cost = 0.0
    for s in r.stages:
        fuel = s.propellant_mass.value / (1 + s.mixture_ratio.value)
        cost += fuel * p.methane.value + (s.propellant_mass.value - fuel) * p.lox.value
    return cost / 1e6


BMW = "Bate, Mueller & White, Fundamentals of Astrodynamics (Dover 1971), ch. 6"
US76 = "U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562), layer table"
F9 = "Falcon 9 FT figures (SpaceX site, via spaceflightinsider.com/hangar/falcon/)"

def _f9_recovery():
    """A Falcon 9 drone-ship recovery by the cost model: the three-vessel group at sea for the 'some five days in
    transit' of a round trip (Teslarati, 2021-01-27) plus its time on station [M USD]."""
    from .catalog.economics import load_economics
    from .costmodel import recovery_cost

    econ = load_economics()
    return float(recovery_cost(5.0 + econ.recovery.on_station.value / 86400.0, econ)) / 1e6


def _shanghai_new_york_days():
    """Shanghai → New York on the sea route the return voyage uses (searoute, through Panama) at 14 kn [days]."""
    from .catalog.ports import cargo_ports, sea_leg

    ports = {p.code: p for p in cargo_ports()}
    a, b = ports["CNSHA"], ports["USNYC"]
    leg = sea_leg(a.lat, a.lon, b.lat, b.lon, fallback_circuity=1.5, to_port=True)
    return leg.distance / (14 * 1852 / 3600) / 86400


def _road_circuity():
    """The road leg the automatic siting gives ICN → its port, over the great circle between them."""
    from .catalog.places import resolve_place
    from .core.geodesy import great_circle
    from .siting import site_route

    s = site_route(resolve_place("ICN"), resolve_place("NRT"))
    town, port = resolve_place("ICN"), s.origin_port
    return s.origin_road[0] / float(great_circle(town.lat, town.lon, port.lat, port.lon)[0])


CHECKS: list[Check] = [
    Check("geodesic-pek-jfk", "PEK→JFK geodesic on WGS-84", 11003.8, "km", *_band(11003.8, 1.0),
          "Karney 2013, J. Geodesy 87:43, doi:10.1007/s00190-012-0578-z (geographiclib Geodesic.WGS84)", "A", _geodesic, "±1 km: rounding of the airport coordinates"),
    Check("geodesic-karney", "JFK→CDG geodesic (Karney's check)", 5853226, "m", *_band(5853226, 0.5),
          "geographiclib documentation", "A", _karney, "as published"),
    Check("me10000-v", "min-energy 10,000 km: burnout speed", 7.198, "km/s", *_band(7.198, 0.005),
          f"{BMW}, eqs 6.2-18/6.2-20 on a 6,371 km sphere", "A", lambda: _me(10000, "v"), "rounding of the published figure"),
    Check("me10000-phi", "min-energy 10,000 km: flight-path angle", 22.52, "deg", *_band(22.52, 0.05),
          f"{BMW}, eqs 6.2-18/6.2-20 on a 6,371 km sphere", "A", lambda: _me(10000, "phi"), "rounding"),
    Check("me10000-tof", "min-energy 10,000 km: time of flight", 32.18, "min", *_band(32.18, 0.10),
          f"{BMW}, eqs 6.2-18/6.2-20 on a 6,371 km sphere", "A", lambda: _me(10000, "tof"), "rounding"),
    Check("me10000-apogee", "min-energy 10,000 km: apogee", 1320, "km", *_band(1320, 5),
          f"{BMW}, eqs 6.2-18/6.2-20 on a 6,371 km sphere", "A", lambda: _me(10000, "apogee"), "rounding"),
    Check("me1000-v", "min-energy 1,000 km: burnout speed", 3.016, "km/s", *_band(3.016, 0.005),
          f"{BMW}, eqs 6.2-18/6.2-20 on a 6,371 km sphere", "A", lambda: _me(1000, "v"), "rounding"),
    Check("me1000-tof", "min-energy 1,000 km: time of flight", 7.91, "min", *_band(7.91, 0.05),
          f"{BMW}, eqs 6.2-18/6.2-20 on a 6,371 km sphere", "A", lambda: _me(1000, "tof"), "rounding"),
    Check("me1000-apogee", "min-energy 1,000 km: apogee", 240, "km", *_band(240, 2),
          f"{BMW}, eqs 6.2-18/6.2-20 on a 6,371 km sphere", "A", lambda: _me(1000, "apogee"), "rounding"),
    Check("bmw290-phi", "BMW p.290: burnout flight-path angle", 51.32, "deg", *_band(51.32, 0.01),
          f"{BMW}, example p. 290 (1st ed.; p. 243 in the 2nd)", "A", lambda: _bmw290("phi"), "as published"),
    Check("bmw290-psi", "BMW p.290: free-flight range angle", 36.4, "deg", *_band(36.4, 0.1),
          f"{BMW}, example p. 290 (1st ed.; p. 243 in the 2nd)", "A", lambda: _bmw290("psi"), "as published"),
    Check("bmw295-q", "BMW p.295: Q at minimum energy", 0.957, "", *_band(0.957, 0.002),
          f"{BMW}, example p. 295", "A", lambda: _bmw295("q"), "as published"),
    Check("bmw295-v", "BMW p.295: burnout speed", 0.933, "DU/TU", *_band(0.933, 0.002),
          f"{BMW}, example p. 295", "A", lambda: _bmw295("v"), "as published"),
    Check("us76-11km-p", "US76 pressure at 11 km (geopotential)", 22632, "Pa", 22632 * 0.9995, 22632 * 1.0005,
          f"{US76}", "A", lambda: _us76(11, "p"), "±0.05 %"),
    Check("us76-47km-rho", "US76 density at 47 km (geopotential)", 0.0014275, "kg/m**3", 0.0014275 * 0.9995,
          0.0014275 * 1.0005, f"{US76}", "A", lambda: _us76(47, "rho"), "±0.05 %"),
    Check("us76-71km-p", "US76 pressure at 71 km (geopotential)", 3.9564, "Pa", 3.9564 * 0.9995, 3.9564 * 1.0005,
          f"{US76}", "A", lambda: _us76(71, "p"), "±0.05 %"),
    Check("allen-eggers", "Allen–Eggers peak deceleration, 7.2 km/s at 22.5°", 51.7, "g0", *_band(51.7, 0.5),
          "Allen & Eggers 1958, NACA Report 1381: V_E² sin γ / (2 e H) with H = 7.2 km", "A", _allen_eggers, "rounding"),
    Check("vertical-100km", "vertical hop to 100 km", 1.391, "km/s", *_band(1.391, 0.0005),
          "vis-viva and energy conservation (BMW ch. 1)", "A", _vertical, "rounding"),
    Check("leo300", "ideal surface-impulse Δv to a 300 km orbit", 8.09, "km/s", *_band(8.09, 0.02),
          "vis-viva and energy conservation (BMW ch. 1)", "A", _leo300, "as published"),
    Check("f9-losses", "Falcon 9 ascent losses to 200 km", 1.535, "km/s", 1.3, 2.0,
          f"{F9}: ideal Δv 8.73-9.10 km/s (S1 Isp 282-311 s) less the 200 km orbit implies 1.35-1.72", "A", lambda: _f9("losses"), "the model must land in 1.3-2.0 km/s"),
    Check("f9-leo", "Falcon 9 expendable payload to 200 km, 28.5°", 22.8, "t", 22.8 * 0.85, 22.8 * 1.17,
          f"{F9}; J. Schilling, Launch Vehicle Performance Estimation (2009), silverbirdastronautics.com/LVperform.html", "B", lambda: _f9("payload"), "−15 %/+17 %: the Silverbird method's spread"),
    Check("f9-drone", "Falcon 9 LEO payload with drone-ship landing", 17.6, "t", 16.7, 18.5,
          "Falcon 9 payloads (SpaceX, via wikiwand.com/en/Falcon_9)", "B", lambda: _f9("drone"), "the published 16.7-18.5 t range"),
    Check("777f-corner", "777F range at 102 t", 9045, "km", *_band(9045, 1.0), "Boeing 777F press releases, 2007-09: 4,880-4,885 nm at full payload", "A",
          lambda: _corner("boeing-777f"), "fitted point, must come back within 1 km"),
    Check("7478f-corner", "747-8F range at 133.1 t", 8130, "km", *_band(8130, 1.0), "boeing-747.com/747-8f; carlhogan.blogspot.com", "C",
          lambda: _corner("boeing-747-8f"), "fitted point"),
    Check("a350f-corner", "A350F range at 111 t", 8700, "km", *_band(8700, 1.0), "Aviation Week, Dubai Airshow 2021 (aviationweek.com)", "B",
          lambda: _corner("airbus-a350f"), "fitted point"),
    Check("ca981-block", "PEK→JFK non-stop block time (CA981)", 13.5, "h", *_band(13.5, 0.5), "Air China CA981 schedule, Feb 2020 (Business Traveller, businesstraveller.com)", "A",
          lambda: _air("block"), "schedule padding and the season's wind against the annual mean"),
    Check("anc-detour", "the ANC stop's extra distance on PEK-JFK", 813, "km", *_band(813, 50), "derived: PEK-ANC + ANC-JFK less PEK-JFK, haversine on a 6,371 km sphere", "D",
          lambda: _air("anc"), "spherical versus ellipsoidal distances"),
    Check("777f-co2", "full 777F CO2 intensity on PEK-JFK", 0.29, "kg/(t*km)", 0.25, 0.40, "derived: 13.5 h × 7.5 t/h fuel (C: airliners.net forum, 'Fuel flow of wide bodies') × 3.16 kg CO2/kg (ICAO CEC)", "D",
          lambda: _air("co2"), "a C-grade burn rate behind the published figure; the ANC stop adds distance"),
    Check("777f-co2-glec", "777F CO2 intensity at the average load factor on PEK-JFK", 0.498, "kg/(t*km)", 0.498 * 0.75,
          0.498 * 1.25, "GLEC Framework v3.0 (Smart Freight Centre 2023), Table 1: freighter > 1,500 km, IATA RP1678, "
          "tank-to-wheel, average loads (via climatiq.io)", "A", lambda: _air("glec"),
          "±25 %: GLEC is a fleet average (747-400F and MD-11F burn more per t-km than the 777F; empty "
          "repositioning adds); the burn rate behind ours is C-grade (6.9-8.5 t/h) and the load factor 59 ± 7 %"),
    Check("air-general-d2d", "general air cargo China→US East Coast, door to door", 5.4, "day", 3.0, 10.0,
          "Cargo iQ 5.3-5.5 d (A. Zimmerman, meantime.global, Apr 2017); forwarder guides 3-10 d (forestleopard.com, 2025)", "C", lambda: _air("general"), "the published band"),
    Check("air-express-d2d", "express China→New York, door to door", 3.0, "day", 2.0, 5.0, "courier guides: 2-4 business days (climbtheladder.com; en.56ok.com; mlh-logistics.com)", "C",
          lambda: _air("express"), "the published band"),
    Check("starship-propellant", "Starship full-stack propellant cost", 0.86, "MUSD", 0.86 * 0.9, 0.86 * 1.1,
          "derived: 4,600 t at O/F 3.6 (FAA Boca Chica draft PEA, App. G), 0.5 and 0.1 USD/kg; Musk 2019 'about 0.9 M' (space.com, 5 Nov 2019; M)", "D", _starship_propellant, "C-grade propellant masses"),
    Check("f9-recovery", "Falcon 9 recovery ships per flight (drone ship, tug, support ship)", 1.5, "MUSD", 0.5, 2.0,
          "NextBigFuture (nextbigfuture.com, Feb 2026) on Falcon 9's marginal cost: recovery ships 1-2 M USD; Teslarati 2021-01-27: "
          "some five days in transit per recovery", "C", _f9_recovery,
          "the published 1-2 M, with the low end halved: it also pays the fairing ship, a fourth vessel this group lacks"),
    Check("sha-nyc-voyage", "Shanghai → New York by sea via Panama, container ship at 14 kn", 32, "day", 32 * 0.9, 32 * 1.1,
          "Casual Navigation, 'How long does it take for a cargo ship to get from China to the USA?' "
          "(casualnavigation.com)", "C", _shanghai_new_york_days,
          "±10 %: the source rounds to whole days and measures from its own port points"),
    Check("road-circuity", "road over great-circle distance, an automatic road leg (ICN to its port)", 1.3, "",
          1.2, 1.4, "Wang, Bette, Schreckenberg & Guhr 2024, npj Complexity 1:22, doi:10.1038/s44260-024-00023-x: "
          "1.3 ± 0.1 over motorway networks", "B", _road_circuity, "the published ± 0.1"),
] + [Check(f"block-{a}-{b}".lower(), f"{a}→{b} block time, 777F through the mean wind", h, "h", h * 0.94, h * 1.06, src,
           grade, functools.partial(_block, a, b), _SCHEDULE_WHY) for a, b, h, src, grade in SCHEDULES]


def run(checks: list[Check] | None = None) -> list[Result]:
    out = []
    for c in checks if checks is not None else CHECKS:
        try:
            value = float(c.compute())
        except Exception:  # a check that cannot compute fails
            out.append(Result(c, float("nan"), False))
            continue
        out.append(Result(c, value, bool(c.low <= value <= c.high)))
    return out

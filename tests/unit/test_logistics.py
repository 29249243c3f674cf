"""Door to door by rocket: siting, legs, weather, turnaround and fleet."""

import math

import numpy as np
import pytest

from rocketship import assess
from rocketship.catalog import available_routes, load_vehicle, resolve_place
from rocketship.catalog.landmask import clear_of_land, nearest_offshore
from rocketship.catalog.operations import load_operations
from rocketship.flight import plan_flight
from rocketship.logistics import p_within, plan_delivery, site_route
from rocketship.timeline import LegKind

OPS = load_operations()


@pytest.fixture(scope="module")
def fine_land():
    """The full 1 km global-land-mask grid (slow to load once): the independent check of our coarse cache."""
    from global_land_mask import globe

    return globe.is_land


def _ring_clear(fine_land, lat, lon, km):
    from rocketship.catalog.landmask import _destination

    bearings = np.arange(0, 360, 5.0)
    for frac in (1.0, 0.8, 0.6, 0.4, 0.2):
        la, lo = _destination(np.full_like(bearings, lat), np.full_like(bearings, lon), bearings, km * frac)
        if fine_land(la, lo).any():
            return False
    return not fine_land(np.array([lat]), np.array([lon]))[0]


@pytest.mark.parametrize("code", ["PEK", "JFK", "PVG", "ICN", "LHR", "HKG", "SIN", "LAX", "DXB", "SYD", "GRU", "NRT"])
def test_auto_pads_are_at_sea_and_offshore(fine_land, code):
    p = resolve_place(code)
    lat, lon, _ = nearest_offshore(p.lat, p.lon, 30.0)
    assert _ring_clear(fine_land, lat, lon, 30.0)


def test_preset_pads_are_at_sea(fine_land):
    for r in available_routes():
        for s in r.sites:
            if s.role in ("launch_pad", "landing_zone"):
                lat, lon = s.lat.quantity().m_as("deg"), s.lon.quantity().m_as("deg")
                # curated notional pads are held to 20 km (the low end of the offshore range)
                assert _ring_clear(fine_land, lat, lon, 20.0), (r.id, s.id)


def test_coarse_mask_errs_towards_land():
    rng = np.random.default_rng(2)
    lat, lon = rng.uniform(-70, 70, 2000), rng.uniform(-180, 180, 2000)
    from global_land_mask import globe

    from rocketship.catalog.landmask import is_land

    assert not np.any(globe.is_land(lat, lon) & ~is_land(lat, lon))
    assert clear_of_land(np.array([0.0]), np.array([-140.0]), 30.0)[0]   # mid-Pacific


def test_pek_jfk_door_to_door_story():
    a = assess("PEK", "JFK")
    d = a.rocket
    assert a.rocket.siting.source == "preset pek-jfk"
    assert a.flight.launch_site.code == "bohai-pad" and a.flight.landing_site.code == "ny-bight-lz"
    flight_h = a.flight.time_of_flight.m_as("h")
    assert d.total.m_as("h") > 20 * flight_h                       # many times the flight
    # over the same pickup, clearance and last mile, the rocket is slower than either air service
    for sid, t in d.timelines.items():
        assert t.total > a.air_services[sid].total, sid
    modes = [leg.mode for leg in d.legs]
    assert modes.count("rocket") == 1 and "sea" in modes and "road" in modes
    assert d.cargo_stage_cycle.m_as("day") > 25                   # it comes back by ship, across the Pacific


def test_korea_difference_is_decided_on_the_ground():
    """China→Korea: the flight saves under 2 h on air, so door to door differs by the ground and
    sea legs.  With the catalogued pad, port and weather figures the rocket is slower: the sea legs
    at both ends outweigh the flight.  Over the same ground legs, the gap is exactly the rocket's own
    legs against the air service's own (its departure wait and flights)."""
    own_rocket = (LegKind.ROAD_TO_PORT, LegKind.PORT_HANDLING, LegKind.TRANSFER_TO_PAD, LegKind.PAD_PREPARATION,
                  LegKind.WEATHER_WAIT, LegKind.ROCKET_FLIGHT, LegKind.SAFING_AND_OFFLOAD,
                  LegKind.TRANSFER_FROM_LANDING, LegKind.ROAD_FROM_PORT)
    own_air = (LegKind.DEPARTURE_WAIT, LegKind.AIR_FLIGHT, LegKind.TECHNICAL_STOP)
    for o in ("PEK", "PVG"):
        a = assess(o, "ICN")
        for sid, air in a.air_services.items():
            flight_saving = sum(f.block_time for f in air.flights) / 3600 - a.flight.time_of_flight.m_as("h")
            assert flight_saving < 2.0
            rocket = a.rocket.timelines[sid]
            rocket_only = sum(leg.duration.m_as("h") for leg in rocket.of_kind(*own_rocket))
            air_only = sum(leg.duration.m_as("h") for leg in air.timeline.of_kind(*own_air))
            gap = rocket.total.m_as("h") - air.total.m_as("h")
            assert gap == pytest.approx(rocket_only - air_only, abs=0.01)
            assert gap > 0
            assert a.economics.versus[sid].time_saved.m_as("h") == pytest.approx(-gap)


def test_inland_pair_gets_long_road_and_warning():
    a = assess("DEN", "NRT")
    assert any("inland" in w for w in a.rocket.warnings)
    road = a.rocket.timeline.of_kind(LegKind.ROAD_TO_PORT)[0]
    assert road.distance.m_as("km") > 500


def test_helicopter_trips_scale_with_mass():
    r = load_vehicle("xzy-1")
    s = site_route(resolve_place("PVG"), resolve_place("ICN"))
    f = plan_flight(r, s.launch_pad, s.landing_zone, "10 t", "120 m**3", with_max_range=False)
    trips = []
    for tonnes in (2, 4.5, 9, 10):
        d = plan_delivery(s, f, r, f"{tonnes} t", sea_mode="helicopter")
        leg = d.timeline.of_kind(LegKind.TRANSFER_TO_PAD)[0]
        assert leg.mode == "air"
        trips.append((tonnes, leg.name, leg.duration.m_as("h")))
    assert "trips" not in trips[0][1] and "(3 trips)" in trips[3][1]   # 10 t at 4.5 t a trip
    assert trips[0][2] < trips[2][2] < trips[3][2] or trips[2][2] == trips[3][2]


def test_fleet_grows_with_demand_and_return_time():
    r = load_vehicle("xzy-1")
    s = site_route(resolve_place("PVG"), resolve_place("ICN"))
    f = plan_flight(r, s.launch_pad, s.landing_zone, "10 t", "120 m**3", with_max_range=False)
    small = plan_delivery(s, f, r, "10 t", demand="50 t/day")
    big = plan_delivery(s, f, r, "10 t", demand="500 t/day")
    assert big.cargo_stages_needed > small.cargo_stages_needed and big.boosters_needed >= small.boosters_needed
    far = site_route(resolve_place("PEK"), resolve_place("JFK"))
    f2 = plan_flight(r, far.launch_pad, far.landing_zone, "10 t", "120 m**3", with_max_range=False)
    longer = plan_delivery(far, f2, r, "10 t", demand="50 t/day")
    assert longer.cargo_stage_cycle > small.cargo_stage_cycle
    assert longer.cargo_stages_needed > small.cargo_stages_needed


def test_weather_probabilities():
    assert p_within(10, 20, 0.5, 24) == 0.0
    assert p_within(20, 20, 0.5, 24) == pytest.approx(0.5)
    assert p_within(44, 20, 0.5, 24) == pytest.approx(0.5 + 0.5 * (1 - math.exp(-1)))
    a = assess("PVG", "ICN")
    b = assess("PVG", "ICN", pad_availability="50 %")     # worse than the supply vessel's 75 %
    assert b.rocket.expected_weather_wait > a.rocket.expected_weather_wait
    assert b.rocket.p_within_48h <= a.rocket.p_within_48h
    c = assess("PVG", "ICN", pad_availability="95 %")     # capped by the supply vessel's own 75 %
    assert c.rocket.availability == pytest.approx(a.rocket.availability)


def test_fly_back_needs_a_feasible_return():
    far = assess("PEK", "JFK", return_mode="fly-back")
    assert any("fly-back return is not possible" in r for r in far.rocket.reasons)
    near = assess("PVG", "ICN", return_mode="fly-back")
    assert near.rocket.cargo_stage_cycle < assess("PVG", "ICN").rocket.cargo_stage_cycle

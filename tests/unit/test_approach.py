"""Harbour approaches over water (rocketship/catalog/approach.py) and the sea legs built on them, held against the
full 1 km global-land-mask grid — the independent check: the legs are built on a tiled copy of it and, beyond the
harbour, on the coarse grid."""

import numpy as np
import pytest

from rocketship.catalog import approach, landmask
from rocketship.catalog.approach import HARBOUR_CHANNEL_KM
from rocketship.catalog.ports import _network_nodes, cargo_ports, sea_leg
from rocketship.core.geodesy import great_circle

#: the track starts at the port's own point, up to half a cell's diagonal (0.66 km) from the centre of the cell its
#: path is measured from, and is sampled every 0.5 km: a land sample may lie that much further along than the
#: allowance the path was held to
SAMPLING_KM = 0.66 + 0.5

#: the ports the issue names, by their UN/LOCODE in searoute's list: New York/Newark, Los Angeles/Long Beach,
#: Hamburg, Antwerp, Shanghai, Busan, Singapore, Rotterdam, Houston, Tokyo
ISSUE_PORTS = ["USEWR", "USNYC", "USLAX", "USLGB", "DEHAM", "BEANR", "CNSHA", "KRPUS", "SGSIN", "NLRTM", "USHOU",
               "JPTYO"]


def _fine_is_land(lat, lon):
    from global_land_mask import globe

    return globe.is_land(np.asarray(lat), np.asarray(lon))


def _along_track(track):
    """Samples every 0.5 km along a track and their distance along it [m]."""
    pts = landmask.track_points(track)
    seg, _ = great_circle(pts[:-1, 0], pts[:-1, 1], pts[1:, 0], pts[1:, 1])
    return pts, np.concatenate([[0.0], np.cumsum(seg)])


def land_beyond_allowance(leg, allowance_km: float = HARBOUR_CHANNEL_KM):
    """The samples (every 0.5 km) of a sea leg's track that lie on land of the full 1 km grid further along it from
    the port than the harbour channel allowance (plus the sampling's own reach, SAMPLING_KM)."""
    pts, along = _along_track(leg.track)
    on = _fine_is_land(pts[:, 0], pts[:, 1])
    return pts[on & (along > (allowance_km + SAMPLING_KM) * 1e3)]


def _ports():
    return {p.code: p for p in cargo_ports()}


def _own_pad(port):
    lat, lon, _ = landmask.nearest_offshore(port.lat, port.lon, 30.0)
    return lat, lon


def test_the_tiled_grid_is_global_land_mask_s_own():
    """The tiles the approaches read are the package's 1 km grid, cell for cell: random cells the world over, and a
    window across the antimeridian."""
    from global_land_mask import globe

    rng = np.random.default_rng(18)
    rows, cols = rng.integers(0, 21600, 4000), rng.integers(0, 43200, 4000)
    assert (landmask.fine_land(rows, cols) == ~globe._mask[np.ix_(rows, cols)]).all()
    rows, cols = np.arange(5000, 5300), np.arange(43000, 43500) % 43200
    assert (landmask.fine_land(rows, cols) == ~globe._mask[np.ix_(rows, cols)]).all()


def test_newark_leg_does_not_cross_staten_island():
    """Port Newark → the New York Bight landing zone (routes/pek-jfk.toml's points).  Staten Island lies between
    Newark Bay and the Lower Bay: 40.50-40.65°N, 74.05-74.26°W (USGS Staten Island quadrangle); the box below is
    its body south of the Kill van Kull shore (40.64°N) and west of the Narrows (74.05°W), shrunk by a cell.  The
    straight line the leg used to be crosses it (checked here, so the test can fail); the leg now goes out by the
    Kill van Kull, the Upper Bay and the Narrows, and is longer by that way round but within 25 % of the line
    (the Narrows are nearly on it)."""
    newark, zone = (40.68, -74.15), (40.20, -73.62)

    def crosses(track):
        pts = landmask.track_points(track)
        return bool(((pts[:, 0] > 40.51) & (pts[:, 0] < 40.63) & (pts[:, 1] > -74.25) & (pts[:, 1] < -74.06)).any())

    assert crosses((newark, zone))
    leg = sea_leg(*newark, *zone, fallback_circuity=1.1)
    assert leg.routed and not crosses(leg.track), leg.track
    straight, _ = great_circle(*newark, *zone)
    assert straight < leg.distance < 1.25 * straight
    assert land_beyond_allowance(leg).size == 0


@pytest.mark.parametrize("code", ISSUE_PORTS)
def test_sea_legs_from_the_issue_s_ports_stay_at_sea(code):
    """Each port → its own nearest automatic pad (30 km out): routed, and on the full grid every 0.5 km of it
    at sea beyond the harbour channel allowance."""
    port = _ports()[code]
    leg = sea_leg(port.lat, port.lon, *_own_pad(port), fallback_circuity=1.1)
    assert leg.routed, (code, leg.how)
    assert land_beyond_allowance(leg).size == 0, code


def test_every_preset_s_legs_stay_at_sea():
    """Every shipped route preset's port → pad and port → zone legs, routed now from the file's points: at sea on
    the full grid beyond the allowance at the port end.  Its voyage home between its ports is held to that at each
    end's first 100 km (the window of an approach is 90 km either way of its port): beyond, the track is
    searoute's own network, whose edges may cut across small islands (pek-icn's crosses the islands off
    Baengnyeong-do, 183 km out of Incheon) — a limit of the network, not of the approaches."""
    from rocketship.catalog import available_routes

    def deg(site):
        return site.lat.quantity().m_as("deg"), site.lon.quantity().m_as("deg")

    n = 0
    for r in available_routes():
        for port_id, site_id in ((r.origin_port, r.launch_site), (r.destination_port, r.landing_site)):
            if port_id and site_id:
                leg = sea_leg(*deg(r.site(port_id)), *deg(r.site(site_id)), fallback_circuity=1.1)
                assert leg.routed and land_beyond_allowance(leg).size == 0, (r.id, site_id, leg.how)
                n += 1
        if r.origin_port and r.destination_port:
            home = sea_leg(*deg(r.site(r.destination_port)), *deg(r.site(r.origin_port)), fallback_circuity=1.5,
                           to_port=True)
            assert home.routed, (r.id, home.how)
            for track in (home.track, home.track[::-1]):
                pts, along = _along_track(track)
                near = along <= 100e3
                on = _fine_is_land(pts[near, 0], pts[near, 1])
                assert not (on & (along[near] > (HARBOUR_CHANNEL_KM + SAMPLING_KM) * 1e3)).any(), r.id
    assert n >= 12


def test_a_river_port_s_leg_follows_the_estuary():
    """Hamburg (DEHAM) lies up the Elbe, which meets the North Sea at Cuxhaven's Kugelbake (53.892°N, 8.687°E,
    wasserkulturlandschaft-elbe.de; the Elbe's kilometre 727, hamburg-travel.com 'Elbe gateway'); through the port
    the river is narrower than the 1 km grid's cells, which read it as land.  Its leg to its own pad off the
    Elbe mouth must follow the river: over land only along the river's narrow reach through the port (its
    approach's land ends within 15 km of the port, where the grid first resolves the Elbe), on the grid's water
    from there on, and at least as long as the straight line from the port to the Kugelbake.  The straight line
    to the pad, across Schleswig-Holstein, runs over 30 km of land at a stretch (checked, so the test can fail)."""
    port = _ports()["DEHAM"]
    pad = _own_pad(port)
    assert landmask.land_run_km(((port.lat, port.lon), pad), land=_fine_is_land) > 30.0
    leg = sea_leg(port.lat, port.lon, *pad, fallback_circuity=1.1)
    to_mouth, _ = great_circle(port.lat, port.lon, 53.892, 8.687)
    assert leg.routed and leg.distance > to_mouth, leg.how
    river = approach.to_sight(port.lat, port.lon, *pad).land_until / 1e3
    assert river < 15.0
    assert land_beyond_allowance(leg, allowance_km=river).size == 0


def test_inland_places_and_a_port_past_the_allowance_have_no_approach():
    """Denver, and Duisburg (DEDUI, a Rhine port some 200 km from the sea), have no water within their windows, so
    no approach and no routed leg.  The allowance binds: Hamburg's approach crosses about 9 km of land (the Elbe
    by the port, narrower than a cell), so with an allowance of 5 km it has none, and with the stated one it has."""
    ports = _ports()
    assert approach.to_sight(39.74, -104.99, 36.0, -123.0) is None
    duisburg = ports["DEDUI"]
    assert not sea_leg(duisburg.lat, duisburg.lon, 52.5, 3.5, fallback_circuity=1.1).routed
    hamburg = ports["DEHAM"]
    pad = _own_pad(hamburg)
    assert approach.to_sight(hamburg.lat, hamburg.lon, *pad).land_until > 5e3
    try:
        approach.HARBOUR_CHANNEL_KM = 5.0
        assert approach.to_sight(hamburg.lat, hamburg.lon, *pad) is None
        assert approach.to_network(hamburg.lat, hamburg.lon, *pad, _network_nodes()) == []
    finally:
        approach.HARBOUR_CHANNEL_KM = HARBOUR_CHANNEL_KM


def test_newark_s_approach_crosses_land_only_for_the_kill_van_kull():
    """The Kill van Kull, Port Newark's way out to the Upper Bay, is about 4.8 km long and 305 m wide (Wikipedia,
    'Kill Van Kull'): narrower than a cell, so the grid reads it as land, and the approach crosses that much land
    and Newark Bay's own narrow reach to Bergen Point — more than 3 km, under 12 km, well inside the allowance."""
    a = approach.to_sight(40.68, -74.15, 40.20, -73.62)
    assert a is not None and 3e3 < a.land_until < 12e3, a


def test_a_damaged_tile_cache_is_built_again(private_cache_folder):
    """A tile file that does not match its index (cut short here) is not used: the tiles are built again from the
    package's grid and the cell values stay right."""
    from global_land_mask import globe

    from rocketship import diskcache

    landmask._fine_store()
    tiles = diskcache.read_array(landmask.FINE_TILES_NAME)
    assert tiles is not None
    diskcache.write_array(landmask.FINE_TILES_NAME, tiles[:10])
    landmask._fine_store.cache_clear()
    try:
        rows, cols = np.arange(5900, 5960), np.arange(12680, 12740)     # New York harbour: mixed tiles
        assert (landmask.fine_land(rows, cols) == ~globe._mask[np.ix_(rows, cols)]).all()
        assert diskcache.read_array(landmask.FINE_TILES_NAME).shape == tiles.shape
    finally:
        landmask._fine_store.cache_clear()

"""Draft a route preset for an airport pair: offshore pads, ports and the return sea distance.

    python scripts/gen_route_preset.py PVG LAX > routes/pvg-lax.toml

The draft applies rocketship's own rules (pads at the nearest point at least
30 km from every land cell of the full-resolution land grid, islands included;
the cargo port that minimises road plus sea time, the sea legs routed by
searoute; searoute's sea distance between the two ports) and labels every
figure as derived (confidence D).
Curate it by hand before committing: replace a derived point with a sourced
one where a real site is known.
"""

import sys

from rocketship.catalog.landmask import nearest_offshore
from rocketship.catalog.operations import load_operations
from rocketship.catalog.places import resolve_place
from rocketship.catalog.ports import best_port


def main(a_code: str, b_code: str) -> None:
    from rocketship.catalog.ports import sea_leg

    ops = load_operations()
    m = ops.model
    a, b = resolve_place(a_code), resolve_place(b_code)
    sea_speed = ops.mode("supply").speed.value
    out = ['# Drafted by scripts/gen_route_preset.py: every figure is derived by rule (confidence D), not a curated site.',
           'schema = "rocketship.route/1"', f'id = "{a.code.lower()}-{b.code.lower()}"',
           f'name = "{a.city or a.name} ({a.code}) to {b.city or b.name} ({b.code})"',
           'source = "drafted by scripts/gen_route_preset.py from rocketship\'s offshore and port rules (all figures derived, confidence D)"',
           f'origin = "{a.code}"', f'destination = "{b.code}"',
           f'launch_site = "{a.code.lower()}-pad"', f'landing_site = "{b.code.lower()}-lz"',
           f'origin_port = "{a.code.lower()}-port"', f'destination_port = "{b.code.lower()}-port"', '']
    sites, roads, ports, legs = [], {}, {}, {}
    for place, role, sid in ((a, "launch_pad", "pad"), (b, "landing_zone", "lz")):
        lat, lon, _ = nearest_offshore(place.lat, place.lon, m.offshore_distance.value / 1e3)
        port, road_m, leg = best_port(lat, lon, place.lat, place.lon, road_speed=m.road_speed.value,
                                      road_circuity=m.road_circuity.value, sea_speed=sea_speed,
                                      sea_circuity=m.sea_circuity.value, country=place.country)
        assert leg.routed, leg.how
        ports[sid], roads[sid], legs[sid] = port, road_m, leg
        sites.append((f"{place.code.lower()}-{sid}", f"Offshore {'pad' if sid == 'pad' else 'landing zone'} for {place.code} (placed by rule)", role, lat, lon, "rule"))
        sites.append((f"{place.code.lower()}-port", f"{port.name} ({port.code})", "port", port.lat, port.lon, "searoute"))
    back = sea_leg(ports["lz"].lat, ports["lz"].lon, ports["pad"].lat, ports["pad"].lon, fallback_circuity=1.5, to_port=True)
    assert back.routed, back.how
    for key, sid, what in (("origin_sea_distance", "pad", "origin port to the launch pad"),
                           ("destination_sea_distance", "lz", "destination port to the landing zone")):
        how = "searoute sea route" if legs[sid].how == "searoute" else f"{legs[sid].how} (rocketship.catalog.ports.sea_leg)"
        out.append(f'{key} = {{ value = "{legs[sid].distance / 1e3:.1f} km", source = "{"searoute" if legs[sid].how == "searoute" else "rule"}", '
                   f'confidence = "D", note = "{how}, {what}" }}')
    out += [f'return_sea_distance = {{ value = "{back.distance / 1e3:.0f} km", source = "searoute", confidence = "D", note = "searoute sea route between the two ports" }}', ""]
    for key, sid in (("origin_road", "pad"), ("destination_road", "lz")):
        d = roads[sid] / 1e3
        h = d / (m.road_speed.value * 3.6)
        out += [f"[{key}]", f'distance = {{ value = "{d:.0f} km", source = "rule", confidence = "D", note = "great circle × {m.road_circuity.value} road circuity" }}',
                f'duration = {{ value = "{h:.2f} h", source = "rule", confidence = "D", note = "at {m.road_speed.value * 3.6:.0f} km/h" }}', ""]
    out += ['[sources.rule]', 'title = "rocketship offshore rule: the centre of the nearest 1/30° cell every point of which is at least 30 km from every land cell of the global-land-mask 1 km grid, islands included (rocketship.catalog.landmask.nearest_offshore); a sea leg out of the harbour over the water of the 1 km grid, crossing land only in the first 50 km from the port, then straight over open water or by searoute (rocketship.catalog.ports.sea_leg); road legs at 50 km/h over 1.3 × great circle (Wang et al. 2024, npj Complexity 1:22)"', "",
            '[sources.searoute]', 'title = "searoute 1.6 (UN/LOCODE port list and marine network): the cargo port that minimises road plus sea time, sea legs routed over the network (rocketship.catalog.ports.best_port)"', ""]
    for sid, name, role, lat, lon, src in sites:
        out += ["[[sites]]", f'id = "{sid}"', f'name = "{name}"', f'role = "{role}"',
                f'lat = {{ value = "{lat:.6f} deg", source = "{src}", confidence = "D" }}',
                f'lon = {{ value = "{lon:.6f} deg", source = "{src}", confidence = "D" }}', ""]
    print("\n".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:3])

"""Draft a route preset for an airport pair: offshore pads, ports and the return sea distance.

    python scripts/gen_route_preset.py PVG LAX > routes/pvg-lax.toml

The draft applies rocketship's own rules (pads at the nearest point at least
30 km from any land on the conservative land mask; the port that minimises
road plus sea time from searoute's UN/LOCODE list; searoute's sea distance
between the two ports) and labels every figure as derived (confidence D).
Curate it by hand before committing: replace a derived point with a sourced
one where a real site is known.
"""

import sys

from rocketship.catalog.landmask import nearest_offshore
from rocketship.catalog.operations import load_operations
from rocketship.catalog.places import resolve_place
from rocketship.catalog.ports import best_port


def main(a_code: str, b_code: str) -> None:
    import searoute

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
    sites, roads, ports = [], {}, {}
    for place, role, sid in ((a, "launch_pad", "pad"), (b, "landing_zone", "lz")):
        lat, lon, _ = nearest_offshore(place.lat, place.lon, m.offshore_distance.value / 1e3)
        port, road_m, _ = best_port(lat, lon, place.lat, place.lon, road_speed=m.road_speed.value,
                                    road_circuity=m.road_circuity.value, sea_speed=sea_speed,
                                    sea_circuity=m.sea_circuity.value)
        ports[sid] = port
        roads[sid] = road_m
        sites.append((f"{place.code.lower()}-{sid}", f"Offshore {'pad' if sid == 'pad' else 'landing zone'} for {place.code} (placed by rule)", role, lat, lon, "rule"))
        sites.append((f"{place.code.lower()}-port", f"{port.name} ({port.code})", "port", port.lat, port.lon, "searoute"))
    sea = searoute.searoute([ports["lz"].lon, ports["lz"].lat], [ports["pad"].lon, ports["pad"].lat])["properties"]["length"]
    out += [f'return_sea_distance = {{ value = "{sea:.0f} km", source = "searoute", confidence = "D", note = "searoute sea route between the two ports" }}', ""]
    for key, sid in (("origin_road", "pad"), ("destination_road", "lz")):
        d = roads[sid] / 1e3
        h = d / (m.road_speed.value * 3.6)
        out += [f"[{key}]", f'distance = {{ value = "{d:.0f} km", source = "rule", confidence = "D", note = "great circle × {m.road_circuity.value} road circuity" }}',
                f'duration = {{ value = "{h:.2f} h", source = "rule", confidence = "D", note = "at {m.road_speed.value * 3.6:.0f} km/h" }}', ""]
    out += ['[sources.rule]', 'title = "rocketship offshore rule: nearest point at least 30 km from any land on the global-land-mask grid (conservative 1/30° cells); road legs at 50 km/h over 1.3 × great circle"', "",
            '[sources.searoute]', 'title = "searoute 1.6 (UN/LOCODE port list and marine network), the port that minimises road plus sea time"', ""]
    for sid, name, role, lat, lon, src in sites:
        out += ["[[sites]]", f'id = "{sid}"', f'name = "{name}"', f'role = "{role}"',
                f'lat = {{ value = "{lat:.3f} deg", source = "{src}", confidence = "D" }}',
                f'lon = {{ value = "{lon:.3f} deg", source = "{src}", confidence = "D" }}', ""]
    print("\n".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:3])

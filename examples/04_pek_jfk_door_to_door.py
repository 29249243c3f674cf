"""04 — Beijing to New York, door to door: the flight is the short part.

Run:  python examples/04_pek_jfk_door_to_door.py OUTDIR
"""

# %%
from _common import out_dir, pyplot

import rocketship as rs

a = rs.assess("PEK", "JFK", vehicle="starship", payload="10 t")
print(f"{a.vehicle.name}: flight {a.flight.time_of_flight.m_as('min'):.0f} min, feasible {a.flight.feasible}")
for reason in a.flight.reasons:
    print("  -", reason)

# %% [markdown]
# Pads sit 30 km offshore for noise; the cargo goes by road to the port, by
# ship to the pad, waits for weather at both ends, flies, and then does it
# all again in reverse before customs and the last mile.

# %%
print(f"door to door if it could fly, with the {a.rocket.service} service's pickup, clearance and last mile:"
      if not a.economics.flies else f"door to door with the {a.rocket.service} service's ground legs:")
for leg in a.rocket.legs:
    print(f"  {leg.duration.m_as('h'):6.1f} h  {leg.mode:8s} {leg.name}")
for sid, p in a.economics.versus.items():
    print(f"rocket {p.rocket_door_to_door.m_as('h'):.0f} h against air {sid} {p.air_door_to_door.m_as('h'):.0f} h over "
          f"the same ground legs: {'faster' if p.faster else 'slower'} by {abs(p.time_saved.m_as('h')):.1f} h")
print(f"(the 777F stops at {', '.join(a.air.stops)}); the cargo stage would come home by ship in "
      f"{a.rocket.cargo_stage_cycle.m_as('day'):.0f} days: {a.rocket.cargo_stages_needed} cargo stages for "
      f"{a.rocket.demand.m_as('t/day'):.0f} t/day — if the flight could be flown at all")

# %%
if pyplot():
    from rocketship.report.plots import timeline_figure

    path = out_dir() / "04_pek_jfk_timeline.png"
    timeline_figure(a, path, force=True)
    print("saved", path)

# %%
# Where the cargo goes: the map (`rocketship plot PEK JFK --kind map`) — the pads off Tianjin and New York with
# their 30 km rings, the road and sea legs at each end on maps of their own, the rocket's great circle over the
# Arctic with where it meets the air, and the freighter's great circle beside it.
if pyplot():
    from rocketship.report.plots import map_figure

    path = out_dir() / "04_pek_jfk_map.png"
    map_figure(a, path, force=True)
    print("saved", path)

"""06 — Cross-border e-commerce into Korea: air, overnight ferry, a local warehouse, and a rocket.

Run:  python examples/06_korea_ecommerce.py OUTDIR
"""

# %% [markdown]
# China sent 88.8 million e-commerce parcels to Korea in 2023, worth about
# 26.6 USD each (Korea Customs Service).  Much of it crosses by overnight
# truck-on-ferry from Weihai (about 13 h: it sails about 20:00 and docks
# about 09:00 — CCTV via xindemarinenews.com, 2023; China Daily, 2023-12-22).
# What does a rocket add?  Each air service is set against the rocket with
# that service's own pickup, clearance and last mile.

# %%
import rocketship as rs

a = rs.assess("PVG", "ICN")
e = a.economics
print(f"rocket (XZY-1, {a.flight.time_of_flight.m_as('min'):.0f} min flight), {e.cost_per_parcel.m_as('USD'):.2f} USD "
      f"a parcel:")
for sid, p in e.versus.items():
    print(f"  with {sid} ground legs {p.rocket_door_to_door.m_as('h'):.0f} h door to door against air {sid} "
          f"{p.air_door_to_door.m_as('h'):.0f} h ({p.air_cost_per_parcel.m_as('USD'):.2f} USD a parcel): "
          f"{'faster' if p.faster else 'slower'} by {abs(p.time_saved.m_as('h')):.0f} h")

# %% [markdown]
# A ferry: about 13 h across, plus the same pickup, clearance and last mile
# the air services carry (taken from the catalogue, not invented here).

# %%
from rocketship.catalog.air import load_air_market  # noqa: E402

svc = load_air_market().service("general")
ground = sum(leg.duration.quantity().m_as("h") for leg in svc.before if leg.mode != "wait") + \
    sum(leg.duration.quantity().m_as("h") for leg in svc.after)
print(f"truck-on-ferry: about {13 + ground:.0f} h door to door with general-cargo handling")

# %% [markdown]
# A bonded warehouse in Korea stocked ahead of demand delivers in the
# last-mile time alone — the hard benchmark for any "fast" mode.

# %%
last_mile = [leg for leg in load_air_market().service("express").after if leg.mode == "road"][0]
print(f"local warehouse: about {last_mile.duration.quantity().m_as('h'):.0f} h")
print("the rocket's own legs (sea transfers, pad work, weather) outweigh its few hours saved in the air:")
from rocketship.timeline import LegKind  # noqa: E402

for leg in a.rocket.timeline.of_kind(LegKind.TRANSFER_TO_PAD, LegKind.PAD_PREPARATION, LegKind.WEATHER_WAIT,
                                     LegKind.ROCKET_FLIGHT, LegKind.TRANSFER_FROM_LANDING):
    print(f"  {leg.duration.m_as('h'):5.1f} h  {leg.name}")

# %%
from _common import out_dir, pyplot  # noqa: E402

if pyplot():
    from rocketship.report.plots import timeline_figure

    path = out_dir() / "06_pvg_icn_timeline.png"
    timeline_figure(a, path, force=True)
    print("saved", path)

# %%
# The same route on a map (`rocketship plot PVG ICN --kind map`): the pad off Shanghai, the landing zone off
# Incheon, each 30 km out to sea, the sea legs to their ports, and the rocket's track across the Yellow Sea with
# where its braking burn is lit, where it meets the air and where the air takes hold.
if pyplot():
    from rocketship.report.plots import map_figure

    path = out_dir() / "06_pvg_icn_map.png"
    map_figure(a, path, force=True)
    print("saved", path)

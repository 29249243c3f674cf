"""06 — Cross-border e-commerce into Korea: air, overnight ferry, a local warehouse, and a rocket.

Run:  python examples/06_korea_ecommerce.py OUTDIR
"""

# %% [markdown]
# China sent 88.8 million e-commerce parcels to Korea in 2023, worth about
# 26.6 USD each (Korea Customs Service).  Much of it crosses by overnight
# truck-on-ferry from Weihai (about 13 h, economics.md §5).  What does a
# rocket add?

# %%
import rocketship as rs

a = rs.assess("PVG", "ICN")
express, general = a.air_services["express"], a.air_services["general"]
rocket = a.rocket
print(f"rocket (XZY-1, {a.flight.time_of_flight.m_as('min'):.0f} min flight): {rocket.total.m_as('h'):.0f} h door to door,"
      f" {a.economics.cost_per_parcel.m_as('USD'):.2f} USD a parcel")
print(f"air express: {express.total.m_as('h'):.0f} h; air general: {general.total.m_as('h'):.0f} h;"
      f" air costs {a.economics.air_cost_per_kg.m_as('USD/kg') * 0.5:.2f} USD a 0.5 kg parcel (line-haul)")

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
for leg in rocket.legs:
    if leg.mode in ("sea", "wait", "rocket") or "pad" in leg.name:
        print(f"  {leg.duration.m_as('h'):5.1f} h  {leg.name}")

# %%
from _common import out_dir, pyplot  # noqa: E402

if pyplot():
    from rocketship.report.plots import timeline_figure

    path = out_dir() / "06_pvg_icn_timeline.png"
    timeline_figure(a, path, force=True)
    print("saved", path)

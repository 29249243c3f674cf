"""07 — Checking the public claims: "one hour anywhere", "New York–Shanghai in 39 minutes", "10 t in 120 m³".

Run:  python examples/07_checking_the_claims.py OUTDIR
"""

# %%
import numpy as np
from _common import out_dir, pyplot

import rocketship as rs
from rocketship.studies import payload_range, study

# %% [markdown]
# **"New York to Shanghai in 39 minutes"** (SpaceX, 2017; marketing, M).
# The great circle is about 11,870 km; a minimum-energy arc takes:

# %%
r = study("JFK", "PVG", "starship", payload="100 t")
print(f"JFK→PVG min-energy: {float(r.time_of_flight.m_as('min')[0]):.0f} min lift-off to touchdown "
      f"(feasible with 100 t: {bool(r.feasible[0])})")
fast = study("JFK", "PVG", "starship", payload="100 t", trajectory="tof:30")
print(f"forced to 30 min of free flight: Δv {float(fast.delta_v_required.m_as('km/s')[0]):.1f} km/s needed "
      f"against {float(fast.delta_v_available.m_as('km/s')[0]):.1f} available")

# %% [markdown]
# **"One hour anywhere"**: no ballistic arc below orbital speed lasts more
# than about 42 minutes, so the flight itself fits — the hour goes on the
# ground and at sea (example 04), and on the entry loads (example 03).

# %%
a = rs.assess("PEK", "JFK")
print(f"door to door PEK→JFK with express ground legs, if it could fly: {a.economics.versus['express'].rocket_door_to_door.m_as('h'):.0f} h,"
      f" of which flight {a.flight.time_of_flight.m_as('min'):.0f} min (feasible: {a.flight.feasible})")

# %% [markdown]
# **"10 t in a 120 m³ bay"**: that is 83 kg/m³ — light, parcel-like cargo.
# Air freight charges it by volume (167 kg/m³), so the air comparison prices
# 20 t, not 10.  And how far does the XZY-1 carry it?

# %%
pr = payload_range("xzy-1", origin="PVG", towards="ICN", ranges=rs.Q_(np.linspace(300, 3000, 10), "km"))
for rng, mp in zip(pr.range.m_as("km"), pr.max_payload.m_as("t")):
    print(f"  {rng:6,.0f} km: {mp:5.1f} t")

# %%
if pyplot():
    from rocketship.report.plots import payload_range_figure

    path = out_dir() / "07_payload_range.png"
    payload_range_figure(pr, "xzy-1", path, force=True)
    print("saved", path)

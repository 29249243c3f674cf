"""05 — What a kilogram costs by rocket, and what the time saved is worth.

Run:  python examples/05_payload_economics.py OUTDIR
"""

# %%
from _common import out_dir, pyplot

import rocketship as rs

for vid in ("xzy-1", "starship"):
    a = rs.assess("PVG", "ICN", vehicle=vid, samples=2000, seed=1)
    e = a.economics
    u = a.uncertainty["cost_per_kg"]
    print(f"{vid}: {e.cost_per_flight.m_as('MUSD'):.1f} M USD a flight; {e.cost_per_kg.m_as('USD/kg'):,.0f} USD/kg "
          f"(p10-p90 {u['p10']:,.0f}-{u['p90']:,.0f}); {e.cost_per_parcel.m_as('USD'):.2f} USD a parcel; "
          f"air {e.air_cost_per_kg.m_as('USD/kg'):.2f} USD/kg")
    top = ", ".join(f"{n} ({r:+.2f})" for n, r in a.sensitivity[:3])
    print(f"  what moves it most: {top}")

# %% [markdown]
# The break-even value of time: how much an hour saved must be worth to a
# kilogram of cargo for the rocket's premium to pay.  It only exists where
# the rocket is faster door to door.

# %%
a = rs.assess("PEK", "JFK", vehicle="starship", payload="100 t")
e = a.economics
be = e.break_even_value_of_time
print(f"PEK→JFK, Starship with 100 t: saves {e.time_saved.m_as('h'):.0f} h over general air cargo;"
      f" break-even {'—' if be is None else format(be.m_as('USD/kg/h'), ',.2f') + ' USD/kg/h'}")
for c in e.cargo_classes:
    print(f"  {c['name']:32s} {c['value_of_time'].m_as('USD/kg/h'):10,.2f} USD/kg/h  {'clears' if c['clears'] else '—'}")

# %%
if pyplot():
    from rocketship.report.plots import cost_figure

    path = out_dir() / "05_cost.png"
    cost_figure(a, path, force=True)
    print("saved", path)

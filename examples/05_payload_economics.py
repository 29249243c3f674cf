"""05 — What a kilogram costs by rocket, and what the time saved is worth.

Run:  python examples/05_payload_economics.py OUTDIR
"""

# %%
from _common import out_dir, pyplot

import rocketship as rs

for vid in ("xzy-1", "starship"):
    a = rs.assess("PVG", "ICN", vehicle=vid, samples=2000, seed=1)
    e = a.economics
    b = e.bands["cost_per_kg"]
    print(f"{vid}: {e.cost_per_flight.m_as('MUSD'):.1f} M USD a flight; {e.cost_per_kg.m_as('USD/kg'):,.0f} USD/kg "
          f"(median; p10-p90 {b.p10:,.0f}-{b.p90:,.0f}); {e.cost_per_parcel.m_as('USD'):.2f} USD a parcel; "
          f"air express {e.versus['express'].air_cost_per_kg.m_as('USD/kg'):.2f}, "
          f"general {e.versus['general'].air_cost_per_kg.m_as('USD/kg'):.2f} USD/kg")
    top = ", ".join(f"{n} ({r:+.2f})" for n, r in a.sensitivity[:3])
    print(f"  what moves it most: {top}")

# %% [markdown]
# The break-even value of time: how much an hour saved must be worth to a
# kilogram of cargo for the rocket's premium to pay.  It only exists where
# the rocket is faster door to door, and the comparison is only fair when
# both sides share the same pickup, clearance and last mile: express courier
# legs around the rocket against express air, general cargo legs against
# general air.  And it only means something for a flight that can fly.

# %%
for origin, destination, vid, payload in (("PVG", "ICN", "starship", "100 t"), ("PEK", "JFK", "starship", "100 t"),
                                          ("PEK", "JFK", "xzy-1", "10 t")):
    a = rs.assess(origin, destination, vehicle=vid, payload=payload)
    e = a.economics
    print(f"{origin}→{destination}, {vid} with {payload}:")
    if not e.flies:
        print(f"  cannot fly ({e.why_not}): no cost, saving or break-even describes a real delivery")
        continue
    for sid, p in e.versus.items():
        h = p.time_saved.m_as("h")
        be = p.break_even_value_of_time
        verdict = (f"saves {h:.1f} h; pays where an hour is worth {be.m_as('USD/kg/h'):,.2f} USD per kg"
                   if be is not None else f"slower by {-h:.1f} h: no value of time pays for that")
        print(f"  against air {sid}, same ground legs: {verdict}")
    payers = [c.name for c in e.cargo_classes if any(c.clears.values())]
    print(f"  cargo that pays: {', '.join(payers) if payers else 'none of the catalogued classes'}")

# %%
if pyplot():
    from rocketship.report.plots import cost_figure

    a = rs.assess("PVG", "ICN", vehicle="starship")
    path = out_dir() / "05_cost.png"
    cost_figure(a, path, force=True)
    print("saved", path)

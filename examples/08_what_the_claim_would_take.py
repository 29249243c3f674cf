"""08 — What the claim would take: how big a rocket of the same technology would fly the route?

Run:  python examples/08_what_the_claim_would_take.py OUTDIR
"""

# %%
from _common import out_dir, pyplot

import rocketship as rs

# %% [markdown]
# Example 07 asked whether the catalogued vehicles fly the claims.  An engineer judging a claim asks the
# inverse too: **how large a stack of the same technology** — the same engines' specific impulse, the same
# structural ratios, the same thrust-to-weight, the same shapes and heat shield — would fly the route with
# the cargo, under the same limits the route verdict uses?  `rs.size` scales the whole family by its mass
# (lengths as the cube root, so areas as the two-thirds power) and searches for the smallest that flies.
#
# Scaling keeps the ideal Δv (the rocket equation sees only mass ratios) but not the entry: a larger cargo
# stage is denser for its size (ballistic coefficient ∝ k^(1/3)), so it meets the air lower and harder.
# That is why some routes fly at no size at all.

# %%
cases = [("xzy-1", "PVG", "ICN", "10 t"), ("xzy-1", "PEK", "JFK", "10 t"),
         ("starship", "PVG", "ICN", "100 t"), ("starship", "PEK", "JFK", "10 t"),
         ("starship", "PEK", "JFK", "40 t")]
sized = {}
for vehicle, a, b, cargo in cases:
    s = rs.size(a, b, vehicle, payload=cargo)
    sized[(vehicle, a, b, cargo)] = s
    if s.feasible:
        print(f"{vehicle:9s} {a}→{b} {cargo:>6s}: {s.scale:5.2f} × ({s.lift_off_mass.m_as('t'):8,.0f} t at lift-off)"
              f"  bound by {s.binding.words}")
    else:
        print(f"{vehicle:9s} {a}→{b} {cargo:>6s}: no size from {s.bay_scale:.2g} × to {s.searched[1]:.0f} × flies it"
              f" — {s.binding.words}")

# %% [markdown]
# XZY-1's 10 t to Seoul is within its means (its bay, not its engines, sets its size; the flight alone
# would fly at about nine tenths of it).  Beijing–New York with a parcel's 4 g limit is out of reach at any
# size: the entry peaks near 9 g unbraked and no braking burn that ends above the air brings it under 4 g.
# Starship's 10 t to New York is held back by its heat shield: a larger stage has a larger nose, and the
# stagnation heat flux falls as its radius's −½ power, so a stack about twice Starship's size flies it.

# %%
plt = pyplot()
if plt:
    masses = [5, 10, 20, 40]   # tonnes, PEK→JFK on Starship's family (10 and 40 sized above)
    scales = [(sized.get(("starship", "PEK", "JFK", f"{m} t")) or rs.size("PEK", "JFK", "starship", payload=f"{m} t")).scale
              for m in masses]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(masses, [s if s is not None else float("nan") for s in scales], "o-")
    ax.axhline(1.0, color="grey", lw=0.8, ls="--")
    ax.set_xlabel("cargo, PEK→JFK [t]")
    ax.set_ylabel("stack needed / Starship [-]")
    ax.set_title("How big a Starship-like stack flies Beijing–New York?")
    fig.tight_layout()
    path = out_dir() / "08_stack_needed.png"
    fig.savefig(path, dpi=100)
    print("saved", path)

"""03 — Re-entry loads: why cargo needs a braking burn, lift, or a shallow path.

Run:  python examples/03_reentry_loads.py OUTDIR
"""

# %% [markdown]
# Allen & Eggers (NACA Report 1381, 1958): a ballistic body entering at speed
# V_E and angle γ_E meets a peak deceleration V_E² sin γ_E / (2 e H) — whatever
# its mass or shape.  Only the speed and the angle matter.

# %%
import numpy as np
from _common import out_dir, pyplot

from rocketship.core.constants import G0
from rocketship.core.reentry import braking_delta_v, peak_deceleration

for v, g in ((7200, 22.5), (7500, 5.0), (3000, 40.0)):
    print(f"V_E {v / 1e3:.1f} km/s at {g:4.1f}°: peak {peak_deceleration(v, np.radians(g)) / G0:5.1f} g")

# %% [markdown]
# A min-energy intercontinental arc re-enters at about 7.2 km/s and 20-22°:
# about 50 g.  A parcel packed for a truck will not take that; the bay limit
# we use is 6 g (Falcon 9's payload design load).  A retro-burn before the
# interface can slow the stage until the peak is 6 g — at a price:

# %%
for v in (3000, 5000, 7200):
    print(f"from {v / 1e3:.1f} km/s at 20°: brake {braking_delta_v(v, np.radians(20), 6 * G0) / 1e3:.2f} km/s")

# %%
import rocketship as rs  # noqa: E402

a = rs.assess("PEK", "JFK")
f = a.flight
print(f"PEK→JFK on the XZY-1: unbraked peak {f.peak_deceleration_unbraked.m_as('g_0'):.0f} g, "
      f"braking burn {f.braking_delta_v.m_as('km/s'):.2f} km/s; feasible: {f.feasible}")

# %% [markdown]
# After the drag pulse a light, broad stage falls at its terminal velocity
# √(2βg/ρ), and the landing burn starts from there.  A dense stage on a steep
# path may not get that slow before the ground: along a straight path with
# drag and gravity, d(v²)/dh = −2g + (y/H) v² with y = ρH/(β sin γ), which
# solves in closed form through the exponential integral Ei.

# %%
from rocketship.core.reentry import fall_speed_at_ground, terminal_velocity  # noqa: E402

for beta in (300, 1500, 3400):
    v_fall = fall_speed_at_ground(1500.0, np.radians(45), beta, 60e3)
    print(f"β {beta:5d} kg/m², from 60 km at 1.5 km/s and 45°: meets the ground at {v_fall:4.0f} m/s "
          f"(terminal velocity at sea level {terminal_velocity(beta):4.0f} m/s)")

# %% [markdown]
# The lighter two end near (a straight path at 45° a little under) their terminal velocity; the
# densest, like XZY-1's cargo stage, is still half again as fast, and its single engine must start
# the landing burn high.  The estimate tier lands from the larger of the two speeds.

# %%
plt = pyplot()
if plt:
    v = np.linspace(1000, 8000, 200)
    fig, ax = plt.subplots(figsize=(7, 4))
    for g in (5, 10, 20, 30, 45):
        ax.plot(v / 1e3, peak_deceleration(v, np.radians(g)) / G0, label=f"γ_E = {g}°")
    ax.axhline(6, color="black", ls="--", label="cargo limit, 6 g")
    ax.set_xlabel("entry speed [km/s]")
    ax.set_ylabel("peak deceleration [g0]")
    ax.set_yscale("log")
    ax.set_title("Allen–Eggers peak deceleration of a ballistic entry")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.savefig(out_dir() / "03_reentry_loads.png", dpi=120)
    print("saved", out_dir() / "03_reentry_loads.png")

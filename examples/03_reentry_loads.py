"""03 — Re-entry loads: why cargo needs lift, a shallow path, or a braking burn — and when none will do.

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
from rocketship.core.entry import integrate_entry
from rocketship.core.reentry import peak_deceleration

for v, g in ((7200, 22.5), (7500, 5.0), (3000, 40.0)):
    print(f"V_E {v / 1e3:.1f} km/s at {g:4.1f}°: peak {peak_deceleration(v, np.radians(g)) / G0:5.1f} g")

# %% [markdown]
# A minimum-energy intercontinental arc re-enters at about 7.2 km/s and 20-22°:
# about 50 g.  Parcels are rated for about 4 g.  The closed form assumes a
# straight path; rocketship integrates the entry instead (drag, lift at a bank
# angle, gravity and the curved Earth through the US76 air), which agrees with
# Allen–Eggers for a ballistic body and also flies lift.  Starship's belly-first
# attitude gives L/D ≈ 0.45: flown lift up from a shallow entry, it glides.

# %%
beta = 250.0    # kg/m²: a light, broad stage
for angle in (0.6, 2.0, 5.0):
    for lift in (0.0, 0.45):
        p = integrate_entry(7600.0, np.radians(angle), 100e3, beta, lift, 0.0)
        print(f"7.6 km/s at {angle:3.1f}°, L/D {lift:.2f}: peak {p.peak_sensed / G0:4.1f} g, "
              f"covers {p.range / 1e3:5,.0f} km from 100 km up in {p.time / 60:4.1f} min")

# %% [markdown]
# A slow entry is the hard case: below orbital speed gravity pulls the path
# steeper before the air can hold it up, so at shallow angles a 4.6 km/s entry
# peaks higher than a 7.6 km/s one (see the figure), lift or not.  A retrograde burn above the air lowers the
# speed — and steepens the fall.  For a short hop the peak falls with braking
# only so far: past a point the stage drops almost straight down through the
# air and the peak rises again, or the burn no longer fits above the air.

# %%
import rocketship as rs  # noqa: E402

for vehicle, payload in (("xzy-1", "10 t"), ("starship", "10 t")):
    f = rs.assess("PEK", "JFK", vehicle=vehicle, payload=payload).flight
    print(f"PEK→JFK on the {vehicle}: {f.trajectory_flown}; peak {f.peak_deceleration.m_as('g_0'):.1f} g, "
          f"heat flux {f.peak_heat_flux.m_as('kW/m**2'):,.0f} kW/m²; feasible: {f.feasible} "
          f"({f.binding_constraint.words if f.binding_constraint else 'nothing binds'})")

# %%
plt = pyplot()
if plt:
    fig, ax = plt.subplots(figsize=(7, 4))
    angles = np.linspace(0.5, 30, 40)
    for lift, style in ((0.0, "-"), (0.45, "--")):
        for v in (4600.0, 7600.0):
            peaks = integrate_entry(v, np.radians(angles), 100e3, beta, lift, 0.0).peak_sensed / G0   # 40 at once
            ax.plot(angles, peaks, style, label=f"{v / 1e3:.1f} km/s, L/D {lift:.2f}")
    ax.axhline(4, color="black", ls=":", label="parcels, 4 g")
    ax.set_xlabel("entry angle below the horizontal [deg]")
    ax.set_ylabel("peak sensed acceleration [g0]")
    ax.set_yscale("log")
    ax.set_title("Integrated entry, β = 250 kg/m²: lift and a shallow angle hold the load down")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.savefig(out_dir() / "03_reentry_loads.png", dpi=120)
    print("saved", out_dir() / "03_reentry_loads.png")

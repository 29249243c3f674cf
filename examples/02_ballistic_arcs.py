"""02 — Ballistic arcs: minimum energy, depressed and lofted, and what Earth's rotation does.

Run:  python examples/02_ballistic_arcs.py OUTDIR
"""

# %% [markdown]
# Between two points at the same radius, a Keplerian arc is fixed by its
# burnout flight-path angle φ.  The minimum-energy arc has φ = (180° − Ψ)/4
# (Bate, Mueller & White eq. 6.2-18).  Fly lower (depressed) and you arrive
# sooner but need more speed; fly higher (lofted) and you need more speed
# *and* arrive later.

# %%
import numpy as np
from _common import out_dir, pyplot

import rocketship as rs
from rocketship.core.ballistic import solve_arcs
from rocketship.core.constants import R_MEAN

pek, jfk = rs.resolve_place("PEK"), rs.resolve_place("JFK")
me = solve_arcs(pek.lat, pek.lon, jfk.lat, jfk.lon, r=R_MEAN)
print(f"min-energy PEK→JFK: φ {np.degrees(float(me.phi)):.1f}°, {float(me.v_rel) / 1e3:.3f} km/s ground-relative, "
      f"{float(me.tof) / 60:.1f} min of free flight, apogee {(float(me.apogee) - R_MEAN) / 1e3:,.0f} km")

# %%
phis = np.radians(np.linspace(5, 50, 46))
arcs = solve_arcs(pek.lat, pek.lon, jfk.lat, jfk.lon, r=R_MEAN, trajectory="fpa", value=phis)
for d in (10, 20, 30, 40):
    k = int(np.argmin(abs(np.degrees(phis) - d)))
    print(f"  φ {d:2d}°: {arcs.v_rel[k] / 1e3:.3f} km/s, {arcs.tof[k] / 60:5.1f} min")

# %% [markdown]
# The Earth turns under the flight: a launch site at the equator already
# moves east at 465 m/s, so an eastward flight starts with that speed and a
# westward one has to cancel it.  Same distance, different bill:

# %%
east = solve_arcs(0.0, 0.0, 0.0, 60.0, r=R_MEAN)
west = solve_arcs(0.0, 0.0, 0.0, -60.0, r=R_MEAN)
still = solve_arcs(0.0, 0.0, 0.0, 60.0, r=R_MEAN, omega=0.0)
print(f"6,670 km along the equator: east {float(east.v_rel) / 1e3:.3f}, west {float(west.v_rel) / 1e3:.3f}, "
      f"non-rotating {float(still.v_rel) / 1e3:.3f} km/s")

# %%
plt = pyplot()
if plt:
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(np.degrees(phis), arcs.v_rel / 1e3, label="ground-relative burnout speed")
    ax.axvline(np.degrees(float(me.phi)), color="grey", ls=":", label="minimum energy")
    ax2 = ax.twinx()
    ax2.plot(np.degrees(phis), arcs.tof / 60, color="#c2185b", label="free-flight time")
    ax.set_xlabel("burnout flight-path angle [deg]")
    ax.set_ylabel("speed [km/s]")
    ax2.set_ylabel("free-flight time [min]")
    ax.set_title("PEK→JFK: depressed arcs are faster and costlier, lofted ones slower and costlier")
    ax.legend(loc="upper left")
    ax2.legend(loc="upper right")
    fig.savefig(out_dir() / "02_ballistic_arcs.png", dpi=120, bbox_inches="tight")
    print("saved", out_dir() / "02_ballistic_arcs.png")

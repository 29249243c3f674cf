"""01 — The rocket equation, and why rockets have stages.

Run:  python examples/01_rocket_equation_and_staging.py OUTDIR
"""

# %% [markdown]
# Tsiolkovsky: a stage that burns from mass m0 down to m1 with exhaust speed
# c = g0·Isp gains Δv = c·ln(m0/m1).  The logarithm is the whole story of
# rocketry: doubling the propellant buys far less than double the speed.

# %%
import math

import numpy as np
from _common import out_dir, pyplot

import rocketship as rs

g0 = 9.80665
falcon = rs.load_vehicle("falcon-9")
s1, s2 = falcon.stages
print(f"{falcon.name}: stage 1 {s1.dry_mass.quantity()} dry + {s1.propellant_mass.quantity()} propellant,"
      f" Isp {s1.isp_sea_level.quantity()} to {s1.isp_vacuum.quantity()} ({s1.dry_mass.source.title[:40]}…)")

# %% [markdown]
# Stage by stage: the first stage lifts everything above it; the second
# starts light.  Payload 22.8 t (the published LEO figure, expendable).

# %%
payload = 22_800.0
m0_2 = s2.dry_mass.value + s2.propellant_mass.value + payload
dv2 = g0 * s2.isp_vacuum.value * math.log(m0_2 / (s2.dry_mass.value + payload))
m0_1 = s1.dry_mass.value + s1.propellant_mass.value + m0_2
isp1 = 0.5 * (s1.isp_sea_level.value + s1.isp_vacuum.value)
dv1 = g0 * isp1 * math.log(m0_1 / (m0_1 - s1.propellant_mass.value))
print(f"ideal Δv: stage 1 {dv1 / 1e3:.2f} km/s + stage 2 {dv2 / 1e3:.2f} km/s = {(dv1 + dv2) / 1e3:.2f} km/s")

# %% [markdown]
# The same propellant in one big stage carries the dead weight of the empty
# first-stage tanks all the way: compare.

# %%
dry = s1.dry_mass.value + s2.dry_mass.value
prop = s1.propellant_mass.value + s2.propellant_mass.value
single = g0 * isp1 * math.log((dry + prop + payload) / (dry + payload))
print(f"one stage with the same masses: {single / 1e3:.2f} km/s — staging buys {(dv1 + dv2 - single) / 1e3:.2f} km/s")

# %% [markdown]
# Orbit needs about 9.3-9.4 km/s once gravity and drag losses are paid (7.8 km/s
# of orbital speed at 200 km, and the 1.35-1.72 km/s of losses that Falcon 9's
# published masses imply, spaceflightinsider.com/hangar/falcon/); a point-to-point hop needs the same order.  The
# estimate tier finds what Falcon 9 lifts to a 200 km orbit with its
# calibrated loss model:

# %%
from rocketship.core.estimate import orbit_payload  # noqa: E402
from rocketship.flight import vehicle_params  # noqa: E402

vp = vehicle_params(falcon)
print(f"to 200 km from 28.5°: expendable {orbit_payload(vp, 200e3, 28.5, recover_boosters=False) / 1e3:.1f} t, "
      f"with a drone-ship landing {orbit_payload(vp, 200e3, 28.5) / 1e3:.1f} t (published 22.8 t and 16.7-18.5 t)")

# %%
plt = pyplot()
if plt:
    ratio = np.linspace(1.01, 20, 200)
    fig, ax = plt.subplots(figsize=(7, 4))
    for isp in (282, 311, 348, 380):
        ax.plot(ratio, g0 * isp * np.log(ratio) / 1e3, label=f"Isp {isp} s")
    ax.set_xlabel("mass ratio m0/m1 [-]")
    ax.set_ylabel("Δv [km/s]")
    ax.set_title("The rocket equation: Δv = g0·Isp·ln(m0/m1)")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.savefig(out_dir() / "01_rocket_equation.png", dpi=120)
    print("saved", out_dir() / "01_rocket_equation.png")

"""Figures (the ``plot`` extra): trajectory, payload–range, door-to-door timeline, cost, uncertainty, matrix.

matplotlib is imported only here, only when a figure is asked for, with the
non-interactive Agg backend.  Every figure is titled, every axis carries its
unit, and files are written atomically and never over an existing file
without ``force``.
"""

from __future__ import annotations

import io

import numpy as np

from ..errors import InputError
from .files import check_figure_path, write_atomic

MODE_COLOURS = {"road": "#d4a017", "sea": "#1f77b4", "air": "#17becf", "rocket": "#c2185b", "handling": "#8c8c8c",
                "wait": "#d62728"}


def _plt():
    import os

    # rocketship only writes files, always with Agg: a backend named in MPLBACKEND (even one that does not
    # exist, which stops `import matplotlib` itself) has no say
    named = os.environ.pop("MPLBACKEND", None)
    try:
        import matplotlib
    except ImportError:
        raise InputError("figures need the plot extra: pip install 'rocketship[plot]'") from None
    finally:
        if named is not None:
            os.environ["MPLBACKEND"] = named
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path, force: bool):
    fmt = check_figure_path(path, force).suffix.lower().lstrip(".")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=150, bbox_inches="tight")
    _plt().close(fig)
    return write_atomic(path, buf.getvalue(), force)


def trajectory_figure(a, path, force: bool = False):
    """Altitude against downrange on the equivalent-impulse arc, with burnout, apogee and entry marked
    (the 3-DOF figure when the flight was simulated)."""
    if getattr(a.flight, "simulation", None) is not None and len(a.flight.simulation.history["t"]) > 2:
        return simulated_trajectory_figure(a, path, force)
    from ..core.constants import R_MEAN
    from ..core.kepler import conic, q_for_fpa

    f = a.flight
    plt = _plt()
    psi = f.free_flight_range.m_as("m") / R_MEAN
    phi_i = np.radians(float(_inertial_phi(a)))
    q = float(q_for_fpa(psi, phi_i))
    _, e, p = conic(q, phi_i, R_MEAN)
    nu = np.linspace(np.pi - psi / 2, np.pi + psi / 2, 400)
    r = p / (1 + e * np.cos(nu))
    down = (nu - nu[0]) * R_MEAN / 1e3
    alt = (r - R_MEAN) / 1e3
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(down, alt, color="#c2185b", lw=2, label="free flight (equivalent-impulse arc)")
    ax.axhline(120, color="grey", ls=":", lw=1, label="entry interface, 120 km")
    bo = f.burnout_altitude.m_as("km")
    ax.axhline(bo, color="#1f77b4", ls="--", lw=1, label=f"burnout altitude, {bo:.0f} km")
    ax.annotate(f"apogee {f.apogee.m_as('km'):,.0f} km", (down[len(down) // 2], alt.max()), ha="center", va="bottom")
    ax.set_xlabel("downrange [km]")
    ax.set_ylabel("altitude [km]")
    ax.set_title(f"{a.vehicle.name}: {f.launch_site.code} → {f.landing_site.code}, {f.trajectory} "
                 f"({f.time_of_flight.m_as('min'):.0f} min lift-off to touchdown)")
    ax.legend(loc="lower center", fontsize=8)
    ax.grid(alpha=0.3)
    return _save(fig, path, force)


def simulated_trajectory_figure(a, path, force: bool = False):
    """The 3-DOF flight: altitude against downrange, speed and acceleration against time with the
    events marked, and the ground track on a world map (land from the global land mask)."""
    from ..catalog.landmask import NLON, packed_land
    from ..core.flight3dof import surface_distance, geodetic_to_ecef

    sim = a.flight.simulation
    h = sim.history
    plt = _plt()
    fig = plt.figure(figsize=(12, 8))
    ax1 = fig.add_subplot(2, 2, 1)
    ax2 = fig.add_subplot(2, 2, 2)
    ax3 = fig.add_subplot(2, 1, 2)
    start = geodetic_to_ecef(h["lat"][0], h["lon"][0])
    down = np.array([surface_distance(start, geodetic_to_ecef(la, lo)) for la, lo in zip(h["lat"], h["lon"])]) / 1e3
    ax1.plot(down, h["altitude"] / 1e3, color="#c2185b")
    ax1.set_xlabel("downrange [km]")
    ax1.set_ylabel("altitude [km]")
    ax1.set_title("altitude against downrange")
    t_min = h["t"] / 60
    ax2.plot(t_min, h["speed"] / 1e3, color="#1f77b4", label="air-relative speed [km/s]")
    ax2.plot(t_min, h["acceleration"] / 9.80665, color="#d62728", label="sensed acceleration [g0]")
    for name, t in sim.events.items():
        ax2.axvline(t / 60, color="grey", ls=":", lw=0.8)
        ax2.text(t / 60, 0.0, name, rotation=90, fontsize=7, va="bottom")
    ax2.set_xlabel("time since lift-off [min]")
    ax2.set_ylabel("speed [km/s] · acceleration [g0]")
    ax2.set_title("speed and acceleration, events marked")
    ax2.legend(fontsize=8, loc="upper right")
    step = 10
    land = np.unpackbits(packed_land()[::step], axis=1, count=NLON)[:, ::step]
    ax3.imshow(land, extent=(-180, 180, -90, 90), cmap="Greys", alpha=0.35, vmin=0, vmax=1.5, aspect="auto")
    lon = (np.asarray(h["lon"]) + 180) % 360 - 180
    jumps = np.nonzero(np.abs(np.diff(lon)) > 180)[0] + 1
    for seg_lat, seg_lon in zip(np.split(h["lat"], jumps), np.split(lon, jumps)):
        ax3.plot(seg_lon, seg_lat, color="#c2185b", lw=2)
    f = a.flight
    ax3.plot([f.launch_site.lon], [f.launch_site.lat], "o", color="#1f77b4", label=f"launch: {f.launch_site.code}")
    ax3.plot([f.landing_site.lon], [f.landing_site.lat], "s", color="#2ca02c", label=f"landing zone: {f.landing_site.code}")
    ax3.set_xlim(-180, 180)
    ax3.set_ylim(-90, 90)
    ax3.set_xlabel("longitude [deg]")
    ax3.set_ylabel("latitude [deg]")
    ax3.set_title(f"ground track (miss {sim.miss_distance.m_as('km'):.2f} km)")
    ax3.legend(fontsize=8, loc="lower left")
    verdict = "" if f.feasible else f"\nNOT FEASIBLE — {f.reasons[0]}" if f.reasons else "\nNOT FEASIBLE"
    fig.suptitle(f"{a.vehicle.name}: {f.launch_site.code} → {f.landing_site.code}, 3-DOF simulation "
                 f"({f.time_of_flight.m_as('min'):.1f} min){verdict}", color="black" if f.feasible else "#b00020")
    fig.tight_layout()
    return _save(fig, path, force)


def _inertial_phi(a):
    """The inertial burnout flight-path angle of the surface arc [deg] (recomputed from the flight's geometry)."""
    from ..core.ballistic import solve_arcs
    from ..core.constants import R_MEAN
    from ..flight import parse_trajectory

    f = a.flight
    mode, value = parse_trajectory(f.trajectory)
    arc = solve_arcs(f.launch_site.lat, f.launch_site.lon, f.landing_site.lat, f.landing_site.lon, r=R_MEAN,
                     trajectory=mode, value=value)
    return np.degrees(float(arc.phi))


def timeline_figure(a, path, force: bool = False):
    """Door-to-door Gantt: rocket, air general and air express, each leg coloured by mode."""
    plt = _plt()
    rows = [("rocket", a.rocket.legs)] + [(f"air {k}", p.legs) for k, p in a.air_services.items()]
    fig, ax = plt.subplots(figsize=(11, 3.2))
    seen = set()
    for y, (label, legs) in enumerate(rows):
        start = 0.0
        for leg in legs:
            h = leg.duration.m_as("h")
            mode = leg.mode
            ax.barh(y, h, left=start, color=MODE_COLOURS.get(mode, "grey"), edgecolor="white",
                    label=mode if mode not in seen else None)
            seen.add(mode)
            start += h
        ax.text(start + 1, y, f"{start:.0f} h", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("time from pickup [h]")
    ax.set_title(f"Door to door {a.origin.code} → {a.destination.code}: {a.vehicle.name} against air freight")
    ax.legend(ncol=6, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    ax.grid(axis="x", alpha=0.3)
    return _save(fig, path, force)


def cost_figure(a, path, force: bool = False):
    """Cost per flight by item, and cost per kg against air."""
    plt = _plt()
    e = a.economics
    items = sorted(((k.replace("_", " "), v.m_as("MUSD")) for k, v in e.breakdown.items()), key=lambda kv: kv[1])
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [2, 1]})
    ax1.barh([k for k, _ in items], [v for _, v in items], color="#c2185b")
    ax1.set_xlabel("cost per flight [million USD]")
    ax1.set_title(f"{a.vehicle.name}: {e.cost_per_flight.m_as('MUSD'):.2f} M USD per flight")
    ax2.bar(["rocket", f"air ({a.air.service})"], [e.cost_per_kg.m_as("USD/kg"), e.air_cost_per_kg.m_as("USD/kg")],
            color=["#c2185b", "#17becf"])
    ax2.set_yscale("log")
    ax2.set_ylabel("cost per kg of cargo [USD/kg] (log scale)")
    ax2.set_title(f"premium {e.premium_ratio:,.0f} ×")
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    return _save(fig, path, force)


def tornado_figure(a, path, force: bool = False):
    """Sensitivity of cost per kg to each ranged input (Spearman ρ), strongest on top."""
    if not a.sensitivity:
        raise InputError("a tornado figure needs Monte Carlo samples: add --samples N")
    plt = _plt()
    names = [n for n, _ in a.sensitivity][::-1]
    rho = [r for _, r in a.sensitivity][::-1]
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(names) + 1.5))
    ax.barh(names, rho, color=["#c2185b" if r > 0 else "#1f77b4" for r in rho])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("Spearman rank correlation with cost per kg [-]")
    ax.set_title(f"What moves the cost per kg ({a.inputs['samples']:,} samples)")
    ax.grid(axis="x", alpha=0.3)
    return _save(fig, path, force)


def histogram_figure(a, path, force: bool = False):
    """Monte Carlo histogram of cost per kg with p10/p50/p90 marked."""
    if not getattr(a, "uncertainty_samples", None):
        raise InputError("a histogram needs Monte Carlo samples: add --samples N")
    plt = _plt()
    x = np.asarray(a.uncertainty_samples["cost_per_kg"])
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.hist(x[np.isfinite(x)], bins=60, color="#c2185b", alpha=0.8)
    for q, ls in ((10, ":"), (50, "-"), (90, ":")):
        v = np.percentile(x[np.isfinite(x)], q)
        ax.axvline(v, color="black", ls=ls, lw=1)
        ax.text(v, ax.get_ylim()[1] * 0.95, f"p{q} {v:,.0f}", rotation=90, va="top", ha="right", fontsize=8)
    ax.set_xlabel("rocket cost per kg [USD/kg]")
    ax.set_ylabel("samples [-]")
    ax.set_title(f"{a.vehicle.name} {a.origin.code} → {a.destination.code}: cost per kg, {len(x):,} samples")
    ax.grid(alpha=0.3)
    return _save(fig, path, force)


def payload_range_figure(result, vehicle: str, path, force: bool = False):
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(result["range"].m_as("km"), result["max_payload"].m_as("t"), color="#c2185b", lw=2, marker="o", ms=3)
    ax.set_xlabel("ground range [km]")
    ax.set_ylabel("maximum payload [t]")
    ax.set_title(f"Payload–range of {vehicle}: from {result['origin'].code} towards {result['towards'].code}, "
                 f"min-energy arcs")
    ax.grid(alpha=0.3)
    return _save(fig, path, force)


def matrix_figure(m, path, force: bool = False):
    plt = _plt()
    data = m.max_payload.m_as("t")
    fig, ax = plt.subplots(figsize=(0.35 * len(m.codes) + 3, 0.35 * len(m.codes) + 2))
    im = ax.imshow(np.where(np.eye(len(m.codes), dtype=bool), np.nan, data), cmap="magma")
    ax.set_xticks(range(len(m.codes)), m.codes, rotation=90, fontsize=7)
    ax.set_yticks(range(len(m.codes)), m.codes, fontsize=7)
    ax.set_xlabel("to")
    ax.set_ylabel("from")
    fig.colorbar(im, ax=ax, label="maximum payload [t]")
    ax.set_title(f"{m.vehicle}: maximum payload between cargo airports")
    return _save(fig, path, force)


KINDS = {"trajectory": trajectory_figure, "timeline": timeline_figure, "cost": cost_figure,
         "tornado": tornado_figure, "histogram": histogram_figure}

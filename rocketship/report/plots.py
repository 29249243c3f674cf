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


def _caveat(a) -> str | None:
    """Why the figures describe a flight that cannot happen, or None when it can fly."""
    e = a.economics
    if e is None or e.flies:
        return None
    return f"cannot fly: {e.why_not} — figures are what it would be if it could"


def _mark(fig, a) -> None:
    """Say on the figure, in red, that the flight cannot fly (nothing when it can)."""
    why = _caveat(a)
    if why is not None:
        import textwrap

        fig.text(0.5, 1.0, "\n".join(textwrap.wrap(why.upper(), 110)), ha="center", va="bottom", color="#b00020",
                 fontsize=9, fontweight="bold")


def no_flight_figure(a, path, force: bool = False):
    """A flight that never happened: no trajectory to draw, only the reason."""
    import textwrap

    f = a.flight
    plt = _plt()
    fig, ax = plt.subplots(figsize=(9, 3))
    ax.axis("off")
    ax.set_title(f"{a.vehicle.name}: {f.launch_site.code} → {f.landing_site.code}, {f.fidelity} tier: no flight",
                 color="#b00020")
    ax.text(0.5, 0.5, "\n".join(textwrap.wrap("; ".join(f.reasons) or "the vehicle never left the pad", 90)),
            ha="center", va="center", fontsize=10, color="#b00020", transform=ax.transAxes)
    return _save(fig, path, force)


def trajectory_figure(a, path, force: bool = False):
    """The flight's track (the model's own points: :class:`rocketship.core.track.FlightTrack`): altitude against
    downrange with the arc, the braking burn and the entry glide drawn apart and the events marked, and the
    sensed acceleration through the entry against the cargo's limit (the 3-DOF figure when the flight was
    simulated; the reason alone when nothing flew)."""
    if a.flight.time_of_flight is None:
        return no_flight_figure(a, path, force)
    f = a.flight
    from ..flight import flight_track_of

    tr = flight_track_of(a.vehicle, f)
    plt = _plt()
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(9, 6.5), gridspec_kw={"height_ratios": [2, 1]})
    colours = {"arc": "#c2185b", "braking": "#ff8f00", "entry": "#1f77b4"}
    labels = ({"arc": "climb and free flight (3-DOF)", "braking": "braking burn (3-DOF, throttled to the "
               "cargo's limit)", "entry": "entry and landing (3-DOF, guided)"} if tr.simulated else
              {"arc": "free flight (equivalent-impulse arc)", "braking": "braking burn (lit to end where the air "
               "takes hold)", "entry": "entry through the air (integrated, lift at the bank flown)"})
    for phase in ("arc", "braking", "entry"):
        mask = tr.phase == phase
        mask |= np.r_[mask[1:], False]   # from the last point of the phase before, so the phases join
        if np.any(mask):
            ax.plot(tr.downrange[mask] / 1e3, tr.altitude[mask] / 1e3, color=colours[phase], lw=2, label=labels[phase])
    for name, (x, y) in tr.events.items():
        ax.plot([x / 1e3], [y / 1e3], "o", ms=4, color="black")
        ax.annotate(name, (x / 1e3, y / 1e3), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set_xlabel("downrange [km]")
    ax.set_ylabel("altitude [km]")
    verdict = "" if f.feasible else f"\nNOT FEASIBLE — {f.reasons[0]}" if f.reasons else "\nNOT FEASIBLE"
    ax.set_title(f"{a.vehicle.name}: {f.launch_site.code} → {f.landing_site.code}, {f.trajectory_flown} "
                 f"({f.time_of_flight.m_as('min'):.0f} min lift-off to touchdown){verdict}",
                 color="black" if f.feasible else "#b00020", fontsize=9)
    ax.legend(loc="lower left", fontsize=7)
    ax.grid(alpha=0.3)
    entry = tr.phase == "entry"
    ax2.plot(tr.time[entry] / 60, tr.sensed[entry] / 9.80665, color="#1f77b4", label="sensed acceleration")
    if f.g_limit is not None:
        ax2.axhline(f.g_limit.m_as("g_0"), color="#d62728", ls="--", lw=1, label="cargo limit")
    ax2.set_xlabel("time since lift-off [min]" if tr.simulated else
                   "time along the arc, from its start at the launch point [min]")
    ax2.set_ylabel("[g₀]")
    ax2.set_title("through the entry: what the cargo feels", fontsize=9)
    ax2.legend(fontsize=7)
    ax2.grid(alpha=0.3)
    fig.tight_layout()
    return _save(fig, path, force)


def timeline_figure(a, path, force: bool = False):
    """Door-to-door Gantt: each air service under the rocket with that service's own ground legs, each leg
    coloured by mode (the rocket's rows marked when it cannot fly)."""
    plt = _plt()
    mark = "" if _caveat(a) is None else " (if it could fly)"
    rows = []
    for sid in ("express", "general"):
        rows += [(f"rocket, {sid} ground legs{mark}", a.rocket.timelines[sid].legs),
                 (f"air {sid}", a.air_services[sid].legs)]
    fig, ax = plt.subplots(figsize=(11, 4))
    seen = set()
    for y, (label, legs) in enumerate(rows):
        start = 0.0
        for leg in legs:
            h = leg.duration.m_as("h")
            mode = leg.mode
            ax.barh(y, h, left=start, color=MODE_COLOURS.get(mode, "grey"), edgecolor="white",
                    label=mode if mode not in seen else None, alpha=0.45 if mark and label.startswith("rocket") else 1)
            seen.add(mode)
            start += h
        ax.text(start + 1, y, f"{start:.0f} h", va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.invert_yaxis()
    ax.set_xlabel("time from pickup [h]")
    ax.set_title(f"Door to door {a.origin.code} → {a.destination.code}: {a.vehicle.name} against air freight, "
                 f"same ground legs")
    ax.legend(ncol=6, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    ax.grid(axis="x", alpha=0.3)
    _mark(fig, a)
    return _save(fig, path, force)


def cost_figure(a, path, force: bool = False):
    """Cost per flight by item, and cost per kg against each air service (marked when it cannot fly)."""
    plt = _plt()
    e = a.economics
    items = sorted(((k.replace("_", " "), v.m_as("MUSD")) for k, v in e.breakdown.items()), key=lambda kv: kv[1])
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [2, 1]})
    ax1.barh([k for k, _ in items], [v for _, v in items], color="#c2185b")
    ax1.set_xlabel("cost per flight [million USD]")
    ax1.set_title(f"{a.vehicle.name}: {e.cost_per_flight.m_as('MUSD'):.2f} M USD per flight"
                  + ("" if e.flies else " if it could fly"))
    ax2.bar(["rocket", "air express", "air general"],
            [e.cost_per_kg.m_as("USD/kg"), *(e.versus[s].air_cost_per_kg.m_as("USD/kg") for s in ("express", "general"))],
            color=["#c2185b", "#17becf", "#17becf"])
    ax2.set_yscale("log")
    ax2.set_ylabel("cost per kg of cargo [USD/kg] (log scale)")
    ax2.set_title("premium " + ", ".join(f"{e.versus[s].premium_ratio:,.0f} × {s}" for s in ("express", "general")))
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    _mark(fig, a)
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
    sub = a.sensitivity_subsample   # past 20,000 draws the ranking reads a seeded subsample: say so
    ranked = (f"{a.inputs['samples']:,} samples" if not sub else
              f"a random {sub['samples']:,} of the {sub['of']:,} samples, seeded")
    ax.set_title(f"What moves the cost per kg ({ranked})")
    ax.grid(axis="x", alpha=0.3)
    _mark(fig, a)
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
    _mark(fig, a)
    return _save(fig, path, force)


def payload_range_figure(result, vehicle: str, path, force: bool = False):
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(result.range.m_as("km"), result.max_payload.m_as("t"), color="#c2185b", lw=2, marker="o", ms=3)
    ax.set_xlabel("ground range [km]")
    ax.set_ylabel("maximum payload [t]")
    ax.set_title(f"Payload–range of {vehicle}: from {result.origin.code} towards {result.towards.code}, "
                 f"the best flight at each range")
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


def map_figure(a, path, force: bool = False):
    """The route on a map (:func:`rocketship.report.mapping.map_figure`)."""
    from .mapping import map_figure as draw

    return draw(a, path, force)


#: one function for each of :data:`rocketship.choices.PLOT_KINDS`, in that order
KINDS = {"trajectory": trajectory_figure, "timeline": timeline_figure, "cost": cost_figure,
         "tornado": tornado_figure, "histogram": histogram_figure, "map": map_figure}

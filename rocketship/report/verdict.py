"""The verdict: what a reader needs in thirty seconds, before any detail.

Can it fly (and the one reason if not); door to door by rocket against air
express and air general, each over the same pickup, clearance and last mile;
what a kilogram and a parcel cost against air; which pairing, and whether
the figures are the most-likely values or medians with their p10-p90.  Every
figure is read from the assessment; nothing is computed here.
"""

from __future__ import annotations

from .text import esc, fmt, key_value_table

ORDER = ("express", "general")   #: the faster air service first


def _banded(q, band, role: str, system: str, digits: int | None = None) -> str:
    """*q* formatted, with its p10-p90 in brackets when it was sampled."""
    text = fmt(q, role, system, digits)
    if band is None:
        return text
    from ..units import Q_

    lo, hi = (fmt(Q_(x, band.unit), role, system, digits).rsplit(" ", 1)[0] for x in (band.p10, band.p90))
    return f"{text} [{lo}–{hi}]"


def saved_text(pairing, system: str = "si") -> str:
    """``slower by 9.4 h`` / ``faster by 11.5 h`` (the signed time saved, in words)."""
    h = pairing.time_saved
    if not pairing.timed:
        return "—"
    if h.m_as("h") > 0:
        words = f"faster by {fmt(h, 'long_duration', system, 1)}"
    elif h.m_as("h") < 0:
        words = f"slower by {fmt(-h, 'long_duration', system, 1)}"
    else:
        words = "no faster"
    band = pairing.bands.get("time_saved")
    if band is not None:
        words += f" [saved {band.p10:+,.1f} to {band.p90:+,.1f} h]"
    return words


def break_even_text(pairing, system: str = "si") -> str:
    """What an hour saved must be worth to a kilogram for the rocket to pay, or why nothing is."""
    be = pairing.break_even_value_of_time
    if not pairing.timed:
        return "—"
    if not pairing.faster or be is None:
        return "none: nothing pays for a slower delivery"
    if be.magnitude <= 0:
        return "pays for any cargo (faster and cheaper)"
    worth = _banded(be, pairing.bands.get("break_even_value_of_time"), "value_of_time", system)
    return f"pays for cargo whose time is worth {worth} or more"


def basis_text(e) -> str:
    from ..economics import Basis

    if e.basis is Basis.MEDIAN:
        return f"medians of {e.samples:,} draws, p10–p90 in brackets"
    return "most-likely values; --samples N for ranges"


def verdict_table(a, system: str = "si"):
    """The verdict as a short two-column table of prose that wraps at spaces."""
    e, f = a.economics, a.flight
    payload = fmt(a.inputs["payload"], "mass", system)
    title = esc(f"Verdict: {a.vehicle.id}, {a.origin.code} → {a.destination.code}, {payload} ({basis_text(e)})")
    if e.flies:
        flies = f"[green]yes[/] — {fmt(f.time_of_flight, 'duration', system, 0)} lift-off to touchdown"
        p = (a.uncertainty or {}).get("probability_feasible")
        if p is not None and p < 1:
            flies += f" (in {p:.0%} of the draws)"
        mark = ""
    else:
        flies = f"[red]no[/] — {esc(e.why_not or 'the flight cannot be flown')}"
        mark = "if it could fly: " if f.time_of_flight is not None else "if it could fly (flight time unknown): "
    rows = [("flies?", flies)]
    if a.air is not None and not a.air.feasible:   # the comparison is then with an air service that cannot fly it
        why = "; ".join(a.air.reasons) or "the freighter cannot fly this cargo on this route"
        rows.append(("air flies?", esc(f"no — {why}: its figures below are as if it could")))
    for sid in ORDER:
        p = e.versus[sid]
        if not p.timed:
            rows.append((f"vs air {sid}", esc(
                f"no door-to-door time by rocket without a pad; air {fmt(p.air_door_to_door, 'long_duration', system, 1)}"
                " door to door")))
            continue
        rows.append((f"vs air {sid}", esc(
            f"{mark}rocket {_banded(p.rocket_door_to_door, p.bands.get('rocket_door_to_door'), 'long_duration', system, 1)}, "
            f"air {_banded(p.air_door_to_door, p.bands.get('air_door_to_door'), 'long_duration', system, 1)} door to door: "
            f"{saved_text(p, system)}, "
            + (break_even_text(p, system) if p.faster else "so no break-even"))))

    def costs(p_kg, b_kg, p_parcel, b_parcel):
        return (f"{_banded(p_kg, b_kg, 'cost_per_mass', system)}, "
                f"{_banded(p_parcel, b_parcel, 'cost', system, 2)} a parcel")

    rows.append(("cost", esc(
        f"{mark}rocket {costs(e.cost_per_kg, e.bands.get('cost_per_kg'), e.cost_per_parcel, e.bands.get('cost_per_parcel'))}"
        + "".join(f" · air {sid} " + costs(e.versus[sid].air_cost_per_kg, e.versus[sid].bands.get("air_cost_per_kg"),
                                           e.versus[sid].air_cost_per_parcel, e.versus[sid].bands.get("air_cost_per_parcel"))
                  for sid in ORDER)
        + f" ({fmt(a.inputs['parcel_mass'], 'small_mass', system)} parcels)")))
    rows.append(("pairing", "like for like: each air service against the rocket over that service's own pickup, "
                            "clearance and last mile"))
    return key_value_table(title, rows, justify="left", compact=True)

"""The economics block: cost per flight, per kg and per parcel, premium, break-even, CO2, uncertainty."""

from __future__ import annotations

import math

from rich import box
from rich.table import Table

from .text import esc, key_value_table


def _usd(q, unit="USD", digits=0):
    v = q.m_as(unit)
    return "—" if not math.isfinite(v) else f"{v:,.{digits}f} {unit}"


def economics_tables(a, system: str = "si"):
    e = a.economics
    b = e.breakdown
    total = e.cost_per_flight.m_as("USD")
    parts = ", ".join(f"{k.replace('_', ' ')} {v.m_as('USD') / total:.0%}" for k, v in
                      sorted(b.items(), key=lambda kv: -kv[1].m_as("USD")) if v.m_as("USD") > 0)
    be = e.break_even_value_of_time
    rows = [
        ("cost per flight", _usd(e.cost_per_flight)),
        ("  breakdown", parts),
        ("cost per kg (actual / chargeable)", f"{_usd(e.cost_per_kg, 'USD/kg')} / {_usd(e.cost_per_chargeable_kg, 'USD/kg')}"),
        ("parcels per flight (limited by)", f"{e.parcels_per_flight:,} ({e.parcels_limited_by})"),
        ("cost per parcel", _usd(e.cost_per_parcel, "USD", 2)),
        (f"same cargo by air ({a.air.service})", f"{_usd(e.air_cost)} ({_usd(e.air_cost_per_kg, 'USD/kg', 2)})"),
        ("rocket premium over air", f"{e.premium_ratio:,.0f} ×" if math.isfinite(e.premium_ratio) else "—"),
        ("time saved door to door", f"{e.time_saved.m_as('h'):,.1f} h"),
        ("break-even value of time", "rocket is not faster" if be is None else f"{be.m_as('USD/kg/h'):,.2f} USD per kg per hour"),
        ("CO₂ per tonne-km: rocket / air", f"{e.co2_per_tonne_km['rocket'].m_as('kg/(t*km)'):.2f} / "
                                            f"{e.co2_per_tonne_km['air'].m_as('kg/(t*km)'):.2f} kg"),
    ]
    out = [key_value_table("Economics", rows)]
    t = Table(title="Which cargo pays for the time saved?", box=box.SIMPLE, title_justify="left", title_style="bold")
    for col in ("cargo class", "value of time", "clears the break-even"):
        t.add_column(col, justify="left" if col == "cargo class" else "right")
    for c in e.cargo_classes:
        t.add_row(esc(c["name"]), f"{c['value_of_time'].m_as('USD/kg/h'):,.2f} USD/kg/h",
                  "[green]yes[/]" if c["clears"] else "[red]no[/]")
    out.append(t)
    if a.uncertainty:
        u = Table(title=f"Uncertainty ({a.inputs['samples']:,} samples, seed {a.inputs['seed']})", box=box.SIMPLE,
                  title_justify="left", title_style="bold")
        for col in ("output", "p10", "p50", "p90", "unit"):
            u.add_column(col, justify="left" if col in ("output", "unit") else "right")
        for key in ("cost_per_kg", "cost_per_parcel", "premium_ratio", "rocket_door_to_door", "air_door_to_door",
                    "time_saved", "break_even_value_of_time", "time_of_flight", "delta_v_margin"):
            if key in a.uncertainty:
                r = a.uncertainty[key]
                u.add_row(key.replace("_", " "), *(f"{r[p]:,.4g}" if math.isfinite(r[p]) else "—" for p in ("p10", "p50", "p90")),
                          r["unit"])
        if "probability_feasible" in a.uncertainty:
            u.add_row("flight feasible", "", f"{a.uncertainty['probability_feasible']:.0%}", "", "probability")
        out.append(u)
        s = Table(title="What moves cost per kg most (Spearman ρ)", box=box.SIMPLE, title_justify="left", title_style="bold")
        s.add_column("input")
        s.add_column("ρ", justify="right")
        for name, rho in a.sensitivity or []:
            s.add_row(esc(name), f"{rho:+.2f}")
        out.append(s)
    return out

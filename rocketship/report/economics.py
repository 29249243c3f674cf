"""The economics block: cost per flight, per kg and per parcel; the rocket against each air service over
the same ground legs; which cargo pays; uncertainty and sensitivity."""

from __future__ import annotations

import math

from rich import box
from rich.table import Table

from .layout import short
from .text import Fitted, KeyValueTable, esc, fmt, key_value_table, per_mass, widest
from .verdict import ORDER, _banded, break_even_text, saved_text


def _title(e, what: str) -> str:
    return what if e.flies else f"{what} — if it could fly (it cannot: see the flight above)"


def cost_table(a, system: str = "si") -> KeyValueTable:
    e = a.economics
    total = e.breakdown and sum(v.m_as("USD") for v in e.breakdown.values())
    parts = ", ".join(f"{k.replace('_', ' ')} {v.m_as('USD') / total:.0%}" for k, v in
                      sorted(e.breakdown.items(), key=lambda kv: -kv[1].m_as("USD")) if v.m_as("USD") > 0)
    rows = [
        ("cost per flight", _banded(e.cost_per_flight, e.bands.get("cost_per_flight"), "cost", system)),
        ("  shares at the most-likely values" if e.bands else "  shares", parts),
        *_whole_cost_rows(a, system),
        (f"cost per {per_mass(system)} (actual / chargeable)", f"{_banded(e.cost_per_kg, e.bands.get('cost_per_kg'), 'cost_per_mass', system)}"
                                              f" / {fmt(e.cost_per_chargeable_kg, 'cost_per_mass', system)}"),
        ("parcels per flight (limited by)", f"{e.parcels_per_flight:,} ({e.parcels_limited_by})"),
        ("cost per parcel", _banded(e.cost_per_parcel, e.bands.get("cost_per_parcel"), "cost", system, 2)),
        ("CO₂ per tonne-km: rocket / air", f"{e.co2_per_tonne_km['rocket'].m_as('kg/(t*km)'):.2f} / "
                                            f"{e.co2_per_tonne_km['air'].m_as('kg/(t*km)'):.2f} kg"),
    ]
    return key_value_table(_title(e, "Economics"), [(k, esc(v)) for k, v in rows])


def _whole_cost_rows(a, system: str) -> list[tuple[str, str]]:
    """The costs of flying beyond the vehicle and its propellant: recovery, the voyage home, pads, capital, losses."""
    b = a.economics.breakdown
    if "recovery" not in b:
        return []

    def usd(*keys):
        return " / ".join(fmt(b[k], "cost", system) for k in keys if k in b)

    rows = [("  recovery at sea", usd("recovery"))]
    if any(b.get(k) is not None and b[k].m_as("USD") > 0 for k in ("vehicle_return", "return_fuel", "canal_tolls")):
        canals = ", ".join(c.capitalize() for c in a.rocket.siting.return_canals) or "no canal"
        rows.append((f"  voyage home: ship / fuel / tolls ({canals})", usd("vehicle_return", "return_fuel", "canal_tolls")))
    rows.append(("  pads / cost of capital", usd("pads", "cost_of_capital")))
    rows.append(("  expected loss of a stage", usd("expected_vehicle_loss")))
    return rows


def versus_table(a, system: str = "si") -> Table:
    """The rocket against each air service, over that service's own pickup, clearance and last mile."""
    e = a.economics
    t = Table(title=_title(e, "Rocket against air, over the same pickup, clearance and last mile"),
              box=box.SIMPLE, title_justify="left", title_style="bold")
    t.add_column("", overflow="fold")
    for sid in ORDER:
        t.add_column(f"air {sid}", justify="right", overflow="fold")
    ps = [e.versus[sid] for sid in ORDER]

    def row(label, cell):
        t.add_row(label, *(esc(cell(p)) for p in ps))

    row("door to door, rocket", lambda p: _banded(p.rocket_door_to_door, p.bands.get("rocket_door_to_door"),
                                                  "long_duration", system, 1))
    row("door to door, air", lambda p: _banded(p.air_door_to_door, p.bands.get("air_door_to_door"),
                                               "long_duration", system, 1))
    row("time", lambda p: saved_text(p, system))
    row("same cargo by air", lambda p: _banded(p.air_cost, p.bands.get("air_cost"), "cost", system))
    row(f"  per {per_mass(system)}", lambda p: _banded(p.air_cost_per_kg, p.bands.get("air_cost_per_kg"), "cost_per_mass", system))
    row("rocket premium over air", lambda p: "—" if not math.isfinite(p.premium_ratio) else f"{short(p.premium_ratio)} ×")
    row("break-even value of time", lambda p: break_even_text(p, system))
    return t


def cargo_table(a, system: str = "si"):
    """Which classes of goods are worth enough per hour to pay the premium, against each air service."""
    e = a.economics
    title = "Which cargo pays for the time saved?"
    if not e.flies:
        return key_value_table(title, [("not assessed", esc(f"{a.vehicle.name} cannot fly this route with this cargo: "
                                                            f"{e.why_not}"))], justify="left")
    t = Table(title=title, box=box.SIMPLE, title_justify="left", title_style="bold")
    t.add_column("cargo class", overflow="fold")
    t.add_column("value of time", justify="right", no_wrap=True)
    for sid in ORDER:
        t.add_column(f"pays vs {sid}", justify="right", no_wrap=True)
    narrow, columns = [], [["value of time"], *([f"pays vs {sid}"] for sid in ORDER)]
    for c in e.cargo_classes:
        cells = []
        for sid in ORDER:
            ok = c.clears.get(sid)
            cells.append("[green]yes[/]" if ok else ("[red]no[/]" if e.versus[sid].faster else "no (slower)"))
        worth = fmt(c.value_of_time, "value_of_time", system)
        t.add_row(esc(c.name), worth, *cells)
        narrow.append((esc(c.name), f"{worth}: " + ", ".join(f"pays vs {sid} {cell}" for sid, cell in zip(ORDER, cells))))
        for column, cell in zip(columns, (worth, *cells)):
            column.append(cell)
    # the columns that do not wrap, whole, the longest word of the classes' names, and each column's padding
    need = sum(widest(column) for column in columns) + widest(w for c in e.cargo_classes for w in c.name.split()) \
        + 2 * (len(columns) + 1) + 2
    return Fitted(t, key_value_table(title, narrow, justify="left"), need)


def _uncertainty_label(key: str) -> str:
    from ..costmodel import versus_key

    for sid in ORDER:
        suffix = versus_key("", sid)
        if key.endswith(suffix):
            return f"{key[: -len(suffix)].replace('_', ' ')} (vs air {sid})"
    return key.replace("_", " ")


def uncertainty_tables(a) -> list:
    u = Table(title=f"Uncertainty ({a.inputs['samples']:,} samples, seed {a.inputs['seed']})", box=box.SIMPLE,
              title_justify="left", title_style="bold")
    for col in ("output", "p10", "p50", "p90", "unit"):
        u.add_column(col, justify="left" if col in ("output", "unit") else "right", overflow="fold",
                     no_wrap=col not in ("output", "unit"))
    for key, r in a.uncertainty.items():
        if isinstance(r, dict) and "p50" in r:
            u.add_row(esc(_uncertainty_label(key)),
                      *(short(r[p]) if math.isfinite(r[p]) else ("never" if r[p] > 0 else "—")
                        for p in ("p10", "p50", "p90")), r["unit"])
    for key, r in a.uncertainty.items():
        if isinstance(r, float):
            u.add_row(esc(_uncertainty_label(key)), "", f"{r:.0%}", "", "share of draws")
    sub = a.sensitivity_subsample
    over = "" if not sub else f" over a random {sub['samples']:,} of the {sub['of']:,} draws, seeded"
    s = Table(title=f"What moves cost per kg most (Spearman ρ{over})", box=box.SIMPLE, title_justify="left",
              title_style="bold")
    s.add_column("input", overflow="fold")
    s.add_column("ρ", justify="right", no_wrap=True)
    for name, rho in a.sensitivity or []:
        s.add_row(esc(name), f"{rho:+.2f}")
    return [u, s]


def economics_tables(a, system: str = "si"):
    out = [cost_table(a, system), versus_table(a, system), cargo_table(a, system)]
    if a.uncertainty:
        out += uncertainty_tables(a)
    return out

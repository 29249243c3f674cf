"""Many routes and vehicles: the comparison table and the route matrix, laid out to fit the terminal.

The comparison is one table when the terminal is wide enough; otherwise one
table per route (the air services' door-to-door times in its title), and at
the narrowest a block of lines per route and vehicle.  Route codes and
numbers are never cut: the layout changes instead.
"""

from __future__ import annotations

import math

from rich import box
from rich.table import Table

from ..units import display
from .layout import first_that_fits, short
from .text import console, esc, key_value_table

PAIRINGS = ("express", "general")
NOTE = ("door to door in hours, the rocket with each air service's own pickup, clearance and last mile; "
        "saved < 0: the rocket is slower; break-even: what an hour saved must be worth to a kilogram; "
        "( ): if it could fly — it cannot")


def _unit(role: str, system: str) -> str:
    from ..units import Q_

    base = {"cost_per_mass": "USD/kg", "value_of_time": "USD/kg/h"}[role]
    text = format(display(Q_(1.0, base), role, system).units, "~P")
    return {"USD/h/kg": "USD/kg/h", "USD/h/lb": "USD/lb/h"}.get(text, text)


def _n(q, role: str, system: str, digits: int | None = None) -> str:
    """The number of *q* in the display unit of *role* (no unit: it is in the header)."""
    if q is None:
        return "—"
    if isinstance(q, float):
        return short(q)
    mag = float(display(q, role, system).magnitude) if role else float(q.magnitude)
    if digits is not None:
        return f"{mag:,.{digits}f}"
    return short(mag) if abs(mag) >= 100 else f"{mag:,.{1 if abs(mag) >= 10 else 2}f}"


def _cells(r, sid: str, system: str) -> dict:
    """One pairing's cells of a row; the rocket's figures in brackets when it cannot fly."""
    mark = (lambda x: x) if r["feasible"] else (lambda x: f"({x})")
    be = r[f"break_even_versus_{sid}"]
    saved = r[f"time_saved_versus_{sid}"].m_as("h")
    timed = saved == saved   # NaN: no door-to-door time by rocket (no pad)
    return {
        "rocket": mark(_n(r[f"rocket_door_to_door_{sid}"], "long_duration", system, 1)) if timed else "—",
        "air": _n(r[f"air_{sid}_door_to_door"], "long_duration", system, 1),
        "saved": mark(f"{saved:+,.1f}") if timed else "—",
        "air_kg": _n(r[f"air_{sid}_cost_per_kg"], "cost_per_mass", system),
        "premium": mark(f"{short(r[f'premium_versus_{sid}'])}×"),
        "break_even": mark("none" if be is None else _n(be, "value_of_time", system)) if timed else "—",
    }


def _flies(r) -> str:
    return "[green]yes[/]" if r["feasible"] else "[red]no[/]"


def _wide(rows, system):
    from rich.console import Group
    from rich.text import Text

    t = Table(title="Comparison: rocket against air, same ground legs", box=box.SIMPLE_HEAD, title_justify="left",
              title_style="bold", show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    kg, vot = _unit("cost_per_mass", system), _unit("value_of_time", system)
    for col in ("route", "vehicle", "flies", "max load\n[t]", "flight\n[min]", "vs air", "rocket\n[h]", "air\n[h]",
                "saved\n[h]", f"rocket\n[{kg}]", f"air\n[{kg}]", "premium", f"break-even\n[{vot}]"):
        t.add_column(esc(col), justify="left" if col in ("route", "vehicle", "flies", "vs air") else "right",
                     no_wrap=True)
    for r in rows:
        for i, sid in enumerate(PAIRINGS):
            c = _cells(r, sid, system)
            first = (esc(r["route"]), esc(r["vehicle"]), _flies(r), _n(r["max_payload"], "mass", system),
                     _n(r["flight_time"], "", system, 0),) if i == 0 else ("", "", "", "", "")
            rocket_kg = (_n(r["cost_per_kg"], "cost_per_mass", system) if r["feasible"]
                         else f"({_n(r['cost_per_kg'], 'cost_per_mass', system)})") if i == 0 else ""
            t.add_row(*first, sid, c["rocket"], c["air"], c["saved"], rocket_kg, c["air_kg"], c["premium"],
                      c["break_even"], end_section=i == len(PAIRINGS) - 1)
    return Group(t, Text(NOTE, style="dim"))


def _by_route(rows, system):
    from rich.console import Group

    kg, vot = _unit("cost_per_mass", system), _unit("value_of_time", system)
    tables = []
    for route in dict.fromkeys(r["route"] for r in rows):
        group = [r for r in rows if r["route"] == route]
        air = ", ".join(f"air {sid} {_n(group[0][f'air_{sid}_door_to_door'], 'long_duration', system, 1)} h"
                        for sid in PAIRINGS)
        t = Table(title=f"{route} ({air} door to door)", box=box.SIMPLE_HEAD, title_justify="left", title_style="bold",
                  show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        for col in ("vehicle", "flies", "vs air", "rocket\n[h]", "saved\n[h]", f"rocket\n[{kg}]", f"air\n[{kg}]",
                    f"break-even\n[{vot}]"):
            t.add_column(esc(col), justify="left" if col in ("vehicle", "flies", "vs air") else "right", no_wrap=True)
        for r in group:
            for i, sid in enumerate(PAIRINGS):
                c = _cells(r, sid, system)
                rocket_kg = "" if i else (_n(r["cost_per_kg"], "cost_per_mass", system) if r["feasible"]
                                          else f"({_n(r['cost_per_kg'], 'cost_per_mass', system)})")
                t.add_row(esc(r["vehicle"]) if i == 0 else "", _flies(r) if i == 0 else "", sid, c["rocket"],
                          c["saved"], rocket_kg, c["air_kg"], c["break_even"], end_section=i == len(PAIRINGS) - 1)
        tables.append(t)
    from rich.text import Text

    return Group(*tables, Text(NOTE, style="dim"))


def _records(rows, system):
    from rich.console import Group

    from .text import fmt, per_mass

    blocks = []
    for r in rows:
        lines = [("flies?", ("yes" if r["feasible"] else f"no — {esc(r['reason'])}"))]
        for sid in PAIRINGS:
            c = _cells(r, sid, system)
            hours = {k: c[k] if c[k] == "—" else f"{c[k]} h" for k in ("rocket", "saved")}
            lines.append((f"vs air {sid}", f"rocket {hours['rocket']}, air {c['air']} h, saved {hours['saved']}, "
                                           f"break-even {c['break_even']}"))
        lines.append((f"cost per {per_mass(system)}", f"rocket {fmt(r['cost_per_kg'], 'cost_per_mass', system)}"))
        blocks.append(key_value_table(f"{esc(r['route'])} · {esc(r['vehicle'])}", lines, justify="left"))
    return Group(*blocks)


def render_comparison(result, system: str = "si", out=None) -> None:
    c = console(out)
    rows = result.rows
    c.print(first_that_fits(c, [lambda: _wide(rows, system), lambda: _by_route(rows, system),
                                lambda: _records(rows, system)]))
    if any("stack_needed" in r for r in rows):
        c.print(_stack_needed(rows))


def _stack_needed(rows) -> Table:
    """The stack of each vehicle's family each route needs (``compare --stack-needed``)."""
    t = Table(title="Stack needed: the smallest of each vehicle's family that flies the route with the cargo",
              box=box.SIMPLE_HEAD, title_justify="left", title_style="bold", show_edge=False)
    for col in ("route", "vehicle", "× vehicle", "bound by"):
        t.add_column(col, justify="right" if col == "× vehicle" else "left", no_wrap=col != "bound by",
                     overflow="fold")
    for r in rows:
        k = r["stack_needed"]
        t.add_row(esc(r["route"]), esc(r["vehicle"]), "none ≤ 20" if k is None else f"{k:.2f}",
                  esc(r["stack_binding"]))
    return t


def grid_mass_unit(system: str) -> str:
    """The unit of the matrix's payload grid for *system*: tonnes where masses are shown metric, thousands
    of pounds where in pounds (a 100 t bay's 220,462 lb would not fit a column)."""
    from ..units import DISPLAY_UNITS

    return "t" if DISPLAY_UNITS.get(system, DISPLAY_UNITS["si"])["mass"] in ("t", "kg") else "klb"


def rounded_down(x: float) -> str:
    """A limit as a grid shows it: to the unit from 10 up and to a tenth under it, always rounded *down*, so
    that a cell never reads more than the pair carries (49.5 t is 49, not the 50 the pair falls short of)."""
    if x >= 10:
        return f"{math.floor(x * (1 + 1e-12)):.0f}"
    return f"{math.floor(x * 10 * (1 + 1e-12)) / 10:.1f}"


def rounded_up(x: float) -> str:
    """A need as a grid shows it: to a hundredth under 10 and to the unit from 10 up, always rounded *up*,
    so that a cell never reads less than the pair needs (1.007 × is 1.01, not the 1.0 that does not fly)."""
    if x >= 10:
        return f"{math.ceil(x * (1 - 1e-12)):.0f}"
    return f"{math.ceil(x * 100 * (1 - 1e-12)) / 100:.2f}"


def _matrix_table(m, show: int, cell=None, system: str = "si"):
    """The first *show* places' grid: *cell(i, j)* (default: the max payload in :func:`grid_mass_unit`,
    rounded down) for each ordered pair."""
    t = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 0, 0, 1), header_style="bold")
    t.add_column("", no_wrap=True)
    for code in m.codes[:show]:
        t.add_column(esc(code), justify="right", no_wrap=True)
    mp = m.max_payload.m_as(grid_mass_unit(system))
    cell = cell or (lambda i, j: "–" if mp[i, j] != mp[i, j] else "·" if not mp[i, j] > 0 else rounded_down(mp[i, j]))
    for i, code in enumerate(m.codes[:show]):
        t.add_row(esc(code), *("" if i == j else cell(i, j) for j in range(show)))
    return t


def _stack_cell(m):
    """A pair's cell of the stack-needed grid: the scale (× the vehicle), '·' where none flies, '–' not flown."""
    def cell(i: int, j: int) -> str:
        s = m.sizings.get((i, j))
        if s is None:
            return "–"
        return "·" if s.scale is None else rounded_up(s.scale)

    return cell


def render_matrix(m, system: str = "si", out=None) -> None:
    """Max payload [t] for every ordered pair (rows: from, columns: to); '·' where nothing can be carried,
    '–' where the pair was not flown (see ``m.skipped``; a place without a pad, ``m.unsited``, carries nothing).  As many places as fit the terminal are shown (at
    most 16); with ``m.sizings`` (``--stack-needed``), the same places' grid of the stack each pair needs."""
    from .layout import fits
    from .text import fmt

    c = console(out)
    n = len(m.codes)
    c.print(f"[bold]Route matrix[/]: {esc(m.vehicle)}, max payload on the best flights ({grid_mass_unit(system)}, "
            f"rounded down; rows from, columns to); "
            f"{int(m.feasible.sum()):,} of {n * (n - 1):,} ordered pairs feasible with {fmt(m.payload, 'mass', system)}")
    show = min(n, 16)
    while show > 2 and not (fits(c, _matrix_table(m, show, system=system))
                            and (m.sizings is None or fits(c, _matrix_table(m, show, _stack_cell(m))))):
        show -= 1
    c.print(_matrix_table(m, show, system=system))
    if n > show:
        c.print(f"[dim](first {show} of {n} places shown; --csv or --json for all)[/]")
    pairs = {tuple(sorted((m.codes[i], m.codes[j]))): why for i, j, why in m.skipped}
    if pairs:
        listed = "; ".join(f"{a} and {b}: {why}" for (a, b), why in list(pairs.items())[:8])
        more = f"; and {len(pairs) - 8} more (--json or --csv lists every one)" if len(pairs) > 8 else ""
        c.print(f"[yellow]not flown[/] (not counted feasible): {esc(listed + more)}")
    if m.unsited:
        c.print(f"[yellow]no pad[/] (its pairs carry nothing: `route` finds no site there either): {esc('; '.join(dict.fromkeys(why for _, why in m.unsited)))}")
    if m.sizings is not None:
        _render_stack_needed(c, m, show)


def _render_stack_needed(c, m, show: int) -> None:
    """``matrix --stack-needed``: the grid of the smallest stack of the vehicle's family each pair needs, and
    what binds them."""
    from collections import Counter

    sized = m.sizings.values()
    c.print()
    if not sized:
        c.print("[bold]Stack needed[/]: no pair was flown")
        return
    flies = sum(s.scale is not None for s in sized)
    top = next(iter(sized)).searched[1]
    c.print(f"[bold]Stack needed[/]: the smallest stack of {esc(m.vehicle)}'s family that flies each pair with the "
            f"cargo, between the pads 'size' sites (× {esc(m.vehicle)}, rounded up; '·': none up to {top:.3g} ×); "
            f"some stack flies {flies:,} of the {len(m.sizings):,} pairs flown")
    c.print(_matrix_table(m, show, _stack_cell(m)))
    bound = Counter(s.binding.words for s in sized if s.binding is not None)
    if bound:
        c.print("what binds (pairs): " + esc(", ".join(f"{words} {count:,}" for words, count in bound.most_common())))

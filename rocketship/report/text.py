"""Terminal output with rich: tables a person reads at a glance.

Colour and styling only when stdout is a terminal; ``NO_COLOR`` is honoured
(rich does both when the Console is built as below).
"""

from __future__ import annotations

import os
import re
import sys

from rich import box
from rich.console import Console
from rich.markup import escape as _escape_markup
from rich.table import Table

from ..units import display


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def esc(text) -> str:
    """Text from a file or the command line, safe to print: rich markup escaped (a '[bold]' in a name is
    shown, not obeyed) and control characters shown as ``\\x1b`` (an escape sequence never reaches the
    terminal)."""
    return _escape_markup(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text)))


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (``| head``): stop writing and let the CLI end quietly, exit 0 (rich's own
        handler exits 1)."""
        self.quiet = True
        raise BrokenPipeError


def console(file=None) -> Console:
    """A Console for reports.  emoji=False: no ``:name:`` in a place or vehicle name turns into a
    picture, and rendering skips rich's emoji pass (a quarter of a route report's render time)."""
    file = file or sys.stdout
    return _Console(file=file, highlight=False, no_color="NO_COLOR" in os.environ or None,
                   soft_wrap=False, emoji=False, width=None if file.isatty() else 150)


def fmt(q, role: str, system: str = "si", digits: int | None = None) -> str:
    """A Quantity as text in the display unit of *role* for *system*."""
    if q is None:
        return "—"
    d = display(q, role, system)
    mag = float(d.magnitude)
    if digits is None:
        digits = 0 if abs(mag) >= 100 else (1 if abs(mag) >= 10 else 2)
    unit = format(d.units, "~P").replace("g_0", "g₀").replace("**3", "³").replace("**2", "²")
    return f"{mag:,.{digits}f} {unit}"


def key_value_table(title: str, rows: list[tuple[str, str]], note: str | None = None) -> Table:
    t = Table(title=title, box=box.SIMPLE_HEAVY, show_header=False, title_justify="left",
              title_style="bold", caption=note, caption_justify="left")
    t.add_column("what", style="cyan", no_wrap=True)
    t.add_column("value", justify="right")
    for k, v in rows:
        t.add_row(k, v)
    return t


def render_route(a, system: str = "si", out=None) -> None:
    """Print an :class:`~rocketship.assessment.Assessment` as tables."""
    c = console(out)
    o, d = a.origin, a.destination
    c.print(f"[bold]{esc(o.code)}[/] {esc(o.name)} → [bold]{esc(d.code)}[/] {esc(d.name)}")
    rows = [
        ("geodesic distance (WGS-84)", fmt(a.distance, "distance", system, 0)),
        ("initial azimuth", fmt(a.azimuth, "angle", system, 1)),
    ]
    c.print(key_value_table("Route", rows))
    c.print(vehicle_headline(a.vehicle, a.inputs, system))
    if a.flight is not None:
        from .flight import flight_table

        c.print(flight_table(a.flight, system))
    if a.air is not None:
        from .air import air_table

        c.print(air_table(a.air, a.air_services, system))
    if a.rocket is not None:
        from .delivery import delivery_tables

        for t in delivery_tables(a, system):
            c.print(t)
    if a.economics is not None:
        from .economics import economics_tables

        for t in economics_tables(a, system):
            c.print(t)
    if a.assumptions:
        c.print("[dim]Assumptions:[/]")
        for line in a.assumptions:
            c.print(f"[dim]  • {esc(line)}[/]")


def vehicle_headline(v, inputs: dict, system: str) -> Table:
    from ..catalog.vehicles import RECOVERY_TEXT
    from ..units import Q_

    rows = [
        ("vehicle", esc(f"{v.name} [{v.id}]")),
        ("stages", " + ".join(f"{esc(s.name)} ({RECOVERY_TEXT[s.recovery]})" for s in v.stages)),
        ("lift-off mass (rated payload)", fmt(Q_(v.liftoff_mass, "kg"), "mass", system)),
        ("rated payload / bay volume", f"{fmt(v.bay.payload.quantity(), 'mass', system)} / {fmt(v.bay.volume.quantity(), 'volume', system)}"),
        ("cargo for this assessment", f"{fmt(inputs['payload'], 'mass', system)} in {fmt(inputs['volume'], 'volume', system)}"),
    ]
    return key_value_table("Vehicle", rows)


def render_vehicle_list(vehicles, system: str = "si", out=None) -> None:
    c = console(out)
    t = Table(title="Vehicles", box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold")
    for col in ("id", "name", "kind", "payload", "volume", "status"):
        t.add_column(col, no_wrap=col in ("id", "kind"))
    for v in vehicles:
        if v.kind == "rocket":
            payload, volume = v.bay.payload.quantity(), v.bay.volume.quantity()
        else:
            payload, volume = v.max_structural_payload.quantity(), v.cargo_volume.quantity()
        t.add_row(esc(v.id), esc(v.name), v.kind, fmt(payload, "mass", system), fmt(volume, "volume", system),
                  esc(v.status))
    c.print(t)


def render_vehicle(v, system: str = "si", out=None) -> None:
    """Every figure of one vehicle with its value, range, confidence and source."""
    from ..catalog.schema import Figure, figures

    c = console(out)
    c.print(f"[bold]{esc(v.name)}[/] {esc(f'[{v.id}]')} — {v.kind}; {esc(v.status)}")
    if v.description:
        c.print(esc(v.description))
    t = Table(box=box.SIMPLE_HEAVY)
    for col in ("field", "value", "range (low–high)", "conf.", "source"):
        t.add_column(col, overflow="fold")
    for f in figures(v):
        if isinstance(f, Figure):
            q = f.quantity()
            value = f"{q.magnitude:,.6g} {format(q.units, '~P')}"
            rng = ""
            if f.ranged:
                from ..units import Q_

                lo, hi = Q_(f.low, f.si_unit).to(q.units).magnitude, Q_(f.high, f.si_unit).to(q.units).magnitude
                rng = f"{lo:,.6g}–{hi:,.6g}"
        else:
            value = ", ".join(f"{k}: {len(vals)} points" for k, vals in f.columns.items())
            rng = ""
        conf = f.confidence + (" (assumption)" if f.assumption else "")
        src = f"assumption: {f.note}" if f.assumption and f.source.key == "assumption" else (
            f.source.title + (f" — {f.note}" if f.note else ""))
        t.add_row(esc(f.path), value, rng, conf, esc(src))
    c.print(t)
    c.print(f"[dim]file: {esc(v.path)}[/]")


def render_route_list(routes, system: str = "si", out=None) -> None:
    c = console(out)
    t = Table(title="Route presets", box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold")
    for col in ("id", "name", "from", "to", "sites"):
        t.add_column(col)
    for r in routes:
        t.add_row(esc(r.id), esc(r.name), esc(r.origin), esc(r.destination), esc(", ".join(s.id for s in r.sites)))
    c.print(t)


def render_route_preset(r, system: str = "si", out=None) -> None:
    c = console(out)
    c.print(f"[bold]{esc(r.name)}[/] {esc(f'[{r.id}]')}")
    if r.description:
        c.print(esc(r.description))
    t = Table(box=box.SIMPLE_HEAVY)
    for col in ("site", "role", "lat", "lon", "conf.", "source"):
        t.add_column(col, overflow="fold")
    for s in r.sites:
        src = s.lat.source.title + (f" — {s.lat.note}" if s.lat.note else "")
        t.add_row(esc(f"{s.id}: {s.name}"), s.role, f"{s.lat.quantity().m_as('deg'):.4f}°",
                  f"{s.lon.quantity().m_as('deg'):.4f}°", s.lat.confidence + (" (assumption)" if s.lat.assumption else ""),
                  esc(src))
    c.print(t)
    c.print(f"[dim]file: {esc(r.path)}[/]")


def render_payload_range(r, vehicle: str, system: str = "si", out=None) -> None:
    c = console(out)
    t = Table(title=f"Payload–range: {esc(vehicle)}, from {esc(r['origin'].code)} towards {esc(r['towards'].code)} "
              f"(bearing {r['bearing'].m_as('deg'):.1f}°), min-energy arcs", box=box.SIMPLE_HEAVY,
              title_justify="left", title_style="bold")
    for col in ("range", "max payload", "time of flight", "note"):
        t.add_column(col, justify="right" if col != "note" else "left")
    for rng, mp, tof, lim in zip(r["range"], r["max_payload"], r["time_of_flight"], r["g_limited"]):
        note = "cargo g-limit exceeded (cannot brake)" if lim else ("" if mp.magnitude > 0 else "cannot fly empty")
        t.add_row(fmt(rng, "distance", system), fmt(mp, "mass", system), fmt(tof, "duration", system, 1), note)
    c.print(t)


def render_comparison(result, system: str = "si", out=None) -> None:
    c = console(out)
    t = Table(title="Comparison (rocket door to door includes the expected weather wait)", box=box.SIMPLE_HEAVY,
              title_justify="left", title_style="bold")
    for col in ("route", "vehicle", "feasible", "max payload", "flight", "rocket d2d", "air general", "air express",
                "rocket USD/kg", "air USD/kg", "premium"):
        t.add_column(col, justify="left" if col in ("route", "vehicle") else "right", no_wrap=True)
    for r in result.rows:
        t.add_row(esc(r["route"]), esc(r["vehicle"]), "[green]yes[/]" if r["feasible"] else "[red]no[/]",
                  fmt(r["max_payload"], "mass", system), fmt(r["flight_time"], "duration", system, 0),
                  fmt(r["rocket_door_to_door"], "long_duration", system, 0),
                  fmt(r["air_general_door_to_door"], "long_duration", system, 0),
                  fmt(r["air_express_door_to_door"], "long_duration", system, 0),
                  f"{r['cost_per_kg'].m_as('USD/kg'):,.0f}", f"{r['air_cost_per_kg'].m_as('USD/kg'):,.2f}",
                  f"{r['premium_ratio']:,.0f} ×")
    c.print(t)


def render_matrix(m, system: str = "si", out=None) -> None:
    """Max payload [t] for every ordered pair (rows: from, columns: to); '·' where nothing can be carried,
    '–' where the pair was not flown (see ``m.skipped``)."""
    c = console(out)
    n = len(m.codes)
    c.print(f"[bold]Route matrix[/]: {esc(m.vehicle)}, max payload on min-energy arcs (t; rows from, columns to); "
            f"{int(m.feasible.sum()):,} of {n * (n - 1):,} ordered pairs feasible with {fmt(m.payload, 'mass', system)}")
    show = m.codes[:16]
    t = Table(box=box.SIMPLE, show_edge=False, pad_edge=False)
    t.add_column("", no_wrap=True)
    for code in show:
        t.add_column(esc(code), justify="right", no_wrap=True, min_width=3)
    mp = m.max_payload.m_as("t")
    for i, code in enumerate(show):
        cells = []
        for j in range(len(show)):
            v = mp[i, j]
            cells.append("" if i == j else "–" if v != v else "·" if not v > 0 else f"{v:.0f}")
        t.add_row(esc(code), *cells)
    c.print(t)
    if n > len(show):
        c.print(f"[dim](first {len(show)} of {n} places shown; --csv or --json for all)[/]")
    pairs = {tuple(sorted((m.codes[i], m.codes[j]))): why for i, j, why in m.skipped}
    if pairs:
        listed = "; ".join(f"{a} and {b}: {why}" for (a, b), why in list(pairs.items())[:8])
        more = f"; and {len(pairs) - 8} more" if len(pairs) > 8 else ""
        c.print(f"[yellow]not flown[/] (not counted feasible): {esc(listed + more)}")


def render_validation(results, out=None) -> None:
    c = console(out)
    t = Table(title="Published versus computed", box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold")
    for col in ("check", "published", "computed", "band", "unit", "ok", "conf.", "source"):
        t.add_column(col, overflow="fold", justify="right" if col in ("published", "computed") else "left")
    for r in results:
        ch = r.check
        t.add_row(esc(ch.what), f"{ch.published:,.6g}", f"{r.computed:,.6g}", f"{ch.low:,.6g} – {ch.high:,.6g}",
                  ch.unit, "[green]pass[/]" if r.passed else "[red]FAIL[/]", ch.confidence, esc(ch.source))
    c.print(t)
    n = sum(r.passed for r in results)
    c.print(f"{n} of {len(results)} checks pass")

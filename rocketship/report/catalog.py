"""The catalogues and the scoreboard in the terminal: vehicles, route presets, published versus computed.

Each is one table when the terminal is wide enough, and a narrower layout of
the same cells when it is not (:func:`~rocketship.report.layout.first_that_fits`);
numbers are written as people write them (``60 M USD``, ``5,853,226``).
"""

from __future__ import annotations

from rich import box
from rich.table import Table

from .layout import first_that_fits, money, number
from .text import console, esc, fmt


def render_vehicle_list(vehicles, system: str = "si", out=None) -> None:
    c = console(out)
    t = Table(title="Vehicles", box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold")
    for col in ("id", "name", "kind", "payload", "volume", "status"):
        t.add_column(col, no_wrap=col in ("id", "kind", "payload", "volume"), overflow="fold",
                     justify="right" if col in ("payload", "volume") else "left")
    for v in vehicles:
        if v.kind == "rocket":
            payload, volume = v.bay.payload.quantity(), v.bay.volume.quantity()
        else:
            payload, volume = v.max_structural_payload.quantity(), v.cargo_volume.quantity()
        t.add_row(esc(v.id), esc(v.name), v.kind, fmt(payload, "mass", system), fmt(volume, "volume", system),
                  esc(v.status))
    c.print(t)


def _amount(x: float, unit: str, with_unit: bool = True) -> str:
    """A catalogue figure as people write it: money in M or bn (``60 M USD``), else plain digits."""
    if unit.startswith("USD"):
        return money(x, unit if with_unit else "", 2 if abs(x) < 100 else 0)
    return f"{number(x)} {unit}" if with_unit else number(x)


def _figure_cells(f):
    """(field, value, range, confidence, source) of one catalogue figure or table."""
    from ..catalog.schema import Figure

    rng = ""
    if isinstance(f, Figure):
        q = f.quantity()
        unit = format(q.units, "~P")
        value = _amount(q.magnitude, unit)
        if f.ranged:
            from ..units import Q_

            lo, hi = Q_(f.low, f.si_unit).to(q.units).magnitude, Q_(f.high, f.si_unit).to(q.units).magnitude
            rng = f"{_amount(lo, unit, False)} – {_amount(hi, unit, False)}"
    else:
        value = ", ".join(f"{k}: {len(vals)} points" for k, vals in f.columns.items())
    conf = f.confidence + (" (assumption)" if f.assumption else "")
    src = f"assumption: {f.note}" if f.assumption and f.source.key == "assumption" else (
        f.source.title + (f" — {f.note}" if f.note else ""))
    return f.path, value, rng, conf, src


def render_vehicle(v, system: str = "si", out=None) -> None:
    """Every figure of one vehicle with its value, range, confidence and source."""
    from ..catalog.schema import figures

    c = console(out)
    c.print(f"[bold]{esc(v.name)}[/] {esc(f'[{v.id}]')} — {v.kind}; {esc(v.status)}")
    if v.description:
        c.print(esc(v.description))
    rows = [_figure_cells(f) for f in figures(v)]

    def side_by_side():
        t = Table(box=box.SIMPLE_HEAVY)
        for col in ("field", "value", "range (low–high)", "conf."):
            t.add_column(col, no_wrap=True)
        t.add_column("source", overflow="fold")
        for field, value, rng, conf, src in rows:
            t.add_row(esc(field), esc(value), esc(rng), conf, esc(src))
        return t

    def stacked():
        t = Table(box=box.SIMPLE_HEAVY)
        t.add_column("field / value (range)", no_wrap=True)
        t.add_column("confidence — source", overflow="fold")
        for field, value, rng, conf, src in rows:
            t.add_row(f"{esc(field)}\n  {esc(value)}" + (f" ({esc(rng)})" if rng else ""), f"{conf} — {esc(src)}")
        return t

    c.print(first_that_fits(c, [side_by_side, stacked]))
    c.print(f"[dim]file: {esc(str(v.path))}[/]")


def render_route_list(routes, system: str = "si", out=None) -> None:
    c = console(out)
    t = Table(title="Route presets", box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold")
    for col in ("id", "name", "from", "to", "sites"):
        t.add_column(col, overflow="fold")
    for r in routes:
        t.add_row(r.id, r.name, r.origin, r.destination, ", ".join(s.id for s in r.sites))
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
        t.add_row(f"{s.id}: {s.name}", s.role, f"{s.lat.quantity().m_as('deg'):.4f}°",
                  f"{s.lon.quantity().m_as('deg'):.4f}°", s.lat.confidence + (" (assumption)" if s.lat.assumption else ""), src)
    c.print(t)
    c.print(f"[dim]file: {r.path}[/]")




def band_text(low: float, high: float) -> str:
    """``low – high`` with as many digits as it takes for the two ends to differ."""
    for sig in range(6, 13):
        lo, hi = number(low, sig), number(high, sig)
        if lo != hi:
            return f"{lo} – {hi}"
    return f"{lo} – {hi}"


def render_validation(results, out=None) -> None:
    """The published-versus-computed scoreboard: one table with the source beside the figures when the
    terminal is wide, the figures stacked with their band and unit and the source under the check when not."""
    c = console(out)

    def ok(r):
        return "[green]pass[/]" if r.passed else "[red]FAIL[/]"

    def wide():
        t = Table(title="Published versus computed", box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold")
        t.add_column("check", overflow="fold")
        for col in ("published", "computed"):
            t.add_column(col, justify="right", no_wrap=True)
        t.add_column("band", no_wrap=True)
        for col in ("unit", "ok", "conf."):
            t.add_column(col, no_wrap=True)
        t.add_column("source", overflow="fold")
        for r in results:
            ch = r.check
            t.add_row(esc(ch.what), number(ch.published), number(r.computed), band_text(ch.low, ch.high), esc(ch.unit),
                      ok(r), ch.confidence, esc(ch.source))
        return t

    def stacked():
        t = Table(title="Published versus computed", box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold")
        t.add_column("check (source, confidence)", overflow="fold")
        t.add_column("published\ncomputed", justify="right", no_wrap=True)
        t.add_column("band", justify="right", overflow="fold")
        t.add_column("ok", no_wrap=True)
        for r in results:
            ch = r.check
            unit = f" {esc(ch.unit)}" if ch.unit else ""
            t.add_row(f"{esc(ch.what)}\n[dim]{esc(ch.source)} ({ch.confidence})[/]",
                      f"{number(ch.published)}{unit}\n{number(r.computed)}{unit}", band_text(ch.low, ch.high), ok(r))
        return t

    c.print(first_that_fits(c, [wide, stacked]))
    n = sum(r.passed for r in results)
    c.print(f"{n} of {len(results)} checks pass")

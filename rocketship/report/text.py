"""Terminal output with rich: tables a person reads at a glance.

Colour and styling only when stdout is a terminal; ``NO_COLOR`` is honoured
(rich does both when the Console is built as below).
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Iterable

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
from rich.markup import escape as _escape_markup
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

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
    """A Console for reports, as wide as the terminal, or COLUMNS, or PIPED_WIDTH when piped
    (:func:`~rocketship.report.layout.output_width`).  emoji=False: no ``:name:`` in a place or
    vehicle name turns into a picture, and rendering skips rich's emoji pass (a quarter of a route
    report's render time)."""
    from .layout import output_width

    file = file or sys.stdout
    return _Console(file=file, highlight=False, no_color="NO_COLOR" in os.environ or None,
                   soft_wrap=False, emoji=False, width=output_width(file))


def per_mass(system: str = "si") -> str:
    """The mass a cost per mass is shown per in *system* ("kg", or "lb" in imperial), for labels such as
    "cost per kg" that sit over figures in that unit."""
    from ..units import DISPLAY_UNITS

    return DISPLAY_UNITS.get(system, DISPLAY_UNITS["si"])["cost_per_mass"].split("/")[-1]


def fmt(q, role: str, system: str = "si", digits: int | None = None) -> str:
    """A Quantity as text in the display unit of *role* for *system* ("—" for no value)."""
    if q is None:
        return "—"
    d = display(q, role, system)
    mag = float(d.magnitude)
    if not math.isfinite(mag):
        return "—"
    if digits is None:
        digits = 0 if abs(mag) >= 100 else (1 if abs(mag) >= 10 else 2)
    unit = format(d.units, "~P").replace("g_0", "g₀").replace("**3", "³").replace("**2", "²")
    unit = {"USD/h/kg": "USD/kg/h", "USD/h/lb": "USD/lb/h"}.get(unit, unit)
    if role in ("cost", "cost_per_mass") and abs(mag) >= 1e6:
        from .layout import money

        return money(mag, unit)
    return f"{mag:,.{digits}f} {unit}"


def key_value_table(title: str, rows: list[tuple[str, str]], note: str | None = None, *,
                    justify: JustifyMethod = "right", compact: bool = False) -> KeyValueTable:
    """Label and value, two columns that wrap at spaces (a label in the first, prose or figures in the second);
    *compact*: no blank lines around the rows.  On a terminal too narrow for both side by side, each label
    on a line of its own with its value under it (:class:`KeyValueTable`)."""
    return KeyValueTable(title, rows, note, justify=justify, compact=compact)


class KeyValueTable:
    """Labels and values, side by side where the terminal holds the longest label and, beside it, the longest
    word of any value (a number with its unit, a code); else stacked — each label on a line of its own and its
    value under it, indented — so that a narrow terminal changes the layout rather than cut a label or fold a
    number (rich would squeeze the values' column first, to nothing at 40 columns)."""

    def __init__(self, title: str, rows: list[tuple[str, str]], note: str | None = None, *,
                 justify: JustifyMethod = "right", compact: bool = False) -> None:
        self.title, self.rows, self.note, self.justify, self.compact = title, rows, note, justify, compact

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        labels = widest(k for k, _ in self.rows)
        words = max((cell_len(w) for _, v in self.rows for w in Text.from_markup(v).plain.split()), default=0)
        yield self._side_by_side() if labels + _GAP + words <= options.max_width else self._stacked()

    def _table(self) -> Table:
        return Table(title=self.title, box=None if self.compact else box.SIMPLE_HEAVY, show_header=False,
                     title_justify="left", title_style="bold", caption=self.note, caption_justify="left")

    def _side_by_side(self) -> Table:
        t = self._table()
        t.add_column("what", style="cyan", no_wrap=True)
        t.add_column("value", justify=self.justify, overflow="fold")
        for k, v in self.rows:
            t.add_row(k, v)
        return t

    def _stacked(self) -> Table:
        t = self._table()
        t.add_column("what", overflow="fold")
        for k, v in self.rows:
            lead = len(k) - len(k.lstrip(" "))   # a row under the one before keeps its indent, its value under it
            t.add_row(Padding(Text.from_markup(k.lstrip(" "), style="cyan"), (0, 0, 0, lead)))
            t.add_row(Padding(Text.from_markup(v, overflow="fold"), (0, 0, 0, lead + 2)))
        return t


_GAP = 6   #: cells a two-column table spends beside its columns (edges and padding: 6 with a box, 4 without)


class Fitted:
    """*wide* (a table of several columns) where the terminal is at least *need* cells wide (its columns that do
    not wrap, whole, and the longest word of one that does), else *narrow* (the same figures as labels and values,
    :class:`KeyValueTable`): a narrow terminal changes the layout rather than cut a figure to an ellipsis."""

    def __init__(self, wide: Table, narrow: KeyValueTable, need: int) -> None:
        self.wide, self.narrow, self.need = wide, narrow, need

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if self.need <= options.max_width else self.narrow


def widest(texts: Iterable[str]) -> int:
    """Cells of the widest of *texts* (rich markup read, not counted)."""
    return max((Text.from_markup(x).cell_len for x in texts), default=0)


def render_route(a, system: str = "si", out=None, *, brief: bool = False) -> None:
    """Print an :class:`~rocketship.assessment.Assessment`: the verdict first, then the detail
    (only the verdict with *brief*)."""
    from .verdict import verdict_table

    c = console(out)
    o, d = a.origin, a.destination
    for note in a.notes:
        c.print(f"[dim]{esc(note)}[/]")
    c.print(verdict_table(a, system))
    if brief:
        return
    if a.uncertainty:   # the verdict is over the draws; the detail is the one flight of the most-likely values
        c.print("[dim]The tables below are the most-likely values; the verdict's medians and the Uncertainty "
                "table's bands are over the draws.[/]")
    c.print()
    rows = [
        ("from", f"{esc(o.code)} {esc(o.name)}"),
        ("to", f"{esc(d.code)} {esc(d.name)}"),
        ("geodesic distance (WGS-84)", fmt(a.distance, "distance", system, 0)),
        ("initial azimuth", fmt(a.azimuth, "angle", system, 1)),
    ]
    c.print(key_value_table("Route", rows))
    c.print(vehicle_headline(a.vehicle, a.inputs, system))
    from .air import air_table
    from .delivery import delivery_tables
    from .economics import economics_tables
    from .flight import flight_table

    c.print(flight_table(a.flight, system))
    c.print(air_table(a.air, a.air_services, system))
    for t in delivery_tables(a, system, c.width):
        c.print(t)
    for t in economics_tables(a, system):
        c.print(t)
    if a.assumptions:
        c.print("[dim]Assumptions:[/]")
        c.print(bullets(a.assumptions, "dim"))


def bullets(lines, style: str = "") -> Table:
    """A bulleted list whose lines wrap under their own text."""
    t = Table.grid(padding=(0, 1))
    t.add_column(no_wrap=True, style=style)
    t.add_column(style=style, overflow="fold")
    for line in lines:
        t.add_row("  •", esc(line))
    return t


def vehicle_headline(v, inputs: dict, system: str) -> KeyValueTable:
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


def render_payload_range(r, vehicle: str, system: str = "si", out=None) -> None:
    """The table of a :class:`.studies.PayloadRange`."""
    c = console(out)
    t = Table(title=f"Payload–range: {esc(vehicle)}, from {esc(r.origin.code)} towards {esc(r.towards.code)} "
              f"(bearing {r.bearing.m_as('deg'):.1f}°), the best flight at each range", box=box.SIMPLE_HEAVY,
              title_justify="left", title_style="bold")
    for col in ("range", "max payload", "time of flight", "limited by"):
        t.add_column(col, justify="right" if col != "limited by" else "left", no_wrap=col != "limited by",
                     overflow="fold")
    for rng, mp, tof, flies, limit in zip(r.range, r.max_payload, r.time_of_flight, r.flies, r.limited_by):
        note = limit.words if flies else f"{limit.words}; not even empty"
        t.add_row(fmt(rng, "distance", system), fmt(mp, "mass", system),
                  fmt(tof, "duration", system, 1) if flies else "—", note)
    c.print(t)

"""Door to door: the rocket's legs as a text Gantt, and the three-way comparison."""

from __future__ import annotations

from rich import box
from rich.table import Table

from .text import esc, fmt, key_value_table

BAR = 40
MODE_STYLE = {"road": "yellow", "sea": "blue", "air": "cyan", "rocket": "bold magenta", "handling": "white",
              "wait": "red"}


def gantt(legs, title: str, width: int = BAR) -> Table:
    """A leg-by-leg timeline: each bar starts where the previous leg ended, scaled to the total."""
    total_h = sum(leg.duration.m_as("h") for leg in legs) or 1.0
    t = Table(title=title, box=box.SIMPLE, title_justify="left", title_style="bold", show_edge=False)
    t.add_column("leg")
    t.add_column("mode")
    t.add_column("hours", justify="right")
    t.add_column("timeline", no_wrap=True)
    start = 0.0
    for leg in legs:
        h = leg.duration.m_as("h")
        a = int(round(start / total_h * width))
        b = max(a + 1, int(round((start + h) / total_h * width)))
        bar = " " * a + "█" * (b - a)
        style = MODE_STYLE.get(leg.mode, "white")
        dist = f" ({leg.distance.m_as('km'):,.0f} km)" if leg.distance is not None else ""
        t.add_row(esc(leg.name + dist), leg.mode, f"{h:,.1f}", f"[{style}]{bar}[/]")
        start += h
    return t


def _days_or_hours(q, system):
    if q is None:
        return "—"
    h = q.m_as("h")
    return f"{h / 24:,.1f} days" if h > 72 else fmt(q, "long_duration", system, 1)


def delivery_tables(a, system: str = "si"):
    d = a.rocket
    out = [gantt(d.legs, f"Door to door by rocket ({d.siting.source}; {d.sea_mode} transfers, {d.service} ground service)")]
    fleet = "—"
    if d.flights_per_day:
        rate = d.flights_per_day
        parts = [f"{rate:,.1f} flights/day" if rate < 1e9 else f"{rate:.3g} flights/day"]
        for count, what in ((d.cargo_stages_needed, "cargo stages"), (d.boosters_needed, "boosters"),
                            (d.pads_needed, "pads")):
            if count is not None:    # None: no cycle to size it on, or past any real fleet (see warnings)
                parts.append(f"{count:,} {what}")
        fleet = ", ".join(parts)
    rows = [
        ("rocket, door to door (expected)", f"{fmt(d.total, 'long_duration', system, 1)}  "
                                             f"(flight {fmt(a.flight.time_of_flight, 'duration', system, 0)})"),
        ("  weather: both ends workable / expected wait", f"{d.availability:.0%} / {fmt(d.expected_weather_wait, 'long_duration', system, 1)}"),
        ("  delivered within 24 h / 48 h", f"{d.p_within_24h:.0%} / {d.p_within_48h:.0%}"),
    ]
    for sid, p in a.air_services.items():
        rows.append((f"air {sid}, door to door", f"{fmt(p.total, 'long_duration', system, 1)} ({p.total.m_as('day'):.1f} days)"))
    rows += [
        (f"cargo stage comes back ({d.return_mode})", _days_or_hours(d.cargo_stage_cycle, system)),
        ("booster recovered and ready", _days_or_hours(d.booster_cycle, system)),
        (f"fleet for {d.demand.m_as('t/day'):,.0f} t/day", fleet),
    ]
    notes = [f"[red]✗[/] {esc(r)}" for r in d.reasons] + [f"[yellow]![/] {esc(w)}" for w in d.warnings]
    out.append(key_value_table("Door to door: rocket against air", rows, "\n".join(notes) or None))
    return out

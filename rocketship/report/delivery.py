"""Door to door by rocket: the legs as a text Gantt, weather, turnaround and fleet."""

from __future__ import annotations

from rich import box
from rich.table import Table

from .text import KeyValueTable, esc, fmt, key_value_table

BAR = 40          #: widest timeline bar [columns]
MIN_BAR = 12      #: narrowest
MODE_STYLE = {"road": "yellow", "sea": "blue", "air": "cyan", "rocket": "bold magenta", "handling": "white",
              "wait": "red"}


def gantt(legs, title: str, width: int = BAR, unknown=()) -> Table:
    """A leg-by-leg timeline: each bar starts where the previous leg ended, scaled to the total; legs
    of a kind in *unknown* (a flight that did not happen) show no hours and no bar; *width* 0: the legs and
    their hours without the bars (a terminal too narrow for them beside the legs' names)."""
    total_h = sum(leg.duration.m_as("h") for leg in legs) or 1.0
    t = Table(title=title, box=box.SIMPLE, title_justify="left", title_style="bold", show_edge=False)
    t.add_column("leg", overflow="fold")
    t.add_column("mode", no_wrap=True)
    t.add_column("hours", justify="right", no_wrap=True)
    if width:
        t.add_column("timeline", no_wrap=True, min_width=width)
    start = 0.0
    for leg in legs:
        h = leg.duration.m_as("h")
        a = int(round(start / total_h * width))
        b = max(a + 1, int(round((start + h) / total_h * width)))
        bar = " " * min(a, width - 1) + "█" * (min(b, width) - min(a, width - 1))
        style = MODE_STYLE.get(leg.mode, "white")
        dist = f" ({leg.distance.m_as('km'):,.0f} km)" if leg.distance is not None else ""
        if leg.kind in unknown:
            t.add_row(esc(leg.name + dist), leg.mode, "—", *([""] if width else []))
        else:
            t.add_row(esc(leg.name + dist), leg.mode, f"{h:,.1f}", *([f"[{style}]{bar}[/]"] if width else []))
        start += h
    return t


def _days_or_hours(q, system):
    if q is None:
        return "—"
    h = q.m_as("h")
    return f"{h / 24:,.1f} days" if h > 72 else fmt(q, "long_duration", system, 1)


def _fleet(d) -> str:
    if not d.flights_per_day:
        return "—"
    from .layout import short

    parts = [f"{short(d.flights_per_day)} flights/day"]
    for count, what in ((d.cargo_stages_needed, "cargo stages"), (d.boosters_needed, "boosters"),
                        (d.pads_needed, "pads")):
        if count is not None:    # None: no cycle to size it on, or past any real fleet (see warnings)
            parts.append(f"{short(count)} {what}")
    return ", ".join(parts)


def delivery_tables(a, system: str = "si", width: int = 120):
    """The rocket's shown timeline as a Gantt (its bar narrowed to fit *width*), then the door-to-door
    figures, turnaround and fleet."""
    d = a.rocket
    flies = a.economics is None or a.economics.flies
    bar = min(BAR, width - 62)
    bar = bar if bar >= MIN_BAR else 0   # narrower: no bars rather than legs' names folded to a few letters
    where = d.siting.source + (f"; {d.sea_mode} transfers" if d.legs else "")
    from ..timeline import LegKind

    unknown = (LegKind.ROCKET_FLIGHT,) if a.flight.time_of_flight is None else ()
    sited = d.siting.feasible
    out: list[Table | KeyValueTable] = [gantt(d.legs, esc(f"Door to door by rocket with the {d.service} service's pickup, clearance and last "
                             f"mile ({where})"), bar, unknown)] if sited else []
    if_flies = "" if flies else " (if it could fly)"
    flight = "no flight" if a.flight.time_of_flight is None else \
        f"flight {fmt(a.flight.time_of_flight, 'duration', system, 0)}"
    rows = [
        (f"door to door, expected{if_flies}",
         f"{fmt(d.total, 'long_duration', system, 1)} ({flight})" if sited else "— (no pad: see below)"),
        ("  weather: workable at both ends / wait", f"{d.availability:.0%} / "
                                                          f"{fmt(d.expected_weather_wait, 'long_duration', system, 1)}"
         if sited else "—"),
        ("  delivered within 24 h / 48 h", f"{d.p_within_24h:.0%} / {d.p_within_48h:.0%}" if sited else "—"),
        (f"cargo stage comes back ({d.return_mode})", _days_or_hours(d.cargo_stage_cycle, system)),
        ("booster recovered and ready", _days_or_hours(d.booster_cycle, system)),
        (f"fleet for {d.demand.m_as('t/day'):,.0f} t/day{if_flies}", _fleet(d) if sited else "—"),
    ]
    notes = [f"[red]✗[/] {esc(r)}" for r in d.reasons] + [f"[yellow]![/] {esc(w)}" for w in d.warnings]
    out.append(key_value_table("Door to door by rocket: totals, turnaround and fleet", rows, "\n".join(notes) or None))
    return out

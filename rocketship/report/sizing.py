"""The answer to "how big a rocket would this route need?" (:class:`rocketship.sizing.Sizing`) as text: the
verdict in a sentence, then the stack's stages and what binds it."""

from __future__ import annotations

from rich import box
from rich.table import Table

from .text import bullets, console, esc, fmt, key_value_table


def sizing_verdict(s, system: str = "si") -> str:
    """One sentence: the stack that flies the route with the cargo, as a multiple of the catalogued vehicle,
    or that none of the family in the searched range does."""
    cargo = fmt(s.payload, "mass", system) if s.payload.m_as("t") >= 0.1 else fmt(s.payload, "small_mass", system)
    route = f"{esc(s.origin.code)}→{esc(s.destination.code)} with {cargo}"
    name = esc(s.vehicle_name)
    if s.scale is None:
        low, high = s.searched
        if s.bay_scale > high:
            return (f"[bold red]No stack of the {name}'s technology up to {high:.3g} × its size holds the cargo for "
                    f"{route}[/]: its bay would have to be {s.bay_scale:,.3g} ×.")
        start = max(low, s.bay_scale)
        return (f"[bold red]No stack of the {name}'s technology from {start:.3g} × to {high:.3g} × its size flies "
                f"{route}[/].")
    size = fmt(s.lift_off_mass, "mass", system)
    catalogued = fmt(s.catalogued_lift_off_mass, "mass", system)
    if abs(s.scale - 1.0) < 5e-4:
        return f"[bold green]The {name} as it is ({size} at lift-off) is the smallest of its family to fly {route}[/]."
    if s.scale > 1.0:
        return f"[bold]The {name} would need to be {s.scale:.2f} × its {catalogued} ({size} at lift-off) to fly {route}[/]."
    smallest = " (the smallest searched)" if s.scale <= s.searched[0] * (1 + 1e-9) else ""
    return (f"[bold green]A stack {s.scale:.2f} × the {name}'s {catalogued}{smallest} ({size} at lift-off) would fly "
            f"{route}[/]: the {name} is larger than this route needs.")


def render_sizing(s, system: str = "si", out=None) -> None:
    """Print a :class:`rocketship.sizing.Sizing`: the verdict first, then the stack and what binds it."""
    c = console(out)
    c.print(sizing_verdict(s, system))
    c.print()
    rows = [("from", f"{esc(s.launch_site.code)} {esc(s.launch_site.name)}"),
            ("to", f"{esc(s.landing_site.code)} {esc(s.landing_site.name)}"),
            ("cargo", f"{fmt(s.payload, 'mass', system)} in {fmt(s.volume, 'volume', system)}, held to "
                      f"{fmt(s.g_limit, 'acceleration', system, 1)}"),
            ("scales searched", f"{s.searched[0]:.3g} × to {s.searched[1]:.3g} × ({s.tested} stack{'' if s.tested == 1 else 's'} flown)"),
            ("bay holds the cargo from", f"{s.bay_scale:.3g} ×")]
    if s.flight_scale is not None and s.scale is not None and s.flight_scale < s.scale * (1 - 1e-9):
        rows.append(("flight alone flies from", f"{s.flight_scale:.3g} × (the bay sets the size)"))
    if s.scale is not None:
        rows += [("time of flight", fmt(s.time_of_flight, "duration", system, 1)),
                 ("entry peak load", fmt(s.peak_deceleration, "acceleration", system, 1))]
    c.print(key_value_table("Sizing (stages scaled as one family: same Isp, structural ratio, T/W, shape)", rows))
    if s.stages:
        t = Table(title="The stack", box=box.SIMPLE_HEAVY, title_justify="left", title_style="bold")
        for col in ("stage", "dry", "propellant", "thrust (vac)"):
            t.add_column(col, justify="left" if col == "stage" else "right", overflow="fold")
        for st in s.stages:
            t.add_row(esc(st.name), fmt(st.dry, "mass", system), fmt(st.propellant, "mass", system),
                      fmt(st.thrust, "force", system))
        c.print(t)
    if s.reasons:
        at = f" ({s.nearest:.3g} ×)" if s.nearest is not None else ""
        where = f"the stack just below it{at}" if s.scale is not None else f"the stack that came nearest{at}"
        c.print(f"[bold]What binds[/] — {esc(s.binding.words) if s.binding else ''}: {where}:")
        c.print(bullets([str(r) for r in s.reasons]))

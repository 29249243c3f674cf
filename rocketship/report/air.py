"""The air-freight block of the terminal report."""

from __future__ import annotations


from .text import esc, fmt, key_value_table


def air_table(a, others: dict, system: str = "si"):
    route = " → ".join([a.flights[0].origin, *[f.destination for f in a.flights]]) if a.flights else ""
    rows = [
        ("freighter", esc(f"{a.freighter_name} [{a.freighter}], routed for {fmt(a.routing_load, 'mass', system)}")),
        ("routing", route + (f"  (stop{'s' if len(a.stops) > 1 else ''}: {', '.join(a.stops)})" if a.stops else "  (non-stop)")),
        ("distance flown / block time", f"{fmt(a.distance_flown, 'distance', system)} / {fmt(a.block_time, 'long_duration', system, 1)}"),
    ]
    for sid, p in others.items():
        rows.append((f"door to door, {sid}", f"{fmt(p.total, 'long_duration', system, 1)} "
                     f"({p.total.m_as('day'):.1f} days) at {fmt(p.rate, 'cost_per_mass', system, 2)} × "
                     f"{fmt(p.chargeable_mass, 'mass', system)} chargeable = {fmt(p.cost, 'cost', system)}"))
    rows += [
        ("fuel / CO₂ for this cargo (mass share)", f"{fmt(a.fuel, 'mass', system, 1)} / {fmt(a.co2, 'mass', system, 1)}"),
        ("whole flight: fuel / CO₂", f"{fmt(a.flight_fuel, 'mass', system)} / {fmt(a.flight_co2, 'mass', system)}"
                                     f" ({a.co2_per_tonne_km.m_as('kg/(t*km)'):.2f} kg CO₂ per t-km)"
         if a.co2_per_tonne_km is not None else "—"),
        ("operator cost for this cargo (estimate)", fmt(a.operator_cost, "cost", system)),
    ]
    note = "\n".join(f"[red]✗[/] {esc(r)}" for r in a.reasons) or None
    return key_value_table(esc(f"Air freight — {a.service} ({a.lane})"), rows, note)

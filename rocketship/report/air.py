"""The air-freight block of the terminal report."""

from __future__ import annotations


from .text import esc, fmt, key_value_table, per_mass


def _price_text(p, system: str) -> str:
    """How this service's price was made: per kg on chargeable weight, or a freighter charter."""
    if p.pricing == "freighter charter":
        n = p.flights_needed
        return (f"{p.pricing}: {n} flight{'s' if n > 1 else ''}, {p.charter_hours.m_as('h'):.1f} block h "
                f"= {fmt(p.cost, 'cost', system)} ({fmt(p.rate, 'cost_per_mass', system, 2)} on "
                f"{fmt(p.chargeable_mass, 'mass', system)} chargeable)")
    pricing = p.pricing.replace("per kg", f"per {per_mass(system)}")   # the rate is shown in that unit
    return (f"{pricing}: {fmt(p.rate, 'cost_per_mass', system, 2)} × {fmt(p.chargeable_mass, 'mass', system)} "
            f"chargeable = {fmt(p.cost, 'cost', system)}")


def _share_text(a) -> str:
    s = a.loading
    n = a.flights_needed
    if s.chartered:
        return (f"{s.share:.2f} of a freighter by {s.binding} → {n} chartered flight{'s' if n > 1 else ''}, flown "
                f"with this cargo alone: it bears {'each' if n > 1 else 'the'} whole flight's fuel and cost")
    return (f"{s.share:.2f} of a freighter by {s.binding} (mass {s.mass_share:.0%}, volume {s.volume_share:.0%} of "
            f"{a.usable_volume.m_as('m**3'):,.0f} m³ usable) → {n} flight{'s' if n > 1 else ''}, "
            f"bearing {s.borne:.0%} of {'each' if n > 1 else 'its'} fuel and cost ({s.sold:.0%} of "
            f"{'each' if n > 1 else 'it'} sold{', the average load factor' if abs(s.sold - a.load_factor) < 1e-9 else ''})")


def air_table(a, others: dict, system: str = "si"):
    route = " → ".join([a.flights[0].origin, *[f.destination for f in a.flights]]) if a.flights else ""
    rows = [
        ("freighter", esc(f"{a.freighter_name} [{a.freighter}], routed for {fmt(a.routing_load, 'mass', system)}"
                          " a flight")),
    ]
    if a.loading is not None:
        rows.append(("this cargo takes", _share_text(a)))
    rows += [
        ("routing", route + (f"  (stop{'s' if len(a.stops) > 1 else ''}: {', '.join(a.stops)})" if a.stops
                             else "  (non-stop)" if a.feasible
                             else "  (out of reach even with two stops: flown non-stop, as if it could)")),
        ("distance flown / block time", f"{fmt(a.distance_flown, 'distance', system)} / {fmt(a.block_time, 'long_duration', system, 1)}"),
    ]
    for sid, p in others.items():
        rows.append((f"door to door, {sid}", f"{fmt(p.total, 'long_duration', system, 1)} "
                     f"({p.total.m_as('day'):.1f} days); {_price_text(p, system)}"))
    rows += [
        ("fuel / CO₂ for this cargo " + ("(whole flights, chartered)" if a.loading is not None and a.loading.chartered
                                         else "(its share)"), f"{fmt(a.fuel, 'mass', system, 1)} / {fmt(a.co2, 'mass', system, 1)}"),
        ("one flight: fuel / CO₂", f"{fmt(a.flight_fuel, 'mass', system)} / {fmt(a.flight_co2, 'mass', system)}"
                                   f" ({a.co2_per_tonne_km.m_as('kg/(t*km)'):.2f} kg CO₂ per t-km)"
         if a.co2_per_tonne_km is not None else "—"),
    ]
    if a.co2_per_tonne_km_average_load is not None:
        glec = (f"; GLEC v3 freighter default {a.co2_per_tonne_km_glec.m_as('kg/(t*km)'):.3f}"
                if a.co2_per_tonne_km_glec is not None else "")
        rows.append(("CO₂ per t-km at the average load", f"{a.co2_per_tonne_km_average_load.m_as('kg/(t*km)'):.2f} kg"
                     f"{glec}"))
    rows.append(("operator cost for this cargo (estimate)", fmt(a.operator_cost, "cost", system)))
    note = "\n".join(f"[red]✗[/] {esc(r)}" for r in a.reasons) or None
    return key_value_table(esc(f"Air freight — {a.service} ({a.lane})"), rows, note)

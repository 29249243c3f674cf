"""The flight block of the terminal report.

The rows are data: each is a label and a function of the FlightPlan that
returns its text, or None when the flight has no such figure (a row a tier
does not compute, or a flight that never happened), in which case the row is
left out.  Adding a figure is adding a row.
"""

from __future__ import annotations


from .text import esc, fmt, key_value_table


def _all(f, *names):
    """The named fields of *f*, or None if any is missing (so that the row is left out)."""
    values = [getattr(f, n, None) for n in names]
    return None if any(v is None for v in values) else values


def _pair(f, a, b, role, system, digits=None):
    v = _all(f, a, b)
    return None if v is None else f"{fmt(v[0], role, system, digits)} / {fmt(v[1], role, system, digits)}"


def _one(f, name, role, system, digits=None):
    v = getattr(f, name, None)
    return None if v is None else fmt(v, role, system, digits)


def _phases(f, system):
    v = _all(f, "boost_time", "free_flight_time", "braking_time", "descent_time")
    return None if v is None else " / ".join(fmt(q, "duration", system, 1) for q in v)


def _decel(f, system):
    if f.peak_deceleration is None:
        return None
    unbraked = f.peak_deceleration_unbraked
    return fmt(f.peak_deceleration, "acceleration", system, 1) + (
        "" if unbraked is None else f" ({fmt(unbraked, 'acceleration', system, 1)})")


def _losses(f, system):
    v = _all(f, "gravity_loss", "drag_loss")
    return None if v is None else f"{fmt(v[0], 'delta_v', system, 2)} + {fmt(v[1], 'delta_v', system, 2)}"


def _binding(f, system):
    """What limits the flight, in words, and what relaxing it would buy."""
    b = getattr(f, "binding_constraint", None)
    if b is None:
        return None
    text = esc(b.words)
    r = getattr(f, "relaxation", None)
    if r is not None:
        if r.to.check("[length]/[time]**2"):
            limit = f"{r.to.m_as('g_0'):.3g} g₀"
        elif r.to.check("[mass]/[time]**3"):
            limit = f"{r.to.m_as('kW/m**2'):,.0f} kW/m²"
        else:
            limit = f"{r.to.m_as('MJ/m**2'):,.0f} MJ/m²"
        text += f"; at {limit}: max payload {fmt(r.max_payload, 'mass', system)}"
    return text


def _heat(f, system):
    """Peak heat flux and heat load against the heat shield's limits."""
    v = _all(f, "peak_heat_flux", "heat_load")
    if v is None:
        return None
    flux, load = (f"{q.m_as(u):,.0f}" for q, u in zip(v, ("kW/m**2", "MJ/m**2")))
    limits = _all(f, "heat_flux_limit", "heat_load_limit")
    if limits is None or not all(map(_finite, limits)):
        return f"{flux} kW/m² / {load} MJ/m²"
    return f"{flux} kW/m² / {load} MJ/m² (limits {limits[0].m_as('kW/m**2'):,.0f} / {limits[1].m_as('MJ/m**2'):,.0f})"


def _finite(q) -> bool:
    import math

    return math.isfinite(float(q.magnitude))


def _braking(f, system):
    """The braking burn: its Δv, its length and where it is lit."""
    v = _all(f, "braking_delta_v", "braking_time", "braking_lead")
    if v is None or v[0].magnitude <= 0:
        return None
    lead = v[2].m_as("min")
    when = f"{lead:.1f} min before" if lead >= 0 else f"{-lead:.1f} min after"
    return f"{fmt(v[0], 'delta_v', system, 2)} over {fmt(v[1], 'duration', system, 1)}, lit {when} the interface"


#: (label, row(f, system) -> text or None), in the order they are printed
FLIGHT_ROWS = [
    ("trajectory", lambda f, s: esc(f"{f.trajectory_flown} ({f.fidelity} tier)" if getattr(f, "trajectory_flown", None)
                                    else f"{f.trajectory} ({f.fidelity} tier)")),
    ("what limits it", _binding),
    ("time of flight (lift-off to touchdown)", lambda f, s: _one(f, "time_of_flight", "duration", s, 1)),
    ("  boost / free flight / braking / descent", _phases),
    ("burnout speed (inertial / ground-relative)",
     lambda f, s: _pair(f, "burnout_speed", "burnout_speed_relative", "speed", s, 2)),
    ("burnout flight-path angle / altitude",
     lambda f, s: None if _all(f, "burnout_flight_path_angle", "burnout_altitude") is None else
     f"{fmt(f.burnout_flight_path_angle, 'angle', s, 1)} / {fmt(f.burnout_altitude, 'altitude', s)}"),
    ("apogee", lambda f, s: _one(f, "apogee", "altitude", s)),
    ("entry speed / angle, at the interface",
     lambda f, s: None if _all(f, "entry_speed", "entry_flight_path_angle") is None else
     f"{fmt(f.entry_speed, 'speed', s, 2)} / {fmt(f.entry_flight_path_angle, 'angle', s, 1)}"
     + ("" if getattr(f, "entry_interface", None) is None else f" at {fmt(f.entry_interface, 'altitude', s)}")),
    ("lift-to-drag / bank angle", lambda f, s: None if _all(f, "lift_to_drag", "bank_angle") is None else
     f"{float(f.lift_to_drag.m_as('')):.2f} / {fmt(f.bank_angle, 'angle', s, 0)}"),
    ("entry range / time in the air", lambda f, s: None if _all(f, "entry_range", "time_in_atmosphere") is None
     else f"{fmt(f.entry_range, 'distance', s)} / {fmt(f.time_in_atmosphere, 'duration', s, 1)}"),
    ("peak deceleration (unbraked) / cargo limit", lambda f, s: None if _decel(f, s) is None else
     _decel(f, s) + ("" if getattr(f, "g_limit", None) is None else f" / {fmt(f.g_limit, 'acceleration', s, 2)}")),
    ("peak heat flux / heat load", _heat),
    ("braking burn", _braking),
    ("Δv required / the stack gives with this cargo",
     lambda f, s: _pair(f, "delta_v_required", "delta_v_available", "delta_v", s, 2)),
    ("  of which losses (gravity + drag)", _losses),
    ("  entry braking / landing", lambda f, s: _pair(f, "braking_delta_v", "landing_delta_v", "delta_v", s, 2)),
    ("max payload on this route", lambda f, s: _one(f, "max_payload", "mass", s)),
    ("max range with this cargo on this bearing", lambda f, s: _one(f, "max_range", "distance", s)),
]


def flight_rows(f, system: str = "si") -> list[tuple[str, str]]:
    """The rows that have a value for this flight, after whether it flies."""
    rows = [("feasible", "[bold green]yes[/]" if f.feasible else "[bold red]no[/]")]
    for label, row in FLIGHT_ROWS:
        text = row(f, system)
        if text is not None:
            rows.append((label, text))
    return rows


def flight_table(f, system: str = "si"):
    note = "\n".join(f"[red]✗[/] {esc(r)}" for r in f.reasons) or None
    return key_value_table(esc(f"Flight — {f.launch_site.code} → {f.landing_site.code}"), flight_rows(f, system), note)

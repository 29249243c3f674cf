"""The flight block of the terminal report."""

from __future__ import annotations

from .text import esc, fmt, key_value_table


def flight_table(f, system: str = "si"):
    verdict = "[bold green]yes[/]" if f.feasible else "[bold red]no[/]"
    rows = [
        ("feasible", verdict),
        ("trajectory", esc(f"{f.trajectory} ({f.fidelity} tier)")),
        ("time of flight (lift-off to touchdown)", fmt(f.time_of_flight, "duration", system, 1)),
        ("  boost / free flight / braking / descent",
         " / ".join(fmt(q, "duration", system, 1) for q in (f.boost_time, f.free_flight_time, f.braking_time, f.descent_time))),
        ("burnout speed (inertial / ground-relative)",
         f"{fmt(f.burnout_speed, 'speed', system, 2)} / {fmt(f.burnout_speed_relative, 'speed', system, 2)}"),
        ("burnout flight-path angle / altitude",
         f"{fmt(f.burnout_flight_path_angle, 'angle', system, 1)} / {fmt(f.burnout_altitude, 'altitude', system)}"),
        ("apogee", fmt(f.apogee, "altitude", system)),
        ("entry speed / angle (at 120 km)",
         f"{fmt(f.entry_speed, 'speed', system, 2)} / {fmt(f.entry_flight_path_angle, 'angle', system, 1)}"),
        ("peak deceleration (unbraked)", f"{fmt(f.peak_deceleration, 'acceleration', system, 1)} "
                                         f"({fmt(f.peak_deceleration_unbraked, 'acceleration', system, 1)})"),
        ("Δv required / available", f"{fmt(f.delta_v_required, 'delta_v', system, 2)} / "
                                    f"{fmt(f.delta_v_available, 'delta_v', system, 2)}"),
        ("  of which losses (gravity + drag)", f"{fmt(f.gravity_loss, 'delta_v', system, 2)} + "
                                               f"{fmt(f.drag_loss, 'delta_v', system, 2)}"),
        ("  entry braking / landing", f"{fmt(f.braking_delta_v, 'delta_v', system, 2)} / "
                                      f"{fmt(f.landing_delta_v, 'delta_v', system, 2)}"),
        ("max payload on this route", fmt(f.max_payload, "mass", system)),
    ]
    if f.max_range is not None:
        rows.append((f"max range with {fmt(f.payload, 'mass', system)} on this bearing", fmt(f.max_range, "distance", system)))
    note = "\n".join(f"[red]✗[/] {esc(r)}" for r in f.reasons) or None
    return key_value_table(esc(f"Flight — {f.launch_site.code} → {f.landing_site.code}"), rows, note)

"""The cargo stage from its arc to the ground: the braking burn the cargo's limit calls for, the entry, the
landing burn — and what each costs in propellant (vectorised over routes and payloads).

1. **Unbraked**, the stage follows its arc down to where the air takes hold (:func:`.braking.unbraked`) and
   the tabulated entry (:mod:`.entry_table`) tells its peak sensed acceleration: drag and lift together,
   D/m · √(1 + (L/D)²).
2. **Braking.**  Where that peak passes the cargo's limit, the retrograde burn of :func:`.braking.braked`
   is sized by regula falsi on its Δv until the entry peaks at :data:`BRAKED_TARGET` of the limit.  More
   braking does not always help: a stage slowed far above the air falls back steeper, and a dense stage
   dropped from rest at 80 km already passes a few g.  A scan first finds the braking with the lowest peak;
   if even that passes the limit, no braking burn can hold it — the flight is bound by the cargo's limit,
   and the scan's best is reported.
3. **Entry**: range, time, heating and the speed on meeting the ground, from the table.
4. **Landing**: a burn from that speed (:func:`.reentry.landing_burn`).  Propellant is counted back from
   touchdown: landing, then braking on top.  The landing propellant is sized on a first guess of the
   ground speed (terminal velocity) and once more on the entry's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import braking, reentry, xp
from .constants import G0
from .entry_table import sea_level_terminal_speed, table
from .kepler import Conic
from .rocket import RESIDUAL_FRACTION, StageParams, reserve_mass
from .roots import illinois

#: the braking burn is sized for the entry to peak at this share of the cargo's limit, which leaves the
#: table's interpolation error (tests/reference/test_entry.py) on the safe side
BRAKED_TARGET = 0.97
MAX_TRIALS = 5          #: braking trials marching toward the target before regula falsi
REFINEMENTS = 4         #: regula falsi steps on the braking Δv ...
LOADING_TOLERANCE = 0.015   #: ... until the peak is within this share of the target
G_TOLERANCE = 1e-3      #: a peak within this share over the limit meets it


@dataclass
class StageDescent:
    """The cargo stage's descent (floats or arrays of the route/payload shape; SI)."""

    beta: object                  #: ballistic coefficient through the entry [kg/m²]
    lift_up: object               #: (L/D)·cos σ flown [-]
    braking_delta_v: object       #: [m/s]
    braking_time: object          #: burn duration [s]
    braking_lead: object          #: lit this long before the unbraked arc crosses the interface [s]
    start: braking.Descent        #: where the air takes hold
    peak_unbraked: object         #: peak sensed acceleration with no braking [m/s²]
    peak: object                  #: as flown [m/s²]
    peak_heat_flux: object        #: Sutton–Graves at the stage's nose radius [W/m²]
    heat_load: object             #: [J/m²]
    entry_range: object           #: ground range from where the air takes hold to the ground [m]
    entry_time: object            #: [s]
    ground_speed: object          #: on meeting the ground unpowered [m/s]
    landing_delta_v: object       #: [m/s] (inf: the engines cannot hold the stage up)
    landing_time: object          #: [s]
    landing_propellant: object    #: [kg]
    braking_propellant: object    #: [kg]
    g_limited: object             #: bool: no braking burn holds the cargo's limit
    skips: object                 #: bool: the entry climbs back out of the atmosphere
    off_table: object             #: bool: the entry lies beyond the table's grid (read at its edge)


def _peak(cell, lift_to_drag) -> object:
    return xp.exp(table().read("log_peak_drag", cell)) * math.sqrt(1.0 + lift_to_drag * lift_to_drag)




def descend(stage: StageParams, interface: Conic, payload, g_limit: float, nose_radius: float,
            bank: float = 0.0, lands: bool = True, braking_guess=None) -> StageDescent:
    """The descent of cargo *stage* carrying *payload* [kg] from the arc whose entry-interface crossing is
    *interface*, flown at *bank* [rad], the cargo held within *g_limit* [m/s²]; *lands* False: the stage
    neither brakes nor lands (its cargo is assumed to come down in its own capsule).  *braking_guess* [m/s]:
    where to start the search for the braking burn (a neighbouring payload's, say)."""
    tab = table()
    ld = stage.lift_to_drag
    lift_up = ld * xp.cos(xp.asfloat(bank))
    cd_area = stage.descent_cd * stage.descent_area
    m_end = stage.dry + stage.propellant * RESIDUAL_FRACTION + xp.asfloat(payload)
    landing_thrust = stage.landing_thrust or stage.thrust_sl
    # landing propellant: first from the unbraked entry's speed on meeting the ground, then once more from
    # the entry as flown (the braking burn sized in between keeps the first figure's mass: a second-order
    # difference in β)
    m_land = xp.zeros_like(m_end)
    beta = m_end / cd_area
    start = braking.unbraked(interface, beta)
    cell = tab.cell(start.speed, start.angle, beta, lift_up)
    dv_land = t_land = xp.zeros_like(m_end)
    if lands:
        v_ground = sea_level_terminal_speed(beta) * xp.exp(tab.read("log_ground_ratio", cell))
        dv_land, t_land = reentry.landing_burn(v_ground, landing_thrust, m_end)
        m_land = reserve_mass(m_end, dv_land, G0 * stage.isp_sl)
    m_after = m_end + m_land                              # after the braking burn
    beta = m_after / cd_area
    start = braking.unbraked(interface, beta)
    cell = tab.cell(start.speed, start.angle, beta, lift_up)
    peak_free = _peak(cell, ld)
    heating = reentry.SUTTON_GRAVES_K / math.sqrt(nose_radius)

    def loading(cell):   # the entry's peak load as a share of the cargo's limit
        return _peak(cell, ld) / g_limit

    dv_brake = xp.zeros_like(m_end)
    g_limited = xp.zeros_like(m_end) > 1.0
    needs = (loading(cell) > 1 + G_TOLERANCE) & lands
    if xp.any_(needs):
        dv_brake, start, cell, g_limited = _size_braking(stage, interface, beta, lift_up, m_after, g_limit,
                                                         needs, start, cell, loading, braking_guess)
    c = G0 * stage.isp_vac
    m_brake = reserve_mass(m_after, dv_brake, c)
    v_ground = sea_level_terminal_speed(beta) * xp.exp(tab.read("log_ground_ratio", cell))
    if lands:
        dv_land, t_land = reentry.landing_burn(v_ground, landing_thrust, m_end)
        m_land = reserve_mass(m_end, dv_land, G0 * stage.isp_sl)
    return StageDescent(
        beta=beta, lift_up=lift_up + 0 * beta, braking_delta_v=dv_brake,
        braking_time=start.burn_time, braking_lead=start.lead, start=start,
        peak_unbraked=peak_free, peak=_peak(cell, ld),
        peak_heat_flux=heating * xp.exp(tab.read("log_peak_heating", cell)),
        heat_load=heating * xp.exp(tab.read("log_heating_integral", cell)),
        entry_range=tab.read("range", cell), entry_time=xp.exp(tab.read("log_time", cell)),
        ground_speed=v_ground, landing_delta_v=dv_land, landing_time=t_land,
        landing_propellant=m_land, braking_propellant=m_brake, g_limited=g_limited,
        skips=tab.read("skip", cell) > 0, off_table=cell[2])


def _size_braking(stage, interface, beta, lift_up, m_after, g_limit, needs, start0, cell0, loading, guess=None):
    """Braking Δv [m/s] for the entry's *loading* (its peak load as a share of the cargo's limit) to come
    to BRAKED_TARGET, the descent and table cell it gives, and where no braking holds the limit
    (g_limited); routes that need none (*needs* False) keep *start0*.  (Braking is no cure for heating:
    a slower stage glides lower, in denser air, and meets about the same peak heat flux — the choice of
    arc and bank is, :mod:`.trajectory`.)

    The peak falls about as the square of the speed at entry (Allen–Eggers), which gives the first trial;
    while a trial still loads over the target the next one brakes harder (half of what is left), up to
    MAX_TRIALS; then regula falsi between the last trial over and the first under.  A stage whose peak
    stops falling before it reaches the target keeps the braking with the least.
    """
    tab = table()
    c = G0 * stage.isp_vac
    cap = braking.BRAKING_LOAD_SHARE * g_limit
    v_entry = interface_speed(interface)
    target = BRAKED_TARGET
    peak0 = loading(cell0)

    def flown(dv, corrections=2):
        d = braking.braked(interface, dv, beta, stage.thrust_vac, c, m_after, cap, corrections=corrections)
        cell = tab.cell(d.speed, d.angle, beta, lift_up)
        return d, cell, loading(cell)

    # march: lo brackets from the over side, hi (when found) from the under side
    lo, p_lo = xp.zeros_like(beta), peak0
    hi, p_hi = xp.zeros_like(beta), xp.full_like(beta, math.inf)
    best_dv, best_peak = lo, peak0
    dv = xp.minimum(v_entry * (1.0 - xp.sqrt(target / xp.maximum(peak0, target))), 0.95 * v_entry)
    if guess is not None:
        dv = xp.where(xp.asfloat(guess) > 0, xp.minimum(xp.asfloat(guess), 0.95 * v_entry), dv)
    for _ in range(MAX_TRIALS):
        _, _, p = flown(dv)
        better = p < best_peak
        best_dv, best_peak = xp.where(better, dv, best_dv), xp.where(better, p, best_peak)
        under = (p <= target) & (p_hi == math.inf)
        hi, p_hi = xp.where(under, dv, hi), xp.where(under, p, p_hi)
        over = (p > target) & (p_hi == math.inf)
        lo, p_lo = xp.where(over & (dv > lo), dv, lo), xp.where(over & (dv > lo), p, p_lo)
        if xp.all_(xp.logical_not(needs) | (p_hi < math.inf) | (dv >= 0.95 * v_entry)):
            break
        dv = xp.where(p_hi < math.inf, dv, xp.minimum(dv + 0.5 * (v_entry - dv), 0.95 * v_entry))
    found = p_hi < math.inf

    def excess(x):   # rises with braking: target − peak
        return target - flown(x)[2]

    f_lo, f_hi = target - p_lo, xp.where(found, target - p_hi, 1.0)
    hi = xp.where(found, hi, lo)
    # the bracket's under side: its peak is at or below the target, whatever the refinement reached
    _, dv, _, _ = illinois(excess, lo, hi, f_lo, f_hi, iterations=REFINEMENTS,
                           done=lambda lo, hi, x, fx: (xp.abs(fx) < LOADING_TOLERANCE) | (hi - lo < 2.0))
    dv = xp.where(found, dv, best_dv)
    dv = xp.where(needs, dv, 0.0)
    _, best_cell, _ = flown(best_dv, corrections=2)
    g_limited = needs & xp.logical_not(found) & (_peak(best_cell, stage.lift_to_drag) > g_limit * (1 + G_TOLERANCE))
    d, cell, _ = flown(dv, corrections=2)
    if xp.is_scalar(dv):
        if not needs:
            d, cell = start0, cell0
        return dv, d, cell, g_limited
    import numpy as np
    keep = ~np.asarray(needs)
    if np.any(keep):   # routes that need no braking keep their unbraked descent exactly
        for name in ("speed", "angle", "altitude", "time", "angle_covered", "burn_time", "lead"):
            value = np.array(np.broadcast_to(getattr(d, name), np.shape(dv)), dtype=float)
            value[keep] = np.broadcast_to(getattr(start0, name), value.shape)[keep]
            setattr(d, name, value)
        cell = tab.cell(d.speed, d.angle, beta, lift_up)
    return dv, d, cell, g_limited


def interface_speed(interface: Conic):
    """Speed [m/s] of the conic at its own point."""
    return interface.state_at(interface.big_e)[1]

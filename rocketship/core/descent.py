"""The cargo stage from its arc to the ground: the braking burn the cargo's limit calls for, the entry, the
landing burn — and what each costs in propellant (vectorised over routes and payloads).

1. **Unbraked**, the stage follows its arc down to where the air takes hold (:func:`.braking.unbraked`) and
   the tabulated entry (:mod:`.entry_table`) tells its peak sensed acceleration: drag and lift together,
   D/m · √(1 + (L/D)²).
2. **Braking.**  Where that peak passes the cargo's limit, the retrograde burn of :func:`.braking.braked`
   is the least that brings the entry's peak to :data:`BRAKED_TARGET` of the limit: a fixed scan of burns
   (:data:`BRAKING_SHARES` of the entry speed) finds the first under the target, and regula falsi between
   it and the scan's point before settles it.  More braking does not always help — a stage slowed far
   above the air falls back steeper, and a dense stage dropped from rest at 80 km already passes a few g —
   so the scan, not a march from a guess, decides; where no burn of the scan holds the limit the flight is
   bound by the cargo's limit and is reported unbraked.  (The same scan for every flight: a burn's size
   never depends on which flight was sized before it.)
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
#: the braking burns scanned, as shares of the speed at the entry interface
BRAKING_SHARES = (0.08, 0.16, 0.24, 0.32, 0.40, 0.48, 0.56, 0.64, 0.72, 0.80, 0.88, 0.95)
REFINEMENTS = 5         #: regula falsi steps on the braking Δv ...
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
    return xp.exp(table().read("log_peak_drag", cell)) * xp.sqrt(1.0 + lift_to_drag * lift_to_drag)


def descend(stage: StageParams, interface: Conic, payload, g_limit: float, nose_radius: float,
            bank: float = 0.0, lands: bool = True) -> StageDescent:
    """The descent of cargo *stage* carrying *payload* [kg] from the arc whose entry-interface crossing is
    *interface*, flown at *bank* [rad], the cargo held within *g_limit* [m/s²]; *lands* False: the stage
    neither brakes nor lands (its cargo is assumed to come down in its own capsule)."""
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
    heating = reentry.SUTTON_GRAVES_K / xp.sqrt(nose_radius)

    def loading(cell):   # the entry's peak load as a share of the cargo's limit
        return _peak(cell, ld) / g_limit

    dv_brake = xp.zeros_like(m_end)
    g_limited = xp.zeros_like(m_end) > 1.0
    # a stage its landing engines cannot hold up (no finite landing burn) is no flight whatever its braking
    needs = (loading(cell) > 1 + G_TOLERANCE) & lands & (m_after < math.inf)
    if xp.any_(needs):
        dv_brake, start, cell, g_limited = _size_braking(stage, interface, beta, lift_up, m_after, g_limit,
                                                         needs, start, cell, loading)
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


def _size_braking(stage, interface, beta, lift_up, m_after, g_limit, needs, start0, cell0, loading):
    """Braking Δv [m/s] for the entry's *loading* (its peak load as a share of the cargo's limit) to come
    to BRAKED_TARGET, the descent and table cell it gives, and where no braking holds the limit
    (g_limited); routes that need none (*needs* False) keep *start0*.  (Braking is no cure for heating:
    a slower stage glides lower, in denser air, and meets about the same peak heat flux — the choice of
    arc and bank is, :mod:`.trajectory`.)

    The scan of BRAKING_SHARES stops at the first burn under the target (for every route: arrays scan
    until each has found one); a burn that cannot be placed counts as over.  Regula falsi between that
    burn and the one before keeps the bracket's under side, so the burn returned always holds the target.
    """
    tab = table()
    c = G0 * stage.isp_vac
    cap = braking.BRAKING_LOAD_SHARE * g_limit
    v_entry = interface_speed(interface)
    target = BRAKED_TARGET
    peak0 = loading(cell0)
    over_everywhere = 1e3 * target     # the loading given to a burn that cannot be placed

    def flown(dv):   # a burn that cannot be placed holds nothing
        d = braking.braked(interface, dv, beta, stage.thrust_vac, c, m_after, cap)
        cell = tab.cell(d.speed, d.angle, beta, lift_up)
        return d, cell, xp.where(d.placed, loading(cell), over_everywhere)

    if xp.is_scalar(beta):     # one flight: burn by burn, stopping at the first under the target
        lo, p_lo = 0.0, peak0                              # the last burn of the scan over the target
        hi, p_hi, found = 0.0, math.inf, False             # the first under it
        for share in BRAKING_SHARES if needs else ():
            dv = share * v_entry
            p = flown(dv)[2]
            if p <= target:
                hi, p_hi, found = dv, p, True
                break
            lo, p_lo = dv, p
    else:                      # many: the whole scan in one call, along a leading axis
        import numpy as np

        shape = np.broadcast_shapes(np.shape(v_entry), np.shape(beta))
        burns = np.array(BRAKING_SHARES).reshape((-1,) + (1,) * len(shape)) * np.broadcast_to(v_entry, shape)
        p = np.asarray(flown(burns)[2], float)
        under = p <= target
        found = np.any(under, axis=0) & needs
        first = np.argmax(under, axis=0)[None]
        before = np.maximum(first - 1, 0)
        hi, p_hi = (np.take_along_axis(x, first, axis=0)[0] for x in (burns, p))
        lo = np.where(first[0] > 0, np.take_along_axis(burns, before, axis=0)[0], 0.0)
        p_lo = np.where(first[0] > 0, np.take_along_axis(p, before, axis=0)[0], peak0)

    def excess(x):   # rises with braking across the bracket: target − peak
        return target - flown(x)[2]

    hi = xp.where(found, hi, lo)
    f_lo, f_hi = target - p_lo, xp.where(found, target - p_hi, 1.0)
    _, under_side, x, fx = illinois(excess, lo, hi, f_lo, f_hi, iterations=REFINEMENTS,
                                    done=lambda lo, hi, x, fx: (xp.abs(fx) < LOADING_TOLERANCE) | (hi - lo < 2.0))
    # the last trial where it settled within the tolerance (its peak at most BRAKED_TARGET + LOADING_TOLERANCE
    # of the limit, still under it), else the bracket's under side; where no burn holds the limit the
    # flight is reported unbraked
    dv = xp.where(found, xp.where(fx > -LOADING_TOLERANCE, x, under_side), 0.0)
    g_limited = needs & xp.logical_not(found)
    d, cell, _ = flown(dv)
    g_limited = g_limited | (found & xp.logical_not(d.placed))
    if xp.is_scalar(dv):
        if not needs or dv == 0:
            d, cell = start0, cell0
        return dv, d, cell, g_limited
    import numpy as np
    keep = ~np.asarray(needs) | (np.asarray(dv) == 0)
    if np.any(keep):   # routes that brake not at all keep their unbraked descent exactly
        for name in ("speed", "angle", "altitude", "time", "angle_covered", "burn_time", "lead"):
            value = np.array(np.broadcast_to(getattr(d, name), np.shape(dv)), dtype=float)
            value[keep] = np.broadcast_to(getattr(start0, name), value.shape)[keep]
            setattr(d, name, value)
        cell = tab.cell(d.speed, d.angle, beta, lift_up)
    return dv, d, cell, g_limited


def interface_speed(interface: Conic):
    """Speed [m/s] of the conic at its own point."""
    return interface.state_at(interface.big_e)[1]

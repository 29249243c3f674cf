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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from . import braking, reentry, xp
from .xp import FloatOrArray
from .constants import G0
from .entry_table import Cell, sea_level_terminal_speed, table
from .kepler import Conic
from .rocket import RESIDUAL_FRACTION, StageParams, reserve_mass
from .roots import illinois

if TYPE_CHECKING:
    import numpy as np

#: the braking burn is sized for the entry to peak at this share of the cargo's limit, which leaves the
#: table's interpolation error (tests/reference/test_entry.py) on the safe side
BRAKED_TARGET = 0.97
#: the braking burns scanned, as shares of the speed at the entry interface
BRAKING_SHARES = (0.12, 0.24, 0.36, 0.48, 0.60, 0.72, 0.84, 0.95)
#: the screen before the scan, the scan's three hardest burns: where these (near the least peak) all load the
#: cargo more than SCREEN_MARGIN times the target, no burn holds it (the routes most entries of a dense stage
#: are on); where they do not, the scan takes their loadings from the screen rather than fly them again
SCREEN_SHARES = BRAKING_SHARES[-3:]
SCREEN_MARGIN = 1.25
#: the scan's burns lighter than the screen's: flown only where the screen's easiest burn holds the target.
#: The loading falls with braking up to that burn (it rises again, if at all, only near the hardest burns),
#: so where that burn loads the cargo over the target, so does every lighter one, and the least burn under
#: it is one of the screen's (on 25,000 routes of Starship and XZY-1 that pass the screen, not one lighter
#: burn was under the target with the screen's easiest over it: tests/unit/test_choice_properties.py)
LIGHTER_BURNS = len(BRAKING_SHARES) - len(SCREEN_SHARES)
EDGE_STEPS = 5          #: bisection steps at the edge of the burns that can be placed
UNPLACED = 1e3 * BRAKED_TARGET   #: the loading a burn that cannot be placed is given (it holds nothing)
REFINEMENTS = 5         #: regula falsi steps on the braking Δv ...
LOADING_TOLERANCE = 0.015   #: ... until the peak is within this share of the target
G_TOLERANCE = 1e-3      #: a peak within this share over the limit meets it
#: an entry whose cell's corners skip out by this interpolated share or more is read as skipping: the
#: boundary as the table resolves it (any share at all flagged entries that a direct integration lands)
SKIP_SHARE = 0.5

#: an entry's peak load as a share of the cargo's limit, from its table cell
_Loading: TypeAlias = Callable[[Cell], FloatOrArray]
#: a braking burn that holds the limit: its Δv [m/s], the descent it gives and that descent's table cell
_Sized: TypeAlias = tuple[FloatOrArray, braking.Descent, Cell]


@dataclass
class StageDescent:
    """The cargo stage's descent (floats or arrays of the route/payload shape; SI)."""

    beta: FloatOrArray                  #: ballistic coefficient through the entry [kg/m²]
    lift_up: FloatOrArray               #: (L/D)·cos σ flown [-]
    braking_delta_v: FloatOrArray       #: [m/s]
    braking_time: FloatOrArray          #: burn duration [s]
    braking_lead: FloatOrArray          #: lit this long before the unbraked arc crosses the interface [s]
    start: braking.Descent        #: where the air takes hold
    peak_unbraked: FloatOrArray         #: peak sensed acceleration with no braking [m/s²]
    peak: FloatOrArray                  #: as flown [m/s²]
    peak_heat_flux: FloatOrArray        #: Sutton–Graves at the stage's nose radius [W/m²]
    heat_load: FloatOrArray             #: [J/m²]
    entry_range: FloatOrArray           #: ground range from where the air takes hold to the ground [m]
    entry_time: FloatOrArray            #: [s]
    ground_speed: FloatOrArray          #: on meeting the ground unpowered [m/s]
    landing_delta_v: FloatOrArray       #: [m/s] (inf: the engines cannot hold the stage up)
    landing_time: FloatOrArray          #: [s]
    landing_propellant: FloatOrArray    #: [kg]
    braking_propellant: FloatOrArray    #: [kg]
    g_limited: FloatOrArray             #: bool: no braking burn holds the cargo's limit
    skips: FloatOrArray                 #: bool: the entry climbs back out of the atmosphere
    off_table: FloatOrArray             #: bool: the entry lies beyond the table's grid (read at its edge)


def _peak(cell: Cell, lift_to_drag: FloatOrArray) -> FloatOrArray:
    return xp.exp(table().read("log_peak_drag", cell)) * xp.sqrt(1.0 + lift_to_drag * lift_to_drag)


def descend(stage: StageParams, interface: Conic, payload: FloatOrArray, g_limit: float, nose_radius: float,
            bank: float = 0.0, lands: bool = True, surface: braking.Surface = braking.SPHERE,
            few: int = 0) -> StageDescent:
    """The descent of cargo *stage* carrying *payload* [kg] from the arc whose entry-interface crossing is
    *interface*, flown at *bank* [rad] over *surface*, the cargo held within *g_limit* [m/s²]; *lands*
    False: the stage neither brakes nor lands (its cargo is assumed to come down in its own capsule, on the
    same arc, and is held to the limit all the same: g_limited where the unbraked entry passes it); *few*:
    the braking searches left with no more routes than this run one by one on floats (:func:`_size_braking`)."""
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
    start = braking.unbraked(interface, beta, surface)
    cell = tab.cell(start.speed, start.angle, beta, lift_up, surface.rotation_speed)
    dv_land = t_land = xp.zeros_like(m_end)
    if lands:
        v_ground = sea_level_terminal_speed(beta) * xp.exp(tab.read("log_ground_ratio", cell))
        dv_land, t_land = reentry.landing_burn(v_ground, landing_thrust, m_end)
        m_land = reserve_mass(m_end, dv_land, G0 * stage.isp_sl)
    m_after = m_end + m_land                              # after the braking burn
    beta = m_after / cd_area
    start = braking.unbraked(interface, beta, surface)
    cell = tab.cell(start.speed, start.angle, beta, lift_up, surface.rotation_speed)
    peak_free = _peak(cell, ld)
    heating = reentry.SUTTON_GRAVES_K / xp.sqrt(nose_radius)

    def loading(cell: Cell) -> FloatOrArray:   # the entry's peak load as a share of the cargo's limit
        return _peak(cell, ld) / g_limit

    dv_brake = xp.zeros_like(m_end)
    # a stage that does not land keeps nothing to brake with: its cargo, coming down in its own capsule on the
    # same arc, feels the unbraked entry's peak (a ballistic entry's peak load hardly depends on β), so where
    # that passes the limit nothing holds it
    over = loading(cell) > 1 + G_TOLERANCE
    g_limited = over if not lands else xp.zeros_like(m_end) > 1.0
    # a stage its landing engines cannot hold up (no finite landing burn) is no flight whatever its braking
    needs = over & lands & (m_after < math.inf)
    if xp.any_(needs):
        dv_brake, start, cell, g_limited = _size_braking(stage, interface, beta, lift_up, m_after, g_limit,
                                                         needs, start, cell, loading, surface, few)
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
        entry_range=tab.range(cell), entry_time=xp.exp(tab.read("log_time", cell)),
        ground_speed=v_ground, landing_delta_v=dv_land, landing_time=t_land,
        landing_propellant=m_land, braking_propellant=m_brake, g_limited=g_limited,
        skips=tab.read("skip", cell) >= SKIP_SHARE, off_table=cell[2])


def _size_braking(stage: StageParams, interface: Conic, beta: FloatOrArray, lift_up: FloatOrArray,
                  m_after: FloatOrArray, g_limit: float, needs: FloatOrArray, start0: braking.Descent, cell0: Cell,
                  loading: _Loading, surface: braking.Surface,
                  few: int = 0) -> tuple[FloatOrArray, braking.Descent, Cell, FloatOrArray]:
    """Braking Δv [m/s] for the entry's *loading* (its peak load as a share of the cargo's limit) to come
    to BRAKED_TARGET, the descent and table cell it gives, and where no braking holds the limit
    (g_limited); routes that need none (*needs* False) keep *start0*.  (Braking is no cure for heating:
    a slower stage glides lower, in denser air, and meets about the same peak heat flux — the choice of
    arc and bank is, :mod:`.trajectory`.)

    The scan of BRAKING_SHARES stops at the first burn under the target; a burn that cannot be placed
    counts as over.  Regula falsi between that burn and the one before keeps the bracket's under side, so
    the burn returned always holds the target.  On arrays each step runs only on the routes still in
    play: the scan on those that need braking, whose three hardest burns (:data:`SCREEN_SHARES`) do not
    all load well over the target (:data:`SCREEN_MARGIN`: the loading falls smoothly with braking down to
    its least, near the hardest burns, so no burn between them reaches the target); the scan's lighter
    burns only where the screen's easiest holds the target (:data:`LIGHTER_BURNS`: elsewhere the least burn
    under it is one of the screen's, whose loadings the scan takes as they are); the regula falsi and the
    descent flown on those that found a burn.

    *few*: where no more than this many routes are left for a step (the screen, or the scan and search
    after it), they are sized one by one on floats instead (:data:`.estimate.FEW`: numpy's cost per call,
    not per element, is most of a few routes' time).  One route's plan asks for it; arrays of many routes
    give 0 and stay on numpy, so that a route's figures never depend on the routes sized beside it.
    """
    if xp.is_scalar(beta):
        return _size_braking_one(stage, interface, beta, lift_up, m_after, g_limit, needs, start0, cell0, loading,
                                 surface)
    import numpy as np

    shape = np.broadcast_shapes(np.shape(interface_speed(interface)), np.shape(beta), np.shape(m_after))
    needs = np.broadcast_to(np.asarray(needs, bool), shape)
    dv = np.zeros(shape)
    g_limited = needs.copy()
    d = braking.Descent(**{f: np.array(np.broadcast_to(getattr(start0, f), shape), dtype=float)
                           for f in _DESCENT_FIELDS}, placed=np.ones(shape, bool))
    if not np.any(needs):
        return dv, d, cell0, g_limited
    every = _Braking(stage, interface, beta, lift_up, m_after, g_limit, loading, shape, surface)
    rows = np.flatnonzero(needs)
    ones: dict[int, _OneBraking] = {}   # the routes taken onto floats, each once
    screened = None   # the screen's loadings of the routes it lets through (arrays)
    if rows.size <= few:
        ones = {int(row): every.element(int(row)) for row in rows}
        rows = np.array([row for row, one in ones.items() if not one.screened_out()], np.intp)
    else:   # the screen: the three hardest burns
        live = every.take(rows)
        hard = np.array(SCREEN_SHARES)[:, None] * live.v_entry
        p_hard = live.loading(hard)
        through = np.any(p_hard <= SCREEN_MARGIN * BRAKED_TARGET, axis=0)
        rows, screened = rows[through], p_hard[:, through]
    if 0 < rows.size <= few:
        for i, row in enumerate(map(int, rows)):
            one = ones[row] if row in ones else every.element(row)
            if screened is not None:   # the screen's burns, flown on arrays already
                one.loadings.update({LIGHTER_BURNS + j: float(p) for j, p in enumerate(screened[:, i])})
            _write(row, one.sized(one.peak0()), dv, d, g_limited)
    elif rows.size:
        _size_on_arrays(every, rows, dv, d, g_limited, few, screened)
    cell = table().cell(d.speed, d.angle, beta, lift_up, surface.rotation_speed)
    return dv, d, cell, g_limited


_DESCENT_FIELDS = ("speed", "angle", "altitude", "time", "angle_covered", "burn_time", "lead")


def _size_on_arrays(every: _Braking, rows: np.ndarray, dv: np.ndarray, d: braking.Descent, g_limited: np.ndarray,
                    few: int = 0, screened: np.ndarray | None = None) -> None:
    """:func:`_size_braking`'s scan, edge search and regula falsi on the routes at flat positions *rows* of
    *every*, on arrays (the edge search and the regula falsi one by one on floats where they are left with no
    more than *few* routes); the burns that hold the limit written into *dv*, *d* and *g_limited* (flat views).
    *screened*: the loadings the screen found on these routes (SCREEN_SHARES, the scan's last burns), which
    the scan takes as they are instead of flying those burns again (a burn's loading does not depend on the
    routes flown beside it, so they are the scan's own to the bit)."""
    import numpy as np

    live = every.take(rows)
    burns = np.array(BRAKING_SHARES)[:, None] * live.v_entry
    if screened is None:
        p = live.loading(burns)
    else:   # the lighter burns only where the screen's easiest holds the target (see LIGHTER_BURNS)
        p = np.concatenate([np.full((LIGHTER_BURNS, rows.size), np.inf), screened])
        holds = screened[0] <= BRAKED_TARGET
        if np.any(holds):
            p[:LIGHTER_BURNS, holds] = live.loading(burns[:LIGHTER_BURNS, holds], np.flatnonzero(holds))
    under = p <= BRAKED_TARGET
    found = np.any(under, axis=0)
    first = np.argmax(under, axis=0)[None]
    before = np.maximum(first - 1, 0)
    hi, p_hi = (np.take_along_axis(x, first, axis=0)[0] for x in (burns, p))
    lo = np.where(first[0] > 0, np.take_along_axis(burns, before, axis=0)[0], 0.0)
    p_lo = np.where(first[0] > 0, np.take_along_axis(p, before, axis=0)[0], np.asarray(live.peak0, float))
    # where the scan ran into the burns that cannot be placed just short of the target, the least burn
    # under it may lie at that edge, between two burns of the scan: look there
    placed = p < UNPLACED
    last = len(BRAKING_SHARES) - 1 - np.argmax(placed[::-1], axis=0)
    edge = ~found & np.any(placed, axis=0) & (last < len(BRAKING_SHARES) - 1)
    edge &= np.take_along_axis(p, last[None], axis=0)[0] <= SCREEN_MARGIN * BRAKED_TARGET
    if np.any(edge):
        k = last[edge][None]
        e_lo, e_p = (np.take_along_axis(x[:, edge], k, axis=0)[0] for x in (burns, p))
        e_hi = np.take_along_axis(burns[:, edge], k + 1, axis=0)[0]
        if np.count_nonzero(edge) <= few:
            e_found, e_under, e_p_under = (np.array(x) for x in zip(*(
                _edge_search(every.element(row).loading_at, np.array([a]), np.array([b]))
                for row, a, b in zip(map(int, rows[edge]), e_lo, e_hi))))
            e_found, e_under, e_p_under = e_found[:, 0], e_under[:, 0], e_p_under[:, 0]
        else:
            e_found, e_under, e_p_under = _edge_search(every.take(rows[edge]).loading, e_lo, e_hi)
        at = np.flatnonzero(edge)
        found[at] = e_found
        lo[at], p_lo[at] = np.where(e_found, e_lo, lo[at]), np.where(e_found, e_p, p_lo[at])
        hi[at], p_hi[at] = np.where(e_found, e_under, hi[at]), np.where(e_found, e_p_under, p_hi[at])
    rows, lo, hi, p_lo, p_hi = rows[found], lo[found], hi[found], p_lo[found], p_hi[found]
    if not rows.size:
        return
    if rows.size <= few:
        for row, a, b, p_a, p_b in zip(map(int, rows), lo, hi, p_lo, p_hi):
            one = every.element(row)
            _write(row, one.refined(float(a), float(b), float(p_a), float(p_b)), dv, d, g_limited)
        return
    live = every.take(rows)
    last = _LastFlown(live)
    x = _refine(last.loading, lo, hi, p_lo, p_hi)
    flown = last.descent(x)
    placed = np.asarray(flown.placed, bool)   # a refined burn that cannot be placed holds nothing
    held = rows[placed]
    dv.reshape(-1)[held] = np.broadcast_to(x, rows.shape)[placed]
    g_limited.reshape(-1)[held] = False
    for f in _DESCENT_FIELDS:
        getattr(d, f).reshape(-1)[held] = np.broadcast_to(getattr(flown, f), rows.shape)[placed]


class _LastFlown:
    """The loadings of burns on *routes* (a :class:`_Braking`), each route's last burn's descent kept: the burn
    a search settles on is most often its last trial, which then need not be flown again (a burn's descent
    does not depend on the routes flown beside it, so it is the one flying it again would give, to the bit)."""

    def __init__(self, routes: _Braking) -> None:
        import numpy as np

        self.routes = routes
        n = len(routes.v_entry)
        self.burn = np.full(n, np.nan)
        self.seen = {f: np.zeros(n, bool if f == "placed" else float) for f in (*_DESCENT_FIELDS, "placed")}

    def loading(self, dv: FloatOrArray, rows: np.ndarray | None = None) -> np.ndarray:
        """As :meth:`_Braking.loading`, keeping each route's descent."""
        import numpy as np

        d, _, p = (self.routes if rows is None else self.routes.take(rows)).flown(dv)
        at = slice(None) if rows is None else rows
        self.burn[at] = dv
        for f, kept in self.seen.items():
            kept[at] = getattr(d, f)
        return np.asarray(p, float)

    def descent(self, dv: np.ndarray) -> braking.Descent:
        """The descents braked by *dv* [m/s] (one burn per route): those kept where it was the route's last
        burn, the others flown."""
        import numpy as np

        again = np.flatnonzero(self.burn != dv)
        if again.size:
            self.loading(dv[again], again)
        return braking.Descent(**{f: self.seen[f].copy() for f in self.seen})


def _write(row: int, sized: _Sized | None, dv: np.ndarray, d: braking.Descent, g_limited: np.ndarray) -> None:
    """The burn *sized* (Δv, descent, cell; None: none holds the limit) of the route at flat position *row*,
    written into *dv*, *d* and *g_limited*."""
    if sized is None:
        return
    x, flown, _ = sized
    dv.reshape(-1)[row], g_limited.reshape(-1)[row] = x, False
    for f in _DESCENT_FIELDS:
        getattr(d, f).reshape(-1)[row] = getattr(flown, f)


def _edge_search(loading: Callable[[np.ndarray, np.ndarray], FloatOrArray], lo: FloatOrArray, hi: FloatOrArray,
                 steps: int = EDGE_STEPS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Between *lo* (a burn that can be placed, over the target) and *hi* (one that cannot), bisection for a
    burn under the target: (found, that burn, its loading).  Loading falls with braking up to where burns
    can no longer be placed, so an unplaced trial moves *hi* down and one over the target moves *lo* up.
    *loading(x, rows)* is that of burns *x* on the routes at positions *rows*: each step flies only the
    routes that have not found theirs."""
    import numpy as np

    found = np.zeros(np.shape(lo), bool)
    under, p_under = np.array(hi, float), np.full(np.shape(lo), np.inf)
    lo, hi = np.array(lo, float), np.array(hi, float)
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        rows = np.flatnonzero(~found)
        p = np.full(np.shape(lo), np.inf)
        p[rows] = loading(mid[rows], rows)
        hit = ~found & (p <= BRAKED_TARGET)
        under, p_under = np.where(hit, mid, under), np.where(hit, p, p_under)
        found |= hit
        hi = np.where(~found & (p >= UNPLACED), mid, hi)
        lo = np.where(~found & (p < UNPLACED) & (p > BRAKED_TARGET), mid, lo)
        if np.all(found):
            break
    return found, under, p_under


def _refine(loading: Callable[[FloatOrArray, np.ndarray | None], FloatOrArray], lo: FloatOrArray, hi: FloatOrArray,
            p_lo: FloatOrArray, p_hi: FloatOrArray) -> FloatOrArray:
    """Regula falsi on the braking Δv between *lo* (loading *p_lo* over the target) and *hi* (*p_hi*
    under it): the last trial where it settled within LOADING_TOLERANCE (its peak at most BRAKED_TARGET +
    LOADING_TOLERANCE of the limit, still under it), else the bracket's under side.  *loading(x, rows)* is
    that of burns *x* on the routes at flat positions *rows* (None: all), so that each step flies only the
    routes not yet settled."""
    # a burn that cannot be placed reads as twice the target: over it, without a sentinel's pull on the
    # secant (the least burn that can be placed may be where the bracket closes)
    def excess(x: FloatOrArray, rows: np.ndarray | None) -> FloatOrArray:
        return BRAKED_TARGET - xp.minimum(loading(x, rows), 2.0 * BRAKED_TARGET)

    _, under_side, x, fx = illinois(excess, lo, hi, BRAKED_TARGET - xp.minimum(p_lo, 2.0 * BRAKED_TARGET),
                                    BRAKED_TARGET - p_hi, iterations=REFINEMENTS, live_only=True,
                                    done=lambda lo, hi, x, fx: (xp.abs(fx) < LOADING_TOLERANCE) | (hi - lo < 2.0))
    return xp.where(fx > -LOADING_TOLERANCE, x, under_side)


class _Braking:
    """The braking problem of many routes (arrays broadcast to *shape*), and of any subset of them."""

    def __init__(self, stage: StageParams, interface: Conic, beta: FloatOrArray, lift_up: FloatOrArray,
                 m_after: FloatOrArray, g_limit: float, loading: _Loading, shape: tuple[int, ...],
                 surface: braking.Surface, index: np.ndarray | None = None) -> None:
        import numpy as np

        def pick(x: FloatOrArray) -> FloatOrArray:
            if np.ndim(x) == 0:
                return x
            full = np.broadcast_to(np.asarray(x, float), shape).reshape(-1)
            return full if index is None else full[index]

        self.interface = interface.take(slice(None) if index is None else index, shape)
        self.surface = surface.take(slice(None) if index is None else index, shape)
        self.args = (stage, interface, beta, lift_up, m_after, g_limit, loading, shape, surface)
        self.index = index
        self.beta, self.lift_up, self.m_after = pick(beta), pick(lift_up), pick(m_after)
        self.thrust, self.exhaust = pick(stage.thrust_vac), pick(G0 * stage.isp_vac)
        self.cap = pick(braking.BRAKING_LOAD_SHARE * g_limit)
        self.ld = pick(stage.lift_to_drag)
        self.g_limit = pick(g_limit)
        self.v_entry = interface_speed(self.interface)

    @property
    def peak0(self) -> FloatOrArray:
        """The unbraked entry's loading."""
        start = braking.unbraked(self.interface, self.beta, self.surface)
        cell = table().cell(start.speed, start.angle, self.beta, self.lift_up, self.surface.rotation_speed)
        return _peak(cell, self.ld) / self.g_limit

    def take(self, index: FloatOrArray) -> _Braking:
        """The routes at *index* among these (a mask over them, or flat positions)."""
        import numpy as np

        stage, interface, beta, lift_up, m_after, g_limit, loading, shape, surface = self.args
        if np.asarray(index).dtype == bool:
            index = np.flatnonzero(np.broadcast_to(index, shape if self.index is None else self.index.shape))
        return _Braking(stage, interface, beta, lift_up, m_after, g_limit, loading, shape, surface,
                        index if self.index is None else self.index[index])

    def element(self, i: int) -> _OneBraking:
        """The route at flat position *i* among these, on floats."""
        import numpy as np

        stage, interface, beta, lift_up, m_after, g_limit, loading, shape, surface = self.args
        shape = (math.prod(shape),) if self.index is None else np.shape(self.index)

        def one(x: FloatOrArray) -> float:
            return xp.element_of(x, i, shape)

        return _OneBraking(self.interface.element(i, shape), self.surface.element(i, shape), one(self.beta),
                           one(self.lift_up), one(self.m_after), one(self.thrust), one(self.exhaust), one(self.cap),
                           one(self.ld), one(self.g_limit))

    def flown(self, dv: FloatOrArray) -> tuple[braking.Descent, Cell, FloatOrArray]:
        """The descent braked by *dv* [m/s] (any leading axes before the routes'), its table cell and its
        loading (a burn that cannot be placed holds nothing)."""
        d = braking.braked(self.interface, dv, self.beta, self.thrust, self.exhaust, self.m_after, self.cap,
                           self.surface)
        cell = table().cell(d.speed, d.angle, self.beta, self.lift_up, self.surface.rotation_speed)
        return d, cell, xp.where(d.placed, _peak(cell, self.ld) / self.g_limit, UNPLACED)

    def loading(self, dv: FloatOrArray, rows: np.ndarray | None = None) -> np.ndarray:
        """The loading of burns *dv* on these routes, or (*rows*: flat positions among them) on those only."""
        import numpy as np

        return np.asarray((self if rows is None else self.take(rows)).flown(dv)[2], float)


def _size_braking_one(stage: StageParams, interface: Conic, beta: float, lift_up: float, m_after: float,
                      g_limit: float, needs: FloatOrArray, start0: braking.Descent, cell0: Cell, loading: _Loading,
                      surface: braking.Surface) -> tuple[FloatOrArray, braking.Descent, Cell, FloatOrArray]:
    """:func:`_size_braking` for one flight (floats): burn by burn, stopping at the first under the target."""
    if not needs:
        return 0.0, start0, cell0, False
    one = _OneBraking(interface, surface, beta, lift_up, m_after, stage.thrust_vac, G0 * stage.isp_vac,
                      braking.BRAKING_LOAD_SHARE * g_limit, stage.lift_to_drag, g_limit)
    sized = None if one.screened_out() else one.sized(loading(cell0))
    if sized is None:
        return 0.0, start0, cell0, True
    dv, d, cell = sized
    return dv, d, cell, False


@dataclass
class _OneBraking:
    """The braking problem of one flight, on floats (the fast path of :mod:`.xp`): the arc's conic at the
    entry interface, the ground under the air, the stage after the burn (β [kg/m²], (L/D)·cos σ, mass
    [kg]), its engine (thrust [N], exhaust speed [m/s], the throttle's cap [m/s²]), its L/D and the
    cargo's limit [m/s²]; and the loadings of the scan's burns flown so far, by their index in BRAKING_SHARES."""

    interface: Conic
    surface: braking.Surface
    beta: float
    lift_up: float
    m_after: float
    thrust: float
    exhaust: float
    cap: float
    ld: float
    g_limit: float
    loadings: dict[int, float] = field(default_factory=dict)

    def flown(self, dv: float) -> tuple[braking.Descent, Cell, FloatOrArray]:
        """The descent braked by *dv* [m/s], its table cell and its loading (a burn that cannot be placed
        holds nothing)."""
        d = braking.braked(self.interface, dv, self.beta, self.thrust, self.exhaust, self.m_after, self.cap,
                           self.surface)
        cell = table().cell(d.speed, d.angle, self.beta, self.lift_up, self.surface.rotation_speed)
        return d, cell, _peak(cell, self.ld) / self.g_limit if d.placed else UNPLACED

    def peak0(self) -> float:
        """The unbraked entry's loading."""
        start = braking.unbraked(self.interface, self.beta, self.surface)
        cell = table().cell(start.speed, start.angle, self.beta, self.lift_up, self.surface.rotation_speed)
        loading: float = _peak(cell, self.ld) / self.g_limit
        return loading

    def scan_loading(self, k: int) -> float:
        """The loading of the scan's burn *k* (BRAKING_SHARES[k] of the entry speed), flown once."""
        if k not in self.loadings:
            self.loadings[k] = float(self.flown(BRAKING_SHARES[k] * interface_speed(self.interface))[2])
        return self.loadings[k]

    def screened_out(self) -> bool:
        """No burn holds the limit: the three hardest all load well over the target (see :func:`_size_braking`)."""
        return not any(self.scan_loading(k) <= SCREEN_MARGIN * BRAKED_TARGET
                       for k in range(LIGHTER_BURNS, len(BRAKING_SHARES)))

    def sized(self, p0: float) -> _Sized | None:
        """(Δv [m/s], descent, cell) of the least burn that holds the target, or None (the scan from no
        braking, whose loading is *p0* — from the screen's easiest burn where that is over the target, see
        LIGHTER_BURNS; the edge of the burns that can be placed; regula falsi)."""
        v_entry = interface_speed(self.interface)
        burns = [share * v_entry for share in BRAKING_SHARES]
        start = LIGHTER_BURNS if self.scan_loading(LIGHTER_BURNS) > BRAKED_TARGET else 0
        p: dict[int, float] = {}
        lo, p_lo, found = 0.0, p0, False
        for k in range(start, len(burns)):       # the first under the target; past it nothing matters
            p[k] = self.scan_loading(k)
            if p[k] <= BRAKED_TARGET:
                hi, p_hi, found = burns[k], p[k], True
                if k > 0:
                    lo, p_lo = burns[k - 1], self.scan_loading(k - 1)
                break
        placed = [k for k, pk in p.items() if pk < UNPLACED]
        if not found and placed and placed[-1] < len(burns) - 1 and p[placed[-1]] <= SCREEN_MARGIN * BRAKED_TARGET:
            import numpy as np   # the edge of the burns that can be placed, as on arrays

            k = placed[-1]
            hit, under, p_under = _edge_search(self.loading_at, np.array([burns[k]]), np.array([burns[k + 1]]))
            if hit[0]:
                lo, p_lo, hi, p_hi, found = burns[k], p[k], float(under[0]), float(p_under[0]), True
        if not found:
            return None
        return self.refined(lo, hi, p_lo, p_hi)

    def refined(self, lo: float, hi: float, p_lo: float, p_hi: float) -> _Sized | None:
        """(Δv [m/s], descent, cell) of the burn :func:`_refine` settles between *lo* and *hi* [m/s] (loading
        *p_lo* over the target, *p_hi* under it), or None where it cannot be placed."""
        dv = _refine(lambda x, rows: self.flown(x)[2], lo, hi, p_lo, p_hi)
        d, cell, _ = self.flown(dv)
        return (dv, d, cell) if d.placed else None

    def loading_at(self, x: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """The loading of the burn *x* (an array of one) [m/s], as :func:`_edge_search` asks."""
        import numpy as np

        return np.array([self.flown(float(x[0]))[2]])


def interface_speed(interface: Conic) -> FloatOrArray:
    """Speed [m/s] of the conic at its own point."""
    return interface.state_at(interface.big_e)[1]

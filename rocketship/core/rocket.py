"""Staged rockets on floats: the rocket equation, burn timelines and ascent losses.

The ascent model is deliberately simple and fully stated, so that it can be
checked and calibrated:

* Each stage burns at full vacuum thrust; the first stage's exhaust speed is
  taken at an ambient pressure of ``P_BAR`` of sea level, averaged over its burn.
* Every stage keeps ``RESIDUAL_FRACTION`` of its propellant unusable.
* The ground-relative speed grows along the burn as the ideal (rocket-equation)
  speed does, scaled to end at the burnout speed; the flight-path angle falls
  from vertical to the burnout angle as γ = φ_bo + (90° − φ_bo)(1 − v/v_bo)^n.
* Gravity loss is ∫ (g₀ − (v cos γ)²/R) sin γ dt (which includes the climb and
  centrifugal relief); the ground covered up to burnout is ∫ v cos γ dt (flat, the
  staging coasts left out: ~1 % of it); drag loss is ``DRAG_LOSS_K`` / β₀, with β₀ = m₀ / (C_D,max A)
  the lift-off ballistic coefficient; steering loss is folded into the fit.

``GAMMA_EXPONENT`` and ``DRAG_LOSS_K`` are calibrated on Falcon 9 Full Thrust:
22.8 t to a 200 km orbit from 28.5° implies 1.35–1.72 km/s of losses: the rocket equation
on the stage masses and Isp of the old SpaceX site (spaceflightinsider.com/hangar/falcon/) gives an
ideal 8.73–9.10 km/s (first-stage Isp 282–311 s), less the speed of that orbit.  tests/reference/test_ascent.py holds the
model to that band and the payload to −15 %/+17 % of 22.8 t.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias

import numpy as np

from . import xp
from .constants import G0, R_MEAN
from .xp import FloatOrArray

P_BAR = 0.25               #: mean ambient pressure over the first-stage burn / sea level [-] (assumption)
RESIDUAL_FRACTION = 0.02   #: unusable propellant in every stage [-] (assumption)
GAMMA_EXPONENT = 3.0       #: shape of the pitch programme (calibrated on Falcon 9, see module doc)
DRAG_LOSS_K = 1.2e7        #: drag loss × lift-off ballistic coefficient [m/s · kg/m²] (calibrated)
STAGING_COAST_S = 10.0     #: coast at each stage separation [s] (assumption)

#: the routes an array of them is cut down to (np.nonzero's index arrays, or a slice); None: all of them
_Rows: TypeAlias = tuple[np.ndarray, ...] | slice | None
#: what the losses integrals give (:func:`_losses`): gravity loss [m/s], altitude [m], ground covered [m], and the
#: first stage's cut-off speed and its horizontal part [m/s]
_Losses: TypeAlias = tuple[FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray, FloatOrArray]

#: Gauss–Legendre nodes on [0, 1] and their weights, as floats (the loss integrals loop over them)
_GL = tuple((float(x + 1) / 2, float(w) / 2) for x, w in zip(*np.polynomial.legendre.leggauss(6)))


@dataclass(frozen=True)
class StageParams:
    """One stage in SI units [kg, s, N]."""

    dry: float
    propellant: float
    isp_sl: float
    isp_vac: float
    thrust_sl: float
    thrust_vac: float
    recovery: str
    landing_thrust: float = 0.0   #: sea-level thrust of the engines that land the stage [N]
    descent_cd: float = 1.0       #: drag coefficient falling back (tail- or belly-first), entry included [-]
    descent_area: float = 10.0    #: reference area for that drag [m²]
    lift_to_drag: float = 0.0     #: hypersonic trimmed L/D at its entry attitude [-] (0: no lifting attitude)
    max_bank: float = 0.0         #: largest bank angle it flies the entry at [rad]
    heat_flux_limit: float = math.inf   #: its heat shield's peak stagnation heat flux [W/m²]
    heat_load_limit: float = math.inf   #: ... and heat load [J/m²]

    @property
    def descent_beta(self) -> float:
        """Ballistic coefficient of the empty stage falling back [kg/m²]."""
        return self.dry / (self.descent_cd * self.descent_area)

    @property
    def mass_flow(self) -> float:
        """Propellant flow at full vacuum thrust [kg/s]."""
        return self.thrust_vac / (G0 * self.isp_vac)

    @property
    def usable(self) -> float:
        return self.propellant * (1 - RESIDUAL_FRACTION)


@dataclass(frozen=True)
class VehicleParams:
    """A rocket reduced to the floats the core needs."""

    stages: tuple[StageParams, ...]
    cd_max: float               #: peak ascent drag coefficient [-]
    reference_area: float       #: [m²]
    g_limit: float              #: cargo axial load limit [m/s²]
    nose_radius: float = 1.0    #: for stagnation heating [m]

    def exhaust_speed(self, i: int) -> float:
        """Effective exhaust speed of stage *i* during ascent [m/s]."""
        s = self.stages[i]
        isp = s.isp_vac - (s.isp_vac - s.isp_sl) * P_BAR if i == 0 else s.isp_vac
        return G0 * isp

    def stack_mass(self, i: int, payload: FloatOrArray) -> FloatOrArray:
        """Mass at ignition of stage *i* with *payload* on top [kg]."""
        return sum(s.dry + s.propellant for s in self.stages[i:]) + xp.asfloat(payload)


def reserve_mass(dry_and_payload: FloatOrArray, delta_v: FloatOrArray, exhaust_speed: FloatOrArray) -> FloatOrArray:
    """Propellant [kg] a stage must still hold to give *delta_v* to its final mass (0 for no Δv)."""
    dv = xp.asfloat(delta_v)
    with np.errstate(invalid="ignore"):
        return xp.where(dv > 0, xp.asfloat(dry_and_payload) * xp.expm1(dv / exhaust_speed), 0.0)


@dataclass
class Ascent:
    """Result of :func:`ascent` (floats, or arrays over routes)."""

    dv_available: FloatOrArray   #: ideal Δv the stack can give for the ascent, reserves held back [m/s]
    dv_required: FloatOrArray    #: burnout speed + losses [m/s]
    gravity_loss: FloatOrArray
    drag_loss: FloatOrArray
    burn_time: FloatOrArray      #: powered flight incl. staging coasts [s]
    burnout_altitude: FloatOrArray #: [m]
    burnout_range: FloatOrArray  #: ground distance from the pad to burnout along the pitch programme [m]
    staging_speed: FloatOrArray  #: ground-relative speed when stage 1 cuts off [m/s]
    staging_horizontal: FloatOrArray #: its horizontal part [m/s]
    propellant_used: list[FloatOrArray]   #: per stage, ascent propellant [kg]

    @property
    def margin(self) -> FloatOrArray:
        return self.dv_available - self.dv_required


def _pitch_shape(y: FloatOrArray) -> FloatOrArray:
    """y ** GAMMA_EXPONENT; for the calibrated cube, two multiplications (numpy's power takes ~4x that)."""
    return y * y * y if GAMMA_EXPONENT == 3.0 else y ** GAMMA_EXPONENT


def _at(a: FloatOrArray, k: _Rows) -> FloatOrArray:
    """*a* on the routes *k* picks (index arrays from np.nonzero, or a slice); all of it for k None or a number."""
    return a if k is None or np.ndim(a) == 0 else a[k]


def _secant_step(r: FloatOrArray, x: FloatOrArray, x_old: FloatOrArray | None,
                 r_old: FloatOrArray | None) -> FloatOrArray:
    """Step on x towards r = 0: the residual itself first (x_old None or nan), then secant steps,
    held within ten residuals."""
    if x_old is None:
        return r
    d = r - r_old
    ok = (abs(d) > 1e-12) & (x_old == x_old)
    step = xp.where(ok, -r * (x - x_old) / xp.where(ok, d, 1.0), r)
    return xp.clip(step, -10 * abs(r), 10 * abs(r))


def ascent(v: VehicleParams, payload: FloatOrArray, v_burnout: FloatOrArray, phi_burnout: FloatOrArray,
           reserves: Sequence[FloatOrArray], radius: float = R_MEAN, iterations: int = 12,
           losses_guess: FloatOrArray | None = None, tolerance: float = 0.01) -> Ascent:
    """Powered ascent to ground-relative speed *v_burnout* at flight-path angle *phi_burnout*.

    Parameters
    ----------
    payload : array [kg]
    v_burnout, phi_burnout : arrays [m/s], [rad] (ground-relative)
    reserves : list of arrays [kg], one per stage: propellant each stage keeps
        after its ascent burn (recovery for boosters; braking and landing for
        the cargo stage).
    iterations, tolerance : at most this many evaluations of the losses, until
        the Δv required changes by less than *tolerance* [m/s] on every route.
    """
    v_bo: FloatOrArray
    phi_bo: FloatOrArray
    if xp.is_scalar(payload, v_burnout, phi_burnout):
        payload, v_bo, phi_bo = float(payload), float(v_burnout), float(phi_burnout)
    else:
        payload, v_bo, phi_bo = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (payload, v_burnout, phi_burnout)))
    stack = _Stack.of(v, payload, reserves)
    available = sum(stack.dv)
    drag = DRAG_LOSS_K * v.cd_max * v.reference_area / stack.m0[0]
    required = v_bo + (1500.0 if losses_guess is None else losses_guess) + drag
    bo = _Burnout(v_bo, 1 / xp.maximum(v_bo, 1e-9), phi_bo, xp.pi / 2 - phi_bo, radius)
    # the losses depend on the Δv burnt, which depends on the losses: a fixed point, found by secant steps
    settle = _settle_float if xp.is_scalar(required) else _settle_routes
    grav, alt, down, v_stage1, horiz1 = settle(stack, bo, drag, required, iterations, tolerance)
    required = v_bo + grav + drag
    # one more split with the final losses, so that burn times and propellant match the Δv used
    _, t_used, prop_used = _split(stack, required)
    burning = sum(xp.where(t > 0, 1.0, 0.0) for t in t_used)
    burn_time = sum(t_used) + STAGING_COAST_S * xp.maximum(burning - 1, 0.0)
    return Ascent(dv_available=available, dv_required=required, gravity_loss=grav, drag_loss=drag,
                  burn_time=burn_time, burnout_altitude=alt, burnout_range=down, staging_speed=v_stage1,
                  staging_horizontal=horiz1, propellant_used=prop_used)


@dataclass(frozen=True)
class _Stack:
    """The stages of one ascent, per stage: mass at ignition *m0* [kg], exhaust speed *c* [m/s], the ideal
    Δv *dv* [m/s] its burnable propellant gives, and its mass *flow* [kg/s] (floats, or arrays over routes)."""

    m0: list[FloatOrArray]
    c: list[float]
    dv: list[FloatOrArray]
    flow: list[float]

    @classmethod
    def of(cls, v: VehicleParams, payload: FloatOrArray, reserves: Sequence[FloatOrArray]) -> _Stack:
        """*v*'s stages with *payload* [kg] on top, each holding back its *reserves* [kg] (Tsiolkovsky)."""
        n = len(v.stages)
        m0 = [v.stack_mass(i, payload) for i in range(n)]
        c = [v.exhaust_speed(i) for i in range(n)]
        burnable = [xp.maximum(v.stages[i].usable - reserves[i], 0.0) for i in range(n)]
        dv = [c[i] * xp.log(m0[i] / (m0[i] - burnable[i])) for i in range(n)]
        return cls(m0, c, dv, [s.mass_flow for s in v.stages])


class _Burnout(NamedTuple):
    """The burnout the pitch programme ends at (floats, or arrays over routes)."""

    speed: FloatOrArray          #: ground-relative speed v_bo [m/s]
    inv_speed: FloatOrArray      #: 1 / v_bo [s/m]
    angle: FloatOrArray          #: flight-path angle φ_bo [rad]
    turn: FloatOrArray           #: what the programme turns through, 90° − φ_bo [rad]
    radius: float                #: the Earth's [m] (centrifugal relief)


def _split(stack: _Stack, required: FloatOrArray,
           k: _Rows = None) -> tuple[list[FloatOrArray], list[FloatOrArray], list[FloatOrArray]]:
    """Burn each stage until *required* [m/s] is met (the last ones may burn only partly); *k* picks routes.
    Returns per stage the Δv [m/s], burn time [s] and propellant [kg] used."""
    remaining = required
    dv_used: list[FloatOrArray]
    t_used: list[FloatOrArray]
    prop_used: list[FloatOrArray]
    dv_used, t_used, prop_used = [], [], []
    for i in range(len(stack.m0)):   # (vehicle figures are arrays too when sampled per route, as in Monte Carlo)
        m0_i = _at(stack.m0[i], k)
        use = xp.clip(remaining, 0.0, _at(stack.dv[i], k))
        prop = m0_i * -xp.expm1(-use / _at(stack.c[i], k))
        dv_used.append(use)
        prop_used.append(prop)
        t_used.append(prop / _at(stack.flow[i], k))
        remaining = remaining - use
    return dv_used, t_used, prop_used


def _losses(stack: _Stack, bo: _Burnout, required: FloatOrArray, k: _Rows = None) -> _Losses:
    """Gravity loss [m/s], altitude gained [m], ground covered [m] and stage-1 cut-off speed and its horizontal
    part [m/s] when the stages give *required* [m/s] (on the routes *k* picks: index arrays, or None for all):
    the pitch programme's integrals (module doc) by Gauss–Legendre quadrature over each stage's burn."""
    dv_used, t_used, _ = _split(stack, required, k)
    bo_v, inv, phi, tn = _at(bo.speed, k), _at(bo.inv_speed, k), _at(bo.angle, k), _at(bo.turn, k)
    radius = bo.radius
    scale = bo_v / xp.maximum(sum(dv_used), 1e-9)
    grav = alt = down = before = 0.0
    v_stage1 = horiz1 = None
    for i in range(len(stack.m0)):
        t_i, m0_i, c_i, flow = t_used[i], _at(stack.m0[i], k), _at(stack.c[i], k), _at(stack.flow[i], k)
        for x, w in _GL:                       # Gauss–Legendre over the stage's burn
            m = m0_i - flow * x * t_i
            speed = (before + c_i * xp.log(m0_i / xp.maximum(m, 1e-9))) * scale
            sg, cg = xp.sincos(phi + tn * _pitch_shape(xp.clip(1 - speed * inv, 0.0, 1.0)))
            vh2 = speed * speed * ((1 - sg) * (1 + sg))   # (v cos γ)², γ within [0, 90°]
            grav = grav + w * t_i * (G0 - vh2 / radius) * sg
            alt = alt + w * t_i * speed * sg
            down = down + w * t_i * speed * cg
        before = before + dv_used[i]
        if i == 0:
            g_end = phi + tn * _pitch_shape(xp.clip(1 - before * scale * inv, 0.0, 1.0))
            v_stage1 = before * scale
            horiz1 = v_stage1 * xp.cos(g_end)
    return grav, alt, down, v_stage1, horiz1


def _settle_float(stack: _Stack, bo: _Burnout, drag: float, required: float, iterations: int,
                  tolerance: float) -> _Losses:
    """:func:`_losses` at the fixed point required = v_bo + gravity loss + *drag* [m/s], one route on floats:
    secant steps from *required* [m/s] until it moves by less than *tolerance* [m/s], at most *iterations*
    evaluations."""
    out = _losses(stack, bo, required)
    r = bo.speed + out[0] + drag - required
    x_old: float | None
    r_old: float | None
    x_old = r_old = None
    for _ in range(iterations - 1):
        if abs(r) < tolerance:
            break
        step = _secant_step(r, required, x_old, r_old)
        x_old, r_old = required, r
        required = required + step
        out = _losses(stack, bo, required)
        r = bo.speed + out[0] + drag - required
    return out


def _settle_routes(stack: _Stack, bo: _Burnout, drag: FloatOrArray, required: FloatOrArray, iterations: int,
                   tolerance: float) -> _Losses:
    """:func:`_settle_float` on arrays of routes: a route that has settled stops, and the next steps run on
    the rest only (after the first step typically 2 % of them)."""
    grav, alt, down, v_stage1, horiz1 = _losses(stack, bo, required)
    r = bo.speed + grav + drag - required
    shape = np.shape(required)
    grav, alt, down, v_stage1, horiz1, required, r = (np.array(np.broadcast_to(a, shape), dtype=float)
                                                      for a in (grav, alt, down, v_stage1, horiz1, required, r))
    x_old, r_old = np.full(shape, np.nan), np.full(shape, np.nan)
    for _ in range(iterations - 1):
        k: Any = np.nonzero(abs(r) >= tolerance)
        if not k[0].size:
            break
        if k[0].size == r.size:   # every route (the first step, always): a view, not a gather
            k = slice(None)
        rk, xk = r[k], required[k]
        step = _secant_step(rk, xk, x_old[k], r_old[k])
        x_old[k], r_old[k] = xk, rk
        required[k] = xk + step
        grav[k], alt[k], down[k], v_stage1[k], horiz1[k] = _losses(stack, bo, required[k], k)
        r[k] = _at(bo.speed, k) + grav[k] + _at(drag, k) - required[k]
    return grav, alt, down, v_stage1, horiz1

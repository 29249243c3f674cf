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
  centrifugal relief); drag loss is ``DRAG_LOSS_K`` / β₀, with β₀ = m₀ / (C_D,max A)
  the lift-off ballistic coefficient; steering loss is folded into the fit.

``GAMMA_EXPONENT`` and ``DRAG_LOSS_K`` are calibrated on Falcon 9 Full Thrust:
22.8 t to a 200 km orbit from 28.5° implies 1.35–1.72 km/s of losses
(reference/physics.md §6, case 9).  tests/reference/test_ascent.py holds the
model to that band and the payload to −15 %/+17 % of 22.8 t.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .constants import G0, R_MEAN

P_BAR = 0.25               #: mean ambient pressure over the first-stage burn / sea level [-] (assumption)
RESIDUAL_FRACTION = 0.02   #: unusable propellant in every stage [-] (assumption)
GAMMA_EXPONENT = 3.0       #: shape of the pitch programme (calibrated on Falcon 9, see module doc)
DRAG_LOSS_K = 1.2e7        #: drag loss × lift-off ballistic coefficient [m/s · kg/m²] (calibrated)
STAGING_COAST_S = 10.0     #: coast at each stage separation [s] (assumption)

_GL_X, _GL_W = np.polynomial.legendre.leggauss(6)


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
    descent_cd: float = 1.0       #: drag coefficient falling back (tail- or belly-first) [-]
    descent_area: float = 10.0    #: reference area for that drag [m²]

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

    def stack_mass(self, i: int, payload):
        """Mass at ignition of stage *i* with *payload* on top [kg]."""
        return sum(s.dry + s.propellant for s in self.stages[i:]) + np.asarray(payload, dtype=float)


def reserve_mass(dry_and_payload, delta_v, exhaust_speed):
    """Propellant [kg] a stage must still hold to give *delta_v* to its final mass (0 for no Δv)."""
    dv = np.asarray(delta_v, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(dv > 0, np.asarray(dry_and_payload) * np.expm1(dv / exhaust_speed), 0.0)


@dataclass
class Ascent:
    """Result of :func:`ascent` (arrays over routes)."""

    dv_available: np.ndarray     #: ideal Δv the stack can give for the ascent, reserves held back [m/s]
    dv_required: np.ndarray      #: burnout speed + losses [m/s]
    gravity_loss: np.ndarray
    drag_loss: np.ndarray
    burn_time: np.ndarray        #: powered flight incl. staging coasts [s]
    burnout_altitude: np.ndarray #: [m]
    staging_speed: np.ndarray    #: ground-relative speed when stage 1 cuts off [m/s]
    staging_horizontal: np.ndarray  #: its horizontal part [m/s]
    propellant_used: list        #: per stage, ascent propellant [kg]

    @property
    def margin(self):
        return self.dv_available - self.dv_required


def ascent(v: VehicleParams, payload, v_burnout, phi_burnout, reserves, radius: float = R_MEAN,
           iterations: int = 3, losses_guess=None) -> Ascent:
    """Powered ascent to ground-relative speed *v_burnout* at flight-path angle *phi_burnout*.

    Parameters
    ----------
    payload : array [kg]
    v_burnout, phi_burnout : arrays [m/s], [rad] (ground-relative)
    reserves : list of arrays [kg], one per stage: propellant each stage keeps
        after its ascent burn (recovery for boosters; braking and landing for
        the cargo stage).
    """
    payload, v_bo, phi_bo = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (payload, v_burnout, phi_burnout)))
    n = len(v.stages)
    m0 = [v.stack_mass(i, payload) for i in range(n)]
    c = [v.exhaust_speed(i) for i in range(n)]
    burnable = [np.maximum(v.stages[i].usable - reserves[i], 0.0) for i in range(n)]
    dv_stage = [c[i] * np.log(m0[i] / (m0[i] - burnable[i])) for i in range(n)]
    available = sum(dv_stage)
    drag = DRAG_LOSS_K * v.cd_max * v.reference_area / m0[0]
    required = v_bo + (1500.0 if losses_guess is None else losses_guess) + drag
    def split(required):
        """Burn each stage until *required* is met (the last ones may burn only partly)."""
        remaining = required.copy()
        dv_used, t_used, prop_used = [], [], []
        for i in range(n):
            use = np.clip(remaining, 0.0, dv_stage[i])
            prop = m0[i] * -np.expm1(-use / c[i])
            dv_used.append(use)
            prop_used.append(prop)
            t_used.append(prop / v.stages[i].mass_flow)
            remaining = remaining - use
        return dv_used, t_used, prop_used

    for _ in range(iterations):
        dv_used, t_used, prop_used = split(required)
        total_dv = np.maximum(sum(dv_used), 1e-9)
        scale = v_bo / total_dv
        grav = np.zeros_like(v_bo)
        alt = np.zeros_like(v_bo)
        before = np.zeros_like(v_bo)
        v_stage1 = horiz1 = None
        node = (-1,) + (1,) * v_bo.ndim
        for i in range(n):
            tau = (_GL_X.reshape(node) + 1) / 2 * t_used[i]            # (nodes, *routes)
            w = _GL_W.reshape(node) / 2 * t_used[i]
            m = m0[i] - v.stages[i].mass_flow * tau
            speed = (before + c[i] * np.log(m0[i] / np.maximum(m, 1e-9))) * scale
            frac = np.clip(1 - speed / np.maximum(v_bo, 1e-9), 0.0, 1.0)
            gamma = phi_bo + (np.pi / 2 - phi_bo) * frac ** GAMMA_EXPONENT
            sg, cg = np.sin(gamma), np.cos(gamma)
            grav = grav + (w * (G0 - (speed * cg) ** 2 / radius) * sg).sum(axis=0)
            alt = alt + (w * speed * sg).sum(axis=0)
            before = before + dv_used[i]
            if i == 0:
                end_frac = np.clip(1 - before * scale / np.maximum(v_bo, 1e-9), 0.0, 1.0)
                g_end = phi_bo + (np.pi / 2 - phi_bo) * end_frac ** GAMMA_EXPONENT
                v_stage1 = before * scale
                horiz1 = v_stage1 * np.cos(g_end)
        required = v_bo + grav + drag
    # one more split with the final losses, so that burn times match the Δv used
    _, t_used, _ = split(required)
    burning = sum((t > 0).astype(float) for t in t_used)
    burn_time = sum(t_used) + STAGING_COAST_S * np.maximum(burning - 1, 0)
    return Ascent(dv_available=available, dv_required=required, gravity_loss=grav, drag_loss=drag,
                  burn_time=burn_time, burnout_altitude=alt, staging_speed=v_stage1,
                  staging_horizontal=horiz1, propellant_used=prop_used)

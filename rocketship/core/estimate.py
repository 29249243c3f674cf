"""The estimate tier: a whole point-to-point flight in closed form, vectorised over routes.

Phases (every model and constant is named in its module):

1. **Free flight** — the equivalent-impulse Keplerian arc between the two
   surface points on a rotating Earth (:mod:`.ballistic`).
2. **Boost** — the stack climbs to the point of that arc at the burnout
   altitude (half the apogee altitude, at most 200 km), at the arc's speed
   there relative to the ground; losses and burn time from :mod:`.rocket`.
3. **Entry** — at the 120 km interface, relative to the turning atmosphere;
   Allen–Eggers peak deceleration from the vacuum arc's state where drag has
   taken 5 % of the speed (:func:`.reentry.effective_entry_altitude`), so that
   the speed gained falling into the air counts; when it exceeds the cargo limit the cargo
   stage brakes before entry (:mod:`.reentry`).
4. **Descent and landing** — vacuum fall, hypersonic deceleration and a terminal-velocity
   fall, in closed form (:func:`.reentry.descent_time`), and a landing burn from the terminal
   velocity or, where the air cannot slow a dense stage that much before the ground, from the
   speed of its unpowered fall (:func:`.reentry.fall_speed_at_ground`).

Booster stages keep propellant for their recovery (``downrange_sea``: an
entry burn plus a landing burn; ``rtls``: also a boost-back that cancels
1.2 × the horizontal speed at staging).  A cargo stage marked ``expended``
neither brakes nor lands: its cargo is assumed to descend in its own capsule.

Time of flight = boost + free flight (burnout to interface, taken from the
arc with the climb to burnout and the fall below the interface removed) +
braking burn + descent + landing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from . import reentry, xp
from .ballistic import Arc, solve_arcs
from .constants import G0, MU_EARTH, OMEGA_EARTH, R_MEAN
from .kepler import time_between_radii
from .rocket import RESIDUAL_FRACTION, VehicleParams, ascent, reserve_mass
from .roots import illinois

ENTRY_INTERFACE = 120_000.0   #: entry interface altitude [m] (≈ 400,000 ft convention)
BURNOUT_ALTITUDE_MAX = 200_000.0  #: burnout altitude cap [m] (ICBM-class burnouts sit at 150-300 km; assumption)
BURNOUT_APOGEE_FRACTION = 0.5     #: ...and at most this share of the arc's apogee altitude (assumption)
DV_BOOSTER_ENTRY = 800.0      #: booster entry burn, downrange sea landing [m/s]; calibrated: Falcon 9 drone-ship LEO payload 18.1 t vs published 16.7-18.5 t
RTLS_BOOSTBACK_FACTOR = 1.2   #: boost-back Δv / horizontal speed at staging [-] (assumption)
#: a free flight whose apogee stays below the entry interface at more than this speed skims the atmosphere
#: and is no ballistic flight: the minimum-energy arc within ~500 km of the antipode (~7.9 km/s, apogee
#: under 120 km).  Short hops that stay low are slow (under ~1.6 km/s below 120 km); 3 km/s parts the two.
GRAZING_SPEED = 3_000.0
#: apogee altitude [m] a minimum-energy arc that would skim the air is lofted to (assumption: clear of the
#: sensible atmosphere, with burnout at half of it, 100 km)
LOFTED_APOGEE = 200_000.0


@dataclass
class FlightEstimate:
    """Arrays over routes, SI units.  See :func:`estimate_flight`."""

    ground_range: np.ndarray
    free_flight_range: np.ndarray
    burnout_speed: np.ndarray            #: inertial, at burnout altitude
    burnout_speed_relative: np.ndarray
    burnout_flight_path_angle: np.ndarray  #: ground-relative [rad]
    burnout_altitude: np.ndarray
    launch_azimuth: np.ndarray           #: inertial [rad]
    apogee: np.ndarray                   #: altitude [m]
    entry_speed: np.ndarray              #: relative to the atmosphere, before any braking
    entry_flight_path_angle: np.ndarray  #: below the horizontal [rad]
    peak_deceleration_unbraked: np.ndarray
    peak_deceleration: np.ndarray
    peak_heat_flux: np.ndarray
    braking_delta_v: np.ndarray
    landing_delta_v: np.ndarray
    ascent_delta_v: np.ndarray           #: burnout speed + losses
    gravity_loss: np.ndarray
    drag_loss: np.ndarray
    delta_v_required: np.ndarray
    delta_v_available: np.ndarray
    margin: np.ndarray
    boost_time: np.ndarray
    free_flight_time: np.ndarray
    braking_time: np.ndarray
    descent_time: np.ndarray
    time_of_flight: np.ndarray
    g_limited: np.ndarray                #: bool: the cargo sees more than its limit (no braking possible)
    landing_impossible: np.ndarray       #: bool: the landing engines cannot hold the stage up
    converged: np.ndarray
    grazing: np.ndarray                  #: bool: the free flight skims the atmosphere (see GRAZING_SPEED)
    payload: np.ndarray
    extra: dict = field(default_factory=dict)

    def flies(self):
        """bool (array): the flight can be flown — Δv to spare, within the cargo limit, a landing the engines
        can hold, a converged arc that clears the atmosphere.  (The bay's rated payload is the caller's.)"""
        return ((self.margin >= 0) & xp.logical_not(self.g_limited) & xp.logical_not(self.landing_impossible)
                & self.converged & xp.logical_not(self.grazing))


_ROUTE_FIELDS = tuple(f.name for f in fields(FlightEstimate) if f.name != "extra")


def _skims(arc: Arc, radius: float):
    """bool (array): the free flight skims the atmosphere — apogee below the entry interface at more than
    GRAZING_SPEED."""
    return (arc.apogee - radius < ENTRY_INTERFACE) & (arc.v > GRAZING_SPEED)


class _Route:
    """Payload-independent part of an estimate: the arc and the entry geometry."""

    def __init__(self, lat1, lon1, lat2, lon2, trajectory, value, omega, radius):
        self.arc = solve_arcs(lat1, lon1, lat2, lon2, r=radius, trajectory=trajectory, value=value, omega=omega)
        self.radius, self.omega = radius, omega
        self.lofted = False
        if trajectory == "min-energy":
            self._loft(lat1, lon1, lat2, lon2)
        #: one route (results come back as floats); ``one``: and it is held as floats (the fast path of .xp)
        self.single = self.one = isinstance(self.arc.v, float)
        if self.one:
            try:
                self._entry(float(lat1), float(lat2))
                return
            except xp.SCALAR_FAILURES:   # an edge numpy answers with nan or inf: redo it on 0-d arrays
                self.arc = Arc(*map(np.asarray, self.arc))
                self.one = False
        self._entry(np.asarray(lat1, float), np.asarray(lat2, float))

    def _loft(self, lat1, lon1, lat2, lon2):
        """Within ~500 km of the antipode the minimum-energy arc flattens into a skim through the air (see
        GRAZING_SPEED): fly the flattest arc that peaks at LOFTED_APOGEE instead, and say so (``lofted``)."""
        a = self.arc
        skims = _skims(a, self.radius)
        if not xp.any_(skims):
            return
        if isinstance(a.v, float):
            self.arc, self.lofted = solve_arcs(lat1, lon1, lat2, lon2, r=self.radius, trajectory="apogee",
                                               value=LOFTED_APOGEE, omega=self.omega), True
            return
        ends = [np.broadcast_to(np.asarray(x, float), a.v.shape)[skims] for x in (lat1, lon1, lat2, lon2)]
        high = solve_arcs(*ends, r=self.radius, trajectory="apogee", value=LOFTED_APOGEE, omega=self.omega)
        fields_ = []
        for old, new in zip(a, high):
            merged = np.array(old, copy=True)
            merged[skims] = new
            fields_.append(merged)
        self.arc, self.lofted = Arc(*fields_), skims

    def _entry(self, lat1, lat2):
        self.lat1, self.lat2 = lat1, lat2
        self.apogee_alt = self.arc.apogee - self.radius
        self.h_ei = xp.maximum(xp.minimum(ENTRY_INTERFACE, 0.95 * self.apogee_alt), 0.0)
        self.grazing = _skims(self.arc, self.radius)
        self.v_entry, self.gamma_entry = self.descending(self.h_ei)

    def descending(self, h):
        """Speed relative to the turning air [m/s] and flight-path angle below the horizontal [rad]
        where the arc comes down through altitude *h* [m], in vacuum."""
        _, v_rel, gamma = self._through(h, self.lat2, self.arc.arrival_azimuth)
        return v_rel, gamma

    def _through(self, h, lat, azimuth):
        """Inertial speed, speed relative to the turning ground and flight-path angle (from the horizontal)
        where the arc passes altitude *h* [m] at latitude *lat* [deg] heading *azimuth* [rad]: energy and
        angular momentum carried from the burnout point."""
        a, r0 = self.arc, self.radius
        r = r0 + h
        v = xp.sqrt(xp.maximum(a.v ** 2 - 2 * MU_EARTH * (1 / r0 - 1 / r), 1.0))
        cos_p = xp.clip(r0 * a.v * xp.sincos(a.phi)[1] / (r * v), -1.0, 1.0)
        u = self.omega * r * xp.sincos(xp.radians(lat))[1]
        sin_az, cos_az = xp.sincos(azimuth)
        ve = v * cos_p * sin_az - u
        vn = v * cos_p * cos_az
        vz = v * xp.sqrt(1 - cos_p ** 2)
        v_rel = xp.sqrt(ve ** 2 + vn ** 2 + vz ** 2)
        return v, v_rel, xp.arcsin(xp.clip(vz / v_rel, 0.0, 1.0))

    def effective_entry(self, beta):
        """Where the air starts to brake a stage of ballistic coefficient *beta* [kg/m²]: altitude [m],
        air-relative speed [m/s] and flight-path angle [rad] there (:func:`.reentry.effective_entry_altitude`,
        refined once with the steeper angle found lower down)."""
        h = xp.minimum(reentry.effective_entry_altitude(beta, self.gamma_entry), self.h_ei)
        v, g = self.descending(h)
        h = xp.minimum(reentry.effective_entry_altitude(beta, g), self.h_ei)
        v, g = self.descending(h)
        return h, v, g

    def as_arrays(self) -> _Route:
        """The same route on 0-d arrays, so that every operation takes numpy's path."""
        out = object.__new__(_Route)
        out.__dict__.update({k: np.asarray(x) if isinstance(x, float) and k not in ("radius", "omega") else x
                             for k, x in self.__dict__.items()})
        out.arc = Arc(*map(np.asarray, self.arc))
        out.one = False
        return out

    def burnout_target(self, h_bo):
        """Inertial speed, ground-relative speed and flight-path angle on the arc at altitude h_bo."""
        return self._through(h_bo, self.lat1, self.arc.azimuth)


def _stage_dry_plus(v: VehicleParams, i: int, payload):
    s = v.stages[i]
    return s.dry + s.propellant * RESIDUAL_FRACTION + (payload if i == len(v.stages) - 1 else 0.0)


def booster_reserves(v: VehicleParams, payload, staging_horizontal=None) -> list:
    """Propellant [kg] each booster stage keeps for its recovery (see the module doc)."""
    out = []
    for i in range(len(v.stages) - 1):
        s = v.stages[i]
        dv_res = 0.0
        if s.recovery in ("downrange_sea", "rtls"):
            dv_land, _ = reentry.landing_burn(reentry.terminal_velocity(s.descent_beta, 0.0), s.landing_thrust or s.thrust_sl, s.dry)
            dv_res = DV_BOOSTER_ENTRY + dv_land
            if s.recovery == "rtls" and staging_horizontal is not None:
                dv_res = dv_res + RTLS_BOOSTBACK_FACTOR * staging_horizontal
        c_mean = G0 * 0.5 * (s.isp_sl + s.isp_vac)
        out.append(reserve_mass(_stage_dry_plus(v, i, 0.0), dv_res, c_mean) + 0 * payload)
    return out


def orbit_payload(v: VehicleParams, altitude: float, latitude_deg: float, *, recover_boosters: bool = True,
                  iterations: int = 60) -> float:
    """Payload [kg] to a circular orbit of *altitude* [m] launched due east from *latitude_deg*.

    The same ascent and recovery models as the point-to-point flights; used to
    calibrate and check them against published payload-to-orbit figures.
    The upper stage is expended.
    """
    r = R_MEAN + altitude
    v_target = np.sqrt(MU_EARTH / r) - OMEGA_EARTH * r * np.cos(np.radians(latitude_deg))
    lo, hi = 0.0, 0.5 * v.stack_mass(0, 0.0)
    staging = None
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        res = booster_reserves(v, mid, staging) if recover_boosters else [0.0] * (len(v.stages) - 1)
        asc = ascent(v, mid, v_target, 0.0, [*res, 0.0])
        staging = asc.staging_horizontal
        lo, hi = (mid, hi) if asc.margin >= 0 else (lo, mid)
    return lo


def _evaluate(v: VehicleParams, route: _Route, payload) -> FlightEstimate:
    """The flight of *v* along *route* with *payload* [kg]: floats for one route and one payload, else arrays."""
    single = route.single and xp.is_scalar(payload)
    if single and route.one:
        try:
            return _evaluate_on(v, route, float(payload))
        except xp.SCALAR_FAILURES:   # an edge numpy answers with nan or inf: take numpy's answer below
            pass
    if single:
        f = _evaluate_on(v, route.as_arrays() if route.one else route, np.asarray(float(payload)))
        return replace(f, **{k: np.asarray(getattr(f, k)).item() for k in _ROUTE_FIELDS})
    payload = np.broadcast_to(np.asarray(payload, float), route.arc.v.shape).astype(float)
    return _evaluate_on(v, route, payload)


def _evaluate_on(v: VehicleParams, route: _Route, payload) -> FlightEstimate:
    n = len(v.stages)
    cargo = v.stages[-1]
    # --- cargo stage: landing and braking propellant, counted back from touchdown
    m_end = _stage_dry_plus(v, n - 1, payload)
    lands = cargo.recovery == "destination"
    beta_d = (cargo.dry + payload) / (cargo.descent_cd * cargo.descent_area)
    v_term = reentry.terminal_velocity(beta_d, 0.0)
    landing_thrust = cargo.landing_thrust or cargo.thrust_sl
    if lands:
        dv_land, t_land = reentry.landing_burn(v_term, landing_thrust, m_end)
    else:
        dv_land = t_land = xp.zeros_like(payload)
    m_landing_prop = reserve_mass(m_end, dv_land, G0 * cargo.isp_sl)
    # --- entry: Allen–Eggers where the air starts to act; the speed the fall from the interface adds
    #     by then (gain, v² terms) is the same after a braking burn at the interface
    beta_entry = (m_end + m_landing_prop) / (cargo.descent_cd * cargo.descent_area)
    h_eff, v_eff, gamma_eff = route.effective_entry(beta_entry)
    gain = xp.maximum(v_eff ** 2 - route.v_entry ** 2, 0.0)
    if lands:
        v_allowed = reentry.max_entry_speed(v.g_limit, gamma_eff)
        dv_brake = xp.maximum(route.v_entry - xp.sqrt(xp.maximum(v_allowed ** 2 - gain, 0.0)), 0.0)
    else:
        dv_brake = xp.zeros_like(payload)
    v_after = route.v_entry - dv_brake
    v_after_eff = xp.sqrt(v_after ** 2 + gain)
    if lands:
        # a dense stage on a steep fall may meet the ground still faster than its terminal velocity:
        # the landing burn then starts from the unpowered fall's speed (one pass: the entry above was
        # taken with the propellant of a landing from terminal velocity)
        v_fall = reentry.fall_speed_at_ground(v_after_eff, gamma_eff, beta_entry, h_eff)
        dv_land, t_land = reentry.landing_burn(xp.maximum(v_term, v_fall), landing_thrust, m_end)
        m_landing_prop = reserve_mass(m_end, dv_land, G0 * cargo.isp_sl)
    m_brake_prop = reserve_mass(m_end + m_landing_prop, dv_brake, G0 * cargo.isp_vac)
    reserves = [xp.zeros_like(payload) for _ in range(n)]
    reserves[-1] = m_landing_prop + m_brake_prop
    # --- boost: burnout on the arc at a stated altitude; iterated only for a boost-back reserve,
    #     which depends on the speed at staging
    h_bo = xp.minimum(BURNOUT_ALTITUDE_MAX, BURNOUT_APOGEE_FRACTION * xp.maximum(route.apogee_alt, 0.0)) + 0 * payload
    v_in, v_rel, phi_rel = route.burnout_target(h_bo)
    asc = None
    rounds = 2 if any(s.recovery == "rtls" for s in v.stages[:-1]) else 1
    for _ in range(rounds):
        reserves[:-1] = booster_reserves(v, payload, None if asc is None else asc.staging_horizontal)
        asc = ascent(v, payload, v_rel, phi_rel, reserves, radius=route.radius,
                     losses_guess=None if asc is None else asc.gravity_loss)
    a = route.arc
    # --- entry loads
    peak_unbraked = reentry.peak_deceleration(v_eff, gamma_eff)
    peak = reentry.peak_deceleration(v_after_eff, gamma_eff)
    g_limited = peak > v.g_limit * (1 + 1e-6)
    heat = reentry.peak_heat_flux(v_after_eff, gamma_eff, beta_entry, v.nose_radius)
    # --- times
    t_up = time_between_radii(a.q, a.phi, route.radius, route.radius + h_bo)
    t_down = time_between_radii(a.q, a.phi, route.radius, route.radius + route.h_ei)
    free = xp.maximum(a.tof - t_up - t_down, 0.0)
    t_brake = m_brake_prop / cargo.mass_flow
    t_desc = reentry.descent_time(v_after, route.gamma_entry, beta_entry, route.h_ei) + t_land
    dv_required = asc.dv_required + dv_brake + dv_land
    return FlightEstimate(
        ground_range=a.psi_ground * route.radius, free_flight_range=a.psi * route.radius,
        burnout_speed=v_in, burnout_speed_relative=v_rel, burnout_flight_path_angle=phi_rel,
        burnout_altitude=h_bo, launch_azimuth=a.azimuth, apogee=route.apogee_alt,
        entry_speed=route.v_entry, entry_flight_path_angle=route.gamma_entry,
        peak_deceleration_unbraked=peak_unbraked, peak_deceleration=peak, peak_heat_flux=heat,
        braking_delta_v=dv_brake, landing_delta_v=dv_land, ascent_delta_v=asc.dv_required,
        gravity_loss=asc.gravity_loss, drag_loss=asc.drag_loss + 0 * payload,
        delta_v_required=dv_required, delta_v_available=dv_required + asc.margin, margin=asc.margin,
        boost_time=asc.burn_time, free_flight_time=free, braking_time=t_brake, descent_time=t_desc,
        time_of_flight=asc.burn_time + free + t_brake + t_desc, g_limited=g_limited,
        landing_impossible=xp.logical_not(xp.isfinite(dv_land)),
        converged=a.converged, grazing=route.grazing, payload=payload,
        extra={"staging_speed": asc.staging_speed, "reserves": reserves, "entry_interface": route.h_ei,
               "lofted": route.lofted,
               "ascent_propellant": asc.propellant_used},
    )


def estimate_flight(v: VehicleParams, lat1, lon1, lat2, lon2, payload, *, trajectory: str = "min-energy",
                    value=None, omega: float = OMEGA_EARTH, radius: float = R_MEAN) -> FlightEstimate:
    """Estimate flights from (lat1, lon1) to (lat2, lon2) [deg] carrying *payload* [kg].

    All arguments broadcast; the result holds arrays of the broadcast shape,
    or floats when every argument is a number (one route, ~20x faster: see :mod:`.xp`).
    """
    if xp.is_scalar(lat1, lon1, lat2, lon2, payload) and (value is None or xp.is_scalar(value)):
        return _evaluate(v, _Route(lat1, lon1, lat2, lon2, trajectory, value, omega, radius), payload)
    lat1, lon1, lat2, lon2, payload = np.broadcast_arrays(*(np.asarray(x, float) for x in (lat1, lon1, lat2, lon2, payload)))
    if value is not None:
        value = np.broadcast_to(np.asarray(value, float), lat1.shape)
    if lat1.size > CHUNK:   # blocks of routes whose working arrays stay in cache, joined afterwards
        flat = [x.reshape(-1) for x in (lat1, lon1, lat2, lon2, payload)]
        vals = None if value is None else value.reshape(-1)
        parts = []
        for i in range(0, lat1.size, CHUNK):
            k = slice(i, i + CHUNK)
            route = _Route(*(x[k] for x in flat[:4]), trajectory, None if vals is None else vals[k], omega, radius)
            parts.append(_evaluate(v, route, flat[4][k]))
        return _joined(parts, [min(CHUNK, lat1.size - i) for i in range(0, lat1.size, CHUNK)], lat1.shape)
    route = _Route(lat1, lon1, lat2, lon2, trajectory, value, omega, radius)
    return _evaluate(v, route, payload)


CHUNK = 16_384   #: routes per block of a large estimate


def _joined(parts: list[FlightEstimate], sizes: list[int], shape) -> FlightEstimate:
    """One estimate from blocks of *sizes* routes (each field, and each array in ``extra``, end to end)."""
    def join(values):
        return np.concatenate([np.broadcast_to(np.asarray(x), (n,)) for x, n in zip(values, sizes)]).reshape(shape)

    out = {name: join([getattr(p, name) for p in parts]) for name in _ROUTE_FIELDS}
    extra = {}
    for key, first in parts[0].extra.items():
        if isinstance(first, list):
            extra[key] = [join([p.extra[key][i] for p in parts]) for i in range(len(first))]
        else:
            extra[key] = join([p.extra[key] for p in parts])
    return FlightEstimate(**out, extra=extra)


def max_payload(v: VehicleParams, lat1, lon1, lat2, lon2, *, trajectory: str = "min-energy", value=None,
                omega: float = OMEGA_EARTH, radius: float = R_MEAN, tolerance: float = 1.0, route=None):
    """Largest payload [kg] with a non-negative Δv margin (0 where even an empty stage falls short).

    Vectorised regula falsi (Illinois, :func:`.roots.illinois`) on the margin, which falls
    monotonically with payload; the bracket is [0, half the lift-off mass].
    """
    route = route or _Route(lat1, lon1, lat2, lon2, trajectory, value, omega, radius)
    shape = 0.0 if route.single else route.arc.v     # one route searches on floats
    lo = xp.zeros_like(shape)
    hi = xp.full_like(shape, 0.5 * v.stack_mass(0, 0.0))

    def shortfall(m):   # rises with payload; a nan margin (the landing engines cannot hold the stage up) is +inf
        f = _evaluate(v, route, m).margin
        return xp.where(xp.isnan(f), xp.inf, -f)

    f_lo = shortfall(lo)
    none = f_lo > 0
    lo, hi, _, _ = illinois(shortfall, lo, hi, f_lo, shortfall(hi), iterations=60,
                            done=lambda lo, hi, x, fx: xp.all_((hi - lo) < tolerance))
    return xp.where(none | route.grazing, 0.0, lo)


def max_range_along(v: VehicleParams, lat1, lon1, azimuth_deg, payload, *, max_range: float = 20_000e3,
                    omega: float = OMEGA_EARTH, radius: float = R_MEAN, points: int = 64, passes: int = 2):
    """Longest ground range [m] flown along initial bearing *azimuth_deg* [deg] with *payload* [kg].

    For one launch point: each pass evaluates a grid of ranges in one
    vectorised call and narrows to the cell where flights stop being
    possible; two passes of 64 points resolve 20,000 km to about 5 km.
    Returns 0 when not even the shortest range on the grid can be flown.
    """
    from .geodesy import destination

    lo, hi = 0.0, max_range
    best = 0.0
    for _ in range(passes):
        r = np.linspace(lo, hi, points + 1)[1:]
        r = np.maximum(r, 1e3)
        lat2, lon2 = destination(lat1, lon1, azimuth_deg, r, radius)
        f = estimate_flight(v, lat1, lon1, lat2, lon2, payload, omega=omega, radius=radius)
        ok = (f.margin >= 0) & ~f.g_limited & f.converged
        if not np.any(ok):
            hi = r[0]
            continue
        # the longest range that still flies, and the first one past it that does not
        last = int(np.nonzero(ok)[0][-1])
        best = max(best, float(r[last]))
        lo, hi = float(r[last]), float(r[last + 1]) if last + 1 < len(r) else float(r[last])
        if hi <= lo:
            break
    return best

"""The payload-independent part of a flight: the free-flight arc and where it meets the air.

:class:`Route` solves the equivalent-impulse arc (:mod:`.ballistic`) between two surface points and
makes the arc and the entry **one flight**: the range flown in the atmosphere (a lifting glide can be
thousands of kilometres) is part of the route, so the arc is aimed short of the destination by the
nominal entry's overshoot — the ground its descent covers past the arc's own (notional) impact point —
and solved again.  Each flight evaluated on the route (:func:`.estimate.evaluate`) then closes the
range to first order: a braking burn or another payload changes the overshoot by δ, and the burnout
speed by −(∂v/∂ψ)·δ/R, from the arc's closed form at its flight-path angle (at the minimum-energy angle
the same partial is the total derivative, the envelope theorem).

The equivalent-impulse arc leaves the pad at its full speed, so on a flat arc it covers thousands of
kilometres before it climbs to the burnout altitude (3,500 km to 100 km at 2.3°, PEK→JFK) — ground a
climbing rocket, starting from rest, does not cover (~1,000 km).  The stage then burns out that far back
along the route and lands short.  :meth:`Route.lead` aims the arc long by the difference (the *ascent
lead*: :func:`.estimate.route` measures it with the ascent model), so that the arc from the burnout
the rocket really reaches spans the route.

Near the antipode the minimum-energy arc flattens into a skim through the air; such an arc is lofted
to :data:`LOFTED_APOGEE` instead, and said so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np

from . import braking, xp
from .xp import FloatOrArray
from .ballistic import Arc, solve_arcs
from .constants import MU_EARTH, OMEGA_EARTH, R_MEAN, WGS84_A, WGS84_F
from .entry_table import start_altitude, table
from .kepler import Conic

ENTRY_INTERFACE = 120_000.0   #: entry interface altitude [m] (≈ 400,000 ft convention)
#: a free flight faster than this whose apogee never clears the air (see :func:`_skims`) is no ballistic
#: flight: the minimum-energy arc within ~500 km of the antipode (~7.9 km/s, apogee under 100 km), or a
#: depressed arc flown too flat.  Short hops that stay low are slow (under ~1.6 km/s below 120 km); 3 km/s
#: parts the two.
GRAZING_SPEED = 3_000.0
#: apogee altitude [m] a minimum-energy arc that would skim the air is lofted to (assumption: clear of the
#: sensible atmosphere, with burnout at half of it, 100 km)
LOFTED_APOGEE = 200_000.0
#: an entry whose glide would overshoot more than this share of the route leaves the arc too short to aim
#: (the route is then no flight at that trajectory and bank)
MAX_OVERSHOOT_SHARE = 0.9
#: the longest ground angle [rad] an arc is aimed to span (a degree short of the antipode)
LONGEST_AIM = np.pi - np.radians(1.0)
#: passes that place the nominal entry's start (and the ground under it: :func:`surface_before`) a glide
#: short of the landing point; the second moves it by a few per cent of the glide's own change
SURFACE_PASSES = 2


def _skims(arc: Arc, radius: float, beta: FloatOrArray) -> FloatOrArray:
    """bool (array): the free flight skims the atmosphere — faster than GRAZING_SPEED, and its entry
    interface (0.95 of a low apogee) lies below where the air takes hold of a stage of ballistic coefficient
    *beta* [kg/m²] at its apogee speed (:func:`.entry_table.start_altitude`: drag 1 % of g₀).  An arc
    peaking between there and :data:`ENTRY_INTERFACE` is a flight: its entry starts at the apogee, in air
    too thin to matter, as the flattest flights with lift do; below it the arc itself would be flown in
    the air, which the equivalent-impulse arc does not model."""
    speed_at_apogee = radius * arc.v * xp.cos(arc.phi) / arc.apogee
    interface = xp.minimum(ENTRY_INTERFACE, 0.95 * (arc.apogee - radius))
    return (interface < start_altitude(speed_at_apogee, beta)) & (arc.v > GRAZING_SPEED)


def surface_before(lat2: FloatOrArray, lon2: FloatOrArray, arrival_azimuth: FloatOrArray,
                   horizontal_speed: FloatOrArray, distance: FloatOrArray, omega: float = OMEGA_EARTH,
                   radius: float = R_MEAN) -> braking.Surface:
    """The ground under a stage *distance* [m] short of (lat2, lon2) [deg] on a free flight that arrives
    there heading *arrival_azimuth* [rad, inertial] at *horizontal_speed* [m/s, inertial]: the WGS-84
    ellipsoid's geocentric radius there, a(1 − f sin²φ) to first order in the flattening; its rise along
    the stage's track relative to the air, −2 a f sin φ cos φ cos A / R; and the turning ground's speed
    along that heading A, ω R cos φ sin A (floats or arrays).

    The free flight is a great circle in inertial space, walked back from its end; the heading relative
    to the air is that of the inertial velocity less the ground's, ω R cos φ eastward.  (The Earth-fixed
    great circle between the two ends would miss the heading by ~10° on New York → Shanghai, and the
    Coriolis term by a third.)"""
    p2, l2, az = xp.radians(xp.asfloat(lat2)), xp.radians(xp.asfloat(lon2)), xp.asfloat(arrival_azimuth)
    (s2, c2), (sl, cl), (sa, ca) = xp.sincos(p2), xp.sincos(l2), xp.sincos(az)
    end = (c2 * cl, c2 * sl, s2)
    # east (−sin λ, cos λ, 0) and north (−sin φ cos λ, −sin φ sin λ, cos φ) at the end
    heading = (-s2 * cl * ca - sl * sa, -s2 * sl * ca + cl * sa, c2 * ca)
    sd, cd = xp.sincos(xp.asfloat(distance) / radius)
    px, py, pz = (e * cd - h * sd for e, h in zip(end, heading))      # back along the circle
    tx, ty, tz = (h * cd + e * sd for e, h in zip(end, heading))
    ground = omega * radius
    gx, gy = -ground * py, ground * px                                 # the ground's velocity, ω × r
    ux, uy, uz = horizontal_speed * tx - gx, horizontal_speed * ty - gy, horizontal_speed * tz
    norm = xp.sqrt(ux * ux + uy * uy + uz * uz)
    ux, uy, uz = ux / norm, uy / norm, uz / norm
    cx, cy = py * tz - pz * ty, pz * tx - px * tz                      # across the inertial heading, p × t
    return braking.Surface(radius=WGS84_A * (1.0 - WGS84_F * pz * pz),
                           slope=-2.0 * WGS84_A * WGS84_F / radius * pz * uz,
                           rotation_speed=gx * ux + gy * uy, ground_along=gx * tx + gy * ty,
                           ground_across=gx * cx + gy * cy)


#: what a :class:`Route` holds for all its routes alike, never per route
_SHARED = ("radius", "omega", "single", "trajectory", "bank", "_owned")


class Route:
    """One route (or arrays of routes): the arc aimed so that arc and entry together span it.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : launch and landing points [deg] (broadcast).
    trajectory, value : as :func:`.ballistic.solve_arcs` (``min-energy``, ``fpa``, ``tof``, ``apogee``).
    beta, lift_up : ballistic coefficient [kg/m²] and (L/D)·cos σ [-] of the nominal entry that aims the arc.
    """

    #: the bank [rad] the cargo stage enters at (:func:`.estimate.route` sets it; the nominal entry's lift is
    #: *lift_up*, already banked)
    bank: FloatOrArray = 0.0

    # what a route holds (set by _build, _aim, _meet_the_air and lead; floats for one route, arrays for many)
    single: bool
    radius: float
    omega: float
    trajectory: str
    value: FloatOrArray
    ends: tuple[FloatOrArray, ...]               #: lat1, lon1, lat2, lon2 [deg]
    beta_nominal: FloatOrArray
    lift_up: FloatOrArray
    surface: braking.Surface
    ground_range: FloatOrArray
    overshoots: FloatOrArray
    aim_short: FloatOrArray
    ascent_lead: FloatOrArray
    overshoot_nominal: FloatOrArray
    dv_dpsi: FloatOrArray
    arc: Arc
    lofted: FloatOrArray
    lat1: FloatOrArray
    lat2: FloatOrArray
    apogee_alt: FloatOrArray
    grazing: FloatOrArray
    h_ei: FloatOrArray
    interface_horizontal: FloatOrArray
    interface: Conic
    interface_angle: FloatOrArray
    v_entry: FloatOrArray
    gamma_entry: FloatOrArray
    rest_angle: FloatOrArray

    def __init__(self, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
                 trajectory: str = "min-energy", value: FloatOrArray | None = None, *,
                 beta: FloatOrArray = 1000.0, lift_up: FloatOrArray = 0.0, omega: float = OMEGA_EARTH,
                 radius: float = R_MEAN) -> None:
        self.single = xp.is_scalar(lat1, lon1, lat2, lon2) and (value is None or xp.is_scalar(value))
        with np.errstate(all="ignore"):
            if self.single:
                try:   # one route: on floats (see .xp); an edge numpy answers with nan or inf is redone on arrays
                    self._build(float(lat1), float(lon1), float(lat2), float(lon2), trajectory,
                                None if value is None else float(value), float(beta), float(lift_up), omega, radius)
                    return
                except xp.SCALAR_FAILURES:
                    lat1, lon1, lat2, lon2 = (np.asarray(float(x)) for x in (lat1, lon1, lat2, lon2))
                    value = None if value is None else np.asarray(float(value))
                    beta, lift_up = np.asarray(float(beta)), np.asarray(float(lift_up))
            self._build(lat1, lon1, lat2, lon2, trajectory, value, beta, lift_up, omega, radius)

    def _build(self, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray, trajectory: str,
               value: FloatOrArray, beta: FloatOrArray, lift_up: FloatOrArray, omega: float, radius: float) -> None:
        self.radius, self.omega = radius, omega
        self.trajectory, self.value = trajectory, value
        self.ends = (lat1, lon1, lat2, lon2)
        self.beta_nominal, self.lift_up = beta, lift_up
        self.surface = braking.Surface(radius=radius)
        self._aim(0.0)
        self.ground_range = self.arc.psi_ground * radius      # the whole route, launch to landing
        for _ in range(SURFACE_PASSES):   # the ground where the nominal entry starts, a glide short of landing
            glide = xp.minimum(self._overshoot_nominal()[1], self.ground_range)
            self.surface = surface_before(lat2, lon2, self.arc.arrival_azimuth, self.interface_horizontal, glide,
                                          omega, radius)
            self._meet_the_air()
        overshoot = self._overshoot_nominal()[0]
        share = overshoot / xp.maximum(self.ground_range, 1.0)
        self.overshoots = share > MAX_OVERSHOOT_SHARE
        self.aim_short = xp.where(self.overshoots, MAX_OVERSHOOT_SHARE * self.ground_range, overshoot)
        self.lead(0.0 * self.aim_short)

    def lead(self, lead: FloatOrArray) -> None:
        """Aim the arc *lead* [m] long (beyond where the entry alone aims it): the ground the equivalent
        impulse's arc covers up to burnout that the climbing rocket does not (see the module doc)."""
        self.ascent_lead = lead
        # an entry that stops far short of its arc's vacuum impact (a dense stage, steeply in) has the arc
        # aimed long; never past the antipode, where the arc would turn the other way round
        self._aim(xp.maximum(self.aim_short - lead, self.ground_range - LONGEST_AIM * self.radius))
        self.overshoot_nominal = self._overshoot_nominal()[0]
        self.dv_dpsi = self._speed_per_range_angle()

    def range_to(self, h: FloatOrArray) -> FloatOrArray:
        """Ground distance [m] from the launch point to where the arc, climbing, passes altitude *h* [m]
        (the whole climb to the apogee if it peaks lower)."""
        a = self.arc
        climb = Conic(self.radius, a.v, -a.phi)               # at the pad, climbing at φ
        c = xp.clip((1.0 - (self.radius + xp.asfloat(h)) / climb.a) / xp.maximum(climb.e, 1e-15), -1.0, 1.0)
        return self.radius * (climb.true_anomaly(xp.arccos(c)) - climb.true_anomaly(climb.big_e))

    @property
    def floats(self) -> bool:
        """The route is held as Python floats (the fast path of :mod:`.xp`)."""
        return isinstance(self.arc.v, float)

    def _aim(self, short: FloatOrArray) -> None:
        """Solve the arc aimed *short* [m] short of the destination along its own track (and loft it if it
        skims the air)."""
        lat1, lon1, lat2, lon2 = self.ends
        shorten = None if xp.is_scalar(short) and short == 0.0 else short / self.radius
        self.arc = solve_arcs(lat1, lon1, lat2, lon2, r=self.radius, trajectory=self.trajectory, value=self.value,
                              omega=self.omega, shorten=shorten)
        self.lofted = False
        if self.trajectory == "min-energy":
            self._loft(lat1, lon1, lat2, lon2, shorten)
        if isinstance(self.arc.v, float):
            self.lat1, self.lat2 = float(lat1), float(lat2)
        else:
            self.arc = Arc(*(np.asarray(x) for x in self.arc))
            self.lat1, self.lat2 = np.asarray(lat1, float), np.asarray(lat2, float)
        self.apogee_alt = self.arc.apogee - self.radius
        self.grazing = _skims(self.arc, self.radius, self.beta_nominal)
        self._meet_the_air()

    def _meet_the_air(self) -> None:
        """Where the arc comes down through the entry interface over :attr:`surface` (120 km above the
        ellipsoid, or 0.95 of a lower apogee), and the ground angle it has left to its notional impact."""
        ground = self.surface.radius
        self.h_ei = xp.maximum(xp.minimum(ENTRY_INTERFACE, 0.95 * (self.arc.apogee - ground)), 0.0)
        r = ground + self.h_ei
        speed, self.interface_horizontal = self._on_arc(r)
        angle = xp.arccos(xp.clip(self.interface_horizontal / speed, -1.0, 1.0))
        self.interface = Conic(r, speed, angle)                 # the arc itself, inertial
        self.interface_angle = angle
        # the entry's speed relative to the air, and its angle below the ellipsoid's horizontal
        v_rel, gamma = self.surface.to_air(speed, angle)
        self.v_entry, self.gamma_entry = v_rel, gamma + self.surface.slope
        # the inertial arc from the interface down to its notional impact at the radius it was solved at:
        # by the arc's symmetry, the climb from the pad to that radius (the air-relative interface conic is
        # no stand-in: westbound it is faster than the arc, and may never come down to that radius)
        self.rest_angle = self.range_to(ground + self.h_ei - self.radius) / self.radius

    def _loft(self, lat1: FloatOrArray, lon1: FloatOrArray, lat2: FloatOrArray, lon2: FloatOrArray,
              shorten: FloatOrArray | None) -> None:
        """Within ~500 km of the antipode the minimum-energy arc flattens into a skim through the air (see
        GRAZING_SPEED): fly the flattest arc that peaks at LOFTED_APOGEE instead, and say so (``lofted``)."""
        a = self.arc
        skims = _skims(a, self.radius, self.beta_nominal)
        if not xp.any_(skims):
            return
        if isinstance(a.v, float):
            self.arc, self.lofted = solve_arcs(lat1, lon1, lat2, lon2, r=self.radius, trajectory="apogee",
                                               value=LOFTED_APOGEE, omega=self.omega, shorten=shorten), True
            return
        ends = [np.broadcast_to(np.asarray(x, float), a.v.shape)[skims] for x in (lat1, lon1, lat2, lon2)]
        cut = None if shorten is None else np.broadcast_to(np.asarray(shorten, float), a.v.shape)[skims]
        high = solve_arcs(*ends, r=self.radius, trajectory="apogee", value=LOFTED_APOGEE, omega=self.omega,
                          shorten=cut)
        fields_ = []
        for old, new in zip(a, high):
            merged = np.array(old, copy=True)
            merged[skims] = new
            fields_.append(merged)
        self.arc, self.lofted = Arc(*fields_), skims

    def overshoot(self, start: braking.Descent, entry_range: FloatOrArray) -> FloatOrArray:
        """Ground distance [m] by which a descent (*start*, then *entry_range* [m] in the air) lands beyond
        the arc's notional impact point."""
        return self.radius * (start.angle_covered - self.rest_angle) + entry_range

    def _overshoot_nominal(self) -> tuple[FloatOrArray, FloatOrArray]:
        """The nominal entry's overshoot [m] (:meth:`overshoot`) and its range in the air [m]."""
        start = braking.unbraked(self.interface, self.beta_nominal, self.surface)
        cell = table().cell(start.speed, start.angle, self.beta_nominal, self.lift_up, self.surface.rotation_speed)
        glide = table().range(cell)
        return self.overshoot(start, glide), glide

    def _speed_per_range_angle(self) -> FloatOrArray:
        """∂v/∂ψ [m/s per rad] of the arc at its flight-path angle: v = √(Qμ/r), Q = sin(ψ/2)/(cos φ sin(φ + ψ/2))
        gives (v/4)(cot(ψ/2) − cot(φ + ψ/2))."""
        a = self.arc
        half = 0.5 * a.psi
        return 0.25 * a.v * (xp.cos(half) / xp.maximum(xp.sin(half), 1e-9)
                             - xp.cos(a.phi + half) / xp.maximum(xp.sin(a.phi + half), 1e-9))

    def _on_arc(self, r: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray]:
        """Inertial speed [m/s] and its horizontal part [m/s] where the arc passes geocentric radius *r* [m]:
        energy and angular momentum carried from the burnout point."""
        a, r0 = self.arc, self.radius
        return xp.sqrt(xp.maximum(a.v ** 2 - 2 * MU_EARTH * (1 / r0 - 1 / r), 1.0)), r0 * a.v * xp.cos(a.phi) / r

    def _through(self, r: FloatOrArray, lat: FloatOrArray,
                 azimuth: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
        """Inertial speed, speed relative to the turning ground and flight-path angle (from the horizontal)
        where the arc passes geocentric radius *r* [m] at latitude *lat* [deg] heading *azimuth* [rad]:
        energy and angular momentum carried from the burnout point."""
        v, horizontal = self._on_arc(r)
        cos_p = xp.clip(horizontal / v, -1.0, 1.0)
        u = self.omega * r * xp.sincos(xp.radians(lat))[1]
        sin_az, cos_az = xp.sincos(azimuth)
        ve = v * cos_p * sin_az - u
        vn = v * cos_p * cos_az
        vz = v * xp.sqrt(1 - cos_p ** 2)
        v_rel = xp.sqrt(ve ** 2 + vn ** 2 + vz ** 2)
        return v, v_rel, xp.arcsin(xp.clip(vz / v_rel, 0.0, 1.0))

    def burnout_target(self, h_bo: FloatOrArray) -> tuple[FloatOrArray, FloatOrArray, FloatOrArray]:
        """Inertial speed, ground-relative speed and flight-path angle on the arc at altitude h_bo."""
        return self._through(self.radius + h_bo, self.lat1, self.arc.azimuth)

    def _mapped(self, each: Callable[[Any], Any], keep: Collection[str] = ()) -> Route:
        """A Route holding *each*(value) for every value this one holds — the arc's, the interface conic's,
        the surface's and the route ends' too (the ends broadcast to the routes' shape first) — bar the
        names in *keep*, held as they are."""
        out = object.__new__(Route)
        shape = np.shape(self.arc.v)
        for name, value in self.__dict__.items():
            if name in keep:
                out.__dict__[name] = value
            elif name == "arc":
                out.arc = Arc(*(each(np.asarray(x)) for x in value))
            elif name == "interface":
                conic = object.__new__(Conic)
                conic.__dict__.update({k: each(x) for k, x in value.__dict__.items()})
                out.interface = conic
            elif name == "surface":
                out.surface = braking.Surface(*(each(getattr(value, f)) for f in value.__dataclass_fields__))
            elif name == "ends":
                out.ends = tuple(each(np.broadcast_to(np.asarray(x, float), shape)) for x in value)
            else:
                out.__dict__[name] = each(value)
        return out

    def as_arrays(self) -> Route:
        """The same (single) route held as 0-d arrays, so that every operation takes numpy's path."""
        return self._mapped(lambda x: np.asarray(x) if isinstance(x, float) else x,
                            keep=("radius", "omega", "single", "trajectory", "value", "ends", "bank"))

    def take(self, index: FloatOrArray) -> Route:
        """The routes at *index* (a boolean mask or integer array over the route shape) as a Route of their own."""
        shape = np.shape(self.arc.v)

        def sub(x: Any) -> Any:
            if isinstance(x, np.ndarray) and x.shape == shape:
                return x[index]
            if isinstance(x, np.ndarray) and x.ndim:   # broadcast against the routes, then indexed
                return np.broadcast_to(x, shape)[index]
            return x

        return self._mapped(sub)

    def put(self, rows: np.ndarray, part: Route) -> None:
        """Write *part* — the routes at flat positions *rows* of these (:meth:`take`), since aimed again — back
        into these, in place.  The first write gives every value these hold per route an array of the routes'
        shape of its own (never a caller's array, nor a view of one, written into)."""
        shape = np.shape(self.arc.v)
        if not self.__dict__.get("_owned", False):
            def own(x: Any) -> Any:
                return x if x is None or isinstance(x, str) else np.array(np.broadcast_to(np.asarray(x), shape))

            self.__dict__.update(self._mapped(own, keep=_SHARED).__dict__)
            self._owned = True

        def write(whole: np.ndarray, x: Any) -> None:
            whole.reshape(-1)[rows] = x

        for name, value in part.__dict__.items():
            if name in _SHARED or value is None:
                continue
            target = getattr(self, name)
            if name in ("arc", "ends"):
                for whole, x in zip(target, value):
                    write(whole, x)
            elif name in ("interface", "surface"):
                for field, x in vars(value).items():
                    write(getattr(target, field), x)
            else:
                write(target, value)

    def element(self, i: int) -> Route:
        """The route at flat position *i* of these, held as floats (:attr:`floats`: :mod:`.xp`'s fast path)."""
        shape = np.shape(self.arc.v)

        def one(x: Any) -> Any:
            if isinstance(x, np.ndarray):
                return (np.broadcast_to(x, shape).reshape(-1)[i] if x.ndim else x).item()
            return x.item() if isinstance(x, np.generic) else x

        out = self._mapped(one)
        out.single = True
        return out

    @classmethod
    def stacked(cls, routes: Sequence[Route], shape: tuple[int, ...]) -> Route:
        """Routes aimed one at a time (each :attr:`single`) as one Route of arrays of *shape*, in flat order:
        what :meth:`element` takes apart again, value for value."""
        def gather(*values: Any) -> np.ndarray:
            return np.array(values).reshape(shape)

        out = object.__new__(cls)
        for name, value in routes[0].__dict__.items():
            if name in ("radius", "omega", "trajectory") or value is None:
                out.__dict__[name] = value
            elif name == "arc":
                out.arc = Arc(*(gather(*xs) for xs in zip(*(r.arc for r in routes))))
            elif name == "ends":
                out.ends = tuple(gather(*xs) for xs in zip(*(r.ends for r in routes)))
            elif name == "interface":
                conic = object.__new__(Conic)
                conic.__dict__.update({k: gather(*(vars(r.interface)[k] for r in routes)) for k in vars(value)})
                out.interface = conic
            elif name == "surface":
                out.surface = braking.Surface(*(gather(*(getattr(r.surface, f) for r in routes))
                                                for f in value.__dataclass_fields__))
            else:
                out.__dict__[name] = gather(*(r.__dict__[name] for r in routes))
        out.single = False
        return out

    def with_bank(self, beta: FloatOrArray, lift_up: FloatOrArray) -> Route:
        """The same route aimed for another nominal entry (a new bank angle or ballistic coefficient)."""
        lat1, lon1, lat2, lon2 = self.ends
        return Route(lat1, lon1, lat2, lon2, self.trajectory, self.value, beta=beta, lift_up=lift_up, omega=self.omega,
                     radius=self.radius)


"""The route map (``rocketship plot ORIGIN DEST --kind map``): where the cargo goes, drawn on an azimuthal
equidistant projection centred on the route's midpoint, with coastlines contoured from the project's land grid.

Why that projection: every route is a great circle about its midpoint, so the rocket's ground track and the
freighter's sectors run (nearly) straight through the middle of the map, distances from the centre are true,
the map has no seam anywhere near the route (its only cut is the centre's antipode: a route across the dateline
stays in one piece) and a polar route (PEK→JFK passes a few degrees from the pole) is not stretched as a
longitude-latitude map stretches it.  The projection is the few lines of :func:`project` and :func:`unproject`.

Everything drawn is what the models computed (:func:`rocketship.routemap.route_map`); this module only
projects it, and reads the land grid's share of land to draw the coast (:func:`rocketship.catalog.landmask.land_share`).
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

import numpy as np

from ..routemap import RADIUS_KM as R_KM
from .plots import MODE_COLOURS, _plt, _save

if TYPE_CHECKING:
    from ..catalog.places import Place

WIDTH = 10.0         #: the figure's width [in]
KM_PER_DEG = math.radians(R_KM)   #: a degree of great circle on the map's sphere [km]
PIXELS = 520         #: land-grid samples across the map's wider side
LAND, SEA, COAST = "#efe9dc", "#f3f8fc", "#9a9384"
ROCKET, AIR, PAD = MODE_COLOURS["rocket"], MODE_COLOURS["air"], "#7b1fa2"
EVENT_STYLE = {"braking burn lit": ("o", "#ff8f00"), "entry interface": ("D", "white"),
               "the air takes hold": ("o", "#1f77b4")}


def project(lat, lon, lat0: float, lon0: float) -> tuple[np.ndarray, np.ndarray]:
    """Azimuthal equidistant projection about (*lat0*, *lon0*) [deg]: (x east, y north) [km] on the sphere of
    :data:`R_KM`; any longitudes (a route across the dateline stays contiguous: only the centre's antipode is cut)."""
    p, p0 = np.radians(np.asarray(lat, float)), math.radians(lat0)
    dl = np.radians(np.asarray(lon, float) - lon0)
    cos_c = np.clip(math.sin(p0) * np.sin(p) + math.cos(p0) * np.cos(p) * np.cos(dl), -1.0, 1.0)
    c = np.arccos(cos_c)
    k = np.where(c > 1e-12, c / np.sin(np.where(c > 1e-12, c, 1.0)), 1.0)
    x = R_KM * k * np.cos(p) * np.sin(dl)
    y = R_KM * k * (math.cos(p0) * np.sin(p) - math.sin(p0) * np.cos(p) * np.cos(dl))
    return x, y


def unproject(x, y, lat0: float, lon0: float) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of :func:`project`: (lat, lon) [deg] of map points (x, y) [km]; NaN beyond the antipode."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    rho = np.hypot(x, y)
    c = rho / R_KM
    p0 = math.radians(lat0)
    safe = np.where(rho > 1e-9, rho, 1.0)
    lat = np.degrees(np.arcsin(np.clip(np.cos(c) * math.sin(p0) + y * np.sin(c) * math.cos(p0) / safe, -1.0, 1.0)))
    lon = lon0 + np.degrees(np.arctan2(x * np.sin(c), rho * math.cos(p0) * np.cos(c) - y * math.sin(p0) * np.sin(c)))
    lat = np.where(rho > 1e-9, lat, lat0)
    lon = np.where(rho > 1e-9, lon, lon0)
    out = c > math.pi
    return np.where(out, np.nan, lat), np.where(out, np.nan, (lon + 180.0) % 360.0 - 180.0)


def extent(x, y, aspect=(0.45, 0.95), margin: float = 0.1, least_km: float = 500.0):
    """(x0, x1, y0, y1) [km] holding every point with a *margin* (a share of the larger side), at least *least_km*
    across, widened to a height/width ratio within *aspect*."""
    x0, x1, y0, y1 = float(np.nanmin(x)), float(np.nanmax(x)), float(np.nanmin(y)), float(np.nanmax(y))
    pad = margin * max(x1 - x0, y1 - y0, least_km)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    w, h = max(x1 - x0, least_km), max(y1 - y0, least_km * aspect[0])
    if h / w < aspect[0]:
        h = w * aspect[0]
    elif h / w > aspect[1]:
        w = h / aspect[1]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _block(km_per_pixel: float) -> int:
    """The coarsest land-grid block no larger than a pixel (blocks of 1/30° cells, ~3.7 km each)."""
    from ..catalog.landmask import CELLS_PER_DEG, SHARE_BLOCKS

    fits = [b for b in SHARE_BLOCKS if b / CELLS_PER_DEG * KM_PER_DEG <= km_per_pixel]
    return max(fits) if fits else 1


def _land(ax, box, centre) -> str:
    """Fill the land and draw the coast over the map's *box*; say at what resolution."""
    from ..catalog.landmask import CELLS_PER_DEG, land_share

    x0, x1, y0, y1 = box
    n = PIXELS
    nx, ny = (n, max(2, int(n * (y1 - y0) / (x1 - x0)))) if x1 - x0 >= y1 - y0 else \
        (max(2, int(n * (x1 - x0) / (y1 - y0))), n)
    xs, ys = np.linspace(x0, x1, nx), np.linspace(y0, y1, ny)
    gx, gy = np.meshgrid(xs, ys)
    lat, lon = unproject(gx, gy, *centre)
    block = _block((x1 - x0) / nx)
    share = np.full(lat.shape, np.nan)
    ok = np.isfinite(lat)
    share[ok] = land_share(lat[ok], lon[ok], block)
    ax.contourf(gx, gy, share, levels=[0.5, 1.5], colors=[LAND], zorder=0)
    ax.contour(gx, gy, share, levels=[0.5], colors=[COAST], linewidths=0.6, zorder=1)
    return f"{block / CELLS_PER_DEG * 60:.0f}′"


GRATICULE_STEPS = (1, 2, 5, 10, 15, 30)   #: graticule spacings [deg], finest first


def _graticule(ax, box, centre) -> None:
    """Parallels and meridians, every 1°–30° by the map's size: about ten lines across, and every 30° on a map
    wider than 300° of arc (a route near the antipode; the projection shows at most 360°), as on a world map."""
    x0, x1, y0, y1 = box
    span_deg = max(x1 - x0, y1 - y0) / KM_PER_DEG
    step = next((s for s in GRATICULE_STEPS if span_deg / s <= 10), GRATICULE_STEPS[-1])
    fine = np.linspace(-90, 90, 721)
    lines = [(fine, np.full_like(fine, lo)) for lo in np.arange(-180, 180, step)]
    along = np.linspace(-180, 180, 1441)
    lines += [(np.full_like(along, la), along) for la in np.arange(-90 + step, 90, step)]
    for lat, lon in lines:
        x, y = project(lat, lon, *centre)
        far = np.hypot(x, y) > 0.9 * math.pi * R_KM        # near the antipode the projection tears: leave it out
        ax.plot(np.where(far, np.nan, x), np.where(far, np.nan, y), color="#c9d3dc", lw=0.4, zorder=1)


def _xy(line, centre):
    return project(line.lat, line.lon, *centre)


def _hours(q) -> str:
    return f"{q.m_as('h'):,.0f} h"


def _verdict(a, m) -> tuple[str, str, str | None, bool]:
    """(headline, door-to-door line, why it cannot fly or None, flies)."""
    e, f = a.economics, a.flight
    payload = a.inputs.get("payload")
    cargo = "" if payload is None else f" {payload.m_as('t'):g} t"
    flies = bool(e is not None and e.flies)
    if m.siting_reasons:
        state = "no pads sited"
    elif f is None or f.time_of_flight is None:
        state = "no flight"
    elif flies:
        state = f"flies ({f.time_of_flight.m_as('min'):.0f} min pad to landing zone)"
    elif not f.feasible and f.binding_constraint is not None:
        state = f"does not fly ({f.binding_constraint.words})"
    else:
        state = "does not fly"
    head = f"{a.origin.code}→{a.destination.code}, {a.vehicle.name}{cargo}: {state}"
    times = ""
    if e is not None and e.versus and a.rocket is not None and a.rocket.siting.feasible:
        parts = [f"rocket {_hours(e.versus[s].rocket_door_to_door)} vs air {s} {_hours(e.versus[s].air_door_to_door)}"
                 for s in ("express", "general") if s in e.versus]
        times = f"door to door{'' if flies else ' if it could'}: " + " · ".join(parts)
    why = None
    if not flies:
        why = "; ".join(m.siting_reasons) if m.siting_reasons else (e.why_not if e is not None else None)
    return head, times, why, flies


def _end_text(m, end: str) -> str:
    """The words for one end: the airport, then the legs to (or from) the pad, with their distances."""
    def km(v):
        return f"{v / 1e3:,.0f} km" if math.isfinite(v) else "?"

    if end == "origin":
        lines = [f"{m.origin.code}: {m.origin.name}"]
        if m.origin_port is not None and m.launch_pad is not None:
            lines += [f"road {km(m.road_distances[0])} → {m.origin_port.name}",
                      f"sea {km(m.sea_distances[0])} → launch pad {m.launch_pad.code}"]
    else:
        lines = [f"{m.destination.code}: {m.destination.name}"]
        if m.destination_port is not None and m.landing_zone is not None:
            lines += [f"landing zone {m.landing_zone.code}",
                      f"sea {km(m.sea_distances[1])} → {m.destination_port.name}",
                      f"road {km(m.road_distances[1])} → {m.destination.code}"]
    return "\n".join(textwrap.shorten(t, 60, placeholder="…") for t in lines)


CORNERS = {"upper left": (0.01, 0.99, "left", "top"), "upper right": (0.99, 0.99, "right", "top"),
           "lower left": (0.01, 0.01, "left", "bottom"), "lower right": (0.99, 0.01, "right", "bottom")}


def _corner_scores(fx, fy, end_fx: float, end_fy: float, size=(0.42, 0.26)) -> dict[str, float]:
    """How much of the drawing (points at axes fractions *fx*, *fy*) a box of *size* (axes fractions) in each
    corner would cover, then how far the corner is from its end (the nearer the better)."""
    out = {}
    for name, (cx, cy, _, _) in CORNERS.items():
        inside = (np.abs(fx - cx) < size[0]) & (np.abs(fy - cy) < size[1])
        out[name] = 1000.0 * float(np.count_nonzero(inside)) + math.hypot(cx - end_fx, cy - end_fy)
    return out


def _draw(ax, a, m, centre, small: bool = False) -> dict:
    """Draw every line and place of route map *m* on *ax* in the projection about *centre*; the legend's
    handles by label (the first of each).  *small*: a panel's (no stop or airport names)."""
    handles: dict = {}

    def keep(h):
        handles.setdefault(h.get_label(), h)

    for line in m.air:
        keep(ax.plot(*_xy(line, centre), color=AIR, lw=6, alpha=0.35, solid_capstyle="round", zorder=2,
                     label=f"air freight ({a.air.freighter_name}), great circle" + ("" if line.routed else
                                                                                   ": cannot route the load"))[0])
    for stop in m.stops:
        x, y = project(stop.lat, stop.lon, *centre)
        keep(ax.plot([x], [y], "o", ms=7, mfc="white", mec=AIR, mew=2, zorder=5, label="air: technical stop")[0])
        if not small:
            ax.annotate(stop.code, (float(x), float(y)), xytext=(6, 4), textcoords="offset points", fontsize=8,
                        zorder=6)
    if m.rocket is not None:
        feasible = bool(a.flight.feasible)
        style = "-" if feasible else (0, (6, 3)) if m.flown else ":"
        label = ("rocket ground track, " + ("pad → landing zone" if not m.siting_reasons else
                                            "airport → airport (no pads)")
                 + ("" if feasible else " (if it could fly)" if m.flown else " (no flight)"))
        keep(ax.plot(*_xy(m.rocket, centre), color=ROCKET, lw=2.2, ls=style, zorder=3, label=label)[0])
    for ev in m.events:
        marker, colour = EVENT_STYLE.get(ev.name, ("o", "black"))
        x, y = project(ev.lat, ev.lon, *centre)
        keep(ax.plot([x], [y], marker, ms=7, mfc=colour, mec=ROCKET, mew=1.3, zorder=5,
                     label=f"{ev.name}, {ev.altitude / 1e3:.0f} km up")[0])
    for line in m.roads:
        keep(ax.plot(*_xy(line, centre), color=MODE_COLOURS["road"], lw=2, ls=(0, (4, 2)), zorder=3,
                     label="road (straight line between its ends)")[0])
    for line in m.sea:
        keep(ax.plot(*_xy(line, centre), color=MODE_COLOURS["sea"], lw=2, ls="-" if line.routed else (0, (1, 1.5)),
                     zorder=3, label="sea leg, port ↔ pad" + (" (routed at sea)" if line.routed else
                                                              " (straight line)"))[0])
    for line in m.rings:
        keep(ax.plot(*_xy(line, centre), color=PAD, lw=1, zorder=4,
                     label=f"{m.offshore_distance / 1e3:.0f} km about each pad (the siting's distance offshore)")[0])
    places: tuple[tuple[Place | None, str, str, str], ...] = (
        (m.origin_port, "s", MODE_COLOURS["sea"], "port"), (m.destination_port, "s", MODE_COLOURS["sea"], "port"),
        (m.launch_pad, "^", PAD, "launch pad (at sea)"), (m.landing_zone, "v", PAD, "landing zone (at sea)"))
    for place, marker, colour, label in places:
        if place is not None:
            x, y = project(place.lat, place.lon, *centre)
            keep(ax.plot([x], [y], marker, ms=8, mfc=colour, mec="white", mew=0.8, zorder=5, label=label)[0])
    ends = (m.origin, m.destination)
    for k, place in enumerate(ends):
        x, y = project(place.lat, place.lon, *centre)
        keep(ax.plot([x], [y], "o", ms=9, mfc="black", mec="white", mew=1.2, zorder=6, label="airport (door)")[0])
        if small:
            continue
        ox, oy = project(ends[1 - k].lat, ends[1 - k].lon, *centre)   # the label away from the other end
        dx, dy = float(x - ox), float(y - oy)
        norm = math.hypot(dx, dy) or 1.0
        ax.annotate(place.code, (float(x), float(y)), xytext=(14 * dx / norm, 14 * dy / norm),
                    textcoords="offset points", ha="left" if dx >= 0 else "right", va="bottom" if dy >= 0 else "top",
                    fontsize=10, fontweight="bold", zorder=7,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    return handles


def _label_ends(ax, m, box, centre, feature_xy) -> dict[str, str]:
    """Put each end's words in the corner of the map that covers least of the drawing (nearest its end); the
    corner each went to."""
    x0, x1, y0, y1 = box
    fx, fy = (feature_xy[0] - x0) / (x1 - x0), (feature_xy[1] - y0) / (y1 - y0)
    taken: dict[str, str] = {}
    for end, place in (("origin", m.origin), ("destination", m.destination)):
        px, py = project(place.lat, place.lon, *centre)
        scores = _corner_scores(fx, fy, (float(px) - x0) / (x1 - x0), (float(py) - y0) / (y1 - y0))
        corner = min((c for c in scores if c not in taken.values()), key=scores.__getitem__)
        taken[end] = corner
        cx, cy, ha, va = CORNERS[corner]
        ax.text(cx, cy, _end_text(m, end), transform=ax.transAxes, ha=ha, va=va, fontsize=8, zorder=6,
                bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": "#b0b0b0", "alpha": 0.9})
    return taken


PANELS_FROM_KM = 2500.0   #: a map wider than this shows each end's pads, ports and legs on a map of its own
PANEL_HEIGHT = 2.8       #: the height [in] of the map of each end under a wide map


def _end_cluster(m, end: str):
    """The places and lines at one end (airport, port, pad with its ring, road and sea legs), and the point between
    its airport and its pad that its panel is centred on; None where nothing was sited there."""
    airport, pad, port = ((m.origin, m.launch_pad, m.origin_port) if end == "origin" else
                          (m.destination, m.landing_zone, m.destination_port))
    if pad is None or port is None:
        return None
    lines = [line for line in (*m.roads, *m.sea, *m.rings) if line.end == end]
    dlon = (pad.lon - airport.lon + 180.0) % 360.0 - 180.0
    centre = ((airport.lat + pad.lat) / 2, airport.lon + dlon / 2)
    return [airport, pad, port], lines, centre


def _scale_bar(ax, box) -> None:
    """A bar of a round length, about a sixth of the panel's width, in its lower left."""
    x0, x1, y0, y1 = box
    length = next((v for v in (5, 10, 20, 25, 50, 100, 200, 500) if v >= (x1 - x0) / 6), 500)
    bx, by = x0 + 0.06 * (x1 - x0), y0 + 0.07 * (y1 - y0)
    ax.plot([bx, bx + length], [by, by], color="black", lw=2, zorder=8, solid_capstyle="butt")
    ax.text(bx + length / 2, by + 0.02 * (y1 - y0), f"{length} km", ha="center", va="bottom", fontsize=7, zorder=8,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.75})


def _panels(m, box) -> list:
    """For a map too wide to show the pads, ports and legs at each end: (end, local centre, local box) of each
    end, the end on the map's left first; none for a narrower map or where an end was not sited."""
    x0, x1, _, _ = box
    if x1 - x0 < PANELS_FROM_KM:
        return []
    out = []
    for end, place in (("origin", m.origin), ("destination", m.destination)):
        cluster = _end_cluster(m, end)
        if cluster is None:
            return []
        places, lines, centre = cluster
        lx = np.concatenate([[project(p.lat, p.lon, *centre)[0] for p in places], *(_xy(ln, centre)[0] for ln in lines)])
        ly = np.concatenate([[project(p.lat, p.lon, *centre)[1] for p in places], *(_xy(ln, centre)[1] for ln in lines)])
        out.append((float(project(place.lat, place.lon, *m.centre)[0]), end, centre,
                    extent(lx, ly, aspect=(0.7, 1.0), margin=0.15, least_km=100.0)))
    return [p[1:] for p in sorted(out, key=lambda p: p[0])]


def _draw_panel(fig, rect, a, m, end: str, centre, ibox) -> None:
    """One end's pads, ports and legs on a map of its own (projected about its own centre), with its words."""
    panel = fig.add_axes(rect)
    panel.set_facecolor(SEA)
    _land(panel, ibox, centre)
    _draw(panel, a, m, centre, small=True)
    _scale_bar(panel, ibox)
    panel.set_xlim(ibox[0], ibox[1])
    panel.set_ylim(ibox[2], ibox[3])
    panel.set_aspect("equal")
    panel.set_xticks([])
    panel.set_yticks([])
    panel.set_title(_end_text(m, end), loc="left", fontsize=8)


def map_figure(a, path, force: bool = False):
    """The route on a map: airports, road and sea legs, ports, the pads with their offshore rings, the rocket's
    ground track with its events, and the freighter's sectors and stops; titled with the verdict in words."""
    from ..routemap import route_map

    m = route_map(a)
    centre = m.centre
    plt = _plt()
    lat, lon = m.points()
    px, py = project(lat, lon, *centre)
    box = extent(px, py)
    x0, x1, y0, y1 = box
    fig, ax = plt.subplots(figsize=(WIDTH, WIDTH * (y1 - y0) / (x1 - x0)))
    ax.set_facecolor(SEA)
    resolution = _land(ax, box, centre)
    _graticule(ax, box, centre)
    handles = _draw(ax, a, m, centre)
    ex, ey = project([e.lat for e in m.events], [e.lon for e in m.events], *centre)
    panels = _panels(m, box)
    if not panels:
        _label_ends(ax, m, box, centre, (np.concatenate([px, ex]), np.concatenate([py, ey])))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    _layout(fig, ax, a, m, list(handles.values()), resolution, box, panels)
    return _save(fig, path, force)


def _layout(fig, ax, a, m, handles, resolution: str, box, panels) -> None:
    """Title (the verdict) above the map; under it, why it cannot fly, each end's own map (*panels*), the legend
    and the projection's note, each given its own height so that nothing overlaps at any map shape."""
    head, times, why, flies = _verdict(a, m)
    why_lines = textwrap.wrap(("cannot fly: " if not m.siting_reasons else "") + why, 125) if why else []
    x0, x1, y0, y1 = box
    map_w = 0.96 * WIDTH
    map_h = map_w * (y1 - y0) / (x1 - x0)
    title_h = 0.62 if times else 0.38
    why_h = 0.17 * len(why_lines) + (0.08 if why_lines else 0.12)
    legend_h = 0.2 * math.ceil(len(handles) / 2) + 0.05
    note_h = 0.42
    panel_h = PANEL_HEIGHT + 0.85 if panels else 0.0
    total = title_h + map_h + why_h + panel_h + legend_h + note_h
    fig.set_size_inches(WIDTH, total)
    ax.set_position([0.02, (why_h + panel_h + legend_h + note_h) / total, 0.96, map_h / total])
    for k, (end, centre, ibox) in enumerate(panels):
        w = PANEL_HEIGHT * (ibox[1] - ibox[0]) / (ibox[3] - ibox[2]) / WIDTH
        _draw_panel(fig, [0.02 + 0.5 * k, (legend_h + note_h + 0.15) / total, w, PANEL_HEIGHT / total], a, m, end,
                    centre, ibox)
    fig.text(0.02, 1 - 0.08 / total, head + ("\n" + times if times else ""), ha="left", va="top", fontsize=11,
             color="black" if flies else "#b00020", fontweight="bold")
    if why_lines:
        fig.text(0.02, (why_h + panel_h + legend_h + note_h - 0.06) / total, "\n".join(why_lines), ha="left", va="top",
                 fontsize=8, color="#b00020")
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.015, (legend_h + note_h) / total), ncol=2,
               fontsize=8, frameon=False, handlelength=2.6, borderaxespad=0.0)
    lat0, lon0 = m.centre
    note = (f"Azimuthal equidistant projection centred on the route's midpoint ({abs(lat0):.1f}°"
            f"{'N' if lat0 >= 0 else 'S'}, {abs(lon0):.1f}°{'E' if lon0 >= 0 else 'W'}): great circles through it "
            f"are straight and distances from it true; north is up along its meridian. Coast: the project's land "
            f"grid (global-land-mask, GLOBE 1 km) at {resolution}. Pads, ports and legs from the siting "
            f"({m.siting_source or 'none'}); air route from the freighter's plan.")
    fig.text(0.02, 0.05 / total, "\n".join(textwrap.wrap(note, 150)), ha="left", va="bottom", fontsize=7,
             color="#555555")

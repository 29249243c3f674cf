"""Catalogues: vehicles, route presets and places, read from TOML with provenance."""

from .places import Place, resolve_place
from .routes import RoutePreset, Site, available_routes, load_route
from .vehicles import Freighter, Rocket, Stage, available_vehicles, load_vehicle

__all__ = ["Place", "resolve_place", "RoutePreset", "Site", "available_routes", "load_route",
           "Freighter", "Rocket", "Stage", "available_vehicles", "load_vehicle"]

"""rocketship: can a reusable rocket deliver this cargo, how fast door to door, and at what cost?

The public face is small and lazy (nothing heavy is imported until used)::

    import rocketship as rs
    a = rs.assess("PEK", "JFK", vehicle="xzy-1", payload="8 t")
    a.distance.to("km"); a.to_dict()
    rs.compare([("PEK", "JFK"), "PVG:LAX"], vehicles=["xzy-1", "starship"]).to_csv()
    rs.size("PEK", "JFK", vehicle="starship", payload="10 t").scale   # how big a stack would fly it
    rs.load_vehicle("xzy-1"); rs.load_route("pek-jfk"); rs.Q_(10, "t")
"""

from __future__ import annotations

TYPE_CHECKING = False       # (typing.TYPE_CHECKING without importing typing: `import rocketship` stays light)
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "assess": ("rocketship.assessment", "assess"),
    "Assessment": ("rocketship.assessment", "Assessment"),
    "compare": ("rocketship.comparison", "compare"),
    "route_matrix": ("rocketship.comparison", "route_matrix"),
    "study": ("rocketship.studies", "study"),
    "Study": ("rocketship.studies", "Study"),
    "payload_range": ("rocketship.studies", "payload_range"),
    "PayloadRange": ("rocketship.studies", "PayloadRange"),
    "size": ("rocketship.sizing", "size"),
    "Sizing": ("rocketship.sizing", "Sizing"),
    "load_vehicle": ("rocketship.catalog.vehicles", "load_vehicle"),
    "available_vehicles": ("rocketship.catalog.vehicles", "available_vehicles"),
    "load_route": ("rocketship.catalog.routes", "load_route"),
    "available_routes": ("rocketship.catalog.routes", "available_routes"),
    "resolve_place": ("rocketship.catalog.places", "resolve_place"),
    "Place": ("rocketship.catalog.places", "Place"),
    "RocketshipError": ("rocketship.errors", "RocketshipError"),
    "ureg": ("rocketship.units", "ureg"),
    "Q_": ("rocketship.units", "Q_"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'rocketship' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)

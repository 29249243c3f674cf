"""JSON output: every physical value is ``{"value": …, "unit": …}``."""

from __future__ import annotations

import json

from ..encode import encode


def dumps(data: dict) -> str:
    """Strict JSON (NaN/inf become null, as :func:`rocketship.encode.encode` writes every value) with stable key
    order, indented for people, and ASCII-safe (every other character as a \\u escape), so that it can be
    written whatever the terminal's encoding."""
    return json.dumps(encode(data), indent=2, ensure_ascii=True, allow_nan=False)


def catalog_json(obj) -> dict:
    """A catalogue object as JSON: every figure with value, unit, range and provenance."""
    import dataclasses

    from ..catalog.schema import Figure, Table

    def walk(x):
        if isinstance(x, Figure):
            q = x.quantity()
            out = encode(q)
            if x.ranged:
                from ..units import Q_

                out["low"] = Q_(x.low, x.si_unit).to(q.units).magnitude
                out["high"] = Q_(x.high, x.si_unit).to(q.units).magnitude
            out.update(source=x.source.key, confidence=x.confidence, assumption=x.assumption)
            if x.note:
                out["note"] = x.note
            return out
        if isinstance(x, Table):
            return {"columns": {k: list(v) for k, v in x.columns.items()}, "source": x.source.key,
                    "confidence": x.confidence, "assumption": x.assumption}
        if dataclasses.is_dataclass(x):
            return {f.name: walk(getattr(x, f.name)) for f in dataclasses.fields(x)
                    if f.name not in ("sources", "path") and getattr(x, f.name) is not None}
        if isinstance(x, tuple):
            return [walk(i) for i in x]
        return x

    data = walk(obj)
    data["sources"] = {k: dataclasses.asdict(s) for k, s in obj.sources.items()}
    data["file"] = str(obj.path)
    return data

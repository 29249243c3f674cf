"""JSON output: every physical value is ``{"value": …, "unit": …}``."""

from __future__ import annotations

import json
import math


def _clean(obj):
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def dumps(data: dict) -> str:
    """Strict JSON (NaN/inf become null) with stable key order, indented for people."""
    return json.dumps(_clean(data), indent=2, ensure_ascii=False, allow_nan=False)

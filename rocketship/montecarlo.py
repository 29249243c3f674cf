"""The Monte Carlo driver: the cost model (:mod:`rocketship.economics`) and the flight (:mod:`.core.estimate`) run once
on arrays of triangular draws of every ranged catalogue figure (:class:`.uncertainty.Sampler`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .costmodel import cost_model, named_outputs, versus_key
from .uncertainty import Sampler, percentiles, sensitivity


@dataclass(frozen=True)
class MonteCarlo:
    """What a Monte Carlo run gives."""

    summary: dict                        #: output name → {"unit", "p10", "p50", "p90"}, and the probabilities
    ranking: list[tuple[str, float]]     #: the inputs that move the cost per kg most (Spearman ρ), largest first
    samples: dict[str, np.ndarray]       #: output name → its draws (the figures' histograms and tornado)


def monte_carlo(rocket, delivery, airs: dict, payload, volume, parcel_mass, *, range_m: float, samples: int,
                seed: int | None = None, flight_inputs=None, progress=None) -> MonteCarlo:
    """p10/p50/p90 of the key outputs over *samples* triangular draws, the sensitivity ranking and the draws
    of every output (:class:`MonteCarlo`).

    *flight_inputs* = (lat1, lon1, lat2, lon2, flight-path angle [rad], bank [rad], cargo g limit [m/s²])
    adds the flight's Δv margin, feasibility and time of flight — the flight as planned (its arc and bank),
    flown with the vehicle's ranged figures drawn too.  *progress(done, total)* is called after the cost
    model and at the end.
    """
    sampler = Sampler(samples, seed)
    r = cost_model(rocket, delivery, airs, payload, volume, parcel_mass, draw=sampler, range_m=range_m)
    if progress:
        progress(samples // 3, samples)
    flat = named_outputs(r)
    outputs = {k: np.broadcast_to(np.asarray(v, float), (samples,)) for k, (v, _) in flat.items()}
    units = {k: u for k, (_, u) in flat.items()}
    if flight_inputs is not None:
        from .core import estimate as est
        from .flight import vehicle_params

        lat1, lon1, lat2, lon2, phi, bank, g_limit = flight_inputs
        vp = vehicle_params(rocket, draw=sampler)
        vp = replace(vp, g_limit=np.minimum(g_limit, vp.g_limit))
        ones = np.ones(samples)
        route = est.route(vp, lat1 * ones, lon1 * ones, lat2 * ones, lon2 * ones, "fpa", phi * ones,
                          payload=payload * ones, bank=bank * ones)
        f = est.evaluate(vp, route, payload * ones)
        outputs["delta_v_margin"] = np.asarray(f.margin, float) * ones
        outputs["time_of_flight"] = np.asarray(f.time_of_flight, float) * ones / 60.0
        units.update(delta_v_margin="m/s", time_of_flight="min")
        feasible = np.asarray(f.flies(), dtype=float) * ones
    if progress:
        progress(samples, samples)
    summary: dict[str, Any] = {k: {"unit": units[k], **percentiles(v)} for k, v in outputs.items()}
    for sid in r["versus"]:
        summary[f"probability_rocket_faster_versus_{sid}"] = float(np.mean(outputs[versus_key("time_saved", sid)] > 0))
    if flight_inputs is not None:
        summary["probability_feasible"] = float(np.mean(feasible))
    return MonteCarlo(summary=summary, ranking=sensitivity(sampler, outputs["cost_per_kg"]),
                      samples={k: np.asarray(v) for k, v in outputs.items()})

"""The Monte Carlo driver: the cost model (:mod:`rocketship.economics`) and the flight (:mod:`.core.estimate`) run once
on arrays of triangular draws of every ranged catalogue figure (:class:`.uncertainty.Sampler`), a chunk of
draws at a time past CHUNK of them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from .costmodel import cost_model, named_outputs, versus_key
from .uncertainty import Sampler, StreamedPercentiles, percentiles, ranked_rows, ranking, sensitivity


@dataclass(frozen=True)
class MonteCarlo:
    """What a Monte Carlo run gives."""

    summary: dict                        #: output name → {"unit", "p10", "p50", "p90"}, and the probabilities
    ranking: list[tuple[str, float]]     #: the inputs that move the cost per kg most (Spearman ρ), largest first
    samples: dict[str, np.ndarray]       #: output name → its draws (the figures' histograms and tornado)
    #: how the ranking was read where it read a subsample of the draws: {"samples", "of", "seed"}; else None
    ranked_on: dict | None = None


#: the most draws flown at once: a run of more goes a chunk at a time, holding one chunk's draws and arrays
#: (~3 kB a draw while the flight is flown: 10,000 draws ~30 MB) and, across chunks, only what its figures need:
#: the draws about each percentile (:class:`.uncertainty.StreamedPercentiles`), the rows the ranking reads and
#: the cost per kg of every draw (the histogram).  Smaller chunks spend more of the time in Python between
#: numpy's calls; larger ones gain nothing (the arrays outgrow the caches) and page-fault more for their
#: temporaries (1e5 draws: 2.2 s CPU in chunks of 5,000-20,000, 2.6 s at once)
CHUNK = 10_000
#: what a chunked run keeps of every draw, for the histogram (a run of up to CHUNK keeps every output's)
KEPT_SAMPLES = ("cost_per_kg",)


def monte_carlo(rocket, delivery, airs: dict, payload, volume, parcel_mass, *, range_m: float, samples: int,
                seed: int | None = None, flight_inputs=None, progress=None, chunk: int | None = None,
                client=None) -> MonteCarlo:
    """p10/p50/p90 of the key outputs over *samples* triangular draws, the sensitivity ranking and the draws
    of every output (:class:`MonteCarlo`).

    *flight_inputs* = (lat1, lon1, lat2, lon2, flight-path angle [rad], bank [rad], cargo g limit [m/s²])
    adds the flight's Δv margin, feasibility and time of flight — the flight as planned (its arc and bank),
    flown with the vehicle's ranged figures drawn too.  *progress(done, total)* is called after the cost
    model and at the end (after each *chunk* of draws, CHUNK by default, past one).

    A run of more than *chunk* draws is flown a chunk at a time and gives the same figures as at once (every
    draw is the same, :meth:`.uncertainty.Sampler.rows`; the percentiles exactly so, the probabilities are
    counts); it keeps only the cost per kg of every draw (KEPT_SAMPLES).

    *client*: fly the chunks on a Dask cluster (a ``distributed.Client`` or a scheduler's address;
    :func:`rocketship.cluster.map_calls`), each chunk drawing the numbers it draws here: the same figures.
    """
    sampler = Sampler(samples, seed)
    model = (rocket, delivery, airs, payload, volume, parcel_mass, range_m, flight_inputs)
    chunk = CHUNK if chunk is None else chunk
    if samples > chunk or client is not None:
        return _in_chunks(sampler, model, chunk, seed, progress, client)
    outputs, units, versus, feasible = _fly(sampler, model, progress)
    if progress:
        progress(samples, samples)
    summary: dict[str, Any] = {k: {"unit": units[k], **percentiles(v)} for k, v in outputs.items()}
    for sid in versus:
        summary[f"probability_rocket_faster_versus_{sid}"] = float(np.mean(outputs[versus_key("time_saved", sid)] > 0))
    if feasible is not None:
        summary["probability_feasible"] = float(np.mean(feasible))
    return MonteCarlo(summary=summary, ranking=sensitivity(sampler, outputs["cost_per_kg"]),
                      samples={k: np.asarray(v) for k, v in outputs.items()},
                      ranked_on=_ranked_on(ranked_rows(samples, sampler), samples, seed))


def _ranked_on(rows: np.ndarray | None, samples: int, seed: int | None) -> dict | None:
    """What the report says of the rows a ranking read: None for every draw, else how many of how many."""
    return None if rows is None else {"samples": int(rows.size), "of": samples, "seed": seed}


def _fly(sampler: Sampler, model: tuple, progress=None) -> tuple[dict[str, np.ndarray], dict[str, str], list[str],
                                                                  np.ndarray | None]:
    """Every output of the *model* over *sampler*'s draws: (outputs by name, their units, the air services
    paired with, and whether each draw flies — None without a flight)."""
    rocket, delivery, airs, payload, volume, parcel_mass, range_m, flight_inputs = model
    samples = sampler.n
    r = cost_model(rocket, delivery, airs, payload, volume, parcel_mass, draw=sampler, range_m=range_m)
    if progress:
        progress(samples // 3, samples)
    flat = named_outputs(r)
    outputs = {k: np.broadcast_to(np.asarray(v, float), (samples,)) for k, (v, _) in flat.items()}
    units = {k: u for k, (_, u) in flat.items()}
    feasible = None
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
    return outputs, units, list(r["versus"]), feasible


def _chunk(sampler: Sampler, model: tuple, rows: np.ndarray | None, start: int, stop: int) -> tuple:
    """Draws *start* to *stop* of *sampler*'s run flown through *model* (here, or on a Dask worker): every
    output, their units, the air services paired with, whether each draw flies, and of the rows the ranking
    reads (*rows*; None: all), the cost per kg and each ranged input's draws."""
    part = sampler.rows(start, stop)
    outputs, units, versus, feasible = _fly(part, model)
    at = slice(None) if rows is None else rows[(rows >= start) & (rows < stop)] - start
    inputs = {key: (label, draws[at]) for key, (label, _, draws) in part.draws.items()}
    return outputs, units, versus, feasible, outputs["cost_per_kg"][at], inputs


def _in_chunks(sampler: Sampler, model: tuple, chunk: int, seed: int | None, progress, client=None) -> MonteCarlo:
    """:func:`monte_carlo` a *chunk* of draws at a time (here, or on *client*'s cluster as they finish); a
    second pass only where a percentile fell outside the draws its pilot kept
    (:meth:`.uncertainty.StreamedPercentiles.result`).  What a chunk adds to counts and percentiles does not
    depend on the order chunks come back in; the ranking's rows are put back in order."""
    from .cluster import map_calls

    samples = sampler.n
    rows = ranked_rows(samples, sampler)
    kept = {k: np.empty(samples) for k in KEPT_SAMPLES}
    bands: dict[str, StreamedPercentiles] = {}
    results: dict[str, dict | None] = {}
    calls = [(start, min(start + chunk, samples)) for start in range(0, samples, chunk)]
    while True:
        faster: dict[str, int] = {}
        flies = 0.0
        ranked_by_chunk: dict[int, np.ndarray] = {}
        inputs_by_chunk: dict[int, dict] = {}
        flown = 0
        for c, answer in map_calls(partial(_chunk, sampler, model, rows), calls, client=client):
            outputs, units, versus, feasible, ranked_part, inputs_part = answer
            start, stop = calls[c]
            for k, v in outputs.items():
                if results.get(k) is None:
                    bands.setdefault(k, StreamedPercentiles(v)).add(v)
            for sid in versus:
                faster[sid] = faster.get(sid, 0) + int(np.count_nonzero(outputs[versus_key("time_saved", sid)] > 0))
            if feasible is not None:
                flies += float(np.sum(feasible))
            ranked_by_chunk[c], inputs_by_chunk[c] = ranked_part, inputs_part
            for k in kept:
                kept[k][start:stop] = outputs[k]
            flown += stop - start
            if progress:
                progress(flown, samples)
        results.update({k: bands[k].result() for k in bands if results.get(k) is None})
        done = {k: r for k, r in results.items() if r is not None}
        if len(done) == len(results):
            break
    summary: dict[str, Any] = {k: {"unit": units[k], **done[k]} for k in outputs}
    for sid in versus:
        summary[f"probability_rocket_faster_versus_{sid}"] = faster[sid] / samples
    if feasible is not None:
        summary["probability_feasible"] = flies / samples
    inputs: dict[object, tuple[str, list[np.ndarray]]] = {}
    for c in range(len(calls)):   # in the run's order, whatever order the chunks came back in
        for key, (label, draws) in inputs_by_chunk[c].items():
            inputs.setdefault(key, (label, []))[1].append(draws)
    ranked = [ranked_by_chunk[c] for c in range(len(calls))]
    top = ranking([(label, np.concatenate(parts)) for label, parts in inputs.values()], np.concatenate(ranked))
    return MonteCarlo(summary=summary, ranking=top, samples=kept, ranked_on=_ranked_on(rows, samples, seed))

"""Vectorised kernels mapped over chunks, here or on a Dask cluster, with the same answer to the bit.

A study too big for one machine (every cargo airport pair × vehicles × trajectories × Monte Carlo samples) is
cut into chunks of elements; each chunk is one call of the same picklable kernel the local run makes, so the
figures do not depend on where a chunk was flown.  :func:`map_arrays` is the whole interface:

* ``client=None`` flies the chunks here, one after the other (Dask is not imported);
* a :class:`distributed.Client` flies them on its cluster (left open: the caller opened it);
* an address (``"tcp://scheduler:8786"``) is connected to for the call and closed after it; ``"env"`` names
  the scheduler Dask's configuration names (``DASK_SCHEDULER_ADDRESS``, or ``scheduler-address`` in a Dask
  config file).

Dask is an optional extra (``pip install 'rocketship[dask]'``), imported only when a client or an address is
given; an address that cannot be reached is an error within :data:`CONNECT_TIMEOUT` seconds, not a hang.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias

from .errors import InputError, ModelError

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

__all__ = ["CONNECT_TIMEOUT", "ClientLike", "connected", "local_cluster", "map_arrays", "map_calls"]

#: a Dask client, a scheduler's address ("env": Dask's configured one), or None (here, without Dask)
ClientLike: TypeAlias = "Client | str | None"
#: the kernel's outputs for one chunk: a name → an array over the chunk's elements (or a float for one element)
Figures: TypeAlias = "Mapping[str, Any]"

#: seconds to reach a scheduler given by its address before giving up
CONNECT_TIMEOUT = 5.0
#: chunks in flight on a cluster per worker thread: enough to keep every thread busy while results come back,
#: few enough that a study of millions of chunks never sits on the scheduler all at once
IN_FLIGHT_PER_THREAD = 4
_NEEDS_EXTRA = "install the dask extra: pip install 'rocketship[dask]'"


def map_arrays(kernel: Callable[..., Figures], arrays: Sequence[Any], *, chunk: int = 4096,
               client: ClientLike = None, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """*kernel* (``kernel(*arrays) -> {name: array}``) over chunks of the broadcast elements of *arrays*.

    Parameters
    ----------
    kernel : callable
        A vectorised function of the arrays, elementwise (an element's outputs do not depend on the elements
        flown beside it), returning a mapping of names to arrays of its inputs' broadcast shape.  It must
        pickle (a module-level function, or a :func:`functools.partial` of one) to run on a cluster.
    arrays : sequence of array_like or None
        Broadcast against each other, flattened and cut into chunks of *chunk* elements; a None is passed to
        every call as None.  When they hold at most *chunk* elements the kernel gets them as given, in one
        call (so a study of numbers keeps the kernel's path for numbers).
    chunk : int
        Elements per call.
    client : distributed.Client, str or None
        Where the chunks run (see the module doc): here when None.
    progress : callable, optional
        ``progress(done, total)`` in elements, after each chunk comes back (in the order they finish).

    Returns
    -------
    dict
        The kernel's outputs joined over the chunks in order and shaped as the broadcast of *arrays*.
    """
    import numpy as np

    if chunk < 1:
        raise InputError(f"chunk must be a positive number of elements (got {chunk})")
    shape = np.broadcast_shapes(*(np.shape(x) for x in arrays if x is not None))
    size = math.prod(shape)
    calls: list[tuple[Any, ...]] = [tuple(arrays)]
    sizes = [size]
    if size > chunk:
        flat = [None if x is None else np.broadcast_to(np.asarray(x), shape).reshape(-1) for x in arrays]
        starts = range(0, size, chunk)
        calls = [tuple(None if x is None else x[k:k + chunk] for x in flat) for k in starts]
        sizes = [min(chunk, size - k) for k in starts]
    parts: list[Figures | None] = [None] * len(calls)
    with connected(client) as dask_client:
        done = 0
        for k, figures in _run(kernel, calls, dask_client):
            parts[k] = figures
            done += sizes[k]
            if progress:
                progress(done, size)
    if len(parts) == 1:
        assert parts[0] is not None   # _run answers every call
        return dict(parts[0])
    return {name: np.concatenate([np.asarray(p[name]) for p in parts if p is not None]).reshape(shape)
            for name in parts[0] or {}}


def map_calls(kernel: Callable[..., Any], calls: list[tuple[Any, ...]], *,
              client: ClientLike = None) -> Iterator[tuple[int, Any]]:
    """``(k, kernel(*calls[k]))`` for every call, as each is answered: here one after the other, in order, or on
    a Dask cluster as they finish (at most a few a worker thread in flight) — for a caller that folds each
    answer into running figures and keeps none of them whole (the Monte Carlo's chunks of draws).  *client* as
    for :func:`map_arrays`; *kernel* must pickle to run on a cluster."""
    with connected(client) as dask_client:
        yield from _run(kernel, calls, dask_client)


def _run(kernel: Callable[..., Figures], calls: list[tuple[Any, ...]],
         client: Client | None) -> Iterator[tuple[int, Figures]]:
    """(index, kernel(*call)) for every call: here in order, or on *client*'s cluster as they finish."""
    if client is None:
        for k, call in enumerate(calls):
            yield k, kernel(*call)
        return
    yield from _run_on_cluster(kernel, calls, client)


def _apply(kernel: Callable[..., Figures], *call: Any) -> Figures:
    """One chunk on a worker (*kernel* arrives there once, as the result of a task, not with every chunk)."""
    return kernel(*call)


def _itself(kernel: Callable[..., Figures]) -> Callable[..., Figures]:
    return kernel


def _run_on_cluster(kernel: Callable[..., Figures], calls: list[tuple[Any, ...]],
                    client: Client) -> Iterator[tuple[int, Figures]]:
    """The calls on *client*'s cluster, each yielded with its index as it finishes; at most
    :data:`IN_FLIGHT_PER_THREAD` a worker thread in flight, counted as workers come and go (a cluster may start
    empty and grow), at least one."""
    from concurrent.futures import CancelledError

    from distributed import KilledWorker, as_completed

    _check_workers(client)
    # a task, not client.scatter: scatter fails on a cluster whose workers have not started yet
    shared = client.submit(_itself, kernel, pure=False)
    waiting = iter(enumerate(calls))
    finished = as_completed(loop=client.loop, with_results=True)
    live: dict[Any, int] = {}   # future → its call's index

    def top_up() -> None:
        room = IN_FLIGHT_PER_THREAD * max(sum(client.nthreads().values()), 1) - len(live)
        for k, call in itertools.islice(waiting, max(room, 0)):
            future = client.submit(_apply, shared, *call, pure=False)
            live[future] = k
            finished.add(future)

    top_up()
    try:
        for future, figures in finished:
            yield live.pop(future), figures
            top_up()
    except (OSError, CancelledError, KilledWorker) as exc:   # the cluster, not the kernel
        raise ModelError(f"the Dask cluster could not finish the study ({type(exc).__name__}: {exc})") from None
    finally:
        finished.clear()
        if live:
            client.cancel(list(live), force=True)


def _worker_facts() -> tuple[str, str | None]:
    """On a worker: the rocketship it runs, and glibc's MALLOC_TRIM_THRESHOLD_ (None when unset)."""
    import os

    from . import __version__

    return __version__, os.environ.get("MALLOC_TRIM_THRESHOLD_")


def _check_workers(client: Client) -> None:
    """Refuse a cluster whose workers run another rocketship (or none): its figures would not be this one's.
    Warn when they run with a malloc trim threshold (Dask's nanny sets one by default): see :data:`SLOW_MALLOC`."""
    import warnings

    from . import __version__

    try:
        facts = client.run(_worker_facts)
    except ImportError:
        raise InputError("the Dask workers cannot import rocketship: install the same rocketship on every worker "
                         f"(this is {__version__})") from None
    other = sorted({version for version, _ in facts.values() if version != __version__})
    if other:
        raise InputError(f"the Dask workers run rocketship {', '.join(other)}, this is {__version__}: install the "
                         f"same version on every worker, so that the cluster's figures are this one's")
    trims = sorted({trim for _, trim in facts.values() if trim is not None})
    if trims:
        warnings.warn(SLOW_MALLOC.format(", ".join(trims)), stacklevel=2)


def local_cluster(workers: int = 2, **options: Any) -> LocalCluster:
    """A Dask LocalCluster of *workers* processes, one thread each, as rocketship's kernels want them.

    Its workers start without the malloc trim threshold Dask's nanny gives them by default (see
    :data:`SLOW_MALLOC`), and this process's environment is left as it was (a nanny writes the variables it
    gives its worker into its own process's, which here is this one).  *options* go to LocalCluster.
    """
    import os

    import dask.config
    from distributed import LocalCluster

    before = dict(os.environ)
    try:
        with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
            return LocalCluster(**{"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                   "dashboard_address": ":0", **options})
    finally:
        os.environ.clear()
        os.environ.update(before)


#: the warning for workers started with MALLOC_TRIM_THRESHOLD_ set — Dask's nanny sets 65536 unless told not to,
#: and glibc then maps every allocation of 128 kB or more afresh: a chunk of 4,096 pairs took 3 × as long
#: (2 × with the threshold at 1 GB), measured on a 2-core machine
SLOW_MALLOC = ("the Dask workers run with MALLOC_TRIM_THRESHOLD_={} (Dask's default), which makes every large numpy "
               "temporary fresh memory: rocketship's kernels run 2-3 x slower so. Start the workers without it "
               "(Dask config distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_: null); see the Dask page "
               "of the documentation")


@contextmanager
def connected(client: ClientLike, *, timeout: float = CONNECT_TIMEOUT) -> Iterator[Client | None]:
    """The Dask client *client* names, for the length of a ``with`` block.

    None gives None (Dask is not imported); a :class:`distributed.Client` is given back as it is and left open;
    an address — or ``"env"``, the scheduler Dask's configuration names — is connected to, within *timeout*
    seconds, and the client closed at the end of the block.  Errors: :class:`~rocketship.errors.InputError`
    (exit 2) when Dask is not installed, for an address that is not one, and for a scheduler that cannot be
    reached.
    """
    if client is None or not isinstance(client, str):
        yield client
        return
    try:
        import dask.config
        from distributed import Client
    except ImportError:
        raise InputError(f"a Dask scheduler needs Dask: {_NEEDS_EXTRA}") from None
    address = _address(client, dask.config.get("scheduler-address", None))
    _probe(address, timeout)
    opened = Client(address, timeout=timeout, set_as_default=False)
    try:
        yield opened
    finally:
        opened.close()


def _address(given: str, configured: object) -> str:
    """The scheduler's address: *given*, or for ``"env"`` the one Dask's configuration holds (*configured*)."""
    from distributed.comm import parse_address
    from distributed.comm.registry import backends

    address = given.strip()
    if address == "env":
        if not isinstance(configured, str) or not configured.strip():
            raise InputError("scheduler 'env' is Dask's configured one, and there is none: DASK_SCHEDULER_ADDRESS "
                             "is not set (nor 'scheduler-address' in a Dask config file)")
        address = configured.strip()
    scheme, location = parse_address(address, strict=False)
    host, _, port = location.rpartition(":")
    if scheme not in backends or not host or not port.isdigit() or not 0 < int(port) < 65536:
        what = (f"DASK_SCHEDULER_ADDRESS (what 'env' reads) holds {address!r}, which" if given.strip() == "env"
                else repr(given))
        raise InputError(f"{what} is not a Dask scheduler address: write it as tcp://HOST:PORT "
                         f"(e.g. tcp://10.0.0.5:8786), or 'env' for DASK_SCHEDULER_ADDRESS")
    return address


def _probe(address: str, timeout: float) -> None:
    """Reach the scheduler at *address* once, within *timeout* seconds, before a Client is made for it.

    (A Client that cannot connect fails in its constructor and then, when collected, spends twice its timeout
    closing, with a message on stderr; a bare connection does neither.)  The whole exchange — connection and
    handshake — is bounded, since something may accept the connection and never answer; it runs on a daemon
    thread of its own (the caller may be running an event loop already, a notebook), which the caller waits
    for with a bound, so that an interrupt (Ctrl-C) is never held up by it."""
    import asyncio
    import threading

    from distributed.comm import connect
    from distributed.security import Security

    # the Client reaches the scheduler with the security Dask's configuration gives it; so does the probe
    # (without it a tls:// address fails in the probe alone, with a TypeError about an SSL context)
    security = Security().get_connection_args("client")
    if address.startswith("tls://") and security.get("ssl_context") is None:
        raise InputError(f"{address} is a TLS address, and Dask's configuration holds no TLS settings to reach it "
                         "with: give its certificates there (distributed.comm.tls.ca-file, .client.cert and "
                         ".client.key, or DASK_DISTRIBUTED__COMM__TLS__CA_FILE and the like)")

    async def reach() -> None:
        comm = await connect(address, timeout=timeout, **security)
        await comm.close()

    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            asyncio.run(asyncio.wait_for(reach(), timeout))
            outcome.append(None)
        except BaseException as exc:   # noqa: BLE001 (handed to the caller's thread, which judges it)
            outcome.append(exc)

    thread = threading.Thread(target=run, name="rocketship-scheduler-probe", daemon=True)
    thread.start()
    thread.join(timeout + 2.0)
    if not outcome:   # still waiting: asyncio's own bound did not fire in time
        raise InputError(f"cannot reach a Dask scheduler at {address} within {timeout:g} s (no answer)")
    exc = outcome[0]
    if exc is None:
        return
    if isinstance(exc, OSError):   # refused, timed out (no answer to the handshake), an unknown host
        raise InputError(f"cannot reach a Dask scheduler at {address} within {timeout:g} s "
                         f"({str(exc) or 'no answer'})") from None
    # what a reply that is not Dask's protocol gives its decoder varies with the bytes (a first word read as a
    # length of exabytes, a TLS record, a struct that does not unpack): none of it tells the reader more
    raise InputError(f"what answers at {address} is not a Dask scheduler: its reply is not Dask's protocol "
                     f"(another service on that port?)") from None


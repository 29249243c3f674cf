"""Route matrices and studies on a Dask cluster (rocketship.cluster): the same figures to the bit as the run
here, on a LocalCluster of two worker processes; clean errors, in their exit class, for what can go wrong
before the first chunk; and Dask never imported where no cluster was asked for."""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

from rocketship.cluster import local_cluster, map_arrays
from rocketship.comparison import route_matrix
from rocketship.errors import InputError
from rocketship.studies import study
from rocketship.units import Q_

AIRPORTS = ["PEK", "JFK", "LAX", "FRA", "HKG", "DXB"]   # 30 ordered pairs
UNREACHABLE = "tcp://127.0.0.1:1"   # a port nothing listens on (below 1024: no test server takes it)


@pytest.fixture(scope="module")
def client():
    """A LocalCluster of two worker processes, one thread each (as CI runs it), for this module."""
    distributed = pytest.importorskip("distributed")
    environ = dict(os.environ)
    cluster = local_cluster(2)
    assert dict(os.environ) == environ   # the nannies' variables are not left in this process
    client = distributed.Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()


def _same(a, b) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_matrix_on_the_cluster_is_the_local_matrix_to_the_bit(client):
    """Chunks of 7 pairs (five chunks, two workers): every array equal, the JSON equal, progress per chunk."""
    here = route_matrix(AIRPORTS, chunk=7)
    seen = []
    there = route_matrix(AIRPORTS, chunk=7, client=client, progress=lambda done, total: seen.append((done, total)))
    for name in ("range", "time_of_flight", "delta_v_margin", "max_payload"):
        assert np.array_equal(getattr(here, name).magnitude, getattr(there, name).magnitude, equal_nan=True), name
    assert np.array_equal(here.feasible, there.feasible)
    assert _same(here.to_dict(), there.to_dict())
    assert len(seen) == 5 and seen[-1] == (30, 30) and all(t == 30 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    deadline = time.monotonic() + 10   # nothing left on the cluster, once the releases have gone out
    while client.futures and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not client.futures


def test_study_on_the_cluster_is_the_local_study_to_the_bit(client):
    """A (4, 3) study of routes × payloads in chunks of 5, and a flight-path-angle sweep: equal JSON."""
    routes = dict(origins=["PEK", "JFK", "LAX"], destinations=["FRA", "HKG", "SYD"],
                  payload=Q_(np.array([[0.0], [5.0], [10.0], [20.0]]), "t"))
    here, there = study(**routes), study(**routes, client=client, chunk=5)
    assert there.range.shape == (4, 3)
    assert _same(here.to_dict(), there.to_dict())
    sweep = dict(origins="PEK", destinations="JFK", flight_path_angle=Q_(np.linspace(10, 60, 11), "deg"))
    assert _same(study(**sweep).to_dict(), study(**sweep, client=client, chunk=4).to_dict())


def test_a_client_made_from_an_address_is_closed_after_the_call(client):
    """An address is connected to for the call alone; the caller's own client is left open."""
    address = client.scheduler.address
    before = len(client.scheduler_info()["workers"])
    m = route_matrix(AIRPORTS[:3], chunk=2, client=address)
    assert _same(m.to_dict(), route_matrix(AIRPORTS[:3]).to_dict())
    assert client.status == "running" and len(client.scheduler_info()["workers"]) == before
    clients = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.clients))
    assert clients <= 2   # this module's client (and the scheduler's own), not the address's


def test_cli_matrix_on_the_scheduler_dask_is_configured_with(client, run_cli):
    """``matrix --scheduler env`` takes DASK_SCHEDULER_ADDRESS; its JSON is the local run's, byte for byte."""
    code, out, err = run_cli("matrix", *AIRPORTS[:4], "--json", "--scheduler", "env",
                             env={"DASK_SCHEDULER_ADDRESS": client.scheduler.address})
    assert code == 0, err
    local = run_cli("matrix", *AIRPORTS[:4], "--json")
    assert local[0] == 0 and out == local[1]


def test_an_unreachable_scheduler_is_a_clean_error_within_seconds(run_cli):
    pytest.importorskip("distributed")
    start = time.monotonic()
    code, out, err = run_cli("matrix", "PEK", "JFK", "--scheduler", UNREACHABLE)
    assert code == 2 and out == ""
    assert err.startswith("rocketship: error: cannot reach a Dask scheduler at tcp://127.0.0.1:1 within 5 s")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert time.monotonic() - start < 20   # the 5 s timeout and a process's start, not a hang


def test_a_service_that_is_not_dask_is_named_as_such():
    """Something else answers on the port (here a server that greets as SSH does): one line saying it is not
    a Dask scheduler, not what Dask's decoder made of the greeting (it read a length of 2.8 EiB)."""
    pytest.importorskip("distributed")
    import socket
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def greet() -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = server.accept()
                conn.sendall(b"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3\r\n")
                conn.close()

    threading.Thread(target=greet, daemon=True).start()
    try:
        with pytest.raises(InputError) as caught:
            route_matrix(AIRPORTS[:2], client=f"tcp://127.0.0.1:{port}")
    finally:
        server.close()
    assert str(caught.value) == (f"what answers at tcp://127.0.0.1:{port} is not a Dask scheduler: its reply is "
                                 "not Dask's protocol (another service on that port?)")


def test_a_tls_address_without_tls_settings_says_what_it_needs(monkeypatch):
    """A tls:// scheduler is reached with the certificates Dask's configuration gives the Client; with none
    there, the answer says so (it said 'not a Dask scheduler', from Dask's TypeError about an SSL context,
    whether anything listened or not)."""
    pytest.importorskip("distributed")
    import dask.config

    for name in [k for k in os.environ if k.startswith("DASK_DISTRIBUTED__COMM__TLS")]:
        monkeypatch.delenv(name)
    with dask.config.set({"distributed.comm.tls.ca-file": None, "distributed.comm.tls.client.cert": None}), \
            pytest.raises(InputError, match="is a TLS address, and Dask's configuration holds no TLS settings"):
        route_matrix(AIRPORTS[:2], client="tls://127.0.0.1:1")


def test_a_tls_scheduler_is_reached_with_dasks_tls_settings(tmp_path):
    """A scheduler that speaks only TLS, its certificates in Dask's configuration: the matrix is flown there
    (the probe before the Client connected without them, and read the scheduler as 'not a Dask scheduler').
    A self-signed certificate made with the openssl command serves as CA, scheduler, worker and client."""
    pytest.importorskip("distributed")
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    import dask.config
    from distributed import LocalCluster
    from distributed.security import Security

    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True, timeout=60)
    security = Security(tls_ca_file=cert, tls_scheduler_cert=cert, tls_scheduler_key=key, tls_worker_cert=cert,
                        tls_worker_key=key, tls_client_cert=cert, tls_client_key=key, require_encryption=True)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tls", security=security,
                      dashboard_address=None) as cluster, \
            dask.config.set({"distributed.comm.tls.ca-file": cert, "distributed.comm.tls.client.cert": cert,
                             "distributed.comm.tls.client.key": key, "distributed.comm.require-encryption": True}):
        assert cluster.scheduler_address.startswith("tls://")
        there = route_matrix(AIRPORTS[:3], client=cluster.scheduler_address)
    here = route_matrix(AIRPORTS[:3])
    np.testing.assert_array_equal(there.max_payload.magnitude, here.max_payload.magnitude)


@pytest.mark.parametrize("address, says", [
    ("nonsense", "is not a Dask scheduler address"),
    ("tcp://host", "is not a Dask scheduler address"),
    ("tcp://host:99999", "is not a Dask scheduler address"),
    ("ftp://host:21", "is not a Dask scheduler address"),
    ("env", "DASK_SCHEDULER_ADDRESS is not set"),
])
def test_a_bad_address_is_an_input_error(address, says, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    import dask.config

    with dask.config.set({"scheduler-address": None}), pytest.raises(InputError, match=says):
        route_matrix(AIRPORTS[:2], client=address)


def test_without_dask_a_scheduler_asks_for_the_extra():
    """Dask not installed (hidden here): exit 2, one line naming the extra."""
    code = ("import sys; sys.modules['dask'] = sys.modules['distributed'] = None\n"
            "from rocketship.cli import main\n"
            f"sys.exit(main(['matrix', 'PEK', 'JFK', '--scheduler', {UNREACHABLE!r}]))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.strip() == ("rocketship: error: a Dask scheduler needs Dask: install the dask extra: "
                                "pip install 'rocketship[dask]'")


@pytest.mark.parametrize("argv", [["route", "PEK", "JFK", "--json"], ["matrix", "PEK", "JFK", "LAX", "--json"]])
def test_dask_is_never_imported_without_a_cluster(argv):
    """The default path loads neither Dask nor distributed (not even through pint, which probes for Dask)."""
    code = ("import io, runpy, sys, contextlib\n"
            f"sys.argv = ['rocketship', *{argv!r}]\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "    runpy.run_module('rocketship', run_name='__main__')\n"
            "print(','.join(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert p.stdout.strip() == ""


def test_map_arrays_here_is_one_call_for_one_chunk_and_joins_chunks_in_order():
    calls = []

    def kernel(x, y, z):
        calls.append(np.shape(x))
        assert z is None
        return {"sum": np.asarray(x) + np.asarray(y)}

    assert map_arrays(kernel, (1.0, 2.0, None))["sum"] == 3.0 and calls == [()]
    x, y = np.arange(6.0).reshape(2, 3), np.arange(3.0)
    out = map_arrays(kernel, (x, y, None), chunk=4)
    assert np.array_equal(out["sum"], x + y) and calls[1:] == [(4,), (2,)]
    with pytest.raises(InputError, match="chunk"):
        map_arrays(kernel, (x, y, None), chunk=0)


class _Workers:
    """Stands in for a Client whose workers answer ``run`` with *facts* (or raise *error*)."""

    def __init__(self, facts=None, error=None):
        self.facts, self.error = facts, error

    def run(self, function):
        if self.error:
            raise self.error
        return self.facts


def test_workers_with_another_rocketship_or_none_are_refused():
    from rocketship import __version__
    from rocketship.cluster import _check_workers

    with pytest.raises(InputError, match=r"the Dask workers run rocketship 0\.0\.1, this is "):
        _check_workers(_Workers({"a": (__version__, None), "b": ("0.0.1", None)}))
    with pytest.raises(InputError, match="the Dask workers cannot import rocketship"):
        _check_workers(_Workers(error=ModuleNotFoundError("No module named 'rocketship'")))


def test_workers_with_a_malloc_trim_threshold_are_warned_of():
    """Dask's default MALLOC_TRIM_THRESHOLD_ makes the kernels ~3 x slower: said once, with the cure."""
    from rocketship import __version__
    from rocketship.cluster import _check_workers

    with pytest.warns(UserWarning, match=r"MALLOC_TRIM_THRESHOLD_=65536 .*pre-spawn-environ"):
        _check_workers(_Workers({"a": (__version__, "65536"), "b": (__version__, "65536")}))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _check_workers(_Workers({"a": (__version__, None)}))


def test_the_local_cluster_workers_run_without_the_trim_threshold(client):
    from rocketship.cluster import _worker_facts

    assert {trim for _, trim in client.run(_worker_facts).values()} == {None}


def test_a_monte_carlo_on_the_cluster_is_the_local_one_to_the_bit(client):
    """25,000 draws: three chunks of 10,000 flown on two workers, come back in any order, and a ranking read
    on a subsample (past 20,000): the assessment's JSON is the local run's, figure for figure."""
    import rocketship as rs

    here = rs.assess("PVG", "ICN", samples=25_000, seed=5)
    there = rs.assess("PVG", "ICN", samples=25_000, seed=5, client=client)
    assert json.dumps(there.to_dict()) == json.dumps(here.to_dict())
    assert there.sensitivity_subsample == {"samples": 20_000, "of": 25_000, "seed": 5}
    assert np.array_equal(there.uncertainty_samples["cost_per_kg"], here.uncertainty_samples["cost_per_kg"])


def test_cli_route_samples_on_the_scheduler(client, run_cli):
    """``route --samples N --scheduler ADDRESS`` prints what the local run prints; without --samples it asks
    for them (exit 2, one line)."""
    args = ("route", "PVG", "ICN", "--samples", "3000", "--seed", "2", "--json")
    code, out, err = run_cli(*args, "--scheduler", client.scheduler.address)
    assert code == 0, err
    local = run_cli(*args)
    assert local[0] == 0 and out == local[1]
    code, out, err = run_cli("route", "PVG", "ICN", "--scheduler", client.scheduler.address)
    assert code == 2 and out == "" and err.strip().endswith("give --samples N too")


def test_a_server_that_never_answers_is_a_clean_error_within_seconds(run_cli):
    """From a hostile run: something that accepts the connection and never speaks held the command for as long
    as it kept the socket (122 s, then "within 5 s" in the message), and Ctrl-C could not stop it.  The whole
    exchange is bounded now: exit 2, one line, in seconds."""
    import socket
    import threading

    pytest.importorskip("distributed")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: [held.append(server.accept()[0]) for _ in range(4)], daemon=True).start()
    try:
        start = time.monotonic()
        code, out, err = run_cli("matrix", "PEK", "JFK", "--scheduler", f"tcp://127.0.0.1:{server.getsockname()[1]}")
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
        assert "cannot reach a Dask scheduler" in err and "within 5 s" in err
        assert time.monotonic() - start < 30   # the 5 s bound and a process's start
    finally:
        for conn in held:
            conn.close()
        server.close()


def test_env_holding_garbage_names_the_variable_not_env(run_cli):
    pytest.importorskip("distributed")
    code, out, err = run_cli("matrix", "PEK", "JFK", "--scheduler", "env", env={"DASK_SCHEDULER_ADDRESS": "garbage"})
    assert code == 2 and "DASK_SCHEDULER_ADDRESS (what 'env' reads) holds 'garbage'" in err

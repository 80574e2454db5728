"""Figures as a client sees them: the project served by gunicorn, measured over HTTP.

`served(scale)` starts gunicorn the way production does (gunicorn.conf.py, DEBUG off, the production settings with
the benchmark's URLs beside the project's: bench/settings.py), with `WORKERS` sync workers on the scale's database
and, when the benchmark was started with a REDIS_URL, Redis as its cache. `interleaved()` then sends requests from
`CLIENTS` client threads, each alternating between the paths it compares (ours, then the ceiling, then ours ...), so
that both sides meet the same workers, caches and load on the machine at the same moments: their ratio holds even
when the machine is busy, their absolute values do not.

Two settings differ from production, the same for every path: the per-user API throttle is raised (the benchmark
makes thousands of requests as one user; the throttle still runs, with its cache round trips) and a worker is
never recycled after a number of requests (a restart mid-figure would charge its start-up to one side).
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from . import common

WORKERS = 2
CLIENTS = 2


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    workers: int

    def get(self, path, headers=None):
        """(status, seconds, body) of one GET on a new connection (gunicorn's sync workers close each one)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
            return response.status, time.perf_counter() - started, body
        finally:
            connection.close()


@contextmanager
def served(scale, workers=WORKERS):
    """A gunicorn serving the scale's benchmark database for the duration of the block."""
    from django.conf import settings

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": common.database_url(scale),
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,  # the driver's: the sessions it signs in are valid there
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback, as behind the TLS-terminating proxy
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_MAX_REQUESTS": "0",
        "API_THROTTLE_USER": "100000000/hour",
        "PYTHONPATH": str(common.ROOT),
    }
    env.pop("REDIS_URL", None)
    if common.served_redis_url:
        env["REDIS_URL"] = common.served_redis_url
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below, after the server stopped
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and the project's gunicorn configuration
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "cica_portal.wsgi"],
        cwd=common.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the access log
        stderr=log,
    )
    server = Server(port, workers)
    try:
        _wait_until_up(server, process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(server, process, log, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            status, _seconds, _body = server.get("/healthz")
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
        break
    log.seek(0)
    raise RuntimeError("gunicorn did not start:\n" + log.read().decode(errors="replace")[-3000:])


def session_cookie(username):
    """A `Cookie:` header of a signed-in session of the persona (second factor passed, as in bench.figures.clients)."""
    from django.conf import settings

    from .figures.clients import signed_in

    client = signed_in(username)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"}


@dataclass
class Measured:
    """What the clients saw of one path: requests per second (summed over the clients) and latencies (ms)."""

    path: str
    requests_per_second: float
    p50: float
    p95: float
    bytes: int


def interleaved(server, paths, headers, rounds, clients=CLIENTS, warm_up=3):
    """Each of `clients` threads requests every path in turn, `rounds` times (the order rotating each round, so no
    path always follows another), after `warm_up` rounds per worker that are not timed. Returns {path: Measured}.

    A path's requests per second is, summed over the clients, the number of its requests divided by the time the
    client spent waiting for them: what the clients would get if they asked for nothing else."""
    for _ in range(warm_up * server.workers):
        for path in paths:
            status, _seconds, body = server.get(path, headers)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
    samples = [{path: [] for path in paths} for _ in range(clients)]
    sizes = {}
    errors = []

    def client(mine, offset):
        try:
            for round_ in range(rounds):
                for i in range(len(paths)):
                    path = paths[(i + round_ + offset) % len(paths)]
                    status, seconds, body = server.get(path, headers)
                    if status != 200:
                        raise RuntimeError(f"{path} answered {status}")
                    mine[path].append(seconds)
                    sizes[path] = len(body)
        except Exception as exc:  # noqa: BLE001 - reported to the figure, which reports it to the driver
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(samples[i], i)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    measured = {}
    for path in paths:
        every = sorted(1000 * s for mine in samples for s in mine[path])
        measured[path] = Measured(
            path,
            sum(len(mine[path]) / sum(mine[path]) for mine in samples),
            statistics.median(every),
            every[min(len(every) - 1, round(0.95 * (len(every) - 1)))],
            sizes[path],
        )
    return measured

"""A private redis-server for the outage tests, on a port of this project's range: started, stopped, started again.

Never the shared server: stopping it must not disturb anyone else.
"""

import shutil
import socket
import subprocess
import time

from kombu import pools

from tests.conftest import service_missing
from tests.mailserver import free_port


class PrivateRedis:
    def __init__(self, port=None):
        self.port = port or free_port(range(7399, 7299, -1))
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout=10):
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server")
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def reset_broker_pools():
    """Forget the connections made to the previous broker address."""
    from cica_portal.celery import app

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def serve_as_broker_and_cache(settings):
    """A private Redis as the broker and the cache for one test (the `redis_server` fixture of tests/conftest.py)."""
    from cica_portal.celery import app
    from core.cache import FailOpenRedisCache

    try:
        server = PrivateRedis().start()
    except FileNotFoundError:
        service_missing("redis-server needed")
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    timeouts = {"socket_timeout": 1, "socket_connect_timeout": 1}
    app.conf.update(broker_url=server.url, task_always_eager=False, broker_transport_options=timeouts)
    reset_broker_pools()
    settings.REDIS_URL = server.url
    settings.REDIS_TIMEOUT = 1
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": server.url, "OPTIONS": timeouts}
    }
    FailOpenRedisCache._last_warning = 0.0  # its warning is logged once a minute: this test sees its own
    yield server
    server.stop()
    app.conf.update(saved)
    reset_broker_pools()

"""gunicorn's settings, read by the Dockerfile's CMD and docker-compose (`gunicorn -c gunicorn.conf.py ...`).

Every value comes from the environment with a default that suits a small server:
- WEB_CONCURRENCY: worker processes (default 2 x CPUs + 1, at most 8). More than one, so one slow request never
  stalls the site.
- GUNICORN_TIMEOUT: seconds a worker may spend on one request before it is restarted (default 60).
- GUNICORN_GRACEFUL_TIMEOUT: seconds to finish requests on restart (default 30).
- GUNICORN_KEEPALIVE: seconds to hold an idle keep-alive connection (default 5).
- GUNICORN_MAX_REQUESTS: restart a worker after this many requests, with jitter (default 1000; 0: never).
- GUNICORN_BIND: address (default 0.0.0.0:8000). GUNICORN_CMD_ARGS still overrides anything.
- PROMETHEUS_MULTIPROC_DIR: where every worker writes its metrics, so /metrics adds up all of them (emptied at
  start, a dead worker's files merged away).
Requests are logged by the application (JSON with the request id, core.logs), so gunicorn's access log is off
unless GUNICORN_ACCESSLOG names a file ("-" for stdout).
"""

import multiprocessing
import os
import shutil


def _int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name}={value!r} is not a whole number") from None


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the container, behind the proxy
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8))
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
# Workers load the application after forking: a database or broker connection is never shared between them.
preload_app = False


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)

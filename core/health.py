"""What the health endpoints report: each dependency's state, and what it means for the site.

The site serves pages, saves and the API with the database alone: Redis (the cache and the API throttles) fails
open, the broker's work waits in the outbox (jobs.outbox) and the workers catch up when they come back. So only the
database decides readiness; Redis, the broker and the workers make the site "degraded" (said in the body, with
each one's state), never "down".

- liveness (`/healthz`): the process serves; never touches the database, so a database outage does not get healthy
  web processes restarted. Reports Redis, the broker and the workers.
- readiness (`/readyz`): the same, plus the database; 503 only when the database does not answer.

Workers are seen through their heartbeat: the minute job that queues waiting tasks (jobs.tasks.drain_outbox) runs
on a worker, sent by beat through the broker, and records the time it ran (`record_worker_heartbeat`); older than
WORKER_HEARTBEAT_STALE seconds means beat, the broker or every worker stopped.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

OK, DEGRADED, ERROR = "ok", "degraded", "error"
NOT_CONFIGURED = "not configured"
WORKER_HEARTBEAT_KEY = "health:worker-heartbeat"
# The heartbeat comes every minute; three missed ones make the workers "stale".
WORKER_HEARTBEAT_STALE = 180


def record_worker_heartbeat(now=None):
    """Called by a job every worker-driven minute: proves beat, the broker and a worker all run."""
    cache.set(WORKER_HEARTBEAT_KEY, now or time.time(), timeout=24 * 3600)


def _failure(exc):
    return {"status": ERROR, "detail": exc.__class__.__name__}


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means the database is not usable
        return _failure(exc)
    return {"status": OK, "vendor": connection.vendor}


def redis_state():
    """The cache's Redis (also the API throttles' and the sign-in guards' counters)."""
    if not settings.REDIS_URL:
        return {"status": NOT_CONFIGURED}
    import redis

    timeout = settings.REDIS_TIMEOUT
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout).ping()
    except Exception as exc:  # noqa: BLE001
        return _failure(exc)
    return {"status": OK}


def broker_state():
    """Celery's broker: can a task be handed over now? (Without REDIS_URL tasks run in-process.)"""
    from celery import current_app

    if current_app.conf.task_always_eager:
        return {"status": NOT_CONFIGURED}
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=settings.REDIS_TIMEOUT)
    except Exception as exc:  # noqa: BLE001
        return _failure(exc)
    return {"status": OK}


def workers_state(now=None):
    from celery import current_app

    if current_app.conf.task_always_eager:
        return {"status": NOT_CONFIGURED}
    beat = cache.get(WORKER_HEARTBEAT_KEY)
    if beat is None:
        return {"status": ERROR, "detail": "no heartbeat recorded (or the cache is down)"}
    age = round((now or time.time()) - beat)
    if age > WORKER_HEARTBEAT_STALE:
        return {"status": ERROR, "detail": f"last heartbeat {age} s ago", "last_heartbeat_seconds": age}
    return {"status": OK, "last_heartbeat_seconds": age}


def report(with_database):
    """(overall status, {dependency: state}); the overall status is "error" only when the database fails."""
    checks = {}
    if with_database:
        checks["database"] = database_state()
    checks.update(redis=redis_state(), broker=broker_state(), workers=workers_state())
    if with_database and checks["database"]["status"] != OK:
        return ERROR, checks
    degraded = any(check["status"] not in (OK, NOT_CONFIGURED) for check in checks.values())
    return (DEGRADED if degraded else OK), checks

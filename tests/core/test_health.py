"""GET /healthz (liveness: the process serves) and GET /readyz (readiness: the database answers).

The site works without Redis, the broker and the workers (fail-open cache, the outbox), so their failure makes
both answers "degraded" with 200, never a failure: a load balancer or a container healthcheck must not take a
working site down. Only a database that does not answer makes /readyz 503; /healthz does not ask the database.
"""

import os
import time

import pytest
from django.db import connection

from core import health
from tests.conftest import service_missing, sign_in, token_client

CLOSED_REDIS_PORT = "redis://127.0.0.1:1/0"
PROBES = ("/healthz", "/readyz")


@pytest.fixture
def without_redis(settings, tasks_in_process):
    settings.REDIS_URL = ""


@pytest.mark.django_db
def test_both_report_ok_with_the_database_and_redis_not_configured(client, without_redis):
    assert client.get("/healthz").json() == {
        "status": "ok",
        "redis": {"status": "not configured"},
        "broker": {"status": "not configured"},
        "workers": {"status": "not configured"},
    }
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": {"status": "ok", "vendor": connection.vendor},
        "redis": {"status": "not configured"},
        "broker": {"status": "not configured"},
        "workers": {"status": "not configured"},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("probe", PROBES)
def test_answers_plain_http_although_other_pages_redirect_to_https(probe, client, settings, without_redis):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/admin/").status_code == 301
    assert client.get(probe).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("probe", PROBES)
def test_is_never_cached_and_only_answers_get(probe, client, without_redis):
    assert "no-cache" in client.get(probe)["Cache-Control"]
    assert client.post(probe).status_code == 405


@pytest.mark.django_db
def test_unreachable_redis_is_degraded_not_a_failure(client, settings):
    settings.REDIS_URL = CLOSED_REDIS_PORT
    for probe in PROBES:
        response = client.get(probe)
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "degraded"
        assert body["redis"] == {"status": "error", "detail": "ConnectionError"}
    assert client.get("/readyz").json()["database"]["status"] == "ok"


@pytest.fixture
def unusable_database(monkeypatch):
    class UnusableConnection:
        vendor = connection.vendor

        def cursor(self):
            raise connection.Database.OperationalError("server closed the connection")

    monkeypatch.setattr("core.health.connection", UnusableConnection())


@pytest.mark.django_db
def test_an_unusable_database_makes_readiness_fail_and_leaves_liveness_alone(client, without_redis, unusable_database):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == {"status": "error", "detail": "OperationalError"}
    assert client.get("/healthz").status_code == 200  # the process serves: restarting it would not help


@pytest.fixture
def tasks_to_a_broker():
    from cica_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = before


@pytest.mark.django_db
def test_workers_are_stale_without_a_recent_heartbeat(client, settings, monkeypatch, tasks_to_a_broker):
    monkeypatch.setattr(health, "broker_state", lambda: {"status": "ok"})
    settings.REDIS_URL = ""  # the cache of the tests is in-process; Redis itself is not the point here
    assert client.get("/healthz").json()["workers"]["status"] == "error"  # never seen

    health.record_worker_heartbeat(time.time() - health.WORKER_HEARTBEAT_STALE - 5)
    stale = client.get("/healthz").json()
    assert stale["status"] == "degraded" and stale["workers"]["status"] == "error"

    health.record_worker_heartbeat()
    fresh = client.get("/healthz").json()
    assert fresh["workers"]["status"] == "ok" and fresh["status"] == "ok"


@pytest.mark.django_db
def test_the_minute_job_records_the_heartbeat(tasks_in_process):
    from django.core.cache import cache

    from jobs.tasks import drain_outbox

    cache.delete(health.WORKER_HEARTBEAT_KEY)
    drain_outbox.delay()
    assert time.time() - cache.get(health.WORKER_HEARTBEAT_KEY) < 60


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_both_answer_200_degraded_and_the_pages_still_work(
    redis_server, client, kz_coordinator, partner_system
):
    health.record_worker_heartbeat()
    for probe in PROBES:
        assert client.get(probe).json()["redis"] == {"status": "ok"}

    redis_server.stop()

    for probe in PROBES:
        response = client.get(probe)
        assert response.status_code == 200, probe
        body = response.json()
        assert body["status"] == "degraded"
        assert body["redis"]["status"] == body["broker"]["status"] == body["workers"]["status"] == "error"
    assert client.get("/readyz").json()["database"]["status"] == "ok"
    assert client.get("/portal/login/").status_code == 200
    assert sign_in(client, kz_coordinator).get("/portal/").status_code == 200
    assert token_client(partner_system).get("/api/v1/measures/").status_code == 200


@pytest.mark.django_db
def test_reports_redis_ok_when_redis_is_configured(client, settings):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        service_missing("REDIS_URL is not set")
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["redis"] == {"status": "ok"}

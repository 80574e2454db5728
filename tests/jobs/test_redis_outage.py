"""Redis stopped: the site keeps answering and storing; what had to be queued waits in the outbox and runs once
Redis is back. A private redis-server is started and stopped here (never the shared one)."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.urls import reverse
from kombu import pools

from cica_portal.celery import app
from core.cache import FailOpenRedisCache
from jobs.models import OutboxTask
from jobs.outbox import drain
from measures.models import Activity, ImplementationReport
from tests import factories
from tests.api.conftest import client_with_token
from tests.conftest import service_missing, sign_in
from tests.measures.test_admin_workflow import change_form_data
from tests.redisserver import PrivateRedis
from tests.workers import wait_for


def reset_broker_pools():
    """Forget the connections made to the previous broker address."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_server(settings, monkeypatch):
    # The cache logs an outage at most once a minute: an earlier test's outage must not silence this one's.
    monkeypatch.setattr(FailOpenRedisCache, "_last_warning", float("-inf"))
    try:
        server = PrivateRedis().start()
    except FileNotFoundError:
        service_missing("redis-server needed")
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    timeouts = {"socket_timeout": 1, "socket_connect_timeout": 1}
    app.conf.update(broker_url=server.url, task_always_eager=False, broker_transport_options=timeouts)
    reset_broker_pools()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": server.url, "OPTIONS": timeouts}
    }
    yield server
    server.stop()
    app.conf.update(saved)
    reset_broker_pools()


def close_worker_connections(**kwargs):
    connections.close_all()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_reads_and_saves_succeed_and_the_notification_follows_when_it_returns(
    redis_server, client, officer, kz_coordinator, caplog
):
    measure = factories.MeasureFactory(title="Energy security")
    factories.CoordinationFactory(measure=measure, country=kz_coordinator.country)
    draft = factories.ImplementationReportFactory(measure=measure, country=kz_coordinator.country)
    submitted = factories.ImplementationReportFactory(
        measure=measure,
        country=kz_coordinator.country,
        status="submitted",
        period_start=draft.period_start.replace(year=2019),
    )
    activity = factories.ActivityFactory(action_plan=factories.ActionPlanFactory(measure=measure), progress=10)
    api = client_with_token(kz_coordinator)

    redis_server.stop()

    # Reading the API: the throttle's cache is down, the request is let through (and logged).
    assert api.get("/api/v1/reports/").status_code == 200
    assert "cache unavailable" in caplog.text
    # A coordinator saves a report in the portal: stored, answered with the usual redirect.
    sign_in(client, kz_coordinator)
    saved = client.post(
        reverse("measures:report_edit", args=[draft.pk]),
        {"period_start": draft.period_start, "period_end": draft.period_end, "progress": 55, "narrative": "Done."},
    )
    assert saved.status_code == 302
    assert ImplementationReport.objects.get(pk=draft.pk).progress == 55
    # Staff save an activity and accept a report in the admin: stored, answered with success.
    sign_in(client, officer)
    url = reverse("admin:measures_activity_change", args=[activity.pk])
    assert client.post(url, {**change_form_data(client, url), "progress": 70}).status_code == 302
    assert Activity.objects.get(pk=activity.pk).progress == 70
    url = reverse("admin:measures_implementationreport_change", args=[submitted.pk])
    assert client.post(url, {**change_form_data(client, url), "_workflow_step": "accept"}).status_code == 302
    assert ImplementationReport.objects.get(pk=submitted.pk).status == "accepted"
    # A password reset is answered at once; its email waits with the review notice.
    client.logout()
    assert client.post(reverse("portal:password_reset"), {"email": kz_coordinator.email}).status_code == 302
    assert sorted(OutboxTask.objects.values_list("task", flat=True)) == [
        "notifications.tasks.notify_report_reviewed",
        "notifications.tasks.send_password_reset",
    ]
    # The health check still tells the truth.
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["redis"]["status"] == "error"
    assert mail.outbox == []

    redis_server.start()
    reset_broker_pools()
    assert drain(older_than=0) == (2, 0)
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30):
            assert wait_for(lambda: len(mail.outbox) == 2, timeout=30), [m.subject for m in mail.outbox]
    finally:
        task_postrun.disconnect(close_worker_connections)

    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects[0] == "CICA portal: choose a new password"
    assert subjects[1].startswith('CICA: report "Energy security') and subjects[1].endswith("accepted")
    assert all(message.to == [kz_coordinator.email] for message in mail.outbox)
    assert client.get("/healthz").status_code == 200

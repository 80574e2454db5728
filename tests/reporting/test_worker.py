"""A real Celery worker, fed through Redis, runs the project's tasks against the database."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections

from cica_portal.celery import app
from jobs.choices import JobOutcome
from jobs.models import JobRun
from reporting.choices import Scope
from reporting.models import StatusSnapshot
from tests import factories
from tests.conftest import service_missing


def close_worker_connections(**kwargs):
    # The worker thread has its own database connection; close it so the test database can be dropped.
    connections.close_all()


@pytest.fixture
def redis_worker():
    if not settings.REDIS_URL:
        service_missing("Redis needed")
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=settings.REDIS_URL, task_always_eager=False)
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(app.conf.task_default_queue)
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING", shutdown_timeout=30):
            yield app
    finally:
        task_postrun.disconnect(close_worker_connections)
        app.conf.update(saved)


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_task_sent_through_the_broker_is_run_by_a_worker(redis_worker):
    measure = factories.MeasureFactory(title="Energy security")
    factories.ActivityFactory(action_plan=factories.ActionPlanFactory(measure=measure), progress=40)

    from reporting.tasks import rollup_status

    message = rollup_status.delay()

    assert message.id
    assert wait_for(lambda: JobRun.objects.filter(job="rollup_status", outcome=JobOutcome.OK).exists()), (
        "the worker did not run the task within 30 s"
    )
    snapshot = StatusSnapshot.objects.get(scope=Scope.MEASURE, object_id=measure.pk)
    assert float(snapshot.progress) == 40.0

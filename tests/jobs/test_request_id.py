"""A request's log lines and the log lines of the tasks it queued share one request id (core.logs).

The real path: a password reset (the request queues its email through the outbox after commit) answered in this
process, the task run by a real worker process on Redis; both write JSON lines, and the worker's lines about the
task carry the request's `request_id`. And the late path: a task that waited in the outbox while the broker was
down is published, by whichever process drains it, under the id of the request that asked for it.
"""

import io
import json
import logging
from types import SimpleNamespace

import pytest
import structlog
from django.conf import settings
from django.db import connection
from django.test import Client

from cica_portal.celery import app
from core.logs import COMMON
from jobs import outbox
from jobs.models import OutboxTask
from tests.conftest import service_missing
from tests.workers import WorkerProcess, wait_for


@pytest.fixture
def logged():
    """The JSON lines this process writes while the test runs, as the production formatter writes them."""
    # Celery's Django fix-up runs django.setup() (and so the logging configuration) again the first time a task
    # module is imported: done now, so that it does not drop this handler mid-test.
    outbox.registered_task("notifications.tasks.send_password_reset")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.JSONRenderer(),
            ],
            foreign_pre_chain=COMMON,
        )
    )
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def worker(tmp_path):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed (the worker process reads the test database)")
    if not settings.REDIS_URL:
        service_missing("Redis needed")
    process = WorkerProcess(tmp_path, LOG_FORMAT="json").start()
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=settings.REDIS_URL, task_always_eager=False, task_default_queue=process.queue)
    yield process
    app.conf.update(saved)
    process.kill()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(process.queue)


def json_lines(text):
    lines = []
    for line in text.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            continue  # Celery's start-up banner
    return lines


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_requests_log_lines_and_its_tasks_log_lines_share_one_request_id(worker, kz_coordinator, logged):
    response = Client().post("/portal/password-reset/", {"email": kz_coordinator.email})
    assert response.status_code == 302

    [finished] = [line for line in logged() if line.get("event") == "request_finished"]
    request_id = finished["request_id"]
    assert finished["request"] == "POST /portal/password-reset/" and request_id
    enqueued = [line for line in logged() if line.get("event") == "task_enqueued"]
    # (an in-process worker started by another test connects django-structlog's publish receivers a second time)
    assert enqueued and {line["request_id"] for line in enqueued} == {request_id}
    assert len({line["child_task_id"] for line in enqueued}) == 1

    def task_lines():
        return [line for line in json_lines(worker.logs()) if line.get("request_id") == request_id]

    assert wait_for(lambda: any(line.get("event") == "task_succeeded" for line in task_lines()), timeout=60), (
        worker.logs()
    )
    events = [line["event"] for line in task_lines()]
    assert "task_started" in events and "task_succeeded" in events
    assert {line["task_id"] for line in task_lines()} == {enqueued[0]["child_task_id"]}


@pytest.mark.django_db(transaction=True)
def test_a_task_drained_from_the_outbox_is_published_under_the_asking_requests_id(monkeypatch):
    seen, broker_up = [], {"up": False}

    def apply_async(args=None, kwargs=None):
        if not broker_up["up"]:
            raise OSError("the broker is down")
        seen.append(structlog.contextvars.get_contextvars().get("request_id"))

    task = SimpleNamespace(apply_async=apply_async, app=SimpleNamespace(conf=SimpleNamespace(task_always_eager=False)))
    monkeypatch.setattr(outbox, "registered_task", lambda name: task)

    with structlog.contextvars.bound_contextvars(request_id="req-1234"):
        outbox.enqueue_on_commit("notifications.tasks.send_password_reset", 1)  # committed: the broker is down
    assert OutboxTask.objects.get().log_context == {"request_id": "req-1234"}

    broker_up["up"] = True
    with structlog.contextvars.bound_contextvars(task_id="the-drain-job"):  # beat's minute job, no request
        assert outbox.drain(older_than=0) == (1, 0)
    assert seen == ["req-1234"]

"""With PostgreSQL, Redis and a real worker process: staff accept a report and the partner's receiver gets one
signed report.accepted; a worker killed after sending and before recording leads to a redelivery with the same
event id, never a lost event."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from cica_portal.celery import app
from measures.workflows import REPORT_WORKFLOW
from tests.conftest import service_missing
from tests.factories import ImplementationReportFactory
from tests.workers import WorkerProcess, wait_for
from webhooks import tasks
from webhooks.choices import DeliveryStatus
from webhooks.models import WebhookDelivery

LEASE = 3

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(tmp_path, receiver):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed (the worker process reads the test database)")
    if not settings.REDIS_URL:
        service_missing("Redis needed")
    process = WorkerProcess(tmp_path, WEBHOOKS_ALLOW_LOOPBACK="true", WEBHOOKS_LEASE=LEASE)
    saved = {key: app.conf[key] for key in ("task_default_queue", "task_always_eager")}
    app.conf.update(task_default_queue=process.queue, task_always_eager=False)  # what this test queues goes there
    yield process
    process.kill()
    app.conf.update(saved)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(process.queue)


def test_done_when_staff_accept_a_report_and_the_receiver_gets_one_signed_report_accepted(
    worker, receiver, subscribe, officer
):
    subscribe("report.accepted")
    worker.start()
    report = ImplementationReportFactory(status="submitted")

    REPORT_WORKFLOW.take(report, officer, "accept")

    assert wait_for(lambda: receiver.accepted(), timeout=60), worker.logs()
    assert wait_for(lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists()), worker.logs()
    time.sleep(1)
    (received,) = receiver.received
    assert received.verified and received.type == "report.accepted" and received.payload["data"]["id"] == report.pk


def test_a_worker_killed_between_send_and_record_leads_to_a_redelivery_with_the_same_event_id(
    worker, receiver, subscribe, officer
):
    subscribe("report.accepted")
    held = receiver.hold = threading.Event()
    worker.start()

    REPORT_WORKFLOW.take(ImplementationReportFactory(status="submitted"), officer, "accept")
    assert wait_for(receiver.holding.is_set, timeout=60), worker.logs()
    worker.kill()  # the request went out; the worker dies before it learns the answer and records it
    held.set()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SENDING

    worker.start()
    time.sleep(LEASE + 1)
    tasks.deliver_due.delay()

    assert wait_for(lambda: receiver.accepted(), timeout=60), worker.logs()
    assert wait_for(lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists()), worker.logs()
    first, again = receiver.received[:2]
    assert first.webhook_id == again.webhook_id == delivery.event.webhook_id
    assert again.verified

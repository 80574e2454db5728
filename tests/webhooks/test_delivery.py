"""Partner systems receive signed events of the records they may read, each accepted once, in order per record,
retried with backoff, and redelivered with the same id after a crash; a receiver that keeps failing is disabled.

A real HTTP receiver on 127.0.0.1 (tests/webhooks/receiver.py) verifies every signature with standardwebhooks.
Tasks run in-process; the transaction commits for real, so events go out after commit as in production.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from measures.workflows import REPORT_WORKFLOW
from portal.inbox import staff_inbox
from tests.factories import ImplementationReportFactory, WebhookDeliveryFactory
from webhooks import sending, services, tasks
from webhooks.choices import DeliveryStatus
from webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tasks_in_process")]


def later(seconds):
    """Time moves on (the retry job runs every minute in production)."""
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=True)


@pytest.fixture
def report(kz_coordinator):
    return ImplementationReportFactory(country=kz_coordinator.country)


def test_each_event_is_accepted_once_after_a_failed_first_attempt_and_every_attempt_is_recorded(
    receiver, subscribe, officer, kz_coordinator, report
):
    subscription = subscribe("report.submitted", "report.accepted", owner=officer)
    receiver.fail_first = True

    REPORT_WORKFLOW.take(report, kz_coordinator, "submit")
    assert [r.status for r in receiver.received] == [500]
    with later(61):
        tasks.deliver_due()
        REPORT_WORKFLOW.take(report, officer, "accept")
        with later(61):
            tasks.deliver_due()

    accepted = receiver.accepted()
    assert [r.type for r in accepted] == ["report.submitted", "report.accepted"]
    assert all(r.verified for r in receiver.received), "every request is signed with the subscription's secret"
    assert len({r.webhook_id for r in receiver.received}) == 2, "a retry carries the same event id"
    for delivery in WebhookDelivery.objects.filter(subscription=subscription):
        assert delivery.status == DeliveryStatus.DELIVERED
        assert [a.status_code for a in delivery.attempt_log.all()] == [500, 200]
        assert all(a.duration_ms >= 0 and a.response_excerpt for a in delivery.attempt_log.all())
    assert WebhookSubscription.objects.get(pk=subscription.pk).consecutive_failures == 0


def test_the_payload_is_what_the_api_serves_to_the_owner_with_the_event_id_type_and_time(
    receiver, subscribe, officer, partner_system, report, client
):
    subscribe("report.accepted")
    with time_machine.travel(timezone.now()):
        REPORT_WORKFLOW.take(ImplementationReportFactory(status="submitted"), officer, "accept")
    (received,) = receiver.accepted()
    payload = received.payload
    assert payload["id"] == received.webhook_id
    assert payload["type"] == "report.accepted"
    assert datetime.datetime.fromisoformat(payload["timestamp"])
    client.force_login(partner_system)
    served = client.get(f"/api/v1/reports/{payload['data']['id']}/").json()
    assert payload["data"] == served


def test_a_partner_receives_report_accepted_but_never_report_submitted_of_a_draft_it_cannot_read(
    receiver, subscribe, officer, kz_coordinator, report
):
    subscription = subscribe("report.submitted", "report.accepted")

    REPORT_WORKFLOW.take(report, kz_coordinator, "submit")
    assert receiver.received == []
    REPORT_WORKFLOW.take(report, officer, "accept")

    assert [r.type for r in receiver.received] == ["report.accepted"]
    assert receiver.received[0].payload["data"]["status"] == "accepted"
    assert list(subscription.deliveries.values_list("event__type", flat=True)) == ["report.accepted"]


def test_a_delivery_interrupted_between_send_and_record_is_sent_again_with_the_same_event_id(
    receiver, subscribe, officer, monkeypatch
):
    subscription = subscribe("report.accepted")

    def killed(*args, **kwargs):
        raise SystemExit("the worker was killed")  # after the POST, before anything is written

    with monkeypatch.context() as patch:
        patch.setattr(sending, "record", killed)
        with pytest.raises(SystemExit):
            REPORT_WORKFLOW.take(ImplementationReportFactory(status="submitted"), officer, "accept")
    assert len(receiver.received) == 1
    assert subscription.deliveries.get().status != DeliveryStatus.DELIVERED, "nothing was recorded"

    tasks.deliver_due()

    first, again = receiver.received
    assert first.webhook_id == again.webhook_id and again.verified
    assert first.payload == again.payload
    assert subscription.deliveries.get().status == DeliveryStatus.DELIVERED


def test_a_worker_that_dies_holding_a_delivery_leaves_it_to_another_once_its_lease_runs_out(
    receiver, subscribe, monkeypatch, settings
):
    delivery = WebhookDeliveryFactory(subscription=subscribe("report.accepted"))

    with monkeypatch.context() as patch:
        patch.setattr(sending, "record", lambda *args: (_ for _ in ()).throw(SystemExit("killed")))
        with pytest.raises(SystemExit):
            sending.deliver(delivery.pk)  # as a worker does, outside any transaction
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENDING, 1), "left leased by the dead worker"

    tasks.deliver_due()
    assert len(receiver.received) == 1, "while the lease holds nobody sends it again"
    with later(settings.WEBHOOKS_LEASE + 1):
        tasks.deliver_due()

    first, again = receiver.received
    assert first.webhook_id == again.webhook_id == delivery.event.webhook_id
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)


def test_events_of_one_record_arrive_in_order_the_next_waits_for_the_earlier_one(
    receiver, subscribe, officer, kz_coordinator, report
):
    subscribe("report.submitted", "report.accepted", owner=officer)
    receiver.answers = [500]

    REPORT_WORKFLOW.take(report, kz_coordinator, "submit")
    REPORT_WORKFLOW.take(report, officer, "accept")
    assert [r.type for r in receiver.received] == ["report.submitted"], "accepted waits for submitted"
    with later(61):
        tasks.deliver_due()

    assert [r.type for r in receiver.received] == ["report.submitted", "report.submitted", "report.accepted"]


def test_a_subscription_that_keeps_failing_is_disabled_and_staff_see_it_in_their_inbox(
    receiver, subscribe, officer, settings
):
    settings.WEBHOOKS_DISABLE_AFTER = 3
    subscription = subscribe("report.accepted")
    receiver.answers = [500] * 10

    for _ in range(2):
        REPORT_WORKFLOW.take(ImplementationReportFactory(status="submitted"), officer, "accept")
    with later(61):
        tasks.deliver_due()
        with later(400):
            tasks.deliver_due()

    subscription.refresh_from_db()
    assert not subscription.is_active
    assert "3 failed delivery attempts" in subscription.disabled_reason
    assert len(receiver.received) == 3, "nothing more is sent to a disabled subscription"
    inbox = {item.key: item.count for item in staff_inbox()}
    assert inbox["webhooks_disabled"] == 1

    subscription.is_active = True
    subscription.save()
    receiver.answers = []
    tasks.deliver_due()
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 2
    assert WebhookSubscription.objects.get(pk=subscription.pk).consecutive_failures == 0


def test_a_lost_fan_out_is_made_by_the_minute_job_and_the_later_event_waits_for_it(
    receiver, subscribe, officer, kz_coordinator, report, monkeypatch
):
    subscribe("report.submitted", "report.accepted", owner=officer)
    with monkeypatch.context() as patch:
        patch.setattr(services, "enqueue_on_commit", lambda *args: None)  # the broker lost the fan-out task
        REPORT_WORKFLOW.take(report, kz_coordinator, "submit")
    REPORT_WORKFLOW.take(report, officer, "accept")
    assert receiver.received == [], "report.accepted waits for the earlier event of the report"

    with later(121):
        tasks.deliver_due()

    assert [r.type for r in receiver.accepted()] == ["report.submitted", "report.accepted"]


def test_events_of_one_record_reach_every_subscription_in_order(receiver, subscribe, officer, kz_coordinator, report):
    first, second = subscribe("report.submitted", "report.accepted", owner=officer), subscribe("report.accepted")
    receiver.answers = [500]

    REPORT_WORKFLOW.take(report, kz_coordinator, "submit")
    REPORT_WORKFLOW.take(report, officer, "accept")
    with later(61):
        tasks.deliver_due()

    for subscription, types in ((first, ["report.submitted", "report.accepted"]), (second, ["report.accepted"])):
        deliveries = subscription.deliveries.order_by("event_id")
        assert [d.event.type for d in deliveries] == types
        assert {d.status for d in deliveries} == {DeliveryStatus.DELIVERED}

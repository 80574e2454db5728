"""One lease for every row a worker sends (jobs.leases): reminder deliveries and webhook deliveries claim, record,
retry and give up the same way."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from jobs.leases import FAILED, PENDING, SENDING, LeasedDelivery, Retries
from notifications.models import ReminderDelivery, ReminderRule
from silence.models import SilenceNotice
from tests import factories
from webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def test_doubling_retries_wait_longer_each_time_up_to_the_cap():
    retries = Retries.doubling(60, 900, attempts=8)

    assert retries.max_attempts == 8
    assert [retries.delay_after(attempt) for attempt in range(1, 9)] == [60, 120, 240, 480, 900, 900, 900, None]


def test_a_single_attempt_is_never_retried():
    assert Retries.doubling(60, 900, attempts=1).delay_after(1) is None
    assert Retries.doubling(60, 900, attempts=0).max_attempts == 1


def test_a_schedule_of_delays_is_tried_once_more_than_it_has_delays():
    retries = Retries((60, 300))

    assert retries.max_attempts == 3
    assert [retries.delay_after(attempt) for attempt in (1, 2, 3)] == [60, 300, None]


def leased_models():
    return {model for model in apps.get_models() if issubclass(model, LeasedDelivery)}


def test_both_kinds_of_delivery_share_the_one_lease():
    assert leased_models() == {ReminderDelivery, WebhookDelivery, SilenceNotice}


@pytest.mark.parametrize("model", sorted(leased_models(), key=str), ids=lambda model: model.__name__)
def test_each_leased_model_names_the_lease_states_and_its_policy(model, settings):
    states = {value for value, _label in model._meta.get_field("status").choices}

    assert {PENDING, SENDING, FAILED} <= states
    assert model._meta.get_field("status").default == PENDING
    assert model.lease_seconds() > 0
    assert model.retries().max_attempts >= 1


def reminder_delivery():
    rule = ReminderRule.objects.create(name="Decisions", kind="decision_due", lead_days="7")
    decision = factories.DecisionFactory()
    return ReminderDelivery.objects.create(
        rule=rule,
        content_type=ContentType.objects.get_for_model(decision),
        object_id=decision.pk,
        recipient=factories.UserFactory(),
        stage="7-days-before",
        due_on=decision.deadline,
    )


def webhook_delivery():
    return factories.WebhookDeliveryFactory()


ROWS = {"reminder": reminder_delivery, "webhook": webhook_delivery}


@pytest.fixture(params=sorted(ROWS))
def row(request):
    return ROWS[request.param]()


def test_a_row_is_taken_by_one_worker_at_a_time(row):
    manager = type(row).objects

    assert manager.take(row.pk) is True
    assert manager.take(row.pk) is False  # a second worker finds it held

    row.refresh_from_db()
    assert (row.status, row.attempts) == (SENDING, 1)
    assert row.lease_until > timezone.now()
    assert row.last_attempt_at is not None


def test_a_row_whose_worker_died_is_taken_again_when_the_lease_runs_out(row):
    manager = type(row).objects
    manager.take(row.pk)
    first_worker = type(row).objects.get(pk=row.pk)

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=row.lease_seconds() - 1)):
        assert manager.take(row.pk) is False
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=row.lease_seconds() + 1)):
        assert manager.take(row.pk) is True
    second_worker = type(row).objects.get(pk=row.pk)

    assert first_worker.finish(PENDING, last_error="late") is False, "the first worker no longer holds it"
    assert second_worker.finish(FAILED, last_error="done") is True
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error, row.lease_until) == (FAILED, 2, "done", None)


def test_a_failed_attempt_waits_for_its_backoff_then_the_last_one_gives_up(row):
    manager = type(row).objects
    retries = row.retries()
    for attempt in range(1, retries.max_attempts + 1):
        assert manager.take(row.pk, now=timezone.now() + datetime.timedelta(days=attempt)) is True
        row.refresh_from_db()
        assert row.attempts == attempt
        before = timezone.now()

        delay = row.retry_later(f"attempt {attempt} failed")

        row.refresh_from_db()
        assert delay == retries.delay_after(attempt)
        if attempt < retries.max_attempts:
            assert row.status == PENDING
            assert row.next_attempt_at >= before + datetime.timedelta(seconds=delay)
            assert manager.ready(row.next_attempt_at - datetime.timedelta(seconds=1)).filter(pk=row.pk).count() == 0
    assert (row.status, row.last_error) == (FAILED, f"attempt {retries.max_attempts} failed")


def test_a_permanent_failure_gives_up_at_once(row):
    type(row).objects.take(row.pk)
    row.refresh_from_db()

    assert row.retry_later("550 no such mailbox", permanent=True) is None

    row.refresh_from_db()
    assert (row.status, row.attempts) == (FAILED, 1)


def test_a_row_taken_more_often_than_it_may_be_tried_is_abandoned(row):
    type(row).objects.filter(pk=row.pk).update(attempts=row.retries().max_attempts)
    type(row).objects.take(row.pk)
    row.refresh_from_db()

    assert row.abandoned


def test_staff_send_again_starts_the_attempts_afresh(row):
    type(row).objects.filter(pk=row.pk).update(status=FAILED, attempts=5, next_attempt_at=None)

    assert type(row).objects.filter(pk=row.pk).start_afresh() == 1

    row.refresh_from_db()
    assert (row.status, row.attempts, row.lease_until) == (PENDING, 0, None)
    assert list(type(row).objects.ready().filter(pk=row.pk)) == [row]

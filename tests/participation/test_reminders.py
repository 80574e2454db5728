"""Reminders about missing nominations, sent by a real worker: exactly once per state and stage, none to a state
that has nominated."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from jobs.choices import JobOutcome
from jobs.models import JobRun
from notifications import tasks
from notifications.choices import DeliveryStatus
from notifications.models import ReminderDelivery, ReminderRule
from participation.models import Registration
from participation.workflows import DELEGATION_WORKFLOW
from tests import factories
from tests.conftest import service_missing
from tests.mailserver import FlakyMailServer
from tests.workers import WorkerProcess, wait_for


@pytest.fixture
def mail_server():
    server = FlakyMailServer().start()
    yield server
    server.stop()


@pytest.fixture
def worker(tmp_path, mail_server):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed (the worker process reads the test database)")
    if not settings.REDIS_URL:
        service_missing("Redis needed")
    process = WorkerProcess(tmp_path, EMAIL_URL=f"smtp://127.0.0.1:{mail_server.port}", NOTIFICATIONS_RETRY_DELAY=1)
    yield process
    process.kill()
    with tasks.send_reminders.app.connection_for_write() as conn:
        conn.default_channel.queue_purge(process.queue)


def run_job(worker):
    """Queue the daily reminder job to the worker and wait until that run is recorded as finished."""
    finished = JobRun.objects.exclude(outcome=JobOutcome.RUNNING).count()
    tasks.send_reminders.apply_async(queue=worker.queue)
    done = lambda: JobRun.objects.exclude(outcome=JobOutcome.RUNNING).count() > finished  # noqa: E731
    assert wait_for(done, timeout=90), worker.logs()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_focal_points_of_states_that_have_not_nominated_are_reminded_once(
    worker, mail_server, kz_focal_point, in_focal_point, officer
):
    ReminderRule.objects.filter(kind="nomination_due").update(lead_days="3", enabled=True)
    if not ReminderRule.objects.filter(kind="nomination_due").exists():  # the rows a migration made are flushed
        ReminderRule.objects.create(name="Delegation nomination due", kind="nomination_due", lead_days="3")
    meeting = factories.MeetingFactory(start_on=datetime.date(2030, 1, 10), end_on=datetime.date(2030, 1, 11))
    factories.RegistrationFactory(meeting=meeting, deadline=timezone.now() + datetime.timedelta(days=2))
    # India has nominated (submitted); Kazakhstan has only a draft: it is reminded, India is not.
    india_delegation = factories.DelegationFactory(meeting=meeting, country=in_focal_point.country)
    factories.ParticipantFactory(delegation=india_delegation, is_head=True)
    DELEGATION_WORKFLOW.take(india_delegation, in_focal_point, "submit")
    factories.DelegationFactory(meeting=meeting, country=kz_focal_point.country)
    kz_coordinator_with_the_right = factories.CoordinatorFactory(country=kz_focal_point.country, is_focal_point=True)
    plain_coordinator = factories.CoordinatorFactory(country=kz_focal_point.country)

    worker.start()
    run_job(worker)
    run_job(worker)  # a second run (or a retried task) sends nothing again

    expected = {kz_focal_point.email, kz_coordinator_with_the_right.email}
    assert wait_for(lambda: set(mail_server.recipients()) >= expected, timeout=30), worker.logs()
    assert sorted(mail_server.recipients()) == sorted(expected)
    assert in_focal_point.email not in mail_server.recipients()
    assert plain_coordinator.email not in mail_server.recipients()
    deliveries = ReminderDelivery.objects.filter(rule__kind="nomination_due")
    assert deliveries.count() == 2
    assert set(deliveries.values_list("stage", flat=True)) == {"3-days-before"}
    assert set(deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert set(deliveries.values_list("object_id", flat=True)) == {Registration.objects.get(meeting=meeting).pk}


@pytest.mark.django_db
def test_a_focal_point_who_switched_the_kind_off_gets_none_and_the_email_names_the_meeting(
    kz_focal_point, in_focal_point, mailoutbox
):
    from notifications import services
    from notifications.models import NotificationPreference

    ReminderRule.objects.update_or_create(
        kind="nomination_due", defaults={"name": "Delegation nomination due", "lead_days": "3", "enabled": True}
    )
    NotificationPreference.objects.create(user=in_focal_point, kind="nomination_due", enabled=False)
    body = factories.MeetingBodyFactory(code="SWG", name="Special Working Group")
    meeting = factories.MeetingFactory(body=body, number=4)
    factories.RegistrationFactory(meeting=meeting, deadline=timezone.now() + datetime.timedelta(days=2))

    result = services.send_reminders()

    assert [message.to for message in mailoutbox] == [[kz_focal_point.email]]
    assert "Special Working Group (SWG 4)" in mailoutbox[0].subject + mailoutbox[0].body
    assert result.opted_out == 1

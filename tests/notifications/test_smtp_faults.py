"""Against a real SMTP server that refuses, then hangs, then accepts: every reminder arrives exactly once, none
after the attempt limit, and the job's runs say what failed."""

import datetime
from collections import Counter

import pytest
import time_machine

from jobs.choices import JobOutcome
from jobs.models import JobRun
from notifications import tasks
from notifications.choices import DeliveryStatus
from notifications.models import ReminderDelivery
from tests import factories
from tests.mailserver import FlakyMailServer
from tests.notifications.conftest import TODAY, days, morning_of


@pytest.fixture
def mail_server(settings):
    server = FlakyMailServer(hang_seconds=5).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.stop()


def run_job_at(moment):
    with time_machine.travel(moment, tick=True):
        return tasks.send_reminders.apply().get()


def test_refused_then_hanging_then_accepting_every_reminder_arrives_exactly_once(
    mail_server, make_rule, kazakhstan, settings, tasks_in_process
):
    settings.NOTIFICATIONS_SEND_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_DELAY = 60
    good = [factories.CoordinatorFactory(country=kazakhstan) for _ in range(2)]
    bouncing = factories.CoordinatorFactory(country=kazakhstan, email="full-mailbox@example.org")
    mail_server.refused.add(bouncing.email)
    make_rule("decision_due", "7")
    for _ in range(2):
        factories.DecisionFactory(deadline=days(7), responsible_party="member_state", responsible_country=kazakhstan)
    start = morning_of(TODAY)

    mail_server.mode = "refuse"
    refused = run_job_at(start)
    mail_server.mode = "hang"
    hung = run_job_at(start + datetime.timedelta(minutes=2))
    mail_server.mode = "accept"
    later = [run_job_at(start + datetime.timedelta(minutes=minutes)) for minutes in (10, 30, 120, 24 * 60)]

    assert refused["summary"] == "sent 0, skipped 0, failed 0, retrying 6"
    assert hung["summary"] == "sent 0, skipped 0, failed 0, retrying 6", "one timed out, the rest wait"
    # Every reminder to a working mailbox arrived, exactly once (one Message-ID each, none repeated).
    assert mail_server.recipients() == sorted([user.email for user in good] * 2)
    assert len(set(mail_server.message_ids())) == len(mail_server.messages) == 4
    sent = ReminderDelivery.objects.filter(status=DeliveryStatus.SENT)
    assert sorted(sent.values_list("recipient__email", flat=True)) == mail_server.recipients()
    assert set(mail_server.message_ids()) == {delivery.message_id for delivery in sent}
    # The full mailbox was tried three times per reminder, then given up and shown as failed.
    failed = ReminderDelivery.objects.failed()
    assert sorted(failed.values_list("recipient_id", "attempts")) == [(bouncing.pk, 3), (bouncing.pk, 3)]
    assert "451" in failed.first().last_error
    assert sum(result["failed"] for result in [refused, hung, *later]) == 2
    assert later[-1]["summary"] == "sent 0, skipped 6, failed 0"
    # The runs with failures are not "ok"; their summaries say so.
    runs = JobRun.objects.filter(job="send_reminders").order_by("started_at", "pk")
    outcomes = Counter(run.outcome for run in runs)
    assert outcomes[JobOutcome.PARTIAL] >= 3 and outcomes[JobOutcome.OK] >= 1
    assert all(("failed 0" not in run.summary or "retrying" in run.summary) for run in runs if run.outcome == "partial")
    assert not runs.filter(outcome=JobOutcome.RUNNING).exists()

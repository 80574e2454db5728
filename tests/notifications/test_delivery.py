"""Exactly once: re-runs, retries and concurrent workers never send a reminder twice; failures are recorded."""

import datetime
import io
import smtplib
import threading

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection, connections

from jobs.choices import JobOutcome
from jobs.models import JobRun
from notifications import services, tasks
from notifications.choices import DeliveryStatus
from notifications.models import ReminderDelivery
from secretariat.choices import ResponsibleParty
from secretariat.workflows import DECISION_WORKFLOW
from tests import factories
from tests.conftest import service_missing
from tests.notifications.conftest import TODAY, days, morning_of


def kz_decision_due_in_7_days(kazakhstan):
    return factories.DecisionFactory(
        deadline=days(7), responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=kazakhstan
    )


def test_running_the_job_twice_sends_each_reminder_once(make_rule, kz_coordinator, frozen_today, mailoutbox):
    make_rule("decision_due", "7")
    kz_decision_due_in_7_days(kz_coordinator.country)

    first = services.send_reminders()
    second = services.send_reminders()

    assert (first.sent, first.skipped, first.failed) == (1, 0, 0)
    assert (second.sent, second.skipped, second.failed) == (0, 1, 0)
    assert len(mailoutbox) == 1
    assert ReminderDelivery.objects.count() == 1


def test_done_when_a_decision_due_in_7_days_reminds_kazakhstan_once_however_often_the_job_runs(
    make_rule, kz_coordinator, in_coordinator, officer, mailoutbox, tasks_in_process
):
    """A decision due in 7 days (member state Kazakhstan) makes exactly one email to each KZ coordinator."""
    second_kz = factories.CoordinatorFactory(username="coord-kz-2", country=kz_coordinator.country)
    make_rule("decision_due", "30,7,1")
    kz_decision_due_in_7_days(kz_coordinator.country)

    with time_machine.travel(morning_of(TODAY), tick=False):
        results = [tasks.send_reminders.apply().get() for _ in range(3)]
    with time_machine.travel(morning_of(TODAY).replace(hour=18), tick=False):
        results.append(tasks.send_reminders.apply().get())

    assert sorted(message.to[0] for message in mailoutbox) == sorted([kz_coordinator.email, second_kz.email])
    assert [r["summary"] for r in results] == [
        "sent 2, skipped 0, failed 0",
        "sent 0, skipped 2, failed 0",
        "sent 0, skipped 2, failed 0",
        "sent 0, skipped 2, failed 0",
    ]
    runs = JobRun.objects.filter(job="send_reminders").order_by("started_at", "pk")
    assert [run.outcome for run in runs] == [JobOutcome.OK] * 4
    assert runs.first().summary == "sent 2, skipped 0, failed 0"
    assert all(run.duration is not None and run.finished_at >= run.started_at for run in runs)


def test_each_stage_is_a_separate_reminder(make_rule, kz_coordinator, mailoutbox):
    make_rule("decision_due", "7,1")
    make_rule("decision_overdue", "")
    kz_decision_due_in_7_days(kz_coordinator.country)

    for day in (TODAY, days(3), days(6), days(6), days(8), days(9)):
        with time_machine.travel(morning_of(day), tick=False):
            services.send_reminders()

    stages = list(ReminderDelivery.objects.order_by("created", "pk").values_list("stage", flat=True))
    assert stages == ["7-days-before", "1-days-before", "overdue"]
    assert len(mailoutbox) == 3


def test_a_failed_send_is_retried_by_later_runs_with_backoff_then_marked_failed_and_never_sent(
    make_rule, kz_coordinator, monkeypatch, settings
):
    settings.NOTIFICATIONS_SEND_ATTEMPTS = 3
    settings.NOTIFICATIONS_RETRY_DELAY = 600
    settings.NOTIFICATIONS_RETRY_MAX_DELAY = 900
    calls = []

    def refuse(message, fail_silently=False):
        calls.append(message.to)
        raise smtplib.SMTPServerDisconnected("421 try again later")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    make_rule("decision_due", "7")
    kz_decision_due_in_7_days(kz_coordinator.country)

    summaries = []
    for minutes in (0, 5, 11, 25, 45, 120):  # the retries wait 10, then 20 minutes
        with time_machine.travel(morning_of(TODAY) + datetime.timedelta(minutes=minutes), tick=False):
            summaries.append(services.send_reminders().summary)

    assert summaries == [
        "sent 0, skipped 0, failed 0, retrying 1",  # attempt 1; the next one in 10 minutes
        "sent 0, skipped 0, failed 0, retrying 1",  # waiting
        "sent 0, skipped 0, failed 0, retrying 1",  # attempt 2; the next one in 15 (not 20: the cap) minutes
        "sent 0, skipped 0, failed 0, retrying 1",  # waiting
        "sent 0, skipped 0, failed 1",  # attempt 3, the last: given up
        "sent 0, skipped 1, failed 0",
    ]
    assert len(calls) == 3, "three attempts, none after the limit"
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 3
    assert delivery.last_error == "SMTPServerDisconnected: 421 try again later"
    assert delivery.sent_at is None
    assert list(ReminderDelivery.objects.failed()) == [delivery]


def test_a_send_that_fails_once_is_sent_by_the_next_run_once(make_rule, kz_coordinator, monkeypatch, settings):
    settings.NOTIFICATIONS_RETRY_DELAY = 60
    original = EmailMultiAlternatives.send
    failures = iter([smtplib.SMTPServerDisconnected("connection lost")])

    def flaky(message, fail_silently=False):
        error = next(failures, None)
        if error:
            raise error
        return original(message, fail_silently=fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    make_rule("decision_due", "7")
    kz_decision_due_in_7_days(kz_coordinator.country)

    with time_machine.travel(morning_of(TODAY), tick=False):
        first = services.send_reminders()
    with time_machine.travel(morning_of(TODAY) + datetime.timedelta(minutes=2), tick=False):
        second = services.send_reminders()
        third = services.send_reminders()

    assert (first.sent, first.retrying, first.ok) == (0, 1, False)
    assert (second.sent, second.failed, second.ok) == (1, 0, True)
    assert (third.sent, third.skipped) == (0, 1)
    delivery = ReminderDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert delivery.last_error == "SMTPServerDisconnected: connection lost"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == delivery.message_id


def test_a_mail_server_that_refuses_the_recipient_for_good_is_not_tried_again(
    make_rule, kz_coordinator, frozen_today, monkeypatch
):
    calls = []

    def unknown_mailbox(message, fail_silently=False):
        calls.append(1)
        raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such mailbox")})

    monkeypatch.setattr(EmailMultiAlternatives, "send", unknown_mailbox)
    make_rule("decision_due", "7")
    kz_decision_due_in_7_days(kz_coordinator.country)

    assert services.send_reminders().summary == "sent 0, skipped 0, failed 1"
    assert ReminderDelivery.objects.get().status == DeliveryStatus.FAILED
    assert services.send_reminders().summary == "sent 0, skipped 1, failed 0"
    assert len(calls) == 1


def test_a_reminder_no_longer_due_when_its_turn_comes_is_cancelled_not_sent(
    make_rule, kz_coordinator, frozen_today, mailoutbox, monkeypatch
):
    make_rule("decision_due", "7")
    decision = kz_decision_due_in_7_days(kz_coordinator.country)
    monkeypatch.setattr(services, "send_now", lambda ids, result: None)  # claimed, not sent yet
    services.send_reminders()
    monkeypatch.undo()
    DECISION_WORKFLOW.take(decision, factories.SecretariatUserFactory(), "cancel")

    result = services.send_reminders()

    assert result.cancelled == 1
    assert mailoutbox == []
    assert ReminderDelivery.objects.get().status == DeliveryStatus.CANCELLED


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_still_send_each_reminder_once(make_rule, kazakhstan, mailoutbox):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL needed")
    coordinators = [factories.CoordinatorFactory(country=kazakhstan) for _ in range(4)]
    make_rule("decision_due", "7")
    for _ in range(3):
        kz_decision_due_in_7_days(kazakhstan)
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            start.wait(timeout=10)
            results.append(services.send_reminders(on=TODAY))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(r.sent for r in results) == 12
    assert len(mailoutbox) == 12
    sent_to = sorted(message.to[0] for message in mailoutbox)
    assert sent_to == sorted(c.email for c in coordinators for _ in range(3))
    assert ReminderDelivery.objects.filter(status=DeliveryStatus.SENT).count() == 12


def test_send_reminders_command_prints_one_summary_line(make_rule, kz_coordinator, mailoutbox):
    make_rule("decision_due", "7")
    kz_decision_due_in_7_days(kz_coordinator.country)

    first, second = io.StringIO(), io.StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=first)
    call_command("send_reminders", "--date", TODAY.isoformat(), stdout=second)

    assert first.getvalue().splitlines() == ["sent 1, skipped 0, failed 0"]
    assert second.getvalue().splitlines() == ["sent 0, skipped 1, failed 0"]
    assert len(mailoutbox) == 1


def test_send_reminders_dry_run_sends_and_records_nothing(make_rule, kz_coordinator, mailoutbox):
    make_rule("decision_due", "7")
    kz_decision_due_in_7_days(kz_coordinator.country)

    out = io.StringIO()
    call_command("send_reminders", "--dry-run", "--date", TODAY.isoformat(), stdout=out)

    assert out.getvalue().splitlines() == ["dry run: would send 1, opted out 0", "sent 0, skipped 0, failed 0"]
    assert mailoutbox == []
    assert ReminderDelivery.objects.count() == 0


def test_send_reminders_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "1 June")


def test_a_failing_job_is_recorded_as_failed(monkeypatch, db, tasks_in_process):
    def explode(**kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(services, "send_reminders", explode)

    with pytest.raises(RuntimeError):
        tasks.send_reminders.apply().get()

    run = JobRun.objects.get(job="send_reminders")
    assert run.outcome == JobOutcome.FAILED
    assert run.summary.startswith("RuntimeError: mail server on fire")
    assert run.finished_at is not None


def test_a_time_limit_is_not_taken_for_a_mail_error(make_rule, kz_coordinator, frozen_today, monkeypatch):
    """Celery's soft time limit raises inside the send; it must reach the task (and stop it), not be recorded as a
    failed attempt. The delivery stays leased and is taken again when its lease runs out."""
    from celery.exceptions import SoftTimeLimitExceeded

    def too_slow(message, fail_silently=False):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(EmailMultiAlternatives, "send", too_slow)
    make_rule("decision_due", "7")
    kz_decision_due_in_7_days(kz_coordinator.country)

    with pytest.raises(SoftTimeLimitExceeded):
        services.send_reminders()

    delivery = ReminderDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENDING, 1, "")
    assert delivery.lease_until is not None

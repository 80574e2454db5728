"""Sending one claimed reminder: take the lease, write the email, send it, record the outcome on the row.

`deliver(delivery_id)` is called by the task `notifications.tasks.send_reminder` (one task per delivery) and, for a
run made by hand or without a broker, by `services.send_reminders` itself; the lease on the row is jobs.leases'.
It never sleeps: a failed attempt puts the row back with `next_attempt_at` further away (`models.mail_retries()`:
doubling from NOTIFICATIONS_RETRY_DELAY up to NOTIFICATIONS_RETRY_MAX_DELAY) and the caller schedules the retry
(the task retries itself with that countdown; a later run of the job picks up whatever is still due). Only mail
errors count as a failed attempt: a time limit (Celery's SoftTimeLimitExceeded) or a database error goes up to the
caller, and the row stays leased until its lease runs out and a later run takes it again.
"""

import logging
import smtplib
import time
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

from silence.choices import NoticeStatus
from silence.models import SilenceNotice

from . import emails, registry
from .choices import DeliveryStatus
from .models import ReminderDelivery

logger = logging.getLogger(__name__)

# What a mail transport raises when the server refuses, hangs (socket timeout) or is unreachable.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def is_connection_failure(exc):
    """The server cannot be reached, or hung up or timed out: the remaining deliveries of a run wait for later.

    (smtplib's errors are OSErrors too; an answer such as "451 mailbox busy" concerns one message only.)
    """
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(exc, OSError) and not isinstance(exc, smtplib.SMTPException)


def is_permanent(exc):
    """A 5xx answer (unknown mailbox, message refused): trying again will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and code >= 500


@dataclass
class Outcome:
    status: str  # a DeliveryStatus, or "skipped" when another worker holds the row or it is done
    retry_in: float | None = None  # seconds until the next attempt, when one is due
    connection_failed: bool = False

    @property
    def will_retry(self):
        return self.retry_in is not None


SKIPPED = "skipped"


class MailConnection:
    """One connection to the mail server, opened on first use and reused; dropped after an error.

    A run of the job made in-process uses one for all its deliveries. A worker process keeps one between its
    send tasks, reopened when it has been idle for longer than a mail server is likely to keep it.
    """

    IDLE_SECONDS = 30

    def __init__(self):
        self._connection = None
        self._last_used = 0.0
        self._settings = None

    @staticmethod
    def current_settings():
        return (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER)

    def get(self):
        stale = time.monotonic() - self._last_used > self.IDLE_SECONDS or self._settings != self.current_settings()
        if self._connection is not None and stale:
            self.close()
        if self._connection is None:
            self._settings = self.current_settings()
            self._connection = get_connection(fail_silently=False)
            self._connection.open()
        self._last_used = time.monotonic()
        return self._connection

    def close(self):
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except SoftTimeLimitExceeded:
                raise
            except Exception:  # noqa: BLE001 - a broken connection is dropped either way
                logger.debug("closing the mail connection failed", exc_info=True)


def deliver(delivery_id, connection=None):
    """Send one claimed delivery once, if it is ready; the outcome is written on the row and returned."""
    if not ReminderDelivery.objects.take(delivery_id):
        return Outcome(SKIPPED)
    delivery = ReminderDelivery.objects.select_related("rule", "recipient", "content_type").get(pk=delivery_id)
    if delivery.abandoned:
        attempts = delivery.retries().max_attempts
        error = f"Gave up after {attempts} attempts; the last worker stopped before it finished."
        delivery.finish(DeliveryStatus.FAILED, last_error=error)
        return Outcome(DeliveryStatus.FAILED)
    reminder = registry.get(delivery.rule.kind)
    obj = reminder.rows().filter(pk=delivery.object_id).first() if reminder else None
    if obj is None or not delivery.recipient.is_active or not delivery.recipient.email:
        delivery.finish(DeliveryStatus.CANCELLED, last_error="No longer due, or nobody to send it to.")
        return Outcome(DeliveryStatus.CANCELLED)
    message = emails.reminder(
        delivery.recipient,
        reminder=reminder,
        obj=obj,
        stage=delivery.stage,
        due_on=delivery.due_on,
        days=None if reminder.overdue else (delivery.due_on - timezone.localdate()).days,
        message_id=delivery.message_id,
    )
    own_connection = connection is None
    connection = connection or MailConnection()
    try:
        message.connection = connection.get()
        message.send(fail_silently=False)
    except MAIL_ERRORS as exc:
        connection.close()
        return record_failure(delivery, exc, subject=message.subject)
    finally:
        if own_connection:
            connection.close()
    delivery.finish(DeliveryStatus.SENT, sent_at=timezone.now(), subject=message.subject[:300])
    return Outcome(DeliveryStatus.SENT)


def record_failure(delivery, exc, subject=""):
    """A failed attempt: tried again after its backoff (jobs.leases), or given up after the last or a 5xx answer."""
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    attempt, attempts = delivery.attempts, delivery.retries().max_attempts
    delay = delivery.retry_later(error, permanent=is_permanent(exc), subject=subject[:300])
    if delay is None:
        logger.error("reminder %s: attempt %s of %s failed, giving up: %s", delivery.pk, attempt, attempts, error)
        return Outcome(DeliveryStatus.FAILED, connection_failed=is_connection_failure(exc))
    logger.warning(
        "reminder %s: attempt %s of %s failed, again in %gs: %s", delivery.pk, attempt, attempts, delay, error
    )
    return Outcome(DeliveryStatus.PENDING, retry_in=delay, connection_failed=is_connection_failure(exc))


def deliver_silence_notice(notice_id, connection=None):
    """Send one silence notice once, if it is ready (the lease of jobs.leases, as for reminders)."""
    if not SilenceNotice.objects.take(notice_id):
        return Outcome(SKIPPED)
    notice = SilenceNotice.objects.select_related("procedure", "recipient").get(pk=notice_id)
    recipient = notice.recipient
    if notice.abandoned:
        notice.finish(NoticeStatus.FAILED, last_error="Gave up: the workers stopped before they finished.")
        return Outcome(NoticeStatus.FAILED)
    if not recipient.is_active or not recipient.email:
        notice.finish(NoticeStatus.SKIPPED, language=recipient.language)
        return Outcome(NoticeStatus.SKIPPED)
    message = emails.silence_notice(recipient, notice=notice)
    own_connection = connection is None
    connection = connection or MailConnection()
    try:
        message.connection = connection.get()
        message.send(fail_silently=False)
    except MAIL_ERRORS as exc:
        connection.close()
        return record_failure(notice, exc, subject=message.subject)
    finally:
        if own_connection:
            connection.close()
    notice.finish(NoticeStatus.SENT, sent_at=timezone.now(), subject=message.subject[:300], language=recipient.language)
    return Outcome(NoticeStatus.SENT)

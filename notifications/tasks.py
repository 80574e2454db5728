"""Celery tasks of notifications. Jobs (recorded as JobRuns) find the work; each email is its own task, with
retries and a backoff, so one unreachable mail server or bad address holds up nothing else and no worker sleeps.

Every task follows the portal's retry policy (jobs.policy: a database error is retried). The sending tasks differ
in two ways. Time limits: each has a soft limit that raises SoftTimeLimitExceeded into the task (never caught as a
mail error) and a hard limit a little later, below the delivery's lease; EMAIL_TIMEOUT bounds each exchange with the
mail server. Mail errors: retried on the mail's own schedule (models.mail_retries), with `max_retries=None` given
to `retry()` because that schedule, not Celery's count, decides when to give up.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from jobs.outbox import BROKER_ERRORS
from jobs.policy import retried_task
from jobs.recorder import previous_run, recorded_job
from silence.models import SilenceNotice, SilenceProcedure

from . import emails, services
from .models import mail_retries
from .sending import MAIL_ERRORS, MailConnection, deliver, deliver_silence_notice

logger = logging.getLogger(__name__)

SEND_LIMITS = {
    "soft_time_limit": settings.NOTIFICATIONS_SEND_TIME_LIMIT,
    "time_limit": settings.NOTIFICATIONS_SEND_TIME_LIMIT + 30,
}

# A worker process keeps one mail connection between its send tasks (reopened when idle or broken).
worker_connection = MailConnection()


def is_eager():
    return send_reminder.app.conf.task_always_eager


def queue_deliveries(ids, result):
    """One send task per ready delivery; if the broker stops answering, the rest wait for the next run."""
    for position, delivery_id in enumerate(ids):
        try:
            send_reminder.delay(delivery_id)
        except BROKER_ERRORS:
            logger.exception("reminders: the broker stopped answering; %s deliveries wait", len(ids) - position)
            result.retrying += len(ids) - position
            return
        result.queued += 1


@retried_task
@recorded_job("send_reminders")
def send_reminders():
    """Claim today's reminders and send (or queue) every delivery that is ready."""
    if is_eager():
        result = services.send_reminders()
    else:
        last = previous_run("send_reminders")
        result = services.send_reminders(dispatch=queue_deliveries)
        # The queued deliveries finish later; report those given up since the previous run.
        if last is not None:
            result.failed += services.failed_since(last.started_at)
    return {"summary": result.summary, "ok": result.ok, **result.as_dict()}


@retried_task(bind=True, **SEND_LIMITS)
def send_reminder(self, delivery_id):
    """Send one claimed reminder (notifications.sending.deliver); a failed attempt retries after its backoff."""
    outcome = deliver(delivery_id, connection=None if self.request.is_eager else worker_connection)
    if outcome.will_retry and not self.request.is_eager:
        # Eagerly (no broker) the retry would run at once; the next run of the job picks it up instead.
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    return {"status": outcome.status}


def send_email_task(task, message, label):
    """Send a rendered email from a task: retried with backoff on mail errors, then given up (logged)."""
    try:
        message.connection = None if task.request.is_eager else worker_connection.get()
        message.send(fail_silently=False)
    except MAIL_ERRORS as exc:
        worker_connection.close()
        attempt = task.request.retries + 1
        delay = mail_retries().delay_after(attempt)
        if delay is None:
            logger.error("%s: attempt %s failed, giving up: %s", label, attempt, exc)
            return {"sent": 0, "failed": 1}
        logger.warning("%s: attempt %s failed, again in %gs: %s", label, attempt, delay, exc)
        raise task.retry(exc=exc, countdown=delay, max_retries=None) from exc
    return {"sent": 1, "failed": 0}


def run_each(task, argument_lists):
    """Queue one task per argument list; without a broker, run them here and add up their outcomes."""
    totals = {"sent": 0, "failed": 0, "queued": 0}
    for args in argument_lists:
        if is_eager():
            outcome = task.apply(args=args).get() or {}
            totals["sent"] += outcome.get("sent", 0)
            totals["failed"] += outcome.get("failed", 0)
        else:
            task.delay(*args)
            totals["queued"] += 1
    return totals


def summary_of(totals):
    text = f"sent {totals['sent']}, failed {totals['failed']}"
    return f"{text}, queued {totals['queued']}" if totals["queued"] else text


@retried_task
@recorded_job("send_staff_digest")
def send_staff_digest():
    """The weekly digest: one email task per Secretariat staff member who wants it."""
    today = timezone.localdate().isoformat()
    totals = run_each(send_digest_to, [(user_id, today) for user_id in services.digest_recipients()])
    return {"summary": summary_of(totals), "ok": not totals["failed"], **totals}


# What a send task answers when its recipient or row is gone by the time it runs.
NOTHING_SENT = {"sent": 0, "failed": 0}


@retried_task(bind=True, **SEND_LIMITS)
def send_digest_to(self, user_id, on):
    """The digest of the week starting `on` (an ISO date) for one staff member."""
    user = services.mail_recipient(user_id)
    if user is None:
        return NOTHING_SENT
    message = emails.staff_digest(user, digest=services.digest_data(datetime.date.fromisoformat(on)))
    return send_email_task(self, message, f"staff digest to user {user_id}")


@retried_task
def notify_report_reviewed(report_id):
    """Tell the reporting country's coordinators of a review: one email task per coordinator."""
    totals = run_each(send_report_reviewed, [(report_id, user_id) for user_id in services.review_recipients(report_id)])
    return totals


@retried_task(bind=True, **SEND_LIMITS)
def send_report_reviewed(self, report_id, user_id):
    report, user = services.reviewed_report(report_id), services.review_recipient(user_id)
    if report is None or user is None:
        return NOTHING_SENT
    message = emails.report_reviewed(user, report=report)
    return send_email_task(self, message, f"review notice of report {report_id} to user {user_id}")


@retried_task(bind=True, **SEND_LIMITS)
def send_password_reset(self, user_id, context):
    """The password-reset email, written in the worker (the link's token is made here, never stored); only for an
    active account with a usable password."""
    user = services.mail_recipient(user_id)
    if user is None or not user.has_usable_password():
        return NOTHING_SENT
    return send_email_task(self, emails.password_reset(user, **context), f"password reset for user {user_id}")


@retried_task
def notify_silence(procedure_id, event, key):
    """Tell every focal point of the states a silence procedure concerns of one of its steps: one notice each,
    claimed once (silence.models.SilenceNotice), then one send task per notice."""
    procedure = SilenceProcedure.objects.filter(pk=procedure_id).first()
    if procedure is None:
        return {"queued": 0}
    ids = SilenceNotice.objects.claim(procedure, event, key)
    for notice_id in ids:
        if is_eager():
            send_silence_notice.apply(args=(notice_id,))
        else:
            send_silence_notice.delay(notice_id)
    return {"queued": len(ids)}


@retried_task(bind=True, **SEND_LIMITS)
def send_silence_notice(self, notice_id):
    """Send one silence notice (notifications.sending.deliver_silence_notice); a failed attempt retries."""
    outcome = deliver_silence_notice(notice_id, connection=None if self.request.is_eager else worker_connection)
    if outcome.will_retry and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    return {"status": outcome.status}

"""Celery tasks of webhooks: they take ids, read the rows again and return quietly when they are gone."""

import datetime

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from jobs.recorder import recorded_job

from . import sending, services
from .models import WebhookDelivery, WebhookEvent

SEND_LIMITS = {"soft_time_limit": 60, "time_limit": 90}
FAN_OUT_AGAIN_AFTER = datetime.timedelta(minutes=2)


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3)
def fan_out(event_id):
    """Make the deliveries of one event (after the transaction that announced it committed)."""
    return {"deliveries": services.fan_out(event_id)}


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3, **SEND_LIMITS)
def deliver(delivery_id):
    """One attempt at one delivery (webhooks.sending.deliver); a failed one is retried by `deliver_due`."""
    return {"status": sending.deliver(delivery_id)}


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3)
def deliver_due():
    """Every minute (not recorded as a JobRun, like the outbox's drain): queue the deliveries whose next attempt
    is due (retries, and those left by dead workers)."""
    now = timezone.now()
    stuck = WebhookEvent.objects.filter(fanned_out=False, occurred_at__lt=now - FAN_OUT_AGAIN_AFTER)
    for pk in stuck.order_by("pk").values_list("pk", flat=True):
        fan_out.delay(pk)  # its task was lost (or failed): the record's later events wait for it
    due = list(WebhookDelivery.objects.ready(now).order_by("event_id", "pk").values_list("pk", flat=True))
    for pk in due:
        deliver.delay(pk)
    return {"summary": f"{len(due)} webhook deliveries queued", "ok": True, "queued": len(due)}


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3)
@recorded_job("announce_expiring_agreements")
def announce_expiring_agreements():
    """Daily: `agreement.expiring` for agreements expiring or due for renewal within 90 days (once each)."""
    count = services.announce_expiring_agreements()
    return {"summary": f"{count} agreements announced as expiring", "ok": True, "announced": count}

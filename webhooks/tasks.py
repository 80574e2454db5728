"""Celery tasks of webhooks: they take ids, read the rows again and return quietly when they are gone."""

import datetime

from django.utils import timezone

from jobs.policy import retried_task
from jobs.recorder import recorded_job

from . import sending, services
from .models import WebhookDelivery, WebhookEvent

# A delivery is one POST bounded by WEBHOOKS_TIMEOUT: a minute is ample, far below the default limits of a job, and
# the hard limit stays under WEBHOOKS_LEASE, so a delivery is only taken again from a worker that is gone.
SEND_LIMITS = {"soft_time_limit": 60, "time_limit": 90}
FAN_OUT_AGAIN_AFTER = datetime.timedelta(minutes=2)


@retried_task
def fan_out(event_id):
    """Make the deliveries of one event (after the transaction that announced it committed)."""
    return {"deliveries": services.fan_out(event_id)}


@retried_task(**SEND_LIMITS)
def deliver(delivery_id):
    """One attempt at one delivery (webhooks.sending.deliver); a failed one is retried by `deliver_due`."""
    return {"status": sending.deliver(delivery_id)}


@retried_task
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


@retried_task
@recorded_job("announce_expiring_agreements")
def announce_expiring_agreements():
    """Daily: `agreement.expiring` for agreements expiring or due for renewal within 90 days (once each)."""
    count = services.announce_expiring_agreements()
    return {"summary": f"{count} agreements announced as expiring", "ok": True, "announced": count}

"""Sending one delivery: claim it, check the owner may still read the record, sign, POST, record the attempt.

Standard Webhooks: the headers `webhook-id` (the event's stable id), `webhook-timestamp` (seconds) and
`webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` with the subscription's secret), made by
the `standardwebhooks` package, so any Standard Webhooks library verifies them.

The delivery is leased while it is sent (jobs.leases). A failed attempt (no answer, or an answer other than 2xx)
puts it back with its next attempt further away (WEBHOOKS_RETRY_SCHEDULE, about a day in all), then gives up; the
periodic job takes what is due. A worker that dies after sending and before recording leaves the delivery leased;
when the lease runs out it is sent again with the same `webhook-id` (at least once: receivers drop duplicates by
that id).
"""

import datetime
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from core.addresses import outbound_url_problem, resolved_problem

from . import payloads
from .choices import DeliveryStatus
from .models import WebhookAttempt, WebhookDelivery, WebhookSubscription, forget_wanted_event_types
from .services import wake_later_events

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 1000
USER_AGENT = "CICA-Secretariat-Portal-Webhooks/1"

SENT, WAITING, BUSY, GONE = "sent", "waiting", "busy", "gone"


def signed_headers(subscription, webhook_id, body, now):
    timestamp = datetime.datetime.fromtimestamp(int(now.timestamp()), tz=datetime.UTC)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": Webhook(subscription.secret).sign(webhook_id, timestamp, body),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (3xx, a failed attempt), never followed: it could point anywhere."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirects)


@dataclass
class Answer:
    status_code: int | None = None
    excerpt: str = ""
    error: str = ""
    duration_ms: int = 0

    @property
    def ok(self):
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url, body, headers):
    """POST `body` to `url` directly (no proxy, no redirects), to public addresses only (loopback in development)."""
    allow_loopback = settings.WEBHOOKS_ALLOW_LOOPBACK
    problem = outbound_url_problem(url, allow_loopback=allow_loopback)
    if problem is None:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        problem = resolved_problem(parts.hostname, port, allow_loopback=allow_loopback)
    if problem:
        return Answer(error=problem)
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")  # noqa: S310
    started = time.monotonic()
    try:
        with OPENER.open(request, timeout=settings.WEBHOOKS_TIMEOUT) as response:
            answer = Answer(response.status, response.read(EXCERPT_CHARS).decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        answer = Answer(exc.code, exc.read(EXCERPT_CHARS).decode("utf-8", "replace"))
    except (OSError, ValueError) as exc:  # refused, unreachable, timed out, TLS errors
        answer = Answer(error=f"{type(exc).__name__}: {exc}"[:EXCERPT_CHARS])
    answer.duration_ms = int((time.monotonic() - started) * 1000)
    return answer


def deliver(delivery_id):
    """Make one attempt at a delivery when it is due and nothing earlier of its record waits; returns what
    happened (sent, waiting, busy, gone, skipped)."""
    delivery = WebhookDelivery.objects.select_related("event", "subscription__owner").filter(pk=delivery_id).first()
    if delivery is None or delivery.is_finished:
        return GONE
    if delivery.earlier_unfinished():
        return WAITING  # the earlier event's delivery wakes this one when it finishes
    now = timezone.now()
    if not WebhookDelivery.objects.take(delivery_id, now):
        return BUSY  # another worker holds it, it is not due yet, or the subscription is disabled
    delivery.refresh_from_db()
    event, subscription = delivery.event, delivery.subscription
    if event.object_id and not payloads.may_read(subscription.owner, event.object_model, event.object_id):
        with transaction.atomic():
            delivery.finish(DeliveryStatus.SKIPPED, last_error=_("The owner may not read the record now."))
            after_finished(delivery)
        return DeliveryStatus.SKIPPED
    if delivery.abandoned:
        with transaction.atomic():
            delivery.finish(DeliveryStatus.FAILED, last_error=_("Gave up: the workers stopped while sending."))
            after_finished(delivery)
        return DeliveryStatus.FAILED
    body = json.dumps(delivery.body, ensure_ascii=False, separators=(",", ":"))
    answer = post(subscription.url, body, signed_headers(subscription, event.webhook_id, body, now))
    record(delivery, now, answer)
    return SENT


def record(delivery, started_at, answer):
    """Write the attempt and its outcome: delivered, back to pending with its next time, or given up."""
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=started_at,
            status_code=answer.status_code,
            duration_ms=answer.duration_ms,
            response_excerpt=answer.excerpt,
            error=answer.error,
        )
        subscriptions = WebhookSubscription.objects.filter(pk=delivery.subscription_id)
        if answer.ok:
            delivery.finish(
                DeliveryStatus.DELIVERED,
                delivered_at=timezone.now(),
                last_status_code=answer.status_code,
                last_error="",
                next_attempt_at=None,
            )
            subscriptions.update(consecutive_failures=0)
            after_finished(delivery)
            return
        error = answer.error or _("The receiver answered %(code)s.") % {"code": answer.status_code}
        if delivery.retry_later(error, last_status_code=answer.status_code) is None:
            after_finished(delivery)
        subscriptions.update(consecutive_failures=F("consecutive_failures") + 1)
        disable_if_failing(delivery.subscription_id)


def after_finished(delivery):
    wake_later_events(delivery.event, subscription_id=delivery.subscription_id)


def disable_if_failing(subscription_id):
    """After WEBHOOKS_DISABLE_AFTER failed attempts in a row the subscription is disabled (staff see it in their
    inbox); its waiting deliveries are sent once staff enable it again."""
    limit = settings.WEBHOOKS_DISABLE_AFTER
    disabled = WebhookSubscription.objects.filter(
        pk=subscription_id, is_active=True, consecutive_failures__gte=limit
    ).update(
        is_active=False,
        disabled_at=timezone.now(),
        disabled_reason=_("Disabled after %(count)s failed delivery attempts in a row.") % {"count": limit},
    )
    if disabled:
        forget_wanted_event_types()
        logger.warning("webhook subscription %s disabled after %s failed attempts", subscription_id, limit)

"""What happens to webhooks: announcing an event, fanning it out to subscriptions, redelivering, testing.

Every door (the receivers of the domain's saves and steps, the admin, the API, the daily job) calls these.
Sending one delivery is `webhooks.sending.deliver`.
"""

import datetime
import logging

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.outbox import enqueue_on_commit
from relations.models import Agreement

from . import events, payloads
from .choices import DeliveryStatus
from .models import WebhookDelivery, WebhookEvent, WebhookSubscription

logger = logging.getLogger(__name__)

EXPIRING_WITHIN = datetime.timedelta(days=90)


def announce(event_type, instance):
    """Record that `event_type` happened to `instance` (inside the caller's transaction) when any active
    subscription wants it; the deliveries are made after commit (`fan_out`), so a rolled-back step sends nothing."""
    if not WebhookSubscription.objects.wanting(event_type):
        return None
    event = WebhookEvent.objects.create(
        type=event_type, object_model=instance._meta.label_lower, object_id=instance.pk, occurred_at=timezone.now()
    )
    enqueue_on_commit("webhooks.tasks.fan_out", event.pk)
    return event


def fan_out(event_id):
    """One delivery per active subscription that wants the event and whose owner may read the record now; its body
    is the record as the API shows it to that owner. Returns the ids of the deliveries made."""
    with transaction.atomic():
        event = WebhookEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.fanned_out:
            return []
        source = events.by_model().get(event.object_model)
        made = []
        for subscription in WebhookSubscription.objects.wanting(event.type) if source else ():
            try:
                data = payloads.record_as(source, subscription.owner, event.object_id)
            except DatabaseError:
                raise  # the task retries
            except Exception:  # noqa: BLE001 - one owner's broken view must not hold up the record's later events
                logger.exception("webhook event %s: the record cannot be shown to %s", event.pk, subscription.owner)
                continue
            if data is None:
                continue  # the owner may not read the record: they never learn of the event
            delivery, _created = WebhookDelivery.objects.get_or_create(
                event=event, subscription=subscription, defaults={"body": payloads.envelope(event, data)}
            )
            made.append(delivery.pk)
        event.fanned_out = True
        event.save(update_fields=["fanned_out"])
        for pk in made:
            enqueue_on_commit("webhooks.tasks.deliver", pk)
        wake_later_events(event)
    return made


def wake_later_events(event, subscription_id=None):
    """Queue, per subscription, the first waiting delivery of the record's later events (they wait for this one:
    events arrive in order)."""
    if not event.object_id:
        return
    later = WebhookDelivery.objects.filter(
        event__object_model=event.object_model,
        event__object_id=event.object_id,
        event__pk__gt=event.pk,
        status=DeliveryStatus.PENDING,
    )
    if subscription_id is not None:
        later = later.filter(subscription_id=subscription_id)
    first = {}
    for pk, subscription in later.order_by("event__pk", "pk").values_list("pk", "subscription_id"):
        first.setdefault(subscription, pk)
    for pk in first.values():
        enqueue_on_commit("webhooks.tasks.deliver", pk)


def redeliver(delivery):
    """Send a delivery again (staff's "redeliver"): same event id and body, its attempts starting afresh."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.SENDING).start_afresh()
        enqueue_on_commit("webhooks.tasks.deliver", delivery.pk)


def send_test_event(subscription):
    """A `webhook.test` event for this subscription only, signed and retried like any other."""
    with transaction.atomic():
        event = WebhookEvent.objects.create(type=events.TEST_EVENT, fanned_out=True)
        data = {"subscription": subscription.pk, "message": _("A test event from the CICA Secretariat Portal.")}
        delivery = WebhookDelivery.objects.create(
            event=event, subscription=subscription, body=payloads.envelope(event, data)
        )
        enqueue_on_commit("webhooks.tasks.deliver", delivery.pk)
    return delivery


def announce_expiring_agreements(today=None):
    """`agreement.expiring` once per agreement and expiry (or renewal) date, when it falls within 90 days."""
    today = today or timezone.localdate()
    since = timezone.make_aware(datetime.datetime.combine(today - EXPIRING_WITHIN, datetime.time()))
    announced = 0
    for agreement in Agreement.objects.expiring_before(today + EXPIRING_WITHIN):
        already = WebhookEvent.objects.filter(
            type="agreement.expiring",
            object_model=agreement._meta.label_lower,
            object_id=agreement.pk,
            occurred_at__gte=since,
        ).exists()
        if not already:
            with transaction.atomic():
                announced += announce("agreement.expiring", agreement) is not None
    return announced

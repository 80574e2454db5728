"""Webhook subscriptions of partner systems, the events announced to them and every delivery attempt.

A `WebhookEvent` is one happening (a report accepted), with a stable id (its `webhook-id`, the same on every
attempt and redelivery, so receivers drop duplicates). A `WebhookDelivery` is that event for one subscription: its
body (the JSON the API serves to the subscription's owner, taken once), its state and its schedule; it is claimed
with a conditional UPDATE (a lease) before sending, so two workers never send it at once, and one whose worker died
between sending and recording is taken again when the lease runs out. Each try is a `WebhookAttempt`.
"""

import base64
import secrets
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.addresses import outbound_url_problem
from core.models import TimeStampedModel
from jobs.leases import LeasedDelivery, LeasedQuerySet, Retries

from . import events
from .choices import FINISHED, UNFINISHED, DeliveryStatus

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix, not a secret


def new_secret():
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


WANTED_KEY = "webhooks:wanted-event-types"


def wanted_event_types():
    """The event types some active subscription wants, cached: a save that nobody listens to costs no query."""
    wanted = cache.get(WANTED_KEY)
    if wanted is None:
        wanted = {
            name for names in WebhookSubscription.objects.active().values_list("events", flat=True) for name in names
        }
        cache.set(WANTED_KEY, wanted, 300)
    return wanted


def forget_wanted_event_types():
    """After subscriptions change (saved, deleted, disabled)."""
    cache.delete(WANTED_KEY)


class WebhookSubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def failing(self):
        """Disabled by the portal after failed attempts in a row (staff are told in their inbox)."""
        return self.filter(is_active=False, consecutive_failures__gt=0)

    def wanting(self, event_type):
        """Active subscriptions asking for `event_type` (events are a JSON list: filtered here, they are few)."""
        return [
            subscription for subscription in self.active().select_related("owner") if subscription.wants(event_type)
        ]


class WebhookSubscription(TimeStampedModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("owner"),
        help_text=_("Usually a partner's service account: it receives only events on records this account may read."),
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("What staff call it, e.g. “UNODC case tracker”."))
    url = models.URLField(_("target URL"), max_length=500)
    events = models.JSONField(_("events"), default=list, help_text=_("The event types it receives."))
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.TextField(_("why disabled"), blank=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("failed attempts in a row"), default=0, editable=False)
    lock_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)  # the API's ETag

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        problem = outbound_url_problem(self.url or "", allow_loopback=settings.WEBHOOKS_ALLOW_LOOPBACK)
        if problem:
            errors["url"] = _("This address is not accepted: %(problem)s.") % {"problem": problem}
        known = set(events.event_types())
        if not isinstance(self.events, list) or not self.events:
            errors["events"] = _("Choose at least one event.")
        else:
            unknown = [name for name in self.events if name not in known]
            if unknown:
                errors["events"] = _("Unknown events: %(names)s.") % {"names": ", ".join(map(str, unknown))}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.full_clean(exclude={"secret"})
        enabled_again = self.is_active and self.disabled_at is not None
        if self.is_active:
            if enabled_again:  # the count starts afresh
                self.consecutive_failures = 0
            self.disabled_at, self.disabled_reason = None, ""
        elif self.disabled_at is None:
            self.disabled_at = timezone.now()
        if not self._state.adding:
            self.lock_version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated", "lock_version"}
        super().save(*args, **kwargs)
        transaction.on_commit(forget_wanted_event_types)
        forget_wanted_event_types()
        if enabled_again:  # what waited is due now: the next run of the delivery job sends it, in order
            self.deliveries.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=timezone.now())

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_wanted_event_types()
        return result

    def wants(self, event_type):
        return event_type == events.TEST_EVENT or event_type in self.events

    def regenerate_secret(self):
        self.secret = new_secret()
        self.save(update_fields=["secret"])
        return self.secret


class WebhookEvent(models.Model):
    """One happening announced to partner systems. `webhook_id` never changes: receivers drop duplicates by it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("type"), max_length=60, db_index=True)
    object_model = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    fanned_out = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["object_model", "object_id", "id"])]

    def __str__(self):
        return f"{self.type} {self.object_model}:{self.object_id}" if self.object_id else self.type

    @property
    def webhook_id(self):
        return f"msg_{self.uuid.hex}"


class WebhookDeliveryQuerySet(LeasedQuerySet):
    def ready(self, now=None):
        """Ready for an attempt (jobs.leases), while its subscription is active: a disabled one's deliveries wait."""
        return super().ready(now).filter(subscription__is_active=True)

    def unfinished(self):
        return self.filter(status__in=UNFINISHED)


class WebhookDelivery(LeasedDelivery):
    """An event for one subscription: the body signed and sent (fixed at creation), its state and its schedule
    (leased while sent, jobs.leases; retried on WEBHOOKS_RETRY_SCHEDULE)."""

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    body = models.JSONField(_("body"))
    status = models.CharField(_("status"), max_length=12, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    last_status_code = models.PositiveIntegerField(_("last answer"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "subscription"], name="webhooks_one_delivery_per_subscription")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event.type} → {self.subscription}"

    @classmethod
    def lease_seconds(cls):
        return settings.WEBHOOKS_LEASE

    @classmethod
    def retries(cls):
        return Retries(tuple(settings.WEBHOOKS_RETRY_SCHEDULE))

    @property
    def is_finished(self):
        return self.status in FINISHED

    def earlier_unfinished(self):
        """Events of the same record announced before this one and not yet finished for this subscription (or not
        yet fanned out at all): this one waits for them, so a receiver gets a record's events in order."""
        event = self.event
        if not event.object_id:
            return False
        earlier = WebhookEvent.objects.filter(
            object_model=event.object_model, object_id=event.object_id, pk__lt=event.pk
        )
        return (
            earlier.filter(fanned_out=False).exists()
            or WebhookDelivery.objects.unfinished()
            .filter(subscription_id=self.subscription_id, event__in=earlier)
            .exists()
        )


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("sent at"))
    status_code = models.PositiveIntegerField(_("answer"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    response_excerpt = models.TextField(_("response (excerpt)"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["pk"]

    def __str__(self):
        return f"#{self.number}: {self.status_code or self.error[:40]}"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300

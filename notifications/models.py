import re
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.indexes import trigram_indexes
from core.models import DomainModel, TimeStampedModel
from jobs.leases import LeasedDelivery, LeasedQuerySet, Retries

from . import registry
from .choices import DeliveryStatus, preference_choices

LEAD_DAYS_PATTERN = re.compile(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$")


class ReminderRuleQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class ReminderRule(DomainModel):
    """When to remind whom of a dated obligation: the kind of date, how many days before, and the audience."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=registry.kind_choices, db_index=True)
    lead_days = models.CharField(
        _("lead times (days)"),
        max_length=60,
        blank=True,
        default="30,7,1",
        help_text=_("Days before the date, comma-separated, e.g. 30,7,1. Not used by the overdue kinds."),
    )
    notify_coordinators = models.BooleanField(
        _("coordinators of the coordinating country"),
        default=True,
        help_text=_("Coordinators of the country that reports, coordinates the measure or attends the meeting."),
    )
    notify_responsible = models.BooleanField(
        _("responsible party"),
        default=True,
        help_text=_("Whoever must act: the decision's responsible party, the meeting's host, the Secretariat."),
    )
    notify_secretariat = models.BooleanField(_("Secretariat staff"), default=False)
    enabled = models.BooleanField(_("enabled"), default=True, db_index=True)

    objects = ReminderRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def reminder(self):
        """The declaration of this rule's kind (notifications.registry), None for a kind no app declares."""
        return registry.get(self.kind)

    @property
    def is_overdue_kind(self):
        return bool(self.reminder and self.reminder.overdue)

    @property
    def leads(self):
        """The lead times as distinct integers, largest first."""
        if not self.lead_days.strip():
            return []
        return sorted({int(part) for part in self.lead_days.split(",")}, reverse=True)

    @property
    def stages(self):
        return self.reminder.stages(self.leads) if self.reminder else []

    def clean(self):
        if self.lead_days.strip() and not LEAD_DAYS_PATTERN.match(self.lead_days):
            raise ValidationError({"lead_days": _("Give whole numbers of days separated by commas, e.g. 30,7,1.")})
        if not self.is_overdue_kind and not self.lead_days.strip():
            raise ValidationError({"lead_days": _("Give at least one lead time for this kind of reminder.")})
        if self.lead_days.strip():
            self.lead_days = ",".join(str(days) for days in self.leads)
        if not (self.notify_coordinators or self.notify_responsible or self.notify_secretariat):
            raise ValidationError(_("Choose at least one audience."))


class ReminderDeliveryQuerySet(LeasedQuerySet):
    def failed(self):
        """Deliveries given up after the last attempt: shown to staff (admin, digest, work inbox)."""
        return self.filter(status=DeliveryStatus.FAILED)


def mail_retries():
    """When a failed email is tried again: reminders, and every other email sent by a task (digest, review
    notices, password reset): NOTIFICATIONS_SEND_ATTEMPTS in all, doubling from NOTIFICATIONS_RETRY_DELAY up to
    NOTIFICATIONS_RETRY_MAX_DELAY."""
    return Retries.doubling(
        settings.NOTIFICATIONS_RETRY_DELAY,
        settings.NOTIFICATIONS_RETRY_MAX_DELAY,
        attempts=settings.NOTIFICATIONS_SEND_ATTEMPTS,
    )


class ReminderDelivery(LeasedDelivery):
    """One reminder to one person about one object at one stage: the row is the claim that makes it exactly once.

    Rows are inserted (in bulk, conflicts ignored) before anything is sent; the unique constraint turns a second
    claim (a re-run, a second worker) into nothing. Sending then takes a lease on the row (jobs.leases: a
    conditional UPDATE to "sending", `lease_until`, one more attempt), so two workers never send the same row at
    once, and a row whose worker died is taken again once its lease has run out. A failed attempt puts the row back
    to "pending" with `next_attempt_at` further away each time (`mail_retries()`); after the last it is "failed".
    Every attempt carries the same Message-ID, so a mail server that saw the message once can tell a repeat.
    """

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="deliveries")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(_("stage"), max_length=30, help_text=_('e.g. "7-days-before" or "overdue"'))
    due_on = models.DateField(_("date reminded of"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created = models.DateTimeField(_("claimed at"), auto_now_add=True)
    batch = models.UUIDField(_("claimed by run"), default=uuid.uuid4, editable=False, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ReminderDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "recipient", "stage"],
                name="reminderdelivery_once_per_stage",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["status", "next_attempt_at"], name="reminderdelivery_retry"),
            models.Index(fields=["status", "lease_until"], name="reminderdelivery_lease"),
            models.Index(fields=["-created"], name="reminderdelivery_newest_first"),
            *trigram_indexes("delivery", "subject", "last_error"),
        ]

    def __str__(self):
        return f"{self.rule} – {self.stage} – {self.recipient}"

    @classmethod
    def lease_seconds(cls):
        return settings.NOTIFICATIONS_SEND_LEASE

    @classmethod
    def retries(cls):
        return mail_retries()

    @property
    def message_id(self):
        """The same Message-ID on every attempt of this delivery: a repeat is recognisable as one."""
        return f"<reminder-{self.pk}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


class NotificationPreferenceQuerySet(models.QuerySet):
    def opted_out(self, kind, roles=None):
        """Ids of the users who switched `kind` off; with `roles`, only those whose role may switch it off."""
        rows = self.filter(kind=kind, enabled=False)
        if roles is not None:
            rows = rows.filter(user__role__in=roles)
        return rows.values_list("user_id", flat=True)


class NotificationPreference(TimeStampedModel):
    """A user's choice for one kind of notification; without a row the kind is on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=preference_choices)
    enabled = models.BooleanField(_("send me these"), default=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notificationpreference_unique")]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"

    @classmethod
    def wants(cls, user, kind):
        return not cls.objects.filter(user=user, kind=kind, enabled=False).exists()

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import DomainModel, TimeStampedModel

from .choices import OVERDUE_KINDS, OVERDUE_STAGE, PREFERENCE_KINDS, DeliveryStatus, ReminderKind, stage_for_lead

LEAD_DAYS_PATTERN = re.compile(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$")


class ReminderRuleQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class ReminderRule(DomainModel):
    """When to remind whom of a dated obligation: the kind of date, how many days before, and the audience."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices, db_index=True)
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
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def is_overdue_kind(self):
        return self.kind in OVERDUE_KINDS

    @property
    def leads(self):
        """The lead times as distinct integers, largest first."""
        if not self.lead_days.strip():
            return []
        return sorted({int(part) for part in self.lead_days.split(",")}, reverse=True)

    @property
    def stages(self):
        return [OVERDUE_STAGE] if self.is_overdue_kind else [stage_for_lead(days) for days in self.leads]

    def clean(self):
        if self.lead_days.strip() and not LEAD_DAYS_PATTERN.match(self.lead_days):
            raise ValidationError({"lead_days": _("Give whole numbers of days separated by commas, e.g. 30,7,1.")})
        if not self.is_overdue_kind and not self.lead_days.strip():
            raise ValidationError({"lead_days": _("Give at least one lead time for this kind of reminder.")})
        if self.lead_days.strip():
            self.lead_days = ",".join(str(days) for days in self.leads)
        if not (self.notify_coordinators or self.notify_responsible or self.notify_secretariat):
            raise ValidationError(_("Choose at least one audience."))


class ReminderDelivery(models.Model):
    """One reminder to one person about one object at one stage: the row is the claim that makes it exactly once.

    The row is inserted before the email is sent; the unique constraint turns a second attempt (a re-run, a
    retry, a second worker) into an IntegrityError, i.e. "already claimed", so nothing is sent twice.
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
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created = models.DateTimeField(_("claimed at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "recipient", "stage"],
                name="reminderdelivery_once_per_stage",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.rule} – {self.stage} – {self.recipient}"


class NotificationPreferenceQuerySet(models.QuerySet):
    def opted_out(self, kind):
        return self.filter(kind=kind, enabled=False).values_list("user_id", flat=True)


class NotificationPreference(TimeStampedModel):
    """A user's choice for one kind of notification; without a row the kind is on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(_("kind"), max_length=30, choices=PREFERENCE_KINDS)
    enabled = models.BooleanField(_("send me these"), default=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notificationpreference_unique")]

    def __str__(self):
        return f"{self.user}: {self.kind} {'on' if self.enabled else 'off'}"

    @classmethod
    def wants(cls, user, kind):
        return not cls.objects.filter(user=user, kind=kind, enabled=False).exists()

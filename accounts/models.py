import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import valid_time_zone

from . import signals


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat staff")
    COORDINATOR = "coordinator", _("Member-state coordinator")
    SERVICE = "service", _("Partner system (service account)")


class User(AbstractUser):
    """Every person or system that signs in. A coordinator belongs to exactly one member state."""

    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role.choices,
        default=Role.SERVICE,
        help_text=_('Secretariat staff also need "staff status"; a new account starts with the least rights.'),
    )
    country = models.ForeignKey(
        "chairmanship.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Required for coordinators: the member state they act for."),
    )
    partner = models.ForeignKey(
        "relations.PartnerOrganization",
        verbose_name=_("partner organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_accounts",
        help_text=_("For service accounts: the partner system this account belongs to."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        default="en",
        help_text=_("The portal, emails, PDFs and the calendar feed speak it. One of the LANGUAGES setting's codes."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[valid_time_zone],
        help_text=_("Dates and times are shown in it. Empty: the time zone of the user's country, else the server's."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="coordinator") | models.Q(country__isnull=False),
                name="coordinator_has_country",
                violation_error_message=_("A coordinator must belong to a country."),
            ),
            models.CheckConstraint(
                condition=models.Q(role="coordinator") | models.Q(country__isnull=True),
                name="only_coordinators_have_country",
                violation_error_message=_("Only coordinators belong to a country."),
            ),
        ]

    def clean(self):
        super().clean()
        if self.role == Role.COORDINATOR:
            if self.country_id is None:
                raise ValidationError({"country": _("A coordinator must belong to a country.")})
            if not self.country.is_member:
                raise ValidationError({"country": _("Coordinators can only act for a CICA member state.")})
        elif self.country_id is not None:
            raise ValidationError({"country": _("Only coordinators belong to a country.")})
        if self.preferred_language not in {code for code, _name in settings.LANGUAGES}:
            raise ValidationError({"preferred_language": _("Choose one of the portal's languages.")})
        if self.role != Role.SERVICE and self.partner_id is not None:
            raise ValidationError({"partner": _("Only service accounts belong to a partner organization.")})

    def save(self, *args, **kwargs):
        self.clean()  # the role rules hold on every write path, not only in forms
        password_changed = self._password is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            signals.password_changed.send(sender=type(self), user=self)

    @property
    def language(self):
        """The language to speak to this user: their preferred one while the portal offers it, else the default."""
        offered = {code for code, _name in settings.LANGUAGES}
        return self.preferred_language if self.preferred_language in offered else settings.LANGUAGE_CODE

    @property
    def zone(self):
        """The time zone to show this user dates and times in: their own, else their country's, else the server's."""
        country_zone = self.country.time_zone if self.country_id else ""
        return zoneinfo.ZoneInfo(self.time_zone or country_zone or settings.TIME_ZONE)

    @property
    def is_secretariat(self):
        return self.is_active and (self.is_superuser or (self.role == Role.SECRETARIAT and self.is_staff))

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_service_account(self):
        return self.role == Role.SERVICE

    @property
    def needs_second_factor(self):
        """Anyone who can reach the admin or act as Secretariat signs in with a second factor, always."""
        return self.is_staff or self.is_superuser or self.role == Role.SECRETARIAT


from .tokens import APIToken  # noqa: E402,F401 - the token model lives in its own module

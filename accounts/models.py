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
    FOCAL_POINT = "focal_point", _("Focal point (meeting cycle only)")
    SERVICE = "service", _("Partner system (service account)")


class User(AbstractUser):
    """Every person or system that signs in. A coordinator belongs to exactly one member state.

    A national focal point acts for a state (or a partner organization) in the meeting cycle: it nominates the
    delegation, breaks silence, inscribes on lists of speakers. It is a right staff grant and withdraw
    (`is_focal_point`), held for the account's own country: by a coordinator (one person may be both), or by an
    account with the focal point role, which may also act for an observer state or a partner organization.
    """

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
        help_text=_("Required for coordinators: the member state they act for. A focal point's state."),
    )
    partner = models.ForeignKey(
        "relations.PartnerOrganization",
        verbose_name=_("partner organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_accounts",
        help_text=_("For service accounts: the partner system this account belongs to. A focal point's organization."),
    )
    is_focal_point = models.BooleanField(
        _("national focal point"),
        default=False,
        help_text=_(
            "Acts for its state (or organization) in the meeting cycle: nominates delegations, breaks silence, "
            "inscribes on lists of speakers. Staff grant and withdraw it."
        ),
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
                condition=models.Q(role__in=["coordinator", "focal_point"]) | models.Q(country__isnull=True),
                name="only_coordinators_have_country",
                violation_error_message=_("Only coordinators and focal points belong to a country."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role="focal_point")
                | (models.Q(country__isnull=False) ^ models.Q(partner__isnull=False)),
                name="focal_point_acts_for_one",
                violation_error_message=_("A focal point acts for one state or one partner organization."),
            ),
        ]

    def clean(self):
        super().clean()
        if self.role == Role.COORDINATOR:
            if self.country_id is None:
                raise ValidationError({"country": _("A coordinator must belong to a country.")})
            if not self.country.is_member:
                raise ValidationError({"country": _("Coordinators can only act for a CICA member state.")})
        elif self.role == Role.FOCAL_POINT:
            self.is_focal_point = True  # the role is the right, held alone
            if (self.country_id is None) == (self.partner_id is None):
                raise ValidationError(
                    {"country": _("A focal point acts for one state or one partner organization: choose one.")}
                )
        elif self.country_id is not None:
            raise ValidationError({"country": _("Only coordinators and focal points belong to a country.")})
        if self.is_focal_point and self.role not in (Role.COORDINATOR, Role.FOCAL_POINT):
            raise ValidationError(
                {"is_focal_point": _("Only a coordinator or an account with the focal point role can hold it.")}
            )
        if self.preferred_language not in {code for code, _name in settings.LANGUAGES}:
            raise ValidationError({"preferred_language": _("Choose one of the portal's languages.")})
        if self.role not in (Role.SERVICE, Role.FOCAL_POINT) and self.partner_id is not None:
            raise ValidationError(
                {"partner": _("Only service accounts and focal points belong to a partner organization.")}
            )

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
    def acts_for_focal_point(self):
        """True while this account holds the focal point right (see `core.permissions.is_focal_point`)."""
        return self.is_active and self.is_focal_point and bool(self.country_id or self.partner_id)

    @property
    def is_service_account(self):
        return self.role == Role.SERVICE

    @property
    def needs_second_factor(self):
        """Anyone who can reach the admin or act as Secretariat signs in with a second factor, always."""
        return self.is_staff or self.is_superuser or self.role == Role.SECRETARIAT


from .tokens import APIToken  # noqa: E402,F401 - the token model lives in its own module

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import (
    BilingualNameMixin,
    DomainModel,
    check_dates_in_order,
    dates_in_order_constraint,
    progress_constraint,
    progress_field,
)

from .choices import UN_FAMILY, AgreementKind, AgreementStatus, JointActivityStatus, PartnerKind


class PartnerOrganizationQuerySet(models.QuerySet):
    def observers(self):
        return self.filter(is_observer=True)

    def un_family(self):
        return self.filter(kind__in=UN_FAMILY)


class PartnerOrganization(BilingualNameMixin, DomainModel):
    """An organization CICA works with. Observer organizations are partners with the observer flag set."""

    acronym = models.CharField(_("acronym"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    is_observer = models.BooleanField(_("CICA observer"), default=False, db_index=True)
    observer_since = models.DateField(_("observer since"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = PartnerOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["acronym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_observer=True) | Q(observer_since__isnull=True),
                name="partner_observer_since_only_for_observers",
            )
        ]

    def __str__(self):
        return f"{self.acronym} – {self.localized_name}" if self.acronym != self.name else self.localized_name

    def clean(self):
        if self.observer_since and not self.is_observer:
            raise ValidationError({"observer_since": _("Only an observer has an observer-since date.")})


class AgreementQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(status=AgreementStatus.IN_FORCE)

    def current(self):
        """Agreements that bind the partners: signed or in force."""
        return self.filter(status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_FORCE])

    def expiring_before(self, day):
        return self.current().filter(Q(expires_on__lte=day) | Q(renewal_on__lte=day))

    def expiring(self, within, on=None):
        """Current agreements that expire or fall due for renewal within `within` (a timedelta) of `on` (today)."""
        return self.expiring_before((on or timezone.localdate()) + within)


class Agreement(DomainModel):
    """A memorandum of understanding or other cooperation instrument with a partner organization."""

    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices, default=AgreementKind.MOU)
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at = models.CharField(_("signed at"), max_length=120, blank=True)
    entry_into_force_on = models.DateField(_("entry into force"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    renewal_on = models.DateField(_("renewal due on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.UNDER_NEGOTIATION,
        db_index=True,
    )
    document = models.FileField(_("document"), upload_to="relations/agreements/", blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partner__acronym", "-signed_on"]
        verbose_name = _("agreement (MoU)")
        verbose_name_plural = _("agreements (MoUs)")
        constraints = [
            dates_in_order_constraint("agreement", "signed_on", "entry_into_force_on"),
            dates_in_order_constraint("agreement", "signed_on", "expires_on"),
            models.UniqueConstraint(fields=["partner", "title"], name="agreement_unique_title_per_partner"),
            models.CheckConstraint(
                condition=~Q(status="under_negotiation") | Q(signed_on__isnull=True),
                name="agreement_signed_is_not_negotiated",
                violation_error_message=_("A signed agreement is no longer under negotiation."),
            ),
        ]

    def __str__(self):
        return f"{self.partner.acronym}: {self.title}"

    def clean(self):
        check_dates_in_order(
            self.signed_on,
            self.entry_into_force_on,
            "entry_into_force_on",
            _("An agreement cannot enter into force before it is signed."),
        )
        check_dates_in_order(
            self.entry_into_force_on or self.signed_on,
            self.expires_on,
            "expires_on",
            _("An agreement cannot expire before it is signed or in force."),
        )
        if self.status == AgreementStatus.UNDER_NEGOTIATION and self.signed_on:
            raise ValidationError({"status": _("A signed agreement is no longer under negotiation.")})

    @property
    def days_to_expiry(self):
        if not self.expires_on:
            return None
        return (self.expires_on - timezone.localdate()).days


class JointActivity(DomainModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="joint_activities", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=250)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JointActivityStatus.choices, default=JointActivityStatus.PLANNED
    )
    progress = progress_field()
    description = models.TextField(blank=True, verbose_name=_("description"))

    class Meta:
        verbose_name = _("joint activity")
        verbose_name_plural = _("joint activities")
        ordering = ["-start_on", "title"]
        verbose_name_plural = _("joint activities")
        constraints = [
            dates_in_order_constraint("jointactivity", "start_on", "end_on"),
            progress_constraint("jointactivity"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        check_dates_in_order(self.start_on, self.end_on)


class Contact(DomainModel):
    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["partner__acronym", "-is_primary", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(is_primary=True),
                name="contact_one_primary_per_partner",
                violation_error_message=_("This partner already has a primary contact."),
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.partner.acronym})"

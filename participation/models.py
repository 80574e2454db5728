"""Who sits at a meeting's table: registration for a meeting, the delegations states (and partner organizations)
nominate with a letter of credentials, and their participants.

The answers other rooms ask, written once:

- who is invited to a meeting: `RegistrationQuerySet.inviting(country=..., partner=...)` / `Registration.invites`;
- the meeting's participating delegations: `Delegation.objects.accredited().for_meeting(meeting)` (also
  `meeting.delegations.accredited()`); "is this state accredited to this meeting": `Delegation.objects.is_accredited`;
- who acts for a delegation: `DelegationQuerySet.acting_for(user)` (the focal point's own state or organization);
- who still owes a nomination: `Registration.missing_nominations()`.
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chairmanship.choices import CicaStatus
from chairmanship.models import Country
from core.files import download_name
from core.models import DomainModel, localized
from core.permissions import NOTHING, RestrictedQuerySetMixin

from .choices import NOMINATED_STATUSES, OPEN_DELEGATION_STATUSES, DelegationStatus

# The Secretariat's time zone: deadlines are entered, printed and counted in it.
ASTANA = zoneinfo.ZoneInfo("Asia/Almaty")


class RegistrationQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def open(self, at=None):
        """Registrations still taking nominations: the deadline has not passed."""
        return self.filter(deadline__gt=at or timezone.now())

    @staticmethod
    def inviting_q(country=None, partner=None):
        """Q: the registrations that invite `country` (a Country) or `partner` (a PartnerOrganization id or row).

        Member states are invited while the registration invites the members (the default); observer states where
        the meeting admits observers; a partner organization when it is named."""
        if country is not None:
            if country.is_member:
                return Q(invite_members=True)
            return Q(invite_observers=True) if country.cica_status == CicaStatus.OBSERVER else NOTHING
        if partner is not None:
            return Q(partners=getattr(partner, "pk", partner))
        return NOTHING

    def inviting(self, country=None, partner=None):
        return self.filter(self.inviting_q(country, partner))

    def with_deadline_day(self):
        """Annotate `deadline_day`: the deadline's day in Astana time (what a reminder counts its days to)."""
        return self.annotate(deadline_day=TruncDate("deadline", tzinfo=ASTANA))

    def for_user(self, user):
        """The registrations that invite the state or organization `user` acts for as a focal point."""
        if not getattr(user, "acts_for_focal_point", False):
            return self.none()
        if user.country_id:
            return self.inviting(country=user.country)
        return self.inviting(partner=user.partner_id)


class Registration(DomainModel):
    """Registration for one meeting: who is invited, until when they nominate, and how many seats a delegation has.

    The deadline is stored as an instant; it is entered and printed in Astana time (the Secretariat's) and shown to
    each reader in their own time zone."""

    meeting = models.OneToOneField(
        "secretariat.Meeting", on_delete=models.CASCADE, related_name="registration", verbose_name=_("meeting")
    )
    deadline = models.DateTimeField(_("nominations due"), help_text=_("Astana time; shown in each reader's zone."))
    seats = models.PositiveSmallIntegerField(
        _("seats per delegation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    invite_members = models.BooleanField(_("member states invited"), default=True)
    invite_observers = models.BooleanField(_("observer states invited"), default=False)
    partners = models.ManyToManyField(
        "relations.PartnerOrganization",
        blank=True,
        related_name="registrations",
        verbose_name=_("partner organizations invited"),
    )
    participants_list = models.ForeignKey(
        "secretariat.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("list of participants"),
        help_text=_("The list of participants as last issued (its latest revision)."),
    )
    participants_list_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-deadline"]

    def __str__(self):
        return str(self.meeting)

    def is_open(self, at=None):
        return self.deadline is not None and self.deadline > (at or timezone.now())

    @property
    def list_issued(self):
        return self.participants_list_id is not None

    def invites(self, country=None, partner=None):
        """Is `country` (or `partner`) invited? (The rule of RegistrationQuerySet.inviting_q.)"""
        if self.pk is None:
            return False
        return Registration.objects.filter(pk=self.pk).inviting(country, partner).exists()

    def invited_countries(self):
        kinds = [CicaStatus.MEMBER] * self.invite_members + [CicaStatus.OBSERVER] * self.invite_observers
        return Country.objects.filter(cica_status__in=kinds)

    def missing_nominations(self):
        """The invited states that have not nominated (no delegation submitted or accredited)."""
        nominated = Delegation.objects.filter(
            meeting_id=self.meeting_id, status__in=NOMINATED_STATUSES, country__isnull=False
        ).values("country_id")
        return self.invited_countries().exclude(pk__in=nominated)


class DelegationQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def accredited(self):
        """The accredited delegations: a meeting's participating delegations."""
        return self.filter(status=DelegationStatus.ACCREDITED)

    def for_meeting(self, meeting):
        return self.filter(meeting=meeting)

    def open(self):
        """Still with the focal point: drafts and delegations returned for changes."""
        return self.filter(status__in=OPEN_DELEGATION_STATUSES)

    def nominated(self):
        return self.filter(status__in=NOMINATED_STATUSES)

    def is_accredited(self, meeting, country=None, partner=None):
        """Is the delegation of `country` (or `partner`) accredited to `meeting`?"""
        who = {"country": country} if country is not None else {"partner": partner}
        return self.accredited().for_meeting(meeting).filter(**who).exists()

    @staticmethod
    def acting_for_q(user, prefix=""):
        """Q: the rows of the state (or organization) `user` acts for as a focal point; nothing for anyone else."""
        if not getattr(user, "acts_for_focal_point", False):
            return NOTHING
        if user.country_id:
            return Q(**{f"{prefix}country_id": user.country_id})
        return Q(**{f"{prefix}partner_id": user.partner_id})

    def acting_for(self, user):
        return self.filter(self.acting_for_q(user))

    def of_state(self, user):
        """The delegations of the state `user` belongs to (coordinator or focal point) or the organization a focal
        point acts for: what "a state sees its own delegation in full" means."""
        return self.filter(self.own_q(user))

    @staticmethod
    def own_q(user, prefix=""):
        if not (user and user.is_authenticated and user.is_active):
            return NOTHING
        if user.country_id:
            return Q(**{f"{prefix}country_id": user.country_id})
        if getattr(user, "acts_for_focal_point", False):
            return Q(**{f"{prefix}partner_id": user.partner_id})
        return NOTHING

    def listed(self):
        """The delegations on their meeting's issued list of participants: what everyone may read of them. One
        accredited after the list was issued waits for the revision that names it."""
        return self.filter(on_issued_list=True)

    def in_list_order(self, language="en"):
        """States in the order of their names in `language`, then partner organizations in theirs (a name not
        given in Russian is read in English)."""

        def name_in(relation):
            if language != "ru":
                return models.F(f"{relation}__name")
            return Coalesce(NullIf(f"{relation}__name_ru", models.Value("")), f"{relation}__name")

        states_first = models.Case(models.When(country__isnull=False, then=0), default=1)
        return self.order_by(states_first, name_in("country"), name_in("partner"), "pk")


class Delegation(DomainModel):
    """A state's (or a partner organization's) delegation to one meeting, with its letter of credentials.

    A focal point drafts and submits it until the nomination deadline; the Secretariat accredits it or returns it
    with a note (participation.workflows)."""

    meeting = models.ForeignKey(
        "secretariat.Meeting", on_delete=models.CASCADE, related_name="delegations", verbose_name=_("meeting")
    )
    country = models.ForeignKey(
        "chairmanship.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("state"),
    )
    partner = models.ForeignKey(
        "relations.PartnerOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("partner organization"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DelegationStatus.choices, default=DelegationStatus.DRAFT, db_index=True
    )
    credentials = models.FileField(
        _("letter of credentials"), upload_to="participation/credentials/%Y/", blank=True, help_text=_("A PDF.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations_submitted",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations_reviewed",
        verbose_name=_("reviewed by"),
    )
    return_note = models.TextField(_("Secretariat note"), blank=True)
    on_issued_list = models.BooleanField(
        _("on the issued list of participants"),
        default=False,
        editable=False,
        help_text=_("Set when the list of participants is issued: accredited then, and so named on it."),
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["meeting_id", "country__name", "partner__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False) ^ Q(partner__isnull=False),
                name="delegation_of_one_state_or_organization",
                violation_error_message=_("A delegation comes from one state or one partner organization."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "country"],
                name="delegation_one_per_state",
                violation_error_message=_("This state already has a delegation to this meeting."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "partner"],
                name="delegation_one_per_organization",
                violation_error_message=_("This organization already has a delegation to this meeting."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_note=""),
                name="delegation_returned_says_why",
                violation_error_message=_("Say why the delegation is returned."),
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "status"], name="delegation_meeting_status"),
            models.Index(fields=["updated", "id"], name="delegation_changed"),
        ]

    def __str__(self):
        return f"{self.sender} – {self.meeting}"

    @property
    def sender(self):
        """The state or organization the delegation comes from."""
        return self.country if self.country_id else self.partner

    @property
    def sender_name(self):
        sender = self.sender
        return sender.localized_name if sender is not None else ""

    @property
    def is_open(self):
        return self.status in OPEN_DELEGATION_STATUSES

    @property
    def is_accredited(self):
        return self.status == DelegationStatus.ACCREDITED

    @property
    def registration(self):
        return Registration.objects.filter(meeting_id=self.meeting_id).first()

    @property
    def download_name(self):
        return download_name(f"credentials-{self.sender_name}", self.credentials)

    def clean(self):
        if (self.country_id is None) == (self.partner_id is None):
            raise ValidationError({"country": _("A delegation comes from one state or one partner organization.")})
        if self.status == DelegationStatus.RETURNED and not self.return_note.strip():
            raise ValidationError({"return_note": _("Say why the delegation is returned.")})
        if self._state.adding and self.meeting_id:
            registration = self.registration
            if registration is None:
                raise ValidationError({"meeting": _("Registration for this meeting is not open.")})
            if not registration.invites(self.country if self.country_id else None, self.partner_id):
                field = "country" if self.country_id else "partner"
                raise ValidationError({field: _("%(who)s is not invited to this meeting.") % {"who": self.sender}})

    def check_nominable(self, at=None):
        """Refuse (ValidationError) changes by a focal point once the nomination deadline has passed."""
        registration = self.registration
        if registration is not None and not registration.is_open(at):
            raise ValidationError(
                _("Nominations for this meeting closed on %(deadline)s (Astana time).")
                % {"deadline": date_format(timezone.localtime(registration.deadline, ASTANA), "DATETIME_FORMAT")}
            )

    def completeness_errors(self):
        """What a delegation lacks before it can be submitted: {field: message}."""
        errors = {}
        participants = list(self.participants.all())
        heads = sum(1 for p in participants if p.is_head)
        if not participants:
            errors["participants"] = _("Name the members of the delegation.")
        elif heads != 1:
            errors["participants"] = _("Name exactly one head of delegation.")
        registration = self.registration
        if registration and registration.seats and len(participants) > registration.seats:
            errors["participants"] = _("A delegation has at most %(seats)d seats.") % {"seats": registration.seats}
        if not self.credentials:
            errors["credentials"] = _("Attach the letter of credentials (PDF).")
        return errors


class ParticipantQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def heads_first(self):
        return self.order_by("delegation_id", "-is_head", "position", "pk")


class Participant(DomainModel):
    """A member of a delegation: head of delegation, member or adviser."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="participants", verbose_name=_("delegation")
    )
    name = models.CharField(_("name (Latin script)"), max_length=200)
    name_cyrillic = models.CharField(_("name (Cyrillic)"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("H.E. Mr., Ms., Dr. ..."))
    function = models.CharField(_("function"), max_length=300, blank=True)
    function_ru = models.CharField(_("function (Russian)"), max_length=300, blank=True)
    is_head = models.BooleanField(_("head of delegation"), default=False)
    email = models.EmailField(_("email"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["delegation_id", "-is_head", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(is_head=True),
                name="participant_one_head_per_delegation",
                violation_error_message=_("A delegation has one head of delegation."),
            )
        ]

    # Set by a form that writes a delegation's participants together (the admin's): it checks the head and the seats
    # across its rows, so one save may hand the head from one participant to another.
    checked_with_its_delegation = False

    def __str__(self):
        return self.name

    def clean(self):
        if not self.delegation_id or self.checked_with_its_delegation:
            return
        others = Participant.objects.filter(delegation_id=self.delegation_id).exclude(pk=self.pk)
        if self.is_head and others.filter(is_head=True).exists():
            raise ValidationError({"is_head": _("This delegation already has a head of delegation.")})
        registration = self.delegation.registration
        if self._state.adding and registration and registration.seats and others.count() >= registration.seats:
            raise ValidationError(
                _("A delegation has at most %(seats)d seats; this one is full.") % {"seats": registration.seats}
            )

    @property
    def localized_name(self):
        """The name in Cyrillic when Russian is active and it is given, else in Latin script."""
        if (get_language() or "en").startswith("ru") and self.name_cyrillic:
            return self.name_cyrillic
        return self.name

    @property
    def localized_function(self):
        return localized(self, "function")

    @property
    def title_language(self):
        """The language a title is written in, for screen readers: Russian if it has Cyrillic letters."""
        return "ru" if any("\u0400" <= letter <= "\u04ff" for letter in self.title) else "en"

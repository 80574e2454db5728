"""Lists of speakers and statements: for an agenda item of a meeting, the states that asked for the floor, in the
order staff call them, and the statements they submit afterwards.

    SpeakersList  one per agenda item; open for inscription, then closed (and reopened) by staff
    Inscription   a state on a list (once per list), with its place; staff mark whether it spoke
    Statement     a file a state that spoke on the item submits, in a language of its choice; staff publish it

Who may inscribe is one question, `may_inscribe(meeting, country)`: a state with an accredited delegation at the
meeting. Every door asks it through `Inscription.clean()`.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import download_name
from core.models import DomainModel
from core.permissions import RestrictedQuerySetMixin
from participation.models import Delegation
from secretariat.models import AgendaItem

from .choices import RANK_ORDER, STATEMENT_LANGUAGES, InscriptionStatus, ListStatus, SpeakerRank, StatementStatus


def may_inscribe(meeting, country):
    """May `country` (a Country or its id) inscribe on the lists of speakers of `meeting`? Only a state whose
    delegation to the meeting is accredited (participation.models.DelegationQuerySet.is_accredited)."""
    return Delegation.objects.is_accredited(meeting, country=getattr(country, "pk", country))


class SpeakersListQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def open(self):
        return self.filter(status=ListStatus.OPEN)


class SpeakersList(DomainModel):
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="speakers_list", verbose_name=_("agenda item")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ListStatus.choices, default=ListStatus.OPEN, db_index=True
    )
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("When staff mean to close the list (shown to delegations).")
    )

    objects = SpeakersListQuerySet.as_manager()

    class Meta:
        verbose_name = _("list of speakers")
        verbose_name_plural = _("lists of speakers")
        ordering = ["-agenda_item_id"]  # the newest meetings' items first (the unique index serves it)

    def __str__(self):
        item = self.agenda_item
        return f"{item.meeting.body.code} {item.meeting.number}, {item}"

    @property
    def meeting(self):
        return self.agenda_item.meeting

    @property
    def is_open(self):
        return self.status == ListStatus.OPEN

    def speakers(self):
        """The inscriptions in the order the floor is given."""
        return self.inscriptions.select_related("country").order_by("position", "created", "pk")

    def next_position(self):
        return (self.inscriptions.aggregate(last=Max("position"))["last"] or 0) + 1

    def inscription_refusal(self, country, exclude=None):
        """Why `country` (a Country) may not inscribe on this list now, as the ValidationError every door shows, or
        None when it may: the list must be open, the state not inscribed yet (`exclude`: an inscription's own id)
        and its delegation to the meeting accredited (`may_inscribe`). Asked by Inscription.clean() and by the page
        that offers the form."""
        if not self.is_open:
            return ValidationError(
                {"speakers_list": _("The list of speakers is closed: no more inscriptions are taken.")}, code="closed"
            )
        if self.inscriptions.filter(country_id=country.pk).exclude(pk=exclude).exists():
            return ValidationError(
                {"country": _("%(state)s is already inscribed on this list of speakers.") % {"state": country}},
                code="duplicate",
            )
        if not may_inscribe(self.meeting, country.pk):
            return ValidationError(
                {
                    "country": _("%(state)s has no accredited delegation at this meeting and cannot inscribe.")
                    % {"state": country}
                },
                code="not_accredited",
            )
        return None

    def statement_refusal(self, country):
        """Why `country` may not submit a statement on this item, or None: only a state that spoke on it may."""
        if self.inscriptions.spoke().filter(country_id=country.pk).exists():
            return None
        return ValidationError(
            {
                "speakers_list": _(
                    "%(state)s did not speak on this agenda item: only a state that took the floor submits a "
                    "statement on it."
                )
                % {"state": country}
            },
            code="did_not_speak",
        )

    def place_of(self, country):
        """`country`'s place on the list (1 = first to speak), or None when it is not inscribed."""
        for place, inscription in enumerate(self.speakers(), start=1):
            if inscription.country_id == getattr(country, "pk", country):
                return place
        return None


class InscriptionQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def spoke(self):
        return self.filter(status=InscriptionStatus.SPOKE)


class Inscription(DomainModel):
    speakers_list = models.ForeignKey(
        SpeakersList, on_delete=models.CASCADE, related_name="inscriptions", verbose_name=_("list of speakers")
    )
    country = models.ForeignKey(
        "chairmanship.Country",
        on_delete=models.PROTECT,
        related_name="inscriptions",
        verbose_name=pgettext_lazy("speakers", "state"),
    )
    position = models.PositiveIntegerField(
        pgettext_lazy("speakers", "place"),
        default=0,
        help_text=_("The order in which the floor is given (staff reorder the list)."),
    )
    speaker = models.CharField(
        pgettext_lazy("speakers", "speaker"), max_length=200, blank=True, help_text=_("Name and title, if known.")
    )
    rank = models.CharField(
        _("speaks as"), max_length=20, choices=SpeakerRank.choices, default=SpeakerRank.HEAD_OF_DELEGATION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InscriptionStatus.choices, default=InscriptionStatus.INSCRIBED
    )
    inscribed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("inscribed by"),
    )

    objects = InscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["speakers_list_id", "position", "created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["speakers_list", "country"],
                name="inscription_once_per_list",
                violation_error_message=_("This state is already inscribed on this list of speakers."),
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.country}"

    def clean(self):
        if self.speakers_list_id is None or self.country_id is None or not self._state.adding:
            return
        refusal = self.speakers_list.inscription_refusal(self.country, exclude=self.pk)
        if refusal is not None:
            raise refusal

    def save(self, *args, **kwargs):
        if not (self._state.adding and self.speakers_list_id):
            return super().save(*args, **kwargs)
        with transaction.atomic():
            # Under the list's row lock (the one a step on the list takes): two states inscribing at once get places
            # one after the other, and a list closed meanwhile refuses (clean() reads the list as locked).
            self.speakers_list = SpeakersList.objects.select_for_update().get(pk=self.speakers_list_id)
            if not self.position:
                self.position = self.speakers_list.next_position()
            return super().save(*args, **kwargs)

    @property
    def rank_order(self):
        """0 for a head of state or government, then ministers, heads of delegation, delegates (the protocol)."""
        return RANK_ORDER.index(self.rank)


class StatementQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def published(self):
        return self.filter(status=StatementStatus.PUBLISHED)


class Statement(DomainModel):
    speakers_list = models.ForeignKey(
        SpeakersList, on_delete=models.CASCADE, related_name="statements", verbose_name=_("list of speakers")
    )
    country = models.ForeignKey(
        "chairmanship.Country",
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name=pgettext_lazy("speakers", "state"),
    )
    language = models.CharField(
        _("language of the statement"), max_length=10, choices=STATEMENT_LANGUAGES, default="en"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="speakers/statements/%Y/")
    status = models.CharField(
        _("status"), max_length=20, choices=StatementStatus.choices, default=StatementStatus.SUBMITTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=pgettext_lazy("speakers", "submitted by"),
    )
    published_at = models.DateTimeField(pgettext_lazy("speakers", "published"), null=True, blank=True, editable=False)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("speakers", "statement")
        verbose_name_plural = pgettext_lazy("speakers", "statements")
        ordering = ["speakers_list_id", "country_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["speakers_list", "country", "language"],
                name="statement_once_per_language",
                violation_error_message=_("This state already has a statement on this item in that language."),
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(published_at__isnull=False),
                name="statement_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.country} — {self.speakers_list.agenda_item} [{self.language}]"

    @property
    def download_name(self):
        item = self.speakers_list.agenda_item
        return download_name(
            f"statement-{item.meeting.body.code}-{item.meeting.number}-{item.number}-"
            f"{self.country.iso2}-{self.language}",
            self.file,
        )

    def clean(self):
        if self.speakers_list_id is None or self.country_id is None:
            return
        same = Statement.objects.filter(
            speakers_list_id=self.speakers_list_id, country_id=self.country_id, language=self.language
        )
        if same.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"language": _("This state already has a statement on this item in that language.")}, code="duplicate"
            )
        refusal = self.speakers_list.statement_refusal(self.country)
        if refusal is not None:
            raise refusal

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chairmanship.models import Chairmanship
from core.files import download_name
from core.indexes import trigram_indexes
from core.models import (
    BilingualDescriptionMixin,
    BilingualNameMixin,
    BilingualTitleMixin,
    DomainModel,
    check_dates_in_order,
    dates_in_order_constraint,
    localized,
    progress_constraint,
    progress_field,
)
from core.permissions import RestrictedQuerySetMixin
from measures.models import Measure

from .choices import (
    OPEN_DECISION_STATUSES,
    REVISION_SUFFIXES,
    UPCOMING_MEETING_STATUSES,
    AgendaItemStatus,
    ContributionKind,
    DecisionStatus,
    Distribution,
    DocumentKind,
    DocumentStatus,
    Language,
    MeetingStatus,
    ResponsibleParty,
    RevisionKind,
    StaffArea,
    StaffCategory,
)


class MeetingBody(BilingualNameMixin, DomainModel):
    """A CICA body or forum that meets: SWG, CSO, CFM, Summit and the other fora of the Concept."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    aliases = models.CharField(_("also called"), max_length=200, blank=True)
    cycle = models.CharField(_("cycle"), max_length=300, blank=True)
    level = models.PositiveSmallIntegerField(
        _("level in the meeting cycle"), default=0, help_text=_("SWG 1, CSO 2, CFM 3, Summit 4; 0 for other fora.")
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporting_bodies",
        verbose_name=_("reports to"),
    )

    class Meta:
        verbose_name = _("meeting body")
        verbose_name_plural = _("meeting bodies")
        ordering = ["-level", "name"]
        verbose_name_plural = _("meeting bodies")

    def __str__(self):
        return self.code

    @property
    def is_in_meeting_cycle(self):
        return self.level > 0


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, on=None):
        """Meetings still to be held or being held, from day `on` (today) on."""
        return self.filter(status__in=UPCOMING_MEETING_STATUSES, end_on__gte=on or timezone.localdate())

    def with_decision_count(self):
        """Annotate `decision_count`, counted per meeting shown (a subquery), not by grouping every meeting: a page
        of meetings then reads through the ordering's index."""
        decisions = (
            Decision.objects.filter(meeting=models.OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(decision_count=Coalesce(models.Subquery(decisions), 0))

    def with_participating(self):
        """Prefetch each meeting's participating (accredited) delegations as `participating`, their states and
        organizations joined: what the meeting pages, the API, the printouts and the reminders read."""
        delegation = self.model._meta.get_field("delegations").related_model
        delegations = delegation.objects.accredited().select_related("country", "partner")
        return self.prefetch_related(models.Prefetch("delegations", queryset=delegations, to_attr="participating"))


class Meeting(DomainModel):
    body = models.ForeignKey(MeetingBody, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    number = models.PositiveSmallIntegerField(_("sequence number"), validators=[MinValueValidator(1)])
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"))
    venue = models.CharField(_("venue (English)"), max_length=200, blank=True)
    venue_ru = models.CharField(_("venue (Russian)"), max_length=200, blank=True)
    host_country = models.ForeignKey(
        "chairmanship.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host country"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    document_deadline = models.DateField(
        _("documents due"), null=True, blank=True, help_text=_("Last day to submit documents for this meeting.")
    )
    outcome = models.TextField(_("outcome"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start_on", "body_id"]  # the body's id, not its ordering (a join): an index serves it
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="meeting_unique_number_per_body"),
            dates_in_order_constraint("meeting", "start_on", "end_on"),
            models.CheckConstraint(
                condition=Q(document_deadline__isnull=True) | Q(document_deadline__lte=models.F("start_on")),
                name="meeting_documents_due_before_start",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "start_on"]),
            models.Index(fields=["-start_on", "body"], name="meeting_ordering"),
            models.Index(fields=["end_on"], name="meeting_end"),  # the meetings to come
            # The meetings to come, the nearest first (the dashboard, the meetings page's first part).
            models.Index(
                fields=["start_on", "body"], condition=Q(status__in=UPCOMING_MEETING_STATUSES), name="meeting_upcoming"
            ),
            models.Index(fields=["updated", "id"], name="meeting_changed"),
            *trigram_indexes("meeting", "venue", "outcome"),
        ]

    def __str__(self):
        return f"{self.body.code} {self.number} ({self.start_on:%Y-%m-%d})"

    @property
    def localized_venue(self):
        return localized(self, "venue")

    def participating_delegations(self):
        """The participating delegations: the accredited ones (participation.models.DelegationQuerySet.accredited,
        through the `delegations` relation participation's Delegation declares, so this floor imports nothing of
        the floor above). Prefetched by MeetingQuerySet.with_participating."""
        if hasattr(self, "participating"):
            return self.participating
        return list(self.delegations.accredited().select_related("country", "partner"))

    def participating_countries(self):
        """The states of the participating delegations, by name."""
        return sorted((d.country for d in self.participating_delegations() if d.country_id), key=lambda c: c.name)

    def clean(self):
        check_dates_in_order(self.start_on, self.end_on)
        if self.document_deadline and self.start_on and self.document_deadline > self.start_on:
            raise ValidationError({"document_deadline": _("Documents must be due before the meeting starts.")})

    @property
    def next_of_same_body(self):
        return (
            Meeting.objects.filter(body_id=self.body_id, start_on__gt=self.start_on)
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("start_on")
            .first()
        )

    def pending_decisions(self):
        """Decisions of earlier meetings of this body that are still open: they carry forward to this one."""
        return Decision.objects.open().filter(meeting__body_id=self.body_id, meeting__start_on__lt=self.start_on)

    def referred_in(self):
        """The matters referred to this meeting from lower bodies of the cycle."""
        return self.decisions.filter(referred_from__isnull=False)

    def next_agenda_number(self):
        """The number the next item of this meeting's agenda takes (lock the meeting's row first when several
        writers may add items at once)."""
        return (self.agenda_items.aggregate(last=models.Max("number"))["last"] or 0) + 1

    @property
    def symbol_series(self):
        """The meeting's own symbol series, e.g. CICA/SWG/2026/3 (its information documents are .../INF.n)."""
        return f"CICA/{self.body.code.upper()}/{self.start_on.year}/{self.number}"

    def next_decision_number(self):
        """The number the next decision of this meeting takes (under the meeting's row lock, as above)."""
        return (self.decisions.aggregate(last=models.Max("number"))["last"] or 0) + 1


class AgendaItem(BilingualTitleMixin, BilingualDescriptionMixin, DomainModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("item"), validators=[MinValueValidator(1)])
    is_procedural = models.BooleanField(
        _("procedural"),
        default=False,
        help_text=_("Opening, adoption of the agenda, closing and the like: never carried to the next meeting."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgendaItemStatus.choices, default=AgendaItemStatus.OPEN
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text=_("The unfinished item of an earlier meeting this one continues."),
        verbose_name=_("carried from"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "number"]  # the unique (meeting, number) index serves it; no join
        indexes = trigram_indexes("agendaitem", "title", "title_ru", "description")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agendaitem_unique_number"),
            models.UniqueConstraint(fields=["meeting", "carried_from"], name="agendaitem_carried_once"),
        ]

    def __str__(self):
        return f"{self.number}. {self.localized_title}"


SERIES_SYMBOL = re.compile(r"^(?P<prefix>CICA/[A-Z0-9-]+/\d{4})/(?P<number>\d+)$")


class DocumentSymbolSequence(models.Model):
    """The last number given under a symbol prefix such as CICA/SWG/2021; a row lock keeps numbers unique."""

    prefix = models.CharField(max_length=60, unique=True, verbose_name=_("prefix"))
    last_number = models.PositiveIntegerField(default=0, verbose_name=_("last number"))

    class Meta:
        verbose_name = _("document symbol sequence")
        verbose_name_plural = _("document symbol sequences")

    def __str__(self):
        return f"{self.prefix}/{self.last_number}"

    @classmethod
    def _locked(cls, prefix):
        cls.objects.get_or_create(prefix=prefix)
        return cls.objects.select_for_update().get(prefix=prefix)

    @classmethod
    def allocate(cls, prefix, separator="/"):
        """The next free symbol of the series (a hand-typed symbol already using a number is stepped over). A
        meeting's information series numbers with a dot: `allocate("CICA/SWG/2026/3/INF", ".")` gives
        CICA/SWG/2026/3/INF.1."""
        with transaction.atomic():
            sequence = cls._locked(prefix)
            number = sequence.last_number + 1
            while Document.objects.filter(symbol=f"{prefix}{separator}{number}").exists():
                number += 1
            sequence.last_number = number
            sequence.save(update_fields=["last_number"])
            return f"{prefix}{separator}{number}"

    @classmethod
    def claim(cls, symbol):
        """A hand-typed symbol of a series moves the series past its number, so the rule never collides with it."""
        match = SERIES_SYMBOL.match(symbol or "")
        if match is None:
            return
        with transaction.atomic():
            sequence = cls._locked(match["prefix"])
            if int(match["number"]) > sequence.last_number:
                sequence.last_number = int(match["number"])
                sequence.save(update_fields=["last_number"])


class DocumentQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def current(self):
        return self.filter(status=DocumentStatus.CURRENT)


class Document(BilingualTitleMixin, DomainModel):
    """An official document, with one symbol for all of its language versions, and its revisions.

    Symbol rule: CICA/<body code>/<year>/<n> for a meeting's documents (e.g. CICA/SWG/2021/3), otherwise
    CICA/CBM/<year>/<n> for a measure, CICA/MOU/<year>/<n> for an agreement, CICA/LEGAL/<year>/<n> for a legal
    instrument and CICA/GEN/<year>/<n> for the rest; n counts up within each prefix, the year is the issue date's.
    A revision, corrigendum or addendum is a document of its own, linked to the original and named after it as the
    UN and the OSCE do: CICA/SWG/2021/3/Rev.1, .../Corr.1, .../Add.1. A revision supersedes the text before it;
    corrigenda and addenda stand beside it.
    """

    symbol = models.CharField(
        _("symbol"), max_length=80, unique=True, blank=True, help_text=_("Left empty, it is given by the rule.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    distribution = models.CharField(
        _("distribution"),
        max_length=20,
        choices=Distribution.choices,
        default=Distribution.MEMBER_STATES,
        db_index=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.CURRENT, db_index=True
    )
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        help_text=_("For a revision, corrigendum or addendum: the original document it belongs to."),
        verbose_name=_("original document"),
    )
    revision_kind = models.CharField(
        _("revision kind"), max_length=20, choices=RevisionKind.choices, default=RevisionKind.ORIGINAL
    )
    revision_number = models.PositiveSmallIntegerField(_("revision number"), default=0)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("meeting")
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("measure"),
    )
    agreement = models.ForeignKey(
        "relations.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agreement"),
    )
    instrument = models.ForeignKey(
        "chairmanship.LegalInstrument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("instrument"),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-issued_on", "symbol"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=True, measure__isnull=True, agreement__isnull=True)
                    | Q(meeting__isnull=True, measure__isnull=True, instrument__isnull=True)
                    | Q(meeting__isnull=True, agreement__isnull=True, instrument__isnull=True)
                    | Q(measure__isnull=True, agreement__isnull=True, instrument__isnull=True)
                ),
                name="document_attached_to_at_most_one",
                violation_error_message=_("Attach a document to one meeting, measure, agreement or instrument."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(revision_kind="original", original__isnull=True, revision_number=0)
                    | (~Q(revision_kind="original") & Q(original__isnull=False, revision_number__gte=1))
                ),
                name="document_revision_belongs_to_an_original",
                violation_error_message=_("A revision, corrigendum or addendum belongs to an original document."),
            ),
            models.UniqueConstraint(
                fields=["original", "revision_kind", "revision_number"],
                name="document_revision_numbered_once",
                violation_error_message=_("The original already has a revision of that kind and number."),
            ),
        ]
        indexes = [
            models.Index(fields=["-issued_on", "symbol"], name="document_ordering"),
            models.Index(fields=["updated", "id"], name="document_changed"),
            *trigram_indexes("document", "symbol", "title", "title_ru"),
        ]

    def __str__(self):
        return f"{self.symbol} {self.localized_title}"

    def clean(self):
        attachments = [self.meeting_id, self.measure_id, self.agreement_id, self.instrument_id]
        if sum(1 for a in attachments if a) > 1:
            raise ValidationError(_("Attach a document to one meeting, measure, agreement or instrument."))
        if self.original_id and self.original.original_id:
            raise ValidationError({"original": _("Link a revision to the original document, not to a revision.")})

    @property
    def is_current(self):
        return self.status == DocumentStatus.CURRENT

    @property
    def is_original(self):
        return self.revision_kind == RevisionKind.ORIGINAL

    def family(self):
        """The original and all its revisions, corrigenda and addenda, in the order they were issued."""
        root = self.original_id or self.pk
        return Document.objects.filter(Q(pk=root) | Q(original_id=root)).order_by("issued_on", "pk")

    @property
    def symbol_prefix(self):
        year = (self.issued_on or timezone.localdate()).year
        if self.meeting_id:
            area = self.meeting.body.code.upper()
        elif self.measure_id:
            area = "CBM"
        elif self.agreement_id:
            area = "MOU"
        elif self.instrument_id:
            area = "LEGAL"
        else:
            area = "GEN"
        return f"CICA/{area}/{year}"

    def revision_symbol(self):
        return f"{self.original.symbol}/{REVISION_SUFFIXES[self.revision_kind]}.{self.revision_number}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if not self.symbol:
                if self.original_id:
                    self.symbol = self.revision_symbol()
                else:
                    self.symbol = DocumentSymbolSequence.allocate(self.symbol_prefix)
            elif self._state.adding:
                DocumentSymbolSequence.claim(self.symbol)
            super().save(*args, **kwargs)


class DocumentLanguageVersion(DomainModel):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="language_versions", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    title = models.CharField(_("title in this language"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to="secretariat/documents/%Y/")

    class Meta:
        verbose_name = _("document language version")
        verbose_name_plural = _("document language versions")
        ordering = ["document_id", "language"]  # the document's id, not its ordering: no join
        indexes = trigram_indexes("docversion", "title")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="document_one_version_per_language",
                violation_error_message=_("This document already has a version in that language."),
            )
        ]

    def __str__(self):
        return f"{self.document.symbol} [{self.language}]"

    @property
    def download_name(self):
        return download_name(f"{self.document.symbol}-{self.language}", self.file)


class DecisionQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_DECISION_STATUSES)

    def overdue(self, on=None):
        return self.open().filter(deadline__lt=on or timezone.localdate())

    @staticmethod
    def assigned_q(country, on=None):
        """Q: the decisions `country` (a Country or its id) must implement on day `on` (today). The one rule, asked
        by the permissions, the workflow, the dashboard, the reminders, the printouts and the roll-ups:

        - addressed to a member state: the state named;
        - addressed to the coordinators of a measure: the states coordinating that measure on the day;
        - addressed to the Chair: the state holding the chairmanship on the day.

        Decisions addressed to the Secretariat or to all member states are the Secretariat's to follow up: every
        state implements them, but nobody can report one state's progress as the decision's, so none is assigned.
        """
        day = on or timezone.localdate()
        coordinated = Measure.objects.coordinated_by(country, day)
        chairing = Chairmanship.objects.holding(day).filter(country=country)
        return (
            Q(responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=country)
            | Q(responsible_party=ResponsibleParty.COORDINATORS, measure__in=coordinated)
            | Q(models.Exists(chairing), responsible_party=ResponsibleParty.CHAIR)
        )

    def assigned_to(self, country, on=None):
        """The decisions `country` must implement on `on` (see assigned_q)."""
        return self.filter(self.assigned_q(country, on))

    def assignees(self, countries, on=None):
        """{decision id: {country ids}}: which of `countries` must implement each of these decisions (the same rule,
        one query: a UNION of one part per country)."""
        parts = [
            self.assigned_to(country, on).order_by().annotate(assignee=Value(getattr(country, "pk", country)))
            for country in countries
        ]
        if not parts:
            return {}
        pairs = parts[0].values_list("pk", "assignee")
        if len(parts) > 1:
            pairs = pairs.union(*(part.values_list("pk", "assignee") for part in parts[1:]), all=True)
        found = {}
        for decision_id, country_id in pairs:
            found.setdefault(decision_id, set()).add(country_id)
        return found


class Decision(BilingualTitleMixin, DomainModel):
    """What a meeting agreed, who implements it, by when, and the work in lower bodies that led to it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    text = models.TextField(_("text (English)"))
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    responsible_party = models.CharField(
        _("responsible party"), max_length=20, choices=ResponsibleParty.choices, default=ResponsibleParty.SECRETARIAT
    )
    responsible_country = models.ForeignKey(
        "chairmanship.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions_assigned",
        verbose_name=_("responsible country"),
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("measure"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN, db_index=True
    )
    progress = progress_field()
    referred_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_to",
        help_text=_("The decision or recommendation of a lower body that this one takes up."),
        verbose_name=_("referred from"),
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting__start_on", "number"]
        indexes = [
            models.Index(fields=["updated", "id"], name="decision_changed"),  # keyset pages (core.api.pagination)
            # Open decisions by deadline, of a country or of a measure's coordinators: the dashboards and reminders.
            models.Index(
                fields=["responsible_country", "deadline"],
                condition=Q(status__in=OPEN_DECISION_STATUSES),
                name="decision_open_country",
            ),
            models.Index(
                fields=["measure", "deadline"],
                condition=Q(status__in=OPEN_DECISION_STATUSES),
                name="decision_open_measure",
            ),
            models.Index(
                fields=["deadline", "id"], condition=Q(status__in=OPEN_DECISION_STATUSES), name="decision_open"
            ),
            *trigram_indexes("decision", "title", "title_ru", "text"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_unique_number"),
            progress_constraint("decision"),
            models.CheckConstraint(
                condition=~Q(responsible_party="member_state") | Q(responsible_country__isnull=False),
                name="decision_member_state_named",
                violation_error_message=_("Name the member state responsible."),
            ),
            models.CheckConstraint(
                condition=~Q(responsible_party="coordinators") | Q(measure__isnull=False),
                name="decision_coordinators_measure_named",
                violation_error_message=_("Name the measure whose coordinators are responsible."),
            ),
            models.CheckConstraint(
                condition=~Q(status="implemented") | Q(progress=100),
                name="decision_implemented_is_100",
                violation_error_message=_("An implemented decision is 100%% done."),
            ),
        ]

    def __str__(self):
        return f"{self.meeting.body.code} {self.meeting.number}/{self.number}: {self.localized_title}"

    def clean(self):
        if self.responsible_party == ResponsibleParty.MEMBER_STATE and not self.responsible_country_id:
            raise ValidationError({"responsible_country": _("Name the member state responsible.")})
        if self.responsible_party == ResponsibleParty.COORDINATORS and not self.measure_id:
            raise ValidationError({"measure": _("Name the measure whose coordinators are responsible.")})
        if self.responsible_country_id and not self.responsible_country.is_member:
            raise ValidationError({"responsible_country": _("Only a member state can be responsible.")})
        if self.status == DecisionStatus.IMPLEMENTED and self.progress != 100:
            # xgettext:no-python-format
            raise ValidationError({"progress": _("An implemented decision is 100% done.")})
        if self.agenda_item_id and self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("The agenda item belongs to another meeting.")})
        if self.referred_from_id:
            source = self.referred_from
            if source.pk == self.pk:
                raise ValidationError({"referred_from": _("A decision cannot be referred from itself.")})
            if self.meeting_id and source.meeting.start_on > self.meeting.start_on:
                raise ValidationError({"referred_from": _("A matter is referred from an earlier meeting.")})
            if self.meeting_id and source.meeting.body.level >= self.meeting.body.level > 0:
                raise ValidationError({"referred_from": _("A matter travels up: refer it from a lower body.")})

    @property
    def is_open(self):
        return self.status in OPEN_DECISION_STATUSES

    def is_assigned_to(self, country, on=None):
        """Must `country` implement this decision on `on` (see DecisionQuerySet.assigned_q)?"""
        return Decision.objects.filter(pk=self.pk).assigned_to(country, on).exists()

    @property
    def localized_text(self):
        return localized(self, "text")

    @property
    def label(self):
        """Its body, meeting and number with its title in the active language: "SWG 3/2: Rules of the Fund"."""
        return f"{self.meeting.body.code} {self.meeting.number}/{self.number}: {self.localized_title}"

    def referral_targets(self):
        """Meetings this decision may be referred to: later, not yet concluded meetings of a higher body."""
        body = self.meeting.body
        return (
            Meeting.objects.upcoming(self.meeting.start_on)
            .filter(body__level__gt=body.level, start_on__gte=self.meeting.start_on)
            .select_related("body")
            .order_by("start_on", "body__level")
        )

    def next_referral_meeting(self):
        """The next meeting of the body this one reports to (SWG -> CSO -> CFM -> Summit), if one is planned."""
        body = self.meeting.body
        targets = self.referral_targets()
        if body.reports_to_id:
            return targets.filter(body_id=body.reports_to_id).first()
        return targets.filter(body__level=body.level + 1).first()

    @property
    def is_overdue(self):
        return self.is_open and self.deadline is not None and self.deadline < timezone.localdate()

    def lineage(self):
        """The matter's path through the cycle: the decisions this one was referred from (lowest body first), this
        one, and the decisions it was referred on to (one query per step; a chain is a few bodies long)."""
        chain, seen, current = [self], {self.pk}, self
        while current.referred_from_id and current.referred_from_id not in seen:
            current = Decision.objects.select_related("meeting__body").get(pk=current.referred_from_id)
            seen.add(current.pk)
            chain.append(current)
        chain.reverse()
        current = self
        while True:
            following = current.referred_to.select_related("meeting__body").exclude(pk__in=seen).order_by("pk").first()
            if following is None:
                return chain
            seen.add(following.pk)
            chain.append(following)
            current = following


class StaffPosition(DomainModel):
    title = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=StaffCategory.choices)
    area = models.CharField(_("area"), max_length=30, choices=StaffArea.choices, default=StaffArea.GENERAL)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("staff position")
        verbose_name_plural = _("staff positions")
        ordering = ["category", "title"]
        constraints = [models.UniqueConstraint(fields=["title"], name="staffposition_unique_title")]

    def __str__(self):
        return self.title


# How the Secretariat's staff are counted (Concept 2.5): by sub-region of Asia, category, area and nationality.
STAFF_GROUPINGS = {
    "subregion": "nationality__subregion",
    "category": "position__category",
    "area": "position__area",
    "nationality": "nationality__iso2",
}


class StaffMemberQuerySet(models.QuerySet):
    def serving(self, on=None):
        day = on or timezone.localdate()
        return self.filter(contract_start__lte=day).filter(Q(contract_end__isnull=True) | Q(contract_end__gte=day))

    def representation_by_subregion(self):
        """Serving staff counted per sub-region of their nationality, in one query."""
        return (
            self.values("nationality__subregion").annotate(staff=models.Count("id")).order_by("nationality__subregion")
        )

    def counted_by(self, grouping):
        """Staff counted per value of `grouping` (a key of STAFF_GROUPINGS), in one query: rows of `key`, `staff`
        (and the country's names when grouped by nationality)."""
        field = STAFF_GROUPINGS[grouping]
        extra = ("nationality__name", "nationality__name_ru") if grouping == "nationality" else ()
        rows = self.order_by().values(field, *extra).annotate(key=models.F(field), staff=models.Count("id"))
        return rows.values("key", "staff", *extra).order_by(field)


class StaffMember(DomainModel):
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.ForeignKey(
        StaffPosition, on_delete=models.PROTECT, related_name="members", verbose_name=_("position")
    )
    nationality = models.ForeignKey(
        "chairmanship.Country", on_delete=models.PROTECT, related_name="staff_members", verbose_name=_("nationality")
    )
    contract_start = models.DateField(_("contract start"))
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["position__category", "full_name"]
        constraints = [dates_in_order_constraint("staffmember", "contract_start", "contract_end")]

    def __str__(self):
        return f"{self.full_name} ({self.position})"

    def clean(self):
        check_dates_in_order(self.contract_start, self.contract_end, "contract_end")
        if self.nationality_id and not self.nationality.is_member:
            raise ValidationError({"nationality": _("Secretariat staff are nationals of member states.")})


def _money(expression):
    return Coalesce(expression, Value(Decimal(0)), output_field=models.DecimalField(max_digits=16, decimal_places=2))


class ContributionQuerySet(models.QuerySet):
    def totals(self, *group_by):
        """Sums per `group_by` (e.g. "year", or "year", "country"), in one query: assessed, paid (of the assessed
        contributions), arrears (assessed not paid, never below 0), voluntary and CICA Support Fund payments."""
        assessed = Q(kind=ContributionKind.ASSESSED)
        rows = (
            self.order_by()
            .values(*group_by)
            .annotate(
                assessed=_money(Sum("assessed_amount", filter=assessed)),
                paid=_money(Sum("paid_amount", filter=assessed)),
                voluntary=_money(Sum("paid_amount", filter=Q(kind=ContributionKind.VOLUNTARY))),
                support_fund=_money(Sum("paid_amount", filter=Q(kind=ContributionKind.SUPPORT_FUND))),
            )
        )
        return rows.annotate(arrears=Greatest(F("assessed") - F("paid"), _money(Value(Decimal(0)))))

    def by_year_and_state(self):
        """One row per year and member state, newest year first, states by name."""
        rows = self.totals("year", "country__iso2", "country__name", "country__name_ru")
        return rows.order_by("-year", "country__name")

    def by_year(self):
        return self.totals("year").order_by("-year")


class Contribution(DomainModel):
    country = models.ForeignKey(
        "chairmanship.Country", on_delete=models.PROTECT, related_name="contributions", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2006)])
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    assessed_amount = models.DecimalField(_("assessed (USD)"), max_digits=14, decimal_places=2, default=0)
    paid_amount = models.DecimalField(_("paid (USD)"), max_digits=14, decimal_places=2, default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-year", "country__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "kind"],
                name="contribution_unique_per_year_and_kind",
                violation_error_message=_("This country already has a contribution of that kind for that year."),
            ),
            models.CheckConstraint(
                condition=Q(assessed_amount__gte=0, paid_amount__gte=0), name="contribution_amounts_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.country} {self.year} {self.get_kind_display()}"

    def clean(self):
        if self.country_id and not self.country.is_member:
            raise ValidationError({"country": _("Only member states contribute.")})
        if self.paid_amount and self.paid_amount < 0:
            raise ValidationError({"paid_amount": _("An amount cannot be negative.")})
        if self.assessed_amount and self.assessed_amount < 0:
            raise ValidationError({"assessed_amount": _("An amount cannot be negative.")})

    @property
    def outstanding(self):
        return max(self.assessed_amount - self.paid_amount, 0)

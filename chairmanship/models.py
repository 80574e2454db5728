import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import (
    BilingualDescriptionMixin,
    BilingualNameMixin,
    BilingualTitleMixin,
    DatePrecision,
    DomainModel,
    check_dates_in_order,
    dates_in_order_constraint,
    format_partial_date,
    localized,
    progress_constraint,
    progress_field,
    valid_time_zone,
)

from .choices import (
    AmendmentStatus,
    CicaStatus,
    InitiativeStatus,
    InstrumentKind,
    SubRegion,
)


class CountryQuerySet(models.QuerySet):
    def members(self):
        return self.filter(cica_status=CicaStatus.MEMBER)

    def observers(self):
        return self.filter(cica_status=CicaStatus.OBSERVER)

    def members_on(self, day):
        """Member states on `day`: those that had joined by then (a year-only date counts from 1 January)."""
        return self.members().filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))

    def observers_on(self, day):
        return self.observers().filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))


class Country(BilingualNameMixin, DomainModel):
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[valid_time_zone],
        help_text=_("The capital's time zone: the default of the country's coordinators, e.g. Asia/Almaty."),
    )
    iso2 = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1 alpha-2."))],
    )
    cica_status = models.CharField(_("CICA status"), max_length=10, choices=CicaStatus.choices, db_index=True)
    subregion = models.CharField(_("sub-region"), max_length=30, choices=SubRegion.choices)
    joined_on = models.DateField(_("joined CICA"), null=True, blank=True)
    joined_precision = models.CharField(
        _("joined date precision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_two_capitals"),
            models.UniqueConstraint(fields=["name"], name="country_unique_name"),
        ]

    def __str__(self):
        return self.localized_name

    @property
    def is_member(self):
        return self.cica_status == CicaStatus.MEMBER

    @property
    def is_observer(self):
        return self.cica_status == CicaStatus.OBSERVER

    @property
    def joined_display(self):
        return format_partial_date(self.joined_on, self.joined_precision)


class ChairmanshipQuerySet(models.QuerySet):
    def on(self, day):
        """Terms running on `day`. An end known only to the year or month runs to the end of that period."""
        still_running = (
            Q(end_on__isnull=True)
            | Q(end_on__gt=day)
            | Q(end_precision=DatePrecision.YEAR, end_on__year=day.year)
            | Q(end_precision=DatePrecision.MONTH, end_on__year=day.year, end_on__month=day.month)
        )
        return self.filter(Q(start_on__lte=day), still_running)

    def with_troika(self):
        """The Troika (see Chairmanship.troika) as annotations, so a list of terms costs one query."""
        before = Chairmanship.objects.filter(start_on__lt=OuterRef("start_on")).order_by("-start_on")
        after = Chairmanship.objects.filter(start_on__gt=OuterRef("start_on")).order_by("start_on")
        return self.annotate(
            previous_id=Subquery(before.values("pk")[:1]),
            previous_country=Subquery(before.values("country__iso2")[:1]),
            next_id=Subquery(after.values("pk")[:1]),
            next_country=Subquery(after.values("country__iso2")[:1]),
        )

    def holding(self, day):
        """The term holding the chair on `day`: of terms running then (a handover day has two), the later one."""
        return self.filter(pk__in=Chairmanship.objects.on(day).order_by("-start_on").values("pk")[:1])

    def current(self):
        return self.holding(timezone.localdate()).first()

    def with_record(self):
        """Annotates what is recorded of each term: `has_priorities` (the Concept's priorities entered)."""
        return self.annotate(has_priorities=Exists(Priority.objects.filter(chairmanship=OuterRef("pk"))))

    def with_concept(self):
        """Terms whose Concept is recorded, as a document or as text."""
        return self.exclude(concept_document="", concept_text="")

    def most_wanted(self, day=None):
        """The term a reader of the portal most likely wants (the Chairmanship menu opens it): the one running on
        `day` when its Concept or priorities are recorded; otherwise the most recent term (started by `day`) whose
        Concept is recorded; otherwise the running term, bare as it is; None before any term is recorded."""
        day = day or timezone.localdate()
        running = self.on(day).with_record().order_by("-start_on").first()
        if running is not None and running.is_recorded:
            return running
        recorded = self.with_concept().filter(start_on__lte=day).order_by("-start_on").first()
        return recorded or running


class Chairmanship(DomainModel):
    """A term in the chair. Terms follow one another; the Troika is read off that sequence."""

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="chairmanships", verbose_name=_("country")
    )
    start_on = models.DateField(_("term start"), unique=True)
    start_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, verbose_name=_("term start precision")
    )
    end_on = models.DateField(_("term end"), null=True, blank=True, help_text=_("Empty while the term is open."))
    end_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, verbose_name=_("term end precision")
    )
    theme = models.CharField(_("theme (English)"), max_length=300, blank=True)
    theme_ru = models.CharField(_("theme (Russian)"), max_length=300, blank=True)
    concept_document = models.FileField(_("concept document"), upload_to="chairmanship/concepts/", blank=True)
    concept_text = models.TextField(_("concept (text)"), blank=True)
    note = models.CharField(max_length=300, blank=True, verbose_name=_("note"))

    objects = ChairmanshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("chairmanship")
        verbose_name_plural = _("chairmanships")
        ordering = ["start_on"]
        constraints = [dates_in_order_constraint("chairmanship", "start_on", "end_on")]

    def __str__(self):
        return f"{self.country} ({self.period_display})"

    @property
    def period_display(self):
        start = format_partial_date(self.start_on, self.start_precision)
        end = format_partial_date(self.end_on, self.end_precision) if self.end_on else "…"
        return f"{start} – {end}"

    @property
    def localized_theme(self):
        return localized(self, "theme")

    @property
    def has_concept(self):
        return bool(self.concept_document or self.concept_text)

    @property
    def is_recorded(self):
        """Is the term's content recorded: its Concept or its priorities (what the chairmanship's page is about)?"""
        has_priorities = getattr(self, "has_priorities", None)
        if has_priorities is None:
            has_priorities = self.priorities.exists()
        return self.has_concept or has_priorities

    @property
    def not_recorded(self):
        """What the sources did not give for this term (readable names, in the page's order), so a page says so
        instead of showing dashes; reads `has_priorities` when annotated (ChairmanshipQuerySet.with_record)."""
        has_priorities = getattr(self, "has_priorities", None)
        if has_priorities is None:
            has_priorities = self.priorities.exists()
        missing = []
        if not self.theme:
            missing.append(_("its theme"))
        if not self.has_concept:
            missing.append(_("its Concept"))
        if not has_priorities:
            missing.append(_("its priorities and initiatives"))
        return missing

    def clean(self):
        check_dates_in_order(self.start_on, self.end_on)
        if self.start_on:
            overlapping = Chairmanship.objects.exclude(pk=self.pk).filter(start_on__lt=self.end_on or datetime.date.max)
            overlapping = overlapping.filter(Q(end_on__isnull=True) | Q(end_on__gt=self.start_on))
            if overlapping.exists():
                raise ValidationError(
                    {"start_on": _("This term overlaps the term of %(other)s.") % {"other": overlapping.first()}}
                )

    @property
    def previous(self):
        earlier = Chairmanship.objects.select_related("country").filter(start_on__lt=self.start_on)
        return earlier.order_by("-start_on").first()

    @property
    def next(self):
        later = Chairmanship.objects.select_related("country").filter(start_on__gt=self.start_on)
        return later.order_by("start_on").first()

    @property
    def troika(self):
        """The previous, current and next chairs, derived from the sequence of terms."""
        return {"previous": self.previous, "current": self, "next": self.next}

    @property
    def is_current(self):
        return Chairmanship.objects.on(timezone.localdate()).filter(pk=self.pk).exists()


class SustainableDevelopmentGoal(BilingualTitleMixin, DomainModel):
    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17"),
        ]

    def __str__(self):
        return f"SDG {self.number}: {self.title}"


class Priority(BilingualTitleMixin, BilingualDescriptionMixin, DomainModel):
    chairmanship = models.ForeignKey(
        Chairmanship, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("chairmanship")
    )
    number = models.CharField(
        _("number"), max_length=10, validators=[RegexValidator(r"^\d+(\.\d+)*$", _("Use a number such as 2.3."))]
    )

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["chairmanship__start_on", "number"]
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(fields=["chairmanship", "number"], name="priority_unique_number_per_chairmanship")
        ]

    def __str__(self):
        return f"{self.number} {self.localized_title}"


class Initiative(BilingualTitleMixin, BilingualDescriptionMixin, DomainModel):
    priority = models.ForeignKey(
        Priority, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("priority")
    )
    owner = models.CharField(_("owner"), max_length=200, blank=True, help_text=_("Who drives it, e.g. the Chair."))
    owner_ru = models.CharField(_("owner (Russian)"), max_length=200, blank=True)
    owner_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("owner country"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices, default=InitiativeStatus.PROPOSED, db_index=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    progress = progress_field()
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="initiatives",
        verbose_name=_("sustainable development goals"),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Place within its priority, as the Concept lists the initiatives.")
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["priority__number", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "title"], name="initiative_unique_title_per_priority"),
            progress_constraint("initiative"),
            models.CheckConstraint(
                condition=~Q(status="achieved") | Q(progress=100),
                name="initiative_achieved_is_100",
                violation_error_message=_("An achieved initiative is 100%% done."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def localized_owner(self):
        return localized(self, "owner")


class LegalInstrument(BilingualTitleMixin, DomainModel):
    title = models.CharField(_("title (English)"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_at = models.ForeignKey(
        "secretariat.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instruments_adopted",
        verbose_name=_("adopted at"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))

    class Meta:
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")
        ordering = ["adopted_on", "title"]

    def __str__(self):
        return self.title


class Amendment(DomainModel):
    """A proposed change to a legal instrument (Concept 2.6), followed until adopted or dropped."""

    instrument = models.ForeignKey(
        LegalInstrument, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("instrument")
    )
    title = models.CharField(_("title"), max_length=250)
    text = models.TextField(_("proposed text"), blank=True)
    proposed_by = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments_proposed",
        verbose_name=_("proposed by"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("initiative"),
    )
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED, db_index=True
    )
    decided_on = models.DateField(_("adopted or rejected on"), null=True, blank=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["instrument", "-proposed_on"]
        constraints = [
            dates_in_order_constraint("amendment", "proposed_on", "decided_on"),
            models.CheckConstraint(
                condition=~Q(status__in=["adopted", "rejected"]) | Q(decided_on__isnull=False),
                name="amendment_decision_is_dated",
                violation_error_message=_("An adopted or rejected amendment has the date it was decided."),
            ),
        ]

    def __str__(self):
        return f"{self.instrument}: {self.title}"

    def clean(self):
        check_dates_in_order(self.proposed_on, self.decided_on, "decided_on")
        if self.proposed_by_id and not self.proposed_by.is_member:
            raise ValidationError({"proposed_by": _("Only a member state can propose an amendment.")})

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import basename, download_name
from core.indexes import JoinedTrigramIndex, trigram_indexes
from core.models import (
    BilingualDescriptionMixin,
    BilingualNameMixin,
    BilingualTitleMixin,
    DomainModel,
    check_dates_in_order,
    dates_in_order_constraint,
    progress_constraint,
    progress_field,
)
from core.permissions import RestrictedQuerySet, RestrictedQuerySetMixin

from .choices import (
    OPEN_REPORT_STATUSES,
    REVIEWED_REPORT_STATUSES,
    ActivityKind,
    ActivityStatus,
    CoordinationRole,
    MeasureStatus,
    PlanKind,
    PlanStatus,
    ReportStatus,
)


class Dimension(BilingualNameMixin, BilingualDescriptionMixin, DomainModel):
    """One of the Catalogue's five dimensions."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["order", "name"]

    def __str__(self):
        return self.localized_name


class MeasureQuerySet(models.QuerySet):
    def adopted(self):
        return self.filter(status=MeasureStatus.ADOPTED)

    def coordinated_by(self, country, on=None):
        """The measures `country` (a Country or its id) coordinates or co-coordinates on `on`: a day (today by
        default) or a (start, end) period, any part of it. The one answer to "may this state act on measure X"."""
        return self.filter(pk__in=Coordination.objects.active(on).filter(country=country).values("measure_id"))

    def with_current_coordinators(self, on=None):
        """Prefetch the coordinations in force on `on` (today) as `current_coordinations`, coordinators first."""
        return self.prefetch_related(current_coordinations("coordinations", on))


class Measure(BilingualTitleMixin, BilingualDescriptionMixin, DomainModel):
    """A confidence-building measure (a priority area of the Catalogue), proposed and adopted by member states."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="measures", verbose_name=_("dimension")
    )
    code = models.SlugField(_("code"), max_length=80, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PROPOSED, db_index=True
    )
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["dimension__order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "title"], name="measure_unique_title_per_dimension"),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_on__isnull=False) | Q(proposed_on__isnull=True),
                name="measure_adopted_has_date_when_proposal_dated",
            ),
        ]

    def __str__(self):
        return self.localized_title

    def is_coordinated_by(self, country, on=None):
        """Does `country` coordinate or co-coordinate this measure on `on` (see MeasureQuerySet.coordinated_by)?"""
        return Measure.objects.coordinated_by(country, on).filter(pk=self.pk).exists()

    def clean(self):
        check_dates_in_order(
            self.proposed_on, self.adopted_on, "adopted_on", _("A measure cannot be adopted before it was proposed.")
        )
        if self.status == MeasureStatus.ADOPTED and self.proposed_on and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Give the date the measure was adopted.")})


class CoordinationQuerySet(models.QuerySet):
    def active(self, on=None):
        """The coordinations in force on `on`: a day (today by default) or a (start, end) period, any part of it."""
        return self.filter(Coordination.in_force(on))


def current_coordinations(lookup="coordinations", on=None):
    """A Prefetch of the coordinations in force on `on` (today) along `lookup` (e.g. "measure__coordinations"), as
    `current_coordinations`, coordinators first: what pages, printouts and the search show as "coordinated by"."""
    current = Coordination.objects.active(on).select_related("country").order_by("role", "country__name")
    return Prefetch(lookup, queryset=current, to_attr="current_coordinations")


class Coordination(DomainModel):
    """A member state coordinating or co-coordinating a measure for a period."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="coordinations", verbose_name=_("measure")
    )
    country = models.ForeignKey(
        "chairmanship.Country", on_delete=models.PROTECT, related_name="coordinations", verbose_name=_("country")
    )
    role = models.CharField(_("role"), max_length=20, choices=CoordinationRole.choices)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CoordinationQuerySet.as_manager()

    @staticmethod
    def in_force(on=None, prefix=""):
        """The condition of a coordination in force on `on`: a day (today by default) or a (start, end) period, any
        part of it; its fields named with `prefix` (e.g. `coordinations__` from a measure). The one definition."""
        first, last = on if isinstance(on, tuple) else (on or timezone.localdate(),) * 2
        return (Q(**{f"{prefix}start_on__isnull": True}) | Q(**{f"{prefix}start_on__lte": last})) & (
            Q(**{f"{prefix}end_on__isnull": True}) | Q(**{f"{prefix}end_on__gte": first})
        )

    class Meta:
        verbose_name = _("coordination")
        verbose_name_plural = _("coordinations")
        ordering = ["measure", "role", "country__name"]
        constraints = [
            dates_in_order_constraint("coordination", "start_on", "end_on"),
            models.UniqueConstraint(
                fields=["measure", "country", "start_on"],
                name="coordination_unique_start",
                violation_error_message=_("This country already coordinates this measure from that date."),
            ),
        ]
        indexes = [models.Index(fields=["country", "end_on"])]

    def __str__(self):
        return f"{self.country} – {self.get_role_display()} – {self.measure}"

    def clean(self):
        check_dates_in_order(self.start_on, self.end_on)
        if self.country_id and not self.country.is_member:
            raise ValidationError({"country": _("Only a CICA member state can coordinate a measure.")})
        if self.country_id and self.measure_id:
            overlapping = Coordination.objects.filter(measure_id=self.measure_id, country_id=self.country_id)
            overlapping = overlapping.exclude(pk=self.pk)
            if self.end_on:
                overlapping = overlapping.filter(Q(start_on__isnull=True) | Q(start_on__lte=self.end_on))
            if self.start_on:
                overlapping = overlapping.filter(Q(end_on__isnull=True) | Q(end_on__gte=self.start_on))
            if overlapping.exists():
                raise ValidationError(
                    _("%(country)s already coordinates this measure for an overlapping period.")
                    % {"country": self.country}
                )


class ActionPlanQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=PlanStatus.APPROVED)


class ActionPlan(DomainModel):
    """An action plan or concept paper for a measure, versioned."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("measure")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.ACTION_PLAN)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=250)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    document = models.FileField(_("document"), upload_to="measures/plans/", blank=True)
    un_entities = models.ManyToManyField(
        "relations.PartnerOrganization", blank=True, related_name="action_plans", verbose_name=_("related UN entities")
    )

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["measure", "kind", "-version"]
        indexes = trigram_indexes("actionplan", "title")
        constraints = [
            models.UniqueConstraint(fields=["measure", "kind", "version"], name="actionplan_unique_version"),
            dates_in_order_constraint("actionplan", "period_start", "period_end"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="actionplan_approved_has_date",
                violation_error_message=_("An approved plan needs its approval date."),
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def clean(self):
        check_dates_in_order(self.period_start, self.period_end, "period_end")
        if self.status == PlanStatus.APPROVED and not self.approved_on:
            raise ValidationError({"approved_on": _("An approved plan needs its approval date.")})


class Activity(DomainModel):
    # The biggest table: an index costs every insert, so each one serves a list or a look-up (docs/PERFORMANCE.md).
    # The plan's activities are found through activity_plan_start, the changes since a time through
    # activity_changed: no index of their own.
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("action plan"), db_index=False
    )
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.WORKSHOP)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    host_country = models.ForeignKey(
        "chairmanship.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_activities",
        verbose_name=_("host country"),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    progress = progress_field()
    description = models.TextField(blank=True, verbose_name=_("description"))
    updated = models.DateTimeField(auto_now=True)

    # What a coordinator writes about an activity: the portal's form and the API's serializer edit these fields.
    EDITABLE_FIELDS = (
        "title",
        "kind",
        "start_on",
        "end_on",
        "host_country",
        "venue",
        "status",
        "progress",
        "description",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["start_on", "title"]
        # Every default ordering has its index (tests/core/test_list_plans.py EXPLAINs each list on PostgreSQL).
        indexes = [
            models.Index(fields=["start_on", "title"], name="activity_ordering"),
            models.Index(fields=["action_plan", "start_on"], name="activity_plan_start"),  # a plan's latest
            models.Index(fields=["updated", "id"], name="activity_changed"),  # keyset pages (core.api.pagination)
            # The lists' and the admin's text search (core.textsearch): one index for the three fields it reads.
            JoinedTrigramIndex("title", "venue", "description", name="activity_text_trgm"),
        ]
        constraints = [
            dates_in_order_constraint("activity", "start_on", "end_on"),
            progress_constraint("activity"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(progress=100),
                name="activity_completed_is_100",
                violation_error_message=_("A completed activity is 100%% done."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        check_dates_in_order(self.start_on, self.end_on)
        if self.status == ActivityStatus.COMPLETED and self.progress != 100:
            # xgettext:no-python-format
            raise ValidationError({"progress": _("A completed activity is 100% done.")})


class ImplementationReportQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    @staticmethod
    def open_q():
        return Q(status__in=OPEN_REPORT_STATUSES)

    def open(self):
        """Reports still with the coordinator: drafts, and reports the Secretariat returned for changes."""
        return self.filter(self.open_q())

    def overdue(self, on=None):
        """Open reports past their due date: see is_overdue."""
        return self.open().filter(due_on__lt=on or timezone.localdate())

    def reviewed(self):
        """Reports the Secretariat has reviewed as they stand: accepted, or returned with feedback."""
        return self.filter(status__in=REVIEWED_REPORT_STATUSES)


class ImplementationReport(DomainModel):
    """A coordinating state's report on a measure for a reporting period."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reports", verbose_name=_("measure"))
    country = models.ForeignKey(
        "chairmanship.Country", on_delete=models.PROTECT, related_name="reports", verbose_name=_("country")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    progress = progress_field()
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_reviewed",
        verbose_name=_("reviewed by"),
    )
    feedback = models.TextField(_("Secretariat feedback"), blank=True)

    objects = ImplementationReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        # The measure's id, not its ordering (through the dimension): an index serves it.
        ordering = ["-period_end", "measure_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "country", "period_start"],
                name="report_unique_per_period",
                violation_error_message=_("This country already has a report on this measure for that period."),
            ),
            dates_in_order_constraint("report", "period_start", "period_end"),
            progress_constraint("report"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(feedback=""),
                name="report_returned_says_why",
                violation_error_message=_("Say why the report is returned."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_is_dated",
                violation_error_message=_("A submitted report has the time it was submitted."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            # A country's reports still with its coordinator, soonest due first (the coordinator's dashboard).
            models.Index(
                fields=["country", "due_on"], condition=Q(status__in=OPEN_REPORT_STATUSES), name="report_open_due"
            ),
            # Every country's reports still with their coordinators, soonest due first (the staff dashboard).
            models.Index(fields=["due_on"], condition=Q(status__in=OPEN_REPORT_STATUSES), name="report_open_by_due"),
            models.Index(fields=["-period_end", "measure", "id"], name="report_ordering"),
            models.Index(fields=["updated", "id"], name="report_changed"),
            *trigram_indexes("report", "narrative"),
        ]

    def __str__(self):
        return f"{self.measure} – {self.country} – {self.period_start:%Y-%m}..{self.period_end:%Y-%m}"

    def clean(self):
        check_dates_in_order(self.period_start, self.period_end, "period_end")
        period = (self.period_start, self.period_end)
        if (
            self.measure_id
            and self.country_id
            and all(period)
            and not self.measure.is_coordinated_by(self.country_id, period)
        ):
            raise ValidationError(
                {"country": _("Only a state that coordinated this measure in the period reports on it.")}
            )
        if self.status == ReportStatus.RETURNED and not self.feedback.strip():
            raise ValidationError({"feedback": _("Say why the report is returned.")})

    @property
    def is_open(self):
        """Still with the coordinator (a draft, or returned for changes): see ImplementationReportQuerySet.open."""
        return self.status in OPEN_REPORT_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def is_reviewed(self):
        """Reviewed by the Secretariat as it stands: see ImplementationReportQuerySet.reviewed."""
        return self.status in REVIEWED_REPORT_STATUSES


class ReportAttachment(DomainModel):
    report = models.ForeignKey(
        ImplementationReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("report")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="measures/reports/%Y/")

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["report_id", "id"]  # the report's id, not its ordering: prefetches need no join

    def __str__(self):
        return self.title or basename(self.file)

    @property
    def download_name(self):
        return download_name(str(self), self.file)

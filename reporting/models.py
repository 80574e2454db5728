from django.db import models
from django.db.models import Q, Subquery
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from measures.choices import MeasureStatus

from .choices import Scope

# A measure in force whose activities average less than this (percent) needs attention.
ATTENTION_PROGRESS_BELOW = 25


class StatusSnapshotQuerySet(models.QuerySet):
    def latest(self, scope):
        """The snapshots of `scope` on the most recent day it was computed, in one query."""
        last_day = StatusSnapshot.objects.filter(scope=scope).order_by("-date").values("date")[:1]
        return self.filter(scope=scope, date=Subquery(last_day))

    def latest_each_scope(self):
        """For every scope, the snapshots of the last day it was computed: one uncorrelated subquery per scope (an
        index lookup each, run once), not one per snapshot row."""
        condition = Q(pk__in=[])
        for scope in Scope.values:
            last_day = StatusSnapshot.objects.filter(scope=scope).order_by("-date").values("date")[:1]
            condition |= Q(scope=scope, date=Subquery(last_day))
        return self.filter(condition)

    def trend(self, scope, since):
        """Snapshots of `scope` from `since` on, oldest first: the series the portal charts over time."""
        return self.filter(scope=scope, date__gte=since).order_by("label", "object_id", "date")


class StatusSnapshot(models.Model):
    """The implementation status of one measure, dimension, priority, meeting body or country on one day.

    `progress` is the headline percentage (empty when there is nothing to measure); `values` holds the counts
    behind it, which differ by scope (see reporting.services).
    """

    date = models.DateField(_("date"), db_index=True)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    label = models.CharField(_("label"), max_length=300, blank=True)
    progress = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    values = models.JSONField(_("values"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = StatusSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "scope", "label"]
        constraints = [
            models.UniqueConstraint(fields=["date", "scope", "object_id"], name="statussnapshot_unique_per_day")
        ]
        indexes = [models.Index(fields=["scope", "date"])]

    def __str__(self):
        return f"{self.date} {self.scope} {self.label or self.object_id}"

    @property
    def attention(self):
        """Why this measure needs the Secretariat's attention (readable reasons; empty when it does not): an adopted
        measure with overdue reports, with no activity in its current plan, or progressing slowly."""
        values = self.values or {}
        if self.scope != Scope.MEASURE or values.get("status", MeasureStatus.ADOPTED) != MeasureStatus.ADOPTED:
            return []
        reasons = []
        overdue = values.get("reports_overdue") or 0
        if overdue:
            reasons.append(ngettext("%(n)d report overdue", "%(n)d reports overdue", overdue) % {"n": overdue})
        if not values.get("activities_total"):
            reasons.append(gettext("no activity in its current plan"))
        elif self.progress is not None and self.progress < ATTENTION_PROGRESS_BELOW:
            reasons.append(gettext("progress under %(n)d%%") % {"n": ATTENTION_PROGRESS_BELOW})
        return reasons

    def attention_order(self):
        """Sort key of the measures that need attention: most overdue reports first, then the least progress."""
        values = self.values or {}
        return (-(values.get("reports_overdue") or 0), self.progress or 0, self.label, self.object_id)

from django.db import models
from django.db.models import Q, Subquery
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from measures.choices import MeasureStatus
from measures.permissions import unpublished_report_countries

from .choices import Scope

# A measure in force whose activities average less than this (percent) needs attention.
ATTENTION_PROGRESS_BELOW = 25

# The measure scope's overdue reports per reporting country ({country id: n}), stored beside the total so that each
# reader is served the count of the reports they may see (visible_figures); never served itself.
OVERDUE_BY_COUNTRY = "reports_overdue_by_country"


def visible_figures(scope, object_id, values, user):
    """A roll-up's figures as `user` may see them: only rows their own lists show are counted.

    Every figure of a roll-up counts published rows (activities of approved plans, accepted reports, decisions,
    initiatives, measures), visible to every reader, except the overdue reports: drafts and returned reports, which
    only staff and their own country's coordinators may read (measures.permissions). So those are stored per
    reporting country and summed here over the countries the reader may see: a partner system counts none, a
    coordinator their own country's, staff all. A measure snapshot stored before the breakdown existed shows its
    total to staff only (None to anyone else).
    """
    values = dict(values or {})
    by_country = values.pop(OVERDUE_BY_COUNTRY, None)
    countries = unpublished_report_countries(user)
    if countries is None or "reports_overdue" not in values:
        return values
    if scope == Scope.MEASURE:
        visible = None if by_country is None else sum(n for c, n in by_country.items() if int(c) in countries)
        values["reports_overdue"] = visible
    elif scope == Scope.COUNTRY and object_id not in countries:
        values["reports_overdue"] = 0
    return values


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

    def figures_for(self, user):
        """`values` as `user` may see them (visible_figures)."""
        return visible_figures(self.scope, self.object_id, self.values, user)

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

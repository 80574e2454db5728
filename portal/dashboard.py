"""What the dashboard shows, each part a fixed number of queries whatever the number of rows (a dozen in all, the
session's included: tests/portal/test_dashboard_queries.py).

A coordinator sees their own country's measures, reports, decisions and changes; Secretariat staff see every country.
Implementation status is read from the latest roll-up snapshots (reporting), not from the activities: how many of a
measure's (or a dimension's) activities of its current plans are planned, in progress, completed, postponed or
cancelled, and their average progress, as of the time the roll-up ran (shown on the page). Staff see the dimensions
and the measures that need attention (StatusSnapshot.attention), not a bar per measure of the Catalogue.
"""

import datetime
from collections import defaultdict

from django.db.models import Case, F, FilteredRelation, JSONField, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from chairmanship.models import Country
from core.counting import count_together
from core.permissions import VIEW, is_coordinator, restrict
from core.status import tone_of
from measures.choices import ActivityStatus, ReportStatus
from measures.models import Activity, Coordination, Dimension, ImplementationReport, Measure
from reporting.choices import Scope
from reporting.models import StatusSnapshot
from secretariat.models import Decision, Meeting

from .inbox import staff_inbox

RECENT_CHANGES = 12
UPCOMING_MEETINGS = 6
ATTENTION_SHOWN = 10
TREND_DAYS = 180
STATUS_ORDER = [
    ActivityStatus.COMPLETED,
    ActivityStatus.IN_PROGRESS,
    ActivityStatus.PLANNED,
    ActivityStatus.POSTPONED,
    ActivityStatus.CANCELLED,
]


def country_of(user):
    return user.country if is_coordinator(user) else None


def coordinated_measures(country, on=None):
    """The country's active coordinations, with their measures, for today."""
    coordinations = Coordination.objects.active(on).select_related("measure__dimension", "country")
    if country is not None:
        coordinations = coordinations.filter(country=country)
    return coordinations.order_by("measure__dimension__order", "measure__title", "role")


class StatusBar:
    """One bar of the implementation chart: counts per activity status and average progress."""

    def __init__(self, pk, label, url=None, snapshot=None):
        self.pk, self.label, self.url, self.snapshot = pk, label, url, snapshot
        self.counts = dict.fromkeys(STATUS_ORDER, 0)
        self.progress = None
        if snapshot is not None:
            for status, count in (snapshot.values.get("statuses") or {}).items():
                if status in ActivityStatus.values:
                    self.counts[ActivityStatus(status)] += count
            self.progress = None if snapshot.progress is None else round(snapshot.progress)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def segments(self):
        """One segment per status present, with its width and its start (`offset`), both in percent of the bar."""
        total, offset, segments = self.total, 0.0, []
        for status, count in self.counts.items():
            if total and count:
                percent = round(100 * count / total, 1)
                segments.append(
                    {
                        "status": status,
                        "tone": tone_of(status),
                        "label": status.label,
                        "count": count,
                        "percent": percent,
                        "offset": round(offset, 1),
                    }
                )
                offset += percent
        return segments


def implementation_by_dimension(dimensions, snapshots):
    """A bar per dimension (in the order given) from its snapshot in `snapshots` ({dimension id: snapshot})."""
    return [
        StatusBar(d.pk, d.localized_name, reverse("measures:dimension_detail", args=[d.pk]), snapshots.get(d.pk))
        for d in dimensions
    ]


class Snapshots:
    """The roll-up snapshots the dashboard draws, read in one query: the latest of the measures (all of them, or
    the given ones), and the dimensions' over the trend's months and on their latest day. The `values` behind a
    bar are read only for the latest day's snapshots (the trend draws the progress alone)."""

    def __init__(self, today, measure_ids=None):
        def last_day(scope):
            return Subquery(StatusSnapshot.objects.filter(scope=scope).order_by("-date").values("date")[:1])

        latest_measures = Q(scope=Scope.MEASURE, date=last_day(Scope.MEASURE))
        if measure_ids is not None:
            latest_measures &= Q(object_id__in=measure_ids)
        latest_dimensions = Q(scope=Scope.DIMENSION, date=last_day(Scope.DIMENSION))
        since = today - datetime.timedelta(days=TREND_DAYS)
        trend = Q(scope=Scope.DIMENSION, date__gte=since)
        rows = (
            StatusSnapshot.objects.filter(latest_measures | latest_dimensions | trend)
            .annotate(
                latest_values=Case(
                    When(latest_measures | latest_dimensions, then=F("values")),
                    default=Value(None, output_field=JSONField()),
                    output_field=JSONField(),
                )
            )
            .order_by("label", "object_id", "date")
            .values_list("scope", "object_id", "label", "date", "progress", "computed_at", "latest_values")
        )
        # Over a thousand rows (half a year of the dimensions' days): model instances only for the latest day's.
        self.measures, self.dimensions, self.trend = {}, {}, []
        for scope, object_id, label, date, progress, computed_at, values in rows:
            if values is not None:
                latest = self.measures if scope == Scope.MEASURE else self.dimensions
                latest[object_id] = StatusSnapshot(
                    scope=scope,
                    object_id=object_id,
                    label=label,
                    date=date,
                    progress=progress,
                    computed_at=computed_at,
                    values=values,
                )
            if scope == Scope.DIMENSION and date >= since:
                self.trend.append((object_id, label, date, progress))


def implementation_by_measure(measures, snapshots):
    """A bar per measure (in the order given) from its snapshot in `snapshots` ({measure id: snapshot})."""
    return [
        StatusBar(m.pk, m.localized_title, reverse("measures:measure_detail", args=[m.pk]), snapshots.get(m.pk))
        for m in measures
    ]


def needing_attention(snapshots):
    """The measure snapshots that need attention, the most urgent first."""
    return sorted((s for s in snapshots.values() if s.attention), key=StatusSnapshot.attention_order)


def as_of(*groups):
    """When the roll-up behind the bars ran (the latest computed_at among them), or None before the first one."""
    times = [bar.snapshot.computed_at for bars in groups for bar in bars if bar.snapshot is not None]
    return max(times, default=None)


def reports_due(user, country):
    """Drafts and returned reports with a due date, soonest first; overdue ones are flagged by the model."""
    reports = restrict(ImplementationReport.objects.all(), user, VIEW).filter(
        status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED), due_on__isnull=False
    )
    if country is not None:
        reports = reports.filter(country=country)
    return reports.select_related("measure", "country").order_by("due_on")[:20]


def upcoming_meetings(today=None):
    today = today or timezone.localdate()
    return (
        Meeting.objects.upcoming(today).select_related("body", "host_country").order_by("start_on")[:UPCOMING_MEETINGS]
    )


def open_decisions(country, today=None):
    """Open decisions, soonest deadline first: for a coordinator, those their country must implement."""
    decisions = Decision.objects.open().select_related("meeting__body", "responsible_country", "measure")
    if country is not None:
        decisions = decisions.assigned_to(country, today)
    return decisions.order_by("deadline", "pk")[:20]


def recent_changes(country, measure_ids):
    """The latest history records of the country's reports and of activities of measures it coordinates."""
    reports = ImplementationReport.history.select_related("history_user", "measure", "country")
    activities = Activity.history.select_related("history_user", "action_plan__measure")
    if country is not None:
        reports = reports.filter(country_id=country.pk)
        activities = activities.filter(action_plan__measure_id__in=measure_ids)
    changes = [
        {
            "when": r.history_date,
            "who": r.history_user,
            "kind": r.history_type,
            "what": "report",
            "object": r,
            "measure": r.measure,
            "status": r.get_status_display(),
            "pk": r.id,
        }
        for r in reports.order_by("-history_date")[:RECENT_CHANGES]
    ] + [
        {
            "when": a.history_date,
            "who": a.history_user,
            "kind": a.history_type,
            "what": "activity",
            "object": a,
            "measure": a.action_plan.measure if a.action_plan_id else None,
            "status": a.get_status_display(),
            "pk": a.id,
        }
        for a in activities.order_by("-history_date")[:RECENT_CHANGES]
    ]
    changes.sort(key=lambda c: c["when"], reverse=True)
    return changes[:RECENT_CHANGES]


def dimension_trends(snapshots, dimensions):
    """Average progress per dimension over the last months, from the nightly roll-up snapshots (`Snapshots.trend`:
    (dimension id, label, date, progress), in the order of the label, the dimension and the date); `dimensions` in
    the Catalogue's order (read once for the whole page)."""
    series = {}
    for object_id, label, date, progress in snapshots:
        points = series.setdefault(object_id, {"label": label, "points": []})["points"]
        points.append({"date": date, "progress": progress})
    # Named in the reader's language, in the Catalogue's order (a snapshot's label is the English name of its day).
    order = {dimension.pk: (index, dimension.localized_name) for index, dimension in enumerate(dimensions)}
    for object_id, line in series.items():
        line["order"], line["label"] = order.get(object_id, (len(order), line["label"]))
    for line in series.values():
        known = [p for p in line["points"] if p["progress"] is not None]
        step = 100 / max(len(known) - 1, 1)
        line["polyline"] = " ".join(f"{i * step:.1f},{100 - float(p['progress']):.1f}" for i, p in enumerate(known))
        if len(known) == 1:  # the first roll-up: its level as a flat line, not an invisible dot
            line["polyline"] += f" 100.0,{100 - float(known[0]['progress']):.1f}"
        line["last"] = known[-1] if known else None
    return sorted(series.values(), key=lambda line: line["order"])


def attention_measures(measure_ids, dimensions, today):
    """The measures `measure_ids` (in that order) and the countries coordinating each today, in one query: a LEFT
    JOIN to the coordinations in force, one row per measure and coordinator (a measure nobody coordinates comes
    once). Returns (measures, coordinations), unsaved rows made for showing: the measures carry their dimension from
    `dimensions`, the coordinations their country's names."""
    current = FilteredRelation("coordinations", condition=Coordination.in_force(today, prefix="coordinations__"))
    rows = (
        Measure.objects.filter(pk__in=measure_ids)
        .annotate(current=current)
        .order_by("pk", "current__role", "current__country__name")
        .values(
            "pk", "title", "title_ru", "dimension_id", "current__role", "current__country_id",
            "current__country__name", "current__country__name_ru", "current__country__iso2",
        )
    )  # fmt: skip
    measures, coordinations = {}, []
    for row in rows:
        if row["pk"] not in measures:
            measures[row["pk"]] = Measure(
                pk=row["pk"], title=row["title"], title_ru=row["title_ru"], dimension=dimensions[row["dimension_id"]]
            )
        if row["current__country_id"] is not None:
            country = Country(
                pk=row["current__country_id"],
                name=row["current__country__name"],
                name_ru=row["current__country__name_ru"],
                iso2=row["current__country__iso2"],
            )
            coordinations.append(Coordination(measure_id=row["pk"], role=row["current__role"], country=country))
    return [measures[pk] for pk in measure_ids if pk in measures], coordinations


def dashboard_context(user, today=None, with_inbox=False):
    """Everything the dashboard shows; `with_inbox`: the staff inbox too (counted in the same query as the page's
    other counts)."""
    today = today or timezone.localdate()
    country = country_of(user)
    dimensions = {d.pk: d for d in Dimension.objects.order_by("order", "pk")}
    context = {}
    if country is not None:
        coordinations = list(coordinated_measures(country, today))
        coordinations_count = len(coordinations)
        measures = list({c.measure_id: c.measure for c in coordinations}.values())
        measure_ids = [m.pk for m in measures]
        snapshots = Snapshots(today, measure_ids)
        measure_bars = snapshots.measures
        attention_total = None
    else:  # staff: the measures of the Catalogue that need attention, not a bar for each of them
        measure_ids = []
        snapshots = Snapshots(today)
        attention = needing_attention(snapshots.measures)
        attention_total = len(attention)
        measure_bars = {s.object_id: s for s in attention[:ATTENTION_SHOWN]}
        counted = {"coordinations": Coordination.objects.active(today)}
        if with_inbox:
            context["inbox"], counts = staff_inbox(today, also=counted)
        else:
            counts = count_together(counted)
        coordinations_count = counts["coordinations"]
        measures, coordinations = attention_measures(list(measure_bars), dimensions, today)
    by_measure = implementation_by_measure(measures, measure_bars)
    roles = _roles(coordinations)
    by_dimension = implementation_by_dimension(dimensions.values(), snapshots.dimensions)
    reports = list(reports_due(user, country))
    return {
        **context,
        "country": country,
        "today": today,
        "coordinations": coordinations,
        "coordinations_count": coordinations_count,
        "attention_total": attention_total,
        "roles": roles,
        # staff: each measure that needs attention with its bar and the countries coordinating it today
        "attention": [
            {"measure": measure, "bar": bar, "coordinations": roles.get(measure.pk, [])}
            for measure, bar in zip(measures, by_measure, strict=True)
        ]
        if country is None
        else [],
        "by_dimension": by_dimension,
        "by_measure": by_measure,
        "status_by_measure": {bar.pk: bar for bar in by_measure},
        "status_as_of": as_of(by_dimension, by_measure),
        "reports_due": reports,
        "overdue_count": sum(1 for r in reports if r.is_overdue),
        "meetings": upcoming_meetings(today),
        "decisions": open_decisions(country, today),
        "changes": recent_changes(country, measure_ids),
        "soon": today + datetime.timedelta(days=30),
        "trends": dimension_trends(snapshots.trend, dimensions.values()),
    }


def _roles(coordinations):
    """measure id -> the countries coordinating it, for the staff view and the coordinator's co-coordinators."""
    roles = defaultdict(list)
    for c in coordinations:
        roles[c.measure_id].append(c)
    return dict(roles)

"""What the dashboard shows, each part a fixed number of queries whatever the number of rows.

A coordinator sees their own country's measures, reports, decisions and changes; Secretariat staff see every country.
Implementation status is read from activities: how many of a measure's (or a dimension's) activities are planned,
in progress, completed, postponed or cancelled, and their average progress.
"""

import datetime
from collections import defaultdict
from operator import attrgetter

from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone

from core.permissions import VIEW, is_coordinator, restrict
from core.status import tone_of
from measures.choices import COUNTED_ACTIVITY_STATUSES, COUNTED_PLAN_STATUSES, ActivityStatus, ReportStatus
from measures.models import Activity, Coordination, Dimension, ImplementationReport, Measure
from secretariat.choices import MeetingStatus, ResponsibleParty
from secretariat.models import Decision, Meeting

RECENT_CHANGES = 12
UPCOMING_MEETINGS = 6
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

    def __init__(self, pk, label, url=None):
        self.pk, self.label, self.url = pk, label, url
        self.counts = dict.fromkeys(STATUS_ORDER, 0)
        self.progress = None

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


def _bars(activities, key, labels):
    bars = {pk: StatusBar(pk, label, url) for pk, (label, url) in labels.items()}
    # Every activity shows in the status segments; progress averages only what counts (as in the roll-ups).
    counted = Q(status__in=COUNTED_ACTIVITY_STATUSES, action_plan__status__in=COUNTED_PLAN_STATUSES)
    rows = activities.values(key, "status").annotate(
        n=Count("id"), counted=Count("id", filter=counted), avg=Avg("progress", filter=counted)
    )
    weighted = defaultdict(lambda: [0, 0])
    for row in rows.order_by():
        bar = bars.get(row[key])
        if bar is None:
            continue
        bar.counts[ActivityStatus(row["status"])] += row["n"]
        weighted[row[key]][0] += (row["avg"] or 0) * row["counted"]
        weighted[row[key]][1] += row["counted"]
    for pk, (total, n) in weighted.items():
        if pk in bars and n:
            bars[pk].progress = round(total / n)
    return list(bars.values())


def implementation_by_dimension(user):
    activities = restrict(Activity.objects.all(), user, VIEW)
    labels = {
        d.pk: (d.localized_name, reverse("measures:dimension_detail", args=[d.pk])) for d in Dimension.objects.all()
    }
    return _bars(activities, "action_plan__measure__dimension_id", labels)


def implementation_by_measure(user, measures):
    activities = restrict(Activity.objects.filter(action_plan__measure__in=[m.pk for m in measures]), user, VIEW)
    labels = {m.pk: (m.localized_title, reverse("measures:measure_detail", args=[m.pk])) for m in measures}
    return _bars(activities, "action_plan__measure_id", labels)


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
        Meeting.objects.filter(end_on__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body", "host_country")
        .order_by("start_on")[:UPCOMING_MEETINGS]
    )


def open_decisions(country, measure_ids):
    decisions = Decision.objects.open().select_related("meeting__body", "responsible_country", "measure")
    if country is not None:
        decisions = decisions.filter(
            Q(responsible_country=country)
            | Q(responsible_party=ResponsibleParty.COORDINATORS, measure_id__in=measure_ids)
        )
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


TREND_DAYS = 180


def dimension_trends(today):
    """Average progress per dimension over the last months, from the nightly roll-up snapshots (one query)."""
    from reporting.choices import Scope
    from reporting.models import StatusSnapshot

    series = {}
    since = today - datetime.timedelta(days=TREND_DAYS)
    for snapshot in StatusSnapshot.objects.trend(Scope.DIMENSION, since):
        points = series.setdefault(snapshot.object_id, {"label": snapshot.label, "points": []})["points"]
        points.append({"date": snapshot.date, "progress": snapshot.progress})
    for line in series.values():
        known = [p for p in line["points"] if p["progress"] is not None]
        step = 100 / max(len(known) - 1, 1)
        line["polyline"] = " ".join(f"{i * step:.1f},{100 - float(p['progress']):.1f}" for i, p in enumerate(known))
        if len(known) == 1:  # the first roll-up: its level as a flat line, not an invisible dot
            line["polyline"] += f" 100.0,{100 - float(known[0]['progress']):.1f}"
        line["last"] = known[-1] if known else None
    return list(series.values())


def dashboard_context(user, today=None):
    today = today or timezone.localdate()
    country = country_of(user)
    coordinations = list(coordinated_measures(country, today))
    measures = list({c.measure_id: c.measure for c in coordinations}.values())
    measure_ids = [m.pk for m in measures]
    if country is None:  # staff: every measure of the Catalogue
        measures = list(Measure.objects.select_related("dimension"))
    by_measure = implementation_by_measure(user, measures)
    reports = list(reports_due(user, country))
    return {
        "country": country,
        "today": today,
        "coordinations": coordinations,
        "roles": _roles(coordinations),
        "by_dimension": implementation_by_dimension(user),
        "by_measure": sorted(by_measure, key=attrgetter("label")),
        "status_by_measure": {bar.pk: bar for bar in by_measure},
        "reports_due": reports,
        "overdue_count": sum(1 for r in reports if r.is_overdue),
        "meetings": upcoming_meetings(today),
        "decisions": open_decisions(country, measure_ids),
        "changes": recent_changes(country, measure_ids),
        "soon": today + datetime.timedelta(days=30),
        "trends": dimension_trends(today),
    }


def _roles(coordinations):
    """measure id -> the countries coordinating it, for the staff view and the coordinator's co-coordinators."""
    roles = defaultdict(list)
    for c in coordinations:
        roles[c.measure_id].append(c)
    return dict(roles)

"""Implementation-status roll-ups, computed by the database.

One aggregate query per scope (measures, dimensions, priorities, meeting bodies, countries) and one bulk upsert:
the number of queries does not grow with the number of rows. What each scope's snapshot holds:

- measure: progress = average progress of the measure's activities (not cancelled, in plans not superseded);
  activities_total / activities_completed; report_progress = progress of its latest accepted report (by period end).
- dimension: the same over all activities of its measures (each activity weighs the same); measures = count.
- priority: progress = average progress of its initiatives that are not dropped; initiatives_total / _achieved.
- body: decisions of its meetings: decisions_total / _open / _implemented / _overdue; progress = average progress
  of its decisions that are not cancelled or superseded.
- country (member states): measures_coordinated on the day, progress = average progress of the activities of the
  measures it coordinates; reports_overdue; the decisions it must implement (responsible country), counted as for
  a body, with decision_progress.
"""

import logging

from django.db import transaction
from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from chairmanship.choices import InitiativeStatus
from chairmanship.models import Country, Priority
from measures.choices import COUNTED_ACTIVITY_STATUSES, COUNTED_PLAN_STATUSES, ActivityStatus, ReportStatus
from measures.models import Activity, Coordination, Dimension, ImplementationReport, Measure
from secretariat.choices import OPEN_DECISION_STATUSES, DecisionStatus
from secretariat.models import MeetingBody

from .choices import Scope
from .models import StatusSnapshot

logger = logging.getLogger(__name__)

# Set while a debounced roll-up is scheduled (reporting.signals); the task clears it when it starts.
PENDING_KEY = "reporting:rollup-pending"

COUNTED_INITIATIVE = [status for status in InitiativeStatus.values if status != InitiativeStatus.DROPPED]
COUNTED_DECISION = [
    status for status in DecisionStatus.values if status not in (DecisionStatus.CANCELLED, DecisionStatus.SUPERSEDED)
]


def _counted_activities(prefix=""):
    return Q(
        **{
            f"{prefix}action_plans__activities__status__in": COUNTED_ACTIVITY_STATUSES,
            f"{prefix}action_plans__status__in": COUNTED_PLAN_STATUSES,
        }
    )


def _activity_annotations(prefix=""):
    counted = _counted_activities(prefix)
    activities = f"{prefix}action_plans__activities"
    return {
        "activities_total": Count(activities, filter=counted),
        "activities_completed": Count(
            activities, filter=counted & Q(**{f"{activities}__status": ActivityStatus.COMPLETED})
        ),
        "avg_progress": Avg(f"{activities}__progress", filter=counted),
    }


def _decision_annotations(path, on):
    open_ = Q(**{f"{path}__status__in": OPEN_DECISION_STATUSES})
    return {
        "decisions_total": Count(path),
        "decisions_open": Count(path, filter=open_),
        "decisions_implemented": Count(path, filter=Q(**{f"{path}__status": DecisionStatus.IMPLEMENTED})),
        "decisions_overdue": Count(path, filter=open_ & Q(**{f"{path}__deadline__lt": on})),
        "decision_progress": Avg(f"{path}__progress", filter=Q(**{f"{path}__status__in": COUNTED_DECISION})),
    }


def _percent(value):
    return None if value is None else round(float(value), 2)


def measure_rollups(on):
    latest_accepted = ImplementationReport.objects.filter(measure=OuterRef("pk"), status=ReportStatus.ACCEPTED)
    latest_accepted = latest_accepted.order_by("-period_end", "-pk")
    rows = Measure.objects.order_by().annotate(
        **_activity_annotations(),
        report_progress=Subquery(latest_accepted.values("progress")[:1]),
        report_id=Subquery(latest_accepted.values("pk")[:1]),
    )
    return [
        {
            "object_id": row["pk"],
            "label": row["title"],
            "progress": _percent(row["avg_progress"]),
            "values": {
                "dimension_id": row["dimension_id"],
                "activities_total": row["activities_total"],
                "activities_completed": row["activities_completed"],
                "report_progress": row["report_progress"],
                "report_id": row["report_id"],
            },
        }
        for row in rows.values(
            "pk",
            "title",
            "dimension_id",
            "activities_total",
            "activities_completed",
            "avg_progress",
            "report_progress",
            "report_id",
        )
    ]


def dimension_rollups(on):
    measures = Measure.objects.filter(dimension=OuterRef("pk")).order_by().values("dimension")
    measures = measures.annotate(n=Count("pk")).values("n")
    rows = Dimension.objects.order_by().annotate(
        **_activity_annotations("measures__"),
        measures_total=Coalesce(Subquery(measures, output_field=IntegerField()), Value(0)),
    )
    return [
        {
            "object_id": row["pk"],
            "label": row["name"],
            "progress": _percent(row["avg_progress"]),
            "values": {
                "measures": row["measures_total"],
                "activities_total": row["activities_total"],
                "activities_completed": row["activities_completed"],
            },
        }
        for row in rows.values(
            "pk", "name", "measures_total", "activities_total", "activities_completed", "avg_progress"
        )
    ]


def priority_rollups(on):
    counted = Q(initiatives__status__in=COUNTED_INITIATIVE)
    rows = Priority.objects.order_by().annotate(
        initiatives_total=Count("initiatives", filter=counted),
        initiatives_achieved=Count("initiatives", filter=Q(initiatives__status=InitiativeStatus.ACHIEVED)),
        avg_progress=Avg("initiatives__progress", filter=counted),
    )
    return [
        {
            "object_id": row["pk"],
            "label": f"{row['number']} {row['title']}",
            "progress": _percent(row["avg_progress"]),
            "values": {
                "chairmanship_id": row["chairmanship_id"],
                "initiatives_total": row["initiatives_total"],
                "initiatives_achieved": row["initiatives_achieved"],
            },
        }
        for row in rows.values(
            "pk", "number", "title", "chairmanship_id", "initiatives_total", "initiatives_achieved", "avg_progress"
        )
    ]


DECISION_FIELDS = ["decisions_total", "decisions_open", "decisions_implemented", "decisions_overdue"]


def body_rollups(on):
    rows = MeetingBody.objects.order_by().annotate(**_decision_annotations("meetings__decisions", on))
    return [
        {
            "object_id": row["pk"],
            "label": row["code"],
            "progress": _percent(row["decision_progress"]),
            "values": {field: row[field] for field in DECISION_FIELDS},
        }
        for row in rows.values("pk", "code", "decision_progress", *DECISION_FIELDS)
    ]


def country_rollups(on):
    coordinated = Coordination.objects.active(on).filter(country=OuterRef("pk")).order_by().values("country")
    coordinated = coordinated.annotate(n=Count("measure", distinct=True)).values("n")
    activities = Activity.objects.filter(
        Q(action_plan__measure__coordinations__start_on__isnull=True)
        | Q(action_plan__measure__coordinations__start_on__lte=on),
        Q(action_plan__measure__coordinations__end_on__isnull=True)
        | Q(action_plan__measure__coordinations__end_on__gte=on),
        action_plan__measure__coordinations__country=OuterRef("pk"),
        status__in=COUNTED_ACTIVITY_STATUSES,
        action_plan__status__in=COUNTED_PLAN_STATUSES,
    )
    activity_progress = activities.order_by().values("action_plan__measure__coordinations__country")
    activity_progress = activity_progress.annotate(avg=Avg("progress")).values("avg")
    overdue_reports = ImplementationReport.objects.filter(
        country=OuterRef("pk"), status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED], due_on__lt=on
    )
    overdue_reports = overdue_reports.order_by().values("country").annotate(n=Count("pk")).values("n")
    rows = (
        Country.objects.members_on(on)
        .order_by()
        .annotate(
            **_decision_annotations("decisions_assigned", on),
            measures_coordinated=Coalesce(Subquery(coordinated, output_field=IntegerField()), Value(0)),
            reports_overdue=Coalesce(Subquery(overdue_reports, output_field=IntegerField()), Value(0)),
            activity_progress=Subquery(activity_progress),
        )
    )
    return [
        {
            "object_id": row["pk"],
            "label": row["name"],
            "progress": _percent(row["activity_progress"]),
            "values": {
                "iso2": row["iso2"],
                "measures_coordinated": row["measures_coordinated"],
                "reports_overdue": row["reports_overdue"],
                "decision_progress": _percent(row["decision_progress"]),
                **{field: row[field] for field in DECISION_FIELDS},
            },
        }
        for row in rows.values(
            "pk",
            "name",
            "iso2",
            "measures_coordinated",
            "reports_overdue",
            "activity_progress",
            "decision_progress",
            *DECISION_FIELDS,
        )
    ]


ROLLUPS = {
    Scope.MEASURE: measure_rollups,
    Scope.DIMENSION: dimension_rollups,
    Scope.PRIORITY: priority_rollups,
    Scope.BODY: body_rollups,
    Scope.COUNTRY: country_rollups,
}


def compute_rollups(on=None):
    """{scope: [row, ...]} for day `on` (today by default): one query per scope."""
    on = on or timezone.localdate()
    return {scope: compute(on) for scope, compute in ROLLUPS.items()}


@transaction.atomic
def store_rollups(on, rollups):
    """Write the day's snapshots (insert or update), and drop that day's rows of objects that no longer exist."""
    now = timezone.now()
    snapshots = [
        StatusSnapshot(date=on, scope=scope, computed_at=now, **{**row, "label": row["label"][:300]})
        for scope, rows in rollups.items()
        for row in rows
    ]
    StatusSnapshot.objects.bulk_create(
        snapshots,
        update_conflicts=True,
        unique_fields=["date", "scope", "object_id"],
        update_fields=["label", "progress", "values", "computed_at"],
    )
    StatusSnapshot.objects.filter(date=on, computed_at__lt=now).delete()
    return len(snapshots)


def rollup_status(on=None, dry_run=False):
    """Compute every roll-up for `on` and store it as that day's snapshots (unless `dry_run`)."""
    on = on or timezone.localdate()
    rollups = compute_rollups(on)
    stored = 0 if dry_run else store_rollups(on, rollups)
    counts = {str(scope): len(rows) for scope, rows in rollups.items()}
    summary = ", ".join(f"{scope} {n}" for scope, n in counts.items())
    logger.info("roll-ups for %s: %s%s", on, summary, " (dry run)" if dry_run else "")
    return {"summary": summary, "date": on.isoformat(), "stored": stored, "dry_run": dry_run, "rollups": rollups}


def latest_rollups(scope):
    """The most recent snapshots of `scope` (a Scope value): what the portal and the API show."""
    return StatusSnapshot.objects.latest(scope)


def latest_rollup(scope, object_id):
    return latest_rollups(scope).filter(object_id=object_id).first()

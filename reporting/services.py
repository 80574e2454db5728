"""Implementation-status roll-ups, computed by the database in one pass per scope.

The activities are read once: one grouped query gives every measure's counted activities (how many, how many
completed, the sum of their progress), and the measure, dimension and country scopes add those sums up, so an average
is over activities (each weighs the same) whatever the scope. Everything else is a grouped query of its own (the
latest accepted report per measure, the overdue reports per country, the decisions per body and per country), so no
correlated subquery runs per joined row. The number of queries does not grow with the number of rows.

What each scope's snapshot holds:

- measure: progress = average progress of the measure's activities (not cancelled, in plans not superseded);
  activities_total / activities_completed; report_progress = progress of its latest accepted report (by period end);
  reports_overdue, and the same per reporting country (served to no one: each reader gets the count of the reports
  they may read, reporting.models.visible_figures).
- dimension: the same over all activities of its measures (each activity weighs the same); measures = count.
- priority: progress = average progress of its initiatives that are not dropped; initiatives_total / _achieved.
- body: decisions of its meetings: decisions_total / _open / _implemented / _overdue; progress = average progress
  of its decisions that are not cancelled or superseded.
- country (member states): measures_coordinated on the day, progress = average progress of the activities of the
  measures it coordinates; reports_overdue; the decisions it must implement (Decision.objects.assigned_to: named,
  as a coordinator of the measure, or as the Chair), counted as for a body, with decision_progress.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db import transaction
from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum, Value
from django.utils import timezone

from chairmanship.choices import InitiativeStatus
from chairmanship.models import Country, Priority
from measures.choices import COUNTED_ACTIVITY_STATUSES, COUNTED_PLAN_STATUSES, ActivityStatus, ReportStatus
from measures.models import Activity, Coordination, Dimension, ImplementationReport, Measure
from secretariat.choices import OPEN_DECISION_STATUSES, DecisionStatus
from secretariat.models import Decision, MeetingBody

from .choices import Scope
from .models import OVERDUE_BY_COUNTRY, StatusSnapshot

logger = logging.getLogger(__name__)

# Set while a debounced roll-up is scheduled (reporting.signals); the task clears it when it starts.
PENDING_KEY = "reporting:rollup-pending"

COUNTED_INITIATIVE = [status for status in InitiativeStatus.values if status != InitiativeStatus.DROPPED]
COUNTED_DECISION = [
    status for status in DecisionStatus.values if status not in (DecisionStatus.CANCELLED, DecisionStatus.SUPERSEDED)
]


@dataclass
class ActivitySums:
    """The activities of one or more measures' current plans: how many in each status, and what averages progress
    (those not cancelled: total, completed, progress summed). Enough to add scopes up and average at the end."""

    total: int = 0
    completed: int = 0
    progress: int = 0
    statuses: dict = field(default_factory=dict)

    def __iadd__(self, other):
        self.total += other.total
        self.completed += other.completed
        self.progress += other.progress
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        return self

    def add(self, status, n, progress):
        self.statuses[status] = self.statuses.get(status, 0) + n
        if status in COUNTED_ACTIVITY_STATUSES:
            self.total += n
            self.progress += progress or 0
            if status == ActivityStatus.COMPLETED:
                self.completed += n

    @property
    def average(self):
        return round(self.progress / self.total, 2) if self.total else None

    def values(self):
        """What the snapshot stores; `statuses` ({status: n}, all activities of current plans) draws the bars."""
        return {"activities_total": self.total, "activities_completed": self.completed, "statuses": self.statuses}


NO_ACTIVITIES = ActivitySums()


class Facts:
    """What several scopes of one day's roll-up share, each read once (on first use) and kept for the run."""

    def __init__(self, on):
        self.on = on

    @cached_property
    def activity_sums(self):
        """{measure id: ActivitySums}: one pass over the activities of current plans, grouped by measure and status."""
        current = Activity.objects.filter(action_plan__status__in=COUNTED_PLAN_STATUSES).order_by()
        rows = current.values_list("action_plan__measure_id", "status")
        rows = rows.annotate(n=Count("pk"), progress=Sum("progress"))
        sums = defaultdict(ActivitySums)
        for measure_id, status, n, progress in rows:
            sums[measure_id].add(status, n, progress)
        return dict(sums)

    @cached_property
    def overdue_reports(self):
        """{(country id, measure id): n} of open reports past their due date (one grouped query)."""
        overdue = ImplementationReport.objects.filter(
            status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED], due_on__lt=self.on
        )
        rows = overdue.order_by().values_list("country_id", "measure_id").annotate(n=Count("pk"))
        return {(country_id, measure_id): n for country_id, measure_id, n in rows}

    def overdue_by_country(self):
        """{measure id: {country id (a string, as JSON keys are): n}}: the measure's overdue reports by reporting
        country, stored so that each reader counts only the countries whose open reports they may read."""
        counts = defaultdict(dict)
        for (country_id, measure_id), n in self.overdue_reports.items():
            counts[measure_id][str(country_id)] = n
        return counts

    def overdue_by(self, position):
        counts = defaultdict(int)
        for key, n in self.overdue_reports.items():
            counts[key[position]] += n
        return counts

    def sums_of(self, measure_id):
        return self.activity_sums.get(measure_id, NO_ACTIVITIES)

    @cached_property
    def measures(self):
        """Every measure with its latest accepted report (by period end): one query, no GROUP BY."""
        latest_accepted = ImplementationReport.objects.filter(measure=OuterRef("pk"), status=ReportStatus.ACCEPTED)
        latest_accepted = latest_accepted.order_by("-period_end", "-pk")
        rows = Measure.objects.order_by().annotate(
            report_progress=Subquery(latest_accepted.values("progress")[:1]),
            report_id=Subquery(latest_accepted.values("pk")[:1]),
        )
        return list(rows.values("pk", "title", "status", "dimension_id", "report_progress", "report_id"))


def _decision_annotations(path, on):
    """Decision figures over the decisions at `path` (a relation, or "" for the decisions themselves)."""
    prefix = f"{path}__" if path else ""
    counted = path or "pk"
    open_ = Q(**{f"{prefix}status__in": OPEN_DECISION_STATUSES})
    return {
        "decisions_total": Count(counted),
        "decisions_open": Count(counted, filter=open_),
        "decisions_implemented": Count(counted, filter=Q(**{f"{prefix}status": DecisionStatus.IMPLEMENTED})),
        "decisions_overdue": Count(counted, filter=open_ & Q(**{f"{prefix}deadline__lt": on})),
        "decision_progress": Avg(f"{prefix}progress", filter=Q(**{f"{prefix}status__in": COUNTED_DECISION})),
    }


def _assigned_decision_figures(country_ids, on):
    """{country id: decision figures} over the decisions each country must implement (Decision.objects.assigned_to,
    the one rule): one query, a UNION ALL of one aggregate per country."""
    parts = [
        Decision.objects.assigned_to(pk, on)
        .order_by()
        .annotate(country=Value(pk))
        .values("country")
        .annotate(**_decision_annotations("", on))
        .values("country", "decision_progress", *DECISION_FIELDS)
        for pk in country_ids
    ]
    if not parts:
        return {}
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {row["country"]: row for row in rows}


def _percent(value):
    return None if value is None else round(float(value), 2)


def measure_rollups(on, facts=None):
    facts = facts or Facts(on)
    overdue = facts.overdue_by(1)
    overdue_by_country = facts.overdue_by_country()
    rows = []
    for measure in facts.measures:
        sums = facts.sums_of(measure["pk"])
        rows.append(
            {
                "object_id": measure["pk"],
                "label": measure["title"],
                "progress": sums.average,
                "values": {
                    "dimension_id": measure["dimension_id"],
                    "status": measure["status"],
                    **sums.values(),
                    "report_progress": measure["report_progress"],
                    "report_id": measure["report_id"],
                    "reports_overdue": overdue[measure["pk"]],
                    OVERDUE_BY_COUNTRY: overdue_by_country.get(measure["pk"], {}),
                },
            }
        )
    return rows


def dimension_rollups(on, facts=None):
    facts = facts or Facts(on)
    sums, measures = defaultdict(ActivitySums), defaultdict(int)
    for measure in facts.measures:
        sums[measure["dimension_id"]] += facts.sums_of(measure["pk"])
        measures[measure["dimension_id"]] += 1
    return [
        {
            "object_id": dimension["pk"],
            "label": dimension["name"],
            "progress": sums[dimension["pk"]].average,
            "values": {"measures": measures[dimension["pk"]], **sums[dimension["pk"]].values()},
        }
        for dimension in Dimension.objects.order_by().values("pk", "name")
    ]


def priority_rollups(on, facts=None):
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


def body_rollups(on, facts=None):
    rows = MeetingBody.objects.order_by().annotate(**_decision_annotations("meetings__decisions", on))
    return [
        {
            "object_id": row["pk"],
            "label": row["code"],
            "progress": _percent(row["decision_progress"]),
            "values": {name: row[name] for name in DECISION_FIELDS},
        }
        for row in rows.values("pk", "code", "decision_progress", *DECISION_FIELDS)
    ]


def country_rollups(on, facts=None):
    facts = facts or Facts(on)
    coordinated = defaultdict(set)
    for country_id, measure_id in Coordination.objects.active(on).order_by().values_list("country_id", "measure_id"):
        coordinated[country_id].add(measure_id)
    overdue = facts.overdue_by(0)
    members = list(Country.objects.members_on(on).order_by("name").values("pk", "name", "iso2"))
    figures = _assigned_decision_figures([member["pk"] for member in members], on)
    result = []
    for member in members:
        row = {**member, **figures.get(member["pk"], {})}
        sums = ActivitySums()
        for measure_id in coordinated.get(row["pk"], ()):
            sums += facts.sums_of(measure_id)
        result.append(
            {
                "object_id": row["pk"],
                "label": row["name"],
                "progress": sums.average,
                "values": {
                    "iso2": row["iso2"],
                    "measures_coordinated": len(coordinated.get(row["pk"], ())),
                    "reports_overdue": overdue.get(row["pk"], 0),
                    "decision_progress": _percent(row.get("decision_progress")),
                    **{name: row.get(name, 0) for name in DECISION_FIELDS},
                },
            }
        )
    return result


ROLLUPS = {
    Scope.MEASURE: measure_rollups,
    Scope.DIMENSION: dimension_rollups,
    Scope.PRIORITY: priority_rollups,
    Scope.BODY: body_rollups,
    Scope.COUNTRY: country_rollups,
}


def compute_rollups(on=None):
    """{scope: [row, ...]} for day `on` (today by default): a fixed handful of grouped queries."""
    on = on or timezone.localdate()
    facts = Facts(on)
    return {scope: compute(on, facts) for scope, compute in ROLLUPS.items()}


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

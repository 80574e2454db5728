"""The demo's Catalogue at work and its history (used by referencedata.demo.DemoSeeder).

So that a first run shows what the portal is for: every dimension has measures with an approved plan and activities
in several states, every coordinating state's demo account has a measure with activities and a report, and the
roll-ups have a year of weekly history, so the dashboard's bars, its trend and the staff tables have something to
show. Dates are relative to today; rows are found again by natural keys, so a rerun duplicates nothing.

The history is demo data, not a reconstruction: each past week's snapshot is today's, its progress scaled down along
a steady climb (with a small, fixed wobble), so the trend reads as a year of work.
"""

import datetime
import math
from decimal import Decimal

from django.utils import timezone

from chairmanship.models import Country
from measures.choices import ActivityKind, ActivityStatus, PlanKind, PlanStatus, ReportStatus
from measures.models import ActionPlan, Activity, ImplementationReport, Measure
from reporting.choices import Scope
from reporting.models import StatusSnapshot

from .loader import lookup

A = ActivityStatus
K = ActivityKind
# measure code: (plan title, [(activity title, kind, start offset, days, host ISO code, venue, status, progress)])
PLANS = {
    "military-political-dimension": (
        None,  # the concept paper of referencedata.demo
        [
            ("Seminar on confidence building measures in the military sphere", K.SEMINAR, -95, 2, "KZ", "Astana",
             A.COMPLETED, 100),
            ("Exchange of information on planned military exercises", K.OTHER, -30, 90, "TR", "Ankara",
             A.IN_PROGRESS, 45),
            ("Visit of defence college delegations", K.EXPERT_MEETING, 20, 3, "TR", "Istanbul", A.POSTPONED, 10),
        ],
    ),
    "new-challenges-and-threats-general": (
        "Action plan on new challenges and threats",
        [
            ("Workshop on countering trafficking in persons", K.WORKSHOP, -150, 2, "TR", "Antalya", A.COMPLETED, 100),
            ("Training on countering money laundering", K.TRAINING, -14, 30, "AF", "Kabul", A.IN_PROGRESS, 40),
            ("Conference on transnational organized crime", K.CONFERENCE, 50, 2, "TR", "Ankara", A.PLANNED, 0),
            ("Expert meeting on small arms and light weapons", K.EXPERT_MEETING, -60, 1, "AF", "Kabul",
             A.CANCELLED, 0),
        ],
    ),
    "epidemiological-safety": (
        "Action plan on epidemiological safety",
        [
            ("Seminar on early warning of epidemics", K.SEMINAR, -120, 2, "CN", "Beijing", A.COMPLETED, 100),
            ("Exchange of laboratory experts", K.TRAINING, -20, 60, "JO", "Amman", A.IN_PROGRESS, 55),
            ("Round table on vaccine logistics", K.CONFERENCE, 35, 1, "CN", "Shanghai", A.PLANNED, 5),
        ],
    ),
    "information-technology": (
        None,  # the action plan of referencedata.demo
        [("Training on open data in public administration", K.TRAINING, -45, 5, "BD", "Dhaka", A.POSTPONED, 15)],
    ),
    "small-and-medium-enterprises": (
        "Action plan on small and medium enterprises",
        [
            ("Business forum of small and medium enterprises", K.CONFERENCE, -100, 2, "RU", "Kazan", A.COMPLETED, 100),
            ("Mentoring programme for exporting enterprises", K.TRAINING, -40, 120, "RU", "Moscow", A.IN_PROGRESS,
             35),
        ],
    ),
    "trade-and-investment": (
        "Action plan on trade and investment",
        [
            ("Seminar on trade facilitation", K.SEMINAR, -80, 2, "KG", "Bishkek", A.COMPLETED, 100),
            ("Investment climate survey of member states", K.OTHER, -25, 90, "KG", "Bishkek", A.IN_PROGRESS, 30),
            ("Expert meeting on single windows for trade", K.EXPERT_MEETING, 40, 1, "KG", "Cholpon-Ata", A.PLANNED,
             0),
        ],
    ),
    "environment": (
        "Action plan on the environment",
        [
            ("Workshop on air quality monitoring", K.WORKSHOP, -70, 2, "BD", "Dhaka", A.COMPLETED, 100),
            ("Exchange of practices on plastic waste", K.OTHER, 25, 2, "BD", "Chittagong", A.PLANNED, 0),
        ],
    ),
    "sustainable-development": (
        "Action plan on sustainable development",
        [
            ("Seminar on the circular economy", K.SEMINAR, -110, 2, "TH", "Bangkok", A.COMPLETED, 100),
            ("Training on green public procurement", K.TRAINING, -10, 30, "TH", "Chiang Mai", A.IN_PROGRESS, 50),
            ("Conference on water security", K.CONFERENCE, 70, 2, "TH", "Bangkok", A.PLANNED, 0),
        ],
    ),
    "natural-disaster-management": (
        "Action plan on natural disaster management",
        [("Joint exercise on flood response", K.OTHER, -35, 3, "BD", "Sylhet", A.COMPLETED, 100)],
    ),
    "human-dimension": (
        "Action plan on the human dimension",
        [
            ("Youth forum of CICA member states", K.CONFERENCE, -130, 3, "UZ", "Tashkent", A.COMPLETED, 100),
            ("Festival of the cultures of Asia", K.OTHER, -5, 10, "KZ", "Almaty", A.IN_PROGRESS, 60),
            ("Round table of think tanks", K.CONFERENCE, 45, 1, "IN", "New Delhi", A.PLANNED, 0),
        ],
    ),
}  # fmt: skip

# Reports of the coordinating states the base demo gives none: (measure code, ISO code, status, due offset, progress)
REPORTS = [
    ("new-challenges-and-threats-general", "AF", ReportStatus.DRAFT, 25, 30),
    ("epidemiological-safety", "JO", ReportStatus.ACCEPTED, -20, 60),
    ("trade-and-investment", "KG", ReportStatus.SUBMITTED, 3, 45),
]

HISTORY_WEEKS = 52
HISTORY_SCOPES = (Scope.MEASURE, Scope.DIMENSION, Scope.COUNTRY)
HISTORY_START = Decimal("0.35")  # a year ago, a row stood at this share of today's progress


class CatalogueDemo:
    """Mixed into referencedata.demo.DemoSeeder (which gives `sync`, `day`, `moment`, `today`, `officer`)."""

    def catalogue_at_work(self):
        year = self.today.year
        for code, (title, activities) in PLANS.items():
            measure = lookup(Measure, code=code)
            if title is None:
                plan = ActionPlan.objects.filter(measure=measure, version=1).first()
            else:
                plan = self.sync(
                    ActionPlan,
                    {"measure": measure, "kind": PlanKind.ACTION_PLAN, "version": 1},
                    {
                        "title": title,
                        "period_start": datetime.date(year - 1, 1, 1),
                        "period_end": datetime.date(year + 1, 12, 31),
                        "status": PlanStatus.APPROVED,
                        "approved_on": self.day(-330),
                    },
                )
            for name, kind, start, days, iso2, venue, status, progress in activities:
                self.sync(
                    Activity,
                    {"action_plan": plan, "title": name},
                    {
                        "kind": kind,
                        "start_on": self.day(start),
                        "end_on": self.day(start + days - 1),
                        "host_country": lookup(Country, iso2=iso2),
                        "venue": venue,
                        "status": status,
                        "progress": progress,
                    },
                )

    def more_reports(self, period_start, period_end):
        for code, iso2, status, due, progress in REPORTS:
            submitted = status != ReportStatus.DRAFT
            reviewed = status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
            key = {"measure": lookup(Measure, code=code), "country": lookup(Country, iso2=iso2)}
            self.sync(
                ImplementationReport,
                {**key, "period_start": period_start},
                {
                    "period_end": period_end,
                    "due_on": self.day(due),
                    "narrative": "Activities carried out in the period and plans for the next one (demo text).",
                    "progress": progress,
                    "status": status,
                    "submitted_at": self.moment(-12) if submitted else None,
                    "reviewed_at": self.moment(-6) if reviewed else None,
                    "reviewed_by": self.officer if reviewed else None,
                },
            )  # fmt: skip

    def rollup_history(self):
        """A year of weekly snapshots before today's (see the module's docstring); only days without snapshots of
        their own get one, so a real nightly run is never overwritten. Returns how many were written."""
        today = list(StatusSnapshot.objects.filter(date=self.today, scope__in=HISTORY_SCOPES))
        rows = []
        for week in range(1, HISTORY_WEEKS + 1):
            day = self.today - datetime.timedelta(weeks=week)
            share = 1 - (1 - HISTORY_START) * Decimal(week) / HISTORY_WEEKS
            computed_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(2)))
            for snapshot in today:
                progress = None
                if snapshot.progress is not None:
                    wobble = Decimal(round(math.sin(week + snapshot.object_id), 2))  # fixed, so reruns match
                    progress = max(Decimal(0), min(Decimal(100), snapshot.progress * share + wobble))
                    progress = progress.quantize(Decimal("0.01"))
                rows.append(
                    StatusSnapshot(
                        date=day,
                        scope=snapshot.scope,
                        object_id=snapshot.object_id,
                        label=snapshot.label,
                        progress=progress,
                        values=snapshot.values,
                        computed_at=computed_at,
                    )
                )
        StatusSnapshot.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        return len(rows)

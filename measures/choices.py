from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    UNDER_CONSIDERATION = "under_consideration", _("under consideration")
    ADOPTED = "adopted", _("adopted")
    RETIRED = "retired", _("retired")


class CoordinationRole(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    CO_COORDINATOR = "co_coordinator", _("co-coordinator")


class PlanKind(models.TextChoices):
    ACTION_PLAN = "action_plan", _("action plan")
    CONCEPT_PAPER = "concept_paper", _("concept paper")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    UNDER_REVIEW = "under_review", _("under review")
    APPROVED = "approved", _("approved")
    SUPERSEDED = "superseded", _("superseded")


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("workshop")
    SEMINAR = "seminar", _("seminar")
    TRAINING = "training", _("training")
    CONFERENCE = "conference", _("conference")
    EXPERT_MEETING = "expert_meeting", _("expert meeting")
    EXERCISE = "exercise", _("exercise")
    PUBLICATION = "publication", _("publication")
    OTHER = "other", _("other")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


# A report is "open" while it is with the coordinator: a draft, or returned by the Secretariat for changes.
OPEN_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# Reviewed by the Secretariat: accepted, or returned with feedback (the coordinators are told either way).
REVIEWED_REPORT_STATUSES = (ReportStatus.ACCEPTED, ReportStatus.RETURNED)

# Plans whose content partners and other states may read.
PUBLISHED_PLAN_STATUSES = (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)

# What counts towards a measure's implementation progress, everywhere it is shown (roll-ups, dashboard):
# live activities of the plan in force; cancelled activities and draft or superseded plans are left out.
COUNTED_ACTIVITY_STATUSES = [status for status in ActivityStatus.values if status != ActivityStatus.CANCELLED]
COUNTED_PLAN_STATUSES = [PlanStatus.APPROVED]

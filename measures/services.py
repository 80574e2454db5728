"""The one write path for the Catalogue's workflows: reports, action plans and measures.

Admin actions, portal views, API views and tasks call these functions. Each is atomic, checks that the
transition is allowed and raises ValidationError with a readable message when it is not. History is kept by
simple-history on save; `changed_by` is recorded on the history row.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.signals import transitioned

from .choices import REPORT_TRANSITIONS, MeasureStatus, PlanStatus, ReportStatus
from .models import ActionPlan, ImplementationReport, Measure

MEASURE_TRANSITIONS = {
    MeasureStatus.PROPOSED: {MeasureStatus.UNDER_CONSIDERATION},
    MeasureStatus.UNDER_CONSIDERATION: {MeasureStatus.ADOPTED, MeasureStatus.PROPOSED},
    MeasureStatus.ADOPTED: {MeasureStatus.RETIRED},
    MeasureStatus.RETIRED: set(),
}


def _check_transition(table, current, target, what):
    if target not in table.get(current, set()):
        raise ValidationError(
            {
                "status": _("A %(what)s cannot go from %(current)s to %(target)s.")
                % {"what": what, "current": current, "target": target}
            }
        )


def _locked(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


def _announce(obj, name, source, user):
    transitioned.send(type(obj), instance=obj, transition=name, source=source, target=obj.status, user=user)


def _save(obj, user, fields):
    obj._history_user = user
    obj.save(update_fields=[*fields, "updated"])
    return obj


@transaction.atomic
def submit_report(report, user):
    report = _locked(ImplementationReport, report)
    _check_transition(REPORT_TRANSITIONS, report.status, ReportStatus.SUBMITTED, _("report"))
    if not report.narrative.strip():
        raise ValidationError({"narrative": _("Describe the implementation before submitting.")})
    report.status, report.submitted_at = ReportStatus.SUBMITTED, timezone.now()
    return _save(report, user, ["status", "submitted_at"])


@transaction.atomic
def accept_report(report, user):
    report = _locked(ImplementationReport, report)
    _check_transition(REPORT_TRANSITIONS, report.status, ReportStatus.ACCEPTED, _("report"))
    source = report.status
    report.status, report.reviewed_at, report.reviewed_by = ReportStatus.ACCEPTED, timezone.now(), user
    _save(report, user, ["status", "reviewed_at", "reviewed_by"])
    _announce(report, "accept", source, user)
    return report


@transaction.atomic
def return_report(report, user, feedback):
    report = _locked(ImplementationReport, report)
    _check_transition(REPORT_TRANSITIONS, report.status, ReportStatus.RETURNED, _("report"))
    if not (feedback or "").strip():
        raise ValidationError({"feedback": _("Say why the report is returned.")})
    source = report.status
    report.status, report.feedback = ReportStatus.RETURNED, feedback.strip()
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    _save(report, user, ["status", "feedback", "reviewed_at", "reviewed_by"])
    _announce(report, "return", source, user)
    return report


@transaction.atomic
def approve_action_plan(plan, user, approved_on=None):
    plan = _locked(ActionPlan, plan)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.UNDER_REVIEW):
        raise ValidationError({"status": _("Only a draft or a plan under review can be approved.")})
    plan.status, plan.approved_on = PlanStatus.APPROVED, approved_on or timezone.localdate()
    _save(plan, user, ["status", "approved_on"])
    for older in ActionPlan.objects.filter(
        measure_id=plan.measure_id, kind=plan.kind, status=PlanStatus.APPROVED, version__lt=plan.version
    ):
        older.status = PlanStatus.SUPERSEDED
        _save(older, user, ["status"])
    return plan


@transaction.atomic
def advance_measure(measure, user, target, on=None):
    """Move a measure through proposal, consideration and adoption (or retirement)."""
    measure = _locked(Measure, measure)
    _check_transition(MEASURE_TRANSITIONS, measure.status, target, _("measure"))
    measure.status = target
    fields = ["status"]
    if target == MeasureStatus.ADOPTED:
        measure.adopted_on = on or timezone.localdate()
        fields.append("adopted_on")
    return _save(measure, user, fields)


def change_report_status(report, user, target, feedback=""):
    """Move a report to `target` through the matching workflow step (for forms and APIs that send a status)."""
    if target == report.status:
        return report
    if target == ReportStatus.SUBMITTED:
        return submit_report(report, user)
    if target == ReportStatus.ACCEPTED:
        return accept_report(report, user)
    if target == ReportStatus.RETURNED:
        return return_report(report, user, feedback or report.feedback)
    _check_transition(REPORT_TRANSITIONS, report.status, target, _("report"))

"""The Catalogue's workflows: implementation reports, action plans and measures (registered from MeasuresConfig.ready).

report   draft --submit--> submitted --accept--> accepted
         returned --submit--> submitted --return--> returned
plan     draft --send for review--> under review --approve--> approved --supersede--> superseded
         draft --approve--> approved;  under review --back to draft--> draft
measure  proposed --consider--> under consideration --adopt--> adopted --retire--> retired
         under consideration --send back--> proposed
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.permissions import may_change
from core.workflows import Transition, Workflow, register

from .choices import MeasureStatus, PlanStatus, ReportStatus
from .models import ActionPlan, ImplementationReport, Measure

# Reports ------------------------------------------------------------------------------------------------------


def reporting_state(user, report):
    """Staff, or a coordinator of the report's country while it coordinates the report's measure."""
    return may_change(user, report)


def _narrative_given(report, data):
    """A narrative."""
    if not report.narrative.strip():
        raise ValidationError({"narrative": _("Describe the implementation before submitting.")})


def _stamp_submission(report, user, data):
    """The time of submission."""
    report.submitted_at = timezone.now()
    return ["submitted_at"]


def _stamp_review(report, user, data):
    """Who reviewed it and when."""
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    return ["reviewed_at", "reviewed_by"]


def _feedback_given(report, data):
    """Feedback saying why."""
    if not (data.get("feedback") or report.feedback).strip():
        raise ValidationError({"feedback": _("Say why the report is returned.")})


def _stamp_return(report, user, data):
    """The feedback, who reviewed it and when."""
    report.feedback = (data.get("feedback") or report.feedback).strip()
    return ["feedback", *_stamp_review(report, user, data)]


S = ReportStatus
REPORT_WORKFLOW = register(
    ImplementationReport,
    Workflow(
        states=S,
        initial=[S.DRAFT],
        noun=gettext_lazy("report"),
        transitions=[
            Transition(
                "submit",
                (S.DRAFT, S.RETURNED),
                S.SUBMITTED,
                gettext_lazy("Submit"),
                "submitted",
                allowed=reporting_state,
                check=_narrative_given,
                apply=_stamp_submission,
            ),
            Transition("accept", (S.SUBMITTED,), S.ACCEPTED, gettext_lazy("Accept"), "accepted", apply=_stamp_review),
            Transition(
                "return",
                (S.SUBMITTED,),
                S.RETURNED,
                gettext_lazy("Return with feedback"),
                "returned",
                check=_feedback_given,
                apply=_stamp_return,
                inputs=("feedback",),
            ),
        ],
    ),
)

# Action plans -------------------------------------------------------------------------------------------------


def _stamp_approval(plan, user, data):
    """The approval date (today unless given)."""
    plan.approved_on = data.get("approved_on") or timezone.localdate()
    return ["approved_on"]


def _supersede_older_versions(plan, user, data):
    """Older approved versions of the plan are superseded."""
    older = ActionPlan.objects.filter(
        measure_id=plan.measure_id, kind=plan.kind, status=PlanStatus.APPROVED, version__lt=plan.version
    )
    for previous in older.order_by("version"):
        PLAN_WORKFLOW.take(previous, user, "supersede")


P = PlanStatus
PLAN_WORKFLOW = register(
    ActionPlan,
    Workflow(
        states=P,
        initial=[P.DRAFT],
        noun=gettext_lazy("action plan"),
        transitions=[
            Transition(
                "send_for_review", (P.DRAFT,), P.UNDER_REVIEW, gettext_lazy("Send for review"), "sent_for_review"
            ),
            Transition("back_to_draft", (P.UNDER_REVIEW,), P.DRAFT, gettext_lazy("Back to draft"), "returned_to_draft"),
            Transition(
                "approve",
                (P.DRAFT, P.UNDER_REVIEW),
                P.APPROVED,
                gettext_lazy("Approve"),
                "approved",
                apply=_stamp_approval,
                after=_supersede_older_versions,
                inputs=("approved_on",),
            ),
            Transition("supersede", (P.APPROVED,), P.SUPERSEDED, gettext_lazy("Supersede"), "superseded"),
        ],
    ),
)

# Measures -----------------------------------------------------------------------------------------------------


def _stamp_adoption(measure, user, data):
    """The adoption date (today unless given)."""
    measure.adopted_on = data.get("adopted_on") or timezone.localdate()
    return ["adopted_on"]


M = MeasureStatus
MEASURE_WORKFLOW = register(
    Measure,
    Workflow(
        states=M,
        initial=[M.PROPOSED],
        noun=gettext_lazy("measure"),
        transitions=[
            Transition(
                "consider", (M.PROPOSED,), M.UNDER_CONSIDERATION, gettext_lazy("Put under consideration"), "considered"
            ),
            Transition("send_back", (M.UNDER_CONSIDERATION,), M.PROPOSED, gettext_lazy("Send back"), "sent_back"),
            Transition(
                "adopt",
                (M.UNDER_CONSIDERATION,),
                M.ADOPTED,
                gettext_lazy("Adopt"),
                "adopted",
                apply=_stamp_adoption,
                inputs=("adopted_on",),
            ),
            Transition("retire", (M.ADOPTED,), M.RETIRED, gettext_lazy("Retire"), "retired", destructive=True),
        ],
    ),
)

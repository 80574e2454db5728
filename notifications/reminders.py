"""The built-in kinds of reminder, one declaration each (see notifications/registry.py).

Each reads the domain through the models' own querysets (`ImplementationReport.objects.open()`,
`Meeting.objects.upcoming()`, ...); the domain apps never import this module.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from chairmanship.models import Country
from measures.models import ActionPlan, ImplementationReport
from participation.models import Registration
from relations.models import Agreement
from secretariat.models import Decision, Meeting

from .registry import ALL_COORDINATORS, SECRETARIAT, Reminder, countries, focal_points_of, register


def open_reports():
    return ImplementationReport.objects.open().select_related("measure", "country")


def reporting_country(report, context):
    return countries(report.country_id)


def describe_report(report):
    return f"{report.measure.localized_title} – {report.country.localized_name}"


def upcoming_meetings():
    return Meeting.objects.upcoming().select_related("body", "host_country").with_participating()


def delegations(meeting, context):
    """The states of the participating (accredited) delegations; every coordinator while none is accredited yet."""
    attending = [country.pk for country in meeting.participating_countries()]
    return countries(*attending) if attending else ALL_COORDINATORS


def host(meeting, context):
    return countries(meeting.host_country_id)


def open_decisions():
    return Decision.objects.open().select_related("meeting__body", "responsible_country", "measure")


def describe_decision(decision):
    return decision.label


def decision_assignees(decisions, on):
    """The member states that must implement each decision (Decision.objects.assigned_to, the one rule)."""
    members = Country.objects.members_on(on).values_list("pk", flat=True)
    return Decision.objects.filter(pk__in=[d.pk for d in decisions]).assignees(list(members), on)


def decision_states(decision, context):
    """The coordinators of the states that must implement the decision: those told on their dashboard, and the
    only ones its workflow lets start it or mark it implemented."""
    return countries(*context.assigned(decision))


def decision_responsible(decision, context):
    """The states that must implement it; the Secretariat follows up the decisions assigned to no single state
    (those addressed to the Secretariat or to all member states)."""
    states = decision_states(decision, context)
    return states if states.countries else SECRETARIAT


def approved_plans():
    return ActionPlan.objects.approved().select_related("measure")


def plan_coordinators(plan, context):
    return countries(*context.coordinating(plan.measure_id))


def describe_plan(plan):
    return f"{plan.title} ({plan.measure.localized_title})"


def current_agreements():
    return Agreement.objects.current().select_related("partner")


def relations_staff(agreement, context):
    """The Secretariat keeps the relations with partner organizations: it is the responsible party."""
    return SECRETARIAT


# A coordinator must act on an overdue report or decision of their country: they cannot switch those off.
STAFF_ONLY = (Role.SECRETARIAT,)

REPORT_DUE = register(
    Reminder(
        "report_due",
        _("implementation report due"),
        rows=open_reports,
        date_field="due_on",
        coordinators=reporting_country,
        responsible=reporting_country,
        describe=describe_report,
    )
)
REPORT_OVERDUE = register(
    Reminder(
        "report_overdue",
        _("implementation report overdue"),
        rows=open_reports,
        date_field="due_on",
        overdue=True,
        coordinators=reporting_country,
        responsible=reporting_country,
        describe=describe_report,
        opt_out_roles=STAFF_ONLY,
    )
)
MEETING_DOCUMENTS = register(
    Reminder(
        "meeting_documents",
        _("meeting documents deadline"),
        rows=upcoming_meetings,
        date_field="document_deadline",
        coordinators=delegations,
        responsible=host,
    )
)
MEETING_UPCOMING = register(
    Reminder(
        "meeting_upcoming",
        _("meeting upcoming"),
        rows=upcoming_meetings,
        date_field="start_on",
        coordinators=delegations,
        responsible=host,
    )
)
DECISION_DUE = register(
    Reminder(
        "decision_due",
        _("decision deadline near"),
        rows=open_decisions,
        date_field="deadline",
        assignees=decision_assignees,
        coordinators=decision_states,
        responsible=decision_responsible,
        describe=describe_decision,
    )
)
DECISION_OVERDUE = register(
    Reminder(
        "decision_overdue",
        _("decision overdue"),
        rows=open_decisions,
        date_field="deadline",
        overdue=True,
        assignees=decision_assignees,
        coordinators=decision_states,
        responsible=decision_responsible,
        describe=describe_decision,
        opt_out_roles=STAFF_ONLY,
    )
)
PLAN_ENDING = register(
    Reminder(
        "plan_ending",
        _("action plan period ending"),
        rows=approved_plans,
        date_field="period_end",
        coordinators=plan_coordinators,
        responsible=plan_coordinators,
        describe=describe_plan,
    )
)
AGREEMENT_EXPIRY = register(
    Reminder(
        "agreement_expiry",
        _("agreement (MoU) expiry near"),
        rows=current_agreements,
        date_field="expires_on",
        responsible=relations_staff,
        roles=STAFF_ONLY,
    )
)
AGREEMENT_RENEWAL = register(
    Reminder(
        "agreement_renewal",
        _("agreement (MoU) renewal near"),
        rows=current_agreements,
        date_field="renewal_on",
        responsible=relations_staff,
        roles=STAFF_ONLY,
    )
)


def registrations_open():
    """Registrations still taking nominations, with their deadline's day in Astana time (`deadline_day`)."""
    return Registration.objects.open().with_deadline_day().select_related("meeting__body")


def states_not_nominated(registration, context):
    """The focal points of the invited states that have not nominated (Registration.missing_nominations): a state
    that has submitted its delegation hears nothing."""
    return focal_points_of(*registration.missing_nominations().values_list("pk", flat=True))


def describe_registration(registration):
    meeting = registration.meeting
    return f"{meeting.body.localized_name} ({meeting.body.code} {meeting.number})"


NOMINATION_DUE = register(
    Reminder(
        "nomination_due",
        _("delegation nomination due"),
        rows=registrations_open,
        date_field="deadline_day",
        coordinators=states_not_nominated,
        responsible=states_not_nominated,
        describe=describe_registration,
        measure=lambda registration: None,
        opt_out_roles=(Role.COORDINATOR, Role.FOCAL_POINT, Role.SECRETARIAT),
        roles=(Role.COORDINATOR, Role.FOCAL_POINT, Role.SECRETARIAT),
    )
)

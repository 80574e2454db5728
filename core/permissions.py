"""Who may see and change what: the one place the portal's permission rules live.

Every door (API viewsets, portal views, admin querysets) asks the same two questions through the querysets:
``Model.objects.visible_to(user)`` and ``Model.objects.editable_by(user)`` (see ``RestrictedQuerySetMixin``), or,
for a model without its own queryset class, ``restrict(queryset, user, action)``. The idea is NetBox's
``RestrictedQuerySet.restrict(user, action)``; the rules are written down once, in ``RULES`` below.

The rules:

- Secretariat staff (``user.is_secretariat``) read and write everything.
- A coordinator reads published data plus their own country's drafts; writes implementation reports and activities
  only for measures their country (co-)coordinates, and updates the progress of decisions assigned to their country.
- A partner system (service account) reads published data only: accepted reports, activities of approved plans,
  public documents. It never writes.
- Nobody else (anonymous, inactive) sees anything.

"Published" per model: a report is published once accepted (submitted ones are internal until then); an action plan
and its activities once the plan is approved (or superseded by a newer version); a document when its distribution is
public (member-state distribution is also open to coordinators, who act for member states); reference data, meetings
and decisions are always published.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q

from measures.choices import REPORT_TRANSITIONS, PlanStatus, ReportStatus
from secretariat.choices import DecisionStatus, Distribution

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)

NOTHING = Q(pk__in=[])
EVERYTHING = Q()

PUBLISHED_PLAN_STATUSES = (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)
# The statuses a coordinator may give a report, and the statuses a report may have for a coordinator to edit it.
COORDINATOR_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.SUBMITTED)
COORDINATOR_EDITABLE_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# What a coordinator may say about a decision assigned to their country.
COORDINATOR_DECISION_STATUSES = (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS, DecisionStatus.IMPLEMENTED)


def is_staff(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_secretariat)


def is_coordinator(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_coordinator and user.country_id)


def is_reader(user):
    """Signed in and allowed to read published data: staff, coordinators and partner systems."""
    return bool(user and user.is_authenticated and user.is_active)


def coordinated_measure_ids(user, prefix="measure_id"):
    """Q for rows whose measure `user`'s country coordinates or co-coordinates today."""
    coordination = apps.get_model("measures", "Coordination")
    return Q(**{f"{prefix}__in": coordination.objects.active().filter(country_id=user.country_id).values("measure_id")})


# Rules: action -> function(user) -> Q, for a signed-in, active user who is not Secretariat staff.
# A missing action means "nobody but the Secretariat"; a missing model means "readable by every reader".


def _report_view(user):
    published = Q(status=ReportStatus.ACCEPTED)
    return published | Q(country_id=user.country_id) if is_coordinator(user) else published


def _report_change(user):
    if not is_coordinator(user):
        return NOTHING
    return _report_own(user) & Q(status__in=COORDINATOR_EDITABLE_REPORT_STATUSES)


def _report_own(user):
    """The reports a coordinator may have created or saved: their country's, on a measure it coordinates."""
    if not is_coordinator(user):
        return NOTHING
    return Q(country_id=user.country_id) & coordinated_measure_ids(user)


def _plan_view(user):
    published = Q(status__in=PUBLISHED_PLAN_STATUSES)
    return published | coordinated_measure_ids(user) if is_coordinator(user) else published


def _activity_view(user):
    published = Q(action_plan__status__in=PUBLISHED_PLAN_STATUSES)
    if is_coordinator(user):
        return published | coordinated_measure_ids(user, "action_plan__measure_id")
    return published


def _activity_change(user):
    return coordinated_measure_ids(user, "action_plan__measure_id") if is_coordinator(user) else NOTHING


def _document_view(user):
    if is_coordinator(user):
        return Q(distribution__in=(Distribution.PUBLIC, Distribution.MEMBER_STATES))
    return Q(distribution=Distribution.PUBLIC)


def _language_version_view(user):
    return Q(document__in=restrict(apps.get_model("secretariat", "Document").objects.all(), user, VIEW))


def _decision_change(user):
    return Q(responsible_country_id=user.country_id) if is_coordinator(user) else NOTHING


def _attachment_view(user):
    return Q(report__in=restrict(apps.get_model("measures", "ImplementationReport").objects.all(), user, VIEW))


def _attachment_add(user):
    return Q(report__in=restrict(apps.get_model("measures", "ImplementationReport").objects.all(), user, CHANGE))


@dataclass(frozen=True)
class Rule:
    """The rows a non-staff user may see, add and change. `add` is checked on the saved row, before commit."""

    view: object = None
    add: object = None
    change: object = None
    delete: object = None

    def q(self, user, action):
        if action == VIEW:
            return self.view(user) if self.view else EVERYTHING
        rule = getattr(self, action)
        return rule(user) if rule else NOTHING


RULES = {
    "measures.implementationreport": Rule(view=_report_view, add=_report_own, change=_report_change),
    "measures.reportattachment": Rule(view=_attachment_view, add=_attachment_add),
    "measures.actionplan": Rule(view=_plan_view),
    "measures.activity": Rule(view=_activity_view, add=_activity_change, change=_activity_change),
    "secretariat.document": Rule(view=_document_view),
    "secretariat.documentlanguageversion": Rule(view=_language_version_view),
    "secretariat.decision": Rule(change=_decision_change),
}
DEFAULT_RULE = Rule()


def rule_for(model):
    return RULES.get(model._meta.label_lower, DEFAULT_RULE)


def restrict(queryset, user, action=VIEW):
    """The rows of `queryset` that `user` may act on with `action` (view, add, change, delete)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if is_staff(user):
        return queryset
    if not is_reader(user) or (action != VIEW and not is_coordinator(user)):
        return queryset.none()
    return queryset.filter(rule_for(queryset.model).q(user, action))


def may(user, action, model):
    """May `user` ever perform `action` on rows of `model`? (The row-level answer comes from `restrict`.)"""
    if is_staff(user):
        return True
    if not is_reader(user):
        return False
    if action == VIEW:
        return True
    return is_coordinator(user) and getattr(rule_for(model), action) is not None


def allowed_report_statuses(user, current=None):
    """The statuses `user` may give a report whose status is now `current` (None: a new report)."""
    # Keeping the status is always allowed; a new report starts as a draft and may be submitted at once.
    allowed = {current, *REPORT_TRANSITIONS[current]} if current else {ReportStatus.DRAFT, ReportStatus.SUBMITTED}
    if is_staff(user):
        return allowed
    return allowed & set(COORDINATOR_REPORT_STATUSES) if is_coordinator(user) else set()


def decision_fields_for(user):
    """The decision fields `user` may write: all for staff, progress and status for an assigned coordinator."""
    if is_staff(user):
        return None
    return ("progress", "status") if is_coordinator(user) else ()


class RestrictedQuerySetMixin:
    """Adds `visible_to(user)` and `editable_by(user)` to a model's queryset, both answered by `restrict`."""

    def visible_to(self, user):
        return restrict(self, user, VIEW)

    def editable_by(self, user):
        return restrict(self, user, CHANGE)

    def restrict(self, user, action=VIEW):
        return restrict(self, user, action)


class RestrictedQuerySet(RestrictedQuerySetMixin, models.QuerySet):
    pass


def may_keep(user, instance):
    """After a write (inside its transaction): may `user` leave this row as it now is?

    Checked on the saved row so that one rule covers creating and changing: a coordinator may save a report only
    for their own country and a measure it coordinates, whatever the request said.
    """
    rule = rule_for(type(instance))
    action = ADD if rule.add is not None else CHANGE
    return restrict(type(instance).objects.filter(pk=instance.pk), user, action).exists()

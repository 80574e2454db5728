"""One answer to "the decisions a country must implement" (Decision.objects.assigned_to): for every coordinator of
the demo set and every open decision, the dashboard lists it under "Open decisions assigned to us", the decision
reminders address them, and the workflow lets them start it or mark it implemented: all three, or none."""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, User
from notifications import services
from notifications.models import ReminderRule
from notifications.registry import stage_for_lead
from secretariat.choices import ResponsibleParty
from secretariat.models import Decision
from secretariat.workflows import DECISION_WORKFLOW
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

ACTING_STEPS = {"start", "implement"}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", password="demo-pass-123", stdout=StringIO())


def reminded(kind, decisions, today):
    """{decision id: ids of the coordinators the reminder of `kind` addresses}, every audience flag on."""
    rule = ReminderRule(kind=kind, lead_days="7", notify_coordinators=True, notify_responsible=True)
    items = [SimpleNamespace(obj=d, stage=stage_for_lead(7), due_on=d.deadline) for d in decisions]
    resolved = services.Recipients(today).resolve(rule, items)
    return {item.obj.pk: {u.pk for u in users if u.role == Role.COORDINATOR} for item, users in resolved}


def test_dashboard_reminders_and_workflow_agree_on_every_open_decision(demo):
    today = timezone.localdate()
    decisions = list(Decision.objects.open().select_related("meeting__body", "measure", "responsible_country"))
    coordinators = list(User.objects.filter(role=Role.COORDINATOR, is_active=True).select_related("country"))
    parties = {d.responsible_party for d in decisions}
    # The demo set must exercise every kind of addressee, or this test would prove less than it says.
    assert {ResponsibleParty.MEMBER_STATE, ResponsibleParty.COORDINATORS, ResponsibleParty.CHAIR} <= parties
    assert len(coordinators) >= 5
    reminders = {kind: reminded(kind, decisions, today) for kind in ("decision_due", "decision_overdue")}

    disagreements, acted_on = [], 0
    for user in coordinators:
        listed = {d.pk for d in signed_in(user).get("/portal/").context["decisions"]}
        for decision in decisions:
            on_dashboard = decision.pk in listed
            steps = {t.name for t in DECISION_WORKFLOW.available(decision, user)}
            may_act = bool(steps & ACTING_STEPS)
            told = {kind: user.pk in audience[decision.pk] for kind, audience in reminders.items()}
            if not (on_dashboard == may_act == told["decision_due"] == told["decision_overdue"]):
                disagreements.append(f"{user} / {decision.label}: dashboard {on_dashboard}, steps {steps}, {told}")
            acted_on += may_act
    assert disagreements == []
    assert acted_on > 0, "no coordinator of the demo set has a decision to act on"

"""Every declared event is announced by the step or save it names, with the record as the API serves it; rows
written as data (reference data, the demo set, fixtures) are not announced."""

import datetime

import pytest

from measures.workflows import MEASURE_WORKFLOW, PLAN_WORKFLOW
from relations.workflows import AGREEMENT_WORKFLOW
from secretariat import services as secretariat_services
from secretariat.workflows import DECISION_WORKFLOW, MEETING_WORKFLOW
from tests import factories
from webhooks import events, services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("tasks_in_process")]


@pytest.fixture
def received(receiver, subscribe, officer):
    """The types of the events a Secretariat-owned subscription to everything receives (all verified)."""
    subscribe(*events.event_types(), owner=officer)

    def types():
        assert all(r.verified for r in receiver.received)
        return [(r.type, r.payload["data"]["id"]) for r in receiver.accepted()]

    return types


def test_the_declared_events_are_those_partners_were_promised():
    assert events.event_types() == [
        "report.submitted",
        "report.accepted",
        "report.returned",
        "plan.approved",
        "measure.adopted",
        "measure.retired",
        "measure.proposed",
        "activity.updated",
        "meeting.concluded",
        "meeting.created",
        "meeting.updated",
        "decision.referred",
        "decision.implemented",
        "decision.created",
        "decision.updated",
        "document.published",
        "document.revised",
        "agreement.signed",
        "agreement.expired",
        "agreement.expiring",
        "registration.opened",
        "registration.updated",
        "delegation.submitted",
        "delegation.accredited",
        "delegation.returned",
        "speakers-list.closed",
        "speakers-list.reopened",
        "inscription.spoke",
        "inscription.created",
        "statement.published",
        "silence.started",
        "silence.broken",
        "silence.concluded",
    ]


def test_measures_plans_and_activities(received, officer):
    measure = factories.MeasureFactory.build(dimension=factories.DimensionFactory(), status="proposed", adopted_on=None)
    measure.save()
    MEASURE_WORKFLOW.take(measure, officer, "consider")
    MEASURE_WORKFLOW.take(measure, officer, "adopt")
    MEASURE_WORKFLOW.take(measure, officer, "retire")
    plan = factories.ActionPlanFactory(status="draft", approved_on=None)
    PLAN_WORKFLOW.take(plan, officer, "approve")
    activity = factories.ActivityFactory(action_plan=plan)
    activity.title = "Workshop on border security"
    activity.save()

    assert received() == [
        ("measure.proposed", measure.pk),
        ("measure.adopted", measure.pk),
        ("measure.retired", measure.pk),
        ("plan.approved", plan.pk),
        ("activity.updated", activity.pk),
    ]


def test_meetings_and_decisions(received, officer):
    meeting = factories.MeetingFactory.build(
        body=factories.MeetingBodyFactory(), host_country=factories.CountryFactory()
    )
    meeting.save()
    meeting.venue = "Astana"
    meeting.save()
    decision = factories.DecisionFactory.build(meeting=meeting)
    decision.save()
    decision.text = "The meeting agreed to proceed at once."
    decision.save()
    DECISION_WORKFLOW.take(decision, officer, "implement", progress=100)
    MEETING_WORKFLOW.take(meeting, officer, "conclude")

    assert received() == [
        ("meeting.created", meeting.pk),
        ("meeting.updated", meeting.pk),
        ("decision.created", decision.pk),
        ("decision.updated", decision.pk),
        ("decision.implemented", decision.pk),
        ("meeting.concluded", meeting.pk),
    ], "a step is announced once, by its own event, not also as an update"


def test_documents_published_and_revised(received, officer):
    document = factories.DocumentFactory.build(meeting=factories.MeetingFactory(), distribution="public")
    document.save()
    revision = secretariat_services.issue_revision(document, officer, "revision")

    assert received() == [("document.published", document.pk), ("document.revised", revision.pk)]


def test_agreements_signed_expiring_and_expired(received, officer):
    agreement = factories.AgreementFactory(
        status="under_negotiation", signed_on=None, signed_at="", entry_into_force_on=None
    )
    AGREEMENT_WORKFLOW.take(agreement, officer, "sign", signed_on=datetime.date(2024, 5, 1), signed_at="Astana")
    today = datetime.date(2025, 3, 1)
    expiring = factories.AgreementFactory(expires_on=today + datetime.timedelta(days=30))
    assert services.announce_expiring_agreements(today) == 1
    assert services.announce_expiring_agreements(today) == 0, "once per agreement"
    AGREEMENT_WORKFLOW.take(expiring, officer, "expire")

    assert received() == [
        ("agreement.signed", agreement.pk),
        ("agreement.expiring", expiring.pk),
        ("agreement.expired", expiring.pk),
    ]


def test_rows_written_as_data_are_not_announced(received):
    factories.MeetingFactory()
    factories.DecisionFactory()
    assert received() == []


def test_lists_of_speakers_inscriptions_and_statements(received, officer, kz_focal_point, kazakhstan):
    """A focal point's inscription is announced as created; staff's steps by their verbs (issue 21)."""
    from django.core.files.base import ContentFile

    from speakers.models import Inscription, Statement
    from speakers.workflows import INSCRIPTION_WORKFLOW, LIST_WORKFLOW, STATEMENT_WORKFLOW

    speakers_list = factories.SpeakersListFactory()
    factories.accredited_delegation(speakers_list.agenda_item.meeting, kazakhstan)
    inscription = Inscription(speakers_list=speakers_list, country=kazakhstan, inscribed_by=kz_focal_point)
    inscription.save()
    LIST_WORKFLOW.take(speakers_list, officer, "close")
    INSCRIPTION_WORKFLOW.take(inscription, officer, "mark_spoke")
    pdf = ContentFile(b"%PDF-1.4 statement", name="statement.pdf")
    statement = Statement(speakers_list=speakers_list, country=kazakhstan, file=pdf)
    statement.save()
    STATEMENT_WORKFLOW.take(statement, officer, "publish")

    assert received() == [
        ("inscription.created", inscription.pk),
        ("speakers-list.closed", speakers_list.pk),
        ("inscription.spoke", inscription.pk),
        ("statement.published", statement.pk),
    ]

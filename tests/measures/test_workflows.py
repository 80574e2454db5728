"""The Catalogue's workflows (measures/workflows.py): each step from the stored state, by whom it is allowed, what it
needs and what it records; anything else is refused with the current status and the moves open to the user."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.workflows import AlreadyDone, TransitionRefused
from measures.models import ImplementationReport
from measures.workflows import MEASURE_WORKFLOW, PLAN_WORKFLOW, REPORT_WORKFLOW
from tests.factories import ActionPlanFactory, ImplementationReportFactory, MeasureFactory

pytestmark = pytest.mark.django_db


class TestReportWorkflow:
    def test_a_draft_is_submitted_then_accepted_and_each_step_names_who_took_it(self, kz_coordinator, officer):
        report = ImplementationReportFactory(country=kz_coordinator.country)
        REPORT_WORKFLOW.take(report, kz_coordinator, "submit")
        accepted = REPORT_WORKFLOW.take(report, officer, "accept")
        assert accepted.status == "accepted" and accepted.reviewed_by == officer
        history = list(accepted.history.order_by("history_date").values_list("status", "history_user__username"))
        assert history[-2:] == [("submitted", "coord-kz"), ("accepted", "officer")]
        assert list(accepted.history.order_by("history_date").values_list("history_change_reason", flat=True))[-2:] == [
            "Submit",
            "Accept",
        ]

    def test_a_returned_report_carries_feedback_and_can_be_resubmitted(self, officer):
        report = ImplementationReportFactory(status="submitted")
        REPORT_WORKFLOW.take(report, officer, "return", feedback="Please add the activities of the second quarter.")
        report.refresh_from_db()
        assert (report.status, report.feedback) == ("returned", "Please add the activities of the second quarter.")
        assert REPORT_WORKFLOW.take(report, officer, "submit").status == "submitted"

    def test_returning_without_feedback_is_refused_and_changes_nothing(self, officer):
        report = ImplementationReportFactory(status="submitted")
        with pytest.raises(ValidationError) as err:
            REPORT_WORKFLOW.take(report, officer, "return", feedback=" ")
        assert "feedback" in err.value.message_dict
        report.refresh_from_db()
        assert report.status == "submitted"

    def test_only_a_submitted_report_can_be_accepted_and_the_refusal_names_the_moves(self, officer):
        report = ImplementationReportFactory(status="draft")
        with pytest.raises(TransitionRefused) as err:
            REPORT_WORKFLOW.take(report, officer, "accept")
        assert err.value.message_dict["status"] == [
            "A report cannot go from draft to accepted. It is draft; the moves open to you are: submitted."
        ]

    def test_accepting_twice_is_already_done_and_records_one_review(self, officer):
        report = ImplementationReportFactory(status="submitted")
        REPORT_WORKFLOW.take(report, officer, "accept")
        with pytest.raises(AlreadyDone, match="already accepted"):
            REPORT_WORKFLOW.take(report, officer, "accept")  # from the caller's stale copy: the step re-reads
        assert report.history.filter(status="accepted").count() == 1

    def test_a_coordinator_cannot_accept_even_their_own_report(self, kz_coordinator):
        report = ImplementationReportFactory(country=kz_coordinator.country, status="submitted")
        with pytest.raises(TransitionRefused, match="“Accept” is not yours to take"):
            REPORT_WORKFLOW.take(report, kz_coordinator, "accept")

    def test_an_empty_report_cannot_be_submitted(self, officer):
        with pytest.raises(ValidationError) as err:
            REPORT_WORKFLOW.take(ImplementationReportFactory(narrative=""), officer, "submit")
        assert "narrative" in err.value.message_dict

    def test_the_status_cannot_be_written_by_a_plain_save(self):
        report = ImplementationReportFactory(status="submitted")
        report.status = "accepted"
        with pytest.raises(TransitionRefused, match="changes only through its workflow steps"):
            report.save()
        assert ImplementationReport.objects.get(pk=report.pk).status == "submitted"

    def test_a_new_report_starts_as_a_draft(self, kz_coordinator):
        report = ImplementationReportFactory.build(
            measure=MeasureFactory(), country=kz_coordinator.country, status="accepted"
        )
        with pytest.raises(TransitionRefused, match="starts as draft"):
            report.save()


def test_approving_a_new_plan_supersedes_the_older_approved_version(officer):
    old = ActionPlanFactory(version=1)
    new = ActionPlanFactory(measure=old.measure, version=2, status="draft", approved_on=None)
    PLAN_WORKFLOW.take(new, officer, "approve", approved_on=datetime.date(2021, 6, 1))
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status, new.approved_on) == ("superseded", "approved", datetime.date(2021, 6, 1))


def test_a_proposed_measure_is_considered_then_adopted(officer):
    measure = MeasureFactory(status="proposed", adopted_on=None)
    MEASURE_WORKFLOW.take(measure, officer, "consider")
    adopted = MEASURE_WORKFLOW.take(measure, officer, "adopt", adopted_on=datetime.date(2021, 10, 12))
    assert (adopted.status, adopted.adopted_on) == ("adopted", datetime.date(2021, 10, 12))


def test_a_proposed_measure_cannot_skip_consideration(officer):
    with pytest.raises(TransitionRefused, match="cannot go from proposed to adopted"):
        MEASURE_WORKFLOW.take(MeasureFactory(status="proposed", adopted_on=None), officer, target="adopted")

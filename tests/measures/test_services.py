import datetime

import pytest
from django.core.exceptions import ValidationError

from measures import services
from tests.factories import ActionPlanFactory, ImplementationReportFactory, MeasureFactory

pytestmark = pytest.mark.django_db


class TestReportWorkflow:
    def test_a_draft_is_submitted_then_accepted_and_the_history_names_who(self, kz_coordinator, officer):
        report = ImplementationReportFactory(country=kz_coordinator.country)
        services.submit_report(report, kz_coordinator)
        accepted = services.accept_report(report, officer)
        assert accepted.status == "accepted" and accepted.reviewed_by == officer
        history = list(accepted.history.order_by("history_date").values_list("status", "history_user__username"))
        assert history[-2:] == [("submitted", "coord-kz"), ("accepted", "officer")]

    def test_a_returned_report_carries_feedback_and_can_be_resubmitted(self, officer):
        report = ImplementationReportFactory(status="submitted")
        services.return_report(report, officer, "Please add the activities of the second quarter.")
        report.refresh_from_db()
        assert (report.status, report.feedback) == ("returned", "Please add the activities of the second quarter.")
        assert services.submit_report(report, officer).status == "submitted"

    def test_returning_without_feedback_is_refused_and_changes_nothing(self, officer):
        report = ImplementationReportFactory(status="submitted")
        with pytest.raises(ValidationError) as err:
            services.return_report(report, officer, " ")
        assert "feedback" in err.value.message_dict
        report.refresh_from_db()
        assert report.status == "submitted"

    @pytest.mark.parametrize("status", ["draft", "accepted"])
    def test_only_a_submitted_report_can_be_accepted(self, officer, status):
        report = ImplementationReportFactory(status=status)
        with pytest.raises(ValidationError, match="cannot go from"):
            services.accept_report(report, officer)

    def test_an_empty_report_cannot_be_submitted(self, officer):
        with pytest.raises(ValidationError) as err:
            services.submit_report(ImplementationReportFactory(narrative=""), officer)
        assert "narrative" in err.value.message_dict


def test_approving_a_new_plan_supersedes_the_older_approved_version(officer):
    old = ActionPlanFactory(version=1)
    new = ActionPlanFactory(measure=old.measure, version=2, status="draft", approved_on=None)
    services.approve_action_plan(new, officer, approved_on=datetime.date(2021, 6, 1))
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status, new.approved_on) == ("superseded", "approved", datetime.date(2021, 6, 1))


def test_a_proposed_measure_is_considered_then_adopted(officer):
    measure = MeasureFactory(status="proposed", adopted_on=None)
    services.advance_measure(measure, officer, "under_consideration")
    adopted = services.advance_measure(measure, officer, "adopted", on=datetime.date(2021, 10, 12))
    assert (adopted.status, adopted.adopted_on) == ("adopted", datetime.date(2021, 10, 12))


def test_a_proposed_measure_cannot_skip_consideration(officer):
    with pytest.raises(ValidationError, match="cannot go from proposed to adopted"):
        services.advance_measure(MeasureFactory(status="proposed", adopted_on=None), officer, "adopted")

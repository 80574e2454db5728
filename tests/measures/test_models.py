import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from measures.models import Activity, Coordination, ImplementationReport, Measure
from tests.factories import (
    ActionPlanFactory,
    ActivityFactory,
    CoordinationFactory,
    CountryFactory,
    ImplementationReportFactory,
    MeasureFactory,
    ObserverStateFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


class TestCoordination:
    def test_an_observer_state_cannot_coordinate(self):
        with pytest.raises(ValidationError) as err:
            CoordinationFactory(country=ObserverStateFactory())
        assert "country" in err.value.message_dict
        assert Coordination.objects.count() == 0

    def test_the_same_state_cannot_coordinate_a_measure_twice_for_overlapping_periods(self):
        first = CoordinationFactory(start_on=D(2021, 1, 1), end_on=D(2022, 12, 31))
        with pytest.raises(ValidationError) as err:
            CoordinationFactory(measure=first.measure, country=first.country, start_on=D(2022, 6, 1), end_on=None)
        assert "overlapping period" in str(err.value)
        assert Coordination.objects.count() == 1

    def test_consecutive_periods_are_allowed(self):
        first = CoordinationFactory(start_on=D(2021, 1, 1), end_on=D(2022, 12, 31))
        CoordinationFactory(measure=first.measure, country=first.country, start_on=D(2023, 1, 1))
        assert Coordination.objects.count() == 2

    def test_end_before_start_is_a_field_error(self):
        with pytest.raises(ValidationError) as err:
            CoordinationFactory(start_on=D(2022, 1, 1), end_on=D(2021, 1, 1))
        assert "end_on" in err.value.message_dict

    def test_measures_coordinated_by_a_country_on_a_day(self, kazakhstan):
        current = CoordinationFactory(country=kazakhstan, start_on=D(2020, 1, 1)).measure
        CoordinationFactory(country=kazakhstan, start_on=D(2010, 1, 1), end_on=D(2012, 1, 1))
        CoordinationFactory()
        assert list(Measure.objects.coordinated_by(kazakhstan, on=D(2021, 6, 1))) == [current]


class TestMeasure:
    def test_cannot_be_adopted_before_proposed(self):
        with pytest.raises(ValidationError) as err:
            MeasureFactory(proposed_on=D(2021, 1, 1), adopted_on=D(2020, 1, 1))
        assert "adopted_on" in err.value.message_dict

    def test_a_measure_under_consideration_can_be_adopted_but_not_before_it_was_proposed(self, officer):
        from measures.workflows import MEASURE_WORKFLOW

        measure = MeasureFactory(status="under_consideration", adopted_on=None, proposed_on=D(2020, 12, 1))
        with pytest.raises(ValidationError, match="cannot be adopted before it was proposed"):
            MEASURE_WORKFLOW.take(measure, officer, "adopt", adopted_on=D(2020, 11, 1))
        MEASURE_WORKFLOW.take(measure, officer, "adopt", adopted_on=D(2021, 10, 12))
        assert list(Measure.objects.adopted()) == [measure]


class TestActionPlanAndActivity:
    def test_an_approved_plan_needs_its_approval_date(self):
        with pytest.raises(ValidationError) as err:
            ActionPlanFactory(status="approved", approved_on=None)
        assert "approved_on" in err.value.message_dict

    def test_versions_are_unique_per_measure_and_kind(self):
        plan = ActionPlanFactory(version=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            type(plan).objects.bulk_create(
                [
                    type(plan)(
                        measure=plan.measure,
                        kind=plan.kind,
                        version=1,
                        title="x",
                        period_start=D(2021, 1, 1),
                        period_end=D(2021, 2, 1),
                    )
                ]
            )

    def test_a_completed_activity_is_fully_done(self):
        with pytest.raises(ValidationError) as err:
            ActivityFactory(status="completed", progress=50)
        assert "progress" in err.value.message_dict
        assert Activity.objects.count() == 0

    def test_activity_dates_in_order(self):
        with pytest.raises(ValidationError) as err:
            ActivityFactory(start_on=D(2021, 5, 10), end_on=D(2021, 5, 1))
        assert "end_on" in err.value.message_dict


class TestImplementationReport:
    def test_only_a_coordinating_state_reports(self):
        report = ImplementationReportFactory()
        with pytest.raises(ValidationError) as err:
            ImplementationReport(
                measure=report.measure, country=CountryFactory(), period_start=D(2021, 1, 1), period_end=D(2021, 6, 30)
            ).save()
        assert "country" in err.value.message_dict

    def test_one_report_per_state_measure_and_period(self):
        report = ImplementationReportFactory()
        with pytest.raises(ValidationError):
            duplicate = ImplementationReport(
                measure=report.measure,
                country=report.country,
                period_start=report.period_start,
                period_end=report.period_end,
            )
            duplicate.validate_constraints()

    def test_a_returned_report_says_why(self):
        with pytest.raises(ValidationError) as err:
            ImplementationReportFactory(status="returned", feedback="  ")
        assert "feedback" in err.value.message_dict

    def test_overdue_when_not_submitted_after_its_due_date(self, settings):
        import time_machine

        report = ImplementationReportFactory(due_on=D(2021, 7, 31))
        with time_machine.travel(D(2021, 8, 1)):
            assert report.is_overdue
        with time_machine.travel(D(2021, 7, 31)):
            assert not report.is_overdue
        report.status = "submitted"
        with time_machine.travel(D(2021, 8, 1)):
            assert not report.is_overdue

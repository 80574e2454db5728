"""Roll-ups against hand-computed values, their query count, the stored snapshots and the debounced re-run."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chairmanship.choices import InitiativeStatus
from chairmanship.models import Country
from jobs.choices import JobOutcome
from jobs.models import JobRun
from measures.choices import ActivityStatus, PlanStatus, ReportStatus
from reporting import services, tasks
from reporting.choices import Scope
from reporting.models import StatusSnapshot
from secretariat.choices import DecisionStatus, ResponsibleParty
from tests import factories

DAY = datetime.date(2021, 6, 1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def by_id(rows):
    return {row["object_id"]: row for row in rows}


@pytest.fixture
def catalogue(kazakhstan):
    """Two measures in one dimension: one with a plan and reports, one empty."""
    dimension = factories.DimensionFactory(name="Economic dimension")
    busy = factories.MeasureFactory(dimension=dimension, title="Energy security")
    empty = factories.MeasureFactory(dimension=dimension, title="Tourism")
    factories.CoordinationFactory(measure=busy, country=kazakhstan)
    plan = factories.ActionPlanFactory(measure=busy)
    factories.ActivityFactory(action_plan=plan, progress=40, status=ActivityStatus.IN_PROGRESS)
    factories.ActivityFactory(action_plan=plan, progress=100, status=ActivityStatus.COMPLETED)
    factories.ActivityFactory(action_plan=plan, progress=90, status=ActivityStatus.CANCELLED)
    old_plan = factories.ActionPlanFactory(measure=busy, status=PlanStatus.SUPERSEDED)
    factories.ActivityFactory(action_plan=old_plan, progress=0)
    draft_plan = factories.ActionPlanFactory(measure=busy, status=PlanStatus.DRAFT, approved_on=None)
    factories.ActivityFactory(action_plan=draft_plan, progress=5)
    report = factories.ImplementationReportFactory
    report(
        measure=busy,
        country=kazakhstan,
        period_start=datetime.date(2020, 7, 1),
        period_end=datetime.date(2020, 12, 31),
        progress=30,
        status=ReportStatus.ACCEPTED,
    )
    report(
        measure=busy,
        country=kazakhstan,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 6, 30),
        progress=60,
        status=ReportStatus.ACCEPTED,
    )
    report(
        measure=busy,
        country=kazakhstan,
        period_start=datetime.date(2021, 7, 1),
        period_end=datetime.date(2021, 12, 31),
        progress=95,
        status=ReportStatus.RETURNED,
        feedback="Too early",
    )
    return {"dimension": dimension, "busy": busy, "empty": empty}


def test_measure_rollup_averages_live_activities_and_takes_the_latest_accepted_report(catalogue):
    rows = by_id(services.measure_rollups(DAY))

    busy = rows[catalogue["busy"].pk]
    assert busy["progress"] == 70.0  # (40 + 100) / 2: cancelled, superseded and draft left out
    assert busy["values"]["activities_total"] == 2
    assert busy["values"]["activities_completed"] == 1
    assert busy["values"]["report_progress"] == 60  # the returned report is newer but ignored
    assert busy["values"]["statuses"] == {"in_progress": 1, "completed": 1, "cancelled": 1}
    empty = rows[catalogue["empty"].pk]
    assert empty["progress"] is None
    assert (empty["values"]["activities_total"], empty["values"]["activities_completed"]) == (0, 0)
    assert empty["values"]["report_progress"] is None


def test_dimension_rollup_aggregates_over_its_measures(catalogue):
    factories.DimensionFactory(name="Human dimension")
    rows = by_id(services.dimension_rollups(DAY))

    economic = rows[catalogue["dimension"].pk]
    assert economic["progress"] == 70.0
    assert economic["values"] == {
        "measures": 2,
        "activities_total": 2,
        "activities_completed": 1,
        "statuses": {"in_progress": 1, "completed": 1, "cancelled": 1},  # the bars: every activity of current plans
    }
    [human] = [row for pk, row in rows.items() if pk != catalogue["dimension"].pk]
    assert human["progress"] is None
    assert human["values"] == {"measures": 0, "activities_total": 0, "activities_completed": 0, "statuses": {}}


def test_priority_rollup_follows_its_initiatives(db):
    priority = factories.PriorityFactory()
    factories.InitiativeFactory(priority=priority, progress=50, status=InitiativeStatus.IN_PROGRESS)
    factories.InitiativeFactory(priority=priority, progress=100, status=InitiativeStatus.ACHIEVED)
    factories.InitiativeFactory(priority=priority, progress=10, status=InitiativeStatus.DROPPED)
    idle = factories.PriorityFactory()

    rows = by_id(services.priority_rollups(DAY))

    assert rows[priority.pk]["progress"] == 75.0
    assert rows[priority.pk]["values"]["initiatives_total"] == 2
    assert rows[priority.pk]["values"]["initiatives_achieved"] == 1
    assert rows[idle.pk]["progress"] is None
    assert rows[idle.pk]["values"]["initiatives_total"] == 0


@pytest.fixture
def decisions(kazakhstan):
    body = factories.MeetingBodyFactory(code="SWG")
    first = factories.MeetingFactory(body=body)
    second = factories.MeetingFactory(body=body, start_on=datetime.date(2021, 10, 1), end_on=datetime.date(2021, 10, 2))
    kz = {"responsible_party": ResponsibleParty.MEMBER_STATE, "responsible_country": kazakhstan}
    factories.DecisionFactory(meeting=first, deadline=datetime.date(2021, 5, 1), progress=20, **kz)  # overdue
    factories.DecisionFactory(meeting=first, progress=100, status=DecisionStatus.IMPLEMENTED, **kz)
    factories.DecisionFactory(meeting=second, progress=0, status=DecisionStatus.CANCELLED)
    factories.DecisionFactory(meeting=second, progress=40, status=DecisionStatus.IN_PROGRESS)
    return body


def test_body_rollup_counts_decisions_and_averages_their_progress(decisions):
    row = by_id(services.body_rollups(DAY))[decisions.pk]

    assert row["values"] == {
        "decisions_total": 4,
        "decisions_open": 2,
        "decisions_implemented": 1,
        "decisions_overdue": 1,
    }
    assert row["progress"] == 53.33  # (20 + 100 + 40) / 3: the cancelled decision left out


def test_country_rollup_covers_what_it_coordinates_and_the_decisions_it_must_implement(
    catalogue, decisions, kazakhstan, india
):
    factories.ImplementationReportFactory(
        measure=catalogue["empty"], country=kazakhstan, due_on=DAY - datetime.timedelta(days=1)
    )
    rows = by_id(services.country_rollups(DAY))

    kz = rows[kazakhstan.pk]
    assert kz["progress"] == 70.0
    assert kz["values"]["measures_coordinated"] == 2
    assert kz["values"]["reports_overdue"] == 1
    assert (kz["values"]["decisions_total"], kz["values"]["decisions_open"]) == (2, 1)
    assert (kz["values"]["decisions_implemented"], kz["values"]["decisions_overdue"]) == (1, 1)
    assert kz["values"]["decision_progress"] == 60.0
    assert rows[india.pk]["progress"] is None
    assert rows[india.pk]["values"]["measures_coordinated"] == 0
    assert rows[india.pk]["values"]["decisions_total"] == 0


def test_an_ended_coordination_no_longer_counts(kazakhstan):
    coordination = factories.CoordinationFactory(country=kazakhstan, end_on=datetime.date(2021, 3, 31))
    factories.ActivityFactory(action_plan=factories.ActionPlanFactory(measure=coordination.measure), progress=50)

    kz = by_id(services.country_rollups(DAY))[kazakhstan.pk]
    assert kz["values"]["measures_coordinated"] == 0
    assert kz["progress"] is None


def add_data(n, kazakhstan):
    for _ in range(n):
        measure = factories.MeasureFactory()
        factories.CoordinationFactory(measure=measure, country=kazakhstan)
        factories.ActivityFactory(action_plan=factories.ActionPlanFactory(measure=measure), progress=10)
        factories.ImplementationReportFactory(measure=measure, country=kazakhstan, status=ReportStatus.ACCEPTED)
        factories.InitiativeFactory(progress=30)
        factories.DecisionFactory(
            progress=50, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=kazakhstan
        )
        factories.CountryFactory()


def count_queries():
    with CaptureQueriesContext(connection) as captured:
        services.rollup_status(DAY)
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(kazakhstan):
    add_data(2, kazakhstan)
    few = count_queries()
    add_data(10, kazakhstan)
    many = count_queries()

    assert StatusSnapshot.objects.filter(date=DAY, scope=Scope.MEASURE).count() == 12
    assert few == many
    # 9 grouped queries (activities once, measures, dimensions, priorities, bodies, countries, the decisions each
    # must implement (one UNION), their coordinations and overdue reports), the upsert and the clean-up, and the
    # transaction's savepoint pair.
    assert many <= 13


def test_snapshots_are_stored_per_day_and_replaced_when_recomputed(catalogue):
    services.rollup_status(DAY)
    services.rollup_status(DAY)
    services.rollup_status(DAY + datetime.timedelta(days=1))

    assert (
        StatusSnapshot.objects.filter(date=DAY).count()
        == StatusSnapshot.objects.filter(date=DAY + datetime.timedelta(days=1)).count()
    )
    snapshot = StatusSnapshot.objects.get(date=DAY, scope=Scope.MEASURE, object_id=catalogue["busy"].pk)
    assert snapshot.progress == Decimal("70.00")
    assert snapshot.label == "Energy security"

    catalogue["empty"].delete()
    services.rollup_status(DAY)
    assert not StatusSnapshot.objects.filter(date=DAY, scope=Scope.MEASURE, object_id=catalogue["empty"].pk).exists()


def test_latest_rollups_answer_from_the_most_recent_day(catalogue, django_assert_num_queries):
    services.rollup_status(DAY - datetime.timedelta(days=1))
    services.rollup_status(DAY)

    with django_assert_num_queries(1):
        latest = list(services.latest_rollups(Scope.MEASURE))
    assert {s.date for s in latest} == {DAY}
    assert {s.object_id for s in latest} == {catalogue["busy"].pk, catalogue["empty"].pk}
    assert services.latest_rollup(Scope.MEASURE, catalogue["busy"].pk).progress == Decimal("70.00")
    assert not services.latest_rollups(Scope.PRIORITY).exists()


def test_rollup_command_dry_run_prints_and_stores_nothing(catalogue):
    out = io.StringIO()
    call_command("rollup_status", "--dry-run", "--date", "2021-06-01", stdout=out)

    lines = out.getvalue().splitlines()
    assert f"measure\t{catalogue['busy'].pk}\t70.0%\tEnergy security" in lines
    countries = Country.objects.members().count()
    assert lines[-1] == (
        f"2021-06-01: measure 2, dimension 1, priority 0, body 0, country {countries}; nothing stored (dry run)"
    )
    assert StatusSnapshot.objects.count() == 0


def test_rollup_command_stores_the_snapshots(catalogue):
    out = io.StringIO()
    call_command("rollup_status", "--date", "2021-06-01", stdout=out)

    expected = 2 + 1 + Country.objects.members().count()
    assert out.getvalue().splitlines()[-1].endswith(f"stored {expected} snapshots")
    assert StatusSnapshot.objects.filter(date=DAY).count() == expected


def test_the_nightly_task_records_its_run(catalogue):
    result = tasks.rollup_status.apply().get()

    countries = Country.objects.members().count()
    assert result["stored"] == 3 + countries
    run = JobRun.objects.get(job="rollup_status")
    assert run.outcome == JobOutcome.OK
    assert run.summary == f"measure 2, dimension 1, priority 0, body 0, country {countries}"


@pytest.fixture
def worker_mode(monkeypatch, db):
    """Celery with a real broker (not eager); apply_async recorded instead of sent."""
    scheduled = []
    monkeypatch.setitem(tasks.rollup_status.app.conf, "task_always_eager", False)
    monkeypatch.setattr(tasks.rollup_status, "apply_async", lambda *a, **kw: scheduled.append(kw))
    cache.delete(services.PENDING_KEY)
    yield scheduled
    cache.delete(services.PENDING_KEY)


def test_changes_schedule_one_debounced_rollup_not_one_per_save(worker_mode, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        activity = factories.ActivityFactory(progress=10)
    for progress in (20, 30, 40):
        with django_capture_on_commit_callbacks(execute=True):
            activity.progress = progress
            activity.save()
    with django_capture_on_commit_callbacks(execute=True):
        factories.DecisionFactory()

    assert worker_mode == [{"countdown": 60}]

    cache.delete(services.PENDING_KEY)  # what the task does when it starts
    with django_capture_on_commit_callbacks(execute=True):
        factories.InitiativeFactory()
    assert worker_mode == [{"countdown": 60}, {"countdown": 60}]


def test_a_rolled_back_change_schedules_nothing(worker_mode, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.ActivityFactory()
    assert worker_mode == []
    assert callbacks, "the roll-up is only scheduled once the change is committed"


def test_without_a_worker_nothing_is_scheduled(monkeypatch, django_capture_on_commit_callbacks, db):
    monkeypatch.setitem(tasks.rollup_status.app.conf, "task_always_eager", True)
    scheduled = []
    monkeypatch.setattr(tasks.rollup_status, "apply_async", lambda *a, **kw: scheduled.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        factories.ActivityFactory()
    assert scheduled == []


def test_a_country_counts_only_from_the_day_it_joined(db):
    factories.CountryFactory(iso2="KW", name="Kuwait", joined_on=datetime.date(2022, 10, 13))
    before = {row["object_id"] for row in services.country_rollups(datetime.date(2021, 6, 1))}
    after = {row["object_id"] for row in services.country_rollups(datetime.date(2022, 11, 1))}
    kuwait = Country.objects.get(iso2="KW").pk
    assert kuwait not in before and kuwait in after


def test_a_malformed_date_is_a_readable_command_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must be YYYY-MM-DD, not '01.06.2021'"):
        call_command("rollup_status", "--date", "01.06.2021", stdout=io.StringIO())

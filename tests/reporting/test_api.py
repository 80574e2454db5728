"""Partners read the roll-ups through the API, and the numbers equal those computed from the rows."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Avg
from rest_framework.test import APIClient

from measures.models import Activity
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure():
    measure = factories.MeasureFactory(title="Energy security")
    plan = factories.ActionPlanFactory(measure=measure)
    factories.ActivityFactory(action_plan=plan, progress=30, status="in_progress")
    factories.ActivityFactory(action_plan=plan, progress=100, status="completed")
    factories.ActivityFactory(action_plan=plan, progress=80, status="cancelled")
    return measure


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_answers_the_latest_roll_up_equal_to_the_rows(measure, partner_system):
    call_command("rollup_status", "--date", "2021-06-01", stdout=None)
    call_command("rollup_status", stdout=None)
    expected = (
        Activity.objects.filter(action_plan__measure=measure)
        .exclude(status="cancelled")
        .aggregate(avg=Avg("progress"))["avg"]
    )

    response = api_as(partner_system).get("/api/v1/rollups/", {"scope": "measure", "object_id": measure.pk})

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert float(row["progress"]) == pytest.approx(expected) == 65.0
    assert row["date"] != "2021-06-01"  # the latest day unless a day is asked for


def test_history_of_one_measure_for_charts(measure, partner_system):
    for day in ("2021-06-01", "2021-07-01"):
        call_command("rollup_status", "--date", day, stdout=None)
    response = api_as(partner_system).get(
        "/api/v1/rollups/", {"scope": "measure", "object_id": measure.pk, "since": "2021-01-01", "ordering": "date"}
    )
    assert [row["date"] for row in response.json()["results"]] == ["2021-06-01", "2021-07-01"]


def test_anonymous_visitors_get_401(client):
    assert client.get("/api/v1/rollups/").status_code == 401


def test_roll_ups_are_read_only(officer):
    assert api_as(officer).post("/api/v1/rollups/", {}).status_code == 405


def test_the_list_costs_the_same_queries_for_few_and_many_rows(partner_system, django_assert_max_num_queries):
    factories.MeasureFactory()
    call_command("rollup_status", "--date", datetime.date(2021, 6, 1).isoformat(), stdout=None)
    client = api_as(partner_system)
    with django_assert_max_num_queries(4):
        client.get("/api/v1/rollups/", {"scope": "measure"})
    factories.MeasureFactory.create_batch(20)
    call_command("rollup_status", "--date", "2021-06-01", stdout=None)
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/rollups/", {"scope": "measure"}).json()["count"] == 21


def test_without_a_day_each_scope_answers_its_own_latest_day(partner_system):
    from django.utils import timezone

    from reporting.choices import Scope
    from reporting.models import StatusSnapshot

    def snapshot(day, scope, object_id):
        StatusSnapshot.objects.create(date=day, scope=scope, object_id=object_id, computed_at=timezone.now())

    snapshot(datetime.date(2021, 6, 1), Scope.MEASURE, 1)
    snapshot(datetime.date(2021, 6, 2), Scope.MEASURE, 2)
    snapshot(datetime.date(2021, 5, 1), Scope.DIMENSION, 3)

    rows = api_as(partner_system).get("/api/v1/rollups/").json()["results"]

    assert sorted((row["scope"], row["date"]) for row in rows) == [
        ("dimension", "2021-05-01"),
        ("measure", "2021-06-02"),
    ]

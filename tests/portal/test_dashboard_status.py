"""The dashboard's implementation status comes from the latest roll-up, says when it was rolled up, and shows staff
the dimensions and the measures that need attention rather than a bar for every measure of the Catalogue."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import services
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def measure_with(country, progress, title, dimension=None, **extra):
    measure = factories.MeasureFactory(title=title, **({"dimension": dimension} if dimension else {}), **extra)
    factories.CoordinationFactory(measure=measure, country=country)
    if progress is not None:
        plan = factories.ActionPlanFactory(measure=measure)
        factories.ActivityFactory(action_plan=plan, progress=progress, status="in_progress")
    return measure


def test_the_coordinator_sees_the_rolled_up_status_and_when_it_was_rolled_up(client, kz_coordinator, kazakhstan):
    measure = measure_with(kazakhstan, 40, "Energy security")
    services.rollup_status()
    factories.ActivityFactory(action_plan=measure.action_plans.get(), progress=100, status="completed")

    sign_in(client, kz_coordinator)
    response = client.get("/portal/")

    bar = response.context["status_by_measure"][measure.pk]
    assert (bar.progress, bar.total) == (40, 1)  # the activity added after the roll-up shows after the next one
    assert response.context["status_as_of"] is not None
    assert "when the status was last rolled up" in response.content.decode()

    services.rollup_status()
    assert client.get("/portal/").context["status_by_measure"][measure.pk].progress == 70


def test_before_the_first_roll_up_the_page_says_so(client, kz_coordinator, kazakhstan):
    measure_with(kazakhstan, 40, "Energy security")
    sign_in(client, kz_coordinator)
    page = client.get("/portal/").content.decode()
    assert "The status has not been rolled up yet" in page


def test_staff_see_the_measures_that_need_attention_and_why(client, officer, kazakhstan):
    dimension = factories.DimensionFactory(name="Economic dimension")
    healthy = measure_with(kazakhstan, 80, "Healthy measure", dimension)
    slow = measure_with(kazakhstan, 10, "Slow measure", dimension)
    idle = measure_with(kazakhstan, None, "Idle measure", dimension)
    late = measure_with(kazakhstan, 90, "Late measure", dimension)
    factories.ImplementationReportFactory(measure=late, country=kazakhstan, due_on=datetime.date(2021, 7, 31))
    measure_with(kazakhstan, None, "Proposed measure", dimension, status="proposed", adopted_on=None)
    uncoordinated = factories.MeasureFactory(title="Nobody's measure", dimension=dimension)
    services.rollup_status()

    sign_in(client, officer)
    response = client.get("/portal/")

    shown = [bar.pk for bar in response.context["by_measure"]]
    # Overdue reports first, then the least progress; a measure nobody coordinates is listed too.
    assert shown == [late.pk, idle.pk, uncoordinated.pk, slow.pk]
    assert healthy.pk not in shown
    assert [bar.label for bar in response.context["by_dimension"]] == ["Economic dimension"]
    page = response.content.decode()
    assert "1 report overdue" in page and "no activity in its current plan" in page and "progress under 25%" in page
    assert "Nobody&#x27;s measure" in page and "Kazakhstan (coordinator)" in page
    assert response.context["coordinations_count"] == 5


def test_staff_dashboard_queries_do_not_grow_with_the_catalogue(client, officer, kazakhstan):
    for i in range(2):
        measure_with(kazakhstan, 5, f"Measure {i}")
    services.rollup_status()
    sign_in(client, officer)
    client.get("/portal/")
    with CaptureQueriesContext(connection) as few:
        client.get("/portal/")

    for i in range(2, 30):
        measure_with(kazakhstan, 5, f"Measure {i}")
    services.rollup_status()
    with CaptureQueriesContext(connection) as many:
        response = client.get("/portal/")

    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["by_measure"]) == 10  # the most urgent ten of 30
    assert response.context["attention_total"] == 30


def test_the_as_of_time_is_the_roll_up_time(client, kz_coordinator, kazakhstan, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC), tick=False)
    measure_with(kazakhstan, 40, "Energy security")
    services.rollup_status()
    time_machine.move_to(datetime.datetime(2026, 3, 2, 11, 0, tzinfo=datetime.UTC))

    sign_in(client, kz_coordinator)
    response = client.get("/portal/")
    assert response.context["status_as_of"] == datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)
    # Shown in the reader's time zone (Kazakhstan's, UTC+5), one date style, 24 hours.
    assert "As of 2 Mar 2026, 14:30" in response.content.decode().replace("\n", " ")

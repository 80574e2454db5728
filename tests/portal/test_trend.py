"""The dashboard charts implementation over time from the nightly roll-up snapshots."""

import datetime

import pytest
from django.utils import timezone

from reporting.choices import Scope
from reporting.models import StatusSnapshot
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def snapshot(day, dimension_id, label, progress):
    return StatusSnapshot.objects.create(
        date=day,
        scope=Scope.DIMENSION,
        object_id=dimension_id,
        label=label,
        progress=progress,
        computed_at=timezone.now(),
    )


def test_the_dashboard_shows_each_dimension_trend_and_its_latest_value(client, kz_coordinator):
    today = timezone.localdate()
    snapshot(today - datetime.timedelta(days=60), 1, "Economic dimension", 20)
    snapshot(today - datetime.timedelta(days=30), 1, "Economic dimension", 35)
    snapshot(today - datetime.timedelta(days=1), 1, "Economic dimension", 55)
    snapshot(today - datetime.timedelta(days=400), 2, "Human dimension", 90)  # older than the chart's window

    sign_in(client, kz_coordinator)
    response = client.get("/portal/")

    [line] = response.context["trends"]
    assert [float(p["progress"]) for p in line["points"]] == [20.0, 35.0, 55.0]
    assert line["polyline"] == "0.0,80.0 50.0,65.0 100.0,45.0"
    page = response.content.decode()
    assert "Implementation over time, by dimension" in page and "55%" in page
    assert "Human dimension" not in page.split("h-trend-chart")[1].split("</section>")[0]


def test_before_the_first_roll_up_the_chart_says_so(client, kz_coordinator):
    sign_in(client, kz_coordinator)
    assert "The nightly roll-up has not run yet." in client.get("/portal/").content.decode()


def test_the_dashboard_and_the_roll_up_agree_on_a_measure_progress(client, kz_coordinator, kazakhstan):
    from reporting import services
    from tests import factories

    measure = factories.MeasureFactory(title="Energy security")
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    plan = factories.ActionPlanFactory(measure=measure)
    factories.ActivityFactory(action_plan=plan, progress=40, status="in_progress")
    factories.ActivityFactory(action_plan=plan, progress=100, status="completed")
    factories.ActivityFactory(action_plan=plan, progress=90, status="cancelled")
    draft = factories.ActionPlanFactory(measure=measure, status="draft", approved_on=None)
    factories.ActivityFactory(action_plan=draft, progress=5)

    services.rollup_status()
    sign_in(client, kz_coordinator)
    bar = client.get("/portal/").context["status_by_measure"][measure.pk]
    [rolled_up] = [r for r in services.measure_rollups(timezone.localdate()) if r["object_id"] == measure.pk]

    assert bar.progress == rolled_up["progress"] == 70
    # The bar counts every activity of the current plan by status; the draft plan's activity is not in it.
    assert (bar.counts["in_progress"], bar.counts["completed"], bar.counts["cancelled"], bar.total) == (1, 1, 1, 3)

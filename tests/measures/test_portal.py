"""The measure page stays the same size however many activities and reports a measure gathers; the admin's plan
page links to its activities instead of listing them all."""

import datetime

import pytest
from django.urls import reverse

from measures.views import MeasureDetailView
from tests import factories
from tests.conftest import sign_in

LATEST = MeasureDetailView.latest


@pytest.fixture
def busy_measure(db):
    country = factories.CountryFactory()
    plan = factories.ActionPlanFactory()
    factories.CoordinationFactory(measure=plan.measure, country=country)
    start = datetime.date(2020, 1, 1)
    for n in range(LATEST + 5):
        factories.ActivityFactory(action_plan=plan, title=f"Activity {n:02}", start_on=start + datetime.timedelta(n))
        factories.ImplementationReportFactory(
            measure=plan.measure,
            country=country,
            period_start=start + datetime.timedelta(30 * n),
            period_end=start + datetime.timedelta(30 * n + 29),
        )
    return plan


def test_the_measure_page_shows_the_latest_activities_and_reports_and_links_to_all(busy_measure, client, officer):
    sign_in(client, officer)
    page = client.get(reverse("measures:measure_detail", args=[busy_measure.measure_id])).content.decode()
    shown = [n for n in range(LATEST + 5) if f"Activity {n:02}<" in page]
    assert shown == list(range(5, LATEST + 5))  # the latest ten, by start date
    assert f"All {LATEST + 5} activities of this plan" in page
    assert f"{reverse('measures:activity_list')}?action_plan={busy_measure.pk}" in page
    reports = busy_measure.measure.reports.all()
    assert sum(f'href="{reverse("measures:report_detail", args=[r.pk])}"' in page for r in reports) == LATEST
    assert f"All {LATEST + 5} reports" in page
    assert f"{reverse('measures:report_list')}?measure={busy_measure.measure.code}" in page


def test_a_small_measure_has_no_links_to_more(db, client, officer):
    plan = factories.ActionPlanFactory()
    factories.ActivityFactory(action_plan=plan, title="The only one")
    sign_in(client, officer)
    page = client.get(reverse("measures:measure_detail", args=[plan.measure_id])).content.decode()
    assert "The only one" in page and "of this plan" not in page


def test_the_linked_lists_hold_every_row_and_only_those(busy_measure, client, officer):
    factories.ActivityFactory(title="Another plan's")
    factories.ImplementationReportFactory()
    sign_in(client, officer)
    activities = client.get(reverse("measures:activity_list"), {"action_plan": busy_measure.pk})
    reports = client.get(reverse("measures:report_list"), {"measure": busy_measure.measure.code})
    assert len(activities.context["object_list"]) == LATEST + 5
    assert len(reports.context["object_list"]) == LATEST + 5
    assert f'type="hidden" name="action_plan" value="{busy_measure.pk}"' in activities.content.decode()


def test_the_admin_plan_page_links_to_its_activities(busy_measure, client, officer):
    sign_in(client, officer)
    page = client.get(reverse("admin:measures_actionplan_change", args=[busy_measure.pk])).content.decode()
    assert f"{reverse('admin:measures_activity_changelist')}?action_plan__id__exact={busy_measure.pk}" in page
    assert f"{LATEST + 5} rows" in page
    assert 'name="activities-TOTAL_FORMS"' not in page
    filtered = client.get(reverse("admin:measures_activity_changelist"), {"action_plan__id__exact": busy_measure.pk})
    assert filtered.status_code == 200 and filtered.context["cl"].result_count == LATEST + 5

"""The dashboard runs at most a dozen queries, the session's included, for staff (with their inbox) and for a
coordinator, and as many with much more data (issue 22: it ran 23)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import services
from secretariat.choices import ResponsibleParty
from tests import factories
from tests.conftest import sign_in

AT_MOST = 12


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/portal/")
    assert response.status_code == 200
    return len(captured.captured_queries), response


def grow(kazakhstan, n):
    """n more of everything the dashboard lists: measures needing attention, reports due, open decisions, meetings
    to come, changes, and days of roll-ups."""
    dimension = factories.DimensionFactory()
    for i in range(n):
        measure = factories.MeasureFactory(dimension=dimension)
        factories.CoordinationFactory(measure=measure, country=kazakhstan)
        factories.ActivityFactory(action_plan=factories.ActionPlanFactory(measure=measure), progress=5)
        factories.ImplementationReportFactory(measure=measure, country=kazakhstan, due_on=datetime.date(2030, 1, 1))
        meeting = factories.MeetingFactory(start_on=datetime.date(2031, 7, 1 + i), end_on=datetime.date(2031, 7, 1 + i))
        factories.DecisionFactory(
            meeting=meeting, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=kazakhstan
        )
    for days in range(n):
        services.rollup_status(datetime.date.today() - datetime.timedelta(days=days))


@pytest.mark.parametrize("persona", ["officer", "kz_coordinator"])
def test_the_dashboard_runs_at_most_a_dozen_queries_whatever_the_data(client, persona, kazakhstan, request):
    user = request.getfixturevalue(persona)
    grow(kazakhstan, 2)
    sign_in(client, user)
    few, response = queries(client)
    assert few <= AT_MOST
    assert response.context["by_dimension"] and response.context["reports_due"]
    if persona == "officer":
        assert response.context["inbox"] and response.context["attention"]
    grow(kazakhstan, 12)
    many, response = queries(client)
    assert many == few
    assert len(response.context["reports_due"]) > 2 and len(response.context["trends"][0]["points"]) > 2

"""Lists read as values (core.api.rows) answer byte for byte what the serializers answer, for every reader, on
every list of the API, in fewer or as many queries; the big lists do read values."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.api import rows
from core.api.viewsets import ReadOnlyViewSet
from measures.choices import ReportStatus
from tests import factories

# The lists issue 22 holds to a ceiling: these must be read as values (the others may be).
READ_AS_VALUES = ("measures", "reports", "activities", "decisions")


@pytest.fixture
def richer_world(world, officer, kazakhstan, india):
    """The shared world, with what a plan must get right: attachments and a reviewer on a report, an activity
    without a host country, a decision referred on twice, a coordination no longer in force, null deadlines."""
    w = world
    w.kz_accepted.reviewed_by = officer
    w.kz_accepted.save()
    factories.ReportAttachmentFactory(report=w.kz_accepted, title="Annex A")
    factories.ReportAttachmentFactory(report=w.kz_accepted, title="")
    factories.ReportAttachmentFactory(report=w.in_accepted)
    factories.ImplementationReportFactory(
        measure=w.kz_measure,
        country=kazakhstan,
        status=ReportStatus.DRAFT,
        due_on=None,
        period_start=datetime.date(2018, 1, 1),
    )
    factories.ActivityFactory(action_plan=w.kz_plan, host_country=None, venue="Astana")
    factories.CoordinationFactory(
        measure=w.military_measure, country=india, start_on=datetime.date(2001, 1, 1), end_on=datetime.date(2002, 1, 1)
    )
    factories.CoordinationFactory(measure=w.military_measure, country=kazakhstan, role="co_coordinator")
    factories.DecisionFactory(meeting=w.cso_meeting, referred_from=w.kz_decision, deadline=None)
    factories.DecisionFactory(meeting=w.meeting, measure=w.kz_measure, responsible_country=None)
    return w


def list_paths(client):
    """Every list of the API (the root names them)."""
    root = client.get("/api/v1/").json()
    return sorted(url.split("/api/v1/")[1].rstrip("/") for url in root.values() if "/api/v1/" in url)


def get(client, path, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{path}/", params)
    return response, len(queries)


@pytest.mark.parametrize("params", [{}, {"pagination": "cursor", "page_size": 3}, {"format": "csv"}])
def test_every_list_answers_the_same_as_its_serializer_for_every_reader(richer_world, clients, params, monkeypatch):
    planned = []
    represent = rows.RowPlan.represent

    def spying(plan, *args):
        planned.append(plan.model)
        return represent(plan, *args)

    monkeypatch.setattr(rows.RowPlan, "represent", spying)
    paths = list_paths(clients["staff"])
    assert set(READ_AS_VALUES) <= set(paths)
    for role, client in clients.items():
        for path in paths:
            monkeypatch.setattr(ReadOnlyViewSet, "rows_as_values", True)
            # A token's first use is recorded once; a plan whose field reads the database gives up on first use.
            client.get(f"/api/v1/{path}/", params)
            planned.clear()
            as_values, values_queries = get(client, path, **params)
            used_plan = bool(planned)
            monkeypatch.setattr(ReadOnlyViewSet, "rows_as_values", False)
            as_objects, object_queries = get(client, path, **params)
            assert as_values.status_code == as_objects.status_code, (role, path)
            assert as_values.content == as_objects.content, (role, path)
            assert values_queries <= object_queries, (role, path)
            if path in READ_AS_VALUES and as_values.status_code == 200:
                assert used_plan, (role, path)


def test_a_plan_reads_the_page_in_one_query_and_one_per_relation(richer_world, staff_api):
    queries = {}
    for path in READ_AS_VALUES:
        staff_api.get(f"/api/v1/{path}/")
        with CaptureQueriesContext(connection) as captured:
            staff_api.get(f"/api/v1/{path}/", {"pagination": "cursor"})
        queries[path] = [q["sql"] for q in captured.captured_queries]
    # the token, then the page, then each many-relation: coordinators, attachments, referrals
    assert [len(q) for q in queries.values()] == [3, 3, 2, 3]


def test_a_reviewer_is_named_to_staff_only(richer_world, clients):
    reviewer = {
        role: {row["id"]: row["reviewed_by"] for row in clients[role].get("/api/v1/reports/").json()["results"]}
        for role in ("staff", "coordinator_kz")
    }
    assert reviewer["staff"][richer_world.kz_accepted.pk] == richer_world.kz_accepted.reviewed_by.username
    assert reviewer["coordinator_kz"][richer_world.kz_accepted.pk] is None

"""The lists' filter backend builds no filter form for a request that names no filter (the same rows: no filter
narrows anything without a value), and always runs a FilterSet that does more than apply its filters."""

from unittest import mock

import pytest

from measures.filters import ActivityFilterSet
from reporting.filters import StatusSnapshotFilterSet
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_request_naming_no_filter_builds_no_filter_form(staff_api):
    plan = factories.ActionPlanFactory()
    factories.ActivityFactory(action_plan=plan, status="planned")
    factories.ActivityFactory(action_plan=plan, status="completed", progress=100)
    original = ActivityFilterSet.__init__
    with mock.patch.object(ActivityFilterSet, "__init__", autospec=True, side_effect=original) as made:
        everything = staff_api.get("/api/v1/activities/", {"page_size": 10}).json()
        assert made.call_count == 0
        planned = staff_api.get("/api/v1/activities/", {"status": "planned"}).json()
        assert made.call_count == 1
    assert everything["count"] == 2 and [row["status"] for row in planned["results"]] == ["planned"]


def test_a_filterset_with_its_own_query_always_runs(staff_api):
    with mock.patch.object(
        StatusSnapshotFilterSet, "__init__", autospec=True, side_effect=StatusSnapshotFilterSet.__init__
    ) as made:
        assert staff_api.get("/api/v1/rollups/").status_code == 200
    assert made.call_count == 1  # it narrows to each scope's latest day even without a filter

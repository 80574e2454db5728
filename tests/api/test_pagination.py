"""Pages of the API's lists: numbered pages for people, keyset (cursor) pages for sync clients, nested serializers
built once per list."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from measures.api.serializers import CoordinatorSerializer
from tests import factories


def walk(client, url, params):
    """Follow `next` from the first page to the last; every row of every page, and the pages."""
    rows, pages = [], []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        page = response.json()
        pages.append(page)
        rows += page["results"]
        if not page["next"]:
            return rows, pages
        response = client.get(page["next"])


@pytest.fixture
def activities(db):
    plan = factories.ActionPlanFactory()
    return factories.ActivityFactory.create_batch(7, action_plan=plan)


def test_numbered_pages_stay_the_default(activities, staff_api):
    page = staff_api.get("/api/v1/activities/", {"page_size": 3}).json()
    assert page["count"] == 7 and "page=2" in page["next"]


def test_a_sync_client_walks_every_row_once_in_the_order_rows_changed(activities, staff_api):
    rows, pages = walk(staff_api, "/api/v1/activities/", {"pagination": "cursor", "page_size": 3})
    assert [len(page["results"]) for page in pages] == [3, 3, 1]
    assert all("count" not in page for page in pages)
    assert "cursor=" in pages[0]["next"] and pages[0]["previous"] is None
    assert sorted(row["id"] for row in rows) == sorted(a.pk for a in activities)
    assert [(row["updated"], row["id"]) for row in rows] == sorted((row["updated"], row["id"]) for row in rows)


def test_cursor_pages_with_updated_since_give_only_what_changed(activities, staff_api):
    since = timezone.now() + datetime.timedelta(seconds=1)
    changed = activities[2]
    with mock.patch("django.utils.timezone.now", return_value=since + datetime.timedelta(seconds=1)):
        changed.save()
    rows, _pages = walk(staff_api, "/api/v1/activities/", {"pagination": "cursor", "updated_since": since.isoformat()})
    assert [row["id"] for row in rows] == [changed.pk]


def test_a_row_changed_during_a_sync_comes_again_later_and_none_is_lost(activities, staff_api):
    first = staff_api.get("/api/v1/activities/", {"pagination": "cursor", "page_size": 3}).json()
    seen = [row["id"] for row in first["results"]]
    activities_by_id = {a.pk: a for a in activities}
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(minutes=1)):
        activities_by_id[seen[0]].save()
    rest, _pages = walk(staff_api, first["next"], {})
    assert set(seen) | {row["id"] for row in rest} == set(activities_by_id)
    assert [row["id"] for row in rest][-1] == seen[0]


def test_a_cursor_page_costs_the_same_queries_for_few_and_many_rows(db, staff_api, django_assert_num_queries):
    plan = factories.ActionPlanFactory()
    factories.ActivityFactory.create_batch(3, action_plan=plan)
    url = "/api/v1/activities/?pagination=cursor&page_size=2"
    staff_api.get(url)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        staff_api.get(url)
    factories.ActivityFactory.create_batch(30, action_plan=plan)
    with django_assert_num_queries(len(few)):
        staff_api.get(url)


def test_search_hits_keep_numbered_pages(db, staff_api):
    page = staff_api.get("/api/v1/search/", {"q": "anything", "pagination": "cursor"}).json()
    assert "count" in page


def test_the_measures_list_builds_its_coordinators_serializer_once(db, staff_api):
    for measure in factories.MeasureFactory.create_batch(5):
        factories.CoordinationFactory(measure=measure)
    with mock.patch.object(CoordinatorSerializer, "get_fields", autospec=True, side_effect=lambda s: original(s)):
        response = staff_api.get("/api/v1/measures/")
        calls = CoordinatorSerializer.get_fields.call_count
    assert response.status_code == 200
    assert all(len(row["coordinators"]) == 1 for row in response.json()["results"])
    assert calls == 1


original = CoordinatorSerializer.get_fields


def test_a_big_count_is_reused_for_a_minute_and_a_small_one_never(activities, staff_api, monkeypatch):
    from core.paging import CountCachingPaginator

    monkeypatch.setattr(CountCachingPaginator, "cached_from", 8)
    assert staff_api.get("/api/v1/activities/").json()["count"] == 7
    factories.ActivityFactory(action_plan=activities[0].action_plan)
    assert staff_api.get("/api/v1/activities/").json()["count"] == 8  # 7 was below the threshold: counted again
    factories.ActivityFactory(action_plan=activities[0].action_plan)
    page = staff_api.get("/api/v1/activities/").json()
    assert page["count"] == 8 and len(page["results"]) == 9  # the count is a minute behind at most, the rows never
    cache.clear()  # as a minute later
    assert staff_api.get("/api/v1/activities/").json()["count"] == 9

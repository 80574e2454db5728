"""Counts that do not scan and pages that do not walk (issue 22): the admin's changelists and the portal's lists count
exactly up to a bound and say "more than" beyond it, and page that deep and no deeper; the API's numbered pages stop
at a depth and point to keyset pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.api.pagination import StandardPagination
from core.paging import BoundedCountPaginator
from tests import factories
from tests.conftest import sign_in, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(db):
    plan = factories.ActionPlanFactory()
    return factories.ActivityFactory.create_batch(6, action_plan=plan)  # each a "Workshop"


@pytest.fixture
def bound(monkeypatch):
    monkeypatch.setattr(BoundedCountPaginator, "exact_up_to", 4)


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_changelist_longer_than_the_bound_says_more_than_and_counts_no_further(client, officer, activities, bound):
    sign_in(client, officer)
    url = reverse("admin:measures_activity_changelist")
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(url, {"q": "workshop"}))
    assert "Activities: more than 4" in page and "more than 4 results" in page
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "LIMIT 5" in counts[0]  # no count of every row, nor of the unfiltered list


def test_a_changelist_within_the_bound_counts_exactly(client, officer, activities):
    sign_in(client, officer)
    page = text(client.get(reverse("admin:measures_activity_changelist")))
    assert "6 activities" in page and "more than" not in page


def test_a_portal_list_longer_than_the_bound_says_more_than_and_pages_no_deeper(client, officer, activities, bound):
    sign_in(client, officer)
    url = reverse("measures:activity_list")
    first = client.get(url)
    assert "more than 4 results" in text(first) and first.context["paginator"].num_pages == 1
    deep = client.get(url, {"page": 3})
    assert deep.status_code == 400
    assert "A list pages through its first 4 rows" in text(deep) and not deep.context["object_list"]


def test_a_page_beyond_an_exact_list_is_not_found(client, officer, activities):
    sign_in(client, officer)
    assert client.get(reverse("measures:activity_list"), {"page": 3}).status_code == 404


def test_api_numbered_pages_stop_at_a_depth_and_point_to_keyset_pages(officer, activities, monkeypatch):
    staff_client = token_client(officer)
    monkeypatch.setattr(StandardPagination, "max_offset", 4)
    assert staff_client.get("/api/v1/activities/", {"page_size": 2, "page": 2}).status_code == 200
    refused = staff_client.get("/api/v1/activities/", {"page_size": 2, "page": 3})
    assert refused.status_code == 400
    assert "pagination=cursor" in refused.json()["errors"]["page"][0]
    last = staff_client.get("/api/v1/activities/", {"page_size": 2, "page": "last"})
    assert last.status_code == 400  # the last page is 3: as deep
    walked = staff_client.get("/api/v1/activities/", {"page_size": 2, "pagination": "cursor"}).json()
    assert walked["next"] and len(walked["results"]) == 2

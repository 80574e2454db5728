"""Issue 21, 3: the API of lists of speakers. Staff order a list (by the ids, or heads of state first, then by
inscription), close it and publish statements; focal points inscribe and submit; lists filter as in the portal and
cost a fixed number of queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from speakers.models import Inscription
from tests import factories
from tests.conftest import token_client

from .conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def inscribed(speakers_world):
    """India, Kazakhstan and a third accredited state inscribed in that order, with different ranks."""
    w = speakers_world
    mongolia = factories.CountryFactory(iso2="MN", name="Mongolia")
    w.india_i = factories.InscriptionFactory(speakers_list=w.list, country=w.india, rank="delegate")
    w.kz_i = factories.InscriptionFactory(speakers_list=w.list, country=w.kz, rank="head_of_state")
    w.mn_i = factories.InscriptionFactory(speakers_list=w.list, country=mongolia, rank="minister")
    start = datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC)
    for n, inscription in enumerate((w.india_i, w.kz_i, w.mn_i)):  # the order they inscribed in
        Inscription.objects.filter(pk=inscription.pk).update(created=start + datetime.timedelta(minutes=n))
    return w


def order_of(client, w):
    response = client.get("/api/v1/inscriptions/", {"speakers_list": w.list.pk, "ordering": "position"})
    assert response.status_code == 200
    return [row["country"] for row in response.json()["results"]]


def test_inscriptions_keep_the_order_they_came_in(inscribed, staff_api):
    assert order_of(staff_api, inscribed) == ["IN", "KZ", "MN"]


def test_staff_order_heads_of_state_first_then_by_inscription(inscribed, staff_api):
    w = inscribed
    response = staff_api.post(f"/api/v1/speakers-lists/{w.list.pk}/order/", {"by_protocol": True}, format="json")
    assert response.status_code == 200, response.content
    assert [row["country"] for row in response.json()] == ["KZ", "MN", "IN"]
    assert order_of(staff_api, w) == ["KZ", "MN", "IN"]


def test_staff_give_the_order_by_ids_and_a_partial_order_is_refused(inscribed, staff_api):
    w = inscribed
    url = f"/api/v1/speakers-lists/{w.list.pk}/order/"
    response = staff_api.post(url, {"order": [w.mn_i.pk, w.india_i.pk]}, format="json")
    assert response.status_code == 400
    assert "exactly once" in " ".join(response.json()["errors"]["order"])
    assert order_of(staff_api, w) == ["IN", "KZ", "MN"]  # nothing changed
    response = staff_api.post(url, {"order": [w.mn_i.pk, w.india_i.pk, w.kz_i.pk]}, format="json")
    assert response.status_code == 200
    assert order_of(staff_api, w) == ["MN", "IN", "KZ"]


def test_a_focal_point_may_not_order_the_list_nor_move_its_state_up(inscribed):
    w = inscribed
    client = token_client(w.kz_fp)
    response = client.post(f"/api/v1/speakers-lists/{w.list.pk}/order/", {"by_protocol": True}, format="json")
    assert response.status_code == 403
    response = client.patch(f"/api/v1/inscriptions/{w.kz_i.pk}/", {"position": 0}, format="json")
    assert response.status_code == 400
    assert "position" in response.json()["errors"]
    assert order_of(client, w) == ["IN", "KZ", "MN"]


def test_staff_close_mark_and_publish_through_the_api(inscribed, staff_api):
    w = inscribed
    response = staff_api.post(f"/api/v1/speakers-lists/{w.list.pk}/transitions/", {"transition": "close"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    response = token_client(w.in_fp).post("/api/v1/inscriptions/", {"speakers_list": w.list.pk}, format="json")
    assert response.status_code == 400  # India is inscribed already, and the list is closed
    response = staff_api.patch(f"/api/v1/inscriptions/{w.kz_i.pk}/", {"status": "spoke"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "spoke"

    upload = SimpleUploadedFile("kz.pdf", PDF, content_type="application/pdf")
    response = token_client(w.kz_fp).post(
        "/api/v1/statements/", {"speakers_list": w.list.pk, "language": "ru", "file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    statement = response.json()
    assert (statement["country"], statement["status"], statement["agenda_item"]) == ("KZ", "submitted", w.item.pk)
    hidden = token_client(w.in_fp).get(f"/api/v1/statements/{statement['id']}/")
    assert hidden.status_code == 404

    response = staff_api.post(f"/api/v1/statements/{statement['id']}/transitions/", {"transition": "publish"})
    assert response.status_code == 200 and response.json()["published_at"]
    download = token_client(w.in_fp).get(statement["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_statements_filter_by_meeting_state_and_status(speakers_world, partner_api):
    w = speakers_world
    factories.StatementFactory(speakers_list=w.list, country=w.kz, status="published")
    factories.StatementFactory(speakers_list=w.list, country=w.india, status="published")
    factories.StatementFactory(status="published")  # another meeting
    response = partner_api.get("/api/v1/statements/", {"meeting": w.meeting.pk, "country": "KZ"})
    assert response.status_code == 200
    assert [row["country"] for row in response.json()["results"]] == ["KZ"]
    response = partner_api.get("/api/v1/statements/", {"agenda_item": w.item.pk, "status": "published"})
    assert sorted(row["country"] for row in response.json()["results"]) == ["IN", "KZ"]


@pytest.mark.parametrize("resource", ["speakers-lists", "inscriptions", "statements"])
def test_a_list_costs_the_same_queries_for_few_rows_or_many(
    speakers_world, staff_api, resource, django_assert_max_num_queries
):
    w = speakers_world
    factories.StatementFactory(speakers_list=w.list, country=w.kz, status="published")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert staff_api.get(f"/api/v1/{resource}/").status_code == 200
    for _ in range(8):
        factories.StatementFactory(status="published")
    with django_assert_max_num_queries(len(few)):
        assert staff_api.get(f"/api/v1/{resource}/").status_code == 200

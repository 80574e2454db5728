"""The API door: focal points answer through /silence-responses/ (multipart with a file), staff put texts under
silence and take the steps through /silence-procedures/<id>/transitions/; filters shared with the portal; bad input
is a 400 naming the field, and nothing is written."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from silence.models import SilenceProcedure, SilenceResponse
from tests import factories
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=datetime.UTC)
EXPIRY = NOW + datetime.timedelta(days=2)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def procedure(kazakhstan):
    return factories.SilenceProcedureFactory(expires_at=EXPIRY, states=[kazakhstan])


@pytest.fixture
def others():
    return factories.FocalPointFactory(username="fp-cn", country=factories.CountryFactory(iso2="CN"))


# role -> (GET list count, GET detail, POST an objection): what focal points get (tests/api/test_permissions.py has
# the other roles).
FOCAL_POINTS = {"kz_focal_point": (1, 200, 201), "others": (0, 404, 400)}


@pytest.mark.parametrize("persona", FOCAL_POINTS)
def test_focal_points_see_and_answer_only_what_concerns_their_state(request, procedure, persona):
    client = token_client(request.getfixturevalue(persona))
    listed = client.get("/api/v1/silence-procedures/").json()["count"]
    detail = client.get(f"/api/v1/silence-procedures/{procedure.pk}/").status_code
    answer = client.post(
        "/api/v1/silence-responses/", {"procedure": procedure.pk, "kind": "objection", "text": "No."}, format="json"
    )
    assert (listed, detail, answer.status_code) == FOCAL_POINTS[persona]
    assert SilenceResponse.objects.count() == (1 if answer.status_code == 201 else 0)
    # A focal point never changes the procedure itself.
    assert client.patch(f"/api/v1/silence-procedures/{procedure.pk}/", {"note": "x"}, format="json").status_code in (
        403,
        404,
    )


def test_an_amendment_with_its_file_through_the_api(procedure, kz_focal_point):
    upload = SimpleUploadedFile("amendment.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = token_client(kz_focal_point).post(
        "/api/v1/silence-responses/",
        {"procedure": procedure.pk, "kind": "amendment", "text": "Insert 'and sustainable'.", "file": upload},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "KZ" and response.json()["download_url"].endswith("/file/")
    detail = token_client(kz_focal_point).get(f"/api/v1/silence-procedures/{procedure.pk}/").json()
    assert detail["responses"][0]["kind"] == "amendment" and detail["seconds_left"] == 2 * 24 * 3600


@pytest.mark.parametrize(
    ("when", "body", "field"),
    [
        (EXPIRY, {"kind": "objection", "text": "Too late."}, "expires_at"),
        (NOW, {"kind": "objection", "text": ""}, "text"),
        (NOW, {"kind": "amendment"}, "text"),
    ],
    ids=["after-expiry", "empty-objection", "amendment-without-text"],
)
def test_bad_answers_are_a_400_naming_the_field(procedure, kz_focal_point, when, body, field):
    with time_machine.travel(when, tick=False):
        response = token_client(kz_focal_point).post(
            "/api/v1/silence-responses/", {"procedure": procedure.pk, **body}, format="json"
        )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not SilenceResponse.objects.exists()


def test_staff_put_a_text_under_silence_and_extend_it_but_not_after_expiry(officer, kazakhstan, india):
    staff = token_client(officer)
    decision = factories.DecisionFactory()
    created = staff.post(
        "/api/v1/silence-procedures/",
        {
            "body": decision.meeting.body.code,
            "decision": decision.pk,
            "states": ["KZ", "IN"],
            "expires_at": "2026-12-10T18:00:00+05:00",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/silence-procedures/{created.json()['id']}/"
    assert created.json()["status"] == "draft"
    assert staff.post(url + "transitions/", {"transition": "start"}, format="json").status_code == 200
    extended = staff.post(
        url + "transitions/", {"transition": "extend", "expires_at": "2026-12-11T18:00:00+05:00"}, format="json"
    )
    assert extended.status_code == 200 and extended.json()["extensions"] == 1
    with time_machine.travel(datetime.datetime(2026, 12, 11, 13, 0, 1, tzinfo=datetime.UTC), tick=False):
        late = staff.post(
            url + "transitions/", {"transition": "extend", "expires_at": "2026-12-12T18:00:00+05:00"}, format="json"
        )
    assert late.status_code == 400 and "expires_at" in late.json()["errors"]
    stored = SilenceProcedure.objects.get(pk=created.json()["id"])
    assert stored.extensions == 1 and stored.expires_at.isoformat() == "2026-12-11T13:00:00+00:00"


def test_nobody_concludes_by_hand(procedure, officer):
    with time_machine.travel(EXPIRY + datetime.timedelta(minutes=1), tick=False):
        response = token_client(officer).post(
            f"/api/v1/silence-procedures/{procedure.pk}/transitions/", {"transition": "adopt"}, format="json"
        )
    assert response.status_code == 400
    assert SilenceProcedure.objects.get(pk=procedure.pk).status == "running"


def test_filters_are_the_portals(procedure, kazakhstan, officer):
    factories.SilenceProcedureFactory(status="adopted", expires_at=NOW - datetime.timedelta(days=3))
    factories.SilenceResponseFactory(procedure=procedure, country=kazakhstan)
    staff = token_client(officer)

    def ids(query):
        return [row["id"] for row in staff.get(f"/api/v1/silence-procedures/?{query}").json()["results"]]

    assert ids("is_open=true") == [procedure.pk]
    assert ids("broken=true") == [procedure.pk]
    assert ids("state=KZ") == [procedure.pk]
    assert len(ids("status=adopted")) == 1
    assert staff.get("/api/v1/silence-procedures/?state=XX").status_code == 400


def test_the_list_costs_the_same_queries_with_more_rows(procedure, officer, kazakhstan):
    factories.SilenceResponseFactory(procedure=procedure, country=kazakhstan, author=officer)
    staff = token_client(officer)
    staff.get("/api/v1/silence-procedures/")
    with CaptureQueriesContext(connection) as few:
        staff.get("/api/v1/silence-procedures/")
    for _ in range(4):
        other = factories.SilenceProcedureFactory(states=[kazakhstan])
        factories.SilenceResponseFactory(procedure=other, country=kazakhstan, author=officer)
    with CaptureQueriesContext(connection) as many:
        assert staff.get("/api/v1/silence-procedures/").json()["count"] == 5
    assert len(many) == len(few)


def test_who_typed_an_answer_is_for_staff_and_the_answering_state_only(
    procedure, kazakhstan, india, kz_focal_point, in_focal_point, officer, partner_system
):
    procedure.states.add(india)
    answer = factories.SilenceResponseFactory(procedure=procedure, country=kazakhstan, author=kz_focal_point)

    def author_seen_by(user):
        body = token_client(user).get(f"/api/v1/silence-responses/{answer.pk}/")
        assert body.status_code == 200, (user, body.status_code)
        return body.json()["author"], body.json()["state"]

    assert author_seen_by(officer) == ("fp-kz", "KZ")
    assert author_seen_by(kz_focal_point) == ("fp-kz", "KZ")
    assert author_seen_by(in_focal_point) == (None, "KZ")  # the state's answer, not the person's account
    assert author_seen_by(partner_system) == (None, "KZ")


def test_a_patch_of_what_is_fixed_once_under_silence_is_refused_by_name(officer, kazakhstan):
    running = factories.SilenceProcedureFactory(expires_at=EXPIRY, states=[kazakhstan])
    later = (EXPIRY + datetime.timedelta(days=1)).isoformat()

    answer = token_client(officer).patch(
        f"/api/v1/silence-procedures/{running.pk}/", {"expires_at": later, "note": "Extended."}, format="json"
    )

    assert answer.status_code == 400
    assert set(answer.json()["errors"]) == {"expires_at"}
    running.refresh_from_db()
    assert (running.expires_at, running.note) == (EXPIRY, "")


def test_sending_back_what_was_read_with_a_new_note_is_not_refused(officer, kazakhstan):
    running = factories.SilenceProcedureFactory(expires_at=EXPIRY, states=[kazakhstan])
    client = token_client(officer)
    record = client.get(f"/api/v1/silence-procedures/{running.pk}/").json()
    writable = ("body", "decision", "document", "states", "note", "note_ru", "expires_at")

    answer = client.patch(
        f"/api/v1/silence-procedures/{running.pk}/",
        {**{name: record[name] for name in writable}, "note": "Circulated again."},
        format="json",
    )

    assert answer.status_code == 200, answer.json()
    running.refresh_from_db()
    assert (running.note, running.expires_at, list(running.states.all())) == ("Circulated again.", EXPIRY, [kazakhstan])


@pytest.mark.parametrize(
    "changed", [{"states": ["KZ", "IN"]}, {"body": "SWG"}, {"expires_at": "2026-12-11T09:00:00Z"}], ids=str
)
def test_each_fixed_field_changed_under_silence_is_refused_by_name(officer, kazakhstan, india, changed):
    factories.MeetingBodyFactory(code="SWG", level=1)
    running = factories.SilenceProcedureFactory(expires_at=EXPIRY, states=[kazakhstan])

    answer = token_client(officer).patch(f"/api/v1/silence-procedures/{running.pk}/", changed, format="json")

    assert answer.status_code == 400
    assert set(answer.json()["errors"]) == set(changed)
    running.refresh_from_db()
    assert (running.expires_at, list(running.states.all())) == (EXPIRY, [kazakhstan])

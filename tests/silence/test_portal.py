"""The portal for focal points: the texts under silence with the time left (dashboard, inbox, list), a procedure's
page with every state's answer, and the forms to break silence (text required, file optional) or join consensus."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from silence.models import SilenceResponse
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=datetime.UTC)
EXPIRY = NOW + datetime.timedelta(days=2, hours=3)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def procedure(kazakhstan, india):
    decision = factories.DecisionFactory(title="Rules of the CICA Fund", title_ru="Правила Фонда СВМДА")
    return factories.SilenceProcedureFactory(
        body=decision.meeting.body, decision=decision, expires_at=EXPIRY, states=[kazakhstan, india]
    )


def test_a_focal_point_sees_the_running_procedures_with_the_time_left(procedure, kz_focal_point):
    client = signed_in(kz_focal_point)
    for url in (reverse("silence:running"), reverse("silence:inbox"), reverse("silence:procedure_list")):
        page = client.get(url).content.decode()
        assert "Rules of the CICA Fund" in page and "2\xa0days, 3\xa0hours" in page, url
    assert 'hx-get="/portal/silence/running/"' in client.get("/portal/").content.decode()


def test_the_pages_speak_russian(procedure, kz_focal_point):
    client = signed_in(kz_focal_point)
    client.post(reverse("set_language"), {"language": "ru", "next": "/portal/"})
    page = client.get(reverse("silence:procedure_detail", args=[procedure.pk]))
    html = page.content.decode()
    assert "Правила Фонда СВМДА" in html and "Нарушить молчание" in html and "Присоединиться к консенсусу" in html


def test_a_state_not_concerned_does_not_see_the_procedure(procedure):
    stranger = factories.FocalPointFactory(country=factories.CountryFactory(iso2="CN"))
    client = signed_in(stranger)
    assert client.get(reverse("silence:procedure_detail", args=[procedure.pk])).status_code == 404
    response = client.post(reverse("silence:break", args=[procedure.pk]), {"kind": "objection", "text": "No."})
    assert response.status_code == 404 and not SilenceResponse.objects.exists()
    assert "Rules of the CICA Fund" not in client.get(reverse("silence:running")).content.decode()


def test_a_focal_point_breaks_silence_with_an_amendment_and_a_file(procedure, kz_focal_point, india, in_focal_point):
    client = signed_in(kz_focal_point)
    upload = SimpleUploadedFile("amendment.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("silence:break", args=[procedure.pk]),
        {"kind": "amendment", "text": "Add: subject to the Fund's rules.", "file": upload},
    )
    assert response.status_code == 302
    answer = SilenceResponse.objects.get()
    assert (answer.country.iso2, answer.kind, answer.author) == ("KZ", "amendment", kz_focal_point)
    # Every concerned state sees who broke silence and why, and can read the file.
    other = signed_in(in_focal_point)
    page = other.get(reverse("silence:procedure_detail", args=[procedure.pk])).content.decode()
    assert (
        "<strong>Kazakhstan</strong>" in page
        and "<blockquote>Add: subject to the Fund&#x27;s rules.</blockquote>" in page
    )
    assert other.get(reverse("silence:response_file", args=[answer.pk])).status_code == 200


def test_another_focal_point_joins_consensus(procedure, in_focal_point):
    response = signed_in(in_focal_point).post(reverse("silence:join_consensus", args=[procedure.pk]), {"text": ""})
    assert response.status_code == 302
    assert SilenceResponse.objects.get().kind == "consensus"


@pytest.mark.parametrize(
    ("when", "data", "message"),
    [
        (EXPIRY, {"kind": "objection", "text": "Too late."}, "The silence period ended"),
        (NOW, {"kind": "objection", "text": ""}, "silence is broken in writing"),
    ],
    ids=["after-expiry", "empty-objection"],
)
def test_a_refused_answer_says_why_and_records_nothing(procedure, kz_focal_point, when, data, message):
    with time_machine.travel(when, tick=False):
        response = signed_in(kz_focal_point).post(reverse("silence:break", args=[procedure.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SilenceResponse.objects.exists()


def test_a_coordinator_who_is_not_the_focal_point_cannot_answer(procedure, kz_coordinator):
    response = signed_in(kz_coordinator).post(reverse("silence:join_consensus", args=[procedure.pk]), {})
    assert response.status_code == 403 and not SilenceResponse.objects.exists()


def test_the_list_costs_the_same_queries_with_more_procedures(
    procedure, kz_focal_point, kazakhstan, django_assert_max_num_queries
):
    client = signed_in(kz_focal_point)
    client.get(reverse("silence:procedure_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("silence:procedure_list"))
    for _ in range(5):
        factories.SilenceProcedureFactory(expires_at=EXPIRY, states=[kazakhstan])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("silence:procedure_list"))
    assert len(response.context["object_list"]) == 6
    assert len(many) == len(few)


def test_the_expiry_is_shown_in_the_readers_time_zone(procedure, kz_focal_point, in_focal_point):
    in_focal_point.time_zone = "Asia/Kolkata"
    in_focal_point.save()
    url = reverse("silence:procedure_detail", args=[procedure.pk])
    assert "10 Dec 2026, 17:00" in signed_in(kz_focal_point).get(url).content.decode()  # Astana, UTC+5
    assert "10 Dec 2026, 17:30" in signed_in(in_focal_point).get(url).content.decode()  # Delhi, UTC+5:30


def test_the_calendar_feed_has_each_silence_expiry_at_its_exact_time(procedure, kz_focal_point):
    import icalendar
    from django.test import Client

    from portal.models import CalendarToken

    not_concerned = factories.SilenceProcedureFactory(expires_at=EXPIRY, states=[factories.CountryFactory(iso2="CN")])
    token = CalendarToken.objects.for_user(kz_focal_point).token
    feed = icalendar.Calendar.from_ical(Client().get(reverse("portal:calendar_feed", args=[token])).content)
    silences = {str(e["uid"]): e for e in feed.walk("VEVENT") if str(e["uid"]).startswith("silence-")}
    assert list(silences) == [f"silence-{procedure.pk}@testserver"]
    (event,) = silences.values()
    assert event.decoded("dtstart") == EXPIRY and "Rules of the CICA Fund" in str(event["summary"])
    assert f"silence-{not_concerned.pk}@testserver" not in silences

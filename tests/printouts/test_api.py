"""The PDFs a partner system needs, with an API token: a meeting's agenda and decisions and the status reports,
linked from the API's records, under the same permission rule as the portal's PDFs."""

import datetime

import pytest
from django.test import Client

from accounts.tokens import APIToken, TokenScope
from secretariat.choices import DecisionStatus
from tests import factories

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def token_client(user):
    _token, key = APIToken.objects.issue(user=user, name="PDF sync", scope=TokenScope.READ)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def meeting(kazakhstan):
    swg = factories.MeetingBodyFactory(code="SWG", name="Special Working Group", level=1)
    meeting = factories.MeetingFactory(
        body=swg, number=7, start_on=datetime.date(2026, 3, 10), end_on=datetime.date(2026, 3, 11)
    )
    factories.AgendaItemFactory(meeting=meeting, number=1, title="Adoption of the agenda")
    factories.DecisionFactory(meeting=meeting, number=1, title="Host the seminar on energy", status=DecisionStatus.OPEN)
    return meeting


def test_a_partner_system_reads_a_meetings_pdfs_through_the_links_of_the_api(partner_system, meeting):
    client = token_client(partner_system)
    record = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    links = record["printouts"]
    assert set(links) == {"agenda", "decisions", "participants"} and set(links["agenda"]) == {"en", "ru"}
    assert links["agenda"]["en"] == f"http://testserver/api/v1/meetings/{meeting.pk}/agenda.pdf?language=en"
    agenda = client.get(links["agenda"]["en"], HTTP_ACCEPT="application/pdf")
    assert agenda.status_code == 200 and agenda["Content-Type"] == "application/pdf"
    assert agenda.content.startswith(b"%PDF") and "Adoption of the agenda" in pdf_text(agenda.content)
    decisions = client.get(links["decisions"]["ru"])
    assert decisions.status_code == 200 and "SWG 7/1" in pdf_text(decisions.content)
    assert client.get(links["participants"]["en"]).status_code == 404  # no list of participants issued


def test_the_status_reports_are_linked_and_served(partner_system, kazakhstan):
    measure = factories.MeasureFactory(title="Energy security")
    client = token_client(partner_system)
    for record_url in (f"/api/v1/measures/{measure.pk}/", f"/api/v1/dimensions/{measure.dimension_id}/"):
        link = client.get(record_url).json()["printouts"]["status"]["en"]
        response = client.get(link)
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), record_url
    for url in ("/api/v1/countries/kz/status.pdf", "/api/v1/catalogue/status.pdf"):
        assert client.get(url).status_code == 200, url


def test_without_a_token_or_for_an_unknown_row_the_api_answers_in_json(meeting):
    anonymous = Client().get(f"/api/v1/meetings/{meeting.pk}/agenda.pdf")
    assert anonymous.status_code == 401 and "detail" in anonymous.json()
    partner = factories.ServiceAccountFactory(username="another-system")
    missing = token_client(partner).get("/api/v1/meetings/999999/agenda.pdf", HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404 and "detail" in missing.json()

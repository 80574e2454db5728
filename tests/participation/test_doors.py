"""The other doors of participation: lists as CSV/XLSX, the nomination deadline in the calendar feed, webhook
events of the delegation workflow, and the list of participants issued once, then revised when it changes."""

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from participation.services import issue_list_of_participants
from participation.workflows import DELEGATION_WORKFLOW
from portal.models import CalendarToken
from secretariat.models import Document
from tests import factories
from tests.conftest import signed_in
from tests.printouts.conftest import pdf_text

pytestmark = pytest.mark.django_db


def accredited(delegation, focal_point, officer):
    DELEGATION_WORKFLOW.take(delegation, focal_point, "submit")
    return DELEGATION_WORKFLOW.take(delegation, officer, "accredit")


def test_the_participants_list_downloads_as_csv_and_xlsx_with_the_readers_rows_only(
    kz_focal_point, in_focal_point, kz_draft
):
    india = factories.DelegationFactory(meeting=kz_draft.meeting, country=in_focal_point.country)
    factories.ParticipantFactory(delegation=india, name="Rajesh Kumar", is_head=True)
    client = signed_in(kz_focal_point)
    csv = client.get(reverse("participation:participant_list"), {"export": "csv"})
    assert csv.status_code == 200
    text = csv.content.decode()
    assert "Askar Nurlanov" in text and "Dana Sultanova" in text and "Rajesh Kumar" not in text
    xlsx = client.get(reverse("participation:participant_list"), {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    delegations = client.get(reverse("participation:delegation_list"), {"export": "csv"}).content.decode()
    assert "Kazakhstan" in delegations and "India" not in delegations


def test_the_nomination_deadline_is_in_the_focal_points_calendar(kz_focal_point, open_meeting, in_coordinator):
    token = CalendarToken.objects.for_user(kz_focal_point).token
    feed = Client().get(reverse("portal:calendar_feed", args=[token]))
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    due = [e for e in events if str(e["summary"]).startswith("Nominations due for SWG 3")]
    assert len(due) == 1
    assert due[0].decoded("dtstart") == open_meeting.registration.deadline.replace(microsecond=0)
    # A coordinator who is not a focal point nominates nothing: no deadline in its calendar.
    other = Client().get(reverse("portal:calendar_feed", args=[CalendarToken.objects.for_user(in_coordinator).token]))
    assert b"Nominations due" not in other.content


@pytest.mark.usefixtures("weasyprint")
def test_the_list_is_issued_once_and_revised_when_it_changes(officer, kz_focal_point, kz_draft):
    accredited(kz_draft, kz_focal_point, officer)
    registration = kz_draft.meeting.registration
    first = issue_list_of_participants(registration, officer)
    assert first.symbol == "CICA/SWG/2026/3/INF.1"
    with pytest.raises(Exception, match="has not changed"):
        issue_list_of_participants(registration, officer)
    assert Document.objects.filter(meeting=kz_draft.meeting).count() == 1
    factories.ParticipantFactory(delegation=kz_draft, name="Erlan Bekov")
    revised = issue_list_of_participants(registration, officer)
    assert revised.symbol == "CICA/SWG/2026/3/INF.1/Rev.1"
    first.refresh_from_db()
    assert first.status == "superseded"
    assert "Erlan Bekov" in pdf_text(revised.language_versions.get(language="en").file.read())


def test_before_issue_only_staff_read_the_list_pdf(officer, kz_focal_point, kz_draft, weasyprint):
    accredited(kz_draft, kz_focal_point, officer)
    url = reverse("printouts:meeting", args=[kz_draft.meeting_id, "participants"])
    assert signed_in(kz_focal_point).get(url).status_code == 404
    assert signed_in(officer).get(url).status_code == 200
    issue_list_of_participants(kz_draft.meeting.registration, officer)
    assert signed_in(kz_focal_point).get(url, {"language": "ru"}).status_code == 200


@pytest.fixture
def weasyprint():
    from tests.search.conftest import require_weasyprint

    require_weasyprint()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("tasks_in_process")
def test_the_delegation_steps_are_announced_to_partner_systems(receiver, subscribe, officer, kz_focal_point, kz_draft):
    subscribe("delegation.submitted", "delegation.accredited", "delegation.returned", owner=officer)
    DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "submit")
    DELEGATION_WORKFLOW.take(kz_draft, officer, "return", return_note="Sign the letter.")
    DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "submit")
    DELEGATION_WORKFLOW.take(kz_draft, officer, "accredit")
    got = [(r.type, r.payload["data"]["status"]) for r in receiver.accepted()]
    assert got == [
        ("delegation.submitted", "submitted"),
        ("delegation.returned", "returned"),
        ("delegation.submitted", "submitted"),
        ("delegation.accredited", "accredited"),
    ]

"""Workflows in the portal: steps offered by role, referral by staff, what a meeting has before it, revisions of its
documents, and no lost update when two people edit the same report."""

import datetime

import pytest
from django.urls import reverse

from measures.models import ImplementationReport
from secretariat.models import Decision
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

LATER = datetime.date(2031, 3, 1)


def day(offset):
    return LATER + datetime.timedelta(days=offset)


@pytest.fixture
def cycle():
    swg = factories.MeetingBodyFactory(code="SWG", name="Special Working Group", level=1)
    cso = factories.MeetingBodyFactory(code="CSO", name="Committee of Senior Officials", level=2)
    earlier = factories.MeetingFactory(body=swg, number=1, start_on=day(-60), end_on=day(-60), status="concluded")
    swg_meeting = factories.MeetingFactory(body=swg, number=2, start_on=day(0), end_on=day(0))
    cso_meeting = factories.MeetingFactory(body=cso, number=1, start_on=day(30), end_on=day(30))
    return earlier, swg_meeting, cso_meeting


def test_staff_refer_a_decision_from_its_page_and_land_on_the_higher_one(staff_client, cycle):
    _, swg_meeting, cso_meeting = cycle
    decision = factories.DecisionFactory(meeting=swg_meeting, title="Support Fund rules")
    page = staff_client.get(reverse("secretariat:decision_detail", args=[decision.pk])).content.decode()
    assert 'data-step="refer"' in page

    response = staff_client.post(
        reverse("secretariat:decision_step", args=[decision.pk, "refer"]), {"seen_version": decision.lock_version}
    )

    higher = Decision.objects.get(meeting=cso_meeting)
    assert response.status_code == 302 and response["Location"] == reverse(
        "secretariat:decision_detail", args=[higher.pk]
    )
    page = staff_client.get(response["Location"]).content.decode()
    assert "Path through the meeting cycle" in page and "SWG 2/" in page
    decision.refresh_from_db()
    assert decision.status == "referred" and higher.title == "Support Fund rules"


def test_a_coordinator_is_offered_only_their_own_steps(kz_client, kz_coordinator, cycle):
    decision = factories.DecisionFactory(
        meeting=cycle[1], responsible_party="member_state", responsible_country=kz_coordinator.country
    )
    page = kz_client.get(reverse("secretariat:decision_detail", args=[decision.pk])).content.decode()
    assert 'data-step="start"' in page and 'data-step="implement"' in page
    assert 'data-step="refer"' not in page and 'data-step="cancel"' not in page
    refused = kz_client.post(reverse("secretariat:decision_step", args=[decision.pk, "refer"]), follow=True)
    assert "is not yours to take" in refused.content.decode()
    decision.refresh_from_db()
    assert decision.status == "open"


def test_a_meeting_page_shows_pending_and_referred_matters(kz_client, cycle, officer):
    from secretariat.workflows import DECISION_WORKFLOW

    earlier, swg_meeting, cso_meeting = cycle
    pending = factories.DecisionFactory(meeting=earlier, title="Still open from SWG 1")
    factories.DecisionFactory(meeting=earlier, title="Done at SWG 1", status="implemented")
    referred = factories.DecisionFactory(meeting=swg_meeting, title="Going to the CSO")
    DECISION_WORKFLOW.take(referred, officer, "refer")

    swg_page = kz_client.get(reverse("secretariat:meeting_detail", args=[swg_meeting.pk])).content.decode()
    cso_page = kz_client.get(reverse("secretariat:meeting_detail", args=[cso_meeting.pk])).content.decode()

    assert "Still open from SWG 1" in swg_page and "Done at SWG 1" not in swg_page
    assert "Going to the CSO" in cso_page and f"SWG 2/{referred.number}" in cso_page
    assert pending.status == "open"


def test_a_meetings_documents_show_every_revision_with_the_current_one_marked(kz_client, officer, cycle):
    from secretariat.services import issue_revision

    meeting = cycle[1]
    original = factories.DocumentFactory(meeting=meeting, title="Draft rules")
    factories.DocumentLanguageVersionFactory(document=original, language="en")
    revision = issue_revision(original, officer, "revision")
    factories.DocumentLanguageVersionFactory(document=revision, language="en")

    page = kz_client.get(reverse("secretariat:meeting_detail", args=[meeting.pk])).content.decode()

    assert f"{original.symbol}/Rev.1" in page
    assert page.count('data-status="current"') == 1 and page.count('data-status="superseded"') == 1
    old_file = original.language_versions.get()
    assert kz_client.get(reverse("secretariat:document_file", args=[old_file.pk])).status_code == 200


def test_two_coordinators_editing_the_same_report_lose_nothing(client, kz_coordinator, kazakhstan):
    colleague = factories.CoordinatorFactory(country=kazakhstan, username="coord-kz-2")
    report = factories.ImplementationReportFactory(country=kazakhstan, narrative="Started.")
    url = reverse("measures:report_edit", args=[report.pk])
    data = {
        "period_start": "2021-01-01",
        "period_end": "2021-06-30",
        "progress": 30,
        "seen_version": report.lock_version,  # both opened the form now
    }
    sign_in(client, colleague)
    first = client.post(url, {**data, "narrative": "The colleague's text."})
    assert first.status_code == 302
    sign_in(client, kz_coordinator)
    second = client.post(url, {**data, "narrative": "My text, from the same starting point."})

    assert second.status_code == 409  # a conflict with the colleague's save, answered with the form again
    page = second.content.decode()
    assert "coord-kz-2 changed this implementation report after you opened it" in page
    assert "The colleague&#x27;s text." in page  # their change is shown
    assert ImplementationReport.objects.get(pk=report.pk).narrative == "The colleague's text."

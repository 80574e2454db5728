"""Issue 20, 2: the list of participants names the accredited states in the order of their names in the list's
language (heads of delegation first), read back from the PDF with pdftotext; and what the list names is what
everyone may read, so a delegation accredited after the list was issued stays its own state's until a revision
names it."""

import pytest
from django.urls import reverse

from participation.services import issue_list_of_participants
from participation.workflows import DELEGATION_WORKFLOW
from tests import factories
from tests.conftest import token_client
from tests.printouts.conftest import pdftotext

pytestmark = pytest.mark.django_db

# Created in this order, so that the order of their ids is neither the English nor the Russian alphabetical one.
STATES = [
    ("TR", "Turkey", "Турция"),
    ("CN", "China", "Китай"),
    ("IN", "India", "Индия"),
    ("KZ", "Kazakhstan", "Казахстан"),
]


@pytest.fixture
def four_states_accredited(open_meeting, officer):
    delegations = {}
    for iso2, name, name_ru in STATES:
        country = factories.CountryFactory(iso2=iso2, name=name, name_ru=name_ru)
        delegation = factories.AccreditedDelegationFactory(meeting=open_meeting, country=country)
        factories.ParticipantFactory(delegation=delegation, name=f"Delegate of {name}", position=1)
        factories.ParticipantFactory(delegation=delegation, name=f"Head of {name}", is_head=True, position=2)
        delegations[iso2] = delegation
    return delegations


def positions(text, words):
    found = [text.find(word) for word in words]
    assert -1 not in found, (words, text)
    return found


@pytest.mark.usefixtures("weasyprint")
def test_the_states_follow_the_alphabet_of_each_language_heads_first(four_states_accredited, open_meeting, officer):
    document = issue_list_of_participants(open_meeting.registration, officer)
    english = pdftotext(document.language_versions.get(language="en").file.read())
    russian = pdftotext(document.language_versions.get(language="ru").file.read())

    assert "CICA/SWG/2026/3/INF.1" in english and "CICA/SWG/2026/3/INF.1" in russian
    english_order = positions(english, ["China", "India", "Kazakhstan", "Turkey"])
    assert english_order == sorted(english_order)
    russian_order = positions(russian, ["Индия", "Казахстан", "Китай", "Турция"])
    assert russian_order == sorted(russian_order)
    for _iso2, name, _name_ru in STATES:
        assert english.find(f"Head of {name}") < english.find(f"Delegate of {name}")


@pytest.fixture
def weasyprint():
    from tests.search.conftest import require_weasyprint

    require_weasyprint()


@pytest.mark.usefixtures("weasyprint")
def test_a_delegation_accredited_after_the_issue_waits_for_the_revision(
    kz_focal_point, in_focal_point, kz_draft, officer, partner_system
):
    DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "submit")
    DELEGATION_WORKFLOW.take(kz_draft, officer, "accredit")
    registration = kz_draft.meeting.registration
    issue_list_of_participants(registration, officer)
    india = factories.DelegationFactory(meeting=kz_draft.meeting, country=in_focal_point.country)
    factories.ParticipantFactory(delegation=india, name="Rajesh Kumar", is_head=True)
    DELEGATION_WORKFLOW.take(india, in_focal_point, "submit")
    DELEGATION_WORKFLOW.take(india, officer, "accredit")

    def seen_by(user):
        api = token_client(user)
        delegations = {d["id"] for d in api.get(reverse("api:delegation-list")).json()["results"]}
        participants = {p["name"] for p in api.get(reverse("api:participant-list")).json()["results"]}
        return kz_draft.pk in delegations, india.pk in delegations, "Rajesh Kumar" in participants

    assert seen_by(partner_system) == (True, False, False)
    assert seen_by(kz_focal_point) == (True, False, False)
    assert seen_by(in_focal_point) == (True, True, True)  # its own, in full

    issue_list_of_participants(registration, officer)  # Rev.1 names India

    assert seen_by(partner_system) == (True, True, True)
    assert seen_by(kz_focal_point) == (True, True, True)


def test_a_delegation_another_state_may_not_see_is_an_unknown_id_to_it(kz_draft, in_focal_point):
    """Not "this delegation is full" nor "already has a head": nothing about Kazakhstan's draft reaches India."""
    api = token_client(in_focal_point)
    unknown = api.post(reverse("api:participant-list"), {"delegation": 999999, "name": "X"}, format="json")
    for body in ({"name": "X"}, {"name": "X", "is_head": True}):
        answer = api.post(reverse("api:participant-list"), {"delegation": kz_draft.pk, **body}, format="json")
        assert answer.status_code == 400
        assert answer.json()["errors"] == {
            "delegation": [
                message.replace("999999", str(kz_draft.pk)) for message in unknown.json()["errors"]["delegation"]
            ]
        }
    assert kz_draft.participants.count() == 2


@pytest.mark.usefixtures("weasyprint")
def test_the_issued_list_is_read_through_the_api_by_whoever_may_read_it(
    kz_focal_point, in_focal_point, kz_draft, officer, partner_system
):
    meeting = kz_draft.meeting
    link = token_client(partner_system).get(reverse("api:meeting-detail", args=[meeting.pk])).json()
    url = link["printouts"]["participants"]["ru"]
    assert url.endswith(f"/api/v1/meetings/{meeting.pk}/participants.pdf?language=ru")
    assert token_client(kz_focal_point).get(url).status_code == 404  # not issued yet: the Secretariat's draft
    DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "submit")
    DELEGATION_WORKFLOW.take(kz_draft, officer, "accredit")
    document = issue_list_of_participants(meeting.registration, officer)
    india = factories.DelegationFactory(meeting=meeting, country=in_focal_point.country)
    factories.ParticipantFactory(delegation=india, name="Rajesh Kumar", is_head=True)
    DELEGATION_WORKFLOW.take(india, in_focal_point, "submit")
    DELEGATION_WORKFLOW.take(india, officer, "accredit")  # after the issue: not on the list until its revision

    for reader in (partner_system, kz_focal_point, in_focal_point):
        answer = token_client(reader).get(url)
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
        text = pdftotext(answer.content)
        assert "Казахстан" in text and "Индия" not in text
    # The issued document itself (distributed to member states): a member state's focal point reads it too.
    document_url = reverse("api:document-detail", args=[document.pk])
    assert token_client(kz_focal_point).get(document_url).status_code == 200
    assert token_client(partner_system).get(document_url).status_code == 404


def test_member_states_documents_are_read_by_member_states_focal_points_not_observers(kz_focal_point):
    document = factories.DocumentFactory(distribution="member_states")
    observer = factories.CountryFactory(iso2="QA", name="Qatar", cica_status="observer")
    observers_focal_point = factories.FocalPointFactory(username="fp-qa", country=observer)
    url = reverse("api:document-detail", args=[document.pk])
    assert token_client(kz_focal_point).get(url).status_code == 200
    assert token_client(observers_focal_point).get(url).status_code == 404

"""A focal point nominates its state's delegation (portal and API); the Secretariat accredits or returns it; bad
input gets a clear answer and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participation.choices import DelegationStatus
from participation.models import Delegation, Participant
from participation.workflows import DELEGATION_WORKFLOW
from tests import factories
from tests.conftest import signed_in, token_client
from tests.participation.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def participant_data(**values):
    data = {"name": "Askar Nurlanov", "name_cyrillic": "Аскар Нурланов", "title": "H.E. Mr.", "function": "Deputy"}
    data.update({"email": "askar@gov.kz", "position": 0, **values})
    return data


class TestPortalNomination:
    def test_a_focal_point_nominates_adds_participants_and_submits(self, kz_focal_point, open_meeting):
        client = signed_in(kz_focal_point)
        answer = client.post(
            reverse("participation:delegation_create", args=[open_meeting.pk]), {"credentials": pdf_upload()}
        )
        delegation = Delegation.objects.get(meeting=open_meeting, country=kz_focal_point.country)
        assert answer.status_code == 302 and delegation.status == DelegationStatus.DRAFT
        add = reverse("participation:participant_create", args=[delegation.pk])
        assert client.post(add, participant_data(is_head="on")).status_code == 302
        assert client.post(add, participant_data(name="Dana Sultanova", name_cyrillic="")).status_code == 302
        step = reverse("participation:delegation_step", args=[delegation.pk, "submit"])
        client.post(step, {"seen_version": Delegation.objects.get().lock_version})
        delegation.refresh_from_db()
        assert delegation.status == DelegationStatus.SUBMITTED
        assert delegation.submitted_by == kz_focal_point

    def test_the_delegations_page_offers_the_open_meeting(self, kz_focal_point, open_meeting):
        page = signed_in(kz_focal_point).get(reverse("participation:delegation_list"))
        assert page.status_code == 200
        assert reverse("participation:delegation_create", args=[open_meeting.pk]) in page.content.decode()

    def test_a_focal_point_only_account_has_a_working_dashboard(self, kz_focal_point, kz_draft):
        page = signed_in(kz_focal_point).get(reverse("portal:dashboard"))
        assert page.status_code == 200
        assert reverse("participation:delegation_detail", args=[kz_draft.pk]) in page.content.decode()

    def test_a_second_head_of_delegation_is_refused(self, kz_focal_point, kz_draft):
        add = reverse("participation:participant_create", args=[kz_draft.pk])
        answer = signed_in(kz_focal_point).post(add, participant_data(name="Second", is_head="on"))
        assert answer.status_code == 400
        assert "already has a head of delegation" in answer.content.decode()
        assert kz_draft.participants.count() == 2

    def test_more_participants_than_seats_are_refused(self, kz_focal_point, kz_draft):
        client = signed_in(kz_focal_point)
        add = reverse("participation:participant_create", args=[kz_draft.pk])
        assert client.post(add, participant_data(name="Third")).status_code == 302
        answer = client.post(add, participant_data(name="Fourth"))
        assert answer.status_code == 400 and "at most 3 seats" in answer.content.decode()
        assert kz_draft.participants.count() == 3

    def test_a_credentials_file_that_is_not_a_pdf_is_refused(self, kz_focal_point, kz_draft):
        upload = SimpleUploadedFile("letter.docx", b"PK\x03\x04 not a pdf")
        answer = signed_in(kz_focal_point).post(
            reverse("participation:delegation_edit", args=[kz_draft.pk]),
            {"credentials": upload, "seen_version": kz_draft.lock_version},
        )
        assert answer.status_code == 400 and "must be a PDF" in answer.content.decode()
        kz_draft.refresh_from_db()
        assert kz_draft.credentials.name.endswith("credentials.pdf")

    def test_a_renamed_file_is_not_taken_for_a_pdf(self, kz_focal_point, kz_draft):
        upload = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 an executable")
        answer = signed_in(kz_focal_point).post(
            reverse("participation:delegation_edit", args=[kz_draft.pk]),
            {"credentials": upload, "seen_version": kz_draft.lock_version},
        )
        assert answer.status_code == 400 and "does not look like a .pdf file" in answer.content.decode()

    def test_nominations_after_the_deadline_are_refused(self, kz_focal_point, closed_meeting):
        answer = signed_in(kz_focal_point).post(
            reverse("participation:delegation_create", args=[closed_meeting.pk]), {"credentials": pdf_upload()}
        )
        assert answer.status_code == 403 and "Nominations for this meeting closed" in answer.content.decode()
        assert not Delegation.objects.exists()

    def test_a_state_that_was_not_invited_cannot_nominate(self, open_meeting):
        observer = factories.CountryFactory(iso2="QA", name="Qatar", cica_status="observer")
        focal_point = factories.FocalPointFactory(country=observer)
        answer = signed_in(focal_point).post(
            reverse("participation:delegation_create", args=[open_meeting.pk]), {"credentials": pdf_upload()}
        )
        assert answer.status_code == 403 and "not invited" in answer.content.decode()
        assert not Delegation.objects.exists()

    def test_a_focal_point_cannot_act_for_another_state(self, in_focal_point, kz_draft):
        client = signed_in(in_focal_point)
        assert client.get(reverse("participation:delegation_detail", args=[kz_draft.pk])).status_code == 404
        add = reverse("participation:participant_create", args=[kz_draft.pk])
        assert client.post(add, participant_data(name="Intruder")).status_code == 404
        step = reverse("participation:delegation_step", args=[kz_draft.pk, "submit"])
        assert client.post(step).status_code == 404
        assert kz_draft.participants.count() == 2
        kz_draft.refresh_from_db()
        assert kz_draft.status == DelegationStatus.DRAFT

    def test_submitting_without_a_head_is_refused_with_the_reason(self, kz_focal_point, open_meeting, kazakhstan):
        delegation = factories.DelegationFactory(meeting=open_meeting, country=kazakhstan)
        factories.ParticipantFactory(delegation=delegation)
        client = signed_in(kz_focal_point)
        answer = client.post(reverse("participation:delegation_step", args=[delegation.pk, "submit"]), follow=True)
        assert "exactly one head of delegation" in answer.content.decode()
        delegation.refresh_from_db()
        assert delegation.status == DelegationStatus.DRAFT


class TestReview:
    def test_staff_return_with_a_note_the_focal_point_corrects_and_staff_accredit(
        self, officer, kz_focal_point, kz_draft
    ):
        DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "submit")
        staff = signed_in(officer)
        step = reverse("participation:delegation_step", args=[kz_draft.pk, "return"])
        staff.post(step, {"return-return_note": "The head of delegation's function is missing."})
        kz_draft.refresh_from_db()
        assert kz_draft.status == DelegationStatus.RETURNED
        client = signed_in(kz_focal_point)
        page = client.get(reverse("participation:delegation_detail", args=[kz_draft.pk])).content.decode()
        assert "function is missing" in page
        head = kz_draft.participants.get(is_head=True)
        edit = reverse("participation:participant_edit", args=[head.pk])
        data = participant_data(
            name=head.name, function="Deputy Minister", is_head="on", seen_version=head.lock_version
        )
        assert client.post(edit, data).status_code == 302
        client.post(reverse("participation:delegation_step", args=[kz_draft.pk, "submit"]))
        kz_draft.refresh_from_db()
        assert kz_draft.status == DelegationStatus.SUBMITTED
        admin_page = reverse("admin:participation_delegation_change", args=[kz_draft.pk])
        staff.post(admin_page, {"_workflow_step": "accredit", "seen_version": kz_draft.lock_version})
        kz_draft.refresh_from_db()
        assert kz_draft.status == DelegationStatus.ACCREDITED
        assert list(open_meeting_delegations(kz_draft.meeting)) == [kz_draft.country]

    def test_returning_needs_a_note(self, officer, kz_focal_point, kz_draft):
        DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "submit")
        with pytest.raises(Exception, match="Say why"):
            DELEGATION_WORKFLOW.take(kz_draft, officer, "return")
        kz_draft.refresh_from_db()
        assert kz_draft.status == DelegationStatus.SUBMITTED

    def test_a_focal_point_cannot_accredit(self, kz_focal_point, kz_draft):
        DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "submit")
        with pytest.raises(Exception, match="not yours to take"):
            DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "accredit")


def open_meeting_delegations(meeting):
    return meeting.participating_countries()


class TestApi:
    def test_a_focal_point_nominates_through_the_api(self, kz_focal_point, open_meeting):
        api = token_client(kz_focal_point)
        answer = api.post("/api/v1/delegations/", {"meeting": open_meeting.pk}, format="json")
        assert answer.status_code == 201, answer.json()
        assert answer.json()["country"] == "KZ" and answer.json()["status"] == "draft"
        pk = answer.json()["id"]
        upload = api.post(f"/api/v1/delegations/{pk}/credentials/", {"file": pdf_upload()}, format="multipart")
        assert upload.status_code == 200, upload.json()
        head = api.post("/api/v1/participants/", {"delegation": pk, "name": "A", "is_head": True}, format="json")
        assert head.status_code == 201, head.json()
        submitted = api.post(f"/api/v1/delegations/{pk}/transitions/", {"transition": "submit"}, format="json")
        assert submitted.status_code == 200, submitted.json()
        assert submitted.json()["status"] == "submitted"

    def test_a_second_head_is_a_400(self, kz_focal_point, kz_draft):
        answer = token_client(kz_focal_point).post(
            "/api/v1/participants/", {"delegation": kz_draft.pk, "name": "B", "is_head": True}, format="json"
        )
        assert answer.status_code == 400 and "is_head" in answer.json()["errors"]
        assert kz_draft.participants.count() == 2

    def test_more_than_the_seats_is_a_400(self, kz_focal_point, kz_draft):
        api = token_client(kz_focal_point)
        assert api.post("/api/v1/participants/", {"delegation": kz_draft.pk, "name": "C"}).status_code == 201
        answer = api.post("/api/v1/participants/", {"delegation": kz_draft.pk, "name": "D"}, format="json")
        assert answer.status_code == 400 and "seats" in str(answer.json())
        assert kz_draft.participants.count() == 3

    def test_a_credentials_file_that_is_not_a_pdf_is_a_400(self, kz_focal_point, kz_draft):
        upload = SimpleUploadedFile("letter.png", b"\x89PNG\r\n\x1a\n....")
        answer = token_client(kz_focal_point).post(
            f"/api/v1/delegations/{kz_draft.pk}/credentials/", {"file": upload}, format="multipart"
        )
        assert answer.status_code == 400 and "must be a PDF" in str(answer.json())

    def test_nominating_for_another_state_is_refused(self, kz_focal_point, open_meeting, india):
        answer = token_client(kz_focal_point).post(
            "/api/v1/delegations/", {"meeting": open_meeting.pk, "country": "IN"}, format="json"
        )
        assert answer.status_code == 403
        assert not Delegation.objects.exists()

    def test_after_the_deadline_the_answer_says_so(self, kz_focal_point, closed_meeting):
        answer = token_client(kz_focal_point).post(
            "/api/v1/delegations/", {"meeting": closed_meeting.pk}, format="json"
        )
        assert answer.status_code == 400 and "closed" in str(answer.json())
        assert not Delegation.objects.exists()

    def test_a_state_not_invited_is_a_400(self, open_meeting):
        observer = factories.CountryFactory(iso2="QA", name="Qatar", cica_status="observer")
        api = token_client(factories.FocalPointFactory(country=observer))
        answer = api.post("/api/v1/delegations/", {"meeting": open_meeting.pk}, format="json")
        assert answer.status_code == 400 and "not invited" in str(answer.json())

    def test_a_partner_sees_no_personal_details(self, partner_system, kz_draft, officer, kz_focal_point):
        DELEGATION_WORKFLOW.take(kz_draft, kz_focal_point, "submit")
        DELEGATION_WORKFLOW.take(kz_draft, officer, "accredit")
        from participation.services import issue_list_of_participants

        issue_list_of_participants(kz_draft.meeting.registration, officer)
        body = token_client(partner_system).get("/api/v1/delegations/").json()
        assert [row["country"] for row in body["results"]] == ["KZ"]
        participants = body["results"][0]["participants"]
        assert {p["name"] for p in participants} == {"Askar Nurlanov", "Dana Sultanova"}
        assert all(p["email"] is None for p in participants)
        assert body["results"][0]["credentials_url"] is None
        listed = token_client(partner_system).get("/api/v1/participants/").json()["results"]
        assert listed and all(p["email"] is None for p in listed)

    def test_a_state_sees_its_own_delegation_in_full(self, kz_focal_point, kz_draft):
        body = token_client(kz_focal_point).get(f"/api/v1/delegations/{kz_draft.pk}/").json()
        assert {p["email"] for p in body["participants"]} == {"askar@gov.kz", "dana@gov.kz"}
        assert body["credentials_url"]

    def test_another_states_unlisted_delegation_is_not_found(self, in_focal_point, kz_draft):
        assert token_client(in_focal_point).get(f"/api/v1/delegations/{kz_draft.pk}/").status_code == 404
        assert Participant.objects.filter(delegation=kz_draft).count() == 2

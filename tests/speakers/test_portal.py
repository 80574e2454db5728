"""Issue 21, 2-3: the portal's lists of speakers. A national focal point inscribes its state on an agenda item's
list while it is open, sees the order of the floor and its place, and after speaking submits its statement; staff
close and reopen the list; the published statements show on the agenda item for every participant."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from speakers.models import Inscription, Statement
from speakers.workflows import INSCRIPTION_WORKFLOW, STATEMENT_WORKFLOW
from tests import factories
from tests.conftest import signed_in

from .conftest import PDF

pytestmark = pytest.mark.django_db


def page(client, w):
    response = client.get(reverse("speakers:list_detail", args=[w.list.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_focal_point_inscribes_its_state_and_sees_its_place(speakers_world):
    w = speakers_world
    factories.InscriptionFactory(speakers_list=w.list, country=w.india)
    client = signed_in(w.kz_fp)
    assert "Inscribe on the list" in page(client, w)

    response = client.post(
        reverse("speakers:inscribe", args=[w.list.pk]), {"speaker": "H.E. Minister", "rank": "minister"}, follow=True
    )

    assert response.status_code == 200
    inscription = Inscription.objects.get(speakers_list=w.list, country=w.kz)
    assert (inscription.status, inscription.rank, inscription.inscribed_by) == ("inscribed", "minister", w.kz_fp)
    text = response.content.decode()
    assert "speaks in place 2" in text
    assert "Inscribe on the list" not in text  # once per list


def test_the_page_reads_in_russian(speakers_world):
    w = speakers_world
    factories.InscriptionFactory(speakers_list=w.list, country=w.kz)
    w.kz_fp.preferred_language = "ru"
    w.kz_fp.save()
    client = signed_in(w.kz_fp)
    client.cookies["django_language"] = "ru"
    text = page(client, w)
    assert "Безопасность" in text
    assert "Ораторы" in text and "выступает под номером 1" in text


def test_who_does_not_act_for_an_accredited_state_gets_no_form(speakers_world, kz_coordinator, officer):
    w = speakers_world
    china = page(signed_in(w.cn_fp), w)
    assert "Inscribe on the list" not in china
    assert "China has no accredited delegation at this meeting and cannot inscribe." in china
    assert "Inscribe on the list" not in page(signed_in(kz_coordinator), w)  # a coordinator, not a focal point
    response = signed_in(kz_coordinator).post(reverse("speakers:inscribe", args=[w.list.pk]), {"rank": "minister"})
    assert response.status_code == 403
    response = signed_in(officer).post(reverse("speakers:inscribe", args=[w.list.pk]), {"rank": "minister"})
    assert response.status_code == 403  # staff have no state: they inscribe states in the admin
    assert not Inscription.objects.exists()


def test_staff_close_the_list_and_a_late_focal_point_is_told(speakers_world, officer):
    w = speakers_world
    staff = signed_in(officer)
    assert "Close the list" in page(staff, w)
    response = staff.post(reverse("speakers:list_step", args=[w.list.pk, "close"]), {"seen_version": 1})
    assert response.status_code == 302
    w.list.refresh_from_db()
    assert w.list.status == "closed"
    text = page(signed_in(w.kz_fp), w)
    assert "Inscribe on the list" not in text
    assert "The list of speakers is closed" in text
    # a focal point cannot reopen it
    response = signed_in(w.kz_fp).post(reverse("speakers:list_step", args=[w.list.pk, "reopen"]), {})
    w.list.refresh_from_db()
    assert w.list.status == "closed"


def test_after_speaking_a_statement_is_submitted_published_and_read_by_all(speakers_world, officer, in_coordinator):
    w = speakers_world
    inscription = factories.InscriptionFactory(speakers_list=w.list, country=w.kz)
    assert "Submit a statement" not in page(signed_in(w.kz_fp), w)  # not before it spoke
    INSCRIPTION_WORKFLOW.take(inscription, officer, "mark_spoke")
    client = signed_in(w.kz_fp)
    assert "Submit a statement" in page(client, w)

    upload = SimpleUploadedFile("kz.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("speakers:statement_create", args=[w.list.pk]),
        {"language": "kk", "title": "Statement by Kazakhstan", "file": upload},
    )
    assert response.status_code == 302
    statement = Statement.objects.get(speakers_list=w.list, country=w.kz)
    assert (statement.status, statement.language, statement.submitted_by) == ("submitted", "kk", w.kz_fp)

    # before publication: Kazakhstan sees its own statement; India and its coordinator do not
    file_url = reverse("speakers:statement_file", args=[statement.pk])
    assert "Statement by Kazakhstan" in page(client, w)
    assert "Statement by Kazakhstan" not in page(signed_in(w.in_fp), w)
    assert signed_in(in_coordinator).get(file_url).status_code == 404

    STATEMENT_WORKFLOW.take(statement, officer, "publish")
    for reader in (w.in_fp, in_coordinator):
        assert "Statement by Kazakhstan" in page(signed_in(reader), w)
        response = signed_in(reader).get(file_url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF


def test_the_meeting_page_links_each_list_of_speakers(speakers_world, kz_coordinator):
    w = speakers_world
    response = signed_in(kz_coordinator).get(reverse("secretariat:meeting_detail", args=[w.meeting.pk]))
    assert reverse("speakers:list_detail", args=[w.list.pk]) in response.content.decode()


def test_the_list_page_costs_the_same_queries_for_two_speakers_or_twenty(
    speakers_world, officer, django_assert_max_num_queries
):
    w = speakers_world
    client = signed_in(w.kz_fp)
    factories.InscriptionFactory(speakers_list=w.list, country=w.kz)
    factories.StatementFactory(speakers_list=w.list, country=w.kz, status="published")
    page(client, w)
    with django_assert_max_num_queries(20) as few:
        page(client, w)
    for _ in range(20):
        country = factories.CountryFactory()
        factories.StatementFactory(speakers_list=w.list, country=country, status="published")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page(client, w)


def test_the_lists_page_filters_by_meeting(speakers_world, kz_coordinator):
    w = speakers_world
    other = factories.SpeakersListFactory()
    response = signed_in(kz_coordinator).get(reverse("speakers:list_list"), {"meeting": w.meeting.pk})
    text = response.content.decode()
    assert response.status_code == 200
    assert reverse("speakers:list_detail", args=[w.list.pk]) in text
    assert reverse("speakers:list_detail", args=[other.pk]) not in text


def test_the_admin_page_of_a_list_leads_staff_to_its_inscriptions_to_mark_who_spoke(speakers_world, officer):
    w = speakers_world
    factories.InscriptionFactory(speakers_list=w.list, country=w.kz)
    factories.InscriptionFactory(speakers_list=factories.SpeakersListFactory(), country=w.india)
    staff = signed_in(officer)
    page = staff.get(reverse("admin:speakers_speakerslist_change", args=[w.list.pk])).content.decode()
    link = f"{reverse('admin:speakers_inscription_changelist')}?speakers_list__id__exact={w.list.pk}"
    assert link in page
    changelist = staff.get(link)
    assert changelist.status_code == 200
    assert list(changelist.context["cl"].result_list) == list(w.list.inscriptions.all())

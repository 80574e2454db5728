"""PDF printouts, parsed back: a meeting's agenda and decisions under their symbol, implementation status reports,
the chairmanship's priorities; in English and Russian; saved by staff as a Document of the meeting."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.choices import ReportStatus
from secretariat.choices import DocumentKind, ResponsibleParty
from secretariat.models import Document
from tests import factories
from tests.conftest import sign_in

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(kazakhstan):
    swg = factories.MeetingBodyFactory(code="SWG", name="Special Working Group", name_ru="Специальная рабочая группа")
    cso = factories.MeetingBodyFactory(code="CSO", name="Committee of Senior Officials", level=2)
    meeting = factories.MeetingFactory(body=swg, number=7)
    factories.AgendaItemFactory(meeting=meeting, number=1, title="Adoption of the agenda")
    factories.AgendaItemFactory(meeting=meeting, number=2, title="Review of the Catalogue")
    first = factories.DecisionFactory(
        meeting=meeting,
        number=1,
        title="Seminar on water",
        responsible_party=ResponsibleParty.MEMBER_STATE,
        responsible_country=kazakhstan,
        deadline=datetime.date(2026, 3, 31),
    )
    factories.DecisionFactory(meeting=meeting, number=2, title="Report to the CSO", deadline=None)
    later = factories.MeetingFactory(
        body=cso, number=3, start_on=datetime.date(2021, 9, 1), end_on=datetime.date(2021, 9, 2)
    )
    factories.DecisionFactory(meeting=later, number=5, title="Endorsed the seminar", referred_from=first)
    return meeting


def get_pdf(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


class TestMeetingPrintouts:
    def test_the_agenda_in_english_is_headed_by_the_symbol_rule(self, kz_client, meeting):
        text = get_pdf(kz_client, reverse("printouts:meeting", args=[meeting.pk, "agenda"]), language="en")
        assert f"CICA/SWG/{timezone.localdate().year}/" in text
        assert "Special Working Group (SWG 7)" in text
        assert "Adoption of the agenda" in text and "Review of the Catalogue" in text

    def test_the_agenda_in_russian_has_cyrillic_text(self, kz_client, meeting):
        text = get_pdf(kz_client, reverse("printouts:meeting", args=[meeting.pk, "agenda"]), language="ru")
        assert "Повестка дня" in text
        assert "Специальная рабочая группа" in text

    def test_the_decisions_carry_numbers_responsible_deadlines_and_referrals(self, kz_client, meeting):
        text = get_pdf(kz_client, reverse("printouts:meeting", args=[meeting.pk, "decisions"]), language="en")
        assert "SWG 7/1" in text and "SWG 7/2" in text
        assert "Kazakhstan" in text
        assert "Referred to: CSO 3/5 Endorsed the seminar" in text
        assert "31 Mar 2026" in text  # the deadline, in the one date style

    def test_the_decisions_in_russian(self, kz_client, meeting):
        text = get_pdf(kz_client, reverse("printouts:meeting", args=[meeting.pk, "decisions"]), language="ru")
        assert "Решения" in text
        assert "Казахстан" in text
        assert "SWG 7/1" in text

    def test_a_referred_decision_says_where_it_came_from(self, kz_client, meeting):
        later = meeting.decisions.get(number=1).referred_to.get().meeting
        text = get_pdf(kz_client, reverse("printouts:meeting", args=[later.pk, "decisions"]), language="en")
        assert "Referred from: SWG 7/1 Seminar on water" in text

    def test_the_page_language_is_used_when_none_is_asked_for(self, kz_client, meeting):
        kz_client.post(reverse("set_language"), {"language": "ru", "next": "/portal/"})  # the header's switch
        text = get_pdf(kz_client, reverse("printouts:meeting", args=[meeting.pk, "agenda"]))
        assert "Повестка дня" in text

    def test_an_unknown_printout_is_404(self, kz_client, meeting):
        assert kz_client.get(reverse("printouts:meeting", args=[meeting.pk, "minutes"])).status_code == 404


class TestSavingAsADocument:
    def save(self, client, meeting, kind, language):
        return client.post(reverse("printouts:meeting_save", args=[meeting.pk, kind]), {"language": language})

    def test_staff_save_the_decisions_in_both_languages_as_one_document_with_a_symbol(
        self, staff_client, meeting, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = self.save(staff_client, meeting, "decisions", "en")
        assert response.status_code == 302
        document = Document.objects.get(meeting=meeting)
        year = timezone.localdate().year
        assert document.symbol == f"CICA/SWG/{year}/1"
        assert document.kind == DocumentKind.ADOPTED_TEXT
        english = document.language_versions.get(language="en")
        assert document.symbol in pdf_text(english.file.read())

        with django_capture_on_commit_callbacks(execute=True):
            self.save(staff_client, meeting, "decisions", "ru")
        document = Document.objects.get(meeting=meeting)
        assert sorted(document.language_versions.values_list("language", flat=True)) == ["en", "ru"]
        russian = document.language_versions.get(language="ru")
        russian_text = pdf_text(russian.file.read())
        assert "Решения" in russian_text
        assert document.symbol in russian_text

        # it is downloadable like any other document, and its text is searchable
        download = staff_client.get(reverse("secretariat:document_file", args=[russian.pk]))
        assert download.status_code == 200
        from search.models import SearchEntry

        assert "SWG 7/1" in SearchEntry.objects.get(kind="document", object_id=document.pk, language="ru").text

    def test_after_saving_the_printout_shows_the_documents_symbol(self, staff_client, kz_client, meeting):
        self.save(staff_client, meeting, "agenda", "en")
        document = Document.objects.get(meeting=meeting, kind=DocumentKind.AGENDA)
        text = get_pdf(kz_client, reverse("printouts:meeting", args=[meeting.pk, "agenda"]), language="en")
        assert document.symbol in text
        self.save(staff_client, meeting, "agenda", "en")
        assert Document.objects.filter(meeting=meeting, kind=DocumentKind.AGENDA).count() == 1

    def test_a_coordinator_cannot_issue_documents(self, kz_client, meeting):
        assert self.save(kz_client, meeting, "agenda", "en").status_code == 403
        assert not Document.objects.filter(meeting=meeting).exists()

    def test_saving_needs_a_post(self, staff_client, meeting):
        url = reverse("printouts:meeting_save", args=[meeting.pk, "agenda"])
        assert staff_client.get(url).status_code == 405


@pytest.fixture
def status(kazakhstan, india):
    dimension = factories.DimensionFactory(name="Economic dimension", name_ru="Экономическое измерение")
    measure = factories.MeasureFactory(dimension=dimension, title="Energy security", title_ru="Энергобезопасность")
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    plan = factories.ActionPlanFactory(measure=measure)
    factories.ActivityFactory(action_plan=plan, title="Pipeline safety workshop", status="completed", progress=100)
    factories.ActivityFactory(action_plan=plan, title="Grid study", status="in_progress", progress=40)
    factories.ImplementationReportFactory(
        measure=measure,
        country=kazakhstan,
        status=ReportStatus.ACCEPTED,
        progress=70,
        narrative="Two workshops were held in Almaty.",
    )
    factories.DecisionFactory(
        meeting=factories.MeetingFactory(body=factories.MeetingBodyFactory(code="CFM"), number=6),
        number=4,
        title="Energy dialogue",
        responsible_party=ResponsibleParty.MEMBER_STATE,
        responsible_country=kazakhstan,
    )
    return {"dimension": dimension, "measure": measure}


class TestStatusPrintouts:
    def test_a_measures_status_shows_figures_activities_and_the_latest_accepted_report(self, kz_client, status):
        text = get_pdf(kz_client, reverse("printouts:measure_status", args=[status["measure"].pk]), language="en")
        assert "Implementation status: Energy security" in text
        assert "70%" in text  # average progress of (100, 40)
        assert "1 / 2" in text  # activities completed
        assert "Pipeline safety workshop" in text and "Grid study" in text
        assert "Two workshops were held in Almaty." in text
        assert "Issued on" in text

    def test_a_dimensions_status_lists_its_measures(self, kz_client, status):
        text = get_pdf(kz_client, reverse("printouts:dimension_status", args=[status["dimension"].pk]), language="ru")
        assert "Экономическое измерение" in text
        assert "Энергобезопасность" in text
        assert "Казахстан" in text

    def test_a_countrys_status_lists_its_measures_and_open_decisions(self, kz_client, status):
        text = get_pdf(kz_client, reverse("printouts:country_status", args=["kz"]), language="en")
        assert "Kazakhstan" in text
        assert "Energy security" in text
        assert "CFM 6/4" in text and "Energy dialogue" in text

    def test_an_unknown_country_is_404(self, kz_client, status):
        assert kz_client.get(reverse("printouts:country_status", args=["QQ"])).status_code == 404

    def test_the_whole_catalogues_status(self, kz_client, status):
        text = get_pdf(kz_client, reverse("printouts:catalogue_status"), language="en")
        assert "Economic dimension" in text and "Energy security" in text

    def test_the_chairmanships_priorities_and_initiatives(self, kz_client, kazakhstan):
        chairmanship = factories.ChairmanshipFactory(country=kazakhstan, theme="Partnership for Security")
        priority = factories.PriorityFactory(chairmanship=chairmanship, number="2.3", title="Economic cooperation")
        factories.InitiativeFactory(priority=priority, title="Trade facilitation", status="achieved", progress=100)
        factories.InitiativeFactory(
            priority=priority, title="Green transit", title_ru="Зелёный транзит", status="in_progress"
        )
        text = get_pdf(kz_client, reverse("printouts:priorities", args=[chairmanship.pk]), language="en")
        assert "2.3 Economic cooperation" in text
        assert "Trade facilitation" in text and "Green transit" in text
        assert "1 of 2 initiatives achieved" in text
        russian = get_pdf(kz_client, reverse("printouts:priorities", args=[chairmanship.pk]), language="ru")
        assert "Зелёный транзит" in russian


class TestWhoMayPrint:
    def test_an_anonymous_visitor_signs_in_first(self, client, meeting):
        response = client.get(reverse("printouts:meeting", args=[meeting.pk, "agenda"]))
        assert response.status_code == 302

    def test_a_partner_system_uses_the_api_not_the_portal(self, client, partner_system, meeting):
        sign_in(client, partner_system)
        assert client.get(reverse("printouts:meeting", args=[meeting.pk, "agenda"])).status_code == 403


class TestLinks:
    def test_a_meetings_page_links_its_printouts_and_staff_may_save_them(self, kz_client, staff_client, meeting):
        url = reverse("secretariat:meeting_detail", args=[meeting.pk])
        page = kz_client.get(url).content.decode()
        assert reverse("printouts:meeting", args=[meeting.pk, "agenda"]) in page
        assert reverse("printouts:meeting", args=[meeting.pk, "decisions"]) in page
        assert reverse("printouts:meeting_save", args=[meeting.pk, "agenda"]) not in page
        assert reverse("printouts:meeting_save", args=[meeting.pk, "agenda"]) in staff_client.get(url).content.decode()

    def test_status_pages_link_their_printouts(self, kz_client, status, kazakhstan):
        measure, dimension = status["measure"], status["dimension"]
        pages = {
            reverse("measures:measure_detail", args=[measure.pk]): reverse(
                "printouts:measure_status", args=[measure.pk]
            ),
            reverse("measures:dimension_detail", args=[dimension.pk]): reverse(
                "printouts:dimension_status", args=[dimension.pk]
            ),
            reverse("portal:dashboard"): reverse("printouts:country_status", args=["KZ"]),
        }
        for page, pdf in pages.items():
            assert pdf in kz_client.get(page).content.decode(), page
        assert reverse("printouts:catalogue_status") in kz_client.get(reverse("portal:dashboard")).content.decode()


def test_a_meeting_with_200_decisions_renders(kz_client, kazakhstan):
    """No timed assertion (performance is measured, not tested): the time is printed for the record."""
    meeting = factories.MeetingFactory(body=factories.MeetingBodyFactory(code="CFM"), number=9)
    for n in range(1, 201):
        factories.DecisionFactory(
            meeting=meeting,
            number=n,
            title=f"Decision on item {n}",
            text="The meeting agreed to proceed and asked the Secretariat to report back.",
        )
    started = time.perf_counter()
    text = get_pdf(kz_client, reverse("printouts:meeting", args=[meeting.pk, "decisions"]), language="en")
    print(f"\n200 decisions rendered in {time.perf_counter() - started:.1f} s")
    assert all(f"CFM 9/{n} " in text or f"CFM 9/{n}" in text for n in (1, 100, 200))

"""Full-text search on PostgreSQL, through the portal's search box and the API: the text of uploaded files in
English and Russian, word forms, phrases and exclusions, ranking, filters, the permission rule, query counts."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tokens import APIToken, TokenScope
from measures.choices import ReportStatus
from secretariat.choices import Distribution
from tests import factories
from tests.conftest import sign_in

from .conftest import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.usefixtures("pg")

RUSSIAN_PHRASE = "укрепление мер доверия на пограничных переходах"
ENGLISH_PHRASE = "desalination of brackish groundwater"


def api(user):
    _token, key = APIToken.objects.issue(user=user, name="search test", scope=TokenScope.READ)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def portal(client, user):
    sign_in(client, user)
    return client


def hits(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    return response


def api_hits(client, **params):
    response = client.get(reverse("api:search"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def found(results):
    return [(hit["type"], hit["id"]) for hit in results]


@pytest.fixture
def uploaded(django_capture_on_commit_callbacks):
    """A public document with a Russian PDF, and a member-states document with an English DOCX."""
    meeting = factories.MeetingFactory(body=factories.MeetingBodyFactory(code="SWG"))
    russian = factories.DocumentFactory(meeting=meeting, title="Report of the SWG", distribution=Distribution.PUBLIC)
    english = factories.DocumentFactory(meeting=meeting, title="Water concept", distribution=Distribution.MEMBER_STATES)
    pdf = pdf_bytes(f"Совещание рассмотрело {RUSSIAN_PHRASE} и другие вопросы.", lang="ru")
    docx = docx_bytes("Background", f"The pilot project covers {ENGLISH_PHRASE} in arid regions.")
    with django_capture_on_commit_callbacks(execute=True):
        factories.DocumentLanguageVersionFactory(document=russian, language="ru", file=upload("report.pdf", pdf))
        factories.DocumentLanguageVersionFactory(document=english, language="en", file=upload("concept.docx", docx))
    return {"russian": russian, "english": english}


class TestTextOfUploadedFiles:
    def test_a_russian_phrase_in_a_pdf_is_found_by_the_search_box(self, client, kz_coordinator, uploaded):
        response = hits(portal(client, kz_coordinator), q=f'"{RUSSIAN_PHRASE}"')
        page = response.content.decode()
        assert [(h.kind, h.object_id) for h in response.context["object_list"]] == [
            ("document", uploaded["russian"].pk)
        ]
        assert uploaded["russian"].symbol in page
        assert "<mark>" in page

    def test_a_russian_phrase_in_a_pdf_is_found_by_the_api(self, kz_coordinator, uploaded):
        results = api_hits(api(kz_coordinator), q=f'"{RUSSIAN_PHRASE}"')
        assert found(results) == [("document", uploaded["russian"].pk)]
        (hit,) = results
        assert hit["language"] == "ru"
        assert "<mark>" in hit["snippet"]
        assert hit["file_url"].endswith(f"/portal/documents/files/{uploaded['russian'].language_versions.get().pk}/")

    def test_an_english_phrase_in_a_docx_is_found_by_the_search_box_and_the_api(self, client, kz_coordinator, uploaded):
        response = hits(portal(client, kz_coordinator), q=ENGLISH_PHRASE)
        assert [(h.kind, h.object_id) for h in response.context["object_list"]] == [
            ("document", uploaded["english"].pk)
        ]
        assert found(api_hits(api(kz_coordinator), q=ENGLISH_PHRASE)) == [("document", uploaded["english"].pk)]

    def test_a_partner_does_not_find_a_member_states_document(self, partner_system, uploaded):
        assert api_hits(api(partner_system), q=ENGLISH_PHRASE) == []
        assert found(api_hits(api(partner_system), q=RUSSIAN_PHRASE)) == [("document", uploaded["russian"].pk)]


class TestWords:
    def test_another_form_of_an_english_word_is_found(self, officer):
        measure = factories.MeasureFactory(title="Confidence-building measures in trade")
        assert found(api_hits(api(officer), q="measure trade")) == [("measure", measure.pk)]

    def test_another_form_of_a_russian_word_is_found(self, officer):
        decision = factories.DecisionFactory(title="Решение", text="Государства договорились о мерами доверия.")
        assert found(api_hits(api(officer), q="меры доверия")) == [("decision", decision.pk)]

    def test_a_quoted_phrase_matches_as_written_and_an_excluded_word_removes(self, officer):
        together = factories.DecisionFactory(title="Border security cooperation")
        apart = factories.DecisionFactory(title="Security of the border with cooperation elsewhere")
        client = api(officer)
        assert found(api_hits(client, q='"border security"')) == [("decision", together.pk)]
        assert {pk for _t, pk in found(api_hits(client, q="border security"))} == {together.pk, apart.pk}
        assert found(api_hits(client, q="border security -elsewhere")) == [("decision", together.pk)]

    def test_a_title_match_ranks_above_a_match_in_the_text(self, officer):
        in_text = factories.DecisionFactory(title="Decision on logistics", text="It concerns desertification a lot.")
        in_title = factories.DecisionFactory(title="Desertification", text="A short text.")
        assert found(api_hits(api(officer), q="desertification")) == [
            ("decision", in_title.pk),
            ("decision", in_text.pk),
        ]

    def test_a_record_in_two_languages_is_one_hit(self, officer):
        measure = factories.MeasureFactory(title="Tourism CICA", title_ru="Туризм CICA")
        assert found(api_hits(api(officer), q="CICA")) == [("measure", measure.pk)]


class TestPermissions:
    PHRASE = "hydrometeorological early warning"

    @pytest.fixture
    def reports(self, kazakhstan, india):
        measure = factories.MeasureFactory()

        def report(country, status, start):
            return factories.ImplementationReportFactory(
                measure=measure, country=country, status=status, period_start=start, narrative=f"On {self.PHRASE}."
            )

        return {
            "kz_draft": report(kazakhstan, ReportStatus.DRAFT, datetime.date(2021, 1, 1)),
            "in_draft": report(india, ReportStatus.DRAFT, datetime.date(2021, 1, 1)),
            "accepted": report(india, ReportStatus.ACCEPTED, datetime.date(2020, 1, 1)),
        }

    @pytest.fixture
    def restricted(self):
        document = factories.DocumentFactory(title=f"Note on {self.PHRASE}", distribution=Distribution.RESTRICTED)
        factories.DocumentLanguageVersionFactory(document=document)
        return document

    def test_a_partner_never_finds_a_draft_or_a_restricted_document(self, partner_system, reports, restricted):
        assert found(api_hits(api(partner_system), q=self.PHRASE)) == [("report", reports["accepted"].pk)]

    def test_a_coordinator_finds_their_own_drafts_only(self, client, kz_coordinator, reports, restricted):
        expected = {("report", reports["kz_draft"].pk), ("report", reports["accepted"].pk)}
        assert set(found(api_hits(api(kz_coordinator), q=self.PHRASE))) == expected
        page = hits(portal(client, kz_coordinator), q=self.PHRASE)
        assert {(h.kind, h.object_id) for h in page.context["object_list"]} == expected

    def test_staff_find_everything(self, officer, reports, restricted):
        assert len(api_hits(api(officer), q=self.PHRASE)) == 4


class TestFilters:
    def test_filters_by_type_body_year_country_and_language(self, officer, kazakhstan):
        swg = factories.MeetingBodyFactory(code="SWG")
        cso = factories.MeetingBodyFactory(code="CSO")
        early = factories.MeetingFactory(body=swg, start_on=datetime.date(2020, 5, 1), end_on=datetime.date(2020, 5, 2))
        late = factories.MeetingFactory(body=cso, start_on=datetime.date(2022, 5, 1), end_on=datetime.date(2022, 5, 2))
        swg_decision = factories.DecisionFactory(meeting=early, title="Pandemic response")
        kz_decision = factories.DecisionFactory(
            meeting=late,
            title="Pandemic response plan",
            responsible_party="member_state",
            responsible_country=kazakhstan,
        )
        item = factories.AgendaItemFactory(meeting=late, title="Pandemic response review")
        ru_decision = factories.DecisionFactory(meeting=late, title="Ответ на пандемию", text="pandemic")
        client = api(officer)
        assert {pk for _t, pk in found(api_hits(client, q="pandemic", type="agendaitem"))} == {item.pk}
        assert found(api_hits(client, q="pandemic", body="swg")) == [("decision", swg_decision.pk)]
        assert found(api_hits(client, q="pandemic", year=2020)) == [("decision", swg_decision.pk)]
        assert found(api_hits(client, q="pandemic", country="kz")) == [("decision", kz_decision.pk)]
        assert found(api_hits(client, q="pandemic", language="ru")) == [("decision", ru_decision.pk)]


class TestQueryCounts:
    def grow(self, n):
        for i in range(n):
            factories.DecisionFactory(title=f"Seminar on cybersecurity {i}")
            factories.ImplementationReportFactory(narrative="A seminar on cybersecurity was held.")
            document = factories.DocumentFactory(title=f"Cybersecurity note {i}")
            factories.DocumentLanguageVersionFactory(document=document)

    def count(self, client, url, params):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    def test_the_search_page_and_the_api_run_the_same_number_of_queries_for_few_and_many_hits(
        self, client, kz_coordinator
    ):
        portal(client, kz_coordinator)
        api_client = api(kz_coordinator)
        api_client.get(reverse("api:search"), {"q": "warm-up"})  # the token's first use is recorded once
        self.grow(2)
        few = (
            self.count(client, reverse("search:search"), {"q": "cybersecurity"}),
            self.count(api_client, reverse("api:search"), {"q": "cybersecurity"}),
        )
        self.grow(15)
        many = (
            self.count(client, reverse("search:search"), {"q": "cybersecurity"}),
            self.count(api_client, reverse("api:search"), {"q": "cybersecurity"}),
        )
        assert many == few

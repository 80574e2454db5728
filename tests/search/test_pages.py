"""The search box and page, and the API's shape, on any database (PostgreSQL full-text search, or the simple
contains-search of the embedded SQLite: the same result shape)."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tokens import APIToken, TokenScope
from search.models import SearchEntry, attach_snippets, parse_terms
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_every_portal_page_has_the_search_box(kz_client):
    page = kz_client.get(reverse("portal:dashboard")).content.decode()
    assert f'action="{reverse("search:search")}"' in page
    assert 'name="q"' in page


def test_the_search_page_without_words_invites_a_search_and_shows_no_error(kz_client):
    response = kz_client.get(reverse("search:search"))
    assert response.status_code == 200
    assert "Type words to find" in response.content.decode()
    assert "This field is required" not in response.content.decode()


def test_a_hit_shows_its_type_a_highlighted_title_and_snippet_and_a_link(kz_client):
    decision = factories.DecisionFactory(title="Cybersecurity workshop", text="A workshop on cybersecurity <b>now</b>.")
    response = kz_client.get(reverse("search:search"), {"q": "cybersecurity"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="/portal/decisions/{decision.pk}/"' in page
    assert "<mark>Cybersecurity</mark> workshop" in page
    assert "<b>now</b>" not in page  # the record's text is escaped (or its tags dropped): only the marks are HTML
    assert ">Decision<" in page


def test_an_htmx_request_gets_only_the_results(kz_client):
    factories.DecisionFactory(title="Cybersecurity workshop")
    response = kz_client.get(reverse("search:search"), {"q": "cybersecurity"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "1 result" in response.content.decode()


def test_a_partner_system_cannot_use_the_search_page(client, partner_system):
    sign_in(client, partner_system)
    assert client.get(reverse("search:search"), {"q": "x"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("search:search"), {"q": "x"})
    assert response.status_code == 302
    assert reverse("portal:login") in response["Location"]


class TestAPI:
    def client_for(self, user):
        _token, key = APIToken.objects.issue(user=user, name="t", scope=TokenScope.READ)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    def test_without_words_the_answer_is_a_clear_400(self, partner_system):
        response = self.client_for(partner_system).get(reverse("api:search"))
        assert response.status_code == 400
        assert set(response.json()) == {"detail", "errors"}
        assert "q" in response.json()["errors"]

    def test_an_anonymous_caller_is_refused(self):
        assert APIClient().get(reverse("api:search"), {"q": "x"}).status_code == 401

    def test_a_hit_has_the_documented_shape(self, partner_system):
        decision = factories.DecisionFactory(title="Cybersecurity workshop")
        response = self.client_for(partner_system).get(reverse("api:search"), {"q": "cybersecurity"})
        assert response.status_code == 200
        (hit,) = response.json()["results"]
        assert hit["type"] == "decision"
        assert hit["type_label"] == "Decision"
        assert hit["id"] == decision.pk
        assert hit["url"] == f"http://testserver/portal/decisions/{decision.pk}/"
        assert "<mark>" in hit["title_html"]
        assert hit["rank"] > 0

    def test_the_schema_documents_the_search(self, client):
        schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()
        operation = schema["paths"]["/api/v1/search/"]["get"]
        assert {p["name"] for p in operation["parameters"]} >= {"q", "type", "body", "year", "country", "language"}


class TestFallback:
    """The contains-search of the embedded SQLite (run here on whatever database the suite uses)."""

    def test_words_phrases_and_exclusions(self):
        assert parse_terms('water "border security" -drill or air') == (["water", "border security", "air"], ["drill"])

    def test_every_word_or_phrase_must_be_there_and_no_excluded_one(self):
        both = factories.DecisionFactory(title="Water and air quality")
        water = factories.DecisionFactory(title="Water supply", text="and the border security")
        factories.DecisionFactory(title="Air quality")
        entries = SearchEntry.objects.filter(kind="decision")
        assert {e.object_id for e in entries.search("water", fulltext=False)} == {water.pk, both.pk}
        assert [e.object_id for e in entries.search("water -air", fulltext=False)] == [water.pk]
        assert [e.object_id for e in entries.search('"border security"', fulltext=False)] == [water.pk]
        assert list(entries.search("-water", fulltext=False)) == []

    def test_a_title_match_ranks_first(self):
        in_text = factories.DecisionFactory(title="Logistics", text="Some words about desertification.")
        in_title = factories.DecisionFactory(title="Desertification")
        found = SearchEntry.objects.filter(kind="decision").search("desertification", fulltext=False)
        assert [e.object_id for e in found] == [in_title.pk, in_text.pk]

    def test_the_fallback_marks_every_match_after_escaping(self):
        entry = SearchEntry.objects.create(
            kind="decision",
            object_id=1,
            language="en",
            config="english",
            title="Water <and> air",
            url="/",
            text="Nothing here. " * 40 + "Clean water matters.",
        )
        (marked,) = attach_snippets([entry], "water", fulltext=False)
        assert marked.title_marked == "<mark>Water</mark> &lt;and&gt; air"
        assert "Clean <mark>water</mark> matters." in marked.snippet
        assert marked.snippet.startswith("… ")


def test_a_query_matching_more_than_the_limit_ranks_the_newest_and_says_so(kz_client, settings):
    settings.SEARCH_MAX_RESULTS = 3
    meetings = [
        factories.MeetingFactory(start_on=datetime.date(2010 + i, 1, 1), end_on=datetime.date(2010 + i, 1, 2))
        for i in range(5)
    ]
    for meeting in meetings:
        factories.DecisionFactory(meeting=meeting, title="Cybersecurity workshop")
    response = kz_client.get(reverse("search:search"), {"q": "cybersecurity", "type": "decision"})
    assert {hit.year for hit in response.context["object_list"]} == {2012, 2013, 2014}
    assert "More than 3 results" in response.content.decode()


def test_the_other_filters_choose_among_all_matches_before_the_limit(kz_client, settings):
    settings.SEARCH_MAX_RESULTS = 2
    old = factories.MeetingFactory(start_on=datetime.date(2001, 1, 1), end_on=datetime.date(2001, 1, 2))
    factories.AgendaItemFactory(meeting=old, title="Cybersecurity review")
    for _ in range(3):
        factories.DecisionFactory(title="Cybersecurity workshop")
    response = kz_client.get(reverse("search:search"), {"q": "cybersecurity", "type": "agendaitem"})
    assert [hit.kind for hit in response.context["object_list"]] == ["agendaitem"]

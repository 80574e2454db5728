"""The documents page: each document's symbol, title, language versions (downloads through the permission-checked
view) and what it is attached to, filtered with the one DocumentFilterSet the API uses; a meeting's page lists its
documents with the same rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.choices import Distribution, DocumentKind
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    swg = factories.MeetingBodyFactory(code="SWG")
    cso = factories.MeetingBodyFactory(code="CSO")
    meeting = factories.MeetingFactory(body=swg)
    cso_meeting = factories.MeetingFactory(body=cso)
    measure = factories.MeasureFactory(title="Energy security")
    agreement = factories.AgreementFactory()
    instrument = factories.LegalInstrumentFactory(title="Rules of Procedure")
    made = {
        "agenda": factories.DocumentFactory(
            meeting=meeting, title="Provisional agenda", kind=DocumentKind.AGENDA, distribution=Distribution.PUBLIC
        ),
        "minutes": factories.DocumentFactory(
            meeting=cso_meeting, title="Minutes", kind=DocumentKind.MINUTES, issued_on=datetime.date(2022, 2, 1)
        ),
        "concept": factories.DocumentFactory(meeting=None, measure=measure, title="Concept paper"),
        "mou": factories.DocumentFactory(meeting=None, agreement=agreement, title="MoU text"),
        "rules": factories.DocumentFactory(meeting=None, instrument=instrument, title="Rules text"),
        "restricted": factories.DocumentFactory(
            meeting=meeting, title="Chair's non-paper", distribution=Distribution.RESTRICTED
        ),
    }
    factories.DocumentLanguageVersionFactory(document=made["agenda"], language="en")
    factories.DocumentLanguageVersionFactory(document=made["agenda"], language="ru")
    factories.DocumentLanguageVersionFactory(document=made["minutes"], language="ru")
    made.update(meeting=meeting, measure=measure, agreement=agreement, instrument=instrument)
    return made


def listed(response):
    return {d.title for d in response.context["object_list"]}


def test_the_page_shows_symbol_title_versions_and_what_each_is_attached_to(kz_client, documents):
    response = kz_client.get(reverse("secretariat:document_list"))
    page = response.content.decode()
    assert response.status_code == 200
    agenda = documents["agenda"]
    assert agenda.symbol in page
    for version in agenda.language_versions.all():
        assert reverse("secretariat:document_file", args=[version.pk]) in page
    assert reverse("secretariat:meeting_detail", args=[documents["meeting"].pk]) in page
    assert reverse("measures:measure_detail", args=[documents["measure"].pk]) in page
    assert reverse("relations:partner_detail", args=[documents["agreement"].partner_id]) in page
    assert "Rules of Procedure" in page


def test_a_coordinator_does_not_see_restricted_documents_staff_do(client, kz_coordinator, officer, documents):
    client.force_login(kz_coordinator)
    assert "Chair's non-paper" not in listed(client.get(reverse("secretariat:document_list")))
    sign_in(client, officer)
    assert "Chair's non-paper" in listed(client.get(reverse("secretariat:document_list")))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"body": "swg"}, {"Provisional agenda"}),
        ({"year": 2022}, {"Minutes"}),
        ({"kind": "minutes"}, {"Minutes"}),
        ({"distribution": "public"}, {"Provisional agenda"}),
        ({"language": "ru"}, {"Provisional agenda", "Minutes"}),
        ({"q": "concept"}, {"Concept paper"}),
    ],
)
def test_the_page_filters_like_the_api(kz_client, documents, params, expected):
    assert listed(kz_client.get(reverse("secretariat:document_list"), params)) == expected


def test_filters_by_meeting_and_by_legal_instrument(kz_client, documents):
    url = reverse("secretariat:document_list")
    assert listed(kz_client.get(url, {"meeting": documents["meeting"].pk})) == {"Provisional agenda"}
    assert listed(kz_client.get(url, {"instrument": documents["instrument"].pk})) == {"Rules text"}


def test_a_meetings_page_lists_its_documents_with_the_same_rows(kz_client, documents):
    page = kz_client.get(reverse("secretariat:meeting_detail", args=[documents["meeting"].pk])).content.decode()
    assert f'id="document-{documents["agenda"].pk}"' in page
    assert documents["agenda"].symbol in page
    assert "Chair's non-paper" not in page


def test_the_page_runs_the_same_number_of_queries_for_few_and_many_documents(kz_client, documents):
    url = reverse("secretariat:document_list")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert kz_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(12):
        document = factories.DocumentFactory(meeting=factories.MeetingFactory(), title=f"More {i}")
        factories.DocumentLanguageVersionFactory(document=document, language="en")
        factories.DocumentLanguageVersionFactory(document=document, language="ru")
    assert count() == few


def test_the_main_navigation_links_to_the_documents(kz_client):
    page = kz_client.get(reverse("portal:dashboard")).content.decode()
    assert f'href="{reverse("secretariat:document_list")}"' in page

"""Uploaded files are only reachable through views that ask the permission rule; nothing is served from /media/."""

import importlib

import pytest
from django.urls import reverse

from secretariat.choices import Distribution
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def version_of(distribution):
    document = factories.DocumentFactory(distribution=distribution, title=f"{distribution} note")
    return factories.DocumentLanguageVersionFactory(document=document, language="ru")


@pytest.mark.parametrize(
    ("distribution", "coordinator_status", "staff_status"),
    [
        (Distribution.PUBLIC, 200, 200),
        (Distribution.MEMBER_STATES, 200, 200),
        (Distribution.RESTRICTED, 404, 200),
    ],
)
def test_document_files_follow_their_distribution(
    client, kz_coordinator, officer, distribution, coordinator_status, staff_status
):
    version = version_of(distribution)
    url = reverse("secretariat:document_file", args=[version.pk])
    sign_in(client, kz_coordinator)
    assert client.get(url).status_code == coordinator_status
    sign_in(client, officer)
    response = client.get(url)
    assert response.status_code == staff_status
    assert response["Content-Disposition"].startswith("attachment")
    assert version.document.symbol.replace("/", "-") in response["Content-Disposition"]


def test_a_partner_system_cannot_download_through_the_portal(client, partner_system):
    version = version_of(Distribution.PUBLIC)
    sign_in(client, partner_system)
    assert client.get(reverse("secretariat:document_file", args=[version.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    version = version_of(Distribution.PUBLIC)
    response = client.get(reverse("secretariat:document_file", args=[version.pk]))
    assert response.status_code == 302 and "/portal/login/" in response["Location"]


def test_media_files_are_not_served_from_a_public_path_even_in_debug(settings):
    import cica_portal.urls

    settings.DEBUG = True
    try:
        patterns = importlib.reload(cica_portal.urls).urlpatterns
        assert [p for p in patterns if settings.MEDIA_URL.strip("/") in str(p.pattern)] == []
    finally:
        settings.DEBUG = False
        importlib.reload(cica_portal.urls)


def test_the_portal_and_the_api_give_a_file_the_same_download_name(client, officer):
    version = version_of(Distribution.PUBLIC)
    attachment = factories.ReportAttachmentFactory(title="Seminar report")
    sign_in(client, officer)
    portal = {
        "document": client.get(reverse("secretariat:document_file", args=[version.pk])),
        "attachment": client.get(reverse("measures:attachment_download", args=[attachment.pk])),
    }
    api = {
        "document": client.get(reverse("api:document-download", args=[version.document_id, "ru"])),
        "attachment": client.get(reverse("api:report-attachment-download", args=[attachment.report_id, attachment.pk])),
    }
    symbol = version.document.symbol.replace("/", "-")
    assert portal["document"]["Content-Disposition"] == f'attachment; filename="{symbol}-ru.pdf"'
    assert portal["attachment"]["Content-Disposition"] == 'attachment; filename="Seminar report.pdf"'
    for kind in ("document", "attachment"):
        assert api[kind].status_code == 200
        assert api[kind]["Content-Disposition"] == portal[kind]["Content-Disposition"]

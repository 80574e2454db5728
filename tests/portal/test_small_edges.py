"""The small edges of everyday use: a profile address that answers, plural forms, a spreadsheet meant to come back
holding only the rows one may change, chosen files named when a form comes back with errors."""

import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core import spreadsheets
from secretariat.choices import ResponsibleParty
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_profile_address_leads_to_the_account_page_instead_of_a_blank_405(client, kz_coordinator):
    sign_in(client, kz_coordinator)
    response = client.get("/portal/account/profile/")
    assert (response.status_code, response["Location"]) == (302, "/portal/account/#h-profile")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 row changed."),
        ("en", 2, "2 rows changed."),
        ("ru", 1, "Изменена 1 строка."),
        ("ru", 3, "Изменены 3 строки."),
        ("ru", 5, "Изменено 5 строк."),
    ],
)
def test_the_applied_changes_are_counted_in_the_right_plural(language, count, expected):
    plan = types.SimpleNamespace(changed_rows=list(range(count)))
    with translation.override(language):
        assert spreadsheets.applied_message(plan) == expected


def test_the_list_offers_a_spreadsheet_of_only_the_rows_one_may_change(client, kz_coordinator, kazakhstan, india):
    meeting = factories.MeetingFactory()
    ours = factories.DecisionFactory(
        meeting=meeting, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=kazakhstan
    )
    theirs = factories.DecisionFactory(
        meeting=meeting, responsible_party=ResponsibleParty.MEMBER_STATE, responsible_country=india
    )
    sign_in(client, kz_coordinator)
    html = client.get("/portal/decisions/").content.decode()
    assert 'href="/portal/decisions/upload/?download=csv"' in html
    rows = client.get("/portal/decisions/upload/", {"download": "csv"}).content.decode("utf-8-sig").splitlines()
    ids = {line.split(",")[0] for line in rows[1:]}
    assert ids == {str(ours.pk)}, rows  # India's decision is in the list, not in the file meant to come back
    listed = client.get("/portal/decisions/", {"export": "csv"}).content.decode("utf-8-sig")
    assert str(theirs.title) in listed


def test_files_chosen_on_a_form_that_comes_back_with_errors_are_named(client, kz_coordinator, kazakhstan):
    measure = factories.MeasureFactory()
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    sign_in(client, kz_coordinator)
    response = client.post(
        f"/portal/measures/{measure.pk}/reports/new/",
        {
            "period_start": "2026-07-01",
            "period_end": "2026-01-01",  # before the start: the form comes back
            "progress": "10",
            "narrative": "Two seminars.",
            "attachments": [SimpleUploadedFile("annex-1.pdf", b"%PDF-1.4 one", content_type="application/pdf")],
            "save": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    notice = html[html.index('class="files-not-kept"') :].split("</p>")[0]
    assert "annex-1.pdf" in notice and "choose it again" in notice
    assert not measure.reports.exists()  # nor the report

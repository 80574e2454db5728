"""A national focal point nominates Kazakhstan's delegation in a real browser (credentials letter, participants) and
submits it; staff return it with a note, the focal point corrects it, staff accredit it in the admin and issue the
list of participants, which reads back in English and Russian under the meeting's symbol."""

import datetime
import io

import pytest
from django.conf import settings
from django.test import Client

from participation.choices import DelegationStatus
from participation.models import Delegation
from secretariat.models import Document
from tests import factories
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def context_of(browser, live_server, user, width=1280):
    """A browser context carrying a session of `user` (staff: past the second factor, as tests.conftest.sign_in)."""
    client = sign_in(Client(), user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_focal_point_nominates_staff_return_and_accredit_and_the_list_is_issued(
    live_server, browser, kz_focal_point, officer, india, tmp_path
):
    from tests.search.conftest import require_weasyprint

    require_weasyprint()
    swg = factories.MeetingBodyFactory(code="SWG", name="Special Working Group", name_ru="Специальная рабочая группа")
    start = datetime.date.today() + datetime.timedelta(days=30)
    meeting = factories.MeetingFactory(body=swg, number=3, start_on=start, end_on=start, host_country=india)
    factories.RegistrationFactory(
        meeting=meeting, deadline=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=10), seats=3
    )
    letter = tmp_path / "credentials.pdf"
    letter.write_bytes(factories._pdf_bytes("Credentials of the delegation of Kazakhstan"))

    # The focal point signs in with the password and nominates the delegation from the Delegations page.
    page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    page.goto(f"{live_server.url}/portal/")
    page.get_by_label("Username").fill("fp-kz")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/portal/")
    assert page.get_by_role("heading", name="Dashboard: Kazakhstan").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(f"{live_server.url}/portal/delegations/")
    page.get_by_role("link", name="Nominate the delegation").click()
    page.get_by_label("Letter of credentials").set_input_files(str(letter))
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("The delegation was saved as a draft.").is_visible()
    for name, cyrillic, function, head in (
        ("Askar Nurlanov", "Аскар Нурланов", "", True),
        ("Dana Sultanova", "Дана Султанова", "Counsellor", False),
    ):
        page.get_by_role("link", name="Add a participant").click()
        page.get_by_label("Name (Latin script)").fill(name)
        page.get_by_label("Name (Cyrillic)").fill(cyrillic)
        page.get_by_label("Function", exact=True).fill(function)
        page.get_by_label("Email").fill(f"{name.split()[0].lower()}@mfa.kz")
        if head:
            page.get_by_label("Head of delegation").check()
        page.get_by_role("button", name="Save").click()
        assert page.get_by_text("The participant was saved.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.get_by_role("button", name="Submit").click()
    assert page.locator("#delegation-status").inner_text() == "submitted"
    delegation = Delegation.objects.get(meeting=meeting, country__iso2="KZ")
    assert delegation.status == DelegationStatus.SUBMITTED
    assert delegation.credentials.read().startswith(b"%PDF-")

    # Staff return it from its portal page, with a note.
    staff = context_of(browser, live_server, officer).new_page()
    staff.goto(f"{live_server.url}/portal/delegations/{delegation.pk}/")
    staff.get_by_label("Secretariat note").fill("Give the function of the head of delegation.")
    staff.get_by_role("button", name="Return for changes").click()
    assert staff.locator("#delegation-status").inner_text() == "returned for changes"

    # The focal point reads the note, corrects the head's function and submits again.
    page.reload()
    assert page.locator("#return-note").inner_text() == "Give the function of the head of delegation."
    page.locator("#participants").get_by_role("link", name="Edit Askar Nurlanov").click()
    page.get_by_label("Function", exact=True).fill("Deputy Minister of Foreign Affairs")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Submit").click()
    assert page.locator("#delegation-status").inner_text() == "submitted"

    # Staff accredit it in the admin, then issue the list of participants from the meeting's page.
    staff.goto(f"{live_server.url}/admin/participation/delegation/{delegation.pk}/change/")
    staff.get_by_role("button", name="Accredit").click()
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.ACCREDITED
    assert [c.iso2 for c in meeting.participating_countries()] == ["KZ"]
    staff.goto(f"{live_server.url}/portal/meetings/{meeting.pk}/")
    staff.get_by_role("button", name="Issue the list of participants (English and Russian)").click()
    symbol = f"CICA/SWG/{start.year}/3/INF.1"
    assert staff.get_by_text(f"Issued as document {symbol}.").is_visible()

    document = Document.objects.get(symbol=symbol)
    assert document.meeting == meeting
    english = pdf_text(document.language_versions.get(language="en").file.read())
    russian = pdf_text(document.language_versions.get(language="ru").file.read())
    assert symbol in english and symbol in russian
    assert "List of participants" in english and "Kazakhstan" in english
    assert english.index("Askar Nurlanov") < english.index("Dana Sultanova")  # the head of delegation first
    assert "Deputy Minister of Foreign Affairs" in english and "Head of delegation" in english
    assert "Список участников" in russian and "Казахстан" in russian
    assert russian.index("Аскар Нурланов") < russian.index("Дана Султанова")
    assert "mfa.kz" not in english + russian  # no personal details on the list

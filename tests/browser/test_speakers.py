"""Issue 21 in a real browser: Kazakhstan's national focal point inscribes its state on an agenda item's list of
speakers from the meeting's page; a Secretariat officer puts Kazakhstan first, closes the list and marks that it
spoke, in the admin; the focal point submits its statement; the officer publishes it; India's focal point reads it
on the agenda item's page."""

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from speakers.models import Inscription, Statement
from tests import factories
from tests.browser.test_csp import app_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def portal_sign_in(browser, live_server, username):
    page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()  # a phone
    page.goto(f"{live_server.url}/portal/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/portal/")
    return page


def admin_sign_in(browser, live_server, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/portal/account/two-factor/verify/**")
    page.get_by_label("Code").fill(app_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def test_a_focal_point_inscribes_and_submits_staff_order_close_mark_and_publish(live_server, browser):
    kazakhstan = factories.CountryFactory(iso2="KZ", name="Kazakhstan", name_ru="Казахстан")
    india = factories.CountryFactory(iso2="IN", name="India", name_ru="Индия")
    day = datetime.date.today() + datetime.timedelta(days=3)
    meeting = factories.MeetingFactory(
        body=factories.MeetingBodyFactory(code="CSO", name="Committee of Senior Officials", level=2),
        number=3,
        start_on=day,
        end_on=day,
    )
    item = factories.AgendaItemFactory(meeting=meeting, number=2, title="Report of the SWG")
    speakers_list = factories.SpeakersListFactory(agenda_item=item)
    factories.accredited_delegation(meeting, kazakhstan)
    factories.InscriptionFactory(speakers_list=speakers_list, country=india, rank="delegate")
    factories.FocalPointFactory(username="fp-kz", country=kazakhstan)
    factories.FocalPointFactory(username="fp-in", country=india)
    officer = factories.SecretariatUserFactory(username="officer")

    # Kazakhstan's focal point, on a phone: from the meeting to the item's list, and inscribes.
    focal_point = portal_sign_in(browser, live_server, "fp-kz")
    focal_point.goto(f"{live_server.url}/portal/meetings/{meeting.pk}/")
    focal_point.get_by_role("link", name="List of speakers and statements").click()
    focal_point.get_by_label("Speaker", exact=True).fill("H.E. the Minister for Foreign Affairs")
    focal_point.get_by_label("Speaks as").select_option("minister")
    focal_point.get_by_role("button", name="Inscribe on the list").click()
    focal_point.wait_for_url(f"{live_server.url}/portal/speakers/{speakers_list.pk}/")
    assert "Kazakhstan speaks in place 2" in focal_point.locator("#own-place").inner_text()
    assert focal_point.get_by_role("button", name="Inscribe on the list").count() == 0

    # The officer, in the admin: Kazakhstan first, the list closed, Kazakhstan marked as having spoken.
    admin = admin_sign_in(browser, live_server, officer)
    admin.goto(f"{live_server.url}/admin/speakers/speakerslist/{speakers_list.pk}/change/")
    assert admin.locator('select[name="inscriptions-0-country"]').input_value() == str(india.pk)
    admin.locator('input[name="inscriptions-0-position"]').fill("2")
    admin.locator('input[name="inscriptions-1-position"]').fill("1")
    admin.get_by_role("button", name="Save and continue editing").click()
    admin.wait_for_load_state()
    assert [i.country.iso2 for i in speakers_list.speakers()] == ["KZ", "IN"]
    admin.get_by_role("button", name="Close the list").click()
    admin.wait_for_load_state()
    speakers_list.refresh_from_db()
    assert speakers_list.status == "closed"

    admin.goto(f"{live_server.url}/admin/speakers/inscription/")
    kz_inscription = Inscription.objects.get(country=kazakhstan)
    admin.locator(f'input[name="_selected_action"][value="{kz_inscription.pk}"]').check()
    admin.locator('select[name="action"]').select_option("step_mark_spoke")
    admin.get_by_role("button", name="Go").click()
    admin.wait_for_load_state()
    kz_inscription.refresh_from_db()
    assert kz_inscription.status == "spoke"

    # The focal point sees its place and submits the statement.
    focal_point.reload()
    assert "Kazakhstan speaks in place 1" in focal_point.locator("#own-place").inner_text()
    focal_point.get_by_role("link", name="Submit a statement").click()
    focal_point.get_by_label("Language of the statement").select_option("ru")
    focal_point.get_by_label("Title").fill("Statement of the Minister")
    focal_point.get_by_label("File").set_input_files(
        {"name": "statement.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    focal_point.get_by_role("button", name="Save").click()
    focal_point.wait_for_url(f"{live_server.url}/portal/speakers/{speakers_list.pk}/")
    statement = Statement.objects.get(country=kazakhstan)
    assert statement.status == "submitted"

    # India's focal point does not see it until the officer publishes it.
    reader = portal_sign_in(browser, live_server, "fp-in")
    reader.goto(f"{live_server.url}/portal/speakers/{speakers_list.pk}/")
    assert reader.get_by_role("link", name="Kazakhstan: Statement of the Minister").count() == 0

    admin.goto(f"{live_server.url}/admin/speakers/statement/{statement.pk}/change/")
    admin.get_by_role("button", name="Publish").click()
    admin.wait_for_load_state()
    statement.refresh_from_db()
    assert statement.status == "published"

    reader.reload()
    link = reader.get_by_role("link", name="Kazakhstan: Statement of the Minister")
    assert link.count() == 1
    with reader.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("-KZ-ru.pdf")

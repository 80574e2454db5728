"""Focal points in a real browser, at phone width: Kazakhstan's sees the texts under silence with the time left on
its dashboard, breaks silence on one with an amendment and a file; India's, in Russian, joins consensus on it; staff
see both answers on the procedure's admin page. The procedure's page passes the accessibility audit."""

import datetime

import pytest
from django.utils import timezone

from silence.models import SilenceResponse
from tests import factories
from tests.browser.test_every_page import audit, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 375


@pytest.fixture
def procedure(kazakhstan, india):
    decision = factories.DecisionFactory(title="Rules of the CICA Fund", title_ru="Правила Фонда СВМДА")
    return factories.SilenceProcedureFactory(
        body=decision.meeting.body,
        decision=decision,
        expires_at=timezone.now() + datetime.timedelta(days=2, hours=5),
        states=[kazakhstan, india],
    )


def test_a_focal_point_breaks_silence_another_joins_consensus_and_staff_see_both(
    live_server, browser, procedure, kz_focal_point, in_focal_point, officer, tmp_path
):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = signed_in_context(browser, live_server, kz_focal_point, PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")
    running = page.locator("ul.silence-running li")
    running.first.wait_for()
    assert (
        "Rules of the CICA Fund" in running.first.inner_text()
        and "2\xa0days, 4\xa0hours left" in running.first.inner_text()
    )
    running.first.get_by_role("link").click()
    page.wait_for_url(f"**/portal/silence/{procedure.pk}/")
    assert audit(page, axe, "procedure page [en, 375px]") == []

    amendment = tmp_path / "amendment.pdf"
    amendment.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_role("combobox", name="Answer").select_option("amendment")
    page.get_by_role("textbox", name="Text").fill("Add at the end: “subject to the rules of the Fund”.")
    page.get_by_label("File (optional)").set_input_files(str(amendment))
    page.get_by_role("button", name="Break silence").click()
    page.wait_for_url(f"**/portal/silence/{procedure.pk}/")
    answers = page.locator("ul.answers").inner_text()
    assert "Kazakhstan" in answers and "proposed amendment" in answers and "subject to the rules" in answers
    context.close()

    in_focal_point.preferred_language = "ru"
    in_focal_point.save()
    context = signed_in_context(browser, live_server, in_focal_point, PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/silence/{procedure.pk}/")
    assert "Правила Фонда СВМДА" in page.locator("h1").inner_text()
    assert "Казахстан" in page.locator("ul.answers").inner_text()  # who broke silence, and why, for every state
    assert audit(page, axe, "procedure page [ru, 375px]") == []
    page.get_by_role("button", name="Присоединиться к консенсусу").click()
    page.wait_for_url(f"**/portal/silence/{procedure.pk}/")
    assert "присоединяется к консенсусу" in page.locator("ul.answers").inner_text()
    context.close()

    assert sorted(SilenceResponse.objects.values_list("country__iso2", "kind")) == [
        ("IN", "consensus"),
        ("KZ", "amendment"),
    ]
    context = signed_in_context(browser, live_server, officer, 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/silence/silenceprocedure/{procedure.pk}/change/")
    inline = page.locator("#responses-group").inner_text()
    assert "Kazakhstan" in inline and "proposed amendment" in inline and "subject to the rules" in inline
    assert "India" in inline and "joins consensus" in inline
    context.close()

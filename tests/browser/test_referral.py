"""A Secretariat officer in a real browser refers an SWG decision to the CSO and on to the CFM from the admin: one
click each, nothing retyped, the path through the cycle shown on every decision of it."""

import datetime

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from secretariat.models import Decision
from tests import factories
from tests.browser.test_csp import app_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_refers_a_matter_from_the_swg_to_the_cso_and_the_cfm(live_server, browser):
    officer = factories.SecretariatUserFactory(username="officer")
    today = datetime.date.today()
    swg = factories.MeetingBodyFactory(code="SWG", name="Special Working Group", level=1)
    cso = factories.MeetingBodyFactory(code="CSO", name="Committee of Senior Officials", level=2)
    cfm = factories.MeetingBodyFactory(code="CFM", name="Council of Ministers of Foreign Affairs", level=3)
    meetings = [
        factories.MeetingFactory(body=body, number=1, start_on=day, end_on=day)
        for body, day in (
            (swg, today + datetime.timedelta(days=5)),
            (cso, today + datetime.timedelta(days=40)),
            (cfm, today + datetime.timedelta(days=90)),
        )
    ]
    recommendation = factories.DecisionFactory(
        meeting=meetings[0],
        number=1,
        title="Rules of the CICA Support Fund",
        text="The SWG recommends the rules of the Support Fund.",
    )
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    page = browser.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/portal/account/two-factor/verify/**")
    page.get_by_label("Code").fill(app_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/secretariat/decision/{recommendation.pk}/change/")
    page.get_by_role("button", name="Refer up the meeting cycle").click()
    page.wait_for_url("**/change/")
    assert [entry.split(":")[0] for entry in page.locator("ol.referral-chain li").all_inner_texts()] == [
        "SWG 1/1",
        "CSO 1/1",
    ]
    page.get_by_role("button", name="Refer up the meeting cycle").click()
    page.wait_for_url("**/change/")

    at_cfm = Decision.objects.get(meeting=meetings[2])
    assert page.url.endswith(f"/admin/secretariat/decision/{at_cfm.pk}/change/")
    chain = page.locator("ol.referral-chain li").all_inner_texts()
    assert [entry.split(":")[0] for entry in chain] == ["SWG 1/1", "CSO 1/1", "CFM 1/1"]
    assert page.get_by_label("Title (English):").input_value() == "Rules of the CICA Support Fund"
    assert [d.status for d in Decision.objects.order_by("meeting__start_on")] == ["referred", "referred", "open"]

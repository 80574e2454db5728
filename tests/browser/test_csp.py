"""The portal and the admin work in a real browser under the Content-Security-Policy, with no violation reported."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from measures.models import ImplementationReport
from reporting.services import rollup_status
from tests.browser.test_portal import world  # noqa: F401 - the same small world as the portal's browser test

PASSWORD = "correct-horse-battery"

# Every violation the page sees is kept on window (the browser also prints it to the console, watched below).
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watched_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    return context, page


def violations(page):
    reported = page.evaluate("window.__csp || []")
    console = [
        text for text in page.console_messages if "Content Security Policy" in text or "Content-Security" in text
    ]
    return reported + console


def app_code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_uses_the_portal_under_the_policy(live_server, browser, kz_coordinator, world):  # noqa: F811
    rollup_status()  # the dashboard's bars read the roll-ups, as after the nightly job
    context, page = watched_page(browser)
    response = page.goto(f"{live_server.url}/portal/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("Username").fill("coord-kz")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/portal/")
    # The chart is drawn without inline styles: its segments have a width in the page.
    segment = page.locator("svg.stack rect").first
    assert segment.bounding_box()["width"] > 0

    page.get_by_role("link", name="Energy security").first.click()
    assert page.locator("progress.meter").count() >= 1
    page.get_by_role("link", name="Reports").first.click()
    # htmx swaps the results as one types
    page.get_by_role("searchbox", name="Search", exact=True).fill("no such report anywhere")
    page.get_by_text("Nothing matches these filters.").wait_for()
    assert "q=no%20such%20report" in page.url  # htmx pushed the address: the script ran under the policy
    for path in ("/portal/calendar/", "/portal/calendar/subscribe/", "/portal/decisions/", "/portal/account/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").first.is_visible()
    page.goto(f"{live_server.url}/portal/account/two-factor/setup/")
    assert page.locator(".qr-code svg").bounding_box()["width"] > 100
    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui").first.wait_for()
    page.get_by_text("CICA Secretariat Portal API").first.wait_for()
    assert violations(page) == []
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_reach_the_admin_with_a_second_factor_under_the_policy(live_server, browser, officer, world):  # noqa: F811
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    context, page = watched_page(browser)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/portal/account/two-factor/verify/**")
    page.get_by_label("Code").fill(app_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="Partnership for Security and Development in Asia").is_visible()

    for path in (
        "/admin/measures/implementationreport/?status__exact=draft",
        "/admin/measures/implementationreport/add/",
        "/admin/secretariat/meeting/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{officer.pk}/change/",  # filter_horizontal widgets
        "/admin/chairmanship/chairmanship/",  # date hierarchy
        "/admin/chairmanship/initiative/add/",  # autocomplete widgets
        "/admin/secretariat/meeting/add/",  # date widgets
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#content").is_visible(), path
    report = ImplementationReport.objects.first()
    for path in (
        f"/admin/measures/implementationreport/{report.pk}/change/",
        f"/admin/measures/implementationreport/{report.pk}/history/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#content").is_visible(), path
    assert violations(page) == []
    context.close()

"""Every portal page, in a real browser, over the demo a newcomer sees after `make run`: as a coordinator and as staff,
in English and Russian, at desktop and phone width: no page wider than a 375 px screen, and no accessibility
violation of serious or critical impact by axe-core (WCAG 2.1 AA rules; axe ships inside axe-playwright-python, so
nothing is fetched at test time). The sign-in pages too. And the main tasks done with the keyboard alone.

One browser, one live server and one seeded demo per test (the demo is built once per test, each test reads dozens
of pages), so the audit of some 250 page views stays within a few minutes.
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from accounts.models import User
from measures.choices import ReportStatus
from measures.models import ImplementationReport
from secretariat.models import Decision
from tests import factories
from tests.conftest import sign_in
from tests.portal.test_russian_content import demo_pages

PHONE, DESKTOP = 375, 1280
BLOCKING = ("serious", "critical")
SIGNED_OUT = ["/portal/login/", "/portal/password-reset/", "/portal/password-reset/sent/"]


@pytest.fixture
def demo(db):
    with translation.override("en"):
        call_command("seed_demo", password="demo-pass-123", force=True, stdout=io.StringIO())


def signed_in_context(browser, live_server, user, width):
    """A browser context carrying a session of `user` (staff: past the second factor, as tests.conftest.sign_in)."""
    client = sign_in(Client(), user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    return context


def audit(page, axe, where):
    """The serious and critical axe violations of the page, and whether it is wider than its viewport."""
    problems = []
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{where}: {scroll_width}px wide on a {width}px screen")
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"{where}: {violation['id']} ({violation['impact']}) at {targets}")
    return problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["coord-kz", "secretariat", "fp-kz"])
def test_every_page_fits_a_phone_and_passes_the_accessibility_audit(live_server, browser, demo, username):
    from axe_playwright_python.sync_playwright import Axe

    axe, problems, audited = Axe(), [], 0
    user = User.objects.get(username=username)
    pages = demo_pages()
    for language in ("en", "ru"):
        user.preferred_language = language
        user.save()
        for width in (DESKTOP, PHONE):
            context = signed_in_context(browser, live_server, user, width)
            page = context.new_page()
            for _name, url in pages:
                response = page.goto(f"{live_server.url}{url}")
                if response.status in (403, 404):
                    continue  # not this persona's page
                assert response.status == 200, (url, response.status)
                assert page.locator("html").get_attribute("lang") == language, url
                problems += audit(page, axe, f"{url} [{language}, {width}px]")
                audited += 1
            context.close()
    assert not problems, "\n".join(problems)
    assert audited >= 4 * 25


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_sign_in_pages_fit_a_phone_and_pass_the_audit(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe, problems = Axe(), []
    for language in ("en", "ru"):
        for width in (DESKTOP, PHONE):
            context = browser.new_context(viewport={"width": width, "height": 900}, locale=language)
            page = context.new_page()
            for url in SIGNED_OUT:
                page.goto(f"{live_server.url}{url}")
                problems += audit(page, axe, f"{url} [{language}, {width}px]")
            context.close()
    assert not problems, "\n".join(problems)


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would; its focus shows."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector}: the focus is not visible"
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_submits_a_report_and_updates_a_decision_with_the_keyboard_alone(live_server, browser, demo):
    """Also: the notification choices read as a list of checkboxes with their labels beside them."""
    coordinator = User.objects.get(username="coord-kz")
    report = ImplementationReport.objects.get(measure__code="military-political-dimension", country__iso2="KZ")
    assert report.status == ReportStatus.DRAFT
    decision = Decision.objects.filter(responsible_country__iso2="KZ").first()
    for width in (DESKTOP, PHONE):
        context = signed_in_context(browser, live_server, coordinator, width)
        page = context.new_page()
        page.goto(f"{live_server.url}/portal/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('skip-link')")  # the first stop
        if width == PHONE:  # the menu is folded behind its button: open it with the keyboard
            tab_to(page, ".menu-toggle")
            page.keyboard.press("Enter")
            assert page.locator("#main-nav").is_visible()
        if width == DESKTOP:
            # Submit the report: from its page, Tab to the step and press Enter.
            page.goto(f"{live_server.url}/portal/reports/{report.pk}/")
            tab_to(page, 'form[action$="/submit/"] button[type=submit]')
            with page.expect_navigation():
                page.keyboard.press("Enter")
            report.refresh_from_db()
            assert report.status == ReportStatus.SUBMITTED
        # Update the decision's progress: Tab to the field, type, Tab to Save, Enter.
        progress = 55 if width == DESKTOP else 65
        page.goto(f"{live_server.url}/portal/decisions/{decision.pk}/edit/")
        tab_to(page, "input[name=progress]")
        page.keyboard.press("Control+A")
        page.keyboard.type(str(progress))
        tab_to(page, "main form button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        decision.refresh_from_db()
        assert decision.progress == progress
        # Notification choices: each checkbox on the line of its label, before it (not above it).
        page.goto(f"{live_server.url}/notifications/preferences/")
        choice = page.locator(".field.checkbox").first
        box, label = choice.locator("input").bounding_box(), choice.locator("label").bounding_box()
        assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 8, (box, label)
        assert label["x"] > box["x"] + box["width"]
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["meeting", "documents"])
def test_a_long_document_symbol_wraps_on_a_phone(live_server, browser, officer, path):
    """A corrigendum's symbol is one word of 36 characters: in a table cell at 375 px it breaks; it neither widens the
    page nor runs past the screen's edge inside a scrolling box."""
    meeting = factories.MeetingFactory()
    long_symbol = "CICA/SWG/2026/12/INF.10/Rev.2/Corr.1"
    document = factories.DocumentFactory(meeting=meeting, symbol=long_symbol, title="List of participants")
    assert document.symbol == long_symbol
    context = signed_in_context(browser, live_server, officer, PHONE)
    page = context.new_page()
    address = f"/portal/meetings/{meeting.pk}/" if path == "meeting" else "/portal/documents/"

    page.goto(live_server.url + address)

    assert page.get_by_text(long_symbol).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    rightmost = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.symbol')].map(e => e.getBoundingClientRect().right))"
    )
    assert rightmost <= PHONE
    context.close()

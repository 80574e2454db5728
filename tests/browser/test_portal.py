"""A coordinator in a real browser: sign in, dashboard, a report with an attachment, Russian, the calendar feed."""

import datetime
import os
import urllib.request
from pathlib import Path

import icalendar
import pytest

from measures.choices import ReportStatus
from measures.models import ImplementationReport
from secretariat.choices import ResponsibleParty
from tests import factories

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def world(kazakhstan, india):
    economic = factories.DimensionFactory(name="Economic dimension", name_ru="Экономическое измерение", order=1)
    human = factories.DimensionFactory(name="Human dimension", name_ru="Человеческое измерение", order=2)
    energy = factories.MeasureFactory(
        dimension=economic, title="Energy security", title_ru="Энергетическая безопасность"
    )
    tourism = factories.MeasureFactory(dimension=human, title="Development of tourism", title_ru="Развитие туризма")
    ict = factories.MeasureFactory(dimension=economic, title="Use of ICT", title_ru="Использование ИКТ")
    factories.CoordinationFactory(measure=energy, country=kazakhstan)
    factories.CoordinationFactory(measure=ict, country=kazakhstan, role="co_coordinator")
    factories.CoordinationFactory(measure=tourism, country=india)
    for measure, statuses in (
        (energy, ["completed", "in_progress", "planned"]),
        (ict, ["completed", "postponed"]),
        (tourism, ["completed", "completed", "in_progress"]),
    ):
        plan = factories.ActionPlanFactory(measure=measure)
        for status in statuses:
            factories.ActivityFactory(
                action_plan=plan, status=status, progress=100 if status == "completed" else 40, host_country=kazakhstan
            )
    today = datetime.date.today()
    factories.ImplementationReportFactory(
        measure=ict,
        country=kazakhstan,
        status=ReportStatus.DRAFT,
        due_on=today - datetime.timedelta(days=5),
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    meeting = factories.MeetingFactory(
        start_on=today + datetime.timedelta(days=20),
        end_on=today + datetime.timedelta(days=21),
        document_deadline=today + datetime.timedelta(days=6),
        venue="Astana",
    )
    factories.DecisionFactory(
        meeting=meeting,
        responsible_party=ResponsibleParty.MEMBER_STATE,
        responsible_country=kazakhstan,
        title="Host the energy seminar",
        deadline=today + datetime.timedelta(days=60),
    )
    return {"energy": energy}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_reports_switches_to_russian_and_subscribes(
    live_server, browser, kz_coordinator, world, tmp_path
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")
    page.get_by_label("Username").fill("coord-kz")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/portal/")
    assert page.get_by_role("heading", name="Dashboard: Kazakhstan").is_visible()
    assert page.get_by_text("Host the energy seminar").is_visible()
    # The README's screenshot is refreshed on request only, so a test run never changes the checkout.
    shots = DOCS if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    page.screenshot(path=str(shots / "portal-dashboard.png"), full_page=True)
    assert (shots / "portal-dashboard.png").stat().st_size > 10_000

    # A report on Energy security, with an attachment, submitted.
    page.get_by_role("link", name="Energy security").first.click()
    page.get_by_role("link", name="New report").click()
    page.get_by_label("Period start").fill("2025-01-01")
    page.get_by_label("Period end").fill("2025-06-30")
    page.get_by_label("Progress").fill("55")
    page.get_by_label("Narrative").fill("Two seminars on energy transit were held in Astana.")
    annex = tmp_path / "annex.pdf"
    annex.write_bytes(b"%PDF-1.4 annex")
    page.get_by_label("Attachments").set_input_files(str(annex))
    page.get_by_role("button", name="Submit to the Secretariat").click()
    assert page.get_by_text("The report was submitted to the Secretariat.").is_visible()
    assert page.locator("#report-status").inner_text() == "submitted"
    report = ImplementationReport.objects.get(measure=world["energy"], period_start=datetime.date(2025, 1, 1))
    assert report.status == ReportStatus.SUBMITTED
    assert report.attachments.get().file.read() == b"%PDF-1.4 annex"

    # Russian.
    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Отчёт об осуществлении").is_visible()
    page.get_by_role("link", name="Панель").click()
    assert page.get_by_role("heading", name="Панель: Казахстан").is_visible()
    assert page.get_by_text("Энергетическая безопасность").first.is_visible()

    # The next half-year's report, written and submitted in the Russian interface.
    page.get_by_role("link", name="Энергетическая безопасность").first.click()
    page.get_by_role("link", name="Новый отчёт").click()
    page.get_by_label("Начало периода").fill("2025-07-01")
    page.get_by_label("Конец периода").fill("2025-12-31")
    page.get_by_label("Ход выполнения").fill("70")
    page.get_by_label("Описание", exact=True).fill("Во втором полугодии проведён семинар экспертов.")
    page.get_by_role("button", name="Представить в Секретариат").click()
    assert page.get_by_text("Отчёт представлен в Секретариат.").is_visible()
    second = ImplementationReport.objects.get(measure=world["energy"], period_start=datetime.date(2025, 7, 1))
    assert (second.status, second.progress) == (ReportStatus.SUBMITTED, 70)
    page.get_by_role("link", name="Панель").click()

    # Phone width still shows the dashboard without sideways scrolling.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # The calendar subscription address, fetched as a calendar program would (no session).
    page.goto(f"{live_server.url}/portal/calendar/subscribe/")
    feed_url = page.locator("#feed-url").inner_text().strip()
    with urllib.request.urlopen(feed_url) as response:  # noqa: S310 - the live server on this machine
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.read())
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert any("Documents due" in s or "Срок подачи документов" in s for s in summaries)
    assert len(summaries) >= 3
    context.close()

"""A coordinator updates 50 activities in a real browser: download the XLSX, edit it, upload, preview, apply."""

import datetime

import pytest
from openpyxl import load_workbook

from measures.models import Activity
from tests import factories


@pytest.fixture
def fifty_activities(kazakhstan):
    measure = factories.MeasureFactory(title="Energy security")
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    plan = factories.ActionPlanFactory(measure=measure)
    return factories.ActivityFactory.create_batch(
        50, action_plan=plan, status="planned", progress=0, start_on=datetime.date(2026, 3, 1), end_on=None
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_updates_fifty_activities_from_one_spreadsheet(
    live_server, browser, kz_coordinator, fifty_activities, tmp_path
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")
    page.get_by_label("Username").fill("coord-kz")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/portal/")

    page.goto(f"{live_server.url}/portal/activities/")
    page.get_by_role("link", name="Upload changes").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    downloaded = tmp_path / "activities.xlsx"
    download_info.value.save_as(downloaded)

    book = load_workbook(downloaded)
    sheet = book.worksheets[0]
    head = [cell.value for cell in sheet[1]]
    status, progress = head.index("Status") + 1, head.index("Progress (%)") + 1
    assert sheet.max_row == 51
    for row in range(2, 52):
        sheet.cell(row, status).value = "in progress"
        sheet.cell(row, progress).value = 60
    edited = tmp_path / "activities-edited.xlsx"
    book.save(edited)

    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(str(edited))
    page.get_by_role("button", name="Preview the changes").click()
    assert page.get_by_text("50 rows will change.").is_visible()
    assert page.locator("tr.import-changed").count() == 50
    assert Activity.objects.filter(progress=60).count() == 0

    page.get_by_role("button", name="Apply these changes").click()
    page.wait_for_url(f"{live_server.url}/portal/activities/")
    assert page.get_by_text("50 rows changed.").is_visible()
    assert Activity.objects.filter(progress=60, status="in_progress").count() == 50
    context.close()

"""A coordinator changes many activities by editing one downloaded spreadsheet: a preview first, then all or none."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from measures.models import Activity
from tests import factories
from tests.conftest import sign_in

URL = "/portal/activities/upload/"


@pytest.fixture
def plan(kazakhstan):
    measure = factories.MeasureFactory(title="Energy security")
    factories.CoordinationFactory(measure=measure, country=kazakhstan)
    return factories.ActionPlanFactory(measure=measure)


@pytest.fixture
def activities(plan):
    return factories.ActivityFactory.create_batch(
        200, action_plan=plan, status="planned", progress=0, start_on=datetime.date(2026, 3, 1), end_on=None
    )


@pytest.fixture
def foreign_activity(india):
    measure = factories.MeasureFactory(title="Tourism")
    factories.CoordinationFactory(measure=measure, country=india)
    return factories.ActivityFactory(action_plan=factories.ActionPlanFactory(measure=measure), progress=10)


def download(client, url=URL):
    response = client.get(url, {"download": "xlsx"})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def column(sheet, title):
    return [cell.value for cell in sheet[1]].index(title) + 1


def upload(client, book, url=URL):
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "activities.xlsx"
    return client.post(url, {"file": out})


def apply(client, response, url=URL):
    return client.post(url, {"token": response.context["token"]})


def edit_all(sheet, progress=40):
    status, done = column(sheet, "Status"), column(sheet, "Progress (%)")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, status).value = "In progress"
        sheet.cell(row, done).value = progress


def bad_rows(response):
    return {r.pk: r.errors for r in response.context["plan"].bad_rows}


def test_the_download_holds_the_coordinators_own_activities(kz_client, activities, foreign_activity):
    sheet = download(kz_client).worksheets[0]
    ids = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    assert sorted(ids) == sorted(a.pk for a in activities)


def test_three_bad_rows_change_nothing_and_are_named(kz_client, activities, foreign_activity):
    book = download(kz_client)
    sheet = book.worksheets[0]
    edit_all(sheet)
    sheet.cell(2, column(sheet, "Progress (%)")).value = 140
    sheet.cell(3, column(sheet, "End")).value = datetime.datetime(2026, 2, 1)  # before the start, 1 March
    sheet.cell(4, 1).value = 99_999_999  # no such activity
    sheet.append([foreign_activity.pk, "Tourism", "x", "Workshop", None, None, None, None, "Planned", 50])
    unknown_row = sheet.cell(4, 1).value

    response = upload(kz_client, book)

    assert response.status_code == 400
    bad = bad_rows(response)
    assert set(bad) == {activities[0].pk, activities[1].pk, unknown_row, foreign_activity.pk}
    assert "100" in " ".join(bad[activities[0].pk])
    assert "end date" in " ".join(bad[activities[1].pk]).lower()
    assert "no row with the id" in " ".join(bad[unknown_row])
    assert "not one you may change" in " ".join(bad[foreign_activity.pk])
    assert response.context["token"] is None  # nothing to apply
    assert "Apply these changes" not in response.content.decode()
    assert not Activity.objects.filter(progress=40).exists()
    assert all(a.history.count() == 1 for a in Activity.objects.all())


def test_the_corrected_file_applies_all_200_rows_each_with_a_history_entry(
    kz_client, kz_coordinator, activities, django_assert_max_num_queries
):
    book = download(kz_client)
    sheet = book.worksheets[0]
    edit_all(sheet)
    sheet.cell(2, column(sheet, "End")).value = datetime.datetime(2026, 4, 1)
    moved = sheet.cell(2, column(sheet, "ID")).value  # the first row is whichever the list's order puts first

    preview = upload(kz_client, book)
    assert preview.status_code == 200, bad_rows(preview)
    assert len(preview.context["plan"].changed_rows) == 200
    assert not Activity.objects.filter(progress=40).exists()  # the preview keeps nothing
    page = preview.content.decode()
    assert "200 rows will change." in page and "Apply these changes" in page

    response = apply(kz_client, preview)

    assert response.status_code == 302
    assert Activity.objects.filter(progress=40, status="in_progress").count() == 200
    assert Activity.objects.get(pk=moved).end_on == datetime.date(2026, 4, 1)
    for activity in Activity.objects.all():
        latest = activity.history.order_by("-history_id").first()
        assert activity.history.count() == 2
        assert latest.history_user == kz_coordinator and latest.progress == 40
    # The token is spent: sending it again applies nothing twice.
    assert kz_client.post(URL, {"token": preview.context["token"]}).status_code == 400


def test_apply_checks_again_and_refuses_all_when_a_row_went_bad_meanwhile(kz_client, activities):
    book = download(kz_client)
    edit_all(book.worksheets[0], progress=100)  # in progress at 100%: fine
    preview = upload(kz_client, book)
    assert preview.status_code == 200
    # Meanwhile someone else marks the first activity completed: moving it to "in progress" at 100 is fine, but a
    # row deleted in between is not there any more.
    Activity.objects.filter(pk=activities[5].pk).delete()

    response = apply(kz_client, preview)

    assert response.status_code == 400
    assert activities[5].pk in bad_rows(response)
    assert not Activity.objects.filter(progress=100).exists()


def test_an_unchanged_file_changes_nothing(kz_client, activities):
    preview = upload(kz_client, download(kz_client))
    assert preview.status_code == 200
    assert preview.context["plan"].changed_rows == [] and preview.context["token"] is None
    assert "No changes: the file matches the data." in preview.content.decode()
    assert all(a.history.count() == 1 for a in Activity.objects.all())


def test_the_list_export_of_the_portal_comes_back_unchanged_too(kz_client, activities):
    response = kz_client.get(reverse("measures:activity_list"), {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    preview = upload(kz_client, book)
    assert preview.status_code == 200 and preview.context["plan"].changed_rows == []


def test_a_csv_file_works_as_well(kz_client, activities):
    text = kz_client.get(URL, {"download": "csv"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    head = lines[0].split(",")
    first = lines[1].split(",")
    first[head.index("Progress (%)")] = "75"
    lines[1] = ",".join(first)
    upload_file = io.BytesIO("\n".join(lines).encode())
    upload_file.name = "activities.csv"
    preview = kz_client.post(URL, {"file": upload_file})
    assert preview.status_code == 200, bad_rows(preview)
    [changed] = preview.context["plan"].changed_rows
    assert changed.changes == [("progress (%)", "0", "75")]
    apply(kz_client, preview)
    assert Activity.objects.get(pk=changed.pk).progress == 75


def test_completed_needs_100_percent_the_model_rule_holds(kz_client, activities):
    book = download(kz_client)
    sheet = book.worksheets[0]
    sheet.cell(2, column(sheet, "Status")).value = "Completed"
    response = upload(kz_client, book)
    assert response.status_code == 400
    assert "100%" in " ".join(bad_rows(response)[activities[0].pk])


def test_an_unreadable_file_is_refused_clearly(kz_client, activities):
    junk = io.BytesIO(b"not a workbook")
    junk.name = "activities.xlsx"
    response = kz_client.post(URL, {"file": junk})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_staff_change_any_countrys_activities(client, officer, activities, foreign_activity):
    sign_in(client, officer)
    book = download(client)
    sheet = book.worksheets[0]
    ids = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    assert foreign_activity.pk in ids
    row = ids.index(foreign_activity.pk) + 2
    sheet.cell(row, column(sheet, "Progress (%)")).value = 55
    preview = upload(client, book)
    assert preview.status_code == 200
    apply(client, preview)
    assert Activity.objects.get(pk=foreign_activity.pk).progress == 55


def test_other_states_rows_left_as_they_are_pass_quietly(kz_client, activities, foreign_activity):
    """The activity list's download holds every visible activity; rows the file does not change are no trouble."""
    response = kz_client.get(reverse("measures:activity_list"), {"export": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    ids = [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)]
    assert foreign_activity.pk in ids
    sheet.cell(ids.index(activities[0].pk) + 2, column(sheet, "Progress (%)")).value = 5
    preview = upload(kz_client, book)
    assert preview.status_code == 200
    assert [r.pk for r in preview.context["plan"].changed_rows] == [activities[0].pk]

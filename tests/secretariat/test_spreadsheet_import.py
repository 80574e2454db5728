"""A responsible state reports progress on its decisions from a spreadsheet; the decision workflow still decides."""

import io

import pytest
from openpyxl import load_workbook

from secretariat.choices import ResponsibleParty
from secretariat.models import Decision
from tests import factories
from tests.conftest import sign_in

URL = "/portal/decisions/upload/"


@pytest.fixture
def decisions(kazakhstan, india):
    meeting = factories.MeetingFactory()

    def decision(country, number):
        return factories.DecisionFactory(
            meeting=meeting,
            number=number,
            responsible_party=ResponsibleParty.MEMBER_STATE,
            responsible_country=country,
            status="open",
            progress=0,
        )

    return {"kz": [decision(kazakhstan, n) for n in (1, 2, 3)], "in": decision(india, 4)}


def edited(client, change):
    book = load_workbook(io.BytesIO(client.get(URL, {"download": "xlsx"}).content))
    sheet = book.worksheets[0]
    head = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        change(sheet, row, lambda title: head.index(title) + 1)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "decisions.xlsx"
    return out


def test_a_coordinator_downloads_only_their_states_decisions(client, kz_coordinator, decisions):
    sign_in(client, kz_coordinator)
    sheet = load_workbook(io.BytesIO(client.get(URL, {"download": "xlsx"}).content)).worksheets[0]
    assert sorted(sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)) == sorted(d.pk for d in decisions["kz"])


def test_progress_and_a_start_are_applied_with_history(client, kz_coordinator, decisions):
    sign_in(client, kz_coordinator)

    def change(sheet, row, col):
        sheet.cell(row, col("Progress (%)")).value = 30
        sheet.cell(row, col("Status")).value = "in progress"

    preview = client.post(URL, {"file": edited(client, change)})
    assert preview.status_code == 200
    assert len(preview.context["plan"].changed_rows) == 3
    client.post(URL, {"token": preview.context["token"]})
    for decision in Decision.objects.filter(pk__in=[d.pk for d in decisions["kz"]]):
        assert (decision.status, decision.progress) == ("in_progress", 30)
        assert decision.history.latest().history_user == kz_coordinator


def test_a_step_the_workflow_refuses_the_coordinator_is_named_and_nothing_changes(client, kz_coordinator, decisions):
    sign_in(client, kz_coordinator)

    def change(sheet, row, col):
        sheet.cell(row, col("Progress (%)")).value = 30
        if row == 2:
            sheet.cell(row, col("Status")).value = "cancelled"  # staff only

    response = client.post(URL, {"file": edited(client, change)})
    assert response.status_code == 400
    [bad] = response.context["plan"].bad_rows
    assert "is not yours to take" in bad.errors[0], bad.errors
    assert not Decision.objects.filter(progress=30).exists()

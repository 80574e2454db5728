"""Every admin changelist downloads as CSV and XLSX as filtered; staff upload activity changes for any country."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

from core.admin import SpreadsheetExportMixin
from measures.models import Activity
from secretariat.models import Decision
from tests import factories

EXPORTING_ADMINS = sorted(
    (model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, SpreadsheetExportMixin)),
    key=lambda m: m._meta.label,
)


def url(model, name, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


def test_every_changelist_of_the_project_exports():
    ours = {m._meta.app_label for m in EXPORTING_ADMINS}
    assert {"accounts", "chairmanship", "measures", "secretariat", "relations", "jobs", "notifications"} <= ours
    assert {"reporting", "search"} <= ours


@pytest.mark.parametrize("model", EXPORTING_ADMINS, ids=lambda m: m._meta.label)
def test_every_changelist_offers_and_serves_both_formats(staff_client, model):
    page = staff_client.get(url(model, "changelist"))
    assert page.status_code == 200
    assert url(model, "export", "xlsx") in page.content.decode()
    for fmt in ("csv", "xlsx"):
        response = staff_client.get(url(model, "export", fmt))
        assert response.status_code == 200, fmt
        assert "attachment" in response["Content-Disposition"]
    header = response_header(staff_client.get(url(model, "export", "csv")))
    assert not {"Password", "Key hash", "Vector"} & set(header)


def response_header(response):
    return next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_download_is_the_filtered_changelist(staff_client, kazakhstan):
    factories.ActivityFactory(status="planned", title="Planned one")
    done = factories.ActivityFactory(status="completed", progress=100, title="Done one")
    response = staff_client.get(url(Activity, "export", "csv"), {"status__exact": "completed"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [int(r[0]) for r in rows[1:]] == [done.pk]
    xlsx = staff_client.get(url(Activity, "export", "xlsx"), {"q": "Planned"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [c.value for c in sheet["C"]][1:] == ["Planned one"]


def test_coordinators_cannot_reach_the_admin_export(client, kz_coordinator):
    client.force_login(kz_coordinator)
    response = client.get(url(Activity, "export", "csv"))
    assert response.status_code == 302  # to the admin's sign-in


def test_staff_upload_decision_progress_through_the_workflow(staff_client, kazakhstan):
    decision = factories.DecisionFactory(responsible_country=kazakhstan, status="open", progress=0)
    download = staff_client.get(url(Decision, "import"), {"download": "xlsx"})
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[0]
    head = [c.value for c in sheet[1]]
    row = [c.value for c in sheet["A"]].index(decision.pk) + 1
    sheet.cell(row, head.index("Progress (%)") + 1).value = 30
    sheet.cell(row, head.index("Status") + 1).value = "In progress"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "decisions.xlsx"
    preview = staff_client.post(url(Decision, "import"), {"file": out})
    assert preview.status_code == 200
    response = staff_client.post(url(Decision, "import"), {"token": preview.context["token"]})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.progress) == ("in_progress", 30)


def test_a_status_move_the_workflow_refuses_is_named(staff_client, kazakhstan):
    decision = factories.DecisionFactory(responsible_country=kazakhstan, status="open", progress=0)
    text = staff_client.get(url(Decision, "import"), {"download": "csv"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    lines[1] = lines[1].replace(",open,", ",implemented,")  # at 0%: the workflow needs 100%
    upload = io.BytesIO("\n".join(lines).encode())
    upload.name = "decisions.csv"
    preview = staff_client.post(url(Decision, "import"), {"file": upload})
    assert preview.status_code == 400
    [bad] = preview.context["plan"].bad_rows
    assert bad.pk == decision.pk and bad.errors
    decision.refresh_from_db()
    assert decision.status == "open"

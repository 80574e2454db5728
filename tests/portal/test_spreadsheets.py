"""Every portal list downloads as CSV and XLSX: the rows the page shows that user, headed in their language."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheets import guard, unguard
from tests import factories

EXPORTABLE_LISTS = [
    "measures:dimension_list",
    "measures:measure_list",
    "measures:report_list",
    "measures:activity_list",
    "secretariat:meeting_list",
    "secretariat:decision_list",
    "secretariat:document_list",
    "chairmanship:chairmanship_list",
    "relations:partner_list",
]


def page_ids(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [obj.pk for obj in response.context["paginator"].object_list], response.content.decode()


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize("persona", ["kz_coordinator", "officer"])
@pytest.mark.parametrize("name", EXPORTABLE_LISTS)
def test_every_list_downloads_the_rows_the_page_shows(client, catalogue, request, persona, name):
    from tests.conftest import sign_in

    sign_in(client, request.getfixturevalue(persona))
    url = reverse(name)
    shown, page = page_ids(client, url)
    assert "export=xlsx" in page and "export=csv" in page
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        rows = read(client.get(url, {"export": fmt}))
        assert rows[0][0] == "ID"
        assert [int(r[0]) for r in rows[1:]] == shown, fmt


def test_a_filtered_list_downloads_only_the_filtered_rows(kz_client, catalogue):
    url = reverse("measures:activity_list")
    everything = [int(r[0]) for r in csv_rows(kz_client.get(url, {"export": "csv"}))[1:]]
    completed = [int(r[0]) for r in csv_rows(kz_client.get(url, {"export": "csv", "status": "completed"}))[1:]]
    assert len(everything) == 2
    assert completed == [catalogue["in_activity"].pk]
    page = kz_client.get(url, {"status": "completed"}).content.decode()
    assert "status=completed&amp;export=csv" in page


def test_a_coordinator_never_downloads_another_states_draft(kz_client, catalogue):
    rows = csv_rows(kz_client.get(reverse("measures:report_list"), {"export": "csv"}))
    assert [int(r[0]) for r in rows[1:]] == [catalogue["kz_draft"].pk]


def test_headers_speak_the_readers_language(kz_client, kz_coordinator, catalogue):
    kz_coordinator.preferred_language = "ru"  # the account's language, as chosen on the profile page
    kz_coordinator.save()
    rows = xlsx_rows(kz_client.get(reverse("measures:activity_list"), {"export": "xlsx"}))
    assert "Название" in rows[0], rows[0]


def test_cells_that_would_run_as_formulas_are_defused(kz_client, catalogue):
    activity = catalogue["kz_activity"]
    factories.ActivityFactory(action_plan=activity.action_plan, title='=HYPERLINK("http://evil","x")')
    url = reverse("measures:activity_list")
    csv_text = kz_client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    rows = xlsx_rows(kz_client.get(url, {"export": "xlsx"}))
    titles = [r[rows[0].index("Title")] for r in rows]
    assert '\'=HYPERLINK("http://evil","x")' in titles
    assert guard("-1+2") == "'-1+2" and unguard("'-1+2") == "-1+2" and guard(-3) == -3


def test_a_download_costs_the_same_queries_for_few_rows_or_many(kz_client, catalogue, django_assert_max_num_queries):
    url = reverse("measures:activity_list")
    with django_assert_max_num_queries(12):
        kz_client.get(url, {"export": "xlsx"})
    factories.ActivityFactory.create_batch(30, action_plan=catalogue["kz_plan"])
    with django_assert_max_num_queries(12):
        rows = xlsx_rows(kz_client.get(url, {"export": "xlsx"}))
    assert len(rows) == 1 + 32


@pytest.mark.parametrize("name", EXPORTABLE_LISTS)
def test_no_download_runs_a_query_per_row(staff_client, catalogue, name):
    """A query per row shows as the same statement repeated with another id: no statement may repeat."""
    import re
    from collections import Counter

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    factories.ChairmanshipFactory.create_batch(2)
    factories.PartnerOrganizationFactory.create_batch(2)
    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(staff_client.get(reverse(name), {"export": "csv"}))
    assert len(rows) >= 2
    shapes = Counter(re.sub(r"\b\d+\b", "N", q["sql"]) for q in queries.captured_queries)
    assert [shape for shape, count in shapes.items() if count > 1 and shape.startswith("SELECT")] == []

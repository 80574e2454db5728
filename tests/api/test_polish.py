"""An API partners can build on without asking: a root that lists the resources, JSON 404s, PATCH answers that
carry what GET carries, lists as CSV, filters that are honoured or refused, links between operations."""

import csv
import io

import pytest
from django.urls import reverse

from reporting.choices import Scope
from reporting.models import StatusSnapshot
from tests.api.test_permissions import RESOURCES

WRITABLE = [name for name, spec in RESOURCES.items() if spec[5] is not None]


def test_the_root_lists_every_resource(world, partner_api):
    response = partner_api.get("/api/v1/")
    assert response.status_code == 200
    resources = response.json()
    assert resources["reports"].endswith("/api/v1/reports/")
    assert {"measures", "activities", "decisions", "documents", "rollups", "countries"} <= set(resources)
    for name, url in resources.items():
        assert partner_api.get(url, {"q": "energy"} if name == "search" else {}).status_code == 200, url


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/v1/reports/abc/", "/api/v1/reports/1.5/", "/api/x"])
def test_unknown_paths_and_malformed_ids_are_json_404s(world, staff_api, path):
    response = staff_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize("resource", WRITABLE)
def test_a_patch_answers_with_every_field_a_get_carries(world, staff_api, resource):
    _kind, shown, changed, _fresh, _post, patch_body = RESOURCES[resource]
    obj = (changed or shown)(world)
    url = reverse(f"api:{resource}-detail", args=[obj.pk])
    patched = staff_api.patch(url, patch_body(world), format="json")
    assert patched.status_code == 200, patched.content
    assert set(patched.json()) == set(staff_api.get(url).json())


def test_a_patched_report_keeps_reviewed_by_when_it_is_empty(world, kz_api):
    url = reverse("api:report-detail", args=[world.kz_draft.pk])
    body = kz_api.patch(url, {"narrative": "Four workshops."}, format="json").json()
    assert "reviewed_by" in body and body["reviewed_by"] is None


def test_a_list_answers_csv_with_nested_fields_flattened(world, partner_api):
    response = partner_api.get(reverse("api:measure-list"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["code"] for r in rows} >= {"trade", "energy"}
    assert not any(value.startswith("{") for row in rows for value in row.values())


def test_csv_shows_only_what_json_shows(world, partner_api):
    json_ids = {r["id"] for r in partner_api.get(reverse("api:report-list")).json()["results"]}
    text = partner_api.get(reverse("api:report-list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert {int(r["id"]) for r in csv.DictReader(io.StringIO(text))} == json_ids


def test_a_detail_does_not_answer_csv(world, partner_api):
    response = partner_api.get(reverse("api:measure-detail", args=[world.kz_measure.pk]), {"format": "csv"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_unknown_query_parameters_on_a_list_are_a_400_naming_them(world, staff_api):
    response = staff_api.get(reverse("api:report-list"), {"colour": "blue", "status": "draft"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"colour"}
    ok = staff_api.get(reverse("api:report-list"), {"status": "draft", "page": 1, "page_size": 5, "format": "json"})
    assert ok.status_code == 200


@pytest.fixture
def rollups(world, time_machine):
    import datetime

    from django.utils import timezone

    def snapshot(scope, object_id, label):
        return StatusSnapshot.objects.create(
            date=datetime.date(2025, 1, 1),
            scope=scope,
            object_id=object_id,
            label=label,
            progress=50,
            computed_at=timezone.now(),
        )

    return {
        "kz": snapshot(Scope.COUNTRY, world.kz.pk, "Kazakhstan"),
        "in": snapshot(Scope.COUNTRY, world.india.pk, "India"),
        "measure": snapshot(Scope.MEASURE, world.kz_measure.pk, "Trade"),
    }


def test_rollups_honour_the_country_filter(rollups, partner_api):
    response = partner_api.get(reverse("api:rollup-list"), {"country": "KZ"})
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [rollups["kz"].pk]


def test_rollups_refuse_an_unknown_filter(rollups, partner_api):
    response = partner_api.get(reverse("api:rollup-list"), {"colour": "blue"})
    assert response.status_code == 400
    assert "colour" in response.json()["errors"]


def test_the_schema_links_a_created_report_to_its_detail_submit_and_attachments(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    created = schema["paths"]["/api/v1/reports/"]["post"]["responses"]["201"]
    links = created["links"]
    assert {"retrieve", "partial_update", "submit", "accept", "attachments_create", "attachments_list"} <= set(links)
    assert links["retrieve"] == {
        "operationId": "reports_retrieve",
        "parameters": {"id": "$response.body#/id"},
        "description": links["retrieve"]["description"],
    }
    assert links["submit"]["operationId"] == "reports_transitions_create"
    assert links["submit"]["requestBody"] == {"transition": "submit"}


def test_a_refused_csv_list_answers_in_json(world, partner_api):
    response = partner_api.get(reverse("api:measure-list"), {"format": "csv", "colour": "blue"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()["errors"]) == {"colour"}


def test_csv_cells_that_would_run_as_formulas_are_defused(world, staff_api):
    world.kz_activity.title = "=1+2"
    world.kz_activity.save()
    text = staff_api.get(reverse("api:activity-list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=1+2" in text


def test_search_hits_answer_csv_too(world, partner_api):
    response = partner_api.get(reverse("api:search"), {"q": "trade", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")

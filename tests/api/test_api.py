"""Behaviour of the API beyond the permission matrix: visibility, filters, writes, errors, auth, throttling."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tokens import APIToken, TokenScope
from measures.choices import ReportStatus
from measures.models import ImplementationReport
from tests import factories
from tests.conftest import sign_in

from .conftest import api_client, token_client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- visibility -------------------------------------------------------------------------------------------------


def test_partner_sees_only_accepted_reports(world, partner_api):
    assert ids(partner_api.get(reverse("api:report-list"))) == {world.kz_accepted.pk, world.in_accepted.pk}
    assert partner_api.get(reverse("api:report-detail", args=[world.kz_draft.pk])).status_code == 404
    assert partner_api.get(reverse("api:report-detail", args=[world.kz_submitted.pk])).status_code == 404


def test_coordinator_sees_published_reports_and_own_drafts(world, kz_api):
    expected = {world.kz_draft, world.kz_submitted, world.kz_accepted, world.kz_returned, world.in_accepted}
    assert ids(kz_api.get(reverse("api:report-list"))) == {r.pk for r in expected}


def test_documents_by_distribution(world, partner_api, kz_api, staff_api):
    url = reverse("api:document-list")
    assert ids(partner_api.get(url)) == {world.public_doc.pk}
    assert ids(kz_api.get(url)) == {world.public_doc.pk, world.members_doc.pk}
    assert ids(staff_api.get(url)) == {world.public_doc.pk, world.members_doc.pk, world.restricted_doc.pk}


def test_document_download_streams_the_file_and_checks_permission(world, partner_api):
    url = reverse("api:document-download", args=[world.public_doc.pk, "en"])
    response = partner_api.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    listed = partner_api.get(reverse("api:document-detail", args=[world.public_doc.pk])).json()
    assert listed["language_versions"][0]["download_url"].endswith(url)
    hidden = reverse("api:document-download", args=[world.members_doc.pk, "en"])
    assert partner_api.get(hidden).status_code == 404
    assert partner_api.get(reverse("api:document-download", args=[world.public_doc.pk, "ru"])).status_code == 404


def test_anonymous_gets_401_but_schema_docs_and_healthz_are_open(world):
    client = api_client()
    assert client.get(reverse("api:measure-list")).status_code == 401
    assert client.get(reverse("api:measure-list"))["WWW-Authenticate"] == "Token"
    assert client.get(reverse("api:schema")).status_code == 200
    assert client.get(reverse("api:docs")).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)


# --- the worked example of the README ---------------------------------------------------------------------------


def test_measures_by_dimension_with_their_coordinators(world, partner_system):
    _token, key = APIToken.objects.issue(user=partner_system, name="sync")
    client = api_client()
    response = client.get("/api/v1/measures/?dimension=economic", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["code"] for row in rows} == {"trade", "energy"}
    trade = next(row for row in rows if row["code"] == "trade")
    assert trade["dimension"] == "economic"
    assert trade["coordinators"] == [
        {"country": "KZ", "country_name": "Kazakhstan", "role": "coordinator", "start_on": "2020-01-01", "end_on": None}
    ]


def test_bearer_scheme_works_too(world, partner_system):
    _token, key = APIToken.objects.issue(user=partner_system, name="sync")
    response = api_client().get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


# --- filters, ordering, pagination ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/measures/?country=KZ", lambda w: {w.kz_measure.pk}),
        ("/api/v1/measures/?q=energy", lambda w: {w.in_measure.pk}),
        ("/api/v1/measures/?status=proposed", lambda w: set()),
        ("/api/v1/reports/?country=in", lambda w: {w.in_draft.pk, w.in_accepted.pk}),
        ("/api/v1/reports/?status=returned", lambda w: {w.kz_returned.pk}),
        ("/api/v1/reports/?measure=energy&status=draft", lambda w: {w.in_draft.pk}),
        ("/api/v1/reports/?dimension=military-political", lambda w: set()),
        ("/api/v1/decisions/?body=CSO", lambda w: {w.referred_decision.pk}),
        ("/api/v1/decisions/?country=KZ", lambda w: {w.kz_decision.pk}),
        ("/api/v1/decisions/?deadline_before=2021-12-31", lambda w: {w.kz_decision.pk, w.referred_decision.pk}),
        ("/api/v1/decisions/?deadline_before=2021-12-30", lambda w: set()),
        ("/api/v1/meetings/?body=swg", lambda w: {w.meeting.pk}),
        ("/api/v1/meetings/?start_after=2021-09-01", lambda w: {w.cso_meeting.pk}),
        ("/api/v1/activities/?measure=trade&country=KZ", lambda w: {w.kz_activity.pk}),
        ("/api/v1/activities/?start_before=2021-01-01", lambda w: set()),
        ("/api/v1/chairmanships/?country=KZ", lambda w: {w.chairs[2].pk}),
        ("/api/v1/agreements/?partner=unodc", lambda w: {w.agreement.pk}),
        ("/api/v1/initiatives/?sdg=16", lambda w: {w.initiative.pk}),
        ("/api/v1/coordinations/?country=IN", lambda w: {w.in_measure.coordinations.get().pk}),
    ],
)
def test_filters(world, staff_api, url, expected):
    assert ids(staff_api.get(url)) == expected(world)


def test_overdue_filters(world, staff_api, time_machine):
    time_machine.move_to(datetime.datetime(2022, 1, 15, tzinfo=datetime.UTC))
    overdue_reports = {world.kz_draft.pk, world.kz_returned.pk, world.in_draft.pk}
    assert ids(staff_api.get("/api/v1/reports/?overdue=true")) == overdue_reports
    assert ids(staff_api.get("/api/v1/decisions/?overdue=true")) == {
        world.kz_decision.pk,
        world.referred_decision.pk,
    }
    time_machine.move_to(datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC))
    assert ids(staff_api.get("/api/v1/reports/?overdue=true")) == set()


def test_updated_since_gives_only_rows_changed_since(world, staff_api):
    later = timezone.now() + datetime.timedelta(seconds=1)
    assert ids(staff_api.get("/api/v1/measures/", {"updated_since": later.isoformat()})) == set()
    world.kz_measure.save()  # touches `updated`
    since = world.kz_measure.updated.isoformat()
    assert ids(staff_api.get("/api/v1/measures/", {"updated_since": since})) == {world.kz_measure.pk}


def test_invalid_filter_value_is_a_400_in_the_error_shape(world, staff_api):
    response = staff_api.get("/api/v1/measures/", {"updated_since": "yesterday"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"updated_since"}


@pytest.mark.parametrize("path", ["/api/v1/documents/", "/api/v1/search/"])
def test_a_year_beyond_the_calendar_is_a_field_error_not_a_server_error(world, staff_api, path):
    response = staff_api.get(path, {"q": "summit", "year": "99999999999"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"year"}


def test_ordering(world, staff_api):
    codes = [r["code"] for r in staff_api.get("/api/v1/measures/?ordering=-code").json()["results"]]
    assert codes == sorted(codes, reverse=True)
    starts = [r["start_on"] for r in staff_api.get("/api/v1/meetings/?ordering=start_on").json()["results"]]
    assert starts == sorted(starts)


def test_pagination_is_bounded(db, staff_api):
    factories.MeasureFactory.create_batch(5)
    page = staff_api.get("/api/v1/measures/?page_size=2&page=2").json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"] and page["previous"]
    factories.MeasureFactory.create_batch(200)
    assert len(staff_api.get("/api/v1/measures/?page_size=500").json()["results"]) == 200


def test_chairmanship_troika(world, staff_api):
    middle = staff_api.get(reverse("api:chairmanship-detail", args=[world.chairs[1].pk])).json()
    assert middle["troika"] == {
        "previous": {"id": world.chairs[0].pk, "country": "TR"},
        "current": {"id": world.chairs[1].pk, "country": "CN"},
        "next": {"id": world.chairs[2].pk, "country": "KZ"},
    }
    first = staff_api.get("/api/v1/chairmanships/?ordering=start_on").json()["results"][0]
    assert first["troika"]["previous"] is None


def test_meeting_with_agenda_and_decision_lineage(world, staff_api):
    meeting = staff_api.get(reverse("api:meeting-detail", args=[world.meeting.pk])).json()
    assert [item["id"] for item in meeting["agenda"]] == [world.agenda_item.pk]
    decision = staff_api.get(reverse("api:decision-detail", args=[world.referred_decision.pk])).json()
    assert decision["referred_from"] == world.kz_decision.pk
    assert decision["lineage"] == [world.kz_decision.pk, world.referred_decision.pk]
    source = staff_api.get(reverse("api:decision-detail", args=[world.kz_decision.pk])).json()
    assert source["referred_to"] == [world.referred_decision.pk]


def test_detail_has_last_modified_and_honours_if_modified_since(world, staff_api):
    url = reverse("api:measure-detail", args=[world.kz_measure.pk])
    response = staff_api.get(url)
    assert response.status_code == 200
    assert staff_api.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


# --- writes -----------------------------------------------------------------------------------------------------


def test_coordinator_submits_a_draft_but_cannot_accept_it(world, kz_api):
    url = reverse("api:report-detail", args=[world.kz_draft.pk])
    response = kz_api.patch(url, {"status": "accepted"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    response = kz_api.patch(url, {"status": "submitted"}, format="json")
    assert response.status_code == 200, response.content
    world.kz_draft.refresh_from_db()
    assert world.kz_draft.status == ReportStatus.SUBMITTED and world.kz_draft.submitted_at is not None
    # submitted: now with the Secretariat, no longer editable by the coordinator
    assert kz_api.patch(url, {"narrative": "late edit"}, format="json").status_code == 403


def test_staff_accepts_a_submitted_report(world, staff_api, officer):
    url = reverse("api:report-detail", args=[world.kz_submitted.pk])
    assert staff_api.patch(url, {"status": "accepted"}, format="json").status_code == 200
    world.kz_submitted.refresh_from_db()
    assert world.kz_submitted.reviewed_by == officer
    response = staff_api.patch(url, {"status": "draft"}, format="json")
    assert response.status_code == 400, "accepted -> draft is not a transition"


def test_coordinator_cannot_change_another_countrys_report(world, in_api):
    url = reverse("api:report-detail", args=[world.kz_accepted.pk])
    response = in_api.patch(url, {"narrative": "Rewritten by India"}, format="json")
    assert response.status_code == 403
    world.kz_accepted.refresh_from_db()
    assert world.kz_accepted.narrative == "Progress made on the action plan."


def test_report_for_a_measure_the_country_does_not_coordinate_is_a_field_error(world, kz_api):
    body = {"measure": "energy", "country": "KZ", "period_start": "2021-01-01", "period_end": "2021-06-30"}
    response = kz_api.post(reverse("api:report-list"), body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid input."
    assert "country" in response.json()["errors"]
    assert not ImplementationReport.objects.filter(measure=world.in_measure, country=world.kz).exists()


def test_dates_out_of_order_are_a_field_error(world, kz_api):
    body = {"measure": "trade", "country": "KZ", "period_start": "2021-07-01", "period_end": "2021-01-31"}
    response = kz_api.post(reverse("api:report-list"), body, format="json")
    assert response.status_code == 400
    assert "period_end" in response.json()["errors"]


def test_duplicate_report_is_a_400_not_a_500(world, staff_api):
    body = {"measure": "trade", "country": "KZ", "period_start": "2021-01-01", "period_end": "2021-06-30"}
    response = staff_api.post(reverse("api:report-list"), body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_coordinator_updates_progress_of_a_decision_assigned_to_their_country(world, kz_api):
    url = reverse("api:decision-detail", args=[world.kz_decision.pk])
    response = kz_api.patch(url, {"progress": 70, "title": "Renamed"}, format="json")
    assert response.status_code == 200
    world.kz_decision.refresh_from_db()
    assert world.kz_decision.progress == 70
    assert world.kz_decision.title != "Renamed", "only progress and status are the coordinator's to change"
    assert kz_api.patch(url, {"status": "cancelled"}, format="json").status_code == 400


def test_partner_cannot_write_even_with_a_write_token(world, partner_system):
    client = token_client(partner_system, TokenScope.WRITE)
    response = client.patch(reverse("api:report-detail", args=[world.kz_accepted.pk]), {"progress": 1}, format="json")
    assert response.status_code == 403


def test_read_token_cannot_write(world, officer):
    client = token_client(officer, TokenScope.READ)
    response = client.patch(reverse("api:measure-detail", args=[world.kz_measure.pk]), {"title": "x"}, format="json")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_deleting_a_referenced_row_is_a_409(world, staff_api):
    response = staff_api.delete(reverse("api:measure-detail", args=[world.kz_measure.pk]))
    assert response.status_code in (409, 204)
    if response.status_code == 409:
        assert response.json()["detail"]


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("annex.pdf", b"%PDF-1.4 annex", 201),
        ("photo.png", b"\x89PNG\r\n\x1a\n....", 201),
        ("script.exe", b"MZ....", 400),
        ("fake.pdf", b"<html>", 400),
    ],
)
def test_report_attachment_types(world, kz_api, name, content, status):
    url = reverse("api:report-attachments", args=[world.kz_draft.pk])
    response = kz_api.post(url, {"file": SimpleUploadedFile(name, content), "title": "Annex"}, format="multipart")
    assert response.status_code == status, response.content
    assert world.kz_draft.attachments.count() == (1 if status == 201 else 0)


def test_attachment_size_is_limited(world, kz_api, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 10
    url = reverse("api:report-attachments", args=[world.kz_draft.pk])
    response = kz_api.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 too big")}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_attachment_download(world, kz_api):
    attachment = factories.ReportAttachmentFactory(report=world.kz_draft)
    response = kz_api.get(reverse("api:report-attachment-download", args=[world.kz_draft.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- tokens -----------------------------------------------------------------------------------------------------


def test_token_is_stored_hashed_and_last_use_recorded_at_most_once_a_minute(partner_system, time_machine):
    time_machine.move_to(datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
    token, key = APIToken.objects.issue(user=partner_system, name="sync")
    assert key not in (token.key_hash, token.prefix) and key.startswith(token.prefix + ".")
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/countries/").status_code == 200
    token.refresh_from_db()
    first_use = token.last_used_at
    time_machine.move_to(datetime.datetime(2024, 1, 1, 12, 0, 30, tzinfo=datetime.UTC), tick=False)
    client.get("/api/v1/countries/")
    token.refresh_from_db()
    assert token.last_used_at == first_use


@pytest.mark.parametrize("state", ["revoked", "expired", "wrong key"])
def test_unusable_tokens_are_refused(partner_system, state):
    token, key = APIToken.objects.issue(user=partner_system, name="sync")
    if state == "revoked":
        token.revoke()
    elif state == "expired":
        APIToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    else:
        key = key[:-2] + "xx"
    response = api_client().get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_issue_token_command_prints_the_key_once(partner_system, capsys):
    call_command("issue_token", user=partner_system.username, scope="write", name="UNODC sync", expires=30)
    key = capsys.readouterr().out.strip()
    token = APIToken.objects.get()
    assert token.scope == TokenScope.WRITE and token.expires_at > timezone.now()
    assert APIToken.objects.authenticate(key) == token


@pytest.mark.parametrize(
    ("options", "message"),
    [({"user": "nobody", "scope": "read"}, "No user named"), ({"user": "unodc-system", "scope": "admin"}, "scope")],
)
def test_issue_token_command_errors(partner_system, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("issue_token", name="x", **options)


def test_admin_shows_the_new_key_once(officer, client):
    sign_in(client, officer)
    response = client.post(
        reverse("admin:accounts_apitoken_add"),
        {"name": "UNODC sync", "user": officer.pk, "scope": "read"},
        follow=True,
    )
    token = APIToken.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    assert any(token.prefix + "." in m for m in shown)
    key = next(w for m in shown for w in m.split() if w.startswith(token.prefix + "."))
    assert APIToken.objects.authenticate(key) == token
    page = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert key not in page.content.decode()


# --- throttling and query counts --------------------------------------------------------------------------------


def test_throttled_token_gets_429(world, partner_api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "2/min", "anon": "2/min"}}
    statuses = [partner_api.get("/api/v1/countries/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert set(partner_api.get("/api/v1/countries/").json()) == {"detail", "errors"}


LIST_BUILDERS = {
    "measure": lambda n: [factories.CoordinationFactory().measure for _ in range(n)],
    "report": lambda n: [factories.ImplementationReportFactory(status="accepted") for _ in range(n)],
    "activity": lambda n: factories.ActivityFactory.create_batch(n),
    "meeting": lambda n: [factories.AgendaItemFactory().meeting for _ in range(n)],
    "document": lambda n: [factories.DocumentLanguageVersionFactory().document for _ in range(n)],
    "decision": lambda n: factories.DecisionFactory.create_batch(n),
    "chairmanship": lambda n: factories.ChairmanshipFactory.create_batch(n),
    "initiative": lambda n: factories.InitiativeFactory.create_batch(n),
    "jointactivity": lambda n: factories.JointActivityFactory.create_batch(n),
    "actionplan": lambda n: factories.ActionPlanFactory.create_batch(n),
}


def count_queries(client, url):
    client.get(url)  # the token's first use of the minute is recorded once; count a steady-state request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("resource", LIST_BUILDERS)
def test_list_costs_the_same_number_of_queries_for_3_and_30_rows(db, staff_api, resource):
    url = reverse(f"api:{resource}-list") + "?page_size=200"
    LIST_BUILDERS[resource](3)
    few = count_queries(staff_api, url)
    LIST_BUILDERS[resource](27)
    assert count_queries(staff_api, url) == few


def test_a_hundred_measures_with_coordinators_serialize_without_per_row_queries(
    db, staff_api, django_assert_max_num_queries
):
    for _ in range(100):
        factories.CoordinationFactory(measure=factories.CoordinationFactory().measure)
    staff_api.get("/api/v1/countries/")  # records the token's use
    with django_assert_max_num_queries(8):
        response = staff_api.get("/api/v1/measures/?page_size=100")
    assert len(response.json()["results"]) == 100
    assert all(len(row["coordinators"]) == 2 for row in response.json()["results"])


@pytest.mark.django_db
def test_a_status_patch_takes_the_workflow_step_with_its_effects():
    from rest_framework.test import APIClient

    from tests import factories

    older = factories.ActionPlanFactory(version=1)
    plan = factories.ActionPlanFactory(measure=older.measure, version=2, status="draft", approved_on=None)
    client = APIClient()
    client.force_authenticate(factories.SecretariatUserFactory())
    response = client.patch(f"/api/v1/action-plans/{plan.pk}/", {"status": "approved"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved" and response.json()["approved_on"] is not None
    older.refresh_from_db()
    assert older.status == "superseded"


@pytest.mark.django_db
def test_a_status_patch_outside_the_workflow_is_refused_naming_the_current_status_and_the_moves():
    from rest_framework.test import APIClient

    from tests import factories

    measure = factories.MeasureFactory(status="retired")
    client = APIClient()
    client.force_authenticate(factories.SecretariatUserFactory())
    response = client.patch(f"/api/v1/measures/{measure.pk}/", {"status": "proposed"})
    assert response.status_code == 400
    assert response.json()["errors"]["status"] == [
        "A measure cannot go from retired to proposed. It is retired; the moves open to you are: none for you."
    ]
    measure.refresh_from_db()
    assert measure.status == "retired"


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["cancelled", "superseded", "referred"])
def test_a_coordinator_cannot_undo_the_secretariats_decision_status(status, kz_coordinator):
    from rest_framework.test import APIClient

    from tests import factories

    decision = factories.DecisionFactory(
        responsible_party="member_state", responsible_country=kz_coordinator.country, status=status
    )
    client = APIClient()
    client.force_authenticate(kz_coordinator)
    response = client.patch(f"/api/v1/decisions/{decision.pk}/", {"status": "in_progress"})
    assert response.status_code == 403  # a closed decision is no longer the coordinator's to change
    decision.refresh_from_db()
    assert decision.status == status


@pytest.mark.django_db
def test_an_implemented_decision_is_100_percent_done_at_every_door(kz_coordinator):
    from rest_framework.test import APIClient

    from tests import factories

    decision = factories.DecisionFactory(responsible_party="member_state", responsible_country=kz_coordinator.country)
    client = APIClient()
    client.force_authenticate(kz_coordinator)
    response = client.patch(f"/api/v1/decisions/{decision.pk}/", {"status": "implemented", "progress": 10})
    assert response.status_code == 400
    assert "progress" in response.json()["errors"]
    response = client.patch(f"/api/v1/decisions/{decision.pk}/", {"status": "implemented", "progress": 100})
    assert response.status_code == 200 and response.json()["status"] == "implemented"


@pytest.mark.django_db
def test_staff_cannot_create_a_measure_already_adopted():
    from rest_framework.test import APIClient

    from tests import factories

    client = APIClient()
    client.force_authenticate(factories.SecretariatUserFactory())
    dimension = factories.DimensionFactory(code="economic")
    response = client.post(
        "/api/v1/measures/",
        {"code": "new-cbm", "dimension": dimension.code, "title": "A new measure", "status": "adopted"},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["status"][0].startswith("A measure cannot go from proposed to adopted.")


@pytest.mark.django_db
def test_a_new_report_cannot_skip_the_review_even_for_staff():
    from rest_framework.test import APIClient

    from measures.models import ImplementationReport
    from tests import factories

    coordination = factories.CoordinationFactory()
    client = APIClient()
    client.force_authenticate(factories.SecretariatUserFactory())
    payload = {
        "measure": coordination.measure.code,
        "country": coordination.country.iso2,
        "period_start": "2021-01-01",
        "period_end": "2021-06-30",
        "narrative": "Done.",
        "status": "accepted",
    }
    response = client.post("/api/v1/reports/", payload, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    assert not ImplementationReport.objects.exists()
    assert client.post("/api/v1/reports/", {**payload, "status": "submitted"}, format="json").status_code == 201

"""Hostile input answers 4xx in the usual error shape: JSON {"detail", "errors"} under /api/, styled pages elsewhere."""

import datetime

import icalendar
import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.tokens import APIToken
from portal.models import CalendarToken
from secretariat.models import Meeting
from tests import factories
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(officer):
    _token, key = APIToken.objects.issue(user=officer, name="fuzz", scope="write")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def coordinator(client, kz_coordinator):
    return sign_in(client, kz_coordinator)


def assert_api_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


def assert_error_page(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in html  # the portal's layout, not Django's
    return html


# --- NUL bytes -------------------------------------------------------------------------------------------------


def test_a_nul_in_the_calendar_feed_address_is_a_bad_request():
    html = assert_error_page(Client().get("/portal/calendar/%00.ics"), 400)
    assert "NUL" in html


def test_a_nul_in_an_admin_filter_is_a_bad_request(client, officer):
    assert_error_page(sign_in(client, officer).get("/admin/measures/implementationreport/?status__exact=%00"), 400)


def test_a_nul_in_an_api_query_is_a_json_bad_request(api):
    assert_api_error(api.get("/api/v1/reports/?q=%00"), 400)


def test_a_nul_in_a_cookie_is_a_bad_request():
    client = Client()
    client.cookies["sessionid"] = "abc\x00def"
    assert_error_page(client.get("/portal/login/"), 400)


def test_a_nul_in_a_json_field_is_a_field_error(api):
    meeting = factories.MeetingFactory()
    response = api.patch(f"/api/v1/meetings/{meeting.pk}/", {"venue": "x\x00y"}, content_type="application/json")
    body = assert_api_error(response, 400)
    assert "venue" in body["errors"]


# --- the calendar ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1989-12", "2101-01", "2025-13", "2025", "abc", "2025-00"])
def test_a_month_out_of_range_or_malformed_is_a_bad_request(coordinator, month):
    html = assert_error_page(coordinator.get(f"/portal/calendar/?month={month}"), 400)
    assert "YYYY-MM" in html


@pytest.mark.parametrize("month", ["1990-01", "2100-12"])
def test_the_first_and_last_months_in_range_show(coordinator, month):
    assert coordinator.get(f"/portal/calendar/?month={month}").status_code == 200


def test_a_meeting_ending_in_year_9999_is_refused_with_a_field_message(api):
    body = factories.MeetingBodyFactory(code="SWG")
    payload = {"body": body.code, "number": 7, "start_on": "2025-01-01", "end_on": "9999-12-31"}
    errors = assert_api_error(api.post("/api/v1/meetings/", payload, content_type="application/json"), 400)["errors"]
    assert errors == {"end_on": ["Enter a date between the years 1990 and 2100."]}
    assert not Meeting.objects.exists()


def test_the_admin_refuses_a_date_out_of_range_on_the_form(client, officer):
    body = factories.MeetingBodyFactory(code="SWG")
    response = sign_in(client, officer).post(
        "/admin/secretariat/meeting/add/",
        {"body": body.pk, "number": 3, "start_on": "2025-01-01", "end_on": "9999-12-31", "status": "planned"},
    )
    assert response.status_code == 200
    assert "Enter a date between the years 1990 and 2100." in response.content.decode()
    assert not Meeting.objects.exists()


def test_every_model_refuses_dates_out_of_range():
    """One rule in core (DomainModel), not one per model: every date and date-time field of every domain model."""
    from django.apps import apps
    from django.db import models

    from core.models import DomainModel, SaneDatesMixin

    checked = []
    for model in apps.get_models():
        if not issubclass(model, SaneDatesMixin):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add):
                instance = model()
                value = (
                    datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)
                    if isinstance(field, models.DateTimeField)
                    else datetime.date(1, 1, 1)
                )
                setattr(instance, field.attname, value)
                with pytest.raises(Exception) as error:  # noqa: B017, PT011 - asserted on the message dict below
                    instance.clean_fields()
                assert field.name in error.value.message_dict, (model, field.name)
                checked.append(f"{model._meta.label}.{field.name}")
    assert len(checked) >= 30
    assert all(issubclass(model, SaneDatesMixin) for model in apps.get_models() if issubclass(model, DomainModel))


def test_an_old_row_ending_in_year_9999_does_not_break_anyones_calendar_feed(kz_coordinator, officer):
    meeting = factories.MeetingFactory(start_on=datetime.date.today(), end_on=datetime.date.today())
    Meeting.objects.filter(pk=meeting.pk).update(end_on=datetime.date(9999, 12, 31))  # written before the rule
    for user in (kz_coordinator, officer):
        token = CalendarToken.objects.for_user(user)
        response = Client().get(reverse("portal:calendar_feed", args=[token.token]))
        assert response.status_code == 200
        icalendar.Calendar.from_ical(response.content)
    assert sign_in(Client(), kz_coordinator).get("/portal/calendar/").status_code == 200


# --- bodies ----------------------------------------------------------------------------------------------------


def test_json_nested_100000_deep_is_a_bad_request(api):
    deep = "[" * 100_000 + "]" * 100_000
    assert_api_error(api.post("/api/v1/reports/", deep, content_type="application/json"), 400)


def test_json_nested_a_little_too_deep_is_a_bad_request(api):
    deep = '{"a":' * 40 + "1" + "}" * 40
    body = assert_api_error(api.post("/api/v1/reports/", deep, content_type="application/json"), 400)
    assert "nested too deeply" in body["detail"]


def test_a_body_over_the_size_limit_is_a_json_bad_request(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = '{"narrative": "' + "x" * 2000 + '"}'
    body = assert_api_error(api.post("/api/v1/reports/", big, content_type="application/json"), 400)
    assert "too large" in body["detail"]
    form = assert_api_error(api.post("/api/v1/reports/", {"narrative": "x" * 2000}), 400)
    assert form["detail"]


def test_malformed_json_and_an_unknown_charset_are_bad_requests(api):
    assert_api_error(api.post("/api/v1/reports/", b"{nope", content_type="application/json"), 400)
    response = api.generic("POST", "/api/v1/reports/", b"{}", content_type="application/json; charset=no-such-charset")
    assert_api_error(response, 400)


# --- everything under /api/ is JSON ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/nosuch/", "/api/v1/reports/1.5/", "/api/v1/reports/abc/", "/api/v2/", "/api/v1/reports/999/"]
)
def test_unknown_paths_and_malformed_ids_under_the_api_are_json_404s(api, path):
    assert_api_error(api.get(path), 404)


def test_download_errors_are_json_even_when_a_file_was_asked_for(api):
    response = api.get("/api/v1/documents/999/download/en/", HTTP_ACCEPT="application/octet-stream")
    assert_api_error(response, 404)
    report = factories.ImplementationReportFactory()
    response = api.get(f"/api/v1/reports/{report.pk}/attachments/999/download/", HTTP_ACCEPT="application/octet-stream")
    assert_api_error(response, 404)


def test_a_refused_csrf_token_under_the_api_is_json(officer):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, officer)
    assert_api_error(client.post("/api/v1/meetings/", {}, content_type="application/json"), 403)


def test_server_errors_under_the_api_are_json(api, monkeypatch):
    from core.views import errors

    request = Client().get("/api/v1/").wsgi_request
    response = errors.server_error(request)
    assert response.status_code == 500 and response["Content-Type"] == "application/json"


# --- everywhere else: styled pages -----------------------------------------------------------------------------


def test_portal_and_admin_errors_are_the_styled_pages(coordinator, officer):
    assert_error_page(coordinator.get("/portal/no-such-page/"), 404)
    assert_error_page(Client().get("/portal/no-such-page/"), 404)
    assert_error_page(sign_in(Client(), officer).get("/admin/no-such-app/"), 404)


def test_a_refused_csrf_token_is_the_styled_403_page(kz_coordinator):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, kz_coordinator)
    html = assert_error_page(client.post("/portal/calendar/subscribe/"), 403)
    assert "reload the page" in html


def test_the_server_error_page_renders_without_a_request():
    from core.views import errors

    request = Client().get("/portal/").wsgi_request
    response = errors.server_error(request)
    assert response.status_code == 500 and b"Something went wrong" in response.content


# --- admin filters ---------------------------------------------------------------------------------------------

HOSTILE_FILTERS = [
    "status__exact=%00",
    "status__exact=nonsense",
    "id__exact=99999999999999999999999",
    "id__in=1,a",
    "progress__gte=abc",
    "start_on__gte=99999-01-01",
    "start_on__year=99999",
    "updated__gte=not-a-date",
    "nosuchfield=1",
    "o=999",
    "p=abc",
    "q=" + "x" * 2000,
]


# Changelists with every kind of filter: choices, dates, date hierarchy, integers, foreign keys, booleans.
FILTERED_ADMINS = [
    "measures.implementationreport",
    "measures.activity",
    "secretariat.meeting",
    "secretariat.decision",
    "accounts.user",
    "accounts.apitoken",
    "axes.accessattempt",
]


@pytest.mark.parametrize("query", HOSTILE_FILTERS)
def test_admin_changelists_answer_hostile_filters_without_a_server_error(client, officer, query):
    staff = sign_in(client, officer)
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(FILTERED_ADMINS) <= registered
    for label in FILTERED_ADMINS:
        url = reverse(f"admin:{label.replace('.', '_')}_changelist")
        response = staff.get(f"{url}?{query}")
        assert response.status_code < 500, (url, query)
        assert response.status_code in (200, 302, 400), (url, query, response.status_code)

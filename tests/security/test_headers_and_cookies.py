"""A strict Content-Security-Policy on every page, pages that need no inline script or style, and safe cookies."""

import re

import pytest
from django.test import Client

from tests.conftest import sign_in
from tests.portal.conftest import catalogue  # noqa: F401 - the portal tests' small Catalogue, shared here

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_portal_answers_with_a_strict_policy(client, kz_coordinator):
    for response in (client.get("/portal/login/"), sign_in(client, kz_coordinator).get("/portal/")):
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"]
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_admin_runs_under_the_same_policy_but_its_history_pages_allow_style_attributes(client, officer):
    from tests import factories

    sign_in(client, officer)
    assert directives(client.get("/admin/")) == directives(client.get("/portal/"))
    measure = factories.MeasureFactory()
    policy = directives(client.get(f"/admin/measures/measure/{measure.pk}/history/"))
    assert policy["style-src-attr"] == ["'unsafe-inline'"]  # django-simple-history's template writes one
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]


def test_error_pages_and_the_api_carry_the_policy_too(client):
    assert "script-src 'self'" in client.get("/portal/no-such-page/")["Content-Security-Policy"]
    assert "script-src 'self'" in client.get("/api/v1/countries/")["Content-Security-Policy"]


@pytest.fixture
def pages(catalogue, kz_coordinator, officer):  # noqa: F811
    from measures.choices import ReportStatus
    from tests import factories

    report = catalogue["kz_draft"]
    factories.ImplementationReportFactory(
        measure=catalogue["kz_measure"],
        country=kz_coordinator.country,
        status=ReportStatus.RETURNED,
        period_start=report.period_end.replace(year=2022),
        period_end=report.period_end.replace(year=2022),
        feedback="Please add figures.",
    )
    return [
        "/portal/",
        "/portal/dimensions/",
        f"/portal/dimensions/{catalogue['dimension'].pk}/",
        "/portal/measures/",
        f"/portal/measures/{catalogue['kz_measure'].pk}/",
        "/portal/reports/",
        f"/portal/reports/{report.pk}/",
        f"/portal/reports/{report.pk}/edit/",
        f"/portal/measures/{catalogue['kz_measure'].pk}/reports/new/",
        "/portal/activities/",
        f"/portal/plans/{catalogue['kz_plan'].pk}/activities/new/",
        f"/portal/activities/{catalogue['kz_activity'].pk}/edit/",
        "/portal/meetings/",
        f"/portal/meetings/{catalogue['meeting'].pk}/",
        "/portal/calendar/?month=2030-06",
        "/portal/calendar/subscribe/",
        "/portal/decisions/",
        f"/portal/decisions/{catalogue['kz_decision'].pk}/",
        f"/portal/decisions/{catalogue['kz_decision'].pk}/edit/",
        "/portal/chairmanships/",
        "/portal/partners/",
        "/portal/account/",
        "/portal/account/password/",
        "/portal/account/two-factor/setup/",
        "/notifications/preferences/",
        "/portal/no-such-page/",
    ]


def test_portal_pages_have_no_inline_style_script_or_event_handler(client, kz_coordinator, pages):
    sign_in(client, kz_coordinator)
    seen = 0
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        html = response.content.decode()
        assert not INLINE_STYLE.search(html), (path, INLINE_STYLE.search(html).group(0))
        assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html).group(0))
        assert not EVENT_HANDLER.search(html), (path, EVENT_HANDLER.search(html).group(0))
        seen += 1
    anonymous = Client()
    for path in ("/portal/login/", "/portal/password-reset/", "/portal/password-reset/sent/"):
        html = anonymous.get(path).content.decode()
        assert not (INLINE_STYLE.search(html) or INLINE_SCRIPT.search(html) or EVENT_HANDLER.search(html)), path
    assert seen == len(pages)


def test_staff_pages_have_no_inline_style_either(client, officer, pages):
    sign_in(client, officer)
    for path in pages:
        html = client.get(path).content.decode()
        assert not INLINE_STYLE.search(html), path


def test_every_cookie_is_secure_and_same_site_in_production(settings, kz_coordinator):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = settings.LANGUAGE_COOKIE_SECURE = True
    client = Client()
    client.get("/portal/login/")  # the CSRF cookie
    client.post("/portal/login/", {"username": "coord-kz", "password": "correct-horse-battery"})  # the session
    client.post("/i18n/setlang/", {"language": "ru", "next": "/portal/"})  # the language
    names = set()
    for name, morsel in client.cookies.items():
        names.add(name)
        assert morsel["secure"], name
        assert morsel["samesite"] == "Lax", name
    assert {"csrftoken", "sessionid", "django_language"} <= names


def test_the_forwarded_proto_header_is_ignored_without_a_trusted_proxy(settings):
    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert settings.SECURE_PROXY_SSL_HEADER is None
    assert not request.is_secure()

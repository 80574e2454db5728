"""GET /healthz: what a load balancer or a container healthcheck asks. 200 when every configured dependency
answers, 503 otherwise, and the JSON body says which one failed."""

import os

import pytest
from django.db import connection

from tests.conftest import service_missing

CLOSED_REDIS_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def without_redis(settings):
    settings.REDIS_URL = ""


def test_reports_ok_with_the_database_and_redis_not_configured(client, db, without_redis):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": {"status": "ok", "vendor": connection.vendor},
        "redis": {"status": "not configured"},
    }


def test_answers_plain_http_although_other_pages_redirect_to_https(client, db, settings, without_redis):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/admin/").status_code == 301
    assert client.get("/admin/")["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200


def test_is_never_cached(client, db, without_redis):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_only_answers_get(client, db, without_redis):
    assert client.post("/healthz").status_code == 405


def test_unreachable_redis_is_an_error(client, db, settings):
    settings.REDIS_URL = CLOSED_REDIS_PORT
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["redis"]["status"] == "error"
    assert body["redis"]["detail"] == "ConnectionError"
    assert body["database"]["status"] == "ok"


def test_unusable_database_is_an_error(client, db, monkeypatch, without_redis):
    class UnusableConnection:
        vendor = connection.vendor

        def cursor(self):
            raise connection.Database.OperationalError("server closed the connection")

    monkeypatch.setattr("core.views.health.connection", UnusableConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == {"status": "error", "detail": "OperationalError"}


def test_reports_redis_ok_when_redis_is_configured(client, db, settings):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        service_missing("REDIS_URL is not set")
    settings.REDIS_URL = redis_url
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["redis"] == {"status": "ok"}

"""CI runs the suite against the real services of production: PostgreSQL and Redis. Locally (SQLite, no Redis)
these skip; with CI=true or REQUIRE_SERVICES=true a missing service fails the run."""

import os

import pytest
import redis
from django.db import connection

from tests.conftest import REQUIRE_SERVICES, service_missing

pytestmark = pytest.mark.services


def test_database_is_postgresql(db):
    if connection.vendor != "postgresql":
        service_missing(f"DATABASE_URL does not name PostgreSQL (the suite runs on {connection.vendor})")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (version,) = cursor.fetchone()
    assert int(version) >= 150000


def test_redis_answers_ping_at_redis_url():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        service_missing("REDIS_URL is not set")
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=5, socket_timeout=5)
    assert client.ping() is True


def test_celery_uses_redis_as_its_broker_when_redis_is_configured(settings):
    if not os.environ.get("REDIS_URL"):
        service_missing("REDIS_URL is not set")
    from cica_portal.celery import app

    assert app.conf.broker_url == settings.REDIS_URL
    assert app.conf.task_always_eager is False


def test_services_are_required_in_ci():
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        assert REQUIRE_SERVICES

"""Personas and service guards shared by the whole suite.

With CI=true (or REQUIRE_SERVICES=true) a test that needs PostgreSQL, Redis or the browser fails when the
service is missing instead of being skipped, so CI can never pass by skipping.
"""

import os

import pytest

from tests import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES", os.environ.get("CI", "")).lower() in ("1", "true", "yes")


def service_missing(reason):
    """Skip locally, fail in CI."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _request_metrics_made_once():
    """django-prometheus makes its request metrics when its middleware is first loaded, without a lock. A server
    loads the middleware once, at start-up; Django's test client loads it per client, so threads firing requests at
    once (the concurrency tests) could register the same metric twice (DuplicateTimeseries) in a worker whose first
    requests they are. Made here, once, as a server would."""
    from django_prometheus.middleware import PrometheusAfterMiddleware, PrometheusBeforeMiddleware

    PrometheusBeforeMiddleware.metrics_cls.get_instance()
    PrometheusAfterMiddleware.metrics_cls.get_instance()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploads go to a temporary folder; pages render without collectstatic and without the HTTPS redirect."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; only for tests
    # A fresh in-process cache per test: parallel workers must not share throttle counters or debounce keys
    # through the one Redis that CI also uses as Celery's broker.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}
    }


@pytest.fixture
def tasks_in_process():
    """Celery tasks (and the tasks they queue) run in-process, even when CI points Celery at a real broker."""
    from cica_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def kazakhstan(db):
    return factories.CountryFactory(iso2="KZ", name="Kazakhstan", name_ru="Казахстан")


@pytest.fixture
def india(db):
    return factories.CountryFactory(iso2="IN", name="India", name_ru="Индия", subregion="southern_asia")


@pytest.fixture
def officer(db):
    """A Secretariat officer as staff are set up: staff, in the "Secretariat officers" group, not a superuser (so a
    missing admin permission shows). Sees and changes everything the portal's rules give staff."""
    return factories.SecretariatUserFactory(username="officer")


@pytest.fixture
def superuser(db):
    """Only for tests about what a superuser may do that an officer may not."""
    return factories.SecretariatUserFactory(username="root", is_superuser=True)


@pytest.fixture
def kz_coordinator(kazakhstan):
    return factories.CoordinatorFactory(username="coord-kz", country=kazakhstan)


@pytest.fixture
def in_coordinator(india):
    return factories.CoordinatorFactory(username="coord-in", country=india)


@pytest.fixture
def kz_focal_point(kazakhstan):
    """Acts for Kazakhstan in the meeting cycle and nothing else (not a coordinator of measures)."""
    return factories.FocalPointFactory(username="fp-kz", country=kazakhstan)


@pytest.fixture
def in_focal_point(india):
    return factories.FocalPointFactory(username="fp-in", country=india)


@pytest.fixture
def partner_system(db):
    return factories.ServiceAccountFactory(username="unodc-system")


# One client per persona and door, defined once: a browser session (portal and admin) or an API token.


def signed_in(user):
    """A new browser-like client signed in as `user` (several may be used in one test)."""
    from django.test import Client

    return sign_in(Client(), user)


@pytest.fixture
def staff_client(officer):
    return signed_in(officer)


@pytest.fixture
def kz_client(kz_coordinator):
    return signed_in(kz_coordinator)


@pytest.fixture
def in_client(in_coordinator):
    return signed_in(in_coordinator)


def token_client(user, scope=None):
    """An API client presenting a new token of `user` (write scope unless given), as a partner system would."""
    from rest_framework.test import APIClient

    from accounts.tokens import APIToken, TokenScope

    _token, key = APIToken.objects.issue(user=user, name=f"{user.username} test", scope=scope or TokenScope.WRITE)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.key = key
    return client


@pytest.fixture
def staff_api(officer):
    return token_client(officer)


@pytest.fixture
def kz_api(kz_coordinator):
    return token_client(kz_coordinator)


@pytest.fixture
def in_api(in_coordinator):
    return token_client(in_coordinator)


@pytest.fixture
def partner_api(partner_system):
    from accounts.tokens import TokenScope

    return token_client(partner_system, TokenScope.READ)


def sign_in(client, user):
    """Sign `user` in on a test client as far as they can go: staff also pass the second factor.

    Staff need a verified second factor for the admin and the portal (accounts.middleware); this gives the persona
    an authenticator app and marks the session as verified by it, exactly as the second sign-in step does.
    """
    client.force_login(user)
    if user.needs_second_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="test persona's app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def redis_server(settings):
    """A private redis-server as the broker and the cache, which the test may stop and start (tests/redisserver.py)."""
    from tests.redisserver import serve_as_broker_and_cache

    yield from serve_as_broker_and_cache(settings)

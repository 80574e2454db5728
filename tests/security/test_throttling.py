"""One trusted-proxy setting decides the client's address: for throttles, lockouts and logs alike."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.test import APIClient

from accounts.tokens import APIToken
from core.addresses import client_address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def address(settings, proxies, remote="10.0.0.2", forwarded=None):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    assert address(settings, 0, forwarded="203.0.113.9") == "10.0.0.2"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    assert address(settings, 1, forwarded="6.6.6.6, 203.0.113.9") == "203.0.113.9"


def test_behind_two_proxies_the_client_is_the_second_from_the_right(settings):
    assert address(settings, 2, forwarded="6.6.6.6, 203.0.113.9, 10.0.0.7") == "203.0.113.9"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_a_missing_or_broken_header_falls_back_to_the_connecting_address(settings, forwarded):
    assert address(settings, 1, forwarded=forwarded) == "10.0.0.2"


def test_rotating_x_forwarded_for_does_not_escape_the_anonymous_throttle(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "5/hour", "user": None}}
    client = APIClient(REMOTE_ADDR="203.0.113.50")
    statuses = [client.get("/api/v1/countries/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(8)]
    assert statuses[:5] == [401] * 5  # anonymous readers are refused; they are counted all the same
    assert statuses[5:] == [429] * 3


def test_behind_the_proxy_each_real_client_has_its_own_bucket(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "2/hour", "user": None}}
    proxy = APIClient(REMOTE_ADDR="10.0.0.2")
    first = [proxy.get("/api/v1/countries/", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code for _ in range(3)]
    other = proxy.get("/api/v1/countries/", HTTP_X_FORWARDED_FOR="evil, 203.0.113.2").status_code
    assert first == [401, 401, 429]
    assert other == 401


def test_invalid_tokens_are_throttled_per_client_address_but_a_valid_token_still_works(partner_system):
    _token, key = APIToken.objects.issue(user=partner_system, name="sync")
    client = APIClient(REMOTE_ADDR="203.0.113.60")
    statuses = [
        client.get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Token {n:08x}.guess").status_code for n in range(12)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429] * 2
    refused = client.get("/api/v1/countries/", HTTP_AUTHORIZATION="Token 0000ffff.another-guess")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"] and refused.json()["errors"] == {}
    assert client.get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_a_hundred_bad_tokens_from_one_address_leave_a_valid_token_working(partner_system):
    _token, key = APIToken.objects.issue(user=partner_system, name="sync")
    prefix = key.partition(".")[0]
    client = APIClient(REMOTE_ADDR="203.0.113.63")
    guesses = [f"Token {prefix}.wrong-{n}" if n % 2 else f"Token {n:08x}.wrong" for n in range(100)]
    statuses = [client.get("/api/v1/countries/", HTTP_AUTHORIZATION=guess).status_code for guess in guesses]
    assert set(statuses[:10]) == {401} and set(statuses[10:]) == {429}  # the attacker is held back
    assert client.get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_bad_keys_naming_one_prefix_are_counted_for_that_prefix_from_any_address(partner_system):
    _token, key = APIToken.objects.issue(user=partner_system, name="sync")
    prefix = key.partition(".")[0]
    statuses = [
        APIClient(REMOTE_ADDR=f"198.51.100.{n}").get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Token {prefix}.x{n}")
        for n in range(11)
    ]
    assert [r.status_code for r in statuses] == [401] * 10 + [429]
    other_prefix = APIClient(REMOTE_ADDR="198.51.100.200").get("/api/v1/countries/", HTTP_AUTHORIZATION="Token 1.x")
    assert other_prefix.status_code == 401  # a new address with another prefix is not held back
    right = APIClient(REMOTE_ADDR="198.51.100.201").get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Token {key}")
    assert right.status_code == 200


def test_malformed_token_headers_count_as_invalid_tokens():
    client = APIClient(REMOTE_ADDR="203.0.113.62")
    statuses = [client.get("/api/v1/countries/", HTTP_AUTHORIZATION="Token a b c").status_code for _ in range(11)]
    assert statuses[-1] == 429

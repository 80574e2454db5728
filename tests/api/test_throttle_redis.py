"""With Redis as the cache (production), a throttle costs one round trip and keeps DRF's sliding window: the limit
within the window, 429 with Retry-After beyond it, the window sliding on; Redis down lets requests through."""

import pytest
from redis.client import Redis

from core.cache import FailOpenRedisCache
from tests.conftest import service_missing
from tests.redisserver import PrivateRedis

pytestmark = pytest.mark.services


@pytest.fixture
def redis_cache(settings):
    try:
        server = PrivateRedis().start()
    except FileNotFoundError:
        service_missing("redis-server needed")
    timeouts = {"socket_timeout": 1, "socket_connect_timeout": 1}
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": server.url, "OPTIONS": timeouts}
    }
    yield server
    server.stop()


@pytest.fixture
def commands(monkeypatch):
    """The commands each request sends to Redis."""
    sent = []
    original = Redis.execute_command

    def counting(client, *args, **options):
        sent.append(args[0])
        return original(client, *args, **options)

    monkeypatch.setattr(Redis, "execute_command", counting)
    return sent


def test_the_limit_holds_in_one_round_trip_a_request(redis_cache, partner_api, settings, commands, time_machine):
    time_machine.move_to("2026-06-01 12:00:00", tick=False)
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "3/minute"}}
    statuses = []
    for _ in range(4):
        commands.clear()
        statuses.append(partner_api.get("/api/v1/dimensions/").status_code)
    assert statuses == [200, 200, 200, 429]
    assert commands.count("EVALSHA") == 1 and "GET" not in commands and "SET" not in commands
    refused = partner_api.get("/api/v1/dimensions/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 60
    time_machine.move_to("2026-06-01 12:00:40", tick=False)
    assert int(partner_api.get("/api/v1/dimensions/")["Retry-After"]) == 20
    time_machine.move_to("2026-06-01 12:01:01", tick=False)  # the first three fell out of the window
    assert partner_api.get("/api/v1/dimensions/").status_code == 200


def test_with_redis_down_the_request_is_let_through(redis_cache, partner_api, caplog, monkeypatch):
    monkeypatch.setattr(FailOpenRedisCache, "_last_warning", float("-inf"))  # not silenced by an earlier warning
    redis_cache.stop()
    assert partner_api.get("/api/v1/dimensions/").status_code == 200
    assert "cache unavailable" in caplog.text

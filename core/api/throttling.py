"""Rate limits per token (or per signed-in user) and per anonymous address; rates live in settings.REST_FRAMEWORK.

A client is identified by its address as core.addresses reads it (settings.TRUSTED_PROXY_COUNT), so a rotating
X-Forwarded-For header does not open a fresh bucket.

DRF keeps each client's request times as one list in the cache: every request reads the list and writes it back,
two round trips carrying up to the whole rate's worth of times (5,000 an hour). With Redis as the cache (as in
production), the same sliding window is one sorted set and one script: the expired times are dropped, the request
counted and the set's expiry renewed in a single round trip. Redis unavailable: the request is let through (the
cache fails open, core.cache).
"""

import logging
import secrets

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.commands.core import Script
from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from core.addresses import client_address

logger = logging.getLogger(__name__)

# KEYS[1]: the client's set of request times. ARGV: now, the window (seconds), the limit, a unique member.
# Returns {allowed, requests in the window (this one included when allowed), the oldest time in the window}.
SLIDING_WINDOW = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < tonumber(ARGV[3]) then
    redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
    redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2])))
    count = count + 1
    allowed = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {allowed, count, oldest[2] or ARGV[1]}
"""
SCRIPT = Script(None, SLIDING_WINDOW.encode())  # run with each request's client (evalsha: one round trip)


def redis_cache():
    """The default cache when it is Redis, else None (an in-process cache: DRF's throttle, no round trip at all)."""
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


class RatesFromSettings:
    """Read the rate on each request, so changing the settings (e.g. in a test) takes effect at once."""

    def __init__(self):
        pass  # DRF reads the rate at construction; here it is read in allow_request

    def read_rate(self):
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return False
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return True

    def allow_request(self, request, view):
        if not self.read_rate():
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        backend = redis_cache()
        if backend is None:
            return super().allow_request(request, view)
        self.now = self.timer()
        key = backend.make_and_validate_key(self.key)
        try:
            allowed, count, oldest = SCRIPT(
                keys=[key],
                args=[repr(self.now), self.duration, self.num_requests, secrets.token_hex(8)],
                client=backend._cache.get_client(key, write=True),
            )
        except (RedisError, OSError) as exc:
            if hasattr(backend, "_unavailable"):
                backend._unavailable("throttle", exc)  # logged at most once a minute (core.cache)
            else:
                logger.warning("cache unavailable, the request is let through: %s", exc)
            return True
        # What DRF's wait() reads: the times in the window, the oldest last.
        self.history = [self.now] * (int(count) - 1) + [float(oldest)]
        return bool(allowed)

    def get_ident(self, request):
        return client_address(request)


class TokenRateThrottle(RatesFromSettings, SimpleRateThrottle):
    """One bucket per API token; a session user has one bucket per user."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # anonymous requests are limited by AnonymousRateThrottle
        token = getattr(request.auth, "pk", None)
        ident = f"token-{token}" if token else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(RatesFromSettings, AnonRateThrottle):
    scope = "anon"


class InvalidTokenThrottle(RatesFromSettings, SimpleRateThrottle):
    """Failed token authentications, counted per client address and per presented key prefix.

    Authentication runs before DRF's throttles, so the token authentication asks this throttle itself, and only
    about keys that failed: a valid token is always accepted (one person's typos, or an attacker, behind a shared
    address must not lock out every partner system there), while an address or a key prefix that has sent too many
    invalid keys gets 429 with Retry-After for its next invalid ones instead of 401. Keys are 256-bit secrets, so
    this is about noise and load, not guessing: a right key is no guess.
    """

    scope = "invalid_token"

    def __init__(self, ident):
        super().__init__()
        self.ident = ident

    @classmethod
    def for_request(cls, request, prefix=None):
        """The throttles a failure counts against: the client's address, and the key prefix when one was sent."""
        throttles = [cls(f"address-{client_address(request)}")]
        if prefix:
            throttles.append(cls(f"prefix-{prefix[:16]}"))
        return throttles

    def get_cache_key(self, request=None, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}

    def _load(self):
        if not self.read_rate():
            return False
        self.key = self.get_cache_key()
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return True

    def record_failure(self):
        """Count one invalid key; True when this ident has now sent more than its rate allows. Only the newest
        failures that matter are kept, so a flood does not grow the cache entry."""
        if not self._load():
            return False
        self.history = [self.now, *self.history][: self.num_requests + 1]
        self.cache.set(self.key, self.history, self.duration)
        return len(self.history) > self.num_requests

    def retry_after(self):
        """Seconds until the oldest failure still counted leaves the window."""
        return max(self.duration - (self.now - self.history[-1]), 1)


def refuse_invalid_token(request, prefix, message):
    """Count an invalid key against its address and prefix: 429 once either is over its rate, else 401 `message`."""
    throttles = InvalidTokenThrottle.for_request(request, prefix)
    exhausted = [throttle for throttle in throttles if throttle.record_failure()]
    if exhausted:
        raise exceptions.Throttled(max(throttle.retry_after() for throttle in exhausted))
    raise exceptions.AuthenticationFailed(message)

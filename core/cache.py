"""A Redis cache that fails open: Redis helps the web process, it is never a reason for an error page.

With Redis down or not answering within REDIS_TIMEOUT, a read misses (returns the default), a write or delete is
dropped and `add` answers False; a warning is logged at most once a minute. API throttles therefore allow the
request (fail open), and a debounce key simply is not set. `/healthz` and `/readyz` report Redis as down ("degraded").
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY_SECONDS = 60

# What a cache method answers when Redis is unavailable.
FALLBACKS = {
    "add": False,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "set_many": [],
    "delete_many": None,
    "has_key": False,
    "clear": None,
}


class FailOpenRedisCache(RedisCache):
    _last_warning = 0.0

    def _unavailable(self, operation, exc):
        now = time.monotonic()
        if now - FailOpenRedisCache._last_warning >= LOG_EVERY_SECONDS:
            FailOpenRedisCache._last_warning = now
            logger.warning("cache unavailable, carrying on without it (%s): %s", operation, exc)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except (RedisError, OSError) as exc:
            self._unavailable("get", exc)
            return default

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except (RedisError, OSError) as exc:
            self._unavailable("incr", exc)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from exc


def _fail_open(name, fallback):
    method = getattr(RedisCache, name)

    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as exc:
            self._unavailable(name, exc)
            return fallback.copy() if isinstance(fallback, dict | list) else fallback

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


for _name, _fallback in FALLBACKS.items():
    setattr(FailOpenRedisCache, _name, _fail_open(_name, _fallback))

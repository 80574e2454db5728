"""A counter in the cache: at most N events per window for one key (e.g. password reset emails per address).

A fixed window is enough where the point is to stop a flood, not to shape traffic. When the cache cannot be
reached the event is allowed (and logged): the portal keeps working without its cache.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """'3/hour' -> (3, 3600); the period is read from its first letter (s, m, h, d), as DRF does."""
    count, _slash, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[0].lower()]


def take(scope, ident, rate):
    """Count one event for `ident` in `scope`; True while the count stays within `rate`."""
    limit, seconds = parse_rate(rate)
    key = f"ratelimit:{scope}:{hashlib.sha256(str(ident).encode()).hexdigest()}"
    try:
        cache.add(key, 0, seconds)
        used = cache.incr(key)
    except Exception:  # noqa: BLE001 - any cache failure: allow rather than stop the portal
        logger.warning("Rate limit %s not counted: the cache is unavailable", scope, exc_info=True)
        return True
    return used <= limit

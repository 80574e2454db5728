"""System checks of the deployment (`manage.py check --deploy`)."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Tags, Warning, register

from .addresses import PROXY_HEADER_SEEN_KEY


@register(Tags.security, deploy=True)
def proxy_headers_ignored(app_configs, **kwargs):
    """Requests arrived through a reverse proxy (a forwarded-for header, noticed by
    core.middleware.ProxyHeaderWatchMiddleware in the last week) while TRUSTED_PROXY_COUNT is 0."""
    if settings.TRUSTED_PROXY_COUNT:
        return []
    seen = cache.get(PROXY_HEADER_SEEN_KEY)
    if seen is None:
        return []
    when = datetime.datetime.fromtimestamp(seen, tz=datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        Warning(
            f"Requests arrive through a reverse proxy (an X-Forwarded-For or Forwarded header, last at {when}), but "
            "TRUSTED_PROXY_COUNT is 0: every client behind the proxy shares its address, so one attacker's failed "
            "sign-ins and API calls throttle everyone, and the security log names the proxy.",
            hint="Set TRUSTED_PROXY_COUNT to the number of reverse proxies in front of the portal (1 for the "
            "compose file's Caddy). If no proxy of yours writes that header, make the one in front strip it.",
            id="core.W001",
        )
    ]

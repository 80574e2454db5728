"""Rate limits per token (or per signed-in user) and per anonymous address; rates live in settings.REST_FRAMEWORK."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class RatesFromSettings:
    """Read the rate on each request, so changing the settings (e.g. in a test) takes effect at once."""

    def __init__(self):
        pass  # DRF reads the rate at construction; here it is read in allow_request

    def allow_request(self, request, view):
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


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

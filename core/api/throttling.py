"""Rate limits per token (or per signed-in user) and per anonymous address; rates live in settings.REST_FRAMEWORK.

A client is identified by its address as core.addresses reads it (settings.TRUSTED_PROXY_COUNT), so a rotating
X-Forwarded-For header does not open a fresh bucket.
"""

from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from core.addresses import client_address


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
        return super().allow_request(request, view)

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
    """Failed token authentications per client address.

    Authentication runs before DRF's throttles, so the token authentication asks this throttle itself: once an
    address has sent too many invalid tokens, its token requests answer 429 before any key is looked up (so a
    guess that happens to be right teaches nothing either) until the window has passed.
    """

    scope = "invalid_token"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request):
        if not self.read_rate():
            return False
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return True

    def refuse_when_exhausted(self, request):
        """Raise Throttled (429 with Retry-After) when this address has used up its failures."""
        if self._load(request) and len(self.history) >= self.num_requests:
            raise exceptions.Throttled(self.wait())

    def record_failure(self, request):
        if self._load(request):
            self.history.insert(0, self.now)
            self.cache.set(self.key, self.history, self.duration)

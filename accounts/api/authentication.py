"""API authentication: the portal's session, or a token sent as ``Authorization: Token <key>`` or ``Bearer <key>``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from core.api.throttling import InvalidTokenThrottle

from .. import two_factor
from ..tokens import APIToken

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    """Authenticates with a hashed API token; request.auth is the APIToken (its scope is checked by the permission).

    Invalid tokens count against the client's address (core.api.throttling.InvalidTokenThrottle): too many and
    that address's token requests answer 429 for a while.
    """

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        throttle = InvalidTokenThrottle()
        throttle.refuse_when_exhausted(request)
        if len(header) != 2:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(_("Invalid token header: give the scheme and the key."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(_("Invalid token header: the key has invalid characters.")) from exc
        token = APIToken.objects.authenticate(key)
        if token is None:
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        token.touch()
        return token.user, token

    def authenticate_header(self, request):
        # Makes unauthenticated requests answer 401 (with WWW-Authenticate) rather than 403.
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An API token issued by the Secretariat: `Token <key>` or `Bearer <key>`.",
        }


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The portal's session, once it has passed the second factor where one is needed; otherwise not signed in."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not two_factor.is_satisfied(request._request):
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    target_class = "accounts.api.authentication.VerifiedSessionAuthentication"
    priority = 0

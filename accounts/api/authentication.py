"""API authentication: the portal's session, or a token sent as ``Authorization: Token <key>`` or ``Bearer <key>``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication

from core.api.throttling import refuse_invalid_token

from .. import two_factor
from ..tokens import APIToken

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    """Authenticates with a hashed API token; request.auth is the APIToken (its scope is checked by the permission).

    Invalid tokens count against the client's address and the key prefix they name
    (core.api.throttling.InvalidTokenThrottle): too many, and further invalid ones answer 429 for a while; a valid
    token is accepted whatever came from its address before.
    """

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            refuse_invalid_token(request, None, _("Invalid token header: give the scheme and the key."))
        try:
            key = header[1].decode()
        except UnicodeError:
            refuse_invalid_token(request, None, _("Invalid token header: the key has invalid characters."))
        token = APIToken.objects.authenticate(key)
        if token is None:
            refuse_invalid_token(request, key.partition(".")[0], _("Invalid, expired or revoked token."))
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

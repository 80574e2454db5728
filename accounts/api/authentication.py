"""API authentication: the portal's session, or a token sent as ``Authorization: Token <key>`` or ``Bearer <key>``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ..tokens import APIToken

KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    """Authenticates with a hashed API token; request.auth is the APIToken (its scope is checked by the permission)."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give the scheme and the key."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header: the key has invalid characters.")) from exc
        token = APIToken.objects.authenticate(key)
        if token is None:
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

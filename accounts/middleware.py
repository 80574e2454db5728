"""Staff (and anyone who set up a second factor) reach nothing but the sign-in steps until the session is verified.

Pages and the admin redirect to the second-factor step (which sends a person without one to set it up); the API
answers such a session as not signed in (accounts.api.authentication.VerifiedSessionAuthentication).
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from . import two_factor

# The views an unverified session may still use: the sign-in steps, signing out, the language, the reset pages.
OPEN_VIEWS = {
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "portal:login",
    "portal:logout",
    "portal:password_reset",
    "portal:password_reset_done",
    "portal:password_reset_confirm",
    "portal:password_reset_complete",
    "admin:login",
    "admin:logout",
    "set_language",
    "healthz",
    "readyz",
    "metrics",
}
API_NAMESPACE = "api"


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if two_factor.is_satisfied(request):
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS or API_NAMESPACE in match.namespaces:
            return None
        verify = reverse("accounts:two_factor_verify")
        return redirect(f"{verify}?{urlencode({'next': request.get_full_path()})}")


class UserPreferencesMiddleware:
    """A signed-in person is spoken to in their account's language and shown times in their time zone.

    The account, not the browser, is the truth once signed in: the language chosen in the header is saved on the
    account (accounts.views.set_language), so it follows the person to another browser, to emails, PDFs and the
    calendar feed. Signed out, Django's LocaleMiddleware has chosen from the cookie or the browser. Times are kept in
    UTC; only their display follows the zone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        translation.activate(user.language)
        request.LANGUAGE_CODE = translation.get_language()
        with timezone.override(user.zone):
            return self.get_response(request)

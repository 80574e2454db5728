"""Request guards that hold for every page, API call and admin screen."""

from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.translation import gettext as _

from core.addresses import note_ignored_proxy_header
from core.views.errors import bad_request

NUL = "\x00"


class RefuseNulBytesMiddleware:
    """A NUL character in the path, the query string or a cookie answers 400 before any view runs.

    No legitimate request carries one, and PostgreSQL refuses NUL in text, so otherwise it would surface deep in a
    query as a server error. (Form and JSON fields are refused by Django's and DRF's field validation.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.carries_nul(request):
            return bad_request(request, BadRequest(_("The address or its parameters contain a NUL character.")))
        return self.get_response(request)

    @staticmethod
    def carries_nul(request):
        parts = [request.path, *request.COOKIES.keys(), *request.COOKIES.values()]
        for key, values in request.GET.lists():
            parts += [key, *values]
        return any(NUL in part for part in parts)


class RequestLanguageMiddleware:
    """Every response in the language of its own request, error pages included; nothing carried to the next request.

    First in MIDDLEWARE: the language the request asks for (the language cookie, else Accept-Language) is active
    before any other middleware runs, so a page answered before LocaleMiddleware (a NUL refused, a host refused, an
    error raised in a middleware, the CSRF page) is in it too; LocaleMiddleware and the account's preference
    (accounts.middleware) may change it further down. When the response is done the thread goes back to
    LANGUAGE_CODE: a worker thread's next request never starts in the previous request's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(translation.get_language_from_request(request))
        try:
            return self.get_response(request)
        finally:
            translation.deactivate()


class ProxyHeaderWatchMiddleware:
    """Notices requests that arrive through a reverse proxy the settings do not trust (core.addresses), so that
    `manage.py check --deploy` can warn about TRUSTED_PROXY_COUNT=0 behind a proxy (core.checks)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        note_ignored_proxy_header(request)
        return self.get_response(request)

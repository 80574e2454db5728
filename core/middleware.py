"""Request guards that hold for every page, API call and admin screen."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

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

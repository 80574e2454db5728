"""Error answers: JSON in the API's one shape under /api/, the portal's styled pages everywhere else.

Django calls these for errors raised outside a DRF view (an unknown /api/v1/... path, a body too large to read, a
refused CSRF token, an unexpected exception) as handler400/403/404/500 and CSRF_FAILURE_VIEW.
"""

import logging

from django.core.exceptions import BadRequest
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"

logger = logging.getLogger(__name__)


def is_api(request):
    return request.path.startswith(API_PREFIX)


def error_response(request, status, template, detail, context=None):
    """`detail` as {"detail", "errors"} JSON for the API, else `template` rendered in the portal's layout."""
    if is_api(request):
        return JsonResponse({"detail": str(detail), "errors": {}}, status=status)
    context = {"detail": detail, **(context or {})}
    try:
        body = loader.render_to_string(template, context, request=request)
    except Exception:  # noqa: BLE001 - an error page must answer even when rendering it fails (e.g. no database)
        logger.exception("Rendering %s failed", template)
        body = str(detail)
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    # Our own refusals (BadRequest) say what was wrong; other SuspiciousOperations keep their detail to the log.
    detail = str(exception) if isinstance(exception, BadRequest) and str(exception) else _("The request is invalid.")
    return error_response(request, 400, "400.html", detail)


def permission_denied(request, exception=None):
    message = str(exception) if exception is not None and str(exception) else ""
    detail = message or _("You do not have permission to do this.")
    return error_response(request, 403, "403.html", detail, {"exception": message})


def page_not_found(request, exception=None):
    return error_response(request, 404, "404.html", _("Not found."))


def server_error(request):
    if is_api(request):
        return JsonResponse({"detail": _("A server error occurred."), "errors": {}}, status=500)
    try:
        body = loader.render_to_string("500.html")  # no request: nothing that may be what failed (the database)
    except Exception:  # noqa: BLE001
        logger.exception("Rendering 500.html failed")
        body = "Server error"
    return HttpResponse(body, status=500)


def csrf_failure(request, reason=""):
    detail = _("This form has expired or was sent from elsewhere. Go back, reload the page and try again.")
    return error_response(request, 403, "403.html", detail, {"exception": detail})

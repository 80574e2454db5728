"""One JSON shape for every API error: {"detail": "...", "errors": {"field": ["message", ...]}}.

Django's ValidationError (e.g. from a model's full_clean() in save()) becomes a 400 with field errors, a write
blocked by a protected relation a 409, and nothing of a failed write is kept (the view's atomic block rolls back).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.concurrency import StaleObject
from core.files import FileMissing
from core.workflows import AlreadyDone


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the data.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The row changed since the version named in If-Match: read it again and retry.")
    default_code = "precondition_failed"


def _as_api_exception(exc):
    if isinstance(exc, StaleObject):
        return PreconditionFailed(" ".join(exc.messages))
    if isinstance(exc, AlreadyDone):
        return Conflict(" ".join(exc.messages))
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, ProtectedError | RestrictedError):
        return Conflict(_("Other records refer to this one; it cannot be deleted."))
    if isinstance(exc, IntegrityError):
        return Conflict(_("The change breaks a rule of the data (a duplicate or a broken reference)."))
    if isinstance(exc, FileMissing):
        return exceptions.NotFound(str(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return exceptions.ParseError(_("The request body is too large."))
    if isinstance(exc, SuspiciousOperation):
        # e.g. TooManyFieldsSent: the body could not be read within the limits.
        return exceptions.ParseError(_("The request could not be read."))
    return exc


def answer_in_json(request):
    """Errors are JSON even where the success answer is a file (the download actions negotiate a binary renderer)."""
    if request is not None and getattr(getattr(request, "accepted_renderer", None), "format", None) != "json":
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type


def flat_errors(errors, path=""):
    """{"events": {"0": ["..."]}} -> {"events.0": ["..."]}: every entry a field path and its list of messages, as the
    schema documents (nested serializers and list items are named by dotted paths)."""
    if isinstance(errors, dict):
        flat = {}
        for key, value in errors.items():
            flat.update(flat_errors(value, f"{path}.{key}" if path else str(key)))
        return flat
    if isinstance(errors, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in errors):
            return {path or "non_field_errors": [str(item) for item in errors]} if errors else {}
        flat = {}
        for index, item in enumerate(errors):
            flat.update(flat_errors(item, f"{path}.{index}" if path else str(index)))
        return flat
    return {path or "non_field_errors": [str(errors)]}


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: a 500, logged by Django
    set_rollback()
    answer_in_json(context.get("request"))
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("Invalid input."), "errors": flat_errors(response.data)}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"detail": str(detail), "errors": {}}
    return response

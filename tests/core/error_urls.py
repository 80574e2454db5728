"""The project's URLs plus views that fail on purpose, for the error pages' tests (test_error_language.py)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import include, path

from cica_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401 - Django reads them here


def refuse(request):
    raise PermissionDenied


def bad(request):
    raise BadRequest


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-errors/403/", refuse),
    path("test-errors/400/", bad),
    path("test-errors/500/", crash),
    path("", include("cica_portal.urls")),
]

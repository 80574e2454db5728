"""Liveness (`/healthz`) and readiness (`/readyz`); what each reports and why is in core.health."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health


@never_cache
@require_GET
def healthz(request):
    """Liveness: 200 while the process serves; the body says "ok" or "degraded" and each dependency's state."""
    status, checks = health.report(with_database=False)
    return JsonResponse({"status": status, **checks})


@never_cache
@require_GET
def readyz(request):
    """Readiness: 503 when the database does not answer; otherwise 200, "ok" or "degraded" (Redis, broker,
    workers: the site works without them)."""
    status, checks = health.report(with_database=True)
    return JsonResponse({"status": status, **checks}, status=503 if status == health.ERROR else 200)

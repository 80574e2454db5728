"""GET /metrics: Prometheus' text format for the operator (core.metrics says what and who)."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from core import metrics


@never_cache
@require_GET
def metrics_view(request):
    if not metrics.may_read(request):
        return JsonResponse(
            {"detail": "The metrics are for the operator: send the metrics token.", "errors": {}}, status=403
        )
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)

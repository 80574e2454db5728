"""What the operator watches of the webhooks to partner systems (core.metrics, /metrics)."""

from core.metrics import Gauge, register

from .choices import DeliveryStatus
from .models import WebhookDelivery

register(
    Gauge(
        "cica_webhook_deliveries_waiting",
        "Webhook deliveries not yet accepted by the partner (waiting for an attempt, a retry or an earlier event).",
        lambda: WebhookDelivery.objects.filter(status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING)).count(),
    )
)
register(
    Gauge(
        "cica_webhook_deliveries_failed",
        "Webhook deliveries given up after every retry (admin: Webhook deliveries, action Redeliver).",
        lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.FAILED).count(),
    )
)

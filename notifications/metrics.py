"""What the operator watches of the reminders (core.metrics, /metrics)."""

from core.metrics import Gauge, register

from .choices import DeliveryStatus
from .models import ReminderDelivery


def unsent():
    waiting = ReminderDelivery.objects.filter(status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING))
    return waiting.count()


register(
    Gauge(
        "cica_reminders_pending",
        "Reminders claimed and not yet sent (waiting for an attempt, or being sent).",
        unsent,
    )
)
register(
    Gauge(
        "cica_reminders_failed",
        "Reminders given up after their last attempt (admin: Reminder deliveries, filter failed).",
        lambda: ReminderDelivery.objects.failed().count(),
    )
)

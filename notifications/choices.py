from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs import leases

from . import registry

STAFF_DIGEST = "staff_digest"


def preference_choices():
    """What a user can switch off for themselves: every kind of reminder and the weekly staff digest."""
    return [*registry.kind_choices(), (STAFF_DIGEST, _("weekly staff digest"))]


class DeliveryStatus(models.TextChoices):
    PENDING = leases.PENDING, _("pending")
    SENDING = leases.SENDING, _("sending")
    SENT = "sent", _("sent")
    FAILED = leases.FAILED, _("failed")
    CANCELLED = "cancelled", _("cancelled")

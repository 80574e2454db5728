from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs import leases


class DeliveryStatus(models.TextChoices):
    PENDING = leases.PENDING, _("pending")  # waiting for its (next) attempt, or for an earlier event of the object
    SENDING = leases.SENDING, _("sending")  # a worker holds it (leased)
    DELIVERED = "delivered", _("delivered")  # the receiver answered 2xx
    FAILED = leases.FAILED, _("failed")  # every attempt failed: given up
    SKIPPED = "skipped", _("skipped")  # the owner may no longer read the object: not sent


FINISHED = (DeliveryStatus.DELIVERED, DeliveryStatus.FAILED, DeliveryStatus.SKIPPED)
UNFINISHED = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)

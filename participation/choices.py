from django.db import models
from django.utils.translation import gettext_lazy as _


class DelegationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    ACCREDITED = "accredited", _("accredited")


# Still with the focal point: they may edit it (until the nomination deadline).
OPEN_DELEGATION_STATUSES = (DelegationStatus.DRAFT, DelegationStatus.RETURNED)
# Nominated: the state has sent it to the Secretariat (no reminder is due).
NOMINATED_STATUSES = (DelegationStatus.SUBMITTED, DelegationStatus.ACCREDITED)

from django.db import models
from django.utils.translation import pgettext_lazy


class DelegationStatus(models.TextChoices):
    # In the context of a delegation: Russian agrees the participle with "делегация" (feminine).
    DRAFT = "draft", pgettext_lazy("delegation", "draft")
    SUBMITTED = "submitted", pgettext_lazy("delegation", "submitted")
    RETURNED = "returned", pgettext_lazy("delegation", "returned for changes")
    ACCREDITED = "accredited", pgettext_lazy("delegation", "accredited")


# Still with the focal point: they may edit it (until the nomination deadline).
OPEN_DELEGATION_STATUSES = (DelegationStatus.DRAFT, DelegationStatus.RETURNED)
# Nominated: the state has sent it to the Secretariat (no reminder is due).
NOMINATED_STATUSES = (DelegationStatus.SUBMITTED, DelegationStatus.ACCREDITED)

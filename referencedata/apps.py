from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceDataConfig(AppConfig):
    """The top floor: CICA's reference data and the demo set, loaded by commands into every app's tables."""

    name = "referencedata"
    verbose_name = _("Reference data")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Catalogue of CBMs")

    def ready(self):
        from . import permissions, workflows  # noqa: F401 - registers the Catalogue's permission rules and workflows

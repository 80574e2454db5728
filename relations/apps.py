from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = _("External relations")

    def ready(self):
        from . import workflows  # noqa: F401 - registers the MoU workflow

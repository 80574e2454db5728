from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChairmanshipConfig(AppConfig):
    name = "chairmanship"
    verbose_name = _("Chairmanship")

    def ready(self):
        from . import workflows  # noqa: F401 - registers the workflows of amendments and initiatives

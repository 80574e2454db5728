from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import permissions, signals  # noqa: F401 - registers the hits' permission rule and the receivers

        signals.connect()

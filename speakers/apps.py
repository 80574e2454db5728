from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeakersConfig(AppConfig):
    name = "speakers"
    verbose_name = _("Lists of speakers and statements")

    def ready(self):
        from . import permissions, workflows  # noqa: F401 - register the rules and the workflows

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Secretariat and meetings")

    def ready(self):
        from . import permissions, workflows  # noqa: F401 - registers the meeting cycle's permission rules and workflows

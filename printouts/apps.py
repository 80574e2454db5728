from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintoutsConfig(AppConfig):
    name = "printouts"
    verbose_name = _("PDF printouts")

    def ready(self):
        from participation.signals import list_of_participants_requested

        from .services import issue_list_of_participants

        list_of_participants_requested.connect(issue_list_of_participants, dispatch_uid="printouts.participants")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SilenceConfig(AppConfig):
    name = "silence"
    verbose_name = _("Silence procedures")

    def ready(self):
        from jobs import schedule

        from . import permissions, signals, workflows  # noqa: F401 - register the rules and the workflow

        schedule.register(
            schedule.DefaultJob(
                "Conclude silence procedures",
                "silence.tasks.conclude_silence_procedures",
                "SCHEDULE_CONCLUDE_SILENCE",
                "* * * * *",
                50,
                "Every minute: texts whose silence period has ended are adopted, or not if silence was broken.",
            )
        )
        signals.connect()

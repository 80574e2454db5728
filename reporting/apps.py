from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        from jobs import schedule

        from . import signals

        schedule.register(
            schedule.DefaultJob(
                "Roll up implementation status",
                "reporting.tasks.rollup_status",
                "SCHEDULE_ROLLUP_STATUS",
                "0 2 * * *",
                23 * schedule.HOUR,
                "Nightly: the day's implementation-status snapshots of measures, dimensions, priorities, bodies, "
                "countries.",
            )
        )
        signals.connect()

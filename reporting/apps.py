from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Reporting and jobs"

    def ready(self):
        from . import schedule, signals

        schedule.check_settings()
        signals.connect()
        post_migrate.connect(schedule.setup_schedule_after_migrate, sender=self)

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        from . import metrics, schedule  # noqa: F401 - metrics registers the jobs' gauges

        post_migrate.connect(schedule.setup_schedule_after_migrate, sender=self)
        schedule.register(
            schedule.DefaultJob(
                "Queue waiting tasks",
                "jobs.tasks.drain_outbox",
                "SCHEDULE_DRAIN_OUTBOX",
                "* * * * *",
                50,
                "Every minute: hands to the broker the tasks saved while it was unreachable (jobs.OutboxTask).",
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from jobs import schedule

        from . import metrics, reminders, signals  # noqa: F401 - reminders registers the built-in kinds, metrics gauges

        schedule.register(
            schedule.DefaultJob(
                "Send reminders",
                "notifications.tasks.send_reminders",
                "SCHEDULE_SEND_REMINDERS",
                "0 6 * * *",
                23 * schedule.HOUR,
                "Daily: reminders of reports, meetings, decisions, action plans and agreements, each sent once.",
            )
        )
        schedule.register(
            schedule.DefaultJob(
                "Weekly staff digest",
                "notifications.tasks.send_staff_digest",
                "SCHEDULE_STAFF_DIGEST",
                "0 7 * * 1",
                6 * 24 * schedule.HOUR,
                "Mondays: the Secretariat's weekly summary email.",
            )
        )
        signals.connect()

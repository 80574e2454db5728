from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from jobs import schedule

        from . import metrics, permissions, signals  # noqa: F401 - the subscriptions' permission rule, gauges

        schedule.register(
            schedule.DefaultJob(
                "Deliver due webhooks",
                "webhooks.tasks.deliver_due",
                "SCHEDULE_DELIVER_WEBHOOKS",
                "* * * * *",
                55,
                "Every minute: webhook deliveries whose next attempt is due (retries with backoff).",
            )
        )
        schedule.register(
            schedule.DefaultJob(
                "Announce expiring agreements",
                "webhooks.tasks.announce_expiring_agreements",
                "SCHEDULE_ANNOUNCE_EXPIRING_AGREEMENTS",
                "30 6 * * *",
                23 * schedule.HOUR,
                "Daily: agreement.expiring webhooks for MoUs expiring within 90 days.",
            )
        )
        signals.connect()

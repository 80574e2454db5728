"""send_reminders: the first run of the day (claims and sends the overdue backlog) and a same-day rerun."""

from django.utils import timezone

from notifications.models import ReminderDelivery
from notifications.services import send_reminders

from . import Below, Informational, Row, counted, figure


@figure("send_reminders")
def reminders(bench):
    ReminderDelivery.objects.all().delete()  # the first run is the first again, however often the bench runs
    on = timezone.localdate()
    first_seconds, first_queries, first = counted(send_reminders, on)
    rerun_seconds, rerun_queries, rerun = counted(send_reminders, on)
    note = f"first run sent {first.sent}; rerun sent {rerun.sent}"
    return [
        Row("send_reminders first run", first_seconds, "s", note=note),
        Row(
            "  queries per delivery sent",
            first_queries / max(first.sent, 1),
            "queries",
            target=Informational(),
            note=f"{first_queries} queries",
        ),
        Row("send_reminders same-day rerun", rerun_seconds, "s", target=Below(2)),
        Row("send_reminders same-day rerun queries", rerun_queries, "queries", target=Below(100)),
    ]

"""The default rule of the reminder about delegations not yet nominated (participation): three days before the
nomination deadline, to the focal points of the invited states that have not submitted one."""

from django.db import migrations

NAME = "Delegation nomination due"


def create_rule(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    if not ReminderRule.objects.filter(kind="nomination_due").exists():
        ReminderRule.objects.create(
            name=NAME,
            kind="nomination_due",
            lead_days="3",
            notify_coordinators=True,
            notify_responsible=False,
            notify_secretariat=False,
        )


def remove_rule(apps, schema_editor):
    apps.get_model("notifications", "ReminderRule").objects.filter(name=NAME, deliveries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0008_deliveries_share_the_jobs_lease")]

    operations = [migrations.RunPython(create_rule, remove_rule)]

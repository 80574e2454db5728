"""The default reminder rules; staff change or switch them off in the admin."""

from django.db import migrations

DEFAULT_RULES = [
    # name, kind, lead days, coordinators, responsible party, Secretariat
    ("Implementation report due", "report_due", "30,7,1", True, True, False),
    ("Implementation report overdue", "report_overdue", "", True, True, True),
    ("Meeting documents deadline", "meeting_documents", "14,3", True, False, False),
    ("Meeting upcoming", "meeting_upcoming", "30,7", True, True, True),
    ("Decision deadline near", "decision_due", "30,7,1", True, True, False),
    ("Decision overdue", "decision_overdue", "", True, True, True),
    ("Action plan period ending", "plan_ending", "60,30", True, True, True),
    ("MoU expiry near", "agreement_expiry", "90,30", False, True, True),
    ("MoU renewal near", "agreement_renewal", "90,30", False, True, True),
]


def create_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for name, kind, lead_days, coordinators, responsible, secretariat in DEFAULT_RULES:
        if ReminderRule.objects.filter(kind=kind).exists():
            continue
        ReminderRule.objects.create(
            name=name,
            kind=kind,
            lead_days=lead_days,
            notify_coordinators=coordinators,
            notify_responsible=responsible,
            notify_secretariat=secretariat,
        )


def remove_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    ReminderRule.objects.filter(name__in=[rule[0] for rule in DEFAULT_RULES], deliveries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create_rules, remove_rules)]

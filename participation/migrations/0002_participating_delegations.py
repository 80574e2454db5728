"""A meeting's participating delegations become accredited delegations: each state the old many-to-many named gets
an accredited Delegation (and the meeting a Registration, closed at the meeting's start), so the meeting's
participating delegations read the same before and after."""

import datetime

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Meeting = apps.get_model("secretariat", "Meeting")
    Registration = apps.get_model("participation", "Registration")
    Delegation = apps.get_model("participation", "Delegation")
    through = Meeting._meta.get_field("delegations").remote_field.through
    pairs = list(through.objects.values_list("meeting_id", "country_id"))
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in={meeting for meeting, _country in pairs})}
    for meeting in meetings.values():
        deadline = timezone.make_aware(datetime.datetime.combine(meeting.start_on, datetime.time(0, 0)))
        Registration.objects.get_or_create(meeting_id=meeting.pk, defaults={"deadline": deadline})
    Delegation.objects.bulk_create(
        [Delegation(meeting_id=meeting, country_id=country, status="accredited") for meeting, country in pairs],
        ignore_conflicts=True,
    )


def backwards(apps, schema_editor):
    Meeting = apps.get_model("secretariat", "Meeting")
    Delegation = apps.get_model("participation", "Delegation")
    through = Meeting._meta.get_field("delegations").remote_field.through
    rows = Delegation.objects.filter(status="accredited", country__isnull=False).values_list("meeting_id", "country_id")
    through.objects.bulk_create(
        [through(meeting_id=meeting, country_id=country) for meeting, country in rows], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("secretariat", "0012_dashboard_lists_indexed"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

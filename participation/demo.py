"""The demo set's participation (called by referencedata's seed_demo): accredited delegations of concluded meetings,
registration open for a coming meeting with some states nominated and one returned, and a list of participants
issued."""

from core.workflows import importing

from .choices import DelegationStatus
from .models import Delegation, Registration


def accredit(meeting, countries):
    """Record `countries`' delegations to `meeting` as accredited (a concluded meeting of the demo set)."""
    if not countries:
        return
    with importing():
        Registration.objects.get_or_create(meeting=meeting, defaults={"deadline": _day_end(meeting.start_on)})
        for country in countries:
            Delegation.objects.update_or_create(
                meeting=meeting, country=country, defaults={"status": DelegationStatus.ACCREDITED}
            )


def _day_end(day):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))

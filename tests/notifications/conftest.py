import datetime
import zoneinfo

import pytest
import time_machine

from notifications.models import ReminderRule

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
TODAY = datetime.date(2021, 6, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def morning_of(day):
    """06:00 in Almaty, when the daily reminder job runs."""
    return datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.NOTIFICATIONS_RETRY_DELAY = 0
    settings.SITE_URL = "https://portal.cica.example"


@pytest.fixture
def frozen_today():
    with time_machine.travel(morning_of(TODAY), tick=False):
        yield TODAY


@pytest.fixture
def make_rule(db):
    def make(kind, lead_days="30,7,1", **flags):
        return ReminderRule.objects.create(
            name=f"{kind} {lead_days} {sorted(flags.items())}", kind=kind, lead_days=lead_days, **flags
        )

    return make

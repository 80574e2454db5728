"""The default periodic jobs, created in django-celery-beat's tables (DatabaseScheduler) after every migrate.

setup_schedule() is idempotent: it creates a job's PeriodicTask only when none of that name exists, so staff's
edits in the admin (time, enabled, expiry) survive later deploys. Each default can be changed, or left out with
"off", from the environment: SCHEDULE_SEND_REMINDERS="0 6 * * *" (crontab: minute hour day-of-month month
day-of-week, in TIME_ZONE).
"""

import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HOUR = 3600


@dataclass(frozen=True)
class DefaultJob:
    name: str
    task: str
    env: str
    crontab: str
    expire_seconds: int
    description: str


DEFAULT_JOBS = [
    DefaultJob(
        "Send reminders",
        "notifications.tasks.send_reminders",
        "SCHEDULE_SEND_REMINDERS",
        "0 6 * * *",
        23 * HOUR,
        "Daily: reminders of reports, meetings, decisions, action plans and agreements, each sent once.",
    ),
    DefaultJob(
        "Roll up implementation status",
        "reporting.tasks.rollup_status",
        "SCHEDULE_ROLLUP_STATUS",
        "0 2 * * *",
        23 * HOUR,
        "Nightly: the day's implementation-status snapshots of measures, dimensions, priorities, bodies, countries.",
    ),
    DefaultJob(
        "Weekly staff digest",
        "notifications.tasks.send_staff_digest",
        "SCHEDULE_STAFF_DIGEST",
        "0 7 * * 1",
        6 * 24 * HOUR,
        "Mondays: the Secretariat's weekly summary email.",
    ),
]

OFF = ("off", "disable", "disabled", "none")


def crontab_for(job):
    """The job's crontab fields from the environment or the default; None when switched off."""
    value = os.environ.get(job.env, job.crontab).strip()
    if value.lower() in OFF:
        return None
    fields = value.split()
    if len(fields) != 5:
        raise ImproperlyConfigured(
            f'{job.env}="{value}" is not a crontab: give five fields "minute hour day-of-month month day-of-week" '
            'or "off".'
        )
    minute, hour, day_of_month, month_of_year, day_of_week = fields
    return {
        "minute": minute,
        "hour": hour,
        "day_of_month": day_of_month,
        "month_of_year": month_of_year,
        "day_of_week": day_of_week,
    }


def check_settings():
    """Refuse a malformed schedule at start-up rather than at the next migrate."""
    for job in DEFAULT_JOBS:
        crontab_for(job)


def setup_schedule(using="default"):
    """Create the default PeriodicTasks that do not exist yet; returns the names created."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    created = []
    for job in DEFAULT_JOBS:
        fields = crontab_for(job)
        if fields is None or PeriodicTask.objects.using(using).filter(name=job.name).exists():
            continue
        schedule = CrontabSchedule.objects.using(using).filter(timezone=settings.TIME_ZONE, **fields).first()
        if schedule is None:
            schedule = CrontabSchedule.objects.using(using).create(timezone=settings.TIME_ZONE, **fields)
        PeriodicTask.objects.using(using).create(
            name=job.name,
            task=job.task,
            crontab=schedule,
            expire_seconds=job.expire_seconds,
            description=job.description,
        )
        created.append(job.name)
    return created


def setup_schedule_after_migrate(sender, using="default", **kwargs):
    setup_schedule(using=using)

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


# The default jobs of every app, registered from each app's ready() (jobs stands below the apps whose tasks it runs).
DEFAULT_JOBS = []


def register(job):
    """Add an app's default periodic job; a malformed schedule in the environment is refused at start-up."""
    crontab_for(job)
    if all(existing.name != job.name for existing in DEFAULT_JOBS):
        DEFAULT_JOBS.append(job)
    return job


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

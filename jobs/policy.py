"""The retry policy of the portal's Celery tasks, declared once.

A task that meets a database error (a lost connection, a deadlock, a serialization failure) runs again, up to three
times, waiting longer each time (exponential backoff with jitter, at most ten minutes): such errors pass, and a
task takes ids and reads its rows again, so running it again is safe. Other errors are not retried by this policy:
they are bugs or refusals that a second run would meet again. A task that sends mail retries mail errors itself,
on the mail's own schedule (notifications.tasks).

What the settings decide for every task (crash safety: `acks_late`, `reject_on_worker_lost`; the default time
limits) stays in cica_portal/settings.py; a task names here only what it does differently, and says why.
"""

from celery import Task, shared_task
from django.db import DatabaseError


class RetriedTask(Task):
    autoretry_for = (DatabaseError,)
    retry_backoff = True
    retry_backoff_max = 600
    max_retries = 3


def retried_task(*args, **options):
    """`shared_task` on `RetriedTask`: `@retried_task`, or `@retried_task(bind=True, soft_time_limit=...)`."""
    return shared_task(*args, base=RetriedTask, **options)

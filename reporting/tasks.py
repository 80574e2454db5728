from celery import shared_task
from django.core.cache import cache
from django.db import DatabaseError

from jobs.recorder import recorded_job

from . import services


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3)
@recorded_job("rollup_status")
def rollup_status():
    """Today's roll-ups; clears the debounce key first so that changes made meanwhile schedule another run."""
    cache.delete(services.PENDING_KEY)
    result = services.rollup_status()
    return {key: result[key] for key in ("summary", "date", "stored")}

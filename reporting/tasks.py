from django.core.cache import cache

from jobs.policy import retried_task
from jobs.recorder import recorded_job

from . import services


@retried_task
@recorded_job("rollup_status")
def rollup_status():
    """Today's roll-ups; clears the debounce key first so that changes made meanwhile schedule another run."""
    cache.delete(services.PENDING_KEY)
    result = services.rollup_status()
    return {key: result[key] for key in ("summary", "date", "stored")}

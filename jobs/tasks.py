from celery import shared_task

from core.health import record_worker_heartbeat

from .outbox import drain


# Not on the retry policy (jobs.policy): beat runs it every minute, so a failed drain is simply the next one's work,
# and the time limits keep one run from overlapping the next.
@shared_task(ignore_result=True, soft_time_limit=50, time_limit=60)
def drain_outbox():
    """Queue the tasks that waited in the outbox while the broker was down (every minute; not recorded as a run)."""
    record_worker_heartbeat()  # beat, the broker and a worker all ran this minute (core.health, /readyz)
    queued, left = drain()
    return {"queued": queued, "left": left}

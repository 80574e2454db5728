"""Celery tasks of silence procedures: the conclusion at expiry, exactly once.

Two ways reach `services.conclude`, which locks the row and concludes only a running procedure whose expiry has
come (so either may run any number of times): `conclude_at_expiry`, queued when a procedure starts and waiting in
the broker until its expiry (eta), and the beat job `conclude_silence_procedures`, every minute, which concludes
whatever is past its expiry (a run missed while the workers were down catches up at the next one).
"""

import datetime
import threading

from django.conf import settings
from django.db import connections
from django.utils import timezone

from jobs.policy import retried_task
from jobs.recorder import recorded_job

from . import services
from .choices import SilenceStatus
from .models import SilenceProcedure


@retried_task
@recorded_job("conclude_silence_procedures")
def conclude_silence_procedures():
    """Conclude every silence procedure past its expiry."""
    counts = services.conclude_due()
    adopted, not_adopted = counts[SilenceStatus.ADOPTED], counts[SilenceStatus.NOT_ADOPTED]
    return {"summary": f"adopted {adopted}, not adopted {not_adopted}", "ok": True, **counts}


def hop():
    """The longest a task waits in a worker: half the broker's visibility timeout, so Redis never hands the waiting
    message to a second worker (it would then wait twice)."""
    return datetime.timedelta(seconds=settings.CELERY_BROKER_VISIBILITY_TIMEOUT / 2)


@retried_task
def conclude_at_expiry(procedure_id):
    """Conclude one procedure at its expiry. Queued early (or the period extended since), it waits: until the expiry
    if that is near, else for one hop and then again (the row is read afresh each time: an extension is followed)."""
    procedure = SilenceProcedure.objects.filter(pk=procedure_id).first()
    if procedure is None or not procedure.is_running:
        return {"concluded": False}
    if not procedure.is_due():
        if conclude_at_expiry.app.conf.task_always_eager:
            # No broker to wait in: the beat job concludes it, or under `make run` a timer of this process.
            if settings.SILENCE_CLOCK_IN_PROCESS:
                wait_in_process(procedure)
            return {"concluded": False}
        wake = min(procedure.expires_at, timezone.now() + hop())
        conclude_at_expiry.apply_async((procedure_id,), eta=wake)
        return {"concluded": False, "waiting_until": wake.isoformat()}
    return {"concluded": services.conclude(procedure_id) is not None}


def wait_in_process(procedure):
    """The development server's stand-in for a task waiting in the broker: a timer thread that asks again at the
    expiry (an extension is followed: it then waits again). Timers end with the process; the beat job or
    `manage.py conclude_silence_procedures` concludes what a restart left waiting."""
    delay = max((procedure.expires_at - timezone.now()).total_seconds(), 0) + 0.5
    timer = threading.Timer(delay, _conclude_in_thread, args=[procedure.pk])
    timer.daemon = True
    timer.start()
    return timer


def _conclude_in_thread(procedure_id):
    try:
        conclude_at_expiry(procedure_id)
    finally:
        connections.close_all()  # the thread's own database connections

"""Queue a task after commit without ever failing the request that asked for it (a transactional outbox).

`enqueue_on_commit("app.tasks.name", *args)` writes an OutboxTask row inside the caller's transaction and, after
commit, hands the task to the broker and deletes the row. If the broker is down the error is logged and the row
stays; `drain_outbox` (a beat job, every minute) queues what is left once the broker answers again. Rows are
taken with a row lock (SKIP LOCKED on PostgreSQL), so the after-commit path and a drain never queue one twice.
"""

import datetime
import logging

import structlog
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from core.logs import log_context

from .models import OutboxTask

logger = logging.getLogger(__name__)

# What publishing raises when the broker cannot be reached or does not answer.
BROKER_ERRORS = (KombuError, RedisError, OSError)

# A row younger than this is left to its own after-commit hand-off.
DRAIN_AFTER_SECONDS = 30


def enqueue_on_commit(task, *args, **kwargs):
    """Ask for `task` (its registered name) to run with these JSON-serialisable arguments once this commits."""
    row = OutboxTask.objects.create(task=task, args=list(args), kwargs=kwargs, log_context=log_context())
    transaction.on_commit(lambda: publish(row.pk))
    return row


def registered_task(name):
    """The task called `name`; a web process imports the apps' tasks modules the first time one is asked for."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()  # Celery's autodiscovery of every app's tasks.py
    return current_app.tasks[name]


def publish(pk):
    """Hand one waiting task to the broker; True when it was queued (or someone else already did)."""
    with transaction.atomic():
        row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if row is None:
            return True
        task = registered_task(row.task)
        try:
            # The registered task, not send_task(): without a broker (Celery eager) it runs here and now. Published
            # under the asking request's id (the message headers carry it to the worker: core.logs).
            with structlog.contextvars.bound_contextvars(**row.log_context):
                task.apply_async(args=row.args, kwargs=row.kwargs)
        except SoftTimeLimitExceeded:
            raise  # the drain's own time is up: not a broker error
        except Exception as exc:  # noqa: BLE001 - whatever stops the hand-over keeps the row for a later drain
            if task.app.conf.task_always_eager:
                logger.exception("%s failed when run in-process", row)  # its own error; nothing to queue again
            else:
                logger.warning("the broker is unavailable; %s waits in the outbox: %s", row, exc)
                OutboxTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, last_error=str(exc)[:2000])
                return False
        row.delete()
        return True


def drain(older_than=DRAIN_AFTER_SECONDS):
    """Queue every task left waiting (oldest first); stops at the first broker error. Returns (queued, left)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
    queued = 0
    for pk in OutboxTask.objects.filter(created__lte=cutoff).order_by("created", "pk").values_list("pk", flat=True):
        if not publish(pk):
            break
        queued += 1
    return queued, OutboxTask.objects.count()

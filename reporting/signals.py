"""Recompute the roll-ups shortly after a relevant change, debounced: one pending run, however many saves.

The first change schedules reporting.tasks.rollup_status with a countdown (REPORTING_ROLLUP_DELAY, 60 s) and sets a
cache key; further changes while the key is set schedule nothing; the task clears the key when it starts. Without
a worker (Celery eager, no REDIS_URL) nothing is scheduled: the nightly job and `manage.py rollup_status` cover it.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .services import PENDING_KEY
from .tasks import rollup_status


def schedule_rollup():
    """Ask for a roll-up soon; True when this call scheduled one, False when one is already pending."""
    if rollup_status.app.conf.task_always_eager:
        return False
    delay = settings.REPORTING_ROLLUP_DELAY
    # The key outlives the countdown by a margin, so a lost message cannot block roll-ups for long.
    if not cache.add(PENDING_KEY, 1, timeout=delay + 600):
        return False
    rollup_status.apply_async(countdown=delay)
    return True


def on_change(sender, **kwargs):
    transaction.on_commit(schedule_rollup)


def connect():
    from chairmanship.models import Initiative
    from measures.models import Activity, ImplementationReport
    from secretariat.models import Decision

    for model in (Activity, ImplementationReport, Decision, Initiative):
        post_save.connect(on_change, sender=model, dispatch_uid=f"reporting-rollup-{model._meta.label_lower}-save")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"reporting-rollup-{model._meta.label_lower}-del")

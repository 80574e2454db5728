"""What notifications listens to: workflow steps of the domain apps (core.signals), never imported by them."""

from core.signals import transitioned
from jobs.outbox import enqueue_on_commit
from measures.models import ImplementationReport
from silence.models import TOLD, SilenceProcedure, notice_key


def on_transition(sender, instance, transition, **kwargs):
    """A review notice for a report that a step left reviewed (accepted or returned), queued after commit through
    the outbox: a broker outage neither fails the review nor loses the notice."""
    if sender is ImplementationReport and instance.is_reviewed:
        enqueue_on_commit("notifications.tasks.notify_report_reviewed", instance.pk)


def on_silence_step(sender, instance, event=None, **kwargs):
    """Every concerned state is told of a silence procedure's steps (started, broken, extended, concluded,
    withdrawn), queued after commit through the outbox; a text written as data (the demo set) tells nobody."""
    if event in TOLD:
        enqueue_on_commit(
            "notifications.tasks.notify_silence", instance.pk, TOLD[event].value, notice_key(instance, event)
        )


def connect():
    transitioned.connect(on_transition, dispatch_uid="notifications-report-reviewed")
    transitioned.connect(on_silence_step, sender=SilenceProcedure, dispatch_uid="notifications-silence")

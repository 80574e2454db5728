"""What notifications listens to: workflow steps of the domain apps (core.signals), never imported by them."""

from core.signals import transitioned
from jobs.outbox import enqueue_on_commit
from measures.models import ImplementationReport


def on_transition(sender, instance, transition, **kwargs):
    """A review notice for a report that a step left reviewed (accepted or returned), queued after commit through
    the outbox: a broker outage neither fails the review nor loses the notice."""
    if sender is ImplementationReport and instance.is_reviewed:
        enqueue_on_commit("notifications.tasks.notify_report_reviewed", instance.pk)


def connect():
    transitioned.connect(on_transition, dispatch_uid="notifications-report-reviewed")

"""What notifications listens to: workflow steps of the domain apps (core.signals), never imported by them."""

from core.signals import transitioned
from jobs.outbox import enqueue_on_commit
from measures.models import ImplementationReport

REVIEW_STEPS = ("accept", "return")


def on_transition(sender, instance, transition, **kwargs):
    """A review notice for an accepted or returned report, queued after commit through the outbox: a broker
    outage neither fails the review nor loses the notice."""
    if sender is ImplementationReport and transition in REVIEW_STEPS:
        enqueue_on_commit("notifications.tasks.notify_report_reviewed", instance.pk)


def connect():
    transitioned.connect(on_transition, dispatch_uid="notifications-report-reviewed")

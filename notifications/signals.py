"""What notifications listens to: workflow steps of the domain apps (core.signals), never imported by them."""

from django.db import transaction

from core.signals import transitioned
from measures.models import ImplementationReport

from .tasks import notify_report_reviewed

REVIEW_STEPS = ("accept", "return")


def on_transition(sender, instance, transition, **kwargs):
    if sender is ImplementationReport and transition in REVIEW_STEPS:
        transaction.on_commit(lambda: notify_report_reviewed.delay(instance.pk))


def connect():
    transitioned.connect(on_transition, dispatch_uid="notifications-report-reviewed")

"""What silence listens to: its own procedure's steps, to wait for the expiry in the broker (the conclusion)."""

from core.signals import transitioned
from jobs.outbox import enqueue_on_commit

from .models import SilenceProcedure


def on_transition(sender, instance, event=None, **kwargs):
    """A started procedure waits for its expiry (silence.tasks.conclude_at_expiry), queued after commit."""
    if event == "started":
        enqueue_on_commit("silence.tasks.conclude_at_expiry", instance.pk)


def connect():
    transitioned.connect(on_transition, sender=SilenceProcedure, dispatch_uid="silence-wait-for-expiry")

"""What printouts listens to: a silence procedure that concludes gets its outcome letter, queued after commit."""

from core.signals import transitioned
from jobs.outbox import enqueue_on_commit
from silence.models import SilenceProcedure


def on_silence_concluded(sender, instance, event=None, **kwargs):
    if event in ("adopted", "not_adopted"):
        enqueue_on_commit("printouts.tasks.issue_silence_letter", instance.pk)


def connect():
    transitioned.connect(on_silence_concluded, sender=SilenceProcedure, dispatch_uid="printouts-silence-letter")

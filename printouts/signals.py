"""What printouts listens to: a list of participants requested is issued; a silence procedure that concludes gets
its outcome letter, queued after commit."""

from core.signals import transitioned
from jobs.outbox import enqueue_on_commit
from participation.signals import list_of_participants_requested
from silence.models import SilenceProcedure

from .services import issue_list_of_participants


def on_silence_concluded(sender, instance, event=None, **kwargs):
    if event in ("adopted", "not_adopted"):
        enqueue_on_commit("printouts.tasks.issue_silence_letter", instance.pk)


def connect():
    list_of_participants_requested.connect(issue_list_of_participants, dispatch_uid="printouts.participants")
    transitioned.connect(on_silence_concluded, sender=SilenceProcedure, dispatch_uid="printouts-silence-letter")

"""The write paths of silence procedures: a state's answer and the conclusion at expiry (both through the
workflow's steps, under the procedure's row lock; silence.workflows)."""

import logging

from django.db import transaction
from django.utils import timezone

from core.workflows import AlreadyDone

from .choices import BREAKING_KINDS, ResponseKind, SilenceStatus
from .models import SilenceProcedure
from .workflows import SILENCE_WORKFLOW, concerned_focal_point

logger = logging.getLogger(__name__)


def respond(procedure, user, kind, text="", file=None):
    """Record `user`'s state's answer (an objection, an amendment or joining consensus); returns the response.

    Refused (a ValidationError naming the field, nothing written) after the expiry on the server's clock, for a
    state the procedure does not concern, for an empty objection or amendment, or when the state already answered.
    """
    step = "break" if kind in BREAKING_KINDS else "join_consensus"
    data = {"text": text or ""}
    if kind in BREAKING_KINDS:
        data["kind"] = kind
    if file:
        data["file"] = file
    with transaction.atomic():
        taken = SILENCE_WORKFLOW.take(procedure, user, step, **data)
    return taken.recorded_response


def conclude(procedure_id, now=None):
    """Close one procedure whose expiry has come: adopted if nobody broke silence, else not adopted.

    Exactly once: the row is locked and its status re-read; a procedure already concluded (by another run, or a
    run that raced this one) or not yet due is left as it is. Returns the procedure, or None when nothing was done.
    """
    with transaction.atomic():
        locked = SilenceProcedure.objects.select_for_update().filter(pk=procedure_id).first()
        if locked is None or not locked.is_due(now):
            return None
        step = "not_adopt" if locked.is_broken() else "adopt"
        try:
            return SILENCE_WORKFLOW.take(locked, None, step)
        except AlreadyDone:
            return None


def conclude_due(now=None):
    """Conclude every running procedure past its expiry (the beat job; a run missed while the workers were down
    catches up here). Returns {"adopted": n, "not_adopted": n}."""
    counts = {SilenceStatus.ADOPTED.value: 0, SilenceStatus.NOT_ADOPTED.value: 0}
    for pk in SilenceProcedure.objects.due(now or timezone.now()).order_by("expires_at").values_list("pk", flat=True):
        concluded = conclude(pk)
        if concluded is not None:
            counts[concluded.status] += 1
    return counts


def responses_open_to(user, procedure):
    """The answers `user` may give now: the kinds of ResponseKind, none once answered or closed."""
    if not procedure.is_open() or not concerned_focal_point(user, procedure):
        return []
    if procedure.response_of(user.country_id) is not None:
        return []
    return list(ResponseKind)

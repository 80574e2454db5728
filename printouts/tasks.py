"""Celery tasks of printouts: the outcome letter of a silence procedure, issued once it concludes."""

from jobs.policy import retried_task

from . import services


@retried_task
def issue_silence_letter(procedure_id):
    """Issue the letter (printouts.services.issue_silence_letter: once, under the procedure's row lock)."""
    document = services.issue_silence_letter(procedure_id)
    return {"letter": document.symbol if document is not None else None}

"""Celery tasks of the search: they take ids, read the row again and return quietly when it is gone."""

from jobs.policy import retried_task

from . import services


@retried_task
def extract_file_text(model_label, pk):
    """Read the text of an uploaded file (a document's language version, a report's attachment) and index it."""
    return {"status": services.extract_file_text(model_label, pk)}

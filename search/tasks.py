"""Celery tasks of the search: they take ids, read the row again and return quietly when it is gone."""

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, retry_backoff_max=600, max_retries=3)
def extract_file_text(model_label, pk):
    """Read the text of an uploaded file (a document's language version, a report's attachment) and index it."""
    return {"status": services.extract_file_text(model_label, pk)}

"""Reading an uploaded file's text and putting it into the search index (called by search.tasks)."""

import logging

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from . import indexing
from .extraction import read_text
from .models import FileText
from .sources import source_of_file_model

logger = logging.getLogger(__name__)


def extract_file_text(model_label, pk):
    """Read the file of row `pk` of `model_label`, store its text (or why there is none) and index its record.

    Returns the FileText status, or "gone" when the row or its file no longer exists.
    """
    model = apps.get_model(model_label)
    row = model._default_manager.filter(pk=pk).first()
    source = source_of_file_model(model)
    if row is None or not row.file or source is None:
        FileText.objects.filter(model=model._meta.label_lower, object_id=pk).delete()
        return "gone"
    result = read_text(row.file)
    with transaction.atomic():
        FileText.objects.update_or_create(
            model=model._meta.label_lower,
            object_id=pk,
            defaults={
                "file_name": row.file.name,
                "status": result.status,
                "text": result.text,
                "detail": result.detail,
                "extracted_at": timezone.now(),
            },
        )
        indexing.index(source, [getattr(row, source.file_owner)])
    logger.info("read %s %s (%s): %s", model_label, pk, row.file.name, result.status)
    return result.status

"""Keep the index current: a record's entries are rewritten when it (or a row its entries show) is saved or
deleted, and an uploaded file is read after the transaction that saved it commits (search.tasks).

Receivers run inside the saving transaction (a savepoint), so the index never shows what was rolled back. Bulk
updates send no signals: `manage.py rebuild_search_index` brings everything up to date.
"""

import logging

from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save

from jobs.outbox import enqueue_on_commit

from . import indexing
from .models import FileStatus, FileText
from .sources import all_sources

logger = logging.getLogger(__name__)


def _safely(action, *args):
    """Indexing must not cost a user their save: a database error leaves the entry stale (rebuild repairs it)."""
    try:
        with transaction.atomic():
            action(*args)
    except DatabaseError:
        logger.exception("search index not updated: %s%r", action.__name__, args)


def _dependents(model):
    """[(source, function(row) -> pks)] of the sources whose entries show rows of `model`."""
    found = [(s, s.depends_on[model]) for s in all_sources() if model in s.depends_on]
    for source in all_sources():
        if source.file_model is model:
            found.append((source, lambda row, owner=source.file_owner: [getattr(row, owner)]))
    return found


def record_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        for source in all_sources():
            if source.model is sender:
                _safely(indexing.index, source, [instance.pk])


def record_deleted(sender, instance, **kwargs):
    for source in all_sources():
        if source.model is sender:
            _safely(indexing.remove, source, [instance.pk])


def dependency_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for source, stale in _dependents(sender):
        _safely(indexing.index, source, list(stale(instance)))


def file_saved(sender, instance, raw=False, **kwargs):
    """A new or replaced file is read after commit; the same file saved again is not read twice."""
    if raw:
        return
    label, name = sender._meta.label_lower, instance.file.name if instance.file else ""
    known = FileText.objects.filter(model=label, object_id=instance.pk).values_list("file_name", flat=True).first()
    if not name:
        FileText.objects.filter(model=label, object_id=instance.pk).delete()
        return
    if known == name:
        return
    FileText.objects.update_or_create(
        model=label,
        object_id=instance.pk,
        defaults={"file_name": name, "status": FileStatus.PENDING, "text": "", "detail": "", "extracted_at": None},
    )
    enqueue_on_commit("search.tasks.extract_file_text", label, instance.pk)  # survives a broker outage


def file_deleted(sender, instance, **kwargs):
    FileText.objects.filter(model=sender._meta.label_lower, object_id=instance.pk).delete()


def connect():
    dependencies = set()
    for source in all_sources():
        uid = f"search-{source.kind}"
        post_save.connect(record_saved, sender=source.model, dispatch_uid=f"{uid}-save")
        post_delete.connect(record_deleted, sender=source.model, dispatch_uid=f"{uid}-delete")
        dependencies.update(source.depends_on)
        if source.file_model is not None:
            dependencies.add(source.file_model)
            post_save.connect(file_saved, sender=source.file_model, dispatch_uid=f"{uid}-file-save")
            post_delete.connect(file_deleted, sender=source.file_model, dispatch_uid=f"{uid}-file-delete")
    for model in dependencies:
        uid = f"search-depends-{model._meta.label_lower}"
        post_save.connect(dependency_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(dependency_changed, sender=model, dispatch_uid=f"{uid}-delete")

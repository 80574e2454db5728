"""Uploaded files follow their rows: a file written by a transaction that never commits does not stay behind.

Every file goes through Django's storage API (STORAGES["default"]), so where files live is a settings change:
`TransactionAwareStorage` wraps the configured backend (FILE_STORAGE_BACKEND, by default the file system under
MEDIA_ROOT; an S3-compatible one through django-storages) and notes each file it writes. A transaction that commits
keeps its files; the files of one that rolls back (a refused upload, a failed validation, an error) are deleted when
the request or the task ends (`discard_uncommitted`, connected to request_finished and Celery's task_postrun).
Deleting or replacing a file of a row is handled by core.files (after commit).
"""

import logging
import threading

from django.db import connection, transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "django.core.files.storage.FileSystemStorage"

_state = threading.local()


def _pending():
    if not hasattr(_state, "files"):
        _state.files = []
    return _state.files


class UncommittedFile:
    """A file written inside a transaction; `committed` once that transaction has."""

    def __init__(self, storage, name):
        self.storage = storage
        self.name = name
        self.committed = False

    def commit(self):
        self.committed = True


def note_written(storage, name):
    entry = UncommittedFile(storage, name)
    _pending().append(entry)
    transaction.on_commit(entry.commit)  # runs at once outside a transaction; never for a rolled-back one


def discard_uncommitted(**kwargs):
    """Delete the files written by transactions that rolled back; called when a request or a task ends.

    If a transaction is still open (a test's), its outcome is not known here: its files are left alone.
    """
    entries, _state.files = _pending(), []
    if connection.in_atomic_block:
        return
    for entry in entries:
        if entry.committed:
            continue
        try:
            entry.storage.delete(entry.name)
        except Exception:  # noqa: BLE001 - a file that cannot be deleted is found by cleanup_orphan_files
            logger.exception("could not delete %s, written by a transaction that rolled back", entry.name)
        else:
            logger.info("deleted %s: the transaction that wrote it rolled back", entry.name)


def forget_on_reconfiguration(setting, **kwargs):
    """Names are relative to the storage's configuration: when it changes (tests do), pending names mean nothing."""
    if setting in ("MEDIA_ROOT", "STORAGES"):
        _state.files = []


class TransactionAwareMixin:
    def _save(self, name, content):
        name = super()._save(name, content)
        note_written(self, name)
        return name


_classes = {}


def TransactionAwareStorage(backend=DEFAULT_BACKEND, **options):  # noqa: N802 - used like a storage class
    """The storage `backend` (a dotted path) with `options`, noting the files written inside transactions."""
    base = import_string(backend)
    if base not in _classes:
        _classes[base] = type(f"TransactionAware{base.__name__}", (TransactionAwareMixin, base), {})
    return _classes[base](**options)

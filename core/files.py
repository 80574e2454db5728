"""Uploaded files: the one way a stored file is named for a person downloading it, served, and kept in step with
its row.

- A file whose row is deleted (an attachment, a report with its attachments, a document's language version) or
  replaced by another upload is deleted after the transaction commits, unless another row still refers to it.
- A row whose file is missing from the store answers 404 with a message saying so (`FileMissing`), never a 500.
- `referenced_files()` lists every file a row points to; `cleanup_orphan_files` compares it with the store.
Files written by a transaction that rolls back are handled by core.storage.
"""

import logging
from pathlib import PurePosixPath

from django.apps import apps
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_init, post_save
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .uploads import content_type_of

logger = logging.getLogger(__name__)


def basename(file):
    """The stored file's own name, without the folders of its storage path."""
    return PurePosixPath(file.name).name


def download_name(label, file):
    """`label` as a file name with the stored file's extension: 'CICA/SWG/2021/3-en' -> 'CICA-SWG-2021-3-en.pdf'."""
    name = str(label).replace("/", "-").replace("\\", "-").strip() or basename(file)
    extension = PurePosixPath(file.name).suffix.lower()
    return name if not extension or name.lower().endswith(extension) else f"{name}{extension}"


class FileMissing(Http404):
    """The row exists but its file is not in the file store (e.g. after a restore of the database alone)."""


# A downloaded file is never a page of this site: even opened in a browser tab, it runs no script and loads nothing.
DOWNLOAD_POLICY = "default-src 'none'; sandbox"


def file_response(obj, field="file"):
    """Stream `obj`'s file as an attachment named by `obj.download_name` (portal and API give the same name).

    The type is the one its (checked) extension declares, never sniffed (SecurityMiddleware adds nosniff)."""
    file = getattr(obj, field)
    if not file or not file.storage.exists(file.name):
        logger.error("%s %s: its file %r is missing from the file store", obj._meta.label, obj.pk, file.name)
        raise FileMissing(
            _("The file of “%(name)s” is missing from the file store. Ask the Secretariat to upload it again.")
            % {"name": obj.download_name}
        )
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=obj.download_name,
        content_type=content_type_of(file.name),
    )
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    return response


def file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def models_with_files():
    """(model, [file fields]) for every model that stores files (the historical copies keep names only)."""
    found = []
    for model in apps.get_models():
        fields = file_fields(model)
        if fields:
            found.append((model, fields))
    return found


def referenced_files():
    """Every file name a row points to, across all models: one query per file field."""
    names = set()
    for model, fields in models_with_files():
        for field in fields:
            names.update(model._default_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True))
    return names - {None, ""}


def stored_files(storage=None, folder=""):
    """Every file name in the store, walked through the storage API (so any backend works)."""
    from django.core.files.storage import default_storage

    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the media folder does not exist yet
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


def delete_if_unreferenced(model, field, name):
    if not name or model._default_manager.filter(**{field.attname: name}).exists():
        return
    try:
        field.storage.delete(name)
    except Exception:  # noqa: BLE001 - a file that cannot be deleted now is found by cleanup_orphan_files
        logger.exception("could not delete %s after its row let go of it", name)


def stored_name(instance, field):
    """The name of the file the row has in the store now (not a new upload waiting to be saved; deferred: None)."""
    raw = instance.__dict__.get(field.attname)
    if isinstance(raw, str):
        return raw or None
    if isinstance(raw, FieldFile) and raw._committed:
        return raw.name or None
    return None


def remember_files(sender, instance, **kwargs):
    instance._stored_files = {field.attname: stored_name(instance, field) for field in file_fields(sender)}


def delete_replaced_files(sender, instance, created, **kwargs):
    """After commit, delete the files this save replaced or cleared."""
    before = getattr(instance, "_stored_files", {})
    for field in file_fields(sender):
        old = before.get(field.attname)
        if old and old != getattr(instance, field.attname).name:
            transaction.on_commit(lambda f=field, name=old: delete_if_unreferenced(sender, f, name))
    remember_files(sender, instance)


def delete_files_of_deleted_row(sender, instance, **kwargs):
    """After commit, delete the files of a deleted row (a cascade deletes each child row, and so its files)."""
    for field in file_fields(sender):
        name = getattr(instance, field.attname).name
        if name:
            transaction.on_commit(lambda f=field, name=name: delete_if_unreferenced(sender, f, name))


def connect():
    """Keep files in step with their rows for every model with a FileField (called from CoreConfig.ready())."""
    for model, _fields in models_with_files():
        uid = f"core-files-{model._meta.label_lower}"
        post_init.connect(remember_files, sender=model, dispatch_uid=f"{uid}-init", weak=False)
        post_save.connect(delete_replaced_files, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(delete_files_of_deleted_row, sender=model, dispatch_uid=f"{uid}-delete", weak=False)

"""Uploaded files: the one way a stored file is named for a person downloading it, and served."""

from pathlib import PurePosixPath

from django.http import FileResponse


def basename(file):
    """The stored file's own name, without the folders of its storage path."""
    return PurePosixPath(file.name).name


def download_name(label, file):
    """`label` as a file name with the stored file's extension: 'CICA/SWG/2021/3-en' -> 'CICA-SWG-2021-3-en.pdf'."""
    name = str(label).replace("/", "-").replace("\\", "-").strip() or basename(file)
    extension = PurePosixPath(file.name).suffix.lower()
    return name if not extension or name.lower().endswith(extension) else f"{name}{extension}"


def file_response(obj, field="file"):
    """Stream `obj`'s file as an attachment named by `obj.download_name` (portal and API give the same name)."""
    file = getattr(obj, field)
    return FileResponse(file.open("rb"), as_attachment=True, filename=obj.download_name)

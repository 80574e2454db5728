"""The one check for uploaded files (portal forms and API alike): allowed type, real content, size limit.

A file is identified by its content, not its name: the first bytes must be those of the named kind, an office
document must be the container that kind is (a ZIP renamed .docx is refused, and so are a .docx that is really a
spreadsheet and a macro-enabled document), and no file may begin like a web page (a PDF/HTML polyglot would turn
into a page if a browser ever sniffed it). Downloads are also sent as attachments with their declared type and
nosniff (core.files), so this is the first of two locks.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes of each allowed kind of file: a renamed executable is refused even with a .pdf name.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}

# The type a downloaded file is served with, by its (checked) extension; anything else (a file stored before the
# checks, a document version uploaded by staff in another format) as bytes. The API's schema lists these.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
OTHER_FILES = "application/octet-stream"


def content_type_of(name):
    extension = name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""
    return CONTENT_TYPES.get(extension, OTHER_FILES)


def served_content_types():
    """Every type a download may be served with, in a stable order."""
    return sorted({*CONTENT_TYPES.values(), OTHER_FILES})


# What the ZIP container of each office kind holds. Office Open XML names its main part's content type in
# [Content_Types].xml; OpenDocument stores its media type, uncompressed, in a first entry called "mimetype".
OOXML_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
OPENDOCUMENT_TYPES = {"odt": "application/vnd.oasis.opendocument.text"}
CONTENT_TYPES_PART = "[Content_Types].xml"
CONTENT_TYPES_MAX_BYTES = 1024 * 1024

# Browsers sniff a page from the first bytes of a response; none of the accepted kinds starts with markup.
HTML_SNIFF_BYTES = 1024
HTML_MARKERS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg", b"<object", b"<embed")


def validate_upload(upload):
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in SIGNATURES:
        raise ValidationError(
            _("%(name)s: this type of file is not accepted. Attach one of: %(allowed)s.")
            % {"name": name, "allowed": ", ".join(e for e in SIGNATURES if e != "jpeg")}
        )
    if upload.size > settings.FILE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES),
            }
        )
    upload.seek(0)
    head = upload.read(HTML_SNIFF_BYTES)
    upload.seek(0)
    try:
        if not head.startswith(SIGNATURES[extension]):
            raise ValidationError("signature")
        if any(marker in head.lower() for marker in HTML_MARKERS):
            raise ValidationError("markup")
        if extension in OOXML_MAIN_PARTS or extension in OPENDOCUMENT_TYPES:
            _check_container(upload, extension)
    except ValidationError:
        raise ValidationError(
            _("%(name)s does not look like a .%(ext)s file.") % {"name": name, "ext": extension}
        ) from None
    finally:
        upload.seek(0)
    return upload


def _check_container(upload, extension):
    """Raise ValidationError unless `upload` is the ZIP container of an `extension` document."""
    try:
        with zipfile.ZipFile(upload) as archive:
            if extension in OPENDOCUMENT_TYPES:
                first = archive.infolist()[0] if archive.infolist() else None
                if first is None or first.filename != "mimetype" or first.file_size > 100:
                    raise ValidationError("no mimetype")
                if archive.read(first).strip() != OPENDOCUMENT_TYPES[extension].encode():
                    raise ValidationError("other mimetype")
            else:
                info = archive.getinfo(CONTENT_TYPES_PART)
                if info.file_size > CONTENT_TYPES_MAX_BYTES:
                    raise ValidationError("content types too large")
                if OOXML_MAIN_PARTS[extension].encode() not in archive.read(info):
                    raise ValidationError("other main part")
    except (zipfile.BadZipFile, KeyError, EOFError, RuntimeError, NotImplementedError, ValueError, OSError) as exc:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method.
        raise ValidationError("not a container") from exc

"""The one check for uploaded files (portal forms and API alike): allowed type, real content, size limit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes of each allowed kind of file: a renamed executable is refused even with a .pdf name.
# docx, xlsx and odt are ZIP containers.
SIGNATURES = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


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
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(_("%(name)s does not look like a .%(ext)s file.") % {"name": name, "ext": extension})
    return upload

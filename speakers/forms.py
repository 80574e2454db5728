"""Portal forms of a focal point: inscribe its state on a list of speakers, submit a statement."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm
from core.uploads import validate_upload

from .models import Inscription, Statement


class OwnStateForm(VersionedModelForm):
    """A form for a row the door fills in (the list, the state): the model's answer about those (closed, already
    inscribed, not accredited, did not speak) is shown at the top of the form, not lost."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            mapped = {}
            for field, messages in errors.error_dict.items():
                mapped.setdefault(field if field in self.fields else NON_FIELD_ERRORS, []).extend(messages)
            errors = ValidationError(mapped)
        super()._update_errors(errors)


class InscriptionForm(OwnStateForm):
    class Meta:
        model = Inscription
        fields = ["speaker", "rank"]


class StatementForm(OwnStateForm):
    class Meta:
        model = Statement
        fields = ["language", "title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt), PNG or JPEG, up to %(limit)s."
        ) % {"limit": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            validate_upload(upload)
        return upload

"""Portal forms of a delegation (its letter of credentials) and of its participants."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.forms import VersionedModelForm
from core.uploads import validate_upload

from .models import Delegation, Participant


def validate_credentials(upload):
    """A letter of credentials is a PDF, checked as every upload is (core.uploads: real content, size limit)."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(
            _("%(name)s: the letter of credentials must be a PDF file.") % {"name": name}, code="not_pdf"
        )
    validate_upload(upload)
    return upload


class DelegationForm(VersionedModelForm):
    class Meta:
        model = Delegation
        fields = ["credentials"]
        # The letter attached is linked from the delegation's page; the form only takes a new one.
        widgets = {"credentials": forms.FileInput(attrs={"accept": "application/pdf,.pdf"})}

    def clean_credentials(self):
        upload = self.cleaned_data.get("credentials")
        if upload and upload is not self.initial.get("credentials") and hasattr(upload, "content_type"):
            validate_credentials(upload)
        return upload


class ParticipantForm(VersionedModelForm):
    class Meta:
        model = Participant
        fields = ["name", "name_cyrillic", "title", "function", "function_ru", "is_head", "email", "position"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "off"})}

"""Portal forms for the Catalogue: implementation reports (with attachments) and activities."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VersionedModelForm
from core.spreadsheets import ImportSpec
from core.uploads import validate_upload

from .models import Activity, ImplementationReport


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked for its type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        for upload in cleaned:
            validate_upload(upload)
        return cleaned


class ImplementationReportForm(VersionedModelForm):
    """A report's content. Saving it as a draft needs the period; submitting it also needs the narrative."""

    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt), PNG or JPEG."),
    )

    class Meta:
        model = ImplementationReport
        fields = ["period_start", "period_end", "progress", "narrative"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 8}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }
        help_texts = {
            "narrative": _("What was done in the period, results, difficulties and next steps."),
            "progress": _("How far implementation has come, from 0 to 100."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _("%(types)s Up to %(limit)s each.") % {
            "types": self.fields["attachments"].help_text,
            "limit": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot be before its start."))
        report = self.instance
        if start and report.measure_id and report.country_id:
            others = ImplementationReport.objects.filter(
                measure_id=report.measure_id, country_id=report.country_id, period_start=start
            ).exclude(pk=report.pk)
            if others.exists():
                self.add_error("period_start", _("Your country already has a report on this period."))
        return cleaned


class ActivityForm(VersionedModelForm):
    class Meta:
        model = Activity
        fields = Activity.EDITABLE_FIELDS
        widgets = {
            "start_on": DateInput(),
            "end_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_on"), cleaned.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("The end date cannot be before the start date."))
        return cleaned


# A coordinator's spreadsheet of their country's activities: progress, status and dates come back through the form.
ACTIVITY_IMPORT = ImportSpec(
    model=Activity,
    form_class=ActivityForm,
    fields=("status", "progress", "start_on", "end_on"),
    # The form's fields headed by the row's id and measure; the description is prose, not a spreadsheet cell.
    export_fields=("id", "action_plan__measure", *(name for name in Activity.EDITABLE_FIELDS if name != "description")),
    title=_("Upload activity changes"),
)

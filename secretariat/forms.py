"""Portal forms of the meeting cycle."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import WorkflowModelForm
from core.spreadsheets import ImportSpec

from .models import Decision


class DecisionProgressForm(WorkflowModelForm):
    """What a responsible member state reports on a decision: how far it is, and the steps open to it (start, mark
    implemented at 100%); the decision's workflow (secretariat/workflows.py) decides what is allowed."""

    class Meta:
        model = Decision
        fields = ["progress", "status"]
        widgets = {"progress": forms.NumberInput(attrs={"min": 0, "max": 100})}
        help_texts = {"progress": _("From 0 to 100.")}


# The progress of the decisions a member state is responsible for, from an edited spreadsheet.
DECISION_PROGRESS_IMPORT = ImportSpec(
    model=Decision,
    form_class=DecisionProgressForm,
    fields=("status", "progress"),
    export_fields=("id", "meeting", "title", "responsible_country", "status", "progress"),
    title=_("Upload decision progress"),
)

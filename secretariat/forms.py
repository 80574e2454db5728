"""Portal forms of the meeting cycle."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.permissions import is_staff

from .choices import DecisionStatus
from .models import Decision
from .permissions import COORDINATOR_DECISION_STATUSES


class DecisionProgressForm(forms.ModelForm):
    """What a responsible member state reports on a decision: how far it is, and whether it is done."""

    class Meta:
        model = Decision
        fields = ["progress", "status"]
        widgets = {"progress": forms.NumberInput(attrs={"min": 0, "max": 100})}
        help_texts = {"progress": _("From 0 to 100.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_staff(user):
            self.fields["status"].choices = [
                (value, label) for value, label in DecisionStatus.choices if value in COORDINATOR_DECISION_STATUSES
            ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == DecisionStatus.IMPLEMENTED and cleaned.get("progress") not in (None, 100):
            self.add_error("progress", _("An implemented decision is 100% done."))
        return cleaned

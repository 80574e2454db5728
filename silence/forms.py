from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload

from .choices import BREAKING_KINDS, ResponseKind


class BreakSilenceForm(forms.Form):
    """A focal point breaks silence: a written objection or a proposed amendment (text required, file optional)."""

    kind = forms.ChoiceField(
        label=_("Answer"),
        choices=[(k.value, k.label) for k in ResponseKind if k in BREAKING_KINDS],
        initial=ResponseKind.OBJECTION,
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The objection, or the amendment your state proposes."),
        error_messages={"required": _("Write the objection or the amendment: silence is broken in writing.")},
    )
    file = forms.FileField(label=_("File (optional)"), required=False, validators=[validate_upload])


class JoinConsensusForm(forms.Form):
    text = forms.CharField(label=_("Note (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

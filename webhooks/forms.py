from django import forms
from django.utils.translation import gettext_lazy as _

from . import events
from .models import WebhookSubscription


class WebhookSubscriptionForm(forms.ModelForm):
    """The events as checkboxes, one per `<resource>.<verb>` declared in webhooks/events.py."""

    url = forms.URLField(label=_("target URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=events.event_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "owner", "url", "events", "is_active", "disabled_reason"]

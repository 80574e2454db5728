from django import forms
from django.db import transaction

from .choices import PREFERENCE_KINDS
from .models import NotificationPreference


class PreferencesForm(forms.Form):
    """One checkbox per kind of notification; unticked means "don't send me these"."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        off = set(NotificationPreference.objects.filter(user=user, enabled=False).values_list("kind", flat=True))
        for kind, label in PREFERENCE_KINDS:
            self.fields[kind] = forms.BooleanField(label=label, required=False, initial=kind not in off)

    @transaction.atomic
    def save(self):
        for kind, _label in PREFERENCE_KINDS:
            NotificationPreference.objects.update_or_create(
                user=self.user, kind=kind, defaults={"enabled": self.cleaned_data[kind]}
            )

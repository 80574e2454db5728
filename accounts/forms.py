from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorForm(forms.Form):
    """The second sign-in step: a code from the authenticator app, or one recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class ConfirmAppForm(forms.Form):
    """Setting up an authenticator app: the code it shows proves it holds the key."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        help_text=_("The 6-digit code your authenticator app shows for this portal."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

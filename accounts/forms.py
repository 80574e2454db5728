from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import available_time_zones

from .models import User


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


def language_choices():
    return [(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


def time_zone_choices(user):
    country_zone = user.country.time_zone if user.country_id else ""
    if country_zone:
        default = _("As my country: %(zone)s") % {"zone": country_zone}
    else:
        default = _("As the Secretariat: %(zone)s") % {"zone": settings.TIME_ZONE}
    return [("", default), *((zone, zone.replace("_", " ")) for zone in sorted(available_time_zones()))]


class LanguageSelect(forms.Select):
    """Each language named in itself, marked as written in it (screen readers pronounce it right)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class ProfileForm(forms.ModelForm):
    """A person's own name, email, language and time zone (the role, country and rights stay with the Secretariat)."""

    preferred_language = forms.ChoiceField(label=_("Language"), choices=language_choices, widget=LanguageSelect)
    # The zones' names are the IANA database's identifiers (Asia/Almaty), the same in every language.
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False, widget=forms.Select(attrs={"translate": "no"}))

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "preferred_language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(self.instance)
        self.fields["time_zone"].help_text = _("Dates and times in the portal, emails and the calendar feed.")
        self.fields["preferred_language"].help_text = _(
            "The portal, your emails, PDFs and the calendar feed speak it from now on."
        )

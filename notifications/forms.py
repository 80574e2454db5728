from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction

from jobs.outbox import enqueue_on_commit

from . import registry
from .choices import STAFF_DIGEST, preference_choices
from .models import NotificationPreference


def switchable_kinds(user):
    """The kinds `user` may switch off: reminders that reach their role and let it opt out, and (for the
    Secretariat) the weekly staff digest."""
    return [(kind, label) for kind, label in preference_choices() if may_switch_off(user, kind)]


def may_switch_off(user, kind):
    reminder = registry.get(kind)
    if reminder is not None:
        return reminder.may_opt_out(user)
    return kind != STAFF_DIGEST or user.is_secretariat


class PreferencesForm(forms.Form):
    """One checkbox per kind of notification the user may switch off; unticked means "don't send me these"."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kinds = switchable_kinds(user)
        off = set(NotificationPreference.objects.filter(user=user, enabled=False).values_list("kind", flat=True))
        for kind, label in self.kinds:
            self.fields[kind] = forms.BooleanField(label=label, required=False, initial=kind not in off)

    @transaction.atomic
    def save(self):
        for kind, _label in self.kinds:
            NotificationPreference.objects.update_or_create(
                user=self.user, kind=kind, defaults={"enabled": self.cleaned_data[kind]}
            )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, except that the email is sent by a task (with retries), never in the request.

    The task is queued through the outbox (jobs.outbox): with the broker down the request still answers at once and
    the email goes when the broker is back. The worker writes the email and makes the link's token.
    """

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        enqueue_on_commit(
            "notifications.tasks.send_password_reset",
            context["user"].pk,
            {"domain": context["domain"], "protocol": context["protocol"], "site_name": context["site_name"]},
        )

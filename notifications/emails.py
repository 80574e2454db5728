"""One function per email. Each renders emails/<name>-subject.txt, -body.txt and -body.html in the recipient's
language and returns a ready EmailMultiAlternatives; the caller sends it (and records the outcome)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .reminders import describe_report


def preferences_url():
    return settings.SITE_URL + reverse("notifications:preferences")


def recipient_language(user):
    """The recipient's language (their profile's, while the portal offers it)."""
    return user.language


def _message(name, recipient, context, headers=None):
    lang = recipient_language(recipient)
    with translation.override(lang), timezone.override(recipient.zone):
        context = {
            **context,
            "lang": lang,
            "recipient": recipient,
            "site_url": settings.SITE_URL,
            "preferences_url": preferences_url(),
        }
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        subject = " ".join(subject.split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"List-Unsubscribe": f"<{context['preferences_url']}>", **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message


def reminder(recipient, *, reminder, obj, stage, due_on, days, message_id=None):
    """A reminder of a dated obligation: `days` before `due_on`, or overdue when `days` is None.

    `reminder` is the kind's declaration (notifications.registry): it describes the object and names the
    headline template. `message_id` is the delivery's own, the same on every attempt.
    """
    lang = recipient_language(recipient)
    with translation.override(lang):
        label = reminder.describe(obj)
    context = {
        "kind": reminder.name,
        "headline_template": reminder.headline_template,
        "obj": obj,
        "label": label,
        "stage": stage,
        "due_on": due_on,
        "days": days,
    }
    return _message("reminder", recipient, context, headers={"Message-ID": message_id} if message_id else None)


def staff_digest(recipient, *, digest):
    """The weekly summary for Secretariat staff: what is overdue, what is coming, how the jobs ran."""
    return _message("staff-digest", recipient, {"digest": digest})


def report_reviewed(recipient, *, report):
    """Tells a coordinator the Secretariat accepted their country's report, or returned it with feedback."""
    lang = recipient_language(recipient)
    with translation.override(lang):
        label = describe_report(report)
    url = settings.SITE_URL + reverse("measures:report_detail", args=[report.pk])
    return _message("report-reviewed", recipient, {"report": report, "label": label, "report_url": url})


def message_id(*parts):
    """A Message-ID made of stable parts, the same on every attempt: a repeat is recognisable as one."""
    return f"<{'-'.join(str(part) for part in parts)}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def password_reset(recipient, *, domain, protocol, site_name="", from_email=None):
    """Django's password-reset email (registration/password_reset_*.txt), written where it is sent: the link's
    one-time token is made from the account as it is then, and never stored."""
    context = {
        "email": recipient.email,
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(recipient.pk)),
        "user": recipient,
        "token": default_token_generator.make_token(recipient),
        "protocol": protocol,
    }
    with translation.override(recipient_language(recipient)):
        subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
        body = render_to_string("registration/password_reset_email.txt", context)
    return EmailMultiAlternatives(subject, body, from_email or settings.DEFAULT_FROM_EMAIL, [recipient.email])

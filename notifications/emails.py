"""One function per email. Each renders emails/<name>-subject.txt, -body.txt and -body.html (the password reset
has no HTML) in the recipient's language and time zone, sets the email's headers (a stable Message-ID where a
repeat must be recognisable) and returns a ready EmailMultiAlternatives; the caller sends it (and records the
outcome). The caller finds the recipient and the rows; nothing is built elsewhere."""

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


def _rendered(name, recipient, context, html=True):
    """The subject, text and HTML (when the email has one) of emails/<name>-*, in the recipient's language and time
    zone."""
    lang = recipient_language(recipient)
    with translation.override(lang), timezone.override(recipient.zone):
        context = {
            **context,
            "lang": lang,
            "recipient": recipient,
            "site_url": settings.SITE_URL,
            "preferences_url": preferences_url(),
        }
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        body_html = render_to_string(f"emails/{name}-body.html", context) if html else None
    return subject, text, body_html


def _message(name, recipient, context, headers=None):
    """A notice the recipient may switch off on their preferences page (linked by List-Unsubscribe)."""
    subject, text, html = _rendered(name, recipient, context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"List-Unsubscribe": f"<{preferences_url()}>", **(headers or {})},
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
    """The weekly summary for Secretariat staff (`digest`: services.digest_data): what is overdue, what is coming,
    how the jobs ran. One Message-ID per person and week, the same on every attempt."""
    headers = {"Message-ID": message_id("digest", digest["on"].isoformat(), recipient.pk)}
    return _message("staff-digest", recipient, {"digest": digest}, headers=headers)


def report_reviewed(recipient, *, report):
    """Tells a coordinator the Secretariat accepted their country's report, or returned it with feedback. One
    Message-ID per review and person: a later review of the same report is a new message."""
    lang = recipient_language(recipient)
    with translation.override(lang):
        label = describe_report(report)
    url = settings.SITE_URL + reverse("measures:report_detail", args=[report.pk])
    reviewed = int(report.reviewed_at.timestamp()) if report.reviewed_at else 0
    headers = {"Message-ID": message_id("review", report.pk, reviewed, recipient.pk)}
    return _message("report-reviewed", recipient, {"report": report, "label": label, "report_url": url}, headers)


def silence_notice(recipient, *, notice):
    """Tells a focal point of a concerned state what happened to a text under silence (put under silence, silence
    broken, the period extended, adopted or not, withdrawn), in their language and time zone. The notice's own
    Message-ID, the same on every attempt."""
    procedure = notice.procedure
    context = {
        "notice": notice,
        "procedure": procedure,
        "event": notice.event,
        "response": notice.response,
        "breaks": list(procedure.breaks().select_related("country")),
        "procedure_url": settings.SITE_URL + reverse("silence:procedure_detail", args=[procedure.pk]),
    }
    return _message("silence-notice", recipient, context, headers={"Message-ID": notice.message_id})


def message_id(*parts):
    """A Message-ID made of stable parts, the same on every attempt: a repeat is recognisable as one."""
    return f"<{'-'.join(str(part) for part in parts)}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def password_reset(recipient, *, domain, protocol, site_name=""):
    """The link to choose a new password, written where it is sent: the link's one-time token is made from the
    account as it is then, and never stored. Plain text, and nothing to unsubscribe from."""
    context = {
        "email": recipient.email,
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(recipient.pk)),
        "user": recipient,
        "token": default_token_generator.make_token(recipient),
        "protocol": protocol,
    }
    subject, text, _html = _rendered("password-reset", recipient, context, html=False)
    return EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient.email])

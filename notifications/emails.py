"""One function per email. Each renders emails/<name>-subject.txt, -body.txt and -body.html in the recipient's
language and returns a ready EmailMultiAlternatives; the caller sends it (and records the outcome)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.models import localized


def preferences_url():
    return settings.SITE_URL + reverse("notifications:preferences")


def recipient_language(user):
    return user.preferred_language if user.preferred_language in ("en", "ru") else "en"


def _message(name, recipient, context):
    lang = recipient_language(recipient)
    with translation.override(lang):
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
        headers={"List-Unsubscribe": f"<{context['preferences_url']}>"},
    )
    message.attach_alternative(html, "text/html")
    return message


def describe(obj):
    """A short label of the object reminded of, in the active language."""
    from measures.models import ActionPlan, ImplementationReport
    from secretariat.models import Decision

    if isinstance(obj, Decision):
        return f"{obj.meeting.body.code} {obj.meeting.number}/{obj.number}: {obj.localized_title}"
    if isinstance(obj, ImplementationReport):
        return f"{obj.measure.localized_title} – {obj.country.localized_name}"
    if isinstance(obj, ActionPlan):
        return f"{obj.title} ({obj.measure.localized_title})"
    if hasattr(obj, "title_ru"):
        return localized(obj, "title")
    return str(obj)


def reminder(recipient, *, kind, obj, stage, due_on, days):
    """A reminder of a dated obligation: `days` before `due_on`, or overdue when `days` is None."""
    lang = recipient_language(recipient)
    with translation.override(lang):
        label = describe(obj)
    context = {"kind": kind, "obj": obj, "label": label, "stage": stage, "due_on": due_on, "days": days}
    return _message("reminder", recipient, context)


def staff_digest(recipient, *, digest):
    """The weekly summary for Secretariat staff: what is overdue, what is coming, how the jobs ran."""
    return _message("staff-digest", recipient, {"digest": digest})


def report_reviewed(recipient, *, report):
    """Tells a coordinator the Secretariat accepted their country's report, or returned it with feedback."""
    lang = recipient_language(recipient)
    with translation.override(lang):
        label = describe(report)
    url = settings.SITE_URL + reverse("measures:report_detail", args=[report.pk])
    return _message("report-reviewed", recipient, {"report": report, "label": label, "report_url": url})

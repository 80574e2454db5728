"""Small helpers for the portal's templates."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.models import InEnglish

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context, field, label):
    """A column heading that sorts by `field`, and reverses the order when it already does."""
    request = context["request"]
    current = request.GET.get("ordering", "")
    query = request.GET.copy()
    query.pop("page", None)
    if current == field:
        query["ordering"], arrow, state = f"-{field}", " ▲", "ascending"
    elif current == f"-{field}":
        query["ordering"], arrow, state = field, " ▼", "descending"
    else:
        query["ordering"], arrow, state = field, "", "none"
    return format_html(
        '<a href="?{}" class="sort" data-sort="{}" aria-label="{}">{}{}</a>',
        query.urlencode(),
        state,
        _("Sort by %(column)s") % {"column": label},
        label,
        arrow,
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("portal/includes/status_bar.html")
def status_bar(bar, compact=False):
    return {"bar": bar, "compact": compact}


@register.inclusion_tag("portal/includes/field.html")
def field(bound_field):
    value = bound_field.value()
    language = _language_of(value) if isinstance(value, str) else None
    if language and not (get_language() or "en").startswith(language):
        # A value written in the other language (a narrative in English on a Russian page): say so to screen readers.
        bound_field.field.widget.attrs["lang"] = language
    return {"field": bound_field}


@register.inclusion_tag("portal/includes/inbox.html")
def staff_inbox():
    """The Secretariat's work inbox (portal.inbox), for the admin's index page."""
    from portal.inbox import staff_inbox as items

    return {"inbox": items()}


@register.simple_tag(takes_context=True)
def may_browse(context):
    """Signed in and past the second sign-in step where the session needs it: only then do the header's menu,
    search and account show (before it, every page but the sign-in steps is closed anyway)."""
    from accounts import two_factor

    request = context.get("request")
    user = getattr(request, "user", None)  # absent on pages answered before authentication (a refused NUL byte)
    return bool(user is not None and user.is_authenticated and two_factor.is_satisfied(request))


LATIN = re.compile(r"[A-Za-z]{2}")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _language_of(text):
    """'ru' for Cyrillic text, 'en' for Latin text, None for text with neither (numbers, symbols)."""
    if CYRILLIC.search(text):
        return "ru"
    return "en" if LATIN.search(text) else None


@register.filter(needs_autoescape=True)
def as_written(value, autoescape=True):
    """Text written in one language only (an activity's title, a venue, a report's narrative): marked with its
    language when that is not the page's, so screen readers pronounce it right (WCAG 3.1.2) and the page is honest
    about it."""
    text = "" if value is None else str(value)
    escaped = conditional_escape(text) if autoescape else text
    language = _language_of(text)
    if language is None or (get_language() or "en").startswith(language):
        return mark_safe(escaped)  # noqa: S308 - escaped above
    return format_html('<span lang="{}">{}</span>', language, escaped)


@register.filter(needs_autoescape=True)
def paragraphs(value, autoescape=True):
    """`linebreaks` for a bilingual text (core.models.localized): an English fallback keeps its mark and its note."""
    html = linebreaks(value, autoescape)
    if isinstance(value, InEnglish):
        return format_html('<div lang="en">{}</div><p class="in-english">({})</p>', html, _("in English"))
    return html


@register.filter
def left_until(moment):
    """The time left until `moment` as people say it: "less than a minute" in the last minute (Django's timeuntil
    says "0 minutes" then), else hours and minutes."""
    from django.utils import timezone
    from django.utils.timesince import timeuntil

    if moment is None:
        return ""
    if (moment - timezone.now()).total_seconds() < 60:
        return _("less than a minute")
    return timeuntil(moment)

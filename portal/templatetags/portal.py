"""Small helpers for the portal's templates."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
    return bool(request and request.user.is_authenticated and two_factor.is_satisfied(request))

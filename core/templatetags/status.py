"""{% status_badge obj %} and {% badge "overdue" label %}: the same tones as the admin's badges (core.status)."""

from django import template

from core import status

register = template.Library()


@register.simple_tag
def badge(value, label):
    return status.badge(value, label)


@register.simple_tag
def status_badge(obj, field="status"):
    """A model's status (or another choice field) as a badge with its label in the active language."""
    value = getattr(obj, field)
    return badge(value, getattr(obj, f"get_{field}_display")())

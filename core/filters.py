"""The base of every <Model>FilterSet: free-text search `q` and incremental sync `updated_since`.

The FilterSets live in each app's filters.py and are used by the API viewsets and the portal's list pages alike,
so a filter means the same thing everywhere (NetBox's filtersets.py).
"""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.filters import QuerySetRequestMixin

from core.permissions import VIEW, restrict
from core.textsearch import matching


class BaseFilterSet(django_filters.FilterSet):
    """Subclasses name the fields `q` searches in `search_fields` and add an `ordering` filter.

    A filter that names a related row by id (a ModelChoiceFilter, e.g. `?action_plan=7`) only accepts the rows the
    request's user may see: a hidden row's id is refused exactly like an id that does not exist (400), so a filter
    cannot tell anyone that a row they may not see is there.
    """

    search_fields = ()

    q = django_filters.CharFilter(method="search", label=_("Search"), help_text=_("Text search (case-insensitive)."))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated",
        method="filter_updated_since",
        label=_("Updated since"),
        help_text=_("Only rows changed at or after this ISO 8601 date-time, for incremental sync."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, QuerySetRequestMixin):
                filter_.get_queryset = self._visible_choices(filter_.get_queryset)

    def _visible_choices(self, get_queryset):
        def visible(request):
            queryset = get_queryset(request)
            if request is None or queryset is None:
                return queryset  # built in code, not for a request: nobody's view to narrow
            return restrict(queryset, getattr(request, "user", None), VIEW)

        return visible

    def filter_updated_since(self, queryset, name, value):
        # In UTC: the database need not understand every offset ISO 8601 allows (e.g. -19:15).
        try:
            since = value.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as exc:
            raise ValidationError({"updated_since": _("Give a date-time between the years 1 and 9999.")}) from exc
        return queryset.filter(**{f"{name}__gte": since})

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return queryset.filter(matching(queryset.model, self.search_fields, value))


def ordering_filter(*fields, default_help=None):
    """An `ordering` filter over `fields` (each also available descending with a leading '-')."""
    return django_filters.OrderingFilter(
        fields=[(f, f) for f in fields],
        help_text=default_help or _("Order by one or more fields; prefix with '-' for descending."),
    )

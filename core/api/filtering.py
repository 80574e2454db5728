"""The lists' filter backend: django-filter's, without its cost on a request that names no filter.

django-filter builds the FilterSet's form on every request (a dozen form fields deep-copied, the choices'
querysets among them: about a tenth of an API list's time), even when the request filters nothing. A FilterSet that
only applies the filters it is given leaves the rows as they are when it is given none, so such a request gets the
queryset as it is. A FilterSet that does more (its own `qs` or `filter_queryset`, e.g. the roll-ups' latest day) is
always run.
"""

import functools

import django_filters
from django_filters.rest_framework import DjangoFilterBackend


@functools.cache
def filter_parameters(filterset_class):
    """The query parameters a FilterSet reads: its filters' names, and a range filter's `_after`/`_before` too."""
    names = set()
    for name, declared in filterset_class.base_filters.items():
        names.add(name)
        # The widget's class, not `declared.field`: that would build (and cache on the shared declaration) a form
        # field whose choices were never narrowed to any user's rows.
        widget = declared.extra.get("widget") or declared.field_class.widget
        for suffix in getattr(widget, "suffixes", ()):
            names.add(f"{name}{suffix}" if suffix.startswith("_") else f"{name}_{suffix}")
    return frozenset(names)


def only_applies_given_filters(filterset_class):
    return (
        filterset_class.qs is django_filters.FilterSet.qs
        and filterset_class.filter_queryset is django_filters.FilterSet.filter_queryset
    )


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            filterset_class is not None
            and only_applies_given_filters(filterset_class)
            and filter_parameters(filterset_class).isdisjoint(request.query_params)
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
